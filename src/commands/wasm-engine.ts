// Turns on the WASM regex engine (engine/wasm-regex.ts) for a tree or
// history scan: the default there (commands/scan.ts decides; SCAN_KEYS_REGEX=re2js
// turns it off). On the windows a scan hands its regexes it is several
// times faster than re2js; the package's own patterns then never compile in
// re2js (regex.ts), and re2js stays for user patterns it must check first,
// for whatever the engine refuses, and everywhere the module cannot be read
// or compiled. Hooks (--staged, --pre-push) stay on re2js unless
// SCAN_KEYS_REGEX=wasm: they check a few windows, with re2js's programs
// cached on disk.
//
// The module is compiled once per process, when the first pattern needs it,
// and handed to scan workers (wasmForWorkers), which share its machine code.

import { readFileSync } from "node:fs";
import { setFastEngine } from "../engine/regex.js";
import { setWasmModuleLoader, wasmRe2 } from "../engine/wasm-regex.js";
import { laterFilePath, REGEX_WASM } from "../startup/later-files.js";

let installed = false;
let module: WebAssembly.Module | undefined;
let failed = false;

/**
 * Turns the engine on for this thread (once: a library caller's next scan
 * keeps the module and the patterns compiled on it). A worker passes the
 * module its main thread compiled (wasmForWorkers). The engine is compiled
 * when the first pattern is; if the file cannot be read or compiled,
 * patterns stay on re2js.
 */
export function useWasmRegex(shared?: WebAssembly.Module): void {
  if (installed) return;
  installed = true;
  module ??= shared;
  setWasmModuleLoader(() => (module ??= compileModule()));
  setFastEngine((source, groups) => {
    if (failed) return undefined;
    try {
      return wasmRe2(source, groups);
    } catch {
      // A missing or broken file costs speed, never a result: re2js runs every pattern.
      failed = true;
      return undefined;
    }
  });
}

/**
 * The compiled module for a scan worker's workerData (a WebAssembly.Module
 * crosses to a worker of the same process without being compiled again),
 * or undefined when this thread does not use the engine or it did not load.
 */
export function wasmForWorkers(): WebAssembly.Module | undefined {
  if (!installed || failed) return undefined;
  try {
    return (module ??= compileModule());
  } catch {
    failed = true;
    return undefined;
  }
}

/** The module, compiled (the CLI's loader keeps it on V8's baseline compiler: startup/loader.ts, WASM_V8_FLAGS). */
function compileModule(): WebAssembly.Module {
  return new WebAssembly.Module(readFileSync(laterFilePath(REGEX_WASM.file, REGEX_WASM.source)));
}
