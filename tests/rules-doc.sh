#!/bin/sh
# rules-doc.sh [-u]: README.md's rule table and syncdoctor.1's rule list are
# copies of `syncdoctor rules --format md` and `--format man`, kept between
# "BEGIN rules" and "END rules" marker comments.  Fails, showing the diff,
# when a copy differs from the program's output; with -u rewrites the
# copies instead (then review the diff).  Run by make check with
# SYNCDOCTOR and SRCDIR set; by hand, they default to build/ and the tree.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
SRCDIR=${SRCDIR:-$top}
SYNCDOCTOR=${SYNCDOCTOR:-$top/build/syncdoctor}
update=0
[ "${1:-}" = "-u" ] && update=1
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

# check FILE FORMAT: the lines between FILE's markers against the output.
check() {
	file=$SRCDIR/$1
	"$SYNCDOCTOR" rules --format "$2" >"$tmp/want" || exit 99
	awk '/END rules/ { inside = 0 } inside { print } /BEGIN rules/ { inside = 1 }' \
	    "$file" >"$tmp/have"
	[ "$(grep -c 'BEGIN rules' "$file")" -eq 1 ] &&
	    [ "$(grep -c 'END rules' "$file")" -eq 1 ] || {
		echo "FAIL $1: needs one BEGIN rules and one END rules marker"
		fail=1
		return
	}
	cmp -s "$tmp/want" "$tmp/have" && return
	if [ $update -eq 1 ]; then
		awk -v want="$tmp/want" '
		    /END rules/ { inside = 0 }
		    !inside { print }
		    /BEGIN rules/ { inside = 1
			while ((getline line < want) > 0) print line }' \
		    "$file" >"$tmp/new" && cat "$tmp/new" >"$file"
		echo "updated $1"
		return
	fi
	echo "FAIL $1 differs from 'syncdoctor rules --format $2' (tests/rules-doc.sh -u):"
	diff -u "$tmp/have" "$tmp/want" | head -40
	fail=1
}

check README.md md
check syncdoctor.1 man
[ $fail -eq 0 ] && echo "rules-doc: README.md and syncdoctor.1 match the rule table"
[ $fail -eq 0 ]
