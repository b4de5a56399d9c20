// The judge's training rows: every generic candidate the built-in rules
// propose in a labelled data set, with its feature vector and where it is.
// Bundled and run by scripts/judge/train.mjs (by hand, never in CI).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { gate, judgedKind } from "../../src/engine/generic.js";
import { featuresOf } from "../../src/engine/judge-features.js";
import { compileBuiltinRules, createScanner } from "../../src/commands/ruleset.js";
import { countTokens } from "../../src/startup/tokenizer.js";

export { FEATURES } from "../../src/engine/judge-features.js";

export interface Row {
  /** Path relative to the data directory; its first segment is the repository id. */
  file: string;
  line: number;
  ruleId: string;
  /** False when a gate (generic.ts) drops the value before the model sees it. */
  gated: boolean;
  x: number[];
}

const MAX_FILE = 2 * 1024 * 1024;

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    // Data sets may link repositories in (a split made of symbolic links to one build).
    const kind = entry.isSymbolicLink() ? statSync(p) : entry;
    if (kind.isDirectory()) yield* files(p);
    else if (kind.isFile()) yield p;
  }
}

/** Every generic candidate in the files under `dataDir`. */
export function collect(dataDir: string): Row[] {
  const rows: Row[] = [];
  let pending: { ruleId: string; kind: "password" | "secret" | "url"; input: Parameters<typeof gate>[1]; start: number }[] = [];
  const scanner = createScanner(compileBuiltinRules(), { onCandidate: (c) => pending.push({ ruleId: c.ruleId, kind: c.kind, input: c.input, start: c.start }) });
  for (const path of files(dataDir)) {
    if (statSync(path).size > MAX_FILE) continue;
    const buf = readFileSync(path);
    if (buf.subarray(0, 8192).includes(0)) continue;
    const text = buf.toString("utf8");
    const file = relative(dataDir, path).split(sep).join("/");
    pending = [];
    scanner.scan({ path: file, text, source: "tree" });
    if (pending.length === 0) continue;
    // Line numbers of the candidates' offsets, one pass over the text.
    const starts = pending.map((p) => p.start);
    const lines = lineNumbers(text, starts);
    pending.forEach((p, i) => {
      const secret = gate(p.kind, p.input);
      const kind = judgedKind(p.kind, p.input.name);
      rows.push({
        file,
        line: lines[i]!,
        ruleId: p.ruleId,
        gated: secret === undefined,
        x: Array.from(featuresOf({ ...p.input, secret: secret ?? p.input.secret, kind }, countTokens)),
      });
    });
  }
  return rows;
}

function lineNumbers(text: string, offsets: number[]): number[] {
  const order = offsets.map((o, i) => [o, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(offsets.length);
  let line = 1;
  let at = 0;
  for (const [o, i] of order) {
    for (; at < o; at++) if (text.charCodeAt(at) === 10) line++;
    out[i] = line;
  }
  return out;
}
