/** A problem with what was asked to be scanned, told in one sentence (exit code 2). */
export class SourceError extends Error {
  override name = "SourceError";
}
