#!/bin/sh
# wine.sh: the Windows build (tools/win.sh) under wine.  Runs the whole
# end-to-end golden suite (tests/golden.sh) against syncdoctor.exe, then
# the Windows habits the golden files cannot show: backslash and
# drive-letter paths, non-ASCII file names, paths past MAX_PATH, CRLF and
# UTF-16 exports as Windows PowerShell 5.1 writes them, replacing an
# existing report, --timings figures, the progress line.  The output must be the Linux
# program's, byte for byte, but for the path as typed (docs/windows.md).
#
# Exit 77 (skip) only when wine is missing or cannot start.  Environment:
# EXE (default build-win/syncdoctor.exe), NATIVE (a Linux build to
# compare with, default build/syncdoctor), WINEPREFIX (default
# build-win/wine, made on first use).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 99
exe=${EXE:-$top/build-win/syncdoctor.exe}
native=${NATIVE:-$top/build/syncdoctor}
[ -f "$exe" ] || { echo "wine.sh: $exe missing (run tools/win.sh)"; exit 99; }
[ -x "$native" ] ||
    { echo "wine.sh: $native missing (tools/build.sh)"; exit 99; }

# Quiet and headless: no debug channels, no X display, no prompt for the
# Mono and Gecko add-ons a console program never uses.
export WINEPREFIX=${WINEPREFIX:-$top/build-win/wine}
export WINEDEBUG=-all WINEARCH=win64 WINEDLLOVERRIDES='mscoree,mshtml='
unset DISPLAY WAYLAND_DISPLAY
wine=$(command -v wine || command -v wine64) ||
    { echo "wine.sh: SKIP: no wine (tools/setup.sh --win)"; exit 77; }
mkdir -p "$WINEPREFIX"
if ! timeout 300 "$wine" "$exe" --version >"$WINEPREFIX/start.log" 2>&1; then
	echo "wine.sh: SKIP: wine cannot start here:"
	tail -n 5 "$WINEPREFIX/start.log"
	exit 77
fi

tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$wine" "$exe" >"$tmp/syncdoctor"
chmod +x "$tmp/syncdoctor"

echo "wine.sh: the golden suite against $exe"
SYNCDOCTOR=$tmp/syncdoctor SRCDIR=$top "$top/tests/golden.sh"
golden_rc=$?

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL windows: $*"; }

# run NAME WINDOWS-PATH UNIX-PATH ARGS...: the exe given a file by its
# Windows spelling must print what the Linux build prints for the Unix
# one, once the path is spelled the same.
run() {
	name=$1 winpath=$2 unixpath=$3
	shift 3
	NO_COLOR=1 SOURCE_DATE_EPOCH=0 "$tmp/syncdoctor" analyze "$@" \
	    "$winpath" >"$tmp/w.out" 2>"$tmp/w.err" </dev/null
	wrc=$?
	NO_COLOR=1 SOURCE_DATE_EPOCH=0 "$native" analyze "$@" \
	    "$unixpath" >"$tmp/n.out" 2>"$tmp/n.err" </dev/null
	nrc=$?
	for part in out err; do
		# The text report doubles a backslash, as in every value.
		FROM=$unixpath TO=$(printf '%s' "$winpath" |
		    sed 's/\\/\\\\/g') awk '{
			from = ENVIRON["FROM"]; to = ENVIRON["TO"]; out = ""
			while ((i = index($0, from)) > 0) {
				out = out substr($0, 1, i - 1) to
				$0 = substr($0, i + length(from))
			}
			print out $0 }' "$tmp/n.$part" >"$tmp/n.$part.win"
		if ! cmp -s "$tmp/n.$part.win" "$tmp/w.$part"; then
			bad "$name: std$part differs from Linux:"
			diff -u "$tmp/n.$part.win" "$tmp/w.$part" | head -20
			return
		fi
	done
	[ "$wrc" -eq "$nrc" ] || { bad "$name: exit $wrc, Linux $nrc"; return; }
	[ "$wrc" -le 1 ] || { bad "$name: exit $wrc: input refused"; return; }
	ok
}

s=testdata/sample
run "backslash path" 'testdata\sample\onprem.ldf' "$s/onprem.ldf"
run "drive letter" "Z:$(echo "$top/$s/onprem.ldf" | tr / '\\')" \
    "$top/$s/onprem.ldf"

# Letters outside every ANSI code page: only a UTF-8 argv and _wfopen
# get there.
mkdir -p "$tmp/Zürich"
cp "$s/onprem.ldf" "$tmp/Zürich/Ünïcødé-日本-ΣΩ.ldf"
run "non-ASCII name" "$tmp/Zürich/Ünïcødé-日本-ΣΩ.ldf" \
    "$tmp/Zürich/Ünïcødé-日本-ΣΩ.ldf"

# Past MAX_PATH (260): the \\?\ form.
long=$tmp
for i in 1 2 3 4 5 6; do
	long=$long/folder-with-a-long-name-to-pass-max-path-$i
done
mkdir -p "$long"
cp "$s/onprem.ldf" "$long/onprem.ldf"
run "path past MAX_PATH" "Z:$(echo "$long/onprem.ldf" | tr / '\\')" \
    "$long/onprem.ldf"

# Windows PowerShell 5.1's Export-Csv -Encoding Unicode: UTF-16LE with a
# BOM and CRLF; read as the UTF-8 file it was made from.  (The sample's
# LDIF has ldifde's CRLF already.)
{ printf '\377\376'; sed 's/\r*$/\r/' "$s/cloud-users.csv" |
    iconv -f UTF-8 -t UTF-16LE; } >"$tmp/users-ps51.csv"
run "UTF-16 CRLF export" "$tmp/users-ps51.csv" "$s/cloud-users.csv" \
    --onprem "$s/onprem.ldf" --cloud

# -o over an existing report: MoveFileExW must replace it, and no
# temporary file may stay behind.
mkdir -p "$tmp/out"
echo old >"$tmp/out/report.json"
"$tmp/syncdoctor" analyze --format json -o "$tmp/out/report.json" \
    "$s/onprem.ldf" >/dev/null 2>&1 </dev/null
"$native" analyze --format json -o "$tmp/native.json" "$s/onprem.ldf" \
    >/dev/null 2>&1 </dev/null
if ! cmp -s "$tmp/out/report.json" "$tmp/native.json"; then
	bad "-o over an existing file: report not replaced"
elif [ "$(ls "$tmp/out")" != report.json ]; then
	bad "-o left files behind: $(ls "$tmp/out" | tr '\n' ' ')"
else
	ok
fi

# --timings: processor time and peak memory come from Windows' counters.
"$tmp/syncdoctor" analyze --timings "$s/onprem.ldf" \
    >/dev/null 2>"$tmp/timings" </dev/null
if awk 'NR > 1 && $3 + 0 > 0 { found = 1 } END { exit !found }' \
    "$tmp/timings"; then
	ok
else
	bad "--timings shows no peak memory:"
	cat "$tmp/timings"
fi

# The progress line knows a non-ASCII file's size: it shows a percentage.
# The line is drawn only once a file has taken 250 ms, checked every 4096
# records: the file must be large enough to be slow even as parsing gets
# faster (20,000 objects stopped being slow enough on 2026-12-06).
gendir=$(dirname "$native")/tools/gendir
mkdir -p "$tmp/gen"
if "$gendir" -n 100000 -o "$tmp/gen" >/dev/null 2>&1; then
	mv "$tmp/gen/onprem.ldf" "$tmp/Zürich/große-Domäne.ldf"
	"$tmp/syncdoctor" analyze --progress always \
	    "$tmp/Zürich/große-Domäne.ldf" >/dev/null 2>"$tmp/progress" </dev/null
	if grep -q 'große-Domäne.ldf: .* of .*%)' "$tmp/progress"; then ok; else
		bad "no percentage in the progress line:"
		tr '\r' '\n' <"$tmp/progress" | tail -n 3
	fi
else
	bad "$gendir cannot make the large input"
fi

echo "windows: $pass passed, $fail failed"
[ "$golden_rc" -eq 0 ] && [ "$fail" -eq 0 ]
