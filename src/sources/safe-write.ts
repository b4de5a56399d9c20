// The one way scan-keys replaces a file: write a temporary file beside it,
// flush it, then rename it over the target. A crash, a full disk or a signal
// leaves either the old file or the new one, never half of each. Callers
// decide what a failure means (one sentence, a refusal, or "no cache") from
// the error this throws.

import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** A temporary name beside `abs`, unique to this process (`tag` tells whose it is). */
export function tempPathBeside(abs: string, tag = String(process.pid)): string {
  return join(dirname(abs), `.${basename(abs)}.${tag}.tmp`);
}

/**
 * Replaces `abs` with `data` atomically, with permission bits `mode`: set
 * exactly (the umask may narrow what open() gives), or, with `umask`, as
 * open() leaves them, like any new file. `tmp` is the temporary file to use
 * (default: tempPathBeside); it is removed when anything fails, and the error
 * is rethrown as it came.
 */
export function writeFileAtomic(abs: string, data: Uint8Array, mode: number, opts: { tmp?: string; umask?: boolean } = {}): void {
  const tmp = opts.tmp ?? tempPathBeside(abs);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, "wx", mode);
    for (let at = 0; at < data.length; ) at += writeSync(fd, data, at, data.length - at);
    if (!opts.umask) fchmodSync(fd, mode);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, abs);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // never created, or already renamed
    }
    throw err;
  }
}
