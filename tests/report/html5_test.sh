#!/usr/bin/env bash
# The HTML report through a real HTML5 parser (html5lib, strict: any parse error fails): the page of
# a saved quick run (tests/data/run_quick_report.json), of the same run cut to one benchmark, and of
# a page with every result failed; each also holds every result's verification verdict.
# Usage: html5_test.sh SUANLI_BINARY REPORT.json
set -euo pipefail
suanli=$1
report=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python=/usr/bin/python3  # Debian's, where python3-html5lib is installed
"$python" -c "import html5lib" 2>/dev/null || { echo "python3-html5lib is not installed (scripts/install-deps.sh test)" >&2; exit 1; }

jq '.results |= map(select(.benchmark == "stream"))' "$report" >"$work/partial.json"
jq '.results |= map(.verification.passed = false) | .all_verified = false' "$report" >"$work/failed.json"
cp "$report" "$work/full.json"
for name in full partial failed; do
  "$suanli" report "$work/$name.json" >/dev/null || [ "$name" = failed ]  # a failed run exits 1, still written
  results=$(jq '.results | length' "$work/$name.json")
  verdicts=$(grep -o '<span class="\(passed\|failed\)">' "$work/$name.html" | wc -l)
  [ "$verdicts" -eq "$results" ] || { echo "$name: $verdicts verdicts for $results results" >&2; exit 1; }
done
grep -q 'class="verdict failed"' "$work/failed.html" || { echo "failed run: no failure verdict" >&2; exit 1; }
"$python" "$here/html5_check.py" "$work/full.html" "$work/partial.html" "$work/failed.html"
# The check can fail: a page with a stray end tag is refused.
printf '<!DOCTYPE html><html><head><title>x</title></head><body><p>x</div></body></html>' >"$work/broken.html"
if "$python" "$here/html5_check.py" "$work/broken.html" 2>/dev/null; then echo "a broken page passed" >&2; exit 1; fi
