// --format html as text: escaping of hostile values, redaction, the strict
// Content-Security-Policy, presence, and the CLI writing the file. The page's
// behaviour in a real browser is tested in report-html-browser.test.ts.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Finding } from "../src/engine/types.js";
import { htmlReport } from "../src/report/html.js";
import { revokeHtml, safeUrl } from "../src/report/html-escape.js";
import { commit, makeContext, makeFinding, openaiKey } from "./fixtures/report-findings.js";
import { commitFiles, fakeKey, git, initRepo, keyLine, runCli, tempDir, write } from "./helpers/gitrepo.js";

// Control characters and bidi overrides must never reach the page raw (tab and line breaks are harmless).
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const history = (findings: Finding[], redact = true) => htmlReport(findings, makeContext(findings, { mode: "history", redact, stats: { commits: 4 } }));

/** The attribute values of every element of this tag (a test-only reader, not an HTML parser). */
const rowsOf = (page: string) => [...page.matchAll(/<tr id="f-\d+"[^>]*data-present="(\w+)"[^>]*>/g)].map((m) => m[1]);

function sha256(s: string): string {
  return createHash("sha256").update(s, "utf8").digest("base64");
}

describe("html reporter", () => {
  it("escapes file names, commit subjects and authors holding markup, quotes and control characters", () => {
    const f = makeFinding({
      path: `src/"><script>alert(1)</script>\u001b[31m\u202e'.js`,
      commit: {
        ...commit(),
        author: `Mallory "the 'tester'" <img src=x onerror=alert(2)>\u0007`,
        email: `m"a@example.invalid`,
        message: `</script><script>alert(3)</script> "quoted" \u001b[2J`,
      },
      before: `x = "<b>`,
    });
    f.stillInHead = false;
    const page = history([f]);
    // One script element: the page's own.
    expect(page.match(/<script/gi)).toHaveLength(1);
    expect(page).not.toMatch(/<img|<b>|onerror=alert\(2\)>/);
    expect(page).not.toMatch(RAW_CONTROL);
    expect(page).toContain("src/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\\x1b[31m\\u202e&#39;.js");
    expect(page).toContain("&lt;/script&gt;&lt;script&gt;alert(3)&lt;/script&gt; &quot;quoted&quot; \\x1b[2J");
    expect(page).toContain("Mallory &quot;the &#39;tester&#39;&quot; &lt;img src=x onerror=alert(2)&gt;\\x07");
    expect(page).toContain(`title="m&quot;a@example.invalid"`);
    // Every attribute value is quoted and none is broken open by a value: no quote follows an attribute's closing quote directly.
    expect(page).not.toMatch(/="[^"]*""/);
  });

  it("keeps secrets redacted unless --no-redact, and says so when they are not", () => {
    const findings = [makeFinding(), makeFinding({ ruleId: "openai-project-key", provider: "OpenAI", secret: openaiKey(), path: "b.py" })];
    const redacted = history(findings);
    for (const f of findings) {
      expect(redacted).not.toContain(f.secret);
      expect(redacted).toContain(f.redacted.replace("…", ""));
    }
    expect(redacted).toContain("Secrets are redacted");
    const full = history(findings, false);
    for (const f of findings) expect(full).toContain(f.secret);
    expect(full).toContain("This file contains full secrets (--no-redact)");
  });

  it("allows only its own inline style and script, by hash, and references nothing outside the page", () => {
    const page = history([makeFinding({ commit: commit() })]);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1]?.replace(/&#39;/g, "'");
    expect(csp).toBeDefined();
    const script = /<script>([\s\S]*)<\/script>/.exec(page)![1]!;
    const style = /<style>([\s\S]*)<\/style>/.exec(page)![1]!;
    expect(csp).toBe(
      `default-src 'none'; script-src 'sha256-${sha256(script)}'; style-src 'sha256-${sha256(style)}'; img-src 'none'; base-uri 'none'; form-action 'none'`,
    );
    // No attribute loads anything: no src, no stylesheet links, no url() or @import in the CSS.
    expect(page).not.toMatch(/\ssrc=|<link|<iframe|<object|<embed|@import|url\(/i);
    // The only http(s) references are revoke links (plain <a>, opened without referrer) and SVG's namespace.
    const urls = [...page.matchAll(/https?:\/\/[^\s"'<)]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(["https://github.com/settings/tokens", "http://www.w3.org/2000/svg"]));
  });

  it("shows whether each secret is still present: yes, no, unknown for history; yes for a directory scan", () => {
    const a = makeFinding({ path: "a.js", commit: commit() });
    const b = makeFinding({ path: "b.js", commit: { ...commit(), date: "2021-01-01T00:00:00Z" } });
    const c = makeFinding({ path: "c.js", commit: commit() });
    a.stillInHead = false;
    b.stillInHead = true;
    const page = history([a, b, c]);
    // Still present first, then unknown, then removed.
    expect(rowsOf(page)).toEqual(["yes", "unknown", "no"]);
    expect(page).toMatch(/id="count-present">1</);
    expect(page).toMatch(/id="count-removed">1</);
    expect(page).toMatch(/id="count-unknown">1</);
    expect(page).toContain('<circle class="dot present"');
    expect(page).toContain("no longer in the code, and still live until rotated");

    const tree = [makeFinding({ path: "x.js" }), makeFinding({ path: "y.js" })];
    const treePage = htmlReport(tree, makeContext(tree, { mode: "tree" }));
    expect(rowsOf(treePage)).toEqual(["yes", "yes"]);
    expect(treePage).toMatch(/id="count-present">2</);
    expect(treePage).not.toContain("count-removed");
    expect(treePage).not.toContain("<th scope=\"col\">Commit</th>");
    expect(treePage).toContain("the timeline needs a history scan");
  });

  it("draws one timeline dot per dated finding, and counts the ones a full column cannot hold", () => {
    const sameDay = Array.from({ length: 40 }, (_, i) => makeFinding({ path: `f${i}.js`, commit: commit() }));
    const page = history(sameDay);
    const dots = page.match(/<a href="#f-\d+"><circle/g) ?? [];
    const more = Number(/<text class="more"[^>]*>\+(\d+)<\/text>/.exec(page)?.[1]);
    expect(dots.length).toBeGreaterThan(5);
    expect(dots.length + more).toBe(40);
  });

  it("makes revoke URLs links and leaves other schemes as text", () => {
    expect(safeUrl("https://platform.openai.com/api-keys (project keys)")).toBe("https://platform.openai.com/api-keys");
    expect(safeUrl("javascript:alert(1)")).toBeUndefined();
    expect(safeUrl("vault token revoke <token>")).toBeUndefined();
    expect(revokeHtml("https://x.example/keys (then rotate)")).toBe(
      '<a href="https://x.example/keys" rel="noopener noreferrer" target="_blank">https://x.example/keys</a> (then rotate)',
    );
    expect(revokeHtml('javascript:alert("x")')).toBe("javascript:alert(&quot;x&quot;)");
    expect(revokeHtml('https://x.example/"onmouseover=alert(1)')).toContain('href="https://x.example/"');
  });

  it("says so when there is nothing to report", () => {
    const page = htmlReport([], makeContext([], { mode: "tree" }));
    expect(page).toContain("No secrets found.");
    expect(page).not.toContain(`id="findings-table"`);
  });
});

describe("scan-keys --format html", () => {
  it("writes the page to --output for a history scan, exit code 1, the secret redacted", () => {
    const repo = initRepo();
    const key = fakeKey();
    commitFiles(repo, { "app.js": `${keyLine(key)}\n` }, "add the key");
    const out = join(tempDir(), "audit.html");
    const r = runCli(["--history", "--all", "--format", "html", "-o", out], { cwd: repo });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const page = readFileSync(out, "utf8");
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain("History scan of 1 commit");
    expect(page).toContain(git(repo, "rev-parse", "HEAD").trim().slice(0, 12));
    expect(page).not.toContain(key);
    expect(page).toMatch(/id="count-total">1</);
  });

  it("works for a directory scan next to another format", () => {
    const dir = tempDir();
    const key = fakeKey();
    write(dir, "conf/settings.py", `${keyLine(key)}\n`);
    const r = runCli([".", "--format", "text", "--format", "html", "-o", "-", "-o", "audit.html"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("conf/settings.py:1");
    const page = readFileSync(join(dir, "audit.html"), "utf8");
    expect(page).toContain("Directory scan of 1 file");
    expect(page).toContain("<code>conf/settings.py:1</code>");
    expect(page).not.toContain(key);
  });
});
