#!/bin/sh
# build.sh [DIR [CONFIGURE-ARGS...]]: configure (once) and build syncdoctor
# out of tree in DIR (default build/).  Regenerates the build system only
# when configure is missing or older than its sources.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-build}
[ $# -gt 0 ] && shift
cd "$top"
if [ ! -x configure ] || [ configure.ac -nt configure ] ||
    [ Makefile.am -nt Makefile.in ]; then
	autoreconf -fi >/dev/null
fi
mkdir -p "$dir"
cd "$dir"
if [ ! -f Makefile ] || [ "$top/configure" -nt config.status ]; then
	"$top/configure" -q "$@"
fi
make -s -j"$(nproc 2>/dev/null || echo 2)"
