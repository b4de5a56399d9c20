// Glob lists (rules' paths, --include/--exclude, allowlists) with the file-name
// pre-test: it may only skip paths the globs cannot match.
import { describe, expect, it } from "vitest";
import { globListMatcher } from "../src/commands/ruleset.js";

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
