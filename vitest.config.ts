import { defineConfig } from "vitest/config";
import { join } from "node:path";
// @ts-expect-error plain ESM helper shared with the build script
import { builtinRules, VIRTUAL_ID } from "./scripts/rule-files.mjs";

const RESOLVED = `\0${VIRTUAL_ID}`;

export default defineConfig({
  plugins: [
    {
      name: "builtin-rules",
      resolveId: (id: string) => (id === VIRTUAL_ID ? RESOLVED : undefined),
      load: (id: string) =>
        id === RESOLVED ? builtinRules(join(import.meta.dirname, "rules")).module : undefined,
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
