#!/bin/sh
# html-print.sh: the HTML report of the sample as a customer gets it, in
# headless Chromium.  Renders it with a cover (--title, --customer,
# --prepared-by) and checks the page Chromium built: the cover and the
# <title> carry those names, and tests/html-a11y.py finds headings in
# order, every finding's id shown and anchored, tables captioned with
# header scope, WCAG AA contrast and the outcome picture described.
# Then prints it to PDF and bounds the page count by the findings:
# pages <= 2 + findings (a page per rule and findings that cannot share
# a page made 28 pages of 18 findings).  Counts pages with pdfinfo
# (poppler-utils) when installed, else the PDF's page objects.  Last,
# --redact hides the cover's names in every format.  Run by
# make check with SYNCDOCTOR and SRCDIR set; exits 77 (skipped) without
# Chromium or python3.
set -u
: "${SYNCDOCTOR:?set SYNCDOCTOR to the program under test}"
: "${SRCDIR:?set SRCDIR to the source directory}"

browser=
. "$SRCDIR/tests/browser.sh"
if [ -z "$browser" ] || ! command -v python3 >/dev/null 2>&1; then
	echo "html-print: SKIP: Chromium or python3 not found"
	exit 77
fi

tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

failed() {
	echo "FAIL html-print: $*"
	fail=1
}

cd "$SRCDIR" || exit 99
SOURCE_DATE_EPOCH=1750000000 "$SYNCDOCTOR" analyze \
    --onprem testdata/sample/onprem.ldf \
    --cloud testdata/sample/cloud-users.csv \
    --cloud testdata/sample/cloud-groups.csv \
    --domains testdata/sample/domains.csv --roles testdata/sample/roles.csv \
    --title 'Contoso <directory> readiness' --customer 'Contoso & Co' \
    --prepared-by 'Jane Roe' --format html,json -o "$tmp/report" \
    >"$tmp/stdout" 2>&1
if [ $? -gt 1 ]; then
	cat "$tmp/stdout"
	echo "html-print: syncdoctor failed"
	exit 99
fi
findings=$(grep -c '^      "id": ' "$tmp/report.json")
[ "$findings" -gt 0 ] || failed "the sample should give findings"

run_browser "$tmp/dom.html" --dump-dom
dom=$tmp/dom.html
grep -q '<title>Contoso &lt;directory&gt; readiness</title>' "$dom" ||
    failed "the <title> is not the --title"
grep -q '<h1>Contoso &lt;directory&gt; readiness</h1>' "$dom" ||
    failed "the cover's heading is not the --title"
python3 -c 'import json, sys
sys.exit(json.load(open(sys.argv[1]))["report"]["title"] !=
    "Contoso <directory> readiness")' "$tmp/report.json" ||
    failed "the JSON report does not carry the same title"
for term in 'Customer</dt><dd>Contoso &amp; Co' 'Prepared by</dt><dd>Jane Roe' \
    'Tenant</dt><dd>contoso.onmicrosoft.com' 'Forest</dt><dd>contoso.com'; do
	grep -q "$term" "$dom" || failed "the cover does not show '$term'"
done
grep -q 'DC=contoso,<wbr>DC=com' "$dom" ||
    failed "DNs do not break after their commas"
grep -q '<pre class="cmd"><code>Set-ADUser ' "$dom" ||
    failed "commands are not set apart in code blocks"
python3 "$SRCDIR/tests/html-a11y.py" "$dom" "$tmp/report.json" || fail=1

run_browser "$tmp/stdout" --no-pdf-header-footer \
    --print-to-pdf="$tmp/report.pdf"
if command -v pdfinfo >/dev/null 2>&1; then
	pages=$(pdfinfo "$tmp/report.pdf" | sed -n 's/^Pages: *//p')
else
	pages=$(python3 -c 'import re, sys
print(len(re.findall(rb"/Type\s*/Page(?![s\w])", open(sys.argv[1], "rb").read())))' \
	    "$tmp/report.pdf")
fi
bound=$((2 + findings))
if [ -z "$pages" ] || [ "$pages" -eq 0 ]; then
	failed "no PDF printed"
elif [ "$pages" -gt "$bound" ]; then
	failed "$findings findings print on $pages pages (at most $bound)"
fi
# The cover's names are customer data: --redact hides them in every format.
for format in html json text md; do
	"$SYNCDOCTOR" analyze --onprem testdata/sample/onprem.ldf \
	    --cloud testdata/sample/cloud-users.csv \
	    --domains testdata/sample/domains.csv --customer 'Contoso Ltd' \
	    --prepared-by 'Jane Roe' --title 'Contoso readiness' --redact \
	    --format "$format" >"$tmp/redacted" 2>/dev/null
	grep -q 'name-[0-9]' "$tmp/redacted" ||
	    failed "--redact --format $format: no pseudonym on the cover"
	for secret in 'Contoso Ltd' 'Jane Roe' 'Contoso readiness' \
	    contoso.onmicrosoft.com; do
		grep -qi "$secret" "$tmp/redacted" &&
		    failed "--redact --format $format shows '$secret'"
	done
	# The forest (rule explanations quote contoso.com as an example).
	grep -Eq '(Forests?|Tenant)(</dt><dd>|:\*\* |: )contoso|^ *"contoso' \
	    "$tmp/redacted" &&
	    failed "--redact --format $format shows the forest"
done

[ $fail -eq 0 ] && echo "html-print: $findings findings on $pages pages" \
    "(bound $bound), cover and accessibility checks passed"
exit $fail
