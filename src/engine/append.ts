// Appending one array to another without spreading it into arguments:
// `into.push(...from)` passes every element on the call stack, and past
// ~120,000 elements (a file with that many keys, a work tree with that many
// files) it throws "Maximum call stack size exceeded".

/** Pushes every element of `from` onto `into` (in order) and returns `into`. */
export function appendAll<T>(into: T[], from: readonly T[]): T[] {
  for (let i = 0; i < from.length; i++) into.push(from[i]!);
  return into;
}
