/*
 * The unified object table: objects in one arena, an intern set for
 * strings, and per-key-space indexes built once after loading.  See
 * table.h.  It knows no input format and no rule.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "table.h"
#include "xalloc.h"

/*
 * Every interned string is preceded in the arena by its head, its length
 * and its id (the string's position in t->strs), then by a gap of
 * INTERN_GAP bytes.  The indexes are arrays by id, so a key found in an
 * object reaches its postings without a probe.  The gap holds the "smtp:"
 * of a proxy address whose address is already its own key
 * (table_intern_proxy): the proxy and its key are then one copy.
 */
struct intern_head {
	uint32_t	 len;
	uint32_t	 id;
};

#define INTERN_GAP	5	/* strlen("smtp:") */

/* 8 bytes: the probe loop touches little memory; strings via t->strs. */
struct intern_slot {
	uint32_t	 hash;
	uint32_t	 id1;		/* id + 1; 0: empty slot */
};

/* The anchor map while loading: an on-premises object by its anchor. */
struct anchor_slot {
	const char		*anchor;	/* interned; NULL: empty */
	const struct object	*object;
};

/*
 * The key spaces share compressed rows by string id: the postings of the
 * key with id i are postings[start[i]] up to postings[start[i + 1]],
 * grouped by space and in table order within a space.  A string is
 * seldom a key in two spaces (a UPN that is also an address), so one row
 * array costs 4 bytes per string where one per space cost 16.
 */
struct key_index {
	uint32_t	*start;		/* nstrs + 1 entries */
	struct posting	*postings;
	/* Ids with two postings or more (in all spaces), first seen. */
	uint32_t	*order[KEY_MAX];
	size_t		 norder[KEY_MAX];
	unsigned char	*seen;		/* while building: spaces seen, by id */
};

struct pending_role {
	const char	*role;
	const char	*id_key;	/* lower case, may be NULL */
	const char	*upn_key;	/* lower case, may be NULL */
};

struct table {
	struct arena		 arena;
	unsigned		 flags;
	enum anchor_mode	 anchor_mode;
	unsigned long		 member_limit;
	bool			 is_group_anchor_object_guid;
	enum forest_join	 forest_join;
	/* What loading could not decide, in words (table_add_limitation). */
	const char		**limitations;
	size_t			  nlimitations, limitations_cap;
	/* table_keep_raw_of(): the caller's names, kept raw */
	const char *const	*raw_names;
	size_t			 nraw_names;

	struct intern_slot	*intern;
	size_t			 intern_cap;
	char			**strs;		/* interned strings by id */
	size_t			 nstrs;
	size_t			 strs_cap;
	size_t			 nindexed;	/* nstrs when indexes were built */

	struct object		**objects;
	size_t			 nobjects;
	size_t			 objects_cap;

	struct domain		*domains;
	size_t			 ndomains;
	/* Positions in domains by a hash of the name, ASCII case folded. */
	uint32_t		*domain_slots;
	size_t			 domain_mask;	/* slots - 1, a power of 2 */

	struct pending_role	*roles;
	size_t			 nroles;
	size_t			 unmatched_roles;

	struct object		**ids;		/* cloud objects by id_key */
	size_t			 ids_cap;
	size_t			 ids_n;
	const char		**dns;		/* set of DNs, by content */
	size_t			 dns_cap;
	size_t			 dns_n;
	struct anchor_slot	*anchors;	/* on-prem objects, by anchor */
	size_t			 anchors_cap;
	size_t			 anchors_n;

	struct key_index	 index;
	bool			 is_indexed;
};

/*
 * Bit-field packing is the compiler's choice: catch one that spends more
 * than a word on these, which there are millions of.
 */
_Static_assert(sizeof(struct posting) == 8, "struct posting is 8 bytes");
_Static_assert(sizeof(struct smtp_key) == 8, "struct smtp_key is 8 bytes");
/*
 * Two million objects: each 8 bytes more is 15 MB more at 1M + 1M.
 * mingw lays bit-fields out the Microsoft way (a new unit for each
 * declared type), so the bound holds for the System V layout only.
 */
#ifndef _WIN32
_Static_assert(sizeof(struct object) <= 200, "struct object grew");
/* Some half a million objects at 1M + 1M have rare fields. */
_Static_assert(sizeof(struct object_rare) <= 136, "struct object_rare grew");
#endif

/*
 * Eight bytes per step with a multiply-xorshift mix: every value of an
 * export is hashed once on entry, so this is on the hot path.
 */
static uint64_t
hash_bytes(const char *s, size_t len)
{
	uint64_t	h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)len;
	uint64_t	k;

	while (len >= 8) {
		memcpy(&k, s, 8);
		h = (h ^ k) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
		s += 8;
		len -= 8;
	}
	k = 0;
	memcpy(&k, s, len);
	h = (h ^ k) * 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 29;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 32;
	return h;
}

/* Interned strings are unique, so their addresses are keys too. */
static uint64_t
hash_pointer(const void *p)
{
	uint64_t	x = (uint64_t)(uintptr_t)p;

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

struct table *
table_new(unsigned flags)
{
	struct table	*t = xcalloc(1, sizeof(*t));

	arena_init(&t->arena);
	t->flags = flags;
	t->anchor_mode = ANCHOR_AUTO;
	t->member_limit = 250000;
	t->intern_cap = 1024;
	t->intern = xcalloc(t->intern_cap, sizeof(*t->intern));
	return t;
}

static void
index_release(struct key_index *ix)
{
	size_t	space;

	free(ix->start);
	free(ix->postings);
	for (space = 0; space < KEY_MAX; space++)
		free(ix->order[space]);
	free(ix->seen);
	memset(ix, 0, sizeof(*ix));
}

void
table_free(struct table *t)
{
	if (t == NULL)
		return;
	index_release(&t->index);
	free(t->intern);
	free(t->strs);
	free(t->dns);
	free(t->ids);
	free(t->anchors);
	free(t->objects);
	free(t->domains);
	free(t->domain_slots);
	free(t->roles);
	free(t->limitations);
	arena_release(&t->arena);
	free(t);
}

bool
table_keeps_raw(const struct table *t)
{
	return (t->flags & TABLE_KEEP_RAW) != 0;
}

void
table_keep_raw_of(struct table *t, const char *const *names, size_t n)
{
	t->raw_names = names;
	t->nraw_names = n;
}

bool
table_keeps_raw_of(const struct table *t, const char *name)
{
	size_t	i;

	if (t->flags & TABLE_KEEP_RAW)
		return true;
	for (i = 0; i < t->nraw_names; i++)
		if (strcasecmp(t->raw_names[i], name) == 0)
			return true;
	return false;
}

void
table_set_anchor_mode(struct table *t, enum anchor_mode mode)
{
	t->anchor_mode = mode;
}

enum anchor_mode
table_anchor_mode(const struct table *t)
{
	return t->anchor_mode;
}

void
table_set_forest_join(struct table *t, enum forest_join j)
{
	t->forest_join = j;
}

enum forest_join
table_forest_join(const struct table *t)
{
	return t->forest_join;
}

void
table_set_group_anchor_object_guid(struct table *t, bool on)
{
	t->is_group_anchor_object_guid = on;
}

void
table_set_member_limit(struct table *t, unsigned long limit)
{
	t->member_limit = limit;
}

unsigned long
table_member_limit(const struct table *t)
{
	return t->member_limit;
}

void
table_add_limitation(struct table *t, const char *fmt, ...)
{
	va_list	ap;

	GROW(t->limitations, t->nlimitations, t->limitations_cap);
	va_start(ap, fmt);
	t->limitations[t->nlimitations++] = arena_vprintf(&t->arena, fmt, ap);
	va_end(ap);
}

size_t
table_nlimitations(const struct table *t)
{
	return t->nlimitations;
}

const char *
table_limitation(const struct table *t, size_t i)
{
	return i < t->nlimitations ? t->limitations[i] : NULL;
}

const char *
table_strndup(struct table *t, const char *s, size_t len)
{
	return arena_strndup(&t->arena, s, len);
}

void *
table_alloc(struct table *t, size_t size)
{
	return arena_alloc(&t->arena, size);
}

static struct intern_head
intern_head_of(const char *s)
{
	struct intern_head	h;

	memcpy(&h, s - INTERN_GAP - sizeof(h), sizeof(h));
	return h;
}

static void
intern_grow(struct table *t)
{
	struct intern_slot	*old = t->intern;
	size_t			 oldcap = t->intern_cap, i, j;

	t->intern_cap *= 2;
	t->intern = xcalloc(t->intern_cap, sizeof(*t->intern));
	for (i = 0; i < oldcap; i++) {
		if (old[i].id1 == 0)
			continue;
		j = old[i].hash & (t->intern_cap - 1);
		while (t->intern[j].id1 != 0)
			j = (j + 1) & (t->intern_cap - 1);
		t->intern[j] = old[i];
	}
	free(old);
}

/* The number of the slot holding s, or of the empty slot it belongs in. */
static size_t
intern_probe(const struct table *t, const char *s, size_t len, uint32_t h)
{
	size_t			 j = h & (t->intern_cap - 1);
	const struct intern_slot *slot;

	for (;;) {
		slot = &t->intern[j];
		if (slot->id1 == 0)
			return j;
		if (slot->hash == h) {
			const char *p = t->strs[slot->id1 - 1];

			if (intern_head_of(p).len == len &&
			    memcmp(p, s, len) == 0)
				return j;
		}
		j = (j + 1) & (t->intern_cap - 1);
	}
}

/*
 * A new interned copy of s with its head, given the next id; the gap
 * holds prefix (INTERN_GAP bytes), or zeros when prefix is NULL.
 */
static char *
intern_copy(struct table *t, const char *s, size_t len, const char *prefix)
{
	struct intern_head	 h;
	char			*p;

	/* Values are capped far below this by struct limits. */
	if (len >= UINT32_MAX || t->nstrs >= UINT32_MAX - 1) {
		fputs("syncdoctor: out of memory\n", stderr);
		exit(3);
	}
	h.len = (uint32_t)len;
	h.id = (uint32_t)t->nstrs;
	p = arena_alloc_bytes(&t->arena, sizeof(h) + INTERN_GAP + len + 1);
	memcpy(p, &h, sizeof(h));
	p += sizeof(h);
	if (prefix != NULL)
		memcpy(p, prefix, INTERN_GAP);
	else
		memset(p, 0, INTERN_GAP);
	p += INTERN_GAP;
	memcpy(p, s, len);
	p[len] = '\0';
	if (t->nstrs == t->strs_cap) {
		t->strs_cap = t->strs_cap ? t->strs_cap * 2 : 1024;
		t->strs = xreallocarray(t->strs, t->strs_cap,
		    sizeof(*t->strs));
	}
	t->strs[t->nstrs++] = p;
	return p;
}

/* The interned copy of s; a new one has prefix in its gap (may be NULL). */
static char *
table_intern_new(struct table *t, const char *s, size_t len,
    const char *prefix)
{
	uint32_t		 h = (uint32_t)hash_bytes(s, len);
	struct intern_slot	*slot;
	char			*p;

	/* A second copy of an interned string would break its identity. */
	if (t->intern == NULL) {
		fputs("syncdoctor: internal error: a string interned after "
		    "the table's lookups were released\n", stderr);
		abort();
	}
	slot = &t->intern[intern_probe(t, s, len, h)];
	if (slot->id1 != 0)
		return t->strs[slot->id1 - 1];
	p = intern_copy(t, s, len, prefix);
	slot->hash = h;
	slot->id1 = (uint32_t)t->nstrs;
	/*
	 * Grow past 3/4 full: a slot is 8 bytes, eight to a cache line, so
	 * even the longer linear probes of a fuller table stay within a line
	 * or two, and at a million objects the slots are 64 MB smaller.
	 */
	if (t->nstrs * 4 > t->intern_cap * 3)
		intern_grow(t);
	return p;
}

/* The interned copy of s, or NULL when s was never interned. */
static const char *
table_find_interned(const struct table *t, const char *s)
{
	size_t			 len = strlen(s);
	const struct intern_slot *slot;

	if (t->intern == NULL)
		return NULL;	/* released: table_release_lookups() */
	slot = &t->intern[intern_probe(t, s, len,
	    (uint32_t)hash_bytes(s, len))];
	return slot->id1 != 0 ? t->strs[slot->id1 - 1] : NULL;
}

/*
 * The id of key, which should be a string this table interned (the keys
 * table_commit sets are); a string from elsewhere is found by its bytes.
 * -1 when the table never interned those bytes.
 */
static long
intern_id(const struct table *t, const char *key)
{
	uint32_t	id = intern_head_of(key).id;

	if (id < t->nstrs && t->strs[id] == key)
		return id;
	key = table_find_interned(t, key);
	return key != NULL ? (long)intern_head_of(key).id : -1;
}

const char *
table_intern(struct table *t, const char *s, size_t len)
{
	return table_intern_new(t, s, len, NULL);
}

bool
table_is_key_form(const char *s, size_t len)
{
	size_t	i;

	if (len == 0 || s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' ||
	    s[len - 1] == '\t')
		return false;
	for (i = 0; i < len; i++)
		if ((s[i] >= 'A' && s[i] <= 'Z') || s[i] == '\0')
			return false;
	return true;
}

const char *
table_intern_proxy(struct table *t, const char *proxy, size_t len)
{
	char	*p;

	if (len <= INTERN_GAP || strncasecmp(proxy, "smtp:", INTERN_GAP) != 0 ||
	    !table_is_key_form(proxy + INTERN_GAP, len - INTERN_GAP))
		return NULL;
	p = table_intern_new(t, proxy + INTERN_GAP, len - INTERN_GAP,
	    proxy) - INTERN_GAP;
	/* A key interned before with an empty gap takes this prefix. */
	if (memcmp(p, "\0\0\0\0\0", INTERN_GAP) == 0)
		memcpy(p, proxy, INTERN_GAP);
	return memcmp(p, proxy, INTERN_GAP) == 0 ? p : NULL;
}

const char *
table_intern_lower(struct table *t, const char *s, size_t len)
{
	char		 stackbuf[256];
	char		*buf;
	const char	*p;
	size_t		 i;

	if (len == 0)
		return table_intern(t, "", 0);
	buf = len <= sizeof(stackbuf) ? stackbuf : xmalloc(len);

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		buf[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	p = table_intern(t, buf, len);
	if (buf != stackbuf)
		free(buf);
	return p;
}

/* Put dn in the DN set, whose capacity is known to be free. */
static const char *
dns_insert(struct table *t, const char *dn)
{
	size_t	j = hash_bytes(dn, strlen(dn)) & (t->dns_cap - 1);

	while (t->dns[j] != NULL) {
		if (strcmp(t->dns[j], dn) == 0)
			return t->dns[j];
		j = (j + 1) & (t->dns_cap - 1);
	}
	t->dns[j] = dn;
	t->dns_n++;
	return dn;
}

/*
 * The set holds DNs by content, not interned: a DN is unique but for a
 * duplicate export, and interning it would cost an intern slot, an id and
 * a head for nothing.
 */
bool
table_mark_dn(struct table *t, const char *dn)
{
	if (t->dns_n * 2 >= t->dns_cap) {
		const char	**old = t->dns;
		size_t		  oldcap = t->dns_cap, i;

		t->dns_cap = oldcap ? oldcap * 2 : 1024;
		t->dns = xcalloc(t->dns_cap, sizeof(*t->dns));
		t->dns_n = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i] != NULL)
				dns_insert(t, old[i]);
		free(old);
	}
	return dns_insert(t, dn) == dn;
}

/* The rare fields of every object that has none: all zero, never written. */
static const struct object_rare	rare_none;

struct object_rare *
table_rare(struct table *t, struct object *o)
{
	struct object_rare	*rare;

	if (o->rare != &rare_none)
		return (struct object_rare *)o->rare;
	rare = arena_calloc(&t->arena, 1, sizeof(*rare));
	o->rare = rare;
	return rare;
}

const struct object_origin *
table_origin(struct table *t, const char *file, const char *label)
{
	struct object_origin	*origin = arena_alloc(&t->arena,
				    sizeof(*origin));

	origin->file = table_intern(t, file, strlen(file));
	origin->label = table_intern(t, label, strlen(label));
	return origin;
}

struct object *
table_add(struct table *t, enum side side,
    const struct object_origin *origin, unsigned long line)
{
	struct object	*o = arena_calloc(&t->arena, 1, sizeof(*o));

	if (t->nobjects == t->objects_cap) {
		t->objects_cap = t->objects_cap ? t->objects_cap * 2 : 1024;
		t->objects = xreallocarray(t->objects, t->objects_cap,
		    sizeof(*t->objects));
	}
	o->side = side;
	o->origin = origin;
	o->line = line;
	o->index = (uint32_t)t->nobjects;
	o->rare = &rare_none;
	t->objects[t->nobjects++] = o;
	t->is_indexed = false;
	return o;
}

/* Trimmed bounds of s: keys ignore surrounding white space. */
static void
trim(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

static int
source_rank(enum addr_source source)
{
	/* When one object holds a key twice, report its strongest claim. */
	return source == ADDR_PRIMARY ? 0 : source == ADDR_MAIL ? 1 : 2;
}

/* No key known yet: smtp_key_add interns the address. */
#define NO_KEY	UINT32_MAX

/*
 * Add addr's key to keys; key_id_known is its string id when the caller
 * knows it already (NO_KEY: intern it here).
 */
static void
smtp_key_add(struct table *t, struct smtp_key *keys, size_t *n,
    const char *addr, size_t len, uint32_t proxy, enum addr_source source,
    uint32_t key_id_known)
{
	uint32_t	key_id;
	size_t		i;

	if (key_id_known != NO_KEY)
		key_id = key_id_known;
	else {
		trim(&addr, &len);
		if (len == 0)
			return;
		key_id = intern_head_of(table_intern_lower(t, addr, len)).id;
	}
	for (i = 0; i < *n; i++) {
		if (keys[i].key_id != key_id)
			continue;
		if (source_rank(source) < source_rank(keys[i].source)) {
			keys[i].source = source;
			keys[i].proxy = proxy;
		}
		return;
	}
	keys[*n].key_id = key_id;
	keys[*n].proxy = proxy;
	keys[*n].source = source;
	(*n)++;
}

/* s[0..n) is the domain suffix or a name under it, ASCII case aside. */
static bool
is_domain_under(const char *s, size_t n, const char *suffix, size_t k)
{
	size_t	i;

	if (n < k || (n > k && s[n - k - 1] != '.'))
		return false;
	for (i = 0, s += n - k; i < k; i++) {
		char	c = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] | 0x20) : s[i];

		if (c != suffix[i])
			return false;
	}
	return true;
}

/* Domains Microsoft reserves (the suffixes in lower case). */
static bool
is_reserved_domain(const char *domain, size_t n)
{
	return is_domain_under(domain, n, "onmicrosoft.com", 15) ||
	    is_domain_under(domain, n, "microsoftonline.com", 19);
}

bool
smtp_proxy_is_reserved(const char *address)
{
	const char	*at = strrchr(address, '@');

	return at != NULL && is_reserved_domain(at + 1, strlen(at + 1));
}

/*
 * A byte the proxy calculation refuses in an address: controls, space,
 * DEL, every non-ASCII byte and < > ( ) ; , [ ] " \.  A switch, not
 * strchr: every byte of every on-premises SMTP proxy comes here.
 */
static bool
is_address_refused(unsigned char c)
{
	if (c <= ' ' || c >= 0x7f)
		return true;
	switch (c) {
	case '<': case '>': case '(': case ')': case ';': case ',':
	case '[': case ']': case '"': case '\\':
		return true;
	default:
		return false;
	}
}

/*
 * One pass over every on-premises SMTP proxy: exactly one '@' with
 * something on each side, no '.' first, right before the '@' or doubled,
 * no refused byte, and not in a reserved domain.
 */
bool
smtp_proxy_is_discarded(const char *address)
{
	const char	*at = NULL, *p;

	if (address[0] == '.')
		return true;
	for (p = address;; p++) {
		unsigned char	c = (unsigned char)*p;

		/* Letters and digits first: nearly every byte is one. */
		if ((unsigned)((c | 0x20) - 'a') < 26 || (unsigned)(c - '0') < 10)
			continue;
		if (c == '\0')
			break;
		if (c == '@') {
			if (at != NULL)
				return true;
			at = p;
		} else if (c == '.') {
			if (p[1] == '.')
				return true;
		} else if (is_address_refused(c))
			return true;
	}
	if (at == NULL || at == address || at[1] == '\0' || at[-1] == '.')
		return true;
	return is_reserved_domain(at + 1, (size_t)(p - at - 1));
}

/*
 * Only the smtp type is in the address space; X500, SIP etc. are not.
 * Nor, on premises, an address the proxy calculation discards: it never
 * reaches Entra ID, so it can neither clash nor soft-match.
 */
static bool
is_smtp_proxy(const struct object *o, const char *p)
{
	if (strncasecmp(p, "smtp:", 5) != 0)
		return false;
	return o->side != SIDE_ONPREM || !smtp_proxy_is_discarded(p + 5);
}

/*
 * The id of the key twin computed for its proxy address at p (the very
 * copy a cloud object shares with its on-premises twin), or NO_KEY.
 */
static uint32_t
twin_proxy_key(const struct object *twin, const char *p)
{
	size_t	i;

	for (i = 0; twin != NULL && i < twin->nsmtp_keys; i++) {
		const struct smtp_key *k = &twin->smtp_keys[i];

		if (k->source != ADDR_MAIL &&
		    twin->proxy_addresses[k->proxy] == p)
			return k->key_id;
	}
	return NO_KEY;
}

/*
 * o's SMTP keys.  An address o shares with its twin (by pointer: load.c
 * stores a cloud object's equal values once) takes the twin's key
 * instead of being lower-cased and interned again.
 */
static void
commit_smtp_keys(struct table *t, struct object *o,
    const struct object *twin)
{
	struct smtp_key	*keys;
	size_t		 n = o->mail != NULL, i;

	/* Sized exactly: a million objects each keep this array. */
	for (i = 0; i < o->nproxy_addresses; i++)
		n += is_smtp_proxy(o, o->proxy_addresses[i]);
	o->smtp_keys = NULL;
	o->nsmtp_keys = 0;
	if (n == 0)
		return;
	keys = arena_alloc(&t->arena, n * sizeof(*keys));
	n = 0;
	if (o->mail != NULL)
		smtp_key_add(t, keys, &n, o->mail, strlen(o->mail), 0,
		    ADDR_MAIL, NO_KEY);
	for (i = 0; i < o->nproxy_addresses && i < TABLE_MAX_PROXIES; i++) {
		const char	*p = o->proxy_addresses[i];

		if (!is_smtp_proxy(o, p))
			continue;
		smtp_key_add(t, keys, &n, p + 5, strlen(p + 5), (uint32_t)i,
		    strncmp(p, "SMTP:", 5) == 0 ? ADDR_PRIMARY :
		    ADDR_SECONDARY, twin_proxy_key(twin, p));
	}
	o->smtp_keys = keys;
	o->nsmtp_keys = n;
}

/*
 * o's sourceAnchor attribute.  With mS-DS-ConsistencyGuid as the source
 * anchor (the default since Connect 1.1.524): users use its value when
 * set, else objectGUID (which Connect then writes into it); groups too
 * since Connect 1.5.18.0 (never written back; --group-anchor objectGUID
 * for older versions); contacts always use objectGUID
 * (plan-connect-design-concepts, how-to-connect-migrate-groups).
 */
static void
commit_anchor(struct table *t, struct object *o)
{
	bool	has_object_guid = object_guid_b64(o) != NULL;
	bool	has_consistency_guid = o->rare->consistency_guid_b64 != NULL;
	bool	uses_consistency_guid;

	o->anchor_source = ANCHOR_SOURCE_NONE;
	if (o->side == SIDE_CLOUD) {
		if (o->immutable_id != NULL)
			o->anchor_source = ANCHOR_SOURCE_IMMUTABLE_ID;
		return;
	}
	uses_consistency_guid = t->anchor_mode != ANCHOR_OBJECT_GUID &&
	    (o->type == OBJ_USER ||
	    (o->type == OBJ_GROUP && !t->is_group_anchor_object_guid));
	if (uses_consistency_guid && has_consistency_guid)
		o->anchor_source = ANCHOR_SOURCE_CONSISTENCY_GUID;
	else if (has_object_guid)
		o->anchor_source = ANCHOR_SOURCE_OBJECT_GUID;
}

const char *
object_anchor(const struct object *o)
{
	switch (o->anchor_source) {
	case ANCHOR_SOURCE_NONE:
		break;
	case ANCHOR_SOURCE_OBJECT_GUID:
		return o->onprem.object_guid_b64;
	case ANCHOR_SOURCE_CONSISTENCY_GUID:
		return o->rare->consistency_guid_b64;
	case ANCHOR_SOURCE_IMMUTABLE_ID:
		return o->immutable_id;
	}
	return NULL;
}

const char *
object_anchor_attribute(const struct object *o)
{
	switch (o->anchor_source) {
	case ANCHOR_SOURCE_NONE:
		break;
	case ANCHOR_SOURCE_OBJECT_GUID:
		return "objectGUID";
	case ANCHOR_SOURCE_CONSISTENCY_GUID:
		return "mS-DS-ConsistencyGuid";
	case ANCHOR_SOURCE_IMMUTABLE_ID:
		return "onPremisesImmutableId";
	}
	return NULL;
}

/* Put o under anchor in the anchor map, whose capacity is known free. */
static void
anchors_insert(struct table *t, const char *anchor, const struct object *o)
{
	size_t	j = hash_pointer(anchor) & (t->anchors_cap - 1);

	while (t->anchors[j].object != NULL) {
		/* The same anchor twice: the first object keeps it. */
		if (t->anchors[j].anchor == anchor)
			return;
		j = (j + 1) & (t->anchors_cap - 1);
	}
	t->anchors[j].anchor = anchor;
	t->anchors[j].object = o;
	t->anchors_n++;
}

/*
 * Remember on-prem o by its anchor until table_index, so that the loader
 * finds a cloud object's twin while the indexes do not exist yet.
 */
static void
anchors_add(struct table *t, const char *anchor, const struct object *o)
{
	if (t->anchors_n * 2 >= t->anchors_cap) {
		struct anchor_slot	*old = t->anchors;
		size_t			 oldcap = t->anchors_cap, i;

		t->anchors_cap = oldcap ? oldcap * 2 : 1024;
		t->anchors = xcalloc(t->anchors_cap, sizeof(*t->anchors));
		t->anchors_n = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i].object != NULL)
				anchors_insert(t, old[i].anchor,
				    old[i].object);
		free(old);
	}
	anchors_insert(t, anchor, o);
}

const struct object *
table_find_onprem_anchor(const struct table *t, const char *anchor)
{
	size_t	j;

	if (anchor == NULL || t->anchors_cap == 0)
		return NULL;
	j = hash_pointer(anchor) & (t->anchors_cap - 1);
	while (t->anchors[j].object != NULL) {
		if (t->anchors[j].anchor == anchor)
			return t->anchors[j].object;
		j = (j + 1) & (t->anchors_cap - 1);
	}
	return NULL;
}

void
table_commit(struct table *t, struct object *o)
{
	const struct object	*twin = NULL;

	/* A cloud object shares equal values, and so keys, with its twin. */
	if (o->side == SIDE_CLOUD)
		twin = table_find_onprem_anchor(t, o->immutable_id);
	if (twin != NULL && o->upn != NULL && o->upn == twin->upn)
		o->upn_key = twin->upn_key;
	else if (o->upn != NULL) {
		const char	*s = o->upn;
		size_t		 len = strlen(s);

		trim(&s, &len);
		if (len > 0)
			o->upn_key = table_intern_lower(t, s, len);
	}
	if (o->side == SIDE_CLOUD && o->id != NULL)
		o->cloud.id_key = table_intern_lower(t, o->id, strlen(o->id));
	commit_smtp_keys(t, o, twin);
	commit_anchor(t, o);
	if (o->side == SIDE_ONPREM && object_anchor(o) != NULL)
		anchors_add(t, object_anchor(o), o);
}

static void
ids_grow(struct table *t)
{
	struct object	**old = t->ids;
	size_t		  oldcap = t->ids_cap, i, j;

	t->ids_cap = oldcap ? oldcap * 2 : 1024;
	t->ids = xcalloc(t->ids_cap, sizeof(*t->ids));
	for (i = 0; i < oldcap; i++) {
		if (old[i] == NULL)
			continue;
		j = hash_pointer(object_id_key(old[i])) & (t->ids_cap - 1);
		while (t->ids[j] != NULL)
			j = (j + 1) & (t->ids_cap - 1);
		t->ids[j] = old[i];
	}
	free(old);
}

struct object *
table_claim_cloud_id(struct table *t, struct object *o)
{
	size_t	j;

	if (object_id_key(o) == NULL)
		return NULL;
	if (t->ids_n * 2 >= t->ids_cap)
		ids_grow(t);
	j = hash_pointer(object_id_key(o)) & (t->ids_cap - 1);
	while (t->ids[j] != NULL) {
		if (object_id_key(t->ids[j]) == object_id_key(o))
			return t->ids[j];
		j = (j + 1) & (t->ids_cap - 1);
	}
	t->ids[j] = o;
	t->ids_n++;
	return NULL;
}

void
table_drop_last(struct table *t)
{
	/* Its memory stays in the arena until table_free: harmless. */
	if (t->nobjects > 0)
		t->nobjects--;
}

void
table_set_scope(struct table *t, size_t i, enum scope scope,
    const char *note)
{
	if (i >= t->nobjects)
		return;
	t->objects[i]->scope = scope;
	table_rare(t, t->objects[i])->scope_note = note;
}

size_t
table_count(const struct table *t)
{
	return t->nobjects;
}

const struct object *
table_get(const struct table *t, size_t i)
{
	return i < t->nobjects ? t->objects[i] : NULL;
}

#define NO_DOMAIN	UINT32_MAX

/* FNV-1a over s[0..len) with ASCII letters folded to lower case. */
static size_t
domain_hash(const char *s, size_t len)
{
	uint64_t	h = 0xcbf29ce484222325ULL;
	size_t		i;

	for (i = 0; i < len; i++) {
		unsigned char	c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			c |= 0x20;
		h = (h ^ c) * 0x100000001b3ULL;
	}
	return (size_t)h;
}

/*
 * Slots for every domain, at most half full.  Rebuilt whenever one is
 * added: a tenant has hundreds of domains at most, and every address of
 * every object is looked up in them.
 */
static void
domains_rehash(struct table *t)
{
	size_t	size = 16, i, k;

	while (size < 2 * t->ndomains)
		size *= 2;
	free(t->domain_slots);
	t->domain_slots = xreallocarray(NULL, size, sizeof(*t->domain_slots));
	for (i = 0; i < size; i++)
		t->domain_slots[i] = NO_DOMAIN;
	t->domain_mask = size - 1;
	for (i = 0; i < t->ndomains; i++) {
		const char	*name = t->domains[i].name;

		k = domain_hash(name, strlen(name)) & t->domain_mask;
		while (t->domain_slots[k] != NO_DOMAIN)
			k = (k + 1) & t->domain_mask;
		t->domain_slots[k] = (uint32_t)i;
	}
}

void
table_add_domain(struct table *t, const struct domain *d)
{
	struct domain	*nd;
	size_t		 i;

	/* The same domain from two inputs: the later facts win. */
	for (i = 0; i < t->ndomains; i++)
		if (t->domains[i].name == d->name)
			break;
	if (i == t->ndomains) {
		t->domains = xreallocarray(t->domains, t->ndomains + 1,
		    sizeof(*t->domains));
		t->ndomains++;
	}
	nd = &t->domains[i];
	*nd = *d;
	if (i + 1 == t->ndomains)
		domains_rehash(t);
}

size_t
table_ndomains(const struct table *t)
{
	return t->ndomains;
}

const struct domain *
table_domain(const struct table *t, size_t i)
{
	return i < t->ndomains ? &t->domains[i] : NULL;
}

const struct domain *
table_find_domain(const struct table *t, const char *name)
{
	size_t	len = strlen(name), k;

	while (len > 0 && name[len - 1] == '.')
		len--;
	if (t->ndomains == 0)
		return NULL;
	for (k = domain_hash(name, len) & t->domain_mask;
	    t->domain_slots[k] != NO_DOMAIN; k = (k + 1) & t->domain_mask) {
		const struct domain	*d = &t->domains[t->domain_slots[k]];

		if (strlen(d->name) == len && strncasecmp(d->name, name, len) == 0)
			return d;
	}
	return NULL;
}

void
table_add_role(struct table *t, const char *role, const char *id,
    const char *upn)
{
	struct pending_role	*r;

	t->roles = xreallocarray(t->roles, t->nroles + 1, sizeof(*t->roles));
	r = &t->roles[t->nroles++];
	r->role = table_intern(t, role, strlen(role));
	r->id_key = id && *id ? table_intern_lower(t, id, strlen(id)) : NULL;
	r->upn_key = upn && *upn ? table_intern_lower(t, upn, strlen(upn)) :
	    NULL;
}

size_t
table_unmatched_roles(const struct table *t)
{
	return t->unmatched_roles;
}

/* Call fn(t, key, posting) for every key object o has in space. */
typedef void	(*posting_fn)(struct table *t, const char *key,
		    const struct posting *p);

static void
object_postings(struct table *t, enum key_space space,
    const struct object *o, posting_fn fn)
{
	struct posting	p = { .object_index = o->index, .space = space };
	uint32_t	i;

	switch (space) {
	case KEY_UPN:
		if (o->upn_key != NULL)
			fn(t, o->upn_key, &p);
		break;
	case KEY_SMTP:
		for (i = 0; i < o->nsmtp_keys; i++) {
			p.slot = i;
			p.source = o->smtp_keys[i].source;
			fn(t, smtp_key_string(t, &o->smtp_keys[i]), &p);
		}
		break;
	case KEY_ANCHOR:
		if (object_anchor(o) != NULL)
			fn(t, object_anchor(o), &p);
		break;
	case KEY_CLOUD_ID:
		if (object_id_key(o) != NULL)
			fn(t, object_id_key(o), &p);
		break;
	case KEY_MAX:
		break;
	}
}

/*
 * Count pass: start[id + 1] counts the postings of key id; a key's first
 * posting in a space puts it on that space's first-seen order list.
 */
static void
count_posting(struct table *t, const char *key, const struct posting *p)
{
	struct key_index	*ix = &t->index;
	long			 id = intern_id(t, key);
	unsigned		 bit = 1u << p->space;

	if (id < 0)
		return;
	ix->start[id + 1]++;
	if ((ix->seen[id] & bit) == 0) {
		ix->seen[id] |= (unsigned char)bit;
		ix->order[p->space][ix->norder[p->space]++] = (uint32_t)id;
	}
}

/* Fill pass: start[id] is the next free posting of key id. */
static void
fill_posting(struct table *t, const char *key, const struct posting *p)
{
	struct key_index	*ix = &t->index;
	long			 id = intern_id(t, key);

	if (id >= 0)
		ix->postings[ix->start[id]++] = *p;
}

static size_t
object_nkeys(const struct object *o, enum key_space space)
{
	switch (space) {
	case KEY_UPN:
		return o->upn_key != NULL;
	case KEY_SMTP:
		return o->nsmtp_keys;
	case KEY_ANCHOR:
		return object_anchor(o) != NULL;
	case KEY_CLOUD_ID:
		return object_id_key(o) != NULL;
	case KEY_MAX:
		break;
	}
	return 0;
}

/* Every key of object o in every space, to fn. */
static void
object_all_postings(struct table *t, const struct object *o, posting_fn fn)
{
	size_t	space;

	for (space = 0; space < KEY_MAX; space++)
		object_postings(t, (enum key_space)space, o, fn);
}

/* Room for the postings counted in totals. */
static void
index_alloc(struct table *t, const size_t *totals)
{
	struct key_index	*ix = &t->index;
	size_t			 space, total = 0;

	for (space = 0; space < KEY_MAX; space++) {
		total += totals[space];
		ix->order[space] = xcalloc(totals[space] ? totals[space] : 1,
		    sizeof(*ix->order[space]));
	}
	if (total >= UINT32_MAX) {
		fputs("syncdoctor: out of memory\n", stderr);
		exit(3);
	}
	ix->start = xcalloc(t->nstrs + 1, sizeof(*ix->start));
	ix->seen = xcalloc(t->nstrs ? t->nstrs : 1, sizeof(*ix->seen));
	ix->postings = xcalloc(total ? total : 1, sizeof(*ix->postings));
}

/* Counts to offsets: start[id] becomes where key id's row begins. */
static void
index_offsets(struct key_index *ix, size_t n)
{
	size_t	i;

	for (i = 1; i <= n; i++)
		ix->start[i] += ix->start[i - 1];
}

/*
 * Put a row that holds keys of several spaces in space order, keeping
 * table order within each space: one pass per space from a copy, linear
 * however the spaces interleave.  *tmp grows to the longest such row.
 */
static void
row_group(struct posting *row, size_t n, struct posting **tmp,
    size_t *tmp_cap)
{
	size_t	i, k = 0, space;

	if (n > *tmp_cap) {
		*tmp_cap = n;
		*tmp = xreallocarray(*tmp, n, sizeof(**tmp));
	}
	memcpy(*tmp, row, n * sizeof(*row));
	for (space = 0; space < KEY_MAX; space++)
		for (i = 0; i < n; i++)
			if ((size_t)(*tmp)[i].space == space)
				row[k++] = (*tmp)[i];
}

/*
 * The fill moved each start[id] to start[id + 1]: shift back.  The fill
 * went object by object, so rows holding two spaces are grouped here.
 */
static void
index_finish(struct key_index *ix, size_t n)
{
	struct posting	*tmp = NULL;
	size_t		 tmp_cap = 0, i, space;

	for (i = n; i > 0; i--)
		ix->start[i] = ix->start[i - 1];
	ix->start[0] = 0;
	for (i = 0; i < n; i++)
		if ((ix->seen[i] & (ix->seen[i] - 1)) != 0)
			row_group(&ix->postings[ix->start[i]],
			    ix->start[i + 1] - ix->start[i], &tmp, &tmp_cap);
	free(tmp);
	free(ix->seen);
	ix->seen = NULL;
	/*
	 * Keep only the keys some rule may list: at 1M + 1M the six million
	 * keys with one holder are 24 MB (table_foreach_key finds them from
	 * the objects when asked).
	 */
	for (space = 0; space < KEY_MAX; space++) {
		size_t	k = 0;

		for (i = 0; i < ix->norder[space]; i++) {
			uint32_t id = ix->order[space][i];

			if (ix->start[id + 1] - ix->start[id] >= 2)
				ix->order[space][k++] = id;
		}
		ix->norder[space] = k;
		ix->order[space] = xreallocarray(ix->order[space], k ? k : 1,
		    sizeof(*ix->order[space]));
	}
}

/*
 * The index in three sequential sweeps over the objects (sizes, counts,
 * postings), each reading an object once for every key space and
 * touching only arrays by string id.  Keys were interned at load time,
 * so nothing is hashed here.
 */
static void
index_build(struct table *t)
{
	size_t	totals[KEY_MAX] = { 0 };
	size_t	i, space;

	for (i = 0; i < t->nobjects; i++)
		for (space = 0; space < KEY_MAX; space++)
			totals[space] += object_nkeys(t->objects[i],
			    (enum key_space)space);
	index_alloc(t, totals);
	for (i = 0; i < t->nobjects; i++)
		object_all_postings(t, t->objects[i], count_posting);
	index_offsets(&t->index, t->nstrs);
	for (i = 0; i < t->nobjects; i++)
		object_all_postings(t, t->objects[i], fill_posting);
	index_finish(&t->index, t->nstrs);
}

static void	add_role(struct table *t, struct object *o, const char *role);

static void
attach_roles(struct table *t)
{
	size_t	i, j, n;

	for (i = 0; i < t->nroles; i++) {
		const struct pending_role	*r = &t->roles[i];
		const struct posting		*p = NULL;
		struct object			*o;

		if (r->id_key != NULL)
			p = table_lookup(t, KEY_CLOUD_ID, r->id_key, &n);
		if (p == NULL && r->upn_key != NULL)
			p = table_lookup(t, KEY_UPN, r->upn_key, &n);
		for (j = 0; p != NULL && j < n; j++)
			if (posting_object(t, &p[j])->side == SIDE_CLOUD)
				break;
		if (p == NULL || j == n) {
			t->unmatched_roles++;
			continue;
		}
		o = t->objects[p[j].object_index];
		add_role(t, o, r->role);
	}
}

/* Roles are few: a fresh arena copy per addition keeps ownership simple. */
static void
add_role(struct table *t, struct object *o, const char *role)
{
	struct object_rare	 *rare = table_rare(t, o);
	const char		**roles;
	size_t			  i;

	for (i = 0; i < rare->nroles; i++)
		if (rare->roles[i] == role)
			return;
	roles = arena_alloc(&t->arena, (rare->nroles + 1) * sizeof(*roles));
	for (i = 0; i < rare->nroles; i++)
		roles[i] = rare->roles[i];
	roles[rare->nroles++] = role;
	rare->roles = roles;
}

/*
 * The DN and cloud id sets only catch an object exported twice, which
 * loading has done by now; at 1M + 1M they are some 32 MB the rules do
 * not need (the cloud id index is KEY_CLOUD_ID's).
 */
static void
loading_release(struct table *t)
{
	free(t->dns);
	t->dns = NULL;
	t->dns_cap = t->dns_n = 0;
	free(t->ids);
	t->ids = NULL;
	t->ids_cap = t->ids_n = 0;
}

void
table_index(struct table *t)
{
	loading_release(t);
	index_release(&t->index);
	/* Loading is over: nobody looks for a twin by anchor any more. */
	free(t->anchors);
	t->anchors = NULL;
	t->anchors_cap = 0;
	t->anchors_n = 0;
	/* Roles name users by id or UPN: look them up before indexing. */
	index_build(t);
	t->nindexed = t->nstrs;
	t->is_indexed = true;
	t->unmatched_roles = 0;
	attach_roles(t);
}

void
table_release_lookups(struct table *t)
{
	index_release(&t->index);
	free(t->intern);
	t->intern = NULL;
	t->intern_cap = 0;
	t->is_indexed = false;
}

/*
 * The first of the n postings of a row (in space order) whose space is
 * at least space: a binary search, for one address may have thousands of
 * holders and rules look it up once per holder.
 */
static size_t
row_bound(const struct posting *row, size_t n, unsigned space)
{
	size_t	lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((unsigned)row[mid].space < space)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The postings of key id in space: that space's part of id's row. */
static const struct posting *
index_row(const struct key_index *ix, uint32_t id, enum key_space space,
    size_t *n)
{
	const struct posting	*row = &ix->postings[ix->start[id]];
	size_t			 len = ix->start[id + 1] - ix->start[id];
	size_t			 first, end;

	first = row_bound(row, len, (unsigned)space);
	end = row_bound(row, len, (unsigned)space + 1);
	*n = end - first;
	return *n > 0 ? row + first : NULL;
}

const struct posting *
table_lookup(const struct table *t, enum key_space space, const char *key,
    size_t *n)
{
	const char	*interned;
	uint32_t	 id;

	*n = 0;
	if (!t->is_indexed || key == NULL)
		return NULL;
	/* Keys are interned; a string never interned is held by nobody. */
	interned = table_find_interned(t, key);
	if (interned == NULL)
		return NULL;
	id = intern_head_of(interned).id;
	/* Interned after table_index (a role, a domain): no postings. */
	if (id >= t->nindexed)
		return NULL;
	return index_row(&t->index, id, space, n);
}

const struct posting *
table_lookup_interned(const struct table *t, enum key_space space,
    const char *key, size_t *n)
{
	uint32_t	id;

	*n = 0;
	if (!t->is_indexed || key == NULL)
		return NULL;
	id = intern_head_of(key).id;
	/*
	 * A guard, not a test: only the table's own strings may come here
	 * (reading the id in front of any other is out of bounds).  One
	 * interned after indexing has no postings: the nindexed check.
	 */
	if (id >= t->nstrs || t->strs[id] != key)
		return table_lookup(t, space, key, n);
	if (id >= t->nindexed)
		return NULL;
	return index_row(&t->index, id, space, n);
}

bool
table_holds(const struct table *t, enum key_space space, const char *key,
    const struct object *o)
{
	const struct posting	*p;
	size_t			 n, i;

	p = table_lookup(t, space, key, &n);
	for (i = 0; i < n; i++)
		if (p[i].object_index == o->index)
			return true;
	return false;
}

/* Key k (below object_nkeys()) of o in space. */
static const char *
object_key(const struct table *t, const struct object *o,
    enum key_space space, size_t k)
{
	switch (space) {
	case KEY_UPN:
		return o->upn_key;
	case KEY_SMTP:
		return smtp_key_string(t, &o->smtp_keys[k]);
	case KEY_ANCHOR:
		return object_anchor(o);
	case KEY_CLOUD_ID:
		return object_id_key(o);
	case KEY_MAX:
		break;
	}
	return NULL;
}

/*
 * table_foreach_key for keys with one holder too, which the index does
 * not list: the objects' keys in table order, each the first time.
 */
static void
foreach_key_every(const struct table *t, enum key_space space,
    size_t min_holders, key_fn fn, void *arg)
{
	unsigned char		*seen = xcalloc(t->nindexed / 8 + 1, 1);
	const struct posting	*p;
	size_t			 i, k, count;
	long			 id;

	for (i = 0; i < t->nobjects; i++) {
		const struct object *o = t->objects[i];

		for (k = 0; k < object_nkeys(o, space); k++) {
			id = intern_id(t, object_key(t, o, space, k));
			if (id < 0 || (size_t)id >= t->nindexed ||
			    (seen[id / 8] & (1u << (id % 8))) != 0)
				continue;
			seen[id / 8] |= (unsigned char)(1u << (id % 8));
			p = index_row(&t->index, (uint32_t)id, space, &count);
			if (count >= min_holders && count > 0)
				fn(t->strs[id], p, count, arg);
		}
	}
	free(seen);
}

void
table_foreach_key(const struct table *t, enum key_space space,
    size_t min_holders, key_fn fn, void *arg)
{
	const struct key_index	*ix = &t->index;
	const struct posting	*p;
	size_t			 i, count;
	uint32_t		 id;

	if (!t->is_indexed)
		return;
	if (min_holders < 2) {
		foreach_key_every(t, space, min_holders, fn, arg);
		return;
	}
	for (i = 0; i < ix->norder[space]; i++) {
		id = ix->order[space][i];
		p = index_row(ix, id, space, &count);
		if (count >= min_holders && count > 0)
			fn(t->strs[id], p, count, arg);
	}
}

const char *
smtp_key_string(const struct table *t, const struct smtp_key *k)
{
	return t->strs[k->key_id];
}

const char *
smtp_key_raw(const struct object *o, const struct smtp_key *k)
{
	return k->source == ADDR_MAIL ? o->mail :
	    o->proxy_addresses[k->proxy];
}

const struct object *
posting_object(const struct table *t, const struct posting *p)
{
	return t->objects[p->object_index];
}

const char *
posting_raw(const struct table *t, const struct posting *p)
{
	const struct object	*o = posting_object(t, p);

	switch (p->space) {
	case KEY_UPN:
		return o->upn;
	case KEY_SMTP:
		return smtp_key_raw(o, &o->smtp_keys[p->slot]);
	case KEY_ANCHOR:
		return object_anchor(o);
	case KEY_CLOUD_ID:
		return o->id;
	case KEY_MAX:
		break;
	}
	return NULL;
}

const char *
posting_attribute(const struct table *t, const struct posting *p)
{
	switch (p->space) {
	case KEY_UPN:
		return "userPrincipalName";
	case KEY_SMTP:
		return p->source == ADDR_MAIL ? "mail" : "proxyAddresses";
	case KEY_ANCHOR:
		return object_anchor_attribute(posting_object(t, p));
	case KEY_CLOUD_ID:
		return "id";
	case KEY_MAX:
		break;
	}
	return NULL;
}

bool
object_is_sync_type(enum object_type type)
{
	return type == OBJ_USER || type == OBJ_GROUP || type == OBJ_CONTACT;
}

const char *
object_display_name(const struct object *o)
{
	if (o->dn != NULL)
		return o->dn;
	if (o->upn != NULL)
		return o->upn;
	if (o->display_name != NULL)
		return o->display_name;
	if (o->mail != NULL)
		return o->mail;
	return o->id != NULL ? o->id : "(unnamed object)";
}

const char *
object_type_name(enum object_type type)
{
	switch (type) {
	case OBJ_USER:
		return "user";
	case OBJ_GROUP:
		return "group";
	case OBJ_CONTACT:
		return "contact";
	case OBJ_COMPUTER:
		return "computer";
	case OBJ_FSP:
		return "foreignSecurityPrincipal";
	case OBJ_OTHER:
		return "other";
	}
	return "other";
}

const char *
side_name(enum side side)
{
	return side == SIDE_ONPREM ? "onprem" : "cloud";
}

const char *
scope_reason(enum scope scope)
{
	switch (scope) {
	case SCOPE_IN:
		return "in scope";
	case SCOPE_TYPE:
		return "object type is not synchronised";
	case SCOPE_CRITICAL:
		return "critical system object (isCriticalSystemObject TRUE)";
	case SCOPE_SYSTEM:
		return "well-known system object excluded by the default sync rules";
	case SCOPE_DELETED:
		return "deleted object";
	case SCOPE_FILTERED:
		return "excluded by a default sync rule's scoping filter";
	case SCOPE_JOINED:
		return "joined to another object in the metaverse";
	}
	return "?";
}

const char *
addr_source_name(enum addr_source source)
{
	switch (source) {
	case ADDR_MAIL:
		return "mail";
	case ADDR_PRIMARY:
		return "proxyAddresses (SMTP: primary)";
	case ADDR_SECONDARY:
		return "proxyAddresses (smtp: secondary)";
	}
	return "?";
}
