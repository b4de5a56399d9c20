// Release step 3 (.github/workflows/release.yml): the tarball `npm publish`
// would upload, checked before it is: `npm pack --dry-run --json` of the
// built checkout must hold every file package.json points at (bin, main,
// types, exports), the rules and the docs, nothing from src/ or test/
// (scripts/package-files.mjs's list), and no script that runs at install time.
// Prints the file list; exits 1 with one line per problem.
// Usage: node scripts/release/check-package.mjs   (after npm run build)
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ALLOWED } from "../package-files.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

/** Every file package.json names for users: the bin, main, types and each exports target. */
function namedFiles() {
  const targets = [];
  const walk = (v) => (typeof v === "string" ? targets.push(v) : v && typeof v === "object" ? Object.values(v).forEach(walk) : undefined);
  walk(pkg.bin);
  walk(pkg.main);
  walk(pkg.types);
  walk(pkg.exports);
  return [...new Set(targets.map((t) => t.replace(/^\.\//, "")))];
}

const [info] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts", "--loglevel=error"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }));
const files = info.files.map((f) => f.path);
const problems = [];
for (const f of namedFiles()) if (!files.includes(f)) problems.push(`package.json names ${f}, which the tarball does not hold (run npm run build first)`);
for (const f of ["README.md", "LICENSE", "CHANGELOG.md", "SECURITY.md", "dist/rule-specs.json", "dist/re2.js", "dist/tokenizer.js"]) if (!files.includes(f)) problems.push(`the tarball lacks ${f}`);
if (!files.some((f) => /^rules\/.+\.toml$/.test(f))) problems.push("the tarball holds no rules/*.toml");
for (const f of files) if (!ALLOWED.some((re) => re.test(f))) problems.push(`${f} is not meant for the package`);
// prepack (the build) runs where a tarball is made from source (npm pack, npm publish, the pre-commit
// framework's install of a hook repository), never where the published tarball is installed.
for (const s of ["preinstall", "install", "postinstall", "prepare"]) if (pkg.scripts?.[s]) problems.push(`package.json has a "${s}" script; the published package runs nothing at install time`);
if (Object.keys(pkg.dependencies ?? {}).length) problems.push("package.json has dependencies; the bundles hold every library they use");
for (const k of ["repository", "bugs", "homepage", "license", "engines"]) if (!pkg[k]) problems.push(`package.json has no "${k}"`);
if (info.version !== pkg.version || info.name !== pkg.name) problems.push(`npm would pack ${info.name}@${info.version}, not ${pkg.name}@${pkg.version}`);

for (const f of files) console.log(`  ${f}`);
console.log(`${info.filename}: ${files.length} files, ${(info.size / 1024).toFixed(1)} KB packed`);
for (const p of problems) console.error(`release: ${p}.`);
process.exitCode = problems.length ? 1 : 0;
