// Bytes ↔ text that round-trips: a rewritten file keeps its encoding, its
// byte-order mark and every byte we did not mean to change. UTF-8 when the
// bytes are valid UTF-8; UTF-16 when a BOM says so; otherwise latin1, which
// maps each byte to one character and back (so any 8-bit encoding survives;
// the ASCII key and the ASCII lookup are the only bytes we touch).

export type Encoding = "utf8" | "utf8-bom" | "utf16le" | "utf16be" | "latin1";

export interface Decoded {
  text: string;
  encoding: Encoding;
}

/** Text and encoding of a file's bytes, or undefined when it is binary (a NUL byte outside UTF-16). */
export function decodeFile(buf: Buffer): Decoded | undefined {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { text: buf.subarray(2).toString("utf16le"), encoding: "utf16le" };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    return { text: Buffer.from(buf.subarray(2)).swap16().toString("utf16le"), encoding: "utf16be" };
  }
  if (buf.includes(0)) return undefined;
  const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const body = bom ? buf.subarray(3) : buf;
  const text = new TextDecoder("utf-8", { fatal: false }).decode(body);
  if (Buffer.from(text, "utf8").equals(body)) return { text, encoding: bom ? "utf8-bom" : "utf8" };
  return { text: buf.toString("latin1"), encoding: "latin1" };
}

export function encodeFile(text: string, encoding: Encoding): Buffer {
  switch (encoding) {
    case "utf8":
      return Buffer.from(text, "utf8");
    case "utf8-bom":
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
    case "utf16le":
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    case "utf16be":
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]);
    case "latin1":
      return Buffer.from(text, "latin1");
  }
}

/** The file's line ending, for lines we add. */
export function eolOf(text: string): string {
  return text.includes("\r\n") ? "\r\n" : "\n";
}
