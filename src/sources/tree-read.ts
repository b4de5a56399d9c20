// Listed files (and standard input) → Fragments. Files are read one at a
// time, and a file larger than CHUNK in overlapping chunks that end at line
// breaks, so memory stays flat and no file is too large to become a string
// (V8 strings stop near 512 MB): size alone never makes a file unscannable up
// to --max-file-size. One file's failure is recorded for that file; the scan
// goes on.

import { isAscii } from "node:buffer";
import { closeSync, fstatSync, lstatSync, openSync, readSync, statSync, constants } from "node:fs";
import type { Fragment, ScanStats } from "../engine/types.js";
import { recordSkip } from "../engine/stats.js";
import { decodeAs, detectEncoding, HEAD_BYTES, normalizeLineBreaks, type Encoding } from "./decode.js";
import type { RawPath } from "./paths.js";
import { kindOf, MB } from "./safe-read.js";

/** A file to scan: where it is, and how reports name it. */
export interface TreeFile {
  /** Absolute path; bytes when the name is not valid UTF-8 (a Uint8Array after a trip to a worker). */
  abs: RawPath | Uint8Array;
  display: string;
  /** Named on the command line: a symbolic link is followed. */
  explicit?: boolean;
  /** `-`: standard input. */
  stdin?: boolean;
  /**
   * The walk's listing said it is a regular file: reading opens it without
   * following a link and checks what it opened (no lstat of its own first).
   */
  regular?: boolean;
}

export interface ReadOptions {
  maxFileSize: number;
}

/** Why a directory in git's list was not read (the scan counts these for its note). */
export const SUBMODULE = "a git submodule or nested repository, not scanned (pass --recurse-submodules to scan submodules)";

/** Bytes per chunk of a large file, and how far each chunk reaches back into the one before. */
export const CHUNK = 8 * 1024 * 1024;
export const OVERLAP = 256 * 1024;

/** A reason for the report, from an error reading a file. */
export function readFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENAMETOOLONG") return "the path is longer than the system allows, so it cannot be opened";
  if (code === "ELOOP") return "a loop of symbolic links";
  if (code === "EIO") return "input/output error";
  if (code) return `cannot be read (${code})`;
  return `could not be scanned (${err instanceof Error ? err.message : String(err)})`;
}

export function* readTree(files: TreeFile[], opts: ReadOptions, stats: ScanStats): Generator<Fragment> {
  for (const file of files) {
    try {
      yield* readOne(file, opts, stats);
    } catch (err) {
      recordSkip(stats, "unreadable", file.display, readFailure(err));
    }
  }
}

function* readOne(file: TreeFile, opts: ReadOptions, stats: ScanStats): Generator<Fragment> {
  if (file.stdin) {
    yield* readChunks(0, file.display, opts.maxFileSize, stats, true);
    return;
  }
  const abs = typeof file.abs === "string" ? file.abs : Buffer.from(file.abs);
  if (file.regular) {
    yield* readListedFile(abs, file.display, opts, stats);
    return;
  }
  let st;
  try {
    st = file.explicit ? statSync(abs) : lstatSync(abs);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT" && !file.explicit) return; // tracked but deleted in the work tree
    throw err;
  }
  if (file.explicit && st.isFIFO()) {
    // A pipe the user named (/dev/stdin, process substitution <(…)): read it as a stream, capped.
    const fd = openSync(abs, constants.O_RDONLY);
    try {
      yield* readChunks(fd, file.display, opts.maxFileSize, stats, true);
    } finally {
      closeSync(fd);
    }
    return;
  }
  if (!st.isFile()) {
    // Symbolic links met in a tree are not followed (they may point anywhere, or loop); git
    // lists a submodule (or a nested repository) as a directory.
    const why = st.isSymbolicLink()
      ? "a symbolic link, not followed (name it on the command line to scan its target)"
      : st.isDirectory()
        ? SUBMODULE
        : `${kindOf(st)}, not a regular file`;
    recordSkip(stats, "other", file.display, why);
    return;
  }
  // Non-blocking: if the file was swapped for a FIFO since the stat, the read fails instead of hanging.
  const fd = openSync(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    if (!fstatSync(fd).isFile()) {
      recordSkip(stats, "other", file.display, "changed into something other than a regular file while scanned");
      return;
    }
    if (st.size > opts.maxFileSize) {
      yield* overLimit(fd, file.display, st.size, stats);
      return;
    }
    yield* readChunks(fd, file.display, opts.maxFileSize, stats, false, st.size);
  } finally {
    closeSync(fd);
  }
}

/**
 * A file the walk listed as regular, opened with O_NOFOLLOW and O_NONBLOCK: if
 * it was swapped for a link or a FIFO since the listing, the open fails or
 * fstat tells, and it is skipped as readOne would skip it; one fstat where
 * readOne needs an lstat and an fstat (a tree scan paid ~2% for the lstat).
 */
function* readListedFile(abs: string | Buffer, display: string, opts: ReadOptions, stats: ScanStats): Generator<Fragment> {
  let fd: number;
  try {
    fd = openSync(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return; // gone since the listing
    if (code === "ELOOP" || code === "ENXIO") {
      // Now a symbolic link (or a socket): readOne says which, and skips it.
      yield* readOne({ abs, display }, opts, stats);
      return;
    }
    throw err;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      recordSkip(stats, "other", display, "changed into something other than a regular file while scanned");
      return;
    }
    if (st.size > opts.maxFileSize) {
      yield* overLimit(fd, display, st.size, stats);
      return;
    }
    yield* readChunks(fd, display, opts.maxFileSize, stats, false, st.size);
  } finally {
    closeSync(fd);
  }
}

/**
 * A file over --max-file-size: binary ones (a NUL in the first 8 KB) are
 * skipped as every binary file is, without the limit mattering; a text one
 * is named as too large, and fails the scan (it was not scanned).
 */
function* overLimit(fd: number, display: string, size: number, stats: ScanStats): Generator<Fragment> {
  const head = Buffer.alloc(HEAD_BYTES);
  const got = fill(fd, head, 0, false);
  if (detectEncoding(head.subarray(0, got), false) === undefined) {
    stats.skippedBinary++;
    yield { path: display, text: "", source: "tree", binary: true };
    return;
  }
  recordSkip(stats, "too-large", display, `over --max-file-size (${MB(size)}); raise it to scan this file`);
}

/**
 * One buffer read into, file after file (grown when a file needs more): a
 * buffer per file cost the tree scan's garbage collector more than reading.
 * A fragment's `bytes` are a view of it, so they hold until the next
 * fragment is asked for; its `text` is a string of its own.
 */
let scratch = Buffer.allocUnsafe(0);
function readBuffer(size: number): Buffer {
  if (scratch.length < size) scratch = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(size, 2 * scratch.length, 64 * 1024)));
  return scratch.subarray(0, size);
}

/**
 * Reads into `buf` from `at` until it is full or the input ends; returns the
 * bytes read. `end`: where a regular file ended when fstat looked (in `buf`'s
 * offsets); a read that stops exactly there is taken as the end, without one
 * more read to be told so (a read per file, ~1% of a tree scan). A file that
 * grew since fills the buffer past `end` instead, and is read on.
 */
function fill(fd: number, buf: Buffer, at: number, pipe: boolean, end = -1): number {
  let n = at;
  while (n < buf.length) {
    let got: number;
    try {
      got = readSync(fd, buf, n, buf.length - n, null);
    } catch (err) {
      // A non-blocking pipe on standard input with nothing yet: wait a little and read again.
      if (pipe && (err as NodeJS.ErrnoException).code === "EAGAIN") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      throw err;
    }
    if (got === 0) break;
    n += got;
    if (n === end) break;
  }
  return n - at;
}

const unitOf = (e: Encoding) => (e === "utf8" ? 1 : 2);

/** The character (code unit) at byte offset i, or -1 for one above 0xff in UTF-16. */
function charAt(buf: Buffer, i: number, enc: Encoding): number {
  if (enc === "utf8") return buf[i]!;
  const lo = enc === "utf16le" ? buf[i]! : buf[i + 1]!;
  const hi = enc === "utf16le" ? buf[i + 1]! : buf[i]!;
  return hi === 0 ? lo : -1;
}

/**
 * Offset just after the last line break in buf[from, to), or -1. A CR is a
 * break only when a character other than LF follows it within the range, so
 * a CRLF is never cut in two.
 */
function lastBreak(buf: Buffer, from: number, to: number, enc: Encoding): number {
  const u = unitOf(enc);
  for (let i = to - u; i >= from; i -= u) {
    const c = charAt(buf, i, enc);
    if (c === 10 || (c === 13 && i + u < to && charAt(buf, i + u, enc) !== 10)) return i + u;
  }
  return -1;
}

/** Line breaks (LF, CRLF, lone CR) in buf[from, to), counted as normalizeLineBreaks counts them; `limit` ends the data. */
function countBreaks(buf: Buffer, from: number, to: number, limit: number, enc: Encoding): number {
  const u = unitOf(enc);
  let n = 0;
  for (let i = from; i < to; i += u) {
    const c = charAt(buf, i, enc);
    if (c === 10) n++;
    else if (c === 13 && (i + u >= limit || charAt(buf, i + u, enc) !== 10)) n++;
  }
  return n;
}

/**
 * One file or stream → Fragments of at most CHUNK bytes. Each chunk but the
 * last ends after a line break; the next starts at the first line start in
 * the last OVERLAP bytes of it, so a secret (or a PEM block) near a boundary
 * is whole in one chunk. Findings in the overlap are found twice, at the
 * same line and column; the pipeline keeps one.
 */
function* readChunks(fd: number, display: string, maxFileSize: number, stats: ScanStats, pipe: boolean, size?: number): Generator<Fragment> {
  let carry = Buffer.alloc(0);
  let lineOffset = 0;
  // Characters of the file's line before this chunk's text, when a line longer than a chunk was cut.
  let columnOffset = 0;
  let first = true;
  let enc: Encoding = "utf8";
  let total = 0;
  for (;;) {
    // A small file gets a buffer its size (plus one byte, to see the end), not a whole chunk.
    const buf = readBuffer(first && size !== undefined && size < CHUNK ? size + 1 : CHUNK);
    carry.copy(buf, 0);
    let got = 0;
    if (first && !pipe && buf.length > HEAD_BYTES) {
      // A binary file is known by its head (detectEncoding): read that first, not a whole chunk of
      // a large binary (node_modules holds executables of 10-24 MB).
      got = fill(fd, buf.subarray(0, HEAD_BYTES), 0, false);
      if (got === HEAD_BYTES && detectEncoding(buf.subarray(0, HEAD_BYTES), false) === undefined && !(buf[0] === 0xff && buf[1] === 0xfe) && !(buf[0] === 0xfe && buf[1] === 0xff)) {
        stats.skippedBinary++;
        yield { path: display, text: "", source: "tree", binary: true };
        return;
      }
    }
    // The first chunk of a file whose size fstat gave starts at its offset 0: its end is known.
    got += fill(fd, buf, carry.length + got, pipe, first && size !== undefined ? size : -1);
    total += got;
    const end = carry.length + got;
    const eof = end < buf.length;
    if (pipe && total > maxFileSize) {
      recordSkip(stats, "too-large", display, `over --max-file-size; only its first ${MB(total - got)} were scanned`);
      return;
    }
    let start = 0;
    if (first) {
      const d = detectEncoding(buf.subarray(0, end), eof);
      if (d === undefined) {
        stats.skippedBinary++;
        // Binary content is not scanned, but path rules still see the file (a committed keystore).
        yield { path: display, text: "", source: "tree", binary: true };
        return;
      }
      enc = d.encoding;
      start = d.bom;
    }
    // Cut after the last line break in the second half; a longer line is cut where the chunk ends.
    let cut = end;
    if (!eof) {
      const lb = lastBreak(buf, Math.max(start, end >> 1), end, enc);
      cut = lb !== -1 ? lb : end - (end % unitOf(enc));
      if (enc === "utf8" && lb === -1) while (cut > start && (buf[cut]! & 0xc0) === 0x80) cut--; // not inside a character
    }
    const raw = buf.subarray(start, cut);
    const text = normalizeLineBreaks(decodeAs(raw, enc));
    const fragment: Fragment = { path: display, text, source: "tree" };
    // ASCII: the keyword pass reads the bytes, faster than the string (Fragment.bytes).
    if (enc === "utf8" && isAscii(raw)) fragment.bytes = raw;
    if (lineOffset > 0 || !first) {
      fragment.lineOffset = lineOffset;
      fragment.continued = true;
      if (columnOffset > 0) fragment.columnOffset = columnOffset;
    }
    if (first) stats.files++;
    first = false;
    yield fragment;
    if (eof) break;
    // The next chunk: from the first line start in the last OVERLAP bytes before the cut.
    let next = Math.max(start, cut - OVERLAP);
    next -= (next - start) % unitOf(enc);
    const lb = firstBreak(buf, next, cut, enc);
    if (lb !== -1) next = lb;
    else {
      // No line starts in the overlap: the next chunk begins inside a line, and its columns count from that line's start.
      const lineStart = lastBreak(buf, start, Math.min(next + unitOf(enc), end), enc);
      const from = lineStart !== -1 && lineStart <= next ? lineStart : start;
      columnOffset = (from === start ? columnOffset : 0) + decodeAs(buf.subarray(from, next), enc).length;
    }
    if (lb !== -1) columnOffset = 0;
    lineOffset += countBreaks(buf, start, next, end, enc);
    carry = Buffer.from(buf.subarray(next, end));
  }
  stats.bytes += total;
}

/** Offset just after the first line break in buf[from, to) (after the LF of a CRLF), or -1. */
function firstBreak(buf: Buffer, from: number, to: number, enc: Encoding): number {
  const u = unitOf(enc);
  for (let i = from; i < to; i += u) {
    const c = charAt(buf, i, enc);
    if (c === 10) return i + u;
    if (c === 13) return i + u < to && charAt(buf, i + u, enc) === 10 ? i + 2 * u : i + u;
  }
  return -1;
}
