// Writing a report file named by --output: whole or not at all. The report
// goes to a temporary file beside the target, then is renamed over it, so a
// scan stopped by SIGINT or SIGTERM (or a full disk) never leaves half a
// report for CI to read. A target that is not a regular file (/dev/stdout, a
// FIFO, /dev/full) cannot be renamed over: it is written directly. Failures
// are one sentence naming the path.

import { unlinkSync } from "node:fs";
import { replaceFile } from "../sources/safe-write.js";
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

/** Writes `text` to `target` atomically (see above). */
export function writeReportFile(target: string, text: string): void {
  installSignalHandlers();
  try {
    replaceFile(target, Buffer.from(text, "utf8"), { pending });
  } catch (err) {
    throw writeFailure(target, err);
  }
}
