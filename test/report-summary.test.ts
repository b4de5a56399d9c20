import { describe, expect, it } from "vitest";
import { summaryLines } from "../src/report/summary.js";
import { emptyStats } from "../src/engine/stats.js";
import { makeFinding, openaiKey } from "./fixtures/report-findings.js";

const stats = (over: Partial<ReturnType<typeof emptyStats>> = {}) => ({ ...emptyStats(), files: 120, bytes: 3 * 1024 * 1024, durationMs: 1500, ...over });

describe("summary table", () => {
  it("counts findings per provider and rule, with a total", () => {
    const openai = () => makeFinding({ ruleId: "openai-project-key", provider: "OpenAI", secret: openaiKey() });
    const findings = [makeFinding(), openai(), openai(), makeFinding({ ruleId: "github-oauth", provider: "GitHub" })];
    const text = summaryLines(findings, stats()).join("\n");
    expect(text).toMatch(/provider\s+rule\s+findings/);
    expect(text).toMatch(/GitHub\s+github-oauth\s+1/);
    expect(text).toMatch(/GitHub\s+github-pat\s+1/);
    expect(text).toMatch(/OpenAI\s+openai-project-key\s+2/);
    expect(text).toMatch(/total\s+4/);
    expect(text).toContain("120 files, 3.0 MB in 1.50 s");
  });

  it("history: counts the secrets still in HEAD and lists rows that have some first", () => {
    const openai = (stillInHead: boolean) => ({ ...makeFinding({ ruleId: "openai-project-key", provider: "OpenAI", secret: openaiKey() }), stillInHead });
    const findings = [{ ...makeFinding(), stillInHead: false }, openai(true), openai(false)];
    const lines = summaryLines(findings, stats());
    expect(lines.findIndex((l) => /OpenAI/.test(l))).toBeLessThan(lines.findIndex((l) => /GitHub/.test(l)));
    expect(lines.join("\n")).toMatch(/provider\s+rule\s+findings\s+in HEAD/);
    expect(lines.join("\n")).toMatch(/OpenAI\s+openai-project-key\s+2\s+1/);
    expect(lines.join("\n")).toMatch(/total\s+3\s+1/);
    expect(lines.join("\n")).toContain("1 of 3 still in HEAD's tree");
    // Tree scans: no such column.
    expect(summaryLines([makeFinding()], stats()).join("\n")).not.toContain("in HEAD");
  });

  it("says what was skipped and why, and lists unreadable files", () => {
    const text = summaryLines(
      [],
      stats({ commits: 7, skippedBinary: 3, skippedTooLarge: 1, skippedUnreadable: 2, unreadable: [{ path: "a\u001b.txt", reason: "EACCES" }, { path: "b.txt", reason: "EISDIR" }] }),
    ).join("\n");
    expect(text).toContain("no secrets found");
    expect(text).toContain("120 files, 7 commits");
    expect(text).toContain("3 binary files: binary content holds no text to scan");
    expect(text).toContain("1 file too large: over --max-file-size");
    expect(text).toContain("2 files unreadable:");
    expect(text).toContain("a\\x1b.txt: EACCES");
    expect(text).toContain("b.txt: EISDIR");
    expect(text).not.toContain("\u001b");
  });

  it("says nothing was skipped, and counts suppressed findings", () => {
    const lines = summaryLines([], stats({ suppressed: { inline: 2, baseline: 1, config: 0 } }));
    expect(lines.join("\n")).toMatch(/skipped\s+nothing/);
    expect(lines.join("\n")).toContain("3 findings: 2 by inline, 1 by baseline");
    expect(lines.every((l) => l === l.trimEnd())).toBe(true);
  });

  it("caps the list of unreadable files", () => {
    const unreadable = Array.from({ length: 25 }, (_, i) => ({ path: `f${i}`, reason: "EACCES" }));
    const text = summaryLines([], stats({ skippedUnreadable: 25, unreadable })).join("\n");
    expect(text).toContain("… and 15 more");
  });
});
