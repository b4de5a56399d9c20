// The BPE token count behind the generic judge's "characters per token"
// signal (engine/generic.ts). In the package: src/startup/bpe.ts over gpt-tokenizer's
// cl100k_base rank table, a file of its own (dist/tokenizer.js, later-files.ts)
// required on the first generic candidate that needs judging, so a
// pre-commit scan with no such candidate never loads it (~12 ms to load,
// where gpt-tokenizer's own encoder took 60-70 ms). From source (tests):
// gpt-tokenizer itself, which counts the same (generic-judge.test.ts).
import type { TokenCounter } from "../engine/generic.js";
import { LATER_FILES, laterModule } from "./later-files.js";

const load = laterModule<{ countTokens: TokenCounter }>(LATER_FILES.tokenizer, "gpt-tokenizer/encoding/cl100k_base");

export const countTokens: TokenCounter = (s) => load().countTokens(s);
