// Generates the hostile inputs of `npm run bench:adversarial`: per built-in
// rule, its keywords back to back and a long run of its token alphabet; global
// inputs that target decoders, anchors and backtracking; MB-sized files; and an
// ordinary-code control corpus of the same size. Deterministic, and reused
// while the generator, the rules and the selection are unchanged.
//
// Nothing here is a key literal: key-shaped text is assembled at run time
// (keys.mjs), so the repository's own scan stays clean.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { parse } from 'smol-toml';
import { Rng, ALNUM, BASE64, LOWER } from './prng.mjs';
import * as C from './content.mjs';
import { KEY_MAKERS } from './keys.mjs';

const GENERATOR_VERSION = 1;
const KB = 1024;
const MB = 1024 * KB;
const SIZE = 64 * KB;
const j = (...parts) => parts.join('');
const DASHES = '-'.repeat(5);
const OPENSSH_BEGIN = j(DASHES, 'BEGIN ', 'OPENSSH ', 'PRIVATE ', 'KEY', DASHES);
const RSA_BEGIN = j(DASHES, 'BEGIN ', 'RSA ', 'PRIVATE ', 'KEY', DASHES);

/** `unit` repeated until exactly `bytes` (ASCII only, so characters are bytes). */
const fillTo = (unit, bytes) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);

/** Built-in rules, in file order: { id, keywords, regex, file, name } (name: the file name the rule applies to). */
export function loadRules(rulesDir) {
  const out = [];
  for (const f of fs.readdirSync(rulesDir).filter((n) => n.endsWith('.toml')).sort()) {
    for (const r of parse(fs.readFileSync(path.join(rulesDir, f), 'utf8')).rules ?? []) {
      out.push({ id: r.id, keywords: r.keywords ?? [], regex: r.regex ?? '', target: r.target, file: f, name: fileNameFor(r) });
    }
  }
  return out;
}

/** A rule with `paths` only runs on matching files (.npmrc, *.xml): name the input after them. */
function fileNameFor(rule) {
  if (rule.examplePath) return path.basename(rule.examplePath);
  const glob = (rule.paths ?? []).find((p) => !p.startsWith('!'));
  return glob ? path.posix.basename(glob).replaceAll('*', 'input') : 'input.txt';
}

/** Character classes of a regex, each { body, start, max } (max: the quantifier's upper bound, 0 when unquantified). */
function classesOf(regex) {
  const found = [];
  for (let i = 0; i < regex.length; i++) {
    if (regex[i] === '\\') { i++; continue; }
    if (regex[i] !== '[') continue;
    let k = i + 1;
    while (k < regex.length && regex[k] !== ']') k += regex[k] === '\\' ? 2 : 1;
    const q = /^(?:\{(\d+)(,(\d*))?\}|([+*?]))/.exec(regex.slice(k + 1));
    let max = 0;
    if (q?.[4]) max = q[4] === '?' ? 1 : Infinity;
    else if (q) max = q[2] === undefined ? Number(q[1]) : q[3] ? Number(q[3]) : Infinity;
    found.push({ body: regex.slice(i + 1, k), start: i, max });
    i = k;
  }
  return found;
}

const PRINTABLE = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join('');

/** The characters a class body allows, printable ASCII only (no space); for a negated class, the printable rest. */
export function classAlphabet(body) {
  if (body.startsWith('^')) {
    const not = new Set(classAlphabet(body.slice(1)) ?? '');
    return [...PRINTABLE].filter((c) => !not.has(c)).join('') || null;
  }
  const chars = new Set();
  const atom = (i) => {
    if (body[i] !== '\\') return [body[i], i + 1];
    const e = body[i + 1];
    if (e === 'x') return [String.fromCharCode(parseInt(body.slice(i + 2, i + 4), 16)), i + 4];
    if (e === 'd') return [{ set: '0123456789' }, i + 2];
    if (e === 'w') return [{ set: ALNUM + '_' }, i + 2];
    if ('sStnrDW'.includes(e)) return [{ set: '' }, i + 2]; // whitespace or negations: nothing printable worth a run
    return [e, i + 2];
  };
  for (let i = 0; i < body.length; ) {
    const [a, next] = atom(i);
    if (typeof a === 'object') { for (const c of a.set) chars.add(c); i = next; continue; }
    if (body[next] === '-' && next + 1 < body.length) {
      const [b, after] = atom(next + 1);
      if (typeof b === 'string') {
        for (let c = a.charCodeAt(0); c <= b.charCodeAt(0); c++) chars.add(String.fromCharCode(c));
        i = after;
        continue;
      }
    }
    chars.add(a);
    i = next;
  }
  const s = [...chars].filter((c) => c > ' ' && c <= '~').join('');
  return s || null;
}

/**
 * The rule's main character class: the first long-quantified class after its
 * first keyword in the regex (the token after a prefix), else the class with
 * the largest repeat (the value of a generic assignment, not a UUID look-ahead),
 * else a wide unquantified class (one inside a repeated group: PEM bodies),
 * else A-Za-z0-9.
 */
export function mainClass(rule) {
  const all = classesOf(rule.regex).map((c) => ({ ...c, alphabet: classAlphabet(c.body) })).filter((c) => c.alphabet);
  const at = rule.keywords.length ? rule.regex.toLowerCase().indexOf(rule.keywords[0]) : -1;
  const choose = (classes) => {
    const long = classes.filter((c) => c.max >= 8);
    const wide = classes.filter((c) => c.alphabet.length >= 16);
    return (
      (at >= 0 && long.find((c) => c.start > at)) ||
      [...long].sort((a, b) => b.max - a.max || b.alphabet.length - a.alphabet.length)[0] ||
      (at >= 0 && wide.find((c) => c.start > at)) ||
      wide[0]
    );
  };
  // A negated class ([^\n]*, [^"']+) is mostly "rest of the line" context: only when nothing else fits.
  const pick = choose(all.filter((c) => !c.body.startsWith('^'))) || choose(all.filter((c) => c.body.startsWith('^')));
  return pick ? { label: `[${pick.body}]`, alphabet: pick.alphabet } : { label: '[A-Za-z0-9] (fallback)', alphabet: ALNUM };
}

/** Two inputs per rule: (a) its keywords back to back on one line; (b) keyword + a class run, then `keyword = "` + a run, no closing quote. */
function ruleFiles(rule) {
  const dir = `corpus/rules/${rule.id}`;
  const files = [];
  if (rule.keywords.length) files.push({ rel: `${dir}/keywords/${rule.name}`, rule: rule.id, input: 'keywords', text: fillTo(rule.keywords.join(''), SIZE) });
  const kw = rule.keywords[0] ?? '';
  const cls = mainClass(rule);
  const rng = new Rng(`adversarial/${rule.id}`);
  const head1 = kw;
  const head2 = `\n${kw} = "`;
  const half = Math.floor((SIZE - head1.length - head2.length) / 2);
  const text = head1 + rng.str(cls.alphabet, half) + head2 + rng.str(cls.alphabet, SIZE - head1.length - head2.length - half);
  files.push({ rel: `${dir}/class-run/${rule.name}`, rule: rule.id, input: `class run ${cls.label}`, text });
  return files;
}

/** Inputs aimed at the engine as a whole (decoders, anchors, backtracking); 64 KB unless said. */
function globalFiles() {
  const rng = new Rng('adversarial/global');
  const g = (name, input, text) => ({ rel: `corpus/global/${name}`, rule: null, input, text });
  const pemLines = [RSA_BEGIN];
  for (let size = RSA_BEGIN.length; size < SIZE; size += 65) pemLines.push(rng.str(BASE64, 64));
  return [
    g('percent-41.txt', '%41 repeated (percent decoding)', fillTo('%41', SIZE)),
    g('base64-line.txt', 'random base64, one line', rng.str(BASE64, SIZE)),
    g('password-reset-token.txt', 'passwordResetTokenSecretKey_ repeated', fillTo('passwordResetTokenSecretKey_', SIZE)),
    g('generic-unquoted.env', 'autH:cu + nz×28 repeated, one line', fillTo('autH:cu' + 'nz'.repeat(28), SIZE)),
    g('generic-unquoted-lines.env', 'autH:cu + nz×28, one per line', fillTo('autH:cu' + 'nz'.repeat(28) + '\n', SIZE)),
    g('api-key-line.txt', 'api_key repeated, one line', fillTo('api_key', SIZE)),
    g('jdbc.properties', 'jdbc: × 2458, one line', 'jdbc:'.repeat(2458)),
    g('openssh-begin.txt', 'OPENSSH BEGIN line repeated, one line', fillTo(OPENSSH_BEGIN, SIZE)),
    g('password-tag.xml', '<password> + 64 KB of letters', '<password>' + rng.str(LOWER + LOWER.toUpperCase(), SIZE)),
    g('pem-unterminated.pem', 'PEM BEGIN + 64 KB of base64 lines, no END', pemLines.join('\n') + '\n'),
    g('recheck-a.txt', 'a×30000 + !', 'a'.repeat(30000) + '!'),
    g('recheck-password.txt', 'password=" + aB1×20000, no closing quote', 'password="' + 'aB1'.repeat(20000)),
  ];
}

/** MB-sized inputs, each scanned in its own process with a raised --max-file-size. */
function bigFiles() {
  const key = KEY_MAKERS.openai(new Rng('adversarial/long-line-key')).lines[0];
  const b = (name, input, text, expect) => ({ rel: `big/${name}`, rule: null, input, text, expect });
  return [
    b('api-key-line-1mb.txt', 'api_key repeated, one 1 MB line', fillTo('api_key', MB)),
    b('openssh-begin-9mb.txt', 'OPENSSH BEGIN line repeated, one 9 MB line', fillTo(OPENSSH_BEGIN, 9 * MB)),
    b('bundle.js', '9 MB of base64 zeros (AAAA…) in a JS string', `var blob="${'A'.repeat(9 * MB)}";\n`),
    b('long-line-key.js', '10 MB of a, then an OpenAI project key on the same line', 'a'.repeat(10 * 1000 * 1000) + ' ' + key + '\n', 'openai-project-key'),
  ];
}

/** Ordinary source files (content.mjs) of about 64 KB each until `bytes`. */
function controlFiles(bytes) {
  const kinds = [
    ['ts', (r, n) => C.javascript(r, n, true)], ['js', (r, n) => C.javascript(r, n, false)], ['py', C.python], ['go', C.go],
    ['json', C.jsonConfig], ['yml', C.yaml], ['md', C.markdown], ['env', C.dotenv],
  ];
  const rng = new Rng('adversarial/control');
  const files = [];
  for (let total = 0, i = 0; total < bytes; i++) {
    const [ext, gen] = kinds[i % kinds.length];
    // Generators overshoot a little; trimming at a line end keeps the total close to the adversarial one.
    let text = gen(rng.fork(String(i)), Math.min(SIZE, bytes - total));
    if (text.length > bytes - total) text = text.slice(0, text.lastIndexOf('\n', bytes - total) + 1) || text.slice(0, bytes - total);
    files.push({ rel: `control/${C.word(rng)}/${C.camel(rng, 1)}${i}.${ext}`, rule: null, input: 'ordinary code', text });
    total += Buffer.byteLength(text);
  }
  return files;
}

/**
 * Writes the inputs under `dir`; `only` is a set of rule ids (null: all),
 * `quick` leaves the per-rule files out. Returns the manifest:
 * { params, corpus: [file], big: [file], control: [file], skippedRules: [{ id, why }] }
 * where file is { rel, bytes, rule, input, expect? }.
 */
export function generateAdversarial({ dir, rulesDir, only = null, quick = false }) {
  const rulesHash = crypto.createHash('sha256');
  for (const f of fs.readdirSync(rulesDir).sort()) rulesHash.update(f).update(fs.readFileSync(path.join(rulesDir, f)));
  const params = { GENERATOR_VERSION, rules: rulesHash.digest('hex').slice(0, 16), only: only ? [...only].sort() : null, quick };
  const manifestPath = path.join(dir, 'manifest.json');
  if (fs.existsSync(manifestPath)) {
    const m = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    if (JSON.stringify(m.params) === JSON.stringify(params)) return { ...m, reused: true };
  }
  fs.rmSync(dir, { recursive: true, force: true });

  const skippedRules = [];
  const corpus = [];
  if (!quick) {
    for (const rule of loadRules(rulesDir)) {
      if (only && !only.has(rule.id)) continue;
      // Path rules match the file's name, never its text: no content can stress them.
      if (rule.target === 'path') skippedRules.push({ id: rule.id, why: 'path rule (matches file names, not text)' });
      else corpus.push(...ruleFiles(rule));
    }
  }
  corpus.push(...globalFiles());
  const corpusBytes = corpus.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  const big = bigFiles();
  const control = controlFiles(corpusBytes);

  const write = (f) => {
    const full = path.join(dir, f.rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, f.text);
    const { text, ...meta } = f;
    return { ...meta, bytes: Buffer.byteLength(text) };
  };
  const manifest = { params, corpus: corpus.map(write), big: big.map(write), control: control.map(write), skippedRules };
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 1));
  return manifest;
}
