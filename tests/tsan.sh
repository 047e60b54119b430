#!/bin/sh
# tsan.sh: the rules run on several threads (analysis.c) and big inputs
# are parsed on a thread of their own (input.c); build with clang's
# ThreadSanitizer in build-tsan/ and run what exercises them: the ci suite
# (the same report on 1, 2, 3 and 8 threads, --timings), the input suite
# (every fixture loaded through the parser thread) and the sample
# analyzed on 4 threads, with the example tenant policies running beside
# the rules (their compiled patterns are shared), and 3,000 generated
# objects on 4 threads (the match simulation's shares).  Any data race
# stops with TSan's report.
# Exits 77 (skip) without clang or its ThreadSanitizer runtime.  Run by
# tools/test.sh.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
if ! command -v clang >/dev/null 2>&1; then
	echo "tsan: clang not installed (tools/setup.sh --test installs it)" >&2
	exit 77
fi
probe=$(mktemp -d) || exit 1
printf 'int main(void) { return 0; }\n' >"$probe/p.c"
if ! clang -fsanitize=thread "$probe/p.c" -o "$probe/p" 2>/dev/null; then
	rm -rf "$probe"
	echo "tsan: clang has no ThreadSanitizer runtime (libclang-rt-*-dev)" >&2
	exit 77
fi
rm -rf "$probe"
tools/build.sh build-tsan CC=clang CFLAGS="-g -O1 -fsanitize=thread" \
    LDFLAGS=-fsanitize=thread --disable-werror || exit 1
make -C build-tsan -s tests/check_ci tests/check_input || exit 1
export TSAN_OPTIONS="halt_on_error=1 exitcode=66"
for suite in check_ci check_input; do
	(cd build-tsan && SRCDIR="$top" CK_DEFAULT_TIMEOUT=600 \
	    SYNCDOCTOR="$top/build-tsan/syncdoctor" "./tests/$suite") ||
	    { echo "FAIL tsan: $suite"; exit 1; }
done
s=testdata/sample
build-tsan/syncdoctor analyze -q --threads 4 --format json -o /dev/null \
    --onprem $s/onprem.ldf --cloud $s/cloud-users.csv \
    --cloud $s/cloud-groups.csv --domains $s/domains.csv --roles $s/roles.csv \
    --policy docs/policy-example.ini
rc=$?
# 1 means findings, which the sample has; 66 is a race.
if [ $rc -ne 1 ]; then
	echo "FAIL tsan: analyze of the sample on 4 threads (exit $rc)"
	exit 1
fi
# 3,000 generated objects: the match simulation splits them over the
# threads too (it keeps fewer than 1,000 a thread on one), and the 9 MB
# LDIF goes through the parser thread.
make -C build-tsan -s tools/gendir || exit 1
gen=$(mktemp -d) || exit 1
trap 'rm -rf "$gen"' EXIT INT TERM
build-tsan/tools/gendir -n 3000 -s 3 -o "$gen" >/dev/null || exit 1
build-tsan/syncdoctor analyze -q --threads 4 --format json -o /dev/null \
    --onprem "$gen/onprem.ldf" --cloud "$gen/cloud-users.csv" \
    --cloud "$gen/cloud-groups.csv" --domains "$gen/domains.csv" \
    --roles "$gen/roles.csv"
rc=$?
if [ $rc -ne 1 ]; then
	echo "FAIL tsan: analyze of 3,000 generated objects on 4 threads (exit $rc)"
	exit 1
fi
echo "ok   tsan: no data race in the ci and input suites, the sample or 3,000 generated objects on 4 threads"
