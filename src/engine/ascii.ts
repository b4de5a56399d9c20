// ASCII character classes by char code, shared by the checks on a secret,
// the generic judge and the prefilter's word-start test.

export const isDigit = (c: number): boolean => c >= 48 && c <= 57;
export const isUpper = (c: number): boolean => c >= 65 && c <= 90;
export const isLower = (c: number): boolean => c >= 97 && c <= 122;
