// Trains the generic judge (src/engine/judge-model.ts) from labelled data and
// writes models/generic-judge.json. Run by hand; CI needs neither this nor
// the data (models/MODEL_CARD.md says what it was trained on).
//
//   node scripts/judge/train.mjs --train DIR[,DIR…] --val DIR[,DIR…] [--cap N] [--out models/generic-judge.json]
//
// Each DIR is a set built by ../shared/tools/creddata-build.py: DIR/data (the
// labelled files, one folder per repository) and DIR/labels.json. The train
// and validation sets must come from different repositories (the data
// helper splits them by repository); the held-out repositories are never
// among them. Steps:
//   1. bundle scripts/judge/candidates.ts (the engine, the built-in rules,
//      the tokenizer) and collect every generic candidate with its features;
//   2. label each candidate 1 when its line lies in a GroundTruth=T label,
//      0 in an F label or no label; candidates in X labels only are left out;
//   3. cap each repository's share (one repository of test vectors would
//      otherwise be a tenth of the set), fit logistic regression (L2);
//   4. on the validation set, the precision/recall curve over distinct
//      lines (the way creddata-score.py counts generic findings), and the
//      operating points: low = the lowest score that keeps precision ≥
//      LOW_PRECISION, medium = the lowest that keeps ≥ MEDIUM_PRECISION.
import { build } from "esbuild";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { builtinRules, VIRTUAL_ID } from "../rule-files.mjs";
import { fitLogistic, fitStumps, predictStumps, sigmoidScore } from "./fit.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const work = join(root, "scripts/judge/.work");
const LOW_PRECISION = Number(process.env.JUDGE_LOW_PRECISION ?? 0.92);
const MEDIUM_PRECISION = Number(process.env.JUDGE_MEDIUM_PRECISION ?? 0.97);

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}
const trainDirs = (arg("train") ?? "").split(",").filter(Boolean);
const valDirs = (arg("val") ?? "").split(",").filter(Boolean);
const cap = Number(arg("cap", "600"));
// Real, unobfuscated third-party code with no credentials in it (an installed Python's standard library,
// npm's own package): every candidate there is a negative. CredData randomises only its true values, so
// without these the model learns "random-looking = secret" and flags ordinary code.
const negativeDirs = (arg("negatives") ?? "").split(",").filter(Boolean);
const out = arg("out", join(root, "models/generic-judge.json"));
if (!trainDirs.length || !valDirs.length) {
  console.error("usage: node scripts/judge/train.mjs --train DIR[,DIR…] --val DIR[,DIR…] [--cap N] [--out FILE]");
  process.exit(2);
}

async function collector() {
  mkdirSync(work, { recursive: true });
  const file = join(work, "candidates.mjs");
  const rules = builtinRules(join(root, "rules")).module;
  await build({
    entryPoints: [join(root, "scripts/judge/candidates.ts")],
    outfile: file,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "error",
    plugins: [
      {
        name: "builtin-rules",
        setup(b) {
          b.onResolve({ filter: /^virtual:builtin-rules$/ }, () => ({ path: VIRTUAL_ID, namespace: "rules" }));
          b.onLoad({ filter: /.*/, namespace: "rules" }, () => ({ contents: rules, loader: "js" }));
        },
      },
    ],
  });
  return import(pathToFileURL(file).href + `?t=${Date.now()}`);
}

/** Rows of one set, each with y (1, 0) or dropped (X-only lines), and the set's generic T labels. */
function labelled(collect, dir) {
  const labels = JSON.parse(readFileSync(join(dir, "labels.json"), "utf8"));
  const byFile = new Map();
  for (const l of labels) {
    if (!byFile.has(l.file)) byFile.set(l.file, []);
    byFile.get(l.file).push(l);
  }
  const rows = [];
  for (const r of collect(join(dir, "data"))) {
    const cov = (byFile.get(r.file) ?? []).filter((l) => l.line <= r.line && r.line <= (l.line_end ?? l.line));
    const gts = new Set(cov.map((l) => l.ground_truth));
    const y = gts.has("T") ? 1 : gts.has("F") || gts.size === 0 ? 0 : -1;
    if (y >= 0) rows.push({ ...r, y, repo: r.file.split("/")[0] });
  }
  const genericT = labels.filter((l) => l.ground_truth === "T" && isGeneric(l.category));
  return { rows, genericT, labels };
}

const GENERIC = new Set(["Password", "Secret", "Key", "Token", "Auth", "API", "Credential", "Nonce", "Salt", "UUID", "URL Credentials", "Basic Authorization", "Bearer Authorization", "CMD Password", "SQL Password", "CMD Token", "CMD Secret", "CMD ConvertTo-SecureString", "CURL User Password", "Other"]);
const SKIP = new Set(["UUID", "Nonce", "Salt"]);
function isGeneric(category) {
  const cats = String(category).split(":");
  return cats.every((c) => GENERIC.has(c)) && !cats.some((c) => SKIP.has(c));
}

/** Keeps at most `cap` rows per repository (a seeded shuffle, positives first kept in proportion). */
function capped(rows, cap) {
  const byRepo = new Map();
  for (const r of rows) {
    if (!byRepo.has(r.repo)) byRepo.set(r.repo, []);
    byRepo.get(r.repo).push(r);
  }
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const outRows = [];
  for (const list of byRepo.values()) {
    const shuffled = list.map((r) => [rand(), r]).sort((a, b) => a[0] - b[0]).map((p) => p[1]);
    outRows.push(...shuffled.slice(0, cap));
  }
  return outRows;
}

/**
 * Precision/recall over distinct lines, as creddata-score.py counts generic
 * findings: a line is reported when its best candidate scores ≥ t; TP when
 * the line is in a T label. Recall over the set's generic T labels.
 */
function curve(set, scores) {
  const best = new Map(); // file:line → {score, y}
  set.rows.forEach((r, i) => {
    if (r.gated) return;
    const k = `${r.file}:${r.line}`;
    const s = scores[i];
    const b = best.get(k);
    if (!b || s > b.score) best.set(k, { score: s, y: r.y, file: r.file, line: r.line });
  });
  const lines = [...best.values()].sort((a, b) => b.score - a.score);
  const tLines = new Map();
  for (const l of set.genericT) {
    if (!tLines.has(l.file)) tLines.set(l.file, []);
    tLines.get(l.file).push(l);
  }
  const points = [];
  const found = new Set();
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.y === 1) tp++;
    else fp++;
    for (const t of tLines.get(l.file) ?? []) if (t.line <= l.line && l.line <= (t.line_end ?? t.line)) found.add(t);
    if (i + 1 === lines.length || lines[i + 1].score !== l.score) {
      points.push({ threshold: l.score, precision: tp / (tp + fp), recall: found.size / set.genericT.length, tp, fp });
    }
  }
  return points;
}

/** The lowest threshold whose precision (and every higher threshold's from there down) stays ≥ p. */
function operatingPoint(points, p) {
  let chosen = points[0];
  for (const pt of points) {
    if (pt.precision >= p) chosen = pt;
  }
  return chosen;
}

const { collect, FEATURES } = await collector();
const t0 = Date.now();
const trainSets = trainDirs.map((d) => labelled(collect, d));
const valSets = valDirs.map((d) => labelled(collect, d));
const train = { rows: trainSets.flatMap((s) => s.rows), genericT: trainSets.flatMap((s) => s.genericT) };
const val = { rows: valSets.flatMap((s) => s.rows), genericT: valSets.flatMap((s) => s.genericT) };
console.log(`collected in ${((Date.now() - t0) / 1000).toFixed(1)} s: train ${train.rows.length} candidates, val ${val.rows.length}`);

const negatives = negativeDirs.flatMap((d) =>
  collect(d).map((r) => ({ ...r, y: 0, repo: `negative:${d}:${r.file.split("/").slice(0, 2).join("/")}` })),
);
console.log(`negatives: ${negatives.length} candidates (${negatives.filter((r) => !r.gated).length} past the gates) from ${negativeDirs.length} trees of real code`);
const fitRows = capped(train.rows.concat(negatives).filter((r) => !r.gated), cap);
const X = fitRows.map((r) => r.x);
const Y = fitRows.map((r) => r.y);
const repos = new Set(train.rows.map((r) => r.repo));
const valRepos = new Set(val.rows.map((r) => r.repo));
for (const r of valRepos) if (repos.has(r)) throw new Error(`repository ${r} is in both the train and the validation set`);
console.log(`fitting on ${X.length} candidates (${Y.filter((y) => y === 1).length} true) from ${repos.size} repositories`);

const names = [...FEATURES];

const lr = fitLogistic(X, Y, { l2: Number(process.env.JUDGE_L2 ?? 1), epochs: 400 });
const lrScores = val.rows.map((r) => sigmoidScore(lr, r.x));
const lrCurve = curve(val, lrScores);
const stumps = fitStumps(X, Y, { rounds: 150, depth: 2, rate: 0.2 });
const gbScores = val.rows.map((r) => predictStumps(stumps, r.x));
const gbCurve = curve(val, gbScores);
const at = (c, p) => operatingPoint(c, p);
for (const [label, c] of [["logistic regression", lrCurve], ["boosted trees (depth 2, 150 rounds)", gbCurve]]) {
  const a = at(c, 0.9);
  console.log(`${label}: recall ${a.recall.toFixed(3)} at precision ≥ 0.90 (threshold ${a.threshold.toFixed(3)})`);
}

const low = at(lrCurve, LOW_PRECISION);
const medium = at(lrCurve, MEDIUM_PRECISION);
const table = [0.5, 0.8, 0.85, 0.9, 0.92, 0.95, 0.97, 0.99].map((p) => ({ precisionAtLeast: p, ...at(lrCurve, p) }));
const model = {
  kind: "logistic-regression",
  features: names,
  mean: lr.mean,
  scale: lr.scale,
  weights: lr.weights,
  thresholds: { medium: round(medium.threshold), low: round(low.threshold) },
  trainedOn: {
    repositories: repos.size,
    candidates: X.length,
    trueCandidates: Y.filter((y) => y === 1).length,
    capPerRepository: cap,
    negativeTrees: negativeDirs.length,
    negativeCandidates: negatives.filter((r) => !r.gated).length,
  },
  validation: {
    repositories: valRepos.size,
    genericTrueLabels: val.genericT.length,
    operatingPoints: { low: pick(low), medium: pick(medium) },
    curve: table.map((t) => ({ precisionAtLeast: t.precisionAtLeast, ...pick(t) })),
    boostedTreesAtPrecision90: pick(at(gbCurve, 0.9)),
    logisticAtPrecision90: pick(at(lrCurve, 0.9)),
  },
};
function round(x) {
  return Math.round(x * 1e6) / 1e6;
}
function pick(p) {
  return { threshold: round(p.threshold), precision: round(p.precision), recall: round(p.recall) };
}
model.mean = model.mean.map(round);
model.scale = model.scale.map(round);
model.weights = model.weights.map(round);
writeFileSync(out, JSON.stringify(model, null, 1) + "\n");
console.log(`wrote ${out}`);
console.table(table.map((t) => ({ "precision ≥": t.precisionAtLeast, threshold: t.threshold.toFixed(3), precision: t.precision.toFixed(3), recall: t.recall.toFixed(3) })));
if (!existsSync(out)) process.exit(1);
