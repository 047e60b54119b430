/*
 * CloudOnlyAccessViolation: the deletes Entra Connect will attempt for
 * synced cloud objects whose source is not in the on-premises export, and
 * the accidental-delete threshold that stops the whole export when there
 * are too many.  (Hard matches Entra ID refuses are InvalidHardMatch's.)
 * Reads the match simulation (src/match.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "finding.h"
#include "guid.h"
#include "match.h"
#include "rule.h"
#include "rulekit.h"
#include "table.h"
#include "xalloc.h"

static void	cloud_only_access_check(const struct rule_context *,
		    struct findings *);

const struct rule rule_cloud_only_access = {
	.id       = "CloudOnlyAccessViolation",
	.title    = "an export would delete synced cloud objects",
	.doc      = DOC_SYNC_ERRORS
	    "#deletion-access-violation-and-password-access-violation-errors",
	.severity = SEV_ERROR,
	.needs    = RULE_NEEDS_ONPREM | RULE_NEEDS_CLOUD,
	.predicts =
	    "synced cloud objects whose source anchor is in no loaded "
	    "export, which Entra Connect would delete (a warning: exports "
	    "can be partial); more deletes than the accidental-delete "
	    "threshold (500, `--delete-threshold`) stop the whole export "
	    "run (error, with the OUs and domains the deletes come from)",
	.explain  =
	    "A synced cloud object (onPremisesSyncEnabled True, immutableId set)\n"
	    "whose anchor no on-premises object in sync scope has is deleted by\n"
	    "Entra Connect on the next export, if its source was deleted or left\n"
	    "sync scope (warning).  It is only a warning because exports are\n"
	    "often partial (one domain, some OUs): the source may simply not be\n"
	    "in the file.  Cloud objects that a new object fails to soft-match\n"
	    "are left to InvalidSoftMatch, and synced objects whose immutableId\n"
	    "the export lacks (Graph shows none for groups) are not judged.\n"
	    "\n"
	    "Entra Connect's protection against accidental deletes is on by\n"
	    "default with a threshold of 500: when an export would delete more\n"
	    "objects than that, the export run stops before deleting anything,\n"
	    "and no object is exported at all, not even updates\n"
	    "(stopped-deletion-threshold-exceeded; how-to-connect-sync-feature-\n"
	    "prevent-accidental-deletes).  syncdoctor predicts this as one error\n"
	    "that counts the deletes and says which OUs and domains they come\n"
	    "from (the cloud objects' onPremisesDistinguishedName), so a real mass\n"
	    "delete can be told from an export that missed an OU, a domain or a\n"
	    "forest.  --delete-threshold N sets the tenant's threshold (0: off).\n"
	    "\n"
	    "Fix: for a delete you did not mean, restore the source or bring it\n"
	    "back into scope before the next sync cycle; for a partial export,\n"
	    "export the missing OUs, domains or forests and run syncdoctor again.\n"
	    "For an intended mass delete, confirm it (Enable-ADSyncExport\n"
	    "-Confirm, or raise the threshold for one run).\n"
	    "\n"
	    "Where Microsoft's pages name a cloud-managed object (converted to\n"
	    "cloud source of authority), Entra ID refuses every change Entra\n"
	    "Connect sends; a hard match onto a user whose onPremisesSyncEnabled\n"
	    "is False is not that: the troubleshooting page says sync takes it\n"
	    "back, and InvalidHardMatch covers the cases it refuses.\n",
	.check    = cloud_only_access_check,
};

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
	char	guid[GUID_TEXT_SIZE], ldap[GUID_LDAP_SIZE];

	if (!cloud->has_immutable_id_bytes) {
		finding_add_step(fs, f,
		    "Check whether the source still exists: look for the "
		    "object whose anchor attribute holds '%s' in every forest "
		    "Entra Connect reads.", cloud->immutable_id);
		return;
	}
	guid_format(cloud->immutable_id_bytes, guid);
	guid_format_ldap(cloud->immutable_id_bytes, ldap);
	finding_add_step(fs, f,
	    "Check whether the source still exists, in every forest Entra "
	    "Connect reads: Get-ADObject -Identity '%s' (objectGUID), or "
	    "Get-ADObject -LDAPFilter '(mS-DS-ConsistencyGuid=%s)'; for a "
	    "deleted one add -IncludeDeletedObjects.", guid, ldap);
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
		    object_display_name(cloud), cloud->immutable_id,
		    object_display_name(owner), scope_reason(owner->scope));
	} else
		finding_set_summary(fs, f,
		    "synced cloud %s '%s' (immutableId '%s') has no source in "
		    "the on-premises export: if the source is gone, Entra "
		    "Connect will delete the cloud object; if the export is "
		    "partial, this is a false alarm",
		    object_type_name(cloud->type), object_display_name(cloud),
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

/* Report each orphan; *orphans (n of them) lists them for the caller. */
static void
report_orphans(struct findings *fs, const struct rule_context *rc,
    const struct object ***orphans, size_t *norphans)
{
	const struct table	*t = rc->table;
	size_t			 i, n = table_count(t), nmatches, cap = 0;
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

		if (!is_orphan_candidate(o) || is_refused_target[i] ||
		    has_source(t, o))
			continue;
		report_orphan(fs, t, o);
		GROW(*orphans, *norphans, cap);
		(*orphans)[(*norphans)++] = o;
	}
	free(is_refused_target);
}

/* The OU part of a DN (after its first component), or the DN. */
static const char *
dn_parent(const char *dn)
{
	const char	*p;

	for (p = dn; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0')
			p++;
		else if (*p == ',')
			return p + 1;
	}
	return dn;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * "312 under OU=Sales,DC=contoso,DC=com; 189 under ...": where the
 * deletes come from, by the cloud objects' onPremisesDistinguishedName,
 * the largest first, at most max places.
 */
static char *
delete_places(const struct object *const *orphans, size_t n, size_t max)
{
	const char	**parents = xcalloc(n ? n : 1, sizeof(*parents));
	struct place { const char *name; size_t n; } *places;
	size_t		 i, k, nplaces = 0, nunknown = 0, len = 0, used = 0;
	char		*out;

	for (i = 0; i < n; i++)
		if (object_onprem_dn(orphans[i]) != NULL)
			parents[used++] = dn_parent(object_onprem_dn(orphans[i]));
		else
			nunknown++;
	qsort(parents, used, sizeof(*parents), str_cmp);
	places = xcalloc(used ? used : 1, sizeof(*places));
	for (i = 0; i < used; i++) {
		if (nplaces > 0 &&
		    strcasecmp(places[nplaces - 1].name, parents[i]) == 0)
			places[nplaces - 1].n++;
		else
			places[nplaces++] = (struct place){ parents[i], 1 };
	}
	/* The largest first; ties keep the names' order. */
	for (i = 1; i < nplaces; i++)
		for (k = i; k > 0 && places[k - 1].n < places[k].n; k--) {
			struct place tmp = places[k];

			places[k] = places[k - 1];
			places[k - 1] = tmp;
		}
	for (i = 0; i < nplaces && i < max; i++)
		len += strlen(places[i].name) + 40;
	out = xmalloc(len + 120);
	out[0] = '\0';
	for (i = 0; i < nplaces && i < max; i++)
		snprintf(out + strlen(out), len + 120 - strlen(out),
		    "%s%zu under %s", i ? "; " : "", places[i].n,
		    places[i].name);
	if (nplaces > max)
		snprintf(out + strlen(out), len + 120 - strlen(out),
		    "; and %zu more places", nplaces - max);
	if (nunknown > 0)
		snprintf(out + strlen(out), len + 120 - strlen(out),
		    "%s%zu whose cloud export has no "
		    "onPremisesDistinguishedName", out[0] ? "; " : "",
		    nunknown);
	free(places);
	free(parents);
	return out;
}

/* More pending deletes than the threshold: the export stops. */
static void
report_threshold(struct findings *fs, const struct rule_context *rc,
    const struct object *const *orphans, size_t n)
{
	struct finding	*f;
	char		*places, count[32];
	size_t		 i;

	snprintf(count, sizeof(count), "%zu deletes", n);
	f = findings_add(fs, &rule_cloud_only_access, SEV_ERROR,
	    "deletion threshold", count);
	for (i = 0; i < n; i++)
		finding_add_object(fs, f, orphans[i], orphans[i]->immutable_id,
		    "onPremisesImmutableId", "synced cloud object: delete "
		    "pending");
	places = delete_places(orphans, n, 8);
	finding_set_summary(fs, f,
	    "the export would delete %zu synced cloud objects, more than the "
	    "accidental-delete threshold of %lu: Entra Connect stops the "
	    "export run before deleting anything, and no object is exported, "
	    "not even updates (stopped-deletion-threshold-exceeded); they come "
	    "from: %s", n, rc->options->delete_threshold, places);
	finding_add_step(fs, f,
	    "Check where the deletes come from (above).  Whole OUs, a domain "
	    "or a forest usually mean the on-premises export is partial or "
	    "the sync scope (OU filtering, a scoping filter) changed: export "
	    "them too, or restore the scope, and run syncdoctor again.");
	finding_add_step(fs, f,
	    "If the deletes are intended, let the export run with them: on "
	    "the Connect server, Enable-ADSyncExportDeletionThreshold with a "
	    "higher -DeletionThreshold for one run, or "
	    "Disable-ADSyncExportDeletionThreshold, run a sync cycle, then "
	    "enable it again.");
	finding_add_step(fs, f,
	    "If they are not, restore the sources (Restore-ADObject) or bring "
	    "them back into scope before the next sync cycle.");
	free(places);
}

static void
cloud_only_access_check(const struct rule_context *rc,
    struct findings *out)
{
	const struct object	**orphans = NULL;
	size_t			  n = 0;

	report_orphans(out, rc, &orphans, &n);
	if (rc->options->delete_threshold > 0 &&
	    n > rc->options->delete_threshold)
		report_threshold(out, rc, orphans, n);
	free(orphans);
}
