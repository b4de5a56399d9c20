// The diff parser on combined diffs (`git log -c`, merges): only lines added
// relative to every parent become fragments, at their line in the merge.
import { describe, expect, it } from "vitest";
import { DiffParser } from "../src/sources/diff.js";
import { emptyStats } from "../src/engine/stats.js";

function parse(lines: string[]) {
  const parser = new DiffParser("history", emptyStats(), () => true);
  parser.setCommit({ sha: "m".repeat(40), author: "A", email: "a@example.invalid", date: "2024-01-01T00:00:00Z" });
  for (const l of lines) parser.line(l);
  parser.end();
  return parser.ready.map((f) => ({ path: f.path, text: f.text, lines: f.lineNumbers }));
}

describe("combined diffs", () => {
  it("keeps lines added relative to both parents, not those one parent had", () => {
    expect(
      parse([
        "diff --combined config.txt",
        "index 1111111,2222222..3333333",
        "--- a/config.txt",
        "+++ b/config.txt",
        "@@@ -2,2 -2,1 +2,3 @@@",
        "- b = main",
        " -b = feature",
        "++b = both",
        "++typed = while resolving",
        " +from main only",
        "diff --combined other.txt",
        "--- a/other.txt",
        "+++ b/other.txt",
        "@@@ -5,0 -5,0 +5,1 @@@",
        "++evil",
      ]),
    ).toEqual([
      { path: "config.txt", text: "b = both\ntyped = while resolving", lines: [2, 3] },
      { path: "other.txt", text: "evil", lines: [5] },
    ]);
  });

  it("reads an octopus merge's hunks, where an added line starts with +++", () => {
    expect(
      parse([
        "diff --combined f",
        "index a,b,c..d",
        "--- a/f",
        "+++ b/f",
        "@@@@ -4,0 -4,0 -4,0 +4,2 @@@@",
        "+++evil line",
        "+++ b/not-a-header",
        "diff --combined n.txt",
        "new file mode 100644",
        "--- /dev/null",
        "+++ b/n.txt",
        "@@@@ -1,0 -1,0 -1,0 +1,1 @@@@",
        "+++new",
      ]),
    ).toEqual([
      { path: "f", text: "evil line\n b/not-a-header", lines: [4, 5] },
      { path: "n.txt", text: "new", lines: [1] },
    ]);
  });

  it("goes back to headers after a hunk, and on a line that is not part of one", () => {
    const out = parse([
      "diff --combined a",
      "--- a/a",
      "+++ b/a",
      "@@@ -1,0 -1,0 +1 @@@",
      "++one",
      "diff --cc a2", // --cc, as history.ts asks for
      "--- a/a2",
      "+++ b/a2",
      "@@@ -1,2 -1,2 +1,2 @@@", // claims more lines than follow
      "++two-a",
      "diff --git a/b b/b",
      "--- a/b",
      "+++ b/b",
      "@@ -0,0 +1 @@",
      "+two",
    ]);
    expect(out).toEqual([
      { path: "a", text: "one", lines: [1] },
      { path: "a2", text: "two-a", lines: [1] },
      { path: "b", text: "two", lines: [1] },
    ]);
  });
});
