#!/bin/sh
# junit-check.sh: the JUnit report is one a CI server trusts.
#   - it validates against tests/schema/junit.xsd (the shape Jenkins'
#     xunit plugin accepts);
#   - there is one testcase per finding, named by the finding's stable id
#     (the same ids as the JSON report);
#   - only findings at the --fail-on level that are new against --baseline
#     are failures: a run that exits 0 shows no failure at all.
# Needs xmllint and jq; skipped (77) without them.
set -u
: "${SYNCDOCTOR:?}" "${SRCDIR:?}"
command -v xmllint >/dev/null 2>&1 || { echo "junit-check: no xmllint"; exit 77; }
command -v jq >/dev/null 2>&1 || { echo "junit-check: no jq"; exit 77; }

s=$SRCDIR/testdata/sample
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
inputs="--onprem $s/onprem.ldf --cloud $s/cloud-users.csv \
--cloud $s/cloud-groups.csv --domains $s/domains.csv --roles $s/roles.csv"

# run NAME ARGS...: write NAME.xml, NAME.json and NAME.rc.
run() {
	name=$1; shift
	# shellcheck disable=SC2086
	"$SYNCDOCTOR" analyze $inputs "$@" --format junit >"$tmp/$name.xml" 2>/dev/null
	echo $? >"$tmp/$name.rc"
	# shellcheck disable=SC2086
	"$SYNCDOCTOR" analyze $inputs "$@" --format json >"$tmp/$name.json" 2>/dev/null
}

# check NAME: the checks every JUnit file must pass.
check() {
	name=$1
	if ! xmllint --noout --schema "$SRCDIR/tests/schema/junit.xsd" \
	    "$tmp/$name.xml" 2>"$tmp/$name.xsd.err"; then
		echo "FAIL $name: not valid against tests/schema/junit.xsd:"
		head -5 "$tmp/$name.xsd.err"
		fail=1
	fi
	jq -r '.findings[].id' "$tmp/$name.json" | sort >"$tmp/$name.ids"
	# The testcases named like a finding id (RULE:16 hex digits).
	xmllint --xpath '//testcase/@name' "$tmp/$name.xml" 2>/dev/null |
	    sed 's/ name="\([^"]*\)"/\1\n/g' |
	    grep -E '^[A-Za-z][A-Za-z0-9.-]*:[0-9a-f]{16}(-[0-9]+)?$' | sort >"$tmp/$name.cases"
	if ! cmp -s "$tmp/$name.ids" "$tmp/$name.cases"; then
		echo "FAIL $name: testcases are not one per finding, named by id:"
		diff "$tmp/$name.ids" "$tmp/$name.cases" | head -5
		fail=1
	fi
	nfail=$(xmllint --xpath 'count(//testcase/failure)' "$tmp/$name.xml")
	attr=$(xmllint --xpath 'string(/testsuites/@failures)' "$tmp/$name.xml")
	if [ "$nfail" != "$attr" ]; then
		echo "FAIL $name: testsuites failures=$attr, but $nfail failure elements"
		fail=1
	fi
	rc=$(cat "$tmp/$name.rc")
	if [ "$rc" = 0 ] && [ "$nfail" != 0 ]; then
		echo "FAIL $name: exit status 0, yet $nfail failures"
		fail=1
	fi
	if [ "$rc" = 1 ] && [ "$nfail" = 0 ]; then
		echo "FAIL $name: exit status 1, yet no failure"
		fail=1
	fi
	echo "$nfail" >"$tmp/$name.nfail"
}

# The sample: errors fail, warnings and infos below --fail-on do not.
run plain
check plain
n=$(cat "$tmp/plain.nfail")
nerr=$(jq '[.findings[] | select(.severity == "error")] | length' "$tmp/plain.json")
[ "$n" = "$nerr" ] || { echo "FAIL plain: $n failures for $nerr error findings"; fail=1; }

# --fail-on warning: warnings fail too.
run warn --fail-on warning
check warn
n=$(cat "$tmp/warn.nfail")
nwarn=$(jq '[.findings[] | select(.severity == "error" or .severity == "warning")] | length' \
    "$tmp/warn.json")
[ "$n" = "$nwarn" ] || { echo "FAIL warn: $n failures for $nwarn findings"; fail=1; }

# Against a baseline of itself: nothing is new, exit 0, no failure.
cp "$tmp/plain.json" "$tmp/baseline.json"
run same --baseline "$tmp/baseline.json" --fail-on info
check same
[ "$(cat "$tmp/same.rc")" = 0 ] || { echo "FAIL same: exit $(cat "$tmp/same.rc"), not 0"; fail=1; }

[ $fail = 0 ] && echo "junit-check: ok"
exit $fail
