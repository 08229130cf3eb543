#!/usr/bin/env bash
# First visit on a slow phone (#19): Lighthouse's mobile run, with its default simulated
# throttling (slow 4G, a 4× slower CPU), on home, /services, a guide, /market and /notices of a
# release server holding the demo data. Prints each page's performance, accessibility and
# best-practices scores, its CLS, and what the first visit transferred (HTML, CSS, JS, wasm,
# fonts and images, as sent). `cargo make lighthouse`; Lighthouse comes from npm on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${LINLI_LIGHTHOUSE_PORT:-3210}
base=http://127.0.0.1:$port
tools=target/lighthouse
data=$(mktemp -d)
if [ ! -x "$tools/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$tools"
  (cd "$tools" && npm install --no-audit --no-fund --silent lighthouse@12.8.2)
fi
LINLI_DATA_DIR=$data ./target/release/linli seed-demo >/dev/null
LINLI_DATA_DIR=$data LINLI_LOG=warn LEPTOS_SITE_ADDR=127.0.0.1:$port ./target/release/linli serve &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
until curl -fs "$base/healthz" >/dev/null; do sleep 0.05; done
export CHROME_PATH=${CHROME_PATH:-$(command -v chromium)}

echo "Lighthouse $(node -e 'console.log(require("./'$tools'/node_modules/lighthouse/package.json").version)') mobile, simulated throttling ($(nproc) cores)"
printf '  %-16s %5s %5s %5s %7s %9s  %s\n' page perf a11y best CLS "KB sent" "failed audits"
failed=0
for page in / /services /services/RS003 /market /notices; do
  "$tools/node_modules/.bin/lighthouse" "$base$page" --quiet --output=json --output-path="$data/report.json" \
    --only-categories=performance,accessibility,best-practices --form-factor=mobile \
    --chrome-flags="--headless=new --no-sandbox" >/dev/null 2>"$data/lighthouse.log" \
    || { echo "Lighthouse failed on $page:"; cat "$data/lighthouse.log"; exit 1; }
  line=$(node -e '
    const r = require(process.argv[1]);
    const score = (c) => Math.round(r.categories[c].score * 100);
    const cls = r.audits["cumulative-layout-shift"].numericValue;
    const bytes = r.audits["total-byte-weight"].numericValue;
    const weak = Object.values(r.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary")
      .map((a) => a.id);
    const perf = score("performance"), a11y = score("accessibility"), best = score("best-practices");
    const ok = perf >= 98 && a11y === 100 && best === 100 && cls === 0;
    console.log([perf, a11y, best, cls.toFixed(3), (bytes / 1024).toFixed(1), weak.join(",") || "-", ok ? "ok" : "short"].join(" "));
  ' "$data/report.json")
  read -r perf a11y best cls kb weak verdict <<<"$line"
  printf '  %-16s %5s %5s %5s %7s %9s  %s\n' "$page" "$perf" "$a11y" "$best" "$cls" "$kb" "$weak"
  [ "$verdict" = ok ] || failed=1
done
echo "goals: performance ≥ 98, accessibility 100, best practices 100, CLS 0"
[ "$failed" = 0 ] || echo "some pages fall short of the goals (above)"
