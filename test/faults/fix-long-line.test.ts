// Issue 25, item 10: `scan-keys fix` on a line with a long run of letters
// before the key. The assigned name was read by a regex ending in `$` that
// retried from every letter (100 KB: 54 s, 9 MB: over 400 s); the
// blocked-commit report sends users to `fix`, so it must be linear like the
// scanner. 1 MB of letters here (the old code: hours).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fakeKey, runFault } from "./helpers.js";
import { expectFixed, stagedRepo } from "../helpers/fixrepo.js";

describe("fix on a very long line", () => {
  it("1 MB of letters before the key on its line: fixed in linear time", () => {
    const key = fakeKey();
    const letters = "a".repeat(1 << 20);
    const repo = stagedRepo({ "app.js": `const ${letters} = "${key}";\nmodule.exports = 1;\n` });
    const r = runFault("fix, 1 MB before the key", ["fix", "--yes"], { cwd: repo, timeoutMs: 120_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).not.toContain(key);
    // The name a 1 MB identifier gives is no name: the key's own (the rule's) is used.
    expectFixed(repo, key, "GITHUB_TOKEN");
    expect(readFileSync(join(repo, "app.js"), "utf8")).toBe(`const ${letters} = process.env.GITHUB_TOKEN;\nmodule.exports = 1;\n`);
  }, 300_000);
});
