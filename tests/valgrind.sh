#!/bin/sh
# valgrind.sh: end-to-end cases under valgrind's memcheck: no invalid
# reads or writes, no use of uninitialised memory, no definite or indirect
# leaks.  The cases are the golden ones (tests/golden.sh): every case under
# testdata/golden/ and the first of each rule's folders under
# testdata/rules/; then `objects` on every cloud fixture and `analyze` on
# the fuzzers' regression fixtures.  Not a check of the output or the exit
# status (0 to 3 are all fine here): golden.sh does that.  Run by tools/test.sh;
# exits 77 (skip) when valgrind is not installed.
#
# valgrind's error exit is 99, not 1: syncdoctor itself exits 1 when it
# finds errors in the directory, which is what many cases expect.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
prog=${SYNCDOCTOR:-$top/build/syncdoctor}
case $prog in /*) ;; *) prog=$(pwd)/$prog ;; esac
cd "$top" || exit 99
command -v valgrind >/dev/null 2>&1 || {
	echo "valgrind.sh: valgrind not installed: skipped"
	exit 77
}
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

# run ARGS...: syncdoctor ARGS under memcheck must exit 0 to 3 with
# nothing said by valgrind.
run() {
	SOURCE_DATE_EPOCH=0 NO_COLOR=1 valgrind -q --error-exitcode=99 \
	    --leak-check=full --errors-for-leak-kinds=definite,indirect \
	    "$prog" "$@" >/dev/null 2>"$tmp/err" </dev/null
	status=$?
	why=""
	if grep -q '^==[0-9]*==' "$tmp/err"; then
		why="valgrind reports"
	elif [ "$status" -gt 3 ]; then
		why="exit $status"
	fi
	if [ -z "$why" ]; then
		pass=$((pass + 1))
		echo "ok   valgrind: syncdoctor $*"
	else
		fail=$((fail + 1))
		echo "FAIL valgrind: syncdoctor $*: $why"
		grep '^==[0-9]*==' "$tmp/err" | head -40
	fi
}

# golden ARGS_FILE: one golden case, as tests/golden.sh runs it.
golden() {
	set -f
	# shellcheck disable=SC2046
	set -- $(cat "$1")
	set +f
	run "$@"
}

for args in $(find testdata/golden -name '*.args' | LC_ALL=C sort); do
	golden "$args"
done
for rule in testdata/rules/*/; do
	args=$(find "$rule" -name '*.args' | LC_ALL=C sort | head -1)
	[ -n "$args" ] && golden "$args"
done
for f in testdata/cloud/*; do
	case $f in *.md) continue ;; esac
	run objects --format json --cloud "$f"
done
for f in testdata/hostile/*; do
	case $f in *.md) continue ;; esac
	run analyze --format json "$f"
done
echo "valgrind: $pass passed, $fail failed"
[ $fail -eq 0 ]
