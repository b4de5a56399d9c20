// The files a published scan-keys may hold, shared by scripts/pack-size.mjs and
// scripts/release/check-package.mjs (a module of its own: importing pack-size.mjs would run it).
/** The files a published scan-keys may hold. */
export const ALLOWED = [
  /^dist\/(cli|main|cli-yargs|tokenizer|re2|micromatch|api)\.js$/,
  /^dist\/api\.(mjs|d\.ts|d\.mts)$/,
  /^dist\/(package|rule-specs|scan-keys\.schema)\.json$/,
  /^dist\/regex\.wasm$/,
  /^rules\/[\w-]+\.toml$/,
  /^rules\/README\.md$/,
  /^(README|CHANGELOG|SECURITY)\.md$/,
  /^LICENSE$/,
  /^package\.json$/,
];
