#!/usr/bin/env bash
# The scan step of action.yml: picks the commits to scan from the GitHub event,
# builds the scan-keys command line, runs it, and reports to the job.
# Kept out of the YAML so a test can run it against a real repository
# (test/report-action.test.ts).
#
# Environment (action.yml sets these from its inputs and the event):
#   INPUT_PATHS              paths to scan, space or newline separated (default: the repository)
#   INPUT_CONFIG             config file (default: .scan-keys.toml at the repository root, if any)
#   INPUT_CONFIG_FROM_BASE   "true" (default): pull requests read config, ignore file and baseline from the base commit
#   INPUT_FORMAT             report formats printed to the log, comma or space separated (default: github)
#   INPUT_SARIF_FILE         where the SARIF report goes (default: scan-keys.sarif)
#   INPUT_FAIL_ON_FINDINGS   "true" (default) fails the step when secrets are found
#   EVENT_NAME               github.event_name
#   PR_BASE_SHA PR_HEAD_SHA  github.event.pull_request.base.sha / head.sha
#   PUSH_BEFORE PUSH_AFTER   github.event.before / github.sha
#   DEFAULT_BRANCH           github.event.repository.default_branch
#   SCAN_KEYS_CLI            the CLI to run (default: "$GITHUB_ACTION_PATH/dist/cli.js")
#   GITHUB_OUTPUT            outputs: sarif-file, findings, exit-code, command
set -euo pipefail

cli="${SCAN_KEYS_CLI:-${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}/dist/cli.js}"
sarif="${INPUT_SARIF_FILE:-scan-keys.sarif}"
fail_on_findings="$(printf '%s' "${INPUT_FAIL_ON_FINDINGS:-true}" | tr '[:upper:]' '[:lower:]')"
zero="0000000000000000000000000000000000000000"

has_commit() { [ -n "$1" ] && git cat-file -e "$1^{commit}" 2>/dev/null; }

# A shallow clone (actions/checkout's default fetch-depth: 1) lacks the commits
# to compare; fetch the rest of the history once, or say what to change.
ensure_commits() {
  local missing=0 c
  for c in "$@"; do has_commit "$c" || missing=1; done
  [ "$missing" = 0 ] && return 0
  if [ "$(git rev-parse --is-shallow-repository 2>/dev/null)" = "true" ]; then
    echo "scan-keys: the checkout is shallow; fetching history (set fetch-depth: 0 on actions/checkout to skip this)." >&2
    git fetch --quiet --no-tags --unshallow origin >&2 || true
  fi
  for c in "$@"; do has_commit "$c" || return 1; done
}

args=()
mode=tree
case "${EVENT_NAME:-}" in
  pull_request | pull_request_target)
    : "${PR_BASE_SHA:?no pull request base sha}" "${PR_HEAD_SHA:?no pull request head sha}"
    if ! ensure_commits "$PR_BASE_SHA" "$PR_HEAD_SHA"; then
      echo "::error title=scan-keys::The pull request's commits are not in the checkout; use actions/checkout with fetch-depth: 0." >&2
      exit 2
    fi
    mode=history
    args+=(--history --range "$PR_BASE_SHA..$PR_HEAD_SHA")
    # The reviewed config, not the one under review: a pull request must not allow its own key.
    if [ "$(printf '%s' "${INPUT_CONFIG_FROM_BASE:-true}" | tr '[:upper:]' '[:lower:]')" != false ]; then
      args+=(--config-from "$PR_BASE_SHA")
    fi
    ;;
  push)
    after="${PUSH_AFTER:-HEAD}"
    before="${PUSH_BEFORE:-}"
    if [ -n "$before" ] && [ "$before" != "$zero" ] && ensure_commits "$before" "$after"; then
      mode=history
      args+=(--history --range "$before..$after")
    else
      # A new branch (before is all zeros), or a force push whose old tip is
      # gone: scan what the branch adds to the default branch if we have it,
      # else everything reachable from the pushed commit.
      ensure_commits "$after" || true
      mode=history
      if [ -n "${DEFAULT_BRANCH:-}" ] && has_commit "refs/remotes/origin/$DEFAULT_BRANCH" \
        && [ "$(git rev-parse "refs/remotes/origin/$DEFAULT_BRANCH")" != "$(git rev-parse "$after")" ]; then
        args+=(--history --range "refs/remotes/origin/$DEFAULT_BRANCH..$after")
      else
        args+=(--history --range "$after")
      fi
    fi
    ;;
esac

# Paths: positional for a tree scan; for history (which scans git, not paths) they become --include globs.
read -r -a paths <<<"$(printf '%s' "${INPUT_PATHS:-}" | tr '\n' ' ')"
for p in "${paths[@]}"; do
  [ -n "$p" ] || continue
  if [ "$mode" = history ]; then
    p="${p#./}"
    p="${p%/}"
    if [ -z "$p" ] || [ "$p" = "." ]; then continue; fi
    args+=(--include "$p" --include "$p/**")
  else
    args+=("$p")
  fi
done

if [ -n "${INPUT_CONFIG:-}" ]; then args+=(--config "$INPUT_CONFIG"); fi

mkdir -p "$(dirname "$sarif")"
args+=(--format sarif --output "$sarif")
read -r -a formats <<<"$(printf '%s' "${INPUT_FORMAT:-github}" | tr ',\n' '  ')"
for f in "${formats[@]}"; do
  [ -n "$f" ] && [ "$f" != sarif ] && args+=(--format "$f" --output -)
done

command_line="scan-keys$(printf ' %q' "${args[@]}")"
echo "$command_line" >&2

status=0
node "$cli" "${args[@]}" || status=$?

findings=0
if [ -f "$sarif" ]; then
  findings="$(node -e 'const s=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.log(s.runs.reduce((n,r)=>n+(r.results||[]).length,0))' "$sarif" 2>/dev/null || echo 0)"
fi

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "sarif-file=$sarif"
    echo "findings=$findings"
    echo "exit-code=$status"
    echo "command=$command_line"
  } >>"$GITHUB_OUTPUT"
fi

case "$status" in
  0) exit 0 ;;
  1)
    if [ "$fail_on_findings" = "false" ]; then
      echo "scan-keys: $findings secret(s) found; not failing the job (fail-on-findings: false)." >&2
      exit 0
    fi
    exit 1
    ;;
  *) exit "$status" ;;
esac
