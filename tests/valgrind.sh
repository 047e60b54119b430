#!/bin/sh
# valgrind.sh: run representative end-to-end cases under valgrind's
# memcheck: no invalid reads or writes, no use of uninitialised memory,
# no definite or indirect leaks.  Run by tools/test.sh; exits 77 (skip)
# when valgrind is not installed.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
prog=${SYNCDOCTOR:-$top/build/syncdoctor}
cd "$top" || exit 99
command -v valgrind >/dev/null 2>&1 || {
	echo "valgrind.sh: valgrind not installed: skipped"
	exit 77
}
s=testdata/sample
fail=0
run() {
	if ! valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect "$prog" "$@" \
	    >/dev/null 2>"${TMPDIR:-/tmp}/valgrind.$$"; then
		if grep -q '^==[0-9]*==' "${TMPDIR:-/tmp}/valgrind.$$"; then
			echo "FAIL valgrind: syncdoctor $*"
			head -40 "${TMPDIR:-/tmp}/valgrind.$$"
			fail=1
			return
		fi
	fi
	echo "ok   valgrind: syncdoctor $*"
}
for f in json text html csv md junit; do
	run analyze --format "$f" --onprem "$s/onprem.ldf" \
	    --cloud "$s/cloud-users.csv" --cloud "$s/cloud-groups.csv" \
	    --domains "$s/domains.csv" --roles "$s/roles.csv"
done
run analyze testdata/golden/hostile/hostile.ldif
run objects --format json testdata/styles/ldbsearch.ldif
run objects --format text testdata/styles/ldifde.ldf
for f in $(ls testdata/cloud/* 2>/dev/null | grep -v README); do
	run objects --format json --cloud "$f"
done
run analyze testdata/golden/cli/binary.ldif
rm -f "${TMPDIR:-/tmp}/valgrind.$$"
exit $fail
