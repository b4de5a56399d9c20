// How scan-keys replaces a file: write a temporary file beside it,
// flush it, then rename it over the target. A crash, a full disk or a signal
// leaves either the old file or the new one, never half of each. Callers
// decide what a failure means (one sentence, a refusal, or "no cache") from
// the error this throws.

import { closeSync, fchmodSync, fsyncSync, lstatSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
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
    writeAll(fd, data);
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

/** Writes all of `data` at the descriptor's position (write() may take less than asked). */
export function writeAll(fd: number, data: Uint8Array): void {
  for (let at = 0; at < data.length; ) at += writeSync(fd, data, at, data.length - at);
}

/**
 * Writes `data` to a file the user named (a report, a baseline) the way they
 * expect: a device or a pipe (/dev/stdout, a FIFO) is written in place, as
 * there is nothing to rename over; a symbolic link's file is replaced, not the
 * link; any other file atomically (writeFileAtomic), keeping an existing
 * file's permission bits — set exactly with `exactMode`, else as open() leaves
 * them under the umask, like a new file's. A directory is an EISDIR error.
 * `pending` holds the temporary file while it exists (for a caller that
 * removes it on a signal).
 */
export function replaceFile(target: string, data: Uint8Array, opts: { exactMode?: boolean; pending?: Set<string> } = {}): void {
  const existing = statSync(target, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw Object.assign(new Error(`EISDIR: ${target} is a directory`), { code: "EISDIR" });
  if (existing && !existing.isFile()) {
    const fd = openSync(target, "w");
    try {
      writeAll(fd, data);
    } finally {
      closeSync(fd);
    }
    return;
  }
  const real = lstatSync(target, { throwIfNoEntry: false })?.isSymbolicLink() ? realTarget(target) : target;
  const tmp = tempPathBeside(real);
  opts.pending?.add(tmp);
  try {
    const mode = existing ? existing.mode & 0o777 : 0o666;
    writeFileAtomic(real, data, mode, { tmp, umask: !(opts.exactMode && existing) });
  } finally {
    opts.pending?.delete(tmp);
  }
}

/** The file a symbolic link points to; the link itself when it points nowhere (it is then replaced by a file). */
function realTarget(link: string): string {
  try {
    return realpathSync(link);
  } catch {
    return link;
  }
}
