/** Shannon entropy of `s` in bits per character (0 for the empty string). */
export function shannonEntropy(s: string): number {
  const len = s.length;
  if (len === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / len;
    bits -= p * Math.log2(p);
  }
  return bits;
}
