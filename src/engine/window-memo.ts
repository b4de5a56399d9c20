// What each rule found in a window it has searched before, by the window's
// text. A history meets the same lines again and again: half of the added
// bytes of expressjs/express's history repeat an earlier added line (moved
// code, reverts, merges, files copied between packages), and the bench
// history repeats ~55% of the keyword windows its generic rules search.
// A window's result depends on nothing but its text and the rule (the path
// tests come before, the checks read only the match), and for a judged
// generic rule on the file's path too (the judge's path features), which
// scan.ts then puts in the key; so a repeat costs one Map lookup instead of
// the regex search, the capture search and the judge.
//
// Bounded: at most MAX_ENTRIES windows, forgotten all at once when full. A
// window is a slice of its fragment's text and may keep that text alive, so
// only windows of fragments up to MAX_TEXT characters are kept (most history
// fragments are a few hundred bytes): at most ~16 MB held, whatever the scan.

import type { Severity } from "./types.js";

/** A match, placed relative to its window's start. */
export interface WindowMatch {
  start: number;
  end: number;
  secret: string;
  match: string | undefined;
  entropy: number;
  severity: Severity;
}

const MAX_ENTRIES = 4096;
/** Fragments longer than this keep no windows (a window slice may hold its whole text). */
const MAX_TEXT = 4096;
/** Windows longer than this are not kept: a line that long rarely repeats. */
const MAX_WINDOW = 1024;

const NONE: readonly WindowMatch[] = [];

export class WindowMemo {
  /** Per rule (by index): window text → what the rule found there. */
  private readonly byRule: (Map<string, readonly WindowMatch[]> | undefined)[] = [];
  private size = 0;

  /** Whether a window of `windowLength` characters in a text of `textLength` is kept. */
  static fits(textLength: number, windowLength: number): boolean {
    return textLength <= MAX_TEXT && windowLength <= MAX_WINDOW;
  }

  get(ruleIndex: number, window: string): readonly WindowMatch[] | undefined {
    return this.byRule[ruleIndex]?.get(window);
  }

  set(ruleIndex: number, window: string, matches: WindowMatch[]): void {
    if (this.size >= MAX_ENTRIES) {
      this.byRule.length = 0;
      this.size = 0;
    }
    let map = this.byRule[ruleIndex];
    if (map === undefined) this.byRule[ruleIndex] = map = new Map();
    map.set(window, matches.length === 0 ? NONE : matches);
    this.size++;
  }
}
