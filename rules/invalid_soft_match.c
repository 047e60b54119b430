/*
 * InvalidSoftMatch: an on-premises object without a hard match whose UPN
 * or SMTP address finds a cloud object already synced from a different
 * anchor.  Reads the match simulation (src/match.h); diagnoses which of
 * the usual causes it is (a duplicate value, a re-created object or a
 * forest move, a changed anchor) and gives the value to write.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "finding.h"
#include "match.h"
#include "rule.h"
#include "rulekit.h"
#include "table.h"
#include "xalloc.h"

static void	invalid_soft_match_check(const struct rule_context *,
		    struct findings *);
static enum fix_result invalid_soft_match_fix(const struct fix_context *,
		    const struct finding *, struct fix_plan *);

static const struct rule_partial invalid_soft_match_partial[] = {
	{ RULE_NEEDS_DOMAINS, "does not predict a soft match on a UPN Entra "
	    "ID rewrites to the onmicrosoft.com domain" },
	{ 0, NULL }
};

static const enum match_outcome invalid_soft_match_refusals[] = {
	MATCH_INVALID_SOFT_MATCH,
	MATCH_NONE
};

const struct rule rule_invalid_soft_match = {
	.id       = "InvalidSoftMatch",
	.title    = "a new object soft-matches a cloud object synced from another anchor",
	.doc      = DOC_SYNC_ERRORS "#invalidsoftmatch",
	.severity = SEV_ERROR,
	.needs    = RULE_NEEDS_ONPREM | RULE_NEEDS_CLOUD,
	.predicts =
	    "an on-premises object with no hard match soft-matches (UPN or "
	    "SMTP address) a cloud object already synced from another "
	    "anchor: a re-created object, a forest move, an anchor change; "
	    "names both objects and both anchors, and gives the exact "
	    "mS-DS-ConsistencyGuid value that re-links the new object when "
	    "that is the fix",
	.explain  =
	    "Entra ID first looks for the cloud object whose immutableId equals\n"
	    "the sourceAnchor Entra Connect sends (objectGUID or\n"
	    "mS-DS-ConsistencyGuid, base64): the hard match.  Only when none\n"
	    "has it does it look for a cloud object with the same\n"
	    "userPrincipalName or SMTP address (the soft match), and it may take\n"
	    "that object over only if its immutableId is empty.  When the object\n"
	    "found already carries a different immutableId, it belongs to\n"
	    "another on-premises object and the soft match is refused.\n"
	    "\n"
	    "syncdoctor finds this from the match simulation and tells apart:\n"
	    "  - a duplicate: another loaded on-premises object is the cloud\n"
	    "    object's source (its anchor is the immutableId), and both hold\n"
	    "    the value;\n"
	    "  - a re-created object or a forest move: no loaded object has that\n"
	    "    anchor, so the cloud object lost its source;\n"
	    "  - a changed anchor: the immutableId is this very object's\n"
	    "    objectGUID or mS-DS-ConsistencyGuid, so Entra Connect now computes\n"
	    "    its anchor from the other attribute (a reinstall, or\n"
	    "    --source-anchor differing from the real configuration).\n"
	    "\n"
	    "With duplicate attribute resiliency on (the default), Entra ID does\n"
	    "not report InvalidSoftMatch when it provisions a new object: it\n"
	    "creates a second cloud object and quarantines the clashing UPN and\n"
	    "addresses on it.  syncdoctor still reports the error, because the\n"
	    "person then has two cloud accounts and the new one has none of the\n"
	    "old one's mailbox, licences or memberships; the finding says which\n"
	    "of the two outcomes to expect.\n"
	    "\n"
	    "Fix: for a duplicate, remove the value from the object that should\n"
	    "not have it.  For the same person under a new anchor, write the\n"
	    "cloud object's immutableId into the new object's\n"
	    "mS-DS-ConsistencyGuid (the finding gives the exact command), so the\n"
	    "next sync hard-matches it.\n",
	.check    = invalid_soft_match_check,
	.fix      = invalid_soft_match_fix,
	.partial  = invalid_soft_match_partial,
	.refusals = invalid_soft_match_refusals,
};

static enum key_space
space_of(const char *attribute)
{
	return strcmp(attribute, "userPrincipalName") == 0 ? KEY_UPN :
	    KEY_SMTP;
}

static const char *
held_as(enum key_space space, const struct posting *p)
{
	return space == KEY_UPN ? "userPrincipalName" :
	    addr_source_name(p->source);
}

/* Add every holder of the key not yet in f, with role. */
static void
add_holders(struct findings *fs, struct finding *f, const struct table *t,
    const struct match *m, const char *onprem_role, const char *cloud_role)
{
	enum key_space		 space = space_of(m->attribute);
	const struct posting	*p;
	size_t			 n, i, k;

	p = table_lookup(t, space, m->key, &n);
	for (i = 0; i < n; i++) {
		const struct object *o = posting_object(t, &p[i]);

		if (o->side == SIDE_ONPREM && o->scope != SCOPE_IN)
			continue;
		for (k = 0; k < f->nobjects; k++)
			if (f->objects[k].object == o)
				break;
		if (k < f->nobjects)
			continue;
		finding_add_object(fs, f, o, posting_raw(t, &p[i]),
		    held_as(space, &p[i]),
		    o->side == SIDE_ONPREM ? onprem_role : cloud_role);
	}
}

static void
add_outcome_step(struct findings *fs, struct finding *f,
    const struct match *m)
{
	if (m->outcome == MATCH_QUARANTINED)
		finding_add_step(fs, f,
		    "Until then, as duplicate attribute resiliency is on, Entra "
		    "ID does not report InvalidSoftMatch for '%s': it creates a "
		    "second cloud object for it and quarantines the clashing "
		    "values there ('%s' keeps them).  Delete that extra object "
		    "in Entra ID once the fix has synced.",
		    object_display_name(m->object),
		    object_display_name(m->cloud));
	else
		finding_add_step(fs, f,
		    "Until then, '%s' fails to export with InvalidSoftMatch on "
		    "every sync cycle (duplicate attribute resiliency is off).",
		    object_display_name(m->object));
	finding_add_step(fs, f,
	    "Run syncdoctor again on a fresh export to confirm, then let the "
	    "next sync cycle export the change.");
}

/* Another on-prem object is the cloud object's source: a duplicate. */
static void
duplicate_steps(struct findings *fs, struct finding *f,
    const struct match *m)
{
	const struct object	*owner = m->rare->twin_owner;
	const char		*owner_anchor = object_anchor_attribute(owner);
	char			*dn;
	char			*value = rulekit_ps_quote(m->value);

	dn = rulekit_ps_quote(object_display_name(m->object));
	finding_add_step(fs, f,
	    "'%s' is the on-premises source of cloud object '%s' (its %s is "
	    "the immutableId '%s'%s), so this is not a re-created account: "
	    "two on-premises objects hold '%s'.", object_display_name(owner),
	    object_display_name(m->cloud), owner_anchor != NULL ?
	    owner_anchor : "anchor", m->cloud->immutable_id,
	    owner->scope == SCOPE_IN ? "" : ", though it is not in sync "
	    "scope any more", m->key);
	finding_add_step(fs, f,
	    "Decide which object keeps '%s'; usually '%s', whose cloud object "
	    "already has it together with its mailbox and licences.",
	    m->key, object_display_name(owner));
	if (space_of(m->attribute) == KEY_UPN)
		finding_add_step(fs, f,
		    "Give the other object a userPrincipalName of its own, e.g. "
		    "Set-ADUser -Identity '%s' -UserPrincipalName '<new UPN>'.",
		    dn);
	else
		finding_add_step(fs, f,
		    "Remove the value from the other object, e.g. %s -Identity "
		    "'%s' -Remove @{proxyAddresses='%s'} (clear or change mail "
		    "if mail holds it).", rulekit_set_cmdlet(m->object), dn, value);
	free(dn);
	free(value);
}

/*
 * The cloud object's immutableId is this object's own ConsistencyGuid,
 * but the anchor now comes from objectGUID: Connect's sourceAnchor
 * changed.  Nothing is written in AD; true when that is the case.
 */
static bool
source_anchor_changed(struct findings *fs, struct finding *f,
    const struct match *m)
{
	const struct object	*o = m->object;
	const char		*id = m->cloud->immutable_id;

	if (o->rare->consistency_guid_b64 == NULL ||
	    o->anchor_source != ANCHOR_SOURCE_OBJECT_GUID ||
	    strcmp(o->rare->consistency_guid_b64, id) != 0)
		return false;
	finding_add_step(fs, f,
	    "The cloud object's immutableId '%s' is this object's own "
	    "mS-DS-ConsistencyGuid, but the anchor is computed from objectGUID "
	    "('%s'): Entra Connect synced with mS-DS-ConsistencyGuid as its "
	    "sourceAnchor before and uses objectGUID now (a reinstall), or "
	    "--source-anchor does not match the real configuration.", id,
	    object_anchor(o));
	finding_add_step(fs, f,
	    "Keep the cloud object.  Configure Entra Connect to use "
	    "mS-DS-ConsistencyGuid as its sourceAnchor again (wizard task "
	    "\"Configure Source Anchor\"), and check with `syncdoctor analyze "
	    "--source-anchor mS-DS-ConsistencyGuid`; nothing needs writing in "
	    "on-premises AD.");
	return true;
}

/* Why the cloud object has no loaded source, in one step. */
static void
lost_source_step(struct findings *fs, struct finding *f,
    const struct match *m)
{
	const struct object	*o = m->object;
	const char		*id = m->cloud->immutable_id;

	if (object_guid_b64(o) != NULL &&
	    o->anchor_source == ANCHOR_SOURCE_CONSISTENCY_GUID &&
	    strcmp(object_guid_b64(o), id) == 0) {
		finding_add_step(fs, f,
		    "The cloud object's immutableId '%s' is this object's own "
		    "objectGUID, but its mS-DS-ConsistencyGuid holds another "
		    "value ('%s'), which Entra Connect now uses as the anchor: "
		    "the attribute was written after the first sync (a "
		    "migration tool, or another installation).", id,
		    object_anchor(o));
		return;
	}
	finding_add_step(fs, f,
	    "No loaded on-premises object has the anchor '%s' of cloud object "
	    "'%s': its source was deleted (and '%s' re-created), or it moved "
	    "from another forest where the anchor was its objectGUID, or it "
	    "lives in a forest or OU this export does not cover.", id,
	    object_display_name(m->cloud), object_display_name(o));
}

/* No loaded object is the cloud object's source: re-created or moved. */
static void
recreated_steps(struct findings *fs, struct finding *f,
    const struct match *m, const struct table *t)
{
	const struct object	*o = m->object;
	const char		*id = m->cloud->immutable_id;
	char			*dn;
	char			 guid[37];

	if (source_anchor_changed(fs, f, m))
		return;
	lost_source_step(fs, f, m);
	dn = rulekit_ps_quote(object_display_name(o));
	if (m->cloud->has_immutable_id_bytes) {
		guid_format(m->cloud->immutable_id_bytes, guid);
		finding_add_step(fs, f,
		    "If '%s' is the same %s as '%s', keep the cloud object "
		    "(mailbox, licences, memberships) and write its immutableId "
		    "into the new object's mS-DS-ConsistencyGuid, so the next "
		    "sync hard-matches it: %s -Identity '%s' -Replace "
		    "@{'mS-DS-ConsistencyGuid'=([Guid]'%s').ToByteArray()} "
		    "(the same 16 bytes as [Convert]::FromBase64String('%s')).",
		    object_display_name(o), object_type_name(o->type),
		    object_display_name(m->cloud), rulekit_set_cmdlet(o), dn,
		    guid, id);
		rulekit_federated_claim_step(fs, f, t, o);
		if (table_anchor_mode(t) == ANCHOR_OBJECT_GUID)
			finding_add_step(fs, f,
			    "That works only once Entra Connect uses "
			    "mS-DS-ConsistencyGuid as its sourceAnchor; with "
			    "objectGUID (as this run assumes) the anchor cannot "
			    "be written: switch the sourceAnchor, or delete the "
			    "old cloud object and let '%s' be provisioned anew.",
			    object_display_name(o));
	} else
		finding_add_step(fs, f,
		    "If '%s' is the same %s as '%s', set the on-premises "
		    "attribute Entra Connect computes the anchor from to the "
		    "cloud object's immutableId '%s' (not a GUID: a custom "
		    "anchor), so the next sync hard-matches it.",
		    object_display_name(o), object_type_name(o->type),
		    object_display_name(m->cloud), id);
	if (o->type == OBJ_USER)
		finding_add_step(fs, f,
		    "Since July 2026 Entra ID also refuses to map a synced user "
		    "to another on-premises object (message center MC1263280: "
		    "\"Hard match operation blocked due to security hardening. "
		    "Review OnPremisesObjectIdentifier mapping.\"): before the "
		    "next sync, a Global or Hybrid Identity Administrator clears "
		    "the old mapping of '%s' with Microsoft Graph (beta): PATCH "
		    "https://graph.microsoft.com/beta/users/%s with "
		    "{\"onPremisesObjectIdentifier\": null}.  Copying the "
		    "anchor alone is no longer enough.",
		    object_display_name(m->cloud),
		    m->cloud->id != NULL ? m->cloud->id : "<cloud user id>");
	finding_add_step(fs, f,
	    "If it is someone else, or the old source still exists in a forest "
	    "this export does not cover, do not copy the anchor: remove or "
	    "change '%s' on '%s' in on-premises AD instead.", m->key,
	    object_display_name(o));
	free(dn);
}

static void
report(struct findings *fs, const struct match *m, const struct table *t)
{
	const struct object	*owner = m->rare->twin_owner;
	struct finding		*f;

	/* With resiliency the object is provisioned, its values quarantined. */
	f = findings_add(fs, &rule_invalid_soft_match,
	    m->outcome == MATCH_QUARANTINED ? SEV_WARNING : SEV_ERROR,
	    m->attribute, m->key);
	finding_add_object(fs, f, m->object, m->value, m->attribute,
	    "new on-premises object: no cloud object has its anchor");
	finding_add_object(fs, f, m->cloud, m->cloud->immutable_id,
	    "onPremisesImmutableId", "cloud object already synced from "
	    "another anchor: keeps the value");
	if (owner != NULL)
		finding_add_object(fs, f, owner, object_anchor(owner),
		    object_anchor_attribute(owner),
		    "on-premises source of the cloud object");
	add_holders(fs, f, t, m, "also holds the value",
	    "also holds the value");
	if (m->outcome == MATCH_QUARANTINED)
		finding_set_effect(f, m->object, EFFECT_LOSS);
	finding_set_summary(fs, f,
	    "'%s' (anchor '%s' from %s) has no hard match, and its %s '%s' "
	    "soft-matches cloud object '%s', which is already synced with "
	    "immutableId '%s'%s", object_display_name(m->object),
	    object_anchor(m->object), object_anchor_attribute(m->object),
	    m->attribute, m->value,
	    object_display_name(m->cloud), m->cloud->immutable_id,
	    m->outcome == MATCH_QUARANTINED ? ": with duplicate attribute "
	    "resiliency Entra ID provisions a second cloud object and "
	    "quarantines the value on it (exported with loss)" :
	    ": Entra ID refuses the export");
	if (owner != NULL)
		duplicate_steps(fs, f, m);
	else
		recreated_steps(fs, f, m, t);
	add_outcome_step(fs, f, m);
}

static void
invalid_soft_match_check(const struct rule_context *rc,
    struct findings *out)
{
	size_t	i, n = match_set_size(rc->matches);

	for (i = 0; i < n; i++) {
		const struct match *m = match_get(rc->matches, i);

		if (m->base == MATCH_INVALID_SOFT_MATCH)
			report(out, m, rc->table);
	}
}

static bool
has_role(const struct finding_object *fo, const char *prefix)
{
	return fo->role != NULL && strncmp(fo->role, prefix,
	    strlen(prefix)) == 0;
}

/* Does another re-link finding write the same cloud object's anchor? */
static bool
is_anchor_claimed_twice(const struct findings *fs, const struct finding *f)
{
	size_t	i;

	for (i = 0; i < fs->n; i++) {
		const struct finding *g = fs->list[i];

		if (g != f && g->rule == f->rule && g->nobjects >= 2 &&
		    g->objects[1].object == f->objects[1].object &&
		    g->objects[0].object != f->objects[0].object)
			return true;
	}
	return false;
}

/*
 * A duplicate (another loaded object is the cloud object's source) loses
 * the address; a re-created object gets the cloud object's immutableId
 * as its mS-DS-ConsistencyGuid.
 */
static enum fix_result
invalid_soft_match_fix(const struct fix_context *ctx,
    const struct finding *f, struct fix_plan *p)
{
	const struct object	*o, *cloud;
	size_t			 i;

	if (f->nobjects < 2)
		return FIX_DECISION;
	o = f->objects[0].object;
	cloud = f->objects[1].object;
	for (i = 2; i < f->nobjects; i++)
		if (has_role(&f->objects[i], "on-premises source"))
			break;
	if (i < f->nobjects) {
		if (strcmp(f->attribute, "userPrincipalName") == 0 ||
		    !fix_plan_proxy_delete(p, o, f->value))
			return FIX_DECISION;
		p->why = xasprintf("'%s' keeps '%s' (its cloud object has it)",
		    f->objects[i].object->dn != NULL ?
		    f->objects[i].object->dn : "?", f->value);
		return FIX_PLANNED;
	}
	/* With objectGUID as the anchor, writing the attribute does nothing. */
	if (o->side != SIDE_ONPREM || o->dn == NULL ||
	    cloud->side != SIDE_CLOUD || !cloud->has_immutable_id_bytes ||
	    table_anchor_mode(ctx->table) == ANCHOR_OBJECT_GUID ||
	    (o->rare->consistency_guid_b64 != NULL &&
	    strcmp(o->rare->consistency_guid_b64, cloud->immutable_id) == 0) ||
	    is_anchor_claimed_twice(ctx->findings, f))
		return FIX_DECISION;
	fix_plan_add(p, o->dn, FIX_REPLACE, o->rare->consistency_guid_len > 0 ?
	    FIX_REPLACE : FIX_CLEAR, "mS-DS-ConsistencyGuid",
	    cloud->immutable_id_bytes, 16, o->rare->consistency_guid,
	    o->rare->consistency_guid_len);
	p->why = xasprintf("re-link to cloud object '%s' (immutableId '%s'); "
	    "only if it is the same %s", cloud->upn != NULL ? cloud->upn :
	    cloud->id != NULL ? cloud->id : "?", cloud->immutable_id,
	    object_type_name(o->type));
	return FIX_PLANNED;
}
