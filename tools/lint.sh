#!/bin/sh
# lint.sh [SRCDIR]: the style checks a compiler does not make (style.md,
# section 10): banned functions, lines over 100 columns (tabs count 8;
# a line holding a string literal may run long: messages are never split),
# trailing white space.  Prints each place; exits 1 if there is any.
set -u
top=${1:-.}
cd "$top" || exit 2
files=$(ls lib/*.[ch] parsers/*.[ch] src/*.[ch] rules/*.[ch] report/*.[ch] \
    cli/*.[ch] tests/*.[ch] \
    tools/*.c 2>/dev/null)
status=0

banned='(^|[^_a-z0-9])(gets|sprintf|vsprintf|strcpy|strcat|strtok|atoi|atol|alloca|system|popen)[[:space:]]*\('
if grep -nE "$banned" $files; then
	echo "lint: banned function (style.md section 10): use snprintf, memcpy, strtol, ..." >&2
	status=1
fi
if grep -nE '[[:space:]]+$' $files; then
	echo "lint: trailing white space" >&2
	status=1
fi
long=$(awk '{
	line = $0; col = 0
	for (i = 1; i <= length(line); i++) {
		c = substr(line, i, 1)
		if (c == "\t") col += 8 - col % 8; else col++
	}
	if (col > 100 && index(line, "\"") == 0) printf "%s:%d: %d columns\n", FILENAME, FNR, col
}' $files)
if [ -n "$long" ]; then
	echo "$long"
	echo "lint: lines over 100 columns" >&2
	status=1
fi
exit $status
