// Where a tree or history scan puts what it found: shared by the one-thread
// scans and the worker pools (scan-workers.ts, history-scan.ts), which import
// it from here so neither imports the other.
import type { Finding, ScanStats } from "../engine/types.js";
import type { Suppressed } from "../filters/index.js";
import type { Progress } from "../report/progress.js";

export interface Sink {
  stats: ScanStats;
  findings: Finding[];
  suppressed: Suppressed[];
  progress: Progress;
}
