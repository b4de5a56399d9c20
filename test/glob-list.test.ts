// Glob lists (rules' paths, --include/--exclude, allowlists) with the file-name
// pre-test: it may only skip paths the globs cannot match.
import { describe, expect, it } from "vitest";
import { builtinRuleFiles, decidedByName, globListMatcher } from "../src/commands/ruleset.js";

describe("globListMatcher", () => {
  it("matches names, stars between plain parts, and honours negations", () => {
    const m = globListMatcher(["**/.pgpass", "**/*.sql", "**/data-sources*.json", "!**/seed.sql"]);
    for (const p of [".pgpass", "db/.pgpass", "dump.sql", "a/b/dump.sql", "ws/.dbeaver/data-sources.json", "data-sources-2.json"]) expect(m(p), p).toBe(true);
    for (const p of ["pgpass", "db/.pgpass.bak", "dump.sql.gz", "a/seed.sql", "data-source.json", "x/sql"]) expect(m(p), p).toBe(false);
  });

  it("falls back to the globs alone when a last segment is not a simple name", () => {
    const m = globListMatcher(["src/**", "**/*.{js,ts}", "**/[Nn]u[Gg]et.[Cc]onfig"]);
    for (const p of ["src/a/b.txt", "lib/x.ts", "NuGet.Config", "app/nuget.config"]) expect(m(p), p).toBe(true);
    expect(m("lib/x.py")).toBe(false);
  });
});

describe("decidedByName", () => {
  it("is true only for lists of one-segment globs under **/", () => {
    expect(decidedByName(["**/.pgpass", "**/*.sql", "!**/seed.sql", "**/[Nn]u[Gg]et.[Cc]onfig"])).toBe(true);
    for (const globs of [["**/.kube/config"], ["*.php"], ["src/**"], ["**/.env", "config/*.yml"], ["**/**"]]) expect(decidedByName(globs), globs.join()).toBe(false);
  });

  it("gives every built-in list it accepts the same verdict on a path and on its base name", () => {
    const lists = builtinRuleFiles().flatMap((f) => f.rules.map((r) => (r as { paths?: string[] }).paths ?? []).filter((p) => p.length > 0 && decidedByName(p)));
    expect(lists.length).toBeGreaterThan(20);
    const dirs = ["", "a/", "deep/er/", ".idea/", "config/", ".kube/", ".docker/", "node_modules/x/"];
    for (const globs of lists) {
      const m = globListMatcher(globs);
      // Every name the globs spell (stars as "x"), and a few that they do not.
      const names = globs.map((g) => g.replace(/^!?\*\*\//, "").replace(/\*/g, "x").replace(/\[(.)[^\]]*\]/g, "$1")).concat(["index.js", "x.txt"]);
      for (const name of names) for (const d of dirs) expect(m(d + name), `${globs.join()} ${d + name}`).toBe(m(name));
    }
  });
});
