// Issue 25 (smaller items): a config whose one rule lists tens of thousands
// of keywords. Each keyword was checked against the rule's list with
// indexOf, so the time grew with the square of their number (10,000: 6.4 s
// for two tiny files); 40,000 here (the old way: minutes).
import { describe, expect, it } from "vitest";
import { fakeKey, faultJson, git, initRepo, write } from "./helpers.js";

describe("a config with a huge rule", () => {
  it("40,000 keywords in one gitleaks rule: the scan finds its match within the kill timeout", () => {
    const repo = initRepo();
    const keywords = Array.from({ length: 40_000 }, (_, i) => `"kw${String(i).padStart(5, "0")}x"`).join(", ");
    write(repo, ".gitleaks.toml", `[[rules]]\nid = "many-keywords"\ndescription = "a rule with many keywords"\nregex = "kw[0-9]{5}x=([A-Za-z0-9]{20})"\nsecretGroup = 1\nkeywords = [${keywords}]\n`);
    write(repo, "a.txt", "hello\n");
    // Built from parts, so this file holds no match of its own.
    write(repo, "b.txt", `${"kw0"}0042x=${"Ab3dEf6hIj"}9kLm2nOp5q\n`);
    git(repo, "add", "-A");
    const r = faultJson("40,000 keywords", ["--staged"], { cwd: repo, timeoutMs: 60_000 });
    expect(r.code).toBe(1);
    expect(r.report.findings.map((f) => [f.ruleId, f.file])).toEqual([["many-keywords", "b.txt"]]);
  }, 120_000);
});

describe("a config with a huge allowlist", () => {
  it("20,000 allowlist regexes: checked at load, compiled in groups when needed; the last one still allows its secret", () => {
    const repo = initRepo();
    const allowed = fakeKey();
    const reported = fakeKey();
    // The last entry allows one of the two keys (its final 12 characters); none of the others matches either.
    const regexes = Array.from({ length: 20_000 }, (_, i) => `'''allowed${String(i).padStart(6, "0")}[a-z]+'''`);
    regexes.push(`'''${allowed.slice(-12)}$'''`);
    write(repo, ".gitleaks.toml", `[extend]\nuseDefault = true\n\n[allowlist]\nregexes = [${regexes.join(", ")}]\n`);
    write(repo, "a.txt", `token = "${allowed}"\n`);
    write(repo, "b.txt", `token = "${reported}"\n`);
    git(repo, "add", "-A");
    const r = faultJson("20,000 allowlist regexes", ["--staged"], { cwd: repo, timeoutMs: 120_000 });
    expect(r.code).toBe(1);
    expect(r.report.findings.map((f) => f.file)).toEqual(["b.txt"]);
    expect(r.report.stats.suppressed).toEqual({ config: 1 });
  }, 240_000);
});
