/*
 * ExistingAdminRoleConflict: an on-premises user soft-matches a cloud-only
 * user that holds an admin role, which Entra ID refuses.  The same file
 * reports, as information, the soft matches that will succeed: each takes
 * over a cloud-only object.  Reads the match simulation (src/match.h).
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

static void	admin_role_conflict_check(const struct rule_context *,
		    struct findings *);

static const struct rule_partial admin_role_conflict_partial[] = {
	{ RULE_NEEDS_ROLES, "cannot tell the takeover of an admin account "
	    "from a legitimate soft match" },
	{ 0, NULL }
};

static const enum match_outcome admin_role_conflict_refusals[] = {
	MATCH_ADMIN_ROLE_CONFLICT,
	MATCH_NONE
};

const struct rule rule_admin_role_conflict = {
	.id       = "ExistingAdminRoleConflict",
	.title    = "a soft match would take over a cloud-only admin account",
	.doc      = DOC_SYNC_ERRORS "#existing-admin-role-conflict",
	.severity = SEV_ERROR,
	.needs    = RULE_NEEDS_ONPREM | RULE_NEEDS_CLOUD,
	.predicts =
	    "an on-premises user soft-matches a cloud-only user holding an "
	    "admin role (needs `--roles`); a soft match onto a cloud-only "
	    "user without one is an `info` finding: that account will be "
	    "taken over",
	.explain  =
	    "An on-premises object with no hard match is joined to a cloud-only\n"
	    "object with the same userPrincipalName or SMTP address (the soft\n"
	    "match).  From then on the cloud object is managed from on-premises\n"
	    "AD: its names, addresses and password come from there.  To keep an\n"
	    "on-premises account from taking over a cloud administrator this\n"
	    "way, Entra ID refuses the soft match when the cloud user holds an\n"
	    "admin role, and the on-premises user is not exported as that\n"
	    "account (Existing Admin Role Conflict).\n"
	    "\n"
	    "syncdoctor reports that as an error, naming both users and the\n"
	    "roles.  Every soft match that will succeed is reported as\n"
	    "information: it is often intended (the first sync of an existing\n"
	    "tenant), but a takeover of the wrong account is hard to undo.\n"
	    "Roles come from --roles; without it the conflicts cannot be seen\n"
	    "and every soft match is reported as a takeover, with a note.\n"
	    "\n"
	    "Fix, when both accounts are the same person: write down and remove\n"
	    "the cloud user's admin roles, permanently delete any object a\n"
	    "failed sync already created for the on-premises user, let the next\n"
	    "sync cycle soft-match the two, then assign the roles again.  When\n"
	    "they are different people, give the on-premises user its own UPN\n"
	    "and addresses instead.\n",
	.check    = admin_role_conflict_check,
	.partial  = admin_role_conflict_partial,
	.refusals = admin_role_conflict_refusals,
};

/* o's roles joined with ", "; the caller frees the result. */
static char *
role_list(const struct object *o)
{
	size_t	 len = 1, i;
	char	*s;

	for (i = 0; i < o->rare->nroles; i++)
		len += strlen(o->rare->roles[i]) + 2;
	s = xmalloc(len);
	s[0] = '\0';
	for (i = 0; i < o->rare->nroles; i++) {
		size_t used = strlen(s);

		snprintf(s + used, len - used, "%s%s", i > 0 ? ", " : "",
		    o->rare->roles[i]);
	}
	return s;
}

static const char *
cloud_held_as(const struct table *t, const struct match *m,
    const char **raw)
{
	const struct posting	*p;
	bool			 is_upn;
	size_t			 n, i;

	is_upn = strcmp(m->attribute, "userPrincipalName") == 0;
	p = table_lookup(t, is_upn ? KEY_UPN : KEY_SMTP, m->key, &n);
	*raw = m->key;
	for (i = 0; i < n; i++)
		if (posting_object(t, &p[i]) == m->cloud) {
			*raw = posting_raw(t, &p[i]);
			return is_upn ? "userPrincipalName" :
			    addr_source_name(p[i].source);
		}
	return m->attribute;
}

static struct finding *
add_pair(struct findings *fs, enum severity severity, const struct match *m,
    const struct table *t, const char *onprem_role, const char *cloud_role)
{
	struct finding	*f;
	const char	*raw, *held;

	f = findings_add(fs, &rule_admin_role_conflict, severity,
	    m->attribute, m->key);
	finding_add_object(fs, f, m->object, m->value, m->attribute,
	    onprem_role);
	held = cloud_held_as(t, m, &raw);
	finding_add_object(fs, f, m->cloud, raw, held, cloud_role);
	return f;
}

static void
report_conflict(struct findings *fs, const struct match *m,
    const struct table *t)
{
	struct finding	*f;
	char		*roles = role_list(m->cloud);
	char		 role[512];

	snprintf(role, sizeof(role), "cloud-only user holding %s", roles);
	f = add_pair(fs, SEV_ERROR, m, t,
	    "on-premises user: soft match refused", role);
	finding_set_summary(fs, f,
	    "on-premises user '%s' has no hard match and its %s '%s' "
	    "soft-matches cloud-only user '%s', who holds %s; Entra ID refuses "
	    "to let sync take over an admin account", object_display_name(m->object),
	    m->attribute, m->value, object_display_name(m->cloud), roles);
	finding_add_step(fs, f,
	    "Decide whether '%s' and '%s' are the same person.  If not, give "
	    "the on-premises user a %s of its own and stop here; many tenants "
	    "keep admin accounts cloud-only on purpose.",
	    object_display_name(m->object), object_display_name(m->cloud),
	    m->attribute);
	finding_add_step(fs, f,
	    "If they are: write down the roles of '%s' (%s) and remove them "
	    "for the time being (Entra admin center, Roles and "
	    "administrators).", object_display_name(m->cloud), roles);
	finding_add_step(fs, f,
	    "If a sync cycle already ran, Entra ID may have created a separate "
	    "object for '%s' with quarantined values: delete that object and "
	    "then delete it permanently from Deleted users (not '%s').",
	    object_display_name(m->object), object_display_name(m->cloud));
	finding_add_step(fs, f,
	    "Let the next sync cycle soft-match '%s' to '%s'.",
	    object_display_name(m->object), object_display_name(m->cloud));
	finding_add_step(fs, f,
	    "Assign the roles (%s) to '%s' again once the match is done.",
	    roles, object_display_name(m->cloud));
	free(roles);
}

static void
report_takeover(struct findings *fs, const struct match *m,
    const struct table *t, bool have_roles)
{
	struct finding	*f;
	char		 role[64];

	snprintf(role, sizeof(role), "cloud-only %s: will be taken over",
	    object_type_name(m->cloud->type));
	f = add_pair(fs, SEV_INFO, m, t, "on-premises object: soft-matches",
	    role);
	finding_set_summary(fs, f,
	    "on-premises %s '%s' has no hard match and its %s '%s' soft-matches "
	    "cloud-only %s '%s': the next sync takes that cloud %s over",
	    object_type_name(m->object->type), object_display_name(m->object),
	    m->attribute, m->value, object_type_name(m->cloud->type),
	    object_display_name(m->cloud), object_type_name(m->cloud->type));
	finding_add_step(fs, f,
	    "Confirm that '%s' and '%s' are the same %s.  If so, nothing is "
	    "needed: after the match, the cloud object's names, addresses and "
	    "(for a user) password come from on-premises AD.",
	    object_display_name(m->object), object_display_name(m->cloud),
	    object_type_name(m->object->type));
	finding_add_step(fs, f,
	    "If not, change '%s' on '%s' in on-premises AD before the next "
	    "sync cycle.", m->key, object_display_name(m->object));
	if (!have_roles && m->cloud->type == OBJ_USER)
		finding_add_step(fs, f,
		    "No admin role membership was given (--roles): if '%s' "
		    "holds an admin role, Entra ID refuses this match instead "
		    "(Existing Admin Role Conflict).  Run again with --roles to "
		    "tell.", object_display_name(m->cloud));
}

/* Was any role attached to a cloud user (from --roles)? */
static bool
have_roles(const struct table *t)
{
	size_t	i, n = table_count(t);

	for (i = 0; i < n; i++)
		if (table_get(t, i)->rare->nroles > 0)
			return true;
	return false;
}

static void
admin_role_conflict_check(const struct rule_context *rc,
    struct findings *out)
{
	size_t	i, n = match_set_size(rc->matches);
	bool	roles = have_roles(rc->table);

	for (i = 0; i < n; i++) {
		const struct match *m = match_get(rc->matches, i);

		if (m->base == MATCH_ADMIN_ROLE_CONFLICT)
			report_conflict(out, m, rc->table);
		else if (m->base == MATCH_SOFT)
			report_takeover(out, m, rc->table, roles);
	}
}
