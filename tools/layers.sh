#!/bin/sh
# layers.sh [SRCDIR]: data flows one way (README, "Layout").  A file may
# include headers from its own folder and from the folders upstream of it,
# never from a folder downstream; a *_int.h header is private to its
# folder; an include names a header, not a path.  The build enforces the
# same through each stage's include path (Makefile.am); this check says
# which line is wrong, and also covers headers the compiler never sees
# (a Windows-only file on a POSIX build).  Prints each place; exits 1 if
# there is any.
set -u
top=${1:-.}
cd "$top" || exit 2

# The stages, upstream first.
stages="lib parsers src rules report cli"

rank() {
	i=0
	for s in $stages; do
		[ "$s" = "$1" ] && { echo $i; return; }
		i=$((i + 1))
	done
	echo 99
}

status=0
for dir in $stages; do
	r=$(rank "$dir")
	for f in "$dir"/*.[ch]; do
		[ -f "$f" ] || continue
		grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
		    sed 's/^\([0-9]*\):.*"\([^"]*\)".*/\1 \2/' |
		while read -r line hdr; do
			case $hdr in
			config.h) continue ;;
			*/*)
				echo "$f:$line: includes \"$hdr\": name the header, not a path"
				echo x
				continue ;;
			esac
			home=""
			for s in $stages; do
				[ -f "$s/$hdr" ] && { home=$s; break; }
			done
			if [ -z "$home" ]; then
				echo "$f:$line: includes \"$hdr\", which no stage folder holds"
				echo x
				continue
			fi
			if [ "$(rank "$home")" -gt "$r" ]; then
				echo "$f:$line: includes $home/$hdr: $home/ is downstream of $dir/"
				echo x
			fi
			case $hdr in
			*_int.h)
				if [ "$home" != "$dir" ]; then
					echo "$f:$line: includes $home/$hdr, private to $home/"
					echo x
				fi ;;
			esac
		done
	done
done >"${TMPDIR:-/tmp}/layers.$$"
if grep -q '^x$' "${TMPDIR:-/tmp}/layers.$$"; then
	grep -v '^x$' "${TMPDIR:-/tmp}/layers.$$"
	echo "layers: an include runs against the flow (README, \"Layout\")" >&2
	status=1
fi
rm -f "${TMPDIR:-/tmp}/layers.$$"
exit $status
