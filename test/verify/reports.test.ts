// The verdict, account and scopes in every report format.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/cli.js";
import { runCliAsync, verifierRules } from "./run.js";
import { startProvider, type Provider } from "./server.js";

let provider: Provider;
beforeAll(async () => {
  provider = await startProvider(() => "live");
});
afterAll(async () => provider?.close());

describe("reports", () => {
  it("carry the verdict in text, JSON, SARIF, JUnit, GitHub annotations, gitleaks JSON and HTML", async () => {
    const dir = tempDir();
    const lines = ["openai-project-key", "github-personal-access-token"].map((id) => verifierRules().find((r) => r.id === id)!.line);
    writeFileSync(join(dir, "app.env"), `${lines.join("\n")}\n`);
    const formats = ["json", "sarif", "junit", "github", "gitleaks", "html"];
    const out = (f: string) => join(dir, `report.${f}`);
    const r = await runCliAsync(["app.env", "--verify", ...formats.flatMap((f) => ["-f", f, "-o", out(f)]), "-f", "text"], { cwd: dir, env: provider.env });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("verified:    live · octocat · repo, workflow");
    expect(r.stdout).toContain("verified: 2 live keys, 0 revoked, 0 unknown, 0 not verifiable.");

    const json = JSON.parse(readFileSync(out("json"), "utf8"));
    expect(json.findings.map((f: { verification: unknown }) => f.verification)).toContainEqual({ verdict: "live", account: "octocat", scopes: ["repo", "workflow"], docs: "https://docs.github.com/en/rest/users/users#get-the-authenticated-user" });

    const sarif = JSON.parse(readFileSync(out("sarif"), "utf8"));
    const props = sarif.runs[0].results.map((x: { properties: Record<string, unknown> }) => x.properties);
    expect(props).toContainEqual(expect.objectContaining({ verification: "live", verifiedAccount: "octocat", verifiedScopes: ["repo", "workflow"] }));

    expect(readFileSync(out("junit"), "utf8")).toContain("verified:    live · octocat · repo, workflow");
    const github = readFileSync(out("github"), "utf8");
    expect(github).toContain("title=scan-keys%3A LIVE GitHub secret");
    expect(github).toContain("Verified: live · octocat · repo, workflow.");
    const gitleaks = JSON.parse(readFileSync(out("gitleaks"), "utf8"));
    expect(gitleaks.map((f: { Tags: string[] }) => f.Tags)).toContainEqual(["verified:live"]);

    const html = readFileSync(out("html"), "utf8");
    expect(html).toContain('<th scope="col">Verified</th>');
    expect(html).toContain('id="filter-verdict"');
    expect(html).toMatch(/id="count-live">2<\/span>live keys/);
    expect(html).toContain('data-verdict="live"');
    expect(html).toContain('<span class="verdict-live">live</span><span class="sub">octocat · repo, workflow</span>');
  });

  it("without --verify no report mentions verification", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "app.env"), `${verifierRules().find((r) => r.id === "openai-project-key")!.line}\n`);
    const r = await runCliAsync(["app.env", "-f", "json", "-o", join(dir, "r.json"), "-f", "html", "-o", join(dir, "r.html"), "-f", "text"], { cwd: dir, env: provider.env });
    expect(r.stdout).not.toMatch(/verif/i);
    expect(readFileSync(join(dir, "r.json"), "utf8")).not.toContain("verification");
    expect(readFileSync(join(dir, "r.html"), "utf8")).not.toContain("filter-verdict");
  });
});
