// The full command line with yargs: help, sub-commands and friendly errors.
// Loaded only when the fast path in cli.ts does not apply.
import yargs, { type Argv, type Options } from "yargs";
import { SCAN_OPTIONS, toScanArgs, UsageError } from "./options.js";
import type { Redaction } from "./report/redact-option.js";
import { scanCommand, type Io } from "./commands/scan.js";
import { VERSION } from "./version.js";

/** Scan options a baseline run does not take: it writes one file, not a report. */
const NOT_FOR_BASELINE = new Set(["format", "output", "redact", "color", "quiet", "verbose", "log-level", "show-suppressed", "baseline", "pre-push"]);

function scanOptions(y: Argv, skip: Set<string> = new Set()): Argv {
  for (const [name, o] of Object.entries(SCAN_OPTIONS)) {
    if (skip.has(name)) continue;
    const opt: Options = { type: o.type, describe: o.describe, group: `${o.group}:` };
    if (o.array) opt.array = true;
    if (o.alias) opt.alias = o.alias;
    if (o.choices) opt.choices = o.choices;
    if (o.default !== undefined) opt.default = o.default;
    y.option(name, opt);
  }
  return y;
}

/** `redact`: the scan's redaction, already taken off `argv` by cli.ts (redact-option.ts). */
export async function runYargs(argv: string[], io: Io, redact?: Redaction): Promise<number> {
  let code = 0;
  const cli = yargs(argv)
    .scriptName("scan-keys")
    .usage("$0 [paths..]  scan files for API keys and other secrets\n\nExit codes: 0 clean, 1 secrets found, 2 usage or runtime error.")
    .command(
      ["$0 [paths..]", "scan [paths..]"],
      "Scan files, the staged change (--staged) or history (--history)",
      (y) => scanOptions(y).positional("paths", { type: "string", array: true, describe: "Files or directories (default: .)" }),
      async (a) => {
        code = await scanCommand(toScanArgs(a, (a.paths as string[] | undefined) ?? [], redact), io);
      },
    )
    .command(
      "baseline [paths..]",
      "Write a baseline of the current findings; scans with --baseline FILE then report only new ones",
      (y) =>
        scanOptions(y, NOT_FOR_BASELINE)
          .positional("paths", { type: "string", array: true, describe: "Files or directories (default: .)" })
          .option("output", { alias: "o", type: "string", describe: "Baseline file to write (default: .scan-keys-baseline.json at the repository root)", group: "Output:" })
          .option("force", { type: "boolean", default: false, describe: "Replace an existing baseline file", group: "Output:" }),
      async (a) => {
        const { baselineCommand } = await import("./commands/baseline.js");
        const { output, force, ...rest } = a;
        code = await baselineCommand(toScanArgs(rest, (a.paths as string[] | undefined) ?? []), { output: output as string | undefined, force: force === true }, io);
      },
    )
    .command(
      "fix [paths..]",
      "Move the keys that --staged would block (or those in [paths..]) into .env and read them from the environment",
      (y) =>
        y
          .positional("paths", { type: "string", array: true, describe: "Fix keys in these files instead of the staged change" })
          .option("yes", { alias: "y", type: "boolean", default: false, describe: "Apply every fix without asking" })
          .option("dry-run", { type: "boolean", default: false, describe: "Print a unified diff of every change; change nothing" })
          .option("name", { type: "string", describe: "Environment variable name for the one secret being fixed" })
          .option("config", { alias: "c", type: "string", describe: "Config file (default: .scan-keys.toml at the repository root)" }),
      async (a) => {
        const { fixCommand } = await import("./commands/fix.js");
        const args = { paths: (a.paths as string[] | undefined) ?? [], yes: a.yes === true, dryRun: a["dry-run"] === true, name: a.name as string | undefined, config: a.config as string | undefined };
        code = await fixCommand(args, { ...io, stdinIsTTY: process.stdin.isTTY === true });
      },
    )
    .command(
      "init",
      "Write a commented starter .scan-keys.toml at the repository root (never over an existing one)",
      (y) => y.option("hook", { type: "boolean", default: false, describe: "Also install the pre-commit hook, for whichever hook manager the project uses (see install-hook)" }),
      async (a) => {
        const { initCommand } = await import("./commands/init.js");
        code = await initCommand(io, { hook: a.hook === true, cliPath: process.argv[1] ?? "scan-keys" });
      },
    )
    .command(
      "rules",
      "List the built-in rules",
      (y) => y.option("format", { alias: "f", choices: ["text", "json"], default: "text", describe: "Output format" }),
      async (a) => {
        const { rulesCommand } = await import("./commands/rules.js");
        code = rulesCommand(String(a.format), io.stdout);
      },
    )
    .command(
      "install-hook",
      "Run scan-keys from the pre-commit (or --pre-push) hook: a line in husky's, core.hooksPath's or .git/hooks' hook, or an entry in lefthook's, simple-git-hooks' or the pre-commit framework's config",
      (y) => y.option("pre-push", { type: "boolean", default: false, describe: "Install into the pre-push hook instead" }),
      async (a) => {
        const { installHookCommand } = await import("./commands/install-hook.js");
        code = await installHookCommand(a["pre-push"] === true, { cwd: io.cwd, stdout: io.stdout, stderr: io.stderr, cliPath: process.argv[1] ?? "scan-keys" });
      },
    )
    .command(
      "uninstall-hook",
      "Remove the scan-keys line from the pre-commit (or --pre-push) hook",
      (y) => y.option("pre-push", { type: "boolean", default: false, describe: "Remove it from the pre-push hook instead" }),
      async (a) => {
        const { uninstallHookCommand } = await import("./commands/install-hook.js");
        code = await uninstallHookCommand(a["pre-push"] === true, { cwd: io.cwd, stdout: io.stdout, stderr: io.stderr, cliPath: process.argv[1] ?? "scan-keys" });
      },
    )
    .command(
      "version",
      "Print scan-keys' version",
      (y) => y,
      () => {
        io.stdout(`${VERSION}\n`);
      },
    )
    // `scan-keys completion >> ~/.bashrc` (or ~/.zshrc): yargs writes the script, which asks scan-keys for
    // the words (--get-yargs-completions). The command is ours: yargs' own, with exitProcess(false), went on
    // to scan a path named "completion".
    .command(
      "completion",
      "Print a bash/zsh completion script: scan-keys completion >> ~/.bashrc",
      (y) => y,
      () => {
        cli.showCompletionScript();
      },
    )
    .completion("get-completions", false)
    .strict()
    .version(VERSION)
    .help()
    .alias("h", "help")
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UsageError(`${msg.replace(/\.$/, "")}. Run scan-keys --help for usage.`);
    });
  await cli.parseAsync();
  return code;
}
