/*
 * AttributeValueMustBeUnique among on-premises objects: two or more objects
 * in sync scope that would claim the same userPrincipalName, or the same
 * SMTP address through mail or proxyAddresses.  Entra ID lets one object
 * have a unique value; every holder is named.  Conflicts with objects
 * already in the cloud are the match simulation's business.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "rule.h"
#include "table.h"
#include "xalloc.h"

static void	value_must_be_unique_check(const struct table *,
		    const struct rule_options *, struct findings *);

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
	    "An object repeating its own address (mail equal to its primary SMTP\n"
	    "address) is not a conflict.  Computers, critical system objects and\n"
	    "deleted objects are not counted, as Entra Connect does not export\n"
	    "them.\n"
	    "\n"
	    "Fix: decide which object rightfully owns the value, remove or change\n"
	    "it on every other object in on-premises AD, then let the next sync\n"
	    "cycle export the change.\n",
	.check    = value_must_be_unique_check,
};

struct unique_ctx {
	const struct rule_options	*opt;
	struct findings			*out;
	enum key_space			 space;
	const struct posting		**holders;	/* scratch */
	size_t				 cap;
};

static bool
is_candidate(const struct object *o)
{
	return o->side == SIDE_ONPREM && o->scope == SCOPE_IN;
}

static const char *
object_name(const struct object *o)
{
	return o->dn != NULL ? o->dn : o->id != NULL ? o->id : "(unnamed)";
}

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

static void
add_upn_steps(struct findings *fs, struct finding *f, const char *key,
    const struct unique_ctx *ctx)
{
	finding_add_step(fs, f,
	    "Decide which of these %zu objects is the account that should sign "
	    "in as '%s' (usually the enabled account in daily use).",
	    f->nobjects, key);
	finding_add_step(fs, f,
	    "In on-premises AD, give every other object listed a "
	    "userPrincipalName of its own in a verified domain (Set-ADUser "
	    "-Identity '<DN>' -UserPrincipalName '<new UPN>').");
	if (ctx->opt->is_resiliency_on)
		finding_add_step(fs, f,
		    "Until then, Entra ID gives the value to the first object "
		    "exported and a generated placeholder UPN in the "
		    "onmicrosoft.com domain to the others: their users cannot "
		    "sign in with the name they expect.");
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
    const struct posting *primary, const struct unique_ctx *ctx)
{
	if (primary != NULL)
		finding_add_step(fs, f,
		    "Decide which object keeps '%s'.  '%s' holds it as its "
		    "primary (SMTP:) reply address, so it is the likely keeper.",
		    key, object_name(primary->object));
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
		    "Until then, Entra ID keeps the address on the first object "
		    "exported and silently drops it from the others: mail for it "
		    "reaches only one of them.");
	else
		finding_add_step(fs, f,
		    "Until then, every object exported after the first fails "
		    "to export (duplicate attribute resiliency is off).");
	finding_add_step(fs, f,
	    "Run syncdoctor again on a fresh export to confirm the value is "
	    "held once, then let the next sync cycle export the change.");
}

static void
unique_key(const char *key, const struct posting *postings, size_t n,
    void *arg)
{
	struct unique_ctx	*ctx = arg;
	struct findings		*fs = ctx->out;
	struct finding		*f;
	const char		*attribute;
	size_t			 i, nholders = 0;
	bool			 is_proxy = false;

	if (ctx->cap < n) {
		ctx->cap = n;
		ctx->holders = xreallocarray(ctx->holders, n,
		    sizeof(*ctx->holders));
	}
	/* Postings hold one entry per object and key: no self-conflicts. */
	for (i = 0; i < n; i++) {
		if (!is_candidate(postings[i].object))
			continue;
		ctx->holders[nholders++] = &postings[i];
		if (postings[i].source != ADDR_MAIL)
			is_proxy = true;
	}
	if (nholders < 2)
		return;

	if (ctx->space == KEY_UPN)
		attribute = "userPrincipalName";
	else
		attribute = is_proxy ? "proxyAddresses" : "mail";
	f = findings_add(fs, &rule_value_must_be_unique, SEV_ERROR,
	    attribute, key);
	for (i = 0; i < nholders; i++) {
		const struct posting *p = ctx->holders[i];

		finding_add_object(fs, f, p->object, p->raw,
		    ctx->space == KEY_UPN ? "userPrincipalName" :
		    addr_source_name(p->source), NULL);
	}
	finding_set_summary(fs, f,
	    "%s '%s' is held by %zu on-premises objects; Entra ID lets only "
	    "one of them have it", ctx->space == KEY_UPN ?
	    "userPrincipalName" : "SMTP address", key, nholders);
	if (ctx->space == KEY_UPN)
		add_upn_steps(fs, f, key, ctx);
	else
		add_smtp_steps(fs, f, key,
		    primary_holder(ctx->holders, nholders), ctx);
}

static void
value_must_be_unique_check(const struct table *t,
    const struct rule_options *opt, struct findings *out)
{
	struct unique_ctx	ctx = { .opt = opt, .out = out };

	ctx.space = KEY_UPN;
	table_foreach_key(t, KEY_UPN, 2, unique_key, &ctx);
	ctx.space = KEY_SMTP;
	table_foreach_key(t, KEY_SMTP, 2, unique_key, &ctx);
	free(ctx.holders);
}
