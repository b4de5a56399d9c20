// A pre-commit hook's one git call, started by dist/cli.js (loader.ts) before
// the scan's bundle loads. git then runs on the other core while node reads
// and sets up the bundle (~10 ms on a 2-core machine), instead of after it:
// a clean staged scan had node waiting ~6 ms for git's first line.
//
// Only for a command line of switches alone with --staged (what hook lines
// are), where the call's arguments are known before anything is parsed. The
// scan adopts the call only if it would have made exactly this one (same
// arguments, same directory); otherwise it stops it and makes its own. Until
// adopted, the process does not keep node alive, so a run that ends before
// the scan (a usage error) never waits on it.

import { spawn } from "node:child_process";
import type { Socket } from "node:net";
import { streamChild, type GitStream } from "./git.js";
import { stagedDiffArgs } from "./staged-args.js";
import { switchesOnly, toScanArgs } from "../options.js";

interface EarlyGit {
  args: string[];
  cwd: string;
  stream: GitStream;
  /** Makes the process and its pipes keep node alive again. */
  hold: () => void;
}

const SLOT = Symbol.for("scan-keys.early-git");
type Slot = { [SLOT]?: EarlyGit };

/** Starts the staged diff now when `argv` (process.argv.slice(2)) is a hook's --staged line; else does nothing. */
export function startEarlyGit(argv: string[]): void {
  const switches = switchesOnly(argv);
  if (!switches?.staged) return;
  try {
    const cwd = process.cwd();
    // The arguments the scan will compute from the same line (a line it rejects throws here too: no call).
    const args = stagedDiffArgs(toScanArgs(switches, []).maxFileSize);
    const child = spawn("git", args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    // Listeners first (a spawn failure is an "error" event), then let go of the handles.
    const stream = streamChild(child);
    // Piped stdio are sockets: they, too, keep node alive.
    const pipes = [child.stdout, child.stderr] as Socket[];
    child.unref();
    for (const p of pipes) p.unref();
    const hold = () => {
      child.ref();
      for (const p of pipes) p.ref();
    };
    (globalThis as Slot)[SLOT] = { args, cwd, stream, hold };
  } catch {
    // No early call (a deleted working directory, no git, a line the scan rejects): the scan makes its own or reports the problem.
  }
}

/** The early call, if one was started with exactly these arguments in `cwd`; another one is stopped. Taken once. */
export function takeEarlyGit(args: string[], cwd: string): GitStream | undefined {
  const slot = globalThis as Slot;
  const early = slot[SLOT];
  if (!early) return undefined;
  delete slot[SLOT];
  if (early.cwd === cwd && early.args.length === args.length && early.args.every((a, i) => a === args[i])) {
    early.hold();
    return early.stream;
  }
  early.stream.kill();
  return undefined;
}
