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
// A large scan starts each thread's instance from the memory image of an
// earlier run (wasm-snapshot.ts), with its patterns compiled already.

import { readFileSync } from "node:fs";
import { setFastEngine } from "../engine/regex.js";
import { restartWasmEngine, setWasmModuleLoader, startWasmEngine, wasmRe2, type WasmStart } from "../engine/wasm-regex.js";
import { laterFilePath, REGEX_WASM } from "../startup/later-files.js";
import { freshStart, mainStart, moduleIdOf, workerStart, type ImageRef } from "./wasm-snapshot.js";

/** What a scan worker is handed: the compiled module, and the memory image its main thread read, if any. */
export interface WorkerWasm {
  module: WebAssembly.Module;
  image: ImageRef | undefined;
}

let installed = false;
let module: WebAssembly.Module | undefined;
/** The module's bytes' identity, for the image's name (wasm-snapshot.ts). */
let moduleId = "";
let failed = false;
/** The main thread's environment and the scan's scope, once the scan is large enough for the memory image to pay (wantWasmImage). */
let imageFor: { env: NodeJS.ProcessEnv; scope: string[] } | undefined;
let image: ImageRef | undefined;
/** This thread's instance started without an image (wantWasmImage came later, if at all). */
let startedFresh = false;

/**
 * Turns the engine on for this thread (once: a library caller's next scan
 * keeps the module and the patterns compiled on it). A worker passes what
 * its main thread handed it (wasmForWorkers). The engine is compiled when
 * the first pattern is; if the file cannot be read or compiled, patterns
 * stay on re2js.
 */
export function useWasmRegex(shared?: WorkerWasm): void {
  if (installed) return;
  installed = true;
  module ??= shared?.module;
  setWasmModuleLoader(() => startEngine(shared));
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
 * Says the scan is large enough for the memory image to repay reading it (a
 * tree of SHARED_SCAN_FILES files or more, a long history, any scan with
 * workers): this thread's instance then starts from it, if it has not
 * started yet, and a new image is written at exit when the run needed
 * patterns it did not hold. A small scan compiles the few patterns it needs.
 * `scope` (the kind of scan, its directory and paths) picks the image: each
 * holds what one kind of scan of one place needs (wasm-snapshot.ts).
 */
export function wantWasmImage(env: NodeJS.ProcessEnv, scope: string[]): void {
  if (imageFor) return;
  imageFor = { env, scope };
  // Started already (a config's rules, checked on their examples): later patterns go to an instance from the image.
  if (startedFresh) restartWasmEngine();
}

/** This thread's instance: from the worker's handed image, from the main thread's image when wanted, else fresh. */
function startEngine(shared: WorkerWasm | undefined): WasmStart {
  module ??= compileModule();
  if (shared) return workerStart(module, shared.image);
  if (!imageFor) {
    // What it compiles counts too, should the scan turn out to want the image (a config's rules: workers meet them).
    startedFresh = true;
    return freshStart(module);
  }
  const started = mainStart(module, moduleId, imageFor.env, imageFor.scope);
  image = started.ref;
  return started.start;
}

/**
 * What a scan worker's workerData carries: the compiled module (a
 * WebAssembly.Module crosses to a worker of the same process without being
 * compiled again) and where the image is that this thread started from; or
 * undefined when this thread does not use the engine or it did not load.
 * The main thread's instance starts now, so the workers know of the image.
 */
export function wasmForWorkers(): WorkerWasm | undefined {
  if (!installed || failed) return undefined;
  try {
    startWasmEngine();
    return { module: (module ??= compileModule()), image };
  } catch {
    failed = true;
    return undefined;
  }
}

/** The module, compiled (the CLI's loader keeps it on V8's baseline compiler: startup/loader.ts, WASM_V8_FLAGS). */
function compileModule(): WebAssembly.Module {
  const bytes = readFileSync(laterFilePath(REGEX_WASM.file, REGEX_WASM.source));
  moduleId = moduleIdOf(bytes);
  return new WebAssembly.Module(bytes);
}
