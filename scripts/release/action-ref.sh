#!/usr/bin/env bash
# Release step 5 (.github/workflows/release.yml): makes the GitHub Action
# usable from a tag. The version tag (v1.2.3) stays on the source commit npm's
# provenance names; dist/ is git-ignored, so that tag carries no build and an
# Action pinned to it installs scan-keys@1.2.3 from the registry
# (scripts/action-install.sh). This script adds the build:
#   - a commit whose tree is the tagged tree plus the built dist/, with two
#     parents (the previous build on the branch, and the tagged commit), so
#     every earlier build stays reachable for users who pin a commit sha;
#   - pushed to the branch releases/v<major>;
#   - the moving major tag v<major> (v1) pointed at it, forced: it moves by design.
# A pre-release (v1.2.3-rc.1) gets neither. Run from a clean checkout of the
# tag after `npm run build`.
# Usage: scripts/release/action-ref.sh <tag> [remote]
set -euo pipefail

tag="${1:?usage: action-ref.sh <tag> [remote]}"
remote="${2:-origin}"
if [[ ! "$tag" =~ ^v([0-9]+)\.[0-9]+\.[0-9]+$ ]]; then
  echo "release: $tag is a pre-release or not a version tag; the Action's major tag is not moved." >&2
  exit 0
fi
major="v${BASH_REMATCH[1]}"
branch="releases/$major"
[ -f dist/cli.js ] || { echo "release: dist/cli.js is missing; run npm run build first." >&2; exit 1; }
tagged="$(git rev-parse --verify "refs/tags/$tag^{commit}")"
[ "$(git rev-parse HEAD)" = "$tagged" ] || { echo "release: HEAD is not $tag; check the tag out first." >&2; exit 1; }

# The tagged tree plus dist/, built in a scratch index: the work tree and the real index are left alone.
index="$(mktemp)"
trap 'rm -f "$index"' EXIT
export GIT_INDEX_FILE="$index"
git read-tree "$tagged"
git add --force -- dist
tree="$(git write-tree)"
unset GIT_INDEX_FILE

parents=()
if git fetch --quiet "$remote" "refs/heads/$branch" 2>/dev/null; then
  parents+=(-p "$(git rev-parse FETCH_HEAD)")
fi
parents+=(-p "$tagged")
name="${GIT_AUTHOR_NAME:-github-actions[bot]}"
email="${GIT_AUTHOR_EMAIL:-41898282+github-actions[bot]@users.noreply.github.com}"
commit="$(GIT_AUTHOR_NAME="$name" GIT_AUTHOR_EMAIL="$email" GIT_COMMITTER_NAME="$name" GIT_COMMITTER_EMAIL="$email" \
  git commit-tree "$tree" "${parents[@]}" -m "$tag: the Action's build (dist/) for $major")"

git push --quiet "$remote" "$commit:refs/heads/$branch"
git tag --force "$major" "$commit" >/dev/null
git push --quiet --force "$remote" "refs/tags/$major"
echo "release: $major and $branch now point at $commit ($tag with dist/)."
