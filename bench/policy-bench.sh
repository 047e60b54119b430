#!/bin/sh
# bench/policy-bench.sh [OBJECTS] [REPS]: what tenant policies cost.
# Times `syncdoctor analyze` on a tools/gendir directory of OBJECTS
# on-premises objects (default 100000, reused from bench/run.sh's data
# folder) with no policy, with the 19 policies of bench/policies-20.ini
# that read modelled attributes, and with all 20 (the last reads
# extensionAttribute7, so the table keeps raw values).  Prints a Markdown
# table of the medians of REPS runs (default 3): wall and CPU seconds,
# peak RSS, and the time added.  Not part of make check.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
n=${1:-100000}
reps=${2:-3}
data=${BENCH_DATA:-build/bench-data}
dir="$data/n$n"
tools/build.sh build >/dev/null
if [ ! -f "$dir/onprem.ldf" ]; then
	mkdir -p "$dir"
	build/tools/gendir -n "$n" -s 1 -o "$dir"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
# The 19 modelled policies: everything before the last section.
awk '/^\[policy cost-centre\]/ { exit } { print }' bench/policies-20.ini \
    >"$tmp/policies-19.ini"
cat "$dir/onprem.ldf" "$dir"/cloud-*.csv >/dev/null	# warm the cache

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# run NAME [--policy FILE]: "wall cpu rss_mib", medians of reps runs
run() {
	name=$1
	shift
	: >"$tmp/$name.times"
	i=0
	while [ $i -lt "$reps" ]; do
		/usr/bin/time -f '%e %U %S %M' -o "$tmp/$name.time" \
		    build/syncdoctor analyze -q --format json -o /dev/null \
		    --onprem "$dir/onprem.ldf" --cloud "$dir/cloud-users.csv" \
		    --cloud "$dir/cloud-groups.csv" --domains "$dir/domains.csv" \
		    --roles "$dir/roles.csv" "$@" || [ $? -eq 1 ]
		# The last line: time says "exited with non-zero status" first.
		tail -1 "$tmp/$name.time" | awk '{ printf "%s %.2f %.0f\n",
		    $1, $2 + $3, $4 / 1024 }' >>"$tmp/$name.times"
		i=$((i + 1))
	done
	for k in 1 2 3; do
		cut -d' ' -f$k "$tmp/$name.times" | median
	done | paste -sd' '
}

base=$(run none)
p19=$(run p19 --policy "$tmp/policies-19.ini")
p20=$(run p20 --policy bench/policies-20.ini)
echo "| $n objects | wall s | cpu s | peak RSS MiB | wall added |"
echo "|---|---:|---:|---:|---:|"
for row in "no policy|$base" "19 policies, modelled attributes|$p19" \
    "20 policies, one on extensionAttribute7 (raw values kept)|$p20"; do
	set -- ${row#*|}
	echo "${row%%|*}|$1|$2|$3|${base%% *}" | awk -F'|' '{
		printf "| %s | %.2f | %.2f | %d | %+.2f s (%+.0f%%) |\n",
		    $1, $2, $3, $4, $2 - $5, 100 * ($2 - $5) / $5 }'
done
