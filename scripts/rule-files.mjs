// Reads rules/*.toml into plain data. Shared by the build (esbuild plugin) and
// the test runner (vite plugin) so both see exactly the same built-in rules,
// and the shipped CLI never parses TOML at start-up.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
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

export const VIRTUAL_ID = "virtual:builtin-rules";
