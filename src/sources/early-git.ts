// A scan's first git call, started by dist/cli.js (loader.ts) before the
// scan's bundle loads. git then runs on the other core while node reads and
// sets up the bundle (~10-20 ms on a 2-core machine), instead of after it:
//   - a pre-commit hook's one call, the staged diff (a clean staged scan had
//     node waiting ~6 ms for git's first line);
//   - a history scan's commit list, which the slices' `git log` calls wait
//     for (they then start ~25 ms sooner).
//
// Only for a command line whose call is known before the scan parses it:
// --staged with switches alone (what hook lines are), and --history without
// -C. The scan adopts the call only if it would have made exactly this one
// (same arguments, same directory); otherwise it stops it and makes its own.
// Until adopted, the process does not keep node alive, so a run that ends
// before the scan (a usage error) never waits on it.

import { spawn } from "node:child_process";
import type { Socket } from "node:net";
import { gitEnv, streamChild, type GitStream } from "./git.js";
import { historyRevs, revListArgs } from "./history-args.js";
import { stagedDiffArgs } from "./staged-args.js";
import { checkOptionValues, parseScanLine, switchesOnly } from "../options.js";

interface EarlyGit {
  args: string[];
  cwd: string;
  stream: GitStream;
  /** Makes the process and its pipes keep node alive again. */
  hold: () => void;
}

const SLOT = Symbol.for("scan-keys.early-git");
type Slot = { [SLOT]?: EarlyGit };

/**
 * The git call the scan of this command line (process.argv.slice(2)) starts
 * with, when it is known now, and how far git may run ahead of the scan: the
 * staged diff one chunk (the scan streams it), the commit list all of it (the
 * scan reads it whole anyway, ~41 bytes a commit).
 */
function earlyCall(argv: string[]): { args: string[]; readAhead: number } | undefined {
  // Hook lines are switches alone, read without util.parseArgs; a longer line is parsed only for --history.
  const switchesAlone = switchesOnly(argv) !== undefined;
  if (!switchesAlone && !argv.includes("--history")) return undefined;
  checkOptionValues(argv);
  const line = parseScanLine(argv);
  if (!line) return undefined;
  if (line.staged) return switchesAlone ? { args: stagedDiffArgs(line.maxFileSize), readAhead: 0 } : undefined;
  if (!line.history || line.prePush || line.directory !== undefined) return undefined;
  return { args: revListArgs(historyRevs(line.all, line.range)), readAhead: Infinity };
}

/** Starts the scan's first git call now when `argv` (process.argv.slice(2)) names it; else does nothing. */
export function startEarlyGit(argv: string[]): void {
  try {
    // The arguments the scan will compute from the same line (a line it rejects throws here too: no call).
    const call = earlyCall(argv);
    if (!call) return;
    const { args } = call;
    const cwd = process.cwd();
    const child = spawn("git", args, { cwd, env: gitEnv(), stdio: ["ignore", "pipe", "pipe"] });
    // Listeners first (a spawn failure is an "error" event), then let go of the handles.
    const stream = streamChild(child, undefined, call.readAhead);
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
