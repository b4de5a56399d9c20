// git's pre-push lines → the revisions of the commits the remote does not
// have yet (scanned by history.ts, like --history: one implementation).
//
// Each stdin line is `<local ref> <local sha> <remote ref> <remote sha>`:
//   - deletion (local sha all zeros): nothing to scan;
//   - existing remote branch: remote_sha..local_sha;
//   - new branch (remote sha all zeros), or a remote sha we do not have
//     locally (someone pushed since our last fetch): local_sha --not --remotes,
//     the commits on no remote-tracking ref.
// Several refs become one `git log` over the union, so a commit shared by two
// pushed branches is scanned once.
//
// With no lines on stdin (a hook run by hand, or an earlier command in the
// hook script read stdin first) it falls back to the pre-commit framework's
// PRE_COMMIT_FROM_REF/PRE_COMMIT_TO_REF, else to `HEAD --not --remotes`.

import { runGit } from "./git.js";
import { SourceError } from "./source-error.js";

export interface PushRef {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}

const ZERO = /^0+$/;
const PUSH_INPUT_LIMIT = 1024 * 1024;
const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

export function parsePushLines(input: string): PushRef[] {
  const refs: PushRef[] = [];
  for (const raw of input.split("\n")) {
    const line = raw.trim();
    if (!line) continue;
    const [localRef, localSha, remoteRef, remoteSha] = line.split(/\s+/);
    if (!localRef || !localSha || !remoteRef || !remoteSha || !SHA.test(localSha) || !SHA.test(remoteSha)) {
      throw new SourceError(
        `--pre-push reads git's pre-push lines ("<local ref> <local sha> <remote ref> <remote sha>") on standard input, and got "${line.slice(0, 80)}"; run it from a pre-push hook.`,
      );
    }
    refs.push({ localRef, localSha, remoteRef, remoteSha });
  }
  return refs;
}

/** The `git log` revision arguments for a push; empty when there is nothing to scan. */
export async function pushRevs(refs: PushRef[], cwd: string): Promise<string[]> {
  const updates = refs.filter((r) => !ZERO.test(r.localSha));
  if (updates.length === 0) return [];
  const remotes = [...new Set(updates.map((r) => r.remoteSha).filter((s) => !ZERO.test(s)))];
  const known = await existingCommits(remotes, cwd);
  const positives = [...new Set(updates.map((r) => r.localSha))];
  const negatives = remotes.filter((s) => known.has(s)).map((s) => `^${s}`);
  const needRemotes = updates.some((r) => ZERO.test(r.remoteSha) || !known.has(r.remoteSha));
  return [...positives, ...negatives, ...(needRemotes ? ["--not", "--remotes"] : [])];
}

/** Which of these shas name commits in the local repository (one git call). */
async function existingCommits(shas: string[], cwd: string): Promise<Set<string>> {
  if (shas.length === 0) return new Set();
  const r = await runGit(["cat-file", "--batch-check=%(objectname) %(objecttype)"], cwd, shas.map((s) => `${s}\n`).join(""));
  const out = new Set<string>();
  for (const line of r.stdout.toString("utf8").split("\n")) {
    const [sha, type] = line.split(" ");
    if (sha && type === "commit") out.add(sha);
  }
  return out;
}

async function readAll(input: NodeJS.ReadableStream & { isTTY?: boolean }): Promise<string> {
  if (input.isTTY) return "";
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of input) {
    const b = typeof c === "string" ? Buffer.from(c) : (c as Buffer);
    total += b.length;
    // git writes one short line per pushed ref; megabytes are not pre-push input.
    if (total > PUSH_INPUT_LIMIT) throw new SourceError("--pre-push read more than 1 MB on standard input, which is not git's pre-push lines; run it from a pre-push hook.");
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export interface PrePushOptions {
  cwd: string;
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** The revisions a push sends, for history.ts's listCommits; empty when there is nothing to scan. */
export async function prePushRevs(opts: PrePushOptions): Promise<string[]> {
  const refs = parsePushLines(await readAll(opts.input));
  if (refs.length > 0) return pushRevs(refs, opts.cwd);
  if (opts.env.PRE_COMMIT_TO_REF) {
    // The pre-commit framework reads stdin itself and passes the range in the environment.
    const from = opts.env.PRE_COMMIT_FROM_REF ?? "";
    return pushRevs([{ localRef: "", localSha: opts.env.PRE_COMMIT_TO_REF, remoteRef: "", remoteSha: SHA.test(from) ? from : "0".repeat(40) }], opts.cwd);
  }
  return ["HEAD", "--not", "--remotes"];
}
