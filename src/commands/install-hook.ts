// install-hook / uninstall-hook: one line in the right hook file, never an
// overwrite. Where:
//   1. husky in use (a `.husky/` directory at the top of the work tree):
//      `.husky/pre-commit` (husky v9 points core.hooksPath at `.husky/_`,
//      whose generated scripts run the user-editable `.husky/<hook>`);
//   2. core.hooksPath set: `<hooksPath>/<hook>`;
//   3. else `git rev-parse --git-path hooks` (right for linked worktrees and
//      submodules, whose hooks live in the common git directory).
// The line carries a marker comment: installing twice adds nothing,
// uninstalling removes exactly the lines with the marker.
// The repository is asked where hooks live through src/sources/hook-location.ts.

import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { hookLocation } from "../sources/hook-location.js";
import { SourceError } from "../sources/tree.js";

export const MARKER = "# scan-keys hook (remove with: scan-keys uninstall-hook)";

export interface HookIo {
  cwd: string;
  stdout: (s: string) => void;
  /** The running CLI's script (process.argv[1]). */
  cliPath: string;
}

interface Target {
  file: string;
  kind: "husky" | "core.hooksPath" | "git";
  root: string;
  warning?: string;
}

async function hookTarget(hook: string, cwd: string): Promise<Target> {
  const where = await hookLocation(cwd);
  if (!where) {
    throw new SourceError("not inside a git work tree: run scan-keys install-hook from the repository that should get the hook.");
  }
  const { root, gitHooksDir, hooksPath } = where;
  if (existsSync(join(root, ".husky")) && statSync(join(root, ".husky")).isDirectory()) {
    const active = hooksPath !== undefined && resolve(root, hooksPath).startsWith(join(root, ".husky"));
    return { file: join(root, ".husky", hook), kind: "husky", root, ...(active ? {} : { warning: "core.hooksPath does not point into .husky yet: run `npx husky` (husky v9) so git uses it" }) };
  }
  if (hooksPath) return { file: join(resolve(root, hooksPath), hook), kind: "core.hooksPath", root };
  return { file: join(gitHooksDir, hook), kind: "git", root };
}

const shellQuote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * The command the hook runs: the project's own scan-keys when it is a
 * dependency of this repository (portable for everyone who clones it), else
 * the CLI that is running now, by absolute path.
 */
function scanCommand(root: string, cliPath: string): string {
  let cli = cliPath;
  try {
    cli = realpathSync(cliPath);
  } catch {
    // keep the path as given
  }
  const local = join(root, "node_modules", ".bin", "scan-keys");
  const rel = relative(join(root, "node_modules"), cli);
  if (existsSync(local) && !rel.startsWith("..") && !isAbsolute(rel)) return "node_modules/.bin/scan-keys";
  return `node ${shellQuote(cli)}`;
}

function hookLine(hook: string, root: string, cliPath: string): string {
  const mode = hook === "pre-push" ? "--pre-push" : "--staged";
  return `${scanCommand(root, cliPath)} ${mode} || exit $?  ${MARKER}`;
}

function display(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel.split(sep).join("/") : file;
}

export async function installHookCommand(prePush: boolean, io: HookIo): Promise<number> {
  const hook = prePush ? "pre-push" : "pre-commit";
  const target = await hookTarget(hook, io.cwd);
  const line = hookLine(hook, target.root, io.cliPath);
  const shown = display(target.file, io.cwd);
  const where = target.kind === "husky" ? " (husky)" : target.kind === "core.hooksPath" ? " (core.hooksPath)" : "";
  if (target.warning) io.stdout(`note: ${target.warning}.\n`);

  if (!existsSync(target.file)) {
    mkdirSync(dirname(target.file), { recursive: true });
    writeFileSync(target.file, `#!/bin/sh\n${line}\n`, { mode: 0o755 });
    chmodSync(target.file, 0o755);
    io.stdout(`created ${shown}${where}: it runs scan-keys ${prePush ? "--pre-push before every push" : "--staged before every commit"}.\n`);
    return 0;
  }
  const text = readFileSync(target.file, "utf8");
  const lines = text.split("\n");
  if (lines.some((l) => l.includes(MARKER))) {
    io.stdout(`${shown}${where} already runs scan-keys; nothing changed.\n`);
    return 0;
  }
  if (text.endsWith("\n")) lines.pop();
  if (prePush) {
    // Append, so commands before ours (git lfs pre-push) still read stdin first;
    // but before a final `exit`/`exec`, which would skip us.
    let at = lines.length;
    while (at > 0 && lines[at - 1]!.trim() === "") at--;
    if (at > 0 && /^\s*(exit|exec)\b/.test(lines[at - 1]!)) at--;
    lines.splice(at, 0, line);
  } else {
    // First thing after the shebang: nothing later in the script (an `exit`, an
    // `exec` into another tool) can skip the check.
    lines.splice(lines[0]?.startsWith("#!") ? 1 : 0, 0, line);
  }
  writeFileSync(target.file, `${lines.join("\n")}\n`);
  let note = "";
  if (target.kind !== "husky" && (statSync(target.file).mode & 0o111) === 0) {
    chmodSync(target.file, statSync(target.file).mode | 0o755);
    note = " and made it executable (git ignores hooks that are not)";
  }
  io.stdout(`added one scan-keys line to the existing ${shown}${where}${note}; the rest of the file is unchanged.\n`);
  return 0;
}

export async function uninstallHookCommand(prePush: boolean, io: HookIo): Promise<number> {
  const hook = prePush ? "pre-push" : "pre-commit";
  const target = await hookTarget(hook, io.cwd);
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
    writeFileSync(target.file, rest);
    io.stdout(`removed the scan-keys line from ${shown}; the rest of the file is unchanged.\n`);
  }
  return 0;
}
