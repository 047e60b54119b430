#!/bin/sh
# bench/run.sh [SIZES] [REPS]: the benchmark (make bench).  Generates
# synthetic directories with tools/gendir (SIZES on-premises objects each,
# with their cloud side, default "125000 250000 500000 1000000 2000000":
# each size twice the one before, for the growth table), then times, on the
# same files and with a warm page cache: `wc -l` over the inputs (the
# floor), `syncdoctor analyze` with all rules, and two reference peers that
# merely parse the LDIF (python-ldap and Perl's Net::LDAP::LDIF, at the
# sizes in BENCH_PEER_SIZES).  Wall time is the median of REPS runs
# (default 3); CPU time (user + system) and peak RSS come from
# /usr/bin/time -v.  One more run per size with --timings gives the phase
# table.  Then:
#   - thread scaling: analyze at BENCH_THREAD_SIZE (default 1000000) with
#     --threads 1, 2 and 4, the speed-up against one thread;
#   - the big run: one analyze of BENCH_HUGE objects (default 5000000,
#     16 GB of data; empty to skip) against the 5 GiB bound.
# Writes bench/RESULTS.md: the tables, then the hand-written
# bench/analysis.md (profile, targets, the gap).  Data that exists is
# reused: point BENCH_DATA at a folder holding nN/ folders (or symlinks to
# them) to skip generating several GB.  Not part of make check: it takes
# many minutes.
# Word splitting of inputs and of time_cmd's three numbers is meant:
# shellcheck disable=SC2046,SC2086
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sizes=${1:-125000 250000 500000 1000000 2000000}
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
			case $name in
			sd* | th* | huge) findings=1 ;;
			*) findings="" ;;
			esac
			if ! grep -q 'Exit status: 1$' "$data/$name.time" ||
			    [ -z "$findings" ]; then
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

# gen N: the directory of N generated objects, made when missing.
gen() {
	if [ ! -f "$data/n$1/onprem.ldf" ]; then
		mkdir -p "$data/n$1"
		build/tools/gendir -n "$1" -s 1 -o "$data/n$1" >/dev/null
	fi
	echo "$data/n$1"
}

# inputs DIR: analyze's input options for the files of DIR, split on
# blanks by the caller (hence no blanks in BENCH_DATA).
inputs() {
	echo "--onprem $1/onprem.ldf --cloud $1/cloud-users.csv" \
	    "--cloud $1/cloud-groups.csv --domains $1/domains.csv" \
	    "--roles $1/roles.csv"
}
case $data in
*[[:space:]]*) echo "bench: BENCH_DATA must not hold blanks" >&2; exit 2 ;;
esac
sdcmd="build/syncdoctor analyze -q --format json -o /dev/null"

for n in $sizes; do
	dir=$(gen "$n")
	ldf="$dir/onprem.ldf"
	set -- "$ldf" "$dir/cloud-users.csv" "$dir/cloud-groups.csv"
	mb=$(du -cm "$@" | awk 'END { print $1 }')
	cat "$@" >/dev/null	# warm the page cache
	wc=$(time_cmd "wc$n" wc -l "$@")
	sd=$(time_cmd "sd$n" $sdcmd $(inputs "$dir"))
	echo "$n $sd" >>"$data/growth.tmp"
	# One more run for the phase table (exit 1 means findings).
	$sdcmd --timings $(inputs "$dir") 2>"$data/timings$n.txt" ||
	    [ $? -eq 1 ]
	py="" pl=""
	# The peers are slow (python-ldap about 70 s and Perl 125 s at 1M):
	# one run each, at the sizes in BENCH_PEER_SIZES.
	case " ${BENCH_PEER_SIZES:-125000 1000000} " in
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
} >>"$results.tmp"

# Growth: each size against the one before it (the target: twice the
# objects for at most 2.1 times the time and memory).
{
	echo
	echo "## Growth: each size against the one before"
	echo
	echo "| objects | × objects | × wall | × cpu | × peak RSS |"
	echo "|---:|---:|---:|---:|---:|"
	awk 'NR > 1 { printf "| %d | %.2f | %.2f | %.2f | %.2f |\n", $1, $1 / n,
		$2 / w, $4 / c, $3 / r }
	    { n = $1; w = $2; r = $3; c = $4 }' "$data/growth.tmp"
} >>"$results.tmp"
rm -f "$data/growth.tmp"

# Thread scaling: the same size on 1, 2 and 4 threads (--threads 1 keeps
# the parse on the main thread too).
tn=${BENCH_THREAD_SIZE:-1000000}
if [ -n "$tn" ]; then
	dir=$(gen "$tn")
	{
		echo
		echo "## Threads: $tn objects on $(nproc) cores"
		echo
		echo "| --threads | wall s | cpu s | peak RSS MiB | speed-up |"
		echo "|---:|---:|---:|---:|---:|"
	} >>"$results.tmp"
	one=""
	for k in 1 2 4; do
		set -- $(time_cmd "th$k" $sdcmd --threads "$k" $(inputs "$dir"))
		one=${one:-$1}
		awk -v k="$k" -v s="$1" -v r="$2" -v c="$3" -v one="$one" 'BEGIN {
			printf "| %d | %.2f | %.2f | %.0f | %.2f |\n", k, s, c,
			    r / 1024, one / s }' >>"$results.tmp"
	done
fi

# The big run: once, for its memory.
hn=${BENCH_HUGE-5000000}
if [ -n "$hn" ]; then
	dir=$(gen "$hn")
	mb=$(du -cm "$dir/onprem.ldf" "$dir"/cloud-*.csv | awk 'END { print $1 }')
	set -- $(reps=1 time_cmd "huge" $sdcmd $(inputs "$dir"))
	$sdcmd --timings $(inputs "$dir") 2>"$data/timings$hn.txt" ||
	    [ $? -eq 1 ]
	{
		echo
		echo "## The big run: $hn objects and their cloud side ($mb MB), once"
		echo
		echo "| wall s | cpu s | peak RSS MiB | within 5 GiB |"
		echo "|---:|---:|---:|---|"
		awk -v s="$1" -v r="$2" -v c="$3" 'BEGIN {
			printf "| %.2f | %.2f | %.0f | %s |\n", s, c, r / 1024,
			    r <= 5 * 1048576 ? "yes" : "no" }'
	} >>"$results.tmp"
	sizes="$sizes $hn"
fi

{
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
