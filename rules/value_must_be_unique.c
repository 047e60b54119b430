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

#include "finding.h"
#include "match.h"
#include "rule.h"
#include "rulekit.h"
#include "table.h"
#include "xalloc.h"

static void	value_must_be_unique_check(const struct rule_context *,
		    struct findings *);

const struct rule rule_value_must_be_unique = {
	.id       = "AttributeValueMustBeUnique",
	.title    = "a unique attribute value is held by more than one object",
	.doc      = DOC_SYNC_ERRORS "#attributevaluemustbeunique",
	.severity = SEV_ERROR,
	.needs    = RULE_NEEDS_ONPREM,
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
	    "Fix: decide which object rightfully owns the value, remove or change\n"
	    "it on every other object where that object is managed (on-premises\n"
	    "AD, or Entra ID for a cloud-only object), then let the next sync\n"
	    "cycle export the change.\n",
	.check    = value_must_be_unique_check,
};

struct unique_ctx {
	const struct rule_options	*opt;
	const struct match_set		*matches;
	const struct table		*table;
	struct findings			*out;
	enum key_space			 space;
	const struct posting		**holders;	/* scratch */
	size_t				 cap;
};

/* The one holder whose primary SMTP address the key is, or NULL. */
static const struct posting *
primary_holder(const struct posting *const *holders, size_t n)
{
	const struct posting	*found = NULL;
	size_t			 i;

	for (i = 0; i < n; i++) {
		if (holders[i]->source != ADDR_PRIMARY)
			continue;
		if (found != NULL)
			return NULL;
		found = holders[i];
	}
	return found;
}

/*
 * The on-premises holder whose cloud object (its hard match, presumed
 * twin or soft match) already holds the key: it keeps the value.
 */
static const struct object *
cloud_keeper(const struct unique_ctx *ctx, const struct posting *postings,
    size_t n, size_t nholders)
{
	size_t	i, k;

	for (i = 0; i < n; i++) {
		if (postings[i].object->side != SIDE_CLOUD)
			continue;
		for (k = 0; k < nholders; k++) {
			const struct match *m = match_for(ctx->matches,
			    ctx->holders[k]->object);

			if (m != NULL && m->cloud == postings[i].object &&
			    !match_is_refused_soft_match(m))
				return m->object;
		}
	}
	return NULL;
}

/* Is key the value a holder's refused soft match is reported on? */
static bool
is_refused_key(const struct unique_ctx *ctx, const char *key,
    size_t nholders)
{
	size_t	i;

	for (i = 0; i < nholders; i++) {
		const struct match *m = match_for(ctx->matches,
		    ctx->holders[i]->object);

		if (m != NULL && match_is_refused_soft_match(m) &&
		    strcmp(m->key, key) == 0)
			return true;
	}
	return false;
}

static void
add_upn_steps(struct findings *fs, struct finding *f, const char *key,
    const struct object *keeper, const struct unique_ctx *ctx)
{
	if (keeper != NULL)
		finding_add_step(fs, f,
		    "'%s' keeps '%s': its cloud object already has it.  Decide "
		    "whether that is right (usually the enabled account in daily "
		    "use should sign in with it).", rulekit_object_name(keeper), key);
	else
		finding_add_step(fs, f,
		    "Decide which of these %zu objects is the account that "
		    "should sign in as '%s' (usually the enabled account in "
		    "daily use).", f->nobjects, key);
	finding_add_step(fs, f,
	    "In on-premises AD, give every other object listed a "
	    "userPrincipalName of its own in a verified domain (Set-ADUser "
	    "-Identity '<DN>' -UserPrincipalName '<new UPN>').");
	if (ctx->opt->is_resiliency_on)
		finding_add_step(fs, f,
		    "Until then, Entra ID gives the value to %s and a "
		    "generated placeholder UPN in the onmicrosoft.com domain "
		    "to the others: their users cannot sign in with the name "
		    "they expect.", keeper != NULL ? "the object that has it" :
		    "the first object exported");
	else
		finding_add_step(fs, f,
		    "Until then, every object exported after the first fails "
		    "to export (duplicate attribute resiliency is off).");
	finding_add_step(fs, f,
	    "Run syncdoctor again on a fresh export to confirm the value is "
	    "held once, then let the next sync cycle export the change.");
}

static void
add_smtp_steps(struct findings *fs, struct finding *f, const char *key,
    const struct posting *primary, const struct object *keeper,
    const struct unique_ctx *ctx)
{
	if (keeper != NULL)
		finding_add_step(fs, f,
		    "'%s' keeps '%s': its cloud object already has it.  Decide "
		    "whether that is right.", rulekit_object_name(keeper), key);
	else if (primary != NULL)
		finding_add_step(fs, f,
		    "Decide which object keeps '%s'.  '%s' holds it as its "
		    "primary (SMTP:) reply address, so it is the likely keeper.",
		    key, rulekit_object_name(primary->object));
	else
		finding_add_step(fs, f,
		    "Decide which of these %zu objects keeps '%s' (the mailbox "
		    "that receives this address today).", f->nobjects, key);
	finding_add_step(fs, f,
	    "On every other object listed, remove the value as it is held "
	    "there from proxyAddresses (Set-ADUser/Set-ADGroup/Set-ADObject "
	    "-Identity '<DN>' -Remove @{proxyAddresses='<value>'}) and clear "
	    "or change mail where mail holds it.");
	if (ctx->opt->is_resiliency_on)
		finding_add_step(fs, f,
		    "Until then, Entra ID keeps the address on %s and "
		    "silently drops it from the others: mail for it reaches "
		    "only one of them.", keeper != NULL ?
		    "the object that has it" : "the first object exported");
	else
		finding_add_step(fs, f,
		    "Until then, every object exported after the first fails "
		    "to export (duplicate attribute resiliency is off).");
	finding_add_step(fs, f,
	    "Run syncdoctor again on a fresh export to confirm the value is "
	    "held once, then let the next sync cycle export the change.");
}

/* Cloud holders of the key, after the on-premises ones. */
static size_t
add_cloud_holders(struct findings *fs, struct finding *f,
    const struct unique_ctx *ctx, const struct posting *postings, size_t n,
    const struct object *keeper)
{
	const struct match	*km = match_for(ctx->matches, keeper);
	size_t			 i, ncloud = 0;

	for (i = 0; i < n; i++) {
		const struct posting *p = &postings[i];

		if (p->object->side != SIDE_CLOUD)
			continue;
		finding_add_object(fs, f, p->object, p->raw,
		    ctx->space == KEY_UPN ? "userPrincipalName" :
		    addr_source_name(p->source), km != NULL &&
		    km->cloud == p->object ? "cloud object of the keeper" :
		    "cloud object: already holds the value");
		ncloud++;
	}
	return ncloud;
}

static void
unique_key(const char *key, const struct posting *postings, size_t n,
    void *arg)
{
	struct unique_ctx	*ctx = arg;
	struct findings		*fs = ctx->out;
	struct finding		*f;
	const struct object	*keeper;
	const char		*attribute;
	size_t			 i, nholders = 0, ncloud;
	bool			 is_proxy = false;

	if (ctx->cap < n) {
		ctx->cap = n;
		ctx->holders = xreallocarray(ctx->holders, n,
		    sizeof(*ctx->holders));
	}
	/* Postings hold one entry per object and key: no self-conflicts. */
	for (i = 0; i < n; i++) {
		if (!rulekit_is_exported(postings[i].object))
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
	keeper = cloud_keeper(ctx, postings, n, nholders);
	f = findings_add(fs, &rule_value_must_be_unique, SEV_ERROR,
	    attribute, key);
	for (i = 0; i < nholders; i++) {
		const struct posting *p = ctx->holders[i];

		finding_add_object(fs, f, p->object, p->raw,
		    ctx->space == KEY_UPN ? "userPrincipalName" :
		    addr_source_name(p->source), p->object == keeper ?
		    "keeps the value: its cloud object has it" : NULL);
	}
	ncloud = add_cloud_holders(fs, f, ctx, postings, n, keeper);
	if (ncloud > 0)
		finding_set_summary(fs, f,
		    "%s '%s' is held by %zu on-premises objects and %zu cloud "
		    "objects; Entra ID lets only one object have it",
		    ctx->space == KEY_UPN ? "userPrincipalName" :
		    "SMTP address", key, nholders, ncloud);
	else
		finding_set_summary(fs, f,
		    "%s '%s' is held by %zu on-premises objects; Entra ID lets "
		    "only one of them have it", ctx->space == KEY_UPN ?
		    "userPrincipalName" : "SMTP address", key, nholders);
	if (ctx->space == KEY_UPN)
		add_upn_steps(fs, f, key, keeper, ctx);
	else
		add_smtp_steps(fs, f, key,
		    primary_holder(ctx->holders, nholders), keeper, ctx);
}

static const char *
cloud_name(const struct object *o)
{
	if (o->upn != NULL)
		return o->upn;
	if (o->display_name != NULL)
		return o->display_name;
	return rulekit_object_name(o);
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
onprem_held_as(const struct match *m, const struct match_conflict *c)
{
	size_t	i;

	if (strcmp(c->attribute, "userPrincipalName") == 0)
		return "userPrincipalName";
	for (i = 0; i < m->object->nsmtp_keys; i++)
		if (m->object->smtp_keys[i].key == c->key)
			return addr_source_name(m->object->smtp_keys[i].source);
	return c->attribute;
}

static void
conflict_fix_steps(struct findings *fs, struct finding *f,
    const struct match *m, const struct match_conflict *c,
    const struct unique_ctx *ctx)
{
	const struct object	*o = m->object, *holder = c->holder;
	char			*dn = rulekit_ps_quote(rulekit_object_name(o));
	char			*value = rulekit_ps_quote(c->value);

	finding_add_step(fs, f,
	    "Decide which object should have '%s'.  '%s' holds it in Entra ID "
	    "today and keeps it unless it is removed there.", c->key,
	    cloud_name(holder));
	if (strcmp(c->attribute, "userPrincipalName") == 0)
		finding_add_step(fs, f,
		    "To leave it to '%s', give '%s' another userPrincipalName: "
		    "Set-ADUser -Identity '%s' -UserPrincipalName '<new UPN>'.",
		    cloud_name(holder), rulekit_object_name(o), dn);
	else
		finding_add_step(fs, f,
		    "To leave it to '%s', remove it from '%s' in on-premises "
		    "AD: Set-ADUser/Set-ADGroup/Set-ADObject -Identity '%s' "
		    "-Remove @{proxyAddresses='%s'} (clear or change mail if "
		    "mail holds it).", cloud_name(holder), rulekit_object_name(o), dn,
		    value);
	if (holder->immutable_id != NULL)
		finding_add_step(fs, f,
		    "To give it to '%s', remove it from the on-premises object "
		    "'%s' is synced from (immutableId '%s', not in this export), "
		    "in the directory that object lives in.", rulekit_object_name(o),
		    cloud_name(holder), holder->immutable_id);
	else
		finding_add_step(fs, f,
		    "To give it to '%s', remove it from the cloud-only %s '%s' "
		    "in Entra ID or Exchange Online.", rulekit_object_name(o),
		    object_type_name(holder->type), cloud_name(holder));
	if (ctx->opt->is_soft_match_blocked && m->base == MATCH_NEW)
		finding_add_step(fs, f,
		    "The tenant blocks soft match (--block-soft-match), so '%s' "
		    "is not joined to '%s' even if both are the same %s; to join "
		    "them, write the cloud object's immutableId into the "
		    "on-premises object's anchor, or lift the block for one "
		    "sync cycle.", rulekit_object_name(o), cloud_name(holder),
		    object_type_name(o->type));
	free(dn);
	free(value);
}

static void
conflict_outcome_step(struct findings *fs, struct finding *f,
    const struct match *m, const struct match_conflict *c)
{
	if (m->outcome == MATCH_DUPLICATE_BLOCKED)
		finding_add_step(fs, f,
		    "Until then, every export of '%s' fails with "
		    "AttributeValueMustBeUnique (duplicate attribute "
		    "resiliency is off).", rulekit_object_name(m->object));
	else if (c->placeholder != NULL)
		finding_add_step(fs, f,
		    "Until then, Entra ID gives '%s' the placeholder UPN '%s' "
		    "(NNNN: four digits it picks) and records the conflict on "
		    "the object: its user cannot sign in as '%s'.",
		    rulekit_object_name(m->object), c->placeholder, c->key);
	else
		finding_add_step(fs, f,
		    "Until then, Entra ID drops '%s' from '%s' and records the "
		    "conflict on the object: mail for it reaches only '%s'.",
		    c->key, rulekit_object_name(m->object),
		    cloud_name(c->holder));
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
		if (rulekit_is_exported(p[i].object))
			count++;
	return count;
}

/* One on-premises object against the cloud objects that keep its value. */
static void
report_cloud_conflict(struct unique_ctx *ctx, const struct match *m,
    const struct match_conflict *c)
{
	struct findings		*fs = ctx->out;
	const struct posting	*p;
	struct finding		*f;
	enum key_space		 space;
	size_t			 n, i;

	space = strcmp(c->attribute, "userPrincipalName") == 0 ? KEY_UPN :
	    KEY_SMTP;
	f = findings_add(fs, &rule_value_must_be_unique, SEV_ERROR,
	    c->attribute, c->key);
	finding_add_object(fs, f, m->object, c->value, onprem_held_as(m, c),
	    m->outcome == MATCH_DUPLICATE_BLOCKED ? "export fails" :
	    c->placeholder != NULL ? "gets a placeholder UPN" :
	    "loses the value");
	p = table_lookup(ctx->table, space, c->key, &n);
	for (i = 0; i < n; i++) {
		if (p[i].object == m->object ||
		    (p[i].object->side == SIDE_ONPREM &&
		    !rulekit_is_exported(p[i].object)))
			continue;
		finding_add_object(fs, f, p[i].object, p[i].raw,
		    space == KEY_UPN ? "userPrincipalName" :
		    addr_source_name(p[i].source), p[i].object == c->holder ?
		    "keeps the value: already holds it" :
		    "also holds the value");
	}
	finding_set_summary(fs, f,
	    "%s '%s' of on-premises %s '%s' is already held by cloud %s '%s', "
	    "which is not the object it matches ('%s' %s)", c->attribute,
	    c->key, object_type_name(m->object->type),
	    rulekit_object_name(m->object),
	    object_type_name(c->holder->type), cloud_name(c->holder),
	    rulekit_object_name(m->object), export_words(m));
	conflict_fix_steps(fs, f, m, c, ctx);
	conflict_outcome_step(fs, f, m, c);
}

static void
report_cloud_conflicts(struct unique_ctx *ctx)
{
	size_t	i, k, n = match_set_size(ctx->matches);

	for (i = 0; i < n; i++) {
		const struct match *m = match_get(ctx->matches, i);

		for (k = 0; k < m->nconflicts; k++) {
			const struct match_conflict *c = &m->conflicts[k];
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
	free(ctx.holders);
}
