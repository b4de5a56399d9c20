// Reads rules/*.toml into plain data. Shared by the build (esbuild plugin) and
// the test runner (vite plugin) so both see exactly the same built-in rules,
// and the shipped CLI never parses TOML at start-up.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import micromatch from "micromatch";
import { RE2JS } from "re2js";
import { parse } from "smol-toml";
import { composeRule } from "./rule-shapes.mjs";

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
    return { origin, rules: doc.rules.map((rule) => composeRule(rule, origin)) };
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

/** The file, beside the bundle, that holds the built-in rules' specs for the CLI, one per line. */
export const SPECS_FILE = "rule-specs.json";

/**
 * The keywords a rule's regex does not spell (letters and digits absent from
 * the pattern's own): they only name the provider, so the engine counts them
 * only where a word starts. The engine's own test of this is
 * src/engine/keyword-boundary.ts; test/rules.test.ts checks both agree on
 * every built-in rule.
 */
function contextKeywords(rule) {
  const letters = rule.regex.toLowerCase().replace(/[^a-z0-9]/g, "");
  return [...new Set(rule.keywords ?? [])].filter((k) => /^[a-z][a-z0-9]*$/.test(k) && !letters.includes(k));
}

/**
 * The virtual:builtin-rules module (src/virtual-modules.d.ts). What a scan
 * needs of every rule before it meets a keyword (the head: id, keywords,
 * context keywords, target, paths) is in the module; each rule's whole spec
 * is read when the rule is first used (`builtinSpec`). For the test runner
 * the specs are in the module too, examples included. For the CLI bundle
 * (`forCli`) they are `specs`, the text of dist/rule-specs.json (one JSON
 * spec a line, examples dropped, secretGroup made explicit), read on first
 * use: a pre-commit hook meets a few rules of ~350.
 */
export function builtinRules(dir, { forCli = false } = {}) {
  const files = readRuleFiles(dir);
  const globs = JSON.stringify(compileRuleGlobs(files));
  const origins = files.map((f) => f.origin);
  const all = files.flatMap((f, file) => f.rules.map((rule) => ({ file, rule })));
  const heads = all.map(({ file, rule }) => ({
    file,
    id: rule.id,
    keywords: rule.keywords ?? [],
    context: contextKeywords(rule),
    ...(rule.target !== undefined ? { target: rule.target } : {}),
    ...(rule.paths !== undefined ? { paths: rule.paths } : {}),
  }));
  if (!forCli) {
    return {
      module: [
        `export const builtinOrigins = ${JSON.stringify(origins)};`,
        `export const builtinHeads = ${JSON.stringify(heads)};`,
        `const specs = ${JSON.stringify(all.map(({ rule }) => rule))};`,
        "export function builtinSpec(i) { return specs[i]; }",
        `export const globRegexes = ${globs};`,
      ].join("\n"),
    };
  }
  const groups = checkPatterns(files);
  // secretGroup made explicit (the engine's default: 1 when the regex has a group).
  const specs = all.map(({ rule }) => {
    const { examples, ...rest } = rule;
    return inertJson({ ...rest, secretGroup: rule.secretGroup ?? (groups.get(rule) > 0 ? 1 : 0) });
  });
  // Each spec's [offset, length] in the file (ASCII: inertJson escapes the rest), so one rule is one read.
  const spans = [];
  let offset = 0;
  for (const line of specs) {
    spans.push(offset, line.length);
    offset += line.length + 1;
  }
  const module = `import { openSync, readSync } from "node:fs";
import { join } from "node:path";
export const builtinOrigins = JSON.parse(${JSON.stringify(inertJson(origins))});
export const builtinHeads = JSON.parse(${JSON.stringify(inertJson(heads))});
const spans = ${JSON.stringify(spans)};
const file = join(__dirname, ${JSON.stringify(SPECS_FILE)});
let fd;
export function builtinSpec(i) {
  const buf = Buffer.alloc(spans[2 * i + 1]);
  try {
    fd ??= openSync(file, "r");
    if (readSync(fd, buf, 0, buf.length, spans[2 * i]) !== buf.length) throw new Error("it is shorter than the build wrote it");
    return JSON.parse(buf.toString("latin1"));
  } catch (err) {
    // An InstallError ends the scan (errors.ts, commands/pipeline.ts): no file may pass unscanned.
    throw Object.assign(new Error(\`the installation is incomplete: \${file} cannot be read (\${err.code ?? err.message}); install scan-keys again.\`), { name: "InstallError" });
  }
}
export const globRegexes = ${globs};
`;
  return { module, specs: `${specs.join("\n")}\n` };
}

/**
 * JSON whose string values hold no punctuation: every character but ASCII
 * letters, digits and space is written as a \uXXXX escape. The package ships
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
