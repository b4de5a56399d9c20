// Counts cl100k_base BPE tokens — the generic judge's "characters per token"
// signal — from a table that loads in a few milliseconds. dist/tokenizer.js
// is this file plus gpt-tokenizer's rank table, which the build lays out as
// one string of every token's bytes in rank order and one string of their
// lengths (scripts/build.mjs, tokenizerModule).
//
// Why not gpt-tokenizer itself at run time: its encoder builds a Map of
// 100,256 strings (and Object.keys of the table) before the first count,
// 60-70 ms of every history or tree scan that judges a generic candidate, for
// a judge that needs only counts. The merge loop below is the same algorithm
// (gpt-tokenizer's bytePairMerge: merge the adjacent pair of lowest rank,
// leftmost first, until no pair is a token), on bytes; the test in
// generic-judge.test.ts holds its counts equal to gpt-tokenizer's.

export interface BpeTable {
  /** Every token's bytes (one char per byte), in rank order. */
  keys: string;
  /** One char per rank: that token's byte length; 0 for a rank gpt-tokenizer can never look up. */
  lengths: string;
  /** The pre-tokenizer's split pattern (cl100k's), global. */
  split: RegExp;
}

const ASCII = /^[\x00-\x7f]*$/;

/** The counting function over `table`; the lookup index is built here, once (~100k short keys). */
export function createTokenCounter(table: BpeTable): (s: string) => number {
  const { keys, lengths, split } = table;
  const n = lengths.length;
  const starts = new Int32Array(n + 1);
  // Open addressing, linear probing: slot → rank + 1 (0 is empty). Under 40% full.
  const mask = (1 << Math.ceil(Math.log2(n * 2.5))) - 1;
  const slots = new Int32Array(mask + 1);
  for (let rank = 0, at = 0; rank < n; rank++) {
    const end = at + lengths.charCodeAt(rank);
    starts[rank + 1] = end;
    if (end > at) {
      let h = hash(keys, at, end) & mask;
      while (slots[h] !== 0) h = (h + 1) & mask;
      slots[h] = rank + 1;
    }
    at = end;
  }

  /** The rank of the token whose bytes are bytes[from, to), or -1. */
  const rankOf = (bytes: string, from: number, to: number): number => {
    const len = to - from;
    for (let h = hash(bytes, from, to) & mask; ; h = (h + 1) & mask) {
      const slot = slots[h]!;
      if (slot === 0) return -1;
      const at = starts[slot - 1]!;
      if (starts[slot]! - at === len && sameChars(keys, at, bytes, from, len)) return slot - 1;
    }
  };

  /** How many tokens the byte-pair merges leave of `bytes` (gpt-tokenizer's bytePairMerge). */
  const mergedParts = (bytes: string): number => {
    const parts: number[] = []; // start of each part, then bytes.length
    const ranks: number[] = []; // ranks[i]: the rank of parts i and i+1 joined, Infinity for none
    for (let i = 0; i <= bytes.length; i++) parts.push(i);
    const pairRank = (i: number): number => (i + 2 < parts.length ? rankOrInfinity(rankOf(bytes, parts[i]!, parts[i + 2]!)) : Infinity);
    for (let i = 0; i < parts.length; i++) ranks.push(pairRank(i));
    while (parts.length > 1) {
      let lowest = Infinity;
      let at = -1;
      for (let i = 0; i < ranks.length - 1; i++) {
        if (ranks[i]! < lowest) {
          lowest = ranks[i]!;
          at = i;
        }
      }
      if (at === -1) break;
      parts.splice(at + 1, 1);
      ranks.splice(at, 1);
      ranks[at] = pairRank(at);
      if (at > 0) ranks[at - 1] = pairRank(at - 1);
    }
    return parts.length - 1;
  };

  return (s) => {
    let count = 0;
    for (const [piece] of s.matchAll(split)) {
      const bytes = ASCII.test(piece) ? piece : Buffer.from(piece, "utf8").toString("latin1");
      count += rankOf(bytes, 0, bytes.length) >= 0 ? 1 : mergedParts(bytes);
    }
    return count;
  };
}

function rankOrInfinity(rank: number): number {
  return rank < 0 ? Infinity : rank;
}

/** FNV-1a over chars [from, to) (bytes here). */
function hash(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function sameChars(a: string, at: number, b: string, from: number, len: number): boolean {
  for (let i = 0; i < len; i++) if (a.charCodeAt(at + i) !== b.charCodeAt(from + i)) return false;
  return true;
}
