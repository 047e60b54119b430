#!/bin/sh
# deb.sh: build the Debian package build-deb/syncdoctor_VERSION_ARCH.deb
# from the project's debian/ folder (dh with autoreconf, through
# dpkg-buildpackage), then run lintian on it.  Installs what it needs
# (tools/setup.sh --deb).  Builds in a copy of the files git knows or would
# add (not the ignored build folders) under
# build-deb/, so the work tree is never configured in place.  The unit
# tests are not run again in the package build (DEB_BUILD_OPTIONS=nocheck)
# unless DEB_CHECK=1: tools/test.sh has run them on the same code.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${DEB_BUILD:-$top/build-deb}
cd "$top"
"$top/tools/setup.sh" --deb

version=$(dpkg-parsechangelog -l debian/changelog -S Version)
upstream=$(sed -n 's/^AC_INIT(\[[^]]*\], \[\([^]]*\)\].*/\1/p' configure.ac)
if [ "${version%-*}" != "$upstream" ]; then
	echo "deb.sh: debian/changelog says $version, configure.ac $upstream" >&2
	exit 1
fi

rm -rf "$out/src"
mkdir -p "$out/src"
git ls-files -z --cached --others --exclude-standard |
    tar --null -T - -cf - | tar -xf - -C "$out/src"
cd "$out/src"
if [ "${DEB_CHECK:-0}" != 1 ]; then
	DEB_BUILD_OPTIONS="nocheck ${DEB_BUILD_OPTIONS:-}"
	export DEB_BUILD_OPTIONS
fi
dpkg-buildpackage -b -us -uc >"$out/build.log" 2>&1 ||
    { tail -n 40 "$out/build.log"; exit 1; }
cd "$out"
arch=$(dpkg --print-architecture)
deb=syncdoctor_${version}_$arch.deb
[ -f "$deb" ] || { echo "deb.sh: $deb was not made" >&2; exit 1; }

# Clean, or each tag left is overridden with its reason in
# debian/syncdoctor.lintian-overrides.
lintian --fail-on error,warning --info "syncdoctor_${version}_$arch.changes" \
    >lintian.log 2>&1 || { cat lintian.log; exit 1; }
cat lintian.log
echo "deb.sh: $out/$deb ($(wc -c <"$deb") bytes), lintian clean"
