#!/bin/sh
# test.sh: install, build and run the whole test suite: the Check suites
# and end-to-end golden tests (make check), valgrind on end-to-end cases,
# hostile inputs (tests/hostile.sh), a real Samba AD directory
# (tests/samba.sh), the same suite under AddressSanitizer and
# UndefinedBehaviorSanitizer, a clang build, ThreadSanitizer over the rules
# on several threads, a libFuzzer smoke run of every
# parser (FUZZ_SECONDS each, default 60), the style lint, the Windows
# build under wine (tests/wine.sh), the Debian package unpacked and run
# (tests/deb.sh), and make distcheck.  The second of the README's two commands; .ci/run runs it.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=$(nproc 2>/dev/null || echo 2)

step() { printf '\n==== %s\n' "$*"; }

# optional COMMAND...: run a test script; its exit 77 (automake's SKIP:
# a tool is missing) is reported and let through, any other failure stops.
optional() {
	rc=0
	"$@" || rc=$?
	if [ $rc -eq 77 ]; then
		echo "SKIPPED: $* (see its message above)"
	elif [ $rc -ne 0 ]; then
		exit 1
	fi
}

step "dependencies"
tools/setup.sh --test

step "build (gcc) and make check"
tools/build.sh build
make -C build -s -j"$jobs" check || { cat build/test-suite.log; exit 1; }

step "lint"
make -C build -s lint

step "valgrind: end-to-end cases under memcheck"
optional env SYNCDOCTOR=build/syncdoctor tests/valgrind.sh

step "hostile inputs: refused or bounded, nothing lost, outputs escaped"
optional env SYNCDOCTOR=build/syncdoctor tests/hostile.sh

step "a real directory: Samba AD provisioned offline, exported, analyzed"
optional env SYNCDOCTOR=build/syncdoctor tests/samba.sh

step "ASan + UBSan build and make check"
tools/build.sh build-san --enable-sanitizers
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    make -C build-san -s -j"$jobs" check ||
    { cat build-san/test-suite.log; exit 1; }

step "clang build and make check"
tools/build.sh build-clang CC=clang
make -C build-clang -s -j"$jobs" check ||
    { cat build-clang/test-suite.log; exit 1; }

step "ThreadSanitizer: the rules on several threads"
optional tests/tsan.sh

step "fuzz smoke: every input parser, ${FUZZ_SECONDS:-60} s each"
optional fuzz/run.sh "${FUZZ_SECONDS:-60}"

step "Windows: syncdoctor.exe cross-built (tools/win.sh), tested under wine"
optional tools/win.sh
optional env NATIVE=build/syncdoctor tests/wine.sh

step "Debian package: built (tools/deb.sh), unpacked and run (tests/deb.sh)"
optional tools/deb.sh
optional env NATIVE=build/syncdoctor tests/deb.sh

step "make distcheck"
make -C build -s distcheck >build/distcheck.log 2>&1 ||
    { tail -50 build/distcheck.log; exit 1; }
grep -E '^(# |PASS|FAIL|ERROR)' build/distcheck.log | tail -8 || true

step "all tests passed"
