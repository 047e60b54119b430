#!/bin/sh
# golden.sh: end-to-end tests of the syncdoctor program on fixture folders
# (mandoc's regress/ idea).  Every NAME.args file under testdata/golden/
# and testdata/rules/ holds one command line (run from the source
# directory); its expected stdout, stderr and exit status are NAME.out,
# NAME.err and NAME.exit beside it.  tests/regen-golden.sh rewrites them,
# on purpose only.  Run by make check with SYNCDOCTOR and SRCDIR set.
# Every case runs with SYNCDOCTOR_SELF_CHECK set: syncdoctor then checks
# that every finding agrees with the one predicted outcome per object
# (rules/verdict.h) and fails with exit 70 when one does not.
set -u
: "${SYNCDOCTOR:?set SYNCDOCTOR to the program under test}"
: "${SRCDIR:?set SRCDIR to the source directory}"
cd "$SRCDIR" || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

run_case() {
	args=$1
	base=${args%.args}
	set -f
	# shellcheck disable=SC2046
	set -- $(cat "$args")
	set +f
	SOURCE_DATE_EPOCH=0 NO_COLOR=1 SYNCDOCTOR_SELF_CHECK=1 \
	    "$SYNCDOCTOR" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	echo $? >"$tmp/exit"
	ok=1
	for part in out err exit; do
		if [ ! -f "$base.$part" ]; then
			echo "FAIL $args: $base.$part missing (run tests/regen-golden.sh)"
			ok=0
		elif ! cmp -s "$tmp/$part" "$base.$part"; then
			echo "FAIL $args: $part differs:"
			diff -u "$base.$part" "$tmp/$part" | head -40
			ok=0
		fi
	done
	if [ $ok -eq 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
}

for args in $(find testdata/golden testdata/rules -name '*.args' 2>/dev/null |
    LC_ALL=C sort); do
	run_case "$args"
done
echo "golden: $pass passed, $fail failed"
[ $((pass + fail)) -gt 0 ] || { echo "golden: no cases found"; exit 99; }
[ $fail -eq 0 ]
