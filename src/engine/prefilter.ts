// The keyword prefilter: one pass over the text finds every place where some
// rule's keyword occurs, so a rule's regex only ever runs near those places.
//
// Two interchangeable matchers find the same hits:
// - String.indexOf of each keyword in the lower-cased text: nothing to
//   build and all native code, so it is what a pre-commit hook scanning a few
//   KB uses (a 340-keyword alternation regex cost ~10 ms to compile on first
//   use; a hand-written character loop ~4 ms, run by the interpreter);
// - an Aho-Corasick automaton over lower-cased ASCII: ~10 ms to build but
//   fast per byte (35 MB bench tree: 197 ms, against 421 ms for the
//   alternation regex), so it takes over once a scan has seen enough text
//   to repay the build.

import type { CompiledRule } from "./compile.js";
import { B64, MIN_BASE64 } from "./encoded.js";
import { atWordStart } from "./keyword-boundary.js";

/** Characters scanned keyword by keyword before the automaton is built (its cost per character does not grow with the keyword count). */
const AUTOMATON_AFTER = 64 * 1024;
/**
 * Texts scanned keyword by keyword before the automaton is built, however
 * short: each text costs one indexOf per keyword (~340), so a history of
 * small diffs spent ~30 ms on its first 64 KB that way, more than the
 * automaton's build.
 */
const AUTOMATON_AFTER_TEXTS = 256;

type Hit = (ruleIndex: number, position: number) => void;

export class Prefilter {
  /** Distinct keywords; a keyword's index is its id. */
  private readonly keywords: string[];
  /** keyword id → indexes of the rules that listed it. */
  private readonly rulesOf: number[][];
  /** keyword id → the rules for which it is a context word (keyword-boundary.ts): they hit only where a word starts. */
  private readonly boundedRulesOf: (number[] | undefined)[];
  /** Rules without keywords (content rules limited by `paths`): they run on every fragment they apply to. */
  readonly alwaysOn: number[] = [];
  private automaton: Automaton | undefined;
  /** Keyword ids by their first three characters (scanWithIndexOf), made on first use. */
  private byPrefix: Map<string, number[]> | undefined;
  private seen = 0;
  private texts = 0;

  /** @param automatonAfter characters scanned before switching to the automaton (tests pass 0 or Infinity). */
  constructor(
    rules: CompiledRule[],
    private readonly automatonAfter = AUTOMATON_AFTER,
  ) {
    const byKeyword = new Map<string, { free: number[]; bounded: number[] }>();
    rules.forEach((rule, index) => {
      if (rule.target === "path") return; // path rules never look at text
      if (rule.keywords.length === 0) this.alwaysOn.push(index);
      const context = rule.context;
      // A Set, not indexOf: a config may give one rule 10,000+ keywords (indexOf was quadratic in them).
      const seen = new Set<string>();
      for (const k of rule.keywords) {
        if (seen.has(k)) continue; // listed twice
        seen.add(k);
        let lists = byKeyword.get(k);
        if (!lists) byKeyword.set(k, (lists = { free: [], bounded: [] }));
        (context.has(k) ? lists.bounded : lists.free).push(index);
      }
    });
    this.keywords = [...byKeyword.keys()];
    this.rulesOf = this.keywords.map((k) => byKeyword.get(k)!.free);
    this.boundedRulesOf = this.keywords.map((k) => {
      const bounded = byKeyword.get(k)!.bounded;
      return bounded.length ? bounded : undefined;
    });
  }

  /** Characters seen so far (decoded text included); the scanner reads it to decide when its DFA pays. */
  get scanned(): number {
    return this.seen;
  }

  /**
   * Calls `hit(ruleIndex, position)` for every keyword occurrence (overlapping
   * ones too, e.g. "key" inside "apikey"). A rule may be called more than
   * once for the same position when several of its keywords start there.
   * Returns the text's base64 spans (see encoded.ts) when the automaton
   * collected them on its way, else undefined. `bytes`: the text's bytes when
   * is valid UTF-8 (Fragment.bytes): when they are ASCII the automaton reads them instead of the text.
   */
  scan(text: string, hit: Hit, bytes?: Uint8Array): number[] | undefined {
    this.seen += text.length;
    this.texts++;
    if (this.keywords.length === 0) return undefined;
    const byIndexOf = !this.automaton && this.seen <= this.automatonAfter && (this.texts <= AUTOMATON_AFTER_TEXTS || this.automatonAfter === Infinity);
    const lower = byIndexOf ? text.toLowerCase() : undefined;
    // Lower-casing a few non-ASCII characters changes the length, and with it every position.
    if (lower !== undefined && lower.length === text.length) {
      this.scanWithIndexOf(text, lower, hit);
      return undefined;
    }
    this.automaton ??= new Automaton(this.keywords);
    const emit = (id: number, pos: number) => this.emit(text, id, pos, hit);
    // Valid UTF-8 is as long as its UTF-16 text only when it is all ASCII (every longer sequence is fewer units).
    // Other bytes are left to the text: following UTF-16 offsets through them cost what reading bytes saved
    // (measured on the node_modules corpus's non-ASCII files, 43 MB: 0.61 s by bytes, 0.58 s by text).
    return bytes !== undefined && bytes.length === text.length ? this.automaton.scanBytes(bytes, emit) : this.automaton.scan(text, emit);
  }

  private emit(text: string, id: number, pos: number, hit: Hit): void {
    for (const r of this.rulesOf[id]!) hit(r, pos);
    const bounded = this.boundedRulesOf[id];
    if (bounded !== undefined && atWordStart(text, pos)) for (const r of bounded) hit(r, pos);
  }

  /**
   * One indexOf per keyword, but keywords come grouped by their first three
   * characters, and a group whose prefix the text lacks is skipped whole:
   * ~250 prefixes for ~530 keywords, so a file that holds few of them (most
   * files of a commit) costs half the native searches.
   */
  private scanWithIndexOf(text: string, lower: string, hit: Hit): void {
    for (const [prefix, ids] of (this.byPrefix ??= groupByPrefix(this.keywords))) {
      if (lower.indexOf(prefix) === -1) continue;
      for (const id of ids) {
        const k = this.keywords[id]!;
        for (let at = lower.indexOf(k); at !== -1; at = lower.indexOf(k, at + 1)) this.emit(text, id, at, hit);
      }
    }
  }
}

function groupByPrefix(keywords: string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  keywords.forEach((k, id) => {
    const prefix = k.slice(0, 3);
    const ids = groups.get(prefix);
    if (ids) ids.push(id);
    else groups.set(prefix, [id]);
  });
  return groups;
}

/**
 * Aho-Corasick over a compressed alphabet: every character that occurs in a
 * keyword gets its own class (letters folded to lower case), all others share
 * class 0. Keywords are ASCII (compile.ts checks).
 *
 * Laid out for the per-character loop, which sees every byte of a history
 * (measured on the bench history, 5 MB of added lines: 2-3× faster than one
 * lookup per table): a state is its row's offset in `next` (state × width),
 * a transition into a state
 * where some keyword ends is stored negated (~offset), and one table per
 * ASCII character holds its class and whether it is in the base64 alphabet.
 */
class Automaton {
  /** ASCII character → its class, plus B64_BIT when it is a base64-alphabet character. */
  private readonly table = new Uint8Array(128);
  /** The same by byte, 256 wide so the byte loop needs no test for bytes above 127 (class 0). */
  private readonly byteTable = new Uint8Array(256);
  private readonly width: number;
  private readonly next: Int32Array;
  /** state number → keyword ids ending there (own and via failure links), or undefined. */
  private readonly out: (number[] | undefined)[];
  private readonly lengths: number[];

  constructor(keywords: string[]) {
    const classes = new Uint8Array(128);
    let width = 1;
    for (const k of keywords) {
      for (let i = 0; i < k.length; i++) {
        const c = k.charCodeAt(i);
        if (classes[c] === 0) classes[c] = width++;
      }
    }
    for (let c = 65; c <= 90; c++) classes[c] = classes[c + 32]!; // A-Z as a-z
    // At most 96 printable ASCII classes (fewer once case is folded), so a class fits beside B64_BIT.
    for (let c = 0; c < 128; c++) this.table[c] = classes[c]! | (B64[c] === 1 ? B64_BIT : 0);
    this.byteTable.set(this.table);
    this.width = width;

    let capacity = 1;
    for (const k of keywords) capacity += k.length;
    const next = new Int32Array(capacity * width).fill(-1);
    const out: (number[] | undefined)[] = new Array(capacity);
    let states = 1;
    keywords.forEach((k, id) => {
      let s = 0;
      for (let i = 0; i < k.length; i++) {
        const cell = s * width + classes[k.charCodeAt(i)]!;
        if (next[cell] === -1) next[cell] = states++;
        s = next[cell]!;
      }
      (out[s] ??= []).push(id);
    });

    // Breadth-first: fill missing transitions from the failure state's row.
    const fail = new Int32Array(states);
    const queue = new Int32Array(states);
    let head = 0;
    let tail = 0;
    for (let c = 0; c < width; c++) {
      const s = next[c]!;
      if (s === -1) next[c] = 0;
      else queue[tail++] = s;
    }
    while (head < tail) {
      const r = queue[head++]!;
      const f = fail[r]!;
      const inherited = out[f];
      if (inherited) out[r] = out[r] ? out[r]!.concat(inherited) : inherited;
      for (let c = 0; c < width; c++) {
        const s = next[r * width + c]!;
        if (s === -1) next[r * width + c] = next[f * width + c]!;
        else {
          fail[s] = next[f * width + c]!;
          queue[tail++] = s;
        }
      }
    }
    // State numbers → row offsets, negated where a keyword ends (out is complete now).
    for (let i = 0; i < states * width; i++) {
      const s = next[i]!;
      next[i] = out[s] ? ~(s * width) : s * width;
    }
    this.next = next.subarray(0, states * width);
    this.out = out;
    this.lengths = keywords.map((k) => k.length);
    // One short text through every path of scan() (a keyword, a base64 run inside and one at the end):
    // a long first text has V8 optimise the loop while it runs, before the code after it ever ran, and
    // that code's first run then threw the optimised loop away (8 times on the bench history).
    const run = "A".repeat(MIN_BASE64);
    const warm = `${keywords[0] ?? ""} ${run} ${run}`;
    this.scan(warm, () => undefined);
    this.scanBytes(Buffer.from(warm, "latin1"), () => undefined);
  }

  /** Emits every keyword hit, and returns the base64 spans met on the way (one pass over the text for both). */
  scan(text: string, emit: (id: number, pos: number) => void): number[] {
    const { table, next, out, width, lengths } = this;
    const spans: number[] = [];
    let s = 0;
    let run = 0; // length of the run of base64-alphabet characters ending here
    let start = -1; // the last run long enough to keep: [start, end), pushed once the next one starts (or at the end)
    let end = -1;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      const t = c < 128 ? table[c]! : 0;
      const v = next[s + (t & CLASS_MASK)]!;
      // No branch on the character's kind, which code alternates unpredictably: the run length is
      // zeroed by a mask, and the test below is almost always false (true all along a long run).
      run = (run + 1) & -(t >> B64_SHIFT);
      if (run >= MIN_BASE64) {
        if (run === MIN_BASE64) {
          if (start >= 0) spans.push(start, end);
          start = i - MIN_BASE64 + 1;
        }
        end = i + 1;
      }
      if (v >= 0) {
        s = v;
        continue;
      }
      s = ~v;
      for (const id of out[s / width]!) emit(id, i - lengths[id]! + 1);
    }
    if (start >= 0) spans.push(start, end);
    return spans;
  }

  /**
   * scan() over bytes, one per character (ASCII text): the same hits and spans.
   * A typed array's element is cheaper to read than a string's character
   * (this project's node_modules, its ASCII files: ~15% less CPU per byte).
   */
  scanBytes(bytes: Uint8Array, emit: (id: number, pos: number) => void): number[] {
    const { byteTable: table, next, out, width, lengths } = this;
    const spans: number[] = [];
    let s = 0;
    let run = 0;
    let start = -1;
    let end = -1;
    const n = bytes.length;
    for (let i = 0; i < n; i++) {
      const t = table[bytes[i]!]!;
      const v = next[s + (t & CLASS_MASK)]!;
      run = (run + 1) & -(t >> B64_SHIFT);
      if (run >= MIN_BASE64) {
        if (run === MIN_BASE64) {
          if (start >= 0) spans.push(start, end);
          start = i - MIN_BASE64 + 1;
        }
        end = i + 1;
      }
      if (v >= 0) {
        s = v;
        continue;
      }
      s = ~v;
      for (const id of out[s / width]!) emit(id, i - lengths[id]! + 1);
    }
    if (start >= 0) spans.push(start, end);
    return spans;
  }
}

const B64_SHIFT = 7;
const B64_BIT = 1 << B64_SHIFT;
const CLASS_MASK = 0x7f;
