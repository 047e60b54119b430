#!/bin/sh
# samba.sh: syncdoctor on a real Active Directory database.  Provisions a
# Samba AD domain offline (samba-tool writes the database files; no server
# runs, nothing listens), adds users, a group and contacts with planted
# problems, exports the domain with ldbsearch and checks that syncdoctor
# reads every object with its real objectGUID and finds exactly the
# planted problems, no more.  The export is then rewritten in ldifde's
# style (base64 GUIDs, changetype lines, CRLF) and must read the same.
# Exits 77 (skip) when Debian's samba or ldb-tools are not installed
# (tools/setup.sh --test installs them).  About 15 seconds.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
prog=${SYNCDOCTOR:-$top/build/syncdoctor}
case $prog in /*) ;; *) prog=$(pwd)/$prog ;; esac
for tool in samba-tool ldbadd ldbmodify ldbsearch jq base64; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "samba.sh: $tool not installed (packages samba, samba-ad-provision, samba-dsdb-modules, samba-vfs-modules, ldb-tools, jq): skipped"
		exit 77
	}
done
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
dc=$tmp/dc
sam=$dc/private/sam.ldb
base="DC=contoso,DC=com"
fail=0

die() {
	echo "FAIL samba: $*"
	exit 1
}
ok() {
	echo "ok   samba: $*"
}

# ----- the directory -----

start=$(date +%s)
# --use-rfc2307 as the issue asks; no DNS: nothing of it is exported here.
samba-tool domain provision --use-rfc2307 --realm=CONTOSO.COM \
    --domain=CONTOSO --server-role=dc --dns-backend=NONE \
    --targetdir="$dc" --adminpass='Synthetic-Passw0rd' \
    >"$tmp/provision.log" 2>&1 || {
	tail -20 "$tmp/provision.log"
	die "samba-tool domain provision failed (see above)"
}
ok "domain provisioned in $(($(date +%s) - start)) s"

# A user the ordinary way, with nothing wrong with it.
samba-tool user add henry 'Synthetic-Passw0rd1' -H "$sam" \
    --given-name=Henry --surname=Ng --mail-address=henry@contoso.com \
    >"$tmp/user.log" 2>&1 || { cat "$tmp/user.log"; die "samba-tool user add"; }
samba-tool group add Sales -H "$sam" --mail-address=sales@contoso.com \
    >"$tmp/group.log" 2>&1 || { cat "$tmp/group.log"; die "samba-tool group add"; }

# cert N: one distinct synthetic certificate value (octet string syntax:
# Samba does not parse it; syncdoctor only counts and measures it).
cert() {
	printf 'userCertificate:: %s\n' \
	    "$(printf 'synthetic certificate %02d' "$1" | base64)"
}

# The planted problems:
#  - Alice (user) and Partner (contact) share smtp:shared@contoso.com;
#  - Carol and Dave hold the same UPN (see below);
#  - Erin's UPN has a '(' Entra ID refuses;
#  - Frank holds 16 userCertificate values, Entra ID takes 15.
# Everyone else (Henry, Bob, the group, the second contact, the built-in
# accounts) must give no finding at all.
{
	printf 'dn: CN=Alice Shared,CN=Users,%s\nobjectClass: user\n' "$base"
	printf 'sAMAccountName: alice\nuserPrincipalName: alice@contoso.com\n'
	printf 'mail: alice@contoso.com\nproxyAddresses: SMTP:alice@contoso.com\n'
	printf 'proxyAddresses: smtp:shared@contoso.com\n\n'

	printf 'dn: CN=Bob Clean,CN=Users,%s\nobjectClass: user\n' "$base"
	printf 'sAMAccountName: bob\nuserPrincipalName: bob@contoso.com\n'
	printf 'proxyAddresses: SMTP:bob@contoso.com\n\n'

	printf 'dn: CN=Carol Dup,CN=Users,%s\nobjectClass: user\n' "$base"
	printf 'sAMAccountName: carol\nuserPrincipalName: dup@contoso.com\n\n'

	printf 'dn: CN=Dave Dup,CN=Users,%s\nobjectClass: user\n' "$base"
	printf 'sAMAccountName: dave\nuserPrincipalName: dave@contoso.com\n\n'

	printf 'dn: CN=Erin Paren,CN=Users,%s\nobjectClass: user\n' "$base"
	printf 'sAMAccountName: erin\nuserPrincipalName: erin(x)@contoso.com\n\n'

	printf 'dn: CN=Frank Certs,CN=Users,%s\nobjectClass: user\n' "$base"
	printf 'sAMAccountName: frank\nuserPrincipalName: frank@contoso.com\n'
	i=1
	while [ $i -le 16 ]; do
		cert $i
		i=$((i + 1))
	done
	echo

	printf 'dn: CN=Partner Contact,CN=Users,%s\nobjectClass: contact\n' "$base"
	printf 'mail: partner@fabrikam.com\n'
	printf 'proxyAddresses: SMTP:partner@fabrikam.com\n'
	printf 'proxyAddresses: smtp:shared@contoso.com\n\n'

	printf 'dn: CN=Vendor Contact,CN=Users,%s\nobjectClass: contact\n' "$base"
	printf 'mail: vendor@fabrikam.com\nproxyAddresses: SMTP:vendor@fabrikam.com\n\n'
} >"$tmp/add.ldif"
ldbadd -H "$sam" "$tmp/add.ldif" >"$tmp/add.log" 2>&1 ||
    { cat "$tmp/add.log"; die "ldbadd"; }

{
	printf 'dn: CN=Sales,CN=Users,%s\nchangetype: modify\n' "$base"
	printf 'add: member\nmember: CN=Alice Shared,CN=Users,%s\n' "$base"
	printf 'member: CN=Bob Clean,CN=Users,%s\n-\n' "$base"
	printf 'add: proxyAddresses\nproxyAddresses: SMTP:sales@contoso.com\n-\n\n'
} >"$tmp/modify.ldif"
ldbmodify -H "$sam" "$tmp/modify.ldif" >"$tmp/modify.log" 2>&1 ||
    { cat "$tmp/modify.log"; die "ldbmodify"; }

# Samba, like Windows Server 2012 R2 and later, refuses a second holder of
# a UPN; older domains and other writers did not, and such duplicates are
# what AttributeValueMustBeUnique is about.  Plant it behind samldb's back:
# straight into the domain partition's file, without Samba's modules.
part=$dc/private/sam.ldb.d/$(echo "$base" | tr '[:lower:]' '[:upper:]').ldb
printf 'dn: CN=Dave Dup,CN=Users,%s\nchangetype: modify\n%s\n%s\n\n' \
    "$base" 'replace: userPrincipalName' 'userPrincipalName: dup@contoso.com' \
    >"$tmp/dup.ldif"
ldbmodify -H "tdb://$part" "$tmp/dup.ldif" >"$tmp/dup.log" 2>&1 ||
    { cat "$tmp/dup.log"; die "ldbmodify on the partition"; }

# ----- the export -----

ldbsearch -H "$sam" '(objectClass=*)' >"$tmp/export.ldif" 2>"$tmp/search.log" ||
    { cat "$tmp/search.log"; die "ldbsearch"; }
entries=$(sed -n 's/^# \([0-9]*\) entries$/\1/p' "$tmp/export.ldif")
referrals=$(sed -n 's/^# \([0-9]*\) referrals$/\1/p' "$tmp/export.ldif")
if [ -z "$entries" ] || [ "$entries" -lt 100 ]; then
	die "ldbsearch exported '${entries:-no}' entries"
fi
ok "ldbsearch exported $entries entries and ${referrals:-0} referrals"

# ldifde's style: 'changetype: add', objectGUID in base64 (the GUID's
# bytes, little-endian first three fields), CRLF line ends, no comments.
# objectSid is dropped: ldbsearch writes it as text, ldifde as bytes.
guid_base64() {
	echo "$1" | awk -F- '{
	    le = substr($1,7,2) substr($1,5,2) substr($1,3,2) substr($1,1,2) \
	        substr($2,3,2) substr($2,1,2) substr($3,3,2) substr($3,1,2) \
	        $4 $5
	    for (i = 1; i <= 32; i += 2)
	        printf "\\%03o", index("0123456789abcdef", \
	            substr(le, i, 1)) * 16 - 16 + \
	            index("0123456789abcdef", substr(le, i + 1, 1)) - 1
	}' | { read -r esc; printf '%b' "$esc"; } | base64
}
while IFS= read -r line; do
	case $line in
	"#"* | "ref: "* | "objectSid: "*) ;;
	"dn: "*) printf '%s\r\nchangetype: add\r\n' "$line" ;;
	"objectGUID: "*)
		printf 'objectGUID:: %s\r\n' "$(guid_base64 "${line#objectGUID: }")"
		;;
	*) printf '%s\r\n' "$line" ;;
	esac
done <"$tmp/export.ldif" >"$tmp/export-ldifde.ldf"

# ----- what syncdoctor makes of it -----

# The objectGUIDs ldbsearch wrote, and those syncdoctor read.
grep '^objectGUID: ' "$tmp/export.ldif" | cut -d' ' -f2 | sort >"$tmp/guids"
[ "$(wc -l <"$tmp/guids")" -eq "$entries" ] ||
    die "not every exported entry has an objectGUID"

expected="$tmp/expected"
cat >"$expected" <<EOF
AttributeValueMustBeUnique|proxyAddresses|shared@contoso.com|CN=Alice Shared,CN=Users,$base;CN=Partner Contact,CN=Users,$base
AttributeValueMustBeUnique|userPrincipalName|dup@contoso.com|CN=Carol Dup,CN=Users,$base;CN=Dave Dup,CN=Users,$base
IdentityDataValidationFailed|userPrincipalName|erin(x)@contoso.com|CN=Erin Paren,CN=Users,$base
LargeObject|userCertificate|16 certificates|CN=Frank Certs,CN=Users,$base
EOF
sort -o "$expected" "$expected"

# read_export NAME FILE: objects and findings of one export.
read_export() {
	name=$1 file=$2
	"$prog" objects --format json "$file" >"$tmp/objects.jsonl" \
	    2>"$tmp/objects.err" || die "$name: objects exited $?"
	jq -r 'select(.objectGUID != null) | .objectGUID' \
	    "$tmp/objects.jsonl" | sort >"$tmp/read-guids"
	if ! cmp -s "$tmp/guids" "$tmp/read-guids"; then
		diff "$tmp/guids" "$tmp/read-guids" | head -10
		die "$name: objectGUIDs read differ from those exported"
	fi
	n=$(jq -s 'map(select(.anchor != null and .anchorAttribute ==
	    "objectGUID")) | length' "$tmp/objects.jsonl")
	[ "$n" -eq "$entries" ] ||
	    die "$name: $n of $entries objects anchored on objectGUID"
	ok "$name: all $entries objects read, same objectGUIDs, anchored"

	"$prog" analyze --format json "$file" >"$tmp/report.json" \
	    2>"$tmp/analyze.err"
	status=$?
	[ $status -eq 1 ] || die "$name: analyze exited $status, expected 1"
	jq -e --argjson e "$entries" --argjson r "${referrals:-0}" \
	    '.inputs[0] | .records == .accepted + .rejected + .skipped and
	    .accepted == $e and .rejected == 0 and .skipped <= $r' \
	    "$tmp/report.json" >/dev/null ||
	    die "$name: accounting: $(jq -c '.inputs[0]' "$tmp/report.json")"
	jq -r '.findings[] | [.rule, .attribute, .value,
	    ([.objects[].dn] | sort | join(";"))] | join("|")' \
	    "$tmp/report.json" | sort >"$tmp/found"
	if ! cmp -s "$expected" "$tmp/found"; then
		echo "expected (-) and found (+):"
		diff -u "$expected" "$tmp/found" | tail -n +3
		die "$name: findings are not exactly the planted problems"
	fi
	ok "$name: exactly the $(wc -l <"$expected") planted problems found"
}
read_export ldbsearch "$tmp/export.ldif"
read_export ldifde-style "$tmp/export-ldifde.ldf"
ok "done in $(($(date +%s) - start)) s"
exit $fail
