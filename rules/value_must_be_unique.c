/*
 * AttributeValueMustBeUnique: two or more on-premises objects in sync
 * scope that would claim the same userPrincipalName, or the same SMTP
 * address through mail or proxyAddresses; and an on-premises object whose
 * value a cloud object other than the one it matches already holds (from
 * the match simulation, src/match.h).  Entra ID lets one object have a
 * unique value; every holder, on both sides, is named.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "finding.h"
#include "keeper.h"
#include "match.h"
#include "rule.h"
#include "rulekit.h"
#include "table.h"
#include "xalloc.h"

static void	value_must_be_unique_check(const struct rule_context *,
		    struct findings *);
static enum fix_result value_must_be_unique_fix(const struct fix_context *,
		    const struct finding *, struct fix_plan *);

/*
 * Graph and MSOnline document only PropertyConflict, which duplicate
 * attribute resiliency writes on the object that lost a value
 * (formats.md 2d, 2e).
 */
static const char *const value_must_be_unique_categories[] = {
	"PropertyConflict",
	NULL
};

static const enum match_outcome value_must_be_unique_refusals[] = {
	MATCH_DUPLICATE_BLOCKED,
	MATCH_PROXY_CONFLICT,
	MATCH_NONE
};

const struct rule rule_value_must_be_unique = {
	.id       = "AttributeValueMustBeUnique",
	.title    = "a unique attribute value is held by more than one object",
	.doc      = DOC_SYNC_ERRORS "#attributevaluemustbeunique",
	.severity = SEV_ERROR,
	.needs    = RULE_NEEDS_ONPREM,
	.predicts =
	    "two or more on-premises objects in sync scope share a "
	    "userPrincipalName (as Entra ID will hold it: unverified "
	    "suffixes are compared after the rewrite) or an SMTP address "
	    "(through mail or proxyAddresses, across attributes, "
	    "case-insensitively); and an on-premises value a cloud object "
	    "other than its match already holds. With duplicate attribute "
	    "resiliency the loser is exported with loss (warning: the "
	    "placeholder UPN or the dropped address is predicted); an "
	    "address held by an object of another type is a proxy conflict "
	    "resiliency does not quarantine (error, blocked), as is every "
	    "duplicate with `--resiliency off`; every holder on both sides "
	    "is listed, with the one that should keep the value and why (or "
	    "a tie the owner must decide)",
	.explain  =
	    "Entra ID keeps userPrincipalName, mail and every SMTP proxy address\n"
	    "unique across all users, groups and contacts of a tenant.  When two\n"
	    "on-premises objects in sync scope carry the same value (compared\n"
	    "without regard to case, with the smtp: prefix removed, and across\n"
	    "attributes: one object's mail may collide with another's proxy\n"
	    "address), only one of them can have it in the cloud.  With duplicate\n"
	    "attribute resiliency on (every tenant today), the object exported\n"
	    "second is still created, but its UPN is replaced by a generated\n"
	    "placeholder in the tenant's onmicrosoft.com domain, or the clashing\n"
	    "proxy address is dropped; with it off, the export fails.\n"
	    "\n"
	    "\n"
	    "The same holds against objects already in Entra ID.  When an\n"
	    "on-premises object's value is held by a cloud object other than the\n"
	    "one it hard-matches or soft-matches, the cloud object keeps it; the\n"
	    "on-premises object gets the placeholder UPN, or loses the address,\n"
	    "or (resiliency off) fails to export.  This covers a new object\n"
	    "provisioned while the tenant blocks soft match (--block-soft-match),\n"
	    "and an object that updates its own cloud twin while another cloud\n"
	    "object has one of its addresses.  Values a refused soft match is\n"
	    "about are left to InvalidSoftMatch, ObjectTypeMismatch and\n"
	    "ExistingAdminRoleConflict; a value moving from one synced object to\n"
	    "another (the old holder no longer has it on-premises) is not a\n"
	    "conflict, as the same export cycle removes it.\n"
	    "\n"
	    "An object repeating its own address (mail equal to its primary SMTP\n"
	    "address, in any case) is not a conflict.  Computers, critical system\n"
	    "objects and deleted objects are not counted, as Entra Connect does\n"
	    "not export them.\n"
	    "\n"
	    "Which object should keep the value: each finding recommends one\n"
	    "holder from what the exports show, by four tests in this order;\n"
	    "the first test that leaves a single holder decides.\n"
	    "  1. Already synced: the cloud object an on-premises holder's\n"
	    "     export updates has the value today.  Moving it would change a\n"
	    "     working sign-in or mail flow; a new object loses nothing.\n"
	    "  2. Primary value: a UPN, mail or primary (SMTP:) address is the\n"
	    "     name people and systems use; a secondary (smtp:) address is\n"
	    "     an alias, usually left over from a rename or a migration.\n"
	    "  3. Enabled account: a disabled account is usually a leaver or a\n"
	    "     stale copy.  Shared, room and equipment mailboxes are left\n"
	    "     out of this test, as Exchange disables their accounts.\n"
	    "  4. Mailbox: a user with a mailbox (msExchRecipientTypeDetails,\n"
	    "     or mail and SMTP proxy addresses without it) receives the\n"
	    "     mail; a contact, group or mail user only forwards it.\n"
	    "The order is by strength of evidence: sync state and address\n"
	    "kind are facts of the directory, while account state and mailbox\n"
	    "type say how the object is used.  Evidence an export lacks (no\n"
	    "userAccountControl, a contact's account state) neither wins nor\n"
	    "loses.  When no test leaves a single holder, the finding says no\n"
	    "keeper can be chosen from the exports and names the tied objects:\n"
	    "decide with the owner.  Entra ID itself does not weigh any of\n"
	    "this: it leaves the value on the object that holds it in the\n"
	    "tenant, or gives it to the object exported first.  When that\n"
	    "object is not the recommended keeper, the finding says so.\n"
	    "\n"
	    "Fix: keep the value on the recommended keeper (or the one the\n"
	    "owner picks), remove or change it on every other object where that\n"
	    "object is managed (on-premises AD, or Entra ID for a cloud-only\n"
	    "object), then let the next sync cycle export the change.  The\n"
	    "steps give the exact value to remove from each object.\n",
	.check    = value_must_be_unique_check,
	.fix      = value_must_be_unique_fix,
	.error_categories = value_must_be_unique_categories,
	.refusals = value_must_be_unique_refusals,
};

struct unique_ctx {
	const struct sync_options	*opt;
	const struct match_set		*matches;
	const struct table		*table;
	struct findings			*out;
	enum key_space			 space;
	const struct posting		**holders;	/* scratch */
	size_t				 cap;
};

/* Is key the value a holder's refused soft match is reported on? */
static bool
is_refused_key(const struct unique_ctx *ctx, const char *key,
    size_t nholders)
{
	size_t	i;

	for (i = 0; i < nholders; i++) {
		const struct match *m = match_for(ctx->matches,
		    posting_object(ctx->table, ctx->holders[i]));

		if (m != NULL && match_is_refused_soft_match(m) &&
		    strcmp(m->key, key) == 0)
			return true;
	}
	return false;
}

/* The candidate whose export updates cloud object c, or NULL. */
static const struct object *
source_of(const struct unique_ctx *ctx, const struct keeper *k,
    const struct object *c)
{
	size_t	i;

	for (i = 0; i < k->n; i++) {
		const struct match *m = match_for(ctx->matches,
		    k->candidates[i].object);

		if (m != NULL && m->cloud == c &&
		    !match_is_refused_soft_match(m))
			return m->object;
	}
	return NULL;
}

/*
 * The part a listed object plays: its keeper role, or why it is there;
 * NULL for none.  The caller frees the result.
 */
static char *
object_role(const struct unique_ctx *ctx, const struct keeper *k,
    const struct object *o)
{
	const struct object	*source;
	char			 buf[64];

	if (keeper_find(k, o) != NULL)
		return xstrdup(keeper_role(k, o, buf, sizeof(buf)));
	if (o->side != SIDE_CLOUD)
		return NULL;
	source = source_of(ctx, k, o);
	if (source == NULL)
		return xstrdup("also holds the value: follows its on-premises "
		    "source");
	if (k->winner != NULL && source == k->winner->object)
		return xstrdup("cloud object of the keeper");
	return xasprintf("cloud object of '%s'", object_display_name(source));
}

/*
 * Does on-premises o hold its key in the space looked at?  Not its UPN
 * when Entra ID rewrites it (unverified suffix): it then holds the
 * rewritten one, which report_rewritten_clashes() weighs.
 */
static bool
holds_key(const struct unique_ctx *ctx, const struct object *o)
{
	const struct match	*m;

	if (!rulekit_is_exported(o))
		return false;
	if (ctx->space != KEY_UPN)
		return true;
	m = match_for(ctx->matches, o);
	return m == NULL || !m->is_upn_rewritten;
}

/* Does m's duplicate value fail its export (rather than quarantine)? */
static bool
is_blocked(const struct match *m)
{
	return m->outcome == MATCH_DUPLICATE_BLOCKED ||
	    m->outcome == MATCH_PROXY_CONFLICT;
}

/*
 * The on-premises holders lose the value, except the one Entra ID leaves
 * it on: with resiliency they are exported without it (quarantined),
 * without resiliency their exports fail.
 */
static void
set_losers(const struct unique_ctx *ctx, struct finding *f,
    const struct object *kept)
{
	size_t	i;

	for (i = 0; i < f->nobjects; i++) {
		const struct object *o = f->objects[i].object;
		const struct match *m = match_for(ctx->matches, o);

		if (o->side != SIDE_ONPREM || o == kept)
			f->objects[i].effect = EFFECT_NONE;
		else if (!ctx->opt->is_resiliency_on ||
		    (m != NULL && is_blocked(m)))
			f->objects[i].effect = EFFECT_BLOCKED;
		else
			f->objects[i].effect = EFFECT_LOSS;
		/* A loser whose export fails makes the finding an error. */
		if (f->objects[i].effect == EFFECT_BLOCKED)
			f->severity = SEV_ERROR;
	}
}

static enum severity
loss_severity(const struct unique_ctx *ctx)
{
	return ctx->opt->is_resiliency_on ? SEV_WARNING : SEV_ERROR;
}

static void
add_holder(struct findings *fs, struct finding *f,
    const struct unique_ctx *ctx, const struct keeper *k,
    const struct object *o, const char *raw, const char *held_as)
{
	char	*role = object_role(ctx, k, o);

	finding_add_object(fs, f, o, raw, held_as, role);
	free(role);
}

/* Every holder of key, on-premises ones first, with its part. */
static void
add_holders(struct findings *fs, struct finding *f,
    const struct unique_ctx *ctx, const struct keeper *k,
    const struct posting *postings, size_t n)
{
	size_t	i;
	int	pass;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < n; i++) {
			const struct posting *p = &postings[i];
			const struct object *o = posting_object(ctx->table, p);

			if (pass == 0 ? !holds_key(ctx, o) :
			    o->side != SIDE_CLOUD)
				continue;
			add_holder(fs, f, ctx, k, o, posting_raw(ctx->table, p),
			    ctx->space == KEY_UPN ? "userPrincipalName" :
			    addr_source_name(p->source));
		}
}

/* -Remove @{proxyAddresses=...}: every proxy of o that is key. */
static bool
put_proxy_removal(FILE *mem, const struct object *o, const char *key)
{
	bool	is_primary = false;
	size_t	i, n = 0;

	for (i = 0; i < o->nproxy_addresses; i++) {
		const char *v = o->proxy_addresses[i];
		char *q;

		if (strncasecmp(v, "smtp:", 5) != 0 || strcasecmp(v + 5, key) != 0)
			continue;
		q = rulekit_ps_quote(v);
		fprintf(mem, "%s'%s'", n++ == 0 ? " -Remove @{proxyAddresses=" :
		    ",", q);
		free(q);
		if (strncmp(v, "SMTP:", 5) == 0)
			is_primary = true;
	}
	if (n > 0)
		fputc('}', mem);
	if (is_primary)
		fputs(" -Add @{proxyAddresses='SMTP:<new primary address>'}",
		    mem);
	return is_primary;
}

/* The exact change that makes on-premises holder o give key up. */
static void
onprem_give_up_step(struct findings *fs, struct finding *f,
    enum key_space space, const struct object *o, const char *key,
    const char *lead)
{
	char	*dn = rulekit_ps_quote(object_display_name(o));
	char	*buf = NULL;
	size_t	 len = 0;
	bool	 is_mail, is_primary;
	FILE	*mem;

	if (space == KEY_UPN) {
		finding_add_step(fs, f,
		    "%s gives up userPrincipalName '%s': give it one of its "
		    "own in a verified domain (Set-ADUser -Identity '%s' "
		    "-UserPrincipalName '<new UPN>').", lead,
		    o->upn != NULL ? o->upn : key, dn);
		free(dn);
		return;
	}
	if ((mem = open_memstream(&buf, &len)) == NULL)
		abort();
	is_mail = o->mail != NULL && strcasecmp(o->mail, key) == 0;
	fprintf(mem, "%s -Identity '%s'", rulekit_set_cmdlet(o), dn);
	is_primary = put_proxy_removal(mem, o, key);
	if (is_mail)
		fputs(" -Replace @{mail='<new address>'}", mem);
	fclose(mem);
	finding_add_step(fs, f, "%s gives up '%s'%s: %s.%s", lead, key,
	    is_primary && is_mail ? ", its primary address and mail" :
	    is_primary ? ", its primary address" : is_mail ? ", its mail" :
	    "", buf, is_mail && !is_primary ?
	    "  Or clear mail instead (-Clear mail)." : "");
	free(buf);
	free(dn);
}

/* The change that makes cloud holder c give key up, where c is managed. */
static void
cloud_give_up_step(struct findings *fs, struct finding *f,
    enum key_space space, const struct keeper_candidate *c,
    const char *key, const char *lead)
{
	const struct object	*o = c->object;

	if (o->immutable_id != NULL && o->sync_enabled != TRI_FALSE)
		finding_add_step(fs, f,
		    "%s gives up '%s' where it is managed: remove '%s' from "
		    "the on-premises object it is synced from (immutableId "
		    "'%s', not in these exports).", lead, key, c->raw,
		    o->immutable_id);
	else if (space == KEY_UPN)
		finding_add_step(fs, f,
		    "%s gives up '%s': it is managed in the cloud, so give it "
		    "another userPrincipalName in Entra ID (Update-MgUser "
		    "-UserId '%s' -UserPrincipalName '<new UPN>').", lead, key,
		    o->id != NULL ? o->id : "?");
	else
		finding_add_step(fs, f,
		    "%s gives up '%s': it is a cloud-only %s, so remove '%s' "
		    "from it in Exchange Online or Entra ID.", lead, key,
		    object_type_name(o->type), c->raw);
}

/*
 * The step for a holder that gives key up; is_tied: it is one of the
 * tied holders, which gives it up only if the owner picks another.
 */
static void
give_up_step(struct findings *fs, struct finding *f, enum key_space space,
    const struct keeper_candidate *c, const char *key, bool is_tied)
{
	char	*lead;

	lead = xasprintf(is_tied ? "If '%s' is not the keeper, it" : "'%s'",
	    object_display_name(c->object));
	if (c->object->side == SIDE_ONPREM)
		onprem_give_up_step(fs, f, space, c->object, key, lead);
	else
		cloud_give_up_step(fs, f, space, c, key, lead);
	free(lead);
}

/*
 * Name the keeper, or ask for the owner's decision on a tie, then the
 * exact change on every holder that gives the value up; on a tie, the
 * change each tied holder makes if another is picked.
 */
static void
add_keeper_steps(struct findings *fs, struct finding *f,
    enum key_space space, const struct keeper *k, const char *key)
{
	size_t	i;

	if (k->winner != NULL)
		finding_add_step(fs, f,
		    "Keep '%s' on '%s', the recommended keeper (%s).", key,
		    object_display_name(k->winner->object),
		    keeper_reason_words(k->reason));
	else
		finding_add_step(fs, f,
		    "Decide with the owner which of the %zu tied objects keeps "
		    "'%s': nothing in the exports tells them apart.", k->ntied,
		    key);
	for (i = 0; i < k->n; i++)
		if (k->candidates[i].is_ruled_out)
			give_up_step(fs, f, space, &k->candidates[i], key,
			    false);
	for (i = 0; k->winner == NULL && i < k->n; i++)
		if (!k->candidates[i].is_ruled_out)
			give_up_step(fs, f, space, &k->candidates[i], key, true);
}

/* What Entra ID does until the others change: the predicted holder. */
static void
add_until_step(struct findings *fs, struct finding *f,
    const struct unique_ctx *ctx, const struct keeper *k)
{
	const char	*holder = "the object exported first (the exports "
			    "cannot tell which)";
	char		*named = NULL;

	if (k->predicted != NULL)
		holder = named = xasprintf("'%s'",
		    object_display_name(k->predicted));
	if (!ctx->opt->is_resiliency_on)
		finding_add_step(fs, f,
		    "Until then, every object exported after the first fails "
		    "to export (duplicate attribute resiliency is off).");
	else if (ctx->space == KEY_UPN)
		finding_add_step(fs, f,
		    "Until then, Entra ID gives the value to %s and a "
		    "generated placeholder UPN in the onmicrosoft.com domain "
		    "to the others: their users cannot sign in with the name "
		    "they expect.", holder);
	else
		finding_add_step(fs, f,
		    "Until then, Entra ID keeps the address on %s and "
		    "silently drops it from the others: mail for it reaches "
		    "only one of them.", holder);
	free(named);
}

static void
add_rerun_step(struct findings *fs, struct finding *f)
{
	finding_add_step(fs, f,
	    "Run syncdoctor again on a fresh export to confirm the value is "
	    "held once, then let the next sync cycle export the change.");
}

static void
set_unique_summary(struct findings *fs, struct finding *f,
    enum key_space space, const char *key, size_t nholders, size_t ncloud)
{
	const char	*what = space == KEY_UPN ? "userPrincipalName" :
			    "SMTP address";

	if (ncloud > 0)
		finding_set_summary(fs, f,
		    "%s '%s' is held by %zu on-premises object%s and %zu cloud "
		    "object%s; Entra ID lets only one object have it", what,
		    key, nholders, nholders == 1 ? "" : "s", ncloud,
		    ncloud == 1 ? "" : "s");
	else
		finding_set_summary(fs, f,
		    "%s '%s' is held by %zu on-premises objects; Entra ID lets "
		    "only one of them have it", what, key, nholders);
}

static void
unique_key(const char *key, const struct posting *postings, size_t n,
    void *arg)
{
	struct unique_ctx	*ctx = arg;
	struct findings		*fs = ctx->out;
	struct finding		*f;
	struct keeper		 k;
	const char		*attribute;
	size_t			 i, nholders = 0, ncloud = 0;
	bool			 is_proxy = false;

	if (ctx->cap < n) {
		ctx->cap = n;
		ctx->holders = xreallocarray(ctx->holders, n,
		    sizeof(*ctx->holders));
	}
	/* Postings hold one entry per object and key: no self-conflicts. */
	for (i = 0; i < n; i++) {
		const struct object *o = posting_object(ctx->table,
		    &postings[i]);

		if (o->side == SIDE_CLOUD)
			ncloud++;
		if (!holds_key(ctx, o))
			continue;
		ctx->holders[nholders++] = &postings[i];
		if (postings[i].source != ADDR_MAIL)
			is_proxy = true;
	}
	if (nholders < 2 || is_refused_key(ctx, key, nholders))
		return;

	if (ctx->space == KEY_UPN)
		attribute = "userPrincipalName";
	else
		attribute = is_proxy ? "proxyAddresses" : "mail";
	keeper_init(&k);
	keeper_collect(&k, ctx->table, ctx->matches, ctx->space, key);
	keeper_choose(&k);
	f = findings_add(fs, &rule_value_must_be_unique, loss_severity(ctx),
	    attribute, key);
	add_holders(fs, f, ctx, &k, postings, n);
	set_losers(ctx, f, k.predicted);
	set_unique_summary(fs, f, ctx->space, key, nholders, ncloud);
	keeper_to_finding(&k, fs, f, key);
	add_keeper_steps(fs, f, ctx->space, &k, key);
	add_until_step(fs, f, ctx, &k);
	add_rerun_step(fs, f);
	keeper_release(&k);
}

/* What the on-premises object's export does, in words, for summaries. */
static const char *
export_words(const struct match *m)
{
	switch (m->base) {
	case MATCH_HARD:
	case MATCH_PRESUMED:
	case MATCH_HARD_TAKEOVER:
		return "updates its own cloud object";
	case MATCH_SOFT:
		return "takes over the cloud object it soft-matches";
	case MATCH_NEW:
		return "is provisioned as a new object";
	default:
		return "is blocked for another reason";
	}
}

/* How the on-premises object holds the conflicting key. */
static const char *
onprem_held_as(const struct table *t, const struct match *m,
    const struct match_conflict *c)
{
	const struct object	*o = m->object;
	size_t			 i;

	if (strcmp(c->attribute, "userPrincipalName") == 0)
		return "userPrincipalName";
	for (i = 0; i < o->nsmtp_keys; i++)
		if (smtp_key_string(t, &o->smtp_keys[i]) == c->key)
			return addr_source_name(o->smtp_keys[i].source);
	return c->attribute;
}

/* A note when the tenant's soft-match block keeps two objects apart. */
static void
soft_match_block_step(struct findings *fs, struct finding *f,
    const struct match *m, const struct match_conflict *c,
    const struct unique_ctx *ctx)
{
	if (!ctx->opt->is_soft_match_blocked || m->base != MATCH_NEW)
		return;
	finding_add_step(fs, f,
	    "The tenant blocks soft match (--block-soft-match), so '%s' "
	    "is not joined to '%s' even if both are the same %s; to join "
	    "them, write the cloud object's immutableId into the "
	    "on-premises object's anchor, or lift the block for one "
	    "sync cycle.", object_display_name(m->object),
	    object_display_name(c->holder), object_type_name(m->object->type));
}

static void
conflict_outcome_step(struct findings *fs, struct finding *f,
    const struct match *m, const struct match_conflict *c)
{
	if (m->outcome == MATCH_DUPLICATE_BLOCKED)
		finding_add_step(fs, f,
		    "Until then, every export of '%s' fails with "
		    "AttributeValueMustBeUnique (duplicate attribute "
		    "resiliency is off).", object_display_name(m->object));
	else if (m->outcome == MATCH_PROXY_CONFLICT)
		finding_add_step(fs, f,
		    "Until then, every export of '%s' fails with a proxy "
		    "address conflict: duplicate attribute resiliency does not "
		    "quarantine an address that a %s holds (Microsoft's known "
		    "issue), and the error repeats on every sync cycle.",
		    object_display_name(m->object),
		    object_type_name(c->holder->type));
	else if (c->placeholder != NULL)
		finding_add_step(fs, f,
		    "Until then, Entra ID gives '%s' the placeholder UPN '%s' "
		    "(NNNN: four digits it picks) and records the conflict on "
		    "the object: its user cannot sign in as '%s'.",
		    object_display_name(m->object), c->placeholder, c->key);
	else
		finding_add_step(fs, f,
		    "Until then, Entra ID drops '%s' from '%s' and records the "
		    "conflict on the object: mail for it reaches only '%s'.",
		    c->key, object_display_name(m->object),
		    object_display_name(c->holder));
	finding_add_step(fs, f,
	    "Run syncdoctor again on a fresh export to confirm the value is "
	    "held once, then let the next sync cycle export the change.");
}

/* The number of in-scope on-premises holders of key. */
static size_t
onprem_holders(const struct table *t, enum key_space space, const char *key)
{
	const struct posting	*p;
	size_t			 n, i, count = 0;

	p = table_lookup(t, space, key, &n);
	for (i = 0; i < n; i++)
		if (rulekit_is_exported(posting_object(t, &p[i])))
			count++;
	return count;
}

/*
 * The keeper candidates of a cloud conflict: the holders of the key, and
 * the on-premises object itself, whose key may be the UPN Entra ID
 * rewrites it to (then no posting has it).
 */
static void
collect_conflict(struct keeper *k, const struct unique_ctx *ctx,
    const struct match *m, const struct match_conflict *c,
    enum key_space space)
{
	size_t	i;

	keeper_collect(k, ctx->table, ctx->matches, space, c->key);
	for (i = 0; i < m->object->nsmtp_keys; i++)
		if (smtp_key_string(ctx->table, &m->object->smtp_keys[i]) ==
		    c->key)
			break;
	keeper_add_holder(k, ctx->table, ctx->matches, space, c->key,
	    m->object, c->value, i < m->object->nsmtp_keys ?
	    m->object->smtp_keys[i].source : ADDR_MAIL);
	/* Duplicate attribute resiliency leaves it on the cloud holder. */
	k->predicted = c->holder;
}

/* The on-premises object, then every other holder of the key. */
static void
add_conflict_holders(struct findings *fs, struct finding *f,
    const struct unique_ctx *ctx, const struct keeper *k,
    const struct match *m, const struct match_conflict *c)
{
	const struct posting	*p;
	size_t			 n, i;

	add_holder(fs, f, ctx, k, m->object, c->value,
	    onprem_held_as(ctx->table, m, c));
	p = table_lookup(ctx->table, ctx->space, c->key, &n);
	for (i = 0; i < n; i++) {
		const struct object *o = posting_object(ctx->table, &p[i]);

		if (o == m->object ||
		    (o->side == SIDE_ONPREM && !rulekit_is_exported(o)))
			continue;
		add_holder(fs, f, ctx, k, o, posting_raw(ctx->table, &p[i]),
		    ctx->space == KEY_UPN ? "userPrincipalName" :
		    addr_source_name(p[i].source));
	}
}

/* One on-premises object against the cloud objects that keep its value. */
static void
report_cloud_conflict(struct unique_ctx *ctx, const struct match *m,
    const struct match_conflict *c)
{
	struct findings		*fs = ctx->out;
	struct finding		*f;
	struct keeper		 k;

	ctx->space = strcmp(c->attribute, "userPrincipalName") == 0 ?
	    KEY_UPN : KEY_SMTP;
	keeper_init(&k);
	collect_conflict(&k, ctx, m, c, ctx->space);
	keeper_choose(&k);
	f = findings_add(fs, &rule_value_must_be_unique,
	    is_blocked(m) ? SEV_ERROR : SEV_WARNING, c->attribute, c->key);
	add_conflict_holders(fs, f, ctx, &k, m, c);
	finding_set_effect(f, m->object, is_blocked(m) ? EFFECT_BLOCKED :
	    EFFECT_LOSS);
	finding_set_summary(fs, f,
	    "%s '%s' of on-premises %s '%s' is already held by cloud %s '%s', "
	    "which is not the object it matches ('%s' %s)", c->attribute,
	    c->key, object_type_name(m->object->type),
	    object_display_name(m->object),
	    object_type_name(c->holder->type), object_display_name(c->holder),
	    object_display_name(m->object), export_words(m));
	keeper_to_finding(&k, fs, f, c->key);
	add_keeper_steps(fs, f, ctx->space, &k, c->key);
	soft_match_block_step(fs, f, m, c, ctx);
	conflict_outcome_step(fs, f, m, c);
	keeper_release(&k);
}

static void
report_cloud_conflicts(struct unique_ctx *ctx)
{
	size_t	i, k, n = match_set_size(ctx->matches);

	for (i = 0; i < n; i++) {
		const struct match *m = match_get(ctx->matches, i);

		for (k = 0; k < m->nconflicts; k++) {
			const struct match_conflict *c = &m->rare->conflicts[k];
			enum key_space space;

			space = strcmp(c->attribute, "userPrincipalName") == 0 ?
			    KEY_UPN : KEY_SMTP;
			/* Two on-premises holders: unique_key reports it. */
			if (onprem_holders(ctx->table, space, c->key) >= 2)
				continue;
			report_cloud_conflict(ctx, m, c);
		}
	}
}

static int
rewritten_cmp(const void *a, const void *b)
{
	const struct match	*x = *(const struct match *const *)a;
	const struct match	*y = *(const struct match *const *)b;
	int			 c = strcmp(match_upn_key(x), match_upn_key(y));

	if (c != 0)
		return c;
	return x->object->index < y->object->index ? -1 : 1;
}

/* One UPN that two or more rewritten UPNs become. */
static void
report_rewritten_clash(struct unique_ctx *ctx, const struct match **group,
    size_t n)
{
	struct findings		*fs = ctx->out;
	const char		*upn = match_upn(group[0]);
	struct finding		*f;
	size_t			 i;

	f = findings_add(fs, &rule_value_must_be_unique, loss_severity(ctx),
	    "userPrincipalName", match_upn_key(group[0]));
	for (i = 0; i < n; i++)
		finding_add_object(fs, f, group[i]->object,
		    group[i]->object->upn, "userPrincipalName (suffix not "
		    "verified: Entra ID rewrites it)", NULL);
	set_losers(ctx, f, NULL);
	finding_set_summary(fs, f,
	    "%zu on-premises users have UPNs in domains the tenant has not "
	    "verified, and Entra ID rewrites each to <mailNickname>@<initial "
	    "domain>: all become '%s'; one keeps it, %s", n, upn,
	    ctx->opt->is_resiliency_on ? "the others get a placeholder UPN "
	    "(duplicate attribute resiliency)" : "the others fail to export");
	for (i = 0; i < n; i++)
		finding_add_step(fs, f,
		    "Give '%s' a UPN in a verified domain (Set-ADUser -Identity "
		    "'%s' -UserPrincipalName '<name>@<verified domain>'), or a "
		    "mailNickname of its own.",
		    object_display_name(group[i]->object),
		    object_display_name(group[i]->object));
	add_rerun_step(fs, f);
}

/*
 * Users whose UPNs Entra ID rewrites (unverified suffix) clash on the
 * rewritten value, not the one they hold on premises: two
 * jsmith@corp.local users with different nicknames do not clash; two
 * whose nicknames are equal do (plan-connect-userprincipalname).
 */
static void
report_rewritten_clashes(struct unique_ctx *ctx)
{
	const struct match	**list = NULL;
	size_t			  i, k, n = 0, cap = 0;

	for (i = 0; i < match_set_size(ctx->matches); i++) {
		const struct match *m = match_get(ctx->matches, i);

		if (m->is_upn_rewritten && match_upn_key(m) != NULL &&
		    rulekit_is_exported(m->object) &&
		    !match_is_refused_soft_match(m)) {
			GROW(list, n, cap);
			list[n++] = m;
		}
	}
	if (n > 1)
		qsort(list, n, sizeof(*list), rewritten_cmp);
	for (i = 0; i < n; i = k) {
		for (k = i + 1; k < n && strcmp(match_upn_key(list[i]),
		    match_upn_key(list[k])) == 0; k++)
			continue;
		if (k - i > 1)
			report_rewritten_clash(ctx, list + i, k - i);
	}
	free(list);
}

static void
value_must_be_unique_check(const struct rule_context *rc,
    struct findings *out)
{
	struct unique_ctx	ctx = {
		.opt = rc->options,
		.matches = rc->matches,
		.table = rc->table,
		.out = out
	};

	ctx.space = KEY_UPN;
	table_foreach_key(rc->table, KEY_UPN, 2, unique_key, &ctx);
	ctx.space = KEY_SMTP;
	table_foreach_key(rc->table, KEY_SMTP, 2, unique_key, &ctx);
	report_cloud_conflicts(&ctx);
	ctx.space = KEY_UPN;
	report_rewritten_clashes(&ctx);
	free(ctx.holders);
}

/* A holder as the fix file's comment names it: DN, else UPN, else id. */
static const char *
fix_holder_name(const struct object *o)
{
	if (o->dn != NULL)
		return o->dn;
	if (o->upn != NULL)
		return o->upn;
	return o->id != NULL ? o->id : "?";
}

/*
 * On an SMTP address: the keeper advice's holders that give it up lose
 * their secondary smtp: copies.  Nothing for a tie (a person picks the
 * keeper), nor when a holder that gives it up is a cloud object or holds
 * it as mail or primary address.
 */
static enum fix_result
value_must_be_unique_fix(const struct fix_context *ctx,
    const struct finding *f, struct fix_plan *p)
{
	const struct finding_keeper	*k = f->keeper;
	size_t				 i;

	(void)ctx;
	if (k == NULL || k->object == NULL || k->nlosers == 0 ||
	    strcmp(f->attribute, "userPrincipalName") == 0)
		return FIX_DECISION;
	for (i = 0; i < k->nlosers; i++)
		if (!fix_plan_proxy_delete(p, k->losers[i], f->value))
			return FIX_DECISION;
	p->why = xasprintf("remove '%s' from every holder but '%s', which "
	    "keeps it (keeper advice: %s)", f->value,
	    fix_holder_name(k->object), k->reason);
	return p->n > 0 ? FIX_PLANNED : FIX_DECISION;
}
