#!/bin/sh
# labels.sh: labels are sentences in the text, Markdown and HTML reports
# of every golden fixture (tests/labels.py says what it checks).  Run by
# make check with SYNCDOCTOR and SRCDIR set; exits 77 (skipped) without
# python3.
set -u
: "${SYNCDOCTOR:?set SYNCDOCTOR to the program under test}"
: "${SRCDIR:?set SRCDIR to the source directory}"
if ! command -v python3 >/dev/null 2>&1; then
	echo "labels: SKIP: python3 not found"
	exit 77
fi
exec python3 "$SRCDIR/tests/labels.py" "$SYNCDOCTOR" "$SRCDIR"
