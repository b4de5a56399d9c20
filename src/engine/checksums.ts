// Checksums that providers build into their tokens. A token whose checksum
// verifies came out of the provider's generator: it is not a placeholder a
// person typed, whatever its random part happens to spell. About one real
// GitHub token in 14,000 holds "fake", "xxxx", "dummy" or another
// placeholder word by chance (engine/placeholders.ts), and was dropped before
// rules could declare this.
//
// A rule names its scheme in TOML (`checksum = "github-crc32"`). A token whose
// checksum fails is still reported as before: a failing checksum is also what
// a token mangled in copying, or one of a format the provider has since
// extended, looks like.

/** Base62 digits in the order GitHub's and npm's tokens use: 0-9, A-Z, a-z. */
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** CRC-32 (the zlib / ISO-HDLC one) of `body`, as 6 base62 digits, most significant first, padded with 0. */
export function base62Crc32(body: string): string {
  let n = process.getBuiltinModule("node:zlib").crc32(body);
  let out = "";
  for (let i = 0; i < 6; i++) {
    out = BASE62[n % 62]! + out;
    n = Math.floor(n / 62);
  }
  return out;
}

/**
 * GitHub's classic token formats (ghp_, gho_, ghu_, ghs_) and npm's (npm_): a
 * 4-character prefix, 30 random base62 characters, then the CRC-32 of those
 * 30 in 6 base62 digits.
 */
function githubCrc32(token: string): boolean {
  return token.length === 40 && token[3] === "_" && base62Crc32(token.slice(4, 34)) === token.slice(34);
}

/** The schemes a rule may name in `checksum`: each says whether a secret's checksum verifies. */
export const CHECKSUMS: Record<string, (secret: string) => boolean> = {
  "github-crc32": githubCrc32,
};
