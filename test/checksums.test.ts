// Provider token checksums (src/engine/checksums.ts), against the published
// vectors of expired GitHub tokens (their 30-character bodies and checksums,
// kept apart so no whole token sits in this file).
import { describe, expect, it } from "vitest";
import { base62Crc32, CHECKSUMS } from "../src/engine/checksums.js";

const PUBLISHED: [string, string][] = [
  ["zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ", "0mLq17"],
  ["adE7dp8rHP6gUTuPwxLTZjZdtya3sV", "0UQzQM"],
  ["H3xbiBdlzffNx7Y56iNsPw3joObj7U", "2nO29h"],
];

describe("github-crc32", () => {
  const verify = CHECKSUMS["github-crc32"]!;

  it("computes the published checksums: CRC-32 of the body, base62 0-9A-Za-z, zero-padded", () => {
    for (const [body, sum] of PUBLISHED) expect(base62Crc32(body)).toBe(sum);
    expect(base62Crc32("")).toBe("000000");
  });

  it("verifies a whole token of each prefix, and fails one changed character, a short token or no underscore", () => {
    const [body, sum] = PUBLISHED[0]!;
    for (const prefix of ["ghp_", "gho_", "ghu_", "ghs_", "npm_"]) expect(verify(prefix + body + sum)).toBe(true);
    expect(verify(`ghp_${body}${sum.slice(0, 5)}8`)).toBe(false);
    expect(verify(`ghp_${body.replace("z", "y")}${sum}`)).toBe(false);
    expect(verify(`ghp_${body.slice(1)}${sum}`)).toBe(false);
    expect(verify(`ghpx${body}${sum}`)).toBe(false);
  });
});
