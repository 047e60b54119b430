#!/bin/sh
# hostile.sh: syncdoctor on hostile inputs, made here at test time in a
# temporary directory (the big ones are 20 to 100 MB: too big to commit).
# Each case checks the exit status, a diagnostic naming file:line, that
# the peak memory stays under a bound, and that for every input records =
# accepted + rejected + skipped (analyze --format json).  Nothing an input
# names may be opened: URLs and entities point at a FIFO, which would
# block the program if it were opened, and every run has a time limit.
# Not a test of the report wording: the golden tests are.
#
# Memory bound: the parsers stream, so peak RSS is the program (4 MB)
# plus what one record may hold.  LDIF and CLIXML drop a value over
# --max-value-bytes (16 MiB) as it passes, so their 50 and 100 MB inputs
# must stay under HOSTILE_RSS_MB (default 96 MiB): under the input's size,
# so no file is read whole, with room for one capped value and its decoded
# copy.  A CSV row and a JSON document are held whole up to
# --max-record-bytes (256 MiB) before any value is looked at, in a few
# copies: with the default caps a 100 MB row or document is allowed
# HELD_RSS_MB (5 x 100 MB), and the same input with --max-record-bytes
# 16 MiB must stay under HOSTILE_RSS_MB.  HOSTILE_RSS_MB=0 turns the check
# off (sanitizer builds, whose shadow memory is not the program's).
#
# HOSTILE_MB (default 100, at least 24) sets the size of the big inputs:
# smaller for sanitizer builds, whose realloc copies every time.
#
# Needs jq and GNU time (tools/setup.sh --test); exits 77 (skip) without.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
prog=${SYNCDOCTOR:-$top/build/syncdoctor}
case $prog in /*) ;; *) prog=$(pwd)/$prog ;; esac
rss_mb=${HOSTILE_RSS_MB:-96}
held_rss_mb=$((rss_mb > 0 ? 512 : 0))
big=${HOSTILE_MB:-100}
[ "$big" -ge 24 ] || big=24
big_bytes=$((big * 1048576))
# Base64 for at least 18 MiB decoded: over the 16 MiB value cap.
b64_bytes=$(((big / 2 > 24 ? big / 2 : 24) * 1048576))
rss_limit=$rss_mb
for tool in jq /usr/bin/time timeout mkfifo; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "hostile.sh: $tool not installed: skipped"
		exit 77
	}
done
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
d=$tmp/in
mkdir "$d" "$d/a-directory.ldif"
mkfifo "$d/fifo"
cd "$d" || exit 99
fail=0
pass=0

# ----- helpers -----

# repeat N CHAR: N bytes of CHAR, without holding them in the shell.
repeat() {
	head -c "$1" /dev/zero | tr '\0' "$2"
}

# user N: a minimal valid LDIF user with a distinct objectGUID.
user() {
	printf 'dn: CN=User%s,OU=Staff,DC=contoso,DC=com\n' "$1"
	printf 'objectClass: top\nobjectClass: person\n'
	printf 'objectClass: organizationalPerson\nobjectClass: user\n'
	printf 'objectGUID:: EBESExQVFhcYGRobHB0e%s==\n' "$1"
	printf 'userPrincipalName: user%s@contoso.com\n\n' "$1"
}

# csv_head and csv_row ID: a Graph PowerShell 7 user export.
csv_head() {
	echo '"Id","UserPrincipalName","Mail","DisplayName"'
}
csv_row() {
	printf '"3f2a9c1e-0000-4000-8000-0000000000%s",' "$1"
	printf '"u%s@contoso.com","u%s@contoso.com","User %s"\r\n' \
	    "$1" "$1" "$1"
}

# json_user ID: one Graph user object.
json_user() {
	printf '{"id":"3f2a9c1e-0000-4000-8000-0000000000%s",' "$1"
	printf '"userPrincipalName":"u%s@contoso.com"}' "$1"
}

CLIXML_HEAD='<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">'
# clixml_user ID [UPN]: one user object.
clixml_user() {
	printf '<Obj RefId="%s"><MS><S N="Id">3f2a9c1e-0000-4000-8000-0000000000%s</S>' \
	    "$1" "$1"
	printf '<S N="UserPrincipalName">%s</S></MS></Obj>\n' \
	    "${2:-u$1@contoso.com}"
}

# A usable input, for the cases whose own input is unusable.
ok=$top/testdata/ci/onprem.ldif

# ----- the check -----

# check NAME STATUS DIAG [JQ] -- ARGS...: run syncdoctor analyze --partial
# --format json ARGS (--partial: a report even when an input is unusable,
# so a case that expects exit 3 names a usable input too); expect an exit status among STATUS ("1", or "0|1"),
# a stderr line holding DIAG (a fixed string, "" for none), the
# accounting, and JQ (a jq filter over the JSON report, true to pass).
check() {
	name=$1 want_status=$2 want_diag=$3 want_jq=true
	shift 3
	if [ "$1" != "--" ]; then
		want_jq=$1
		shift
	fi
	shift
	why=""
	/usr/bin/time -f %M -o "$tmp/rss" timeout 120 "$prog" analyze --partial --format json "$@" \
	    >"$tmp/out" 2>"$tmp/err" </dev/null
	status=$?
	rss=$(tail -1 "$tmp/rss")
	case $rss in *[!0-9]* | "") rss=0 ;; esac
	rss=$((rss / 1024))
	if [ "$status" -eq 124 ]; then
		why="timed out after 120 s: blocked on a file it opened, or far too slow"
	elif ! case "|$want_status|" in *"|$status|"*) true ;; *) false ;; esac; then
		why="exit $status, expected $want_status"
	elif [ -n "$want_diag" ] && ! grep -qF -- "$want_diag" "$tmp/err"; then
		why="no diagnostic '$want_diag'"
	elif [ ! -s "$tmp/out" ]; then
		why="no JSON report"
	elif [ "$rss_limit" -gt 0 ] && [ "$rss" -gt "$rss_limit" ]; then
		why="peak memory $rss MB, over $rss_limit MB"
	elif ! jq -e '[.inputs[] | .records == .accepted + .rejected +
	    .skipped] | all' "$tmp/out" >/dev/null 2>&1; then
		why="records != accepted + rejected + skipped (or no JSON)"
	elif ! jq -e "$want_jq" "$tmp/out" >/dev/null 2>&1; then
		why="report fails: $want_jq"
	fi
	rss_limit=$rss_mb
	said=$(grep -F -- "${want_diag:-:}" "$tmp/err" | head -1 | cut -c1-110)
	counts=$(jq -r '[.inputs[] | "\(.records)=\(.accepted)+\(.rejected)+\(.skipped)"] | join(" ")' \
	    "$tmp/out" 2>/dev/null)
	if [ -z "$why" ]; then
		pass=$((pass + 1))
		printf 'ok   %-24s %4s MB  %-16s %s\n' "$name" "$rss" \
		    "$counts" "${said:-(no diagnostic)}"
	else
		fail=$((fail + 1))
		printf 'FAIL %s: %s\n     syncdoctor analyze --partial --format json %s\n' \
		    "$name" "$why" "$*"
		head -c 2000 "$tmp/err" | head -10
	fi
}

# The JSON report's counts for the first input, as a jq filter.
counts() {
	echo "(.inputs[0] | .records == $1 and .accepted == $2 and .rejected == $3 and .skipped == $4)"
}

echo "hostile: big inputs of $big MB, peak memory bound $rss_mb MB" \
    "($held_rss_mb MB for a whole CSV row or JSON document)"

# ===== LDIF =====

{ user 01; printf 'dn: CN=Url,DC=contoso,DC=com\nobjectClass: user\n'
  printf 'mail:< file://%s/fifo\n' "$d"
  printf 'info:< http://192.0.2.1/secret\n\n'; user 02; } >url.ldif
check ldif-url 0 "url.ldif:11: error: value given by URL refused, not opened" \
    "$(counts 3 3 0 0) and .inputs[0].valuesRejected == 2" -- url.ldif

{ user 01; printf 'dn: CN=Long,DC=contoso,DC=com\nobjectClass: user\n'
  printf 'description: '; repeat $big_bytes x; printf '\n\n'; user 02; } \
    >long-line.ldif
check ldif-long-line 0 \
    "long-line.ldif:11: error: value larger than --max-value-bytes" \
    "$(counts 3 2 1 0)" -- long-line.ldif

{ user 01; printf 'dn: CN=Photo,DC=contoso,DC=com\nobjectClass: user\n'
  printf 'thumbnailPhoto:: '; repeat $b64_bytes A; printf '\n\n'; user 02; } \
    >big-base64.ldif
check ldif-big-base64 0 \
    "big-base64.ldif:11: error: value larger than --max-value-bytes" \
    "$(counts 3 2 1 0)" -- big-base64.ldif

{ user 01; printf 'dn: CN=Big Group,DC=contoso,DC=com\nobjectClass: group\n'
  awk 'BEGIN { for (i = 0; i < 1000000; i++)
      printf "member: CN=U%d,DC=contoso,DC=com\n", i }'
  echo; user 02; } >million-values.ldif
check ldif-1M-values 0 \
    "million-values.ldif:500011: error: attribute has more values than --max-values" \
    "$(counts 3 2 1 0)" -- million-values.ldif

# NUL bytes past the first 8 KB (before it, the file is called binary).
{ awk 'BEGIN { for (i = 0; i < 200; i++) printf "# padding %060d\n", i }'
  user 01; printf 'dn: CN=Nul,DC=contoso,DC=com\nobjectClass: user\n'
  printf 'description: a\000b\n\n'; user 02; } >nul.ldif
check ldif-nul 0 "nul.ldif:211: error: NUL byte in a text line" "$(counts 3 2 1 0)" \
    -- nul.ldif

{ user 01; printf 'dn: CN=Utf8,DC=contoso,DC=com\nobjectClass: user\n'
  printf 'displayName: bad \377\376 utf8\n\n'; } >bad-utf8.ldif
check ldif-invalid-utf8 0 "bad-utf8.ldif:11: warning: text value is not valid UTF-8" \
    "$(counts 2 2 0 0)" -- bad-utf8.ldif

{ user 01; printf 'dn: CN=Cut,DC=contoso,DC=com\nobjectCl'; } \
    >cut-record.ldif
check ldif-truncated-record 0 "cut-record.ldif:10: error: line has no ':'" \
    "$(counts 2 1 1 0)" -- cut-record.ldif

{ user 01; printf 'dn: CN=Cut,DC=contoso,DC=com\nobjectClass: user\n'
  printf 'description: folded over\n two lines and\n '; } >cut-fold.ldif
check ldif-truncated-fold 0 "" "$(counts 2 2 0 0)" -- cut-fold.ldif

{ user 01; printf 'dn: CN=Cut,DC=contoso,DC=com\nobjectClass: user\n'
  printf 'objectGUID:: EBESExQVFhcYG'; } >cut-base64.ldif
check ldif-truncated-base64 0 "cut-base64.ldif:11: error: invalid base64" \
    "$(counts 2 1 1 0)" -- cut-base64.ldif

gzip -n -c "$top/testdata/sample/onprem.ldf" >binary.ldif
check ldif-binary 3 "binary.ldif: fatal: binary data where text was expected" \
    ".inputs[0].unusable" -- binary.ldif "$ok"

: >empty.ldif
check ldif-empty 3 "empty.ldif: fatal: no records found" \
    "$(counts 0 0 0 0) and .inputs[0].unusable" -- empty.ldif "$ok"

check ldif-directory 3 "a-directory.ldif: fatal: not a regular file" \
    ".inputs[0].unusable" -- a-directory.ldif "$ok"

# ===== CSV =====

{ csv_head; csv_row 01
  printf '"3f2a9c1e-0000-4000-8000-000000000002","u2@contoso.com,"x","y"\r\n'
  csv_row 03; } >quotes.csv
check csv-unbalanced-quotes 0 "quotes.csv:3: error:" \
    ".inputs[0].accepted >= 1 and .inputs[0].rejected >= 1" \
    -- --cloud quotes.csv

{ csv_head; csv_row 01; printf '\357\273\277'; csv_row 02; csv_row 03; } \
    >mid-bom.csv
check csv-bom-in-middle 0 "mid-bom.csv:3: error: CSV syntax error" \
    "$(counts 3 2 1 0)" \
    -- --cloud mid-bom.csv

# LF and CRLF mixed, as files edited on two systems are.
{ csv_head; csv_row 01 | tr -d '\r'; csv_row 02; csv_row 03 | tr -d '\r'
  csv_row 04; } >line-ends.csv
check csv-mixed-line-ends 0 "" "$(counts 4 4 0 0)" -- --cloud line-ends.csv

# CR alone (classic Mac OS) is no line end: two rows run together.
{ csv_head; csv_row 01; csv_row 02 | tr -d '\n'; csv_row 03; } >cr.csv
check csv-cr-line-end 0 \
    "cr.csv:3: error: row has a different number of fields than the header" \
    "$(counts 2 1 1 0)" -- --cloud cr.csv

{ printf '"Id","UserPrincipalName"'
  awk 'BEGIN { for (i = 0; i < 100000; i++) printf ",\"Col%d\"", i }'
  printf '\r\n'; printf '"3f2a9c1e-0000-4000-8000-000000000001","u1@contoso.com"'
  awk 'BEGIN { for (i = 0; i < 100000; i++) printf ",\"v%d\"", i }'
  printf '\r\n'; } >wide.csv
# A header far past the 8 KB the format is recognised from, and a row of
# 100,000 distinct properties: read (the columns and the record's
# properties are hashed or sorted, never compared pairwise).
check csv-100k-columns 0 "" \
    "$(counts 1 1 0 0) and .inputs[0].kind == \"graph-csv\"" \
    -- --cloud wide.csv

{ csv_head; csv_row 01; printf '"3f2a9c1e-0000-4000-8000-000000000002"'
  awk 'BEGIN { for (i = 0; i < 100000; i++) printf ",\"v%d\"", i }'
  printf '\r\n'; csv_row 03; } >wide-row.csv
check csv-100k-fields 0 \
    "wide-row.csv:3: error: row has a different number of fields than the header" \
    "$(counts 3 2 1 0)" -- --cloud wide-row.csv

{ echo '"Id","UserPrincipalName","Mail","UserPrincipalName"'
  printf '"3f2a9c1e-0000-4000-8000-000000000001","a@contoso.com","a@contoso.com","b@contoso.com"\r\n'; } \
    >dup-header.csv
check csv-duplicate-header 0 "dup-header.csv:1: warning: column named twice" \
    "$(counts 1 1 0 0)" -- --cloud dup-header.csv

csv_head >header-only.csv
check csv-header-only 3 "header-only.csv: fatal: no records found" \
    "$(counts 0 0 0 0) and .inputs[0].unusable" -- --cloud header-only.csv "$ok"

{ csv_head; csv_row 01
  printf '"3f2a9c1e-0000-4000-8000-000000000002","u2@contoso.com","u2@contoso.com","'
  repeat $big_bytes x; printf '"\r\n'; csv_row 03; } >big-field.csv
rss_limit=$held_rss_mb
check csv-big-field 0 "big-field.csv:3: error: value larger than --max-value-bytes" \
    "$(counts 3 2 1 0)" -- --cloud big-field.csv
check csv-big-field-capped 0 \
    "big-field.csv:3: error: record larger than --max-record-bytes" \
    "$(counts 3 2 1 0)" -- --max-record-bytes 16777216 --cloud big-field.csv

# ===== Graph JSON =====

{ printf '{"value":['; json_user 01; printf ','
  repeat 1000000 '['; printf ']}\n'; } >deep.json
check json-deep-nesting 3 \
    "deep.json:1: error: nesting deeper than --max-depth: JSON nested deeper than 64" \
    "$(counts 1 0 1 0) and .inputs[0].unusable" -- --cloud deep.json "$ok"

{ printf '{"id":"3f2a9c1e-0000-4000-8000-000000000001",'
  printf '"userPrincipalName":"u1@contoso.com"'
  awk 'BEGIN { for (i = 0; i < 100000; i++) printf ",\"k%d\":\"v\"", i }'
  printf '}\n'; } >wide.jsonl
check json-100k-keys 0 "" "$(counts 1 1 0 0)" -- --cloud wide.jsonl

# JSON Lines, one object a line: a bad object costs only itself.
{ json_user 01; echo
  printf '{"id":"3f2a9c1e-0000-4000-8000-000000000002","n":1%s}\n' \
      "$(repeat 100000 0)"
  printf '{"id":"3f2a9c1e-0000-4000-8000-000000000003","n":-1e999999}\n'
  json_user 04; echo; } >huge-number.jsonl
check json-huge-numbers 0 "huge-number.jsonl:2: error: JSON is not well formed" \
    "$(counts 4 2 2 0)" -- --cloud huge-number.jsonl

{ json_user 01; echo
  printf '{"id":"3f2a9c1e-0000-4000-8000-000000000002","displayName":"'
  repeat $big_bytes x; printf '"}\n'; json_user 03; echo; } >huge-string.jsonl
rss_limit=$held_rss_mb
check json-big-string 0 \
    "huge-string.jsonl:2: error: value larger than --max-value-bytes" \
    "$(counts 3 2 1 0)" -- --cloud huge-string.jsonl
check json-big-string-capped 0 \
    "huge-string.jsonl:2: error: record larger than --max-record-bytes" \
    "$(counts 3 2 1 0)" -- --max-record-bytes 16777216 --cloud huge-string.jsonl

{ json_user 01; echo
  printf '{"id":"3f2a9c1e-0000-4000-8000-000000000002","mail":"a@contoso.com","mail":"b@contoso.com"}\n'
  } >dup-keys.jsonl
check json-duplicate-keys 0 \
    "dup-keys.jsonl:2: error: JSON is not well formed: column 74: duplicate object key" \
    "$(counts 2 1 1 0)" -- --cloud dup-keys.jsonl

{ printf '{"value":[\n'; json_user 01; printf ',\n'; json_user 02
  printf ',\n{"id":"3f2a9c1e-0000-4000-8000-00000'; } >truncated.json
check json-truncated 0 \
    "truncated.json:4: error: JSON is not well formed: column 36: premature end of input" \
    "$(counts 4 2 2 0)" -- --cloud truncated.json

# ===== CLIXML =====

# Export-Clixml writes no DOCTYPE.  One with an internal subset (entities:
# XXE, billion laughs) is not taken for CLIXML at all, so nothing of the
# file is parsed; an entity pointing at the FIFO would hang the run.
{ echo '<?xml version="1.0"?>'
  printf '<!DOCTYPE Objs [ <!ENTITY xxe SYSTEM "file://%s/fifo"> ]>\n' "$d"
  echo "$CLIXML_HEAD"; clixml_user 01 '&xxe;'; echo '</Objs>'; } \
    >xxe-file.clixml
check xml-xxe-file 3 "fatal: DOCTYPE declaring entities: file refused" \
    ".inputs[0].unusable and .inputs[0].records == 0" \
    -- --cloud xxe-file.clixml "$ok"

{ echo '<?xml version="1.0"?>'
  echo '<!DOCTYPE Objs [ <!ENTITY xxe SYSTEM "http://192.0.2.1/x"> ]>'
  echo "$CLIXML_HEAD"; clixml_user 01 '&xxe;'; echo '</Objs>'; } \
    >xxe-http.clixml
check xml-xxe-http 3 "fatal: DOCTYPE declaring entities: file refused" \
    ".inputs[0].unusable and .inputs[0].records == 0" \
    -- --cloud xxe-http.clixml "$ok"

{ echo '<?xml version="1.0"?>'; echo '<!DOCTYPE Objs ['
  echo '<!ENTITY l0 "lol">'
  awk 'BEGIN { for (i = 1; i < 10; i++) {
      printf "<!ENTITY l%d \"", i
      for (j = 0; j < 10; j++) printf "&l%d;", i - 1
      print "\">" } }'
  echo ']>'; echo "$CLIXML_HEAD"; clixml_user 01 '&l9;'; echo '</Objs>'; } \
    >laughs.clixml
check xml-billion-laughs 3 "fatal: DOCTYPE declaring entities: file refused" \
    ".inputs[0].unusable and .inputs[0].records == 0" \
    -- --cloud laughs.clixml "$ok"

# An external DTD and no subset: read as CLIXML, the DTD never loaded.
{ echo '<?xml version="1.0"?>'
  printf '<!DOCTYPE Objs SYSTEM "file://%s/fifo">\n' "$d"
  echo "$CLIXML_HEAD"; clixml_user 01; echo '</Objs>'; } >dtd.clixml
check xml-external-dtd 0 "" "$(counts 1 1 0 0)" -- --cloud dtd.clixml

{ echo "$CLIXML_HEAD"; clixml_user 01
  printf '<Obj RefId="2"><MS>'; repeat 100000 '<' | sed 's/</<Obj><MS>/g'
  echo; echo '</Objs>'; } >deep.clixml
check xml-deep-nesting 0 \
    "deep.clixml:3: error: nesting deeper than --max-depth: element at depth 65" \
    "$(counts 3 1 2 0)" \
    -- --cloud deep.clixml

{ echo "$CLIXML_HEAD"; clixml_user 01
  printf '<Obj RefId="2" N="'; repeat $b64_bytes x; printf '"><MS>'
  printf '<S N="Id">3f2a9c1e-0000-4000-8000-000000000002</S></MS></Obj>\n'
  clixml_user 03; echo '</Objs>'; } >big-attr.clixml
check xml-big-attribute 0 \
    "big-attr.clixml:3: error: XML is not well formed: column 1: internal error: Huge input lookup" \
    "$(counts 2 1 1 0)" \
    -- --cloud big-attr.clixml

{ echo "$CLIXML_HEAD"
  printf '<Obj RefId="0"><MS><S N="Id">3f2a9c1e-0000-4000-8000-000000000001</S>'
  awk 'BEGIN { for (i = 0; i < 100000; i++) printf "<S N=\"k%d\">v</S>", i }'
  echo '</MS></Obj></Objs>'; } >wide.clixml
# No type name, no type property: --cloud-type says, else exit 2.
check xml-100k-properties 0 "" "$(counts 1 1 0 0)" -- --cloud-type user \
    --cloud wide.clixml

# ===== the caps: a record over one is rejected, the run goes on =====

s=$top/testdata/sample
check cap-max-value-bytes 1 \
    "onprem.ldf:219: error: value larger than --max-value-bytes" \
    ".inputs[0].rejected > 0 and .inputs[0].accepted > 0" \
    -- --max-value-bytes 200 "$s/onprem.ldf"
# What is left may or may not hold a planted error: exit 0 or 1.
check cap-max-record-bytes '0|1' \
    "onprem.ldf:144: error: record larger than --max-record-bytes" \
    ".inputs[0].rejected > 0 and .inputs[0].accepted > 0" \
    -- --max-record-bytes 1200 "$s/onprem.ldf"
check cap-max-values 1 \
    "onprem.ldf:167: error: attribute has more values than --max-values" \
    ".inputs[0].rejected > 0 and .inputs[0].accepted > 0" \
    -- --max-values 4 "$s/onprem.ldf"
check cap-max-depth 0 \
    "users.clixml:2: error: nesting deeper than --max-depth: element at depth 6" \
    ".inputs[0].rejected > 0 and .inputs[0].accepted > 0" \
    -- --max-depth 5 --cloud "$top/testdata/cloud/users.clixml"

# ===== outputs: hostile values come out escaped in every format =====

esc=$(printf '\033')
# Terminal escapes (clear screen, window title, bell), markup, a formula, a
# JSON-breaking quote and a bidi override, in a UPN and a shared proxy
# address, so that they reach findings and every part of every report.
evil_upn=$(printf '=cmd|%s /C calc%s!A0\033[2J\033]0;owned\007<script>alert(1)</script>"},{"x":"\342\200\256@contoso.com' "'" "'")
evil_proxy=$(printf '+SUM(1)\033[31m"\\</td><img src=x onerror=alert(2)>@contoso.com')
{ printf 'dn: CN=Evil One,DC=contoso,DC=com\nobjectClass: user\n'
  printf 'objectGUID:: AAECAwQFBgcICQoLDA0ODw==\n'
  printf 'userPrincipalName:: %s\n' "$(printf '%s' "$evil_upn" | base64 | tr -d '\n')"
  printf 'proxyAddresses:: %s\n\n' "$(printf 'smtp:%s' "$evil_proxy" | base64 | tr -d '\n')"
  printf 'dn: CN=Evil Two,DC=contoso,DC=com\nobjectClass: user\n'
  printf 'objectGUID:: EBESExQVFhcYGRobHB0eHw==\n'
  printf 'proxyAddresses:: %s\n\n' "$(printf 'smtp:%s' "$evil_proxy" | base64 | tr -d '\n')"
} >evil.ldif

# escaped FORMAT [OPTION...]: the report in FORMAT holds no control byte
# but TAB, LF and CR (colour: SGR sequences of syncdoctor's own only), no
# live markup in HTML, JUnit XML or Markdown (whose renderers pass HTML
# through), no cell a spreadsheet would run as a formula, and JSON gives
# the value back byte for byte.
escaped() {
	format=$1
	shift
	"$prog" analyze --format "$format" "$@" evil.ldif >"$tmp/report" \
	    2>/dev/null </dev/null
	status=$?
	why=""
	controls=$(sed "s/$esc\\[[0-9;]*m//g" "$tmp/report" |
	    LC_ALL=C tr -d '\t\n\r' | LC_ALL=C tr -cd '\000-\037\177' | wc -c)
	if [ "$status" -ne 1 ]; then
		why="exit $status, expected 1"
	elif [ "$controls" -ne 0 ]; then
		why="$controls raw control bytes"
	elif [ "$format" = html ] || [ "$format" = junit ] &&
	    grep -qF -e '<script>alert' -e '<img src=x' "$tmp/report"; then
		why="markup from the data is live"
	elif [ "$format" = md ] &&
	    grep -qE '(^|[^\\])<(script|img|/td)' "$tmp/report"; then
		why="markup from the data is live (no backslash before '<')"
	elif [ "$format" = csv ] && grep -qE '(^|,)"?[=+@]' "$tmp/report"; then
		why="a cell starts as a formula"
	elif [ "$format" = json ] && ! jq -e --arg upn "$evil_upn" \
	    '[.findings[].value] | index($upn) != null' "$tmp/report" \
	    >/dev/null 2>&1; then
		why="the UPN does not come back whole from the JSON"
	fi
	if [ -z "$why" ]; then
		pass=$((pass + 1))
		printf 'ok   %-24s escaped\n' "output-$format $*"
	else
		fail=$((fail + 1))
		printf 'FAIL output-%s %s: %s\n' "$format" "$*" "$why"
	fi
}
for f in text json csv html md junit; do
	escaped "$f"
done
escaped text --color always

# ===== everything at once: accounting over the whole corpus =====

set --
for f in "$d"/*; do
	case $f in */fifo | */a-directory.ldif | */binary.ldif) ;;
	*) set -- "$@" "$f" ;;
	esac
done
# Exit 3: the XML files with a DOCTYPE are unusable; the rest is read.
rss_limit=$held_rss_mb
check all-at-once 3 "" \
    "(.inputs | length) == $# and ([.inputs[].accepted] | add) > 10" -- \
    --cloud-type user "$@"

echo "hostile: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
