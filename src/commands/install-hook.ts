// install-hook / uninstall-hook: one line in the right hook file, never an
// overwrite. Where:
//   0. a hook manager that generates the hooks (lefthook, simple-git-hooks,
//      the pre-commit framework): its own config (install-manager.ts);
//   1. husky in use (a `.husky/` directory at the top of the work tree):
//      `.husky/pre-commit` (husky v9 points core.hooksPath at `.husky/_`,
//      whose generated scripts run the user-editable `.husky/<hook>`);
//   2. core.hooksPath set: `<hooksPath>/<hook>`;
//   3. else `git rev-parse --git-path hooks` (right for linked worktrees and
//      submodules, whose hooks live in the common git directory).
// The line carries a marker comment: installing twice adds nothing,
// uninstalling removes exactly the lines with the marker.
// Only sh/bash/zsh hooks get the line (see hook-script.ts); a hook inside the
// work tree (committed, shared) names scan-keys only as this repository's own
// dependency, never by a path only this machine has.
// The repository is asked where hooks live through src/sources/hook-location.ts.

import { chmodSync, existsSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { hookLocation, makeHooksDir, type HookLocation } from "../sources/hook-location.js";
import { SourceError } from "../sources/source-error.js";
import { tempPathBeside, writeFileAtomic } from "../sources/safe-write.js";
import { describeKind, hookKind, hookLine, manualSnippet, PUSH_ARGS } from "./hook-script.js";
import { detectManager, portableWords, scanRunner } from "./hook-managers.js";
import { installIntoManager, uninstallFromManager } from "./install-manager.js";

export const MARKER = "# scan-keys hook (remove with: scan-keys uninstall-hook)";

export interface HookIo {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** The running CLI's script (process.argv[1]). */
  cliPath: string;
}

interface Target {
  file: string;
  kind: "husky" | "core.hooksPath" | "git";
  root: string;
  warning?: string;
}

async function locate(cwd: string): Promise<HookLocation> {
  const where = await hookLocation(cwd);
  if (!where) {
    throw new SourceError("not inside a git work tree: run scan-keys install-hook from the repository that should get the hook.");
  }
  return where;
}

/** The hook file git runs: under core.hooksPath when set, else in the hooks directory. */
const activeHook = (where: HookLocation, hook: string): string => (where.hooksPath ? join(resolve(where.root, where.hooksPath), hook) : join(where.gitHooksDir, hook));

function hookTarget(hook: string, where: HookLocation): Target {
  const { root, gitHooksDir, hooksPath } = where;
  if (existsSync(join(root, ".husky")) && statSync(join(root, ".husky")).isDirectory()) {
    const active = hooksPath !== undefined && resolve(root, hooksPath).startsWith(join(root, ".husky"));
    return { file: join(root, ".husky", hook), kind: "husky", root, ...(active ? {} : { warning: "core.hooksPath does not point into .husky yet: run `npx husky` (husky v9) so git uses it" }) };
  }
  if (hooksPath) return { file: join(resolve(root, hooksPath), hook), kind: "core.hooksPath", root };
  return { file: join(gitHooksDir, hook), kind: "git", root };
}

const inside = (dir: string, file: string): boolean => {
  const rel = relative(dir, file);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
};

/** A hook file in the work tree (not under .git) is committed and shared: it must work on every clone. */
const isShared = (t: Target): boolean => inside(t.root, t.file) && relative(t.root, t.file).split(sep)[0] !== ".git";

const shellLine = (words: string[], prePush: boolean): string => hookLine(words, MARKER, prePush, prePush ? PUSH_ARGS : "");

function display(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel.split(sep).join("/") : file;
}

/** Replaces a file's content through a temporary file and a rename: a failed write loses nothing. */
function replaceFile(file: string, content: string, mode: number): void {
  try {
    writeFileAtomic(file, Buffer.from(content), mode, { tmp: tempPathBeside(file, `scan-keys-${process.pid}`) });
  } catch (err) {
    throw new SourceError(`cannot write ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); it is unchanged.`);
  }
}

export async function installHookCommand(prePush: boolean, io: HookIo): Promise<number> {
  const hook = prePush ? "pre-push" : "pre-commit";
  const location = await locate(io.cwd);
  const manager = detectManager(location.root, activeHook(location, hook));
  if (manager.kind === "lefthook" || manager.kind === "simple-git-hooks" || manager.kind === "pre-commit") {
    return installIntoManager(manager, prePush, location, activeHook(location, hook), MARKER, io);
  }
  const target = hookTarget(hook, location);
  const shown = display(target.file, io.cwd);
  const where = target.kind === "husky" ? " (husky)" : target.kind === "core.hooksPath" ? " (core.hooksPath)" : "";
  const { words, dependency } = scanRunner(target.root, io.cliPath, prePush);

  if (isShared(target) && !dependency) {
    const hasPackage = existsSync(join(target.root, "package.json"));
    const portable = portableWords(target.root, prePush);
    io.stderr(
      `scan-keys: scan-keys is not a dependency of this repository, and ${shown} is committed, so a line naming this machine's copy would fail on every other clone; nothing was written. ` +
        (hasPackage ? "Run `npm i -D scan-keys`, then `npx scan-keys install-hook` again, or add this line to the hook yourself:\n" : "Install scan-keys where every clone finds it on PATH (npm i -g scan-keys) and add this line to the hook:\n"),
    );
    io.stdout(`${shellLine(portable, prePush)}\n`);
    return 2;
  }
  const line = shellLine(words, prePush);
  if (target.warning) io.stdout(`note: ${target.warning}.\n`);

  if (!existsSync(target.file)) {
    const created = makeHooksDir(dirname(target.file), target.kind === "core.hooksPath" ? "core.hooksPath" : "the hooks directory");
    const outside = created && !inside(target.root, target.file) && target.kind === "core.hooksPath";
    try {
      writeFileSync(target.file, `#!/bin/sh\n${line}\n`, { mode: 0o755, flag: "wx" });
      chmodSync(target.file, 0o755);
    } catch (err) {
      throw new SourceError(`cannot create ${shown} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); check core.hooksPath and the directory's permissions.`);
    }
    if (outside) io.stdout(`created the directory ${created}: core.hooksPath points there, outside this repository, so every repository using that core.hooksPath runs this hook.\n`);
    io.stdout(`created ${shown}${where}: it runs scan-keys ${prePush ? "--pre-push before every push" : "--staged before every commit"}.\n`);
    return 0;
  }
  const raw = readFileSync(target.file);
  const text = raw.toString("utf8");
  if (text.split("\n").some((l) => l.includes(MARKER))) {
    io.stdout(`${shown}${where} already runs scan-keys; nothing changed.\n`);
    return 0;
  }
  // husky runs its .husky/<hook> files with sh, whatever their first line says.
  const kind = target.kind === "husky" ? ({ kind: "shell" } as const) : hookKind(raw);
  if (kind.kind !== "shell") {
    io.stderr(`scan-keys: ${shown} is ${describeKind(kind)}, not a sh/bash/zsh script, so a shell line cannot go into it; it is unchanged.\n`);
    io.stdout(manualSnippet(kind, words, shown, hook, MARKER));
    return 2;
  }
  const lines = text === "" ? [] : text.split("\n");
  if (text.endsWith("\n")) lines.pop();
  // First thing after the shebang: nothing later in the script (an `exit`, an
  // `exec` into another tool) can skip the check. The pre-push line reads
  // git's lines first and hands the same lines on to the rest of the hook
  // (git lfs pre-push reads them too).
  lines.splice(lines[0]?.startsWith("#!") ? 1 : 0, 0, line);
  const mode = statSync(target.file).mode & 0o7777;
  const executable = target.kind === "husky" || (mode & 0o111) !== 0;
  replaceFile(target.file, `${lines.join("\n")}\n`, executable ? mode : mode | 0o755);
  const note = executable ? "" : " and made it executable (git ignores hooks that are not)";
  io.stdout(`added one scan-keys line to the existing ${shown}${where}${note}; the rest of the file is unchanged.\n`);
  return 0;
}

export async function uninstallHookCommand(prePush: boolean, io: HookIo): Promise<number> {
  const hook = prePush ? "pre-push" : "pre-commit";
  const location = await locate(io.cwd);
  const manager = detectManager(location.root, activeHook(location, hook));
  if (manager.kind === "lefthook" || manager.kind === "simple-git-hooks" || manager.kind === "pre-commit") {
    return uninstallFromManager(manager, prePush, location, MARKER, io);
  }
  const target = hookTarget(hook, location);
  const shown = display(target.file, io.cwd);
  if (!existsSync(target.file)) {
    io.stdout(`no ${hook} hook at ${shown}; nothing to remove.\n`);
    return 0;
  }
  const text = readFileSync(target.file, "utf8");
  const lines = text.split("\n");
  const kept = lines.filter((l) => !l.includes(MARKER));
  if (kept.length === lines.length) {
    io.stdout(`${shown} has no scan-keys line; nothing to remove.\n`);
    return 0;
  }
  const rest = kept.join("\n");
  if (rest.replace(/^#!.*$/m, "").trim() === "") {
    // Only a shebang is left: the file was ours.
    unlinkSync(target.file);
    io.stdout(`removed ${shown}: it held only the scan-keys line.\n`);
  } else {
    replaceFile(target.file, rest, statSync(target.file).mode & 0o7777);
    io.stdout(`removed the scan-keys line from ${shown}; the rest of the file is unchanged.\n`);
  }
  return 0;
}
