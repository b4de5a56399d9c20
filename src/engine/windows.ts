// Where a rule's regex looks: windows around its keyword hits, merged where
// they meet. A single-line rule sees the line of each hit, a multi-line rule
// the lines within its `window` of it; a line longer than the window is cut
// `window` characters from the hit (a hard bound), so a minified file's
// one long line is never searched whole for each hit.

import type { CompiledRule } from "./compile.js";
import type { LineIndex } from "./lines.js";

/** A window: [start, end) of the text, and whether each end cuts a line (a match touching a cut may be part of a longer token). */
export interface Region {
  start: number;
  end: number;
  hardStart: boolean;
  hardEnd: boolean;
}

/** The one window of a rule without keywords: the whole text. */
export function wholeText(text: string): Region {
  return { start: 0, end: text.length, hardStart: false, hardEnd: false };
}

function isSorted(xs: number[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i]! < xs[i - 1]!) return false;
  return true;
}

/** Merged windows around the keyword hits of one rule. */
export function regionsFor(text: string, index: LineIndex, hits: number[], rule: CompiledRule): Region[] {
  const regions: Region[] = [];
  const w = rule.window;
  const multiline = rule.multiline; // read once: rules' fields are getters (compile.ts), and this loop runs per keyword hit
  // The automaton reports a hit where its keyword ends, so a long keyword may
  // arrive after a short one that starts later.
  if (!isSorted(hits)) hits.sort((a, b) => a - b);
  for (const pos of hits) {
    const last = regions[regions.length - 1];
    // A hit on a line already taken whole adds nothing (keywords like "key" recur on a line).
    if (last && !multiline && pos < last.end && !last.hardStart && !last.hardEnd) continue;
    // Single-line rules see the hit's line; multi-line rules the lines within `window` of it. Each
    // end is the line's, or `window` characters further from the hit where the line goes on (a hard
    // bound). Plain numbers, not an object per bound: this runs per keyword hit (over a million on a
    // node_modules, whose minified lines are all hard-bounded), and those objects were a sixth of
    // everything a tree scan allocated.
    const from = multiline ? Math.max(0, pos - w) : pos;
    const to = multiline ? Math.min(text.length, pos + w) : pos;
    const lineStart = index.lineStartAt(from);
    const startStop = Math.max(0, from - w);
    const hardStart = lineStart < startStop;
    const start = hardStart ? startStop : lineStart;
    const lineEnd = index.lineEndAt(to);
    const endStop = Math.min(text.length, to + w);
    const end = lineEnd < endStop ? lineEnd : endStop;
    const hardEnd = lineEnd >= endStop && endStop < text.length;
    if (last && start <= last.end) {
      if (end > last.end) {
        last.end = end;
        last.hardEnd = hardEnd;
      }
    } else {
      regions.push({ start, end, hardStart, hardEnd });
    }
  }
  return regions;
}

/** The first of the sorted `hits` from `k` on at or after `end`. */
export function hitAfter(hits: number[], k: number, end: number): number {
  while (k < hits.length && hits[k]! < end) k++;
  return k;
}
