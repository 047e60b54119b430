#!/bin/sh
# test.sh: install, build and run the whole test suite: the Check suites
# and end-to-end golden tests (make check), valgrind on end-to-end cases,
# the same suite under AddressSanitizer and UndefinedBehaviorSanitizer, a
# clang build, a libFuzzer smoke run of every parser, the style lint, and
# make distcheck.  The second of the README's two commands; .ci/run runs it.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=$(nproc 2>/dev/null || echo 2)

step() { printf '\n==== %s\n' "$*"; }

step "dependencies"
tools/setup.sh --test

step "build (gcc) and make check"
tools/build.sh build
make -C build -s -j"$jobs" check || { cat build/test-suite.log; exit 1; }

step "lint"
make -C build -s lint

step "valgrind: end-to-end cases under memcheck"
SYNCDOCTOR=build/syncdoctor tests/valgrind.sh

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

step "fuzz smoke: every input parser, ${FUZZ_SECONDS:-30} s each"
fuzz/run.sh "${FUZZ_SECONDS:-30}"

step "make distcheck"
make -C build -s distcheck >build/distcheck.log 2>&1 ||
    { tail -50 build/distcheck.log; exit 1; }
grep -E '^(# |PASS|FAIL|ERROR)' build/distcheck.log | tail -8 || true

step "all tests passed"
