#!/usr/bin/env bash
# The HTML report in a real browser: headless Chromium loads the page `suanli report` renders from
# a saved quick run (tests/data/run_quick_report.json), with no console message; the DOM it built
# holds every bar and point the page has, as many as the report's figures call for; and its
# screenshot is a drawn page, not a blank one.
# Usage: chromium_test.sh SUANLI_BINARY REPORT.json
set -euo pipefail
suanli=$1
report=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "chromium is not installed (scripts/install-deps.sh test installs it)" >&2; exit 1; }
run_browser() { timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run "$@"; }

"$suanli" report "$report" --html "$work/report.html" >/dev/null

# Loaded with logging on: a console message (an error of the page) would appear as CONSOLE(...).
run_browser --enable-logging=stderr --v=0 --dump-dom "file://$work/report.html" >"$work/dom.html" 2>"$work/browser.log"
if grep -q "CONSOLE" "$work/browser.log"; then
  echo "console messages from the page:" >&2
  grep "CONSOLE" "$work/browser.log" >&2
  exit 1
fi

count() { grep -o "$1" "$2" | wc -l; }
# Bars: one per finite FLOP/s or OP/s figure. Roofline points: verified FLOP/s kernels with an intensity.
bars=$(jq '[.results[] | select((.unit == "FLOP/s" or .unit == "OP/s") and .value != null)] | length' "$report")
roof_points=$(jq '[.results[] | select(.roofline_role == "point" and .unit == "FLOP/s" and .verification.passed
                   and .arithmetic_intensity != null and .value != null)] | length' "$report")
dom_bars=$(count '<rect class="bar"' "$work/dom.html")
[ "$dom_bars" -eq "$bars" ] || { echo "bars drawn: $dom_bars, figures: $bars" >&2; exit 1; }
dom_roof=$(sed -n '/<title>Roofline<\/title>/,/<\/svg>/p' "$work/dom.html" | grep -o '<circle class="point"' | wc -l)
[ "$dom_roof" -eq "$roof_points" ] || { echo "roofline points drawn: $dom_roof, kernels: $roof_points" >&2; exit 1; }
# Every chart element of the page is in the browser's DOM.
for element in '<svg' '<circle class="point"' '<rect class="bar"' '<polyline class="roof"' '<polyline class="series"'; do
  a=$(count "$element" "$work/report.html"); b=$(count "$element" "$work/dom.html")
  [ "$a" -eq "$b" ] || { echo "$element: $a in the page, $b in the browser's DOM" >&2; exit 1; }
done
[ "$(count '<svg' "$work/dom.html")" -ge 4 ] || { echo "fewer than 4 charts drawn" >&2; exit 1; }

# The screenshot: a drawn page compresses far worse than a blank one of the same size.
printf '<!DOCTYPE html><html><body></body></html>' >"$work/blank.html"
run_browser --window-size=1000,3000 --screenshot="$work/page.png" "file://$work/report.html" 2>/dev/null
run_browser --window-size=1000,3000 --screenshot="$work/blank.png" "file://$work/blank.html" 2>/dev/null
page=$(stat -c %s "$work/page.png"); blank=$(stat -c %s "$work/blank.png")
[ "$page" -gt $((blank * 10)) ] || { echo "screenshot $page bytes against a blank page's $blank: nothing drawn?" >&2; exit 1; }
echo "chromium: no console message; $dom_bars bars, $dom_roof roofline points, $(count '<svg' "$work/dom.html") charts; screenshot $page bytes (blank $blank)"
