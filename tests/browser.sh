# browser.sh: sourced by the tests that render the HTML report in headless
# Chromium (html-check.sh, html-print.sh).  Sets $browser (empty when no
# Chromium is installed) and defines run_browser; the caller defines
# failed() and $tmp, and has written $tmp/report.html.

browser=
for name in chromium chromium-browser google-chrome; do
	if command -v "$name" >/dev/null 2>&1; then
		browser=$name
		break
	fi
done

# run_browser OUTPUT ARGS...: one headless run of $tmp/report.html with
# ARGS, its stdout in OUTPUT and its log in $tmp/log.  No network at all:
# the page must not need one, and CI may have none.
run_browser() {
	out=$1
	shift
	mkdir -p "$tmp/profile"
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync \
	    --host-resolver-rules='MAP * ~NOTFOUND' \
	    --user-data-dir="$tmp/profile" --window-size=1280,2000 \
	    --hide-scrollbars "$@" "file://$tmp/report.html" >"$out" \
	    2>"$tmp/log"
	status=$?
	rm -rf "$tmp/profile"
	if [ $status -ne 0 ]; then
		failed "$browser exited with status $status"
		tail -20 "$tmp/log" | sed 's/^/  /'
	fi
}
