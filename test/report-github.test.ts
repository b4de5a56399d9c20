// GitHub Actions workflow commands, parsed back the way the runner does.
import { describe, expect, it } from "vitest";
import { escapeData, escapeProperty, githubReport } from "../src/report/github.js";
import { commit, githubToken, makeContext, makeFinding, randomChars } from "./fixtures/report-findings.js";

const unescape = (s: string) => s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%25/g, "%");

/** Parses one `::cmd k=v,k=v::message` line as the Actions runner does. */
function parseCommand(line: string) {
  const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) throw new Error(`not a workflow command: ${line}`);
  const props: Record<string, string> = {};
  for (const kv of (m[2] ?? "").split(",").filter(Boolean)) {
    const i = kv.indexOf("=");
    props[kv.slice(0, i)] = unescape(kv.slice(i + 1));
  }
  return { command: m[1]!, props, message: unescape(m[3]!) };
}

const lines = (out: string) => out.split("\n").filter(Boolean);

describe("github reporter", () => {
  it("escapes data and properties per the runner's rules", () => {
    expect(escapeData("100% done\r\nnext: a, b")).toBe("100%25 done%0D%0Anext: a, b");
    expect(escapeProperty("100% done\r\nnext: a, b")).toBe("100%25 done%0D%0Anext%3A a%2C b");
  });

  it("writes one annotation per finding with file, lines, columns and title", () => {
    const f = makeFinding({ line: 12 });
    const out = githubReport([f], makeContext([f]));
    expect(lines(out)).toHaveLength(1);
    const c = parseCommand(lines(out)[0]!);
    expect(c.command).toBe("error");
    expect(c.props).toEqual({
      file: "src/config.ts",
      line: "12",
      endLine: "12",
      col: String(f.column),
      endColumn: String(f.endColumn),
      title: "scan-keys: GitHub secret (github-pat)",
    });
    expect(c.message).toContain(f.redacted);
    expect(c.message).toContain("https://github.com/settings/tokens");
    expect(c.message).toContain("environment variable");
    expect(c.message).toContain("scan-keys:allow");
    expect(c.message).toContain(f.fingerprint);
  });

  it("uses error, warning and notice by severity", () => {
    const fs = [makeFinding({ severity: "high" }), makeFinding({ severity: "medium" }), makeFinding({ severity: "low" })];
    expect(lines(githubReport(fs, makeContext(fs))).map((l) => parseCommand(l).command)).toEqual(["error", "warning", "notice"]);
  });

  it("survives commas, colons, percent signs and newlines in file names and messages", () => {
    const path = "dir,with:colons/100%/new\nline\r.env";
    const f = makeFinding({ path, description: "Token: with, punctuation\nand a second line", commit: { ...commit(), author: "A, B: C\n::error::forged" } });
    const out = githubReport([f], makeContext([f], { mode: "history" }));
    const ls = lines(out);
    expect(ls).toHaveLength(1); // nothing from the finding starts a line of its own
    expect(ls.filter((l) => l.startsWith("::"))).toHaveLength(1);
    const c = parseCommand(ls[0]!);
    expect(c.props.file).toBe(path);
    expect(c.message).toContain("Token: with, punctuation\nand a second line");
    expect(c.message).toContain("A, B: C\n::error::forged");
    expect(c.props.title).toBe("scan-keys: GitHub secret (github-pat)");
  });

  it("neutralises terminal escapes from scanned content", () => {
    const f = makeFinding({ path: "a\u001b[2Jb.ts" });
    const out = githubReport([f], makeContext([f]));
    expect(out).not.toContain("\u001b");
    expect(parseCommand(lines(out)[0]!).props.file).toBe("a\\x1b[2Jb.ts");
  });

  it("leaves out columns for multi-line findings", () => {
    const secret = ["-----BEGIN " + "EC PRIVATE KEY-----", randomChars(60), "-----END " + "EC PRIVATE KEY-----"].join("\n");
    const f = makeFinding({ secret, line: 5, before: "", after: "" });
    const c = parseCommand(lines(githubReport([f], makeContext([f])))[0]!);
    expect(c.props.line).toBe("5");
    expect(c.props.endLine).toBe("7");
    expect(c.props.col).toBeUndefined();
    expect(c.props.endColumn).toBeUndefined();
  });

  it("prints nothing when clean, warns about unreadable files", () => {
    expect(githubReport([], makeContext([]))).toBe("");
    const out = githubReport([], makeContext([], { stats: { skippedUnreadable: 1, unreadable: [{ path: "x,y.txt", reason: "EACCES: denied" }] } }));
    const c = parseCommand(lines(out)[0]!);
    expect(c.command).toBe("warning");
    expect(c.props.file).toBe("x,y.txt");
  });

  it("never contains the secret unless redact is false", () => {
    const secret = githubToken();
    const f = makeFinding({ secret });
    expect(githubReport([f], makeContext([f]))).not.toContain(secret);
    expect(githubReport([f], makeContext([f], { redact: false }))).toContain(secret);
  });
});
