#!/bin/sh
# win.sh: cross-build syncdoctor.exe for Windows x64 with mingw-w64, one
# file with no DLLs: libxml2, libcsv, jansson and PCRE2 are built for
# mingw from Debian's source packages of the versions this machine's
# -dev packages have (apt-get source), and linked statically, as is
# winpthreads.  Installs what it needs (tools/setup.sh --win), adds a
# deb-src entry when apt has none.  The libraries are cached under
# build-win/deps/ (a re-run only builds syncdoctor); the program is
# build-win/syncdoctor.exe.  Environment: WIN_BUILD (the build folder),
# WIN_DEPS (where the libraries are kept, default WIN_BUILD/deps: one
# outside the clone serves every clone on the machine).
#
# A new library is one line in LIBRARIES and, if it needs options, one
# case in configure_args.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${WIN_BUILD:-$top/build-win}
host=x86_64-w64-mingw32
# The POSIX-threads flavour of the compiler: its runtime uses winpthreads,
# whose static library is in Debian's mingw-w64-x86-64-dev.
cc=$host-gcc-posix
deps=${WIN_DEPS:-$out/deps}
prefix=$deps/prefix
jobs=$(nproc 2>/dev/null || echo 2)

# The -dev package of each library the program links: its Debian source
# package at the same version is built for Windows.
LIBRARIES="libcsv-dev libjansson-dev libpcre2-dev libxml2-dev"

# configure options for a source package: each library as small as the
# program allows, and told it is static (its own programs link it so).
configure_args() {
	case $1 in
	libxml2)
		# No converters (the input layer hands libxml2 UTF-8), no
		# compression, no network, no catalogs, no Python.
		echo CPPFLAGS=-DLIBXML_STATIC \
		    --without-iconv --without-icu --without-zlib \
		    --without-lzma --without-python --without-http \
		    --without-ftp --without-modules --without-catalog \
		    --without-debug --without-docbook --without-legacy ;;
	pcre2)
		# 8-bit code units only (the default), with the JIT.
		echo CPPFLAGS=-DPCRE2_STATIC --enable-jit \
		    --disable-pcre2grep-libz \
		    --disable-pcre2grep-libbz2 --disable-pcre2test-libedit \
		    --disable-pcre2test-libreadline ;;
	*)
		echo ;;
	esac
}

say() { printf 'win.sh: %s\n' "$*"; }

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi

# apt-get as root; apt's sandbox user cannot read freshly fetched indexes
# on some build machines, so retry without the sandbox when it fails.
apt_root() {
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -qq "$@" ||
	    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -qq \
		-o APT::Sandbox::User=root "$@"
}

# apt-get source into the current folder, with the same fallback.
apt_source() {
	apt-get -qq source "$@" >source.log 2>&1 ||
	    apt-get -qq -o APT::Sandbox::User=root source "$@" >>source.log 2>&1
}

# Give apt the deb-src entries of its Debian deb entries, once.
add_deb_src() {
	list=/etc/apt/sources.list.d/syncdoctor-deb-src.sources
	src=$(dpkg-query -W -f='${source:Package}' libcsv-dev)
	apt-cache showsrc "$src" 2>/dev/null | grep -q '^Package:' && return 0
	say "adding the deb-src entries apt-get source needs ($list)"
	{
		# deb822 files: every stanza of Types: deb, as deb-src.
		for f in /etc/apt/sources.list.d/*.sources; do
			[ -f "$f" ] && [ "$f" != "$list" ] || continue
			awk 'BEGIN { RS = ""; ORS = "\n\n" }
			    /(^|\n)Types:[^\n]*deb([ \n]|$)/ && /debian/ {
				sub(/Types:[^\n]*/, "Types: deb-src"); print }' "$f"
		done
		# one-line sources.list entries, as deb822.
		[ -f /etc/apt/sources.list ] &&
		    awk '$1 == "deb" && /debian/ {
			i = 2
			if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
			printf "Types: deb-src\nURIs: %s\nSuites: %s\nComponents:",
			    $i, $(i + 1)
			for (j = i + 2; j <= NF; j++) printf " %s", $j
			printf "\n\n" }' /etc/apt/sources.list
	} | $SUDO tee "$list" >/dev/null
	apt_root update
}

# apt-get source of src at version ver, or else of the newest other
# Debian revision of the same upstream version apt knows (a security
# update's source can be missing from a mirror that has its binaries).
fetch_source() {
	upstream=${2%-*}
	for v in "$2" $(apt-cache showsrc "$1" | sed -n 's/^Version: //p' |
	    sort -rV | grep -Fx -v "$2" | grep "^$upstream-" || true); do
		if apt_source "$1=$v"; then
			[ "$v" = "$2" ] ||
			    say "$1 $2: no source to fetch, built $v instead"
			echo "$v" >source.version
			return 0
		fi
		rm -rf ./*
	done
	cat source.log >&2
	return 1
}

# automake's copy of an auxiliary file such as config.sub.
automake_file() {
	ls /usr/share/automake-*/"$1" | tail -n 1
}

# Fetch, configure, build and install one library into $prefix, unless
# the same version is there already.
build_library() {
	dev=$1
	src=$(dpkg-query -W -f='${source:Package}' "$dev")
	ver=$(dpkg-query -W -f='${source:Version}' "$dev")
	stamp=$prefix/stamps/$src-$ver
	[ -f "$stamp" ] && return 0
	say "building $src $ver for $host"
	work=$deps/src/$src-$ver
	rm -rf "$work"
	mkdir -p "$work"
	(
		cd "$work"
		fetch_source "$src" "$ver"
		dir=$(find . -mindepth 1 -maxdepth 1 -type d | head -1)
		cd "$dir"
		# Regenerate what Debian's patches made stale (dh_autoreconf).
		if [ ! -x configure ] || [ configure.ac -nt configure ] ||
		    [ -n "$(find . -name Makefile.am -newer configure)" ]; then
			nice -n 10 autoreconf -fi >autoreconf.log 2>&1 ||
			    { tail -n 20 autoreconf.log; exit 1; }
		fi
		# Current config.guess and config.sub, which know mingw and
		# this machine (as Debian's dh_update_autotools_config does).
		for f in config.guess config.sub; do
			for d in . build-aux; do
				[ -f "$d/$f" ] && cp "$(automake_file "$f")" "$d/$f"
			done
		done
		# shellcheck disable=SC2046
		nice -n 10 ./configure -q --build="$(./config.guess)" \
		    --host="$host" --prefix="$prefix" \
		    --disable-shared --enable-static CC="$cc" CFLAGS="-O2" \
		    $(configure_args "$src") >configure.log 2>&1 ||
		    { tail -n 30 configure.log config.log; exit 1; }
		nice -n 10 make -s -j"$jobs" >make.log 2>&1 ||
		    { tail -n 40 make.log; exit 1; }
		make -s install >install.log 2>&1 ||
		    { tail -n 20 install.log; exit 1; }
	)
	mkdir -p "$prefix/stamps"
	touch "$stamp"
}

"$top/tools/setup.sh" --win
add_deb_src
for dev in $LIBRARIES; do
	build_library "$dev"
done

say "building syncdoctor.exe"
cd "$top"
if [ ! -x configure ] || [ configure.ac -nt configure ] ||
    [ Makefile.am -nt Makefile.in ]; then
	autoreconf -fi >/dev/null
fi
mkdir -p "$out/obj"
cd "$out/obj"
if [ ! -f Makefile ] || [ "$top/configure" -nt config.status ]; then
	# Only our libraries: no .pc file of the build machine may leak in.
	PKG_CONFIG_LIBDIR=$prefix/lib/pkgconfig PKG_CONFIG_PATH='' \
	    "$top/configure" -q --host="$host" CC="$cc" \
	    PKG_CONFIG="pkg-config --static" \
	    CPPFLAGS="-I$prefix/include" LDFLAGS="-L$prefix/lib"
fi
make -s -j"$jobs" syncdoctor.exe
$host-strip -o "$out/syncdoctor.exe" syncdoctor.exe

# One file: the only DLLs it may import are Windows' own.
dlls=$($host-objdump -p "$out/syncdoctor.exe" |
    sed -n 's/^[[:space:]]*DLL Name: //p' | tr 'A-Z' 'a-z' | sort -u)
for dll in $dlls; do
	case $dll in
	kernel32.dll|msvcrt.dll|shell32.dll|psapi.dll|user32.dll|advapi32.dll|\
	ws2_32.dll|bcrypt.dll|api-ms-win-*) ;;
	*) say "syncdoctor.exe needs $dll: not a single file" >&2; exit 1 ;;
	esac
done
say "$out/syncdoctor.exe: $(wc -c <"$out/syncdoctor.exe") bytes, imports:" $dlls
