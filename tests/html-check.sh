#!/bin/sh
# html-check.sh: the HTML report in a real browser.  Renders the report of
# testdata/reports/hostile.ldf (customer values made of markup, formulas,
# escape sequences) in headless Chromium, with the script on and off, and
# checks that the console stays empty (no script error, no refused load,
# no Content-Security-Policy violation: the inline script's hash is
# right), that no hostile value became an element, and that the page
# shows the counts the JSON report gives.  Saves a screenshot; set
# HTML_CHECK_PNG=FILE to keep it.  Run by make check with SYNCDOCTOR and
# SRCDIR set; exits 77 (skipped) when Chromium is not installed.
set -u
: "${SYNCDOCTOR:?set SYNCDOCTOR to the program under test}"
: "${SRCDIR:?set SRCDIR to the source directory}"

. "$SRCDIR/tests/browser.sh"
if [ -z "$browser" ]; then
	echo "html-check: SKIP: Chromium not found (Debian package: chromium)"
	exit 77
fi

tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

failed() {
	echo "FAIL html-check: $*"
	fail=1
}

# check_browser OUTPUT ARGS...: one headless run (browser.sh) with the
# console logged, which must stay empty.
check_browser() {
	run_browser "$@" --enable-logging=stderr --v=0
	if grep -q ':CONSOLE' "$tmp/log"; then
		failed "console messages:"
		grep ':CONSOLE' "$tmp/log" | sed 's/^/  /'
		hash=$(sed -n "s/.*a hash ('\(sha256-[^']*\)').*/\1/p" \
		    "$tmp/log" | head -1)
		[ -n "$hash" ] && echo "  the inline script's hash is now" \
		    "$hash: put it in HTML_SCRIPT_HASH (report/report_html.c)"
	fi
}

# count FILE PATTERN: lines of FILE matching the extended regex (tags:
# one per line, without their '<').
count() {
	grep -cE "$2" "$1"
}

cd "$SRCDIR" || exit 99
SOURCE_DATE_EPOCH=1750000000 "$SYNCDOCTOR" analyze \
    --onprem testdata/reports/hostile.ldf --format html,json \
    -o "$tmp/report" >"$tmp/stdout" 2>&1
status=$?
if [ $status -gt 1 ]; then
	cat "$tmp/stdout"
	echo "html-check: syncdoctor failed with status $status"
	exit 99
fi

# What the page must show: the JSON report's summary.
json_count() {
	sed -n "/\"summary\": {/,\$s/^ *\"$1\": \([0-9]*\).*/\1/p" \
	    "$tmp/report.json" | head -1
}
errors=$(json_count errors)
warnings=$(json_count warnings)
info=$(json_count info)
in_scope=$(json_count onpremInScope)
total=$((errors + warnings + info))
[ "$errors" -gt 0 ] || failed "the fixture should give error findings"

# Script on: the controls run and count every finding.
check_browser "$tmp/dom.html" --dump-dom
dom=$tmp/dom.html
tr '\n<' ' \n' <"$dom" >"$tmp/tags"
[ "$(count "$tmp/tags" '^html[^>]* class="js"')" -eq 1 ] ||
    failed "the inline script did not run"
grep -q "Showing $total of $total findings" "$dom" ||
    failed "the filter bar does not say 'Showing $total of $total findings'"
[ "$(count "$tmp/tags" '^script')" -eq 1 ] ||
    failed "a value became a <script> element"
[ "$(count "$tmp/tags" '^img')" -eq 0 ] ||
    failed "a value became an <img> element"
for pair in "sev-error:$errors" "sev-warning:$warnings" "sev-info:$info" \
    "objects:$in_scope"; do
	class=${pair%%:*}
	want=${pair#*:}
	grep -q "<div class=\"tile $class\"><span class=\"n\">$want<" "$dom" ||
	    failed "tile '$class' does not show $want"
done
[ "$(count "$tmp/tags" '^article class="finding')" -eq "$total" ] ||
    failed "the page does not hold $total findings"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;@contoso.com' "$dom" ||
    failed "the hostile UPN is not shown as text"

# Script off (the page without its script: --blink-settings cannot turn
# it off for --dump-dom): everything is still there, the controls hidden.
cp "$tmp/report.html" "$tmp/with-script.html"
awk '/^<script>/ { skip = 1 } !skip { print } /<\/script>/ { skip = 0 }' \
    "$tmp/with-script.html" >"$tmp/report.html"
check_browser "$tmp/dom-nojs.html" --dump-dom
mv "$tmp/with-script.html" "$tmp/report.html"
tr '\n<' ' \n' <"$tmp/dom-nojs.html" >"$tmp/tags"
[ "$(count "$tmp/tags" '^script')" -eq 0 ] ||
    failed "could not remove the script for the script-off check"
[ "$(count "$tmp/tags" '^article class="finding')" -eq "$total" ] ||
    failed "without the script, the page does not show $total findings"
[ "$(count "$tmp/tags" '^form class="controls" id="controls" hidden')" -eq 1 ] ||
    failed "without the script, the filter bar is not hidden"

# The picture, for people: a laptop-width page.
check_browser "$tmp/stdout" --screenshot="$tmp/report.png"
size=$(wc -c <"$tmp/report.png" 2>/dev/null || echo 0)
[ "$size" -gt 20000 ] || failed "screenshot missing or blank ($size bytes)"
if [ -n "${HTML_CHECK_PNG:-}" ] && [ -f "$tmp/report.png" ]; then
	cp "$tmp/report.png" "$HTML_CHECK_PNG"
fi

[ $fail -eq 0 ] && echo "html-check: $total findings rendered, console clean"
exit $fail
