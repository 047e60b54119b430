/*
 * ObjectTypeMismatch: the soft match of an on-premises object without a
 * hard match finds a cloud object of another type (a user's address on a
 * cloud group, a contact's on a cloud user).  Reads the match simulation
 * (src/match.h); values shared by objects of the same type are
 * InvalidSoftMatch's or AttributeValueMustBeUnique's.
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

static void	object_type_mismatch_check(const struct rule_context *,
		    struct findings *);

static const enum match_outcome object_type_mismatch_refusals[] = {
	MATCH_TYPE_MISMATCH,
	MATCH_NONE
};

const struct rule rule_object_type_mismatch = {
	.id       = "ObjectTypeMismatch",
	.title    = "a new object soft-matches a cloud object of another type",
	.doc      = DOC_SYNC_ERRORS "#objecttypemismatch",
	.severity = SEV_ERROR,
	.needs    = RULE_NEEDS_ONPREM | RULE_NEEDS_CLOUD,
	.predicts =
	    "the soft match finds a cloud object of another type (an "
	    "on-premises user or contact against a cloud group, ...)",
	.explain  =
	    "When Entra ID finds no cloud object with an incoming object's\n"
	    "anchor, it looks for one with the same userPrincipalName or SMTP\n"
	    "address (the soft match).  If the object found is of another kind\n"
	    "- the on-premises object is a user or contact and the cloud object\n"
	    "a group, or the other way round - they cannot be joined, and the\n"
	    "address cannot be held twice either, so the export fails with\n"
	    "ObjectTypeMismatch on every cycle.  Duplicate attribute resiliency\n"
	    "does not change this.\n"
	    "\n"
	    "The usual case: a mail-enabled group or Microsoft 365 group is\n"
	    "created in the cloud with an address, and later a new on-premises\n"
	    "user or contact is given the same address.\n"
	    "\n"
	    "syncdoctor reports it from the match simulation, naming both\n"
	    "objects, their types and the shared value.  Objects that hard-match\n"
	    "their own cloud twin are not soft-matched and are not checked here.\n"
	    "\n"
	    "Fix: decide which object should have the address and remove it\n"
	    "from the other one where that object is managed: on-premises AD for\n"
	    "a synced object, Exchange Online or the admin center for a\n"
	    "cloud-only one.  The next sync cycle then exports the object.\n",
	.check    = object_type_mismatch_check,
	.refusals = object_type_mismatch_refusals,
};

/* The Exchange Online cmdlet that edits a cloud-only object's addresses. */
static const char *
cloud_cmdlet(const struct object *o)
{
	switch (o->type) {
	case OBJ_GROUP:
		return "Set-UnifiedGroup (Microsoft 365 group) or "
		    "Set-DistributionGroup (distribution or mail-enabled "
		    "security group)";
	case OBJ_CONTACT:
		return "Set-MailContact";
	default:
		return "Set-Mailbox or Set-MailUser";
	}
}

/* How the cloud object holds the key, for its line in the finding. */
static const struct posting *
cloud_posting(const struct table *t, const struct match *m)
{
	const struct posting	*p;
	enum key_space		 space;
	size_t			 n, i;

	space = strcmp(m->attribute, "userPrincipalName") == 0 ? KEY_UPN :
	    KEY_SMTP;
	p = table_lookup(t, space, m->key, &n);
	for (i = 0; i < n; i++)
		if (posting_object(t, &p[i]) == m->cloud)
			return &p[i];
	return NULL;
}

static void
keeper_steps(struct findings *fs, struct finding *f, const struct match *m)
{
	const struct object	*o = m->object, *cloud = m->cloud;
	char			*dn = rulekit_ps_quote(object_display_name(o));
	char			*value = rulekit_ps_quote(m->value);

	finding_add_step(fs, f,
	    "Decide which object should have '%s': the on-premises %s '%s' or "
	    "the cloud %s '%s'.", m->key, object_type_name(o->type),
	    object_display_name(o), object_type_name(cloud->type),
	    object_display_name(cloud));
	if (strcmp(m->attribute, "userPrincipalName") == 0)
		finding_add_step(fs, f,
		    "To let the cloud object keep it, give '%s' another "
		    "userPrincipalName: Set-ADUser -Identity '%s' "
		    "-UserPrincipalName '<new UPN>'.", object_display_name(o), dn);
	else
		finding_add_step(fs, f,
		    "To let the cloud object keep it, remove it from '%s' in "
		    "on-premises AD: %s -Identity '%s' -Remove "
		    "@{proxyAddresses='%s'} (clear or change mail if mail "
		    "holds it).", object_display_name(o), rulekit_set_cmdlet(o), dn, value);
	if (cloud->immutable_id != NULL || cloud->sync_enabled == TRI_TRUE)
		finding_add_step(fs, f,
		    "To let '%s' have it, remove it from the on-premises object "
		    "'%s' is synced from (immutableId '%s'), in the directory "
		    "it comes from.", object_display_name(o), object_display_name(cloud),
		    cloud->immutable_id != NULL ? cloud->immutable_id :
		    "not exported");
	else
		finding_add_step(fs, f,
		    "To let '%s' have it, remove it from the cloud-only %s "
		    "'%s' in Exchange Online (%s) or the admin center.",
		    object_display_name(o), object_type_name(cloud->type),
		    object_display_name(cloud), cloud_cmdlet(cloud));
	finding_add_step(fs, f,
	    "Until then, '%s' fails to export with ObjectTypeMismatch on every "
	    "sync cycle.  Run syncdoctor again on a fresh export to confirm, "
	    "then let the next cycle export it.", object_display_name(o));
	free(dn);
	free(value);
}

static void
report(struct findings *fs, const struct match *m, const struct table *t)
{
	const struct posting	*p = cloud_posting(t, m);
	struct finding		*f;
	char			 role[64];

	f = findings_add(fs, &rule_object_type_mismatch, SEV_ERROR,
	    m->attribute, m->key);
	snprintf(role, sizeof(role), "on-premises %s: soft match refused",
	    object_type_name(m->object->type));
	finding_add_object(fs, f, m->object, m->value, m->attribute, role);
	snprintf(role, sizeof(role), "cloud %s: keeps the value",
	    object_type_name(m->cloud->type));
	finding_add_object(fs, f, m->cloud,
	    p != NULL ? posting_raw(t, p) : m->key,
	    p == NULL || strcmp(m->attribute, "userPrincipalName") == 0 ?
	    m->attribute : addr_source_name(p->source), role);
	finding_set_summary(fs, f,
	    "on-premises %s '%s' has no hard match and its %s '%s' soft-matches "
	    "cloud %s '%s'; a %s cannot be joined to a %s, so the export fails",
	    object_type_name(m->object->type), object_display_name(m->object),
	    m->attribute, m->value, object_type_name(m->cloud->type),
	    object_display_name(m->cloud), object_type_name(m->object->type),
	    object_type_name(m->cloud->type));
	keeper_steps(fs, f, m);
}

static void
object_type_mismatch_check(const struct rule_context *rc,
    struct findings *out)
{
	size_t	i, n = match_set_size(rc->matches);

	for (i = 0; i < n; i++) {
		const struct match *m = match_get(rc->matches, i);

		if (m->base == MATCH_TYPE_MISMATCH)
			report(out, m, rc->table);
	}
}
