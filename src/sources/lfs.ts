// git-lfs: a tracked file is committed as a pointer (`version …`, `oid
// sha256:<hex>`, `size <n>`) and its content lives outside git, in
// `<git dir>/lfs/objects/<2>/<2>/<oid>` (or under `lfs.storage`). The diff
// --staged and --history read shows the pointer only, so a key in the
// content was never seen. Here a fragment that is a pointer is followed by
// the content it points at, read from disk (the same decoding as any file),
// and a pointer whose object is not on this machine names its file as not
// scanned (git-lfs is never run: it would fetch).

import { join, isAbsolute } from "node:path";
import type { Fragment, ScanStats } from "../engine/types.js";
import { recordSkip } from "../engine/stats.js";
import { decodeText } from "./decode.js";
import { runGit } from "./git.js";
import { readRegularFile } from "./safe-read.js";

const POINTER_LINE = /^(version https:\/\/git-lfs\.github\.com\/spec\/v1|oid sha256:[0-9a-f]{64}|size \d+|ext-\d+-\w+ sha256:[0-9a-f]{64})$/;
const OID = /^oid sha256:([0-9a-f]{64})$/m;

/** The object id when the fragment's added lines are all pointer lines with an oid (a new or changed pointer). */
export function pointerOid(f: Fragment): string | undefined {
  if (f.binary || f.text.length > 1024 || !f.text.includes("oid sha256:")) return undefined;
  const lines = f.text.split("\n").filter((l) => l !== "");
  if (!lines.every((l) => POINTER_LINE.test(l))) return undefined;
  return OID.exec(f.text)?.[1];
}

/** Reads git-lfs objects for pointers met in a scan; the object directory is asked of git once, when the first pointer is met. */
export class LfsObjects {
  private dir: Promise<string | undefined> | undefined;

  constructor(
    private readonly cwd: string,
    private readonly maxFileSize: number,
  ) {}

  /** The fragments with, after each pointer, the content it points at (or the file named as not scanned). */
  async expand(fragments: Fragment[], stats: ScanStats): Promise<Fragment[]> {
    if (!fragments.some((f) => pointerOid(f) !== undefined)) return fragments;
    const out: Fragment[] = [];
    for (const f of fragments) {
      out.push(f);
      const oid = pointerOid(f);
      if (oid === undefined) continue;
      const content = await this.read(f, oid, stats);
      if (content) out.push(content);
    }
    return out;
  }

  private async read(pointer: Fragment, oid: string, stats: ScanStats): Promise<Fragment | undefined> {
    const dir = await (this.dir ??= lfsObjectDir(this.cwd));
    const where = pointer.commit ? ` of commit ${pointer.commit.sha.slice(0, 12)}` : "";
    if (dir === undefined) {
      recordSkip(stats, "unreadable", pointer.path, `its git-lfs content, object ${oid.slice(0, 12)}${where}, cannot be located: git names no git directory`);
      return undefined;
    }
    const r = readRegularFile(join(dir, oid.slice(0, 2), oid.slice(2, 4), oid), { maxBytes: this.maxFileSize });
    if (!r.ok) {
      if (/larger than/.test(r.reason)) {
        recordSkip(stats, "too-large", pointer.path, `a git-lfs file over --max-file-size; raise it to scan this file`);
      } else {
        const why = r.missing ? "is not on this machine; git lfs fetch downloads it" : r.reason;
        recordSkip(stats, "unreadable", pointer.path, `its git-lfs content, object ${oid.slice(0, 12)}${where}, ${why}`);
      }
      return undefined;
    }
    const text = decodeText(r.data);
    if (text === undefined) {
      stats.skippedBinary++; // binary content: the pointer fragment already gave path rules the file
      return undefined;
    }
    stats.files++;
    stats.bytes += r.data.length;
    const { lineNumbers: _, ...rest } = pointer;
    return { ...rest, text };
  }
}

/** `lfs.storage` (relative to the git directory) or `<common git dir>/lfs`, plus `objects`. */
async function lfsObjectDir(cwd: string): Promise<string | undefined> {
  const r = await runGit(["rev-parse", "--path-format=absolute", "--git-common-dir"], cwd);
  if (r.code !== 0) return undefined;
  const common = r.stdout.toString("utf8").trim();
  const storage = (await runGit(["config", "--get", "lfs.storage"], cwd)).stdout.toString("utf8").trim();
  const base = storage === "" ? join(common, "lfs") : isAbsolute(storage) ? storage : join(common, storage);
  return join(base, "objects");
}
