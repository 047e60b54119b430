#!/bin/sh
# regen-golden.sh [SYNCDOCTOR]: rewrite the expected NAME.out, NAME.err and
# NAME.exit of every golden case from the current program.  Review the
# diff like code before committing it.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
prog=${1:-$top/build/syncdoctor}
cd "$top" || exit 1
for args in $(find testdata/golden testdata/rules -name '*.args' |
    LC_ALL=C sort); do
	base=${args%.args}
	set -f
	# shellcheck disable=SC2046
	set -- $(cat "$args")
	set +f
	SOURCE_DATE_EPOCH=0 NO_COLOR=1 "$prog" "$@" >"$base.out" 2>"$base.err" </dev/null
	echo $? >"$base.exit"
	echo "regenerated $base"
done
