/*
 * From records to objects: attribute names meet object fields here, values
 * are decoded (numbers, booleans, GUIDs, SIDs, NULs kept whole), the type
 * of each object is decided and anchors are encoded into the immutableId
 * form.  Not here: text shared with twins (twin.c), tenant facts and
 * merged cloud duplicates (tenant.c), sync scope (scope.c decides it; the
 * loader hands it the facts).  Nothing here knows which file format a
 * record came from.  See load.h.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base64.h"
#include "escape.h"
#include "load_int.h"
#include "scope.h"
#include "xalloc.h"

enum field {
	F_NONE,
	F_OBJECT_CLASS,
	F_OBJECT_GUID,
	F_CONSISTENCY_GUID,
	F_UPN,
	F_MAIL,
	F_MAIL_NICKNAME,
	F_SAM,
	F_DISPLAY_NAME,
	F_GIVEN_NAME,
	F_SURNAME,
	F_TARGET_ADDRESS,
	F_PROXY,
	F_UAC,
	F_RECIPIENT_TYPE,
	F_CRITICAL,
	F_DELETED,
	F_CERTIFICATE,
	F_SMIME,
	F_PHOTO,
	F_ID,
	F_OBJECT_TYPE,
	F_IMMUTABLE_ID,
	F_SYNC_ENABLED,
	F_LAST_SYNC,
	F_ACCOUNT_ENABLED,
	F_USER_TYPE,
	F_PROV_ERROR,
	F_ADMIN_DESCRIPTION,
	F_GROUP_TYPE,
	F_MEMBER,
	F_SID,
	F_HIDE_FROM_GAL,
	F_ONPREM_DN,
	F_MASTER_SID,
	F_ONPREM_OBJECT_ID,
	F_MAX
};

/* Lower-case attribute names, sorted for bsearch. */
static const struct field_name {
	const char	*name;
	enum field	 field;
} field_names[] = {
	{ "accountenabled",		F_ACCOUNT_ENABLED },
	{ "admindescription",		F_ADMIN_DESCRIPTION },
	{ "displayname",		F_DISPLAY_NAME },
	{ "givenname",			F_GIVEN_NAME },
	{ "grouptype",			F_GROUP_TYPE },
	{ "id",				F_ID },
	{ "iscriticalsystemobject",	F_CRITICAL },
	{ "isdeleted",			F_DELETED },
	{ "mail",			F_MAIL },
	{ "mailnickname",		F_MAIL_NICKNAME },
	{ "member",			F_MEMBER },
	{ "ms-ds-consistencyguid",	F_CONSISTENCY_GUID },
	{ "msexchhidefromaddresslists",	F_HIDE_FROM_GAL },
	{ "msexchmasteraccountsid",	F_MASTER_SID },
	{ "msexchrecipienttypedetails",	F_RECIPIENT_TYPE },
	{ "objectclass",		F_OBJECT_CLASS },
	{ "objectguid",			F_OBJECT_GUID },
	{ "objectsid",			F_SID },
	{ "objecttype",			F_OBJECT_TYPE },
	{ "onpremisesdistinguishedname", F_ONPREM_DN },
	{ "onpremisesimmutableid",	F_IMMUTABLE_ID },
	{ "onpremiseslastsyncdatetime",	F_LAST_SYNC },
	{ "onpremisesobjectidentifier",	F_ONPREM_OBJECT_ID },
	{ "onpremisessecurityidentifier", F_SID },
	{ "onpremisessyncenabled",	F_SYNC_ENABLED },
	{ "provisioningerror",		F_PROV_ERROR },
	{ "proxyaddresses",		F_PROXY },
	{ "samaccountname",		F_SAM },
	{ "sn",				F_SURNAME },
	{ "surname",			F_SURNAME },
	{ "targetaddress",		F_TARGET_ADDRESS },
	{ "thumbnailphoto",		F_PHOTO },
	{ "useraccountcontrol",		F_UAC },
	{ "usercertificate",		F_CERTIFICATE },
	{ "userprincipalname",		F_UPN },
	{ "usersmimecertificate",	F_SMIME },
	{ "usertype",			F_USER_TYPE },
};

/*
 * Values only counted and measured (load_count_field), binary names all:
 * parsers may measure them instead of decoding (struct limits' measured).
 */
const char *const load_measured_names[] = {
	"thumbnailphoto", "usercertificate", "usersmimecertificate", NULL
};

/* Attributes whose values are bytes, not text, in AD. */
static const char *const binary_names[] = {
	"jpegphoto", "logonhours", "ms-ds-consistencyguid",
	"msexchblockedsendershash", "msexchmailboxguid",
	"msexchmailboxsecuritydescriptor", "msexchmastersid",
	"msexchmasteraccountsid",
	"msexchsaferecipientshash", "msexchsafesendershash", "objectguid",
	"objectsid", "sidhistory", "thumbnailphoto", "usercertificate",
	"usersmimecertificate", "ntsecuritydescriptor", "replpropertymetadata",
	"msds-generationid", "usercert", "cacertificate", "terminalserver",
	"msexcharchiveguid", "msexchumspokenname", "msds-keycredentiallink",
};

/*
 * The loader's own mark on its escaped copy of a value holding a NUL
 * (escape_nul); parsers use only the bits of enum attr_flags below it.
 */
#define LOAD_NUL_ESCAPED	(1u << 15)

/* UAC bit: the account is disabled ([MS-ADTS] 2.2.16). */
#define UAC_ACCOUNTDISABLE	0x2

static int
field_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct field_name *)elem)->name);
}

/* Lower-case name into buf (size n); false when it does not fit. */
static bool
lower_name(const char *name, char *buf, size_t n)
{
	size_t	i;

	for (i = 0; name[i] != '\0'; i++) {
		unsigned char c = (unsigned char)name[i];

		if (i + 1 >= n)
			return false;
		buf[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	buf[i] = '\0';
	return true;
}

static enum field
field_of(const char *lname)
{
	const struct field_name	*f;

	f = bsearch(lname, field_names, ARRAY_SIZE(field_names),
	    sizeof(field_names[0]), field_cmp);
	return f != NULL ? f->field : F_NONE;
}

static bool
is_binary_name(const char *lname)
{
	size_t	i;

	for (i = 0; i < ARRAY_SIZE(binary_names); i++)
		if (strcmp(lname, binary_names[i]) == 0)
			return true;
	return false;
}

/* extensionAttribute1-15 and msDS-cloudExtensionAttribute1-20. */
static bool
is_extension_name(const char *lname)
{
	return strncmp(lname, "extensionattribute", 18) == 0 ||
	    strncmp(lname, "msds-cloudextensionattribute", 28) == 0 ||
	    strncmp(lname, "extension_", 10) == 0;
}

void
load_begin(struct load_ctx *ctx, struct table *t, struct diag *dg,
    enum side side, enum input_content content, const char *file,
    const char *label)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->table = t;
	ctx->diag = dg;
	ctx->side = side;
	ctx->content = content;
	ctx->origin = table_origin(t, file, label);
	ctx->file = ctx->origin->file;
	ctx->label = ctx->origin->label;
	ctx->default_cloud_type = OBJ_USER;
	ctx->scope.first = table_count(t);
}

/*
 * Is an escaped value (escape_nul) valid UTF-8 but for its escaped NULs?
 * Those are invalid on purpose and were said; an escaped C0 byte of the
 * value still makes it invalid.
 */
static bool
is_escaped_utf8(const char *s, size_t len)
{
	const char	*nul;
	size_t		 n;

	while ((nul = memchr(s, 0xc0, len)) != NULL) {
		n = (size_t)(nul - s);
		if (!utf8_is_valid(s, n) || n + 1 >= len ||
		    (unsigned char)nul[1] != 0x80)
			return false;
		s = nul + 2;
		len -= n + 2;
	}
	return utf8_is_valid(s, len);
}

static void
check_utf8(struct load_ctx *ctx, const struct attr *a)
{
	if (!((a->flags & LOAD_NUL_ESCAPED) ?
	    is_escaped_utf8(a->value, a->len) :
	    utf8_is_valid(a->value, a->len)))
		diag(ctx->diag, D_LOAD_UTF8, ctx->file, a->line,
		    "attribute '%s'", a->name);
}

/*
 * A text value, copied into the table.  Most values are unique (names,
 * addresses): a plain arena copy is sequential memory, where interning
 * would cost a random probe into a large hash table per value.
 */
static const char *
text_value(struct load_ctx *ctx, const struct attr *a)
{
	check_utf8(ctx, a);
	return table_strndup(ctx->table, a->value, a->len);
}

/*
 * A value from a small repeated set (objectClass, types), or one used as
 * a key by pointer (anchors): interned.
 */
static const char *
shared_value(struct load_ctx *ctx, const struct attr *a)
{
	check_utf8(ctx, a);
	return table_intern(ctx->table, a->value, a->len);
}

/* Keep a's value for finish_object, which stores it. */
static void
defer_text(struct load_ctx *ctx, const struct attr **slot,
    const struct attr *a)
{
	check_utf8(ctx, a);
	*slot = a;
}

static bool
parse_u64(const char *s, size_t len, uint64_t *out)
{
	char		 buf[32];
	char		*end;
	unsigned long long v;

	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (buf[0] == '-') {
		/* AD prints some large integers signed: keep the bits. */
		long long sv;

		errno = 0;
		sv = strtoll(buf, &end, 10);
		if (errno != 0 || *end != '\0')
			return false;
		*out = (uint64_t)sv;
		return true;
	}
	errno = 0;
	v = strtoull(buf, &end, 10);
	if (errno != 0 || *end != '\0')
		return false;
	*out = v;
	return true;
}

enum tristate
load_parse_bool(const char *s, size_t len)
{
	if (len == 0)
		return TRI_UNKNOWN;
	if ((len == 4 && strncasecmp(s, "true", 4) == 0) ||
	    (len == 1 && s[0] == '1'))
		return TRI_TRUE;
	if ((len == 5 && strncasecmp(s, "false", 5) == 0) ||
	    (len == 1 && s[0] == '0'))
		return TRI_FALSE;
	return TRI_UNKNOWN;
}

static const char *
encode_b64(struct load_ctx *ctx, const unsigned char *bytes, size_t len)
{
	char	 stackbuf[64];
	char	*buf = BASE64_ENCODED_SIZE(len) <= sizeof(stackbuf) ?
		    stackbuf : xmalloc(BASE64_ENCODED_SIZE(len));
	const char *p;

	base64_encode(bytes, len, buf);
	p = table_intern(ctx->table, buf, strlen(buf));
	if (buf != stackbuf)
		free(buf);
	return p;
}

static void
load_object_guid(struct load_ctx *ctx, struct object *o, const struct attr *a)
{
	/* ldifde and ldapsearch give 16 bytes; Samba's ldbsearch GUID text. */
	if (a->len == 16)
		memcpy(o->object_guid, a->value, 16);
	else if (!guid_parse(a->value, a->len, o->object_guid)) {
		diag(ctx->diag, D_LOAD_BAD_GUID, ctx->file, a->line,
		    "%zu bytes", a->len);
		return;
	}
	o->has_object_guid = true;
	if (o->side == SIDE_ONPREM)
		o->onprem.object_guid_b64 = encode_b64(ctx, o->object_guid,
		    16);
}

static void
load_consistency_guid(struct load_ctx *ctx, struct object *o,
    const struct attr *a)
{
	struct object_rare	*rare;
	unsigned char		 guid[16];

	if (a->len == 0)
		return;
	rare = table_rare(ctx->table, o);
	/* Any bytes are a valid anchor; GUID text means ldb printed it. */
	if (a->len != 16 && guid_parse(a->value, a->len, guid)) {
		rare->consistency_guid = table_alloc(ctx->table, 16);
		memcpy((unsigned char *)rare->consistency_guid, guid, 16);
		rare->consistency_guid_len = 16;
	} else {
		unsigned char *p = table_alloc(ctx->table, a->len);

		memcpy(p, a->value, a->len);
		rare->consistency_guid = p;
		rare->consistency_guid_len = a->len;
	}
	rare->consistency_guid_b64 = encode_b64(ctx, rare->consistency_guid,
	    rare->consistency_guid_len);
}

static void
load_immutable_id(struct load_ctx *ctx, struct object *o, const struct attr *a)
{
	unsigned char	buf[64];
	long		n;

	if (a->len == 0)
		return;
	o->immutable_id = shared_value(ctx, a);
	/* Only a 16-byte value can be compared with a GUID-based anchor. */
	if (a->len <= 24 && (n = base64_decode(a->value, a->len, buf)) == 16) {
		memcpy(o->immutable_id_bytes, buf, 16);
		o->has_immutable_id_bytes = true;
	}
}

static void
load_extension(struct load_ctx *ctx, struct pending *pd, const struct attr *a)
{
	const char	*name = table_intern(ctx->table, a->name,
			    strlen(a->name));
	size_t		 i;

	for (i = 0; i < pd->next; i++)
		if (pd->ext[i].name == name)
			break;
	if (i == pd->next) {
		GROW(pd->ext, pd->next, pd->ext_cap);
		pd->ext[pd->next].name = name;
		pd->ext[pd->next].len = 0;
		pd->ext[pd->next].count = 0;
		pd->ext[pd->next].long_value = NULL;
		pd->next++;
	}
	pd->ext[i].count++;
	if (a->len > pd->ext[i].len) {
		pd->ext[i].len = a->len;
		if (a->len > NAME_SIZE_KEEP && !(a->flags & ATTR_BINARY))
			pd->ext[i].long_value = table_strndup(ctx->table,
			    a->value, a->len);
	}
}

static void
keep_raw(struct load_ctx *ctx, struct pending *pd, const struct attr *a,
    const char *lname)
{
	struct raw_value	*r;
	bool			 is_binary;

	GROW(pd->raw, pd->nraw, pd->raw_cap);
	r = &pd->raw[pd->nraw++];
	r->name = table_intern(ctx->table, a->name, strlen(a->name));
	is_binary = (a->flags & (ATTR_BINARY | ATTR_MEASURED)) ||
	    is_binary_name(lname) ||
	    ((a->flags & ATTR_BASE64) && !utf8_is_valid(a->value, a->len)) ||
	    memchr(a->value, '\0', a->len) != NULL;
	r->is_binary = is_binary;
	r->len = a->len;
	if (a->flags & ATTR_UNAVAILABLE)
		r->value = NULL;
	else if (!is_binary)
		r->value = table_strndup(ctx->table, a->value, a->len);
	else if (strcmp(lname, "objectguid") == 0 && a->len == 16) {
		char guid[37];

		guid_format((const unsigned char *)a->value, guid);
		r->value = table_intern(ctx->table, guid, 36);
	} else if (a->len <= 64)
		r->value = encode_b64(ctx, (const unsigned char *)a->value,
		    a->len);
	else
		r->value = NULL;	/* certificates, photos: size only */
}

/*
 * What the attribute name means: from the cache when the name was seen
 * before in this file, else looked up and remembered.
 */
static struct load_name
name_meaning(struct load_ctx *ctx, const char *name)
{
	struct load_name	*c, n;
	char			 lname[80];
	size_t			 len = strlen(name);
	unsigned		 h;

	/* Names differ in length and in their first, middle or last byte. */
	h = (unsigned)len * 31u + (unsigned char)name[0] * 7u;
	if (len > 0)
		h += (unsigned char)name[len / 2] * 131u +
		    (unsigned char)name[len - 1];
	c = &ctx->names[(h ^ (h >> 6)) & (LOAD_NAMES - 1)];
	if (len < sizeof(c->copy) && memcmp(c->copy, name, len + 1) == 0 &&
	    len > 0)
		return *c;
	memset(&n, 0, sizeof(n));
	if (!lower_name(name, lname, sizeof(lname)))
		lname[0] = '\0';
	n.field = (unsigned char)field_of(lname);
	n.is_extension = is_extension_name(lname);
	n.is_kept_raw = table_keeps_raw_of(ctx->table, name);
	if (len > 0 && len < sizeof(c->copy)) {
		memcpy(n.copy, name, len + 1);
		*c = n;
	}
	return n;
}

/* groupType is a signed 32-bit integer in AD: -2147483646 and so on. */
static void
load_group_type(struct pending *pd, const struct attr *a)
{
	char	*end;
	long long v;
	char	 buf[24];

	if (a->len == 0 || a->len >= sizeof(buf))
		return;
	memcpy(buf, a->value, a->len);
	buf[a->len] = '\0';
	errno = 0;
	v = strtoll(buf, &end, 10);
	if (errno != 0 || *end != '\0' || v < INT32_MIN || v > UINT32_MAX)
		return;
	pd->group_type = (int32_t)(uint32_t)(v & 0xffffffffLL);
	pd->has_group_type = true;
}

/*
 * A SID as S-1-<authority>-<sub>-...: AD's binary objectSid ([MS-DTYP]
 * 2.4.2: revision, count, 48-bit big-endian authority, count 32-bit
 * little-endian sub-authorities), or a value already in that form (the
 * cloud's onPremisesSecurityIdentifier).  NULL when it is neither.
 */
static const char *
sid_value(struct load_ctx *ctx, const struct attr *a)
{
	const unsigned char	*b = (const unsigned char *)a->value;
	char			 buf[200];
	size_t			 n, i, len;
	uint64_t		 auth = 0;

	if (a->len > 2 && (a->value[0] == 'S' || a->value[0] == 's') &&
	    a->value[1] == '-')
		return table_strndup(ctx->table, a->value, a->len);
	if (a->len < 8 || b[0] != 1 || (n = b[1]) > 15 ||
	    a->len != 8 + 4 * n)
		return NULL;
	for (i = 2; i < 8; i++)
		auth = auth << 8 | b[i];
	len = (size_t)snprintf(buf, sizeof(buf), "S-1-%llu",
	    (unsigned long long)auth);
	for (i = 0; i < n; i++) {
		const unsigned char *p = b + 8 + 4 * i;
		unsigned long sub = (unsigned long)p[0] |
		    (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 |
		    (unsigned long)p[3] << 24;

		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "-%lu",
		    sub);
	}
	return table_strndup(ctx->table, buf, len);
}

/* A value that has a field of its own, by the field's group. */
typedef void	(*field_load_fn)(struct load_ctx *, struct pending *,
		    const struct attr *, enum field);

/* Names and addresses: most wait for the twin (twin_store_text). */
static void
load_name_field(struct load_ctx *ctx, struct pending *pd,
    const struct attr *a, enum field f)
{
	switch (f) {
	case F_UPN:
		defer_text(ctx, &pd->upn, a);
		break;
	case F_MAIL:
		/* Stored once the proxies are known. */
		if (a->len)
			check_utf8(ctx, a);
		pd->mail = a;
		break;
	case F_MAIL_NICKNAME:
		defer_text(ctx, &pd->mail_nickname, a);
		break;
	case F_DISPLAY_NAME:
		defer_text(ctx, &pd->display_name, a);
		break;
	case F_GIVEN_NAME:
		defer_text(ctx, &pd->given_name, a);
		break;
	case F_SURNAME:
		defer_text(ctx, &pd->surname, a);
		break;
	case F_SAM:
		pd->o->sam_account_name = text_value(ctx, a);
		break;
	case F_TARGET_ADDRESS:
		/* An Exchange attribute: on premises only (table.h). */
		if (pd->o->side == SIDE_ONPREM)
			pd->o->onprem.target_address = text_value(ctx, a);
		break;
	case F_PROXY:
		/* An empty cloud column or [] is no address at all. */
		if (a->len == 0)
			break;
		check_utf8(ctx, a);
		GROW(pd->proxies, pd->nproxies, pd->proxies_cap);
		pd->proxies[pd->nproxies++] = a;
		break;
	default:
		break;
	}
}

/* Anchors and identifiers: what joins objects across inputs. */
static void
load_id_field(struct load_ctx *ctx, struct pending *pd, const struct attr *a,
    enum field f)
{
	struct object	*o = pd->o;

	switch (f) {
	case F_OBJECT_GUID:
		load_object_guid(ctx, o, a);
		break;
	case F_CONSISTENCY_GUID:
		load_consistency_guid(ctx, o, a);
		break;
	case F_IMMUTABLE_ID:
		load_immutable_id(ctx, o, a);
		break;
	case F_ID:
		/* Interned: Graph ids are lower case, so id_key is this copy. */
		if (a->len)
			o->id = shared_value(ctx, a);
		break;
	case F_SID:
		pd->sid = a;
		break;
	case F_MASTER_SID:
		pd->master_sid = a;
		break;
	case F_ONPREM_OBJECT_ID:
		if (a->len > 0 && o->side == SIDE_CLOUD)
			o->cloud.object_id = text_value(ctx, a);
		break;
	case F_ONPREM_DN:
		/* Mostly the twin's DN: stored with it (twin_store_text). */
		if (a->len > 0 && o->side == SIDE_CLOUD)
			defer_text(ctx, &pd->onprem_dn, a);
		break;
	default:
		break;
	}
}

/* What kind of object it is: its classes and types. */
static void
load_kind_field(struct load_ctx *ctx, struct pending *pd,
    const struct attr *a, enum field f)
{
	uint64_t	v;

	switch (f) {
	case F_OBJECT_CLASS:
		if (pd->nclasses == ARRAY_SIZE(pd->classes))
			memmove(pd->classes, pd->classes + 1,
			    sizeof(pd->classes) - sizeof(pd->classes[0]));
		else
			pd->nclasses++;
		pd->classes[pd->nclasses - 1] = shared_value(ctx, a);
		break;
	case F_OBJECT_TYPE:
		pd->object_type = shared_value(ctx, a);
		break;
	case F_USER_TYPE:
		if (pd->o->side == SIDE_CLOUD)
			pd->o->cloud.user_type = shared_value(ctx, a);
		break;
	case F_RECIPIENT_TYPE:
		if (pd->o->side == SIDE_ONPREM &&
		    parse_u64(a->value, a->len, &v)) {
			pd->o->has_recipient_type = true;
			pd->o->onprem.recipient_type_details = v;
		}
		break;
	case F_GROUP_TYPE:
		load_group_type(pd, a);
		break;
	default:
		break;
	}
}

/* Account and sync state, and the facts sync scope is decided on. */
static void
load_state_field(struct load_ctx *ctx, struct pending *pd,
    const struct attr *a, enum field f)
{
	struct object	*o = pd->o;
	uint64_t	 v;

	switch (f) {
	case F_UAC:
		if (parse_u64(a->value, a->len, &v)) {
			if (o->side == SIDE_ONPREM) {
				o->has_uac = true;
				o->onprem.user_account_control = (uint32_t)v;
			}
			o->is_disabled = (v & UAC_ACCOUNTDISABLE) != 0;
		}
		break;
	case F_ACCOUNT_ENABLED:
		o->account_enabled = load_parse_bool(a->value, a->len);
		if (o->account_enabled == TRI_FALSE)
			o->is_disabled = true;
		break;
	case F_SYNC_ENABLED:
		o->sync_enabled = load_parse_bool(a->value, a->len);
		pd->has_sync_enabled = true;
		break;
	case F_LAST_SYNC:
		pd->has_last_sync = a->len > 0;
		break;
	case F_CRITICAL:
		/* The default rules test IsPresent(): any value counts. */
		o->is_critical_system_object = true;
		break;
	case F_DELETED:
		pd->scope.is_deleted = load_parse_bool(a->value, a->len) ==
		    TRI_TRUE;
		break;
	case F_ADMIN_DESCRIPTION:
		pd->scope.admin_description = shared_value(ctx, a);
		break;
	case F_HIDE_FROM_GAL:
		pd->scope.hide_from_address_lists = load_parse_bool(a->value,
		    a->len);
		break;
	default:
		break;
	}
}

/* Values counted or measured, not kept: certificates, photos, members. */
static void
load_count_field(struct load_ctx *ctx, struct pending *pd,
    const struct attr *a, enum field f)
{
	struct object	*o = pd->o;

	switch (f) {
	case F_CERTIFICATE:
		table_rare(ctx->table, o)->ncertificates++;
		table_rare(ctx->table, o)->certificate_bytes += a->len;
		break;
	case F_SMIME:
		table_rare(ctx->table, o)->nsmime_certificates++;
		table_rare(ctx->table, o)->smime_certificate_bytes += a->len;
		break;
	case F_PHOTO:
		table_rare(ctx->table, o)->thumbnail_photo_bytes += a->len;
		break;
	case F_MEMBER:
		if (pd->nmembers < UINT32_MAX)
			pd->nmembers++;
		break;
	case F_PROV_ERROR:
		GROW(pd->prov_errors, pd->nprov_errors, pd->prov_cap);
		pd->prov_errors[pd->nprov_errors++] = text_value(ctx, a);
		break;
	default:
		break;
	}
}

/* Each field's group. */
static const field_load_fn field_loaders[] = {
	[F_UPN] = load_name_field,
	[F_MAIL] = load_name_field,
	[F_MAIL_NICKNAME] = load_name_field,
	[F_SAM] = load_name_field,
	[F_DISPLAY_NAME] = load_name_field,
	[F_GIVEN_NAME] = load_name_field,
	[F_SURNAME] = load_name_field,
	[F_TARGET_ADDRESS] = load_name_field,
	[F_PROXY] = load_name_field,
	[F_OBJECT_GUID] = load_id_field,
	[F_CONSISTENCY_GUID] = load_id_field,
	[F_IMMUTABLE_ID] = load_id_field,
	[F_ID] = load_id_field,
	[F_SID] = load_id_field,
	[F_MASTER_SID] = load_id_field,
	[F_ONPREM_OBJECT_ID] = load_id_field,
	[F_ONPREM_DN] = load_id_field,
	[F_OBJECT_CLASS] = load_kind_field,
	[F_OBJECT_TYPE] = load_kind_field,
	[F_USER_TYPE] = load_kind_field,
	[F_RECIPIENT_TYPE] = load_kind_field,
	[F_GROUP_TYPE] = load_kind_field,
	[F_UAC] = load_state_field,
	[F_ACCOUNT_ENABLED] = load_state_field,
	[F_SYNC_ENABLED] = load_state_field,
	[F_LAST_SYNC] = load_state_field,
	[F_CRITICAL] = load_state_field,
	[F_DELETED] = load_state_field,
	[F_ADMIN_DESCRIPTION] = load_state_field,
	[F_HIDE_FROM_GAL] = load_state_field,
	[F_CERTIFICATE] = load_count_field,
	[F_SMIME] = load_count_field,
	[F_PHOTO] = load_count_field,
	[F_MEMBER] = load_count_field,
	[F_PROV_ERROR] = load_count_field,
};
_Static_assert(ARRAY_SIZE(field_loaders) == F_MAX,
    "every field has a loader");

/* a is as loaded (NULs escaped), as_read as the parser gave it. */
static void
load_attr(struct load_ctx *ctx, struct pending *pd, const struct attr *a,
    const struct attr *as_read)
{
	struct load_name	meaning;
	enum field		f;

	meaning = name_meaning(ctx, a->name);
	if (meaning.is_kept_raw) {
		char	lname[80];

		if (!lower_name(a->name, lname, sizeof(lname)))
			lname[0] = '\0';
		keep_raw(ctx, pd, as_read, lname);
	}
	if (a->flags & ATTR_UNAVAILABLE)
		return;
	f = (enum field)meaning.field;
	if (f == F_NONE) {
		if (meaning.is_extension)
			load_extension(ctx, pd, a);
	} else if (f < ARRAY_SIZE(field_loaders) && field_loaders[f] != NULL)
		field_loaders[f](ctx, pd, a, f);
}

static bool
has_class(const struct pending *pd, const char *name)
{
	size_t	i;

	for (i = 0; i < pd->nclasses; i++)
		if (strcasecmp(pd->classes[i], name) == 0)
			return true;
	return false;
}

static enum object_type
onprem_type(const struct pending *pd)
{
	/* A computer is also a user: test the most specific class first. */
	if (has_class(pd, "computer"))
		return OBJ_COMPUTER;
	if (has_class(pd, "foreignSecurityPrincipal"))
		return OBJ_FSP;
	if (has_class(pd, "user") || has_class(pd, "inetOrgPerson"))
		return OBJ_USER;
	if (has_class(pd, "contact"))
		return OBJ_CONTACT;
	if (has_class(pd, "group"))
		return OBJ_GROUP;
	return OBJ_OTHER;
}

static enum object_type
cloud_type(const struct load_ctx *ctx, const struct pending *pd)
{
	const char	*s = pd->object_type;

	if (s == NULL)
		return ctx->default_cloud_type;
	if (strcasecmp(s, "group") == 0)
		return OBJ_GROUP;
	if (strcasecmp(s, "contact") == 0 || strcasecmp(s, "orgContact") == 0)
		return OBJ_CONTACT;
	if (strcasecmp(s, "user") == 0)
		return OBJ_USER;
	return OBJ_OTHER;
}

/*
 * Groups keep their groupType, member count and SID (the security group
 * join); users and contacts keep none of it, so their rare fields stay
 * shared.
 */
static void
store_group_facts(struct load_ctx *ctx, struct pending *pd)
{
	struct object		*o = pd->o;
	struct object_rare	*rare;

	if (o->type == OBJ_USER && o->side == SIDE_ONPREM &&
	    table_forest_join(ctx->table) == FOREST_JOIN_SID) {
		/* Only a forest join on SIDs needs users' SIDs. */
		if (pd->sid != NULL)
			table_rare(ctx->table, o)->sid = sid_value(ctx,
			    pd->sid);
		if (pd->master_sid != NULL)
			table_rare(ctx->table, o)->master_sid = sid_value(ctx,
			    pd->master_sid);
		return;
	}
	if (o->type != OBJ_GROUP)
		return;
	if (!pd->has_group_type && pd->nmembers == 0 && pd->sid == NULL)
		return;
	rare = table_rare(ctx->table, o);
	rare->group_type = pd->group_type;
	rare->has_group_type = pd->has_group_type;
	rare->nmembers = pd->nmembers;
	if (pd->sid != NULL)
		rare->sid = sid_value(ctx, pd->sid);
}

/* The lists pd gathered, copied next to the object's rare fields. */
static void
store_lists(struct load_ctx *ctx, struct pending *pd)
{
	struct table	*t = ctx->table;

	if (pd->nprov_errors) {
		const char **p = table_alloc(t, pd->nprov_errors * sizeof(*p));

		memcpy(p, pd->prov_errors, pd->nprov_errors * sizeof(*p));
		table_rare(t, pd->o)->provisioning_errors = p;
		table_rare(t, pd->o)->nprovisioning_errors = pd->nprov_errors;
	}
	if (pd->next) {
		struct name_size *e = table_alloc(t, pd->next * sizeof(*e));

		memcpy(e, pd->ext, pd->next * sizeof(*e));
		table_rare(t, pd->o)->extensions = e;
		table_rare(t, pd->o)->nextensions = pd->next;
	}
	if (pd->nraw) {
		struct raw_value *r = table_alloc(t, pd->nraw * sizeof(*r));

		memcpy(r, pd->raw, pd->nraw * sizeof(*r));
		table_rare(t, pd->o)->raw = r;
		table_rare(t, pd->o)->nraw = pd->nraw;
	}
}

static void
finish_object(struct load_ctx *ctx, struct pending *pd)
{
	struct object	*o = pd->o;

	twin_store_text(ctx, pd);

	/*
	 * MSOnline exports have no sync flag: a LastDirSyncTime says the
	 * object is synced (formats.md 2e).  Where the flag is exported it
	 * wins: a cloud-managed object keeps its last sync time.
	 */
	if (!pd->has_sync_enabled && pd->has_last_sync)
		o->sync_enabled = TRI_TRUE;
	store_lists(ctx, pd);
	if (ctx->side == SIDE_ONPREM) {
		o->type = onprem_type(pd);
		if (pd->nclasses)
			o->object_class = pd->classes[pd->nclasses - 1];
	} else
		o->type = cloud_type(ctx, pd);
	store_group_facts(ctx, pd);
	scope_decide(ctx->table, o, &pd->scope, table_member_limit(ctx->table),
	    &ctx->scope);
	ctx->nobjects++;
	if (object_is_sync_type(o->type)) {
		ctx->nsync_candidates++;
		if (o->has_object_guid)
			ctx->nwith_guid++;
	}
	table_commit(ctx->table, o);
}

/*
 * Text values hold C strings in the table, so a NUL inside a text value
 * (LDIF 'name:: base64', JSON \u0000) would cut it there: 'ana@x' NUL
 * 'y' would become 'ana@x' and a false duplicate.  Such a value is kept
 * whole in an escaped form that no other value can have: NUL as the bytes
 * C0 80 (Modified UTF-8), and a C0 byte of the value as C0 C1.  Values
 * with neither byte are left alone; C0 never occurs in valid UTF-8, so an
 * escaped value cannot equal an unescaped one, and the escape is
 * reversible.  The NUL is said as a warning naming its byte offset: the
 * loader is the one place that still sees the bytes as read.
 */
static bool
needs_nul_escape(const struct attr *a)
{
	char	lname[80];

	if ((a->flags & (ATTR_BINARY | ATTR_UNAVAILABLE | ATTR_MEASURED)) ||
	    a->len == 0 ||
	    (memchr(a->value, '\0', a->len) == NULL &&
	    memchr(a->value, 0xc0, a->len) == NULL))
		return false;
	if (!lower_name(a->name, lname, sizeof(lname)))
		return true;
	return !is_binary_name(lname);
}

/* The escaped copy of a's value into to (xmalloc'd: the caller frees). */
static void
escape_nul(struct load_ctx *ctx, const struct attr *a, struct attr *to)
{
	char	*out = xmalloc(2 * a->len + 1);
	size_t	 i, n = 0;
	bool	 is_said = false;

	for (i = 0; i < a->len; i++) {
		unsigned char c = (unsigned char)a->value[i];

		if (c == '\0' || c == 0xc0) {
			out[n++] = (char)0xc0;
			out[n++] = (char)(c == '\0' ? 0x80 : 0xc1);
		} else
			out[n++] = (char)c;
		if (c == '\0' && !is_said) {
			diag(ctx->diag, D_TEXT_NUL, ctx->file, a->line,
			    "attribute '%s', byte offset %zu of %zu: kept whole, the NUL stored as the bytes C0 80 so that it is neither cut nor confused with another value",
			    a->name, i, a->len);
			is_said = true;
		}
	}
	out[n] = '\0';
	*to = *a;
	to->value = out;
	to->len = n;
	to->flags |= LOAD_NUL_ESCAPED;
}

/*
 * rec's attributes with every text value that holds a NUL escaped, or
 * NULL when none does (nearly always).  Free with free_escaped().
 */
static struct attr *
escape_record(struct load_ctx *ctx, const struct record *rec)
{
	struct attr	*copy = NULL;
	size_t		 i;

	for (i = 0; i < rec->nattrs; i++) {
		if (!needs_nul_escape(&rec->attrs[i]))
			continue;
		if (copy == NULL) {
			copy = xreallocarray(NULL, rec->nattrs, sizeof(*copy));
			memcpy(copy, rec->attrs, rec->nattrs * sizeof(*copy));
		}
		escape_nul(ctx, &rec->attrs[i], &copy[i]);
	}
	return copy;
}

static void
free_escaped(struct attr *copy, size_t n)
{
	size_t	i;

	if (copy == NULL)
		return;
	for (i = 0; i < n; i++)
		if (copy[i].flags & LOAD_NUL_ESCAPED)
			free((char *)copy[i].value);
	free(copy);
}

int
load_record(const struct record *rec, void *arg)
{
	struct load_ctx	*ctx = arg;
	struct pending	 pd;
	struct attr	*escaped;
	size_t		 i;

	if (ctx->content == CONTENT_ROLES) {
		diag_accept(ctx->diag);
		tenant_load_role(ctx, rec);
		return 0;
	}
	if (ctx->content == CONTENT_DOMAINS) {
		diag_accept(ctx->diag);
		tenant_load_domain(ctx, rec);
		return 0;
	}
	memset(&pd, 0, sizeof(pd));
	pd.o = table_add(ctx->table, ctx->side, ctx->origin, rec->line);
	if (rec->dn != NULL) {
		pd.o->dn = table_strndup(ctx->table, rec->dn, strlen(rec->dn));
		if (!table_mark_dn(ctx->table, pd.o->dn))
			diag(ctx->diag, D_LOAD_DUP_DN, ctx->file, rec->line,
			    "'%s'", rec->dn);
	}
	escaped = escape_record(ctx, rec);
	for (i = 0; i < rec->nattrs; i++)
		load_attr(ctx, &pd, escaped != NULL ? &escaped[i] :
		    &rec->attrs[i], &rec->attrs[i]);
	finish_object(ctx, &pd);
	free_escaped(escaped, rec->nattrs);
	/* A merged duplicate is counted as skipped, by its diagnostic. */
	if (!tenant_merge_duplicate(ctx, rec, pd.o))
		diag_accept(ctx->diag);
	free(pd.proxies);
	free(pd.prov_errors);
	free(pd.ext);
	free(pd.raw);
	return 0;
}

void
load_end(struct load_ctx *ctx)
{
	if (ctx->side != SIDE_ONPREM || ctx->content != CONTENT_OBJECTS)
		return;
	scope_decide_file(ctx->table, ctx->file, &ctx->scope);
	if (ctx->nsync_candidates > 0 && ctx->nwith_guid == 0)
		diag(ctx->diag, D_LDIF_NO_ANCHOR, ctx->file, 0, NULL);
	if (ctx->nobjects == 1000)
		diag(ctx->diag, D_LDIF_PAGE_LIMIT, ctx->file, 0, NULL);
}
