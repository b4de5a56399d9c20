// What kind of program a hook file is, and the exact code that runs
// scan-keys from it. install-hook writes its shell line only into sh, bash
// or zsh hooks; for any other hook it changes nothing and prints the code to
// add (a Python or Node line), or a shell wrapper to put in front of a
// binary or other hook.

/** Shells whose syntax our `cmd || exit $?` line is. */
const SHELLS = new Set(["sh", "bash", "zsh", "dash", "ksh", "mksh", "ash"]);

export type HookKind = { kind: "shell" } | { kind: "binary" } | { kind: "script"; interpreter: string };

/**
 * The kind of an existing hook file. A text file with no `#!` line is a
 * shell script: git runs it with /bin/sh when exec fails with ENOEXEC
 * (husky's `.husky/<hook>` files are sh fragments too).
 */
export function hookKind(content: Buffer): HookKind {
  const head = content.subarray(0, 8192);
  if (head.includes(0)) return { kind: "binary" };
  const first = head.toString("latin1").split("\n", 1)[0]!.replace(/\r$/, "");
  if (!first.startsWith("#!")) return { kind: "shell" };
  const words = first.slice(2).trim().split(/\s+/);
  let prog = base(words[0] ?? "");
  if (prog === "env") {
    // #!/usr/bin/env [-S] [-i] [NAME=value…] program
    prog = base(words.slice(1).find((w) => !w.startsWith("-") && !w.includes("=")) ?? "");
  }
  if (SHELLS.has(prog)) return { kind: "shell" };
  return { kind: "script", interpreter: prog || "unknown" };
}

const base = (p: string): string => p.slice(p.lastIndexOf("/") + 1);

/** python3.12 → python, nodejs → node. */
function family(interpreter: string): string {
  const name = interpreter.replace(/[\d.]+$/, "");
  return name === "nodejs" ? "node" : name;
}

export function describeKind(k: HookKind): string {
  if (k.kind === "binary") return "a binary program";
  if (k.kind === "shell") return "a shell script";
  const names: Record<string, string> = { python: "Python", node: "Node.js", perl: "Perl", ruby: "Ruby", pwsh: "PowerShell" };
  return `a ${names[family(k.interpreter)] ?? k.interpreter} script`;
}

const q = (s: string): string => JSON.stringify(s);

/** A word as sh reads it: bare when it is safe so, else single-quoted. */
export const shellQuote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * What to add by hand to a hook we must not edit: a line in the hook's own
 * language (Python, Node.js), or else a shell wrapper that runs scan-keys and
 * then the original hook, moved aside. `cmd` is the scan command as words.
 */
export function manualSnippet(k: HookKind, cmd: string[], hookFile: string, hook: string, marker: string): string {
  const prePush = hook === "pre-push";
  if (k.kind === "script" && family(k.interpreter) === "python") {
    return [
      `Add this line to ${hookFile}, right after its first line${prePush ? " (it reads git's pre-push lines from standard input, so put it before your code reads them)" : ""}:`,
      "",
      `import subprocess, sys; _rc = subprocess.call([${cmd.map(q).join(", ")}]); _rc and sys.exit(_rc)  ${marker}`,
      "",
    ].join("\n");
  }
  if (k.kind === "script" && family(k.interpreter) === "node") {
    return [
      `Add this line to ${hookFile}, right after its first line:`,
      "",
      `{ const r = require("node:child_process").spawnSync(${q(cmd[0]!)}, ${JSON.stringify(cmd.slice(1))}, { stdio: "inherit" }); if (r.status !== 0) process.exit(r.status ?? 1); }  // ${marker}`,
      "",
    ].join("\n");
  }
  const sh = cmd.map(shellQuote).join(" ");
  // The marker sits on the scan line itself, so uninstall-hook removes exactly that line and the wrapper still runs your hook.
  const run = prePush
    ? [`input=$(cat)`, `printf '%s\\n' "$input" | ${sh} || exit $?  ${marker}`, `printf '%s\\n' "$input" | exec "$0.orig" "$@"`]
    : [`${sh} || exit $?  ${marker}`, `exec "$0.orig" "$@"`];
  return [
    `Move it aside and put a shell hook in front of it that runs scan-keys, then your hook:`,
    "",
    `mv ${hookFile} ${hookFile}.orig`,
    `cat > ${hookFile} <<'EOF'`,
    "#!/bin/sh",
    ...run,
    "EOF",
    `chmod +x ${hookFile}`,
    "",
  ].join("\n");
}

/**
 * What a pre-push hook hands scan-keys besides its stdin: git's `<remote>
 * <url>` arguments, so it excludes only what that remote already has, and
 * an empty stdin with a remote named fails closed (sources/prepush.ts).
 */
export const PUSH_ARGS: string = '"$@"';

/**
 * The one line that runs scan-keys from a sh hook. A pre-push hook gets git's
 * ref lines on standard input, and other commands in the same hook (git lfs
 * pre-push) read them too: whoever reads first empties the pipe. So the
 * pre-push line keeps stdin in a temporary file, gives scan-keys a copy, and
 * then points the rest of the hook's stdin at the same lines (`exec <file`;
 * the open descriptor outlives the rm). `args` are extra words for the hook's
 * own arguments (`"$@"`: git's <remote> <url>), written unquoted.
 */
export function hookLine(words: string[], marker: string, prePush: boolean, args = ""): string {
  const cmd = words.map(shellQuote).join(" ") + (args ? ` ${args}` : "");
  if (!prePush) return `${cmd} || exit $?  ${marker}`;
  const f = "scan_keys_stdin";
  return `${f}=$(mktemp) || exit 2; cat >"$${f}"; ${cmd} <"$${f}" || { scan_keys_rc=$?; rm -f "$${f}"; exit $scan_keys_rc; }; exec <"$${f}"; rm -f "$${f}"  ${marker}`;
}
