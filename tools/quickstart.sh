#!/bin/sh
# quickstart.sh: install the dependencies, build, and analyze the bundled
# sample exports (testdata/sample/), printing the report.  The first of the
# README's two commands.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
tools/setup.sh
tools/build.sh build
s=testdata/sample
set +e
build/syncdoctor analyze \
    --onprem "$s/onprem.ldf" \
    --cloud "$s/cloud-users.csv" --cloud "$s/cloud-groups.csv" \
    --domains "$s/domains.csv" --roles "$s/roles.csv" "$@"
rc=$?
set -e
# 1 means "error findings": the sample has them on purpose.
if [ "$rc" -le 1 ]; then
	echo
	echo "quickstart: done (syncdoctor exit status $rc: 0 clean, 1 findings)."
	exit 0
fi
echo "quickstart: syncdoctor failed with exit status $rc" >&2
exit "$rc"
