#!/bin/sh
# deb.sh: check the Debian package tools/deb.sh built.  Unpacks it into a
# scratch root (dpkg -x) and runs the installed program there: --version
# must name the package's version, and the bundled sample analyzed as
# tools/quickstart.sh does must give the report the build tree's program
# gives.  With CI=true as root, also installs it with dpkg -i, runs
# /usr/bin/syncdoctor and the manual page, and removes it again.
#
# Environment: DEB (default build-deb/syncdoctor_VERSION_ARCH.deb),
# NATIVE (the program to compare with, default build/syncdoctor).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 99
version=$(dpkg-parsechangelog -l debian/changelog -S Version) || exit 99
arch=$(dpkg --print-architecture)
deb=${DEB:-$top/build-deb/syncdoctor_${version}_$arch.deb}
native=${NATIVE:-$top/build/syncdoctor}
[ -f "$deb" ] || { echo "deb.sh: $deb missing (run tools/deb.sh)"; exit 99; }
[ -x "$native" ] ||
    { echo "deb.sh: $native missing (tools/build.sh)"; exit 99; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL deb: $*"; }

s=testdata/sample
# sample PROGRAM OUT: the sample analyzed as tools/quickstart.sh does;
# the report and the exit status into OUT.
sample() {
	NO_COLOR=1 SOURCE_DATE_EPOCH=0 "$1" analyze --onprem "$s/onprem.ldf" \
	    --cloud "$s/cloud-users.csv" --cloud "$s/cloud-groups.csv" \
	    --domains "$s/domains.csv" --roles "$s/roles.csv" \
	    >"$2" 2>&1 </dev/null
	echo "exit $?" >>"$2"
}

# check PROGRAM WHERE: the version line and the sample's report.
check() {
	got=$("$1" --version 2>&1)
	if [ "$got" = "syncdoctor ${version%-*}" ]; then ok; else
		bad "$2: --version says '$got'"; fi
	sample "$1" "$tmp/package.out"
	sample "$native" "$tmp/native.out"
	if [ "$(tail -n 1 "$tmp/package.out")" != "exit 1" ]; then
		bad "$2: the sample's analysis did not end in 1 (findings):"
		tail -n 5 "$tmp/package.out"
	elif ! cmp -s "$tmp/package.out" "$tmp/native.out"; then
		bad "$2: the sample's report differs from $native:"
		diff -u "$tmp/native.out" "$tmp/package.out" | head -20
	else
		ok
	fi
}

dpkg -x "$deb" "$tmp/root" || { echo "deb.sh: dpkg -x failed"; exit 1; }
for f in usr/bin/syncdoctor usr/share/man/man1/syncdoctor.1.gz \
    usr/share/doc/syncdoctor/copyright usr/share/doc/syncdoctor/README.md.gz; do
	if [ -f "$tmp/root/$f" ]; then ok; else bad "the package lacks /$f"; fi
done
if [ -f docs/policy-example.ini ]; then
	f=usr/share/doc/syncdoctor/examples/policy-example.ini
	if [ -f "$tmp/root/$f" ]; then ok; else bad "the package lacks /$f"; fi
fi
check "$tmp/root/usr/bin/syncdoctor" "dpkg -x"

if [ "${CI:-}" = true ] && [ "$(id -u)" -eq 0 ]; then
	if dpkg -i "$deb" >"$tmp/dpkg.log" 2>&1; then
		check /usr/bin/syncdoctor "dpkg -i"
		if man -w syncdoctor >/dev/null 2>&1 ||
		    [ -f /usr/share/man/man1/syncdoctor.1.gz ]; then ok; else
			bad "dpkg -i: no manual page"; fi
		dpkg -r syncdoctor >/dev/null 2>&1 || bad "dpkg -r failed"
	else
		bad "dpkg -i failed:"
		cat "$tmp/dpkg.log"
	fi
fi

echo "deb: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
