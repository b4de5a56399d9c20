// Errors reach the user as one sentence and exit code 2, never a stack trace
// (set SCAN_KEYS_DEBUG=1 to see one).

import { sanitize } from "./report/sanitize.js";

/** A command line that cannot mean what the user wants: one sentence, exit 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Errors whose message is already a sentence for the user. */
const EXPECTED = new Set(["UsageError", "SourceError", "RuleError", "GitError", "ConfigError", "FixError", "InstallError"]);

export function errorMessage(err: unknown): string {
  if (err instanceof Error) {
    // err.name, not the constructor's name: the bundle is minified.
    if (EXPECTED.has(err.name)) return err.message;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EACCES") return `permission denied: ${(err as NodeJS.ErrnoException).path ?? err.message}.`;
    if (code === "ENOENT") return `no such file or directory: ${(err as NodeJS.ErrnoException).path ?? err.message}.`;
    return `unexpected error: ${err.message} (run again with SCAN_KEYS_DEBUG=1 for details).`;
  }
  return `unexpected error: ${String(err)}.`;
}

export function exitWithError(err: unknown): never {
  // Messages may quote input (a pre-push line, a file name): never raw control characters.
  process.stderr.write(`scan-keys: ${sanitize(errorMessage(err))}\n`);
  if (process.env.SCAN_KEYS_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exit(2);
}
