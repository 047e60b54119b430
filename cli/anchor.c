/*
 * `syncdoctor anchor VALUE`: see anchor.h.  The conversions are
 * lib/guid.c's; this file reads the command line and writes the forms and
 * commands as text or JSON.
 */
#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base64.h"
#include "cli.h"
#include "escape.h"
#include "guid.h"
#include "jsonw.h"

/* We know a value, not whose it is: the user fills these in. */
#define AD_IDENTITY	"<user>"
#define CLOUD_IDENTITY	"<user id or UPN>"

static int	anchor_run(struct options *);

static const char anchor_description[] =
"Prints one source anchor in every form: the GUID string, base64 (the\n"
"Entra ID onPremisesImmutableId), hex, the LDAP filter escape, and the\n"
"PowerShell and Graph request that find or write it.  VALUE is\n"
"  - a GUID string: 2dc2be0b-2e5a-4b1b-9c62-f6b0f5d7f3a0, braces and\n"
"    case optional (objectGUID as PowerShell or ldp shows it);\n"
"  - base64 of 16 bytes: C77CLVouG0ucYvaw9dfzoA== (an immutableId, or\n"
"    objectGUID:: or mS-DS-ConsistencyGuid:: in LDIF), '==' optional;\n"
"  - 32 hex digits, bare or in pairs separated by spaces, '-' or ':'\n"
"    (0B-BE-C2-... as [BitConverter]::ToString prints the bytes, or\n"
"    0x0B 0xBE ...): the stored bytes in order;\n"
"  - LDAP filter escapes: \\0b\\be\\c2..., or \\\\0b\\\\be... as a C or JSON\n"
"    string shows them, also inside (objectGUID=...).\n"
"Blanks around VALUE are ignored.\n"
"\n"
"Byte order.  Windows stores a GUID with its first three fields\n"
"little-endian ([MS-DTYP] 2.3.4.2, GUID--Packet Representation); the\n"
"string form prints those fields as numbers ([MS-DTYP] 2.3.4.3).  So\n"
"the first 8 stored bytes (in base64, hex, LDAP escapes, LDIF) appear in\n"
"the GUID string reversed in groups of 4, 2 and 2: 0b be c2 2d 5a 2e 1b\n"
"4b ... is 2dc2be0b-2e5a-4b1b-....  32 hex digits without separators are\n"
"therefore ambiguous (a dump of the stored bytes, or the GUID string's\n"
"digits without dashes, as [guid]::ToString('N') writes them): both\n"
"readings are printed, each named.  Pick the one whose source you know.\n"
"\n"
"The commands are templates: put the object in place of '<user>' (a DN,\n"
"GUID, SID or sAMAccountName; Set-ADGroup or Set-ADObject for a group or\n"
"contact) and the cloud user's id or UPN in place of '<user id or UPN>'.\n"
"  - Set-ADUser -Replace writes mS-DS-ConsistencyGuid.  When Entra Connect\n"
"    uses it as the sourceAnchor, the next sync hard-matches the cloud\n"
"    object whose immutableId is the base64 form.\n"
"  - Update-MgUser -OnPremisesImmutableId (Microsoft Graph PowerShell,\n"
"    module Microsoft.Graph.Users) and PATCH /v1.0/users/{id} write the\n"
"    cloud side.  Entra ID takes the value only on a user it does not\n"
"    sync from on-premises (a cloud-only user); a synced user's anchor\n"
"    changes on-premises.  While a user's UPN is in a federated domain\n"
"    the value cannot be changed: move the UPN to a managed domain (such\n"
"    as the .onmicrosoft.com one), set it, then move the UPN back.\n"
"    immutableIds are compared as text, case included: write the padded\n"
"    base64 shown.\n"
"  Sources: learn.microsoft.com/powershell/module/microsoft.graph.users/\n"
"  update-mguser; learn.microsoft.com/graph/api/user-update;\n"
"  learn.microsoft.com/education/windows/federated-sign-in.\n"
"\n"
"--redact is refused: the output is VALUE itself, converted, so a\n"
"redacted run would either show it or convert a pseudonym; neither is of\n"
"use, and an ignored --redact would make the output look safe to share.\n"
"\n"
"exit status: 0 VALUE printed (every reading, when it has two), 2 usage\n"
"error, or a VALUE that is no form of a GUID.\n";

static const char *const anchor_formats[] = { "text", "json", NULL };

static const struct command_refusal anchor_refusals[] = {
	{ "redact", "it prints only the value it was given, converted" },
	{ NULL, NULL }
};

const struct command command_anchor = {
	.name = "anchor",
	.summary = "one source anchor in every form, and the PowerShell that "
	    "finds or writes it",
	.usage = "anchor [--format text|json] VALUE",
	.description = anchor_description,
	.bit = CMD_ANCHOR,
	.formats = anchor_formats,
	.refusals = anchor_refusals,
	.min_args = 1,
	.max_args = 1,
	.run = anchor_run,
};

/* What each form is, in the words of the tools that show it. */
static const char *const form_text[GUID_FORM_MAX] = {
	[GUID_FORM_TEXT]	= "a GUID string",
	[GUID_FORM_DIGITS]	= "the 32 digits of a GUID string without its dashes ([guid]::ToString('N'))",
	[GUID_FORM_BASE64]	= "base64 of the stored bytes (an immutableId, or objectGUID:: in LDIF)",
	[GUID_FORM_BASE64_BARE]	= "base64 of the stored bytes, without its '==' padding",
	[GUID_FORM_HEX]		= "hex of the stored bytes, in order (a dump, or [BitConverter]::ToString)",
	[GUID_FORM_LDAP]	= "LDAP filter escapes of the stored bytes",
};

enum anchor_command {
	PS_FIND_GUID,
	PS_FIND_CONSISTENCY,
	PS_SET_CONSISTENCY,
	PS_SET_IMMUTABLE,
	PS_GRAPH_REQUEST,
	PS_GRAPH_BODY,
	PS_MAX
};

static const char *const command_keys[PS_MAX] = {
	[PS_FIND_GUID]		= "findByObjectGuid",
	[PS_FIND_CONSISTENCY]	= "findByConsistencyGuid",
	[PS_SET_CONSISTENCY]	= "setConsistencyGuid",
	[PS_SET_IMMUTABLE]	= "setImmutableId",
	[PS_GRAPH_REQUEST]	= "graphRequest",
	[PS_GRAPH_BODY]	= "graphBody",
};

/* One reading in every form, computed once for either writer. */
struct anchor_forms {
	const struct guid_reading	*reading;
	char				 guid[GUID_TEXT_SIZE];
	char				 base64[BASE64_ENCODED_SIZE(GUID_SIZE)];
	char				 hex[GUID_HEX_SIZE];
	char				 ldap[GUID_LDAP_SIZE];
	char				 commands[PS_MAX][160];
	const char			*note;	/* NULL, or why to beware */
};

static void
forms_fill(struct anchor_forms *f, const struct guid_reading *r)
{
	f->reading = r;
	guid_format(r->bytes, f->guid);
	base64_encode(r->bytes, GUID_SIZE, f->base64);
	guid_format_hex(r->bytes, f->hex);
	guid_format_ldap(r->bytes, f->ldap);
	snprintf(f->commands[PS_FIND_GUID], sizeof(f->commands[0]),
	    "Get-ADObject -Identity '%s'", f->guid);
	snprintf(f->commands[PS_FIND_CONSISTENCY], sizeof(f->commands[0]),
	    "Get-ADObject -LDAPFilter '(mS-DS-ConsistencyGuid=%s)'", f->ldap);
	snprintf(f->commands[PS_SET_CONSISTENCY], sizeof(f->commands[0]),
	    "Set-ADUser -Identity '" AD_IDENTITY "' -Replace "
	    "@{'mS-DS-ConsistencyGuid'=([Guid]'%s').ToByteArray()}", f->guid);
	snprintf(f->commands[PS_SET_IMMUTABLE], sizeof(f->commands[0]),
	    "Update-MgUser -UserId '" CLOUD_IDENTITY "' "
	    "-OnPremisesImmutableId '%s'", f->base64);
	snprintf(f->commands[PS_GRAPH_REQUEST], sizeof(f->commands[0]),
	    "PATCH https://graph.microsoft.com/v1.0/users/" CLOUD_IDENTITY);
	snprintf(f->commands[PS_GRAPH_BODY], sizeof(f->commands[0]),
	    "{\"onPremisesImmutableId\": \"%s\"}", f->base64);
	f->note = NULL;
	/* Entra ID compares immutableIds as text: only our form matches. */
	if (r->form == GUID_FORM_BASE64_BARE)
		f->note = "the value has no '==' padding; Entra ID compares immutableIds as text, so write the padded form above";
	else if (!r->is_canonical)
		f->note = "the value's last base64 digit carries stray bits past the 16th byte; Entra ID compares immutableIds as text, so write the form above, the one Entra Connect computes";
}

/*
 * VALUE as given: printable ASCII as it is (an LDAP value's backslashes
 * must not come out doubled), anything else through escape_text.
 */
static void
put_value(FILE *out, const char *value, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if (value[i] < ' ' || value[i] > '~')
			break;
	if (i == len)
		fwrite(value, 1, len, out);
	else
		escape_text(out, value, len);
}

static void
text_reading(const struct anchor_forms *f)
{
	printf("read as:     %s\n", form_text[f->reading->form]);
	printf("GUID:        %s\n", f->guid);
	printf("base64:      %s  (the immutableId)\n", f->base64);
	printf("hex:         %s\n", f->hex);
	printf("LDAP filter: (objectGUID=%s)\n", f->ldap);
	if (f->note != NULL)
		printf("note:        %s\n", f->note);
	printf("\nFind the object in AD, by objectGUID or by "
	    "mS-DS-ConsistencyGuid:\n  %s\n  %s\n",
	    f->commands[PS_FIND_GUID], f->commands[PS_FIND_CONSISTENCY]);
	printf("Write it as an on-premises object's mS-DS-ConsistencyGuid:\n"
	    "  %s\n", f->commands[PS_SET_CONSISTENCY]);
	printf("Write it as a cloud-only user's onPremisesImmutableId (see "
	    "'syncdoctor anchor --help'):\n  %s\n  %s\n  %s\n",
	    f->commands[PS_SET_IMMUTABLE], f->commands[PS_GRAPH_REQUEST],
	    f->commands[PS_GRAPH_BODY]);
}

static void
text_write(const char *value, size_t len, const struct anchor_forms *f,
    size_t n)
{
	size_t	i;

	if (n > 1) {
		fputs("'", stdout);
		put_value(stdout, value, len);
		printf("' can be read %zu ways, each shown below: use the one "
		    "whose source you know.\n\n", n);
	}
	for (i = 0; i < n; i++) {
		if (n > 1)
			printf("%sreading %zu of %zu\n", i > 0 ? "\n" : "",
			    i + 1, n);
		text_reading(&f[i]);
	}
}

static void
json_write(const char *value, size_t len, const struct anchor_forms *f,
    size_t n)
{
	struct jsonw	w;
	size_t		i, k;

	jsonw_init(&w, stdout, true);
	jsonw_object_begin(&w);
	jsonw_key(&w, "value");
	jsonw_stringn(&w, value, len);
	jsonw_kv_bool(&w, "ambiguous", n > 1);
	jsonw_key(&w, "readings");
	jsonw_array_begin(&w);
	for (i = 0; i < n; i++) {
		jsonw_object_begin(&w);
		jsonw_kv_string(&w, "readAs", guid_form_name(f[i].reading->form));
		jsonw_kv_string(&w, "description", form_text[f[i].reading->form]);
		jsonw_kv_string(&w, "guid", f[i].guid);
		jsonw_kv_string(&w, "base64", f[i].base64);
		jsonw_kv_string(&w, "hex", f[i].hex);
		jsonw_kv_string(&w, "ldapFilterValue", f[i].ldap);
		jsonw_kv_string(&w, "note", f[i].note);
		jsonw_key(&w, "commands");
		jsonw_object_begin(&w);
		for (k = 0; k < PS_MAX; k++)
			jsonw_kv_string(&w, command_keys[k], f[i].commands[k]);
		jsonw_object_end(&w);
		jsonw_object_end(&w);
	}
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	fputc('\n', stdout);
}

/* VALUE read as no form: say why, and what was expected. */
static int
refuse_value(const char *value, size_t len, const char *why)
{
	fputs("syncdoctor: cannot read '", stderr);
	put_value(stderr, value, len);
	fprintf(stderr, "' as an anchor: %s (expected a GUID string, base64 of 16 bytes, 32 hex digits or LDAP escapes)\n",
	    why);
	fputs("Try 'syncdoctor anchor --help'.\n", stderr);
	return -1;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
anchor_run(struct options *o)
{
	struct guid_reading	r[GUID_MAX_READINGS];
	struct anchor_forms	f[GUID_MAX_READINGS];
	const char		*value;
	char			 why[128];
	size_t			 len, n, i;
	bool			 is_json;

	value = o->args[0];
	is_json = o->nformats > 0 && strcmp(o->formats[0], "json") == 0;
	while (is_blank(*value))
		value++;
	len = strlen(value);
	while (len > 0 && is_blank(value[len - 1]))
		len--;
	n = guid_read(value, len, GUID_READ_ALL, r, why, sizeof(why));
	if (n == 0) {
		refuse_value(value, len, why);
		return EXIT_USAGE;
	}
	for (i = 0; i < n; i++)
		forms_fill(&f[i], &r[i]);
	if (is_json)
		json_write(value, len, f, n);
	else
		text_write(value, len, f, n);
	return EXIT_CLEAN;
}
