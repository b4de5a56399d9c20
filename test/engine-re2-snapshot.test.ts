// Compiled RE2 programs as data and back (engine/re2-snapshot.ts): a
// restored program must match exactly as a freshly compiled one.
import { deserialize, serialize } from "node:v8";
import type { RE2JS } from "re2js";
import { describe, expect, it } from "vitest";
import { re2js } from "../src/engine/re2js.js";
import { restoreRe2, snapshotRe2 } from "../src/engine/re2-snapshot.js";
import { builtinRuleFiles } from "../src/commands/ruleset.js";
import type { RuleSpec } from "../src/engine/types.js";

/** The engine's own copy of re2js (its CommonJS build), whose classes restored programs get. */
const RE2JSClass = re2js();

/** The same round trip the program cache makes: snapshot, v8 serialize, deserialize, restore. */
function roundTrip(source: string): RE2JS | undefined {
  const snap = snapshotRe2(RE2JSClass.compile(source));
  expect(snap).toBeDefined();
  return restoreRe2(deserialize(serialize(snap)), source);
}

function spans(re: RE2JS, text: string): unknown {
  const m = re.matcher(text);
  const out: unknown[] = [];
  while (m.find()) for (let g = 0; g <= re.groupCount(); g++) out.push(m.start(g), m.end(g));
  return out;
}

describe("re2js program snapshots", () => {
  const rules = builtinRuleFiles().flatMap((f) => f.rules as RuleSpec[]);

  it("restore every built-in rule's program so that it finds the same spans in the rule's examples", () => {
    for (const rule of rules) {
      const source = rule.flags ? `(?${[...new Set(rule.flags.replace(/u/g, ""))].join("")})${rule.regex}` : rule.regex;
      const restored = roundTrip(source);
      expect(restored, rule.id).toBeInstanceOf(RE2JSClass);
      const fresh = RE2JSClass.compile(source);
      for (const text of [...rule.examples.match, ...rule.examples.nomatch].map((e) => e.replaceAll("~~", ""))) {
        expect(spans(restored!, text), `${rule.id}: ${text}`).toEqual(spans(fresh, text));
      }
    }
  });

  it("keep named groups and case folding", () => {
    const re = roundTrip("(?i)(?P<name>api[_-]?key)\\s*=\\s*(?P<value>[a-z0-9]{8})")!;
    expect(re.namedGroups()).toEqual({ name: 1, value: 2 });
    expect(spans(re, "x API-KEY = Abcd1234")).toEqual([2, 20, 2, 9, 12, 20]);
  });

  it("refuse data for another pattern, and data that is not a snapshot", () => {
    const snap = snapshotRe2(RE2JSClass.compile("abc[0-9]+"));
    expect(restoreRe2(deserialize(serialize(snap)), "abd[0-9]+")).toBeUndefined();
    expect(restoreRe2({ root: {}, classed: [] }, "abc")).toBeUndefined();
    expect(restoreRe2({ root: {}, classed: [[{}, 99]] }, "abc")).toBeUndefined();
    expect(restoreRe2("not data", "abc")).toBeUndefined();
    expect(restoreRe2(null, "abc")).toBeUndefined();
  });

  it("are not taken of a program that has matched (its caches hold other classes)", () => {
    const re = RE2JSClass.compile("(?:foo|bar)[0-9]{3}baz");
    expect(re.test("xx bar123baz")).toBe(true);
    const snap = snapshotRe2(re);
    // Either refused, or a faithful copy: never a broken program.
    if (snap !== undefined) expect(spans(restoreRe2(deserialize(serialize(snap)), re.pattern())!, "bar123baz foo999baz")).toEqual(spans(re, "bar123baz foo999baz"));
  });
});
