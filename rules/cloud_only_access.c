/*
 * CloudOnlyAccessViolation: exports Entra ID refuses because they would
 * change a cloud-managed object (a hard match onto an object no longer
 * synced, or a takeover the tenant blocks), and the deletes Entra Connect
 * will attempt for synced cloud objects whose source is not in the
 * on-premises export.  Reads the match simulation (src/match.h).
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

static void	cloud_only_access_check(const struct rule_context *,
		    struct findings *);

const struct rule rule_cloud_only_access = {
	.id       = "CloudOnlyAccessViolation",
	.title    = "an export would change or delete a cloud-managed object",
	.doc      = DOC_SYNC_ERRORS
	    "#deletion-access-violation-and-password-access-violation-errors",
	.severity = SEV_ERROR,
	.needs    = RULE_NEEDS_ONPREM | RULE_NEEDS_CLOUD,
	.explain  =
	    "Entra ID does not let Entra Connect change objects that are\n"
	    "managed in the cloud.  When an on-premises object's anchor equals\n"
	    "the immutableId of a cloud object whose onPremisesSyncEnabled is\n"
	    "False (sync was turned off for it, or it was converted to cloud\n"
	    "management), every update, delete and password hash sync Entra\n"
	    "Connect sends for it is refused (error).  When the tenant blocks\n"
	    "hard match takeover (--block-hard-match-takeover), a hard match onto\n"
	    "a cloud object not marked as synced is refused too (error); without\n"
	    "the block it takes the object over quietly.\n"
	    "\n"
	    "The reverse case is a warning: a synced cloud object (sync enabled,\n"
	    "immutableId set) whose anchor no on-premises object in sync scope\n"
	    "has.  If its source was deleted or left the sync scope, Entra\n"
	    "Connect deletes the cloud object on the next export.  It is only a\n"
	    "warning because exports are often partial (one domain, some OUs):\n"
	    "the source may simply not be in the file.  Cloud objects that a new\n"
	    "object fails to soft-match are left to InvalidSoftMatch, and synced\n"
	    "objects whose immutableId the export lacks (Graph shows none for\n"
	    "groups) are not judged.\n"
	    "\n"
	    "Fix: decide where the object is managed.  Either give the\n"
	    "management back to on-premises AD, or take the on-premises object\n"
	    "out of sync scope.  For a delete you did not mean, restore the\n"
	    "source or bring it back into scope before the next sync cycle.\n",
	.check    = cloud_only_access_check,
};

static struct finding *
add_pair(struct findings *fs, const struct match *m, const char *cloud_role)
{
	struct finding	*f;

	f = findings_add(fs, &rule_cloud_only_access, SEV_ERROR,
	    "onPremisesImmutableId", m->cloud->immutable_id);
	finding_add_object(fs, f, m->object, object_anchor(m->object),
	    object_anchor_attribute(m->object),
	    "on-premises source: hard match");
	finding_add_object(fs, f, m->cloud, m->cloud->immutable_id,
	    "onPremisesImmutableId", cloud_role);
	return f;
}

static void
report_cloud_managed(struct findings *fs, const struct match *m)
{
	struct finding	*f;

	f = add_pair(fs, m, "cloud-managed (onPremisesSyncEnabled False)");
	finding_set_summary(fs, f,
	    "'%s' hard-matches cloud %s '%s' (immutableId '%s'), which is "
	    "managed in the cloud (onPremisesSyncEnabled False): Entra ID "
	    "refuses every update, delete and password hash sync for it",
	    rulekit_object_name(m->object), object_type_name(m->cloud->type),
	    rulekit_object_name(m->cloud), m->cloud->immutable_id);
	finding_add_step(fs, f,
	    "Decide where '%s' should be managed from now on.",
	    rulekit_object_name(m->cloud));
	finding_add_step(fs, f,
	    "To manage it from on-premises AD again, undo its conversion to "
	    "cloud management (or turn directory sync for it back on) before "
	    "the next sync cycle; Entra Connect then updates it as usual.");
	finding_add_step(fs, f,
	    "To keep it cloud-managed, take '%s' out of sync scope (an OU "
	    "Entra Connect does not sync, or a scoping filter) so that Entra "
	    "Connect stops sending changes for it.", rulekit_object_name(m->object));
	finding_add_step(fs, f,
	    "Until then, changes to '%s' in AD, including password changes, do "
	    "not reach the cloud, and each export is refused.",
	    rulekit_object_name(m->object));
}

static void
report_takeover_blocked(struct findings *fs, const struct match *m)
{
	struct finding	*f;

	f = add_pair(fs, m, "cloud object not marked as synced");
	finding_set_summary(fs, f,
	    "'%s' hard-matches cloud %s '%s' (immutableId '%s'), which is not "
	    "marked as synced; the tenant blocks taking cloud objects over by "
	    "hard match, so the export is refused",
	    rulekit_object_name(m->object), object_type_name(m->cloud->type),
	    rulekit_object_name(m->cloud), m->cloud->immutable_id);
	finding_add_step(fs, f,
	    "Confirm that '%s' and '%s' are the same %s.  If the cloud export "
	    "had no OnPremisesSyncEnabled column, export it again with that "
	    "column first: an empty value may only mean it was missing.",
	    rulekit_object_name(m->object), rulekit_object_name(m->cloud),
	    object_type_name(m->object->type));
	finding_add_step(fs, f,
	    "If they are the same, turn the tenant's hard match takeover block "
	    "off for one sync cycle (the onPremisesDirectorySynchronization "
	    "feature blockCloudObjectTakeoverThroughHardMatchEnabled), let the "
	    "cycle match the two, then turn it on again.");
	finding_add_step(fs, f,
	    "If they are not, clear or change the onPremisesImmutableId of "
	    "'%s' in Entra ID (Update-MgUser -UserId '%s' "
	    "-OnPremisesImmutableId '<other value>' for a user), so that it no "
	    "longer equals the anchor of '%s'.", rulekit_object_name(m->cloud),
	    m->cloud->id != NULL ? m->cloud->id : rulekit_object_name(m->cloud),
	    rulekit_object_name(m->object));
}

/* The first on-premises object with anchor, or NULL. */
static const struct object *
onprem_owner(const struct table *t, const char *anchor)
{
	const struct posting	*p;
	size_t			 n, i;

	p = table_lookup(t, KEY_ANCHOR, anchor, &n);
	for (i = 0; i < n; i++) {
		const struct object *owner = posting_object(t, &p[i]);

		if (owner->side == SIDE_ONPREM)
			return owner;
	}
	return NULL;
}

static void
orphan_lookup_step(struct findings *fs, struct finding *f,
    const struct object *cloud)
{
	char	guid[37], hex[16 * 3 + 1];
	size_t	i;

	if (!cloud->has_immutable_id_bytes) {
		finding_add_step(fs, f,
		    "Check whether the source still exists: look for the "
		    "object whose anchor attribute holds '%s' in every forest "
		    "Entra Connect reads.", cloud->immutable_id);
		return;
	}
	guid_format(cloud->immutable_id_bytes, guid);
	for (i = 0; i < 16; i++)
		snprintf(hex + 3 * i, sizeof(hex) - 3 * i, "\\%02x",
		    cloud->immutable_id_bytes[i]);
	finding_add_step(fs, f,
	    "Check whether the source still exists, in every forest Entra "
	    "Connect reads: Get-ADObject -Identity '%s' (objectGUID), or "
	    "Get-ADObject -LDAPFilter '(mS-DS-ConsistencyGuid=%s)'; for a "
	    "deleted one add -IncludeDeletedObjects.", guid, hex);
}

static void
report_orphan(struct findings *fs, const struct table *t,
    const struct object *cloud)
{
	const struct object	*owner = onprem_owner(t, cloud->immutable_id);
	struct finding		*f;

	f = findings_add(fs, &rule_cloud_only_access, SEV_WARNING,
	    "onPremisesImmutableId", cloud->immutable_id);
	finding_add_object(fs, f, cloud, cloud->immutable_id,
	    "onPremisesImmutableId", "synced cloud object: delete expected");
	if (owner != NULL) {
		finding_add_object(fs, f, owner, object_anchor(owner),
		    object_anchor_attribute(owner), scope_reason(owner->scope));
		finding_set_summary(fs, f,
		    "synced cloud %s '%s' (immutableId '%s') comes from '%s', "
		    "which is out of sync scope (%s): Entra Connect will delete "
		    "the cloud object", object_type_name(cloud->type),
		    rulekit_object_name(cloud), cloud->immutable_id,
		    rulekit_object_name(owner), scope_reason(owner->scope));
	} else
		finding_set_summary(fs, f,
		    "synced cloud %s '%s' (immutableId '%s') has no source in "
		    "the on-premises export: if the source is gone, Entra "
		    "Connect will delete the cloud object; if the export is "
		    "partial, this is a false alarm",
		    object_type_name(cloud->type), rulekit_object_name(cloud),
		    cloud->immutable_id);
	orphan_lookup_step(fs, f, cloud);
	finding_add_step(fs, f,
	    "If the deletion is intended, nothing is needed (Entra Connect's "
	    "accidental-delete threshold, 500 objects by default, stops "
	    "larger batches).");
	finding_add_step(fs, f,
	    "If it is not, restore the source (Restore-ADObject from the AD "
	    "Recycle Bin) or bring it back into sync scope before the next "
	    "sync cycle.  A deleted cloud user stays restorable in Deleted "
	    "users for 30 days.");
}

static bool
is_orphan_candidate(const struct object *o)
{
	return o->side == SIDE_CLOUD && o->sync_enabled == TRI_TRUE &&
	    o->immutable_id != NULL;
}

/* Does an in-scope on-premises object have o's immutableId as anchor? */
static bool
has_source(const struct table *t, const struct object *o)
{
	const struct posting	*p;
	size_t			 n, i;

	p = table_lookup(t, KEY_ANCHOR, o->immutable_id, &n);
	for (i = 0; i < n; i++) {
		const struct object *owner = posting_object(t, &p[i]);

		if (owner->side == SIDE_ONPREM && owner->scope == SCOPE_IN)
			return true;
	}
	return false;
}

static void
report_orphans(struct findings *fs, const struct rule_context *rc)
{
	const struct table	*t = rc->table;
	size_t			 i, n = table_count(t), nmatches;
	bool			*is_refused_target;

	/* A refused soft match's target is InvalidSoftMatch's to explain. */
	is_refused_target = xcalloc(n ? n : 1, sizeof(*is_refused_target));
	nmatches = match_set_size(rc->matches);
	for (i = 0; i < nmatches; i++) {
		const struct match *m = match_get(rc->matches, i);

		if (m->base == MATCH_INVALID_SOFT_MATCH && m->cloud != NULL)
			is_refused_target[m->cloud->index] = true;
	}
	for (i = 0; i < n; i++) {
		const struct object *o = table_get(t, i);

		if (is_orphan_candidate(o) && !is_refused_target[i] &&
		    !has_source(t, o))
			report_orphan(fs, t, o);
	}
	free(is_refused_target);
}

static void
cloud_only_access_check(const struct rule_context *rc,
    struct findings *out)
{
	size_t	i, n = match_set_size(rc->matches);

	for (i = 0; i < n; i++) {
		const struct match *m = match_get(rc->matches, i);

		if (m->base == MATCH_CLOUD_MANAGED)
			report_cloud_managed(out, m);
		else if (m->base == MATCH_TAKEOVER_BLOCKED)
			report_takeover_blocked(out, m);
	}
	report_orphans(out, rc);
}
