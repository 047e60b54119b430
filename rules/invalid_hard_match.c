/*
 * InvalidHardMatch: a hard match Entra ID refuses.  An on-premises
 * object's sourceAnchor equals the onPremisesImmutableId of a cloud object
 * that is not synced now; Entra ID would hand that object back to sync,
 * but refuses when the tenant blocks it
 * (BlockCloudObjectTakeoverThroughHardMatchEnabled) and, since June 2026,
 * whenever the cloud user holds a Microsoft Entra directory role
 * (message center MC1262584).  Reads the match simulation (src/match.h).
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

static void	invalid_hard_match_check(const struct rule_context *,
		    struct findings *);

static const struct rule_partial invalid_hard_match_partial[] = {
	{ RULE_NEEDS_ROLES, "cannot tell a hard match Entra ID refuses for "
	    "a role holder (since June 2026)" },
	{ 0, NULL }
};

static const enum match_outcome invalid_hard_match_refusals[] = {
	MATCH_PRIVILEGED_TAKEOVER,
	MATCH_TAKEOVER_BLOCKED,
	MATCH_REMAP_BLOCKED,
	MATCH_NONE
};

const struct rule rule_invalid_hard_match = {
	.id       = "InvalidHardMatch",
	.title    = "Entra ID refuses a hard match onto a cloud object",
	.doc      = DOC_SYNC_ERRORS "#invalidhardmatch",
	.severity = SEV_ERROR,
	.needs    = RULE_NEEDS_ONPREM | RULE_NEEDS_CLOUD,
	.predicts =
	    "a hard match Entra ID refuses: onto a cloud object not synced "
	    "now when the tenant blocks that takeover "
	    "(`--block-hard-match-takeover`), and, since June 2026 for "
	    "every tenant, onto a cloud user holding a directory role "
	    "(needs `--roles`); a hard match onto a user synced before "
	    "(onPremisesSyncEnabled False) is otherwise a takeover, with no "
	    "error",
	.explain  =
	    "A hard match joins a new on-premises object to the cloud object\n"
	    "whose onPremisesImmutableId equals its sourceAnchor.  When that\n"
	    "cloud object is synced, the export simply updates it.  When it is\n"
	    "not synced now (onPremisesSyncEnabled False: directory sync was\n"
	    "turned off and on again, or the object left sync scope and came\n"
	    "back; or never synced, with an immutableId set in the cloud),\n"
	    "Entra ID normally hands it back to sync: the outcome is \"takes\n"
	    "over\", with no error.  Entra ID refuses, with InvalidHardMatch:\n"
	    "  - when the tenant blocks such takeovers\n"
	    "    (BlockCloudObjectTakeoverThroughHardMatchEnabled; tell\n"
	    "    syncdoctor with --block-hard-match-takeover);\n"
	    "  - since June 2026, for every tenant, when the cloud user holds\n"
	    "    a Microsoft Entra directory role (message center MC1262584,\n"
	    "    \"block hard match for users with Microsoft Entra roles\"); the\n"
	    "    roles come from --roles.  Microsoft's \"What's new\" entry for\n"
	    "    this change points to the Existing Admin Role Conflict fix.\n"
	    "  - since July 2026, when the cloud user's onPremisesObjectIdentifier\n"
	    "    (Graph beta; give it in the cloud export) names another\n"
	    "    on-premises object: Entra ID no longer re-maps a synced user to\n"
	    "    a re-created account or one moved from another forest until an\n"
	    "    administrator clears the mapping (MC1263280).\n"
	    "Microsoft's troubleshooting page describes InvalidHardMatch for\n"
	    "the tenant switch; the 2026 announcement gives the same error name\n"
	    "for the role case.  Soft matches, hard matches of users without\n"
	    "roles, and objects already joined are not affected.\n"
	    "\n"
	    "Fix: confirm the two objects are the same person or group.  For a\n"
	    "role holder, remove the directory roles from the cloud user (note\n"
	    "them), let the next sync cycle match the two, then assign the\n"
	    "roles again; or keep the account cloud-only and change the\n"
	    "on-premises object's anchor.  For the tenant switch, turn it off\n"
	    "for one sync cycle, or clear the cloud object's immutableId if the\n"
	    "two are different objects.\n",
	.check    = invalid_hard_match_check,
	.partial  = invalid_hard_match_partial,
	.refusals = invalid_hard_match_refusals,
};

static struct finding *
add_pair(struct findings *fs, const struct match *m, const char *cloud_role)
{
	struct finding	*f;

	f = findings_add(fs, &rule_invalid_hard_match, SEV_ERROR,
	    "onPremisesImmutableId", m->cloud->immutable_id);
	finding_add_object(fs, f, m->object, object_anchor(m->object),
	    object_anchor_attribute(m->object),
	    "on-premises source: hard match refused");
	finding_add_object(fs, f, m->cloud, m->cloud->immutable_id,
	    "onPremisesImmutableId", cloud_role);
	return f;
}

static const char *
sync_state(const struct object *cloud)
{
	return cloud->sync_enabled == TRI_FALSE ?
	    "synced before, not now (onPremisesSyncEnabled False)" :
	    "never synced (its immutableId was set in the cloud)";
}

static void
report_privileged(struct findings *fs, const struct match *m)
{
	const struct object	*c = m->cloud;
	const char		*id = c->id != NULL ? c->id : c->upn;
	struct finding		*f;
	size_t			 i;

	f = add_pair(fs, m, "cloud user holding a directory role");
	finding_set_summary(fs, f,
	    "'%s' hard-matches cloud user '%s' (immutableId '%s'), %s, who "
	    "holds the directory role '%s'%s: since June 2026 Entra ID "
	    "refuses hard matches onto such users (InvalidHardMatch)",
	    object_display_name(m->object), object_display_name(c),
	    c->immutable_id, sync_state(c), c->rare->roles[0],
	    c->rare->nroles > 1 ? " and more" : "");
	finding_add_step(fs, f,
	    "Confirm that '%s' and '%s' are the same person.",
	    object_display_name(m->object), object_display_name(c));
	for (i = 0; i < c->rare->nroles; i++)
		finding_add_step(fs, f,
		    "Note, then remove, the role '%s' of '%s' (Entra admin "
		    "center > Roles and administrators, or "
		    "Remove-MgRoleManagementDirectoryRoleAssignment).",
		    c->rare->roles[i], object_display_name(c));
	finding_add_step(fs, f,
	    "Let the next sync cycle match '%s' to cloud user '%s' (id %s).",
	    object_display_name(m->object), object_display_name(c),
	    id != NULL ? id : "?");
	finding_add_step(fs, f,
	    "Assign the roles again once the user shows onPremisesSyncEnabled "
	    "True; or, to keep the admin account cloud-only (recommended for "
	    "privileged roles), give '%s' another anchor instead.",
	    object_display_name(m->object));
}

static void
report_takeover_blocked(struct findings *fs, const struct match *m)
{
	struct finding	*f;

	f = add_pair(fs, m, "cloud object not synced now");
	finding_set_summary(fs, f,
	    "'%s' hard-matches cloud %s '%s' (immutableId '%s'), %s; the "
	    "tenant blocks taking cloud objects over by hard match, so the "
	    "export is refused (InvalidHardMatch)",
	    object_display_name(m->object), object_type_name(m->cloud->type),
	    object_display_name(m->cloud), m->cloud->immutable_id,
	    sync_state(m->cloud));
	finding_add_step(fs, f,
	    "Confirm that '%s' and '%s' are the same %s.  If the cloud export "
	    "had no OnPremisesSyncEnabled column, export it again with that "
	    "column first: an empty value may only mean it was missing.",
	    object_display_name(m->object), object_display_name(m->cloud),
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
	    "longer equals the anchor of '%s'.", object_display_name(m->cloud),
	    m->cloud->id != NULL ? m->cloud->id : object_display_name(m->cloud),
	    object_display_name(m->object));
}

/* The July 2026 hardening: the user is mapped to another object. */
static void
report_remap(struct findings *fs, const struct match *m)
{
	const struct object	*c = m->cloud;
	struct finding		*f;
	char			 guid[37];

	guid_format(m->object->object_guid, guid);
	f = add_pair(fs, m, "synced cloud user mapped to another on-premises "
	    "object");
	finding_set_summary(fs, f,
	    "'%s' (objectGUID %s) hard-matches cloud user '%s' through its "
	    "anchor '%s', but that user's onPremisesObjectIdentifier is '%s': "
	    "since July 2026 Entra ID refuses to map a synced user to another "
	    "on-premises object (\"Hard match operation blocked due to "
	    "security hardening. Review OnPremisesObjectIdentifier mapping.\")",
	    object_display_name(m->object), guid, object_display_name(c),
	    object_anchor(m->object), object_onprem_object_id(c));
	finding_add_step(fs, f,
	    "Confirm that '%s' is the same person as the one '%s' was synced "
	    "from (a re-created account, or a move from another forest).",
	    object_display_name(m->object), object_display_name(c));
	finding_add_step(fs, f,
	    "A Global Administrator or Hybrid Identity Administrator clears "
	    "the old mapping with Microsoft Graph (beta): PATCH "
	    "https://graph.microsoft.com/beta/users/%s with "
	    "{\"onPremisesObjectIdentifier\": null} (permission "
	    "User-OnPremisesSyncBehavior.ReadWrite.All).",
	    c->id != NULL ? c->id : "<cloud user id>");
	finding_add_step(fs, f,
	    "Let the next sync cycle match '%s'; its export then updates the "
	    "cloud user and maps it to the new object.",
	    object_display_name(m->object));
}

static void
invalid_hard_match_check(const struct rule_context *rc,
    struct findings *out)
{
	size_t	i, n = match_set_size(rc->matches);

	for (i = 0; i < n; i++) {
		const struct match *m = match_get(rc->matches, i);

		if (m->base == MATCH_PRIVILEGED_TAKEOVER)
			report_privileged(out, m);
		else if (m->base == MATCH_TAKEOVER_BLOCKED)
			report_takeover_blocked(out, m);
		else if (m->base == MATCH_REMAP_BLOCKED)
			report_remap(out, m);
	}
}
