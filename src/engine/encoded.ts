// Secrets hidden in encodings: a Kubernetes Secret's `data:` values, a base64
// blob in JSON, a percent-encoded key in a URL. We find candidate runs in one
// pass over the text, decode those that turn into readable text, and scan
// the decoded text with the same rules.

export interface EncodedRun {
  start: number;
  end: number;
  decoded: string;
  encoding: "base64" | "percent";
}

/** Shortest base64 run worth decoding: 16 bytes of payload. */
const MIN_BASE64 = 24;
/** Longest run decoded; larger blobs are images or archives, not keys. */
const MAX_BASE64 = 64 * 1024;

// 1 = standard or URL-safe base64 alphabet character.
const B64 = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_") B64[c.charCodeAt(0)] = 1;

/** Mostly printable ASCII (or tab/newline): decoded text, not binary noise. */
function readable(buf: Buffer): boolean {
  if (buf.length < 16) return false;
  let good = 0;
  for (const b of buf) if ((b >= 0x20 && b < 0x7f) || b === 9 || b === 10 || b === 13) good++;
  return good / buf.length >= 0.95;
}

/** A random-looking run mixes lower case, upper case and digits; identifiers rarely do all three. */
function mixed(text: string, start: number, end: number): boolean {
  let lower = false;
  let upper = false;
  let digit = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = true;
    else if (c >= 65 && c <= 90) upper = true;
    else if (c >= 48 && c <= 57) digit = true;
    if (lower && upper && digit) return true;
  }
  return false;
}

function base64Runs(text: string, out: EncodedRun[]): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c >= 128 || B64[c] === 0) {
      i++;
      continue;
    }
    const start = i;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d >= 128 || B64[d] === 0) break;
      i++;
    }
    let end = i;
    while (end < n && end - i < 2 && text.charCodeAt(end) === 61) end++; // "=" padding
    const len = i - start;
    if (len < MIN_BASE64 || len > MAX_BASE64 || !mixed(text, start, i)) continue;
    const buf = Buffer.from(text.slice(start, i), "base64");
    if (readable(buf)) out.push({ start, end, decoded: buf.toString("latin1"), encoding: "base64" });
  }
}

const PERCENT_RUN = /[^\s"'`<>()]*%[0-9A-Fa-f]{2}[^\s"'`<>()]*/g;

function percentRuns(text: string, out: EncodedRun[]): void {
  if (!text.includes("%")) return;
  PERCENT_RUN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PERCENT_RUN.exec(text)) !== null) {
    if (m[0].length < 20 || m[0].length > 8192) continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(m[0]);
    } catch {
      continue; // not valid percent-encoding
    }
    if (decoded !== m[0]) out.push({ start: m.index, end: m.index + m[0].length, decoded, encoding: "percent" });
  }
}

/** Runs of encoded text that decode to something readable, in text order. */
export function findEncodedRuns(text: string): EncodedRun[] {
  const out: EncodedRun[] = [];
  base64Runs(text, out);
  percentRuns(text, out);
  return out.sort((a, b) => a.start - b.start);
}
