// Writing a report file named by --output: whole or not at all. The report
// goes to a temporary file beside the target, then is renamed over it, so a
// scan stopped by SIGINT or SIGTERM (or a full disk) never leaves half a
// report for CI to read. A target that is not a regular file (/dev/stdout, a
// FIFO, /dev/full) cannot be renamed over: it is written directly. Failures
// are one sentence naming the path.

import { closeSync, lstatSync, openSync, statSync, unlinkSync, writeSync } from "node:fs";
import { tempPathBeside, writeFileAtomic } from "../sources/safe-write.js";
import { UsageError } from "../options.js";

/** Temporary files being written; removed if the process is told to stop. */
const pending = new Set<string>();
let handlersInstalled = false;

function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    process.on(signal, () => {
      for (const tmp of pending) {
        try {
          unlinkSync(tmp);
        } catch {
          // already renamed or gone
        }
      }
      process.exit(code);
    });
  }
}

function writeFailure(target: string, err: unknown): UsageError {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === "EISDIR"
      ? "it is a directory; give a file name"
      : code === "ENOSPC"
        ? "no space left on the device"
        : code === "EDQUOT"
          ? "the disk quota is exceeded"
          : code === "ENOENT"
            ? "its directory does not exist"
            : code === "EACCES" || code === "EPERM"
              ? "permission denied"
              : code === "EROFS"
                ? "the file system is read-only"
                : code === "ENOTDIR"
                  ? "a part of the path is not a directory"
                  : `${code ?? (err as Error).message}`;
  return new UsageError(`cannot write the report to ${target}: ${why}.`);
}

function writeAll(fd: number, data: Buffer): void {
  for (let at = 0; at < data.length; ) at += writeSync(fd, data, at, data.length - at);
}

/** Writes `text` to `target` atomically (see above). */
export function writeReportFile(target: string, text: string): void {
  const data = Buffer.from(text, "utf8");
  let existing;
  try {
    existing = statSync(target);
  } catch {
    existing = undefined;
  }
  if (existing?.isDirectory()) throw writeFailure(target, Object.assign(new Error("EISDIR"), { code: "EISDIR" }));
  if (existing && !existing.isFile()) {
    // A device or a pipe: nothing to rename over.
    let fd: number | undefined;
    try {
      fd = openSync(target, "w");
      writeAll(fd, data);
    } catch (err) {
      throw writeFailure(target, err);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    return;
  }
  installSignalHandlers();
  // A symbolic link to a file: replace the file it points to, not the link.
  let real = target;
  try {
    if (lstatSync(target).isSymbolicLink()) real = process.getBuiltinModule("node:fs").realpathSync(target);
  } catch {
    // no such file yet
  }
  const tmp = tempPathBeside(real);
  pending.add(tmp);
  try {
    writeFileAtomic(real, data, existing ? existing.mode & 0o777 : 0o666, { tmp, umask: true });
  } catch (err) {
    throw writeFailure(target, err);
  } finally {
    pending.delete(tmp);
  }
}
