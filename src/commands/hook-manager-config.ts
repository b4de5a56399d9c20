// Adding scan-keys to (and removing it from) a hook manager's own config:
// lefthook.yml, .pre-commit-config.yaml, and simple-git-hooks' JSON. Edits
// are text insertions, so the user's comments, order and layout stay as they
// were; each edit is then checked by parsing the file before and after: the
// result must be exactly the old config plus our entry, or nothing is
// written and the caller prints the snippet instead. The first line of every
// YAML entry carries the marker, so removal takes out exactly that entry.

/** Either the new text, or why an automatic edit is unsafe (one clause). */
export type Edit = { text: string } | { unsafe: string };

type Yaml = typeof import("yaml");

async function yaml(): Promise<Yaml> {
  return import("yaml");
}

const indentOf = (line: string): number => line.length - line.trimStart().length;
const meaningful = (line: string): boolean => line.trim() !== "" && !line.trimStart().startsWith("#");
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function parse(Y: Yaml, text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    const doc = Y.parseDocument(text, { uniqueKeys: true });
    if (doc.errors.length) return { ok: false };
    return { ok: true, value: doc.toJS() ?? {} };
  } catch {
    return { ok: false };
  }
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The lines of a top-level key's block: [header line index, end index (exclusive)], or undefined. */
function topBlock(lines: string[], key: string): [number, number] | undefined {
  const re = new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\s*(#.*)?$`);
  const at = lines.findIndex((l) => re.test(l));
  if (at < 0) return undefined;
  let end = at + 1;
  // A top-level block ends at the next line in column 0 that is not a comment (a `- ` item in column 0 still belongs to it).
  while (end < lines.length && !(meaningful(lines[end]!) && indentOf(lines[end]!) === 0 && !lines[end]!.startsWith("- ") && lines[end] !== "-")) end++;
  // Trailing blank and comment lines belong to what follows.
  while (end > at + 1 && !meaningful(lines[end - 1]!)) end--;
  return [at, end];
}

function splitLines(text: string): { lines: string[]; eol: string } {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  return { lines, eol };
}

const join = (lines: string[], eol: string): string => (lines.length ? lines.join(eol) + eol : "");

/**
 * lefthook: a `scan-keys` command under `<hook>: commands:` (or a job named
 * scan-keys under `<hook>: jobs:`). `extra` are more keys of the command
 * (use_stdin for pre-push).
 */
export async function addToLefthook(text: string, hook: string, run: string, marker: string, extra: Record<string, string | boolean> = {}): Promise<Edit> {
  const Y = await yaml();
  const before = parse(Y, text);
  if (!before.ok || !isMap(before.value)) return { unsafe: "it is not a YAML mapping scan-keys can read" };
  const { lines, eol } = splitLines(text);
  const body = (ind: string) => [`${ind}run: ${Y.stringify(run).trimEnd()}`, ...Object.entries(extra).map(([k, v]) => `${ind}${k}: ${v}`)];
  const block = topBlock(lines, hook);
  const cfg = before.value[hook];
  let out: string[];
  if (!block) {
    if (cfg !== undefined) return { unsafe: `its "${hook}" key is not written as a plain block` };
    const pad = lines.length && lines.at(-1)!.trim() !== "" ? [""] : [];
    out = [...lines, ...pad, `${hook}:`, `  commands:`, `    scan-keys:  ${marker}`, ...body("      ")];
  } else {
    if (cfg !== null && !isMap(cfg)) return { unsafe: `its "${hook}" key is not a mapping` };
    const [from, to] = block;
    const children = lines.slice(from + 1, to).map((l, i) => ({ l, i: from + 1 + i })).filter(({ l }) => meaningful(l));
    const step = children.length ? indentOf(children[0]!.l) : 2;
    const pad = (n: number) => " ".repeat(n);
    const key = (name: string) => children.find(({ l }) => indentOf(l) === step && new RegExp(`^\\s*${name}:\\s*(#.*)?$`).test(l));
    const commands = key("commands");
    const jobs = key("jobs");
    if (isMap(cfg) && cfg.commands !== undefined && !commands) return { unsafe: `its "${hook}: commands" is not written as a plain block` };
    if (isMap(cfg) && cfg.jobs !== undefined && !jobs) return { unsafe: `its "${hook}: jobs" is not written as a plain block` };
    if (jobs) {
      const first = children.find(({ i }) => i > jobs.i);
      const item = first && indentOf(first.l) > step ? indentOf(first.l) : step * 2;
      // A list item may sit at the same indent as its key in YAML: `jobs:\n  - run: …`.
      const ind = first && first.l.trimStart().startsWith("-") ? indentOf(first.l) : item;
      out = [...lines.slice(0, jobs.i + 1), `${pad(ind)}- name: scan-keys  ${marker}`, ...body(pad(ind + 2)), ...lines.slice(jobs.i + 1)];
    } else if (commands) {
      const first = children.find(({ i }) => i > commands.i);
      const ind = first && indentOf(first.l) > step ? indentOf(first.l) : step * 2;
      out = [...lines.slice(0, commands.i + 1), `${pad(ind)}scan-keys:  ${marker}`, ...body(pad(ind + step)), ...lines.slice(commands.i + 1)];
    } else {
      out = [...lines.slice(0, from + 1), `${pad(step)}commands:`, `${pad(step * 2)}scan-keys:  ${marker}`, ...body(pad(step * 3)), ...lines.slice(from + 1)];
    }
  }
  const result = join(out, eol);
  const after = parse(Y, result);
  if (!after.ok || !isMap(after.value)) return { unsafe: "the edit could not be checked" };
  const entry = { run, ...extra };
  const mine = after.value[hook] as Record<string, unknown> | undefined;
  const expected = structuredClone(before.value) as Record<string, unknown>;
  const target = (isMap(expected[hook]) ? expected[hook] : (expected[hook] = {})) as Record<string, unknown>;
  if (Array.isArray(target.jobs)) target.jobs = [{ name: "scan-keys", ...entry }, ...(target.jobs as unknown[])];
  else target.commands = { "scan-keys": entry, ...(isMap(target.commands) ? target.commands : {}) };
  if (!mine || !same(sortKeys(after.value), sortKeys(expected))) return { unsafe: "an edit by text would change more than the scan-keys entry" };
  return { text: result };
}

/**
 * The pre-commit framework: a `repo: local` entry at the end of `repos:`,
 * whose hook runs the repository's own scan-keys (`language: system`).
 */
export async function addToPreCommitConfig(text: string, hook: Record<string, unknown>, marker: string): Promise<Edit> {
  const Y = await yaml();
  const before = parse(Y, text);
  if (!before.ok || !isMap(before.value)) return { unsafe: "it is not a YAML mapping scan-keys can read" };
  const { lines, eol } = splitLines(text);
  const block = topBlock(lines, "repos");
  const repos = before.value.repos;
  if (!block || !Array.isArray(repos)) return { unsafe: `its "repos" list is missing or not written as a plain block` };
  const [from, to] = block;
  const items = lines.slice(from + 1, to).filter((l) => meaningful(l) && l.trimStart().startsWith("-"));
  const ind = items.length ? Math.min(...items.map(indentOf)) : 2;
  const pad = " ".repeat(ind);
  const entry = [`${pad}- repo: local  ${marker}`, `${pad}  hooks:`, ...preCommitHookLines(Y, hook).map((l, i) => `${pad}    ${i === 0 ? "- " : "  "}${l}`)];
  const out = [...lines.slice(0, to), ...entry, ...lines.slice(to)];
  const result = join(out, eol);
  const after = parse(Y, result);
  const expected = { ...before.value, repos: [...repos, { repo: "local", hooks: [hook] }] };
  if (!after.ok || !same(sortKeys(after.value), sortKeys(expected))) return { unsafe: "an edit by text would change more than the scan-keys entry" };
  return { text: result };
}

function preCommitHookLines(Y: Yaml, hook: Record<string, unknown>): string[] {
  return Object.entries(hook).map(([k, v]) => `${k}: ${Array.isArray(v) ? `[${v.join(", ")}]` : Y.stringify(v).trimEnd()}`);
}

/** The snippets to paste by hand, as the automatic edits would write them. */
export async function lefthookSnippet(hook: string, run: string, extra: Record<string, string | boolean> = {}): Promise<string> {
  const Y = await yaml();
  return [`${hook}:`, "  commands:", "    scan-keys:", `      run: ${Y.stringify(run).trimEnd()}`, ...Object.entries(extra).map(([k, v]) => `      ${k}: ${v}`), ""].join("\n");
}

export async function preCommitSnippet(hook: Record<string, unknown>): Promise<string> {
  const Y = await yaml();
  return ["repos:", "  - repo: local", "    hooks:", ...preCommitHookLines(Y, hook).map((l, i) => `      ${i === 0 ? "- " : "  "}${l}`), ""].join("\n");
}

/**
 * Removes the entry whose first line carries the marker (the first such line
 * after the line `after` matches, when given), with every more-indented line
 * after it, then any parent key the removal left empty (the `pre-commit:` and
 * `commands:` lines install-hook wrote with it). Undefined when not found.
 */
export function removeMarkedEntry(text: string, marker: string, after?: RegExp): string | undefined {
  const { lines, eol } = splitLines(text);
  const from = after ? lines.findIndex((l) => after.test(l)) : 0;
  if (from < 0) return undefined;
  // Within that top-level key's block only (it ends at the next key in column 0).
  let to = lines.length;
  if (after) for (let i = from + 1; i < lines.length; i++) if (meaningful(lines[i]!) && indentOf(lines[i]!) === 0 && !lines[i]!.startsWith("-")) { to = i; break; }
  const at = lines.findIndex((l, i) => i >= from && i < to && l.includes(marker));
  if (at < 0) return undefined;
  const base = indentOf(lines[at]!) + (lines[at]!.trimStart().startsWith("- ") ? 1 : 0);
  let end = at + 1;
  for (let i = at + 1; i < lines.length; i++) {
    if (!meaningful(lines[i]!)) continue;
    if (indentOf(lines[i]!) <= base) break;
    end = i + 1;
  }
  const kept = [...lines.slice(0, at), ...lines.slice(end)];
  // Walk up from the removed entry: a bare `key:` parent with no child left goes too.
  let below = indentOf(lines[at]!);
  for (let i = at - 1; i >= 0; i--) {
    const l = kept[i]!;
    if (!meaningful(l) || indentOf(l) >= below) continue;
    below = indentOf(l);
    const next = kept.slice(i + 1).find(meaningful);
    if (!/^\s*[\w-]+:\s*$/.test(l) || (next !== undefined && indentOf(next) > indentOf(l))) break;
    kept.splice(i, 1);
    if (below === 0) break;
  }
  while (kept.length && kept.at(-1)!.trim() === "") kept.pop();
  return join(kept, eol);
}

/** Keys sorted at every level, so two parsed documents compare by content. */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isMap(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}

/**
 * simple-git-hooks' JSON (package.json's "simple-git-hooks" key, or
 * .simple-git-hooks.json): our command first, then the hook's own, in the
 * one shell line simple-git-hooks writes after its SKIP_SIMPLE_GIT_HOOKS
 * check. Written back in the file's own indentation; a file that does not
 * round-trip exactly (unusual layout) is not rewritten.
 */
export function addToSimpleGitHooks(text: string, hook: string, command: string, inPackageJson: boolean): Edit {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { unsafe: "it is not valid JSON" };
  }
  if (!isMap(doc)) return { unsafe: "it is not a JSON object" };
  const indent = /^[ \t]+/m.exec(text)?.[0] ?? "  ";
  const eol = text.endsWith("\n") ? "\n" : "";
  if (JSON.stringify(doc, null, indent) + eol !== text.replace(/\r\n/g, "\n")) return { unsafe: "its layout would not survive being written back" };
  const cfg = inPackageJson ? doc["simple-git-hooks"] : doc;
  if (cfg !== undefined && !isMap(cfg)) return { unsafe: `its "simple-git-hooks" value is not an object` };
  const hooks: Record<string, unknown> = isMap(cfg) ? cfg : {};
  const old = hooks[hook];
  if (old !== undefined && typeof old !== "string") return { unsafe: `its "${hook}" value is not a command string` };
  hooks[hook] = old && old.trim() ? `${command} || exit $?; ${old}` : command;
  if (inPackageJson) doc["simple-git-hooks"] = hooks;
  return { text: JSON.stringify(doc, null, indent) + eol };
}

/** Takes our command out of a simple-git-hooks JSON again; undefined when it is not there. */
export function removeFromSimpleGitHooks(text: string, hook: string, command: string, inPackageJson: boolean): string | undefined {
  const doc = JSON.parse(text) as Record<string, unknown>;
  const hooks = (inPackageJson ? doc["simple-git-hooks"] : doc) as Record<string, unknown> | undefined;
  const v = hooks?.[hook];
  if (typeof v !== "string" || !v.includes(command)) return undefined;
  const rest = v.startsWith(`${command} || exit $?; `) ? v.slice(command.length + 13) : v === command ? "" : undefined;
  if (rest === undefined) return undefined;
  if (rest) hooks![hook] = rest;
  else delete hooks![hook];
  const indent = /^[ \t]+/m.exec(text)?.[0] ?? "  ";
  return JSON.stringify(doc, null, indent) + (text.endsWith("\n") ? "\n" : "");
}
