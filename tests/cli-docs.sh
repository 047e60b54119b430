#!/bin/sh
# cli-docs.sh [--write]: the options and formats each command takes, as
# README.md and syncdoctor.1 list them, must be what the program's own
# tables say (`syncdoctor help COMMAND`, printed from cli/options.c's
# option table and each command's formats).  Without --write, fails on
# any difference and shows it; with --write, rewrites the two generated
# blocks (review the diff like code).  Run by make check with SYNCDOCTOR
# and SRCDIR set.
set -u
: "${SYNCDOCTOR:?set SYNCDOCTOR to the program under test}"
: "${SRCDIR:?set SRCDIR to the source directory}"
cd "$SRCDIR" || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
# Every command, as --help lists them from commands[].
commands=$("$SYNCDOCTOR" --help | awk '
	/^commands:/ { inside = 1; next }
	inside && /^  [a-z]/ { print $1 }
	inside && /^$/ { exit }')
[ -n "$commands" ] || { echo "cli-docs: no commands in --help"; exit 99; }

# The options of `help CMD`, one "always NAME", "predict NAME" or
# "formats TEXT" line each, in the order help prints them.
options_of() {
	"$SYNCDOCTOR" help "$1" | awk '
	/^only with --predict:/ { when = "predict"; next }
	/^  -/ {
		if (match($0, /--[a-z][a-z-]*/) == 0) next
		name = substr($0, RSTART, RLENGTH)
		print (when == "" ? "always" : when), name
		if (name == "--format") print "formats", substr($0, 26)
	}'
}

# One README line: - `CMD`: `--a`, `--b`; with `--predict` also: ...
readme_line() {
	options_of "$1" | awk -v cmd="$1" '
	$1 == "always" { always = always (always == "" ? "" : ", ") "`" $2 "`" }
	$1 == "predict" { predict = predict (predict == "" ? "" : ", ") "`" $2 "`" }
	$1 == "formats" { $1 = ""; formats = substr($0, 2) }
	END {
		line = "- `" cmd "`: " (always == "" ? "no options" : always)
		if (predict != "") line = line "; with `--predict` also " predict
		if (formats != "") line = line "; formats " formats
		print line
	}'
}

# The same as an mdoc list item.
man_item() {
	printf '.It Cm %s\n' "$1"
	options_of "$1" | awk '
	function flag(name) { name = substr(name, 2); gsub(/-/, "\\-", name); return name }
	$1 == "always" { always = always (always == "" ? "" : " , ") flag($2) }
	$1 == "predict" { predict = predict (predict == "" ? "" : " , ") flag($2) }
	$1 == "formats" { $1 = ""; formats = substr($0, 2) }
	END {
		if (always == "") print "No options."
		else print ".Fl " always " ."
		if (predict != "") {
			print "With"
			print ".Fl \\-predict"
			print "also"
			print ".Fl " predict " ."
		}
		if (formats != "") print "Formats: " formats "."
	}'
}

{
	echo '<!-- begin: written by tests/cli-docs.sh --write from the option table -->'
	for c in $commands; do readme_line "$c"; done
	echo '<!-- end -->'
} >"$tmp/readme.block"
{
	echo '.\" begin: written by tests/cli-docs.sh --write from the option table'
	echo '.Bl -tag -width Ds'
	for c in $commands; do man_item "$c"; done
	echo '.El'
	echo '.\" end'
} >"$tmp/man.block"

# Put block in place of the lines from the "begin" marker to the "end"
# marker in file, into out.
splice() {
	awk -v block="$2" '
	index($0, "begin: written by tests/cli-docs.sh") {
		while ((getline line < block) > 0) print line
		skip = 1; next
	}
	skip && (/^<!-- end -->$/ || /^\.\\" end$/) { skip = 0; next }
	!skip { print }' "$1" >"$3"
}

status=0
for pair in README.md:readme.block syncdoctor.1:man.block; do
	file=${pair%%:*}
	block=$tmp/${pair#*:}
	if ! grep -q 'begin: written by tests/cli-docs.sh' "$file"; then
		echo "cli-docs: $file has no generated block"
		status=1
		continue
	fi
	splice "$file" "$block" "$tmp/new"
	if [ "${1:-}" = "--write" ]; then
		cp "$tmp/new" "$file"
	elif ! cmp -s "$file" "$tmp/new"; then
		echo "cli-docs: $file lists other options than the program takes:"
		diff -u "$file" "$tmp/new" | head -40
		echo "(run SYNCDOCTOR=build/syncdoctor SRCDIR=. tests/cli-docs.sh --write)"
		status=1
	fi
done
[ $status -eq 0 ] && echo "cli-docs: README.md and syncdoctor.1 match the option table"
exit $status
