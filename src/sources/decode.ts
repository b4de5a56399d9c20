// Bytes → text for scanning: BOMs, UTF-16, and binary detection.

const SNIFF = 8000;

/** Text of a file, or undefined when it is binary. */
export function decodeText(buf: Buffer): string | undefined {
  if (buf.length >= 2) {
    if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString("utf16le");
    if (buf[0] === 0xfe && buf[1] === 0xff) return swapBytes(buf.subarray(2)).toString("utf16le");
  }
  const sniff = buf.subarray(0, SNIFF);
  if (sniff.includes(0)) return undefined;
  const text = buf.toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function swapBytes(buf: Buffer): Buffer {
  const copy = Buffer.from(buf.subarray(0, buf.length - (buf.length % 2)));
  return copy.swap16();
}
