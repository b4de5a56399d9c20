// The report formats scan-keys writes. The list belongs to report/; the
// option table (src/options.ts) imports it, not the other way round.
export const FORMATS = ["text", "json", "sarif", "junit", "github", "html", "gitleaks"] as const;
export type FormatName = (typeof FORMATS)[number];
