// Offset → line/column mapping, built lazily: most fragments have no finding,
// so most never pay for an index.

export class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  private build(): number[] {
    const starts = [0];
    const text = this.text;
    let i = text.indexOf("\n");
    while (i !== -1) {
      starts.push(i + 1);
      i = text.indexOf("\n", i + 1);
    }
    this.starts = starts;
    return starts;
  }

  get lineCount(): number {
    return (this.starts ?? this.build()).length;
  }

  /** 0-based line index of `offset`. */
  lineOf(offset: number): number {
    const starts = this.starts ?? this.build();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  lineStart(line: number): number {
    return (this.starts ?? this.build())[line]!;
  }

  /** End of the line's content, before "\n" and a "\r" that precedes it. */
  lineEnd(line: number): number {
    const starts = this.starts ?? this.build();
    let end = line + 1 < starts.length ? starts[line + 1]! - 1 : this.text.length;
    if (end > starts[line]! && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }
}

/**
 * Where the line holding `pos` starts, looking back at most `limit` characters.
 * `hard` is true when the limit cut the line (a minified or binary-like line).
 */
export function boundedLineStart(text: string, pos: number, limit: number): { at: number; hard: boolean } {
  const stop = Math.max(0, pos - limit);
  for (let i = pos - 1; i >= stop; i--) {
    if (text.charCodeAt(i) === 10) return { at: i + 1, hard: false };
  }
  return { at: stop, hard: stop > 0 };
}

/** Where the line holding `pos` ends (exclusive), looking ahead at most `limit` characters. */
export function boundedLineEnd(text: string, pos: number, limit: number): { at: number; hard: boolean } {
  const stop = Math.min(text.length, pos + limit);
  for (let i = pos; i < stop; i++) {
    if (text.charCodeAt(i) === 10) return { at: i, hard: false };
  }
  return { at: stop, hard: stop < text.length };
}
