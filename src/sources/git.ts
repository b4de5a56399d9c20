// The one place that runs git. Plain child processes: the hot paths
// (pre-commit, history) need one fast call or a stream, and simple-git adds
// start-up time the hook budget cannot afford (see README "Speed").

import { spawn } from "node:child_process";

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

/** Runs git to completion and returns its output; never throws on a non-zero exit. */
export function runGit(args: string[], cwd: string, input?: string): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd, stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on("data", (b: Buffer) => out.push(b));
    child.stderr!.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e: NodeJS.ErrnoException) => {
      reject(e.code === "ENOENT" ? new GitError("git is not installed or not on PATH; install git and try again.") : e);
    });
    child.on("close", (code) => resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8"), code: code ?? 1 }));
    if (input !== undefined) child.stdin!.end(input);
  });
}

/** The top of the work tree holding `cwd`, or undefined outside one. */
export async function workTreeRoot(cwd: string): Promise<string | undefined> {
  const r = await runGit(["rev-parse", "--show-toplevel"], cwd);
  if (r.code !== 0) return undefined;
  return r.stdout.toString("utf8").replace(/\n$/, "") || undefined;
}
