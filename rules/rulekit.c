/* Helpers the rules share; see rulekit.h. */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "escape.h"
#include "rulekit.h"
#include "xalloc.h"

bool
rulekit_is_exported(const struct object *o)
{
	return o->side == SIDE_ONPREM && o->scope == SCOPE_IN;
}

struct finding *
rulekit_single(struct findings *out, const struct rule *rule,
    enum severity severity, const struct object *o, const char *attribute,
    const char *value)
{
	struct finding	*f;

	f = findings_add(out, rule, severity, attribute, value);
	finding_add_object(out, f, o, value, attribute, NULL);
	return f;
}

void
rulekit_add_rerun_step(struct findings *out, struct finding *f)
{
	finding_add_step(out, f, "Run syncdoctor again on a fresh export to "
	    "confirm, then let the next sync cycle export the change.");
}

const struct domain *
rulekit_federated_domain(const struct table *t, const struct object *o)
{
	const struct domain	*d;
	const char		*at;

	if (o->type != OBJ_USER || o->upn == NULL ||
	    (at = strrchr(o->upn, '@')) == NULL)
		return NULL;
	d = table_find_domain(t, at + 1);
	return d != NULL && d->is_federated ? d : NULL;
}

void
rulekit_federated_claim_step(struct findings *out, struct finding *f,
    const struct table *t, const struct object *o)
{
	const struct domain	*d = rulekit_federated_domain(t, o);

	if (d == NULL)
		return;
	finding_add_step(out, f,
	    "'%s' is a federated domain: at sign-in its federation server "
	    "sends the user's anchor as the ImmutableID claim, and Entra ID "
	    "compares it with onPremisesImmutableId (" DOC_DESIGN_CONCEPTS
	    "). Before the change, check that the claim rule reads the "
	    "attribute the new value is in (Entra Connect rewrites the AD FS "
	    "rules itself only when it manages AD FS), or '%s' cannot sign in "
	    "until it does.", d->name, object_display_name(o));
}

const char *
rulekit_set_cmdlet(const struct object *o)
{
	switch (o->type) {
	case OBJ_USER:
		return "Set-ADUser";
	case OBJ_GROUP:
		return "Set-ADGroup";
	default:
		return "Set-ADObject";
	}
}

char *
rulekit_ps_quote(const char *s)
{
	size_t	 n = strlen(s), i, k = 0;
	char	*q = xmalloc(2 * n + 1);

	for (i = 0; i < n; i++) {
		q[k++] = s[i];
		if (s[i] == '\'')
			q[k++] = '\'';
	}
	q[k] = '\0';
	return q;
}

size_t
rulekit_utf8_decode(const char *s, size_t n, size_t i, long *cp)
{
	const unsigned char	*u = (const unsigned char *)s + i;
	size_t			 len = utf8_sequence_length(u, n - i), k;

	if (len == 0) {
		*cp = -1;
		return 1;
	}
	*cp = len == 1 ? u[0] : u[0] & (0xff >> (len + 1));
	for (k = 1; k < len; k++)
		*cp = *cp << 6 | (u[k] & 0x3f);
	return len;
}

size_t
rulekit_count_chars(const char *s)
{
	return rulekit_count_chars_n(s, strlen(s));
}

size_t
rulekit_count_chars_n(const char *s, size_t n)
{
	size_t		i = 0, chars = 0;
	uint64_t	w;
	long		cp;

	while (i < n) {
		/* Eight ASCII bytes at once: nearly every value is ASCII. */
		if (n - i >= 8) {
			memcpy(&w, s + i, sizeof(w));
			if ((w & UINT64_C(0x8080808080808080)) == 0) {
				i += 8;
				chars += 8;
				continue;
			}
		}
		if ((unsigned char)s[i] < 0x80)
			i++;
		else
			i += rulekit_utf8_decode(s, n, i, &cp);
		chars++;
	}
	return chars;
}

bool
rulekit_is_sam_char_invalid(long cp)
{
	return rulekit_is_control(cp) ||
	    (cp > 0 && cp < 0x80 && strchr("\"/\\[]:;|=,+*?<>", (int)cp) != NULL);
}

bool
rulekit_sam_has_invalid(const char *sam)
{
	size_t	n = strlen(sam), i, len;
	long	cp;

	for (i = 0; i < n; i += len) {
		len = rulekit_utf8_next(sam, n, i, &cp);
		if (rulekit_is_sam_char_invalid(cp))
			return true;
	}
	return false;
}

/*
 * Open addressing, at most half full, compared without ASCII case.  The
 * slots point at copies in the arena.
 */
/*
 * The ASCII letter of each character from U+00C0 to U+017F without its
 * marks; '?' for those spelt with two letters (latin_pairs) and for the
 * two that are no letter (U+00D7, U+00F7), which have no spelling.
 */
static const char latin_base[] =
	"AAAAAA?CEEEEIIII" "DNOOOOO?OUUUUY??"	/* U+00C0 */
	"aaaaaa?ceeeeiiii" "dnooooo?ouuuuy?y"	/* U+00E0 */
	"AaAaAaCcCcCcCcDd" "DdEeEeEeEeEeGgGg"	/* U+0100 */
	"GgGgHhHhIiIiIiIi" "Ii??JjKkkLlLlLlL"	/* U+0120 */
	"lLlNnNnNnnNnOoOo" "Oo??RrRrRrSsSsSs"	/* U+0140 */
	"SsTtTtTtUuUuUuUu" "UuUuWwYyYZzZzZzs";	/* U+0160 */

static const struct latin_pair {
	long		 cp;
	const char	*ascii;
} latin_pairs[] = {
	{ 0xc6, "AE" }, { 0xde, "TH" }, { 0xdf, "ss" }, { 0xe6, "ae" },
	{ 0xfe, "th" }, { 0x132, "IJ" }, { 0x133, "ij" }, { 0x152, "OE" },
	{ 0x153, "oe" },
};

/* The ASCII spelling of the Latin letter cp, or NULL. */
static const char *
latin_spelling(long cp, char *one)
{
	size_t	i;

	if (cp < 0xc0 || cp > 0x17f)
		return NULL;
	one[0] = latin_base[cp - 0xc0];
	one[1] = '\0';
	if (one[0] != '?')
		return one;
	for (i = 0; i < ARRAY_SIZE(latin_pairs); i++)
		if (latin_pairs[i].cp == cp)
			return latin_pairs[i].ascii;
	return NULL;
}

char *
rulekit_transliterate(const char *s)
{
	size_t		 n = strlen(s), i, len, k = 0;
	char		*t = xmalloc(2 * n + 1);	/* one byte to two at most */
	char		 one[2];
	const char	*ascii;
	long		 cp;

	for (i = 0; i < n; i += len) {
		len = rulekit_utf8_next(s, n, i, &cp);
		if (cp >= 0 && cp < 0x80) {
			t[k++] = (char)cp;
			continue;
		}
		if ((ascii = latin_spelling(cp, one)) == NULL) {
			free(t);
			return NULL;
		}
		memcpy(t + k, ascii, strlen(ascii));
		k += strlen(ascii);
	}
	t[k] = '\0';
	return t;
}

struct rulekit_names {
	const char	**slots;
	size_t		  cap;
	size_t		  n;
	struct arena	  copies;
};

static size_t
names_hash(const char *s)
{
	size_t	h = 14695981039346656037ULL & SIZE_MAX;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)tolower((unsigned char)*s)) *
		    (1099511628211ULL & SIZE_MAX);
	return h;
}

static const char **
names_slot(const struct rulekit_names *ns, const char *name)
{
	size_t	i = names_hash(name) & (ns->cap - 1);

	while (ns->slots[i] != NULL && strcasecmp(ns->slots[i], name) != 0)
		i = (i + 1) & (ns->cap - 1);
	return &ns->slots[i];
}

struct rulekit_names *
rulekit_names_new(void)
{
	struct rulekit_names	*ns = xcalloc(1, sizeof(*ns));

	ns->cap = 64;
	ns->slots = xcalloc(ns->cap, sizeof(*ns->slots));
	arena_init(&ns->copies);
	return ns;
}

void
rulekit_names_free(struct rulekit_names *ns)
{
	if (ns == NULL)
		return;
	arena_release(&ns->copies);
	free(ns->slots);
	free(ns);
}

static void
names_grow(struct rulekit_names *ns)
{
	const char	**old = ns->slots;
	size_t		  oldcap = ns->cap, i;

	ns->cap *= 2;
	ns->slots = xcalloc(ns->cap, sizeof(*ns->slots));
	for (i = 0; i < oldcap; i++)
		if (old[i] != NULL)
			*names_slot(ns, old[i]) = old[i];
	free(old);
}

/* The empty slot for name, or NULL when name is in the set already. */
static const char **
names_free_slot(struct rulekit_names *ns, const char *name)
{
	const char	**slot;

	if (2 * (ns->n + 1) > ns->cap)
		names_grow(ns);
	slot = names_slot(ns, name);
	return *slot == NULL ? slot : NULL;
}

bool
rulekit_names_add(struct rulekit_names *ns, const char *name)
{
	const char	**slot = names_free_slot(ns, name);

	if (slot == NULL)
		return false;
	*slot = arena_strdup(&ns->copies, name);
	ns->n++;
	return true;
}

bool
rulekit_names_has(const struct rulekit_names *ns, const char *name)
{
	return *names_slot(ns, name) != NULL;
}

enum held_attribute {
	HELD_SAM,
	HELD_NICKNAME
};

/*
 * The same open addressing over objects: a slot is an object's table
 * position + 1 (0: empty) and the name is read from the object.  Sized
 * once from a count, at most half full: a million names take 8 MB of
 * slots, where name pointers grown by doubling peaked at 24.
 */
struct rulekit_held {
	const struct table	*table;
	enum held_attribute	 attribute;
	uint32_t		*slots;
	size_t			 cap;
	struct rulekit_names	*proposals;
};

/* The name o holds, or NULL: on-premises objects only. */
static const char *
held_name(const struct rulekit_held *h, const struct object *o)
{
	if (o->side != SIDE_ONPREM)
		return NULL;
	return h->attribute == HELD_SAM ? o->sam_account_name :
	    o->mail_nickname;
}

/* The slot of the object holding name, or the empty slot it belongs in. */
static uint32_t *
held_slot(const struct rulekit_held *h, const char *name)
{
	size_t			 i = names_hash(name) & (h->cap - 1);
	const struct object	*o;

	while (h->slots[i] != 0) {
		o = table_get(h->table, h->slots[i] - 1);
		if (strcasecmp(held_name(h, o), name) == 0)
			break;
		i = (i + 1) & (h->cap - 1);
	}
	return &h->slots[i];
}

static struct rulekit_held *
held_new(const struct table *t, enum held_attribute attribute)
{
	struct rulekit_held	*h = xcalloc(1, sizeof(*h));
	size_t			 i, n = table_count(t), count = 0;
	const char		*name;
	uint32_t		*slot;

	h->table = t;
	h->attribute = attribute;
	for (i = 0; i < n; i++)
		count += held_name(h, table_get(t, i)) != NULL;
	h->cap = 64;
	while (h->cap < 2 * count)
		h->cap *= 2;
	h->slots = xcalloc(h->cap, sizeof(*h->slots));
	for (i = 0; i < n; i++) {
		name = held_name(h, table_get(t, i));
		if (name != NULL && *(slot = held_slot(h, name)) == 0)
			*slot = (uint32_t)i + 1;
	}
	h->proposals = rulekit_names_new();
	return h;
}

struct rulekit_held *
rulekit_held_sam_names(const struct table *t)
{
	return held_new(t, HELD_SAM);
}

struct rulekit_held *
rulekit_held_nicknames(const struct table *t)
{
	return held_new(t, HELD_NICKNAME);
}

void
rulekit_held_free(struct rulekit_held *h)
{
	if (h == NULL)
		return;
	rulekit_names_free(h->proposals);
	free(h->slots);
	free(h);
}

bool
rulekit_held_has(const struct rulekit_held *h, const char *name)
{
	return *held_slot(h, name) != 0 ||
	    rulekit_names_has(h->proposals, name);
}

bool
rulekit_held_add(struct rulekit_held *h, const char *proposal)
{
	if (*held_slot(h, proposal) != 0)
		return false;
	return rulekit_names_add(h->proposals, proposal);
}

/* Bytes of the first max characters of s. */
static size_t
prefix_bytes(const char *s, size_t max)
{
	size_t	n = strlen(s), i = 0, chars = 0;
	long	cp;

	while (i < n && chars < max) {
		i += rulekit_utf8_next(s, n, i, &cp);
		chars++;
	}
	return i;
}

char *
rulekit_free_variant(const char *base, const char *tail, size_t max,
    rulekit_taken_fn is_taken, void *arg)
{
	size_t	 tail_chars = rulekit_count_chars(tail), keep, size;
	char	*v;
	char	 digits[4];
	int	 d;

	size = strlen(base) + strlen(tail) + sizeof(digits);
	v = xmalloc(size);
	for (d = 1; d < 100; d++) {
		if (d == 1)
			digits[0] = '\0';
		else
			snprintf(digits, sizeof(digits), "%d", d);
		if (tail_chars + strlen(digits) >= max)
			break;
		keep = prefix_bytes(base, max - tail_chars - strlen(digits));
		if (keep == 0)
			break;
		snprintf(v, size, "%.*s%s%s", (int)keep, base, digits, tail);
		if (!is_taken(v, arg))
			return v;
	}
	free(v);
	return NULL;
}

/*
 * s without the characters a logon name may not hold, and without spaces
 * and dots at its ends.  The caller frees it with free().
 */
static char *
sam_cleaned(const char *s)
{
	size_t	 n = strlen(s), i, len, k = 0, b = 0;
	char	*t = xmalloc(n + 1);
	long	 cp;

	for (i = 0; i < n; i += len) {
		len = rulekit_utf8_next(s, n, i, &cp);
		if (!rulekit_is_sam_char_invalid(cp)) {
			memcpy(t + k, s + i, len);
			k += len;
		}
	}
	while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '.'))
		k--;
	while (b < k && t[b] == ' ')
		b++;
	memmove(t, t + b, k - b);
	t[k - b] = '\0';
	return t;
}

struct sam_proposal {
	uint32_t	 index;		/* the object's table position */
	char		*name;
};

struct rulekit_sam_plan {
	struct sam_proposal	*list;	/* in table order */
	size_t			 n, cap;
};

/* Taken, or unusable: Windows refuses a logon name ending in '.'. */
static bool
sam_is_unusable(const char *candidate, void *arg)
{
	size_t	n = strlen(candidate);

	return rulekit_held_has(arg, candidate) || n == 0 ||
	    candidate[n - 1] == '.' || candidate[n - 1] == ' ';
}

static bool
is_blank_sam(const char *s)
{
	return s[strspn(s, " \t")] == '\0';
}

/* The name to start o's proposal from, and its most characters. */
static char *
sam_base(const struct object *o, size_t *max)
{
	const char	*s = o->sam_account_name;

	*max = o->type == OBJ_USER ? RULEKIT_SAM_USER_MAX :
	    RULEKIT_SAM_OTHER_MAX;
	if (rulekit_sam_has_invalid(s))
		return sam_cleaned(s);
	if (o->type == OBJ_USER && !is_blank_sam(s) &&
	    rulekit_count_chars(s) > RULEKIT_SAM_USER_MAX)
		return xstrdup(s);
	return NULL;
}

struct rulekit_sam_plan *
rulekit_sam_plan_new(const struct table *t)
{
	struct rulekit_sam_plan	*sp = xcalloc(1, sizeof(*sp));
	struct rulekit_held	*held = NULL;
	size_t			 i, n = table_count(t), max;
	char			*base, *name;

	for (i = 0; i < n; i++) {
		const struct object *o = table_get(t, i);

		if (!rulekit_is_exported(o) || o->sam_account_name == NULL ||
		    (base = sam_base(o, &max)) == NULL)
			continue;
		if (held == NULL)
			held = rulekit_held_sam_names(t);
		name = rulekit_free_variant(base, "", max, sam_is_unusable,
		    held);
		free(base);
		if (name == NULL)
			continue;
		rulekit_held_add(held, name);
		if (sp->n == sp->cap) {
			sp->cap = sp->cap == 0 ? 16 : 2 * sp->cap;
			sp->list = xreallocarray(sp->list, sp->cap,
			    sizeof(*sp->list));
		}
		sp->list[sp->n++] = (struct sam_proposal){ o->index, name };
	}
	rulekit_held_free(held);
	return sp;
}

const char *
rulekit_sam_plan_get(const struct rulekit_sam_plan *sp,
    const struct object *o)
{
	size_t	lo = 0, hi = sp->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (sp->list[mid].index == o->index)
			return sp->list[mid].name;
		if (sp->list[mid].index < o->index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void
rulekit_sam_plan_free(struct rulekit_sam_plan *sp)
{
	size_t	i;

	if (sp == NULL)
		return;
	for (i = 0; i < sp->n; i++)
		free(sp->list[i].name);
	free(sp->list);
	free(sp);
}

void
rulekit_remove_proxy_step(struct findings *out, struct finding *f,
    const struct object *o, const char *proxy)
{
	char	*dn = rulekit_ps_quote(object_display_name(o));
	char	*v = rulekit_ps_quote(proxy);

	finding_add_step(out, f, "%s -Identity '%s' -Remove "
	    "@{proxyAddresses='%s'}", rulekit_set_cmdlet(o), dn, v);
	free(dn);
	free(v);
}
