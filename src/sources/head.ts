// Is a secret found in history still in HEAD's tree? A key deleted in a later
// commit is still live until it is rotated; one still in HEAD is also still
// being served to everyone who clones. Time linear in HEAD's size and the
// number of findings:
//   - content secrets: HEAD's blobs (`git ls-tree -r -l`, then `git cat-file
//     --batch` in groups of at most 32 MB, so memory stays flat) searched in
//     one pass for a needle per secret (engine/needles.ts): the secret string
//     itself, not the line, so a key moved to another line or file is still
//     present. (`git grep -F -f` tries every needle on every line: quadratic.)
//   - path findings (a committed .env or keystore, where the "secret" is the
//     file): one `git cat-file --batch-check` for HEAD:<path>, which also
//     asks for HEAD^{tree} (no HEAD: nothing to answer).
// Needles never reach git's command line (where `ps` would show them).

import { NeedleSearch } from "../engine/needles.js";
import { runGit } from "./git.js";

export interface HeadQuery {
  /** The secret as found (for path findings, unused). */
  secret: string;
  /** Set when the secret was found after decoding ("base64", "percent"). */
  encoding?: string;
  /** For findings about the file itself: its path, relative to the repository root. */
  path?: string;
}

/**
 * For each query, whether it is still in HEAD's tree; undefined when there is
 * no HEAD to look in (an unborn branch, a bare clone with no commits) or git
 * cannot answer.
 */
export async function stillInHead(queries: HeadQuery[], cwd: string): Promise<boolean[] | undefined> {
  if (queries.length === 0) return [];
  const answers = queries.map(() => false);

  const needles = queries.map((q) => (q.path === undefined ? needlesFor(q) : []));
  const all = [...new Set(needles.flat())];
  if (all.length > 0) {
    const search = new NeedleSearch(all);
    if (!(await searchHead(search, cwd))) return undefined;
    const found = new Set(all.filter((_, k) => search.found[k] === 1));
    needles.forEach((list, i) => {
      if (list.some((n) => found.has(n))) answers[i] = true;
    });
  }

  const paths = queries.flatMap((q, i) => (q.path === undefined ? [] : [{ i, path: q.path }]));
  if (paths.length > 0 || all.length === 0) {
    // One object name per line: a path with a newline cannot be asked this way, and stays false.
    // The first line asks for HEAD's tree, so one call also says whether there is a HEAD.
    const asked = paths.filter((p) => !p.path.includes("\n"));
    const r = await runGit(["cat-file", "--batch-check=%(objecttype)"], cwd, ["HEAD^{tree}", ...asked.map((p) => `HEAD:${p.path}`)].map((l) => `${l}\n`).join(""));
    if (r.code !== 0) return undefined;
    const [tree, ...lines] = r.stdout.toString("utf8").split("\n");
    if (tree !== "tree") return undefined;
    lines.slice(0, asked.length).forEach((line, k) => {
      if (line === "blob") answers[asked[k]!.i] = true;
    });
  }
  return answers;
}

const GROUP = 32 * 1024 * 1024;

/** Searches every blob of HEAD's tree (submodules are not entered); false when there is no HEAD or git fails. */
async function searchHead(search: NeedleSearch, cwd: string): Promise<boolean> {
  const tree = await runGit(["ls-tree", "-r", "-l", "-z", "--full-tree", "HEAD"], cwd);
  if (tree.code !== 0) return false;
  // "<mode> blob <oid> <size>\t<path>\0"; the same content under two paths is read once.
  const sizes = new Map<string, number>();
  for (const entry of tree.stdout.toString("latin1").split("\0")) {
    const m = /^\d+ blob ([0-9a-f]+) +(\d+)\t/.exec(entry);
    if (m) sizes.set(m[1]!, Number(m[2]));
  }
  const blobs = [...sizes];
  for (let from = 0; from < blobs.length && !search.done; ) {
    let to = from;
    for (let bytes = 0; to < blobs.length && (to === from || bytes + blobs[to]![1] <= GROUP); to++) bytes += blobs[to]![1];
    const group = blobs.slice(from, to);
    from = to;
    const r = await runGit(["cat-file", "--batch"], cwd, group.map(([id]) => `${id}\n`).join(""));
    if (r.code !== 0) return false;
    const out = r.stdout;
    let at = 0;
    for (const [id] of group) {
      // "<oid> blob <size>\n<content>\n", or "<oid> missing\n" (a partial clone): nothing to search there.
      const nl = out.indexOf(10, at);
      if (nl === -1) return false;
      const head = /^([0-9a-f]+) blob (\d+)$/.exec(out.toString("latin1", at, nl));
      if (!head || head[1] !== id) {
        at = nl + 1;
        continue;
      }
      const size = Number(head[2]);
      search.search(out.subarray(nl + 1, nl + 1 + size));
      at = nl + 1 + size + 1;
    }
  }
  return true;
}

/** Unreserved URL characters: never percent-encoded, so a run of them survives encoding. */
const UNRESERVED_RUN = /[A-Za-z0-9._~-]+/g;

/**
 * Strings whose presence in a file means the secret is there. A multi-line
 * secret (a PEM block) is looked for by its longest line; an encoded one by
 * what any encoding of it must contain.
 */
function needlesFor(q: HeadQuery): string[] {
  if (q.encoding === "base64") return base64Cores(q.secret);
  if (q.encoding === "percent") {
    const runs = q.secret.match(UNRESERVED_RUN) ?? [];
    const longest = runs.reduce((a, b) => (b.length > a.length ? b : a), "");
    return longest.length >= 12 ? [longest] : [];
  }
  const lines = q.secret.split(/\r?\n/);
  const longest = lines.reduce((a, b) => (b.trim().length > a.length ? b.trim() : a), "");
  return longest.length > 0 ? [longest] : [];
}

/**
 * The secret base64-encoded at each of its three possible alignments in the
 * encoded stream, minus the characters that depend on its neighbours: one of
 * them occurs in any base64 text that encodes the secret.
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const out: string[] = [];
  for (let pad = 0; pad < 3; pad++) {
    const enc = Buffer.concat([Buffer.alloc(pad), bytes]).toString("base64").replace(/=+$/, "");
    // Drop the characters that mix in the padding bytes, and the last group, which mixes in what follows.
    const from = pad === 0 ? 0 : 4;
    const to = enc.length - 4;
    if (to - from >= 8) out.push(enc.slice(from, to));
  }
  return out;
}
