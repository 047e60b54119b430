/*
 * The alias table and record builder shared by the cloud parsers; see
 * cloudmap.h.  Every name a Graph, Graph PowerShell, admin center or
 * MSOnline export gives a property is mapped here and nowhere else.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "cloudmap.h"
#include "xalloc.h"

#define E(alias, name, kind)	{ alias, name, kind, 0 }
#define P(alias, field)		{ alias, CLOUD_PROV_ERROR, CMK_PROV_FIELD, field }

/*
 * Directory objects.  Folded aliases, sorted by strcmp for bsearch (the
 * test suite looks every alias up).  Sources: formats.md 2a (Graph
 * PowerShell), 2b (admin centers' display labels), 2d (Graph), 2e
 * (MSOnline, AzureAD).
 */
static const struct cloudmap_entry cloudmap_objects[] = {
	E("@odatatype",			CLOUD_OBJECT_TYPE,	CMK_TYPE),
	E("accountenabled",		CLOUD_ACCOUNT_ENABLED,	CMK_BOOL),
	E("blockcredential",		CLOUD_ACCOUNT_ENABLED,	CMK_BOOL_INVERSE),
	/* Entra admin center "Download users" (users-bulk-download.md) */
	E("directorysynced",		CLOUD_SYNC_ENABLED,	CMK_BOOL),
	E("dirsyncenabled",		CLOUD_SYNC_ENABLED,	CMK_BOOL),
	E("dirsyncprovisioningerrors",	CLOUD_PROV_ERROR,	CMK_PROV),
	E("displayname",		CLOUD_DISPLAY_NAME,	CMK_TEXT),
	P("errorcategory",		CMP_CATEGORY),
	E("errors",			CLOUD_PROV_ERROR,	CMK_PROV),
	E("firstname",			CLOUD_GIVEN_NAME,	CMK_TEXT),
	E("givenname",			CLOUD_GIVEN_NAME,	CMK_TEXT),
	E("grouptypes",			CLOUD_GROUP_TYPES,	CMK_MULTI),
	E("id",				CLOUD_ID,		CMK_TEXT),
	E("immutableid",		CLOUD_IMMUTABLE_ID,	CMK_TEXT),
	E("lastdirsynctime",		CLOUD_LAST_SYNC,	CMK_TEXT),
	E("lastname",			CLOUD_SURNAME,		CMK_TEXT),
	E("mail",			CLOUD_MAIL,		CMK_TEXT),
	E("mailenabled",		CLOUD_MAIL_ENABLED,	CMK_BOOL),
	E("mailnickname",		CLOUD_MAIL_NICKNAME,	CMK_TEXT),
	E("objectid",			CLOUD_ID,		CMK_TEXT),
	E("objecttype",			CLOUD_OBJECT_TYPE,	CMK_TYPE),
	/* Az PowerShell Get-AzADUser: OdataType, ProxyAddress (singular) */
	E("odatatype",			CLOUD_OBJECT_TYPE,	CMK_TYPE),
	E("onpremisesdistinguishedname", CLOUD_ONPREM_DN,	CMK_TEXT),
	E("onpremisesimmutableid",	CLOUD_IMMUTABLE_ID,	CMK_TEXT),
	E("onpremiseslastsyncdatetime",	CLOUD_LAST_SYNC,	CMK_TEXT),
	E("onpremisesobjectidentifier",	CLOUD_ONPREM_OBJECT_ID,	CMK_TEXT),
	E("onpremisesprovisioningerrors", CLOUD_PROV_ERROR,	CMK_PROV),
	E("onpremisessamaccountname",	CLOUD_ONPREM_SAM,	CMK_TEXT),
	E("onpremisessecurityidentifier", CLOUD_ONPREM_SID,	CMK_TEXT),
	E("onpremisessyncenabled",	CLOUD_SYNC_ENABLED,	CMK_BOOL),
	E("onpremisesuserprincipalname", CLOUD_ONPREM_UPN,	CMK_TEXT),
	P("propertyname",		CMP_PROPERTY),
	P("propertyvalue",		CMP_VALUE),
	E("provisioningerror",		CLOUD_PROV_ERROR,	CMK_PROV),
	E("provisioningerrors",		CLOUD_PROV_ERROR,	CMK_PROV),
	E("proxyaddress",		CLOUD_PROXY,		CMK_PROXY),
	E("proxyaddresses",		CLOUD_PROXY,		CMK_PROXY),
	E("securityenabled",		CLOUD_SECURITY_ENABLED,	CMK_BOOL),
	E("serviceprovisioningerrors",	CLOUD_PROV_ERROR,	CMK_PROV),
	E("surname",			CLOUD_SURNAME,		CMK_TEXT),
	E("upn",			CLOUD_UPN,		CMK_TEXT),
	E("userprincipalname",		CLOUD_UPN,		CMK_TEXT),
	E("usertype",			CLOUD_USER_TYPE,	CMK_TEXT),
	P("whenstarted",		CMP_WHEN),
};

/*
 * Admin role membership (formats.md 2f).  In a member export "Id" is the
 * member's; the role's own id and template id pass through.
 */
static const struct cloudmap_entry cloudmap_roles[] = {
	E("appscopeid",			ROLE_APP_SCOPE,		CMK_TEXT),
	E("directoryscopeid",		ROLE_DIR_SCOPE,		CMK_TEXT),
	E("id",				ROLE_MEMBER_ID,		CMK_TEXT),
	E("memberid",			ROLE_MEMBER_ID,		CMK_TEXT),
	E("memberobjectid",		ROLE_MEMBER_ID,		CMK_TEXT),
	E("memberupn",			ROLE_MEMBER_UPN,	CMK_TEXT),
	E("memberuserprincipalname",	ROLE_MEMBER_UPN,	CMK_TEXT),
	E("objectid",			ROLE_MEMBER_ID,		CMK_TEXT),
	E("principalid",		ROLE_MEMBER_ID,		CMK_TEXT),
	E("principaluserprincipalname",	ROLE_MEMBER_UPN,	CMK_TEXT),
	E("role",			ROLE_NAME,		CMK_TEXT),
	E("roledefinitionid",		ROLE_TEMPLATE_ID,	CMK_TEXT),
	E("roledefinitionname",		ROLE_NAME,		CMK_TEXT),
	E("roledisplayname",		ROLE_NAME,		CMK_TEXT),
	E("rolename",			ROLE_NAME,		CMK_TEXT),
	E("roletemplateid",		ROLE_TEMPLATE_ID,	CMK_TEXT),
	E("upn",			ROLE_MEMBER_UPN,	CMK_TEXT),
	E("username",			ROLE_MEMBER_UPN,	CMK_TEXT),
	E("userprincipalname",		ROLE_MEMBER_UPN,	CMK_TEXT),
};

/* Tenant domains: Get-MgDomain, GET /domains, Get-MsolDomain (4.1). */
static const struct cloudmap_entry cloudmap_domains[] = {
	E("authentication",		DOMAIN_AUTH,		CMK_TEXT),
	E("authenticationtype",		DOMAIN_AUTH,		CMK_TEXT),
	E("domain",			DOMAIN_NAME,		CMK_TEXT),
	E("domainname",			DOMAIN_NAME,		CMK_TEXT),
	E("id",				DOMAIN_NAME,		CMK_TEXT),
	E("isdefault",			DOMAIN_DEFAULT,		CMK_BOOL),
	E("isinitial",			DOMAIN_INITIAL,		CMK_BOOL),
	E("isverified",			DOMAIN_VERIFIED,	CMK_BOOL),
	E("name",			DOMAIN_NAME,		CMK_TEXT),
	E("status",			DOMAIN_VERIFIED,	CMK_VERIFIED),
};

static const struct cloudmap_entry cloudmap_ignore =
	E("@odata", "", CMK_IGNORE);

/*
 * A bulk template column whose label says the opposite of its bracketed
 * property: "Block sign in (Yes/No) [accountEnabled]" holds Yes for an
 * account that is NOT enabled (users-bulk-add.md).  Read negated.
 */
static const struct cloudmap_entry cloudmap_negated[] = {
	E("accountenabled",		CLOUD_ACCOUNT_ENABLED,	CMK_BOOL_INVERSE),
	E("onpremisessyncenabled",	CLOUD_SYNC_ENABLED,	CMK_BOOL_INVERSE),
};

#undef E
#undef P

#define CLOUDMAP_NAME_MAX	128

bool
cloudmap_fold(const char *name, size_t len, char *buf, size_t n)
{
	const char	*open, *close;
	size_t		 i, o = 0;

	/* "Name [displayName] Required": the bracketed name is the real one. */
	open = memchr(name, '[', len);
	if (open != NULL && (close = memchr(open, ']', len -
	    (size_t)(open - name))) != NULL && close > open + 1) {
		len = (size_t)(close - open - 1);
		name = open + 1;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c == ' ' || c == '-' || c == '_' || c == '.' || c == '\t')
			continue;
		if (o + 1 >= n)
			return false;
		buf[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	buf[o] = '\0';
	return true;
}

static int
cloudmap_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct cloudmap_entry *)elem)->alias);
}

/*
 * Does the label of "Label [property]" say the opposite of the property?
 * "Block sign in (Yes/No)", "Disable ...", "Deny ...", "... not ...".
 */
static bool
cloudmap_is_negated_label(const char *name, size_t len)
{
	static const char *const words[] = { "block", "disable", "deny",
	    "prevent", "not", "no" };
	const char	*open = memchr(name, '[', len);
	size_t		 n, i, w;

	if (open == NULL)
		return false;
	n = (size_t)(open - name);
	for (i = 0; i < n; i++) {
		if (i > 0 && name[i - 1] != ' ' && name[i - 1] != '(')
			continue;
		for (w = 0; w < ARRAY_SIZE(words); w++) {
			size_t	wl = strlen(words[w]);

			if (n - i >= wl && strncasecmp(name + i, words[w],
			    wl) == 0 && (i + wl == n || name[i + wl] == ' ' ||
			    name[i + wl] == ')' || name[i + wl] == '('))
				return true;
		}
	}
	return false;
}

/*
 * The entry for a negated label over the property e maps: its inverse,
 * or NULL when the property has none (the column is then not mapped:
 * read as it stands it would say the opposite).
 */
static const struct cloudmap_entry *
cloudmap_negate(const struct cloudmap_entry *e)
{
	size_t	i;

	for (i = 0; e != NULL && i < ARRAY_SIZE(cloudmap_negated); i++)
		if (strcmp(cloudmap_negated[i].name, e->name) == 0)
			return &cloudmap_negated[i];
	return NULL;
}

const struct cloudmap_entry *
cloudmap_lookup(enum input_content content, const char *name, size_t len)
{
	const struct cloudmap_entry	*table, *e;
	size_t				 n;
	char				 folded[CLOUDMAP_NAME_MAX];

	if (!cloudmap_fold(name, len, folded, sizeof(folded)))
		return NULL;
	switch (content) {
	case CONTENT_OBJECTS:
		table = cloudmap_objects;
		n = ARRAY_SIZE(cloudmap_objects);
		break;
	case CONTENT_ROLES:
		table = cloudmap_roles;
		n = ARRAY_SIZE(cloudmap_roles);
		break;
	case CONTENT_DOMAINS:
	default:
		table = cloudmap_domains;
		n = ARRAY_SIZE(cloudmap_domains);
		break;
	}
	/* Graph's envelope and annotations: @odata.context, .nextLink, ... */
	if (strncmp(folded, "@odata", 6) == 0 &&
	    (content != CONTENT_OBJECTS || strcmp(folded, "@odatatype") != 0))
		return &cloudmap_ignore;
	e = bsearch(folded, table, n, sizeof(*table), cloudmap_cmp);
	/* Only a yes/no can be said the other way round. */
	if (e != NULL && e->kind == CMK_BOOL &&
	    cloudmap_is_negated_label(name, len))
		return cloudmap_negate(e);
	return e;
}

/* Do a and b differ by at most one insertion, deletion or change? */
static bool
cloudmap_is_one_edit(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t	i = 0;

	if (alen > blen)
		return cloudmap_is_one_edit(b, blen, a, alen);
	if (blen - alen > 1)
		return false;
	while (i < alen && a[i] == b[i])
		i++;
	if (alen == blen)
		return i == alen || strncmp(a + i + 1, b + i + 1,
		    alen - i - 1) == 0;
	return strncmp(a + i, b + i + 1, alen - i) == 0;
}

const char *
cloudmap_lookalike(enum input_content content, const char *name, size_t len)
{
	const struct cloudmap_entry	*table;
	size_t				 n, i, flen, alen;
	char				 folded[CLOUDMAP_NAME_MAX];

	if (!cloudmap_fold(name, len, folded, sizeof(folded)) ||
	    (flen = strlen(folded)) < 6)
		return NULL;
	table = content == CONTENT_OBJECTS ? cloudmap_objects :
	    content == CONTENT_ROLES ? cloudmap_roles : cloudmap_domains;
	n = content == CONTENT_OBJECTS ? ARRAY_SIZE(cloudmap_objects) :
	    content == CONTENT_ROLES ? ARRAY_SIZE(cloudmap_roles) :
	    ARRAY_SIZE(cloudmap_domains);
	for (i = 0; i < n; i++) {
		if (table[i].kind == CMK_PROV_FIELD)
			continue;
		alen = strlen(table[i].alias);
		/* A typo or a plural: "ProxyAdresses", "UserPrincipalNames" */
		if (alen >= 6 && cloudmap_is_one_edit(folded, flen,
		    table[i].alias, alen))
			return table[i].name;
		/* A decorated name: "ProxyAddressesList", "UPN2" is too short */
		if (alen >= 8 && flen > alen && flen - alen <= 4 &&
		    strncmp(folded, table[i].alias, alen) == 0)
			return table[i].name;
	}
	return NULL;
}

int
cloudmap_prov_field(const char *name)
{
	static const struct {
		const char	*name;
		int		 field;
	} fields[] = {
		{ "propertyCausingError",	CMP_PROPERTY },
		{ "PropertyName",		CMP_PROPERTY },
		{ "serviceInstance",		CMP_PROPERTY },
		{ "value",			CMP_VALUE },
		{ "PropertyValue",		CMP_VALUE },
		{ "errorDetail",		CMP_VALUE },
		{ "category",			CMP_CATEGORY },
		{ "ErrorCategory",		CMP_CATEGORY },
		{ "occurredDateTime",		CMP_WHEN },
		{ "WhenStarted",		CMP_WHEN },
		{ "createdDateTime",		CMP_WHEN },
	};
	size_t	i;

	for (i = 0; i < ARRAY_SIZE(fields); i++)
		if (strcasecmp(fields[i].name, name) == 0)
			return fields[i].field;
	return -1;
}

int
cloudmap_bool(const char *s, size_t len)
{
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if ((len == 4 && strncasecmp(s, "true", 4) == 0) ||
	    (len == 3 && strncasecmp(s, "yes", 3) == 0) ||
	    (len == 1 && s[0] == '1'))
		return 1;
	if ((len == 5 && strncasecmp(s, "false", 5) == 0) ||
	    (len == 2 && strncasecmp(s, "no", 2) == 0) ||
	    (len == 1 && s[0] == '0'))
		return 0;
	return -1;
}

enum cloudmap_type
cloudmap_type_of(const char *s, size_t len, bool is_explicit)
{
	const char	*dot;
	size_t		 i;

	while (len > 0 && (*s == ' ' || *s == '#')) {
		s++;
		len--;
	}
	while (len > 0 && s[len - 1] == ' ')
		len--;
	if (len == 0)
		return CMT_NONE;
	/* The last dotted part: "#microsoft.graph.user" -> "user". */
	for (i = len, dot = NULL; i > 0; i--)
		if (s[i - 1] == '.') {
			dot = s + i;
			break;
		}
	if (dot != NULL) {
		len -= (size_t)(dot - s);
		s = dot;
	}
	if (len > 14 && strncasecmp(s, "MicrosoftGraph", 14) == 0) {
		s += 14;
		len -= 14;
	}
	if (len == 4 && strncasecmp(s, "user", 4) == 0)
		return CMT_USER;
	if (len == 5 && strncasecmp(s, "group", 5) == 0)
		return CMT_GROUP;
	if ((len == 7 && strncasecmp(s, "contact", 7) == 0) ||
	    (len == 10 && strncasecmp(s, "orgContact", 10) == 0))
		return CMT_CONTACT;
	return is_explicit ? CMT_OTHER : CMT_NONE;
}

const char *
cloudmap_type_name(enum cloudmap_type type)
{
	switch (type) {
	case CMT_USER:
		return "user";
	case CMT_GROUP:
		return "group";
	case CMT_CONTACT:
		return "contact";
	case CMT_NONE:
	case CMT_OTHER:
		break;
	}
	return NULL;
}

static bool
cloudmap_is_name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '`';
}

bool
cloudmap_is_type_name(const char *s, size_t len)
{
	size_t	i, start;

	/* ^(System|Microsoft)\.[A-Za-z0-9_.`]+(\[[^\]]*\])+$ (formats.md 2a) */
	if (len > 7 && strncmp(s, "System.", 7) == 0)
		start = 7;
	else if (len > 10 && strncmp(s, "Microsoft.", 10) == 0)
		start = 10;
	else
		return false;
	for (i = start; i < len && cloudmap_is_name_char(s[i]); i++)
		continue;
	if (i == start || i == len)
		return false;
	while (i < len) {
		if (s[i] != '[')
			return false;
		for (i++; i < len && s[i] != ']'; i++)
			if (s[i] == '[')
				return false;
		if (i == len)
			return false;
		i++;
	}
	return true;
}

/* ----- splitting joined values ----- */

/* Does s start with "type:", as a proxy address does? */
static bool
cloudmap_has_prefix(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len && i < 16; i++) {
		char c = s[i];

		if (c == ':')
			return i > 0;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-'))
			return false;
	}
	return false;
}

static bool
cloudmap_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * The separators of joined values, by byte: CMS_LIST any list's (';', '|',
 * ',', line ends), CMS_PROXY a proxy list's too ('+').
 */
#define CMS_LIST	1
#define CMS_PROXY	2
static const unsigned char cloudmap_separators[256] = {
	['\n'] = CMS_LIST | CMS_PROXY, ['\r'] = CMS_LIST | CMS_PROXY,
	[';'] = CMS_LIST | CMS_PROXY, ['|'] = CMS_LIST | CMS_PROXY,
	[','] = CMS_LIST | CMS_PROXY, ['+'] = CMS_PROXY,
};

/* Call fn for s trimmed of surrounding white space, unless empty. */
static void
cloudmap_give(const char *s, size_t len, cloudmap_value_fn fn, void *arg)
{
	while (len > 0 && cloudmap_is_space(*s)) {
		s++;
		len--;
	}
	while (len > 0 && cloudmap_is_space(s[len - 1]))
		len--;
	if (len > 0)
		fn(s, len, arg);
}

/* The JSON-array form ["SMTP:a@x","smtp:b@x"]; false if it is not one. */
static bool
cloudmap_split_json(const char *cell, size_t len, cloudmap_value_fn fn,
    void *arg)
{
	json_error_t	 err;
	json_t		*a, *v;
	size_t		 i;

	a = json_loadb(cell, len, JSON_REJECT_DUPLICATES, &err);
	if (a == NULL)
		return false;
	if (!json_is_array(a)) {
		json_decref(a);
		return false;
	}
	json_array_foreach(a, i, v) {
		if (json_is_string(v))
			cloudmap_give(json_string_value(v),
			    json_string_length(v), fn, arg);
	}
	json_decref(a);
	return true;
}

/*
 * Is the separator at s[i] the end of a proxy address?  Only when the next
 * piece starts with "type:": "X400:C=US;A= ;P=Contoso;" keeps its ';'
 * (formats.md 2a), also the last one.
 */
static bool
cloudmap_is_proxy_boundary(const char *s, size_t len, size_t start,
    size_t i)
{
	size_t	j = i + 1;

	while (j < len && cloudmap_is_space(s[j]))
		j++;
	if (j == len)
		return s[i] != ';' || i - start < 5 ||
		    strncasecmp(s + start, "X400:", 5) != 0;
	return cloudmap_has_prefix(s + j, len - j);
}

void
cloudmap_split(const char *cell, size_t len, bool is_proxy,
    cloudmap_value_fn fn, void *arg)
{
	size_t		i, start = 0;
	unsigned	sep;

	while (len > 0 && cloudmap_is_space(*cell)) {
		cell++;
		len--;
	}
	if (len >= 2 && cell[0] == '[' &&
	    cloudmap_split_json(cell, len, fn, arg))
		return;
	/* Without a "type:" first, proxies are split like any list. */
	if (is_proxy && !cloudmap_has_prefix(cell, len))
		is_proxy = false;
	sep = is_proxy ? CMS_PROXY : CMS_LIST;
	for (i = 0; i < len; i++) {
		if (!(cloudmap_separators[(unsigned char)cell[i]] & sep))
			continue;
		if (is_proxy && !cloudmap_is_proxy_boundary(cell, len, start, i))
			continue;
		cloudmap_give(cell + start, i - start, fn, arg);
		start = i + 1;
	}
	cloudmap_give(cell + start, len - start, fn, arg);
}

/* ----- the record builder ----- */

void
cloudrec_init(struct cloudrec *r, const char *file, const struct limits *lim,
    struct diag *dg, enum input_content content, record_fn emit, void *arg)
{
	memset(r, 0, sizeof(*r));
	r->file = file;
	r->lim = lim;
	r->dg = dg;
	r->content = content;
	r->emit = emit;
	r->arg = arg;
	r->type_name_code = D_OK;
}

static void
cloudrec_clear(struct cloudrec *r)
{
	size_t	i;

	free(r->error_detail);
	r->error_detail = NULL;
	free(r->other_type);
	r->other_type = NULL;
	for (i = 0; i < CMP_MAX; i++) {
		free(r->prov[i]);
		r->prov[i] = NULL;
	}
}

void
cloudrec_release(struct cloudrec *r)
{
	size_t	i;

	cloudrec_clear(r);
	for (i = 0; i < r->nwarned; i++)
		free(r->warned[i]);
	free(r->warned);
	free(r->buf);
	free(r->slots);
	free(r->counts);
	free(r->buckets);
	free(r->attrs);
	for (i = 0; i < CLOUDREC_RECENT; i++)
		free(r->recent[i].copy);
	memset(r, 0, sizeof(*r));
}

void
cloudrec_begin(struct cloudrec *r, unsigned long line)
{
	size_t	i;

	cloudrec_clear(r);
	r->nbegun++;
	r->line = line;
	r->len = 0;
	r->charged = 0;
	r->nslots = 0;
	r->ncounts = 0;
	r->last_count = 0;
	if (++r->gen == 0) {
		/* The mark wrapped: old marks could match again. */
		if (r->buckets != NULL)
			memset(r->buckets, 0,
			    r->nbuckets * sizeof(*r->buckets));
		for (i = 0; i < CLOUDREC_RECENT; i++)
			r->recent[i].gen = 0;
		r->gen = 1;
	}
	r->error = D_OK;
	r->type = CMT_NONE;
	r->has_user_prop = r->has_group_prop = false;
	r->has_user_value = r->has_group_value = false;
	r->has_prov_field = false;
}

void
cloudrec_reject(struct cloudrec *r, enum diag_code code, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	if (r->error != D_OK)
		return;
	r->error = code;
	if (fmt == NULL)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	r->error_detail = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(r->error_detail, (size_t)n + 1, fmt, ap);
	va_end(ap);
}

/* Append len bytes and a NUL to the buffer; returns their offset. */
static size_t
cloudrec_store(struct cloudrec *r, const char *s, size_t len)
{
	size_t	off = r->len;

	if (r->cap - r->len < len + 1) {
		size_t cap = r->cap ? r->cap : 4096;

		while (cap - r->len < len + 1)
			cap *= 2;
		r->buf = xreallocarray(r->buf, cap, 1);
		r->cap = cap;
	}
	if (len > 0)
		memcpy(r->buf + off, s, len);
	r->buf[off + len] = '\0';
	r->len += len + 1;
	r->charged += len + 1;
	return off;
}

/* FNV-1a over the name folded to ASCII lower case. */
static size_t
cloudrec_name_hash(const char *name)
{
	uint64_t	h = 14695981039346656037ULL;

	for (; *name != '\0'; name++) {
		unsigned char c = (unsigned char)*name;

		h ^= c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

/* The bucket of name: its count's, or the empty one to put it in. */
static struct cloudrec_bucket *
cloudrec_bucket(struct cloudrec *r, const char *name, size_t hash)
{
	size_t	mask = r->nbuckets - 1, b = hash & mask;

	while (r->buckets[b].gen == r->gen && strcasecmp(r->buf +
	    r->counts[r->buckets[b].count].name, name) != 0)
		b = (b + 1) & mask;
	return &r->buckets[b];
}

/* Keep the buckets at most half full: double and put the counts back. */
static void
cloudrec_buckets_grow(struct cloudrec *r)
{
	size_t	i;

	if (r->nbuckets > 2 * r->ncounts)
		return;
	free(r->buckets);
	r->nbuckets = r->nbuckets ? r->nbuckets * 2 : 64;
	r->buckets = xcalloc(r->nbuckets, sizeof(*r->buckets));
	for (i = 0; i < r->ncounts; i++) {
		struct cloudrec_bucket *b = cloudrec_bucket(r,
		    r->buf + r->counts[i].name, r->counts[i].hash);

		b->gen = r->gen;
		b->count = i;
	}
}

/* What a property's name says about the object's type. */
enum cloudrec_note {
	NOTE_NONE,
	NOTE_USER,		/* UPN, userType... */
	NOTE_GROUP		/* securityEnabled... */
};

static enum cloudrec_note
cloudrec_note_of(const char *name)
{
	char	c = name[0];

	/* Asked of every property of every row: most start otherwise. */
	if (c != CLOUD_UPN[0] && c != CLOUD_USER_TYPE[0] &&
	    c != CLOUD_ACCOUNT_ENABLED[0] && c != CLOUD_IMMUTABLE_ID[0] &&
	    c != CLOUD_GROUP_TYPES[0] && c != CLOUD_SECURITY_ENABLED[0] &&
	    c != CLOUD_MAIL_ENABLED[0])
		return NOTE_NONE;
	if (strcmp(name, CLOUD_UPN) == 0 || strcmp(name, CLOUD_USER_TYPE) == 0 ||
	    strcmp(name, CLOUD_ACCOUNT_ENABLED) == 0 ||
	    strcmp(name, CLOUD_IMMUTABLE_ID) == 0)
		return NOTE_USER;
	if (strcmp(name, CLOUD_GROUP_TYPES) == 0 ||
	    strcmp(name, CLOUD_SECURITY_ENABLED) == 0 ||
	    strcmp(name, CLOUD_MAIL_ENABLED) == 0)
		return NOTE_GROUP;
	return NOTE_NONE;
}

/*
 * The count of name (any case), added when new; found by hashing.  rc
 * holds name's hash, length and note.
 */
static size_t
cloudrec_count_slow(struct cloudrec *r, const char *name,
    const struct cloudrec_recent *rc)
{
	struct cloudrec_bucket	*b;
	struct cloudrec_count	*c;

	if (r->ncounts > 0 &&
	    strcasecmp(r->buf + r->counts[r->last_count].name, name) == 0)
		return r->last_count;
	cloudrec_buckets_grow(r);
	b = cloudrec_bucket(r, name, rc->hash);
	if (b->gen == r->gen)
		return b->count;
	if (r->ncounts == r->counts_cap) {
		r->counts_cap = r->counts_cap ? r->counts_cap * 2 : 32;
		r->counts = xreallocarray(r->counts, r->counts_cap,
		    sizeof(*r->counts));
	}
	b->gen = r->gen;
	b->count = r->ncounts;
	c = &r->counts[r->ncounts];
	c->namelen = rc->namelen;
	c->hash = rc->hash;
	c->name = cloudrec_store(r, name, c->namelen);
	c->count = 0;
	c->note = rc->note;
	return r->ncounts++;
}

/*
 * The recent slot of a name pointer: among the four from its hash, the
 * one holding it, else an empty one, else the first.  A file passes a
 * dozen or two pointers in turn, which must not evict each other.
 */
static struct cloudrec_recent *
cloudrec_recent_of(struct cloudrec *r, const char *name)
{
	struct cloudrec_recent	*rc, *empty = NULL;
	size_t			 i = (size_t)((uintptr_t)name >> 3), k;

	for (k = 0; k < 4; k++) {
		rc = &r->recent[(i + k) & (CLOUDREC_RECENT - 1)];
		if (rc->name == name)
			return rc;
		if (rc->name == NULL && empty == NULL)
			empty = rc;
	}
	return empty != NULL ? empty : &r->recent[i & (CLOUDREC_RECENT - 1)];
}

/*
 * The count of name, added when new.  Names are hashed (a record may
 * carry 100,000 distinct properties), but a pointer seen before in the
 * record skips the hash.  *is_same: the count's copy of the name is
 * spelled exactly as name.
 */
static size_t
cloudrec_count(struct cloudrec *r, const char *name, bool *is_same)
{
	struct cloudrec_recent	*rc;
	size_t			 i;

	rc = cloudrec_recent_of(r, name);
	if (rc->gen == r->gen && rc->name == name &&
	    strcmp(r->buf + r->counts[rc->count].name, name) == 0) {
		*is_same = true;
		return r->last_count = rc->count;
	}
	/* What an earlier record learnt of the same bytes, or learn it. */
	if (rc->name != name || rc->copy == NULL ||
	    strcmp(rc->copy, name) != 0) {
		free(rc->copy);
		rc->name = name;
		rc->gen = 0;		/* no record's */
		rc->namelen = strlen(name);
		rc->copy = xmalloc(rc->namelen + 1);
		memcpy(rc->copy, name, rc->namelen + 1);
		rc->hash = cloudrec_name_hash(name);
		rc->note = cloudrec_note_of(name);
	}
	i = cloudrec_count_slow(r, name, rc);
	*is_same = strcmp(r->buf + r->counts[i].name, name) == 0;
	if (*is_same) {
		rc->gen = r->gen;
		rc->count = i;
	}
	return r->last_count = i;
}

/* Note what a value of a property with note says about the type. */
static void
cloudrec_note_type(struct cloudrec *r, unsigned note, size_t len)
{
	if (note == NOTE_USER) {
		r->has_user_prop = true;
		if (len > 0)
			r->has_user_value = true;
	} else if (note == NOTE_GROUP) {
		r->has_group_prop = true;
		if (len > 0)
			r->has_group_value = true;
	}
}

void
cloudrec_add(struct cloudrec *r, const char *name, const char *value,
    size_t len, unsigned flags)
{
	struct cloudrec_slot	*s;
	struct cloudrec_count	*c;
	size_t			 i;
	bool			 is_same;

	if (r->error != D_OK)
		return;
	if (len > r->lim->max_value_bytes) {
		cloudrec_reject(r, D_LIMIT_VALUE, "'%s' is %zu bytes", name,
		    len);
		return;
	}
	/* Catch size_t overflow before adding. */
	if (len > r->lim->max_record_bytes ||
	    r->charged > r->lim->max_record_bytes - len) {
		cloudrec_reject(r, D_LIMIT_RECORD, "at attribute '%s'", name);
		return;
	}
	i = cloudrec_count(r, name, &is_same);	/* may move r->counts */
	c = &r->counts[i];
	if (++c->count > r->lim->max_values) {
		cloudrec_reject(r, D_LIMIT_VALUES, "'%s' has more than %zu",
		    name, r->lim->max_values);
		return;
	}
	if (r->content == CONTENT_OBJECTS)
		cloudrec_note_type(r, is_same ? c->note :
		    cloudrec_note_of(name), len);
	if (r->nslots == r->slots_cap) {
		r->slots_cap = r->slots_cap ? r->slots_cap * 2 : 32;
		r->slots = xreallocarray(r->slots, r->slots_cap,
		    sizeof(*r->slots));
	}
	s = &r->slots[r->nslots++];
	/* The name's one copy in the record, unless spelled otherwise. */
	if (is_same) {
		s->name = c->name;
		r->charged += c->namelen + 1;
	} else
		s->name = cloudrec_store(r, name, strlen(name));
	s->value = cloudrec_store(r, value, len);
	s->len = len;
	s->flags = flags;
}

/* Say the type-name warning once per property and file. */
static void
cloudrec_warn_type_name(struct cloudrec *r, const char *srcname,
    const char *value, size_t len)
{
	size_t	i;

	for (i = 0; i < r->nwarned; i++)
		if (strcasecmp(r->warned[i], srcname) == 0)
			return;
	r->warned = xreallocarray(r->warned, r->nwarned + 1,
	    sizeof(*r->warned));
	r->warned[r->nwarned++] = xstrdup(srcname);
	diag(r->dg, r->type_name_code, r->file, r->line,
	    "'%s' is '%.*s'%s", srcname, (int)(len > 200 ? 200 : len), value,
	    r->type_name_fix ? r->type_name_fix : "");
}

/*
 * An unknown column or property that looks like a known one is said once
 * per file, so a misspelt or singular column (ProxyAddress for
 * proxyAddresses) is never dropped in silence.  Only the first records'
 * names are checked: a file repeats them.
 */
static void
cloudrec_warn_lookalike(struct cloudrec *r, const char *srcname)
{
	const char	*like;
	size_t		 i;

	if (r->nbegun > 2 ||
	    (like = cloudmap_lookalike(r->content, srcname,
	    strlen(srcname))) == NULL)
		return;
	for (i = 0; i < r->nwarned; i++)
		if (strcasecmp(r->warned[i], srcname) == 0)
			return;
	r->warned = xreallocarray(r->warned, r->nwarned + 1,
	    sizeof(*r->warned));
	r->warned[r->nwarned++] = xstrdup(srcname);
	diag(r->dg, D_CLOUD_UNMAPPED, r->file, r->line,
	    "'%s' looks like '%s' but is not read as it: rename the column if it is",
	    srcname, like);
}

struct cloudrec_split {
	struct cloudrec		*r;
	const char		*name;
	unsigned		 flags;
	size_t			 n;
};

static void
cloudrec_split_one(const char *value, size_t len, void *arg)
{
	struct cloudrec_split	*sp = arg;

	cloudrec_add(sp->r, sp->name, value, len, sp->flags);
	sp->n++;
}

static void
cloudrec_put_bool(struct cloudrec *r, const struct cloudmap_entry *e,
    const char *srcname, const char *value, size_t len, unsigned flags)
{
	int	b;

	if (len == 0) {
		cloudrec_add(r, e->name, "", 0, flags);
		return;
	}
	if (e->kind == CMK_VERIFIED) {
		if (len == 8 && strncasecmp(value, "Verified", 8) == 0)
			b = 1;
		else if (len == 10 && strncasecmp(value, "Unverified", 10) == 0)
			b = 0;
		else
			b = cloudmap_bool(value, len);
	} else
		b = cloudmap_bool(value, len);
	if (b < 0) {
		diag(r->dg, D_CLOUD_BAD_BOOL, r->file, r->line,
		    "'%s' is '%.*s': expected True or False", srcname,
		    (int)(len > 80 ? 80 : len), value);
		return;
	}
	if (e->kind == CMK_BOOL_INVERSE)
		b = !b;
	cloudrec_add(r, e->name, b ? "true" : "false", b ? 4 : 5,
	    flags & ~(unsigned)ATTR_NULL);
}

/* One provisioning error from a JSON object's members. */
static void
cloudrec_put_prov_object(struct cloudrec *r, json_t *o)
{
	const char	*field[CMP_MAX] = { NULL };
	size_t		 flen[CMP_MAX] = { 0 };
	const char	*key;
	json_t		*v;
	int		 f;

	json_object_foreach(o, key, v) {
		if ((f = cloudmap_prov_field(key)) < 0 || !json_is_string(v) ||
		    field[f] != NULL)
			continue;
		field[f] = json_string_value(v);
		flen[f] = json_string_length(v);
	}
	cloudrec_add_prov(r, field, flen);
}

static size_t
word_length(const char *s, size_t len)
{
	size_t	n = 0;

	while (n < len && s[n] != ' ')
		n++;
	return n;
}

/*
 * "PropertyConflict UserPrincipalName bea@contoso.com": category,
 * property and value joined by spaces, as a calculated column over
 * MSOnline's DirSyncProvisioningErrors writes them.  Only when the second
 * word is a property Entra ID reports conflicts on, so free text stays
 * whole.
 */
static bool
prov_split_words(const char *value, size_t len, const char *field[CMP_MAX],
    size_t flen[CMP_MAX])
{
	static const char *const properties[] = {
		"UserPrincipalName", "ProxyAddresses", "ProxyAddress"
	};
	size_t	cat = word_length(value, len), at, plen, i;

	for (at = cat; at < len && value[at] == ' '; at++)
		continue;
	plen = word_length(value + at, len - at);
	for (i = 0; i < ARRAY_SIZE(properties); i++)
		if (plen == strlen(properties[i]) &&
		    strncasecmp(value + at, properties[i], plen) == 0)
			break;
	if (cat == 0 || i == ARRAY_SIZE(properties) || at + plen >= len)
		return false;
	field[CMP_CATEGORY] = value;
	flen[CMP_CATEGORY] = cat;
	field[CMP_PROPERTY] = value + at;
	flen[CMP_PROPERTY] = plen;
	for (at += plen; at < len && value[at] == ' '; at++)
		continue;
	field[CMP_VALUE] = value + at;
	flen[CMP_VALUE] = len - at;
	return true;
}

/*
 * A provisioning error given as text: the JSON of Graph's objects (as a
 * calculated column writes it), MSOnline's fields joined by spaces, else
 * the whole text as the value field.
 */
static void
cloudrec_put_prov_text(struct cloudrec *r, const char *value, size_t len)
{
	const char	*field[CMP_MAX] = { NULL };
	size_t		 flen[CMP_MAX] = { 0 };
	json_error_t	 err;
	json_t		*j, *o;
	size_t		 i;

	if (len > 0 && (value[0] == '[' || value[0] == '{') &&
	    (j = json_loadb(value, len, JSON_REJECT_DUPLICATES, &err)) != NULL) {
		if (json_is_object(j))
			cloudrec_put_prov_object(r, j);
		json_array_foreach(j, i, o) {
			if (json_is_object(o))
				cloudrec_put_prov_object(r, o);
		}
		json_decref(j);
		return;
	}
	if (!prov_split_words(value, len, field, flen)) {
		field[CMP_VALUE] = value;
		flen[CMP_VALUE] = len;
	}
	cloudrec_add_prov(r, field, flen);
}

void
cloudrec_put(struct cloudrec *r, const struct cloudmap_entry *e,
    const char *srcname, const char *value, size_t len, unsigned flags,
    bool is_joined)
{
	struct cloudrec_split	 sp;

	if (r->error != D_OK || (e != NULL && e->kind == CMK_IGNORE))
		return;
	if (is_joined && len > 0 && cloudmap_is_type_name(value, len)) {
		/* Unknown columns: the type name is no data and no loss. */
		if (e != NULL && r->type_name_code != D_OK)
			cloudrec_warn_type_name(r, srcname, value, len);
		return;
	}
	if (e == NULL) {
		cloudrec_warn_lookalike(r, srcname);
		cloudrec_add(r, srcname, value, len, flags);
		return;
	}
	switch (e->kind) {
	case CMK_TEXT:
		cloudrec_add(r, e->name, value, len, flags);
		break;
	case CMK_BOOL:
	case CMK_BOOL_INVERSE:
	case CMK_VERIFIED:
		cloudrec_put_bool(r, e, srcname, value, len, flags);
		break;
	case CMK_MULTI:
	case CMK_PROXY:
		if (!is_joined || len == 0) {
			cloudrec_add(r, e->name, value, len, flags);
			break;
		}
		sp.r = r;
		sp.name = e->name;
		sp.flags = flags;
		sp.n = 0;
		cloudmap_split(value, len, e->kind == CMK_PROXY,
		    cloudrec_split_one, &sp);
		if (sp.n == 0)	/* "[]" or only separators: present, empty */
			cloudrec_add(r, e->name, "", 0, flags);
		break;
	case CMK_TYPE:
		r->type = cloudmap_type_of(value, len, true);
		if (r->type == CMT_OTHER && r->other_type == NULL)
			r->other_type = xstrndup(value, len > 200 ? 200 : len);
		break;
	case CMK_PROV:
		/* One attr per error: none, no attr (never an empty error). */
		if (len == 0)
			break;
		if (is_joined)
			cloudrec_put_prov_text(r, value, len);
		else {
			const char	*field[CMP_MAX] = { NULL };
			size_t		 flen[CMP_MAX] = { 0 };

			field[CMP_VALUE] = value;
			flen[CMP_VALUE] = len;
			cloudrec_add_prov(r, field, flen);
		}
		break;
	case CMK_PROV_FIELD:
		if (len > 0 && e->field >= 0 && e->field < CMP_MAX &&
		    r->prov[e->field] == NULL) {
			r->prov[e->field] = xstrndup(value,
			    len > r->lim->max_value_bytes ?
			    r->lim->max_value_bytes : len);
			r->has_prov_field = true;
		}
		break;
	case CMK_IGNORE:
		break;
	}
}

void
cloudrec_add_prov(struct cloudrec *r, const char *const field[CMP_MAX],
    const size_t flen[CMP_MAX])
{
	char	*v, *p;
	size_t	 total = CMP_MAX - 1, i, j;

	for (i = 0; i < CMP_MAX; i++) {
		if (field[i] == NULL)
			continue;
		if (flen[i] > r->lim->max_value_bytes) {
			cloudrec_reject(r, D_LIMIT_VALUE,
			    "'%s' is %zu bytes", CLOUD_PROV_ERROR, flen[i]);
			return;
		}
		total += flen[i];
	}
	p = v = xmalloc(total + 1);
	for (i = 0; i < CMP_MAX; i++) {
		if (i > 0)
			*p++ = '\t';
		for (j = 0; field[i] != NULL && j < flen[i]; j++) {
			char c = field[i][j];

			/* The tab is the separator: keep fields apart. */
			*p++ = c == '\t' || c == '\n' || c == '\r' ? ' ' : c;
		}
	}
	*p = '\0';
	cloudrec_add(r, CLOUD_PROV_ERROR, v, (size_t)(p - v), 0);
	free(v);
}

static bool
cloudrec_has_value(const struct cloudrec *r, const char *name)
{
	size_t	i;

	for (i = 0; i < r->nslots; i++)
		if (r->slots[i].len > 0 &&
		    strcmp(r->buf + r->slots[i].name, name) == 0)
			return true;
	return false;
}

/* The type from the record itself, the file's hint, or its properties. */
static enum cloudmap_type
cloudrec_decide_type(const struct cloudrec *r, enum cloudmap_type hint)
{
	if (r->type != CMT_NONE)
		return r->type;
	if (hint != CMT_NONE)
		return hint;
	if (r->has_user_prop && !r->has_group_prop)
		return CMT_USER;
	if (r->has_group_prop && !r->has_user_prop)
		return CMT_GROUP;
	/* A union of columns (mixed export): what holds a value decides. */
	if (r->has_user_value && !r->has_group_value)
		return CMT_USER;
	if (r->has_group_value && !r->has_user_value)
		return CMT_GROUP;
	return CMT_NONE;
}

/* The value of the first name slot, or NULL when absent. */
static const char *
cloudrec_value(const struct cloudrec *r, const char *name)
{
	size_t	i;

	for (i = 0; i < r->nslots; i++)
		if (strcmp(r->buf + r->slots[i].name, name) == 0)
			return r->buf + r->slots[i].value;
	return NULL;
}

/*
 * Only directory roles can block a soft match (Existing Admin Role
 * Conflict).  A role assignment export can also hold entitlement
 * management ones: catalog roles, scoped by appScopeId
 * ("/AccessPackageCatalog/<id>") or from that provider's page, with no
 * directory scope (unifiedRoleAssignment, Graph v1.0).  Those are
 * skipped, saying which and why.
 */
static void
cloudrec_check_directory_role(struct cloudrec *r)
{
	const char	*role = cloudrec_value(r, ROLE_NAME);
	const char	*app = cloudrec_value(r, ROLE_APP_SCOPE);
	const char	*dir = cloudrec_value(r, ROLE_DIR_SCOPE);
	const char	*provider = cloudrec_value(r, ROLE_PROVIDER);

	if (role == NULL || *role == '\0')
		role = cloudrec_value(r, ROLE_TEMPLATE_ID);
	if (role == NULL)
		role = "?";
	if (provider != NULL && strcmp(provider, "directory") != 0)
		cloudrec_reject(r, D_ROLE_NOT_DIRECTORY,
		    "'%.100s': a role of the %.60s provider, not a directory role",
		    role, provider);
	else if (app != NULL && *app != '\0' && strcmp(app, "/") != 0)
		cloudrec_reject(r, D_ROLE_NOT_DIRECTORY,
		    "'%.100s' scoped to app scope '%.100s' (an entitlement management catalog), not to the directory",
		    role, app);
	else if (dir != NULL && *dir == '\0')
		cloudrec_reject(r, D_ROLE_NOT_DIRECTORY,
		    "'%.100s' has no directory scope", role);
}

/* Is the record whole enough to load?  Else reject it. */
static void
cloudrec_check_identity(struct cloudrec *r)
{
	switch (r->content) {
	case CONTENT_OBJECTS:
		if (!cloudrec_has_value(r, CLOUD_ID) &&
		    !cloudrec_has_value(r, CLOUD_UPN))
			cloudrec_reject(r, D_CLOUD_NO_ID,
			    "expected a value in a column such as 'Id', 'ObjectId' or 'UserPrincipalName'");
		break;
	case CONTENT_ROLES:
		if (!cloudrec_has_value(r, ROLE_MEMBER_ID) &&
		    !cloudrec_has_value(r, ROLE_MEMBER_UPN))
			cloudrec_reject(r, D_CLOUD_NO_ID,
			    "role member: expected a value in 'MemberId' or 'MemberUserPrincipalName'");
		else
			cloudrec_check_directory_role(r);
		break;
	case CONTENT_DOMAINS:
		if (!cloudrec_has_value(r, DOMAIN_NAME))
			cloudrec_reject(r, D_CLOUD_NO_DOMAIN,
			    "expected a value in 'Id' or 'Name'");
		break;
	}
}

int
cloudrec_finish(struct cloudrec *r, enum cloudmap_type hint)
{
	struct record		 rec;
	enum cloudmap_type	 type = CMT_NONE;
	size_t			 i;

	if (r->is_stopped)
		return -1;
	if (r->has_prov_field)
		cloudrec_add_prov(r, (const char *const *)r->prov,
		    (const size_t[CMP_MAX]){
		    r->prov[0] ? strlen(r->prov[0]) : 0,
		    r->prov[1] ? strlen(r->prov[1]) : 0,
		    r->prov[2] ? strlen(r->prov[2]) : 0,
		    r->prov[3] ? strlen(r->prov[3]) : 0 });
	if (r->error == D_OK && r->content == CONTENT_OBJECTS &&
	    r->type == CMT_OTHER)
		cloudrec_reject(r, D_CLOUD_SKIP_TYPE,
		    "'%s': only users, groups and contacts are loaded",
		    r->other_type ? r->other_type : "?");
	if (r->error == D_OK)
		cloudrec_check_identity(r);
	if (r->error != D_OK) {
		diag(r->dg, r->error, r->file, r->line, "%s",
		    r->error_detail ? r->error_detail : "");
		return 0;
	}
	if (r->content == CONTENT_OBJECTS) {
		type = cloudrec_decide_type(r, hint);
		if (type != CMT_NONE) {
			const char *name = cloudmap_type_name(type);

			cloudrec_add(r, CLOUD_OBJECT_TYPE, name, strlen(name),
			    0);
		} else if (!r->is_untyped_said) {
			r->is_untyped_said = true;
			diag(r->dg, D_CSV_UNKNOWN_TYPE, r->file, r->line,
			    "no type column, #TYPE line, @odata.type or user or group properties: read as --cloud-type says; without it the run stops");
		}
		if (r->error != D_OK) {
			diag(r->dg, r->error, r->file, r->line, "%s",
			    r->error_detail ? r->error_detail : "");
			return 0;
		}
	}
	if (r->attrs_cap < r->nslots) {
		r->attrs_cap = r->nslots;
		r->attrs = xreallocarray(r->attrs, r->attrs_cap,
		    sizeof(*r->attrs));
	}
	for (i = 0; i < r->nslots; i++) {
		r->attrs[i].name = r->buf + r->slots[i].name;
		r->attrs[i].value = r->buf + r->slots[i].value;
		r->attrs[i].len = r->slots[i].len;
		r->attrs[i].flags = r->slots[i].flags;
		r->attrs[i].line = r->line;
	}
	rec.file = r->file;
	rec.line = r->line;
	rec.dn = NULL;
	rec.attrs = r->attrs;
	rec.nattrs = r->nslots;
	if (r->emit(&rec, r->arg) != 0) {
		r->is_stopped = true;
		return -1;
	}
	return 0;
}
