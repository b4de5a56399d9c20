// The rule files hold example keys split by "~~"; scanned as stored, with
// every built-in rule, they must report nothing (the repository scans clean).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileBuiltinRules, createScanner } from "../src/commands/ruleset.js";

const dir = join(import.meta.dirname, "..", "rules");
const scanner = createScanner(compileBuiltinRules());

describe("rules/*.toml as stored", () => {
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".toml"))) {
    it(`${name} has no finding of any built-in rule`, () => {
      const text = readFileSync(join(dir, name), "utf8");
      const found = scanner.scan({ path: `rules/${name}`, text, source: "tree" });
      expect(found.map((f) => `${f.ruleId} line ${f.line}: ${f.secret.slice(0, 24)}`)).toEqual([]);
    });
  }
});
