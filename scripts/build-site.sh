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

# Sources stay readable; what a phone downloads is minified (comments and spaces are bytes on
# every first visit, even brotli'd).
esbuild=end2end/node_modules/.bin/esbuild
cat style/*.css | "$esbuild" --loader=css --minify --log-level=warning > "$pkg/linli.css"
cp -r public/. "$site/"
for f in "$site"/*.js; do
  "$esbuild" "$f" --minify --log-level=warning --outfile="$f" --allow-overwrite
done

# Pages load the bundle under names that carry a hash of its content, served immutable: a
# repeat visit asks for nothing, and a new build is a new name. The plain names stay for tools.
rm -f "$pkg"/linli.[0-9a-f][0-9a-f][0-9a-f][0-9a-f]*
hash=$(cat "$pkg/linli.js" "$pkg/linli_bg.wasm" "$pkg/linli.css" | sha256sum | cut -c1-16)
cp "$pkg/linli.js" "$pkg/linli.$hash.js"
cp "$pkg/linli_bg.wasm" "$pkg/linli.${hash}_bg.wasm"
cp "$pkg/linli.css" "$pkg/linli.$hash.css"
echo "$hash" > "$pkg/asset-hash"

find "$site" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.svg' -o -name '*.txt' -o -name '*.webmanifest' \) |
  while read -r f; do
    brotli -f -q 11 -o "$f.br" "$f"
    gzip -f -k -9 "$f"
  done
echo "site built in $site: wasm $(stat -c %s "$pkg/linli_bg.wasm") bytes, brotli $(stat -c %s "$pkg/linli_bg.wasm.br")"
