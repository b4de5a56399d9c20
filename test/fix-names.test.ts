// Variable names for fixed keys: the provider's convention, else the name the
// code assigned the value to, made unique; and the literal finder under them.
import { describe, expect, it } from "vitest";
import { proposedName, providerName, toEnvName, uniqueName } from "../src/fix/names.js";
import { assignedName } from "../src/fix/literal.js";
import { formatEntry, parseDotenv } from "../src/fix/dotenv.js";
import { dotenv, fix, stagedRepo } from "./helpers/fixrepo.js";
import { githubToken, randomToken } from "./helpers/keys.js";
import { commitFiles, git, initRepo, runCli, tempDir, write } from "./helpers/gitrepo.js";

describe("fix names", () => {
  it("uses the provider's documented variable", () => {
    expect(providerName("openai-project-key")).toBe("OPENAI_API_KEY");
    expect(providerName("anthropic-api-key")).toBe("ANTHROPIC_API_KEY");
    expect(providerName("gemini-api-key")).toBe("GEMINI_API_KEY");
    expect(providerName("deepseek-api-key")).toBe("DEEPSEEK_API_KEY");
    expect(providerName("dashscope-api-key")).toBe("DASHSCOPE_API_KEY");
    expect(providerName("sendgrid-api-key")).toBe("SENDGRID_API_KEY");
    expect(providerName("aws-secret-access-key")).toBe("AWS_SECRET_ACCESS_KEY");
    expect(providerName("github-fine-grained-pat")).toBe("GITHUB_TOKEN");
    expect(providerName("stripe-live-secret-key")).toBe("STRIPE_SECRET_KEY");
    expect(providerName("generic-password-assignment")).toBeUndefined();
  });

  it("derives UPPER_SNAKE_CASE from the assigned name, else a word from the rule", () => {
    expect(toEnvName("dbPassword")).toBe("DB_PASSWORD");
    expect(toEnvName("HTTPServerKey")).toBe("HTTP_SERVER_KEY");
    expect(toEnvName("api-key")).toBe("API_KEY");
    expect(proposedName("generic-password-assignment", "dbPassword")).toBe("DB_PASSWORD");
    expect(proposedName("generic-password-assignment", "value")).toBe("PASSWORD");
    expect(proposedName("generic-secret-assignment", undefined)).toBe("SECRET_KEY");
    expect(uniqueName("API_KEY", (n) => n === "API_KEY" || n === "API_KEY_2")).toBe("API_KEY_3");
  });

  it("finds the assigned name in each language's assignment syntax", () => {
    expect(assignedName("const apiKey = ")).toBe("apiKey");
    expect(assignedName('  "apiKey": ')).toBe("apiKey");
    expect(assignedName("$db_password = ")).toBe("db_password");
    expect(assignedName("    'secret' => ")).toBe("secret");
    expect(assignedName("private static final String dbPassword = ")).toBe("dbPassword");
    expect(assignedName("\tAPI_KEY := ")).toBe("API_KEY");
    expect(assignedName("config.mail.password = ")).toBe("password");
    expect(assignedName("client = OpenAI(api_key=")).toBe("api_key");
    expect(assignedName("print(")).toBeUndefined();
  });

  it("writes .env values that dotenv readers and sh read back unchanged", () => {
    for (const v of ["abc123", "a b", "x$y`z", "it's", 'q"uote']) {
      expect(parseDotenv(formatEntry("K", v)).get("K")).toBe(v);
    }
  });

  it("names a generic password after its variable (dbPassword → DB_PASSWORD)", () => {
    const pw = randomToken(20);
    const repo = stagedRepo({ "db.js": `const dbPassword = "${pw}";\n` });
    expect(runCli(["--staged"], { cwd: repo }).code).toBe(1);
    const r = fix(repo, "--yes");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(git(repo, "show", ":db.js")).toBe("const dbPassword = process.env.DB_PASSWORD;\n");
    expect(dotenv(repo).DB_PASSWORD).toBe(pw);
  });

  it("says a key must be rotated when only a remote branch holds it", () => {
    const key = githubToken();
    const origin = tempDir();
    git(origin, "init", "-q", "--bare");
    const repo = initRepo();
    commitFiles(repo, { "README.md": "x\n" });
    git(repo, "remote", "add", "origin", origin);
    git(repo, "checkout", "-q", "-b", "leak");
    commitFiles(repo, { "old.js": `const t = "${key}";\n` });
    git(repo, "push", "-q", "--no-verify", "origin", "leak");
    git(repo, "checkout", "-q", "main");
    git(repo, "branch", "-q", "-D", "leak");
    write(repo, "a.js", `const t = "${key}";\n`);
    git(repo, "add", "a.js");
    const r = fix(repo, "--yes");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/GITHUB_TOKEN \(GitHub, ghp_\w+…\): committed before/);
  });
});
