/* Pseudonyms for --redact, a pass over the report view; see redact.h. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base64.h"
#include "baseline.h"
#include "cloudmap.h"
#include "guid.h"
#include "redact.h"
#include "xalloc.h"

/* Shorter values are not looked for in text: they would hit prose. */
#define REDACT_MIN_KNOWN	2

enum redact_ns {
	NS_USER,		/* local parts, mailNickname, sAMAccountName */
	NS_NAME,		/* display names, RDN values */
	NS_DOMAIN,		/* registrable domain names */
	NS_SUB,			/* subdomain labels */
	NS_TENANT,		/* <tenant>.onmicrosoft.com */
	NS_GUID,		/* 16-byte anchors and object ids, any form */
	NS_ANCHOR,		/* other (custom) anchors */
	NS_X500,		/* X500: and X400: addresses */
	NS_VALUE,		/* any other value */
	NS_INPUT,		/* input paths */
	NS_ATTRIBUTE,		/* attribute names outside the schema */
	NS_MAX
};

static const char *const ns_prefix[NS_MAX] = {
	"user", "name", "domain", "sub", "tenant", "guid", "anchor", "x500",
	"value", "input", "attribute"
};

struct rmap_entry {
	const char	*key;		/* ASCII lower case */
	size_t		 len;
	uint64_t	 hash;
	const char	*value;
};

/* Open addressing, keys compared without regard to ASCII case. */
struct rmap {
	struct rmap_entry	*slots;
	size_t			 cap;	/* a power of two, or 0 */
	size_t			 n;
};

struct redact {
	struct arena		 arena;
	struct rmap		 pseudonyms;	/* "<ns>:value" -> pseudonym */
	struct rmap		 known;		/* original -> pseudonym */
	size_t			 max_known;	/* longest key in known */
	unsigned		 counters[NS_MAX];
};

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static bool
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

#define FNV_OFFSET	UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME	UINT64_C(0x100000001b3)

static uint64_t
hash_step(uint64_t h, int c)
{
	return (h ^ (unsigned char)lower(c)) * FNV_PRIME;
}

static uint64_t
hash_lower(const char *s, size_t len)
{
	uint64_t	h = FNV_OFFSET;
	size_t		i;

	for (i = 0; i < len; i++)
		h = hash_step(h, (unsigned char)s[i]);
	return h;
}

static bool
key_eq(const struct rmap_entry *e, const char *s, size_t len, uint64_t h)
{
	size_t	i;

	if (e->hash != h || e->len != len)
		return false;
	for (i = 0; i < len; i++)
		if ((unsigned char)e->key[i] != lower((unsigned char)s[i]))
			return false;
	return true;
}

static const char *
rmap_get(const struct rmap *m, const char *s, size_t len, uint64_t h)
{
	size_t	i;

	if (m->cap == 0)
		return NULL;
	for (i = h & (m->cap - 1); m->slots[i].key != NULL;
	    i = (i + 1) & (m->cap - 1))
		if (key_eq(&m->slots[i], s, len, h))
			return m->slots[i].value;
	return NULL;
}

static void
rmap_grow(struct rmap *m)
{
	struct rmap_entry	*old = m->slots;
	size_t			 oldcap = m->cap, i, k;

	m->cap = oldcap ? oldcap * 2 : 256;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	for (i = 0; i < oldcap; i++) {
		if (old[i].key == NULL)
			continue;
		for (k = old[i].hash & (m->cap - 1); m->slots[k].key != NULL;
		    k = (k + 1) & (m->cap - 1))
			;
		m->slots[k] = old[i];
	}
	free(old);
}

/* Add s -> value unless s is there already; the first pseudonym stays. */
static void
rmap_put(struct redact *r, struct rmap *m, const char *s, size_t len,
    const char *value)
{
	uint64_t	 h = hash_lower(s, len);
	size_t		 i, k;
	char		*key;

	if (rmap_get(m, s, len, h) != NULL)
		return;
	if ((m->n + 1) * 10 > m->cap * 7)
		rmap_grow(m);
	for (i = h & (m->cap - 1); m->slots[i].key != NULL;
	    i = (i + 1) & (m->cap - 1))
		;
	key = arena_strndup(&r->arena, s, len);
	for (k = 0; k < len; k++)
		key[k] = (char)lower((unsigned char)key[k]);
	m->slots[i].key = key;
	m->slots[i].len = len;
	m->slots[i].hash = h;
	m->slots[i].value = value;
	m->n++;
}

/*
 * Remember that the len bytes at s stand for pseudonym in text, and so
 * does their PowerShell-quoted form (a ' doubled), as remediation steps
 * write it.
 */
static void
learn(struct redact *r, const char *s, size_t len, const char *pseudonym)
{
	char	*quoted;
	size_t	 i, k = 0;

	if (len < REDACT_MIN_KNOWN || memchr(s, '\n', len) != NULL)
		return;
	rmap_put(r, &r->known, s, len, pseudonym);
	if (len > r->max_known)
		r->max_known = len;
	if (memchr(s, '\'', len) == NULL)
		return;
	quoted = xmalloc(2 * len);
	for (i = 0; i < len; i++) {
		quoted[k++] = s[i];
		if (s[i] == '\'')
			quoted[k++] = '\'';
	}
	rmap_put(r, &r->known, quoted, k, pseudonym);
	if (k > r->max_known)
		r->max_known = k;
	free(quoted);
}

/* The pseudonym of the len bytes at s in namespace ns: "user-3". */
static const char *
pseudonym(struct redact *r, enum redact_ns ns, const char *s, size_t len)
{
	char		*key = arena_printf(&r->arena, "%d:%.*s", (int)ns,
			    (int)len, s);
	size_t		 klen = strlen(key);
	const char	*p = rmap_get(&r->pseudonyms, key, klen,
			    hash_lower(key, klen));

	if (p == NULL) {
		p = arena_printf(&r->arena, "%s-%u", ns_prefix[ns],
		    ++r->counters[ns]);
		rmap_put(r, &r->pseudonyms, key, klen, p);
	}
	learn(r, s, len, p);
	return p;
}

/*
 * Attribute names of Active Directory's own schema that exports carry,
 * lower case and sorted (bsearch): what an object's listing names.  A
 * name not here and not Microsoft's (schema_prefixes) nor a cloud column
 * syncdoctor reads is a customer's own extension, and its name may say
 * whose ("contosoBadgeNumber"): it is pseudonymised.  A standard name
 * missing here is pseudonymised too, which hides nothing it should show.
 */
static const char *const schema_names[] = {
	"accountexpires", "admincount", "admindescription", "admindisplayname",
	"altsecurityidentities", "assistant", "badpasswordtime", "badpwdcount",
	"businesscategory", "c", "carlicense", "cn", "co", "codepage",
	"comment", "company", "countrycode", "department", "departmentnumber",
	"description", "directreports", "displayname", "displaynameprintable",
	"distinguishedname", "division", "dscorepropagationdata",
	"employeeid", "employeenumber", "employeetype",
	"facsimiletelephonenumber", "generationqualifier", "gidnumber",
	"givenname", "grouptype", "homedirectory", "homedrive", "homemdb",
	"homemta", "homephone", "homepostaladdress", "info", "initials",
	"instancetype", "internationalisdnnumber", "ipphone",
	"iscriticalsystemobject", "isdeleted", "isrecycled", "jpegphoto",
	"l", "labeleduri", "lastknownparent", "lastlogoff", "lastlogon",
	"lastlogontimestamp", "legacyexchangedn", "lockouttime", "loginshell",
	"logoncount", "logonhours", "mail", "mailnickname", "managedby",
	"managedobjects", "manager", "member", "memberof", "middlename",
	"mobile", "name", "ntsecuritydescriptor", "o", "objectcategory",
	"objectclass", "objectguid", "objectsid",
	"otherfacsimiletelephonenumber", "otherhomephone", "otheripphone",
	"othermailbox", "othermobile", "otherpager", "othertelephone", "ou",
	"pager", "personaltitle", "photo", "physicaldeliveryofficename",
	"postaladdress", "postalcode", "postofficebox", "preferredlanguage",
	"primarygroupid", "profilepath", "proxyaddresses", "publicdelegates",
	"pwdlastset", "roomnumber", "samaccountname", "samaccounttype",
	"scriptpath", "secretary", "seealso", "serviceprincipalname",
	"showinaddressbook", "showinadvancedviewonly", "sidhistory", "sn",
	"st", "street", "streetaddress", "systemflags", "targetaddress",
	"telephonenumber", "textencodedoraddress", "thumbnaillogo",
	"thumbnailphoto", "title", "uid", "uidnumber", "unixhomedirectory",
	"url", "useraccountcontrol", "usercertificate", "userparameters",
	"userprincipalname", "usersmimecertificate", "userworkstations",
	"usnchanged", "usncreated", "whenchanged", "whencreated",
	"wwwhomepage", "x121address",
};

/* Microsoft's own attribute families: Exchange, Lync, the DS and more. */
static const char *const schema_prefixes[] = {
	"extensionattribute", "ms-ds-", "msds-", "msexch", "msmq", "msnp",
	"mspki", "msrtcsip-", "mssfu", "msts",
};

static int
name_cmp(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/* Is s a name of the directory schema's, or a cloud column we read? */
static bool
is_schema_attribute(const char *s, size_t len)
{
	char	lname[64];
	size_t	i;

	if (cloudmap_lookup(CONTENT_OBJECTS, s, len) != NULL)
		return true;
	if (len == 0 || len >= sizeof(lname))
		return false;
	for (i = 0; i < len; i++)
		lname[i] = (char)lower((unsigned char)s[i]);
	lname[len] = '\0';
	if (bsearch(lname, schema_names, sizeof(schema_names) /
	    sizeof(schema_names[0]), sizeof(schema_names[0]), name_cmp) != NULL)
		return true;
	for (i = 0; i < sizeof(schema_prefixes) / sizeof(schema_prefixes[0]);
	    i++)
		if (strncmp(lname, schema_prefixes[i],
		    strlen(schema_prefixes[i])) == 0)
			return true;
	return false;
}

/* An attribute's name: the schema's as it is, a customer's pseudonymised. */
static const char *
redact_attribute(struct redact *r, const char *s)
{
	size_t	len = strlen(s);

	return is_schema_attribute(s, len) ? s :
	    pseudonym(r, NS_ATTRIBUTE, s, len);
}

/* Top-level domains that say something about a name but not whose. */
static bool
is_generic_tld(const char *s, size_t len)
{
	static const char *const tlds[] = {
		"com", "net", "org", "local", "lan", "internal", "corp",
		"intra", "example", "test", "invalid", "localhost", "edu",
		"gov", "info", "biz", "io", "onmicrosoft", NULL
	};
	size_t	i;

	if (len == 2 && is_alnum(s[0]) && is_alnum(s[1]))
		return true;
	for (i = 0; tlds[i] != NULL; i++)
		if (strlen(tlds[i]) == len && strncmp(tlds[i], s, len) == 0)
			return true;
	return false;
}

/*
 * "eu.contoso.com" -> "sub-1.domain-2.com"; "x.onmicrosoft.com" ->
 * "tenant-1.onmicrosoft.com".  The top-level label stays when generic.
 */
static const char *
redact_domain(struct redact *r, const char *s, size_t len)
{
	static const char	 mso[] = ".onmicrosoft.com";
	const char		*dot, *reg, *p;
	char			*lc = arena_strndup(&r->arena, s, len);
	size_t			 i, tldlen;

	for (i = 0; i < len; i++)
		lc[i] = (char)lower((unsigned char)lc[i]);
	if (len > sizeof(mso) - 1 &&
	    strcmp(lc + len - (sizeof(mso) - 1), mso) == 0) {
		dot = memchr(lc, '.', len);
		p = arena_printf(&r->arena, "%s%s",
		    pseudonym(r, NS_TENANT, lc, (size_t)(dot - lc)), dot);
		learn(r, s, len, p);
		return p;
	}
	if ((dot = strrchr(lc, '.')) == NULL || dot == lc)
		return pseudonym(r, NS_DOMAIN, lc, len);
	tldlen = len - (size_t)(dot + 1 - lc);
	for (reg = dot; reg > lc && reg[-1] != '.'; reg--)
		;
	p = arena_printf(&r->arena, "%s%s%s.%s",
	    reg > lc ? pseudonym(r, NS_SUB, lc, (size_t)(reg - 1 - lc)) : "",
	    reg > lc ? "." : "",
	    pseudonym(r, NS_DOMAIN, reg, len - (size_t)(reg - lc)),
	    is_generic_tld(dot + 1, tldlen) ? dot + 1 : "example");
	learn(r, s, len, p);
	return p;
}

/* user@domain: both halves pseudonymised, the '@' kept. */
static const char *
redact_email(struct redact *r, const char *s, size_t len)
{
	const char	*at = NULL, *p;
	size_t		 i;

	for (i = 0; i < len; i++)
		if (s[i] == '@')
			at = s + i;
	p = arena_printf(&r->arena, "%s@%s",
	    pseudonym(r, NS_USER, s, (size_t)(at - s)),
	    redact_domain(r, at + 1, len - (size_t)(at + 1 - s)));
	learn(r, s, len, p);
	return p;
}

static bool
is_email(const char *s, size_t len)
{
	const char	*at = memchr(s, '@', len);

	return at != NULL && at > s && at < s + len - 1 &&
	    memchr(at + 1, '@', len - (size_t)(at + 1 - s)) == NULL &&
	    memchr(s, ' ', len) == NULL;
}

/* 16 bytes as base64 or GUID text: one pseudonym for both forms. */
static const char *
redact_guid_bytes(struct redact *r, const unsigned char bytes[16])
{
	char		 b64[BASE64_ENCODED_SIZE(16)], text[37];
	const char	*p;

	base64_encode(bytes, 16, b64);
	guid_format(bytes, text);
	p = pseudonym(r, NS_GUID, b64, strlen(b64));
	learn(r, text, strlen(text), p);
	return p;
}

/* A GUID string or 16-byte base64: its bytes; false for anything else. */
static bool
guid_bytes(const char *s, size_t len, unsigned char out[16])
{
	struct guid_reading	r[GUID_MAX_READINGS];

	if (guid_read(s, len, GUID_READ(GUID_FORM_TEXT) |
	    GUID_READ(GUID_FORM_BASE64), r, NULL, 0) != 1)
		return false;
	memcpy(out, r[0].bytes, 16);
	return true;
}

/* An anchor (immutableId form): a GUID pseudonym when 16 bytes. */
static const char *
redact_anchor(struct redact *r, const char *s)
{
	unsigned char	bytes[16];

	if (s == NULL)
		return NULL;
	if (guid_bytes(s, strlen(s), bytes))
		return redact_guid_bytes(r, bytes);
	return pseudonym(r, NS_ANCHOR, s, strlen(s));
}

/* Length of the RDN type at s ("CN", "OU", "1.2.3"), 0 if none. */
static size_t
rdn_type_length(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len && (is_alnum((unsigned char)s[i]) ||
	    s[i] == '-' || s[i] == '.'); i++)
		;
	return i > 0 && i < len && s[i] == '=' ? i : 0;
}

/* End of the RDN starting at s: the next ',' not escaped. */
static size_t
rdn_length(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len && s[i] != ','; i++)
		if (s[i] == '\\' && i + 1 < len)
			i++;
	return i;
}

static bool
is_dn(const char *s, size_t len)
{
	size_t	i = 0, n;

	if (len == 0)
		return false;
	while (i < len) {
		n = rdn_length(s + i, len - i);
		while (n > 0 && s[i] == ' ') {
			i++;
			n--;
		}
		if (rdn_type_length(s + i, n) == 0)
			return false;
		i += n + 1;
	}
	return true;
}

/* Index of the first RDN of the trailing DC= run, or nrdn. */
static size_t
first_dc(const char *const *rdn, const size_t *rdnlen, size_t nrdn)
{
	size_t	k = nrdn;

	while (k > 0 && rdnlen[k - 1] > 3 &&
	    lower((unsigned char)rdn[k - 1][0]) == 'd' &&
	    lower((unsigned char)rdn[k - 1][1]) == 'c' &&
	    rdn[k - 1][2] == '=')
		k--;
	return k;
}

/* "CN=Bob,OU=Staff,DC=contoso,DC=com" -> "CN=name-1,OU=name-2,DC=..." */
static const char *
redact_dn(struct redact *r, const char *s, size_t len)
{
	const char	**rdn = NULL;
	size_t		 *rdnlen = NULL, nrdn = 0, i = 0, k, dc;
	char		 *buf = NULL;
	size_t		  buflen = 0;
	FILE		 *mem;
	const char	 *p;

	while (i < len) {
		size_t n = rdn_length(s + i, len - i);

		while (n > 0 && s[i] == ' ') {
			i++;
			n--;
		}
		rdn = xreallocarray(rdn, nrdn + 1, sizeof(*rdn));
		rdnlen = xreallocarray(rdnlen, nrdn + 1, sizeof(*rdnlen));
		rdn[nrdn] = s + i;
		rdnlen[nrdn++] = n;
		i += n + 1;
	}
	dc = first_dc(rdn, rdnlen, nrdn);
	if ((mem = open_memstream(&buf, &buflen)) == NULL)
		abort();
	for (k = 0; k < dc; k++) {
		size_t t = rdn_type_length(rdn[k], rdnlen[k]);

		fprintf(mem, "%s%.*s=%s", k > 0 ? "," : "", (int)t, rdn[k],
		    pseudonym(r, NS_NAME, rdn[k] + t + 1, rdnlen[k] - t - 1));
	}
	if (dc < nrdn) {
		char		*domain = NULL;
		size_t		 dlen = 0;
		FILE		*dm = open_memstream(&domain, &dlen);
		const char	*pd, *label;

		if (dm == NULL)
			abort();
		for (k = dc; k < nrdn; k++)
			fprintf(dm, "%s%.*s", k > dc ? "." : "",
			    (int)(rdnlen[k] - 3), rdn[k] + 3);
		fclose(dm);
		pd = redact_domain(r, domain, dlen);
		for (label = pd, k = 0; *label != '\0'; k++) {
			size_t n = strcspn(label, ".");

			fprintf(mem, "%sDC=%.*s", dc > 0 || k > 0 ? "," : "",
			    (int)n, label);
			label += n + (label[n] == '.');
		}
		free(domain);
	}
	fclose(mem);
	p = arena_strdup(&r->arena, buf);
	free(buf);
	free(rdn);
	free(rdnlen);
	learn(r, s, len, p);
	return p;
}

/* The address types Exchange writes before the ':' of a proxy. */
static size_t
proxy_prefix_length(const char *s, size_t len)
{
	static const char *const prefixes[] = {
		"smtp", "x500", "x400", "sip", "eum", "fax", "notes", "gwise",
		"ms", "ccmail", "mapi", NULL
	};
	size_t	i, n;

	for (i = 0; prefixes[i] != NULL; i++) {
		n = strlen(prefixes[i]);
		if (len > n + 1 && s[n] == ':' &&
		    strncasecmp(s, prefixes[i], n) == 0)
			return n + 1;
	}
	return 0;
}

static const char *
redact_proxy(struct redact *r, const char *s, size_t len, size_t plen)
{
	const char	*rest = s + plen, *pv;
	size_t		 rlen = len - plen;

	if (is_email(rest, rlen))
		pv = redact_email(r, rest, rlen);
	else if (lower((unsigned char)s[0]) == 'x')
		pv = pseudonym(r, NS_X500, rest, rlen);
	else
		pv = pseudonym(r, NS_VALUE, rest, rlen);
	pv = arena_printf(&r->arena, "%.*s%s", (int)plen, s, pv);
	learn(r, s, len, pv);
	return pv;
}

/* The len bytes at s, recognised by their form; see redact_value. */
static const char *
redact_span(struct redact *r, const char *s, size_t len)
{
	unsigned char	bytes[16];
	size_t		plen;

	if ((plen = proxy_prefix_length(s, len)) > 0)
		return redact_proxy(r, s, len, plen);
	if (guid_bytes(s, len, bytes)) {
		const char *p = redact_guid_bytes(r, bytes);

		learn(r, s, len, p);
		return p;
	}
	if (is_email(s, len))
		return redact_email(r, s, len);
	if (memchr(s, '=', len) != NULL && is_dn(s, len))
		return redact_dn(r, s, len);
	return pseudonym(r, NS_NAME, s, len);
}

const char *
redact_value(struct redact *r, const char *s)
{
	return s != NULL ? redact_span(r, s, strlen(s)) : NULL;
}

/* "../exports/contoso.ldf" -> "input-1.ldf"; the extension stays. */
static const char *
redact_path(struct redact *r, const char *path)
{
	const char	*base, *dot, *p;
	size_t		 extlen;

	if (path == NULL)
		return NULL;
	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	dot = strrchr(base, '.');
	extlen = dot != NULL && dot != base ? strlen(dot) : 0;
	if (extlen > 6)
		extlen = 0;
	p = pseudonym(r, NS_INPUT, path, strlen(path));
	if (extlen > 0)
		p = arena_printf(&r->arena, "%s%s", p, dot);
	learn(r, path, strlen(path), p);
	learn(r, base, strlen(base), p);
	learn(r, base, strlen(base) - extlen, p);
	return p;
}

/* Longest known value at s[i] ending on a word boundary; 0 if none. */
static size_t
known_at(const struct redact *r, const char *s, size_t len, size_t i,
    const char **pseudo)
{
	uint64_t	h = FNV_OFFSET;
	size_t		end, best = 0;
	const char	*p;

	for (end = i; end < len && end - i < r->max_known; ) {
		h = hash_step(h, (unsigned char)s[end++]);
		if (end < len && is_alnum((unsigned char)s[end]) &&
		    is_alnum((unsigned char)s[end - 1]))
			continue;
		if ((p = rmap_get(&r->known, s + i, end - i, h)) != NULL) {
			best = end - i;
			*pseudo = p;
		}
	}
	return best;
}

/* An address-shaped token at s[i]: local@domain.tld; its length or 0. */
static size_t
email_at(const char *s, size_t len, size_t i)
{
	size_t	k = i, dots = 0;

	while (k < len && (is_alnum((unsigned char)s[k]) ||
	    strchr("._%+-", s[k]) != NULL))
		k++;
	if (k == i || k >= len || s[k] != '@')
		return 0;
	for (k++; k < len && (is_alnum((unsigned char)s[k]) || s[k] == '.' ||
	    s[k] == '-'); k++)
		dots += s[k] == '.';
	while (k > i && s[k - 1] == '.') {
		k--;
		dots--;
	}
	return dots > 0 && s[k - 1] != '@' ? k - i : 0;
}

/* A GUID or 16-byte base64 token at s[i]; its length or 0. */
static size_t
guid_at(const char *s, size_t len, size_t i)
{
	unsigned char	bytes[16];
	size_t		n;

	for (n = 36; n <= 38; n += 2)
		if (i + n <= len && (i + n == len ||
		    !is_alnum((unsigned char)s[i + n])) &&
		    guid_bytes(s + i, n, bytes))
			return n;
	if (i + 24 <= len && guid_bytes(s + i, 24, bytes))
		return 24;
	return 0;
}

/*
 * A quoted DN at s[i] ('CN=...,DC=...'): the length inside, or 0.  The
 * closing quote is one not followed by a letter or another quote, so
 * "O'Mara" and PowerShell's doubled '' stay inside.
 */
static size_t
quoted_dn_at(const char *s, size_t len, size_t i)
{
	size_t	k;

	if (s[i] != '\'')
		return 0;
	for (k = i + 1; k < len; k++) {
		if (s[k] != '\'')
			continue;
		if (k + 1 < len && s[k + 1] == '\'') {
			k++;
			continue;
		}
		if (k + 1 == len || !is_alnum((unsigned char)s[k + 1]))
			break;
	}
	if (k >= len)
		return 0;
	k -= i + 1;
	return memchr(s + i + 1, '=', k) != NULL && is_dn(s + i + 1, k) ?
	    k : 0;
}

const char *
redact_text(struct redact *r, const char *s)
{
	char		*buf = NULL;
	size_t		 buflen = 0, len, i = 0, n;
	FILE		*mem;
	const char	*p, *out;

	if (s == NULL)
		return NULL;
	if ((mem = open_memstream(&buf, &buflen)) == NULL)
		abort();
	len = strlen(s);
	while (i < len) {
		bool is_start = i == 0 || !is_alnum((unsigned char)s[i - 1]);

		if (is_start && (n = known_at(r, s, len, i, &p)) > 0) {
			fputs(p, mem);
		} else if (is_start && (n = email_at(s, len, i)) > 0) {
			fputs(redact_span(r, s + i, n), mem);
		} else if (is_start && (n = guid_at(s, len, i)) > 0) {
			fputs(redact_span(r, s + i, n), mem);
		} else if ((i + 1 >= len || known_at(r, s, len, i + 1, &p) == 0) &&
		    (n = quoted_dn_at(s, len, i)) > 0) {
			fprintf(mem, "'%s'", redact_span(r, s + i + 1, n));
			n += 2;
		} else {
			fputc(s[i], mem);
			n = 1;
		}
		i += n;
	}
	fclose(mem);
	out = arena_strdup(&r->arena, buf);
	free(buf);
	return out;
}

/* A value field: as text, or by its form when the text held no known. */
static const char *
redact_field(struct redact *r, const char *s)
{
	const char	*t = redact_text(r, s);
	size_t		 i;

	if (s == NULL || strcmp(s, t) != 0 || strchr(s, ' ') != NULL)
		return t;
	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
			return redact_value(r, s);
	return t;
}

/* sAMAccountName, mailNickname: the local part's namespace. */
static const char *
redact_account(struct redact *r, const char *s)
{
	return pseudonym(r, NS_USER, s, strlen(s));
}

struct redact *
redact_new(void)
{
	struct redact	*r = xcalloc(1, sizeof(*r));

	arena_init(&r->arena);
	return r;
}

void
redact_free(struct redact *r)
{
	if (r == NULL)
		return;
	free(r->pseudonyms.slots);
	free(r->known.slots);
	arena_release(&r->arena);
	free(r);
}

/* The pseudonym of s, a customer string of kind k (view.h). */
static const char *
redact_kind(struct redact *r, enum view_kind k, const char *s)
{
	switch (k) {
	case VK_DN:
	case VK_UPN:
	case VK_ADDRESS:
	case VK_DATA:
		return redact_value(r, s);
	case VK_ANCHOR:
		return redact_anchor(r, s);
	case VK_ACCOUNT:
		return redact_account(r, s);
	case VK_NAME:
		return pseudonym(r, NS_NAME, s, strlen(s));
	case VK_DOMAIN:
		return redact_domain(r, s, strlen(s));
	case VK_PATH:
		return redact_path(r, s);
	case VK_LABEL:
		return pseudonym(r, NS_INPUT, s, strlen(s));
	case VK_VALUE:
		return redact_field(r, s);
	case VK_ATTRIBUTE:
		return redact_attribute(r, s);
	case VK_PROSE:
		return redact_text(r, s);
	}
	return redact_text(r, s);
}

/* A finding's id, from its pseudonyms, as baseline_marks_init makes it. */
static const char *
redact_finding_id(struct redact *r, const struct view_finding *f)
{
	const char	**keys;
	const char	 *id;
	size_t		  i;

	keys = xreallocarray(NULL, f->nobjects > 0 ? f->nobjects : 1,
	    sizeof(*keys));
	for (i = 0; i < f->nobjects; i++) {
		const struct view_object *o = f->objects[i].object;

		keys[i] = baseline_object_key(&r->arena, side_name(o->side),
		    view_text(o->dn), view_text(o->id), view_text(o->upn));
	}
	id = baseline_id(&r->arena, f->rule, view_text(f->attribute),
	    view_text(f->value), keys, f->nobjects);
	free(keys);
	return id;
}

/* Ids are hashes of the values: made again from the pseudonyms. */
static void
redact_view_ids(struct redact *r, struct report_view *v)
{
	const char	**ids;
	size_t		  i;

	ids = xreallocarray(NULL, v->nfindings + 1, sizeof(*ids));
	for (i = 0; i < v->nfindings; i++)
		ids[i] = redact_finding_id(r, &v->findings[i]);
	baseline_unique_ids(&r->arena, ids, v->nfindings);
	for (i = 0; i < v->nfindings; i++)
		if (v->findings[i].id != NULL)
			v->findings[i].id = ids[i];
	free(ids);
	for (i = 0; i < v->nfixed; i++) {
		struct view_fixed	*f = &v->fixed[i];
		const char		*keys[1];

		keys[0] = f->summary != NULL ? f->summary->text : "";
		f->id = baseline_id(&r->arena, f->rule, view_text(f->attribute),
		    view_text(f->value), keys, 1);
	}
}

void
redact_view(struct redact *r, struct report_view *v)
{
	size_t	i;

	for (i = 0; i < v->npool; i++)
		v->pool[i]->text = redact_kind(r, v->pool[i]->kind,
		    v->pool[i]->text);
	redact_view_ids(r, v);
	v->is_redacted = true;
}
