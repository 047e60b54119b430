#!/bin/sh
# threads.sh: the report and every message are the same whatever
# --threads says.  A generated directory big enough (over 4 MiB of LDIF)
# for its parse to run on a thread of its own is analyzed with
# --threads 1 (everything on the main thread), 2 and 4 (a parser thread
# beside the loader, the rules on 2 and 4 threads); stdout in each report
# format and stderr must be byte-identical.  Run by make check with
# SYNCDOCTOR and SRCDIR set; gendir is the build's tools/gendir.
set -u
: "${SYNCDOCTOR:?set SYNCDOCTOR}" "${SRCDIR:?set SRCDIR}"
gendir=$(dirname "$SYNCDOCTOR")/tools/gendir
[ -x "$gendir" ] || { echo "SKIP threads: no $gendir"; exit 77; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/d" && "$gendir" -n 2500 -s 7 -o "$tmp/d" >/dev/null || exit 99
d=$tmp/d
size=$(wc -c <"$d/onprem.ldf")
if [ "$size" -le 4194304 ]; then
	echo "FAIL threads: $size bytes of LDIF is too small to be parsed on a thread"
	exit 1
fi
fail=0
for fmt in json text csv; do
	for n in 1 2 4; do
		"$SYNCDOCTOR" analyze --threads "$n" --format "$fmt" \
		    --onprem "$d/onprem.ldf" --cloud "$d/cloud-users.csv" \
		    --cloud "$d/cloud-groups.csv" --domains "$d/domains.csv" \
		    --roles "$d/roles.csv" >"$tmp/out.$n" 2>"$tmp/err.$n"
		echo $? >"$tmp/rc.$n"
	done
	for n in 2 4; do
		for f in out err rc; do
			if ! cmp -s "$tmp/$f.1" "$tmp/$f.$n"; then
				echo "FAIL threads: --format $fmt: $f differs between --threads 1 and $n"
				diff "$tmp/$f.1" "$tmp/$f.$n" | head -10
				fail=$((fail + 1))
			fi
		done
	done
	if [ "$(cat "$tmp/rc.1")" != 1 ] || [ ! -s "$tmp/out.1" ]; then
		echo "FAIL threads: --format $fmt: exit $(cat "$tmp/rc.1"), want 1 (findings) and a report"
		fail=$((fail + 1))
	fi
done
[ $fail -eq 0 ] && echo "ok   threads: the same report and messages on 1, 2 and 4 threads"
[ $fail -eq 0 ]
