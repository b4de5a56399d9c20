// Secrets hidden in encodings: a Kubernetes Secret's `data:` values, a base64
// blob in JSON, a percent-encoded key in a URL. We find candidate runs in one
// pass over the text (or take them from the prefilter's pass), decode those
// that turn into readable text, and scan the decoded text with the same rules.

import { isDigit, isLower, isUpper } from "./ascii.js";

export interface EncodedRun {
  start: number;
  end: number;
  decoded: string;
  encoding: "base64" | "percent";
}

/** Shortest base64 run worth decoding: 16 bytes of payload. */
export const MIN_BASE64 = 24;
/** Longest run decoded; larger blobs are images or archives, not keys. */
const MAX_BASE64 = 64 * 1024;

/** The standard and URL-safe base64 alphabets together. */
const B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_";

/** 1 = standard or URL-safe base64 alphabet character (shared with the prefilter's automaton). */
export const B64 = new Uint8Array(128);
for (const c of B64_ALPHABET) B64[c.charCodeAt(0)] = 1;

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
    if (isLower(c)) lower = true;
    else if (isUpper(c)) upper = true;
    else if (isDigit(c)) digit = true;
    if (lower && upper && digit) return true;
  }
  return false;
}

/**
 * Runs of base64-alphabet characters at least MIN_BASE64 long, as flat
 * [start, end) pairs. A native RegExp, not a character loop: a pre-commit
 * scan runs this once per file on cold code, where the loop (interpreted)
 * was ~5× slower. One character class under one counted repeat reads at
 * most MIN_BASE64 characters from a start that fails, so this stays linear.
 */
const BASE64_RUN = new RegExp(`[${B64_ALPHABET.replace(/[-+/]/g, "\\$&")}]{${MIN_BASE64},}`, "g");

export function base64Spans(text: string): number[] {
  const spans: number[] = [];
  BASE64_RUN.lastIndex = 0;
  for (let m = BASE64_RUN.exec(text); m !== null; m = BASE64_RUN.exec(text)) spans.push(m.index, BASE64_RUN.lastIndex);
  return spans;
}

/** Decodes the spans that look random (mixed case and digits) and turn into readable text. */
function base64Runs(text: string, spans: number[], out: EncodedRun[]): void {
  for (let k = 0; k < spans.length; k += 2) {
    const start = spans[k]!;
    const i = spans[k + 1]!;
    let end = i;
    while (end < text.length && end - i < 2 && text.charCodeAt(end) === 61) end++; // "=" padding
    if (i - start > MAX_BASE64 || !mixed(text, start, i)) continue;
    const buf = Buffer.from(text.slice(start, i), "base64");
    if (readable(buf)) out.push({ start, end, decoded: buf.toString("latin1"), encoding: "base64" });
  }
}

const MAX_PERCENT = 8192;
const HEX = /^[0-9A-Fa-f]{2}$/;

/** Characters that end a percent-encoded token (URL delimiters in code and prose). */
function isBoundary(c: number): boolean {
  // space, tab, newline, CR, " ' ` < > ( )
  return c <= 32 || c === 34 || c === 39 || c === 96 || c === 60 || c === 62 || c === 40 || c === 41;
}

// Linear: expand each "%XX" to its token once, instead of a regex that would
// retry every start position of a long token (quadratic on minified code).
// Runs never overlap: a run starts no earlier than the last one ended, so a
// long token cut into MAX_PERCENT pieces is read once, not once per "%".
function percentRuns(text: string, out: EncodedRun[]): void {
  let from = 0;
  let floor = 0; // where the last run ended
  for (let p = text.indexOf("%", from); p !== -1; p = text.indexOf("%", from)) {
    from = p + 1;
    if (!HEX.test(text.slice(p + 1, p + 3))) continue;
    let start = p;
    while (start > floor && p - start < MAX_PERCENT && !isBoundary(text.charCodeAt(start - 1))) start--;
    let end = p + 3;
    while (end < text.length && end - start < MAX_PERCENT && !isBoundary(text.charCodeAt(end))) end++;
    from = end; // every other "%" of this token belongs to this run
    floor = end;
    if (end - start < 20) continue;
    const run = text.slice(start, end);
    let decoded: string;
    try {
      decoded = decodeURIComponent(run);
    } catch {
      continue; // not valid percent-encoding
    }
    if (decoded !== run) out.push({ start, end, decoded, encoding: "percent" });
  }
}

/**
 * Runs of encoded text that decode to something readable, in text order.
 * `spans`: base64 spans already found (the prefilter's automaton collects
 * them in its own pass over the text), saving a second pass.
 */
export function findEncodedRuns(text: string, spans?: number[]): EncodedRun[] {
  const out: EncodedRun[] = [];
  base64Runs(text, spans ?? base64Spans(text), out);
  percentRuns(text, out);
  return out.sort((a, b) => a.start - b.start);
}
