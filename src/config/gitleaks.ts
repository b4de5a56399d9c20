// .gitleaks.toml (gitleaks v8's config format), translated into the rule
// model .scan-keys.toml uses: [[rules]] become custom rules, allowlists
// become AllowlistSpecs the filters apply, and "the default config" means
// scan-keys' built-in rules. Every key gitleaks documents is either honoured
// or refused with a sentence naming it: a rule silently dropped would let
// keys through.
//
// Meanings follow gitleaks' own config loader: a config without [extend]
// useDefault = true replaces the defaults; a rule whose id the extended
// config already has is merged into it (its fields override, keywords, tags
// and allowlists add up); `path` and allowlist `paths` are RE2 patterns on
// the file path; an allowlist joins its conditions with OR unless
// condition = "AND"; `regexTarget` picks what `regexes` test; global
// allowlists with `targetRules` apply to those rules only.

import { appendAll } from "../engine/append.js";
import type { RuleSpec } from "../engine/types.js";
import { GITLEAKS_ID_ALIASES } from "./gitleaks-ids.js";
import { readLevel, type GlRule, type ReadExtended } from "./gitleaks-read.js";
import { Reader, type GitleaksFile } from "./gitleaks-tables.js";
import { escapeRegex, quoteList } from "./error.js";
import type { ConfigSettings, CustomRule } from "./schema.js";

export type { GitleaksFile } from "./gitleaks-tables.js";
export type { ReadExtended } from "./gitleaks-read.js";

export const DEFAULT_PROVIDER = "custom rule";
export const DEFAULT_REVOKE = "Revoke or rotate it with the service that issued it, then remove it from the code.";
/** Windows (characters each side of a keyword) for translated rules: gitleaks runs a rule on the whole file, so matches may cross lines. */
const WINDOW = 512;
const BLOCK_WINDOW = 8192;
/** A pattern built to span lines (a PEM block) gets a wide window. */
function spansLines(regex: string): boolean {
  return /\\[nr]|\\s\\S|\\S\\s|\(\?[imU-]*s/.test(regex);
}

function specOf(rule: GlRule): RuleSpec {
  const base = {
    id: rule.id,
    provider: DEFAULT_PROVIDER,
    description: rule.description ?? rule.id,
    revoke: DEFAULT_REVOKE,
    examples: { match: [], nomatch: [] },
    ...(rule.tags.length ? { tags: rule.tags } : {}),
  };
  if (rule.regex === undefined) {
    // A path-only rule reports the file itself, as gitleaks does.
    return { ...base, regex: rule.path!, keywords: [], target: "path", paths: ["**"], secretGroup: 0 };
  }
  return {
    ...base,
    regex: rule.regex,
    keywords: rule.keywords,
    ...(rule.secretGroup !== undefined ? { secretGroup: rule.secretGroup } : {}),
    // gitleaks drops a secret whose entropy is at or below the threshold; scan-keys drops one below it.
    ...(rule.entropy !== undefined ? { entropy: rule.entropy + 1e-9 } : {}),
    ...(rule.path !== undefined ? { pathRegex: rule.path } : {}),
    multiline: true,
    window: spansLines(rule.regex) ? BLOCK_WINDOW : WINDOW,
  };
}

/** Translates a parsed .gitleaks.toml (and the configs it extends) into scan-keys settings. */
export async function translateGitleaks(file: GitleaksFile, readExtended: ReadExtended, repoPath?: string): Promise<ConfigSettings> {
  const cfg = await readLevel(file, 0, readExtended);
  const rules: CustomRule[] = [];
  const allowlists = [...cfg.allowlists];
  // Where two rules find the same secret, scan-keys reports one, the rule listed first:
  // generic rules go last, so a provider's rule wins (gitleaks would report both).
  const ordered = [...cfg.rules.values()].sort((a, b) => Number(a.id.startsWith("generic")) - Number(b.id.startsWith("generic")));
  for (const rule of ordered) {
    const where: Reader = new Reader(rule.file, rule.from || 1, rule.to);
    if (rule.regex === undefined && rule.path === undefined) {
      // Only allowlists (and the like) for a rule of the extended default config.
      if (!cfg.useDefault) where.fail("id", `rule "${rule.id}" has neither "regex" nor "path", and the config does not extend the default rules ([extend] useDefault = true); give it a regex`);
      const aliases = GITLEAKS_ID_ALIASES[rule.id];
      if (aliases) {
        const extra = (["description", "secretGroup", "entropy"] as const).filter((k) => rule[k] !== undefined);
        if (extra.length || rule.keywords.length || rule.tags.length) {
          where.fail(extra[0] ?? (rule.keywords.length ? "keywords" : "tags"), `rule "${rule.id}" is gitleaks' own default rule, which scan-keys covers with ${quoteList([...aliases])}; only its allowlists can be carried over, so remove the other keys or give it a regex`);
        }
        appendAll(allowlists, rule.allowlists.map((a) => ({ ...a, rules: [...aliases] })));
        continue;
      }
      rules.push({ spec: { ...specOf({ ...rule, regex: "" }), regex: "" }, origin: rule.origin, from: rule.from, to: rule.to, merge: true });
    } else {
      rules.push({ spec: specOf(rule), origin: rule.origin, from: rule.from, to: rule.to, merge: cfg.useDefault });
    }
    appendAll(allowlists, rule.allowlists);
  }
  // gitleaks never scans its own config file.
  if (repoPath !== undefined) {
    allowlists.push({ description: "the config file itself", condition: "OR", commits: [], paths: [`^${escapeRegex(repoPath)}$`], regexes: [], regexTarget: "secret", stopwords: [] });
  }

  // Disabled ids and targets that name gitleaks' default rules mean scan-keys' counterparts.
  const expand = (list: { id: string; line?: number }[]) =>
    list.flatMap((d) => {
      const aliases = GITLEAKS_ID_ALIASES[d.id];
      return aliases ? aliases.map((id) => ({ id, line: d.line, implied: true })) : [d];
    });
  const aliasAllowlists = allowlists.map((a) => (a.rules ? { ...a, rules: a.rules.flatMap((id) => (cfg.rules.has(id) ? [id] : [...(GITLEAKS_ID_ALIASES[id] ?? [id])])) } : a));
  return {
    file: file.name,
    text: file.text,
    format: "gitleaks",
    ...(cfg.title !== undefined ? { title: cfg.title } : {}),
    extend: cfg.useDefault,
    disable: cfg.useDefault ? expand(cfg.disabled) : [],
    entropy: [],
    allowlist: { paths: [], regexes: [], lines: [], stopwords: [] },
    rules,
    allowlists: aliasAllowlists,
    targetRules: expand(cfg.targets),
    notes: cfg.files.length > 1 ? [`extends ${cfg.files.slice(1).join(", ")}`] : [],
  };
}
