#!/bin/sh
# setup.sh: install what syncdoctor needs to build and test, from Debian's
# packages (apt-get, non-interactive; through sudo when not root).  Does
# nothing when everything is already installed, so a rerun is fast.
set -eu

PACKAGES="gcc make autoconf automake pkg-config libc6-dev \
libxml2-dev libcsv-dev libpcre2-dev libjansson-dev check libxlsxwriter-dev"

case "${1:-}" in
--test)
	# clang for the second compiler build and the fuzzers (libFuzzer
	# lives in libclang-rt), valgrind for the memory checks, chromium
	# to render the HTML report in a real browser (poppler-utils to
	# count the pages it prints), python3-jsonschema
	# for the JSON report schema test, python3-openpyxl to read the xlsx
	# workbook back (tests/xlsx-check.sh), xmllint (libxml2-utils) for the
	# JUnit schema (tests/junit-check.sh), jq and GNU time for the hostile
	# inputs, and a Samba AD database made offline for tests/samba.sh
	# (samba-tool needs the provision data, the dsdb and vfs modules).
	PACKAGES="$PACKAGES clang libclang-rt-14-dev valgrind chromium \
	    libxml2-utils poppler-utils \
	    python3-jsonschema python3-openpyxl jq time samba samba-ad-provision \
	    samba-dsdb-modules samba-vfs-modules ldb-tools" ;;
--win)
	# tools/win.sh: the mingw-w64 cross compiler (its POSIX-threads
	# flavour, whose winpthreads links statically), dpkg-dev for
	# apt-get source, the -dev packages whose versions the Windows
	# libraries copy, libtool for sources without configure (jansson),
	# and wine to run the .exe's tests.
	PACKAGES="$PACKAGES gcc-mingw-w64-x86-64 mingw-w64-x86-64-dev \
	    dpkg-dev libtool wine wine64" ;;
--deb)
	# tools/deb.sh: Debian's packaging tools and lintian.
	PACKAGES="$PACKAGES dpkg-dev debhelper fakeroot lintian" ;;
--bench)
	# the reference peers and GNU time for peak memory
	PACKAGES="$PACKAGES python3 python3-ldap libnet-ldap-perl time" ;;
esac

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "setup.sh: need root or sudo to install:$missing" >&2
	exit 1
fi
echo "setup.sh: installing:$missing"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends $missing
