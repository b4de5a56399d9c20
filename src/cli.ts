#!/usr/bin/env node
// Entry point. The common invocations (a scan of paths, --staged, --history,
// --pre-push) are parsed with node's built-in util.parseArgs from the same
// option table yargs uses; everything else (help, sub-commands, errors) goes
// to yargs, loaded only then. See src/options.ts for why.

import { checkOptionValues, COMMANDS, parseScanLine, UsageError, WORKER_FLAG } from "./options.js";
import { takeRedaction, type Redaction } from "./report/redact-option.js";
import { gitleaksInvocation } from "./commands/gitleaks-cli.js";
import { scanCommand, type Io } from "./commands/scan.js";
import { exitWithError } from "./errors.js";
import { VERSION } from "./version.js";

/** The working directory; one sentence when it was deleted under the shell (process.cwd() fails with ENOENT). */
function currentDirectory(): string {
  try {
    return process.cwd();
  } catch {
    throw new UsageError("the current directory no longer exists; cd to an existing directory and run scan-keys again.");
  }
}

function processIo(): Io {
  return {
    cwd: currentDirectory(),
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    stdoutIsTTY: process.stdout.isTTY === true,
    env: process.env,
  };
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "version")) {
    process.stdout.write(`${VERSION}\n`); // the same answer yargs gives, without loading it
    return 0;
  }
  if (argv[0] !== "rules" && argv[0] !== "init" && !argv[0]?.endsWith("install-hook")) checkOptionValues(argv);
  const io = processIo();
  const gitleaks = gitleaksInvocation(argv, io.cwd);
  if (gitleaks) throw new UsageError(gitleaks);
  // A scan's redaction is read here, for both parsers (redact-option.ts); sub-commands have no --redact and yargs refuses it there.
  let redact: Redaction | undefined;
  if (argv[0] === undefined || !COMMANDS.has(argv[0])) ({ argv, redact } = takeRedaction(argv));
  const fast = parseScanLine(argv, redact);
  if (fast) {
    exitWhenWritten = !fast.staged && !fast.prePush;
    return scanCommand(fast, io);
  }
  const { runYargs } = await import("./cli-yargs.js");
  return runYargs(argv, io, redact);
}

// A reader that went away (`scan-keys . | head -1`, `2>&1 | head`) is not an error: what is left to
// write to that stream is dropped, quietly, and the command finishes with its own exit code. Not
// process.exit() here: the pipe can break before the command has decided (a report written, then
// a file still to write or a sentence for stderr), and an early exit said 0 for a scan that found
// keys or could not read a file. Without a listener, a write to a closed stderr was an uncaught
// EPIPE: exit 1 ("secrets found") with a stack trace.
// Any other write error (a full disk under `> report.sarif`) leaves the report incomplete: exit 2,
// whichever comes first, the error or the command's own code.
let outputLost = false;
/** Set for tree and history scans: they end with process.exit() once their output is written. */
let exitWhenWritten = false;

/**
 * Ends the process once everything written to stdout and stderr has gone out (a write error seen
 * by then still makes it exit 2, above). A tree or history scan leaves a heap of 100-200 MB, and an
 * exit at the end of the event loop frees it piece by piece first: on a node_modules tree that
 * took 40-70 ms after the report was written; process.exit() leaves the memory to the system.
 * Hooks keep the ordinary exit: their heap is small.
 */
function exitOnceWritten(): void {
  process.stdout.write("", () => process.stderr.write("", () => setImmediate(() => process.exit())));
}
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE" || err.code === "ERR_STREAM_DESTROYED" || outputLost) return;
    outputLost = true;
    process.exitCode = 2;
    if (stream === process.stdout) process.stderr.write(`scan-keys: the output could not be written (${err.code ?? err.message}), so it is incomplete.\n`);
  });
}

if (process.argv[2] === WORKER_FLAG) {
  void import("./commands/worker-main.js").then((m) => m.workerMain());
} else {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = outputLost ? 2 : code;
      if (exitWhenWritten) exitOnceWritten();
    },
    (err: unknown) => exitWithError(err),
  );
}
