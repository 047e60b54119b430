#!/bin/sh
# fuzz/run.sh [SECONDS] [FORMAT...]: build a libFuzzer harness per input
# format with clang, AddressSanitizer and UndefinedBehaviorSanitizer, replay
# the regression fixtures of testdata/hostile/ through it, then fuzz each
# for SECONDS (default 60) from a seed corpus taken from testdata/ and the
# format's dictionary (fuzz/FORMAT.dict).  The corpus grows across runs in
# build-fuzz/fuzz/corpus-FORMAT.  Crashes land in fuzz/out/FORMAT/ as
# crash-*: turn each into a fixture under testdata/hostile/ and a test.
#
# Long runs, one harness at a time on a shared machine:
#   nice -n 19 fuzz/run.sh 600 ldif
# FUZZ_HARNESS=parse builds harnesses that stop once the table is loaded
# (no rules, no reports): several times the executions per second, for
# long runs aimed at the parsers; the default, full, runs everything.
# FUZZ_MAX_LEN caps an input (default 65536 bytes): a smaller cap (4096)
# runs many times more executions per second; the large inputs are
# tests/hostile.sh's.
# FUZZ_RUNS stops a harness after that many executions (libFuzzer's -runs)
# or at SECONDS, whichever comes first: FUZZ_RUNS=10000000 with a generous
# SECONDS runs exactly the ten million executions a long run asks for.
# The format "policy" fuzzes the policy file reader and the policy checks
# (fuzz/fuzz_policy.c) from the *.ini files of testdata/ and docs/.
# Exits 77 (skip) when clang or libFuzzer is missing.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
secs=${1:-60}
[ $# -gt 0 ] && shift
formats=${*:-ldif graph-csv clixml graph-json policy}

if ! command -v clang >/dev/null 2>&1; then
	echo "fuzz: clang not installed (tools/setup.sh --test installs it)" >&2
	exit 77
fi
tools/build.sh build-fuzz CC=clang >/dev/null
out=build-fuzz/fuzz
mkdir -p "$out"
# The workbook writer is built where configure found libxlsxwriter.
pkgs="libxml-2.0 jansson libpcre2-8"
grep -q '^#define HAVE_XLSXWRITER 1' build-fuzz/config.h && pkgs="$pkgs xlsxwriter"
flags="-std=c11 -g -O1 -pthread -fsanitize=fuzzer-no-link,address,undefined \
-fno-sanitize-recover=all -DLDIF_BLOCK=4096 -I build-fuzz -I lib -I parsers -I src -I rules -I report \
$(pkg-config --cflags $pkgs)"
libs="$(pkg-config --libs $pkgs) -lcsv -pthread"

# A link test first: without libclang-rt-*-dev there is no libFuzzer.
probe="$out/probe"
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n)\n%s\n' \
    '{ (void)d; (void)n; return 0; }' >"$probe.c"
if ! clang -fsanitize=fuzzer "$probe.c" -o "$probe" 2>/dev/null; then
	echo "fuzz: clang has no libFuzzer (install libclang-rt-14-dev)" >&2
	exit 77
fi

# stale OBJ SRC: OBJ is missing or older than SRC or any header.
stale() {
	[ ! -f "$1" ] || [ -n "$(find "$2" lib parsers src rules report \
	    build-fuzz/config.h -name '*.[ch]' -newer "$1" 2>/dev/null |
	    head -1)" ]
}

# One object set for all harnesses, rebuilt where stale.
objs=""
for s in lib/*.c parsers/*.c src/*.c rules/*.c report/*.c; do
	[ "$s" = cli/main.c ] && continue
	# The Windows layer is for mingw builds; this one is POSIX.
	[ "$s" = lib/platform_win.c ] && continue
	o="$out/$(echo "$s" | tr / _ | sed 's/\.c$/.o/')"
	if stale "$o" "$s"; then
		# shellcheck disable=SC2086
		clang $flags -DHAVE_CONFIG_H -c "$s" -o "$o"
	fi
	objs="$objs $o"
done

# seed FORMAT DIR: copy the fixtures of FORMAT into DIR.  Cloud fixtures
# holding roles or domains get the harness's marker byte (1, 2) appended.
seed() {
	case $1 in
	ldif) pat='*.ld*' ;;
	graph-csv) pat='*.csv' ;;
	clixml) pat='*.*xml' ;;
	graph-json) pat='*.json*' ;;
	policy) pat='*.ini' ;;
	*) pat='*' ;;
	esac
	{ find testdata -type f -name "$pat" -size -200k
	  [ "$1" = policy ] && echo docs/policy-example.ini
	} | while read -r src; do
		dst="$2/$(echo "$src" | tr / _)"
		cp "$src" "$dst"
		case $1:$src in
		ldif:* | policy:*) ;;
		*role*) printf '\001' >>"$dst" ;;
		*domain*) printf '\002' >>"$dst" ;;
		esac
	done
}

# regress BIN FORMAT: every fixture of testdata/hostile/ (crashes found
# before) must go through cleanly, whatever its format.
regress() {
	set -- "$1" "$out/$2.regress.log" testdata/hostile/*
	for fixture in "$@"; do
		case $fixture in "$1" | "$2" | *.md) continue ;; esac
		[ -f "$fixture" ] || continue
		if ! "$1" "$fixture" >"$2" 2>&1; then
			tail -40 "$2"
			echo "fuzz: fixture $fixture crashes the harness" >&2
			return 1
		fi
	done
}

status=0
harness=${FUZZ_HARNESS:-full}
case $harness in
full) only="" ;;
parse) only=-DFUZZ_PARSE_ONLY ;;
*) echo "fuzz: FUZZ_HARNESS is full or parse, not '$harness'" >&2; exit 2 ;;
esac
for f in $formats; do
	bin="$out/fuzz-$f-$harness"
	harness_src=fuzz/fuzz_input.c
	[ "$f" = policy ] && harness_src=fuzz/fuzz_policy.c
	# shellcheck disable=SC2086
	clang $flags $only -fsanitize=fuzzer -DHAVE_CONFIG_H \
	    -DFUZZ_FORMAT="\"$f\"" $harness_src $objs $libs -o "$bin"
	regress "$bin" "$f" || { status=1; continue; }
	corpus="$out/corpus-$f"
	mkdir -p "$corpus" "fuzz/out/$f"
	seed "$f" "$corpus"
	dict=""
	[ -f "fuzz/$f.dict" ] && dict="-dict=fuzz/$f.dict"
	echo "fuzz: $f ($harness harness) for ${secs}s"
	# shellcheck disable=SC2086
	if ! "$bin" -max_total_time="$secs" -max_len="${FUZZ_MAX_LEN:-65536}" \
	    -rss_limit_mb=2048 -runs="${FUZZ_RUNS:--1}" \
	    -timeout=30 -artifact_prefix="fuzz/out/$f/" -print_final_stats=1 \
	    $dict "$corpus" 2>"$out/$f.log"; then
		tail -40 "$out/$f.log"
		echo "fuzz: $f FAILED: see fuzz/out/$f/" >&2
		status=1
	fi
	# The figures: executions, speed, coverage, corpus.
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$f.log")
	last=$(grep -E '^#[0-9]+.*(cov|ft):' "$out/$f.log" | tail -1 || true)
	echo "fuzz: $f ($harness): $execs executions; ${last#*	}" |
	    sed 's/  */ /g'
done
exit $status
