// The BPE tokenizer behind the generic judge's "characters per token" signal
// (engine/generic.ts). gpt-tokenizer's cl100k_base encoding is pure
// JavaScript, but its rank table is ~1 MB and takes ~100 ms to load, so it is
// required from node_modules (never bundled into dist/cli.js) and only on
// the first generic candidate that needs judging: a pre-commit scan with no
// such candidate never loads it.
import type { TokenCounter } from "./engine/generic.js";

type Encoding = { countTokens: (s: string) => number };
let encoding: Encoding | undefined;

export const countTokens: TokenCounter = (s) => {
  encoding ??= process.getBuiltinModule("node:module").createRequire(import.meta.url)("gpt-tokenizer/encoding/cl100k_base") as Encoding;
  return encoding.countTokens(s);
};

