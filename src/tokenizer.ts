// The BPE tokenizer behind the generic judge's "characters per token" signal
// (engine/generic.ts). gpt-tokenizer's cl100k_base encoding is pure
// JavaScript, but its rank table is ~1 MB, so it is a bundle of its own
// (dist/tokenizer.js, from node_modules when run from source) required only
// on the first generic candidate that needs judging: a pre-commit scan with
// no such candidate never loads it. The build stores the table as one string
// (scripts/build.mjs, tokenizerModule): loading takes ~70 ms, not ~85.
import type { TokenCounter } from "./engine/generic.js";

type Encoding = { countTokens: (s: string) => number };

/** The build (scripts/build.mjs) defines this as "./tokenizer.js", beside the bundle. */
declare const __SCAN_KEYS_TOKENIZER__: string | undefined;
const MODULE = typeof __SCAN_KEYS_TOKENIZER__ === "string" ? __SCAN_KEYS_TOKENIZER__ : "gpt-tokenizer/encoding/cl100k_base";
let encoding: Encoding | undefined;

export const countTokens: TokenCounter = (s) => {
  encoding ??= process.getBuiltinModule("node:module").createRequire(import.meta.url)(MODULE) as Encoding;
  return encoding.countTokens(s);
};

