// Escaping for the HTML report. Every string that came from a scanned
// repository (paths, commit subjects, author names, source lines) is hostile:
// it goes through `html` (element text) or `attr` (quoted attribute values),
// which first make control and bidi characters visible (`\x1b`) and then
// escape the five characters HTML gives meaning to.

import { sanitize } from "./sanitize.js";

const SPECIAL = /[&<>"']/g;
const ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text for an element body or a double- or single-quoted attribute value. */
export function html(s: string | number): string {
  return sanitize(String(s)).replace(SPECIAL, (c) => ENTITY[c]!);
}

/** The same as `html`; a separate name says where the value goes. */
export const attr = html;

/**
 * An http(s) URL that may become an `href`, or undefined. Revoke texts come
 * from rules and user configs; anything else (javascript:, data:, relative
 * paths) stays plain text.
 */
export function safeUrl(s: string): string | undefined {
  const m = /^https?:\/\/[^\s"'<>`\\]+/i.exec(s.trim());
  if (!m) return undefined;
  try {
    const u = new URL(m[0]);
    return u.protocol === "https:" || u.protocol === "http:" ? m[0] : undefined;
  } catch {
    return undefined;
  }
}

/** A revoke text as HTML: its leading URL as a link (opening in a new tab, no referrer), the rest as text. */
export function revokeHtml(revoke: string): string {
  const text = revoke.trim();
  if (!text) return "with the provider that issued it";
  const url = safeUrl(text);
  if (!url) return html(text);
  const rest = text.slice(url.length);
  return `<a href="${attr(url)}" rel="noopener noreferrer" target="_blank">${html(url)}</a>${html(rest)}`;
}
