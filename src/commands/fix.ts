// scan-keys fix: what --staged would block (or the given paths) → each key
// moved into .env and read from the environment, .env ignored, the index
// fixed too, and a rotation verdict per key. Glue over src/fix/.

import { appendAll } from "../engine/append.js";
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { Finding } from "../engine/types.js";
import { UsageError, toScanArgs } from "../options.js";
import { hasHead, indexEntries, indexLock, isIgnored, readBlob, repoRoot } from "../sources/repo.js";
import { FixError } from "../fix/error.js";
import { applyChanges, ApplyError } from "../fix/apply.js";
import { buildChanges, type SupportState } from "../fix/changes.js";
import { isDotenvPath } from "../fix/dotenv.js";
import { loadFiles, readSupport } from "../fix/files.js";
import { diffOf, manualLines, planLines, rotationLines, safe } from "../fix/messages.js";
import { planFix, type Mode, type SecretPlan } from "../fix/plan.js";
import { collectFindings, notScannedSentence, type Io } from "./scan.js";
import { sanitize } from "../report/sanitize.js";

export interface FixArgs {
  paths: string[];
  yes: boolean;
  dryRun: boolean;
  name?: string;
  config?: string;
}

export interface FixIo extends Io {
  stdinIsTTY: boolean;
}

export async function fixCommand(args: FixArgs, io: FixIo): Promise<number> {
  const root = await repoRoot(io.cwd);
  const mode: Mode = args.paths.length > 0 ? "paths" : "staged";
  const scanArgs = toScanArgs({ staged: mode === "staged", quiet: true, config: args.config }, args.paths);
  const { findings, rules, stats } = await collectFindings(scanArgs, io);
  // What could not be read may hold a key: fix never calls that "nothing to fix", and never exits 0 over it.
  const unscanned = notScannedSentence(stats, scanArgs.maxFileSize)?.replace(/, so this scan cannot call it clean;/, ", so fix could not look for keys in it;");
  const failUnscanned = (code: number): number => {
    if (unscanned === undefined) return code;
    io.stderr(`scan-keys: ${sanitize(unscanned)}\n`);
    return code === 1 ? 1 : 2;
  };
  const pathRules = new Set(rules.filter((r) => r.target === "path").map((r) => r.id));
  const rel = (f: Finding): Finding => (mode === "staged" ? f : { ...f, path: toRepoPath(root, io.cwd, f.path) });
  const all = findings.map(rel);
  const content = all.filter((f) => !pathRules.has(f.ruleId));
  const dotenvFiles = all.filter((f) => pathRules.has(f.ruleId) && isDotenvPath(f.path)).map((f) => f.path);
  const keyFiles = all.filter((f) => pathRules.has(f.ruleId) && !isDotenvPath(f.path));
  const what = mode === "staged" ? "in what is staged" : `in ${args.paths.join(" ")}`;
  if (all.length === 0) {
    if (unscanned === undefined) io.stdout(`Nothing to fix: no secrets ${what}.\n`);
    return failUnscanned(0);
  }

  const files = await loadFiles(root, [...new Set(content.map((f) => f.path))]);
  const plans = planFix({ root, mode, findings: content, files, name: args.name });
  const support = await supportState(root, plans, dotenvFiles);
  const say = (lines: string[]) => io.stdout(lines.length ? `${lines.join("\n")}\n` : "");
  say([`scan-keys fix: ${plans.length} secret${plans.length === 1 ? "" : "s"} ${what}.`, ""]);

  let accepted: SecretPlan[];
  if (args.dryRun) {
    for (const p of plans) say(planLines(p));
    const changes = buildChanges(root, mode, plans, files, support, dotenvFiles);
    say(["", "Dry run: these are the changes fix would make; nothing was changed.", ""]);
    io.stdout(diffOf(changes, plans));
    reportLeftovers(plans, keyFiles, say);
    return failUnscanned(0);
  }
  // Before anything is written: with the index locked, fix could change the files and .env but not the index.
  const lock = await indexLock(root);
  if (lock !== undefined) {
    throw new FixError(`${relative(io.cwd, lock) || lock} exists (another git command is running, or one stopped), so fix changed nothing; wait for it to finish, or delete the file if no git command is running, and run fix again.`);
  }
  if (args.yes) accepted = plans;
  else if (io.stdinIsTTY && io.stdoutIsTTY) {
    const chosen = await choose(root, mode, plans, files, support, io);
    if (chosen === undefined) {
      say(["Stopped: nothing was changed."]);
      return 1;
    }
    accepted = chosen;
  } else {
    throw new UsageError("scan-keys fix asks before it changes files, and this is not a terminal: run scan-keys fix --yes to apply every fix, or --dry-run to see them first.");
  }

  const changes = buildChanges(root, mode, accepted, files, support, dotenvFiles);
  let done: string[];
  try {
    done = await applyChanges(root, changes);
  } catch (err) {
    if (!(err instanceof ApplyError)) throw err;
    say(["", `✖ fix stopped: ${safe(err.message, plans)}`, "Done before it stopped (each file is either fully old or fully new):", ...(err.done.length ? err.done.map((d) => `  ✔ ${d}`) : ["  nothing"])]);
    return 2;
  }
  if (args.yes) for (const p of plans) say(planLines(p));
  say(["", "Done:", ...(done.length ? done.map((d) => `  ✔ ${safe(d, plans)}`) : ["  nothing changed"])]);
  const notes = [...new Set(accepted.flatMap((p) => p.notes))];
  if (notes.length) say(["", "Still to do:", ...notes.map((n) => `  • ${n}`)]);
  const declined = plans.filter((p) => !accepted.includes(p));
  for (const p of declined) say([`  – ${p.name}: left as it is (not accepted)`]);
  reportLeftovers(plans, keyFiles, say);

  const committed = await committedSecrets(root, io, plans);
  say(["", "Rotation:", ...rotationLines(plans, committed)]);
  const fixedAny = accepted.some((p) => p.rewritable.length > 0);
  if (fixedAny) {
    const loaders = [...new Set(accepted.flatMap((p) => p.loaders))];
    if (loaders.length) say(["", "The code now reads each key from the environment. Load .env when you run it:", ...loaders.map((l) => `  ${l}`)]);
    if (mode === "staged") say(["Then commit as before: git commit (scan-keys --staged now passes for the fixed keys)."]);
  }
  const left = declined.length + accepted.reduce((n, p) => n + p.manual.length, 0) + keyFiles.length;
  return failUnscanned(left > 0 ? 1 : 0);
}

/** Asks per secret, showing its diff; undefined when the user pressed Ctrl-C. */
async function choose(
  root: string,
  mode: Mode,
  plans: SecretPlan[],
  files: Parameters<typeof buildChanges>[3],
  support: SupportState,
  io: FixIo,
): Promise<SecretPlan[] | undefined> {
  const { ask } = await import("../fix/prompt.js");
  const accepted: SecretPlan[] = [];
  for (const [i, p] of plans.entries()) {
    io.stdout(`${planLines(p).join("\n")}\n`);
    io.stdout(diffOf(buildChanges(root, mode, [p], files, support, []), plans, { codeOnly: true }));
    const answer = await ask(`Fix secret ${i + 1} of ${plans.length} (${p.name})?`);
    if (answer === "abort") return undefined;
    if (answer === "quit") break;
    if (answer === "yes") accepted.push(p);
    if (answer === "all") {
      appendAll(accepted, plans.slice(i));
      break;
    }
  }
  return accepted;
}

function reportLeftovers(plans: SecretPlan[], keyFiles: Finding[], say: (l: string[]) => void): void {
  const manual = manualLines(plans);
  if (manual.length) say(["", "Left for you (no safe automatic rewrite):", ...manual]);
  if (keyFiles.length) {
    say([
      "",
      "Key files (fix does not edit them):",
      ...keyFiles.map((f) => `  ${safe(f.path, plans)}: ${f.description}. Run git rm --cached -- ${safe(f.path, plans)}, add it to .gitignore, and replace the key: ${f.revoke}`),
    ]);
  }
}

/** Index and ignore facts about .env, .gitignore and .env.example that the changes depend on. */
async function supportState(root: string, plans: SecretPlan[], dotenvFiles: string[]): Promise<SupportState> {
  const envPaths = [...new Set([".env", ...dotenvFiles, ...plans.flatMap((p) => p.envFiles)])];
  const entries = await indexEntries(root, [".gitignore", ".env.example", ...envPaths]);
  const indexed = new Map<string, { mode: string; sameAsWork: boolean }>();
  for (const name of [".gitignore", ".env.example"]) {
    const e = entries.get(name);
    if (!e) continue;
    const work = readSupport(root, name);
    indexed.set(name, { mode: e.mode, sameAsWork: typeof work === "object" && work.buf.equals(await readBlob(root, e.oid)) });
  }
  const ignored = new Map<string, boolean>();
  for (const p of envPaths) ignored.set(p, await isIgnored(root, p));
  return { indexed, ignored, tracked: new Set(envPaths.filter((p) => entries.has(p))) };
}

/** Secret → a commit holding it, from a scan of all refs (local and remote branches, tags, stash). */
async function committedSecrets(root: string, io: Io, plans: SecretPlan[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (plans.length === 0 || !(await hasHead(root))) return out;
  // No baseline: a baselined key is exactly one that history holds.
  const { findings } = await collectFindings(toScanArgs({ history: true, all: true, quiet: true }, []), { ...io, cwd: root }, { noBaseline: true });
  const wanted = new Set(plans.map((p) => p.secret));
  for (const f of findings) if (wanted.has(f.secret) && !out.has(f.secret) && f.commit) out.set(f.secret, f.commit.sha);
  return out;
}

function toRepoPath(root: string, cwd: string, p: string): string {
  const r = relative(root, resolve(cwd, p));
  return isAbsolute(r) ? r : r.split(sep).join("/");
}
