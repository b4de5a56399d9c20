// The scan: a source turns the world into Fragments, the engine finds
// secrets, filters drop what the user allowed, reporters print the rest.
import { writeFileSync } from "node:fs";
import micromatch from "micromatch";
import type { Finding, Fragment } from "../engine/types.js";
import type { ScanArgs } from "../options.js";
import type { ReportContext, RuleInfo } from "../report/context.js";
import { reporterFor } from "../report/index.js";
import { emptyStats, type ScanStats } from "../report/stats.js";
import { compileBuiltinRules, createScanner } from "../ruleset.js";
import { listTree, readTree } from "../sources/tree.js";
import { VERSION } from "../version.js";

export interface Io {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdoutIsTTY: boolean;
  env: NodeJS.ProcessEnv;
}

function pathFilter(include: string[], exclude: string[]): (p: string) => boolean {
  const inc = include.length ? micromatch.matcher(include.length === 1 ? include[0]! : `{${include.join(",")}}`, { dot: true }) : undefined;
  const exc = exclude.length ? micromatch.matcher(exclude.length === 1 ? exclude[0]! : `{${exclude.join(",")}}`, { dot: true }) : undefined;
  return (p) => (!inc || inc(p)) && !(exc && exc(p));
}

async function* fragmentsFor(args: ScanArgs, io: Io, stats: ScanStats, accept: (p: string) => boolean): AsyncGenerator<Fragment> {
  if (args.staged || args.history || args.prePush) {
    throw new Error("git sources are not wired yet");
  }
  const opts = { cwd: io.cwd, paths: args.paths, accept, maxFileSize: args.maxFileSize };
  const files = await listTree(opts);
  yield* readTree(files, opts, stats);
}

export async function scanCommand(args: ScanArgs, io: Io): Promise<number> {
  const started = performance.now();
  const rules = compileBuiltinRules();
  const scanner = createScanner(rules);
  const stats = emptyStats();
  const accept = pathFilter(args.include, args.exclude);
  const findings: Finding[] = [];
  for await (const fragment of fragmentsFor(args, io, stats, accept)) {
    const found = scanner.scan(fragment);
    if (found.length) findings.push(...found);
  }
  stats.durationMs = performance.now() - started;

  const used = new Set(findings.map((f) => f.ruleId));
  const ruleInfo: RuleInfo[] = rules
    .filter((r) => used.has(r.id))
    .map((r) => ({ id: r.id, provider: r.provider, description: r.description, revoke: r.revoke, severity: r.severity }));
  const ctx: ReportContext = {
    version: VERSION,
    redact: args.redact,
    rules: ruleInfo,
    stats,
    mode: args.staged ? "staged" : args.history || args.prePush ? "history" : "tree",
    color: args.color ?? (io.stdoutIsTTY && !io.env.NO_COLOR),
  };
  await writeReports(findings, ctx, args, io);
  return findings.length > 0 ? 1 : 0;
}

async function writeReports(findings: Finding[], ctx: ReportContext, args: ScanArgs, io: Io): Promise<void> {
  for (const [i, format] of args.format.entries()) {
    const target = args.output[i];
    const toFile = target !== undefined && target !== "-";
    const report = (await reporterFor(format))(findings, { ...ctx, color: toFile ? false : ctx.color });
    if (toFile) writeFileSync(target, report);
    else if (!(args.quiet && findings.length === 0)) io.stdout(report);
  }
}
