// Findings → a plan: one entry per distinct secret, with the variable name
// it gets, the files where it can be rewritten (work tree and index copies,
// each rewritten on its own so unstaged edits never mix into the index), and
// where it cannot (with the reason, for the manual steps).

import type { Finding } from "../engine/types.js";
import { isDotenvPath, parseDotenv } from "./dotenv.js";
import { decodeFile } from "./encoding.js";
import { FixError } from "./error.js";
import { readSupport, type FileState } from "./files.js";
import { ENV_NAME, proposedName, uniqueName } from "./names.js";
import { assignedNameIn, rewriteSecret } from "./rewrite.js";

export type Mode = "staged" | "paths";

export interface Location {
  path: string;
  line: number;
  column: number;
}

export interface ManualStep {
  path: string;
  line?: number;
  reason: string;
  /** The lookup to write, when the language is known. */
  lookup?: string;
}

export interface SecretPlan {
  secret: string;
  redacted: string;
  ruleId: string;
  provider: string;
  revoke: string;
  name: string;
  /** Said when the name is not the one first proposed. */
  nameNote?: string;
  /** .env already holds NAME=secret: nothing to add. */
  inEnv: boolean;
  locations: Location[];
  /** Paths whose copies can all be rewritten. */
  rewritable: string[];
  manual: ManualStep[];
  /** .env-like files holding the secret: fixed by unstaging and ignoring them, not by rewriting. */
  envFiles: string[];
  /** Things the user must still do (GitHub secrets, compose --env-file). */
  notes: string[];
  /** How the rewritten programs load .env, per language. */
  loaders: string[];
}

/** Which copies of a file a fix rewrites: the index when staged (or the source is the index), the work tree when it holds the key. */
export function copiesToFix(state: FileState, secret: string, mode: Mode): ("work" | "index")[] {
  const out: ("work" | "index")[] = [];
  if (state.work?.text.includes(secret)) out.push("work");
  if (state.index?.text.includes(secret) && (mode === "staged" || state.staged)) out.push("index");
  return out;
}

function groupBySecret(findings: Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!f.secret) continue;
    const g = groups.get(f.secret);
    if (g) g.push(f);
    else groups.set(f.secret, [f]);
  }
  return [...groups.values()];
}

export interface PlanInput {
  root: string;
  mode: Mode;
  /** Findings with repository-relative paths. */
  findings: Finding[];
  files: Map<string, FileState>;
  name?: string;
}

export function planFix(input: PlanInput): SecretPlan[] {
  const { root, mode, files } = input;
  const env = readSupport(root, ".env");
  const existing = env && env !== "symlink" ? parseDotenv(decodeFile(env.buf)?.text ?? "") : new Map<string, string>();
  const used = new Map<string, string>(existing);
  const groups = groupBySecret(input.findings.filter((f) => !f.ruleId.startsWith("sensitive-dotenv")));
  if (input.name !== undefined) {
    if (!ENV_NAME.test(input.name)) throw new FixError(`--name "${input.name}" is not a variable name; use letters, digits and _, not starting with a digit.`);
    if (groups.length > 1) throw new FixError(`--name names one secret, but there are ${groups.length}; fix one file at a time (scan-keys fix <path> --name …) or drop --name.`);
  }
  const plans: SecretPlan[] = [];
  for (const group of groups) {
    const first = group[0]!;
    const secret = first.secret;
    const paths = [...new Set(group.map((f) => f.path))];
    const firstText = files.get(first.path)?.index?.text ?? files.get(first.path)?.work?.text ?? "";
    let proposed = input.name ?? proposedName(first.ruleId, assignedNameIn(firstText, secret));
    // GitHub refuses secret names that start with GITHUB_.
    if (paths.some((p) => p.startsWith(".github/workflows/")) && proposed.startsWith("GITHUB_")) proposed = `GH_${proposed.slice(7)}`;
    const plan: SecretPlan = {
      secret,
      redacted: first.redacted,
      ruleId: first.ruleId,
      provider: first.provider,
      revoke: first.revoke,
      name: proposed,
      inEnv: false,
      locations: group.map((f) => ({ path: f.path, line: f.line, column: f.column })),
      rewritable: [],
      manual: [],
      envFiles: [],
      notes: [],
      loaders: [],
    };
    chooseName(plan, proposed, used, existing, input.name !== undefined);
    for (const path of paths) classifyPath(plan, path, files.get(path), mode);
    plans.push(plan);
  }
  return plans;
}

function chooseName(plan: SecretPlan, proposed: string, used: Map<string, string>, existing: Map<string, string>, forced: boolean): void {
  const holder = [...used].find(([, v]) => v === plan.secret)?.[0];
  if (used.get(proposed) === plan.secret) {
    plan.inEnv = existing.get(proposed) === plan.secret;
  } else if (holder !== undefined && !forced) {
    plan.name = holder;
    plan.inEnv = existing.get(holder) === plan.secret;
    if (plan.inEnv) plan.nameNote = `.env already holds this key as ${holder}`;
  } else if (used.has(proposed)) {
    if (forced) throw new FixError(`--name ${proposed}: .env already holds a different value under that name; choose another name.`);
    plan.name = uniqueName(proposed, (n) => used.has(n));
    plan.nameNote = `${proposed} is taken by a different value${existing.has(proposed) ? " in .env" : ""}, so this key is ${plan.name}`;
  }
  used.set(plan.name, plan.secret);
}

function classifyPath(plan: SecretPlan, path: string, state: FileState | undefined, mode: Mode): void {
  if (isDotenvPath(path)) {
    plan.envFiles.push(path);
    return;
  }
  if (!state) return void plan.manual.push({ path, reason: "the file could not be read" });
  const line = plan.locations.find((l) => l.path === path)?.line;
  if (state.skip) return void plan.manual.push({ path, line, reason: `fix leaves it alone: ${state.skip}` });
  const copies = copiesToFix(state, plan.secret, mode);
  if (copies.length === 0) return void plan.manual.push({ path, line, reason: "the key is not written out plainly in the file (it was found encoded), so there is no literal to replace" });
  const differ = state.work !== undefined && state.index !== undefined && !state.work.buf.equals(state.index.buf);
  for (const copy of copies) {
    const text = copy === "work" ? state.work!.text : state.index!.text;
    const r = rewriteSecret(text, path, plan.secret, plan.name);
    if (!r.ok) {
      const which = differ && copies.length === 2 ? (copy === "work" ? "in the work tree copy (it has unstaged edits), " : "in the staged copy, ") : "";
      const line = r.line ?? plan.locations.find((l) => l.path === path)?.line;
      plan.manual.push({ path, line, reason: `${which}${r.reason}`, lookup: r.language?.lookup(plan.name) });
      return;
    }
    const note = r.language.note?.(plan.name, path);
    if (note && !plan.notes.includes(note)) plan.notes.push(note);
    const loader = r.language.loader && `${r.language.label}: ${r.language.loader}`;
    if (loader && !plan.loaders.includes(loader)) plan.loaders.push(loader);
  }
  plan.rewritable.push(path);
}
