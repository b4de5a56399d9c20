// Built-in rules state only their core token; the shape around it (where a
// token may start and end, and the `name = value` context a token without a
// distinctive prefix needs) is composed here, once, for every rule. Shared by
// the build and the test runner through readRuleFiles (scripts/rule-files.mjs),
// so every consumer of a rule (the engine, the tests, the specs file) sees the
// same composed `regex`, exactly as if the rule had spelled it.

/**
 * Character sets a token may not touch. A side's boundary is a set name,
 * optionally followed by ` plus ` and extra characters (`"word plus ."` is
 * `A-Za-z0-9_.-`); `"none"` puts no boundary on that side.
 * - word:   the characters of an identifier or a key (letters, digits, `_`, `-`);
 * - base64: word plus `+/=` (both base64 alphabets), for tokens that could
 *           otherwise be cut out of a longer base64 run;
 * - alnum:  letters and digits only, for tokens that may sit after `_` or `-`;
 * - upper:  capitals and digits, for tokens that may follow a lower-case word.
 */
const SETS = {
  word: ["A-Za-z0-9_", "-"],
  base64: ["A-Za-z0-9_+/=", "-"],
  alnum: ["A-Za-z0-9", ""],
  upper: ["A-Z0-9", ""],
};

/** The character class body of a boundary spelling (`"word plus ."` → `A-Za-z0-9_.-`). */
function boundaryClass(spelling, where) {
  const [name, extra = ""] = spelling.split(" plus ");
  const set = SETS[name];
  if (!set) throw new Error(`${where}: unknown boundary "${spelling}" (one of ${Object.keys(SETS).join(", ")} or none; " plus " adds characters)`);
  if (/[\]\\^]/.test(extra) || (extra.includes("-") && set[1] === "-")) {
    throw new Error(`${where}: boundary "${spelling}" adds a character that needs escaping or is already in the set`);
  }
  // A trailing "-" stays last, where a class reads it literally.
  return extra.endsWith("-") ? set[0] + extra.slice(0, -1) + set[1] + "-" : set[0] + extra + set[1];
}

const start = (spelling, where) => (spelling === "none" ? "" : `(?:^|[^${boundaryClass(spelling, where)}])`);
const end = (spelling, where) => (spelling === "none" ? "" : `(?:[^${boundaryClass(spelling, where)}]|$)`);

/**
 * `name = value` where the name contains one of `words`: as its own word
 * (`CODECOV_TOKEN`, `codecov.token`) or as a camel-case part (`myCodecovToken`),
 * then up to 40 name characters, an optional closing quote or bracket, an
 * optional Go-style ` string` type, any of the assignment operators code and
 * config use, and an optional opening quote.
 */
function namedContext(words, where, nameCase = "any") {
  // A word may allow a separator inside it (`linked[_-]?in`), never other regex syntax.
  if (!Array.isArray(words) || !words.length || words.some((w) => !/^[a-z](?:[a-z0-9-]|\[_-\]\?)*$/.test(w))) {
    throw new Error(`${where}: "name_has" lists lower-case words (letters, digits, "-", and "[_-]?" between parts)`);
  }
  const capital = words.map((w) => w[0].toUpperCase() + w.slice(1));
  let own;
  if (nameCase === "any") own = `(?i:${words.join("|")})`;
  // "as-written": sumo, Sumo or SUMO but not sumO, where a mixed-case word (`sumObj`) is another name.
  else if (nameCase === "as-written") own = `(?:${words.map((w) => `[${w[0].toUpperCase()}${w[0]}]${w.slice(1)}|${w.toUpperCase()}`).join("|")})`;
  else throw new Error(`${where}: "name_case" is "any" (the default) or "as-written"`);
  return `(?:(?:^|[^A-Za-z])${own}|[a-z0-9](?:${capital.join("|")}))[\\w.-]{0,40}?`;
}
const NAMED_OPERATOR = `["\\x27\\]]?(?:[ \\t]+string)?[ \\t]*(?:=|:=|::=|:::=|\\?=|\\.=|:|=>|,|>)[ \\t]*["\\x27\\x60]?`;

/** `name = value` where `name` is a regex for the setting's name: `=`, `:=`, `:`, `=>` or `,`, spaces, an optional quote. */
const ASSIGNMENT_OPERATOR = `["\\x27\\]]?\\s*(?:=|:=|:|=>|,)\\s*["\\x27]?`;

/** The keys a shaped rule may use; composeRule removes them once the regex is built. */
const SHAPE_KEYS = ["shape", "token", "before", "after", "name", "name_has", "name_case", "name_then", "prefix", "suffix"];

/**
 * Builds `regex` from a rule's shape keys; a rule with a plain `regex` and no
 * shape keys is returned as it is. Shapes:
 * - "token" (the default when `token` is given): the token between two boundaries;
 * - "named": the token assigned to a name containing one of `name_has`
 *   (then `name_then`, a regex, if the name must also say more);
 * - "assignment": the token assigned to a name matching the regex `name`;
 * - "mention": the token anywhere after a name containing one of `name_has`
 *   (then `name_then`), with the token's own boundaries; no operator.
 * `prefix` and `suffix` (regexes) are fixed context around the token, inside
 * the boundaries; `before` defaults to "word" for a bare token and to "none"
 * once context precedes it; `after` defaults to "word".
 */
export function composeRule(rule, origin) {
  const used = SHAPE_KEYS.filter((k) => rule[k] !== undefined);
  if (!used.length) return rule;
  const where = `${origin}: rule "${rule.id}"`;
  if (rule.regex !== undefined) throw new Error(`${where}: give either "regex" or a shape ("token" and its keys), not both`);
  if (typeof rule.token !== "string" || !rule.token) throw new Error(`${where}: a shaped rule needs "token", the secret's core regex`);
  const shape = rule.shape ?? "token";
  let context;
  if (shape === "token") {
    if (rule.name !== undefined || rule.name_has !== undefined) throw new Error(`${where}: "name" and "name_has" belong to the "assignment" and "named" shapes`);
    context = "";
  } else if (shape === "named") {
    context = namedContext(rule.name_has, where, rule.name_case) + (rule.name_then ?? "") + NAMED_OPERATOR;
  } else if (shape === "mention") {
    context = namedContext(rule.name_has, where, rule.name_case) + (rule.name_then ?? "");
  } else if (shape === "assignment") {
    if (typeof rule.name !== "string" || !rule.name) throw new Error(`${where}: the "assignment" shape needs "name", a regex for the setting's name`);
    context = rule.name + ASSIGNMENT_OPERATOR;
  } else {
    throw new Error(`${where}: unknown shape "${shape}" (token, named, assignment or mention)`);
  }
  const prefix = rule.prefix ?? "";
  const core = `(${rule.token})` + (rule.suffix ?? "") + end(rule.after ?? "word", where);
  // A mention's boundary is the token's own, after the name; the others' is where the match starts.
  const regex =
    shape === "mention"
      ? prefix + context + start(rule.before ?? "word", where) + core
      : start(rule.before ?? (prefix || context ? "none" : "word"), where) + prefix + context + core;
  const composed = { ...rule, regex };
  for (const k of SHAPE_KEYS) delete composed[k];
  return composed;
}
