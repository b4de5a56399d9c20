// Keys for tests are built at run time, never stored as literals: this
// repository scans itself and must stay clean. They are random, so no test
// key is a real credential.
import { randomBytes } from "node:crypto";
import { shannonEntropy } from "../../src/engine/entropy.js";
import { gate } from "../../src/engine/generic.js";
import { isPlaceholder } from "../../src/engine/placeholders.js";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * Random alphanumeric string of length n (high entropy, mixed case and
 * digits). Never one holding a placeholder word or run in any case ("fAKe",
 * "xxXX", "12345678"): the engine drops such values as look-alikes, which
 * made about one draw in 10,000 fail a test that expects a finding. Nor,
 * for the default alphabet, one the generic judge's gate drops whatever its
 * context: the forced "a7Q" start with a mostly lower-case tail is the
 * gate's camelCase-words shape (a7QhmeNrjh = a7 + Qhme + Nrjh), about one
 * draw in 80 at 10 characters, one in 200 at 12, one in 3,000 at 20.
 */
export function randomToken(n: number, alphabet = ALNUM): string {
  for (;;) {
    const token = draw(n, alphabet);
    if (isPlaceholder(token.toLowerCase())) continue;
    if (alphabet === ALNUM && n >= 4 && gate("secret", { secret: token }) === undefined) continue;
    return token;
  }
}

function draw(n: number, alphabet: string): string {
  let out = "";
  while (out.length < n) {
    for (const b of randomBytes(n)) {
      if (b < 256 - (256 % alphabet.length)) out += alphabet[b % alphabet.length];
      if (out.length === n) break;
    }
  }
  // Guarantee a digit and both cases, so entropy/alphabet checks always pass.
  return alphabet === ALNUM && n >= 3 ? `a7Q${out.slice(3)}` : out;
}

const join = (...parts: string[]) => parts.join("");

/** A GitHub classic personal access token shape: ghp_ + 36 alphanumerics. */
export const githubToken = () => join("gh", "p_", randomToken(36));
/** An OpenAI project key shape. */
export const openaiProjectKey = () => join("sk-", "proj-", randomToken(74), "T3Blbk", "FJ", randomToken(74));
/**
 * An AWS access key id shape, above its rule's entropy floor (rules/cloud.toml:
 * entropy = 3.0): about one random draw in 4,300 repeats letters enough to
 * fall under it (AKIAFAZFAJAETFAFIKYV) and is, by design, not reported.
 */
export function awsAccessKeyId(): string {
  for (;;) {
    const key = join("AK", "IA", randomToken(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"));
    if (shannonEntropy(key) >= 3.0) return key;
  }
}
/** An Anthropic API key shape: sk-ant-api03- + 93 URL-safe characters + AA. */
export const anthropicKey = () => join("sk-", "ant-", "api03-", randomToken(93), "AA");
/** A Stripe live secret key shape. */
export const stripeLiveKey = () => join("sk", "_live_", randomToken(32));
