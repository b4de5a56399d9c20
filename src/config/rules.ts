// The rule set a scan runs: the built-in rules (unless `extend = false`),
// minus `disable`d ones, plus the config's own [[rules]], whose examples are
// run on load, with `[entropy]` overrides applied.

import { compileRule, type CompiledRule, type Scanner } from "../engine/index.js";
import { configError, lineOfText } from "./error.js";
import { ruleProblem, type ConfigSettings } from "./schema.js";
import type { RuleSpec } from "../engine/types.js";

/** gitleaks' merge of a config's rule over the default rule with its id: set fields override, keywords and tags add up. */
function mergeSpec(base: RuleSpec, over: RuleSpec): RuleSpec {
  const own = over.regex !== "";
  return {
    ...base,
    ...(over.description !== over.id ? { description: over.description } : {}),
    ...(own ? { regex: over.regex, secretGroup: over.secretGroup, multiline: over.multiline, window: over.window, flags: undefined } : {}),
    ...(over.entropy !== undefined ? { entropy: over.entropy } : {}),
    ...(over.pathRegex !== undefined ? { pathRegex: over.pathRegex } : {}),
    keywords: [...new Set([...base.keywords, ...over.keywords])],
    ...(over.tags ? { tags: [...(base.tags ?? []), ...over.tags] } : {}),
    // The built-in examples were written for the built-in regex and thresholds.
    examples: { match: [], nomatch: [] },
  };
}

function shown(example: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = example.replace(/[\u0000-\u001f\u007f]/g, " ");
  return clean.length > 48 ? `${clean.slice(0, 45)}...` : clean;
}

/**
 * Compiles the rules for a scan. Without settings: the built-in rules.
 * `scannerFor` builds a Scanner over some rules (to run custom rules' examples).
 */
export function buildRules(builtin: CompiledRule[], settings: ConfigSettings | undefined, scannerFor: (rules: CompiledRule[]) => Scanner): CompiledRule[] {
  if (!settings) return builtin;
  const { file, text } = settings;
  // The built-in rules come fresh from the caller, their specs read only when used (commands/ruleset.ts).
  const builtinById = new Map(builtin.map((r) => [r.id, r]));

  const gitleaks = settings.format === "gitleaks";
  const disabled = new Set<string>();
  const unknownDisabled: string[] = [];
  for (const { id, line, implied } of settings.disable) {
    if (!builtinById.has(id)) {
      if (implied) continue;
      // gitleaks only warns about a disabled rule the defaults lack; so does the report.
      if (gitleaks) {
        unknownDisabled.push(id);
        continue;
      }
      throw configError(file, line, `"disable" names "${id}", which is not a built-in rule id; scan-keys rules lists them`);
    }
    disabled.add(id);
  }
  if (unknownDisabled.length) {
    settings.notes?.push(`disabledRules names rules scan-keys does not have, so nothing was disabled for: ${unknownDisabled.join(", ")}`);
  }
  // gitleaks: a rule with the id of a default rule is merged into it.
  const merged = new Map<string, RuleSpec>();
  for (const c of settings.rules) {
    if (!c.merge) continue;
    const raw = settings.extend && !disabled.has(c.spec.id) ? builtinById.get(c.spec.id)?.spec : undefined;
    if (raw) merged.set(c.spec.id, mergeSpec(raw, c.spec));
    else if (c.spec.regex === "") {
      throw configError(file, c.from || undefined, `rule "${c.spec.id}" has neither "regex" nor "path", and no built-in rule has that id; give it a regex, or name a rule scan-keys rules lists`);
    }
  }

  const base = settings.extend ? builtin.filter((r) => !disabled.has(r.id) && !merged.has(r.id)) : [];
  const taken = new Map(base.map((r) => [r.id, r.origin]));

  const custom: CompiledRule[] = [];
  for (const { spec: own, origin, from, to } of settings.rules) {
    const spec = merged.get(own.id) ?? own;
    const before = taken.get(spec.id);
    if (before) {
      const builtinRule = builtinById.get(spec.id)?.origin === before;
      throw configError(
        file,
        from || undefined,
        builtinRule
          ? `rule "${spec.id}" has the id of a built-in rule (${before}); choose another id, or add "${spec.id}" to "disable" to replace it`
          : `rule "${spec.id}" is defined twice (also at ${before})`,
      );
    }
    let rule: CompiledRule;
    try {
      rule = compileRule(spec, origin);
    } catch (err) {
      throw ruleProblem(err, file, text, from, to);
    }
    checkExamples(rule, scannerFor([rule]), file, text, from, to);
    taken.set(spec.id, origin);
    custom.push(rule);
  }

  const rules = [...base, ...custom];
  if (rules.length === 0) {
    throw configError(
      file,
      undefined,
      gitleaks
        ? `the config has no [[rules]] and does not extend the default rules, which leaves nothing to scan for; add [extend] useDefault = true or rules`
        : `"extend = false" with no [[rules]] leaves nothing to scan for; add rules or remove "extend = false"`,
    );
  }
  const ids = new Set(rules.map((r) => r.id));
  for (const { id, line, implied } of settings.targetRules ?? []) {
    if (!ids.has(id) && !implied) throw configError(file, line, `[[allowlists]] targetRules names "${id}", which is not a rule of this scan; scan-keys rules lists the built-in ids`);
  }

  for (const { id, value, line } of settings.entropy) {
    const rule = rules.find((r) => r.id === id);
    if (!rule) {
      const why = disabled.has(id) ? "a disabled rule" : builtinById.has(id) ? "a built-in rule that extend = false leaves out" : "not a rule id";
      throw configError(file, line, `[entropy] sets a threshold for "${id}", which is ${why}; scan-keys rules lists the ids`);
    }
    rule.entropy = value;
  }
  return rules;
}

/** A custom rule must find each `match` example and none of the `nomatch` ones (`~~` is removed first, as in rules/). */
function checkExamples(rule: CompiledRule, scanner: Scanner, file: string, text: string, from: number, to: number): void {
  const path = rule.spec.examplePath ?? "example.txt";
  const found = (example: string) =>
    scanner.scan({ path, text: example.replaceAll("~~", ""), source: "tree" }).some((f) => f.ruleId === rule.id);
  for (const ex of rule.spec.examples.match) {
    if (!found(ex)) {
      throw configError(file, lineOfText(text, ex, from, to) ?? (from || undefined), `rule "${rule.id}" does not find its own match example "${shown(ex)}"; fix the regex, keywords or entropy, or the example`);
    }
  }
  for (const ex of rule.spec.examples.nomatch) {
    if (found(ex)) {
      throw configError(file, lineOfText(text, ex, from, to) ?? (from || undefined), `rule "${rule.id}" finds its own nomatch example "${shown(ex)}"; tighten the regex or add an "allow" pattern`);
    }
  }
}
