// One rewriter per language: how a secret literal becomes an environment
// lookup there, which literals it accepts, and where it must refuse because
// the lookup would not compile (constants, annotations, property defaults).

import { ensureCSharpSystem, ensureGoOs, ensurePythonOs } from "./imports.js";
import type { Occurrence } from "./literal.js";

/** A replacement for the occurrence's [start, end), or why there is no safe one. */
export type Replacement = { text: string; start?: number; end?: number } | { refuse: string };

export interface Language {
  id: string;
  label: string;
  /** Quote characters of string literals the rewriter accepts. */
  quotes: string;
  /** The lookup, as the user will read it in the manual steps. */
  lookup: (name: string) => string;
  replace(o: Occurrence, name: string, text: string): Replacement;
  ensureImport?(text: string, eol: string): string;
  /** What the user must still do for the program to see the variable. */
  note?: (name: string, path: string) => string | undefined;
  /** How programs in this language usually load .env when run. */
  loader?: string;
}

const LONG_STRING = "the key sits inside a longer string, which has no safe rewrite in this language";

/** Why an occurrence that is not a whole string literal (a bare value, or part of a longer string) has no rewrite. */
const notLiteral = (o: Occurrence): Replacement => ({ refuse: o.quote === "" ? "the key is not a string literal here" : LONG_STRING });

/** Accepts only a whole literal; `check` refuses the contexts where a call does not compile. */
function literalOnly(lookup: (name: string, quote: string) => string, check?: (o: Occurrence, text: string) => string | undefined) {
  return (o: Occurrence, name: string, text: string): Replacement => {
    if (!o.quote) return notLiteral(o);
    const why = check?.(o, text);
    return why ? { refuse: why } : { text: lookup(name, o.quote) };
  };
}

const quoteOrDouble = (q: string) => (q === "'" ? "'" : '"');

const inBlock = (text: string, at: number, keyword: string) => {
  const head = text.slice(0, text.lastIndexOf("\n", at) + 1);
  const opens = [...head.matchAll(/^[ \t]*(const|var|import|type)[ \t]*\([ \t]*\r?$|^[ \t]*\)[ \t]*\r?$/gm)];
  const last = opens.at(-1);
  return last !== undefined && last[1] === keyword;
};

const js: Language = {
  loader: "node --env-file=.env app.js (Node 20.6+), or the dotenv package",
  id: "javascript",
  label: "JavaScript/TypeScript",
  quotes: `"'\``,
  lookup: (n) => `process.env.${n}`,
  replace: literalOnly((n) => `process.env.${n}`, (o) => (/\bcase\s*$/.test(o.before) ? "a case label must be a constant" : undefined)),
};

const python: Language = {
  loader: "python-dotenv (load_dotenv()), or set -a; . ./.env; set +a before python",
  id: "python",
  label: "Python",
  quotes: `"'`,
  lookup: (n) => `os.environ["${n}"]`,
  replace: literalOnly(
    (n, q) => `os.environ[${q}${n}${q}]`,
    (o) => {
      if (/[A-Za-z]$/.test(o.before)) return "the key is a prefixed string (f, b, r or u), which has no safe rewrite";
      if (o.before.endsWith(o.quote!)) return "the key is in a triple-quoted string";
      return undefined;
    },
  ),
  ensureImport: ensurePythonOs,
};

const go: Language = {
  loader: "github.com/joho/godotenv, or set -a; . ./.env; set +a before go run",
  id: "go",
  label: "Go",
  quotes: '"`',
  lookup: (n) => `os.Getenv("${n}")`,
  replace(o, name, text) {
    if (!o.quote) return notLiteral(o);
    if (inBlock(text, o.at, "const")) return { refuse: "the key is in a const block, and a constant cannot call os.Getenv" };
    const cst = /^([ \t]*)const(\s)/.exec(o.before);
    if (cst) {
      // `const key = "…"` → `var key = os.Getenv("…")`: same name, same uses, now a variable.
      const lineStart = o.start - o.before.length;
      return { start: lineStart, text: `${cst[1]}var${cst[2]}${o.before.slice(cst[0].length)}os.Getenv("${name}")` };
    }
    return { text: `os.Getenv("${name}")` };
  },
  ensureImport: ensureGoOs,
};

const ruby: Language = {
  loader: "the dotenv gem (require 'dotenv/load')",
  id: "ruby",
  label: "Ruby",
  quotes: `"'`,
  lookup: (n) => `ENV.fetch("${n}")`,
  replace: literalOnly((n, q) => `ENV.fetch(${quoteOrDouble(q)}${n}${quoteOrDouble(q)})`),
};

const php: Language = {
  loader: "vlucas/phpdotenv, or set -a; . ./.env; set +a before php",
  id: "php",
  label: "PHP",
  quotes: `"'`,
  lookup: (n) => `getenv('${n}')`,
  replace: literalOnly(
    (n, q) => `getenv(${q}${n}${q})`,
    (o) => {
      if (/\bconst\b/i.test(o.before)) return "the key is a constant, and a PHP constant expression cannot call getenv()";
      if (/(?:^|[\s{;])(?:(?:public|private|protected|var|static|readonly)\s+)+(?:\??[\w\\]+\s+)?\$\w+\s*=\s*$/i.test(o.before)) {
        return "the key is a property default, and a PHP property default cannot call getenv(); set it in the constructor";
      }
      return undefined;
    },
  ),
};

const java: Language = {
  loader: "set -a; . ./.env; set +a before java (or your framework's env support)",
  id: "java",
  label: "Java",
  quotes: '"',
  lookup: (n) => `System.getenv("${n}")`,
  replace: literalOnly(
    (n) => `System.getenv("${n}")`,
    (o) => {
      if (o.before.endsWith('""')) return "the key is in a text block";
      if (/@\w[\w.]*\s*\(/.test(o.before) || /\bcase\s*$/.test(o.before)) return "annotation values and case labels must be constants";
      return undefined;
    },
  ),
};

const csharp: Language = {
  loader: "DotNetEnv (Env.Load()), or set -a; . ./.env; set +a before dotnet run",
  id: "csharp",
  label: "C#",
  quotes: '"',
  lookup: (n) => `Environment.GetEnvironmentVariable("${n}")`,
  replace(o, name) {
    if (!o.quote) return notLiteral(o);
    if (/\bconst\b/.test(o.before)) return { refuse: "the key is a const, and a C# constant cannot call a method" };
    if (/^\s*\[/.test(o.before) || /\bcase\s*$/.test(o.before)) return { refuse: "attribute arguments and case labels must be constants" };
    if (o.before.endsWith('""')) return { refuse: "the key is in a raw string literal" };
    // @"…" and $"…" are literals too: replace the prefix with the quotes.
    const prefix = /[@$]{1,2}$/.exec(o.before)?.[0] ?? "";
    return { start: o.start - prefix.length, text: `Environment.GetEnvironmentVariable("${name}")` };
  },
  ensureImport: ensureCSharpSystem,
};

const rust: Language = {
  loader: "the dotenvy crate, or set -a; . ./.env; set +a before cargo run",
  id: "rust",
  label: "Rust",
  quotes: '"',
  lookup: (n) => `std::env::var("${n}")`,
  replace(o, name) {
    if (!o.quote) return notLiteral(o);
    if (/[rb#]$/.test(o.before)) return { refuse: "the key is in a raw or byte string" };
    if (/^\s*(?:pub(?:\([^)]*\))?\s+)?(?:const|static)\b/.test(o.before)) {
      return { refuse: "the key is a const or static, which cannot call std::env::var at run time" };
    }
    const call = `std::env::var("${name}").expect("${name} is not set (see .env)")`;
    // An owned String is wanted: keep it owned; otherwise borrow it, so a &str use still compiles.
    if (/^\s*\.(?:to_string|to_owned|into)\(\)/.test(o.after)) return { text: call };
    return { text: `&${call}` };
  },
};

/** Quote state of a shell line before `at`: unquoted, in '…' or in "…". */
function shellQuoteState(line: string): "none" | "single" | "double" {
  let state: "none" | "single" | "double" = "none";
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (state === "single") {
      if (c === "'") state = "none";
    } else if (c === "\\") i++;
    else if (c === "'" && state === "none") state = "single";
    else if (c === '"') state = state === "double" ? "none" : "double";
  }
  return state;
}

const shell: Language = {
  loader: "set -a; . ./.env; set +a before running the script",
  id: "shell",
  label: "shell",
  quotes: `"'`,
  lookup: (n) => `"$${n}"`,
  replace(o, name, text) {
    if (/<<-?\s*['"]?\w+/.test(text.slice(0, o.at))) return { refuse: "the script has a here-document, where quoting rules differ" };
    if (o.quote !== undefined) return { text: `"$${name}"` };
    // Inside a longer word or string: shell can splice a variable in anywhere.
    const state = shellQuoteState(o.before);
    if (state === "double") return { text: `\${${name}}` };
    if (state === "single") return { text: `'"\${${name}}"'` };
    return { text: `"\${${name}}"` };
  },
};

/** YAML files whose tool substitutes variables anywhere in a value: keep the quotes, swap the key. */
function substituting(id: string, label: string, ref: (n: string) => string, note: Language["note"]): Language {
  return {
    id,
    label,
    quotes: `"'`,
    lookup: ref,
    replace: (o, name) => ({ start: o.at, end: o.at + (o.end - o.start) - (o.quote ? 2 : 0), text: ref(name) }),
    note,
  };
}

const compose = substituting(
  "compose",
  "docker compose",
  (n) => `\${${n}}`,
  (_n, path) =>
    path.includes("/")
      ? `docker compose reads .env from the compose file's directory: run it with --env-file pointing at the repository's .env`
      : undefined,
);

const actions = substituting(
  "actions",
  "GitHub Actions",
  (n) => `\${{ secrets.${n} }}`,
  (n) => `add the secret to GitHub: gh secret set ${n} (or Settings > Secrets and variables > Actions > New repository secret)`,
);

/** What we say for files no rewriter takes. */
export function noRewriter(path: string): string {
  if (/\.(json|jsonc|json5|ipynb)$/i.test(path)) return "JSON is data and cannot read an environment variable";
  if (/\.(ya?ml|toml|ini|cfg|conf|properties|xml)$/i.test(path)) return "a config file has no standard environment lookup";
  return "scan-keys has no rewriter for this kind of file";
}

const BY_EXTENSION: Record<string, Language> = {
  js: js, mjs: js, cjs: js, jsx: js, ts: js, mts: js, cts: js, tsx: js,
  py: python, pyw: python,
  go,
  rb: ruby, rake: ruby,
  php,
  java,
  cs: csharp,
  rs: rust,
  sh: shell, bash: shell, zsh: shell, ksh: shell,
};

/** The rewriter for a file, by its repository path (and shebang), or undefined. */
export function languageFor(path: string, text: string): Language | undefined {
  const base = path.slice(path.lastIndexOf("/") + 1);
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return actions;
  if (/^(?:docker-)?compose(?:\.[\w.-]+)?\.ya?ml$/.test(base)) return compose;
  if (base === "Gemfile" || base === "Rakefile") return ruby;
  const dot = base.lastIndexOf(".");
  if (dot > 0) return BY_EXTENSION[base.slice(dot + 1).toLowerCase()];
  const shebang = /^#!\s*(?:\/usr\/bin\/env\s+)?\S*?(\w+)(?:\s|$)/.exec(text);
  if (shebang && /^(?:sh|bash|zsh|ksh|dash)$/.test(shebang[1]!)) return shell;
  if (shebang && /^python\d*$/.test(shebang[1]!)) return python;
  if (shebang && /^(?:node|bun|deno)$/.test(shebang[1]!)) return js;
  return undefined;
}
