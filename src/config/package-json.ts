// Config in package.json under "scan-keys", for projects that keep their
// tools' settings there: the same keys as .scan-keys.toml, as JSON. It is
// read after .scan-keys.toml and before any gitleaks config; a project with
// both a .scan-keys.toml and the key is told to keep one (never a silent
// choice between two configs).

import { configError } from "./error.js";

export const PACKAGE_KEY = "scan-keys";

/**
 * The "scan-keys" value of a package.json text, or undefined when the file
 * has none (or is not JSON: then it is not a config the user wrote for us,
 * and npm will say what is wrong with it). `name` names it in messages.
 */
export function packageConfig(text: string, name: string): Record<string, unknown> | undefined {
  // Most package.json files never mention the key outside dependencies: skip the parse then.
  if (!text.includes(`"${PACKAGE_KEY}"`)) return undefined;
  let pkg: unknown;
  try {
    pkg = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return undefined;
  }
  if (!pkg || typeof pkg !== "object" || Array.isArray(pkg) || !Object.hasOwn(pkg, PACKAGE_KEY)) return undefined;
  const value = (pkg as Record<string, unknown>)[PACKAGE_KEY];
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw configError(name, undefined, `"${PACKAGE_KEY}" must be an object with the keys of .scan-keys.toml, like { "disable": ["generic-secret-assignment"] }`);
  }
  return value as Record<string, unknown>;
}
