// Precision: text that fills real repositories — lock files, hashes, ids,
// public keys, placeholders, env references — must not trip any built-in rule.
// Random values are made at test time, so every run tries fresh ones.
import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { compileBuiltinRules, createScanner } from "../src/commands/ruleset.js";

const scanner = createScanner(compileBuiltinRules());
const hex = (n: number) => randomBytes(Math.ceil(n / 2)).toString("hex").slice(0, n);
const b64 = (bytes: number) => randomBytes(bytes).toString("base64");
const b64url = (bytes: number) => randomBytes(bytes).toString("base64url");
const pemBody = (lines: number) =>
  Array.from({ length: lines }, () => b64(48)).join("\n");

function cases(): [string, string, string][] {
  const sha = hex(40);
  return [
    ["package-lock.json", "npm integrity", `      "integrity": "sha512-${b64(64)}",`],
    ["package-lock.json", "npm resolved git url", `      "resolved": "git+ssh://git@github.com/acme/lib.git#${sha}",`],
    ["yarn.lock", "yarn checksum", `  checksum: ${hex(128)}`],
    ["pnpm-lock.yaml", "pnpm resolution", `    resolution: {integrity: sha512-${b64(64)}}`],
    ["go.sum", "go.sum hash", `golang.org/x/text v0.14.0 h1:${b64(32)}`],
    ["Cargo.lock", "cargo checksum", `checksum = "${hex(64)}"`],
    ["poetry.lock", "poetry hash", `    {file = "requests-2.31.0-py3-none-any.whl", hash = "sha256:${hex(64)}"},`],
    ["index.html", "subresource integrity", `<script src="/app.js" integrity="sha384-${b64(48)}" crossorigin="anonymous"></script>`],
    ["deploy.yaml", "image digest", `        image: ghcr.io/acme/api@sha256:${hex(64)}`],
    ["pod.yaml", "kubernetes uid", `  uid: ${randomUUID()}`],
    ["data.json", "uuid id", `{"id": "${randomUUID()}", "requestId": "${randomUUID()}"}`],
    ["CHANGELOG.md", "git sha", `- fix the parser (${sha.slice(0, 7)}, ${sha})`],
    ["ci.yml", "pinned action", `      - uses: actions/checkout@${hex(40)} # v4`],
    ["ci.yml", "secret reference", "        env:\n          API_TOKEN: ${{ secrets.API_TOKEN }}\n          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}"],
    ["app.py", "environment lookups", 'api_key = os.environ["OPENAI_API_KEY"]\ntoken = os.getenv("GITHUB_TOKEN")\nsecret = settings.SECRET_KEY'],
    ["app.ts", "process.env", "const apiKey = process.env.OPENAI_API_KEY;\nconst token = process.env.GITHUB_TOKEN ?? '';"],
    [".env.example", "placeholders", "OPENAI_API_KEY=sk-YOUR_API_KEY\nANTHROPIC_API_KEY=sk-ant-...\nSTRIPE_SECRET_KEY=<your-stripe-key>\nAWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"],
    ["README.md", "docs truncated keys", "Set `OPENAI_API_KEY=sk-proj-...` and `GITHUB_TOKEN=ghp_...`; keys look like `xoxb-...`."],
    ["style.css", "data uri", `.logo{background:url(data:image/png;base64,${b64(600)})}`],
    ["cert.pem", "certificate", `-----BEGIN CERTIFICATE-----\n${pemBody(12)}\n-----END CERTIFICATE-----`],
    ["key.pub", "public key", `-----BEGIN PUBLIC KEY-----\n${pemBody(6)}\n-----END PUBLIC KEY-----`],
    ["authorized_keys", "ssh public key", `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${b64url(32)} dev@laptop`],
    ["app.ts", "token type and fields", 'const tokenType = "Bearer";\nconst passwordField = "password_confirmation";\nconst secretName = "prod/api/credentials";\nconst maxTokens = 4096;'],
    ["docker-compose.yml", "dev database defaults", "      DATABASE_URL: postgres://postgres:postgres@db:5432/app\n      REDIS_URL: redis://redis:6379/0\n      AMQP_URL: amqp://guest:guest@rabbit:5672/"],
    ["main.go", "function calls", 'apiKey := os.Getenv("API_KEY")\ntoken, err := auth.NewToken(ctx, cfg.ClientSecret)'],
    ["Dockerfile", "build args", "ARG NPM_TOKEN\nENV API_KEY=${API_KEY}\nRUN --mount=type=secret,id=npmrc cat /run/secrets/npmrc"],
    ["bundle.min.js", "minified code", `var e="${b64url(12)}",t=function(n){return n.token_type==="bearer"&&n.access_token!==void 0};`],
    ["hashes.txt", "sha and md5 lists", `${hex(32)}  dist/app.js\n${hex(64)}  dist/app.css`],
  ];
}

describe("look-alikes no built-in rule reports", () => {
  for (const [path, what, text] of cases()) {
    it(`${what} (${path})`, () => {
      const found = scanner.scan({ path: `fixture/${path}`, text, source: "tree" });
      expect(found.map((f) => `${f.ruleId}: ${f.secret.slice(0, 40)}`)).toEqual([]);
    });
  }
});
