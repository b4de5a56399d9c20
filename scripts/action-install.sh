#!/usr/bin/env bash
# The install step of action.yml: finds the packed build of scan-keys for the
# scan step, never installing dev dependencies or building anything.
#   1. The action's ref carries the build (a release tag with dist/): use it.
#      The bundle holds every library it needs, so nothing is installed.
#   2. Otherwise install the package (the same packed build from the
#      registry): INPUT_PACKAGE if given (a version, a tarball path or URL),
#      else scan-keys@<the version in the action's package.json>. It has no
#      dependencies and no install script.
# Writes SCAN_KEYS_CLI=<path of dist/cli.js> to $GITHUB_ENV for the scan step.
set -euo pipefail

action="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}"
if [ -z "${INPUT_PACKAGE:-}" ] && [ -f "$action/dist/cli.js" ]; then
  cli="$action/dist/cli.js"
  echo "scan-keys: using the build in the action's ref" >&2
else
  spec="${INPUT_PACKAGE:-scan-keys@$(node -p 'require(process.argv[1]).version' "$action/package.json")}"
  prefix="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/scan-keys-action"
  mkdir -p "$prefix"
  [ -f "$prefix/package.json" ] || echo '{ "private": true }' >"$prefix/package.json"
  echo "scan-keys: installing $spec" >&2
  npm install --prefix "$prefix" --no-save --ignore-scripts --no-audit --no-fund --loglevel=error "$spec" >&2
  cli="$prefix/node_modules/scan-keys/dist/cli.js"
fi
node "$cli" --version >/dev/null || { echo "::error title=scan-keys::$cli does not run" >&2; exit 2; }
echo "SCAN_KEYS_CLI=$cli" >>"${GITHUB_ENV:?GITHUB_ENV is not set}"
