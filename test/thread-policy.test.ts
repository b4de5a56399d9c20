// How many worker threads a tree scan starts (commands/thread-policy.ts),
// from the cores that stayed idle since the loader's CPU sample
// (startup/cpu-sample.ts). The samples here are real ones (os.cpus()),
// moved back in time to stand for a window in which the rest of the machine
// was idle, or busy.
import { afterEach, describe, expect, it } from "vitest";
import { availableParallelism } from "node:os";
import { plannedTreeWorkers } from "../src/commands/thread-policy.js";
import { CPU_AT_START, cpuSample, idleCoresSinceStart, type CpuSample } from "../src/startup/cpu-sample.js";

const slot = globalThis as { [CPU_AT_START]?: CpuSample };
afterEach(() => {
  delete slot[CPU_AT_START];
});

/** A start sample `ms` ago, during which `idleCores` cores were idle on average. */
function startedAgo(ms: number, idleCores: number): void {
  const now = cpuSample();
  slot[CPU_AT_START] = { at: now.at - ms, idle: now.idle - idleCores * ms };
}

describe("idle cores since the loader's sample", () => {
  it("are unknown without a sample (a library caller) or after too short a window", () => {
    expect(idleCoresSinceStart()).toBeUndefined();
    startedAgo(5, 1);
    expect(idleCoresSinceStart()).toBeUndefined();
  });

  it("are the idle time over the window", () => {
    startedAgo(1000, 1.5);
    expect(idleCoresSinceStart()).toBeGreaterThan(1.3);
    expect(idleCoresSinceStart()).toBeLessThan(1.7);
  });
});

describe("a tree scan's worker threads", () => {
  it("are none where no core stayed idle, whatever the load average says", () => {
    startedAgo(1000, 0);
    expect(plannedTreeWorkers(["."], {})).toBe(0);
  });

  it("are one per idle core but the main thread's, up to 8", () => {
    startedAgo(1000, 64);
    expect(plannedTreeWorkers(["."], {})).toBe(Math.min(availableParallelism() - 1, 8));
    startedAgo(1000, 1);
    expect(plannedTreeWorkers(["."], {})).toBe(Math.min(availableParallelism() - 1, 1));
  });

  it("are what SCAN_KEYS_WORKERS says, and none for standard input", () => {
    startedAgo(1000, 0);
    expect(plannedTreeWorkers(["."], { SCAN_KEYS_WORKERS: "2" })).toBe(2);
    startedAgo(1000, 64);
    expect(plannedTreeWorkers(["-"], {})).toBe(0);
  });
});
