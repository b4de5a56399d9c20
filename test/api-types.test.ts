// The API's published types (src/api.ts spells Finding and ScanStats out again,
// so dist/api.d.ts needs no engine types) stay field for field equal to what
// the scan and the JSON report produce: test/types/api-shapes.ts states that
// at the type level, and this runs the compiler on it, so a field added to
// one side only fails the suite, not just `tsc --noEmit`.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..");

describe("the API's types", () => {
  it("match the JSON report's findings and the scan's stats field for field", () => {
    const r = spawnSync(
      process.execPath,
      [join(ROOT, "node_modules/typescript/bin/tsc"), "--ignoreConfig", "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--types", "node", "--skipLibCheck", "--allowImportingTsExtensions", "--resolveJsonModule", "--esModuleInterop", "src/virtual-modules.d.ts", "test/types/api-shapes.ts"],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  }, 120_000);
});
