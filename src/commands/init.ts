// scan-keys init: writes a commented starter .scan-keys.toml at the
// repository root, never over an existing one. `init --hook` is the one
// command to start with: the starter config (kept if there is one already),
// then install-hook, which finds the project's hook manager itself.
import { existsSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { CONFIG_FILE, findRoot } from "../config/load.js";
import { STARTER_CONFIG } from "../config/template.js";
import { UsageError } from "../options.js";
import type { Io } from "./scan.js";

export async function initCommand(io: Io, opts: { hook?: boolean; cliPath?: string } = {}): Promise<number> {
  const target = join(findRoot(io.cwd), CONFIG_FILE);
  const shown = relative(io.cwd, target) || CONFIG_FILE;
  if (existsSync(target)) {
    if (!opts.hook) throw new UsageError(`${shown} already exists, so init left it alone; edit it, or delete it first to start again from the template.`);
    io.stdout(`kept the existing ${shown}.\n`);
  } else {
    writeFileSync(target, STARTER_CONFIG, { flag: "wx" });
    io.stdout(`wrote ${shown}: every option is commented out with a line explaining it; uncomment what you need.\n`);
  }
  if (!opts.hook) return 0;
  const { installHookCommand } = await import("./install-hook.js");
  return installHookCommand(false, { cwd: io.cwd, stdout: io.stdout, stderr: io.stderr, cliPath: opts.cliPath ?? "scan-keys" });
}
