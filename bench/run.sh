#!/bin/sh
# bench/run.sh [SIZES] [REPS]: the benchmark (make bench).  Generates
# synthetic directories with tools/gendir (SIZES objects each, default
# "100000 500000 1000000": 500k against 1M is the 2x growth step), then times, on the same files and with a warm page
# cache: `wc -l` over the inputs (the floor), `syncdoctor analyze` with all
# rules, and two reference peers that merely parse the LDIF (python-ldap
# and Perl's Net::LDAP::LDIF).  Wall time is the median of REPS runs
# (default 3); CPU time (user + system) and peak RSS come from
# /usr/bin/time -v.  One more run per size with --timings gives the
# phase table.  Writes bench/RESULTS.md: the tables, then the
# hand-written bench/analysis.md (profile, targets, the gap).  Data that
# exists is reused: point BENCH_DATA at a folder holding nN/ folders (or
# symlinks to them) to skip generating several GB.  Not part of make
# check: it takes minutes.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sizes=${1:-100000 500000 1000000}
reps=${2:-3}
data=${BENCH_DATA:-build/bench-data}
results=bench/RESULTS.md

tools/setup.sh --bench
tools/build.sh build
mkdir -p "$data"

# median of the numbers on stdin
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# time_cmd NAME CMD...: prints "seconds peak_kib cpu_seconds", each the
# median over the runs
time_cmd() {
	name=$1
	shift
	: >"$data/$name.times"
	i=0
	while [ $i -lt "$reps" ]; do
		if ! /usr/bin/time -v -o "$data/$name.time" "$@" \
		    >"$data/$name.stdout" 2>"$data/$name.stderr"; then
			# exit 1 from syncdoctor means findings: expected here
			if ! grep -q 'Exit status: 1$' "$data/$name.time" ||
			    [ "$name" = "${name#sd}" ]; then
				echo "bench: $name failed:" >&2
				cat "$data/$name.stderr" >&2
				exit 1
			fi
		fi
		wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
			n = split($2, p, ":"); s = 0
			for (k = 1; k <= n; k++) s = s * 60 + p[k]
			print s }' "$data/$name.time")
		rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' \
		    "$data/$name.time")
		cpu=$(awk -F': ' '/(User|System) time/ { s += $2 }
			END { print s }' "$data/$name.time")
		echo "$wall $rss $cpu" >>"$data/$name.times"
		i=$((i + 1))
	done
	w=$(cut -d' ' -f1 "$data/$name.times" | median)
	r=$(cut -d' ' -f2 "$data/$name.times" | median)
	c=$(cut -d' ' -f3 "$data/$name.times" | median)
	echo "$w $r $c"
}

{
	echo "# syncdoctor benchmark"
	echo
	echo "Made by \`make bench\` (bench/run.sh) on $(date -u +%Y-%m-%d)."
	echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo),"
	echo "$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)."
	echo "Median of $reps runs, page cache warm; syncdoctor $(build/syncdoctor --version | cut -d' ' -f2)."
	echo
	echo "Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)."
	echo
	echo "| objects | input MB | tool | wall s | cpu s | records/s | MB/s | peak RSS MiB | × wc -l | × python-ldap |"
	echo "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"
} >"$results.tmp"

for n in $sizes; do
	dir="$data/n$n"
	if [ ! -f "$dir/onprem.ldf" ]; then
		mkdir -p "$dir"
		build/tools/gendir -n "$n" -s 1 -o "$dir"
	fi
	ldf="$dir/onprem.ldf"
	set -- "$ldf" "$dir/cloud-users.csv" "$dir/cloud-groups.csv"
	mb=$(du -cm "$@" | awk 'END { print $1 }')
	cat "$@" >/dev/null	# warm the page cache
	wc=$(time_cmd "wc$n" wc -l "$@")
	sd=$(time_cmd "sd$n" build/syncdoctor analyze -q --format json \
	    -o /dev/null --onprem "$ldf" --cloud "$dir/cloud-users.csv" \
	    --cloud "$dir/cloud-groups.csv" --domains "$dir/domains.csv" \
	    --roles "$dir/roles.csv")
	# One more run for the phase table (exit 1 means findings).
	build/syncdoctor analyze -q --timings --format json -o /dev/null \
	    --onprem "$ldf" --cloud "$dir/cloud-users.csv" \
	    --cloud "$dir/cloud-groups.csv" --domains "$dir/domains.csv" \
	    --roles "$dir/roles.csv" 2>"$data/timings$n.txt" || [ $? -eq 1 ]
	py="" pl=""
	# The peers are slow (python-ldap about 70 s and Perl 125 s at 1M):
	# one run each, at the sizes in BENCH_PEER_SIZES.
	case " ${BENCH_PEER_SIZES:-100000 1000000} " in
	*" $n "*)
		py=$(reps=1 time_cmd "py$n" /usr/bin/python3 bench/peer_python.py "$ldf")
		pl=$(reps=1 time_cmd "pl$n" perl bench/peer_perl.pl "$ldf")
		;;
	esac
	wcs=${wc%% *}
	pys=${py%% *}
	for row in "wc -l|$wc" "syncdoctor analyze|$sd" \
	    "python-ldap parse|$py" "Net::LDAP::LDIF parse|$pl"; do
		tool=${row%%|*}
		val=${row#*|}
		[ -n "$val" ] || continue
		set -- $val
		awk -v n="$n" -v mb="$mb" -v tool="$tool" -v s="$1" -v k="$2" \
		    -v c="$3" -v wcs="$wcs" -v pys="${pys:-}" 'BEGIN {
			if (s <= 0) s = 0.01
			printf "| %d | %d | %s | %.2f | %.2f | %.0f | %.0f | %.0f | %.1f | %s |\n",
			    n, mb, tool, s, c, n / s, mb / s, k / 1024, s / wcs,
			    pys == "" ? "" : sprintf("%.3f", s / pys)
		}' >>"$results.tmp"
	done
done
{
	echo
	echo "Records/s counts on-premises objects (the cloud rows come on top)."
	echo "× columns: this tool's time divided by wc -l's and by python-ldap's on"
	echo "the same files (below 1 in the last column means faster than python-ldap)."
	echo "cpu s is user + system time: on a shared machine it moves less than wall s."
	echo
	echo "## Where the time and memory go: \`analyze --timings\`, one run per size"
	echo
	echo "Peak RSS is the process's peak so far at the end of each phase."
	for n in $sizes; do
		echo
		echo "$n objects:"
		echo
		echo '```'
		sed "s|$data/n$n/||" "$data/timings$n.txt"
		echo '```'
	done
	if [ -f bench/analysis.md ]; then
		echo
		cat bench/analysis.md
	fi
} >>"$results.tmp"
mv "$results.tmp" "$results"
cat "$results"
