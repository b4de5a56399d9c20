// The one way scan-keys reads a file it was not asked to scan (its config,
// ignore file, baseline, standard input): a regular file, optionally inside
// a given directory, read with a size cap. A committed symbolic link to
// /dev/zero, a FIFO or a device would otherwise hang every hook and CI run
// that reads it, or fill memory.

import { closeSync, fstatSync, lstatSync, openSync, readSync, realpathSync, constants, type Stats } from "node:fs";
import { relative, isAbsolute } from "node:path";

/** Cap on files scan-keys reads for itself (config, ignore file, baseline). */
export const OWN_FILE_LIMIT = 10 * 1024 * 1024;

export type SafeRead = { ok: true; data: Buffer } | { ok: false; missing: boolean; reason: string };

/** What a non-regular file is, in a few words. */
export function kindOf(st: Pick<Stats, "isDirectory" | "isFIFO" | "isCharacterDevice" | "isBlockDevice" | "isSocket" | "isSymbolicLink">): string {
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  if (st.isSymbolicLink()) return "a symbolic link";
  return "not a regular file";
}

/** A size for the user: megabytes, one decimal. */
export const MB = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

function within(dir: string, file: string): boolean {
  const rel = relative(dir, file);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/**
 * Reads `abs` if it is a regular file (after following symbolic links) of at
 * most `maxBytes`, and, with `inside`, if its real path lies inside that
 * directory. Never blocks on a FIFO or a device: the file is opened
 * non-blocking and checked with fstat before any read.
 */
export function readRegularFile(abs: string, opts: { maxBytes?: number; inside?: string } = {}): SafeRead {
  const max = opts.maxBytes ?? OWN_FILE_LIMIT;
  let fd: number | undefined;
  try {
    lstatSync(abs);
    if (opts.inside !== undefined) {
      const real = realpathSync(abs);
      if (!within(realpathSync(opts.inside), real)) return { ok: false, missing: false, reason: `is a symbolic link to ${real}, outside the repository` };
    }
    fd = openSync(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, missing: false, reason: `is ${kindOf(st)}, not a regular file` };
    if (st.size > max) return { ok: false, missing: false, reason: `is ${MB(st.size)}, larger than the ${MB(max)} limit` };
    // Read to the end, not to st.size (the file may grow), but never past the cap.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(max + 1 - total, 1024 * 1024) || 1);
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
      if (total > max) return { ok: false, missing: false, reason: `is larger than the ${MB(max)} limit` };
    }
    return { ok: true, data: Buffer.concat(chunks, total) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { ok: false, missing: true, reason: "does not exist (or is a symbolic link to nothing)" };
    if (code === "ELOOP") return { ok: false, missing: false, reason: "is a loop of symbolic links" };
    if (code === "EACCES" || code === "EPERM") return { ok: false, missing: false, reason: "cannot be read (permission denied)" };
    if (code === "EISDIR") return { ok: false, missing: false, reason: "is a directory, not a regular file" };
    return { ok: false, missing: false, reason: `cannot be read (${code ?? (err as Error).message})` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** True when something (a file, a directory, even a dangling symbolic link) is at `abs`. */
export function present(abs: string): boolean {
  try {
    lstatSync(abs);
    return true;
  } catch {
    return false;
  }
}
