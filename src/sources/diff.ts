// Unified diffs (`git diff -U0`, `git log -p -U0`) → Fragments of added lines.
//
// One parser for the staged scan and for history/pre-push. It is fed one line
// at a time (no regexes on the hot path) and keeps only the current file's
// pending run of added lines, so a history of any length streams through it.
//
// Fragments are one per *run* of consecutive new-file lines, not one per file:
// lines from two hunks separated by unchanged lines are never glued together,
// so a multi-line rule (a PEM block) cannot match across the gap. A PEM key
// added in one hunk is one run, found whole.
//
// Hunk bodies are consumed by the counts in the `@@ -a,b +c,d @@` header, so an
// added line that looks like a header (`+++ b/x`, `diff --git`) is content.

import type { CommitInfo, Fragment, SourceKind } from "../engine/types.js";
import type { ScanStats } from "../engine/types.js";

import type { BinaryFile } from "./blobs.js";
import { recordSkip } from "../engine/stats.js";

export type { BinaryFile } from "./blobs.js";

/** Characters of added lines per fragment before a run is split (lines stay whole). */
const RUN_LIMIT = 8 * 1024 * 1024;

export class DiffParser {
  /** Completed fragments, drained by the caller after each batch of lines. */
  readonly ready: Fragment[] = [];
  /** Files git reported as binary (counted in stats.skippedBinary). */
  readonly binaries: BinaryFile[] = [];
  commit: CommitInfo | undefined;

  private header = ""; // the `diff --git` line of the current file
  private index = ""; // its `index` line
  private path: string | undefined;
  private skip = false; // the current file is excluded by --include/--exclude
  private fileCounted = false;
  private minusLeft = 0;
  private plusLeft = 0;
  private newLine = 0;
  private runText: string[] = [];
  private runLines: number[] = [];
  private runLast = -1;
  private runChars = 0;
  // Combined diffs (`-c`, `--cc`: merges): parents in the current hunk, and lines left per parent.
  private combined = 0;
  private parentLeft: number[] = [];

  constructor(
    private readonly source: SourceKind,
    private readonly stats: ScanStats,
    private readonly accept: (path: string) => boolean,
  ) {}

  /** Starts a new commit (history): flushes what is pending. */
  setCommit(commit: CommitInfo | undefined): void {
    this.flush();
    this.resetFile();
    this.commit = commit;
  }

  /** One line of git's output (without the "\n"). */
  line(line: string): void {
    this.lineAt(line, 0, line.length);
  }

  /**
   * The line text[start, end). A body line that is removed or context (most
   * of a history's `-U0` output is removed lines) or added is handled without
   * slicing the line first: one string fewer per line for the garbage collector.
   */
  lineAt(text: string, start: number, end: number): void {
    if (this.combined > 0) {
      const line = start === 0 && end === text.length ? text : text.slice(start, end);
      if (this.combinedBody(line)) return;
      this.combined = 0; // the counts did not match the body: resynchronise on this line as a header
      text = line;
      start = 0;
      end = line.length;
    }
    if (this.minusLeft > 0 || this.plusLeft > 0) {
      const c = start < end ? text.charCodeAt(start) : -1;
      if (c === 43 /* + */ && this.plusLeft > 0) {
        this.plusLeft--;
        this.added(text.slice(start + 1, end), this.newLine++);
        return;
      }
      if (c === 45 /* - */ && this.minusLeft > 0) {
        this.minusLeft--;
        return;
      }
      if (c === 92 /* \ No newline at end of file */) return;
      if (c === 32 /* context, only if -U was overridden */ && this.plusLeft > 0 && this.minusLeft > 0) {
        this.plusLeft--;
        this.minusLeft--;
        this.newLine++;
        return;
      }
      // The counts did not match the body: resynchronise on this line as a header.
      this.minusLeft = this.plusLeft = 0;
    }
    this.headerLine(start === 0 && end === text.length ? text : text.slice(start, end));
  }

  private headerLine(line: string): void {
    const c = line.charCodeAt(0);
    if (c === 64 /* @ */ && line.startsWith("@@ ")) {
      this.hunk(line);
    } else if (c === 64 && line.startsWith("@@@")) {
      this.combinedHunk(line);
    } else if (c === 100 /* d */ && (line.startsWith("diff --git ") || line.startsWith("diff --combined ") || line.startsWith("diff --cc "))) {
      this.flush();
      this.resetFile();
      this.header = line.startsWith("diff --git ") ? line : "";
    } else if (c === 43 /* + */ && line.startsWith("+++ ")) {
      this.setPath(line.slice(4));
    } else if (c === 105 /* i */ && line.startsWith("index ")) {
      this.index = line;
    } else if (c === 42 /* * */ && this.source === "staged" && line.startsWith("* Unmerged path ")) {
      // A conflict not yet resolved: the index holds the base, ours and theirs, not what will be committed.
      const path = unquoteGitPath(line.slice("* Unmerged path ".length));
      if (this.accept(path)) recordSkip(this.stats, "unreadable", path, "unmerged: a conflict not yet resolved, so what it will commit is not decided; resolve it and git add it");
    } else if (c === 66 /* B */ && line.startsWith("Binary files ")) {
      const path = this.headerPath();
      if (path !== undefined && this.accept(path) && !line.endsWith(" and /dev/null differ")) {
        this.stats.skippedBinary++;
        const blob = /\.\.([0-9a-f]{40,64})/.exec(this.index)?.[1];
        this.binaries.push({ path, ...(blob ? { blob } : {}), ...(this.commit ? { commit: this.commit } : {}) });
        // No text to scan, but path rules still see the file (a committed keystore).
        this.ready.push({ path, text: "", source: this.source, binary: true, ...(this.commit ? { commit: this.commit } : {}) });
      }
    }
  }

  /** Call at the end of input. */
  end(): void {
    this.flush();
    this.resetFile();
  }

  private resetFile(): void {
    this.header = "";
    this.index = "";
    this.path = undefined;
    this.skip = false;
    this.fileCounted = false;
    this.minusLeft = this.plusLeft = 0;
    this.combined = 0;
  }

  private setPath(raw: string): void {
    if (raw === "/dev/null") {
      this.path = undefined;
      this.skip = true;
      return;
    }
    const name = unquoteGitPath(raw);
    this.path = name.startsWith("b/") ? name.slice(2) : name;
    this.skip = !this.accept(this.path);
  }

  private hunk(line: string): void {
    // @@ -a[,b] +c[,d] @@ ...
    let i = 4; // after "@@ -"
    let n = 0;
    while (i < line.length && isDigit(line.charCodeAt(i))) i++;
    let minus = 1;
    if (line.charCodeAt(i) === 44 /* , */) {
      i++;
      n = 0;
      while (i < line.length && isDigit(line.charCodeAt(i))) n = n * 10 + line.charCodeAt(i++) - 48;
      minus = n;
    }
    i = line.indexOf("+", i) + 1;
    if (i === 0) return;
    let start = 0;
    while (i < line.length && isDigit(line.charCodeAt(i))) start = start * 10 + line.charCodeAt(i++) - 48;
    let plus = 1;
    if (line.charCodeAt(i) === 44) {
      i++;
      n = 0;
      while (i < line.length && isDigit(line.charCodeAt(i))) n = n * 10 + line.charCodeAt(i++) - 48;
      plus = n;
    }
    this.minusLeft = minus;
    this.plusLeft = plus;
    this.newLine = start;
  }

  /**
   * `@@@ -a,b -c,d +e,f @@@` (one `@` and one `-` range per parent): the
   * hunk of a combined diff (merges, `-c` or `--cc`). Lines are counted like a normal
   * hunk, per parent; the lines added relative to every parent (`+` in every
   * column) are the merge's added lines.
   */
  private combinedHunk(line: string): void {
    let n = 0;
    while (line.charCodeAt(n) === 64) n++;
    n--; // parents
    const ranges = line.slice(n + 2).split(" ", n + 1);
    const count = (r: string | undefined) => {
      const comma = r?.indexOf(",") ?? -1;
      return comma === -1 ? 1 : Number(r!.slice(comma + 1));
    };
    if (n < 2 || ranges.length < n + 1 || ranges[n]![0] !== "+") return;
    this.parentLeft = ranges.slice(0, n).map(count);
    this.plusLeft = count(ranges[n]);
    this.newLine = Number(ranges[n]!.slice(1).split(",")[0]);
    this.combined = n;
  }

  /** One body line of a combined hunk; false when the line is not part of it. */
  private combinedBody(line: string): boolean {
    const n = this.combined;
    if (line.charCodeAt(0) === 92 /* \ No newline at end of file */) return true;
    if (line.length < n) return false;
    let minus = false;
    let plus = 0;
    for (let i = 0; i < n; i++) {
      const c = line.charCodeAt(i);
      if (c === 45) minus = true;
      else if (c === 43) plus++;
      else if (c !== 32) return false;
    }
    if (!minus) {
      if (this.plusLeft === 0) return false;
      this.plusLeft--;
      if (plus === n) this.added(line.slice(n), this.newLine);
      this.newLine++;
    }
    // A line counts for parent i when it is that parent's (removed: `-` in column i) or shared (a result line, ` ` in column i).
    for (let i = 0; i < n; i++) {
      const c = line.charCodeAt(i);
      if (c === 45 || (!minus && c === 32)) this.parentLeft[i]!--;
    }
    if (this.plusLeft === 0 && this.parentLeft.every((x) => x <= 0)) this.combined = 0;
    return true;
  }

  private added(text: string, lineNo: number): void {
    if (this.skip || this.path === undefined) return;
    // A run of added lines is one fragment, up to RUN_LIMIT characters: a huge added file
    // becomes several fragments, never one string too long for V8 (~512 MB).
    if (this.runText.length > 0 && (lineNo !== this.runLast + 1 || this.runChars > RUN_LIMIT)) this.flush();
    this.runChars += text.length + 1;
    this.runText.push(text);
    this.runLines.push(lineNo);
    this.runLast = lineNo;
  }

  private flush(): void {
    if (this.runText.length === 0) return;
    const text = this.runText.length === 1 ? this.runText[0]! : this.runText.join("\n");
    const fragment: Fragment = { path: this.path!, text, lineNumbers: this.runLines, source: this.source };
    if (this.commit) fragment.commit = this.commit;
    if (this.fileCounted) fragment.continued = true;
    else {
      this.fileCounted = true;
      this.stats.files++;
    }
    this.ready.push(fragment);
    this.stats.bytes += text.length + 1;
    this.runText = [];
    this.runLines = [];
    this.runLast = -1;
    this.runChars = 0;
  }

  /** The new path of the current file from its `diff --git` header (used when there is no `+++` line). */
  private headerPath(): string | undefined {
    const h = this.header.slice("diff --git ".length);
    if (h.length === 0) return this.path;
    let b: string;
    if (h.endsWith('"')) {
      // ... "b/name" — find the opening quote of the last quoted name.
      const open = lastQuotedStart(h);
      b = unquoteGitPath(h.slice(open));
    } else if (h.startsWith('"')) {
      const close = quotedEnd(h);
      b = h.slice(close + 1).trimStart();
    } else {
      // a/NAME b/NAME with the same NAME (a rename has `rename to` and a `+++` line)
      b = h.slice((h.length - 1) / 2 + 1);
    }
    return b.startsWith("b/") ? b.slice(2) : b;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function quotedEnd(s: string): number {
  for (let i = 1; i < s.length; i++) {
    if (s[i] === "\\") i++;
    else if (s[i] === '"') return i;
  }
  return s.length - 1;
}

function lastQuotedStart(s: string): number {
  // Scan forward over tokens, remembering where the last quoted token starts.
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '"') {
      last = i;
      i += quotedEnd(s.slice(i));
    }
  }
  return last;
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92 };

/**
 * A path as git prints it in diff headers: verbatim, or C-quoted
 * (`"b/new\nline"`, octal escapes for bytes) when it contains special
 * characters. A trailing tab (added when the name contains a space) is dropped.
 */
export function unquoteGitPath(raw: string): string {
  if (!raw.startsWith('"')) return raw.endsWith("\t") ? raw.slice(0, -1) : raw;
  const bytes: number[] = [];
  for (let i = 1; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '"') break;
    if (ch !== "\\") {
      for (const b of Buffer.from(ch, "utf8")) bytes.push(b);
      continue;
    }
    const next = raw[++i] ?? "";
    if (next >= "0" && next <= "7") {
      bytes.push(parseInt(raw.slice(i, i + 3), 8) & 0xff);
      i += 2;
    } else {
      bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/**
 * Feeds text arriving in chunks to `onLine` one line at a time, as a range
 * of a string (without the "\n"): the consumer slices only the lines it
 * keeps. Lines and their order are LineSplitter's.
 */
export class RangeSplitter {
  private carry = "";
  constructor(private readonly onLine: (text: string, start: number, end: number) => void) {}

  push(chunk: string): void {
    let start = 0;
    let nl = chunk.indexOf("\n");
    if (nl === -1) {
      this.carry += chunk;
      return;
    }
    if (this.carry.length > 0) {
      const first = this.carry + chunk.slice(0, nl);
      this.carry = "";
      this.onLine(first, 0, first.length);
      start = nl + 1;
      nl = chunk.indexOf("\n", start);
    }
    const onLine = this.onLine;
    while (nl !== -1) {
      onLine(chunk, start, nl);
      start = nl + 1;
      nl = chunk.indexOf("\n", start);
    }
    if (start < chunk.length) this.carry = chunk.slice(start);
  }

  end(): void {
    if (this.carry.length > 0) this.onLine(this.carry, 0, this.carry.length);
    this.carry = "";
  }
}

/** Feeds text arriving in chunks to `onLine`, one line at a time (without the "\n"): a RangeSplitter that slices every line. */
export class LineSplitter extends RangeSplitter {
  constructor(onLine: (line: string) => void) {
    super((text, start, end) => onLine(start === 0 && end === text.length ? text : text.slice(start, end)));
  }
}
