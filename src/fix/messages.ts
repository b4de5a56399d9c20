// What fix says: the plan per secret, unified diffs (secrets masked,
// control characters escaped), manual steps, and the rotation verdict.

import { createTwoFilesPatch } from "diff";
import { sanitize } from "../report/sanitize.js";
import type { Changes } from "./changes.js";
import { decodeFile } from "./encoding.js";
import type { SecretPlan } from "./plan.js";

/** Text from a scanned file, safe to print: every secret masked, control characters escaped. */
export function safe(text: string, plans: SecretPlan[]): string {
  let out = text;
  for (const p of plans) out = out.split(p.secret).join(p.redacted);
  return sanitize(out);
}

export function planLines(p: SecretPlan): string[] {
  const where = p.locations.map((l) => `${l.path}:${l.line}:${l.column}`).join(", ");
  if (p.rewritable.length === 0 && p.manual.length === 0) {
    // Only in .env-like files: the key is where it belongs; the file just has to stay out of git.
    return [`${sanitize(where)}  ${p.ruleId}  ${sanitize(p.redacted)}  stays in ${sanitize(p.envFiles.join(", "))}, which fix keeps out of git (ignored, and out of the index)`];
  }
  const out = [`${sanitize(where)}  ${p.ruleId}  ${sanitize(p.redacted)}  →  ${p.name}`];
  if (p.nameNote) out.push(`  name: ${p.nameNote}`);
  if (p.inEnv) out.push(`  .env already holds ${p.name} with this key: nothing added to it`);
  for (const e of p.envFiles) out.push(`  ${sanitize(e)} holds it: that file is kept out of git (ignored, and removed from the index if staged)`);
  for (const m of p.manual) out.push(`  ${sanitize(m.path)}${m.line ? `:${m.line}` : ""}: not rewritten, ${m.reason}`);
  return out;
}

const toText = (b: Buffer | undefined) => (b ? (decodeFile(b)?.text ?? "") : "");

function patch(label: string, before: Buffer | undefined, after: Buffer, plans: SecretPlan[]): string {
  const a = toText(before);
  const b = toText(after);
  const crlf = b.includes("\r\n");
  const body = createTwoFilesPatch(before ? `a/${label}` : "/dev/null", `b/${label}`, a.replace(/\r\n/g, "\n"), b.replace(/\r\n/g, "\n"), "", "", { context: 3 })
    .split("\n")
    .filter((l) => !/^=+$/.test(l))
    .map((l) => (l.startsWith("---") || l.startsWith("+++") ? l.replace(/\t$/, "") : l))
    .map((l) => safe(l, plans))
    .join("\n");
  return crlf ? body.replace(/^(\+\+\+ .*)$/m, "$1  (CRLF line endings)") : body;
}

/** A unified diff of every file the changes touch, with the index copy shown apart when it differs from the work tree's. */
export function diffOf(changes: Changes, plans: SecretPlan[], opts: { codeOnly?: boolean } = {}): string {
  const parts: string[] = [];
  for (const s of changes.support) {
    if (opts.codeOnly) parts.push(`${s.path}: ${s.before ? "add" : "create with"} ${s.added.map((l) => (s.path === ".env" ? `${l.split("=")[0]}=…` : l)).join(", ")}\n`);
    else parts.push(patch(s.path, s.before, s.after, plans));
  }
  for (const f of changes.files) {
    if (f.work) parts.push(patch(f.path, f.work.before, f.work.after, plans));
    const sameAsWork = f.work && f.index && f.work.before.equals(f.index.before);
    if (f.index && !sameAsWork) parts.push(patch(`${f.path} (staged copy, in the index)`, f.index.before, f.index.after, plans));
  }
  for (const p of changes.unstage) parts.push(`index: ${sanitize(p)} would be removed from the index (the file stays on disk)\n`);
  return parts.join("");
}

export function manualLines(plans: SecretPlan[]): string[] {
  const out: string[] = [];
  for (const p of plans) {
    for (const m of p.manual) {
      const where = `${sanitize(m.path)}${m.line ? `:${m.line}` : ""}`;
      out.push(
        `  ${where} (${p.name}): ${m.reason}.`,
        `    1. Add the key to .env as ${p.name}=<the key> (.env is ignored by git).`,
        `    2. Remove the key from ${sanitize(m.path)} and have the program read ${p.name} from the environment${m.lookup ? ` (${m.lookup})` : ""}, or load it from a secret manager.`,
        `    3. git add ${sanitize(m.path)}, then check with scan-keys --staged.`,
      );
    }
  }
  return out;
}

/** Per key: was it ever committed, and what to do about it. */
export function rotationLines(plans: SecretPlan[], committedIn: Map<string, string>): string[] {
  const out: string[] = [];
  for (const p of plans) {
    const sha = committedIn.get(p.secret);
    if (sha) {
      out.push(
        `  ${p.name} (${p.provider}, ${sanitize(p.redacted)}): committed before (in ${sha.slice(0, 12)}), so it is exposed to everyone with a clone. Rotate it now: ${p.revoke}`,
      );
    } else {
      out.push(`  ${p.name} (${p.provider}, ${sanitize(p.redacted)}): never committed (no commit on any branch, local or remote, holds it); no rotation needed unless it was shared elsewhere.`);
    }
  }
  if (committedIn.size > 0) {
    out.push(
      "  scan-keys fix never rewrites history. To purge a key from it anyway: git filter-repo --replace-text <file listing the key>",
      "  (or BFG Repo-Cleaner), then force-push every branch and ask collaborators to re-clone; forks and clones keep the old commits, so rotate regardless.",
    );
  }
  return out;
}
