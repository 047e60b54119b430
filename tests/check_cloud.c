/*
 * The cloud parsers (CSV, CLIXML, Graph JSON) and their shared alias
 * table: fixtures from testdata/cloud and strings, parsed into collected
 * records, checked for canonical names, values, lines and the accounting
 * of every record not emitted.  Not for the loader or the rules.
 */
#define _POSIX_C_SOURCE 200809L	/* fmemopen */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <check.h>
#include <libxml/parser.h>

#include "cloudmap.h"
#include "diag.h"
#include "parser.h"
#include "xalloc.h"
#include "testutil.h"

/* ----- collecting what a parser emits ----- */

struct pattr {
	char		*name;
	char		*value;
	size_t		 len;
	unsigned	 flags;
};

struct precord {
	unsigned long	 line;
	bool		 has_dn;
	struct pattr	*attrs;
	size_t		 nattrs;
};

struct parsed {
	struct diag	 dg;
	struct precord	*recs;
	size_t		 nrecs;
	int		 rc;
	size_t		 stop_after;	/* emit returns 1 after so many */
	char		 joined[4096];
};

static int
collect(const struct record *rec, void *arg)
{
	struct parsed	*p = arg;
	struct precord	*r;
	size_t		 i;

	p->recs = xreallocarray(p->recs, p->nrecs + 1, sizeof(*p->recs));
	r = &p->recs[p->nrecs++];
	r->line = rec->line;
	r->has_dn = rec->dn != NULL;
	r->nattrs = rec->nattrs;
	r->attrs = xcalloc(rec->nattrs ? rec->nattrs : 1, sizeof(*r->attrs));
	for (i = 0; i < rec->nattrs; i++) {
		/* The contract: values are NUL-terminated after len. */
		ck_assert_int_eq(rec->attrs[i].value[rec->attrs[i].len], '\0');
		r->attrs[i].name = xstrdup(rec->attrs[i].name);
		r->attrs[i].value = xstrndup(rec->attrs[i].value,
		    rec->attrs[i].len);
		r->attrs[i].len = rec->attrs[i].len;
		r->attrs[i].flags = rec->attrs[i].flags;
	}
	diag_accept(&p->dg);
	return p->stop_after && p->nrecs >= p->stop_after;
}

static void
parsed_release(struct parsed *p)
{
	size_t	i, j;

	for (i = 0; i < p->nrecs; i++) {
		for (j = 0; j < p->recs[i].nattrs; j++) {
			free(p->recs[i].attrs[j].name);
			free(p->recs[i].attrs[j].value);
		}
		free(p->recs[i].attrs);
	}
	free(p->recs);
	diag_release(&p->dg);
}

static void
parse_stream(struct parsed *p, const struct input_format *fmt,
    enum input_content content, FILE *in, const char *name,
    const struct limits *lim)
{
	struct limits	def;

	if (lim == NULL) {
		limits_init(&def);
		lim = &def;
	}
	diag_input_begin(&p->dg, name, fmt->name, fmt->side);
	p->rc = fmt->parse(in, name, lim, &p->dg, content, collect, p);
}

/* Parse text, or the fixture file "@name" under testdata/cloud. */
static void
parse_input(struct parsed *p, const struct input_format *fmt,
    enum input_content content, const char *input, const struct limits *lim)
{
	FILE	*in;
	char	*path = NULL;

	memset(p, 0, sizeof(*p));
	diag_init(&p->dg, NULL);
	if (input[0] == '@') {
		path = xasprintf("%s/testdata/cloud/%s", SD_SRCDIR, input + 1);
		in = fopen(path, "rb");
	} else
		in = fmemopen((void *)input, strlen(input), "r");
	ck_assert_msg(in != NULL, "cannot open '%s'", path ? path : "string");
	parse_stream(p, fmt, content, in, input[0] == '@' ? input + 1 :
	    "string", lim);
	fclose(in);
	free(path);
}

/* All values of name in record i joined with '|'; NULL when absent. */
static const char *
pvalues(struct parsed *p, size_t i, const char *name)
{
	const struct precord	*r;
	size_t			 j, o = 0;
	bool			 found = false;

	ck_assert_msg(i < p->nrecs, "record %zu of %zu", i, p->nrecs);
	r = &p->recs[i];
	p->joined[0] = '\0';
	for (j = 0; j < r->nattrs; j++) {
		size_t n;

		if (strcmp(r->attrs[j].name, name) != 0)
			continue;
		n = strlen(r->attrs[j].value);
		ck_assert(o + n + 2 < sizeof(p->joined));
		if (found)
			p->joined[o++] = '|';
		memcpy(p->joined + o, r->attrs[j].value, n);
		o += n;
		p->joined[o] = '\0';
		found = true;
	}
	return found ? p->joined : NULL;
}

static const struct pattr *
pattr(const struct parsed *p, size_t i, const char *name)
{
	size_t	j;

	ck_assert(i < p->nrecs);
	for (j = 0; j < p->recs[i].nattrs; j++)
		if (strcmp(p->recs[i].attrs[j].name, name) == 0)
			return &p->recs[i].attrs[j];
	return NULL;
}

static size_t
ndiags(const struct parsed *p, enum diag_code code)
{
	size_t	i, n = 0;

	for (i = 0; i < p->dg.nmsgs; i++)
		if (p->dg.msgs[i].code == code)
			n++;
	return n;
}

static unsigned long
diag_line(const struct parsed *p, enum diag_code code)
{
	size_t	i;

	for (i = 0; i < p->dg.nmsgs; i++)
		if (p->dg.msgs[i].code == code)
			return p->dg.msgs[i].line;
	return 0;
}

/* ----- one table for every format: counts, lines, values, diags ----- */

struct want {
	int		 rec;		/* -1: end of list */
	const char	*name;
	const char	*value;		/* values joined by '|'; NULL: absent */
};

struct want_diag {
	enum diag_code	 code;		/* D_OK: end of list */
	unsigned	 count;
	unsigned long	 line;		/* of the first; 0: not checked */
};

#define CSV	(&input_format_graph_csv)
#define CLIXML	(&input_format_clixml)
#define JSON	(&input_format_graph_json)
#define END	{ -1, NULL, NULL }

static const struct parse_case {
	const char			*what;
	const struct input_format	*fmt;
	enum input_content		 content;
	const char			*input;		/* text or @fixture */
	unsigned long			 accepted;
	unsigned long			 rejected;
	unsigned long			 skipped;
	unsigned long			 lines[6];	/* 0: end */
	struct want			 want[12];
	struct want_diag		 diags[4];
} parse_cases[] = {
	{ "ps51 #TYPE, BOM, CRLF, System.String[]", CSV, CONTENT_OBJECTS,
	    "@users-ps51.csv", 2, 0, 0, { 3, 4 },
	    { { 0, CLOUD_ID, "3f2a9c1e-0000-4000-8000-000000000001" },
	      { 0, CLOUD_UPN, "ana.lima@contoso.com" },
	      { 0, CLOUD_OBJECT_TYPE, "user" },
	      { 0, CLOUD_SYNC_ENABLED, "true" },
	      { 0, CLOUD_ACCOUNT_ENABLED, "true" },
	      { 0, CLOUD_IMMUTABLE_ID, "HmpLDC1fik6bfB0uP0BRYg==" },
	      { 0, CLOUD_PROXY, NULL },
	      { 1, CLOUD_MAIL, "" },
	      { 1, CLOUD_SYNC_ENABLED, "" },
	      { 1, CLOUD_ACCOUNT_ENABLED, "false" }, END },
	    { { D_CSV_SYSTEM_ARRAY, 1, 3 }, { D_CSV_UNKNOWN_TYPE, 0, 0 } } },
	{ "ps7: joined proxies, embedded newline", CSV, CONTENT_OBJECTS,
	    "@users-ps7.csv", 4, 0, 0, { 2, 3, 5, 6 },
	    { { 0, CLOUD_PROXY, "SMTP:ana.lima@contoso.com|smtp:alima@contoso.mail.onmicrosoft.com" },
	      { 1, CLOUD_PROXY, "SMTP:joao.silva@contoso.com|X400:C=US;A= ;P=Contoso;O=Exchange;S=Silva;G=Joao;" },
	      { 1, CLOUD_DISPLAY_NAME, "Jo\xc3\xa3o\nSilva" },
	      { 1, CLOUD_SYNC_ENABLED, "false" },
	      { 2, CLOUD_PROXY, "SMTP:guest@fabrikam.com|smtp:guest2@fabrikam.com" },
	      { 2, CLOUD_USER_TYPE, "Guest" },
	      { 3, CLOUD_PROXY, "SMTP:carla@contoso.com|smtp:c.ruiz@contoso.com" },
	      { 3, CLOUD_MAIL_NICKNAME, "carla" },
	      { 3, CLOUD_OBJECT_TYPE, "user" }, END },
	    { { D_CSV_SYSTEM_ARRAY, 0, 0 }, { D_CSV_UNKNOWN_TYPE, 0, 0 } } },
	{ "admin center download", CSV, CONTENT_OBJECTS,
	    "@admin-center-users.csv", 2, 0, 0, { 2, 3 },
	    { { 0, CLOUD_ID, "3f2a9c1e-0000-4000-8000-000000000021" },
	      { 0, CLOUD_GIVEN_NAME, "Ana" },
	      { 0, CLOUD_SURNAME, "Lima" },
	      { 0, "department", "R&D" },
	      { 0, "physicalDeliveryOfficeName", "Lisbon" },
	      { 0, CLOUD_ACCOUNT_ENABLED, "true" },
	      { 1, CLOUD_ACCOUNT_ENABLED, "false" },
	      { 1, CLOUD_OBJECT_TYPE, "user" }, END },
	    { { D_CSV_UNKNOWN_TYPE, 0, 0 } } },
	{ "bulk template: version line, [name] headers", CSV, CONTENT_OBJECTS,
	    "@admin-center-template.csv", 1, 0, 0, { 3 },
	    { { 0, CLOUD_UPN, "ana.lima@contoso.com" },
	      { 0, CLOUD_DISPLAY_NAME, "Ana Lima" },
	      { 0, CLOUD_SURNAME, "Lima" },
	      { 0, "passwordProfile", "" }, END },
	    { { 0 } } },
	{ "bulk create: 'Block sign in (Yes/No) [accountEnabled]' negated",
	    CSV, CONTENT_OBJECTS, "@bulk-create.csv", 2, 0, 0, { 3, 4 },
	    { { 0, CLOUD_UPN, "ana.lima@contoso.com" },
	      { 0, CLOUD_ACCOUNT_ENABLED, "true" },
	      { 1, CLOUD_UPN, "bo.reis@contoso.com" },
	      { 1, CLOUD_ACCOUNT_ENABLED, "false" },
	      { 1, CLOUD_GIVEN_NAME, "Bo" }, END },
	    { { 0 } } },
	{ "admin center download: directorySynced", CSV, CONTENT_OBJECTS,
	    "@admin-center-synced.csv", 2, 0, 0, { 2, 3 },
	    { { 0, CLOUD_SYNC_ENABLED, "true" },
	      { 1, CLOUD_SYNC_ENABLED, "" },
	      { 1, "directorySynced", NULL }, END },
	    { { D_CLOUD_UNMAPPED, 0, 0 } } },
	{ "Get-AzADUser: OdataType, ProxyAddress; UserTypes warned", CSV,
	    CONTENT_OBJECTS, "@az-users.csv", 1, 0, 0, { 2 },
	    { { 0, CLOUD_OBJECT_TYPE, "user" },
	      { 0, CLOUD_PROXY, "SMTP:ana.lima@contoso.com|smtp:alima@contoso.mail.onmicrosoft.com" },
	      { 0, CLOUD_SYNC_ENABLED, "true" },
	      { 0, "UserTypes", "Member" }, END },
	    { { D_CLOUD_UNMAPPED, 1, 2 }, { D_CSV_UNKNOWN_TYPE, 0, 0 } } },
	{ "CLIXML of Get-Process: skipped by its type names", CLIXML,
	    CONTENT_OBJECTS, "@get-process.clixml", 0, 0, 2, { 0 },
	    { END }, { { D_CLOUD_SKIP_TYPE, 2, 2 } } },
	{ "CLIXML of Get-History skipped; a PSCustomObject with a UPN kept",
	    CLIXML, CONTENT_OBJECTS, "@get-history.clixml", 1, 0, 1, { 14 },
	    { { 0, CLOUD_UPN, "ana.lima@contoso.com" },
	      { 0, CLOUD_OBJECT_TYPE, "user" }, END },
	    { { D_CLOUD_SKIP_TYPE, 1, 2 } } },
	{ "role assignments by id; a catalog assignment skipped", JSON,
	    CONTENT_ROLES, "@role-assignments-mixed.json", 2, 0, 1, { 0 },
	    { { 0, ROLE_TEMPLATE_ID, "62e90394-69f5-4237-9190-012177145e10" },
	      { 0, ROLE_MEMBER_ID, "3f2a9c1e-0000-4000-8000-000000000001" },
	      { 1, ROLE_DIR_SCOPE, "/administrativeUnits/3f2a9c1e-0000-4000-8000-0000000000a1" },
	      END },
	    { { D_ROLE_NOT_DIRECTORY, 1, 4 } } },
	{ "entitlement management provider: every assignment skipped", JSON,
	    CONTENT_ROLES, "@em-role-assignments.json", 0, 0, 1, { 0 },
	    { END }, { { D_ROLE_NOT_DIRECTORY, 1, 2 } } },
	{ "roles CSV with template ids only; AppScopeId skipped", CSV,
	    CONTENT_ROLES, "@roles-ids.csv", 2, 0, 1, { 2, 3 },
	    { { 0, ROLE_TEMPLATE_ID, "62e90394-69f5-4237-9190-012177145e10" },
	      { 1, ROLE_MEMBER_UPN, "bo.reis@contoso.com" }, END },
	    { { D_ROLE_NOT_DIRECTORY, 1, 4 } } },
	{ "MSOnline Get-MsolUser", CSV, CONTENT_OBJECTS,
	    "@msonline-users.csv", 2, 0, 0, { 3, 4 },
	    { { 0, CLOUD_ID, "3f2a9c1e-0000-4000-8000-000000000031" },
	      { 0, CLOUD_IMMUTABLE_ID, "HmpLDC1fik6bfB0uP0BRYg==" },
	      { 0, CLOUD_LAST_SYNC, "5/3/2024 9:00:01 AM" },
	      { 0, CLOUD_ACCOUNT_ENABLED, "true" },
	      { 0, CLOUD_PROXY, NULL },
	      { 0, CLOUD_PROV_ERROR, NULL },
	      { 1, CLOUD_ACCOUNT_ENABLED, "false" },
	      { 1, CLOUD_PROXY, "SMTP:bea@contoso.com" },
	      { 1, CLOUD_PROV_ERROR, "UserPrincipalName\tbea@contoso.com\tPropertyConflict\t" },
	      { 1, CLOUD_OBJECT_TYPE, "user" }, END },
	    { { D_CSV_SYSTEM_ARRAY, 2, 3 } } },
	{ "Get-MgGroup: group by its columns", CSV, CONTENT_OBJECTS,
	    "@groups.csv", 2, 0, 0, { 2, 3 },
	    { { 0, CLOUD_OBJECT_TYPE, "group" },
	      { 0, CLOUD_GROUP_TYPES, "Unified" },
	      { 0, CLOUD_MAIL_ENABLED, "true" },
	      { 0, CLOUD_SECURITY_ENABLED, "false" },
	      { 1, CLOUD_GROUP_TYPES, "" },
	      { 1, CLOUD_ONPREM_SID, "S-1-5-21-1004336348-1177238915-682003330-1106" },
	      { 1, CLOUD_OBJECT_TYPE, "group" }, END },
	    { { 0 } } },
	{ "broken rows rejected, the next ones read", CSV, CONTENT_OBJECTS,
	    "@broken.csv", 3, 4, 0, { 2, 5, 8 },
	    { { 0, CLOUD_UPN, "a@contoso.com" },
	      { 1, CLOUD_UPN, "d@contoso.com" },
	      { 2, CLOUD_UPN, "f@contoso.com" }, END },
	    { { D_CSV_FIELDS, 1, 3 }, { D_CSV_SYNTAX, 2, 4 },
	      { D_CLOUD_NO_ID, 1, 7 } } },
	{ "empty CSV", CSV, CONTENT_OBJECTS, "@empty.csv", 0, 0, 0, { 0 },
	    { END }, { { 0 } } },
	{ "header only", CSV, CONTENT_OBJECTS, "\"Id\",\"Mail\"\r\n", 0, 0, 0,
	    { 0 }, { END }, { { 0 } } },
	{ "aliases and case: Object Id, User principal name", CSV,
	    CONTENT_OBJECTS,
	    "Object Id,User principal name,PROXY ADDRESSES,dirsyncenabled,Display name\n"
	    "1,a@contoso.com,SMTP:a@contoso.com+smtp:b@contoso.com,TRUE,A\n",
	    1, 0, 0, { 2 },
	    { { 0, CLOUD_ID, "1" }, { 0, CLOUD_UPN, "a@contoso.com" },
	      { 0, CLOUD_PROXY, "SMTP:a@contoso.com|smtp:b@contoso.com" },
	      { 0, CLOUD_SYNC_ENABLED, "true" },
	      { 0, CLOUD_DISPLAY_NAME, "A" }, END },
	    { { 0 } } },
	{ "semicolon delimiter (-UseCulture)", CSV, CONTENT_OBJECTS,
	    "\"Id\";\"UserPrincipalName\";\"ProxyAddresses\"\n"
	    "\"1\";\"a@contoso.com\";\"SMTP:a@contoso.com,smtp:b@contoso.com\"\n",
	    1, 0, 0, { 2 },
	    { { 0, CLOUD_PROXY, "SMTP:a@contoso.com|smtp:b@contoso.com" },
	      END }, { { 0 } } },
	{ "no UPN, type or group column: contacts (orgContact)", CSV,
	    CONTENT_OBJECTS,
	    "Id,DisplayName,Mail\n1,Partner,p@fabrikam.com\n"
	    "2,Other,o@fabrikam.com\n",
	    2, 0, 0, { 2, 3 },
	    { { 0, CLOUD_OBJECT_TYPE, "contact" },
	      { 1, CLOUD_OBJECT_TYPE, "contact" }, END },
	    { { D_CSV_UNKNOWN_TYPE, 0, 0 } } },
	{ "contact export fixture", CSV, CONTENT_OBJECTS, "@contacts.csv",
	    2, 0, 0, { 2, 3 },
	    { { 0, CLOUD_OBJECT_TYPE, "contact" },
	      { 0, CLOUD_PROXY, "SMTP:partner@fabrikam.com" },
	      { 1, CLOUD_OBJECT_TYPE, "contact" }, END },
	    { { D_CSV_UNKNOWN_TYPE, 0, 0 } } },
	{ "no UPN but a user-only column read unmapped: users", CSV,
	    CONTENT_OBJECTS, "Id,DisplayName,Usage location\n1,Ana,PT\n",
	    1, 0, 0, { 2 },
	    { { 0, CLOUD_OBJECT_TYPE, "user" }, END },
	    { { D_CSV_UNKNOWN_TYPE, 0, 0 } } },
	{ "no group column but 'Group type' read unmapped: groups", CSV,
	    CONTENT_OBJECTS,
	    "Id,DisplayName,Group type\n1,Sales,Microsoft 365\n",
	    1, 0, 0, { 2 },
	    { { 0, CLOUD_OBJECT_TYPE, "group" },
	      { 0, CLOUD_GROUP_TYPES, NULL }, END },
	    { { D_CLOUD_UNMAPPED, 1, 2 } } },
	{ "undecidable type said once, type omitted", CSV, CONTENT_OBJECTS,
	    "Id,UserPrincipalName,GroupTypes\n1,,\n2,,\n",
	    2, 0, 0, { 2, 3 },
	    { { 0, CLOUD_OBJECT_TYPE, NULL }, { 1, CLOUD_OBJECT_TYPE, NULL },
	      END },
	    { { D_CSV_UNKNOWN_TYPE, 1, 2 } } },
	{ "ObjectType column per row, other types skipped", CSV,
	    CONTENT_OBJECTS,
	    "ObjectId,DisplayName,ObjectType\n1,A,User\n2,B,Contact\n"
	    "3,C,ServicePrincipal\n4,D,#microsoft.graph.group\n",
	    3, 0, 1, { 2, 3, 5 },
	    { { 0, CLOUD_OBJECT_TYPE, "user" },
	      { 1, CLOUD_OBJECT_TYPE, "contact" },
	      { 2, CLOUD_OBJECT_TYPE, "group" }, END },
	    { { D_CLOUD_SKIP_TYPE, 1, 4 }, { D_CSV_UNKNOWN_TYPE, 0, 0 } } },
	{ "duplicate column said, first used", CSV, CONTENT_OBJECTS,
	    "Id,ObjectId,UserPrincipalName\n1,2,a@contoso.com\n",
	    1, 0, 0, { 2 }, { { 0, CLOUD_ID, "1" }, END },
	    { { D_CSV_HEADER_DUP, 1, 1 } } },
	{ "duplicate columns in any case and order, first used", CSV,
	    CONTENT_OBJECTS,
	    "Id,Extra,UserPrincipalName,extra,EXTRA,Other,ObjectId\n"
	    "1,x1,a@contoso.com,x2,x3,o,2\n",
	    1, 0, 0, { 2 }, { { 0, CLOUD_ID, "1" }, { 0, "Extra", "x1" },
	      { 0, "Other", "o" }, END },
	    { { D_CSV_HEADER_DUP, 3, 1 } } },
	{ "not a boolean: value rejected, record kept", CSV, CONTENT_OBJECTS,
	    "Id,AccountEnabled\n1,maybe\n", 1, 0, 0, { 2 },
	    { { 0, CLOUD_ACCOUNT_ENABLED, NULL }, END },
	    { { D_CLOUD_BAD_BOOL, 1, 2 } } },
	{ "Get-MsolDirSyncProvisioningError rows", CSV, CONTENT_OBJECTS,
	    "ObjectId,DisplayName,UserPrincipalName,ObjectType,ErrorCategory,PropertyName,PropertyValue,WhenStarted\n"
	    "1,Ana,ana@contoso.com,User,PropertyConflict,UserPrincipalName,ana@contoso.com,5/3/2024\n",
	    1, 0, 0, { 2 },
	    { { 0, CLOUD_PROV_ERROR, "UserPrincipalName\tana@contoso.com\tPropertyConflict\t5/3/2024" },
	      END }, { { 0 } } },
	{ "MSOnline error joined by spaces, and free text kept whole", CSV,
	    CONTENT_OBJECTS,
	    "ObjectId,DirSyncProvisioningErrors\n"
	    "1,PropertyConflict  ProxyAddresses smtp:a@contoso.com\n"
	    "2,PropertyConflict on a value\n",
	    2, 0, 0, { 2, 3 },
	    { { 0, CLOUD_PROV_ERROR, "ProxyAddresses\tsmtp:a@contoso.com\tPropertyConflict\t" },
	      { 1, CLOUD_PROV_ERROR, "\tPropertyConflict on a value\t\t" },
	      END }, { { 0 } } },
	{ "unclosed quote at the end", CSV, CONTENT_OBJECTS,
	    "Id,UserPrincipalName\n1,a@contoso.com\n2,\"b@contoso.com\n3,c@contoso.com\n",
	    2, 1, 0, { 2, 4 },
	    { { 1, CLOUD_UPN, "c@contoso.com" }, END },
	    { { D_CSV_SYNTAX, 1, 3 } } },
	{ "roles CSV", CSV, CONTENT_ROLES, "@roles.csv", 2, 1, 0, { 2, 3 },
	    { { 0, ROLE_NAME, "Global Administrator" },
	      { 0, ROLE_MEMBER_ID, "3f2a9c1e-0000-4000-8000-000000000001" },
	      { 0, ROLE_MEMBER_UPN, "ana.lima@contoso.com" },
	      { 0, ROLE_TEMPLATE_ID, "62e90394-69f5-4237-9190-012177145e10" },
	      { 1, ROLE_NAME, "User Administrator" },
	      { 1, CLOUD_OBJECT_TYPE, NULL }, END },
	    { { D_CLOUD_NO_ID, 1, 4 } } },
	{ "Get-MgDirectoryRoleMember with calculated RoleName", CSV,
	    CONTENT_ROLES,
	    "\"RoleName\",\"Id\",\"UserPrincipalName\"\n"
	    "\"Global Administrator\",\"7\",\"admin@contoso.com\"\n",
	    1, 0, 0, { 2 },
	    { { 0, ROLE_MEMBER_ID, "7" },
	      { 0, ROLE_MEMBER_UPN, "admin@contoso.com" }, END },
	    { { 0 } } },
	{ "Get-MgDomain CSV", CSV, CONTENT_DOMAINS, "@domains-mg.csv", 3, 0, 0,
	    { 2, 3, 4 },
	    { { 0, DOMAIN_NAME, "contoso.com" },
	      { 0, DOMAIN_VERIFIED, "true" },
	      { 0, DOMAIN_DEFAULT, "true" },
	      { 0, DOMAIN_INITIAL, "false" },
	      { 1, DOMAIN_INITIAL, "true" },
	      { 2, DOMAIN_AUTH, "Federated" },
	      { 2, DOMAIN_VERIFIED, "false" }, END },
	    { { D_CSV_SYSTEM_ARRAY, 0, 0 } } },
	{ "Get-MsolDomain CSV", CSV, CONTENT_DOMAINS, "@domains-msol.csv", 3, 0,
	    0, { 3, 4, 5 },
	    { { 0, DOMAIN_NAME, "contoso.com" },
	      { 0, DOMAIN_VERIFIED, "true" },
	      { 0, DOMAIN_AUTH, "Managed" },
	      { 2, DOMAIN_NAME, "fabrikam.com" },
	      { 2, DOMAIN_VERIFIED, "false" },
	      { 2, DOMAIN_AUTH, "Federated" }, END },
	    { { 0 } } },
	{ "domain without a name", CSV, CONTENT_DOMAINS,
	    "Name,Status\n,Verified\n", 0, 1, 0, { 0 }, { END },
	    { { D_CLOUD_NO_DOMAIN, 1, 2 } } },

	{ "CLIXML: LST, Ref, Nil, DT, B, TN", CLIXML, CONTENT_OBJECTS,
	    "@users.clixml", 3, 0, 1, { 2, 67, 91 },
	    { { 0, CLOUD_ID, "3f2a9c1e-0000-4000-8000-000000000051" },
	      { 0, CLOUD_OBJECT_TYPE, "user" },
	      { 0, CLOUD_MAIL, "" },
	      { 0, CLOUD_PROXY, "SMTP:ana.lima@contoso.com|smtp:alima@contoso.mail.onmicrosoft.com" },
	      { 0, CLOUD_SYNC_ENABLED, "true" },
	      { 0, CLOUD_LAST_SYNC, "2024-05-03T09:00:01Z" },
	      { 0, CLOUD_DISPLAY_NAME, "Ana\nLima & Co" },
	      { 0, CLOUD_PROV_ERROR, "ProxyAddress\tsmtp:ana@contoso.com\tPropertyConflict\t2024-05-03T09:00:01Z" },
	      { 0, "ExtensionAttribute1", "EMP-0042" },
	      { 0, "BusinessPhones", "" }, END },
	    { { D_CLIXML_SKIP_REF, 1, 90 }, { D_CLIXML_BAD_REF, 1, 0 },
	      { D_CSV_UNKNOWN_TYPE, 0, 0 } } },
	{ "CLIXML: second object through TNRef and Ref", CLIXML,
	    CONTENT_OBJECTS, "@users.clixml", 3, 0, 1, { 0 },
	    { { 1, CLOUD_OBJECT_TYPE, "user" },
	      { 1, CLOUD_PROXY, "SMTP:ana.lima@contoso.com|smtp:alima@contoso.mail.onmicrosoft.com" },
	      { 1, "BusinessPhones", "" },
	      { 1, CLOUD_IMMUTABLE_ID, "" },
	      { 1, CLOUD_SYNC_ENABLED, "false" },
	      { 1, CLOUD_USER_TYPE, "Member" },
	      { 1, "ExternalObjectId", "0c4b6a1e-5f2d-4e8a-9b7c-1d2e3f405162" },
	      { 1, "Size", "1234567890123" },
	      { 2, CLOUD_OBJECT_TYPE, "group" },
	      { 2, CLOUD_GROUP_TYPES, "Unified" },
	      { 2, CLOUD_PROXY, NULL },
	      { 2, "Secret", NULL } }, { { 0 } } },
	{ "CLIXML: external entity refused", CLIXML, CONTENT_OBJECTS,
	    "@xxe.clixml", 0, 0, 0, { 0 }, { END },
	    { { D_XML_DTD, 1, 0 } } },
	{ "CLIXML: billion laughs refused", CLIXML, CONTENT_OBJECTS,
	    "@billion-laughs.clixml", 0, 0, 0, { 0 }, { END },
	    { { D_XML_DTD, 1, 0 } } },
	{ "CLIXML: declared utf-16, bytes UTF-8", CLIXML, CONTENT_OBJECTS,
	    "<?xml version=\"1.0\" encoding=\"utf-16\"?>\n"
	    "<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">\n"
	    "<Obj RefId=\"0\"><MS><S N=\"Id\">1</S><S N=\"DisplayName\">Jo\xc3\xa3o</S></MS></Obj>\n"
	    "</Objs>\n", 1, 0, 0, { 3 },
	    { { 0, CLOUD_DISPLAY_NAME, "Jo\xc3\xa3o" }, END }, { { 0 } } },
	{ "CLIXML: not well formed, rest not read", CLIXML, CONTENT_OBJECTS,
	    "<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">\n"
	    "<Obj RefId=\"0\"><MS><S N=\"Id\">1</S></MS></Obj>\n"
	    "<!-- libxml2's reader parses ahead by 512 bytes: keep the error"
	    " farther than that from the first record, as in a real export."
	    " ................................................................"
	    " ................................................................"
	    " ................................................................"
	    " ................................................................"
	    " ................................................................"
	    " ................................................................"
	    " ................................................................"
	    " ................................................................"
	    " -->\n"
	    "<Obj RefId=\"1\"><MS><S N=\"Id\">2</S></Ms></Obj>\n"
	    "<Obj RefId=\"2\"><MS><S N=\"Id\">3</S></MS></Obj>\n"
	    "</Objs>\n", 1, 1, 0, { 2 }, { END },
	    { { D_XML_SYNTAX, 1, 4 } } },
	{ "CLIXML: wrong root", CLIXML, CONTENT_OBJECTS,
	    "<Objects><Obj/></Objects>", 0, 1, 0, { 0 }, { END },
	    { { D_XML_SYNTAX, 1, 1 } } },
	{ "CLIXML: surrogate pair and _x005F_ escapes", CLIXML,
	    CONTENT_OBJECTS,
	    "<Objs xmlns=\"http://schemas.microsoft.com/powershell/2004/04\"><Obj RefId=\"0\"><MS>"
	    "<S N=\"Id\">1</S><S N=\"DisplayName\">a_xD83D__xDE00_b_x005F_x0041_</S>"
	    "</MS></Obj></Objs>", 1, 0, 0, { 1 },
	    { { 0, CLOUD_DISPLAY_NAME, "a\xf0\x9f\x98\x80" "b_x0041_" }, END },
	    { { 0 } } },
	{ "CLIXML: -Depth too small, type name warned", CLIXML,
	    CONTENT_OBJECTS,
	    "<Objs xmlns=\"http://schemas.microsoft.com/powershell/2004/04\"><Obj RefId=\"0\"><MS>"
	    "<S N=\"Id\">1</S><S N=\"ProxyAddresses\">System.String[]</S>"
	    "</MS></Obj></Objs>", 1, 0, 0, { 1 },
	    { { 0, CLOUD_PROXY, NULL }, END },
	    { { D_CLIXML_DEPTH, 1, 1 } } },
	{ "CLIXML: empty input", CLIXML, CONTENT_OBJECTS, "@empty.csv", 0, 1,
	    0, { 0 }, { END }, { { D_XML_SYNTAX, 1, 0 } } },
	{ "CLIXML: domains", CLIXML, CONTENT_DOMAINS,
	    "<Objs xmlns=\"http://schemas.microsoft.com/powershell/2004/04\"><Obj RefId=\"0\"><Props>"
	    "<S N=\"Id\">contoso.com</S><B N=\"IsVerified\">true</B><S N=\"AuthenticationType\">Managed</S>"
	    "</Props></Obj></Objs>", 1, 0, 0, { 1 },
	    { { 0, DOMAIN_NAME, "contoso.com" }, { 0, DOMAIN_VERIFIED, "true" },
	      END }, { { 0 } } },

	{ "Graph page with provisioning errors", JSON, CONTENT_OBJECTS,
	    "@users-page.json", 2, 0, 0, { 5, 37 },
	    { { 0, CLOUD_OBJECT_TYPE, "user" },
	      { 0, CLOUD_PROXY, "SMTP:ana.lima@contoso.com|smtp:alima@contoso.mail.onmicrosoft.com" },
	      { 0, CLOUD_SYNC_ENABLED, "true" },
	      { 0, CLOUD_PROV_ERROR, "ProxyAddress\tsmtp:ana@contoso.com\tPropertyConflict\t2024-05-03T09:00:01Z|exchange/NAMPRD09-001-01\t<ServiceInstance> <ObjectErrors/></ServiceInstance>\t\t2024-05-04T10:00:00Z" },
	      { 0, "extensionAttribute1", "EMP-0042" },
	      { 0, "extensionAttribute2", "" },
	      { 1, CLOUD_MAIL, "" },
	      { 1, CLOUD_PROXY, "" },
	      { 1, CLOUD_SYNC_ENABLED, "" },
	      { 1, CLOUD_ACCOUNT_ENABLED, "false" },
	      { 1, CLOUD_PROV_ERROR, NULL }, END },
	    { { 0 } } },
	{ "Graph pages back to back", JSON, CONTENT_OBJECTS,
	    "@pages-concat.json", 4, 0, 0, { 2, 3, 6, 7 },
	    { { 2, CLOUD_UPN, "u3@contoso.com" },
	      { 3, CLOUD_OBJECT_TYPE, "group" },
	      { 3, CLOUD_DISPLAY_NAME, "G1" }, END },
	    { { 0 } } },
	{ "bare array typed by @odata.type", JSON, CONTENT_OBJECTS,
	    "@array.json", 3, 0, 2, { 2, 3, 4 },
	    { { 0, CLOUD_OBJECT_TYPE, "user" },
	      { 1, CLOUD_OBJECT_TYPE, "group" },
	      { 1, CLOUD_GROUP_TYPES, "Unified" },
	      { 2, CLOUD_OBJECT_TYPE, "contact" },
	      { 2, CLOUD_PROXY, "SMTP:partner@fabrikam.com" }, END },
	    { { D_CLOUD_SKIP_TYPE, 1, 5 }, { D_CLOUD_NOT_OBJECT, 1, 0 } } },
	{ "JSON Lines: broken line, duplicate key", JSON, CONTENT_OBJECTS,
	    "@users.jsonl", 2, 2, 0, { 1, 4 },
	    { { 0, CLOUD_UPN, "l1@contoso.com" },
	      { 1, CLOUD_UPN, "l4@contoso.com" }, END },
	    { { D_JSON_SYNTAX, 2, 3 } } },
	{ "truncated page", JSON, CONTENT_OBJECTS, "@truncated.json", 0, 1, 0,
	    { 0 }, { END }, { { D_JSON_SYNTAX, 1, 0 } } },
	{ "duplicate key in a page", JSON, CONTENT_OBJECTS,
	    "{\"value\":[{\"id\":\"1\",\"id\":\"2\"}]}\n{\"value\":[{\"id\":\"3\"}]}\n",
	    1, 1, 0, { 2 }, { { 0, CLOUD_ID, "3" }, END },
	    { { D_JSON_SYNTAX, 1, 1 } } },
	{ "array of pages", JSON, CONTENT_OBJECTS,
	    "[{\"value\":[{\"id\":\"1\",\"userPrincipalName\":\"a@contoso.com\"}]},\n"
	    " {\"value\":[{\"id\":\"2\",\"userPrincipalName\":\"b@contoso.com\"}]}]\n",
	    2, 0, 0, { 1, 2 }, { { 1, CLOUD_ID, "2" }, END }, { { 0 } } },
	{ "garbage between documents", JSON, CONTENT_OBJECTS,
	    "{\"id\":\"1\",\"userPrincipalName\":\"a@contoso.com\"}\nnull\n"
	    "{\"id\":\"2\",\"userPrincipalName\":\"b@contoso.com\"}\n",
	    2, 1, 0, { 1, 3 }, { END }, { { D_JSON_SYNTAX, 1, 2 } } },
	{ "mismatched brackets", JSON, CONTENT_OBJECTS,
	    "{\"value\":[{\"id\":\"1\"}}, \"x\": 1}\n{\"id\":\"2\"}\n",
	    1, 1, 0, { 2 }, { { 0, CLOUD_ID, "2" }, END },
	    { { D_JSON_SYNTAX, 1, 1 } } },
	{ "no id, no UPN", JSON, CONTENT_OBJECTS,
	    "{\"value\":[{\"displayName\":\"x\"},{\"id\":\"\"}]}", 0, 2, 0,
	    { 0 }, { END }, { { D_CLOUD_NO_ID, 2, 1 } } },
	{ "empty JSON", JSON, CONTENT_OBJECTS, "@empty.csv", 0, 0, 0, { 0 },
	    { END }, { { 0 } } },
	{ "roles with members", JSON, CONTENT_ROLES, "@roles-expand.json", 2,
	    0, 0, { 9, 15 },
	    { { 0, ROLE_NAME, "Global Administrator" },
	      { 0, ROLE_MEMBER_ID, "3f2a9c1e-0000-4000-8000-000000000001" },
	      { 0, ROLE_MEMBER_UPN, "ana.lima@contoso.com" },
	      { 0, "roleTemplateId", "62e90394-69f5-4237-9190-012177145e10" },
	      { 1, ROLE_MEMBER_ID, "9d8c7b6a-0000-4000-8000-000000000301" },
	      { 1, ROLE_MEMBER_UPN, NULL }, END },
	    { { 0 } } },
	{ "role assignments", JSON, CONTENT_ROLES, "@role-assignments.json", 2,
	    0, 0, { 2, 3 },
	    { { 0, ROLE_NAME, "Global Administrator" },
	      { 0, ROLE_MEMBER_UPN, "ana.lima@contoso.com" },
	      { 1, ROLE_NAME, NULL },
	      { 1, ROLE_TEMPLATE_ID, "fe930be7-5e62-47db-91af-98c3a49a38b1" },
	      { 1, ROLE_MEMBER_ID, "3f2a9c1e-0000-4000-8000-000000000002" },
	      END }, { { 0 } } },
	{ "role list without members", JSON, CONTENT_ROLES,
	    "{\"value\":[{\"id\":\"r\",\"displayName\":\"Global Administrator\",\"roleTemplateId\":\"62e90394-69f5-4237-9190-012177145e10\"}]}",
	    0, 0, 1, { 0 }, { END }, { { D_ROLE_NO_MEMBERS, 1, 1 } } },
	{ "role members page", JSON, CONTENT_ROLES,
	    "{\"value\":[{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"7\",\"userPrincipalName\":\"admin@contoso.com\"}]}",
	    1, 0, 0, { 1 },
	    { { 0, ROLE_MEMBER_ID, "7" }, { 0, ROLE_NAME, NULL }, END },
	    { { 0 } } },
	{ "domains JSON", JSON, CONTENT_DOMAINS, "@domains.json", 3, 0, 0,
	    { 2, 3, 4 },
	    { { 0, DOMAIN_NAME, "contoso.com" },
	      { 0, DOMAIN_DEFAULT, "true" },
	      { 0, "supportedServices", "Email|OfficeCommunicationsOnline" },
	      { 0, "passwordValidityPeriodInDays", "2147483647" },
	      { 1, DOMAIN_INITIAL, "true" },
	      { 2, DOMAIN_VERIFIED, "false" },
	      { 2, DOMAIN_AUTH, "Federated" }, END },
	    { { 0 } } },
};

START_TEST(test_parse)
{
	const struct parse_case	*c = &parse_cases[_i];
	struct parsed		 p;
	const struct input_stats *in;
	size_t			 i;

	parse_input(&p, c->fmt, c->content, c->input, NULL);
	in = &p.dg.inputs[0];
	ck_assert_msg(p.rc == 0, "%s: rc %d", c->what, p.rc);
	ck_assert_msg(in->accepted == c->accepted,
	    "%s: %lu accepted, want %lu", c->what, in->accepted, c->accepted);
	ck_assert_msg(in->rejected == c->rejected,
	    "%s: %lu rejected, want %lu", c->what, in->rejected, c->rejected);
	ck_assert_msg(in->skipped == c->skipped,
	    "%s: %lu skipped, want %lu", c->what, in->skipped, c->skipped);
	ck_assert_uint_eq(in->records, in->accepted + in->rejected +
	    in->skipped);
	for (i = 0; i < ARRAY_SIZE(c->lines) && c->lines[i] != 0; i++)
		ck_assert_msg(p.recs[i].line == c->lines[i],
		    "%s: record %zu on line %lu, want %lu", c->what, i,
		    p.recs[i].line, c->lines[i]);
	for (i = 0; i < p.nrecs; i++)
		ck_assert(!p.recs[i].has_dn);
	for (i = 0; i < ARRAY_SIZE(c->want) && c->want[i].rec >= 0; i++) {
		const struct want	*w = &c->want[i];
		const char		*got;

		if (w->name == NULL)
			break;
		got = pvalues(&p, (size_t)w->rec, w->name);
		ck_assert_msg(w->value == NULL ? got == NULL : got != NULL &&
		    strcmp(got, w->value) == 0,
		    "%s: record %d '%s' is '%s', want '%s'", c->what, w->rec,
		    w->name, got ? got : "(absent)",
		    w->value ? w->value : "(absent)");
	}
	for (i = 0; i < ARRAY_SIZE(c->diags) && c->diags[i].code != D_OK;
	    i++) {
		const struct want_diag *d = &c->diags[i];

		ck_assert_msg(ndiags(&p, d->code) == d->count,
		    "%s: '%s' said %zu times, want %u", c->what,
		    diag_text(d->code), ndiags(&p, d->code), d->count);
		if (d->line != 0)
			ck_assert_msg(diag_line(&p, d->code) == d->line,
			    "%s: '%s' on line %lu, want %lu", c->what,
			    diag_text(d->code), diag_line(&p, d->code),
			    d->line);
	}
	parsed_release(&p);
}
END_TEST

/* ----- null versus empty ----- */

static const struct null_case {
	const struct input_format	*fmt;
	const char			*input;
	const char			*name;
	bool				 is_null;
} null_cases[] = {
	{ CSV, "Id,Mail\n1,\n", CLOUD_MAIL, true },
	{ CSV, "Id,Mail\n1,\"\"\n", CLOUD_MAIL, false },
	{ CSV, "Id,OnPremisesSyncEnabled\n1,\n", CLOUD_SYNC_ENABLED, true },
	{ JSON, "{\"id\":\"1\",\"mail\":null}", CLOUD_MAIL, true },
	{ JSON, "{\"id\":\"1\",\"mail\":\"\"}", CLOUD_MAIL, false },
	{ CLIXML, "<Objs><Obj RefId=\"0\"><MS><S N=\"Id\">1</S><Nil N=\"Mail\"/></MS></Obj></Objs>",
	    CLOUD_MAIL, true },
	{ CLIXML, "<Objs><Obj RefId=\"0\"><MS><S N=\"Id\">1</S><S N=\"Mail\"/></MS></Obj></Objs>",
	    CLOUD_MAIL, false },
};

START_TEST(test_null)
{
	const struct null_case	*c = &null_cases[_i];
	struct parsed		 p;
	const struct pattr	*a;

	parse_input(&p, c->fmt, CONTENT_OBJECTS, c->input, NULL);
	ck_assert_uint_eq(p.nrecs, 1);
	a = pattr(&p, 0, c->name);
	ck_assert_ptr_nonnull(a);
	ck_assert_uint_eq(a->len, 0);
	ck_assert_int_eq((a->flags & ATTR_NULL) != 0, c->is_null);
	parsed_release(&p);
}
END_TEST

/* ----- limits ----- */

static const struct limit_case {
	const struct input_format	*fmt;
	const char			*input;
	size_t				 max_value;
	size_t				 max_record;
	size_t				 max_values;
	size_t				 max_depth;
	unsigned long			 accepted;
	enum diag_code			 code;
	unsigned long			 line;
} limit_cases[] = {
	{ CLIXML, "@deep.clixml", 0, 0, 0, 16, 1, D_LIMIT_DEPTH, 2 },
	{ JSON, "{\"id\":\"1\",\"a\":[[[[[[[[[[[[1]]]]]]]]]]]]}\n{\"id\":\"2\"}\n",
	    0, 0, 0, 8, 1, D_LIMIT_DEPTH, 1 },
	{ CSV, "Id,Mail\n1,0123456789abcdef\n2,x\n", 8, 0, 0, 0, 1,
	    D_LIMIT_VALUE, 2 },
	{ CSV, "Id,Mail\n1,\"0123456789\n0123456789\n0123456789\"\n2,x\n", 0,
	    34, 0, 0, 1, D_LIMIT_RECORD, 2 },
	{ CSV, "Id,ProxyAddresses\n1,SMTP:a@x;smtp:b@x;smtp:c@x\n2,SMTP:d@x\n",
	    0, 0, 2, 0, 1, D_LIMIT_VALUES, 2 },
	{ JSON, "{\"id\":\"1\",\"mail\":\"0123456789abcdef\"}\n{\"id\":\"2\"}\n",
	    8, 0, 0, 0, 1, D_LIMIT_VALUE, 1 },
	{ JSON, "{\"id\":\"1\",\"mail\":\"0123456789abcdef0123456789\"}\n{\"id\":\"2\"}\n",
	    0, 30, 0, 0, 1, D_LIMIT_RECORD, 1 },
	{ CLIXML, "<Objs><Obj RefId=\"0\"><MS><S N=\"Id\">1</S><S N=\"Mail\">0123456789abcdef</S></MS></Obj>\n"
	    "<Obj RefId=\"1\"><MS><S N=\"Id\">2</S></MS></Obj></Objs>",
	    8, 0, 0, 0, 1, D_LIMIT_VALUE, 1 },
};

START_TEST(test_limits)
{
	const struct limit_case	*c = &limit_cases[_i];
	struct parsed		 p;
	struct limits		 lim;

	limits_init(&lim);
	if (c->max_value)
		lim.max_value_bytes = c->max_value;
	if (c->max_record)
		lim.max_record_bytes = c->max_record;
	if (c->max_values)
		lim.max_values = c->max_values;
	if (c->max_depth)
		lim.max_depth = c->max_depth;
	parse_input(&p, c->fmt, CONTENT_OBJECTS, c->input, &lim);
	ck_assert_int_eq(p.rc, 0);
	ck_assert_uint_eq(p.dg.inputs[0].accepted, c->accepted);
	ck_assert_uint_eq(p.dg.inputs[0].rejected, 1);
	ck_assert_uint_eq(ndiags(&p, c->code), 1);
	ck_assert_uint_eq(diag_line(&p, c->code), c->line);
	parsed_release(&p);
}
END_TEST

/* ----- no entity is ever loaded ----- */

static int	loader_calls;

static xmlParserInputPtr
spy_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	loader_calls++;
	return NULL;
}

static const char *const entity_inputs[] = {
	"@xxe.clixml",
	"@billion-laughs.clixml",
	"<!DOCTYPE Objs SYSTEM \"http://203.0.113.1/x.dtd\"><Objs><Obj RefId=\"0\"><MS><S N=\"Id\">1</S></MS></Obj></Objs>",
	"<!DOCTYPE Objs [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><Objs/>",
};

START_TEST(test_no_entity_loaded)
{
	xmlExternalEntityLoader	 old = xmlGetExternalEntityLoader();
	struct parsed		 p;
	size_t			 i;

	loader_calls = 0;
	xmlSetExternalEntityLoader(spy_loader);
	parse_input(&p, CLIXML, CONTENT_OBJECTS, entity_inputs[_i], NULL);
	xmlSetExternalEntityLoader(old);
	ck_assert_int_eq(loader_calls, 0);
	for (i = 0; i < p.nrecs; i++) {
		const char *upn = pvalues(&p, i, CLOUD_UPN);

		ck_assert(upn == NULL || strstr(upn, "root:") == NULL);
	}
	/* A DOCTYPE naming an external DTD declares no entity: read. */
	if (_i == 2)
		ck_assert_uint_eq(p.dg.inputs[0].accepted, 1);
	else
		ck_assert_uint_eq(p.dg.inputs[0].accepted, 0);
	parsed_release(&p);
}
END_TEST

/* ----- emit asking to stop ----- */

static const struct stop_case {
	const struct input_format	*fmt;
	const char			*input;
} stop_cases[] = {
	{ CSV, "@users-ps7.csv" },
	{ CLIXML, "@users.clixml" },
	{ JSON, "@pages-concat.json" },
};

START_TEST(test_stop)
{
	const struct stop_case	*c = &stop_cases[_i];
	struct parsed		 p;
	struct limits		 lim;
	FILE			*in;
	char			*path;

	memset(&p, 0, sizeof(p));
	diag_init(&p.dg, NULL);
	p.stop_after = 1;
	limits_init(&lim);
	path = xasprintf("%s/testdata/cloud/%s", SD_SRCDIR, c->input + 1);
	in = fopen(path, "rb");
	ck_assert_ptr_nonnull(in);
	parse_stream(&p, c->fmt, CONTENT_OBJECTS, in, c->input + 1, &lim);
	fclose(in);
	free(path);
	ck_assert_int_eq(p.rc, -1);
	ck_assert_uint_eq(p.nrecs, 1);
	parsed_release(&p);
}
END_TEST

/* ----- sniffing ----- */

static const struct sniff_case {
	const char	*head;
	int		 csv;		/* >0: must score above 0 */
	int		 clixml;
	int		 json;
} sniff_cases[] = {
	{ "dn: CN=Ana Lima,OU=Staff,DC=contoso,DC=com\nobjectClass: user\n",
	    0, 0, 0 },
	{ "version: 1\n\ndn: CN=x,DC=contoso,DC=com\n", 0, 0, 0 },
	{ "# extended LDIF\n#\n# LDAPv3\n# base <DC=contoso,DC=com>\n", 0, 0,
	    0 },
	{ "\ndn: CN=a,DC=contoso,DC=com\nchangetype: add\n", 0, 0, 0 },
	{ "# record 1\ndn: CN=a,DC=contoso,DC=com\n", 0, 0, 0 },
	{ "#TYPE Selected.Microsoft.Graph.PowerShell.Models.MicrosoftGraphUser\r\n\"Id\"\r\n",
	    1, 0, 0 },
	{ "version:v1.0\r\nName [displayName] Required\r\n", 1, 0, 0 },
	{ "\"Id\",\"UserPrincipalName\",\"Mail\"\r\n", 1, 0, 0 },
	{ "userPrincipalName,displayName,surname,mail\n", 1, 0, 0 },
	{ "Name,Status,Authentication\n", 1, 0, 0 },
	{ "alpha,beta,gamma\n", 0, 0, 0 },
	{ "<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">",
	    0, 1, 0 },
	{ "<?xml version=\"1.0\" encoding=\"utf-16\"?>\r\n<Objs Version=\"1.1.0.1\">",
	    0, 1, 0 },
	{ "<cs-objects>", 0, 0, 0 },
	{ "{\"@odata.context\":\"x\",\"value\":[]}", 0, 0, 1 },
	{ "  [\n {\"id\":\"1\"}]", 0, 0, 1 },
	{ "", 0, 0, 0 },
};

START_TEST(test_sniff)
{
	const struct sniff_case	*c = &sniff_cases[_i];
	size_t			 len = strlen(c->head);
	int			 csv, clixml, json;

	csv = input_format_graph_csv.sniff(c->head, len);
	clixml = input_format_clixml.sniff(c->head, len);
	json = input_format_graph_json.sniff(c->head, len);
	ck_assert_msg((csv > 0) == (c->csv > 0), "csv %d for '%s'", csv,
	    c->head);
	ck_assert_msg((clixml > 0) == (c->clixml > 0), "clixml %d", clixml);
	ck_assert_msg((json > 0) == (c->json > 0), "json %d", json);
	ck_assert(csv >= 0 && csv <= 100 && clixml >= 0 && clixml <= 100 &&
	    json >= 0 && json <= 100);
}
END_TEST

START_TEST(test_formats_listed)
{
	ck_assert_ptr_eq(input_format_find("graph-csv"),
	    &input_format_graph_csv);
	ck_assert_ptr_eq(input_format_find("clixml"), &input_format_clixml);
	ck_assert_ptr_eq(input_format_find("graph-json"),
	    &input_format_graph_json);
	ck_assert_str_eq(input_format_graph_csv.side, "cloud");
}
END_TEST

/* ----- the alias table ----- */

static const struct alias_case {
	enum input_content	 content;
	const char		*name;
	const char		*want;		/* NULL: passed through */
} alias_cases[] = {
	{ CONTENT_OBJECTS, "@odata.type", CLOUD_OBJECT_TYPE },
	{ CONTENT_OBJECTS, "AccountEnabled", CLOUD_ACCOUNT_ENABLED },
	{ CONTENT_OBJECTS, "BlockCredential", CLOUD_ACCOUNT_ENABLED },
	{ CONTENT_OBJECTS, "DirSyncEnabled", CLOUD_SYNC_ENABLED },
	{ CONTENT_OBJECTS, "DirSyncProvisioningErrors", CLOUD_PROV_ERROR },
	{ CONTENT_OBJECTS, "Display name", CLOUD_DISPLAY_NAME },
	{ CONTENT_OBJECTS, "ErrorCategory", CLOUD_PROV_ERROR },
	{ CONTENT_OBJECTS, "Errors", CLOUD_PROV_ERROR },
	{ CONTENT_OBJECTS, "First name", CLOUD_GIVEN_NAME },
	{ CONTENT_OBJECTS, "givenName", CLOUD_GIVEN_NAME },
	{ CONTENT_OBJECTS, "GroupTypes", CLOUD_GROUP_TYPES },
	{ CONTENT_OBJECTS, "Id", CLOUD_ID },
	{ CONTENT_OBJECTS, "ImmutableId", CLOUD_IMMUTABLE_ID },
	{ CONTENT_OBJECTS, "LastDirSyncTime", CLOUD_LAST_SYNC },
	{ CONTENT_OBJECTS, "Last name", CLOUD_SURNAME },
	{ CONTENT_OBJECTS, "MAIL", CLOUD_MAIL },
	{ CONTENT_OBJECTS, "MailEnabled", CLOUD_MAIL_ENABLED },
	{ CONTENT_OBJECTS, "MailNickname", CLOUD_MAIL_NICKNAME },
	{ CONTENT_OBJECTS, "Object Id", CLOUD_ID },
	{ CONTENT_OBJECTS, "ObjectId", CLOUD_ID },
	{ CONTENT_OBJECTS, "ObjectType", CLOUD_OBJECT_TYPE },
	{ CONTENT_OBJECTS, "OnPremisesDistinguishedName", CLOUD_ONPREM_DN },
	{ CONTENT_OBJECTS, "onPremisesImmutableId", CLOUD_IMMUTABLE_ID },
	{ CONTENT_OBJECTS, "OnPremisesLastSyncDateTime", CLOUD_LAST_SYNC },
	{ CONTENT_OBJECTS, "onPremisesProvisioningErrors", CLOUD_PROV_ERROR },
	{ CONTENT_OBJECTS, "OnPremisesSamAccountName", CLOUD_ONPREM_SAM },
	{ CONTENT_OBJECTS, "OnPremisesSecurityIdentifier", CLOUD_ONPREM_SID },
	{ CONTENT_OBJECTS, "OnPremisesSyncEnabled", CLOUD_SYNC_ENABLED },
	{ CONTENT_OBJECTS, "OnPremisesUserPrincipalName", CLOUD_ONPREM_UPN },
	{ CONTENT_OBJECTS, "PropertyName", CLOUD_PROV_ERROR },
	{ CONTENT_OBJECTS, "PropertyValue", CLOUD_PROV_ERROR },
	{ CONTENT_OBJECTS, "provisioningError", CLOUD_PROV_ERROR },
	{ CONTENT_OBJECTS, "ProvisioningErrors", CLOUD_PROV_ERROR },
	{ CONTENT_OBJECTS, "Proxy addresses", CLOUD_PROXY },
	{ CONTENT_OBJECTS, "SecurityEnabled", CLOUD_SECURITY_ENABLED },
	{ CONTENT_OBJECTS, "serviceProvisioningErrors", CLOUD_PROV_ERROR },
	{ CONTENT_OBJECTS, "Surname", CLOUD_SURNAME },
	{ CONTENT_OBJECTS, "UPN", CLOUD_UPN },
	{ CONTENT_OBJECTS, "User principal name", CLOUD_UPN },
	{ CONTENT_OBJECTS, "user_type", CLOUD_USER_TYPE },
	{ CONTENT_OBJECTS, "WhenStarted", CLOUD_PROV_ERROR },
	{ CONTENT_OBJECTS, "Name [displayName] Required", CLOUD_DISPLAY_NAME },
	{ CONTENT_OBJECTS, "@odata.context", "" },
	{ CONTENT_OBJECTS, "Department", NULL },
	{ CONTENT_OBJECTS, "extensionAttribute1", NULL },
	{ CONTENT_ROLES, "Id", ROLE_MEMBER_ID },
	{ CONTENT_ROLES, "MemberId", ROLE_MEMBER_ID },
	{ CONTENT_ROLES, "MemberObjectId", ROLE_MEMBER_ID },
	{ CONTENT_ROLES, "MemberUPN", ROLE_MEMBER_UPN },
	{ CONTENT_ROLES, "MemberUserPrincipalName", ROLE_MEMBER_UPN },
	{ CONTENT_ROLES, "ObjectId", ROLE_MEMBER_ID },
	{ CONTENT_ROLES, "principalId", ROLE_MEMBER_ID },
	{ CONTENT_ROLES, "PrincipalUserPrincipalName", ROLE_MEMBER_UPN },
	{ CONTENT_ROLES, "Role", ROLE_NAME },
	{ CONTENT_ROLES, "RoleDefinitionName", ROLE_NAME },
	{ CONTENT_ROLES, "Role display name", ROLE_NAME },
	{ CONTENT_ROLES, "RoleName", ROLE_NAME },
	{ CONTENT_ROLES, "UPN", ROLE_MEMBER_UPN },
	{ CONTENT_ROLES, "User name", ROLE_MEMBER_UPN },
	{ CONTENT_ROLES, "UserPrincipalName", ROLE_MEMBER_UPN },
	{ CONTENT_ROLES, "RoleTemplateId", ROLE_TEMPLATE_ID },
	{ CONTENT_DOMAINS, "Authentication", DOMAIN_AUTH },
	{ CONTENT_DOMAINS, "AuthenticationType", DOMAIN_AUTH },
	{ CONTENT_DOMAINS, "Domain", DOMAIN_NAME },
	{ CONTENT_DOMAINS, "Domain name", DOMAIN_NAME },
	{ CONTENT_DOMAINS, "Id", DOMAIN_NAME },
	{ CONTENT_DOMAINS, "IsDefault", DOMAIN_DEFAULT },
	{ CONTENT_DOMAINS, "IsInitial", DOMAIN_INITIAL },
	{ CONTENT_DOMAINS, "IsVerified", DOMAIN_VERIFIED },
	{ CONTENT_DOMAINS, "Name", DOMAIN_NAME },
	{ CONTENT_DOMAINS, "Status", DOMAIN_VERIFIED },
	{ CONTENT_DOMAINS, "SupportedServices", NULL },
};

START_TEST(test_alias)
{
	const struct alias_case		*c = &alias_cases[_i];
	const struct cloudmap_entry	*e;

	e = cloudmap_lookup(c->content, c->name, strlen(c->name));
	if (c->want == NULL)
		ck_assert_msg(e == NULL, "'%s' maps to '%s'", c->name,
		    e ? e->name : "");
	else {
		ck_assert_msg(e != NULL, "'%s' not found", c->name);
		ck_assert_str_eq(e->name, c->want);
	}
}
END_TEST


/*
 * A bulk template label that says the opposite of its bracketed property
 * reads the yes/no negated; other labels, and words inside other kinds
 * of column, change nothing.
 */
static const struct negated_case {
	const char		*label;
	const char		*want;		/* NULL: not mapped */
	enum cloudmap_kind	 kind;
} negated_cases[] = {
	{ "Block sign in (Yes/No) [accountEnabled] Required",
	    CLOUD_ACCOUNT_ENABLED, CMK_BOOL_INVERSE },
	{ "Account enabled (Yes/No) [accountEnabled]", CLOUD_ACCOUNT_ENABLED,
	    CMK_BOOL },
	{ "Disable sync [onPremisesSyncEnabled]", CLOUD_SYNC_ENABLED,
	    CMK_BOOL_INVERSE },
	{ "Not security enabled [securityEnabled]", NULL, CMK_TEXT },
	{ "Display name (not unique) [displayName]", CLOUD_DISPLAY_NAME,
	    CMK_TEXT },
	{ "Notes [displayName]", CLOUD_DISPLAY_NAME, CMK_TEXT },
};

START_TEST(test_negated_label)
{
	const struct negated_case	*c = &negated_cases[_i];
	const struct cloudmap_entry	*e;

	e = cloudmap_lookup(CONTENT_OBJECTS, c->label, strlen(c->label));
	if (c->want == NULL) {
		ck_assert_msg(e == NULL, "'%s' maps to '%s'", c->label,
		    e ? e->name : "");
		return;
	}
	ck_assert_msg(e != NULL, "'%s' not found", c->label);
	ck_assert_str_eq(e->name, c->want);
	ck_assert_int_eq(e->kind, c->kind);
}
END_TEST

/* ----- multi-value splitting and type names ----- */

struct joined {
	char	buf[512];
	size_t	len;
};

static void
join_value(const char *v, size_t len, void *arg)
{
	struct joined	*j = arg;

	ck_assert(j->len + len + 2 < sizeof(j->buf));
	if (j->len > 0)
		j->buf[j->len++] = '|';
	memcpy(j->buf + j->len, v, len);
	j->len += len;
	j->buf[j->len] = '\0';
}

static const struct split_case {
	const char	*cell;
	bool		 is_proxy;
	const char	*want;
} split_cases[] = {
	{ "SMTP:a@x;smtp:b@x", true, "SMTP:a@x|smtp:b@x" },
	{ "SMTP:a@x|smtp:b@x", true, "SMTP:a@x|smtp:b@x" },
	{ "SMTP:a@x,smtp:b@x", true, "SMTP:a@x|smtp:b@x" },
	{ "SMTP:a@x\r\nsmtp:b@x", true, "SMTP:a@x|smtp:b@x" },
	{ "[\"SMTP:a@x\",\"smtp:b@x\"]", true, "SMTP:a@x|smtp:b@x" },
	{ " [ \"SMTP:a@x\" ] ", true, "SMTP:a@x" },
	{ "X400:C=US;A= ;P=Contoso;O=Exchange;S=Lima;G=Ana;", true,
	    "X400:C=US;A= ;P=Contoso;O=Exchange;S=Lima;G=Ana;" },
	{ "X400:C=US;A= ;P=C;;SMTP:a@x", true, "X400:C=US;A= ;P=C;|SMTP:a@x" },
	{ "SMTP:a@x;", true, "SMTP:a@x" },
	{ "X500:/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=ana",
	    true,
	    "X500:/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=ana" },
	{ "a@x;b@x", true, "a@x|b@x" },
	{ "Unified;DynamicMembership", false, "Unified|DynamicMembership" },
	{ "Unified, DynamicMembership", false, "Unified|DynamicMembership" },
	{ "bob+tag@x", false, "bob+tag@x" },
	{ "SMTP:bob+tag@x", true, "SMTP:bob+tag@x" },
	{ "SMTP:a@x+smtp:b@x", true, "SMTP:a@x|smtp:b@x" },
	{ "a+b;c", false, "a+b|c" },
	{ "An\xc3\xa1;\xff|b\tc", false, "An\xc3\xa1|\xff|b\tc" },
	{ "", true, "" },
	{ ";;", false, "" },
	{ "[not json", false, "[not json" },
};

START_TEST(test_split)
{
	const struct split_case	*c = &split_cases[_i];
	struct joined		 j;

	memset(&j, 0, sizeof(j));
	cloudmap_split(c->cell, strlen(c->cell), c->is_proxy, join_value, &j);
	ck_assert_str_eq(j.buf, c->want);
}
END_TEST

static const struct type_name_case {
	const char	*s;
	bool		 is_type;
} type_name_cases[] = {
	{ "System.String[]", true },
	{ "System.Collections.Generic.List`1[System.String]", true },
	{ "System.Collections.Generic.Dictionary`2[System.String,System.Object]",
	    true },
	{ "Microsoft.Graph.PowerShell.Models.IMicrosoftGraphOnPremisesProvisioningError[]",
	    true },
	{ "System.String", false },
	{ "SMTP:a@contoso.com", false },
	{ "System.[]", false },
	{ "System.String[", false },
	{ "Microsoft Corporation [US]", false },
};

START_TEST(test_type_name)
{
	const struct type_name_case *c = &type_name_cases[_i];

	ck_assert_int_eq(cloudmap_is_type_name(c->s, strlen(c->s)),
	    c->is_type);
}
END_TEST

static const struct type_case {
	const char		*s;
	bool			 is_explicit;
	enum cloudmap_type	 want;
} type_cases[] = {
	{ "#microsoft.graph.user", true, CMT_USER },
	{ "#microsoft.graph.orgContact", true, CMT_CONTACT },
	{ "Group", true, CMT_GROUP },
	{ "#microsoft.graph.servicePrincipal", true, CMT_OTHER },
	{ "", true, CMT_NONE },
	{ "Selected.Microsoft.Graph.PowerShell.Models.MicrosoftGraphUser",
	    false, CMT_USER },
	{ "Microsoft.Online.Administration.Group", false, CMT_GROUP },
	{ "System.Management.Automation.PSCustomObject", false, CMT_NONE },
};

START_TEST(test_type)
{
	const struct type_case	*c = &type_cases[_i];

	ck_assert_int_eq(cloudmap_type_of(c->s, strlen(c->s), c->is_explicit),
	    c->want);
}
END_TEST

static const struct bool_case {
	const char	*s;
	int		 want;
} bool_cases[] = {
	{ "True", 1 }, { "FALSE", 0 }, { "true", 1 }, { "1", 1 }, { "0", 0 },
	{ "Yes", 1 }, { "no", 0 }, { " True ", 1 }, { "", -1 },
	{ "maybe", -1 }, { "Truely", -1 },
};

START_TEST(test_bool)
{
	const struct bool_case	*c = &bool_cases[_i];

	ck_assert_int_eq(cloudmap_bool(c->s, strlen(c->s)), c->want);
}
END_TEST

/* ----- the record builder's memory of names across records ----- */

/*
 * A caller that builds each name in one buffer: the builder remembers a
 * name pointer's hash and type note from record to record, and must see
 * that the bytes behind the pointer changed.
 */
START_TEST(test_cloudrec_reused_name)
{
	static const char *const names[] = { "userPrincipalName",
	    "securityEnabled", "userType", "mailEnabled", "UserPrincipalName",
	    "displayName" };
	static const char *const values[] = { "u@x", "true", "Member",
	    "true", "v@x", "n" };
	static const char *const types[] = { "user", "group", "user",
	    "group", "none", "none" };
	struct parsed	 p;
	struct cloudrec	 r;
	struct limits	 lim;
	const char	*type;
	char		 name[32], id[8];
	size_t		 i, k;

	memset(&p, 0, sizeof(p));
	diag_init(&p.dg, NULL);
	diag_input_begin(&p.dg, "t", "graph-csv", "cloud");
	limits_init(&lim);
	cloudrec_init(&r, "t", &lim, &p.dg, CONTENT_OBJECTS, collect, &p);
	for (k = 0; k < 2; k++)
		for (i = 0; i < ARRAY_SIZE(names); i++) {
			cloudrec_begin(&r, i + 1);
			snprintf(id, sizeof(id), "%zu", i);
			cloudrec_add(&r, CLOUD_ID, id, strlen(id), 0);
			snprintf(name, sizeof(name), "%s", names[i]);
			cloudrec_add(&r, name, values[i], strlen(values[i]),
			    0);
			ck_assert_int_eq(cloudrec_finish(&r, CMT_NONE), 0);
		}
	ck_assert_uint_eq(p.nrecs, 2 * ARRAY_SIZE(names));
	for (i = 0; i < p.nrecs; i++) {
		size_t n = i % ARRAY_SIZE(names);

		ck_assert_str_eq(p.recs[i].attrs[1].name, names[n]);
		ck_assert_str_eq(p.recs[i].attrs[1].value, values[n]);
		type = pvalues(&p, i, CLOUD_OBJECT_TYPE);
		ck_assert_msg(strcmp(type ? type : "none", types[n]) == 0,
		    "record %zu (%s): %s", i, names[n], type ? type : "none");
	}
	cloudrec_release(&r);
	parsed_release(&p);
}
END_TEST

/* ----- rows across the CSV reader's 64 KiB reads ----- */

#define CSV_CHUNK	65536	/* cloudcsv.c's fread size */

/* Records after the first and every message, as text. */
static char *
csv_dump(const struct parsed *p)
{
	char	*out = NULL;
	size_t	 len = 0, i, j;
	FILE	*f = open_memstream(&out, &len);

	ck_assert_ptr_nonnull(f);
	for (i = 1; i < p->nrecs; i++) {
		fprintf(f, "rec %lu\n", p->recs[i].line);
		for (j = 0; j < p->recs[i].nattrs; j++)
			fprintf(f, "  %s '%s' %zu %u\n", p->recs[i].attrs[j].name,
			    p->recs[i].attrs[j].value, p->recs[i].attrs[j].len,
			    p->recs[i].attrs[j].flags);
	}
	for (i = 0; i < p->dg.nmsgs; i++)
		fprintf(f, "! %lu %s\n", p->dg.msgs[i].line,
		    diag_text(p->dg.msgs[i].code));
	fclose(f);
	return out;
}

/*
 * Rows the splitter takes and rows it leaves to libcsv (a field over two
 * lines, a stray quote, a short row), with a read ending on each byte in
 * turn: the records, nulls, lines and messages never change.
 */
START_TEST(test_csv_chunk_boundary)
{
	static const char head[] = "Id,DisplayName,Mail,UserPrincipalName\n";
	static const char tail[] =
	    "\"2\",\"a \"\"quoted\"\" name\",\"x@c.com\",\"x@c.com\"\r\n"
	    "\"3\",\"two\nlines\",,\"y@c.com\"\n"
	    "4,,\"\",u4@c.com\n"
	    "\"5\",  \"five\"  ,\t\"z@c.com\"\t,\"z@c.com\"\n"
	    "\"6\",\"bad\"x\",\"w@c.com\",\"w@c.com\"\n"
	    "\"7\",\"short\"\n"
	    "\"8\",\"last\",\"l@c.com\",\"l@c.com\"";
	struct parsed	 p;
	char		*in, *want = NULL, *got;
	size_t		 hlen = sizeof(head) - 1, tlen = sizeof(tail) - 1;
	size_t		 k, pad, len;

	for (k = 0; k <= tlen; k++) {
		/* Row 1 pads the tail to start k bytes before a read ends. */
		pad = CSV_CHUNK - k - hlen;
		len = pad + tlen;
		in = xmalloc(hlen + len + 1);
		memcpy(in, head, hlen);
		memcpy(in + hlen, "1,", 2);
		memset(in + hlen + 2, 'x', pad - 5);
		memcpy(in + hlen + pad - 3, ",,\n", 3);
		memcpy(in + hlen + pad, tail, tlen + 1);
		parse_input(&p, CSV, CONTENT_OBJECTS, in, NULL);
		got = csv_dump(&p);
		if (want == NULL) {
			want = got;
			/* What the rows say, from the first parse. */
			ck_assert_str_eq(pvalues(&p, 1, CLOUD_DISPLAY_NAME),
			    "a \"quoted\" name");
			ck_assert_str_eq(pvalues(&p, 2, CLOUD_DISPLAY_NAME),
			    "two\nlines");
			ck_assert(pattr(&p, 2, CLOUD_MAIL)->flags & ATTR_NULL);
			ck_assert(!(pattr(&p, 3, CLOUD_MAIL)->flags &
			    ATTR_NULL));
			ck_assert_str_eq(pvalues(&p, 4, CLOUD_DISPLAY_NAME),
			    "five");
			ck_assert_str_eq(pvalues(&p, 4, CLOUD_MAIL), "z@c.com");
			ck_assert_str_eq(pvalues(&p, 5, CLOUD_ID), "8");
			ck_assert_uint_eq(p.recs[5].line, 10);
			ck_assert_uint_eq(ndiags(&p, D_CSV_SYNTAX), 1);
			ck_assert_uint_eq(diag_line(&p, D_CSV_SYNTAX), 8);
			ck_assert_uint_eq(ndiags(&p, D_CSV_FIELDS), 1);
		} else {
			ck_assert_msg(strcmp(got, want) == 0,
			    "read ends %zu bytes into the tail:\n%s", tlen - k,
			    got);
			free(got);
		}
		parsed_release(&p);
		free(in);
	}
	free(want);
}
END_TEST

static Suite *
cloud_suite(void)
{
	Suite	*s = suite_create("cloud");
	TCase	*tc;

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_parse, 0, ARRAY_SIZE(parse_cases));
	tcase_add_loop_test(tc, test_null, 0, ARRAY_SIZE(null_cases));
	tcase_add_loop_test(tc, test_limits, 0, ARRAY_SIZE(limit_cases));
	tcase_add_loop_test(tc, test_no_entity_loaded, 0,
	    ARRAY_SIZE(entity_inputs));
	tcase_add_loop_test(tc, test_stop, 0, ARRAY_SIZE(stop_cases));
	tcase_add_test(tc, test_csv_chunk_boundary);
	tcase_add_test(tc, test_cloudrec_reused_name);
	suite_add_tcase(s, tc);
	tc = tcase_create("sniff");
	tcase_add_loop_test(tc, test_sniff, 0, ARRAY_SIZE(sniff_cases));
	tcase_add_test(tc, test_formats_listed);
	suite_add_tcase(s, tc);
	tc = tcase_create("cloudmap");
	tcase_add_loop_test(tc, test_alias, 0, ARRAY_SIZE(alias_cases));
	tcase_add_loop_test(tc, test_negated_label, 0,
	    ARRAY_SIZE(negated_cases));
	tcase_add_loop_test(tc, test_split, 0, ARRAY_SIZE(split_cases));
	tcase_add_loop_test(tc, test_type_name, 0,
	    ARRAY_SIZE(type_name_cases));
	tcase_add_loop_test(tc, test_type, 0, ARRAY_SIZE(type_cases));
	tcase_add_loop_test(tc, test_bool, 0, ARRAY_SIZE(bool_cases));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(cloud_suite());
}
