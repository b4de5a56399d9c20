// File names are bytes. A name that is not valid UTF-8 is kept as bytes (so
// it can be opened) and shown escaped (so it can be reported); valid names
// stay plain strings, the common case.

/** A path as bytes when it is not valid UTF-8, else as a string. */
export type RawPath = string | Buffer;

/** The name as a string when its bytes are valid UTF-8, else undefined. */
export function utf8Name(bytes: Buffer): string | undefined {
  const s = bytes.toString("utf8");
  return s.includes("\ufffd") && !Buffer.from(s, "utf8").equals(bytes) ? undefined : s;
}

/** A name for reports: valid UTF-8 as is, other bytes as \xNN. */
export function escapedName(bytes: Buffer): string {
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    // Decode the longest valid UTF-8 sequence at i, else escape one byte.
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    const seq = len ? bytes.subarray(i, i + len) : undefined;
    const s = seq && seq.length === len ? utf8Name(seq) : undefined;
    if (s !== undefined) {
      out += s;
      i += len;
    } else {
      out += `\\x${b.toString(16).padStart(2, "0")}`;
      i++;
    }
  }
  return out;
}

/** Joins path bytes or strings with "/" (POSIX; on Windows names are UTF-16 and never bytes). */
export function joinRaw(dir: RawPath, name: RawPath): RawPath {
  if (typeof dir === "string" && typeof name === "string") return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
  const d = Buffer.isBuffer(dir) ? dir : Buffer.from(dir, "utf8");
  const n = Buffer.isBuffer(name) ? name : Buffer.from(name, "utf8");
  return Buffer.concat([d, d[d.length - 1] === 0x2f ? Buffer.alloc(0) : Buffer.from("/"), n]);
}

/**
 * The bytes of a command-line argument. Node decodes argv as UTF-8 and
 * replaces invalid bytes with U+FFFD, so a file named in Latin-1 could not
 * be found; on Linux the original bytes are still in /proc/self/cmdline.
 */
export function rawArgument(arg: string): RawPath {
  if (!arg.includes("\ufffd")) return arg;
  try {
    const fs = process.getBuiltinModule("node:fs");
    const all = fs.readFileSync("/proc/self/cmdline");
    for (let start = 0; start < all.length; ) {
      let end = all.indexOf(0, start);
      if (end === -1) end = all.length;
      const bytes = all.subarray(start, end);
      if (bytes.toString("utf8") === arg) return Buffer.from(bytes);
      start = end + 1;
    }
  } catch {
    // not Linux: the name stays as decoded
  }
  return arg;
}
