// Scanned files are hostile input: a control character or a bidirectional
// override copied to the terminal can rewrite what the user sees. Every
// string from a scanned file passes through here before it is printed.

// C0 controls except tab, DEL, C1 controls, and the bidi/invisible formatting characters.
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

export function sanitize(s: string): string {
  return s.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
