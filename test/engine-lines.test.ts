// The lines around keyword hits: found by native searches (and kept) until a
// budget runs out, then by the line index; both must give the same bounds.
import { describe, expect, it } from "vitest";
import type { CompiledRule } from "../src/engine/compile.js";
import { LineIndex } from "../src/engine/lines.js";
import { regionsFor } from "../src/engine/windows.js";

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
    const window = (pos: number, multiline = false) => {
      const rule = { window: 10, multiline } as unknown as CompiledRule; // regionsFor reads only these two
      return regionsFor(text, new LineIndex(text), [pos], rule)[0];
    };
    expect(window(2)).toEqual({ start: 0, end: 5, hardStart: false, hardEnd: false });
    expect(window(60)).toEqual({ start: 50, end: 70, hardStart: true, hardEnd: true });
    expect(window(text.length - 1)).toEqual({ start: text.length - 3, end: text.length, hardStart: false, hardEnd: false });
    // A multi-line rule looks `window` characters before and after its hit for lines, then as far again.
    expect(window(60, true)).toEqual({ start: 40, end: 80, hardStart: true, hardEnd: true });
    expect(window(8, true)).toEqual({ start: 0, end: 28, hardStart: false, hardEnd: true });
  });
});
