#!/bin/sh
# dist.sh: the two things consultants install, from a fresh clone on
# Debian 12 in one command: build-win/syncdoctor.exe (tools/win.sh) and
# build-deb/syncdoctor_VERSION_ARCH.deb (tools/deb.sh).  Installs what
# both need; a re-run reuses the Windows libraries already built.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/tools/win.sh"
"$top/tools/deb.sh"
echo
echo "dist.sh: $top/build-win/syncdoctor.exe"
ls "$top"/build-deb/syncdoctor_*.deb | sed 's/^/dist.sh: /'
