// .env, .env.example and .gitignore as text: what names a .env holds, how a
// value is written so dotenv libraries, `node --env-file` and `set -a; . ./.env`
// all read it back unchanged, and appending lines in the file's own style.

/** NAME → value of each assignment in a .env text (the last one wins, as dotenv libraries do). */
export function parseDotenv(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(raw);
    if (!m) continue;
    out.set(m[1]!, unquote(m[2]!));
  }
  return out;
}

function unquote(v: string): string {
  const q = v[0];
  if (q === "'" || q === '"' || q === "`") {
    const end = v.indexOf(q, 1);
    if (end > 0) {
      const inner = v.slice(1, end);
      return q === '"' ? inner.replace(/\\n/g, "\n").replace(/\\(["\\$`])/g, "$1") : inner;
    }
  }
  return v.replace(/\s+#.*$/, "").trim();
}

/** `NAME=value`, quoted only when the value has characters a shell or dotenv parser would change. */
export function formatEntry(name: string, value: string): string {
  if (/^[A-Za-z0-9_\-.\/+=:@~,%^]*$/.test(value)) return `${name}=${value}`;
  if (!value.includes("'") && !value.includes("\n")) return `${name}='${value}'`;
  return `${name}="${value.replace(/[\\"$`]/g, "\\$&").replace(/\n/g, "\\n")}"`;
}

/** The text with lines appended, in its own line endings, after a newline if it lacked one. */
export function appendLines(text: string, lines: string[]): string {
  if (lines.length === 0) return text;
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const sep = text.length === 0 || text.endsWith("\n") ? "" : eol;
  return `${text}${sep}${lines.join(eol)}${eol}`;
}

/** Names a .env.example already lists (with or without a value). */
export function exampleNames(text: string): Set<string> {
  return new Set(parseDotenv(text).keys());
}

/** .env, .env.local, config/.env.production: files whose job is holding local secrets (not the examples). */
export function isDotenvPath(path: string): boolean {
  const base = path.slice(path.lastIndexOf("/") + 1);
  return /^\.env(?:\.[^/]+)?$/.test(base) && !/\.(?:example|sample|template|dist|defaults|schema|vault)$/.test(base);
}
