#!/bin/sh
# anchor.sh: `syncdoctor anchor` on values the golden cases cannot hold,
# as their .args files are split on blanks: hex pairs separated by spaces
# (as the attribute editor shows mS-DS-ConsistencyGuid), "0x" pairs, and
# blanks around a pasted value.  Each must give the anchor of
# testdata/golden/cli/anchor-bitconverter.out, line for line but the
# "read as" line.  Run by make check with SYNCDOCTOR and SRCDIR set.
set -u
: "${SYNCDOCTOR:?set SYNCDOCTOR}" "${SRCDIR:?set SRCDIR}"
cd "$SRCDIR" || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
grep -v '^read as:' testdata/golden/cli/anchor-bitconverter.out >"$tmp/want"
nl='
'
tab='	'
fail=0

same() {
	if ! "$SYNCDOCTOR" anchor "$1" >"$tmp/out" 2>"$tmp/err"; then
		echo "FAIL anchor '$1': exit status $?: $(cat "$tmp/err")"
		fail=$((fail + 1))
		return
	fi
	grep -v '^read as:' "$tmp/out" >"$tmp/got"
	if ! cmp -s "$tmp/want" "$tmp/got"; then
		echo "FAIL anchor '$1':"
		diff -u "$tmp/want" "$tmp/got" | head -20
		fail=$((fail + 1))
	fi
}

refused() {
	"$SYNCDOCTOR" anchor "$1" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -ne 2 ] || [ -s "$tmp/out" ] || ! grep -q "$2" "$tmp/err"; then
		echo "FAIL anchor '$1': exit $rc, want 2 and '$2' in: $(cat "$tmp/err")"
		fail=$((fail + 1))
	fi
}

same "0b be c2 2d 5a 2e 1b 4b 9c 62 f6 b0 f5 d7 f3 a0"
same "0B BE C2 2D 5A 2E 1B 4B 9C 62 F6 B0 F5 D7 F3 A0"
same "0x0b 0xbe 0xc2 0x2d 0x5a 0x2e 0x1b 0x4b 0x9c 0x62 0xf6 0xb0 0xf5 0xd7 0xf3 0xa0"
same "  C77CLVouG0ucYvaw9dfzoA==${tab}${nl}"
same "${nl}{2dc2be0b-2e5a-4b1b-9c62-f6b0f5d7f3a0} "
refused "0b be c2" "6 hex digits, not 32"
refused "0b  be c2 2d 5a 2e 1b 4b 9c 62 f6 b0 f5 d7 f3 a0" "grouped neither"
refused "   " "empty"
echo "anchor: $fail failed"
[ $fail -eq 0 ]
