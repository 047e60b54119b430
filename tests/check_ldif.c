/*
 * Check suite for the LDIF parser (parsers/ldif.c): every case parses a
 * string and compares a canonical dump of what came out (records, values,
 * flags, lines, messages, counts) with the expected text.  Not a test of
 * the loader: records are only printed here.
 */
#include "config.h"

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "diag.h"
#include "ldif.h"
#include "xalloc.h"
#include "testutil.h"

#define TEST_FILE	"t.ldif"
#define BIG_BLOCK	(1024 * 1024)	/* the parser's fread size */

/* What one parse produced, as text; see dump_*(). */
struct parsed {
	struct diag	 dg;
	FILE		*out;
	char		*dump;
	size_t		 dumplen;
	unsigned long	 nrecords;
	unsigned long	 stop_after;	/* emit says stop after so many; 0 never */
	int		 rc;
};

#define CODE(c)	[c] = #c
static const char *const code_names[D_MAX] = {
	CODE(D_LDIF_OPTION), CODE(D_LDIF_RANGE_OPEN), CODE(D_LDIF_VERSION),
	CODE(D_LDIF_INCLUDE), CODE(D_LDIF_LATE_VERSION), CODE(D_LDIF_CONTROL),
	CODE(D_LDIF_ENTRY_ID),
	CODE(D_LDIF_URL), CODE(D_LDIF_SKIP_CHANGE),
	CODE(D_LDIF_SKIP_NO_DN), CODE(D_LDIF_NO_COLON), CODE(D_LDIF_BASE64),
	CODE(D_LDIF_STRAY_CONT), CODE(D_LDIF_NO_DN), CODE(D_LDIF_BAD_NAME),
	CODE(D_LDIF_CHANGETYPE), CODE(D_LDIF_NUL), CODE(D_LIMIT_VALUE),
	CODE(D_LIMIT_RECORD), CODE(D_LIMIT_VALUES), CODE(D_READ),
};

/* Bytes as 'text', with \xHH for anything but printable ASCII. */
static void
dump_bytes(FILE *out, const char *s, size_t len)
{
	size_t	i;

	fputc('\'', out);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'')
			fputc(c, out);
		else
			fprintf(out, "\\x%02x", c);
	}
	fputc('\'', out);
}

/* record_fn: print the record and its values, count it accepted. */
static int
dump_record(const struct record *rec, void *arg)
{
	struct parsed	*p = arg;
	size_t		 i;

	diag_accept(&p->dg);
	ck_assert_str_eq(rec->file, TEST_FILE);
	fprintf(p->out, "rec %lu ", rec->line);
	dump_bytes(p->out, rec->dn, strlen(rec->dn));
	fputc('\n', p->out);
	for (i = 0; i < rec->nattrs; i++) {
		const struct attr *a = &rec->attrs[i];

		fprintf(p->out, "  %lu %s ", a->line, a->name);
		if (a->flags & ATTR_MEASURED) {
			/* No bytes: "" and the size they would have. */
			ck_assert_str_eq(a->value, "");
			fprintf(p->out, "(%zu bytes) measured", a->len);
		} else {
			/* Text users may treat every value as a C string. */
			ck_assert_int_eq(a->value[a->len], '\0');
			dump_bytes(p->out, a->value, a->len);
		}
		fprintf(p->out, "%s%s%s%s\n",
		    a->flags & ATTR_BASE64 ? " b64" : "",
		    a->flags & ATTR_BINARY ? " bin" : "",
		    a->flags & ATTR_TRUNCATED ? " trunc" : "",
		    a->flags & ATTR_UNAVAILABLE ? " url" : "");
	}
	return ++p->nrecords == p->stop_after;
}

/* Messages, then the counts; checks records = accepted + rej + skipped. */
static void
dump_end(struct parsed *p)
{
	const struct input_stats	*in = &p->dg.inputs[0];
	size_t				 i;

	for (i = 0; i < p->dg.nmsgs; i++) {
		const struct diag_msg *m = &p->dg.msgs[i];

		ck_assert_str_eq(m->file, TEST_FILE);
		fprintf(p->out, "! %lu %s: %s\n", m->line,
		    code_names[m->code] ? code_names[m->code] : "?", m->text);
	}
	ck_assert_uint_eq(in->records, in->accepted + in->rejected +
	    in->skipped);
	ck_assert_uint_eq(in->accepted, p->nrecords);
	fprintf(p->out, "= rc%d a%lu r%lu s%lu w%lu v%lu\n", p->rc,
	    in->accepted, in->rejected, in->skipped, in->warnings,
	    in->values_rejected);
	fclose(p->out);
	p->out = NULL;
}

/* Parse in with lim (NULL: defaults) into p->dump. */
static void
parse_stream(struct parsed *p, FILE *in, const struct limits *lim)
{
	struct limits	 def;

	if (lim == NULL) {
		limits_init(&def);
		lim = &def;
	}
	diag_init(&p->dg, NULL);
	diag_input_begin(&p->dg, TEST_FILE, "ldif", "onprem");
	p->out = open_memstream(&p->dump, &p->dumplen);
	ck_assert_ptr_nonnull(p->out);
	p->rc = ldif_parse(in, TEST_FILE, lim, &p->dg, CONTENT_OBJECTS,
	    dump_record, p);
	dump_end(p);
}

/* Parse len bytes of s (len 0: strlen) into a dump. */
static void
parse_string(struct parsed *p, const char *s, size_t len,
    const struct limits *lim)
{
	FILE	*in;

	if (len == 0)
		len = strlen(s);
	/* fmemopen of zero bytes is the empty file. */
	in = fmemopen(len ? (void *)s : (void *)"", len, "r");
	ck_assert_ptr_nonnull(in);
	parse_stream(p, in, lim);
	fclose(in);
}

/* Free what parse_string() or parse_stream() made. */
static void
parsed_release(struct parsed *p)
{
	diag_release(&p->dg);
	free(p->dump);
}

/* Small ceilings so the limit cases stay short. */
static const struct limits small_limits = {
	.max_value_bytes = 16,
	.max_record_bytes = 120,
	.max_values = 3,
	.max_depth = 8,
};

/* Photos measured, not decoded, as the loader asks (load.c). */
static const char *const photo_names[] = { "thumbnailphoto", NULL };
static const struct limits measure_limits = {
	.max_value_bytes = 99,
	.max_record_bytes = 4096,
	.max_values = 3,
	.max_depth = 8,
	.measured = photo_names,
};

#define BIN(s)	s, sizeof(s) - 1	/* a literal holding NULs */
#define TXT(s)	s, 0

/*
 * Each case: its name, the input, the limits (NULL: defaults), and the
 * dump: "rec LINE 'dn'", "  LINE name 'value' flags" per value, one
 * "! LINE CODE: text" per message, then "= rc a(ccepted) r(ejected)
 * s(kipped) w(arnings) v(alues rejected)".
 */
static const struct ldif_case {
	const char		*name;
	const char		*ldif;
	size_t			 len;
	const struct limits	*lim;
	const char		*want;
} cases[] = {
	/* ----- RFC 2849 basics ----- */
	{ "basic", TXT(
	    "dn: CN=Ana Lima,OU=Staff,DC=contoso,DC=com\n"
	    "objectClass: top\n"
	    "objectClass: user\n"
	    "userPrincipalName: ana.lima@contoso.com\n"), NULL,
	    "rec 1 'CN=Ana Lima,OU=Staff,DC=contoso,DC=com'\n"
	    "  2 objectClass 'top'\n"
	    "  3 objectClass 'user'\n"
	    "  4 userPrincipalName 'ana.lima@contoso.com'\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ "fold: one space dropped, a second is data", TXT(
	    "dn: cn=a\n"
	    "description: a value long enough to be folded by the wr\n"
	    " iter at some column\n"
	    "info: ab\n"
	    "  cd\n"
	    "cn: a\n"), NULL,
	    "rec 1 'cn=a'\n"
	    "  2 description 'a value long enough to be folded by the writer at some column'\n"
	    "  4 info 'ab cd'\n"
	    "  6 cn 'a'\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ "fold inside the attribute name and the dn", TXT(
	    "dn: CN=Ana,DC=con\n"
	    " toso,DC=com\n"
	    "userPrin\n"
	    " cipalName: ana@contoso.com\n"), NULL,
	    "rec 1 'CN=Ana,DC=contoso,DC=com'\n"
	    "  3 userPrincipalName 'ana@contoso.com'\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ "fold inside a base64 run", TXT(
	    "dn: cn=a\n"
	    "displayName:: QW7\n"
	    " DoSBM\n"
	    " aW1h\n"), NULL,
	    "rec 1 'cn=a'\n"
	    "  2 displayName 'An\\xc3\\xa1 Lima' b64\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ "fold splitting a UTF-8 sequence", TXT(
	    "dn: cn=a\n"
	    "displayName: An\xc3\n"
	    " \xa1 Lima\n"), NULL,
	    "rec 1 'cn=a'\n"
	    "  2 displayName 'An\\xc3\\xa1 Lima'\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ "CRLF with folds", TXT(
	    "dn: cn=a\r\n"
	    "description: ab\r\n"
	    " cd\r\n"
	    "objectGUID:: HmpLDC1fik6bfB0u\r\n"
	    " P0BRYg==\r\n"
	    "\r\n"
	    "dn: cn=b\r\n"), NULL,
	    "rec 1 'cn=a'\n"
	    "  2 description 'abcd'\n"
	    "  4 objectGUID '\\x1ejK\\x0c-_\\x8aN\\x9b|\\x1d.?@Qb' b64\n"
	    "rec 7 'cn=b'\n"
	    "= rc0 a2 r0 s0 w0 v0\n" },
	{ "a TAB also continues a line", TXT(
	    "dn: cn=a\n"
	    "info: ab\n"
	    "\tcd\n"), NULL,
	    "rec 1 'cn=a'\n"
	    "  2 info 'abcd'\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ "UTF-8 BOM at the start", TXT(
	    "\xef\xbb\xbf" "dn: cn=a\n"
	    "cn: a\n"), NULL,
	    "rec 1 'cn=a'\n"
	    "  2 cn 'a'\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ "spaces after the colon skipped, trailing spaces kept", TXT(
	    "dn:    cn=a \n"
	    "sn: Lima  \n"
	    "cn:      spaced out\n"
	    "initials:: IEEg\n"), NULL,
	    "rec 1 'cn=a '\n"
	    "  2 sn 'Lima  '\n"
	    "  3 cn 'spaced out'\n"
	    "  4 initials ' A ' b64\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ "sn:: IA== is a single space", TXT(
	    "dn: cn=a\n"
	    "sn:: IA==\n"), NULL,
	    "rec 1 'cn=a'\n"
	    "  2 sn ' ' b64\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ "empty values", TXT(
	    "dn: cn=a\n"
	    "description:\n"
	    "info::\n"
	    "sn: \n"
	    "cn: a\n"), NULL,
	    "rec 1 'cn=a'\n"
	    "  2 description ''\n"
	    "  3 info '' b64\n"
	    "  4 sn ''\n"
	    "  5 cn 'a'\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ "ldifde: blank line first, several blank lines, no final newline",
	    TXT(
	    "\r\n"
	    "\r\n"
	    "dn: cn=a\r\n"
	    "changetype: add\r\n"
	    "cn: a\r\n"
	    "\r\n"
	    "\r\n"
	    "\r\n"
	    "dn: cn=b\r\n"
	    "changetype: add\r\n"
	    "cn: b"), NULL,
	    "rec 3 'cn=a'\n"
	    "  5 cn 'a'\n"
	    "rec 9 'cn=b'\n"
	    "  11 cn 'b'\n"
	    "= rc0 a2 r0 s0 w0 v0\n" },
	{ "comments, folded comments, comments inside a record", TXT(
	    "# a comment\n"
	    "#  that is folded\n"
	    " dn: cn=not a record\n"
	    "dn: cn=a\n"
	    "# inside\n"
	    "cn: a\n"
	    "#folded inside\n"
	    " sn: not a value\n"
	    "sn: b\n"
	    "#\n"), NULL,
	    "rec 4 'cn=a'\n"
	    "  6 cn 'a'\n"
	    "  9 sn 'b'\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ "version: 1 is not a record", TXT(
	    "version: 1\n"
	    "\n"
	    "dn: cn=a\n"
	    "cn: a\n"), NULL,
	    "rec 3 'cn=a'\n"
	    "  4 cn 'a'\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ "version other than 1 warns", TXT(
	    "version: 2\n"
	    "dn: cn=a\n"), NULL,
	    "rec 2 'cn=a'\n"
	    "! 1 D_LDIF_VERSION: unsupported LDIF version: version '2', read as version 1\n"
	    "= rc0 a1 r0 s0 w1 v0\n" },
	{ "names are case-insensitive, emitted as found", TXT(
	    "DN: cn=a\n"
	    "OBJECTCLASS: top\n"
	    "objectclass: person\n"
	    "ObjectClass: user\n"
	    "objectClass: contact\n"), &small_limits,
	    "! 5 D_LIMIT_VALUES: attribute has more values than --max-values: attribute 'objectClass' (over 3 values)\n"
	    "= rc0 a0 r1 s0 w0 v0\n" },
	{ "names as found when spelled differently", TXT(
	    "dn: cn=a\n"
	    "OBJECTCLASS: top\n"
	    "objectclass: person\n"
	    "OBJECTCLASS: user\n"), NULL,
	    "rec 1 'cn=a'\n"
	    "  2 OBJECTCLASS 'top'\n"
	    "  3 objectclass 'person'\n"
	    "  4 OBJECTCLASS 'user'\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ "numeric OID as a name", TXT(
	    "dn: cn=a\n"
	    "1.2.840.113556.1.4.1360: x\n"), NULL,
	    "rec 1 'cn=a'\n"
	    "  2 1.2.840.113556.1.4.1360 'x'\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },

	/* ----- options ----- */
	{ ";binary, ;lang- quietly, unknown options warned", TXT(
	    "dn: cn=a\n"
	    "userCertificate;binary:: AAEC\n"
	    "cn;lang-de: Anna\n"
	    "cn;x-custom: Ann\n"
	    "sn;BINARY: Lima\n"), NULL,
	    "rec 1 'cn=a'\n"
	    "  2 userCertificate '\\x00\\x01\\x02' b64 bin\n"
	    "  3 cn 'Anna'\n"
	    "  4 cn 'Ann'\n"
	    "  5 sn 'Lima' bin\n"
	    "! 4 D_LDIF_OPTION: unknown attribute option ignored: option 'x-custom' of attribute 'cn'\n"
	    "= rc0 a1 r0 s0 w1 v0\n" },
	{ ";range= pieces merged, last one ends in -*", TXT(
	    "dn: CN=Big,DC=contoso,DC=com\n"
	    "member;range=0-1: CN=A\n"
	    "cn: Big\n"
	    "member;range=0-1: CN=B\n"
	    "member;range=2-*: CN=C\n"), NULL,
	    "rec 1 'CN=Big,DC=contoso,DC=com'\n"
	    "  2 member 'CN=A'\n"
	    "  3 cn 'Big'\n"
	    "  4 member 'CN=B'\n"
	    "  5 member 'CN=C'\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ ";range= never reaching -*: truncated, one warning", TXT(
	    "dn: CN=Big,DC=contoso,DC=com\n"
	    "member;range=0-1499: CN=A\n"
	    "member;range=0-1499: CN=B\n"
	    "memberOf: CN=G\n"
	    "member;Range=1500-2999: CN=C\n"), NULL,
	    "rec 1 'CN=Big,DC=contoso,DC=com'\n"
	    "  2 member 'CN=A' trunc\n"
	    "  3 member 'CN=B' trunc\n"
	    "  4 memberOf 'CN=G'\n"
	    "  5 member 'CN=C' trunc\n"
	    "! 2 D_LDIF_RANGE_OPEN: ranged retrieval stopped before the last range: values may be missing: attribute 'member' (3 values)\n"
	    "= rc0 a1 r0 s0 w1 v0\n" },
	{ "a malformed ;range= is an unknown option", TXT(
	    "dn: cn=a\n"
	    "member;range=x-*: CN=A\n"), NULL,
	    "rec 1 'cn=a'\n"
	    "  2 member 'CN=A'\n"
	    "! 2 D_LDIF_OPTION: unknown attribute option ignored: option 'range=x-*' of attribute 'member'\n"
	    "= rc0 a1 r0 s0 w1 v0\n" },

	/* ----- :< URLs are never opened ----- */
	{ ":< refused: value unavailable, record kept", TXT(
	    "dn: cn=a\n"
	    "jpegPhoto:< file:///etc/passwd\n"
	    "cn: a\n"), NULL,
	    "rec 1 'cn=a'\n"
	    "  2 jpegPhoto '' url\n"
	    "  3 cn 'a'\n"
	    "! 2 D_LDIF_URL: value given by URL refused, not opened: attribute 'jpegPhoto'\n"
	    "= rc0 a1 r0 s0 w0 v1\n" },
	{ "a plain value may start with '<' after a space", TXT(
	    "dn: cn=a\n"
	    "info: <not a url>\n"), NULL,
	    "rec 1 'cn=a'\n"
	    "  2 info '<not a url>'\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },

	/* ----- dn forms ----- */
	{ "dn:: base64", TXT(
	    "dn:: Q049QW7DoSxEQz1jb250b3NvLERDPWNvbQ==\n"
	    "cn: a\n"), NULL,
	    "rec 1 'CN=An\\xc3\\xa1,DC=contoso,DC=com'\n"
	    "  2 cn 'a'\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ "ldb extended dn: prefixes stripped, GUID passed on", TXT(
	    "dn: <GUID=0c4b6a1e-5f2d-4e8a-9b7c-1d2e3f405162>;<SID=S-1-5-21-1-2-3-1104>;CN=Ana,DC=samdom,DC=com\n"
	    "cn: Ana\n"), NULL,
	    "rec 1 'CN=Ana,DC=samdom,DC=com'\n"
	    "  2 cn 'Ana'\n"
	    "  1 objectGUID '0c4b6a1e-5f2d-4e8a-9b7c-1d2e3f405162'\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ "AD extended dn: hex GUID becomes the 16 stored bytes", TXT(
	    "dn: <GUID=1e6a4b0c2d5f8a4e9b7c1d2e3f405162>;<SID=010500000000000515000000a162f5129d720b56776ea43a50040000>;CN=Ana,DC=contoso,DC=com\n"), NULL,
	    "rec 1 'CN=Ana,DC=contoso,DC=com'\n"
	    "  1 objectGUID '\\x1ejK\\x0c-_\\x8aN\\x9b|\\x1d.?@Qb'\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ "extended dn: the record's own objectGUID wins", TXT(
	    "dn: <GUID=0c4b6a1e-5f2d-4e8a-9b7c-1d2e3f405162>;CN=Ana,DC=samdom,DC=com\n"
	    "objectguid: 11111111-2222-3333-4444-555555555555\n"), NULL,
	    "rec 1 'CN=Ana,DC=samdom,DC=com'\n"
	    "  2 objectguid '11111111-2222-3333-4444-555555555555'\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ "dn:< is not opened: no dn", TXT(
	    "dn:< file:///etc/passwd\n"
	    "cn: a\n"
	    "\n"
	    "dn: cn=b\n"), NULL,
	    "rec 4 'cn=b'\n"
	    "! 1 D_LDIF_NO_DN: record does not start with 'dn:': dn given by URL, not opened\n"
	    "= rc0 a1 r1 s0 w0 v0\n" },

	/* ----- changetype ----- */
	{ "changetype: add and control: are content", TXT(
	    "dn: cn=a\n"
	    "control: 1.2.840.113556.1.4.417 true\n"
	    "changetype: add\n"
	    "cn: a\n"), NULL,
	    "rec 1 'cn=a'\n"
	    "  4 cn 'a'\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ "modify, delete, modrdn, moddn skipped", TXT(
	    "dn: cn=a\n"
	    "changetype: modify\n"
	    "add: member\n"
	    "member: cn=x\n"
	    "-\n"
	    "\n"
	    "dn: cn=b\n"
	    "changetype: delete\n"
	    "\n"
	    "dn: cn=c\n"
	    "control: 1.2.3 true\n"
	    "changetype: modrdn\n"
	    "newrdn: cn=d\n"
	    "deleteoldrdn: 1\n"
	    "\n"
	    "dn: cn=e\n"
	    "changetype: MODDN\n"
	    "newrdn: cn=f\n"
	    "\n"
	    "dn: cn=g\n"
	    "cn: g\n"), NULL,
	    "rec 20 'cn=g'\n"
	    "  21 cn 'g'\n"
	    "! 1 D_LDIF_SKIP_CHANGE: change record skipped: not directory content: changetype 'modify'\n"
	    "! 7 D_LDIF_SKIP_CHANGE: change record skipped: not directory content: changetype 'delete'\n"
	    "! 10 D_LDIF_SKIP_CHANGE: change record skipped: not directory content: changetype 'modrdn'\n"
	    "! 16 D_LDIF_SKIP_CHANGE: change record skipped: not directory content: changetype 'moddn'\n"
	    "= rc0 a1 r0 s4 w0 v0\n" },
	{ "unknown changetype rejected", TXT(
	    "dn: cn=a\n"
	    "changetype: frobnicate\n"
	    "cn: a\n"
	    "\n"
	    "dn: cn=b\n"), NULL,
	    "rec 5 'cn=b'\n"
	    "! 2 D_LDIF_CHANGETYPE: unknown changetype: 'frobnicate'\n"
	    "= rc0 a1 r1 s0 w0 v0\n" },
	{ "changetype after a value is an ordinary attribute", TXT(
	    "dn: cn=a\n"
	    "cn: a\n"
	    "changetype: modify\n"), NULL,
	    "rec 1 'cn=a'\n"
	    "  2 cn 'a'\n"
	    "  3 changetype 'modify'\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },

	/* ----- producers' extras ----- */
	{ "ldapsearch header, trailer and search:/result:", TXT(
	    "# extended LDIF\n"
	    "#\n"
	    "# LDAPv3\n"
	    "# base <DC=contoso,DC=com> with scope subtree\n"
	    "# filter: (objectClass=user)\n"
	    "# requesting: ALL\n"
	    "#\n"
	    "\n"
	    "# Ana, contoso.com\n"
	    "dn: CN=Ana,DC=contoso,DC=com\n"
	    "cn: Ana\n"
	    "\n"
	    "# search reference\n"
	    "ref: ldap://ForestDnsZones.contoso.com/DC=ForestDnsZones,DC=contoso,DC=com\n"
	    "\n"
	    "# pagedresults: cookie=\n"
	    "\n"
	    "# search result\n"
	    "search: 2\n"
	    "result: 0 Success\n"
	    "\n"
	    "# numResponses: 3\n"
	    "# numEntries: 1\n"
	    "# numReferences: 1\n"), NULL,
	    "rec 10 'CN=Ana,DC=contoso,DC=com'\n"
	    "  11 cn 'Ana'\n"
	    "! 14 D_LDIF_SKIP_NO_DN: record without dn skipped: starts with 'ref:'\n"
	    "! 19 D_LDIF_SKIP_NO_DN: record without dn skipped: starts with 'search:'\n"
	    "= rc0 a1 r0 s2 w0 v0\n" },
	{ "ldapsearch paged: result: blocks between pages", TXT(
	    "dn: cn=a\n"
	    "\n"
	    "# search result\n"
	    "search: 2\n"
	    "result: 0 Success\n"
	    "control: 1.2.840.113556.1.4.319 false MIQAAAAFAgEABAA=\n"
	    "\n"
	    "result: 0 Success\n"
	    "\n"
	    "dn: cn=b\n"), NULL,
	    "rec 1 'cn=a'\n"
	    "rec 10 'cn=b'\n"
	    "! 4 D_LDIF_SKIP_NO_DN: record without dn skipped: starts with 'search:'\n"
	    "! 8 D_LDIF_SKIP_NO_DN: record without dn skipped: starts with 'result:'\n"
	    "= rc0 a2 r0 s2 w0 v0\n" },
	{ "ldbsearch # record N, referral and trailer", TXT(
	    "# record 1\n"
	    "dn: CN=Ana,CN=Users,DC=samdom,DC=com\n"
	    "objectGUID: 0c4b6a1e-5f2d-4e8a-9b7c-1d2e3f405162\n"
	    "\n"
	    "# Referral\n"
	    "ref: ldap://samdom.com/CN=Configuration,DC=samdom,DC=com\n"
	    "\n"
	    "# returned 2 records\n"
	    "# 1 entries\n"
	    "# 1 referrals\n"), NULL,
	    "rec 2 'CN=Ana,CN=Users,DC=samdom,DC=com'\n"
	    "  3 objectGUID '0c4b6a1e-5f2d-4e8a-9b7c-1d2e3f405162'\n"
	    "! 6 D_LDIF_SKIP_NO_DN: record without dn skipped: starts with 'ref:'\n"
	    "= rc0 a1 r0 s1 w0 v0\n" },
	{ "another record without dn is rejected", TXT(
	    "cn: a\n"
	    "sn: b\n"
	    "\n"
	    "dn: cn=b\n"), NULL,
	    "rec 4 'cn=b'\n"
	    "! 1 D_LDIF_NO_DN: record does not start with 'dn:': starts with 'cn:'\n"
	    "= rc0 a1 r1 s0 w0 v0\n" },
	{ "legacy numeric entry id passed over, said", TXT(
	    "42\n"
	    "dn: cn=a\n"
	    "cn: a\n"), NULL,
	    "rec 2 'cn=a'\n"
	    "  3 cn 'a'\n"
	    "! 1 D_LDIF_ENTRY_ID: legacy entry number line ignored: '42'\n"
	    "= rc0 a1 r0 s0 w1 v0\n" },
	{ "include: never followed", TXT(
	    "include: file:///etc/ldap/more.ldif\n"
	    "\n"
	    "dn: cn=a\n"), NULL,
	    "rec 3 'cn=a'\n"
	    "! 1 D_LDIF_INCLUDE: include: line ignored, never followed: 'file:///etc/ldap/more.ldif'\n"
	    "= rc0 a1 r0 s0 w1 v0\n" },
	{ "version: between records said, not silent", TXT(
	    "version: 1\n"
	    "\n"
	    "dn: cn=a\n"
	    "cn: a\n"
	    "\n"
	    "version: 1\n"
	    "\n"
	    "dn: cn=b\n"), NULL,
	    "rec 3 'cn=a'\n"
	    "  4 cn 'a'\n"
	    "rec 8 'cn=b'\n"
	    "! 6 D_LDIF_LATE_VERSION: version: line ignored: 'version: 1' after the first record: were two exports concatenated?\n"
	    "= rc0 a2 r0 s0 w1 v0\n" },
	{ "control: in a content record said; in a change record not", TXT(
	    "dn: cn=a\n"
	    "control: 1.2.840.113556.1.4.417 true\n"
	    "cn: a\n"
	    "\n"
	    "dn: cn=b\n"
	    "control: 1.2.840.113556.1.4.805\n"
	    "changetype: add\n"
	    "cn: b\n"
	    "\n"
	    "dn: cn=c\n"
	    "control: 1.2.840.113556.1.4.417\n"), NULL,
	    "rec 1 'cn=a'\n"
	    "  3 cn 'a'\n"
	    "rec 5 'cn=b'\n"
	    "  8 cn 'b'\n"
	    "rec 10 'cn=c'\n"
	    "! 2 D_LDIF_CONTROL: control: line ignored: in a content record (no changetype: follows)\n"
	    "! 11 D_LDIF_CONTROL: control: line ignored: in a content record (no changetype: follows)\n"
	    "= rc0 a3 r0 s0 w2 v0\n" },

	/* ----- malformed input ----- */
	{ "line without colon: record rejected, next one read", TXT(
	    "dn: cn=a\n"
	    "cn: a\n"
	    "this line has no colon\n"
	    "sn: x\n"
	    " folded into the rejected record\n"
	    "\n"
	    "dn: cn=b\n"
	    "cn: b\n"), NULL,
	    "rec 7 'cn=b'\n"
	    "  8 cn 'b'\n"
	    "! 3 D_LDIF_NO_COLON: line has no ':': 'this line has no colon'\n"
	    "= rc0 a1 r1 s0 w0 v0\n" },
	{ "stray continuation at the start: one rejected record", TXT(
	    " stray\n"
	    " more stray\n"
	    "dn: cn=a\n"
	    "cn: a\n"), NULL,
	    "rec 3 'cn=a'\n"
	    "  4 cn 'a'\n"
	    "! 1 D_LDIF_STRAY_CONT: continuation line outside any record: nothing before it to continue\n"
	    "= rc0 a1 r1 s0 w0 v0\n" },
	{ "stray continuation after a blank line", TXT(
	    "dn: cn=a\n"
	    "\n"
	    " stray\n"
	    "\n"
	    " \n"
	    "dn: cn=b\n"), NULL,
	    "rec 1 'cn=a'\n"
	    "rec 6 'cn=b'\n"
	    "! 3 D_LDIF_STRAY_CONT: continuation line outside any record: nothing before it to continue\n"
	    "! 5 D_LDIF_STRAY_CONT: continuation line outside any record: nothing before it to continue\n"
	    "= rc0 a2 r2 s0 w0 v0\n" },
	{ "bad base64 rejects the record", TXT(
	    "dn: cn=a\n"
	    "objectGUID:: HmpL*C1fik6bfB0uP0BRYg==\n"
	    "cn: a\n"
	    "\n"
	    "dn: cn=b\n"
	    "thumbnailPhoto:: QQ=\n"
	    " =QQ\n"
	    "\n"
	    "dn: cn=c\n"), NULL,
	    "rec 9 'cn=c'\n"
	    "! 2 D_LDIF_BASE64: invalid base64 value: attribute 'objectGUID'\n"
	    "! 6 D_LDIF_BASE64: invalid base64 value: attribute 'thumbnailPhoto'\n"
	    "= rc0 a1 r2 s0 w0 v0\n" },
	{ "invalid attribute descriptions", BIN(
	    "dn: cn=a\n"
	    ": no name\n"
	    "\n"
	    "dn: cn=b\n"
	    "c n: space in name\n"
	    "\n"
	    "dn: cn=c\n"
	    "cn;: empty option\n"
	    "\n"
	    "dn: cn=d\n"
	    "c\0n: NUL in name\n"
	    "\n"
	    "dn: cn=e\n"
	    ";binary:: AAAA\n"
	    "\n"
	    "dn: cn=f\n"
	    "-cn: leading hyphen\n"
	    "\n"
	    "dn: cn=g\n"), NULL,
	    "rec 19 'cn=g'\n"
	    "! 2 D_LDIF_BAD_NAME: invalid attribute description: empty attribute name\n"
	    "! 5 D_LDIF_BAD_NAME: invalid attribute description: 'c n'\n"
	    "! 8 D_LDIF_BAD_NAME: invalid attribute description: 'cn;'\n"
	    "! 11 D_LDIF_BAD_NAME: invalid attribute description: NUL byte in 'c'\n"
	    "! 14 D_LDIF_BAD_NAME: invalid attribute description: empty attribute name\n"
	    "! 17 D_LDIF_BAD_NAME: invalid attribute description: '-cn'\n"
	    "= rc0 a1 r6 s0 w0 v0\n" },
	{ "names split in one pass and the ones that need the careful split",
	    TXT(
	    "dn: cn=a\n"
	    "1.2.840.113556.1.4.7000: oid\n"
	    "ms_Exch-Name.x: odd but kept\n"
	    "cn;binary: option\n"
	    "Cn:no space\n"
	    "\n"
	    "dn: cn=b\n"
	    "cn!: bang\n"
	    "\n"
	    "dn: cn=c\n"
	    "cn x: a colon later: here\n"
	    "\n"
	    "dn: cn=d\n"
	    "cn\n"
	    "\n"
	    "dn: cn=e\n"
	    "-: x\n"
	    "\n"
	    "dn: cn=f\n"), NULL,
	    "rec 1 'cn=a'\n"
	    "  2 1.2.840.113556.1.4.7000 'oid'\n"
	    "  3 ms_Exch-Name.x 'odd but kept'\n"
	    "  4 cn 'option' bin\n"
	    "  5 Cn 'no space'\n"
	    "rec 19 'cn=f'\n"
	    "! 8 D_LDIF_BAD_NAME: invalid attribute description: 'cn!'\n"
	    "! 11 D_LDIF_BAD_NAME: invalid attribute description: 'cn x'\n"
	    "! 14 D_LDIF_NO_COLON: line has no ':': 'cn'\n"
	    "! 17 D_LDIF_BAD_NAME: invalid attribute description: '-'\n"
	    "= rc0 a2 r4 s0 w0 v0\n" },
	{ "NUL in a plain value rejects, NUL in base64 is binary", BIN(
	    "dn: cn=a\n"
	    "cn: a\0b\n"
	    "\n"
	    "dn: cn=b\n"
	    "blob:: AP8A\n"), NULL,
	    "rec 4 'cn=b'\n"
	    "  5 blob '\\x00\\xff\\x00' b64\n"
	    "! 2 D_LDIF_NUL: NUL byte in a text line: attribute 'cn'\n"
	    "= rc0 a1 r1 s0 w0 v0\n" },
	{ "NUL in a base64 dn rejects", TXT(
	    "dn:: Y249YQBi\n"
	    "\n"
	    "dn: cn=b\n"), NULL,
	    "rec 3 'cn=b'\n"
	    "! 1 D_LDIF_NUL: NUL byte in a text line: attribute 'dn'\n"
	    "= rc0 a1 r1 s0 w0 v0\n" },
	{ "binary blob folded at 76", TXT(
	    "dn: cn=a\n"
	    "thumbnailPhoto:: AAUKDxQZHiMoLTI3PEFGS1BVWl9kaW5zeH2Ch4yRlpugpaqvtLm+w8jN0t\n"
	    " fc4ebr8PX6/w==\n"), NULL,
	    "rec 1 'cn=a'\n"
	    "  2 thumbnailPhoto '\\x00\\x05\\x0a\\x0f\\x14\\x19\\x1e#(-27<AFKPUZ_dinsx}\\x82\\x87\\x8c\\x91\\x96\\x9b\\xa0\\xa5\\xaa\\xaf\\xb4\\xb9\\xbe\\xc3\\xc8\\xcd\\xd2\\xd7\\xdc\\xe1\\xe6\\xeb\\xf0\\xf5\\xfa\\xff' b64\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },

	/* ----- measured values (measure_limits: photos, 99-byte values) */
	{ "a long photo measured, not decoded; short ones and others decoded",
	    TXT(
	    "dn: cn=a\n"
	    "ThumbnailPhoto:: AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUm"
	    "JygpKissLS4vMDEyMzQ1Njc4\n"
	    " OTo7PD0+P0BB\n"
	    "thumbnailPhoto:: QUJD\n"
	    "info:: QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVpBQkNERUZHSElKS0xNTk9QUVJTVF"
	    "VWV1hZWkFCQ0RFRkdISUpLTE1O\n"), &measure_limits,
	    "rec 1 'cn=a'\n"
	    "  2 ThumbnailPhoto (66 bytes) measured b64\n"
	    "  4 thumbnailPhoto 'ABC' b64\n"
	    "  5 info 'ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMN' b64\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ "a measured photo is still checked: bad base64, over the limit",
	    TXT(
	    "dn: cn=a\n"
	    "thumbnailPhoto:: AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUm"
	    "JygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BB!\n"
	    "\n"
	    "dn: cn=b\n"
	    "thumbnailPhoto:: eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eH"
	    "h4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh"
	    "4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eA==\n"
	    "\n"
	    "dn: cn=c\n"), &measure_limits,
	    "rec 7 'cn=c'\n"
	    "! 2 D_LDIF_BASE64: invalid base64 value: attribute 'thumbnailPhoto'\n"
	    "! 5 D_LIMIT_VALUE: value larger than --max-value-bytes: attribute 'thumbnailPhoto'\n"
	    "= rc0 a1 r2 s0 w0 v0\n" },

	/* ----- limits (small_limits: 16-byte values, 120-byte records,
	   3 values) ----- */
	{ "value at the limit kept, over it rejected, next record read", TXT(
	    "dn: cn=a\n"
	    "description: 0123456789abcdef\n"
	    "\n"
	    "dn: cn=b\n"
	    "description: 0123456789abcdefX\n"
	    "\n"
	    "dn: cn=c\n"
	    "cn: c\n"), &small_limits,
	    "rec 1 'cn=a'\n"
	    "  2 description '0123456789abcdef'\n"
	    "rec 7 'cn=c'\n"
	    "  8 cn 'c'\n"
	    "! 5 D_LIMIT_VALUE: value larger than --max-value-bytes: attribute 'description'\n"
	    "= rc0 a2 r1 s0 w0 v0\n" },
	{ "decoded base64 value over the limit", TXT(
	    "dn: cn=a\n"
	    "info:: MDEyMzQ1Njc4OWFiY2RlZlhZ\n"
	    "\n"
	    "dn: cn=b\n"), &small_limits,
	    "rec 4 'cn=b'\n"
	    "! 2 D_LIMIT_VALUE: value larger than --max-value-bytes: attribute 'info'\n"
	    "= rc0 a1 r1 s0 w0 v0\n" },
	{ "long folded value over the limit while still reading", TXT(
	    "dn: cn=a\n"
	    "info: 0123456789\n"
	    " 0123456789\n"
	    " 0123456789\n"
	    " 0123456789\n"
	    "\n"
	    "dn: cn=b\n"), &small_limits,
	    "rec 7 'cn=b'\n"
	    "! 2 D_LIMIT_VALUE: value larger than --max-value-bytes: attribute 'info'\n"
	    "= rc0 a1 r1 s0 w0 v0\n" },
	{ "too many values of one attribute (ranges merged)", TXT(
	    "dn: cn=a\n"
	    "member;range=0-1: a\n"
	    "member;range=0-1: b\n"
	    "cn: a\n"
	    "Member;range=2-*: c\n"
	    "member: d\n"
	    "\n"
	    "dn: cn=b\n"), &small_limits,
	    "rec 8 'cn=b'\n"
	    "! 6 D_LIMIT_VALUES: attribute has more values than --max-values: attribute 'member' (over 3 values)\n"
	    "= rc0 a1 r1 s0 w0 v0\n" },
	{ "record over the limit", TXT(
	    "dn: cn=a\n"
	    "cn: 0123456789abcde\n"
	    "sn: 0123456789abcde\n"
	    "mail: 0123456789abcde\n"
	    "info: 0123456789abcde\n"
	    "title: 0123456789abcde\n"
	    "initials: 0123456789abcde\n"
	    "\n"
	    "dn: cn=b\n"
	    "cn: b\n"), &small_limits,
	    "rec 9 'cn=b'\n"
	    "  10 cn 'b'\n"
	    "! 1 D_LIMIT_RECORD: record larger than --max-record-bytes: over 120 bytes\n"
	    "= rc0 a1 r1 s0 w0 v0\n" },
	{ "a long line without colon is rejected before its end", TXT(
	    "dn: cn=a\n"
	    "x0123456789012345678901234567890123456789\n"
	    "\n"
	    "dn: cn=b\n"), &small_limits,
	    "rec 4 'cn=b'\n"
	    "! 2 D_LDIF_NO_COLON: line has no ':': 'x012345678901234567890123456789012345678...'\n"
	    "= rc0 a1 r1 s0 w0 v0\n" },

	/* ----- truncated and empty files ----- */
	{ "truncated mid-record: what was read is kept", TXT(
	    "dn: cn=a\n"
	    "cn: a\n"
	    "sn: Li"), NULL,
	    "rec 1 'cn=a'\n"
	    "  2 cn 'a'\n"
	    "  3 sn 'Li'\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ "truncated mid-fold", TXT(
	    "dn: cn=a\n"
	    "description: abc\n"
	    " de\n"
	    " "), NULL,
	    "rec 1 'cn=a'\n"
	    "  2 description 'abcde'\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ "truncated mid-base64: a partial quantum is invalid", TXT(
	    "dn: cn=a\n"
	    "objectGUID:: HmpLDC1fik6bfB0uP0BRY"), NULL,
	    "! 2 D_LDIF_BASE64: invalid base64 value: attribute 'objectGUID'\n"
	    "= rc0 a0 r1 s0 w0 v0\n" },
	{ "truncated mid-base64 at a quantum: shorter value", TXT(
	    "dn: cn=a\n"
	    "objectGUID:: HmpLDC1f\n"
	    " ik6b"), NULL,
	    "rec 1 'cn=a'\n"
	    "  2 objectGUID '\\x1ejK\\x0c-_\\x8aN\\x9b' b64\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ "truncated right after dn:", TXT("dn: cn=a"), NULL,
	    "rec 1 'cn=a'\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ "empty file", TXT(""), NULL,
	    "= rc0 a0 r0 s0 w0 v0\n" },
	{ "only blank lines and comments", TXT(
	    "\n"
	    "\r\n"
	    "# nothing here\n"
	    "\n"), NULL,
	    "= rc0 a0 r0 s0 w0 v0\n" },
	{ "only a BOM", TXT("\xef\xbb\xbf"), NULL,
	    "= rc0 a0 r0 s0 w0 v0\n" },
};

START_TEST(test_ldif_case)
{
	const struct ldif_case	*c = &cases[_i];
	struct parsed		 p;

	memset(&p, 0, sizeof(p));
	parse_string(&p, c->ldif, c->len, c->lim);
	ck_assert_msg(strcmp(p.dump, c->want) == 0,
	    "case '%s':\n--- got\n%s--- want\n%s", c->name, p.dump, c->want);
	parsed_release(&p);
}
END_TEST

/* record_fn that only counts. */
static int
count_record(const struct record *rec, void *arg)
{
	(void)rec;
	diag_accept(arg);
	return 0;
}

/* The exact line a user sees (git style: file:line: level: text: detail). */
START_TEST(test_ldif_message_format)
{
	static const char	 in[] =
	    "dn: cn=a\n"
	    "objectGUID:: not*base64\n";
	struct diag		 dg;
	struct limits		 lim;
	char			*text = NULL;
	size_t			 len = 0;
	FILE			*fp, *echo;

	limits_init(&lim);
	echo = open_memstream(&text, &len);
	diag_init(&dg, echo);
	diag_input_begin(&dg, "contoso.ldf", "ldif", "onprem");
	fp = fmemopen((void *)in, sizeof(in) - 1, "r");
	ck_assert_int_eq(ldif_parse(fp, "contoso.ldf", &lim, &dg,
	    CONTENT_OBJECTS, count_record, &dg), 0);
	fclose(fp);
	fclose(echo);
	ck_assert_str_eq(text,
	    "contoso.ldf:2: error: invalid base64 value: attribute 'objectGUID'\n");
	free(text);
	diag_release(&dg);
}
END_TEST

/* A nonzero return from emit stops the parse, which returns -1. */
START_TEST(test_ldif_emit_stops)
{
	struct parsed	p;

	memset(&p, 0, sizeof(p));
	p.stop_after = 1;
	parse_string(&p, "dn: cn=a\n\ndn: cn=b\n\ndn: cn=c\n", 0, NULL);
	ck_assert_str_eq(p.dump, "rec 1 'cn=a'\n= rc-1 a1 r0 s0 w0 v0\n");
	parsed_release(&p);
}
END_TEST

/* A stream that cannot be read: one fatal D_READ and -1. */
START_TEST(test_ldif_read_error)
{
	struct parsed	 p;
	char		 buf[16];
	FILE		*fp;

	memset(&p, 0, sizeof(p));
	fp = fmemopen(buf, sizeof(buf), "w");	/* reading it fails */
	ck_assert_ptr_nonnull(fp);
	parse_stream(&p, fp, NULL);
	fclose(fp);
	ck_assert_int_eq(p.rc, -1);
	ck_assert_uint_eq(p.dg.nmsgs, 1);
	ck_assert_int_eq(p.dg.msgs[0].code, D_READ);
	ck_assert(p.dg.inputs[0].is_unusable);
	parsed_release(&p);
}
END_TEST

/*
 * Lines across the parser's 1 MiB blocks: the block boundary falls on each
 * byte of the tail in turn (the CR of a CRLF, a fold, a base64 run, a
 * UTF-8 sequence, a blank line, values left in place before a refill, a
 * last line without a newline).
 */
static const struct boundary_case {
	const char	*tail;		/* follows "#xxx...\ndn: cn=b\n" */
	const char	*want;
} boundary_cases[] = {
	{ "info: abc\r\ncn: x\r\n",
	    "rec 2 'cn=b'\n  3 info 'abc'\n  4 cn 'x'\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ "info: ab\r\n cd\r\n",
	    "rec 2 'cn=b'\n  3 info 'abcd'\n= rc0 a1 r0 s0 w0 v0\n" },
	{ "info:: QW7D\n oSBM\n aW1h\n",
	    "rec 2 'cn=b'\n  3 info 'An\\xc3\\xa1 Lima' b64\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	{ "info: An\xc3\n \xa1\n",
	    "rec 2 'cn=b'\n  3 info 'An\\xc3\\xa1'\n= rc0 a1 r0 s0 w0 v0\n" },
	{ "\r\n\r\ndn: cn=c\r\n",
	    "rec 2 'cn=b'\nrec 5 'cn=c'\n= rc0 a2 r0 s0 w0 v0\n" },
	/* Values left in the block before the refill are kept whole. */
	{ "a: 1\nb: 22\nc:: QQ==\nd: x\n y\ne: 5\n",
	    "rec 2 'cn=b'\n  3 a '1'\n  4 b '22'\n  5 c 'A' b64\n"
	    "  6 d 'xy'\n  8 e '5'\n= rc0 a1 r0 s0 w0 v0\n" },
	{ "a: 1\r\nb: 22\r\n\r\ndn: cn=c\r\nd: 4\r\n",
	    "rec 2 'cn=b'\n  3 a '1'\n  4 b '22'\nrec 6 'cn=c'\n"
	    "  7 d '4'\n= rc0 a2 r0 s0 w0 v0\n" },
	/* The last line has no newline: nothing to leave in place. */
	{ "a: 1\nb: 22",
	    "rec 2 'cn=b'\n  3 a '1'\n  4 b '22'\n= rc0 a1 r0 s0 w0 v0\n" },
	{ "a: 1\nb: 22\r",
	    "rec 2 'cn=b'\n  3 a '1'\n  4 b '22'\n= rc0 a1 r0 s0 w0 v0\n" },
	/* A value in place, then the record is dropped in the next block. */
	{ "a: 1\nb: 22\nbad line\nc: 3\n\ndn: cn=c\n",
	    "rec 8 'cn=c'\n! 5 D_LDIF_NO_COLON: line has no ':': 'bad line'\n"
	    "= rc0 a1 r1 s0 w0 v0\n" },
};

/*
 * Parse "#xxx...\ndn: cn=b\n" and tlen bytes of tail with lim, the block
 * boundary falling on each byte of the tail in turn; the dump must be want.
 */
static void
boundary_run(const char *tail, size_t tlen, const char *want,
    const struct limits *lim)
{
	struct parsed	 p;
	size_t		 len, pad, k, after;
	char		*in;

	/*
	 * A tail ending in a newline is followed by a comment longer than a
	 * block: every block the tail touched is overwritten before its
	 * record ends, so a value left in place and not saved would show.
	 */
	after = tail[tlen - 1] == '\n' ? BIG_BLOCK + 2 : 0;
	for (k = 0; k <= tlen; k++) {
		/* Line 1, a comment, pads the tail to start k bytes early. */
		pad = BIG_BLOCK - k - 9;
		len = pad + 9 + tlen + after;
		in = xmalloc(len);
		in[0] = '#';
		memset(in + 1, 'x', pad - 2);
		in[pad - 1] = '\n';
		memcpy(in + pad, "dn: cn=b\n", 9);
		memcpy(in + pad + 9, tail, tlen);
		if (after > 0) {
			in[len - after] = '#';
			memset(in + len - after + 1, 'y', after - 2);
			in[len - 1] = '\n';
		}
		memset(&p, 0, sizeof(p));
		parse_string(&p, in, len, lim);
		ck_assert_msg(strcmp(p.dump, want) == 0,
		    "boundary %zu bytes into the tail:\n%s", tlen - k, p.dump);
		free(in);
		parsed_release(&p);
	}
}

START_TEST(test_ldif_block_boundary)
{
	const struct boundary_case	*c = &boundary_cases[_i];

	boundary_run(c->tail, strlen(c->tail), c->want, NULL);
}
END_TEST

/*
 * Folded photos, joined and measured, across the block boundary: CRLF, a
 * bad character, a NUL or a lone CR on a continuation line, a value that
 * passes the limit while its lines are joined, padding on the last line.
 */
#define D50	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwx"
#define PHOTO	"thumbnailPhoto:: " D50
static const struct boundary_case measure_boundary_cases[] = {
	{ PHOTO "\r\n " D50 "\r\n ABCDEFGHIJKLMNOPQRST\r\ncn: x\r\n",
	    "rec 2 'cn=b'\n  3 thumbnailPhoto (90 bytes) measured b64\n"
	    "  6 cn 'x'\n= rc0 a1 r0 s0 w0 v0\n" },
	{ PHOTO "\n " D50 "\n ABCDEFGHI!KLMNOPQRST\n",
	    "! 3 D_LDIF_BASE64: invalid base64 value: attribute 'thumbnailPhoto'\n"
	    "= rc0 a0 r1 s0 w0 v0\n" },
	{ PHOTO "\n " D50 "\n ABCDEFGHI\0KLMNOPQRST\n",
	    "! 3 D_LDIF_NUL: NUL byte in a text line: attribute 'thumbnailPhoto'\n"
	    "= rc0 a0 r1 s0 w0 v0\n" },
	{ PHOTO "\r\n " D50 "\r\n ABCDEFGHI\rKLMNOPQRST\r\n",
	    "! 3 D_LDIF_BASE64: invalid base64 value: attribute 'thumbnailPhoto'\n"
	    "= rc0 a0 r1 s0 w0 v0\n" },
	{ PHOTO "\n " D50 "\n " D50 "\n " D50 "\n " D50 "\ncn: x\n",
	    "! 3 D_LIMIT_VALUE: value larger than --max-value-bytes: attribute 'thumbnailPhoto'\n"
	    "= rc0 a0 r1 s0 w0 v0\n" },
	{ PHOTO "\n " D50 "\n ABCDEFGHIJKLMNOPQR==\n",
	    "rec 2 'cn=b'\n  3 thumbnailPhoto (88 bytes) measured b64\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
	/* 99 bytes, the limit, in lines of 4 digits: no CR counts. */
	{ PHOTO "\r\n ABCD\r\n ABCD\r\n ABCD\r\n ABCD\r\n ABCD\r\n ABCD"
	    "\r\n ABCD\r\n ABCD\r\n ABCD\r\n ABCD\r\n ABCD\r\n ABCD\r\n ABCD"
	    "\r\n ABCD\r\n ABCD\r\n ABCD\r\n ABCD\r\n ABCD\r\n ABCD\r\n ABCD"
	    "\r\n AB\r\n",
	    "rec 2 'cn=b'\n  3 thumbnailPhoto (99 bytes) measured b64\n"
	    "= rc0 a1 r0 s0 w0 v0\n" },
};
#undef PHOTO
#undef D50

START_TEST(test_ldif_measure_boundary)
{
	const struct boundary_case	*c = &measure_boundary_cases[_i];
	/* strlen stops at the NUL of one case: the tails end in "\n". */
	size_t				 tlen = strlen(c->tail);

	if (strstr(c->want, "D_LDIF_NUL") != NULL)
		tlen += 1 + strlen(c->tail + tlen + 1);
	boundary_run(c->tail, tlen, c->want, &measure_limits);
}
END_TEST

/* A name of LDIF_DESC_MAX bytes is kept; one byte more is refused. */
START_TEST(test_ldif_name_length)
{
	struct parsed	 p;
	char		*in, *want;
	size_t		 n = 1024 + (size_t)_i;	/* LDIF_DESC_MAX in ldif.c */

	in = xmalloc(n + 32);
	memcpy(in, "dn: cn=a\n", 9);
	memset(in + 9, 'a', n);
	memcpy(in + 9 + n, ": v\n", 5);
	memset(&p, 0, sizeof(p));
	parse_string(&p, in, 9 + n + 4, NULL);
	in[9 + n] = '\0';	/* the name alone, for the dump wanted */
	want = _i == 0 ? xasprintf("rec 1 'cn=a'\n  2 %s 'v'\n"
	    "= rc0 a1 r0 s0 w0 v0\n", in + 9) :
	    xasprintf("! 2 D_LDIF_BAD_NAME: invalid attribute description: "
	    "'%.40s'\n= rc0 a0 r1 s0 w0 v0\n", in + 9);
	ck_assert_msg(strcmp(p.dump, want) == 0, "%zu bytes: %s", n, p.dump);
	free(want);
	free(in);
	parsed_release(&p);
}
END_TEST

/* A value of several MiB spans blocks; over the limits it is refused. */
static const struct long_case {
	size_t		 value_len;
	bool		 is_base64;
	size_t		 max_value;
	size_t		 max_record;
	const char	*want_code;	/* NULL: kept */
} long_cases[] = {
	{ 3 * BIG_BLOCK + 17,	false,	16 << 20,	256 << 20,	NULL },
	{ 3 * BIG_BLOCK + 17,	true,	16 << 20,	256 << 20,	NULL },
	{ 5 * BIG_BLOCK,	false,	1 << 20,	256 << 20,
	    "D_LIMIT_VALUE" },
	{ 5 * BIG_BLOCK,	true,	1 << 20,	256 << 20,
	    "D_LIMIT_VALUE" },
	{ 5 * BIG_BLOCK,	false,	16 << 20,	2 << 20,
	    "D_LIMIT_RECORD" },
};

START_TEST(test_ldif_long_value)
{
	const struct long_case	*c = &long_cases[_i];
	struct limits		 lim;
	struct parsed		 p;
	char			*in, *v, *want;
	size_t			 len, vlen, i;

	limits_init(&lim);
	lim.max_value_bytes = c->max_value;
	lim.max_record_bytes = c->max_record;
	/* One unfolded line, as ldapsearch -o ldif-wrap=no writes. */
	vlen = c->is_base64 ? BASE64_ENCODED_SIZE(c->value_len) :
	    c->value_len + 1;
	in = xmalloc(vlen + 64);
	len = (size_t)snprintf(in, 64, "dn: cn=a\ninfo:%s ",
	    c->is_base64 ? ":" : "");
	v = xmalloc(c->value_len);
	for (i = 0; i < c->value_len; i++)
		v[i] = (char)('a' + i % 26);
	if (c->is_base64)
		base64_encode((unsigned char *)v, c->value_len, in + len);
	else
		memcpy(in + len, v, c->value_len);
	len += vlen - 1;
	memcpy(in + len, "\n\ndn: cn=b\n", 11);
	len += 11;
	memset(&p, 0, sizeof(p));
	parse_string(&p, in, len, &lim);
	if (c->want_code == NULL) {
		want = xasprintf("rec 1 'cn=a'\n  2 info '%.26s", v);
		ck_assert_int_eq(strncmp(p.dump, want, strlen(want)), 0);
		ck_assert_ptr_nonnull(strstr(p.dump, "rec 4 'cn=b'\n"));
		ck_assert_ptr_nonnull(strstr(p.dump, "= rc0 a2 r0"));
	} else {
		want = xasprintf("rec 4 'cn=b'\n! %s %s: ",
		    c->want_code[8] == 'V' ? "2" : "1", c->want_code);
		ck_assert_msg(strncmp(p.dump, want, strlen(want)) == 0,
		    "got %s", p.dump);
		ck_assert_ptr_nonnull(strstr(p.dump, "= rc0 a1 r1 s0"));
	}
	free(want);
	free(v);
	free(in);
	parsed_release(&p);
}
END_TEST

static const struct sniff_case {
	const char	*head;
	int		 min;
	int		 max;
} sniff_cases[] = {
	{ "version: 1\n\ndn: cn=a\n",			90, 100 },
	{ "dn: CN=Ana,DC=contoso,DC=com\ncn: Ana\n",	90, 100 },
	{ "dn:: Q049QW7DoQ==\n",			90, 100 },
	{ "\xef\xbb\xbf\r\ndn: cn=a\r\n",		90, 100 },
	{ "\r\n\r\ndn: cn=a\r\nchangetype: add\r\n",	90, 100 },
	{ "# record 1\ndn: cn=a\n",			90, 100 },
	{ "# record 1\n",				90, 100 },
	{ "# extended LDIF\n#\n# LDAPv3\n",		90, 100 },
	{ "# comment\n# folded\n more\ndn: cn=a\n",	90, 100 },
	{ "42\ndn: cn=a\n",				90, 100 },
	{ "objectClass: top\n",				1, 50 },
	{ "{\"value\": []}\n",				0, 0 },
	/* The Entra bulk template (CSV) opens with version:v1.0 */
	{ "version:v1.0\nName [displayName] Required,User name [userPrincipalName] Required\n", 0, 0 },
	{ "[{\"id\": \"1\"}]\n",			0, 0 },
	{ "<Objs Version=\"1.1.0.1\">\n",		0, 0 },
	{ "ObjectId,UserPrincipalName,DisplayName\n",	0, 0 },
	{ "\"ObjectId\",\"UserPrincipalName\"\n",	0, 0 },
	{ "#TYPE Selected.Microsoft.Online\n\"ObjectId\",\"Mail\"\n", 0, 0 },
	{ "id\tmail\n",					0, 0 },
	{ "",						0, 0 },
};

START_TEST(test_ldif_sniff)
{
	const struct sniff_case	*c = &sniff_cases[_i];
	int			 score = ldif_sniff(c->head, strlen(c->head));

	ck_assert_msg(score >= c->min && score <= c->max,
	    "'%s': %d not in %d..%d", c->head, score, c->min, c->max);
}
END_TEST

/* The fixtures: counts and a few decoded values of each. */
static const struct fixture_case {
	const char	*path;		/* under SD_SRCDIR */
	const char	*counts;	/* the dump's last line */
	const char	*lines[6];	/* lines the dump must hold */
} fixture_cases[] = {
	{ "testdata/ldif/ldifde.ldf", "= rc0 a5 r0 s0 w0 v0\n", {
	    "rec 2 'CN=Ana Lima,OU=Staff,DC=contoso,DC=com'\n",
	    "  9 displayName 'An\\xc3\\xa1 Lima' b64\n",
	    "  10 description 'Account for Ana Lima, sales lead for the southern region; created by the onboarding workflow'\n",
	    "  12 objectGUID '\\x1ejK\\x0c-_\\x8aN\\x9b|\\x1d.?@Qb' b64\n",
	    "rec 62 'CN=Jos\\xc3\\xa9 N\\xc3\\xba\\xc3\\xb1ez,OU=Staff,DC=contoso,DC=com'\n",
	    "  71 sn ' ' b64\n" } },
	{ "testdata/ldif/ldapsearch.ldif", "= rc0 a3 r0 s2 w1 v0\n", {
	    "rec 10 'CN=Carla Dias,CN=Users,DC=fabrikam,DC=com'\n",
	    "  17 description 'Carla works in the finance department and approves purchase orders over the regional threshold'\n",
	    "  41 member 'CN=Carla Dias,CN=Users,DC=fabrikam,DC=com' trunc\n",
	    "! 45 D_LDIF_SKIP_NO_DN: record without dn skipped: starts with 'ref:'\n",
	    "! 48 D_LDIF_SKIP_NO_DN: record without dn skipped: starts with 'search:'\n",
	    "! 41 D_LDIF_RANGE_OPEN: ranged retrieval stopped before the last range: values may be missing: attribute 'member' (2 values)\n" } },
	{ "testdata/ldif/ldbsearch.ldif", "= rc0 a3 r0 s1 w0 v0\n", {
	    "rec 2 'CN=Elisa Rocha,CN=Users,DC=contoso,DC=com'\n",
	    "  8 objectGUID '4d5e6f70-8192-4a3b-bc4d-5e6f70819203'\n",
	    "  9 objectSid 'S-1-5-21-318071457-1443590813-983854711-1105'\n",
	    "  12 description 'trailing space kept '\n",
	    "  27 info 'Fabio maintains the shared printers on the second floor and the badge readers in the lobby'\n",
	    "! 41 D_LDIF_SKIP_NO_DN: record without dn skipped: starts with 'ref:'\n" } },
	{ "testdata/ldif/concatenated.ldif", "= rc0 a2 r0 s0 w2 v0\n", {
	    "  8 attrib '\\x09\\x00\\x0a:%@' b64\n",
	    "! 5 D_LDIF_CONTROL: control: line ignored: in a content record (no changetype: follows)\n",
	    "! 10 D_LDIF_LATE_VERSION: version: line ignored: 'version: 1' after the first record: were two exports concatenated?\n",
	    "rec 13 'CN=Bo Reis,OU=Staff,DC=contoso,DC=com'\n",
	    "  15 cn 'Bo Reis'\n",
	    "rec 4 'CN=Ana Lima,OU=Staff,DC=contoso,DC=com'\n" } },
};

START_TEST(test_ldif_fixture)
{
	const struct fixture_case	*c = &fixture_cases[_i];
	struct parsed			 p;
	char				*path;
	FILE				*fp;
	size_t				 i, n;

	path = xasprintf("%s/%s", SD_SRCDIR, c->path);
	fp = fopen(path, "rb");
	ck_assert_msg(fp != NULL, "cannot open %s", path);
	memset(&p, 0, sizeof(p));
	parse_stream(&p, fp, NULL);
	fclose(fp);
	n = strlen(c->counts);
	ck_assert_msg(p.dumplen >= n &&
	    strcmp(p.dump + p.dumplen - n, c->counts) == 0,
	    "%s:\n%s", c->path, p.dump);
	for (i = 0; i < ARRAY_SIZE(c->lines); i++)
		ck_assert_msg(strstr(p.dump, c->lines[i]) != NULL,
		    "%s: no line %s in:\n%s", c->path, c->lines[i], p.dump);
	free(path);
	parsed_release(&p);
}
END_TEST

/* Every test of the LDIF parser, in one test case. */
static Suite *
ldif_suite(void)
{
	Suite	*s = suite_create("ldif");
	TCase	*tc = tcase_create("parse");

	tcase_add_loop_test(tc, test_ldif_case, 0, ARRAY_SIZE(cases));
	tcase_add_test(tc, test_ldif_message_format);
	tcase_add_test(tc, test_ldif_emit_stops);
	tcase_add_test(tc, test_ldif_read_error);
	tcase_add_loop_test(tc, test_ldif_block_boundary, 0,
	    ARRAY_SIZE(boundary_cases));
	tcase_add_loop_test(tc, test_ldif_measure_boundary, 0,
	    ARRAY_SIZE(measure_boundary_cases));
	tcase_add_loop_test(tc, test_ldif_name_length, 0, 2);
	tcase_add_loop_test(tc, test_ldif_long_value, 0,
	    ARRAY_SIZE(long_cases));
	tcase_add_loop_test(tc, test_ldif_sniff, 0, ARRAY_SIZE(sniff_cases));
	tcase_add_loop_test(tc, test_ldif_fixture, 0,
	    ARRAY_SIZE(fixture_cases));
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite; exit status for automake. */
int
main(void)
{
	return testutil_run(ldif_suite());
}
