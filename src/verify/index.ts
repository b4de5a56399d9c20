// The verify room's door: which verifier each finding's rule has, and the
// phase that asks the providers. Loaded only under --verify (commands/scan.ts
// imports it dynamically), so a scan without it loads no network module.
//
// Built-in rules' verifiers are read from the built-in rule files
// themselves, never from the scan's rule objects: a gitleaks config that
// merges a rule of the same id, or a rule from a config in the scanned
// change, cannot steer what is sent or where.

import { builtinHeads, builtinOrigins, builtinSpec } from "virtual:builtin-rules";
import type { CompiledRule } from "../engine/index.js";
import type { Finding } from "../engine/types.js";
import { verifyFindings, type VerifyOptions } from "./run.js";
import { validateVerifySpec, verifierHost, VerifySpecError } from "./spec.js";
import type { VerifySpec } from "./types.js";

export { DEFAULT_TIMEOUT_MS } from "./run.js";
export { VERDICTS, type VerdictName, type Verification } from "./types.js";

/** Every built-in rule's verify table, by rule id, checked. */
export function builtinVerifiers(): Map<string, VerifySpec> {
  const out = new Map<string, VerifySpec>();
  builtinHeads.forEach((head, i) => {
    const spec = builtinSpec(i) as { verify?: unknown };
    if (spec.verify === undefined) return;
    try {
      out.set(head.id, validateVerifySpec(spec.verify));
    } catch (err) {
      throw Object.assign(new Error(`${builtinOrigins[head.file]}: rule "${head.id}": ${(err as Error).message}; install scan-keys again.`), { name: "InstallError" });
    }
  });
  return out;
}

export interface VerifierChoice {
  /** Whether verifiers on the user's config rules may be used: --verify-config-rules with a config named by --config or read by --config-from. */
  configRules: boolean;
  /** Ids the user's config defines or merges (their rules are not the built-in ones whatever their origin says). */
  configRuleIds: ReadonlySet<string>;
}

/** The verifier for each rule of the scan that has one, by rule id. */
export function verifiersFor(rules: CompiledRule[], choice: VerifierChoice): Map<string, VerifySpec> {
  const builtin = builtinVerifiers();
  const builtinOrigin = new Map(builtinHeads.map((h) => [h.id, builtinOrigins[h.file]]));
  const hosts = new Set([...builtin.values()].map(verifierHost));
  const out = new Map<string, VerifySpec>();
  for (const rule of rules) {
    const isBuiltin = !choice.configRuleIds.has(rule.id) && builtinOrigin.get(rule.id) === rule.origin;
    if (isBuiltin) {
      const spec = builtin.get(rule.id);
      if (spec) out.set(rule.id, spec);
      continue;
    }
    const raw = (rule.spec as { verify?: unknown }).verify;
    if (!choice.configRules || raw === undefined) continue;
    try {
      out.set(rule.id, validateVerifySpec(raw, hosts));
    } catch (err) {
      if (err instanceof VerifySpecError) throw Object.assign(new Error(`${rule.origin}: rule "${rule.id}": ${err.message}.`), { name: "ConfigError" });
      throw err;
    }
  }
  return out;
}

export async function verify(findings: Finding[], verifiers: Map<string, VerifySpec>, opts: VerifyOptions): Promise<void> {
  await verifyFindings(findings, verifiers, opts);
}
