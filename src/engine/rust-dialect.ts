// RE2's syntax spelled for Rust's `regex` crate (1.7), which the WASM engine
// (wasm-regex.ts) runs. The pattern has already compiled in re2js, so it is
// valid RE2; this only rewrites what the two dialects read differently:
// - RE2's \d \w \s and \b are ASCII; Rust's are Unicode. They become ASCII
//   classes and (?-u:\b). RE2's \s is [\t\n\f\r ] (no \v).
// - RE2 takes any punctuation escaped (\/ \" \: …); Rust 1.7 only its own
//   meta characters. The others become \x{..}.
// - Inside a class RE2 reads [ & ~ as literals; Rust nests classes and has
//   set operators (&& -- ~~). They are escaped; a class with -- is left to re2js.
// - RE2 reads a { or } that does not form a repetition as a literal.
// - \Q…\E (Rust has none) becomes escaped literals; (?<name> becomes (?P<name>.
// Anything else this does not know it refuses (undefined): that pattern runs on re2js.

const RUST_META = new Set("\\.+*?()|[]{}^$#&-~");
/** Escapes both dialects read alike (\x{..}, \pL, \A, \z, control characters). */
const KEPT = new Set("Azaftnrv");
const DIGIT = "0-9";
const WORD = "0-9A-Za-z_";
const SPACE = "\\t\\n\\f\\r ";
const CLASS_ESCAPES: Record<string, [string, boolean]> = { d: [DIGIT, false], D: [DIGIT, true], w: [WORD, false], W: [WORD, true], s: [SPACE, false], S: [SPACE, true] };
const REPEAT = /^\{(\d+)(,(\d*))?\}/;

/** One literal character written so Rust reads it as itself, inside a class or out. */
function literal(c: string): string {
  if (RUST_META.has(c)) return `\\${c}`;
  const code = c.codePointAt(0)!;
  if (code < 0x80 && !/[0-9A-Za-z]/.test(c)) return `\\x{${code.toString(16)}}`;
  return c;
}

/** The pattern in Rust's syntax, or undefined when it has a construct this does not translate. */
export function toRustSyntax(source: string): string | undefined {
  let out = "";
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === "\\") {
      const e = source[i + 1];
      if (e === undefined) return undefined;
      i++;
      if (e === "Q") {
        const end = source.indexOf("\\E", i + 1);
        const text = end === -1 ? source.slice(i + 1) : source.slice(i + 1, end);
        for (const ch of text) out += literal(ch);
        i = end === -1 ? source.length : end + 1;
        continue;
      }
      const cls = CLASS_ESCAPES[e];
      if (cls) {
        const [set, negated] = cls;
        out += inClass && !negated ? set : `[${negated ? "^" : ""}${set}]`;
      } else if (e === "b" && !inClass) out += "(?-u:\\b)";
      else if (e === "x" || e === "p" || e === "P") {
        // \x{1F600} \x41 \p{Greek} \pL: copied whole, so their braces are not read as repetitions.
        const end = source[i + 1] === "{" ? source.indexOf("}", i + 1) + 1 : i + 1 + (e === "x" ? 2 : 1);
        if (end <= i + 1) return undefined;
        out += `\\${e}${source.slice(i + 1, end)}`;
        i = end - 1;
      } else if (KEPT.has(e)) out += `\\${e}`;
      else if (e.charCodeAt(0) < 0x80 && !/[0-9A-Za-z]/.test(e)) out += literal(e);
      else return undefined; // \B (Rust has no ASCII \B on text), back-references, \C, …
      continue;
    }
    if (inClass) {
      if (c === "]") {
        inClass = false;
        out += c;
      } else if (c === "[" && source[i + 1] === ":") {
        const close = source.indexOf(":]", i + 2);
        if (close === -1) out += "\\[";
        else {
          out += source.slice(i, close + 2);
          i = close + 1;
        }
      } else if (c === "[" || c === "&" || c === "~") out += `\\${c}`;
      else if (c === "-" && source[i + 1] === "-") return undefined;
      else out += c;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      if (source[i + 1] === "^") out += source[++i];
      if (source[i + 1] === "]") {
        out += "\\]";
        i++;
      }
    } else if (c === "{") {
      const m = REPEAT.exec(source.slice(i, i + 24));
      if (m) {
        out += m[0];
        i += m[0].length - 1;
      } else out += "\\{";
    } else if (c === "}") out += "\\}";
    else if (c === "(" && source.startsWith("(?<", i) && source[i + 3] !== "=" && source[i + 3] !== "!") {
      out += "(?P<";
      i += 2;
    } else out += c;
  }
  return inClass ? undefined : out;
}
