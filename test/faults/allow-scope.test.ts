// Inline allow scope: the marker counts only in a comment; on a long line it
// covers only the finding nearest to it; a mistyped rule id allows nothing
// and is reported.
import { describe, expect, it } from "vitest";
import { fakeKey, faultJson, runFault, tempDir, write } from "./helpers.js";
import { awsAccessKeyId } from "../helpers/keys.js";

describe("inline allow scope", () => {
  it("a string holding the marker on a minified line does not hide a real key elsewhere on it", () => {
    const dir = tempDir();
    const filler = "x".repeat(300);
    write(dir, "app.min.js", `var a="scan-keys:allow",f="${filler}",t="${fakeKey()}";\n`);
    const r = faultJson("marker in a string", ["."], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.report.findings).toHaveLength(1);
  });

  it("the marker in a comment allows the key on a short line, in the usual comment syntaxes", () => {
    const dir = tempDir();
    const lines = [
      `const t = "${fakeKey()}"; // scan-keys:allow`,
      `t = "${fakeKey()}"  # scan-keys:allow`,
      `SELECT '${fakeKey()}'; -- gitleaks:allow`,
      `<a data-t="${fakeKey()}"> <!-- scan-keys:allow -->`,
      `/* scan-keys:allow */ const u = "${fakeKey()}";`,
      `token = ${fakeKey()} ; scan-keys:allow`,
      `Here's the test key: ${fakeKey()} <!-- scan-keys:allow -->`,
    ];
    write(dir, "mixed.txt", `${lines.join("\n")}\n`);
    const r = faultJson("marker in comments", ["."], { cwd: dir });
    expect(r.report.findings).toEqual([]);
    expect(r.code).toBe(0);
  });

  it("the marker outside any comment is text: the key is reported", () => {
    const dir = tempDir();
    write(dir, "a.txt", `token=${fakeKey()} scan-keys:allow\n`);
    write(dir, "b.js", `url = "http://example.invalid/scan-keys:allow"; t = "${fakeKey()}";\n`);
    const r = faultJson("marker not in a comment", ["."], { cwd: dir });
    expect(r.report.findings.map((f) => f.file).sort()).toEqual(["a.txt", "b.js"]);
  });

  it("on a long line a comment's marker covers only the finding next to it", () => {
    const dir = tempDir();
    const far = fakeKey();
    const near = fakeKey();
    write(dir, "bundle.js", `a="${far}";${" ".repeat(400)}b="${near}"; // scan-keys:allow\n`);
    const r = faultJson("long line, nearest only", ["."], { cwd: dir });
    expect(r.report.findings.map((f) => f.column)).toEqual([4]);
    expect(r.report.stats.suppressed).toEqual({ inline: 1 });
  });

  it("a mistyped rule id after the marker allows nothing and is named in a warning", () => {
    const dir = tempDir();
    write(dir, "a.js", `const t = "${fakeKey()}"; // scan-keys:allow github-pat\n`);
    const r = faultJson("mistyped rule id", ["."], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.report.findings).toHaveLength(1);
    expect(r.report.stats.notes).toEqual([expect.stringContaining('"github-pat" after scan-keys:allow is not a rule id')]);
    const text = runFault("mistyped rule id, text", ["."], { cwd: dir });
    expect(text.stdout).toMatch(/note\s+a\.js:1: "github-pat" after scan-keys:allow is not a rule id/);
  });

  it("a correct rule id allows that rule only; prose after the marker allows every rule", () => {
    const dir = tempDir();
    write(dir, "a.js", `const t = "${fakeKey()}", k = "${awsAccessKeyId()}"; // scan-keys:allow github-personal-access-token\n`);
    write(dir, "b.js", `const t = "${fakeKey()}"; // scan-keys:allow test fixture\n`);
    const r = faultJson("rule id and prose", ["."], { cwd: dir });
    expect(r.report.findings.map((f) => [f.file, f.ruleId])).toEqual([["a.js", "aws-access-key-id"]]);
  });
});
