// --redact, read before either parser sees the command line. Both parsers
// know only booleans, and a boolean option given a value (`--redact=50`,
// gitleaks' habit) came out as "not true", which printed every secret in
// full. So the redaction spellings are taken out here, checked, and turned
// into one setting; anything else is refused.
//
// gitleaks' meaning, never weaker than scan-keys' own rule:
//   (nothing), --redact=0 .. --redact=N  at least scan-keys' prefix rule (redact.ts),
//                                        and at least N% of each secret hidden
//   --redact, --redact=true              --redact=100: nothing of the secret shown
//   --no-redact, --redact=false          secrets printed in full (the only ways)
import { UsageError } from "../errors.js";

/** `false`: print secrets; a number: the share of each secret kept hidden at least (0-100), beyond the prefix rule. */
export type Redaction = false | number;

/** Redaction when no option names it: the prefix rule alone. */
export const DEFAULT_REDACTION: Redaction = 0;

const SPELLING = /^--(no-)?redact(?:=(.*))?$/s;

const HOW = "use --redact (hide secrets whole), --redact=N (hide at least N% of each secret, 0 to 100) or --no-redact (print them in full)";

function levelOf(token: string, negated: boolean, value: string | undefined): Redaction {
  if (negated) {
    if (value !== undefined) throw new UsageError(`${token} takes no value; ${HOW}.`);
    return false;
  }
  if (value === undefined || value === "true") return 100;
  if (value === "false") return false;
  if (/^\d{1,3}$/.test(value) && Number(value) <= 100) return Number(value);
  throw new UsageError(`${token} is not a redaction level; ${HOW}.`);
}

/**
 * The redaction a scan's command line asks for, and the line without its
 * redaction options. Tokens after `--` are paths. Repeats keep the strongest
 * level; asking both to hide and to print secrets is refused, never settled
 * by order.
 */
export function takeRedaction(argv: string[]): { argv: string[]; redact: Redaction } {
  const rest: string[] = [];
  const asked: { token: string; level: Redaction }[] = [];
  for (let i = 0; i < argv.length; i++) {
    const t = argv[i]!;
    if (t === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    const m = SPELLING.exec(t);
    if (!m) {
      rest.push(t);
      continue;
    }
    asked.push({ token: t, level: levelOf(t, m[1] !== undefined, m[2]) });
  }
  const off = asked.find((a) => a.level === false);
  const on = asked.find((a) => a.level !== false);
  if (off && on) throw new UsageError(`${on.token} and ${off.token} contradict each other (hide secrets, print secrets); keep one.`);
  if (off) return { argv: rest, redact: false };
  return { argv: rest, redact: Math.max(DEFAULT_REDACTION as number, ...asked.map((a) => a.level as number)) };
}
