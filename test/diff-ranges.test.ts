// The history reader hands the diff parser ranges of git's output instead of
// line strings (RangeSplitter + DiffParser.lineAt): the fragments must be
// exactly those of LineSplitter + DiffParser.line, however the output is cut
// into chunks.
import { describe, expect, it } from "vitest";
import { DiffParser, LineSplitter, RangeSplitter } from "../src/sources/diff.js";
import { emptyStats } from "../src/engine/stats.js";

const DIFF = [
  "diff --git a/app.js b/app.js",
  "index 1111111..2222222 100644",
  "--- a/app.js",
  "+++ b/app.js",
  "@@ -1,2 +1,3 @@",
  "-const a = 1;",
  "-",
  "+const a = 2;",
  "+",
  "+const token = 'x';",
  "\\ No newline at end of file",
  "@@ -10 +11,0 @@",
  "-gone",
  "@@ -20,0 +20,2 @@",
  "++++ b/looks-like-a-header",
  "+diff --git a/x b/x",
  "diff --git a/ctx.txt b/ctx.txt",
  "--- a/ctx.txt",
  "+++ b/ctx.txt",
  "@@ -1,3 +1,3 @@",
  " same",
  "-old",
  "+new",
  " tail",
  "diff --cc merged.txt",
  "--- a/merged.txt",
  "+++ b/merged.txt",
  "@@@ -1,1 -1,1 +1,2 @@@",
  "- main",
  " -feature",
  "++typed while merging",
  "++second",
  "diff --git a/img.png b/img.png",
  "index 3333333..4444444 100644",
  "Binary files a/img.png and b/img.png differ",
  "",
  "diff --git \"a/sp ace\\tname\" \"b/sp ace\\tname\"",
  "--- \"a/sp ace\\tname\"",
  "+++ \"b/sp ace\\tname\"",
  "@@ -0,0 +1 @@",
  "+quoted path",
].join("\n");

function fragments(feed: (parser: DiffParser) => { push(s: string): void; end(): void }, chunks: string[]) {
  const parser = new DiffParser("history", emptyStats(), () => true);
  parser.setCommit({ sha: "c".repeat(40), author: "A", email: "a@example.invalid", date: "2024-01-01T00:00:00Z" });
  const split = feed(parser);
  for (const c of chunks) split.push(c);
  split.end();
  parser.end();
  return { ready: parser.ready.map((f) => ({ path: f.path, text: f.text, lines: f.lineNumbers, binary: f.binary })), binaries: parser.binaries };
}

const byLine = (p: DiffParser) => new LineSplitter((l) => p.line(l));
const byRange = (p: DiffParser) => new RangeSplitter((t, s, e) => p.lineAt(t, s, e));

describe("RangeSplitter + lineAt", () => {
  it("gives LineSplitter + line's fragments for every chunk size", () => {
    const whole = fragments(byLine, [DIFF]);
    expect(whole.ready.map((f) => f.text)).toEqual(["const a = 2;\n\nconst token = 'x';", "+++ b/looks-like-a-header\ndiff --git a/x b/x", "new", "typed while merging\nsecond", "", "quoted path"]);
    for (const size of [1, 2, 3, 5, 7, 16, 64, 1000]) {
      const chunks: string[] = [];
      for (let i = 0; i < DIFF.length; i += size) chunks.push(DIFF.slice(i, i + size));
      expect(fragments(byRange, chunks)).toEqual(whole);
      expect(fragments(byLine, chunks)).toEqual(whole);
    }
  });
});
