// Reading scan-keys' JSON report and checking it against the planted keys.
import fs from 'node:fs';

/** Parses a `--format json` report file; null when it is not one. */
export function readReport(file) {
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8'));
    return Array.isArray(r.findings) ? r : null;
  } catch {
    return null;
  }
}

const commitOf = (f) => (typeof f.commit === 'string' ? f.commit : f.commit?.sha ?? f.commit?.hash ?? f.commit?.id ?? null);
const norm = (p) => String(p ?? '').replaceAll('\\', '/');

/**
 * Which planted keys the findings point at (same file, same line or within a
 * multi-line block such as a PEM key, and same
 * commit when both sides have one). Returns { found, missed, other }.
 */
export function matchPlanted(planted, findings) {
  const used = new Set();
  const found = [];
  const missed = [];
  for (const p of planted) {
    const i = findings.findIndex((f, idx) => {
      if (used.has(idx)) return false;
      const file = norm(f.file ?? f.path);
      if (!(file === p.file || file.endsWith('/' + p.file))) return false;
      if (f.line < p.line || f.line > (p.endLine ?? p.line)) return false; // multi-line keys: anywhere in the block
      const c = commitOf(f);
      return !(p.commit && c && !p.commit.startsWith(c) && !c.startsWith(p.commit));
    });
    if (i >= 0) {
      used.add(i);
      found.push(p);
    } else missed.push(p);
  }
  const other = findings.filter((_, idx) => !used.has(idx));
  return { found, missed, other };
}

/** One line on what a scan found, e.g. "found 8/10 planted keys (missed: gitlab); 2 other findings". */
export function describeMatch({ found, missed, other }) {
  let s = `found ${found.length}/${found.length + missed.length} planted keys`;
  if (missed.length) s += ` (missed: ${missed.map((m) => m.kind).join(', ')})`;
  if (other.length) {
    const rules = [...new Set(other.map((f) => f.ruleId))].slice(0, 5).join(', ');
    s += `; ${other.length} other finding${other.length === 1 ? '' : 's'} (${rules})`;
  }
  return s;
}

/** First meaningful line of a child's stderr, for "skipped" messages. */
export function firstLine(text) {
  return (
    String(text ?? '')
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l && !l.startsWith('Command exited with')) ?? ''
  );
}
