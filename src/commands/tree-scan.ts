// A tree scan (`scan-keys .`): list the files, then scan them on the main
// thread alone or shared with worker threads (scan-workers.ts).
//
// The listing starts before the config is loaded and the rules are set up
// (beginTreeScan, then finish): its git call (ls-files) then runs while the
// main thread does that work, instead of the main thread waiting for git
// (a node_modules tree: ~15-20 ms of git on the path to the first file).
import type { LoadedConfig } from "../config/load.js";
import type { ScanStats } from "../engine/types.js";
import type { ScanArgs } from "../options.js";
import { UsageError } from "../options.js";
import { listTree, readTree, type TreeFile, type TreeOptions } from "../sources/tree.js";
import type { Pipeline } from "./pipeline.js";
import type { TreeWorkers } from "./scan-workers.js";
import type { Sink } from "./sink.js";

export interface TreeScan {
  /**
   * Scans the listed files with this config's pipeline; results go to the sink (errors of the listing
   * come out here). `wantImage` is called, with the image's scope, once the scan is known to be large
   * enough for the WASM engine's memory image (before any worker starts: workers start from it).
   */
  finish(config: LoadedConfig, pipeline: Pipeline, sink: Sink, wantImage: (scope: string[]) => void): Promise<void>;
}

/** Starts listing the files of a tree scan; `stats` gets what the listing skips. */
export async function beginTreeScan(args: ScanArgs, io: { cwd: string; env: NodeJS.ProcessEnv }, stats: ScanStats, accept: (path: string) => boolean): Promise<TreeScan> {
  // Worker threads start while the listing runs, once it has found enough files to share (scan-workers.ts).
  const { forcedWorkers, plannedTreeWorkers, SHARED_SCAN_FILES } = await import("./thread-policy.js");
  const planned = plannedTreeWorkers(args.paths, io.env);
  const forced = forcedWorkers(io.env) !== undefined;
  const shared = planned > 0 ? await import("./scan-workers.js") : undefined;
  // Files are read in 8 MB chunks (memory stays flat), so a tree scan reads every file unless a limit was asked for.
  const maxFileSize = args.maxFileSizeGiven ? args.maxFileSize : Infinity;
  // Workers need the config: a listing that finds enough files before it is loaded starts them once it is.
  let config: LoadedConfig | undefined;
  let wanted = forced;
  let workers: TreeWorkers | undefined;
  // The WASM engine's image for a tree scan of these paths, however they were spelled (wasm-snapshot.ts).
  const { resolve } = process.getBuiltinModule("node:path");
  const imageScope = ["tree", ...(args.paths.length > 0 ? args.paths : ["."]).map((p) => resolve(io.cwd, p))];
  let wantImage: (() => void) | undefined;
  const startWorkers = () => {
    wanted = true;
    if (!config) return;
    wantImage!(); // a scan large enough for workers is large enough for the image
    workers ??= shared!.startTreeWorkers(planned, { cwd: io.cwd, maxFileSize, config });
  };
  const opts: TreeOptions = {
    cwd: io.cwd,
    paths: args.paths,
    accept,
    maxFileSize,
    recurseSubmodules: args.recurseSubmodules,
    ...(args.stdinName !== undefined ? { stdinName: args.stdinName } : {}),
    ...(shared ? { listed: (n: number) => void (n >= SHARED_SCAN_FILES && startWorkers()) } : {}),
  };
  const listing = listTree(opts, stats);
  // Awaited in finish(), once the config has loaded: a config error is still the one reported.
  listing.catch(() => {});
  return {
    async finish(loaded, pipeline, sink, wantImageOfThisScan) {
      wantImage = () => wantImageOfThisScan(imageScope);
      config = loaded;
      if (shared && wanted) startWorkers();
      let files: TreeFile[];
      try {
        files = await listing;
        if (files.length === 0 && args.include.length > 0) {
          throw new UsageError(`no file matched --include ${args.include.map((g) => `"${g}"`).join(" ")}, so nothing was scanned; check the pattern (globs are relative to the scanned path).`);
        }
      } catch (err) {
        workers?.cancel();
        throw err;
      }
      sink.progress.setTotal(files.length);
      if (files.length >= SHARED_SCAN_FILES) wantImage();
      // Standard input can be read only by the main thread.
      if (shared && (forced || files.length >= SHARED_SCAN_FILES) && !files.some((f) => f.stdin)) {
        startWorkers();
        await workers!.scan(files, opts, pipeline, sink);
        return;
      }
      workers?.cancel();
      for (const fragment of readTree(files, opts, sink.stats)) {
        sink.progress.tick(1, fragment.text.length);
        pipeline.run(fragment, sink.stats, sink.findings, sink.suppressed);
      }
    },
  };
}
