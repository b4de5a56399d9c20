#!/usr/bin/env bash
# Rebuilds wasm/scan-keys-regex.wasm from wasm/lib.rs and Debian's packages,
# offline and byte for byte the same each time:
#   apt-get install rustc libstd-rust-dev-wasm32 lld-14 librust-regex-dev
# (bookworm: rustc 1.63, regex 1.7.1 and its crates under /usr/share/cargo/registry).
# Plain rustc with --extern, no cargo: the crates' features are spelled out
# below, and no build script runs (memchr's only sets SIMD cfgs, which
# wasm32 without simd128 does not get). Usage: wasm/build.sh [OUT]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/scan-keys-regex.wasm}"
rustc="${SCAN_KEYS_RUSTC:-/usr/bin/rustc}"
reg=/usr/share/cargo/registry
want_version="rustc 1.63.0"
[ -x "$rustc" ] || { echo "no $rustc: apt-get install rustc libstd-rust-dev-wasm32 lld-14 librust-regex-dev" >&2; exit 3; }
case "$("$rustc" --version)" in "$want_version"*) ;; *) echo "$rustc is not $want_version (Debian bookworm's): the .wasm would differ" >&2; exit 3 ;; esac
for c in regex-1.7.1 regex-syntax-0.6.27 aho-corasick-0.7.19 memchr-2.5.0; do
  [ -d "$reg/$c" ] || { echo "no $reg/$c: apt-get install librust-regex-dev" >&2; exit 3; }
done
[ -d /usr/lib/rustlib/wasm32-unknown-unknown ] || { echo "no wasm32 std: apt-get install libstd-rust-dev-wasm32" >&2; exit 3; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# The same flags for every crate: no paths of this machine in the output, one codegen unit.
common=(--target wasm32-unknown-unknown -C opt-level=3 -C codegen-units=1 -C panic=abort
  -C debuginfo=0 -C embed-bitcode=yes --remap-path-prefix "$reg=/registry" --remap-path-prefix "$here=/wasm"
  --cap-lints allow -L "dependency=$tmp" --out-dir "$tmp")
lib() { # name, crate dir, edition, extra args…
  local name="$1" dir="$2" edition="$3"; shift 3
  "$rustc" "${common[@]}" --edition "$edition" --crate-name "$name" --crate-type rlib "$reg/$dir/src/lib.rs" "$@"
}
lib memchr memchr-2.5.0 2018 --cfg 'feature="std"' --cfg 'feature="default"'
lib aho_corasick aho-corasick-0.7.19 2018 --cfg 'feature="std"' --cfg 'feature="default"' --extern "memchr=$tmp/libmemchr.rlib"
syntax=()
for f in default unicode unicode-age unicode-bool unicode-case unicode-gencat unicode-perl unicode-script unicode-segment; do syntax+=(--cfg "feature=\"$f\""); done
lib regex_syntax regex-syntax-0.6.27 2018 "${syntax[@]}"
regex=()
for f in default std perf perf-cache perf-dfa perf-inline perf-literal aho-corasick memchr unicode unicode-age unicode-bool \
  unicode-case unicode-gencat unicode-perl unicode-script unicode-segment; do regex+=(--cfg "feature=\"$f\""); done
lib regex regex-1.7.1 2018 "${regex[@]}" --extern "aho_corasick=$tmp/libaho_corasick.rlib" \
  --extern "memchr=$tmp/libmemchr.rlib" --extern "regex_syntax=$tmp/libregex_syntax.rlib"
"$rustc" "${common[@]}" --edition 2021 --crate-name scan_keys_regex --crate-type cdylib "$here/lib.rs" \
  -C lto=fat -C strip=symbols -C link-arg=--no-entry --extern "regex=$tmp/libregex.rlib" -o "$tmp/out.wasm"
cp "$tmp/out.wasm" "$out"
