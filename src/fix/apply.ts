// The one place fix writes. Order matters for "nothing lost": the key goes
// into .env first, so it is saved before it leaves the code; then .gitignore
// and .env.example; then each code file; then the index, in one
// update-index call. Every file write is a temporary file in the same folder
// renamed over the old one, so each file is either fully old or fully new,
// and a failure stops the run with a list of what was done.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { updateIndex, writeBlob, type IndexChange } from "../sources/repo.js";
import { tempPathBeside, writeFileAtomic } from "../sources/safe-write.js";
import type { Changes } from "./changes.js";

/** Writes `data` to `abs` through a temporary file and a rename, with `mode`; refuses if the file changed since it was read. */
export function atomicWrite(abs: string, data: Buffer, mode: number, expected: Buffer | undefined): void {
  let now: Buffer | undefined;
  try {
    now = readFileSync(abs);
  } catch {
    now = undefined;
  }
  if ((expected === undefined) !== (now === undefined) || (expected && now && !expected.equals(now))) {
    throw new Error(`${abs} changed while scan-keys fix was running; nothing was written to it`);
  }
  writeFileAtomic(abs, data, mode, { tmp: tempPathBeside(abs, `scan-keys-${randomBytes(4).toString("hex")}`) });
}

export class ApplyError extends Error {
  override name = "ApplyError";
  constructor(
    override readonly cause: unknown,
    readonly done: string[],
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** Applies the changes; returns one line per step done. On failure throws ApplyError listing the steps that were done. */
export async function applyChanges(root: string, changes: Changes): Promise<string[]> {
  const done: string[] = [];
  try {
    for (const s of changes.support) {
      atomicWrite(join(root, s.path), s.after, s.mode, s.before);
      const how = s.before === undefined ? `created (mode ${s.mode.toString(8).padStart(4, "0")}) with` : "added";
      done.push(`${s.path}: ${how} ${s.added.map((l) => (s.path === ".env" ? l.split("=")[0] : l)).join(", ")}`);
    }
    for (const f of changes.files) {
      if (!f.work) continue;
      atomicWrite(f.abs, f.work.after, f.work.mode, f.work.before);
      done.push(`${f.path}: rewritten in the work tree`);
    }
    const index: IndexChange[] = [];
    const staged: string[] = [];
    for (const f of changes.files) {
      if (!f.index) continue;
      index.push({ path: f.path, mode: f.index.mode, oid: await writeBlob(root, f.index.after) });
      staged.push(f.path);
    }
    for (const s of changes.support) {
      if (!s.stage) continue;
      index.push({ path: s.path, mode: s.stage, oid: await writeBlob(root, s.after) });
      staged.push(s.path);
    }
    for (const p of changes.unstage) index.push({ path: p, remove: true });
    await updateIndex(root, index);
    if (staged.length) done.push(`index: staged the fix in ${staged.join(", ")} (nothing else: unstaged edits stay unstaged)`);
    for (const p of changes.unstage) done.push(`index: ${p} removed from the index (the file stays on disk, now ignored)`);
  } catch (err) {
    throw new ApplyError(err, done);
  }
  return done;
}
