// Turning rule data (RuleSpec, from rules/*.toml or a user's config) into
// ready-to-run rules. Every problem is a RuleError naming the origin file and
// the rule id, so a malformed rule fails loudly and precisely.

import { compileChecks, type SecretCheck } from "./checks.js";
import { CHECKSUMS } from "./checksums.js";
import { JUDGE_KINDS, type JudgeKind } from "./types.js";
import { isContextKeyword, Spelling } from "./keyword-boundary.js";
import { keywordLed, type Leading } from "./leading.js";
import { secretPrecheck, type Precheck } from "./precheck.js";
import { compileRe2, RegexSyntaxError, type Re2 } from "./regex.js";
import { SEVERITIES, type RuleSpec, type Severity } from "./types.js";

export class RuleError extends Error {
  constructor(
    readonly origin: string,
    readonly ruleId: string | undefined,
    problem: string,
  ) {
    super(`${origin}: ${ruleId ? `rule "${ruleId}"` : "a rule"}: ${problem}`);
    this.name = "RuleError";
  }
}

export interface CompiledRule {
  id: string;
  provider: string;
  description: string;
  severity: Severity;
  revoke: string;
  regex: Re2;
  /** Set when every match starts at a keyword hit or a line start (leading.ts): the engine then asks an anchored question there. */
  leading: Leading | undefined;
  /** A necessary condition for a match in a window, tested before the regex (precheck.ts); undefined when none is proven. */
  precheck: Precheck | undefined;
  secretGroup: number;
  /**
   * Groups named `name` or `name_…` (the setting a value is assigned to),
   * for checks such as "request-token-name". RE2 forbids one name twice, so
   * alternatives capture it as `name`, `name_call`, …; the first that took part counts.
   */
  nameGroups: number[];
  keywords: string[];
  /** The keywords that only name the provider: they wake the rule only where a word starts (keyword-boundary.ts). */
  context: ReadonlySet<string>;
  entropy: number | undefined;
  window: number;
  multiline: boolean;
  allow: Re2[];
  maxLength: number | undefined;
  /** Lower-case words; a secret containing one is a placeholder, not a finding. */
  stopwords: string[];
  checks: SecretCheck[];
  /** Generic rules: how a candidate is judged (engine/generic.ts). */
  judge: JudgeKind | undefined;
  /** The group named `host` (URL credentials), or undefined. */
  hostGroup: number | undefined;
  paths: string[] | undefined;
  /** RE2 the file path must match (RuleSpec.pathRegex), compiled on first use. */
  pathRegex: Re2 | undefined;
  target: "content" | "path";
  /** See RuleSpec.credentialStore: no placeholder heuristics on the secret. */
  credentialStore: boolean;
  /** See RuleSpec.checksum: whether a secret's checksum verifies (then it is no placeholder), or undefined. */
  checksum: ((secret: string) => boolean) | undefined;
  spec: RuleSpec;
  origin: string;
}

const KNOWN_KEYS = new Set([
  "id", "provider", "description", "regex", "flags", "secretGroup", "keywords", "entropy",
  "severity", "revoke", "window", "multiline", "allow", "paths", "examplePath", "examples", "target",
  "require", "reject", "stopwords", "maxLength", "judge", "credentialStore", "checksum", "verify",
]);
const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
export const DEFAULT_WINDOW = 256;

function fail(origin: string, id: string | undefined, problem: string): never {
  throw new RuleError(origin, id, problem);
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
}

/** RE2 flags in TOML's `flags` become an inline group: RE2 has no flags argument. */
function withFlags(source: string, flags: string | undefined): string {
  const f = [...new Set((flags ?? "").replace(/u/g, ""))].join("");
  return f ? `(?${f})${source}` : source;
}

function compileRegex(origin: string, id: string, what: string, source: string, builtIn = false): Re2 {
  try {
    return compileRe2(source, builtIn);
  } catch (err) {
    if (err instanceof RegexSyntaxError) fail(origin, id, `${what} ${err.message}`);
    throw err;
  }
}

/** The groups named `name` or `name_…`, in order. */
function nameGroupsOf(regex: Re2): number[] {
  const names = regex.groupNames;
  return Object.keys(names).filter((n) => n === "name" || n.startsWith("name_")).map((n) => names[n]!).sort((a, b) => a - b);
}

function checkedSecretGroup(spec: RuleSpec, origin: string, regex: Re2): number {
  const groupCount = regex.groupCount;
  const secretGroup = spec.secretGroup ?? (groupCount > 0 ? 1 : 0);
  if (secretGroup > groupCount) fail(origin, spec.id, `"secretGroup" is ${secretGroup} but the regex has ${groupCount} group(s)`);
  return secretGroup;
}

/** Checks one rule's shape; returns it typed. Unknown keys are errors. */
export function validateRuleSpec(raw: unknown, origin: string): RuleSpec {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) fail(origin, undefined, "is not a table");
  const r = raw as Record<string, unknown>;
  const id = typeof r.id === "string" ? r.id : undefined;
  if (!id) fail(origin, undefined, `has no "id"`);
  if (!ID_PATTERN.test(id)) fail(origin, id, `"id" must be lower-case letters, digits and dashes`);
  for (const key of Object.keys(r)) {
    if (!KNOWN_KEYS.has(key)) fail(origin, id, `unknown key "${key}"`);
  }
  for (const key of ["provider", "description", "regex", "revoke"]) {
    if (typeof r[key] !== "string" || (r[key] as string).length === 0) fail(origin, id, `"${key}" must be a non-empty string`);
  }
  if (r.flags !== undefined && (typeof r.flags !== "string" || !/^[imsu]*$/.test(r.flags))) {
    fail(origin, id, `"flags" may only contain i, m, s and u`);
  }
  if (!isStringArray(r.keywords)) fail(origin, id, `"keywords" must be a list of strings`);
  for (const k of r.keywords) {
    if (k.length === 0 || k !== k.toLowerCase()) fail(origin, id, `keyword "${k}" must be non-empty and lower-case`);
    if (!/^[\x20-\x7e]{2,}$/.test(k)) fail(origin, id, `keyword "${k}" must be at least two printable ASCII characters`);
  }
  if (r.keywords.length === 0 && r.paths === undefined) {
    fail(origin, id, `a rule without "keywords" must have "paths", or it would run on every line`);
  }
  if (r.secretGroup !== undefined && (!Number.isInteger(r.secretGroup) || (r.secretGroup as number) < 0)) {
    fail(origin, id, `"secretGroup" must be a whole number`);
  }
  if (r.entropy !== undefined && (typeof r.entropy !== "number" || r.entropy < 0 || r.entropy > 8)) {
    fail(origin, id, `"entropy" must be a number from 0 to 8`);
  }
  if (r.severity !== undefined && !(SEVERITIES as readonly string[]).includes(r.severity as string)) fail(origin, id, `"severity" must be high, medium or low`);
  if (r.window !== undefined && (!Number.isInteger(r.window) || (r.window as number) < 16 || (r.window as number) > 65536)) {
    fail(origin, id, `"window" must be a whole number from 16 to 65536`);
  }
  if (r.multiline !== undefined && typeof r.multiline !== "boolean") fail(origin, id, `"multiline" must be true or false`);
  if (r.allow !== undefined && !isStringArray(r.allow)) fail(origin, id, `"allow" must be a list of regular expressions`);
  for (const key of ["require", "reject", "stopwords"]) {
    if (r[key] !== undefined && !isStringArray(r[key])) fail(origin, id, `"${key}" must be a list of strings`);
  }
  if (r.maxLength !== undefined && (!Number.isInteger(r.maxLength) || (r.maxLength as number) < 1)) {
    fail(origin, id, `"maxLength" must be a whole number of characters`);
  }
  try {
    compileChecks(r.require as string[] | undefined, r.reject as string[] | undefined);
  } catch (err) {
    fail(origin, id, (err as Error).message);
  }
  if (r.judge !== undefined && !JUDGE_KINDS.includes(r.judge as JudgeKind)) fail(origin, id, `"judge" must be one of ${JUDGE_KINDS.join(", ")}`);
  if (r.paths !== undefined && (!isStringArray(r.paths) || r.paths.length === 0)) fail(origin, id, `"paths" must be a non-empty list of globs`);
  if (r.target !== undefined && r.target !== "content" && r.target !== "path") fail(origin, id, `"target" must be "content" or "path"`);
  if (r.target === "path" && r.paths === undefined) fail(origin, id, `a rule with target = "path" needs "paths"`);
  if (r.credentialStore !== undefined && typeof r.credentialStore !== "boolean") fail(origin, id, `"credentialStore" must be true or false`);
  if (r.credentialStore === true && r.paths === undefined) fail(origin, id, `a rule with credentialStore = true needs "paths" naming the credential files`);
  if (r.checksum !== undefined && !Object.hasOwn(CHECKSUMS, r.checksum as string)) {
    fail(origin, id, `"checksum" must be one of ${Object.keys(CHECKSUMS).join(", ")}`);
  }
  // The verify room checks the table's contents when --verify asks for it (src/verify/spec.ts).
  if (r.verify !== undefined && (typeof r.verify !== "object" || r.verify === null || Array.isArray(r.verify))) fail(origin, id, `"verify" must be a table`);
  if (r.examplePath !== undefined && typeof r.examplePath !== "string") fail(origin, id, `"examplePath" must be a string`);
  const ex = r.examples as Record<string, unknown> | undefined;
  if (typeof ex !== "object" || ex === null || !isStringArray(ex.match) || !isStringArray(ex.nomatch)) {
    fail(origin, id, `"examples" must be a table with "match" and "nomatch" lists of strings`);
  }
  for (const key of Object.keys(ex)) {
    if (key !== "match" && key !== "nomatch") fail(origin, id, `unknown key "examples.${key}"`);
  }
  if (ex.match.length === 0) fail(origin, id, `needs at least one "match" example`);
  return r as unknown as RuleSpec;
}

/**
 * Compiles one validated spec, its regexes checked now (a config rule's
 * mistake is reported before any scan). Built-in rules come lazily instead
 * (lazyBuiltinRule): most never meet one of their keywords in a pre-commit
 * diff, so most of their regexes are never built.
 */
export function compileRule(spec: RuleSpec, origin: string): CompiledRule {
  const rule = new Rule(origin, spec, spec);
  rule.checkNow();
  return rule;
}

/**
 * What a scan needs of a built-in rule before any of its keywords is met:
 * the rest of its spec is read only then (`load`). The build writes these
 * (scripts/rule-files.mjs), `context` included: the keywords its regex does
 * not spell (keyword-boundary.ts), worked out there once.
 */
export interface RuleHead {
  id: string;
  keywords: string[];
  context?: string[];
  target?: "content" | "path";
  paths?: string[];
}

/** A built-in rule whose spec is read on first use: a pre-commit hook meets a few rules of ~350, and reading them all was a tenth of its start-up. */
export function lazyBuiltinRule(head: RuleHead, origin: string, load: () => RuleSpec): CompiledRule {
  return new Rule(origin, head, load);
}

/** Most rules' context keywords: one empty set shared, not ~300 made at every start. */
const NO_CONTEXT: ReadonlySet<string> = new Set();

/**
 * A compiled rule. A class, not an object literal of getters: a hook
 * compiles ~350 rules on every start, and getters on the prototype cost no
 * closures per rule. Only the head (id, keywords, paths, target) is held
 * from the start; everything else comes from the spec when first asked for.
 */
class Rule implements CompiledRule {
  readonly id: string;
  readonly keywords: string[];
  readonly paths: string[] | undefined;
  readonly target: "content" | "path";
  #spec: RuleSpec | undefined;
  readonly #load: (() => RuleSpec) | undefined;
  #context: ReadonlySet<string> | undefined;
  #entropy: number | undefined | null = null; // null: the spec's
  #secretGroup: number | undefined;
  #stopwords: string[] | undefined;
  #regex: Re2 | undefined;
  #allow: Re2[] | undefined;
  #pathRegex: Re2 | undefined;
  #checks: SecretCheck[] | undefined;
  #nameGroups: number[] | undefined;
  #leading: Leading | undefined | null = null; // null: not analysed yet
  #precheck: Precheck | undefined | null = null; // null: not derived yet

  constructor(
    readonly origin: string,
    head: RuleHead,
    spec: RuleSpec | (() => RuleSpec),
  ) {
    this.id = head.id;
    this.keywords = head.keywords;
    this.paths = head.paths;
    this.target = head.target ?? "content";
    if (head.context) this.#context = head.context.length ? new Set(head.context) : NO_CONTEXT;
    if (typeof spec === "function") this.#load = spec;
    else this.#spec = spec;
  }

  /** Builds and checks everything a rule from a config could get wrong, so a broken rule fails now, naming itself. */
  checkNow(): void {
    this.#regex = this.#makeRegex();
    this.#allow = this.#makeAllow();
    void this.pathRegex;
    this.#secretGroup = checkedSecretGroup(this.spec, this.origin, this.#regex);
  }

  get spec(): RuleSpec {
    return (this.#spec ??= this.#load!());
  }

  /** The keywords that only name the provider (keyword-boundary.ts): they count where a word starts. */
  get context(): ReadonlySet<string> {
    if (this.#context === undefined) {
      const spelling = new Spelling(this.spec.regex);
      this.#context = new Set(this.keywords.filter((k) => isContextKeyword(k, spelling)));
    }
    return this.#context;
  }

  get provider(): string {
    return this.spec.provider;
  }
  get description(): string {
    return this.spec.description;
  }
  get severity(): Severity {
    return this.spec.severity ?? "high";
  }
  get revoke(): string {
    return this.spec.revoke;
  }
  /** A config's [entropy] table may set it (config/rules.ts). */
  get entropy(): number | undefined {
    return this.#entropy === null ? this.spec.entropy : this.#entropy;
  }
  set entropy(value: number | undefined) {
    this.#entropy = value;
  }
  get window(): number {
    return this.spec.window ?? DEFAULT_WINDOW;
  }
  get multiline(): boolean {
    return this.spec.multiline ?? false;
  }
  get maxLength(): number | undefined {
    return this.spec.maxLength;
  }
  get judge(): JudgeKind | undefined {
    return this.spec.judge;
  }
  get credentialStore(): boolean {
    return this.spec.credentialStore ?? false;
  }
  get checksum(): ((secret: string) => boolean) | undefined {
    return this.spec.checksum === undefined ? undefined : CHECKSUMS[this.spec.checksum];
  }
  get stopwords(): string[] {
    return (this.#stopwords ??= (this.spec.stopwords ?? []).map((w) => w.toLowerCase()));
  }
  /** The build writes secretGroup into every built-in rule; a rule from a config was checked by checkNow. */
  get secretGroup(): number {
    return (this.#secretGroup ??= this.spec.secretGroup ?? checkedSecretGroup(this.spec, this.origin, this.regex));
  }

  /** The regex as RE2 compiles it: TOML's `flags` as a leading inline group. */
  get #pattern(): string {
    return withFlags(this.spec.regex, this.spec.flags);
  }

  /** A built-in rule's spec comes from the package (`#load`), its patterns checked by the build (regex.ts compileRe2). */
  get #builtIn(): boolean {
    return this.#load !== undefined;
  }

  #makeRegex(): Re2 {
    return compileRegex(this.origin, this.id, `"regex"`, this.#pattern, this.#builtIn);
  }

  #makeAllow(): Re2[] {
    return (this.spec.allow ?? []).map((a, i) => compileRegex(this.origin, this.id, `"allow" entry ${i + 1}`, a, this.#builtIn));
  }

  /** A necessary condition for a match in a window, tested before the regex (precheck.ts). */
  get precheck(): Precheck | undefined {
    if (this.#precheck === null) this.#precheck = this.target === "path" ? undefined : secretPrecheck(this.#pattern);
    return this.#precheck;
  }

  get leading(): Leading | undefined {
    if (this.#leading === null) this.#leading = this.target === "path" || this.multiline ? undefined : keywordLed(this.#pattern, this.keywords);
    return this.#leading;
  }

  get regex(): Re2 {
    return (this.#regex ??= this.#makeRegex());
  }

  get allow(): Re2[] {
    return (this.#allow ??= this.#makeAllow());
  }

  get nameGroups(): number[] {
    return (this.#nameGroups ??= nameGroupsOf(this.regex));
  }

  get pathRegex(): Re2 | undefined {
    const source = this.spec.pathRegex;
    return source === undefined ? undefined : (this.#pathRegex ??= compileRegex(this.origin, this.id, `"path"`, source));
  }

  get checks(): SecretCheck[] {
    return (this.#checks ??= compileChecks(this.spec.require, this.spec.reject));
  }

  get hostGroup(): number | undefined {
    return this.regex.groupNames.host;
  }
}

/** Validates and compiles a list of rules; ids must be unique across the list. */
export function compileRules(entries: { origin: string; rules: unknown[] }[]): CompiledRule[] {
  const seen = new Map<string, string>();
  const out: CompiledRule[] = [];
  for (const { origin, rules } of entries) {
    for (const raw of rules) {
      const spec = validateRuleSpec(raw, origin);
      const before = seen.get(spec.id);
      if (before) fail(origin, spec.id, `the id is already used in ${before}`);
      seen.set(spec.id, origin);
      out.push(compileRule(spec, origin));
    }
  }
  return out;
}
