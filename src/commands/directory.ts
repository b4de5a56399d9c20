// -C DIR: run as if scan-keys was started in DIR, as `git -C` does. Every
// relative path (scan paths, --config, --baseline, --output) and every git
// call (--staged, --history) then goes by DIR.
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { UsageError } from "../options.js";

export function enterDirectory<T extends { cwd: string }>(io: T, dir: string): T {
  const abs = resolve(io.cwd, dir);
  let isDir: boolean;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    throw new UsageError(`-C ${dir}: no such directory.`);
  }
  if (!isDir) throw new UsageError(`-C ${dir} is not a directory; give the directory to run in.`);
  return { ...io, cwd: abs };
}
