#!/bin/sh
# bench/readbench.sh FORMAT FILE [REPEAT]: time one parser alone (no table,
# no rules) on FILE, REPEAT times (default 3), with the parsers of the
# build in build/ (tools/build.sh first).  Prints records, values and a
# hash of everything the parser emitted and said, so two builds can be
# compared for identical output as well as for time.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 2 ] || { echo "usage: $0 FORMAT FILE [REPEAT]" >&2; exit 2; }
bin="$top/build/bench/readbench"
mkdir -p "$top/build/bench"
if [ ! -x "$bin" ] || [ "$top/build/parsers/libparsers.a" -nt "$bin" ] ||
    [ "$top/bench/readbench.c" -nt "$bin" ]; then
	# shellcheck disable=SC2046
	${CC:-cc} -std=c11 -O2 -g -DHAVE_CONFIG_H -I "$top/build" \
	    -I "$top/lib" -I "$top/parsers" "$top/bench/readbench.c" \
	    "$top/build/parsers/libparsers.a" "$top/build/lib/libsdlib.a" \
	    $(pkg-config --libs libxml-2.0 jansson libpcre2-8) -lcsv -o "$bin"
fi
exec "$bin" "$1" "$2" "${3:-3}"
