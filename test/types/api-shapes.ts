// Type-level checks, compiled by test/api-types.test.ts: src/api.ts spells the
// published Finding and ScanStats out again (so dist/api.d.ts stands alone,
// without the engine's types), and these keep the copies field for field
// equal to what the scan and the JSON report actually produce.
import type { Finding as ApiFinding, ScanStats as ApiStats } from "../../src/api.js";
import type { ScanStats as EngineStats } from "../../src/engine/types.js";
import type { jsonFinding } from "../../src/report/json.js";

/** true when A and B are the same type (not merely assignable one way). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const holds = <T extends true>(): T => true as T;

type Produced = ReturnType<typeof jsonFinding>;
// The API leaves out --verify's field: scan() never verifies.
type ProducedKeys = Exclude<keyof Produced, "verification">;

export const checks = [
  holds<Same<keyof ApiFinding, ProducedKeys>>(),
  holds<Same<{ [K in ProducedKeys]-?: Exclude<Produced[K], undefined> }, { [K in keyof ApiFinding]-?: Exclude<ApiFinding[K], undefined> }>>(),
  holds<Same<keyof ApiStats, keyof EngineStats>>(),
  holds<Same<{ [K in keyof ApiStats]-?: ApiStats[K] }, { [K in keyof EngineStats]-?: EngineStats[K] }>>(),
];
