// gitleaks' patterns are Go RE2; scan-keys runs them on re2js. These pin the
// Go semantics that gitleaks' default config leans on, construct by
// construct, so a .gitleaks.toml means here what it means to gitleaks.
import { describe, expect, it } from "vitest";
import { compileRe2 } from "../src/engine/regex.js";

const finds = (pattern: string, text: string) => compileRe2(pattern).test(text);
const first = (pattern: string, text: string, group = 0) => {
  const m = compileRe2(pattern).exec(text);
  return m && m[2 * group]! >= 0 ? text.slice(m[2 * group], m[2 * group + 1]) : null;
};

describe("Go RE2 semantics of gitleaks' patterns", () => {
  it("(?i) in mid-pattern applies from there on; (?-i:...) turns it off for a part; (?i:...) for a part only", () => {
    expect(finds(`"(?i)authorization: token`, `"AUTHORIZATION: TOKEN`)).toBe(true);
    expect(finds(`"(?i)authorization`, `"authorization`)).toBe(true);
    expect(finds(`X(?i)a`, `xA`)).toBe(false); // before the flag, case counts
    expect(finds(`(?i)key=(?-i:AKIA)[0-9]`, `KEY=AKIA1`)).toBe(true);
    expect(finds(`(?i)key=(?-i:AKIA)[0-9]`, `key=akia1`)).toBe(false);
    expect(finds(`(?i:acme)_KEY`, `ACME_KEY`)).toBe(true);
    expect(finds(`(?i:acme)_KEY`, `acme_key`)).toBe(false);
  });

  it("$ and \\z match only at the end of the text (no (?m)), not before a final newline", () => {
    expect(finds(`token\\z`, `token`)).toBe(true);
    expect(finds(`token\\z`, `token\n`)).toBe(false);
    expect(finds(`token$`, `token\n`)).toBe(false);
    expect(finds(`(?m)token$`, `token\nnext`)).toBe(true);
    expect(finds(`(?:[^\\w-]|\\z)`, ``)).toBe(true);
  });

  it("classes are ASCII: \\s is [\\t\\n\\f\\r ], \\w and [[:alnum:]] and \\b know no accents", () => {
    expect(finds(`a\\sb`, `a\u000bb`)).toBe(false); // Go's \s has no vertical tab
    expect(finds(`a\\sb`, `a\tb`)).toBe(true);
    expect(finds(`^[[:alnum:]]+$`, `abc123`)).toBe(true);
    expect(finds(`^[[:alnum:]]+$`, `abcé`)).toBe(false);
    expect(finds(`^\\w+$`, `abcé`)).toBe(false);
    expect(finds(`\\bkey`, `ékey`)).toBe(true); // é is no word character, so a boundary lies before k
  });

  it("escapes: \\x{2d} and \\x60 are characters, \\\\[nr] is a backslash and a letter", () => {
    expect(first(`glx\\x{2d}[0-9]+`, `id glx-42`)).toBe("glx-42");
    expect(first(`[\\x60'"]k[\\x60'"]`, "= `k`")).toBe("`k`");
    expect(first(`k(?:\\\\[nr]|$)`, `k\\nnext`)).toBe("k\\n");
  });

  it("lazy quantifiers and alternation are leftmost-first, as in Go", () => {
    expect(first(`[\\w.-]{0,50}?(?:key)`, `my.api_key = 1`)).toBe("my.api_key");
    expect(first(`(a|ab)(c|bcd)`, `abcd`)).toBe("abcd");
    expect(first(`(?s:.){0,5}?end`, `x\nend`)).toBe("x\nend");
  });

  it("an unset secretGroup: named groups count, numbered left to right", () => {
    const re = compileRe2(`(?i)(?P<name>api_key)\\s*=\\s*([a-z0-9]{8})`);
    expect(re.groupNames).toEqual({ name: 1 });
    expect(first(`(?i)(?P<name>api_key)\\s*=\\s*([a-z0-9]{8})`, `API_KEY = ab12cd34`, 2)).toBe("ab12cd34");
  });
});
