// --verify's step of the scan: after the findings are collected and
// filtered, ask each key's provider (src/verify/), then keep the verdicts
// --results asks for. Glue only; the verify room is imported here, lazily,
// so a scan without --verify loads no network module.

import type { CompiledRule } from "../engine/index.js";
import type { Finding, ScanStats } from "../engine/types.js";
import type { ScanArgs } from "../options.js";
import { createProgress } from "../report/progress.js";

/** The budget of the whole phase: a history with many keys ends in bounded time whatever the providers do. */
export function verifyBudgetMs(timeoutMs: number): number {
  return Math.max(60_000, timeoutMs * 12);
}

export async function verifyPhase(findings: Finding[], rules: CompiledRule[], configRuleIds: ReadonlySet<string>, args: ScanArgs, io: { env: NodeJS.ProcessEnv }, stats: ScanStats): Promise<Finding[]> {
  const { verify, verifiersFor } = await import("../verify/index.js");
  // A config from the scanned change never decides where a secret goes: only one the user named or read from a reviewed revision.
  const trustedConfig = args.config !== undefined || args.configFrom !== undefined;
  const verifiers = verifiersFor(rules, { configRules: args.verifyConfigRules && trustedConfig, configRuleIds });
  if (args.verifyConfigRules && !trustedConfig) {
    (stats.notes ??= []).push("--verify-config-rules was ignored: config rules may verify only with a config named by --config or read by --config-from");
  }
  const progress = createProgress({ unit: "keys", quiet: args.quiet });
  let totalSet = false;
  try {
    await verify(findings, verifiers, {
      timeoutMs: args.verifyTimeoutMs,
      budgetMs: verifyBudgetMs(args.verifyTimeoutMs),
      env: io.env,
      onProgress: (_done, total) => {
        if (!totalSet) progress.setTotal(total);
        totalSet = true;
        progress.tick(1);
      },
    });
  } finally {
    progress.stop();
  }
  if (!args.results) return findings;
  const wanted = new Set(args.results);
  const kept = findings.filter((f) => wanted.has(f.verification?.verdict ?? "not-verifiable"));
  const dropped = findings.length - kept.length;
  if (dropped > 0) stats.suppressed.results = (stats.suppressed.results ?? 0) + dropped;
  return kept;
}
