// scan-keys init: writes a commented starter .scan-keys.toml at the
// repository root, never over an existing one.
import { existsSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { CONFIG_FILE, findRoot } from "../config/load.js";
import { STARTER_CONFIG } from "../config/template.js";
import { UsageError } from "../options.js";
import type { Io } from "./scan.js";

export function initCommand(io: Io): number {
  const target = join(findRoot(io.cwd), CONFIG_FILE);
  const shown = relative(io.cwd, target) || CONFIG_FILE;
  if (existsSync(target)) {
    throw new UsageError(`${shown} already exists, so init left it alone; edit it, or delete it first to start again from the template.`);
  }
  writeFileSync(target, STARTER_CONFIG, { flag: "wx" });
  io.stdout(`wrote ${shown}: every option is commented out with a line explaining it; uncomment what you need.\n`);
  return 0;
}
