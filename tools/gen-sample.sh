#!/bin/sh
# gen-sample.sh: regenerate testdata/sample, the synthetic directory the
# README's first command analyzes.  Run from anywhere; the output only
# depends on gendir.c and the arguments below, not on the compiler.
#
#   tools/gen-sample.sh            build gendir with $CC (default cc)
#   GENDIR=build/tools/gendir tools/gen-sample.sh   use a built gendir

set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/testdata/sample
tmp=

cleanup() {
	if [ -n "$tmp" ]; then
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

if [ -n "${GENDIR:-}" ]; then
	gendir=$GENDIR
	if [ ! -x "$gendir" ]; then
		echo "gen-sample.sh: GENDIR '$gendir' is not executable" >&2
		exit 1
	fi
else
	# gendir.c is standalone C11: no configure step needed.
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/gen-sample.XXXXXX")
	gendir=$tmp/gendir
	${CC:-cc} -std=c11 -O2 -o "$gendir" "$top/tools/gendir.c"
fi

mkdir -p "$out"
"$gendir" -n 300 -s 42 -p 20 -f contoso.com -t contoso -o "$out"
echo "gen-sample.sh: wrote $out"
