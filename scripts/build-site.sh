#!/usr/bin/env bash
# Builds the browser bundle into target/site: wasm (size-optimised), its JS glue, CSS and public
# files, each also precompressed (brotli, gzip) for the static server.
set -euo pipefail
cd "$(dirname "$0")/.."
site=${LEPTOS_SITE_ROOT:-target/site}
pkg="$site/pkg"
mkdir -p "$pkg"

cargo build -p linli-frontend --target wasm32-unknown-unknown --profile wasm-release
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section --out-dir "$pkg" --out-name linli \
  target/wasm32-unknown-unknown/wasm-release/linli_frontend.wasm
end2end/node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
  --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
  "$pkg/linli_bg.wasm" -o "$pkg/linli_bg.wasm.opt"
mv "$pkg/linli_bg.wasm.opt" "$pkg/linli_bg.wasm"

cat style/*.css > "$pkg/linli.css"
cp -r public/. "$site/"

find "$site" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.svg' -o -name '*.txt' \) |
  while read -r f; do
    brotli -f -q 11 -o "$f.br" "$f"
    gzip -f -k -9 "$f"
  done
echo "site built in $site: wasm $(stat -c %s "$pkg/linli_bg.wasm") bytes, brotli $(stat -c %s "$pkg/linli_bg.wasm.br")"
