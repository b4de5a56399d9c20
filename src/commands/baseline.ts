// scan-keys baseline: records the current findings (fingerprint, rule, file,
// line; never the secret) so later scans with --baseline report only new
// ones. Never overwrites an existing file without --force.
import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { BASELINE_FILE, configuredBaselinePath, loadConfig } from "../config/load.js";
import { enterDirectory } from "./directory.js";
import { BASELINE_VERSION, type BaselineEntry } from "../config/lists.js";
import { UsageError, type ScanArgs } from "../options.js";
import { collectFindings, notScannedSentence, type Io } from "./scan.js";
import { sanitize } from "../report/sanitize.js";
import { replaceFile } from "../sources/safe-write.js";

export interface BaselineOptions {
  /** Where to write (relative to cwd); default .scan-keys-baseline.json at the repository root. */
  output?: string;
  force: boolean;
}

export async function baselineCommand(args: ScanArgs, opts: BaselineOptions, io: Io): Promise<number> {
  if (args.directory !== undefined) return baselineCommand({ ...args, directory: undefined }, opts, enterDirectory(io, args.directory));
  // A baseline records every finding: no baseline is read, not even the config's.
  const config = await loadConfig({ cwd: io.cwd, paths: args.paths, config: args.config, configFrom: args.configFrom, noBaseline: true, env: io.env });
  // Default: the file the config names with `baseline = "…"`, else .scan-keys-baseline.json at the root.
  const configured = opts.output === undefined ? configuredBaselinePath(config) : undefined;
  const target = opts.output !== undefined ? resolve(io.cwd, opts.output) : (configured ?? join(config.root, BASELINE_FILE));
  const shown = relative(io.cwd, target) || target;
  if (existsSync(target) && !opts.force) {
    throw new UsageError(`${shown} already exists; pass --force to replace it, or --output to write the baseline elsewhere.`);
  }
  const { findings, stats } = await collectFindings({ ...args, baseline: undefined }, io, { noBaseline: true, config });
  const entries: BaselineEntry[] = findings
    .map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.path, line: f.line }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.ruleId < b.ruleId ? -1 : 1)));
  // Atomically, as every file scan-keys writes: a failed write leaves the old baseline whole (and its mode);
  // a symlinked baseline keeps its link, and --output may name /dev/stdout.
  replaceFile(target, Buffer.from(`${JSON.stringify({ version: BASELINE_VERSION, findings: entries }, null, 2)}\n`), { exactMode: true });
  const n = entries.length;
  io.stdout(`wrote ${shown} with ${n} finding${n === 1 ? "" : "s"}; scans with --baseline ${shown} now report only findings not in it.\n`);
  // A baseline from an incomplete scan is still written (it only holds what was found, so nothing unseen is
  // allowed by it), but the run fails: what was not read may hold keys the baseline does not know.
  const failed = notScannedSentence(stats, args.maxFileSize);
  if (failed === undefined) return 0;
  io.stderr(`scan-keys: ${sanitize(failed.replace(/, so this scan cannot call it clean;/, ", so this baseline may be incomplete;"))}\n`);
  return 2;
}
