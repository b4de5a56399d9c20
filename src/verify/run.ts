// The verification phase: each distinct credential once, at most 8 requests
// in flight and 4 per host, each with a time-out, the whole phase within a
// budget. Verdicts are set on the findings in memory; nothing is written to
// disk, and no secret reaches a message.

import type { Finding } from "../engine/types.js";
import { closeAgents, reasonOf, send, testAddress } from "./https.js";
import { NAMED, type Prepared } from "./named.js";
import { buildRequest, interpret } from "./request.js";
import { verifierHost } from "./spec.js";
import type { Verification, VerifyRequest, VerifyResponse, VerifySpec } from "./types.js";

export const MAX_IN_FLIGHT = 8;
export const MAX_PER_HOST = 4;
export const DEFAULT_TIMEOUT_MS = 5000;

export interface VerifyOptions {
  /** Per request. */
  timeoutMs: number;
  /** The whole phase; requests not answered by then are `unknown`. */
  budgetMs: number;
  env: NodeJS.ProcessEnv;
  /** Called after each credential is done (a progress line). */
  onProgress?: (done: number, total: number) => void;
}

interface Job {
  host: string;
  findings: Finding[];
  request: () => VerifyRequest;
  read: (res: VerifyResponse) => Verification;
  docs: string;
}

/** Findings of the same file in the same commit: where a credential's other part is written. */
function neighbours(findings: Finding[]): (f: Finding) => Finding[] {
  const by = new Map<string, Finding[]>();
  const keyOf = (f: Finding) => `${f.commit?.sha ?? ""}\0${f.path}`;
  for (const f of findings) {
    const list = by.get(keyOf(f));
    if (list) list.push(f);
    else by.set(keyOf(f), [f]);
  }
  return (f) => by.get(keyOf(f))!;
}

/** Turns findings into one job per distinct credential; sets `not-verifiable` where no job can be made. */
function plan(findings: Finding[], specs: ReadonlyMap<string, VerifySpec>): Job[] {
  const jobs = new Map<string, Job>();
  const near = neighbours(findings);
  const add = (key: string, f: Finding, make: () => Job) => {
    const job = jobs.get(key);
    if (job) job.findings.push(f);
    else jobs.set(key, make());
  };
  for (const f of findings) {
    if (f.verification) continue; // the other part of a credential already planned
    const spec = specs.get(f.ruleId);
    if (!spec) {
      f.verification = { verdict: "not-verifiable", reason: f.ruleId.startsWith("generic-") ? "a generic finding names no provider to ask" : "no verifier for this rule" };
      continue;
    }
    if (spec.named) {
      const prepared: Prepared | { reason: string } = NAMED[spec.named]!.prepare(f, near(f), spec.docs);
      if ("reason" in prepared) {
        f.verification = { verdict: "not-verifiable", reason: prepared.reason, docs: spec.docs };
        continue;
      }
      const job = jobs.get(prepared.key);
      if (job) job.findings.push(f);
      else jobs.set(prepared.key, { host: verifierHost(spec), findings: [f], request: () => prepared.build(new Date()), read: prepared.read, docs: spec.docs });
      // The other parts share the verdict, so they are not verified again on their own.
      for (const p of prepared.partners) {
        if (!p.verification && !jobs.get(prepared.key)!.findings.includes(p)) {
          jobs.get(prepared.key)!.findings.push(p);
          p.verification = { verdict: "unknown", reason: "pending" };
        }
      }
      continue;
    }
    add(`${spec.url}\0${f.secret}`, f, () => ({ host: verifierHost(spec), findings: [f], request: () => buildRequest(spec, f.secret), read: (res) => interpret(spec, res), docs: spec.docs }));
  }
  return [...jobs.values()];
}

/** Verifies every finding that has a verifier in `specs` (by rule id); sets `verification` on every finding. */
export async function verifyFindings(findings: Finding[], specs: ReadonlyMap<string, VerifySpec>, opts: VerifyOptions): Promise<void> {
  testAddress(opts.env); // a wrong test override is a usage error before anything is sent
  const jobs = plan(findings, specs);
  const budget = new AbortController();
  const timer = setTimeout(() => budget.abort(), opts.budgetMs);
  const perHost = new Map<string, number>();
  let inFlight = 0;
  let done = 0;
  const queue = [...jobs];
  const settle = (job: Job, v: Verification) => {
    for (const f of job.findings) f.verification = v;
    opts.onProgress?.(++done, jobs.length);
  };
  const runOne = async (job: Job): Promise<void> => {
    try {
      if (budget.signal.aborted) return settle(job, { verdict: "unknown", reason: "the verification time budget ran out", docs: job.docs });
      const res = await send(job.request(), { timeoutMs: opts.timeoutMs, env: opts.env, signal: budget.signal });
      settle(job, job.read(res));
    } catch (err) {
      settle(job, { verdict: "unknown", reason: reasonOf(err, opts.timeoutMs), docs: job.docs });
    }
  };
  try {
    await new Promise<void>((resolve) => {
      const pump = () => {
        if (queue.length === 0 && inFlight === 0) return resolve();
        for (let i = 0; i < queue.length && inFlight < MAX_IN_FLIGHT; ) {
          const job = queue[i]!;
          const n = perHost.get(job.host) ?? 0;
          if (n >= MAX_PER_HOST) {
            i++;
            continue;
          }
          queue.splice(i, 1);
          inFlight++;
          perHost.set(job.host, n + 1);
          void runOne(job).finally(() => {
            inFlight--;
            perHost.set(job.host, perHost.get(job.host)! - 1);
            pump();
          });
        }
      };
      pump();
    });
  } finally {
    clearTimeout(timer);
    closeAgents();
  }
}
