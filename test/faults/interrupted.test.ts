// Interrupted runs: a report named by --output is written to a temporary file
// and renamed, so SIGINT or SIGTERM at any moment leaves it complete or absent,
// and no temporary file behind.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, fakeKey, tempDir, write } from "./helpers.js";

function runAndSignal(cwd: string, args: string[], signal: NodeJS.Signals, afterMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: "ignore", env: { ...process.env, CI: "1" } });
    const timer = setTimeout(() => child.kill(signal), afterMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe("interrupted runs", () => {
  it("SIGINT or SIGTERM at any moment: the --output report is complete or absent, with no temporary file left", async () => {
    const dir = tempDir();
    // Enough findings that the report takes a while to build and write (several MB of JSON).
    const lines = Array.from({ length: 400 }, () => `token = "${fakeKey()}"`).join("\n");
    for (let i = 0; i < 10; i++) write(dir, `src/f${i}.txt`, `${lines}\n`);
    const args = ["src", "--format", "json", "--output", "out/report.json"];
    write(dir, "out/.keep", "");
    const started = Date.now();
    await runAndSignal(dir, args, "SIGTERM", 60_000);
    const full = Date.now() - started;
    const complete = readFileSync(join(dir, "out/report.json"), "utf8");
    expect(JSON.parse(complete).findings).toHaveLength(4_000);
    const outcomes = new Set<string>();
    for (let k = 1; k <= 4; k++) {
      for (const signal of ["SIGTERM", "SIGINT"] as const) {
        const report = join(dir, "out/report.json");
        if (existsSync(report)) process.getBuiltinModule("node:fs").unlinkSync(report);
        await runAndSignal(dir, args, signal, Math.round((full * k) / 5));
        if (existsSync(report)) {
          expect(JSON.parse(readFileSync(report, "utf8")).findings).toHaveLength(4_000);
          outcomes.add("complete");
        } else outcomes.add("absent");
        expect(readdirSync(join(dir, "out")).filter((n) => n.endsWith(".tmp"))).toEqual([]);
      }
    }
    expect(outcomes.has("absent")).toBe(true);
  });
});
