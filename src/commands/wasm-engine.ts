// Turns on the WASM regex engine (engine/wasm-regex.ts) for this thread's
// scan, when SCAN_KEYS_REGEX=wasm asks for it (tree scans only). Not by
// default yet: it runs the regexes about twice as fast as re2js on the
// windows a tree scan hands them, but a whole tree scan measured no faster
// (re2js still compiles every pattern, Rust compiles each one and an anchored
// copy, and the module load costs 60-120 ms) and peaked ~20-40 MB higher. A
// pre-commit scan never uses it: it checks a few windows, and re2js (its
// programs cached on disk) is cheaper there than compiling ~0.8 MB of WebAssembly.

import { readFileSync } from "node:fs";
import { setFastEngine } from "../engine/regex.js";
import { setWasmModuleLoader, wasmRe2 } from "../engine/wasm-regex.js";
import { laterFilePath, REGEX_WASM } from "../startup/later-files.js";

let installed = false;

/** The engine is compiled when the first pattern is; if the file cannot be read or compiled, patterns stay on re2js. */
export function useWasmRegex(env: NodeJS.ProcessEnv): void {
  // Once per thread: a library caller's next scan keeps the module and the patterns compiled on it.
  if (env.SCAN_KEYS_REGEX !== "wasm" || installed) return;
  installed = true;
  let module: WebAssembly.Module | undefined;
  let failed = false;
  setWasmModuleLoader(() => (module ??= new WebAssembly.Module(readFileSync(laterFilePath(REGEX_WASM.file, REGEX_WASM.source)))));
  setFastEngine((source, groupCount, groupNames) => {
    if (failed) return undefined;
    try {
      return wasmRe2(source, groupCount, groupNames);
    } catch {
      // A missing or broken file costs speed, never a result: re2js runs every pattern.
      failed = true;
      return undefined;
    }
  });
}
