// The one place that runs git. Plain child processes: the hot paths
// (pre-commit, history) need one fast call or a stream, and simple-git adds
// start-up time the hook budget cannot afford (see README "Speed").

import { spawn, type ChildProcess } from "node:child_process";
import { MB, OWN_FILE_LIMIT } from "./safe-read.js";

export class GitError extends Error {
  constructor(message: string, readonly stderr = "") {
    super(message);
    this.name = "GitError";
  }
}

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/**
 * The environment of every git call: git may never fetch. In a partial clone
 * (`--filter=blob:none`) git fetches a missing blob from the promisor remote
 * the moment a diff or cat-file needs it: silently, and waiting as long as the
 * remote does not answer. GIT_NO_LAZY_FETCH (git 2.44+) turns that off;
 * older gits (2.39 here) have no switch, so GIT_ALLOW_PROTOCOL names no real
 * transport: the fetch git starts fails at once, before any connection, and
 * the missing object is an error we report (missingObjectError), never a wait.
 */
export const NO_FETCH_ENV = { GIT_NO_LAZY_FETCH: "1", GIT_ALLOW_PROTOCOL: "scan-keys-never-fetches" } as const;

export function gitEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, ...NO_FETCH_ENV };
}

/**
 * One sentence when git stopped because an object is not on this machine (a
 * partial clone's promisor remote, which git was not allowed to ask), or
 * undefined for any other failure.
 */
export async function missingObjectError(stderr: string, flag: string, cwd: string): Promise<GitError | undefined> {
  if (!/from promisor remote|transport '[^']*' not allowed|lazy fetching disabled/.test(stderr)) return undefined;
  const oid = /could not fetch ([0-9a-f]{7,64}) from promisor remote|missing blob object '([0-9a-f]{7,64})'/.exec(stderr)?.slice(1).find(Boolean);
  const path = oid ? await pathOfObject(oid, cwd) : undefined;
  const what = oid ? `${path ? `${path} (object ${oid.slice(0, 12)})` : `object ${oid.slice(0, 12)}`}` : "objects";
  return new GitError(
    `${flag} could not read ${what}: this partial clone does not have it and scan-keys never fetches; fetch the missing blobs, or clone without --filter, and scan again.`,
    stderr,
  );
}

/**
 * A path where some commit added this object: raw tree comparisons only (no
 * rename detection, no pickaxe, which read blobs), so nothing is fetched;
 * read as a stream and stopped at the first match.
 */
async function pathOfObject(oid: string, cwd: string): Promise<string | undefined> {
  const log = streamGit(["-c", "core.quotePath=false", "log", "--all", "--no-renames", "--raw", "--no-abbrev", "--format="], cwd);
  let rest = "";
  try {
    for await (const chunk of log.chunks) {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop() ?? "";
      const hit = lines.find((l) => l.startsWith(":") && l.includes(` ${oid}`));
      if (hit) return hit.split("\t")[1];
    }
    return undefined;
  } finally {
    log.kill();
  }
}

/** A failure to start git: one sentence when git is not installed. */
function spawnError(e: NodeJS.ErrnoException): Error {
  return e.code === "ENOENT" ? new GitError("git is not installed or not on PATH; install git and try again.") : e;
}

/**
 * Runs git to completion and returns its output; never throws on a non-zero
 * exit. `env`: instead of process.env. `signal`: aborting it kills git (the
 * promise then rejects with the AbortError).
 */
export function runGit(args: string[], cwd: string, input?: string | Buffer, env?: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd, env: gitEnv(env), stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"], ...(signal ? { signal } : {}) });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on("data", (b: Buffer) => out.push(b));
    child.stderr!.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e: NodeJS.ErrnoException) => reject(spawnError(e)));
    child.on("close", (code) => resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8"), code: code ?? 1 }));
    if (input !== undefined) feedStdin(child, input);
  });
}

/** The first `bytes` bytes of a git command's output (all of it if shorter); git is stopped once they are read. */
export function gitOutputHead(args: string[], cwd: string, bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd, env: gitEnv(), stdio: ["ignore", "pipe", "ignore"] });
    const out: Buffer[] = [];
    let got = 0;
    const finish = () => {
      child.stdout!.removeAllListeners("data");
      child.kill();
      resolve(Buffer.concat(out).subarray(0, bytes));
    };
    child.stdout!.on("data", (b: Buffer) => {
      out.push(b);
      got += b.length;
      if (got >= bytes) finish();
    });
    child.on("error", (e: NodeJS.ErrnoException) => reject(spawnError(e)));
    child.on("close", () => resolve(Buffer.concat(out).subarray(0, bytes)));
  });
}

/** Writes `input` to git's stdin. git may exit before reading it all (EPIPE): its exit code and stderr say why, so the write error is not a crash. */
function feedStdin(child: ChildProcess, input: string | Buffer): void {
  child.stdin!.on("error", () => undefined);
  child.stdin!.end(input);
}

export interface GitStream {
  /** stdout as UTF-8 text, chunk by chunk, with back-pressure. */
  chunks: AsyncIterable<string>;
  /** Resolves when git exits, with its exit code and stderr. */
  done: Promise<{ code: number; stderr: string }>;
  /** Stops git early (e.g. the consumer gave up). */
  kill: () => void;
}

/**
 * Runs git and streams its stdout (for `git log -p` on long histories: memory
 * stays flat). `input`, when given, is written to git's stdin (`--stdin`).
 * `readAhead` (characters) lets git run that far ahead of the consumer
 * instead of blocking on a full pipe, so a git started early works while the
 * consumer is busy with something else; memory stays bounded by it.
 */
export function streamGit(args: string[], cwd: string, input?: string, readAhead = 0): GitStream {
  return streamChild(spawn("git", args, { cwd, env: gitEnv(), stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"] }), input, readAhead);
}

/** streamGit's stream over a git process already started with stdout and stderr piped (and stdin, for `input`). */
export function streamChild(child: ChildProcess, input?: string, readAhead = 0): GitStream {
  if (input !== undefined) feedStdin(child, input);
  const err: Buffer[] = [];
  child.stderr!.on("data", (b: Buffer) => err.push(b));
  child.stdout!.setEncoding("utf8");
  const done = new Promise<{ code: number; stderr: string }>((resolve, reject) => {
    child.on("error", (e: NodeJS.ErrnoException) => reject(spawnError(e)));
    child.on("close", (code) => resolve({ code: code ?? 1, stderr: Buffer.concat(err).toString("utf8") }));
  });
  done.catch(() => undefined); // observed by the consumer; never an unhandled rejection
  // Always through 'data' events: a Readable's own async iterator loads
  // node's stream-composition modules on first use (~3 ms of a hook's start-up).
  const chunks = bufferAhead(child.stdout!, readAhead);
  return { chunks, done, kill: () => void child.kill() };
}

/** A stream's whole output and exit, as runGit gives them (for a call started before its result was wanted). */
export async function collectStream(stream: GitStream): Promise<GitResult> {
  let text = "";
  for await (const chunk of stream.chunks) text += chunk;
  const { code, stderr } = await stream.done;
  return { stdout: Buffer.from(text, "utf8"), stderr, code };
}

/** Reads a stream as fast as it comes, up to `limit` characters not yet consumed (0: one chunk), then pauses it. */
function bufferAhead(stream: NodeJS.ReadableStream, limit: number): AsyncIterable<string> {
  const queue: string[] = [];
  let queued = 0;
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  stream.on("data", (chunk: string) => {
    queue.push(chunk);
    queued += chunk.length;
    if (queued > limit) stream.pause();
    notify();
  });
  stream.on("end", () => {
    ended = true;
    notify();
  });
  stream.on("error", (e) => {
    failure = e;
    notify();
  });
  return {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (queue.length > 0) {
          // One turn of the event loop first: it reads what git wrote meanwhile. Taken straight
          // from the queue (a promise each, never I/O), chunks kept this thread from reading the
          // pipe for as long as the queue lasted, and git, its 64 KB pipe full, waited.
          await new Promise<void>((resolve) => setImmediate(resolve));
          const chunk = queue.shift()!;
          queued -= chunk.length;
          if (queued <= limit && stream.isPaused()) stream.resume();
          yield chunk;
        } else if (failure !== undefined) {
          throw failure;
        } else if (ended) {
          return;
        } else {
          await new Promise<void>((resolve) => (wake = resolve));
        }
      }
    },
  };
}

const verifiedRevs = new Map<string, Promise<void>>();

/** Throws a GitError unless `rev` names a commit in the repository at `cwd` (checked once per rev). */
export function verifyRevision(rev: string, cwd: string): Promise<void> {
  const key = `${cwd}\0${rev}`;
  let p = verifiedRevs.get(key);
  if (!p) {
    p = runGit(["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`], cwd).then((r) => {
      if (r.code !== 0) {
        throw new GitError(`"${rev}" is not a commit in this repository; check the name, or fetch it first (for example git fetch origin main).`, r.stderr);
      }
    });
    verifiedRevs.set(key, p);
  }
  return p;
}

/**
 * The content of `path` (relative to the repository root, `/` separated) at
 * revision `rev`, or undefined when the revision has no such file. A bad
 * revision is a GitError.
 */
export async function readBlobAt(rev: string, path: string, cwd: string): Promise<string | undefined> {
  await verifyRevision(rev, cwd);
  // Size first: a huge blob committed under a config file's name must not fill memory.
  const size = await runGit(["cat-file", "-s", `${rev}:${path}`], cwd);
  if (size.code !== 0) {
    // A partial clone's missing blob is not "no such file": the config it holds would be silently skipped.
    const missing = await missingObjectError(size.stderr, "--config-from", cwd);
    if (missing) throw missing;
    return undefined;
  }
  if (Number(size.stdout.toString("utf8").trim()) > OWN_FILE_LIMIT) {
    throw new GitError(`${rev}:${path} is larger than the ${MB(OWN_FILE_LIMIT)} limit for files scan-keys reads for itself; replace it with a smaller file.`);
  }
  const r = await runGit(["cat-file", "blob", `${rev}:${path}`], cwd);
  if (r.code !== 0) return undefined;
  return r.stdout.toString("utf8");
}
