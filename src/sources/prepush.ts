// git's pre-push lines → what a push sends that the remote does not have
// yet: the revisions of its commits (scanned by history.ts, like --history:
// one implementation) and any blob or tree a tag points at.
//
// git runs the hook as `pre-push <remote> <url>` (the URL twice when the push
// names no configured remote) and writes one stdin line per pushed ref:
// `<local ref> <local sha> <remote ref> <remote sha>`:
//   - deletion (local sha all zeros): nothing to scan;
//   - existing remote branch: remote_sha..local_sha;
//   - new branch (remote sha all zeros), or a remote sha we do not have
//     locally (someone pushed since our last fetch): local_sha minus what
//     *that* remote has (its remote-tracking refs, refs/remotes/<remote>/*).
//     A commit another remote has (a private mirror, a push made with
//     --no-verify) may still be new to this one, so it is scanned. A URL has
//     no tracking refs: only the remote shas on stdin are excluded, which
//     scans more, never less.
// Several refs become one `git log` over the union, so a commit shared by two
// pushed branches is scanned once. A tag pointing at a blob or a tree sends
// that object: it is scanned whole (pushedObjectFragments).
//
// With no lines on stdin:
//   - git named a remote (an earlier command in the hook, such as
//     `git lfs pre-push`, read stdin first): what is pushed is unknown, so the
//     scan stops with one sentence (fail closed) instead of guessing;
//   - the pre-commit framework (which reads stdin itself and passes no hook
//     arguments) passes the range in PRE_COMMIT_FROM_REF / PRE_COMMIT_TO_REF
//     (and the remote in PRE_COMMIT_REMOTE_NAME); on a push whose new
//     commits reach a root commit it passes no range, only
//     PRE_COMMIT_LOCAL_BRANCH and the remote: that branch minus what the
//     remote has. (It hands its hooks the first pushed ref only.)
//   - run by hand: `HEAD --not --remotes`, and a note says so.

import type { Fragment, ScanStats } from "../engine/types.js";
import { binaryBlobFragments, type BinaryFile } from "./blobs.js";
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

/** What a push sends: commits (as `git log` revisions; empty: none) and the blobs and trees tags point at. */
export interface PushPlan {
  revs: string[];
  objects: PushedObject[];
  /** How the scan chose what to read, when the user should know (for the summary). */
  note?: string;
}

export interface PushedObject {
  ref: string;
  oid: string;
  type: "blob" | "tree";
}

/** A remote name `--remotes=<name>` reads literally: no glob characters, no URL or path. */
const PLAIN_REMOTE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The revisions and objects a push sends. `remote` is git's first hook
 * argument (a remote's name, or a URL); undefined when the hook did not pass
 * it (a hook written before scan-keys read it), which keeps the old rule:
 * commits on any remote-tracking ref are taken as pushed, and a note says so.
 */
export async function pushRevs(refs: PushRef[], cwd: string, remote?: string): Promise<PushPlan> {
  const updates = refs.filter((r) => !ZERO.test(r.localSha));
  if (updates.length === 0) return { revs: [], objects: [] };
  const remoteShas = [...new Set(updates.map((r) => r.remoteSha).filter((s) => !ZERO.test(s)))];
  const locals = [...new Set(updates.map((r) => r.localSha))];
  // One git call: what each local sha is once tags are peeled, and which remote shas we have.
  const types = await peeledTypes([...locals, ...remoteShas], cwd);
  const positives: string[] = [];
  const objects: PushedObject[] = [];
  for (const r of updates) {
    const t = types.get(r.localSha);
    if (t?.type === "commit") positives.push(t.oid);
    else if (t && (t.type === "blob" || t.type === "tree")) objects.push({ ref: r.localRef, oid: t.oid, type: t.type });
    else throw new SourceError(`--pre-push cannot read ${r.localSha.slice(0, 12)} (pushed as ${r.localRef}) in this repository, so it was not scanned; run the push from the repository that has it.`);
  }
  const known = new Set(remoteShas.filter((s) => types.get(s)?.type === "commit"));
  const negatives = [...known].map((s) => `^${types.get(s)!.oid}`);
  const needRemote = updates.some((r) => ZERO.test(r.remoteSha) || !known.has(r.remoteSha));
  const uniq = [...new Set(positives)];
  if (uniq.length === 0) return { revs: [], objects };
  if (!needRemote) return { revs: [...uniq, ...negatives], objects };
  if (remote === undefined) {
    return {
      revs: [...uniq, ...negatives, "--not", "--remotes"],
      objects,
      note: "the pre-push hook did not pass git's remote name (scan-keys --pre-push \"$@\"), so commits any remote-tracking ref has were taken as already pushed and not scanned",
    };
  }
  // A URL, or a name --remotes would read as a glob, has no tracking refs we can trust: scan more.
  return { revs: [...uniq, ...negatives, ...(PLAIN_REMOTE.test(remote) ? ["--not", `--remotes=${remote}`] : [])], objects };
}

/** What these shas name once tags are peeled (one git call); absent when not in the repository. */
async function peeledTypes(shas: string[], cwd: string): Promise<Map<string, { oid: string; type: string }>> {
  const r = await runGit(["cat-file", "--batch-check=%(objectname) %(objecttype)"], cwd, shas.map((s) => `${s}^{}\n`).join(""));
  const out = new Map<string, { oid: string; type: string }>();
  // One output line per input line, in order ("<input> missing" for an object we do not have).
  r.stdout
    .toString("utf8")
    .split("\n")
    .slice(0, shas.length)
    .forEach((line, i) => {
      const [oid, type] = line.split(" ");
      if (oid && type && type !== "missing" && SHA.test(oid)) out.set(shas[i]!, { oid, type });
    });
  return out;
}

/**
 * Fragments for the blobs and trees tags point at: a blob whole, named by its
 * ref; a tree's every blob, named `<ref>:<path>`. Read as --history reads
 * files git calls binary (sizes first, text decoded, the rest by path).
 */
export async function* pushedObjectFragments(objects: PushedObject[], opts: { cwd: string; maxFileSize: number }, stats: ScanStats): AsyncGenerator<Fragment> {
  const files: BinaryFile[] = [];
  for (const o of objects) {
    if (o.type === "blob") {
      files.push({ path: o.ref, blob: o.oid });
      continue;
    }
    const r = await runGit(["-c", "core.quotePath=false", "ls-tree", "-r", "-z", "--full-tree", o.oid], opts.cwd);
    if (r.code !== 0) throw new SourceError(`--pre-push cannot list the tree ${o.ref} points at, so it was not scanned: ${r.stderr.trim().split("\n")[0] ?? ""}.`);
    for (const rec of r.stdout.toString("utf8").split("\0")) {
      const m = /^\d{6} blob ([0-9a-f]+)\t(.*)$/s.exec(rec);
      if (m) files.push({ path: `${o.ref}:${m[2]!}`, blob: m[1]! });
    }
  }
  // binaryBlobFragments takes files already counted as binary, and uncounts each it reads as text.
  stats.skippedBinary += files.length;
  yield* binaryBlobFragments(files, { ...opts, source: "history" }, stats);
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
  /** git's hook arguments: the remote's name (or URL), and its URL. */
  remote?: string;
  url?: string;
}

/** What a push sends, for history.ts's listCommits and pushedObjectFragments. */
export async function prePushRevs(opts: PrePushOptions): Promise<PushPlan> {
  const refs = parsePushLines(await readAll(opts.input));
  if (refs.length > 0) return pushRevs(refs, opts.cwd, opts.remote);
  if (opts.env.PRE_COMMIT_TO_REF) {
    // The pre-commit framework reads stdin itself and passes the range (and the remote) in the environment.
    const from = opts.env.PRE_COMMIT_FROM_REF ?? "";
    const remote = opts.remote ?? opts.env.PRE_COMMIT_REMOTE_NAME;
    return pushRevs([{ localRef: "HEAD", localSha: opts.env.PRE_COMMIT_TO_REF, remoteRef: "", remoteSha: SHA.test(from) ? from : "0".repeat(40) }], opts.cwd, remote);
  }
  const local = opts.env.PRE_COMMIT_LOCAL_BRANCH;
  if (local && opts.env.PRE_COMMIT_REMOTE_NAME) {
    // The pre-commit framework pushing a branch whose new commits reach a root commit (a first push) sets no
    // range, only the branch and the remote: the branch minus what that remote has, never HEAD (it may be another).
    const sha = await runGit(["rev-parse", "--verify", "--quiet", "--end-of-options", `${local}^{}`], opts.cwd);
    const oid = sha.stdout.toString("utf8").trim();
    if (sha.code !== 0 || !SHA.test(oid)) throw new SourceError(`--pre-push cannot read ${local}, the branch the pre-commit framework says is pushed, so nothing was scanned; push from the repository that has it.`);
    return pushRevs([{ localRef: local, localSha: oid, remoteRef: opts.env.PRE_COMMIT_REMOTE_BRANCH ?? "", remoteSha: "0".repeat(40) }], opts.cwd, opts.remote ?? opts.env.PRE_COMMIT_REMOTE_NAME);
  }
  if (opts.remote !== undefined) {
    // git always writes a line per pushed ref: none means a command before us in the hook read them.
    throw new SourceError(
      `git is pushing to ${opts.remote} but standard input had no pre-push lines (an earlier command in the hook, such as git lfs pre-push, read them), so what is pushed is unknown and nothing was scanned; read standard input once in the hook and hand it to each command (scan-keys install-hook --pre-push writes such a hook).`,
    );
  }
  return { revs: ["HEAD", "--not", "--remotes"], objects: [], note: "no pre-push lines on standard input (a run by hand), so the commits on HEAD that no remote-tracking ref has were scanned" };
}
