// Scanned files are hostile input: a control character or a bidirectional
// override copied to the terminal can rewrite what the user sees. Every
// string from a scanned file passes through here before it is printed.

// C0 controls except tab, DEL, C1 controls, and the bidi/invisible formatting characters.
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
// The same, but CR and LF pass: for formats that encode line breaks themselves.
const UNSAFE_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

const visible = (c: string): string => {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
};

export function sanitize(s: string, opts: { keepLineBreaks?: boolean } = {}): string {
  return s.replace(opts.keepLineBreaks ? UNSAFE_BUT_LINE_BREAKS : UNSAFE, visible);
}
