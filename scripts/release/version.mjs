// Release step 1 (.github/workflows/release.yml): the pushed tag must name
// the version package.json holds, and CHANGELOG.md must have its section.
// Writes to $GITHUB_OUTPUT (when set) what the later steps need:
//   version=1.2.3  dist-tag=latest|next  major=v1 (empty for a pre-release)
// and the section's text to the file named by --notes, for the GitHub release.
// Usage: node scripts/release/version.mjs <tag> [--notes FILE]
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

function fail(sentence) {
  console.error(`release: ${sentence}`);
  process.exit(1);
}

/** The text of `## [version]` in the changelog, up to the next `## ` heading; undefined when missing or empty. */
export function changelogSection(text, version) {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`## [${version}]`));
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && l.startsWith("## "));
  const body = lines.slice(start + 1, end < 0 ? undefined : end).join("\n").trim();
  return body || undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tag = process.argv[2] ?? "";
  const notesAt = process.argv.indexOf("--notes");
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const m = /^v(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/.exec(tag);
  if (!m) fail(`"${tag}" is not a version tag; release tags look like v1.2.3 or v1.2.3-rc.1.`);
  if (tag !== `v${version}`) fail(`the tag ${tag} does not match package.json's version ${version}; bump the version (npm version) or tag v${version}.`);
  const notes = changelogSection(readFileSync(join(root, "CHANGELOG.md"), "utf8"), version);
  if (!notes) fail(`CHANGELOG.md has no "## [${version}]" section with text; describe the release there first.`);
  const pre = m[4] !== undefined;
  const out = { version, "dist-tag": pre ? "next" : "latest", major: pre ? "" : `v${m[1]}` };
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, Object.entries(out).map(([k, v]) => `${k}=${v}\n`).join(""));
  if (notesAt > 0) writeFileSync(process.argv[notesAt + 1], `${notes}\n`);
  console.log(JSON.stringify(out));
}
