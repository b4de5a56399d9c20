/** A reason fix stops before writing anything: one sentence for the user (exit 2). */
export class FixError extends Error {
  override name = "FixError";
}
