// Keys providers publish as samples are allowed by exact value, for every
// rule; a key of the same shape that is not on the list is still reported.
import { describe, expect, it } from "vitest";
import { compileBuiltinRules, createScanner } from "../src/commands/ruleset.js";
import { randomToken } from "./helpers/keys.js";

const scanner = createScanner(compileBuiltinRules());
const scan = (text: string) => scanner.scan({ path: "app/google-services.json", text, source: "tree" }).map((f) => f.ruleId);
const shapes = (key: string) => [`firebase_api_key = "${key}"`, `const apiKey = "${key}";`, `{ "current_key": "${key}" }`];

describe("published sample keys", () => {
  it("are silent in every shape, whichever rule would see them", () => {
    // The Firebase Android SDK's sample key, assembled so this file scans clean.
    const sample = ["AIzaSyAnLA7Nfe", "LquW1tJFpx_eQCxoX-oo6YyIs"].join("");
    for (const text of shapes(sample)) expect(scan(text)).toEqual([]);
  });

  it("do not hide a key of the same shape", () => {
    const key = `AIza${randomToken(35)}`;
    for (const text of shapes(key)) expect(scan(text)).toContain("google-api-key");
  });
});
