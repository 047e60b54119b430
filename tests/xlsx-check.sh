#!/bin/sh
# xlsx-check.sh: the xlsx workbook read back with a real reader (Python's
# openpyxl, Debian python3-openpyxl): its sheets, the Findings rows
# against the JSON report's (finding, object) pairs, frozen header rows,
# autofilters, the Decision drop-down, numbers stored as numbers, values
# starting with '=' stored as strings and never as formulas
# (testdata/reports/formula.ldf), the provisioning errors no finding
# predicted with their dates as dates (testdata/golden/reconcile), bytes
# XML cannot hold shown escaped (testdata/reports/invalid-utf8.ldf), and
# no real DN, UPN or path left in a --redact workbook.  Run by make check with SYNCDOCTOR, SRCDIR and
# SD_HAVE_XLSX (yes or no, from configure) set.  A build without
# libxlsxwriter must refuse --format xlsx with a usage error naming the
# package; then, or without python3-openpyxl, it exits 77 (skip).
set -u
: "${SYNCDOCTOR:?set SYNCDOCTOR}" "${SRCDIR:?set SRCDIR}"
cd "$SRCDIR" || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
s=testdata/sample
set -- --onprem "$s/onprem.ldf" --cloud "$s/cloud-users.csv" \
    --cloud "$s/cloud-groups.csv" --domains "$s/domains.csv" \
    --roles "$s/roles.csv"

if [ "${SD_HAVE_XLSX:-yes}" = no ]; then
	"$SYNCDOCTOR" analyze -q --format xlsx -o "$tmp/a.xlsx" "$@" \
	    2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne 2 ] || ! grep -q "no xlsx support.*libxlsxwriter-dev" \
	    "$tmp/err"; then
		echo "xlsx-check.sh: a build without libxlsxwriter must refuse --format xlsx (exit 2, naming libxlsxwriter-dev), got exit $rc:" >&2
		cat "$tmp/err" >&2
		exit 1
	fi
	echo "xlsx-check.sh: built without libxlsxwriter: skipped"
	exit 77
fi
py=/usr/bin/python3
if ! "$py" -c 'import openpyxl' 2>/dev/null; then
	echo "xlsx-check.sh: python3-openpyxl not installed: skipped"
	exit 77
fi

# A workbook is binary: refused on a terminal without -o (script(1) from
# util-linux gives the run one), written when stdout is a pipe or file.
if command -v script >/dev/null 2>&1; then
	script -qec "'$SYNCDOCTOR' analyze -q --format xlsx testdata/reports/formula.ldf" \
	    /dev/null >"$tmp/tty" 2>&1
	rc=$?
	if [ "$rc" -ne 2 ] || ! grep -q "writes a binary file: give -o" "$tmp/tty"; then
		echo "xlsx-check.sh: --format xlsx to a terminal gave exit $rc, not a usage error:" >&2
		head -c 300 "$tmp/tty" >&2
		exit 1
	fi
fi
"$SYNCDOCTOR" analyze -q --format xlsx testdata/reports/formula.ldf \
    >"$tmp/piped.xlsx"
[ $? -eq 1 ] && [ "$(head -c 2 "$tmp/piped.xlsx")" = PK ] || {
	echo "xlsx-check.sh: --format xlsx to a pipe or file wrote no workbook" >&2
	exit 1
}

run() {
	"$SYNCDOCTOR" analyze -q "$@" || [ $? -eq 1 ] || {
		echo "xlsx-check.sh: syncdoctor analyze $* failed" >&2
		exit 1
	}
}
run --format json -o "$tmp/sample.json" "$@"
run --format xlsx -o "$tmp/sample.xlsx" "$@"
run --redact --format xlsx -o "$tmp/redacted.xlsx" "$@"
r=testdata/golden/reconcile
run --format json -o "$tmp/reconcile.json" --onprem "$r/onprem.ldif" \
    --cloud "$r/graph.json"
run --format xlsx -o "$tmp/reconcile.xlsx" --onprem "$r/onprem.ldif" \
    --cloud "$r/graph.json"
run --format xlsx -o "$tmp/invalid-utf8.xlsx" testdata/reports/invalid-utf8.ldf
run --format json -o "$tmp/formula.json" testdata/reports/formula.ldf
run --format xlsx -o "$tmp/formula.xlsx" testdata/reports/formula.ldf
# objects: the table of every object read, with --predict its outcome.
"$SYNCDOCTOR" objects -q --predict --format json "$@" >"$tmp/objects.json" &&
"$SYNCDOCTOR" objects -q --predict --format xlsx -o "$tmp/objects.xlsx" "$@" || {
	echo "xlsx-check.sh: syncdoctor objects --format xlsx failed" >&2
	exit 1
}

"$py" - "$tmp" "$s" <<'PY'
import base64, csv, json, sys, zipfile
import openpyxl
from openpyxl.utils import get_column_letter

tmp, sample = sys.argv[1], sys.argv[2]
failures = []

def check(ok, what):
    if not ok:
        failures.append(what)

def header(ws):
    return [c.value for c in ws[1]]

def rows(ws):
    return list(ws.iter_rows(min_row=2, values_only=True))

def col(ws, name):
    return header(ws).index(name)

def sheet_layout(ws, what):
    last = get_column_letter(ws.max_column)
    check(ws.freeze_panes == "A2",
          "%s: header row not frozen (%r)" % (what, ws.freeze_panes))
    check(ws.auto_filter.ref == "A1:%s%d" % (last, ws.max_row),
          "%s: autofilter %r, not over the whole table" %
          (what, ws.auto_filter.ref))
    for i, name in enumerate(header(ws), 1):
        dim = ws.column_dimensions[get_column_letter(i)]
        check(dim.width is not None and len(name) <= dim.width <= 81,
              "%s: column %r width %r does not fit its header, or runs "
              "past the bound" % (what, name, dim.width))

def formulas(path):
    with zipfile.ZipFile(path) as z:
        return [n for n in z.namelist()
                if n.startswith("xl/worksheets/") and b"<f>" in z.read(n)]

# --- objects: one row per object read, the outcomes objects --predict gives ---
objs = [json.loads(l) for l in open(tmp + "/objects.json", encoding="utf-8")
        if l.strip()]
wb = openpyxl.load_workbook(tmp + "/objects.xlsx")
check(wb.sheetnames == ["Objects", "Inputs"],
      "objects: sheets are %r" % wb.sheetnames)
ows = wb["Objects"]
check(len(rows(ows)) == len(objs),
      "objects: %d rows for %d objects" % (len(rows(ows)), len(objs)))
check(sorted(r[col(ows, "Predicted outcome")] or "" for r in rows(ows)) ==
      sorted((o.get("predicted") or {}).get("outcome") or "" for o in objs),
      "objects: outcomes differ from objects --predict --format json")
sheet_layout(ows, "objects Objects")

# --- the sample: sheets, rows against the JSON report, layout ---
report = json.load(open(tmp + "/sample.json", encoding="utf-8"))
wb = openpyxl.load_workbook(tmp + "/sample.xlsx")
check(wb.sheetnames == ["Summary", "Findings", "Objects", "Inputs"],
      "sheets are %r" % wb.sheetnames)
fws = wb["Findings"]
want = []
for f in report["findings"]:
    for o in f["objects"] or [{}]:
        want.append((f["id"], f["rule"], o.get("dn") or o.get("id"),
                     o.get("predicted")))
got = [(r[col(fws, "Finding id")], r[col(fws, "Rule")],
        r[col(fws, "DN or cloud id")], r[col(fws, "Predicted outcome")])
       for r in rows(fws)]
check(len(want) > 20, "the sample has only %d finding rows" % len(want))
check(got == want, "Findings rows differ from the JSON report's "
      "(finding, object) pairs: first difference %r" %
      (next(((g, w) for g, w in zip(got + [None] * len(want),
                                    want + [None] * len(got)) if g != w),
            None),))
for what in ("Findings", "Objects", "Inputs"):
    sheet_layout(wb[what], what)

dvs = [dv for dv in fws.data_validations.dataValidation
       if dv.type == "list"]
decision = get_column_letter(col(fws, "Decision") + 1)
check(any(dv.formula1 == '"Fix,Accept,Defer,Not applicable"' and
          str(dv.sqref) == "%s2:%s%d" % (decision, decision, fws.max_row)
          for dv in dvs),
      "no Decision drop-down over every row: %r" %
      [(str(dv.sqref), dv.formula1) for dv in dvs])
doc = col(fws, "Documentation") + 1
check(all(fws.cell(row=r, column=doc).hyperlink is not None
          for r in range(2, fws.max_row + 1)),
      "Findings: a documentation link is not a hyperlink")
for name in ("Owner", "Decision", "Status"):
    check(all(r[col(fws, name)] is None for r in rows(fws)),
          "column %s is not left empty" % name)

ows = wb["Objects"]
predicted = report["summary"]["predicted"]
check(len(rows(ows)) == sum(predicted.values()),
      "Objects has %d rows, the JSON report predicts %d objects" %
      (len(rows(ows)), sum(predicted.values())))
for k, n in predicted.items():
    have = sum(1 for r in rows(ows) if r[col(ows, "Predicted outcome")] == k)
    check(have == n, "Objects: %d rows %s, JSON says %d" % (have, k, n))
check(all(isinstance(r[col(ows, "Line")], int) for r in rows(ows)),
      "Objects: a line number is not a number")

iws = wb["Inputs"]
check([r[col(iws, "File")] for r in rows(iws)] ==
      [i["path"] for i in report["inputs"]], "Inputs: files differ")
check([r[col(iws, "Records")] for r in rows(iws)] ==
      [i["records"] for i in report["inputs"]],
      "Inputs: record counts differ or are not numbers")

summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True)
           if r[0] is not None}
for sev, key in (("error", "errors"), ("warning", "warnings"),
                 ("info", "info")):
    check(summary.get(sev) == report["summary"][key],
          "Summary: %s count %r, JSON says %r" %
          (sev, summary.get(sev), report["summary"][key]))
srows = list(wb["Summary"].iter_rows(values_only=True))
top = [r[0] for r in srows].index("Outcome")
totals = [r[-1] for r in srows[top + 1:top + 1 + len(predicted)]]
check(totals == list(predicted.values()),
      "Summary: outcome totals %r, JSON says %r" %
      (totals, list(predicted.values())))
check(all(sum(r[1:-1]) == r[-1]
          for r in srows[top + 1:top + 1 + len(predicted)]),
      "Summary: outcomes per object type do not add up to the totals")
check(not formulas(tmp + "/sample.xlsx"), "the sample workbook has formulas")

# --- provisioning errors no finding predicted: a sheet, dates as dates ---
import datetime
report = json.load(open(tmp + "/reconcile.json", encoding="utf-8"))
wb = openpyxl.load_workbook(tmp + "/reconcile.xlsx")
check(wb.sheetnames[-1] == "Unpredicted errors",
      "reconcile: sheets are %r" % wb.sheetnames)
uws = wb["Unpredicted errors"]
check([(r[col(uws, "Cloud object id")], r[col(uws, "Property")])
       for r in rows(uws)] ==
      [(u["object"]["id"], u["property"]) for u in report["unpredicted"]],
      "reconcile: rows differ from the JSON report's unpredicted errors")
check(all(isinstance(r[col(uws, "Since")], datetime.datetime) and
          r[col(uws, "Since")].isoformat() + "Z" == u["since"]
          for r, u in zip(rows(uws), report["unpredicted"])),
      "reconcile: Since is not the date the export gives")
sheet_layout(uws, "Unpredicted errors")
fws = wb["Findings"]
# The findings' rows, then one per unpredicted error.
check([r[col(fws, "Reconciliation")] for r in rows(fws)] ==
      [f.get("reconciliation", "").replace("-", " ") or None
       for f in report["findings"] for o in f["objects"] or [{}]] +
      ["unpredicted" for u in report["unpredicted"]],
      "reconcile: Findings' reconciliation differs from the JSON report's")

# --- values starting with '=' are strings, never formulas ---
wb = openpyxl.load_workbook(tmp + "/formula.xlsx")
cells = [c for ws in wb for r in ws.iter_rows() for c in r
         if isinstance(c.value, str) and c.value.startswith("=")]
check(len(cells) >= 4, "formula.ldf: only %d cells start with '='" %
      len(cells))
check(all(c.data_type == "s" for c in cells),
      "formula.ldf: a value starting with '=' is not a string cell")
check(any(c.value == "=1+1@contoso.com" and c.parent.title == "Findings"
          for c in cells), "formula.ldf: the UPN '=1+1@contoso.com' is "
      "not in the Findings sheet as written")
check(not formulas(tmp + "/formula.xlsx"),
      "formula.ldf: the workbook holds a formula")

# --- bytes XML cannot carry are shown escaped, the sheet stays readable ---
try:
    wb = openpyxl.load_workbook(tmp + "/invalid-utf8.xlsx")
    values = {c.value for ws in wb for r in ws.iter_rows() for c in r}
    check("ivo\\xffbytes@contoso.com" in values and
          "CN=Kay \\uffffNonchar,OU=Staff,DC=contoso,DC=com" in values,
          "invalid-utf8.ldf: the invalid byte or U+FFFF is not shown "
          "escaped")
except Exception as e:
    check(False, "invalid-utf8.ldf: the workbook cannot be read: %s" % e)

# --- --redact: no real DN, UPN, address or path in any cell ---
secrets = set()
ldif = open(sample + "/onprem.ldf", encoding="utf-8").read()
for line in ldif.replace("\r\n", "\n").replace("\n ", "").split("\n"):
    key, _, value = line.partition(":")
    if key.lower() in ("dn", "userprincipalname", "mail"):
        if value.startswith(":"):
            value = base64.b64decode(value[1:].strip()).decode("utf-8")
        secrets.add(value.strip())
for name in ("cloud-users.csv", "cloud-groups.csv"):
    lines = [l for l in open(sample + "/" + name, encoding="utf-8-sig")
             if not l.startswith("#")]
    for rec in csv.DictReader(lines):
        for key, value in rec.items():
            if key.lower() in ("userprincipalname", "mail", "id") and value:
                secrets.add(value)
secrets.add(sample)
secrets = {x.lower() for x in secrets if len(x) > 3}
wb = openpyxl.load_workbook(tmp + "/redacted.xlsx")
leaks = sorted({"%s!%s: %s" % (ws.title, c.coordinate, x)
                for ws in wb for r in ws.iter_rows() for c in r
                if isinstance(c.value, str)
                for x in secrets if x in c.value.lower()})
check(len(secrets) > 100, "only %d secrets read from the sample" %
      len(secrets))
check(not leaks, "--redact leaves %d real values, e.g. %s" %
      (len(leaks), leaks[:3]))
check(len(rows(wb["Objects"])) == sum(predicted.values()),
      "--redact: Objects lost rows")

for f in failures:
    print("xlsx-check.sh: " + f, file=sys.stderr)
sys.exit(1 if failures else 0)
PY
