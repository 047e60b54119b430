/* Keeper advice for duplicated unique values; see keeper.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keeper.h"
#include "match.h"
#include "rulekit.h"
#include "xalloc.h"

/* msExchRecipientTypeDetails bits (formats.md, section 1.5). */
#define RTD_USER_MAILBOX		0x1ULL
#define RTD_LINKED_MAILBOX		0x2ULL
#define RTD_SHARED_MAILBOX		0x4ULL
#define RTD_LEGACY_MAILBOX		0x8ULL
#define RTD_ROOM_MAILBOX		0x10ULL
#define RTD_EQUIPMENT_MAILBOX		0x20ULL
#define RTD_REMOTE_USER_MAILBOX		0x80000000ULL
#define RTD_REMOTE_ROOM_MAILBOX		0x200000000ULL
#define RTD_REMOTE_EQUIPMENT_MAILBOX	0x400000000ULL
#define RTD_REMOTE_SHARED_MAILBOX	0x800000000ULL

/* Mailboxes whose account Exchange disables on purpose. */
#define RTD_RESOURCE_MAILBOXES \
	(RTD_SHARED_MAILBOX | RTD_ROOM_MAILBOX | RTD_EQUIPMENT_MAILBOX | \
	RTD_REMOTE_ROOM_MAILBOX | RTD_REMOTE_EQUIPMENT_MAILBOX | \
	RTD_REMOTE_SHARED_MAILBOX)
#define RTD_MAILBOXES \
	(RTD_USER_MAILBOX | RTD_LINKED_MAILBOX | RTD_LEGACY_MAILBOX | \
	RTD_REMOTE_USER_MAILBOX | RTD_RESOURCE_MAILBOXES)

/* The words of each test, indexed by enum keeper_reason. */
static const struct keeper_test {
	const char	*id;
	const char	*wins;		/* why the keeper wins, in a sentence */
	const char	*won;		/* the keeper's part, short */
	const char	*lost;		/* a ruled-out holder's part, short */
	const char	*level_yes;	/* tied holders all pass the test */
	const char	*level_no;	/* tied holders all fail it */
} keeper_tests[KEEPER_NREASONS] = {
	[KEEPER_TIE] = { "tie",
	    "no test in the exports separates the holders",
	    "tied", "tied", "", "" },
	[KEEPER_SYNCED] = { "synced",
	    "it is already synced and the cloud object it matches has the "
	    "value today; the others would add it",
	    "already synced with it", "not synced with it",
	    "synced with it", "not synced with it" },
	[KEEPER_PRIMARY] = { "primary",
	    "it is its primary value (userPrincipalName, mail or SMTP: "
	    "address); the others hold it only as a secondary smtp: address",
	    "its primary value", "a secondary address",
	    "primary value", "secondary address" },
	[KEEPER_ENABLED] = { "enabled",
	    "its account is enabled; the others' accounts are disabled",
	    "an enabled account", "disabled account",
	    "enabled", "disabled" },
	[KEEPER_MAILBOX] = { "mailbox",
	    "it is a mailbox; the others are mail-enabled contacts, groups "
	    "or users without a mailbox",
	    "a mailbox", "not a mailbox",
	    "mailbox", "no mailbox" },
};

const char *
keeper_reason_id(enum keeper_reason reason)
{
	return reason < KEEPER_NREASONS ? keeper_tests[reason].id : "?";
}

const char *
keeper_reason_words(enum keeper_reason reason)
{
	return reason < KEEPER_NREASONS ? keeper_tests[reason].won : "?";
}

const char *
keeper_loss_words(enum keeper_reason reason)
{
	return reason < KEEPER_NREASONS ? keeper_tests[reason].lost : "?";
}

void
keeper_init(struct keeper *k)
{
	memset(k, 0, sizeof(*k));
}

void
keeper_release(struct keeper *k)
{
	free(k->candidates);
	memset(k, 0, sizeof(*k));
}

/* The cloud object o's export updates or takes over, or NULL. */
static const struct object *
own_cloud_object(const struct match_set *set, const struct object *o)
{
	const struct match	*m = match_for(set, o);

	if (m == NULL || match_is_refused_soft_match(m))
		return NULL;
	return m->cloud;
}

static bool
is_mailbox(const struct object *o)
{
	size_t	i;

	if (o->type != OBJ_USER)
		return false;
	if (o->has_recipient_type)
		return (object_recipient_type_details(o) & RTD_MAILBOXES) != 0;
	/* Without Exchange attributes: mail and an SMTP proxy address. */
	if (o->mail == NULL)
		return false;
	for (i = 0; i < o->nsmtp_keys; i++)
		if (o->smtp_keys[i].source != ADDR_MAIL)
			return true;
	return false;
}

/*
 * Whether o is an enabled account.  Unknown for groups and contacts, and
 * for shared, room and equipment mailboxes, whose accounts are disabled
 * on purpose: there a disabled account says nothing about its use.
 */
static enum tristate
account_state(const struct object *o)
{
	if (o->type != OBJ_USER || (o->has_recipient_type &&
	    (object_recipient_type_details(o) & RTD_RESOURCE_MAILBOXES) != 0))
		return TRI_UNKNOWN;
	if (o->side == SIDE_CLOUD)
		return o->account_enabled;
	if (!o->has_uac)
		return TRI_UNKNOWN;
	return o->is_disabled ? TRI_FALSE : TRI_TRUE;
}

const struct keeper_candidate *
keeper_find(const struct keeper *k, const struct object *o)
{
	size_t	i;

	for (i = 0; i < k->n; i++)
		if (k->candidates[i].object == o)
			return &k->candidates[i];
	return NULL;
}

void
keeper_add_holder(struct keeper *k, const struct table *t,
    const struct match_set *set, enum key_space space, const char *key,
    const struct object *o, const char *raw, enum addr_source source)
{
	struct keeper_candidate	*c;
	const struct object	*cloud;

	if (keeper_find(k, o) != NULL)
		return;
	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 4;
		k->candidates = xreallocarray(k->candidates, k->cap,
		    sizeof(*k->candidates));
	}
	c = &k->candidates[k->n++];
	memset(c, 0, sizeof(*c));
	c->object = o;
	c->raw = raw;
	c->held_as = space == KEY_UPN ? "userPrincipalName" :
	    addr_source_name(source);
	cloud = o->side == SIDE_ONPREM ? own_cloud_object(set, o) : NULL;
	c->is_synced = cloud != NULL && table_holds(t, space, key, cloud);
	c->is_primary = space == KEY_UPN || source != ADDR_SECONDARY;
	c->is_enabled = account_state(o);
	c->is_mailbox = is_mailbox(o);
}

/*
 * Does an on-premises object decide what cloud object c keeps?  Yes when
 * c is the cloud object a candidate's export updates, or is synced from
 * an on-premises object of the table: c is not a candidate of its own.
 */
static bool
is_represented(const struct keeper *k, const struct table *t,
    const struct match_set *set, const struct object *c)
{
	const struct posting	*p;
	size_t			 i, n;

	for (i = 0; i < k->n; i++)
		if (k->candidates[i].object->side == SIDE_ONPREM &&
		    own_cloud_object(set, k->candidates[i].object) == c)
			return true;
	if (c->immutable_id == NULL)
		return false;
	p = table_lookup(t, KEY_ANCHOR, c->immutable_id, &n);
	for (i = 0; i < n; i++)
		if (posting_object(t, &p[i])->side == SIDE_ONPREM)
			return true;
	return false;
}

/*
 * Who Entra ID leaves the value on (duplicate attribute resiliency, as
 * match.c simulates it): the one holder whose synced cloud object has
 * it, else the cloud object a holder's conflict names; NULL when only
 * the export order decides.
 */
static const struct object *
predicted_holder(const struct keeper *k, const struct match_set *set,
    const char *key)
{
	const struct object	*synced = NULL;
	size_t			 i, j, nsynced = 0;

	for (i = 0; i < k->n; i++)
		if (k->candidates[i].is_synced) {
			synced = k->candidates[i].object;
			nsynced++;
		}
	if (nsynced > 0)
		return nsynced == 1 ? synced : NULL;
	for (i = 0; i < k->n; i++) {
		const struct match *m = match_for(set, k->candidates[i].object);

		for (j = 0; m != NULL && j < m->nconflicts; j++)
			if (strcmp(m->rare->conflicts[j].key, key) == 0)
				return m->rare->conflicts[j].holder;
	}
	return NULL;
}

void
keeper_collect(struct keeper *k, const struct table *t,
    const struct match_set *set, enum key_space space, const char *key)
{
	const struct posting	*p;
	size_t			 n, i;

	p = table_lookup(t, space, key, &n);
	for (i = 0; i < n; i++) {
		const struct object *holder = posting_object(t, &p[i]);

		if (rulekit_is_exported(holder))
			keeper_add_holder(k, t, set, space, key, holder,
			    posting_raw(t, &p[i]), p[i].source);
	}
	/* Cloud holders after every on-premises one is known. */
	for (i = 0; i < n; i++) {
		const struct object *holder = posting_object(t, &p[i]);

		if (holder->side == SIDE_CLOUD &&
		    !is_represented(k, t, set, holder))
			keeper_add_holder(k, t, set, space, key, holder,
			    posting_raw(t, &p[i]), p[i].source);
	}
	k->predicted = predicted_holder(k, set, key);
}

/* A candidate's evidence on test: 1 passes, 0 fails, -1 unknown. */
static int
score(const struct keeper_candidate *c, enum keeper_reason test)
{
	switch (test) {
	case KEEPER_SYNCED:
		return c->is_synced;
	case KEEPER_PRIMARY:
		return c->is_primary;
	case KEEPER_ENABLED:
		return c->is_enabled == TRI_UNKNOWN ? -1 :
		    c->is_enabled == TRI_TRUE;
	case KEEPER_MAILBOX:
		return c->is_mailbox;
	default:
		return -1;
	}
}

/* Rule out, on test, every holder left with less evidence; how many remain. */
static size_t
run_test(struct keeper *k, enum keeper_reason test)
{
	size_t	i, left = 0;
	int	best = -1;

	for (i = 0; i < k->n; i++)
		if (!k->candidates[i].is_ruled_out &&
		    score(&k->candidates[i], test) > best)
			best = score(&k->candidates[i], test);
	for (i = 0; i < k->n; i++) {
		struct keeper_candidate *c = &k->candidates[i];
		int s = score(c, test);

		if (c->is_ruled_out)
			continue;
		/* Unknown evidence neither wins nor loses. */
		if (s >= 0 && s < best) {
			c->is_ruled_out = true;
			c->ruled_out_by = test;
			continue;
		}
		left++;
	}
	return left;
}

void
keeper_choose(struct keeper *k)
{
	enum keeper_reason	test;
	size_t			i, left = k->n;

	k->winner = NULL;
	k->reason = KEEPER_TIE;
	for (i = 0; i < k->n; i++)
		k->candidates[i].is_ruled_out = false;
	for (test = KEEPER_SYNCED; test < KEEPER_NREASONS && left > 1; test++)
		if ((left = run_test(k, test)) == 1)
			k->reason = test;
	k->ntied = left > 1 ? left : 0;
	for (i = 0; left == 1 && i < k->n; i++)
		if (!k->candidates[i].is_ruled_out)
			k->winner = &k->candidates[i];
}

const char *
keeper_role(const struct keeper *k, const struct object *o, char *buf,
    size_t size)
{
	const struct keeper_candidate	*c = keeper_find(k, o);

	if (c == NULL)
		return NULL;
	if (c == k->winner)
		snprintf(buf, size, "keeps the value: %s",
		    keeper_tests[k->reason].won);
	else if (c->is_ruled_out)
		snprintf(buf, size, "gives it up: %s",
		    keeper_tests[c->ruled_out_by].lost);
	else
		snprintf(buf, size, "tied: decide with the owner");
	return buf;
}

/* How the tied holders stand on test, in a word or two. */
static const char *
level_words(const struct keeper *k, enum keeper_reason test)
{
	size_t	i;
	int	first = -2;

	for (i = 0; i < k->n; i++) {
		int s;

		if (k->candidates[i].is_ruled_out)
			continue;
		s = score(&k->candidates[i], test);
		if (first == -2)
			first = s;
		else if (s != first)
			return "account state not known for all";
	}
	if (first == -1)
		return "account state unknown";
	return first == 1 ? keeper_tests[test].level_yes :
	    keeper_tests[test].level_no;
}

/* "both 'A' and 'B'" or "all 3 of 'A', 'B' and 'C'": the tied holders. */
static void
put_tied_names(FILE *out, const struct keeper *k)
{
	size_t	i, seen = 0;

	fputs(k->ntied == 2 ? "both " : "", out);
	if (k->ntied > 2)
		fprintf(out, "all %zu of ", k->ntied);
	for (i = 0; i < k->n; i++) {
		if (k->candidates[i].is_ruled_out)
			continue;
		if (seen > 0)
			fputs(++seen == k->ntied ? " and " : ", ", out);
		else
			seen++;
		fprintf(out, "'%s'",
		    object_display_name(k->candidates[i].object));
	}
}

/* The advice in one sentence; the caller frees it. */
static char *
advice_text(const struct keeper *k, const char *key)
{
	enum keeper_reason	 test;
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*mem;

	if ((mem = open_memstream(&buf, &len)) == NULL)
		abort();
	if (k->winner != NULL)
		fprintf(mem, "'%s' should keep '%s': %s.",
		    object_display_name(k->winner->object), key,
		    keeper_tests[k->reason].wins);
	else {
		fputs("no keeper can be chosen from the exports: ", mem);
		put_tied_names(mem, k);
		fputs(" are alike on every test (", mem);
		for (test = KEEPER_SYNCED; test < KEEPER_NREASONS; test++)
			fprintf(mem, "%s%s", test > KEEPER_SYNCED ? ", " : "",
			    level_words(k, test));
		fputs("); decide with the owner.", mem);
	}
	if (k->predicted != NULL && (k->winner == NULL ||
	    k->predicted != k->winner->object))
		fprintf(mem, " Entra ID itself leaves it on '%s', which has it "
		    "in the tenant today, %s.",
		    object_display_name(k->predicted), k->winner != NULL ?
		    "not on the recommended keeper, until it is removed there" :
		    "until someone decides");
	fclose(mem);
	return buf;
}

void
keeper_to_finding(const struct keeper *k, struct findings *fs,
    struct finding *f, const char *key)
{
	struct finding_keeper	 fk;
	const struct object	**tied, **losers;
	size_t			 i;

	memset(&fk, 0, sizeof(fk));
	tied = xcalloc(k->n + 1, sizeof(*tied));
	losers = xcalloc(k->n + 1, sizeof(*losers));
	for (i = 0; i < k->n; i++) {
		const struct keeper_candidate *c = &k->candidates[i];

		if (c->is_ruled_out)
			losers[fk.nlosers++] = c->object;
		else if (k->winner == NULL)
			tied[fk.ntied++] = c->object;
	}
	fk.object = k->winner != NULL ? k->winner->object : NULL;
	fk.reason = keeper_tests[k->reason].id;
	fk.text = advice_text(k, key);
	fk.predicted = k->predicted;
	fk.tied = tied;
	fk.losers = losers;
	finding_set_keeper(fs, f, &fk);
	free((char *)fk.text);
	free(tied);
	free(losers);
}
