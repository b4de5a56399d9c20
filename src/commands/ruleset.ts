// Built-in rules plus the user's, compiled into a Scanner.
import type micromatchType from "micromatch";
import { LATER_FILES, laterModule } from "../startup/later-files.js";
import { builtinHeads, builtinOrigins, builtinSpec, globRegexes } from "virtual:builtin-rules";
import { lazyBuiltinRule, Scanner, type CompiledRule, type RuleSpec } from "../engine/index.js";
import { buildRules } from "../config/rules.js";
import type { ConfigSettings } from "../config/schema.js";
import { countTokens } from "../startup/tokenizer.js";

/** A rule file as read: where it came from and its rules' specs. */
export type RuleFile = { origin: string; rules: unknown[] };

let builtinFiles: RuleFile[] | undefined;

/** The built-in rule files with every spec read: for the tests (scans read each spec when first used). */
export function builtinRuleFiles(): RuleFile[] {
  if (builtinFiles === undefined) {
    const files: RuleFile[] = builtinOrigins.map((origin) => ({ origin, rules: [] }));
    builtinHeads.forEach((head, i) => files[head.file]!.rules.push(builtinSpec(i)));
    builtinFiles = files;
  }
  return builtinFiles;
}

// The user's globs need micromatch, which the package (no dependencies) carries as dist/micromatch.js: a
// require of "micromatch" itself found nothing in an installed copy, and every --include failed there.
const micromatch = laterModule<typeof micromatchType>(LATER_FILES.micromatch, "micromatch");

/**
 * One glob's matcher. The built-in rules' globs were compiled by micromatch at
 * build time; micromatch itself is loaded only for the user's globs
 * (--include, --exclude, config), which keeps it off the pre-commit hook's
 * start-up.
 */
function globMatcher(glob: string): (path: string) => boolean {
  const pre = globRegexes[glob];
  if (pre) {
    const re = new RegExp(pre.source, pre.flags);
    return (p) => re.test(p);
  }
  return micromatch().matcher(glob, { dot: true });
}

// A cheap test on the file name that every path a glob list can match
// passes, when each glob's last segment is a plain name (".pgpass") or one
// star between plain parts ("*.sql", "data-sources*.json"); else undefined.
// Rules for a kind of file are asked about every file scanned, and most names
// fail this test before any glob regex runs.
function fileNameTest(globs: string[]): ((path: string) => boolean) | undefined {
  const parts: [string, string][] = []; // [prefix, suffix]; a plain name is [name, ""] with no star
  const exact = new Set<string>();
  for (const g of globs) {
    const last = g.slice(g.lastIndexOf("/") + 1);
    if (/^[^*?[\]{}()!+@]+$/.test(last)) exact.add(last);
    else {
      const m = /^([^*?[\]{}()!+@]*)\*([^*?[\]{}()!+@]*)$/.exec(last);
      if (!m) return undefined;
      parts.push([m[1]!, m[2]!]);
    }
  }
  return (path) => {
    const name = path.slice(path.lastIndexOf("/") + 1);
    if (exact.has(name)) return true;
    for (const [pre, suf] of parts) if (name.length >= pre.length + suf.length && name.startsWith(pre) && name.endsWith(suf)) return true;
    return false;
  };
}

/** --include / --exclude as one test: a path is scanned when it matches an include (if any) and no exclude. */
export function pathFilter(include: string[], exclude: string[]): (p: string) => boolean {
  const inc = include.length ? globListMatcher(include) : undefined;
  const exc = exclude.length ? globListMatcher(exclude) : undefined;
  return (p) => (!inc || inc(p)) && !(exc && exc(p));
}

/**
 * Glob matching for a list (rules' `paths`, --include, allowlists): a path
 * matches when a positive glob matches and no `!negated` glob does.
 */
export function globListMatcher(globs: string[]): (path: string) => boolean {
  const compile = (list: string[]) => {
    if (list.length === 0) return undefined;
    // Built-in globs compiled at build time join into one RegExp: a rule with
    // fifty file names costs one test per file, not fifty.
    const pre = list.map((g) => globRegexes[g]);
    if (list.length > 1 && pre.every((r) => r && r.flags === pre[0]!.flags)) {
      const joined = new RegExp(pre.map((r) => `(?:${r!.source})`).join("|"), pre[0]!.flags);
      return (p: string) => joined.test(p);
    }
    const each = list.map(globMatcher);
    return (p: string) => each.some((m) => m(p));
  };
  const positive = globs.filter((g) => !g.startsWith("!"));
  const quick = positive.length ? fileNameTest(positive) : undefined;
  // Built when a path first passes the quick name test: most rules for a
  // kind of file never meet one in a pre-commit change, and joining their
  // globs into a RegExp cost a hook ~2 ms.
  let full: ((p: string) => boolean) | undefined;
  const build = () => {
    const yes = compile(positive);
    const no = compile(globs.filter((g) => g.startsWith("!")).map((g) => g.slice(1)));
    return (p: string) => (yes ? yes(p) : true) && !(no && no(p));
  };
  return (p) => (quick === undefined || quick(p)) && (full ??= build())(p);
}

function pathMatcher(): (path: string, globs: string[]) => boolean {
  const cache = new Map<string[], (p: string) => boolean>();
  return (path, globs) => {
    let m = cache.get(globs);
    if (!m) cache.set(globs, (m = globListMatcher(globs)));
    return m(path);
  };
}

/**
 * Whether a glob list's verdict on a path depends on its base name alone:
 * every glob (negated ones too) is "**" + "/" + one segment, which matches
 * that name in any directory, the top one included.
 */
export function decidedByName(globs: string[]): boolean {
  return globs.every((g) => {
    const glob = g.startsWith("!") ? g.slice(1) : g;
    if (!glob.startsWith("**/")) return false;
    const last = glob.slice(3);
    return last.length > 0 && !last.includes("/") && !last.includes("**");
  });
}

export function createScanner(rules: CompiledRule[], options: { dfaAfter?: number; automatonAfter?: number } = {}): Scanner {
  return new Scanner(rules, pathMatcher(), { ...options, tokens: countTokens, nameOnly: decidedByName });
}

/** The built-in rules, each spec read when the rule is first used. */
export function compileBuiltinRules(): CompiledRule[] {
  return builtinHeads.map((head, i) => lazyBuiltinRule(head, builtinOrigins[head.file]!, () => builtinSpec(i) as RuleSpec));
}

/** The rules for a scan: the built-in ones, changed and extended by the user's config when there is one. */
export function rulesFor(settings: ConfigSettings | undefined): CompiledRule[] {
  return buildRules(compileBuiltinRules(), settings, createScanner);
}
