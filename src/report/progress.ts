// Progress on long scans, on standard error, only for a person watching:
// never when stderr is not a terminal, never in CI, never with --quiet, and
// only once a scan has run for about a second, so quick scans (the
// pre-commit hook) print nothing and pay nothing.
//
// The bar is drawn by cli-progress, loaded only when the delay has passed:
// a scan that ends sooner never loads it (it costs ~7 ms to require).

import type { Writable } from "node:stream";
import { formatBytes } from "./units.js";

export interface Progress {
  /** `n` more files or commits done, `bytes` more bytes read. */
  tick(n?: number, bytes?: number): void;
  /** The total, once known (e.g. after a commit count). */
  setTotal(n: number): void;
  /** Removes the bar from the terminal; call before writing the report. Safe to call twice. */
  stop(): void;
  /** False for the no-op object. */
  readonly enabled: boolean;
}

/** A stream as far as the progress display cares. */
export type ProgressStream = Writable & { isTTY?: boolean; columns?: number };

export interface ProgressOptions {
  /** Files or commits to do, when known. */
  total?: number;
  /** What is counted, plural: "files" or "commits". */
  unit: string;
  quiet?: boolean;
  /** Default: process.stderr. */
  stream?: ProgressStream;
  /** Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Default: SCAN_KEYS_PROGRESS_DELAY_MS from the environment, else 1000. */
  delayMs?: number;
}

const NOOP: Progress = { tick() {}, setTotal() {}, stop() {}, enabled: false };

/** CI systems set CI (GitHub Actions, GitLab, Jenkins via plugins, Azure, CircleCI, Travis, Buildkite…). */
function inCI(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false";
}

/** Whether a progress display would be shown for these options. */
export function progressEnabled(opts: Pick<ProgressOptions, "quiet" | "stream" | "env">): boolean {
  const stream = opts.stream ?? process.stderr;
  const env = opts.env ?? process.env;
  return !opts.quiet && stream.isTTY === true && !inCI(env) && env.TERM !== "dumb";
}

function delayFrom(env: NodeJS.ProcessEnv): number {
  const v = Number(env.SCAN_KEYS_PROGRESS_DELAY_MS);
  return env.SCAN_KEYS_PROGRESS_DELAY_MS !== undefined && Number.isFinite(v) && v >= 0 ? v : 1000;
}

function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

// Minimal shape of what we use from cli-progress (typed by @types/cli-progress at dev time).
interface Bar {
  start(total: number, value: number): void;
  update(value: number): void;
  setTotal(total: number): void;
  stop(): void;
}
interface CliProgress {
  SingleBar: new (opts: object) => Bar;
  Format: { BarFormat: (progress: number, options: object) => string };
}

export function createProgress(opts: ProgressOptions): Progress {
  if (!progressEnabled(opts)) return NOOP;
  const stream = opts.stream ?? process.stderr;
  const env = opts.env ?? process.env;
  const delay = opts.delayMs ?? delayFrom(env);
  const startedAt = Date.now();
  let total = opts.total;
  let done = 0;
  let bytes = 0;
  let bar: Bar | null = null;
  let finished = false;

  const show = () => {
    if (finished || bar) return;
    let cp: CliProgress;
    try {
      cp = process.getBuiltinModule("node:module").createRequire(import.meta.url)("cli-progress") as CliProgress;
    } catch {
      finished = true; // no bar library: scan on without progress
      return;
    }
    // Reads the live counters, so the elapsed time moves on between ticks too (cli-progress redraws on a timer).
    const format = (options: object, params: { progress: number; value: number }) => {
      const counted = total !== undefined ? `${params.value}/${total} ${opts.unit}` : `${params.value} ${opts.unit}`;
      const drawn = total !== undefined ? `[${cp.Format.BarFormat(params.progress, options)}] ` : "";
      return `scanning ${drawn}${counted} | ${formatBytes(bytes)} | ${elapsed(Date.now() - startedAt)}`;
    };
    bar = new cp.SingleBar({
      stream,
      format,
      // Short enough not to wrap: the rest of the line is ~50 columns.
      barsize: Math.max(6, Math.min(24, (stream.columns ?? 80) - 56)),
      fps: 8,
      clearOnComplete: true,
      // No terminal modes to restore: hiding the cursor or turning off line
      // wrapping would stay in force if Ctrl-C ends the scan mid-bar.
      hideCursor: false,
      linewrap: true,
      // No gracefulExit either: its SIGINT handler would stop Ctrl-C from ending the scan.
    });
    bar.start(total ?? 0, done);
  };

  const timer = setTimeout(show, delay);
  timer.unref();

  return {
    enabled: true,
    tick(n = 1, b = 0) {
      done += n;
      bytes += b;
      if (finished) return;
      // A scan that never yields to the event loop still gets its bar.
      if (!bar && Date.now() - startedAt >= delay) show();
      bar?.update(done);
    },
    setTotal(n: number) {
      total = n;
      bar?.setTotal(n);
    },
    stop() {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      bar?.stop();
      bar = null;
    },
  };
}
