// `scan-keys rules`: what the scanner knows.
import { compileBuiltinRules } from "./ruleset.js";

export function rulesCommand(format: string, write: (s: string) => void): number {
  const rules = compileBuiltinRules();
  if (format === "json") {
    const doc = rules.map((r) => ({ id: r.id, provider: r.provider, description: r.description, severity: r.severity, keywords: r.keywords, revoke: r.revoke, source: r.origin }));
    write(`${JSON.stringify(doc, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...rules.map((r) => r.id.length));
  const pwidth = Math.max(...rules.map((r) => r.provider.length));
  for (const r of rules) write(`${r.id.padEnd(width)}  ${r.provider.padEnd(pwidth)}  ${r.description}\n`);
  write(`${rules.length} rules\n`);
  return 0;
}
