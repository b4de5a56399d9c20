import { defineConfig } from "vitest/config";
import { join } from "node:path";
// @ts-expect-error plain ESM helper shared with the build script
import { builtinRulesModule, VIRTUAL_ID } from "./scripts/rule-files.mjs";

const RESOLVED = `\0${VIRTUAL_ID}`;

export default defineConfig({
  plugins: [
    {
      name: "builtin-rules",
      resolveId: (id: string) => (id === VIRTUAL_ID ? RESOLVED : undefined),
      load: (id: string) =>
        id === RESOLVED ? builtinRulesModule(join(import.meta.dirname, "rules")) : undefined,
    },
  ],
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/build.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
