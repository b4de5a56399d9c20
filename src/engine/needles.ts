// Which of many fixed strings occur in some bytes, in one pass over them:
// time linear in the bytes (plus the occurrences), whatever the number of
// strings. Used to ask whether each secret of a history scan is still in
// HEAD's tree, where `git grep -F -f` tries every pattern on every line
// (2,000 secrets: a minute; 10,000: many).
//
// Rabin–Karp with one window per group of needles: needles of 16 bytes or
// more are keyed by a hash of their last 16 bytes (the random end of a key,
// not a shared prefix such as `ghp_` or a PEM header), shorter ones by their
// whole bytes, one group per length. Each position of the text costs one
// rolling-hash step per group and a bitmap probe; only a probe hit looks the
// hash up and compares the candidate needles byte for byte.

const WINDOW = 16;
const BASE = 0x01000193;
const FILTER_BITS = 22;
/** Keys of the hash map: 30 bits, so V8 keeps them as small integers, not boxed numbers. */
const KEY_MASK = 0x3fffffff;

interface Group {
  width: number;
  /** BASE^(width-1), to roll the oldest byte out. */
  top: number;
  /** Bitmap over the low FILTER_BITS bits of each key hash. */
  filter: Uint8Array;
  byHash: Map<number, number[]>;
}

export class NeedleSearch {
  private readonly needles: Buffer[];
  private readonly groups: Group[] = [];
  /** found[i] is 1 once needle i was seen. */
  readonly found: Uint8Array;
  private left: number;

  /** Needles are matched as their UTF-8 bytes; empty ones never match. */
  constructor(needles: readonly string[]) {
    this.needles = needles.map((n) => Buffer.from(n, "utf8"));
    this.found = new Uint8Array(needles.length);
    this.left = 0;
    const byWidth = new Map<number, Group>();
    this.needles.forEach((bytes, i) => {
      if (bytes.length === 0) return;
      this.left++;
      const width = Math.min(bytes.length, WINDOW);
      let g = byWidth.get(width);
      if (!g) {
        g = { width, top: power(width - 1), filter: new Uint8Array(1 << (FILTER_BITS - 3)), byHash: new Map() };
        byWidth.set(width, g);
      }
      const h = hashOf(bytes, bytes.length - width, bytes.length) & KEY_MASK;
      g.filter[(h & ((1 << FILTER_BITS) - 1)) >>> 3]! |= 1 << (h & 7);
      const list = g.byHash.get(h);
      if (list) list.push(i);
      else g.byHash.set(h, [i]);
    });
    this.groups = [...byWidth.values()];
  }

  /** True once every needle was found (nothing more to look for). */
  get done(): boolean {
    return this.left === 0;
  }

  /** Marks every needle that occurs in `text`. */
  search(text: Uint8Array): void {
    for (const g of this.groups) {
      if (this.left === 0) return;
      this.searchGroup(g, text);
    }
  }

  private searchGroup(g: Group, text: Uint8Array): void {
    const { width, top, filter, byHash } = g;
    if (text.length < width) return;
    const mask = (1 << FILTER_BITS) - 1;
    let h = hashOf(text, 0, width);
    for (let end = width; ; end++) {
      // h is the hash of text[end - width, end).
      if ((filter[(h & mask) >>> 3]! & (1 << (h & 7))) !== 0) {
        const list = byHash.get(h & KEY_MASK);
        if (list) this.verify(list, text, end);
      }
      if (end === text.length) return;
      h = (Math.imul((h - Math.imul(text[end - width]!, top)) | 0, BASE) + text[end]!) | 0;
    }
  }

  /** Marks each candidate whose bytes end at `end` in `text`. */
  private verify(list: number[], text: Uint8Array, end: number): void {
    let kept = 0;
    for (const i of list) {
      const n = this.needles[i]!;
      const start = end - n.length;
      let k = 0;
      if (start >= 0) while (k < n.length && text[start + k] === n[k]) k++;
      if (k === n.length) {
        this.found[i] = 1;
        this.left--;
      } else list[kept++] = i; // a found needle is never compared again
    }
    list.length = kept;
  }
}

function power(e: number): number {
  let p = 1;
  for (let i = 0; i < e; i++) p = Math.imul(p, BASE);
  return p | 0;
}

function hashOf(bytes: Uint8Array, from: number, to: number): number {
  let h = 0;
  for (let i = from; i < to; i++) h = (Math.imul(h, BASE) + bytes[i]!) | 0;
  return h;
}
