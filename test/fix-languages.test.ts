// scan-keys fix --yes on a real repository per language: a staged hard-coded
// key becomes an environment lookup; --staged then passes, .env holds the key
// and is ignored, the index holds no key. Where a toolchain is on the
// machine, the program runs before and after (with .env loaded) and must
// print the same; elsewhere the rewritten text is asserted exactly.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { git, tempDir } from "./helpers/gitrepo.js";
import { dotenv, expectFixed, fix, has, run, stagedRepo } from "./helpers/fixrepo.js";
import { anthropicKey, githubToken, openaiProjectKey, stripeLiveKey } from "./helpers/keys.js";

const read = (repo: string, p: string) => readFileSync(join(repo, p), "utf8");
const staged = (repo: string, p: string) => git(repo, "show", `:${p}`);

/** Fixes a one-file repository; returns it after checking the common guarantees and that work tree and index agree. */
function fixOne(path: string, content: string, key: string, name: string): string {
  const repo = stagedRepo({ [path]: content });
  const r = fix(repo, "--yes");
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(r.stdout).toContain(`→  ${name}`);
  expectFixed(repo, key, name);
  expect(staged(repo, path)).toBe(read(repo, path));
  return repo;
}

describe("scan-keys fix: programs that run here print the same after the fix", () => {
  it("JavaScript: process.env.NAME", () => {
    const key = openaiProjectKey();
    const src = `const apiKey = "${key}";\nconsole.log(apiKey.length, apiKey.slice(-6));\n`;
    const before = run(process.execPath, ["-e", src], tempDir());
    const repo = fixOne("app.js", src, key, "OPENAI_API_KEY");
    expect(read(repo, "app.js")).toBe(`const apiKey = process.env.OPENAI_API_KEY;\nconsole.log(apiKey.length, apiKey.slice(-6));\n`);
    expect(run(process.execPath, ["app.js"], repo, dotenv(repo))).toBe(before);
    expect(run(process.execPath, ["--env-file=.env", "app.js"], repo)).toBe(before);
  });

  it.skipIf(!has("python3"))("Python: os.environ[...] in the file's quotes, import os added", () => {
    const key = anthropicKey();
    const src = `"""Demo."""\nimport sys\n\nAPI_KEY = '${key}'\nprint(len(API_KEY), API_KEY[-6:], file=sys.stdout)\n`;
    const dir = tempDir();
    const before = run("python3", ["-c", src], dir);
    const repo = fixOne("main.py", src, key, "ANTHROPIC_API_KEY");
    expect(read(repo, "main.py")).toBe(`"""Demo."""\nimport os\nimport sys\n\nAPI_KEY = os.environ['ANTHROPIC_API_KEY']\nprint(len(API_KEY), API_KEY[-6:], file=sys.stdout)\n`);
    expect(run("python3", ["main.py"], repo, dotenv(repo))).toBe(before);
  });

  it("shell: \"$NAME\", also spliced into longer strings", () => {
    const key = githubToken();
    const src = `#!/bin/sh\nTOKEN='${key}'\necho "len \${#TOKEN}"\necho "header: token ${key} end"\nprintf '%s\\n' 'Bearer ${key}'\n`;
    const before = run("sh", ["-c", src], tempDir());
    const repo = fixOne("deploy.sh", src, key, "GITHUB_TOKEN");
    expect(read(repo, "deploy.sh")).toBe(
      `#!/bin/sh\nTOKEN="$GITHUB_TOKEN"\necho "len \${#TOKEN}"\necho "header: token \${GITHUB_TOKEN} end"\nprintf '%s\\n' 'Bearer '"\${GITHUB_TOKEN}"''\n`,
    );
    expect(run("sh", ["deploy.sh"], repo, dotenv(repo))).toBe(before);
  });

  it.skipIf(!has("javac"))("Java: System.getenv", () => {
    const key = stripeLiveKey();
    const src = `public class App {\n  static final String STRIPE_KEY = "${key}";\n  public static void main(String[] a) {\n    System.out.println(STRIPE_KEY.length() + " " + STRIPE_KEY.substring(STRIPE_KEY.length() - 6));\n  }\n}\n`;
    const out = tempDir();
    const compileRun = (dir: string, env: NodeJS.ProcessEnv = {}) => {
      run("javac", ["-d", out, join(dir, "App.java")], dir);
      return run("java", ["-cp", out, "App"], dir, env);
    };
    const first = tempDir();
    writeFileSync(join(first, "App.java"), src);
    const before = compileRun(first);
    const repo = fixOne("App.java", src, key, "STRIPE_SECRET_KEY");
    expect(read(repo, "App.java")).toContain(`static final String STRIPE_KEY = System.getenv("STRIPE_SECRET_KEY");`);
    expect(compileRun(repo, dotenv(repo))).toBe(before);
  });

  it.skipIf(!has("rustc"))("Rust: std::env::var, borrowed so &str uses still compile", () => {
    const key = openaiProjectKey();
    const src = `fn show(k: &str) -> String { format!("{} {}", k.len(), &k[k.len() - 6..]) }\n\nfn main() {\n    let key = "${key}";\n    println!("{}", show(key));\n}\n`;
    const out = tempDir();
    const compileRun = (dir: string, env: NodeJS.ProcessEnv = {}) => {
      run("rustc", ["--edition", "2021", "-o", join(out, "app"), join(dir, "main.rs")], dir);
      return run(join(out, "app"), [], dir, env);
    };
    const first = tempDir();
    writeFileSync(join(first, "main.rs"), src);
    const before = compileRun(first);
    const repo = fixOne("main.rs", src, key, "OPENAI_API_KEY");
    expect(read(repo, "main.rs")).toContain(`let key = &std::env::var("OPENAI_API_KEY").expect("OPENAI_API_KEY is not set (see .env)");`);
    expect(compileRun(repo, dotenv(repo))).toBe(before);
  });
});

describe("scan-keys fix: exact rewrites where no toolchain runs here", () => {
  it("TypeScript keeps the quote-free lookup", () => {
    const key = anthropicKey();
    const repo = fixOne("src/client.ts", `export const client = new Anthropic({ apiKey: '${key}' });\n`, key, "ANTHROPIC_API_KEY");
    expect(read(repo, "src/client.ts")).toBe(`export const client = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY });\n`);
  });

  it("Go: os.Getenv, a const becomes a var, \"os\" joins the import block in gofmt order", () => {
    const key = githubToken();
    const repo = fixOne(
      "main.go",
      `package main\n\nimport (\n\t"fmt"\n\t"strings"\n)\n\nconst token = "${key}"\n\nfunc main() { fmt.Println(strings.ToUpper(token)) }\n`,
      key,
      "GITHUB_TOKEN",
    );
    expect(read(repo, "main.go")).toBe(
      `package main\n\nimport (\n\t"fmt"\n\t"os"\n\t"strings"\n)\n\nvar token = os.Getenv("GITHUB_TOKEN")\n\nfunc main() { fmt.Println(strings.ToUpper(token)) }\n`,
    );
  });

  it("Ruby: ENV.fetch in the file's quotes", () => {
    const key = openaiProjectKey();
    const repo = fixOne("app.rb", `client = OpenAI::Client.new(access_token: '${key}')\n`, key, "OPENAI_API_KEY");
    expect(read(repo, "app.rb")).toBe(`client = OpenAI::Client.new(access_token: ENV.fetch('OPENAI_API_KEY'))\n`);
  });

  it("PHP: getenv in the file's quotes", () => {
    const key = stripeLiveKey();
    const repo = fixOne("pay.php", `<?php\n$stripe = new \\Stripe\\StripeClient('${key}');\n`, key, "STRIPE_SECRET_KEY");
    expect(read(repo, "pay.php")).toBe(`<?php\n$stripe = new \\Stripe\\StripeClient(getenv('STRIPE_SECRET_KEY'));\n`);
  });

  it("C#: Environment.GetEnvironmentVariable, using System added", () => {
    const key = openaiProjectKey();
    const repo = fixOne(
      "Config.cs",
      `using System.Net.Http;\n\nnamespace Demo;\n\npublic static class Config\n{\n    public static readonly string OpenAiKey = "${key}";\n}\n`,
      key,
      "OPENAI_API_KEY",
    );
    expect(read(repo, "Config.cs")).toBe(
      `using System;\nusing System.Net.Http;\n\nnamespace Demo;\n\npublic static class Config\n{\n    public static readonly string OpenAiKey = Environment.GetEnvironmentVariable("OPENAI_API_KEY");\n}\n`,
    );
  });

  it("docker compose: ${NAME}", () => {
    const key = openaiProjectKey();
    const repo = fixOne("compose.yaml", `services:\n  app:\n    image: demo\n    environment:\n      OPENAI_API_KEY: ${key}\n`, key, "OPENAI_API_KEY");
    expect(read(repo, "compose.yaml")).toBe(`services:\n  app:\n    image: demo\n    environment:\n      OPENAI_API_KEY: \${OPENAI_API_KEY}\n`);
  });

  it("GitHub Actions: ${{ secrets.NAME }}, never a GITHUB_ name, and says to add the secret", () => {
    const key = githubToken();
    const repo = stagedRepo({ ".github/workflows/ci.yml": `on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    env:\n      TOKEN: "${key}"\n    steps:\n      - run: echo hi\n` });
    const r = fix(repo, "--yes");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expectFixed(repo, key, "GH_TOKEN");
    expect(read(repo, ".github/workflows/ci.yml")).toContain(`      TOKEN: "\${{ secrets.GH_TOKEN }}"\n`);
    expect(r.stdout).toContain("gh secret set GH_TOKEN");
  });
});
