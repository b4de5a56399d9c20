// The config as users meet it: the init template with every option
// uncommented, and every TOML block in the README, load without error and
// agree with the JSON Schema the package ships (dist/scan-keys.schema.json);
// config in package.json under "scan-keys"; and `init --hook`, the one
// command to start with.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { REJECT, REQUIRE } from "../src/engine/checks.js";
import { CHECKSUMS } from "../src/engine/checksums.js";
import { JUDGE_KINDS } from "../src/engine/types.js";
import { runCli } from "./helpers/cli.js";
import { asDependency, git, initRepo, write } from "./helpers/gitrepo.js";
import { githubToken } from "./helpers/keys.js";

const ROOT = join(import.meta.dirname, "..");
const schema = JSON.parse(readFileSync(join(ROOT, "dist/scan-keys.schema.json"), "utf8"));
const validate = new Ajv.default({ allErrors: true, strict: false }).compile(schema);
const ruleIds = (JSON.parse(runCli(["rules", "--format", "json"], { cwd: ROOT }).stdout) as { id: string }[]).map((r) => r.id);

/** The TOML blocks of the README, in order. */
function readmeToml(): string[] {
  const blocks = [...readFileSync(join(ROOT, "README.md"), "utf8").matchAll(/^```toml\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
  expect(blocks.length).toBeGreaterThan(0);
  return blocks;
}

/** The init template with every option line uncommented. */
function templateUncommented(dir: string): string {
  expect(runCli(["init"], { cwd: dir }).code).toBe(0);
  return readFileSync(join(dir, ".scan-keys.toml"), "utf8")
    .split("\n")
    .map((l) => (/^# (\[|[a-z"])/.test(l) && !/^# (scan-keys|Reference|Keep|Turn|Minimum|Files|Regular|Words|A rule|Its examples|secrets with)/.test(l) ? l.slice(2) : l))
    .join("\n");
}

/** Loads `toml` as the repository's config through the CLI: the scan's stderr (empty when it loaded). */
function loads(dir: string, toml: string): string {
  writeFileSync(join(dir, ".scan-keys.toml"), toml);
  const r = runCli(["--format", "json"], { cwd: dir });
  return r.code === 2 ? r.stderr : "";
}

describe("the config as documented", () => {
  it("the init template names only real rule ids, says RE2, points at the schema, and loads uncommented", () => {
    const dir = initRepo();
    const text = templateUncommented(dir);
    expect(text.startsWith("#:schema ./node_modules/scan-keys/dist/scan-keys.schema.json\n")).toBe(true);
    expect(text).toMatch(/RE2/);
    expect(text).not.toMatch(/JavaScript/);
    const doc = parseToml(text) as { disable: string[]; entropy: Record<string, number> };
    for (const id of [...doc.disable, ...Object.keys(doc.entropy)]) expect(ruleIds).toContain(id);
    writeFileSync(join(dir, ".scan-keys-baseline.json"), `{"version": 1, "findings": []}\n`); // the template's baseline line names it
    expect(loads(dir, text)).toBe("");
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  });

  it("every TOML block in the README loads as pasted (a rule fragment inside the README's [[rules]] table)", () => {
    const dir = initRepo();
    const [config, ...fragments] = readmeToml();
    expect(loads(dir, config!)).toBe("");
    expect(validate(parseToml(config!)), JSON.stringify(validate.errors)).toBe(true);
    for (const fragment of fragments) {
      // A block with no top-level config key is a rule's keys: the README shows them for a [[rules]] table.
      const isRule = !/^(extend|disable|baseline|\[)/m.test(fragment);
      const whole = isRule ? `${config!.trimEnd()}\n${fragment}` : fragment;
      expect(loads(dir, whole), fragment).toBe("");
      expect(validate(parseToml(whole)), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it("the schema rejects what the loader rejects: unknown keys, unknown rule ids, misspelt checks", () => {
    for (const bad of [{ disabled: [] }, { disable: ["github-pat"] }, { allowlist: { path: ["x"] } }, { entropy: { "generic-secret-assignment": 9 } }]) {
      expect(validate(bad), JSON.stringify(bad)).toBe(false);
    }
    const acme = (parseToml(readmeToml()[0]!) as { rules: Record<string, unknown>[] }).rules[0]!;
    expect(validate({ rules: [{ ...acme, reject: ["uuids"] }] })).toBe(false);
    expect(validate({ rules: [{ ...acme, regexp: "x" }] })).toBe(false);
    expect(validate({ disable: ruleIds })).toBe(true);
  });

  it("the schema's lists are the engine's", () => {
    const rule = schema.properties.rules.items.properties;
    expect(rule.require.items.enum).toEqual(Object.keys(REQUIRE));
    expect(rule.reject.items.enum).toEqual(Object.keys(REJECT));
    expect(rule.judge.enum).toEqual([...JUDGE_KINDS]);
    expect(rule.checksum.enum).toEqual(Object.keys(CHECKSUMS));
    expect([...schema.properties.disable.items.enum].sort()).toEqual([...ruleIds].sort());
    expect(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).files).toContain("dist/scan-keys.schema.json");
  });
});

describe('config in package.json under "scan-keys"', () => {
  const pkg = (config: unknown) => `${JSON.stringify({ name: "demo", private: true, "scan-keys": config }, null, 2)}\n`;

  it("is read like .scan-keys.toml, from the work tree and with --config-from", () => {
    const dir = initRepo();
    write(dir, "fixtures/k.txt", `token = "${githubToken()}"\n`);
    write(dir, "package.json", pkg({ allowlist: { paths: ["fixtures/**"] } }));
    const r = runCli(["--format", "json"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).stats.suppressed).toMatchObject({ config: 1 });
    git(dir, "add", "package.json");
    git(dir, "commit", "-q", "--no-verify", "-m", "config");
    write(dir, "package.json", pkg({}));
    expect(runCli(["--config-from", "HEAD"], { cwd: dir }).code).toBe(0);
    expect(runCli([], { cwd: dir }).code).toBe(1);
  });

  it("mistakes are one sentence (exit 2); a .scan-keys.toml beside it is refused, not silently preferred", () => {
    const dir = initRepo();
    write(dir, "package.json", pkg({ disabled: ["x"] }));
    expect(runCli([], { cwd: dir })).toMatchObject({ code: 2, stderr: expect.stringMatching(/^scan-keys: package\.json "scan-keys": unknown key "disabled"/) });
    write(dir, "package.json", pkg(["x"]));
    expect(runCli([], { cwd: dir })).toMatchObject({ code: 2, stderr: expect.stringMatching(/"scan-keys" must be an object/) });
    write(dir, "package.json", pkg({}));
    write(dir, ".scan-keys.toml", "extend = true\n");
    expect(runCli([], { cwd: dir })).toMatchObject({ code: 2, stderr: "scan-keys: .scan-keys.toml and the \"scan-keys\" key of package.json are both configs; keep one (scan-keys will not choose between them).\n" });
  });
});

describe("scan-keys init --hook", () => {
  it("writes the starter config and installs the hook for the project's manager (lefthook here); again, it changes nothing", () => {
    const repo = initRepo();
    asDependency(repo);
    write(repo, "lefthook.yml", "pre-push:\n  commands:\n    audit:\n      run: npm audit\n");
    const r = runCli(["init", "--hook"], { cwd: repo });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^wrote \.scan-keys\.toml: .*\nadded a scan-keys entry to lefthook\.yml \(lefthook\)/);
    expect(readFileSync(join(repo, "lefthook.yml"), "utf8")).toContain("run: node_modules/.bin/scan-keys --staged");
    const again = runCli(["init", "--hook"], { cwd: repo });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^kept the existing \.scan-keys\.toml\.\nlefthook\.yml already runs scan-keys --staged; nothing changed\.\n$/);
  });
});
