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

  get length(): number {
    return this.text.length;
  }

  /** Where the line ends: the offset of its "\n", or the end of the text. */
  rawLineEnd(line: number): number {
    const starts = this.starts ?? this.build();
    return line + 1 < starts.length ? starts[line + 1]! - 1 : this.text.length;
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
 * A binary search over the line index: a megabyte line full of keyword hits
 * costs log(lines) per hit, not `limit` characters of scanning.
 */
export function boundedLineStart(index: LineIndex, pos: number, limit: number): { at: number; hard: boolean } {
  const lineStart = index.lineStart(index.lineOf(pos));
  const stop = Math.max(0, pos - limit);
  return lineStart >= stop ? { at: lineStart, hard: false } : { at: stop, hard: true };
}

/** Where the line holding `pos` ends (exclusive, at its "\n"), looking ahead at most `limit` characters. */
export function boundedLineEnd(index: LineIndex, pos: number, limit: number): { at: number; hard: boolean } {
  const lineEnd = index.rawLineEnd(index.lineOf(pos));
  const stop = Math.min(index.length, pos + limit);
  return lineEnd < stop ? { at: lineEnd, hard: false } : { at: stop, hard: stop < index.length };
}
