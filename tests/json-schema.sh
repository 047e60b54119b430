#!/bin/sh
# json-schema.sh: every JSON report the golden cases expect, and one made
# against a baseline, must validate against docs/report.schema.json (the
# contract of docs/json-contract.md).  Run by make check with SYNCDOCTOR
# and SRCDIR set; exits 77 (skip) without Debian's python3-jsonschema.
set -u
: "${SYNCDOCTOR:?set SYNCDOCTOR}" "${SRCDIR:?set SRCDIR}"
cd "$SRCDIR" || exit 99
py=/usr/bin/python3
if ! "$py" -c 'import jsonschema' 2>/dev/null; then
	echo "json-schema.sh: python3-jsonschema not installed: skipped"
	exit 77
fi
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
s=testdata/sample
"$SYNCDOCTOR" analyze -q --format json -o "$tmp/base.json" \
    --onprem "$s/onprem.ldf" || [ $? -eq 1 ] || exit 99
"$SYNCDOCTOR" analyze -q --format json -o "$tmp/baseline-run.json" \
    --baseline "$tmp/base.json" --onprem "$s/onprem.ldf" \
    --cloud "$s/cloud-users.csv" --cloud "$s/cloud-groups.csv" \
    --domains "$s/domains.csv" --roles "$s/roles.csv" || [ $? -eq 1 ] ||
    exit 99
"$SYNCDOCTOR" analyze -q --redact --format json -o "$tmp/redacted.json" \
    --onprem "$s/onprem.ldf" || [ $? -eq 1 ] || exit 99
files="$tmp/base.json $tmp/baseline-run.json $tmp/redacted.json"
for args in $(find testdata/golden testdata/rules -name '*.args' |
    LC_ALL=C sort); do
	if grep -q '^analyze .*--format json' "$args"; then
		files="$files ${args%.args}.out"
	fi
done
# shellcheck disable=SC2086
"$py" - docs/report.schema.json $files <<'PY'
import json, sys
import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
bad = 0
for path in sys.argv[2:]:
    doc = json.load(open(path, encoding="utf-8"))
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    for e in errors[:5]:
        print(f"FAIL {path}: {'/'.join(map(str, e.path))}: {e.message}")
    bad += bool(errors)
    # the accounting the contract promises, for every input
    for i in doc["inputs"]:
        if i["records"] != i["accepted"] + i["rejected"] + i["skipped"]:
            print(f"FAIL {path}: {i['path']}: records do not add up")
            bad += 1
    # every in-scope object gets exactly one predicted outcome
    s = doc["summary"]
    if sum(s["predicted"].values()) != s["objects"]["onpremInScope"]:
        print(f"FAIL {path}: predicted outcomes do not add up")
        bad += 1
    # reconciliation marks every finding, or none
    marked = sum("reconciliation" in f for f in doc["findings"])
    if marked not in (0, len(doc["findings"])) or (doc["findings"] and
            (marked > 0) != ("reconciliation" in s)):
        print(f"FAIL {path}: reconciliation marks only some findings")
        bad += 1
print(f"json-schema: {len(sys.argv) - 2 - bad} passed, {bad} failed")
sys.exit(1 if bad else 0)
PY
