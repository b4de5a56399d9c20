// gitleaks' command lines, recognised so a user switching over gets one
// sentence naming the scan-keys equivalent instead of "unknown argument"
// (the README's "Switching from gitleaks" has the whole table).
import { existsSync } from "node:fs";
import { resolve } from "node:path";

const COMMANDS: Record<string, string> = {
  git: "scan-keys --history scans the commits (--range A..B for some, --all for every ref)",
  detect: "scan-keys --history scans the commits; scan-keys PATH scans files (gitleaks detect --no-git)",
  dir: "scan-keys PATH scans a directory",
  directory: "scan-keys PATH scans a directory",
  protect: "scan-keys --staged scans what is staged",
  stdin: "scan-keys does not read content from standard input; scan a file or --staged",
};

const FLAGS: Record<string, string> = {
  "--report-format": "use --format (json in gitleaks' shape is --format gitleaks)",
  "--report-path": "use --output FILE",
  "--exit-code": "scan-keys' exit codes are fixed: 0 clean, 1 secrets found, 2 error",
  "--log-opts": "use --history --range A..B",
  "--baseline-path": "use --baseline FILE (it reads gitleaks reports)",
  "--gitleaks-ignore-path": ".gitleaksignore is read at the repository root",
  "--source": "give the path as an argument: scan-keys PATH",
};

/** One sentence for a gitleaks invocation, or undefined when `argv` is not one. */
export function gitleaksInvocation(argv: string[], cwd: string): string | undefined {
  const first = argv[0];
  if (first !== undefined && COMMANDS[first] && !existsSync(resolve(cwd, first))) {
    return `"${first}" is a gitleaks command, not a path: ${COMMANDS[first]}.`;
  }
  for (const a of argv) {
    const flag = a.split("=", 1)[0]!;
    if (FLAGS[flag]) return `${flag} is a gitleaks option: ${FLAGS[flag]}.`;
  }
  return undefined;
}
