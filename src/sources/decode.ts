// Bytes → text for scanning: BOMs, UTF-16, binary detection and line breaks.
// Every source decodes through here (tree, staged blobs, history blobs,
// standard input), so a file reads the same whichever way it is scanned.

import { isAscii } from "node:buffer";

const SNIFF = 8000;
/** Bytes of a file's start that settle binary or text for detectEncoding (it looks at the first SNIFF). */
export const HEAD_BYTES = 8192;

export type Encoding = "utf8" | "utf16le" | "utf16be";

export interface Detected {
  encoding: Encoding;
  /** Bytes of byte-order mark to skip at the start of the file. */
  bom: number;
}

/**
 * A BOM is two bytes any Latin-1 file may start with ("ÿþ"), so it is
 * trusted only when what follows looks like UTF-16: some code units with a
 * zero high byte (the ASCII a key is written in; a Latin-1 file has no zero
 * bytes) and no unpaired surrogate, in the bytes we have.
 */
function looksLikeUtf16(buf: Buffer, le: boolean, wholeFile: boolean): boolean {
  const end = buf.length - (buf.length % 2);
  if (wholeFile && buf.length % 2 !== 0) return false;
  if (end <= 2) return true; // a BOM alone
  let zeroHigh = false;
  let pendingHigh = false;
  for (let i = 2; i < end; i += 2) {
    const unit = le ? buf[i]! | (buf[i + 1]! << 8) : (buf[i]! << 8) | buf[i + 1]!;
    if (unit < 0x100) zeroHigh = true;
    const isHigh = unit >= 0xd800 && unit <= 0xdbff;
    const isLow = unit >= 0xdc00 && unit <= 0xdfff;
    if (pendingHigh !== isLow) return false;
    pendingHigh = isHigh;
  }
  return zeroHigh && (!pendingHigh || !wholeFile);
}

/**
 * How to decode a file, from its start (`head`: the whole file, or at least
 * its first chunk), or undefined when it is binary (a NUL byte in the first
 * 8 KB of a file that is not UTF-16).
 */
export function detectEncoding(head: Buffer, wholeFile = true): Detected | undefined {
  if (head.length >= 2) {
    if (head[0] === 0xff && head[1] === 0xfe && looksLikeUtf16(head, true, wholeFile)) return { encoding: "utf16le", bom: 2 };
    if (head[0] === 0xfe && head[1] === 0xff && looksLikeUtf16(head, false, wholeFile)) return { encoding: "utf16be", bom: 2 };
  }
  if (head.subarray(0, SNIFF).includes(0)) return undefined;
  const bom = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  return { encoding: "utf8", bom };
}

/** Decodes bytes (no BOM) in a detected encoding. */
export function decodeAs(buf: Buffer, encoding: Encoding): string {
  // ASCII (most code) reads the same as Latin-1, which Node copies without UTF-8's checks: twice as fast.
  if (encoding === "utf8") return isAscii(buf) ? buf.toString("latin1") : buf.toString("utf8");
  const even = buf.subarray(0, buf.length - (buf.length % 2));
  if (encoding === "utf16le") return even.toString("utf16le");
  return Buffer.from(even).swap16().toString("utf16le");
}

/**
 * A lone CR (classic Mac line ends) becomes LF, so line numbers count it as
 * a line break; CRLF stays. Same length, so columns do not move.
 */
export function normalizeLineBreaks(text: string): string {
  const cr = text.indexOf("\r");
  if (cr === -1) return text;
  return text.replace(/\r(?!\n)/g, "\n");
}

/** Text of a whole file, or undefined when it is binary. */
export function decodeText(buf: Buffer): string | undefined {
  const d = detectEncoding(buf);
  if (d === undefined) return undefined;
  return normalizeLineBreaks(decodeAs(buf.subarray(d.bom), d.encoding));
}
