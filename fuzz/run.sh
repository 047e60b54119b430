#!/bin/sh
# fuzz/run.sh [SECONDS] [FORMAT...]: build a libFuzzer harness per input
# format with clang, AddressSanitizer and UndefinedBehaviorSanitizer, and
# run each for SECONDS (default 60) on a seed corpus taken from testdata/.
# Crashes land in fuzz/out/FORMAT/ as crash-*: turn each into a fixture
# and a test.  Long runs: fuzz/run.sh 3600 ldif.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
secs=${1:-60}
[ $# -gt 0 ] && shift
formats=${*:-ldif graph-csv clixml graph-json}

if ! command -v clang >/dev/null 2>&1; then
	echo "fuzz: clang not installed (tools/setup.sh --test installs it)" >&2
	exit 77
fi
tools/build.sh build-fuzz CC=clang >/dev/null
out=build-fuzz/fuzz
mkdir -p "$out"
flags="-std=c11 -g -O1 -fsanitize=fuzzer-no-link,address,undefined \
-fno-sanitize-recover=all -I build-fuzz -I src -I parsers -I rules \
$(pkg-config --cflags libxml-2.0 jansson libpcre2-8)"
libs="$(pkg-config --libs libxml-2.0 jansson libpcre2-8) -lcsv"
srcs=$(ls src/*.c parsers/*.c rules/*.c | grep -v 'src/main.c')

# One object set for all harnesses: built when a source is newer.
objs=""
for s in $srcs; do
	o="$out/$(echo "$s" | tr / _ | sed 's/\.c$/.o/')"
	if [ ! -f "$o" ] || [ "$s" -nt "$o" ]; then
		# shellcheck disable=SC2086
		clang $flags -DHAVE_CONFIG_H -c "$s" -o "$o"
	fi
	objs="$objs $o"
done

status=0
for f in $formats; do
	bin="$out/fuzz-$f"
	# shellcheck disable=SC2086
	clang $flags -fsanitize=fuzzer -DHAVE_CONFIG_H \
	    -DFUZZ_FORMAT="\"$f\"" fuzz/fuzz_input.c $objs $libs -o "$bin"
	corpus="$out/corpus-$f"
	mkdir -p "$corpus" "fuzz/out/$f"
	case $f in
	ldif) pat='*.ld*' ;;
	graph-csv) pat='*.csv' ;;
	clixml) pat='*.*xml' ;;
	graph-json) pat='*.json' ;;
	*) pat='*' ;;
	esac
	find testdata -type f -name "$pat" -size -200k \
	    -exec cp {} "$corpus/" \; 2>/dev/null || true
	dict=""
	[ -f "fuzz/$f.dict" ] && dict="-dict=fuzz/$f.dict"
	echo "fuzz: $f for ${secs}s"
	# shellcheck disable=SC2086
	if ! "$bin" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 \
	    -artifact_prefix="fuzz/out/$f/" -print_final_stats=1 $dict \
	    "$corpus" 2>"$out/$f.log"; then
		tail -40 "$out/$f.log"
		echo "fuzz: $f FAILED: see fuzz/out/$f/" >&2
		status=1
	fi
	grep -E 'stat::number_of_executed_units|cov:' "$out/$f.log" |
	    tail -2 || true
done
exit $status
