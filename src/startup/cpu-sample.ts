// How many cores are idle right now, measured over the first moments of a
// run: the loader (loader.ts) notes the CPU's idle time as it starts, and the
// thread policy (commands/thread-policy.ts) reads it again once the bundle
// has loaded, tens of milliseconds later, when the main thread alone has run.
//
// Why not the load average: it is runnable work over the last minute, so
// scans run back to back (a benchmark, a script over several trees) count
// themselves for a minute after they end, and a run on a machine gone quiet
// was denied the idle core; a machine that has just become busy looks quiet.

/** The loader's sample, where the bundle finds it (globalThis: the loader is a bundle of its own). */
export const CPU_AT_START = Symbol.for("scan-keys.cpu-at-start");

export interface CpuSample {
  /** performance.now() of the sample, ms. */
  at: number;
  /** Idle time summed over every core since boot, ms (os.cpus(); /proc/stat on Linux, in 10 ms ticks). */
  idle: number;
}

export function cpuSample(): CpuSample {
  let idle = 0;
  for (const cpu of process.getBuiltinModule("node:os").cpus()) idle += cpu.times.idle;
  return { at: performance.now(), idle };
}

/** A window shorter than this says too little at the counters' 10 ms ticks. */
const MIN_WINDOW_MS = 20;

/**
 * Cores idle on average since the loader's sample (fractional), or undefined
 * when there is none (a library caller, a worker) or too little time has passed.
 */
export function idleCoresSinceStart(): number | undefined {
  const start = (globalThis as { [CPU_AT_START]?: CpuSample })[CPU_AT_START];
  if (!start) return undefined;
  const now = cpuSample();
  const window = now.at - start.at;
  if (window < MIN_WINDOW_MS) return undefined;
  return Math.max(0, (now.idle - start.idle) / window);
}
