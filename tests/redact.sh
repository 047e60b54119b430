#!/bin/sh
# redact.sh: --redact leaks nothing.  Runs every command that prints
# customer data, in every format it writes, with --redact over the
# fixture in testdata/redact/ (whose names, addresses, anchors, ids and
# file names are listed in testdata/redact/names.txt), and fails when any
# of those names appears in stdout, stderr or a written file.  The
# --fix-ldif files are left out on purpose: they are changes to apply to
# the real directory and must name the real objects (redact.h).
# Run by make check with SYNCDOCTOR and SRCDIR set.
set -u
: "${SYNCDOCTOR:?set SYNCDOCTOR to the program under test}"
: "${SRCDIR:?set SRCDIR to the source directory}"
cd "$SRCDIR" || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
fix=testdata/redact
names=$fix/names.txt
inputs="--onprem $fix/krellbottom-onprem.ldif --cloud $fix/krellbottom-cloud.json
    --domains $fix/krellbottom-domains.csv"
pass=0
fail=0

# check NAME STATUS...: the run's output in $tmp/run holds no fixture
# name, and the run ended with one of the exit statuses given.
check() {
	what=$1
	status=$(cat "$tmp/status")
	shift
	ok=0
	for want in "$@"; do
		[ "$status" = "$want" ] && ok=1
	done
	if [ $ok -eq 0 ]; then
		echo "FAIL $what: exit $status, expected $*"
		sed -n 1,5p "$tmp/run/stderr"
		fail=$((fail + 1))
		return
	fi
	if grep -r -i -F -n -f "$names" "$tmp/run" >"$tmp/hits"; then
		echo "FAIL $what: leaks a customer name:"
		sed -n 1,10p "$tmp/hits"
		fail=$((fail + 1))
		return
	fi
	pass=$((pass + 1))
}

# run ARGS...: the command in a fresh $tmp/run, output files there too.
run() {
	rm -rf "$tmp/run"
	mkdir "$tmp/run"
	# shellcheck disable=SC2086
	NO_COLOR=1 "$SYNCDOCTOR" "$@" >"$tmp/run/stdout" \
	    2>"$tmp/run/stderr" </dev/null
	echo $? >"$tmp/status"
}

# The fixture must make findings, or the check proves little.
# shellcheck disable=SC2086
run analyze --format json $inputs
grep -q '"rule": "AttributeValueMustBeUnique"' "$tmp/run/stdout" ||
    { echo "redact: the fixture makes no uniqueness finding"; exit 99; }
grep -q -i -F -f "$names" "$tmp/run/stdout" ||
    { echo "redact: the unredacted report shows no fixture name"; exit 99; }

# Every format analyze writes, as its --help lists them: a new writer is
# checked without an edit here.
formats=$("$SYNCDOCTOR" analyze --help | sed -n 's/^  --format F\[,F\.\.\.\] *//p' |
    sed 's/ (default)//; s/,/ /g; s/ or / /')
case $formats in
*json*) ;;
*) echo "redact: cannot read the format list from analyze --help"; exit 99 ;;
esac
# A build without libxlsxwriter lists xlsx and refuses it.
[ "${SD_HAVE_XLSX:-yes}" = no ] && formats=$(echo "$formats" | sed 's/xlsx//')
for format in $formats; do
	# shellcheck disable=SC2086
	run analyze --redact --format "$format" $inputs
	check "analyze --redact --format $format" 0 1
done
# The progress line names each input.
# shellcheck disable=SC2086
run analyze --redact --progress always $inputs
check "analyze --redact --progress always" 0 1
# Several formats at once, written to files.
# shellcheck disable=SC2086
run analyze --redact --format "$(echo $formats | tr ' ' ,)" \
    -o "$tmp/run/report" $inputs
check "analyze --redact -o (every format)" 0 1
# Against a baseline (unredacted, kept out of the checked folder) made
# without the cloud export, so that the run lists a finding as fixed.
"$SYNCDOCTOR" analyze -q --format json --onprem "$fix/krellbottom-onprem.ldif" \
    >"$tmp/baseline.json" 2>/dev/null
# shellcheck disable=SC2086
run analyze --format text --baseline "$tmp/baseline.json" $inputs
grep -q '^Fixed since the baseline' "$tmp/run/stdout" ||
    { echo "redact: the baseline fixes nothing, the check proves little"; exit 99; }
for format in $formats; do
	# shellcheck disable=SC2086
	run analyze --redact --format "$format" --baseline "$tmp/baseline.json" \
	    $inputs
	check "analyze --redact --baseline --format $format" 0 1
done
for format in text json; do
	# shellcheck disable=SC2086
	run objects --redact --format "$format" $inputs
	check "objects --redact --format $format" 0
	# shellcheck disable=SC2086
	run objects --redact --predict --format "$format" $inputs
	check "objects --redact --predict --format $format" 0
done
# Only customer data is hidden: the words of the sentences stay (a raw
# value "user" once made every "user" in them a pseudonym).
# shellcheck disable=SC2086
run objects --redact --predict --format text $inputs
if grep -q "updates its cloud twin user 'user-" "$tmp/run/stdout"; then
	pass=$((pass + 1))
else
	echo "FAIL objects --redact --predict: the outcome sentences lost words:"
	grep predicted "$tmp/run/stdout" | sed -n 1,3p
	fail=$((fail + 1))
fi
# An unusable input: its path and the reason name it, on stderr.
: >"$tmp/zorvex-empty.ldif"
for cmd in analyze objects; do
	# shellcheck disable=SC2086
	run $cmd --redact $inputs --onprem "$tmp/zorvex-empty.ldif"
	check "$cmd --redact, an input unusable" 3
	# shellcheck disable=SC2086
	run $cmd --redact --partial $inputs --onprem "$tmp/zorvex-empty.ldif"
	check "$cmd --redact --partial, an input unusable" 0 1 3
done

echo "redact: $pass passed, $fail failed"
[ $fail -eq 0 ]
