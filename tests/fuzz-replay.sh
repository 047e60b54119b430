#!/bin/sh
# fuzz-replay.sh: every fuzz harness, built with this build's compiler
# (tests/fuzz_replay_*), over the fuzzers' regression fixtures
# (testdata/hostile/) and the input fixtures of its format, so that a
# crash once found stays fixed in every build, sanitizers included.
# Run by make check.
set -u
top=${SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
bin=$(pwd)/tests
fail=0
for f in ldif graph_csv clixml graph_json policy; do
	case $f in
	ldif) pat='*.ld*' ;;
	graph_csv) pat='*.csv' ;;
	clixml) pat='*.*xml' ;;
	graph_json) pat='*.json*' ;;
	policy) pat='*.ini' ;;
	esac
	# shellcheck disable=SC2046
	set -- $(find "$top/testdata/hostile" -type f ! -name '*.md'
	    find "$top/testdata" -type f -name "$pat" -size -200k |
	    grep -v '/hostile/' | LC_ALL=C sort | head -200
	    [ $f = policy ] && echo "$top/docs/policy-example.ini")
	if "$bin/fuzz_replay_$f" "$@"; then
		echo "ok   fuzz replay $f: $# inputs"
	else
		echo "FAIL fuzz replay $f"
		fail=1
	fi
done
exit $fail
