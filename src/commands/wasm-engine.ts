// Turns on the WASM regex engine (engine/wasm-regex.ts) for this thread's
// scan. Tree scans ask for it: they run thousands of windows through the
// rules, where its speed repays compiling the module. A pre-commit scan does
// not: it checks a few windows, and re2js (its programs cached on disk) is
// cheaper there than reading and compiling ~0.8 MB of WebAssembly.
// SCAN_KEYS_REGEX=re2js keeps every pattern on re2js (for comparing the two).

import { readFileSync } from "node:fs";
import { setFastEngine } from "../engine/regex.js";
import { setWasmModuleLoader, wasmRe2 } from "../engine/wasm-regex.js";
import { laterFilePath, REGEX_WASM } from "../startup/later-files.js";

let installed = false;

/** The engine is compiled when the first pattern is; if the file cannot be read or compiled, patterns stay on re2js. */
export function useWasmRegex(env: NodeJS.ProcessEnv): void {
  // Once per thread: a library caller's next scan keeps the module and the patterns compiled on it.
  if (env.SCAN_KEYS_REGEX === "re2js" || installed) return;
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
