// The accepted plans → the exact bytes to write: each code file's work-tree
// and index copies, .env, .env.example and .gitignore, and the index entries
// to drop (a staged .env). Nothing is written here; apply.ts writes.

import { appendLines, exampleNames, formatEntry, parseDotenv } from "./dotenv.js";
import { decodeFile, encodeFile } from "./encoding.js";
import { readSupport, type FileState } from "./files.js";
import { copiesToFix, type Mode, type SecretPlan } from "./plan.js";
import { rewriteSecret } from "./rewrite.js";
import { FixError } from "./error.js";

export interface CopyChange {
  before: Buffer;
  after: Buffer;
}

export interface FileChange {
  path: string;
  abs: string;
  work?: CopyChange & { mode: number };
  index?: CopyChange & { mode: string };
}

export interface SupportChange {
  /** .env, .gitignore or .env.example, at the repository root. */
  path: string;
  before?: Buffer;
  after: Buffer;
  /** File mode: the existing one, or the one to create with. */
  mode: number;
  /** Also put the new content in the index (only when the index copy equals the work tree's, so nothing unrelated is staged). */
  stage?: string;
  /** What the line(s) added say, for the report. */
  added: string[];
}

export interface Changes {
  files: FileChange[];
  support: SupportChange[];
  /** Index entries to remove (a staged .env); the file stays on disk. */
  unstage: string[];
}

export interface SupportState {
  /** Index mode of each support file, and whether its index copy equals the work tree's. */
  indexed: Map<string, { mode: string; sameAsWork: boolean }>;
  /** Whether git already ignores each .env-like path. */
  ignored: Map<string, boolean>;
  /** .env-like paths in the index. */
  tracked: Set<string>;
}

/** `dotenvFiles`: .env-like files a path rule found staged; they are unstaged and ignored whatever else is accepted. */
export function buildChanges(
  root: string,
  mode: Mode,
  plans: SecretPlan[],
  files: Map<string, FileState>,
  support: SupportState,
  dotenvFiles: string[],
): Changes {
  const out: Changes = { files: [], support: [], unstage: [] };
  for (const state of files.values()) {
    const mine = plans.filter((p) => p.rewritable.includes(state.path));
    if (mine.length === 0) continue;
    const change: FileChange = { path: state.path, abs: state.abs };
    for (const copy of ["work", "index"] as const) {
      const c = copy === "work" ? state.work : state.index;
      if (!c) continue;
      let text = c.text;
      for (const p of mine) {
        if (!copiesToFix(state, p.secret, mode).includes(copy)) continue;
        const r = rewriteSecret(text, state.path, p.secret, p.name);
        if (r.ok) text = r.text;
      }
      if (text === c.text) continue;
      const after = encodeFile(text, c.encoding);
      if (copy === "work") change.work = { before: c.buf, after, mode: state.work!.mode };
      else change.index = { before: c.buf, after, mode: state.index!.entry.mode };
    }
    if (change.work || change.index) out.files.push(change);
  }
  const stageSupport = mode === "staged";
  const envLines = dedupe(plans.filter((p) => !p.inEnv && p.rewritable.length > 0).map((p) => [p.name, formatEntry(p.name, p.secret)]));
  const env = supportChange(root, ".env", 0o600, envLines, (text) => {
    const have = parseDotenv(text);
    return envLines.filter(([name]) => !have.has(name)).map(([, line]) => line);
  });
  if (env) out.support.push(env);

  // .env, and any .env-like file that held a key, must be ignored and out of the index.
  const envPaths = new Set<string>([...(envLines.length > 0 || plans.some((p) => p.inEnv) ? [".env"] : []), ...plans.flatMap((p) => p.envFiles), ...dotenvFiles]);
  const ignoreLines = [...envPaths].filter((p) => support.ignored.get(p) === false).map((p) => (p.includes("/") ? `/${p}` : p));
  const gitignore = supportChange(root, ".gitignore", 0o644, ignoreLines.map((l) => [l, l]), (text) => {
    const have = new Set(text.split(/\r?\n/).map((l) => l.trim()));
    return ignoreLines.filter((l) => !have.has(l));
  });
  if (gitignore) out.support.push(withStage(gitignore, support, stageSupport));
  for (const p of envPaths) if (support.tracked.has(p)) out.unstage.push(p);

  const names = dedupe(plans.filter((p) => p.rewritable.length > 0).map((p) => [p.name, `${p.name}=`]));
  const example = supportChange(root, ".env.example", 0o644, names, (text) => {
    const have = exampleNames(text);
    return names.filter(([n]) => !have.has(n)).map(([, l]) => l);
  });
  if (example) out.support.push(withStage(example, support, stageSupport));
  return out;
}

function dedupe(pairs: string[][]): [string, string][] {
  const seen = new Map<string, string>();
  for (const [k, v] of pairs) if (!seen.has(k!)) seen.set(k!, v!);
  return [...seen];
}

/** The support file with the missing lines appended, or undefined when nothing is missing (or it is a symlink). */
function supportChange(root: string, path: string, createMode: number, wanted: [string, string][], missing: (text: string) => string[]): SupportChange | undefined {
  if (wanted.length === 0) return undefined;
  const cur = readSupport(root, path);
  if (cur === "symlink") throw new FixError(`${path} is a symbolic link or not a regular file; fix never writes through one. Replace it with a plain file and run scan-keys fix again.`);
  const decoded = cur ? decodeFile(cur.buf) : { text: "", encoding: "utf8" as const };
  if (!decoded) throw new FixError(`${path} is not a text file; fix will not append to it.`);
  const add = missing(decoded.text);
  if (add.length === 0) return undefined;
  return {
    path,
    before: cur?.buf,
    after: encodeFile(appendLines(decoded.text, add), decoded.encoding),
    mode: cur?.mode ?? createMode,
    added: add,
  };
}

function withStage(c: SupportChange, support: SupportState, stage: boolean): SupportChange {
  if (!stage) return c;
  const idx = support.indexed.get(c.path);
  if (!idx) return c.before === undefined ? { ...c, stage: "100644" } : c; // new: stage it; untracked existing: leave it
  return idx.sameAsWork ? { ...c, stage: idx.mode } : c;
}
