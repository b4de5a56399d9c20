// A scan worker thread's entry (the bundle started with WORKER_FLAG): a tree
// scan's worker reads batches of files (scan-workers.ts), a history scan's
// reads slices of commits (history-scan.ts). The choice lives here, above both.
import type { HistoryWorkerSetup } from "./history-scan.js";
import type { WorkerSetup } from "./scan-workers.js";

export async function workerMain(): Promise<void> {
  const { workerData } = process.getBuiltinModule("node:worker_threads");
  if ((workerData as { history?: unknown }).history) {
    const { historyWorkerMain } = await import("./history-scan.js");
    historyWorkerMain(workerData as HistoryWorkerSetup);
  } else {
    const { treeWorkerMain } = await import("./scan-workers.js");
    treeWorkerMain(workerData as WorkerSetup);
  }
}
