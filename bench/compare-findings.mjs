// Same findings from two builds? Runs `node A/cli.js ARGS…` and `node B/cli.js
// ARGS…` (JSON reports) in the current directory and lists the findings one
// has and the other lacks, by rule, file, line, column and fingerprint.
// Exit 0 when both agree, 1 when they differ, 2 when a run failed. For a
// speed change (issue 28): build main into another directory first, e.g.
//   git worktree add /tmp/base main && (cd /tmp/base && npm ci && npm run build)
//   node bench/compare-findings.mjs /tmp/base/dist/cli.js dist/cli.js node_modules --max-file-size 200MB
import { spawnSync } from 'node:child_process';

const [a, b, ...args] = process.argv.slice(2);
if (!a || !b) {
  console.error('usage: node bench/compare-findings.mjs A/cli.js B/cli.js [scan-keys arguments…]');
  process.exit(2);
}

function findings(cli) {
  const r = spawnSync(process.execPath, [cli, ...args, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0 && r.status !== 1) {
    console.error(`${cli} exited ${r.status ?? r.signal}: ${(r.stderr || '').trim().split('\n')[0]}`);
    process.exit(2);
  }
  const doc = JSON.parse(r.stdout);
  return { keys: doc.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.fingerprint}`), stats: doc.stats };
}

const A = findings(a);
const B = findings(b);
const inB = new Set(B.keys);
const inA = new Set(A.keys);
const onlyA = A.keys.filter((k) => !inB.has(k));
const onlyB = B.keys.filter((k) => !inA.has(k));
console.log(`A: ${A.keys.length} findings, ${A.stats?.files} files, ${A.stats?.bytes} bytes; B: ${B.keys.length} findings, ${B.stats?.files} files, ${B.stats?.bytes} bytes`);
for (const k of onlyA) console.log(`only A: ${k}`);
for (const k of onlyB) console.log(`only B: ${k}`);
console.log(onlyA.length + onlyB.length === 0 ? 'same findings' : `${onlyA.length + onlyB.length} differ`);
process.exit(onlyA.length + onlyB.length === 0 ? 0 : 1);
