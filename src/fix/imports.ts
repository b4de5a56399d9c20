// Adding the import a rewrite needs (Python `import os`, Go "os", C#
// `using System;`), in the file's own line endings, where a tool like
// isort, gofmt or an IDE would put it. Pure text → text.

const lines = (text: string) => text.split("\n");

/** Offset of the start of line `i` (0-based) in text. */
function offsetOfLine(text: string, i: number): number {
  let at = 0;
  for (let n = 0; n < i; n++) at = text.indexOf("\n", at) + 1;
  return at;
}

const insertAtLine = (text: string, i: number, line: string, eol: string) => {
  const at = offsetOfLine(text, i);
  // A last line without a newline: put one before ours.
  if (at === 0 && i > 0) return `${text}${eol}${line}${eol}`;
  return `${text.slice(0, at)}${line}${eol}${text.slice(at)}`;
};

export function ensurePythonOs(text: string, eol: string): string {
  if (/^import[ \t]+(?:[\w.]+(?:[ \t]+as[ \t]+\w+)?[ \t]*,[ \t]*)*os[ \t]*(?:,|#|\r?$)/m.test(text)) return text;
  const ls = lines(text);
  // Before the first import that is not `from __future__`; else after the shebang, comments, docstring and __future__ lines.
  let firstImport = -1;
  for (let i = 0; i < ls.length; i++) {
    if (/^(?:import|from)\s/.test(ls[i]!) && !/^from\s+__future__\s/.test(ls[i]!)) {
      firstImport = i;
      break;
    }
  }
  if (firstImport >= 0) return insertAtLine(text, firstImport, "import os", eol);
  let i = 0;
  while (i < ls.length && /^\s*(?:#.*)?\r?$/.test(ls[i]!)) i++;
  const doc = /^[rRuU]?("""|''')/.exec(ls[i] ?? "");
  if (doc) {
    const rest = ls[i]!.slice(doc[0].length);
    if (!rest.includes(doc[1]!)) {
      i++;
      while (i < ls.length && !ls[i]!.includes(doc[1]!)) i++;
    }
    i++;
  }
  while (i < ls.length && /^from\s+__future__\s/.test(ls[i]!)) i++;
  // No imports yet: a blank line between the new one and the code, as PEP 8 has it.
  return insertAtLine(text, i, ls[i]?.trim() ? `import os${eol}` : "import os", eol);
}

export function ensureGoOs(text: string, eol: string): string {
  if (/^[ \t]*(?:import[ \t]+)?"os"[ \t]*\r?$/m.test(text)) return text;
  const ls = lines(text);
  const block = ls.findIndex((l) => /^import[ \t]*\([ \t]*\r?$/.test(l));
  if (block >= 0) {
    // Keep gofmt's order within the first group of the block.
    let i = block + 1;
    while (i < ls.length && /^\s*"[^"]*"\s*\r?$/.test(ls[i]!) && JSON.parse(ls[i]!.trim()) < "os") i++;
    return insertAtLine(text, i, '\t"os"', eol);
  }
  const single = ls.findIndex((l) => /^import[ \t]+(?:\w+[ \t]+)?"[^"]*"/.test(l));
  if (single >= 0) return insertAtLine(text, single + 1, 'import "os"', eol);
  const pkg = ls.findIndex((l) => /^package\s/.test(l));
  const at = pkg + 1;
  return insertAtLine(insertAtLine(text, at, 'import "os"', eol), at, "", eol);
}

export function ensureCSharpSystem(text: string, eol: string): string {
  if (/^[ \t]*(?:global[ \t]+)?using[ \t]+System[ \t]*;/m.test(text)) return text;
  const ls = lines(text);
  let i = ls.findIndex((l) => /^\s*(?:global\s+)?using\s+[\w.]+\s*;/.test(l));
  if (i < 0) {
    i = 0;
    while (i < ls.length && /^\s*(?:\/\/.*|#.*)?\r?$/.test(ls[i]!)) i++;
    if (ls[i]?.trim()) return insertAtLine(text, i, `using System;${eol}`, eol);
  }
  return insertAtLine(text, i, "using System;", eol);
}
