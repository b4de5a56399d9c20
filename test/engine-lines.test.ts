// The lines around keyword hits: found by native searches (and kept) until a
// budget runs out, then by the line index; both must give the same bounds.
import { describe, expect, it } from "vitest";
import { boundedLineEnd, boundedLineStart, LineIndex } from "../src/engine/lines.js";

/** The bounds the index gives (the reference). */
function byIndex(text: string, pos: number): [number, number] {
  const index = new LineIndex(text);
  const line = index.lineOf(pos);
  return [index.lineStart(line), index.rawLineEnd(line)];
}

describe("LineIndex.lineStartAt / lineEndAt", () => {
  const texts = ["", "\n", "a", "a\n", "\nab\n\ncd", "x\r\ny\rz\n\n\nlast", `${"k".repeat(5000)}\n${"q\n".repeat(50)}${"w".repeat(3000)}`];

  it("agree with the index at every position, in order and out of order", () => {
    for (const text of texts) {
      const index = new LineIndex(text);
      const positions = [...Array(text.length + 1).keys()];
      for (const pos of [...positions, ...positions.reverse()]) {
        const [start, end] = byIndex(text, pos);
        expect([index.lineStartAt(pos), index.lineEndAt(pos)], `${JSON.stringify(text.slice(0, 20))} at ${pos}`).toEqual([start, end]);
      }
    }
  });

  it("answer the same once the search budget is spent and the index takes over", () => {
    // Long lines asked about again and again, alternately: the native searches would go quadratic.
    const text = `${"a".repeat(20000)}\n${"b".repeat(20000)}\nc`;
    const index = new LineIndex(text);
    for (let k = 0; k < 200; k++) {
      const pos = k % 2 === 0 ? 100 + k : 20100 + k;
      expect(index.lineStartAt(pos)).toBe(byIndex(text, pos)[0]);
      expect(index.lineEndAt(pos + 1)).toBe(byIndex(text, pos + 1)[1]);
      expect(index.lineStartAt(text.length)).toBe(40002);
    }
    expect(index.lineCount).toBe(3);
  });

  it("bound windows on long lines and mark the cut", () => {
    const text = `short\n${"x".repeat(100)}\nend`;
    const index = new LineIndex(text);
    expect(boundedLineStart(index, 2, 10)).toEqual({ at: 0, hard: false });
    expect(boundedLineEnd(index, 2, 10)).toEqual({ at: 5, hard: false });
    expect(boundedLineStart(index, 60, 10)).toEqual({ at: 50, hard: true });
    expect(boundedLineEnd(index, 60, 10)).toEqual({ at: 70, hard: true });
    expect(boundedLineEnd(index, text.length - 1, 10)).toEqual({ at: text.length, hard: false });
  });
});
