// Reads rules/*.toml into plain data. Shared by the build (esbuild plugin) and
// the test runner (vite plugin) so both see exactly the same built-in rules,
// and the shipped CLI never parses TOML at start-up.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import micromatch from "micromatch";
import { RE2JS } from "re2js";
import { parse } from "smol-toml";

/** Generic rules load last: on an overlap the provider-specific rule wins. */
function order(a, b) {
  const ga = a.startsWith("generic") ? 1 : 0;
  const gb = b.startsWith("generic") ? 1 : 0;
  return ga - gb || a.localeCompare(b);
}

export function readRuleFiles(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith(".toml")).sort(order);
  return files.map((file) => {
    const origin = `rules/${file}`;
    let doc;
    try {
      doc = parse(readFileSync(join(dir, file), "utf8"));
    } catch (err) {
      const where = err.line ? `:${err.line}:${err.column}` : "";
      throw new Error(`${origin}${where}: not valid TOML (${String(err.message).split("\n")[0]})`);
    }
    const extra = Object.keys(doc).filter((k) => k !== "rules");
    if (extra.length) throw new Error(`${origin}: unknown top-level key "${extra[0]}" (only [[rules]] tables belong here)`);
    if (!Array.isArray(doc.rules)) throw new Error(`${origin}: has no [[rules]] tables`);
    return { origin, rules: doc.rules };
  });
}

/**
 * The built-in rules' path globs, compiled by micromatch now, so the CLI
 * does not load micromatch at start-up just to match .env or *.p12.
 */
export function compileRuleGlobs(files) {
  const out = {};
  for (const { rules } of files) {
    for (const rule of rules) {
      for (const glob of rule.paths ?? []) {
        const g = glob.startsWith("!") ? glob.slice(1) : glob;
        const re = micromatch.makeRe(g, { dot: true });
        out[g] = { source: re.source, flags: re.flags };
      }
    }
  }
  return out;
}

/** A rule's regex as the engine compiles it: TOML's `flags` become a leading inline group. */
const withFlags = (r) => (r.flags ? `(?${r.flags.replace(/u/g, "")})${r.regex}` : r.regex);

/**
 * The CLI trusts the built-in rules and builds their regexes lazily, so the
 * build checks every pattern now: a pattern that is not RE2 syntax (a
 * lookaround, a backreference) fails the build, not a scan. (The test suite
 * validates everything else about each rule, with friendlier messages.)
 * Returns each rule's number of capture groups, from the same compile.
 */
function checkPatterns(files) {
  const groups = new Map();
  for (const { origin, rules } of files) {
    for (const r of rules) {
      for (const [what, source] of [["regex", withFlags(r)], ...(r.allow ?? []).map((a) => ["allow", a])]) {
        try {
          const re = RE2JS.compile(source);
          if (what === "regex") groups.set(r, re.groupCount());
        } catch (err) {
          throw new Error(`${origin}: rule "${r.id}": "${what}" is not RE2 syntax (${err.message})`);
        }
      }
    }
  }
  return groups;
}

/**
 * The source of the virtual:builtin-rules module. For the CLI bundle
 * (`forCli`), examples are dropped (only the tests run them) and the data is
 * a JSON string, which V8 parses faster than the same object literal.
 */
export function builtinRulesModule(dir, { forCli = false } = {}) {
  const files = readRuleFiles(dir);
  const globs = JSON.stringify(compileRuleGlobs(files));
  if (!forCli) return `export default ${JSON.stringify(files)};\nexport const globRegexes = ${globs};\n`;
  const groups = checkPatterns(files);
  // secretGroup made explicit (the engine's default: 1 when the regex has a group).
  const slim = files.map(({ origin, rules }) => ({
    origin,
    rules: rules.map((rule) => {
      const { examples, ...rest } = rule;
      return { ...rest, secretGroup: rule.secretGroup ?? (groups.get(rule) > 0 ? 1 : 0) };
    }),
  }));
  return `export default JSON.parse(${JSON.stringify(inertJson(slim))});\nexport const globRegexes = ${globs};\n`;
}

/**
 * JSON whose string values hold no punctuation: every character but ASCII
 * letters, digits and space is written as a \uXXXX escape. The bundle embeds
 * the rule table, and its regexes and descriptions ("Server=…;Password=…")
 * read like credentials to the rules themselves, so a repository that commits
 * node_modules or vendors scan-keys would get findings from scan-keys' own
 * files. No rule matches a run of letters and digits cut by backslash escapes
 * (keys need their `_`, `-`, `=`, `:`), and nothing is skipped: a real key
 * pasted into the bundle is still found. JSON.parse undoes it at load.
 */
export function inertJson(value) {
  const escape = (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  return JSON.stringify(value).replace(/"(?:[^"\\]|\\.)*"/g, (s) =>
    `"${s.slice(1, -1).replace(/\\.|[^A-Za-z0-9 ]/g, (c) => (c.length === 1 ? escape(c) : c))}"`,
  );
}

export const VIRTUAL_ID = "virtual:builtin-rules";
