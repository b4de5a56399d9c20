import { readFileSync } from "node:fs";
import { setWasmModuleLoader, wasmRe2 } from "./src/engine/wasm-regex.js";
import { toRustSyntax } from "./src/engine/rust-dialect.js";
setWasmModuleLoader(() => new WebAssembly.Module(readFileSync("/work/wt/wasm/wasm/scan-keys-regex.wasm")));
for (const p of ["\\bfoo(?P<name>\\d+)\\/x", "[\\w.-]+@\\Qa.b\\E", "é(\\w+)", "a{2,3}\\x{41}\\p{Greek}"]) {
  console.log(p, "=>", toRustSyntax(p));
}
const re = wasmRe2("é(\\w+)", 1, {})!;
console.log(re.exec("xx é😀 éabc d"), re.test("é"), re.execAtStart("éab"), re.testAtStart("xé"));
const re2 = wasmRe2("\\bfoo(?P<name>\\d+)", 1, { name: 1 })!;
console.log(re2.exec("a foo12 foo3", 3), re2.exec("a foo12 foo3", 2));
