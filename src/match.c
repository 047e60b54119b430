/*
 * The match simulation: hard match on the source anchor, soft match on
 * UPN and SMTP addresses, the tenant's blocking switches and duplicate
 * attribute resiliency, decided once per on-premises object.  See
 * match.h.  It adds no findings: the rules turn outcomes into findings.
 */
#include "config.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "base64.h"
#include "entra_upn.h"
#include "match.h"
#include "xalloc.h"

/* The most threads the simulation runs on; more would only split it finer. */
#define MATCH_MAX_THREADS	8

struct match_set {
	/* arenas[k] holds what thread k allocated; [0] the rest too. */
	struct arena		 arenas[MATCH_MAX_THREADS];
	struct match		*matches;	/* simulated, table order */
	size_t			 n;
	uint32_t		*by_index;	/* table index: position + 1 */
	size_t			 nobjects;
	size_t			 counts[MATCH_NOUTCOMES];
};

/*
 * How a value may soft-match, best first: the primary SMTP address (mail
 * where there is no primary proxy), then the UPN, then (only with
 * --soft-match-keys all) secondary addresses.  Every value is unique in
 * Entra ID whatever its rank; RANK_NONE values only ever clash.
 */
enum match_rank {
	RANK_PRIMARY,
	RANK_UPN,
	RANK_SECONDARY,
	RANK_NONE
};

/* One cloud object holding one of an on-prem object's unique values. */
struct candidate {
	const struct object	*cloud;
	enum key_space		 space;
	enum match_rank		 rank;
	const char		*attribute;
	const char		*value;		/* as the on-prem object has it */
	const char		*key;
};

/* Scratch state while one object is simulated. */
struct sim {
	const struct table		*table;
	const struct sync_options	*opt;
	struct match_set		*set;
	struct arena			*arena;	/* this thread's */
	size_t				 counts[MATCH_NOUTCOMES];
	size_t				 first, end;	/* matches[first, end) */
	const char			*initial;	/* or NULL */
	struct candidate		*cands;
	size_t				 ncands, cands_cap;
	struct match_conflict		*conflicts;
	size_t				 nconflicts, conflicts_cap;
	/* Cloud groups with an onPremisesSecurityIdentifier, by SID. */
	const struct object		**sids;
	size_t				 nsids;
};

static int
sid_cmp(const void *a, const void *b)
{
	const struct object	*x = *(const struct object *const *)a;
	const struct object	*y = *(const struct object *const *)b;

	return strcasecmp(x->rare->sid, y->rare->sid);
}

/* The cloud groups that carry a SID, sorted for sid_twin(). */
static void
collect_sids(struct sim *s)
{
	size_t	i, n = table_count(s->table), cap = 0;

	for (i = 0; i < n; i++) {
		const struct object *o = table_get(s->table, i);

		if (o->side != SIDE_CLOUD || o->type != OBJ_GROUP ||
		    o->rare->sid == NULL)
			continue;
		GROW(s->sids, s->nsids, cap);
		s->sids[s->nsids++] = o;
	}
	if (s->nsids > 1)
		qsort(s->sids, s->nsids, sizeof(*s->sids), sid_cmp);
}

/* The rare fields of every match that has none: all zero, never written. */
static const struct match_rare	rare_none;

/* m's rare fields, for writing: the first call gives m its own copy. */
static struct match_rare *
match_rare(struct arena *arena, struct match *m)
{
	struct match_rare	*rare;

	if (m->rare != &rare_none)
		return (struct match_rare *)m->rare;
	rare = arena_calloc(arena, 1, sizeof(*rare));
	m->rare = rare;
	return rare;
}

static const struct outcome_text {
	const char	*id;
	const char	*name;
} outcome_texts[MATCH_NOUTCOMES] = {
	[MATCH_NONE]		= { "none", "not simulated" },
	[MATCH_NO_ANCHOR]	= { "no-anchor",
	    "not predicted: no source anchor in the export" },
	[MATCH_HARD]		= { "hard", "updates its cloud twin" },
	[MATCH_PRESUMED]	= { "presumed",
	    "updates its cloud twin (found by value: the export lacks the anchor)" },
	[MATCH_HARD_TAKEOVER]	= { "hard-takeover",
	    "takes over a cloud object by hard match" },
	[MATCH_NEW]		= { "new", "provisions a new cloud object" },
	[MATCH_SOFT]		= { "soft",
	    "takes over a cloud-only object by soft match" },
	[MATCH_QUARANTINED]	= { "quarantined",
	    "exported with loss: duplicate values quarantined" },
	[MATCH_CONTESTED]	= { "contested",
	    "exported with loss: shares a unique value with another new export" },
	[MATCH_INVALID_SOFT_MATCH] = { "invalid-soft-match",
	    "blocked: InvalidSoftMatch" },
	[MATCH_TYPE_MISMATCH]	= { "type-mismatch",
	    "blocked: ObjectTypeMismatch" },
	[MATCH_ADMIN_ROLE_CONFLICT] = { "admin-role-conflict",
	    "blocked: ExistingAdminRoleConflict" },
	[MATCH_PRIVILEGED_TAKEOVER] = { "privileged-takeover",
	    "blocked: InvalidHardMatch (the cloud user holds a directory role)" },
	[MATCH_REMAP_BLOCKED]	= { "remap-blocked",
	    "blocked: hard match onto a user mapped to another on-premises object" },
	[MATCH_TAKEOVER_BLOCKED] = { "takeover-blocked",
	    "blocked: InvalidHardMatch (the tenant blocks hard match takeover)" },
	[MATCH_DUPLICATE_BLOCKED] = { "duplicate-blocked",
	    "blocked: AttributeValueMustBeUnique (resiliency off)" },
	[MATCH_PROXY_CONFLICT]	= { "proxy-conflict",
	    "blocked: AttributeValueMustBeUnique (an address held by an object of another type)" },
};

const char *
match_outcome_name(enum match_outcome outcome)
{
	return outcome < MATCH_NOUTCOMES ? outcome_texts[outcome].name : "?";
}

const char *
match_outcome_id(enum match_outcome outcome)
{
	return outcome < MATCH_NOUTCOMES ? outcome_texts[outcome].id : "?";
}

const char *
match_upn(const struct match *m)
{
	return m->is_upn_rewritten ? m->rare->upn : m->object->upn;
}

const char *
match_upn_key(const struct match *m)
{
	return m->is_upn_rewritten ? m->rare->upn_key : m->object->upn_key;
}

bool
match_is_refused_soft_match(const struct match *m)
{
	return m->base == MATCH_INVALID_SOFT_MATCH ||
	    m->base == MATCH_TYPE_MISMATCH ||
	    m->base == MATCH_ADMIN_ROLE_CONFLICT;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t	n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

const char *
match_initial_domain(const struct table *t)
{
	const char	*found = NULL;
	size_t		 i, n = table_ndomains(t);

	for (i = 0; i < n; i++)
		if (table_domain(t, i)->is_initial)
			return table_domain(t, i)->name;
	/* Only the tenant's own <name>.onmicrosoft.com, not the mail one. */
	for (i = 0; i < n; i++) {
		const char *name = table_domain(t, i)->name;

		if (!ends_with(name, ".onmicrosoft.com") ||
		    ends_with(name, ".mail.onmicrosoft.com"))
			continue;
		if (found != NULL)
			return NULL;
		found = name;
	}
	return found;
}

/* The part of address before '@' as a new arena string, or NULL. */
static const char *
local_part(struct arena *a, const char *address)
{
	const char	*at;

	if (address == NULL || (at = strchr(address, '@')) == NULL ||
	    at == address)
		return NULL;
	return arena_strndup(a, address, (size_t)(at - address));
}

static char *
lower_copy(struct arena *a, const char *s)
{
	char	*p = arena_strdup(a, s), *q;

	for (q = p; *q != '\0'; q++)
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q + ('a' - 'A'));
	return p;
}

/*
 * The UPN Entra ID will hold (entra_upn.h).  A suffix the tenant has not
 * verified, or one no public DNS delegates, is replaced by
 * <alias>@<initial domain>; without the tenant's domains only the latter
 * is known, and the new UPN cannot be written (rare->upn stays NULL).
 */
static void
effective_upn(struct sim *s, struct match *m)
{
	const struct object	*o = m->object;
	const struct domain	*d;
	struct match_rare	*rare;
	const char		*at;
	char			*upn;

	if (o->upn_key == NULL)
		return;
	/* A UPN without a usable '@' is IdentityDataValidationFailed's. */
	at = strrchr(o->upn_key, '@');
	if (at == NULL || at == o->upn_key || at[1] == '\0')
		return;
	if (!entra_upn_is_private_suffix(at + 1)) {
		if (table_ndomains(s->table) == 0)
			return;
		d = table_find_domain(s->table, at + 1);
		if (d != NULL && d->is_verified != TRI_FALSE)
			return;
	}
	m->is_upn_rewritten = true;
	if (s->initial == NULL ||
	    (upn = entra_moera_upn(o, s->initial)) == NULL)
		return;
	rare = match_rare(s->arena, m);
	rare->upn = arena_strdup(s->arena, upn);
	rare->upn_key = lower_copy(s->arena, rare->upn);
	free(upn);
}

/*
 * The cloud holders of key (is_interned: the table's own copy, an
 * object's key) as candidates for m's match.
 */
static void
add_candidates(struct sim *s, enum key_space space, enum match_rank rank,
    const char *key, bool is_interned, const char *attribute,
    const char *value)
{
	const struct posting	*p;
	size_t			 n, i;

	if (key == NULL)
		return;
	p = is_interned ? table_lookup_interned(s->table, space, key, &n) :
	    table_lookup(s->table, space, key, &n);
	for (i = 0; i < n; i++) {
		const struct object	*holder = posting_object(s->table, &p[i]);
		struct candidate	*c;

		if (holder->side != SIDE_CLOUD)
			continue;
		if (s->ncands == s->cands_cap) {
			s->cands_cap = s->cands_cap ? s->cands_cap * 2 : 16;
			s->cands = xreallocarray(s->cands, s->cands_cap,
			    sizeof(*s->cands));
		}
		c = &s->cands[s->ncands++];
		c->cloud = holder;
		c->space = space;
		c->rank = rank;
		c->attribute = attribute;
		c->value = value;
		c->key = key;
	}
}

static bool
has_primary_proxy(const struct object *o)
{
	size_t	i;

	for (i = 0; i < o->nsmtp_keys; i++)
		if (o->smtp_keys[i].source == ADDR_PRIMARY)
			return true;
	return false;
}

/* How address key k of o may soft-match under the options. */
static enum match_rank
address_rank(const struct sim *s, const struct object *o,
    const struct smtp_key *k)
{
	if (k->source == ADDR_PRIMARY ||
	    (k->source == ADDR_MAIL && !has_primary_proxy(o)))
		return RANK_PRIMARY;
	if (s->opt->soft_match_keys == SOFT_KEYS_ALL)
		return RANK_SECONDARY;
	return RANK_NONE;
}

static int
candidate_cmp(const void *a, const void *b)
{
	const struct candidate	*x = a, *y = b;

	return (int)x->rank - (int)y->rank;
}

/*
 * Cloud objects holding a unique value of m's object (its UPN as Entra
 * ID will hold it, mail, SMTP addresses), in the order a soft match
 * prefers them (enum match_rank); equal ranks keep the object's order.
 */
static void
collect_candidates(struct sim *s, const struct match *m)
{
	const struct object	*o = m->object;
	size_t			 i, k;

	s->ncands = 0;
	for (i = 0; i < o->nsmtp_keys; i++) {
		const struct smtp_key *key = &o->smtp_keys[i];

		add_candidates(s, KEY_SMTP, address_rank(s, o, key),
		    smtp_key_string(s->table, key), true,
		    key->source == ADDR_MAIL ? "mail" : "proxyAddresses",
		    smtp_key_raw(o, key));
	}
	/* A rewritten UPN's key is the match set's, not the table's. */
	add_candidates(s, KEY_UPN, RANK_UPN, match_upn_key(m),
	    match_upn_key(m) == o->upn_key, "userPrincipalName",
	    match_upn(m));
	/* A stable sort by rank: insertion, for there are a handful. */
	for (i = 1; i < s->ncands; i++)
		for (k = i; k > 0 &&
		    candidate_cmp(&s->cands[k - 1], &s->cands[k]) > 0; k--) {
			struct candidate tmp = s->cands[k];

			s->cands[k] = s->cands[k - 1];
			s->cands[k - 1] = tmp;
		}
}

/*
 * Whether cloud object c, holding one of o's values, keeps it against o.
 * Not when c is o's own match, nor when c is synced from another
 * on-premises object that no longer holds the value (the value is moving
 * and that object's export removes it), nor when c is synced but its
 * anchor is not exported (its source cannot be told).
 */
static bool
is_conflict(const struct sim *s, const struct object *o,
    const struct object *target, const struct candidate *c)
{
	const struct posting	*owners;
	size_t			 n, i;

	if (c->cloud == target)
		return false;
	if (c->cloud->immutable_id == NULL)
		return c->cloud->sync_enabled != TRI_TRUE;
	owners = table_lookup(s->table, KEY_ANCHOR, c->cloud->immutable_id,
	    &n);
	for (i = 0; i < n; i++) {
		const struct object *owner = posting_object(s->table,
		    &owners[i]);

		if (owner->side != SIDE_ONPREM || owner == o)
			continue;
		return owner->scope == SCOPE_IN &&
		    table_holds(s->table, c->space, c->key, owner);
	}
	return true;
}

static const char *
placeholder_upn(struct sim *s, const char *upn)
{
	const char	*prefix = local_part(s->arena, upn);

	return arena_printf(s->arena, "%sNNNN@%s",
	    prefix != NULL ? prefix : "", s->initial != NULL ? s->initial :
	    "<tenant>.onmicrosoft.com");
}

/* Record every value of m's object another cloud object keeps. */
static void
collect_conflicts(struct sim *s, struct match *m,
    const struct object *target)
{
	size_t	i, k;

	s->nconflicts = 0;
	for (i = 0; i < s->ncands; i++) {
		const struct candidate	*c = &s->cands[i];
		struct match_conflict	*mc;

		if (!is_conflict(s, m->object, target, c))
			continue;
		for (k = 0; k < s->nconflicts; k++)
			if (s->conflicts[k].key == c->key)
				break;
		if (k < s->nconflicts)
			continue;
		if (s->nconflicts == s->conflicts_cap) {
			s->conflicts_cap = s->conflicts_cap ?
			    s->conflicts_cap * 2 : 8;
			s->conflicts = xreallocarray(s->conflicts,
			    s->conflicts_cap, sizeof(*s->conflicts));
		}
		mc = &s->conflicts[s->nconflicts++];
		mc->attribute = c->attribute;
		mc->key = c->key;
		mc->value = c->value;
		mc->holder = c->cloud;
		mc->placeholder = c->space == KEY_UPN &&
		    s->opt->is_resiliency_on ? placeholder_upn(s, c->value) :
		    NULL;
	}
	if (s->nconflicts > 0) {
		match_rare(s->arena, m)->conflicts = arena_memdup(s->arena,
		    s->conflicts, s->nconflicts * sizeof(*s->conflicts));
		m->nconflicts = s->nconflicts;
	}
}

static void
set_matched(struct match *m, enum match_outcome outcome,
    const struct candidate *c)
{
	m->outcome = outcome;
	m->cloud = c->cloud;
	m->attribute = c->attribute;
	m->value = c->value;
	m->key = c->key;
}

/* The on-premises object other than o whose anchor is cloud's, or NULL. */
static const struct object *
anchor_owner(const struct table *t, const struct object *o,
    const struct object *cloud)
{
	const struct posting	*p;
	size_t			 n, i;

	p = table_lookup(t, KEY_ANCHOR, cloud->immutable_id, &n);
	for (i = 0; i < n; i++) {
		const struct object *owner = posting_object(t, &p[i]);

		if (owner->side == SIDE_ONPREM && owner != o)
			return owner;
	}
	return NULL;
}

/* What the soft match onto the preferred candidate c concludes. */
static void
soft_match(struct sim *s, struct match *m, const struct candidate *c)
{
	const struct object	*cloud = c->cloud;
	const struct object	*o = m->object, *owner;

	if (object_is_sync_type(o->type) &&
	    object_is_sync_type(cloud->type) && o->type != cloud->type)
		set_matched(m, MATCH_TYPE_MISMATCH, c);
	else if (cloud->immutable_id != NULL) {
		set_matched(m, MATCH_INVALID_SOFT_MATCH, c);
		if ((owner = anchor_owner(s->table, o, cloud)) != NULL)
			match_rare(s->arena, m)->twin_owner = owner;
	} else if (cloud->rare->nroles > 0)
		set_matched(m, MATCH_ADMIN_ROLE_CONFLICT, c);
	else
		set_matched(m, MATCH_SOFT, c);
}

/* The first candidate that may soft-match, or NULL. */
static const struct candidate *
soft_match_candidate(const struct sim *s)
{
	size_t	i;

	for (i = 0; i < s->ncands; i++)
		if (s->cands[i].rank != RANK_NONE)
			return &s->cands[i];
	return NULL;
}

/*
 * A security group's synced twin: the cloud group whose
 * onPremisesSecurityIdentifier is the group's objectSid.  Connect joins
 * the two on the anchor, which Graph does not show for groups; the SID
 * is the key both exports carry.
 */
static const struct object *
sid_twin(const struct sim *s, const struct object *o)
{
	const struct object	*const *found;

	if (o->type != OBJ_GROUP || o->rare->sid == NULL || s->nsids == 0)
		return NULL;
	found = bsearch(&o, s->sids, s->nsids, sizeof(*s->sids), sid_cmp);
	return found != NULL ? *found : NULL;
}

/* No hard match: a twin by SID or value, a soft match, or a new object. */
static void
no_hard_match(struct sim *s, struct match *m)
{
	const struct candidate	*c;
	const struct object	*twin;
	size_t			 i;

	collect_candidates(s, m);
	if ((twin = sid_twin(s, m->object)) != NULL) {
		m->outcome = MATCH_HARD;
		m->cloud = twin;
		m->attribute = "objectSid";
		m->value = m->key = m->object->rare->sid;
		return;
	}
	/*
	 * A synced object of the same type whose immutableId the export
	 * lacks (Graph shows none for groups) holding the value this object
	 * would soft-match on is most likely its own twin, hard-matched by
	 * the anchor we cannot see.
	 */
	for (i = 0; i < s->ncands; i++) {
		c = &s->cands[i];
		if (c->rank != RANK_NONE &&
		    c->cloud->sync_enabled == TRI_TRUE &&
		    c->cloud->immutable_id == NULL &&
		    c->cloud->type == m->object->type) {
			set_matched(m, MATCH_PRESUMED, c);
			return;
		}
	}
	c = soft_match_candidate(s);
	if (c == NULL || s->opt->is_soft_match_blocked) {
		m->outcome = MATCH_NEW;
		return;
	}
	soft_match(s, m, c);
}

/*
 * A hard match onto a cloud object that is not synced now: one synced
 * before (onPremisesSyncEnabled false: DirSync switched off and on, or
 * the object left sync scope and came back) or never (an immutableId set
 * by hand).  Entra ID hands it back to sync, unless the tenant blocks
 * that (BlockCloudObjectTakeoverThroughHardMatchEnabled) or, since June
 * 2026, the cloud user holds a directory role (MC1262584): both are
 * InvalidHardMatch.
 */
static enum match_outcome
takeover_outcome(const struct object *twin, const struct sync_options *opt)
{
	if (twin->type == OBJ_USER && twin->rare->nroles > 0)
		return MATCH_PRIVILEGED_TAKEOVER;
	if (opt->is_hard_match_takeover_blocked)
		return MATCH_TAKEOVER_BLOCKED;
	return MATCH_HARD_TAKEOVER;
}

/*
 * Does the cloud user's onPremisesObjectIdentifier (when the export has
 * it) name another on-premises object than o?  Since July 2026 Entra ID
 * will not re-map it (MC1263280).  Unknown forms count as the same.
 */
static bool
is_mapped_elsewhere(const struct object *o, const struct object *twin)
{
	unsigned char	guid[16];

	const char	*mapped = object_onprem_object_id(twin);

	if (mapped == NULL || !o->has_object_guid ||
	    !guid_parse(mapped, strlen(mapped), guid))
		return false;
	return memcmp(guid, o->object_guid, 16) != 0;
}

static void
hard_match(struct match *m, const struct object *twin,
    const struct sync_options *opt)
{
	m->cloud = twin;
	m->attribute = object_anchor_attribute(m->object);
	m->value = object_anchor(m->object);
	m->key = object_anchor(m->object);
	if (twin->type == OBJ_USER && is_mapped_elsewhere(m->object, twin))
		m->outcome = MATCH_REMAP_BLOCKED;
	else
		m->outcome = twin->sync_enabled == TRI_TRUE ? MATCH_HARD :
		    takeover_outcome(twin, opt);
}

static const struct object *
find_twin(const struct table *t, const struct object *o)
{
	const struct posting	*p;
	size_t			 n, i;

	p = table_lookup(t, KEY_ANCHOR, object_anchor(o), &n);
	for (i = 0; i < n; i++) {
		const struct object *holder = posting_object(t, &p[i]);

		if (holder->side == SIDE_CLOUD)
			return holder;
	}
	return NULL;
}

/* Outcomes that send the object's values to Entra ID. */
static bool
is_exported(enum match_outcome outcome)
{
	return outcome == MATCH_HARD || outcome == MATCH_PRESUMED ||
	    outcome == MATCH_NEW || outcome == MATCH_SOFT ||
	    outcome == MATCH_HARD_TAKEOVER;
}

/*
 * Does a cloud object of another type keep one of m's SMTP addresses?
 * Resiliency quarantines clashes between objects of one type; a new user
 * whose address a group holds gets a proxy address conflict error on
 * every cycle instead (how-to-connect-syncservice-duplicate-attribute-
 * resiliency, known issue 1).
 */

static bool
has_cross_type_proxy_conflict(const struct match *m)
{
	size_t	i;

	for (i = 0; i < m->nconflicts; i++) {
		const struct match_conflict *c = &m->rare->conflicts[i];

		if (strcmp(c->attribute, "userPrincipalName") != 0 &&
		    object_is_sync_type(c->holder->type) &&
		    c->holder->type != m->object->type)
			return true;
	}
	return false;
}

/* Duplicate attribute resiliency: quarantine, or fail the export. */
static void
apply_resiliency(struct sim *s, struct match *m)
{
	m->base = m->outcome;
	if (m->outcome == MATCH_INVALID_SOFT_MATCH &&
	    s->opt->is_resiliency_on) {
		/* The seed doc's note: a new object, clashes quarantined. */
		m->outcome = MATCH_QUARANTINED;
		return;
	}
	if (m->nconflicts == 0 || !is_exported(m->outcome))
		return;
	if (!s->opt->is_resiliency_on)
		m->outcome = MATCH_DUPLICATE_BLOCKED;
	else if (has_cross_type_proxy_conflict(m))
		m->outcome = MATCH_PROXY_CONFLICT;
	else
		m->outcome = MATCH_QUARANTINED;
}

/* Is key one of the values a cloud object keeps against m? */
static bool
is_kept_elsewhere(const struct match *m, const char *key)
{
	size_t	i;

	for (i = 0; m != NULL && i < m->nconflicts; i++)
		if (strcmp(m->rare->conflicts[i].key, key) == 0)
			return true;
	return false;
}

/*
 * Another exported on-premises object holding key (in space; an object's
 * own key, interned) that no cloud object keeps against either of them,
 * or NULL.  Reads base outcomes only, so the order objects are looked at
 * does not matter.
 */
static const struct object *
rival(const struct match_set *set, const struct table *t,
    const struct match *m, enum key_space space, const char *key)
{
	const struct posting	*p;
	size_t			 n, i;

	if (key == NULL || is_kept_elsewhere(m, key))
		return NULL;
	p = table_lookup_interned(t, space, key, &n);
	for (i = 0; i < n; i++) {
		const struct object *holder = posting_object(t, &p[i]);
		const struct match *other = match_for(set, holder);

		if (other == NULL || other == m || !is_exported(other->base) ||
		    other->outcome == MATCH_DUPLICATE_BLOCKED ||
		    other->outcome == MATCH_PROXY_CONFLICT ||
		    is_kept_elsewhere(other, key) ||
		    (space == KEY_UPN && other->is_upn_rewritten))
			continue;
		return holder;
	}
	return NULL;
}

static int
upn_key_cmp(const void *a, const void *b)
{
	const struct match	*x = *(const struct match *const *)a;
	const struct match	*y = *(const struct match *const *)b;
	int			 c = strcmp(x->rare->upn_key, y->rare->upn_key);

	if (c != 0)
		return c;
	return x->object->index < y->object->index ? -1 :
	    x->object->index > y->object->index;
}

/* The exports whose UPN Entra ID rewrites, sorted by the new UPN. */
static const struct match **
rewritten_upns(const struct match_set *set, size_t *n)
{
	const struct match	**list = NULL;
	size_t			  i, cap = 0;

	*n = 0;
	for (i = 0; i < set->n; i++) {
		const struct match *m = &set->matches[i];

		if (m->is_upn_rewritten && m->rare->upn_key != NULL &&
		    is_exported(m->base)) {
			GROW(list, *n, cap);
			list[(*n)++] = m;
		}
	}
	if (*n > 1)
		qsort(list, *n, sizeof(*list), upn_key_cmp);
	return list;
}

/*
 * Another export whose UPN, as Entra ID will hold it, is m's: among the
 * rewritten ones (sorted) for a rewritten UPN, else among the holders of
 * m's own UPN whose UPN is not rewritten.  Two users with one unverified
 * suffix and different nicknames do not clash; two that compute the same
 * <nickname>@<initial domain> do.
 */
static const struct object *
rival_upn(const struct match_set *set, const struct table *t,
    const struct match *m, const struct match **rewritten, size_t nrewritten)
{
	const char	*key;
	size_t		 lo = 0, hi = nrewritten, mid;

	if (!m->is_upn_rewritten)
		return rival(set, t, m, KEY_UPN, m->object->upn_key);
	key = m->rare->upn_key;
	if (key == NULL || is_kept_elsewhere(m, key))
		return NULL;
	/* rewritten is sorted by key: find the first holder of key. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(rewritten[mid]->rare->upn_key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < nrewritten &&
	    strcmp(rewritten[lo]->rare->upn_key, key) == 0; lo++)
		if (rewritten[lo] != m &&
		    !is_kept_elsewhere(rewritten[lo], key))
			return rewritten[lo]->object;
	return NULL;
}

/*
 * Objects Entra ID would otherwise export cleanly but that share a unique
 * value (UPN as Entra ID will hold it, SMTP address) with another such
 * object: one of them keeps it, the other loses it, in an order the
 * exports do not show.
 */
static void
mark_contested(struct match_set *set, const struct table *t)
{
	const struct match	**rewritten;
	size_t			  i, k, nrewritten;

	rewritten = rewritten_upns(set, &nrewritten);
	for (i = 0; i < set->n; i++) {
		struct match		*m = &set->matches[i];
		const struct object	*o = m->object, *with;
		struct match_rare	*rare;
		const char		*attribute = NULL, *value = NULL;

		if (m->outcome != m->base || !is_exported(m->outcome))
			continue;
		with = rival_upn(set, t, m, rewritten, nrewritten);
		if (with != NULL) {
			attribute = "userPrincipalName";
			value = match_upn(m);
		}
		for (k = 0; with == NULL && k < o->nsmtp_keys; k++) {
			with = rival(set, t, m, KEY_SMTP,
			    smtp_key_string(t, &o->smtp_keys[k]));
			attribute = o->smtp_keys[k].source == ADDR_MAIL ?
			    "mail" : "proxyAddresses";
			value = smtp_key_raw(o, &o->smtp_keys[k]);
		}
		if (with == NULL)
			continue;
		rare = match_rare(&set->arenas[0], m);
		rare->contested_attribute = attribute;
		rare->contested_value = value;
		rare->contested_with = with;
		set->counts[m->outcome]--;
		m->outcome = MATCH_CONTESTED;
		set->counts[m->outcome]++;
	}
	free(rewritten);
}

static void
simulate(struct sim *s, struct match *m)
{
	const struct object	*twin;

	effective_upn(s, m);
	if (object_anchor(m->object) == NULL) {
		m->outcome = m->base = MATCH_NO_ANCHOR;
		return;
	}
	if ((twin = find_twin(s->table, m->object)) != NULL) {
		hard_match(m, twin, s->opt);
		collect_candidates(s, m);
	} else
		no_hard_match(s, m);
	collect_conflicts(s, m, m->cloud);
	apply_resiliency(s, m);
}

/* Simulate matches[first, end): one thread's share. */
static void *
simulate_range(void *arg)
{
	struct sim	*s = arg;
	size_t		 i;

	for (i = s->first; i < s->end; i++) {
		struct match	*m = &s->set->matches[i];

		simulate(s, m);
		s->counts[m->outcome]++;
	}
	return NULL;
}

/* Fewer objects than this per thread are simulated on one. */
#define MATCH_PER_THREAD	1000

/*
 * Each object's simulation reads the table and writes only its own match
 * (and its thread's arena), so the objects are split into contiguous
 * shares, one per thread: the matches are the same whatever the number.
 * The contested pass after it reads other objects' outcomes while it
 * changes some, so it stays on one thread, in table order.
 */
static void
simulate_all(struct sim *base, unsigned threads)
{
	struct sim	 sims[MATCH_MAX_THREADS];
	pthread_t	 ids[MATCH_MAX_THREADS];
	bool		 is_started[MATCH_MAX_THREADS] = { false };
	size_t		 n = base->set->n, k, j, nsims;

	nsims = threads < 1 ? 1 : threads > MATCH_MAX_THREADS ?
	    MATCH_MAX_THREADS : threads;
	while (nsims > 1 && n / nsims < MATCH_PER_THREAD)
		nsims--;
	for (k = 0; k < nsims; k++) {
		sims[k] = *base;
		sims[k].arena = &base->set->arenas[k];
		sims[k].first = n * k / nsims;
		sims[k].end = n * (k + 1) / nsims;
	}
	/* A thread that cannot start leaves its share to this one. */
	for (k = 1; k < nsims; k++)
		is_started[k] = pthread_create(&ids[k], NULL, simulate_range,
		    &sims[k]) == 0;
	(void)simulate_range(&sims[0]);
	for (k = 1; k < nsims; k++) {
		if (is_started[k])
			pthread_join(ids[k], NULL);
		else
			(void)simulate_range(&sims[k]);
	}
	for (k = 0; k < nsims; k++) {
		for (j = 0; j < MATCH_NOUTCOMES; j++)
			base->set->counts[j] += sims[k].counts[j];
		free(sims[k].cands);
		free(sims[k].conflicts);
	}
}

struct match_set *
match_run(const struct table *t, const struct sync_options *opt,
    unsigned threads)
{
	struct match_set	*set = xcalloc(1, sizeof(*set));
	struct sim		 s = { .table = t, .opt = opt, .set = set };
	size_t			 i, n = table_count(t);

	for (i = 0; i < MATCH_MAX_THREADS; i++)
		arena_init(&set->arenas[i]);
	s.arena = &set->arenas[0];
	set->nobjects = n;
	set->by_index = xcalloc(n ? n : 1, sizeof(*set->by_index));
	set->matches = xcalloc(n ? n : 1, sizeof(*set->matches));
	s.initial = match_initial_domain(t);
	collect_sids(&s);
	for (i = 0; i < n; i++) {
		const struct object	*o = table_get(t, i);
		struct match		*m;

		if (o->side != SIDE_ONPREM || o->scope != SCOPE_IN)
			continue;
		m = &set->matches[set->n];
		m->object = o;
		m->rare = &rare_none;
		set->by_index[i] = (uint32_t)++set->n;
	}
	simulate_all(&s, threads);
	free(s.sids);
	mark_contested(set, t);
	return set;
}

void
match_set_free(struct match_set *set)
{
	size_t	i;

	if (set == NULL)
		return;
	for (i = 0; i < MATCH_MAX_THREADS; i++)
		arena_release(&set->arenas[i]);
	free(set->matches);
	free(set->by_index);
	free(set);
}

const struct match *
match_for(const struct match_set *set, const struct object *o)
{
	size_t	pos;

	if (set == NULL || o == NULL || o->index >= set->nobjects)
		return NULL;
	pos = set->by_index[o->index];
	if (pos == 0 || set->matches[pos - 1].object != o)
		return NULL;
	return &set->matches[pos - 1];
}

size_t
match_set_size(const struct match_set *set)
{
	return set != NULL ? set->n : 0;
}

const struct match *
match_get(const struct match_set *set, size_t i)
{
	return set != NULL && i < set->n ? &set->matches[i] : NULL;
}

size_t
match_count(const struct match_set *set, enum match_outcome outcome)
{
	return set != NULL && outcome < MATCH_NOUTCOMES ?
	    set->counts[outcome] : 0;
}
