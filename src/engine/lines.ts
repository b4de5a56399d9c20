// Offset → line/column mapping, built lazily: most fragments have no finding,
// so most never pay for an index; the lines around keyword hits are found
// without one.

export class LineIndex {
  private starts: number[] | undefined;
  /**
   * The lines last met by lineStartAt and lineEndAt ([start, end) each, end
   * at the "\n"), and the characters searched so far to find lines that way.
   * A scan asks for the lines of a few keyword hits per file: finding those
   * few lines costs far less than indexing every line of the file (5% of a
   * tree scan went to the index). Two lines, because a multi-line window asks
   * for the line before its hit and the one after, and each kind of question
   * comes in order of position, one rule after another.
   */
  private startLine = [1, 0];
  private endLine = [1, 0];
  private searched = 0;
  constructor(private readonly text: string) {}

  /** Where the line holding `pos` starts (0 ≤ pos ≤ length). */
  lineStartAt(pos: number): number {
    return this.lineAt(pos, this.startLine)[0]!;
  }

  /** Where the line holding `pos` ends: at its "\n", or the end of the text. */
  lineEndAt(pos: number): number {
    return this.lineAt(pos, this.endLine)[1]!;
  }

  private lineAt(pos: number, line: number[]): number[] {
    if (line[0]! <= pos && pos <= line[1]!) return line;
    const text = this.text;
    if (this.starts === undefined && this.searched <= 2 * text.length + 4096) {
      // Native searches out to the line's ends; past a budget of twice the text (long lines met again
      // and again, rule after rule) the index below takes over, so the cost stays linear.
      const start = pos === 0 ? 0 : text.lastIndexOf("\n", pos - 1) + 1;
      let end = text.indexOf("\n", pos);
      if (end === -1) end = text.length;
      this.searched += end - start;
      line[0] = start;
      line[1] = end;
      return line;
    }
    const n = this.lineOf(pos);
    line[0] = this.lineStart(n);
    line[1] = this.rawLineEnd(n);
    return line;
  }

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
