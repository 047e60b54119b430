/*
 * Tests of the match simulation: for small tables built in memory, the
 * export outcome of each on-premises object (hard match, new object,
 * soft-match takeover, refusals, quarantined values) and the cloud
 * object it meets; then whole scenarios through the analysis, with the
 * findings of the rules that read the simulation.
 */
#include "config.h"

#include <check.h>
#include <string.h>

#include "analysis.h"
#include "match.h"
#include "rule.h"
#include "testutil.h"
#include "xalloc.h"

#define GUID_A_HEX	"1e6a4b0c2d5f8a4e9b7c1d2e3f405162"
#define GUID_A_B64	"HmpLDC1fik6bfB0uP0BRYg=="
#define GUID_B_HEX	"00112233445566778899aabbccddeeff"
#define GUID_B_B64	"ABEiM0RVZneImaq7zN3u/w=="
#define GUID_B_TEXT	"33221100-5544-7766-8899-aabbccddeeff"
#define GUID_C_HEX	"a1b2c3d4e5f60718293a4b5c6d7e8f90"
#define GUID_A_TEXT	"0c4b6a1e-5f2d-4e8a-9b7c-1d2e3f405162"

/* One case: an on-prem user, a cloud object, the outcome expected. */
static const struct match_case {
	const char		*name;
	const char		*guid_hex;	/* on-prem objectGUID */
	const char		*upn;		/* on-prem UPN and mail */
	const char		*cloud_type;	/* user, group */
	const char		*cloud_upn;
	const char		*cloud_proxy;
	const char		*cloud_immutable_id;	/* "" none */
	const char		*cloud_sync_enabled;
	const char		*role;		/* admin role of the cloud user */
	bool			 is_soft_match_blocked;
	enum match_outcome	 want;
	bool			 want_cloud;	/* the cloud object is named */
} match_cases[] = {
	{ "hard match on the anchor", GUID_A_HEX, "ana@contoso.com", "user",
	  "ana@contoso.com", NULL, GUID_A_B64, "True", NULL, false,
	  MATCH_HARD, true },
	{ "nothing in the cloud: a new object", GUID_A_HEX,
	  "ana@contoso.com", "user", "bob@contoso.com", NULL, "", "", NULL,
	  false, MATCH_NEW, false },
	{ "soft match takes over a cloud-only user", GUID_A_HEX,
	  "ana@contoso.com", "user", "ANA@contoso.com", NULL, "", "", NULL,
	  false, MATCH_SOFT, true },
	{ "soft match onto an object synced from another anchor",
	  GUID_A_HEX, "ana@contoso.com", "user", "ana@contoso.com", NULL,
	  GUID_B_B64, "True", NULL, false, MATCH_QUARANTINED, true },
	{ "soft match onto a cloud group", GUID_A_HEX, "tax@contoso.com",
	  "group", NULL, "SMTP:tax@contoso.com", "", "", NULL, false,
	  MATCH_TYPE_MISMATCH, true },
	{ "soft match onto a cloud-only admin", GUID_A_HEX,
	  "admin@contoso.com", "user", "admin@contoso.com", NULL, "", "",
	  "Global Administrator", false, MATCH_ADMIN_ROLE_CONFLICT, true },
	/* Synced before, not now: the next sync takes it back. */
	{ "hard match onto onPremisesSyncEnabled False", GUID_A_HEX,
	  "ana@contoso.com", "user", "ana@contoso.com", NULL, GUID_A_B64,
	  "False", NULL, false, MATCH_HARD_TAKEOVER, true },
	/* ... unless the user holds a directory role (MC1262584, 2026). */
	{ "hard match onto a role holder no longer synced", GUID_A_HEX,
	  "ana@contoso.com", "user", "ana@contoso.com", NULL, GUID_A_B64,
	  "False", "Exchange Administrator", false,
	  MATCH_PRIVILEGED_TAKEOVER, true },
	{ "hard match onto a synced role holder: an update", GUID_A_HEX,
	  "ana@contoso.com", "user", "ana@contoso.com", NULL, GUID_A_B64,
	  "True", "Exchange Administrator", false, MATCH_HARD, true },
};

START_TEST(test_match_outcome)
{
	const struct match_case	*c = &match_cases[_i];
	struct sync_options	 opt = { .is_resiliency_on = true,
				    .is_soft_match_blocked =
				    c->is_soft_match_blocked };
	const char		*onprem[] = { "objectClass", "user",
	    "*objectGUID", c->guid_hex, "userPrincipalName", c->upn,
	    "mail", c->upn, NULL };
	const char		*cloud[16];
	const struct object	*o;
	const struct match	*m;
	struct match_set	*set;
	struct diag		 dg;
	struct table		*t = table_new(0);
	size_t			 n = 0;

	diag_init(&dg, NULL);
	diag_input_begin(&dg, "test", "ldif", "onprem");
	testutil_load(t, &dg, SIDE_ONPREM, "onprem.ldif", 1,
	    "CN=Ana,DC=contoso,DC=com", onprem);
	cloud[n++] = "id";
	cloud[n++] = "11111111-2222-3333-4444-555555555555";
	cloud[n++] = "objectType";
	cloud[n++] = c->cloud_type;
	if (c->cloud_upn != NULL) {
		cloud[n++] = "userPrincipalName";
		cloud[n++] = c->cloud_upn;
	}
	if (c->cloud_proxy != NULL) {
		cloud[n++] = "proxyAddresses";
		cloud[n++] = c->cloud_proxy;
	}
	cloud[n++] = "onPremisesImmutableId";
	cloud[n++] = c->cloud_immutable_id;
	cloud[n++] = "onPremisesSyncEnabled";
	cloud[n++] = c->cloud_sync_enabled;
	cloud[n] = NULL;
	testutil_load(t, &dg, SIDE_CLOUD, "cloud.csv", 2, NULL, cloud);
	if (c->role != NULL)
		table_add_role(t, c->role,
		    "11111111-2222-3333-4444-555555555555", NULL);
	table_index(t);
	set = match_run(t, &opt, 1);
	o = table_get(t, 0);
	m = match_for(set, o);
	ck_assert_ptr_nonnull(m);
	ck_assert_msg(m->outcome == c->want, "%s: outcome %s, want %s",
	    c->name, match_outcome_name(m->outcome),
	    match_outcome_name(c->want));
	if (c->want_cloud) {
		ck_assert_ptr_nonnull(m->cloud);
		ck_assert_str_eq(m->cloud->id,
		    "11111111-2222-3333-4444-555555555555");
	} else
		ck_assert_ptr_null(m->cloud);
	ck_assert_uint_eq(match_count(set, c->want), 1);
	match_set_free(set);
	table_free(t);
	diag_release(&dg);
}
END_TEST

/* Cloud objects and objects out of sync scope are not simulated. */
START_TEST(test_match_scope)
{
	static const char *const computer[] = { "objectClass", "computer",
	    "*objectGUID", GUID_A_HEX, NULL };
	static const char *const cloud[] = { "id", "1",
	    "userPrincipalName", "x@contoso.com", NULL };
	struct sync_options	 opt = { .is_resiliency_on = true };
	struct match_set	*set;
	struct diag		 dg;
	struct table		*t = table_new(0);
	const struct match	*m;

	diag_init(&dg, NULL);
	diag_input_begin(&dg, "test", "ldif", "onprem");
	testutil_load(t, &dg, SIDE_ONPREM, "a.ldif", 1, "CN=PC,DC=c", computer);
	testutil_load(t, &dg, SIDE_CLOUD, "c.csv", 2, NULL, cloud);
	table_index(t);
	set = match_run(t, &opt, 1);
	m = match_for(set, table_get(t, 0));
	ck_assert(m == NULL || m->outcome == MATCH_NONE);
	m = match_for(set, table_get(t, 1));
	ck_assert(m == NULL || m->outcome == MATCH_NONE);
	ck_assert_uint_eq(match_count(set, MATCH_NEW), 0);
	match_set_free(set);
	table_free(t);
	diag_release(&dg);
}
END_TEST

/*
 * Whole scenarios through analysis_run: the simulation and the rules
 * that read it (InvalidSoftMatch, ObjectTypeMismatch,
 * ExistingAdminRoleConflict, CloudOnlyAccessViolation and the cloud part
 * of AttributeValueMustBeUnique), with the seed doc's examples and the
 * near misses that must stay quiet.
 */
#define MAX_SPEC_PAIRS	24
#define MAX_SPECS	5
#define MAX_NAMES	4

struct object_spec {
	enum side	 side;
	const char	*dn;		/* on-prem only */
	const char	*pairs[MAX_SPEC_PAIRS];
};

enum scenario_flags {
	SC_RESILIENCY_OFF	= (1 << 0),
	SC_BLOCK_SOFT		= (1 << 1),
	SC_BLOCK_TAKEOVER	= (1 << 2),
	SC_ANCHOR_GUID		= (1 << 3),	/* --source-anchor objectGUID */
	SC_SOFT_ALL		= (1 << 4)	/* --soft-match-keys all */
};

struct finding_want {
	const char	*rule;		/* NULL: no finding at all */
	enum severity	 severity;
	const char	*attribute;
	const char	*value;
	const char	*objects[MAX_NAMES];	/* DN or cloud id, all named */
	const char	*steps[2];	/* each in some step */
};

static const struct scenario {
	const char		*name;
	struct object_spec	 objects[MAX_SPECS];
	unsigned		 flags;
	const char		*domains;	/* "a.com b.onmicrosoft.com*" */
	const char		*admin_id;	/* cloud id holding a role */
	size_t			 subject;	/* objects[] index simulated */
	enum match_outcome	 outcome;
	enum match_outcome	 base;
	size_t			 nfindings;
	struct finding_want	 want;
} scenarios[] = {
	/* The seed doc's example: Bob Taylor takes Bob Smith's address. */
	{ "Bob Taylor soft-matches synced Bob Smith", {
	    { SIDE_ONPREM, "CN=Bob Smith,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_A_HEX, "userPrincipalName",
	      "bobs@contoso.com", "proxyAddresses", "smtp:bobs@contoso.com",
	      "proxyAddresses", "smtp:bob.smith@contoso.com",
	      "proxyAddresses", "smtp:bob@contoso.com", NULL } },
	    { SIDE_ONPREM, "CN=Bob Taylor,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_B_HEX, "userPrincipalName",
	      "bobt@contoso.com", "proxyAddresses", "smtp:bobt@contoso.com",
	      "proxyAddresses", "smtp:bob.taylor@contoso.com",
	      "proxyAddresses", "smtp:bob@contoso.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-bob-smith", "userPrincipalName",
	      "bobs@contoso.com", "proxyAddresses", "smtp:bobs@contoso.com",
	      "proxyAddresses", "smtp:bob.smith@contoso.com",
	      "proxyAddresses", "smtp:bob@contoso.com",
	      "onPremisesImmutableId", GUID_A_B64, "onPremisesSyncEnabled",
	      "True", NULL } } },
	  SC_SOFT_ALL, NULL, NULL, 1, MATCH_QUARANTINED,
	  MATCH_INVALID_SOFT_MATCH, 1,
	  { "InvalidSoftMatch", SEV_WARNING, "proxyAddresses",
	    "bob@contoso.com", { "CN=Bob Taylor,DC=contoso,DC=com",
	    "c-bob-smith", "CN=Bob Smith,DC=contoso,DC=com" },
	    { "not a re-created account", "creates a second cloud object" } } },
	{ "Bob Taylor, resiliency off", {
	    { SIDE_ONPREM, "CN=Bob Smith,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_A_HEX, "userPrincipalName",
	      "bobs@contoso.com", "proxyAddresses", "smtp:bob@contoso.com",
	      NULL } },
	    { SIDE_ONPREM, "CN=Bob Taylor,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_B_HEX, "userPrincipalName",
	      "bobt@contoso.com", "proxyAddresses", "smtp:bob@contoso.com",
	      NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-bob-smith", "userPrincipalName",
	      "bobs@contoso.com", "proxyAddresses", "smtp:bob@contoso.com",
	      "onPremisesImmutableId", GUID_A_B64, "onPremisesSyncEnabled",
	      "True", NULL } } },
	  SC_RESILIENCY_OFF | SC_SOFT_ALL, NULL, NULL, 1,
	  MATCH_INVALID_SOFT_MATCH,
	  MATCH_INVALID_SOFT_MATCH, 1,
	  { "InvalidSoftMatch", SEV_ERROR, "proxyAddresses",
	    "bob@contoso.com", { "CN=Bob Taylor,DC=contoso,DC=com",
	    "c-bob-smith", "CN=Bob Smith,DC=contoso,DC=com" },
	    { "fails to export with InvalidSoftMatch", NULL } } },
	/* Deleted and re-created: the old anchor is nowhere on-premises. */
	{ "re-created object", {
	    { SIDE_ONPREM, "CN=Ana Lima,OU=Staff,DC=contoso,DC=com", {
	      "objectClass", "user", "*objectGUID", GUID_B_HEX,
	      "userPrincipalName", "ana@contoso.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-ana", "userPrincipalName",
	      "ana@contoso.com", "onPremisesImmutableId", GUID_A_B64,
	      "onPremisesSyncEnabled", "True", NULL } } },
	  0, NULL, NULL, 0, MATCH_QUARANTINED, MATCH_INVALID_SOFT_MATCH, 1,
	  { "InvalidSoftMatch", SEV_WARNING, "userPrincipalName",
	    "ana@contoso.com", { "CN=Ana Lima,OU=Staff,DC=contoso,DC=com",
	    "c-ana" }, { "Set-ADUser -Identity 'CN=Ana Lima,OU=Staff,"
	    "DC=contoso,DC=com' -Replace @{'mS-DS-ConsistencyGuid'=([Guid]'"
	    GUID_A_TEXT "').ToByteArray()}", "FromBase64String('" GUID_A_B64 "')" } } },
	/* Forest move with objectGUID as the anchor: cannot be written. */
	{ "forest move, objectGUID anchor", {
	    { SIDE_ONPREM, "CN=O'Neil,OU=Moved,DC=fabrikam,DC=com", {
	      "objectClass", "user", "*objectGUID", GUID_B_HEX,
	      "userPrincipalName", "sean@contoso.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-sean", "userPrincipalName",
	      "sean@contoso.com", "onPremisesImmutableId", GUID_A_B64,
	      "onPremisesSyncEnabled", "True", NULL } } },
	  SC_ANCHOR_GUID | SC_RESILIENCY_OFF, NULL, NULL, 0,
	  MATCH_INVALID_SOFT_MATCH, MATCH_INVALID_SOFT_MATCH, 1,
	  { "InvalidSoftMatch", SEV_ERROR, "userPrincipalName",
	    "sean@contoso.com", { "CN=O'Neil,OU=Moved,DC=fabrikam,DC=com",
	    "c-sean" }, { "'CN=O''Neil,OU=Moved,DC=fabrikam,DC=com'",
	    "works only once Entra Connect uses mS-DS-ConsistencyGuid" } } },
	/* Reinstalled with objectGUID; the cloud has the ConsistencyGuid. */
	{ "anchor change: ConsistencyGuid then objectGUID", {
	    { SIDE_ONPREM, "CN=Ana,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_B_HEX, "*mS-DS-ConsistencyGuid",
	      GUID_A_HEX, "userPrincipalName", "ana@contoso.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-ana", "userPrincipalName",
	      "ana@contoso.com", "onPremisesImmutableId", GUID_A_B64,
	      "onPremisesSyncEnabled", "True", NULL } } },
	  SC_ANCHOR_GUID, NULL, NULL, 0, MATCH_QUARANTINED,
	  MATCH_INVALID_SOFT_MATCH, 1,
	  { "InvalidSoftMatch", SEV_WARNING, "userPrincipalName",
	    "ana@contoso.com", { "CN=Ana,DC=contoso,DC=com", "c-ana" },
	    { "Configure Source Anchor", "nothing needs writing" } } },
	/* ConsistencyGuid overwritten after the first sync by objectGUID. */
	{ "anchor change: ConsistencyGuid overwritten", {
	    { SIDE_ONPREM, "CN=Ana,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_B_HEX, "*mS-DS-ConsistencyGuid",
	      GUID_C_HEX, "userPrincipalName", "ana@contoso.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-ana", "userPrincipalName",
	      "ana@contoso.com", "onPremisesImmutableId", GUID_B_B64,
	      "onPremisesSyncEnabled", "True", NULL } } },
	  0, NULL, NULL, 0, MATCH_QUARANTINED, MATCH_INVALID_SOFT_MATCH, 1,
	  { "InvalidSoftMatch", SEV_WARNING, "userPrincipalName",
	    "ana@contoso.com", { "CN=Ana,DC=contoso,DC=com", "c-ana" },
	    { "own objectGUID", "[Guid]'" GUID_B_TEXT "'" } } },
	/* The seed doc's ObjectTypeMismatch example. */
	{ "user vs cloud group tax@contoso.com", {
	    { SIDE_ONPREM, "CN=New Hire,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_A_HEX, "userPrincipalName",
	      "new.hire@contoso.com", "proxyAddresses",
	      "smtp:tax@contoso.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-tax", "objectType", "group",
	      "displayName", "Tax", "proxyAddresses",
	      "SMTP:tax@contoso.com", NULL } } },
	  SC_SOFT_ALL, NULL, NULL, 0, MATCH_TYPE_MISMATCH,
	  MATCH_TYPE_MISMATCH, 1,
	  { "ObjectTypeMismatch", SEV_ERROR, "proxyAddresses",
	    "tax@contoso.com", { "CN=New Hire,DC=contoso,DC=com", "c-tax" },
	    { "@{proxyAddresses='smtp:tax@contoso.com'}",
	      "Set-UnifiedGroup" } } },
	{ "soft match onto a cloud-only admin", {
	    { SIDE_ONPREM, "CN=Ingrid,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_A_HEX, "userPrincipalName",
	      "ingrid@contoso.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-ingrid", "userPrincipalName",
	      "Ingrid@contoso.com", NULL } } },
	  0, NULL, "c-ingrid", 0, MATCH_ADMIN_ROLE_CONFLICT,
	  MATCH_ADMIN_ROLE_CONFLICT, 1,
	  { "ExistingAdminRoleConflict", SEV_ERROR, "userPrincipalName",
	    "ingrid@contoso.com", { "CN=Ingrid,DC=contoso,DC=com",
	    "c-ingrid" }, { "Global Administrator", "delete it permanently" } } },
	/* No role: a legitimate takeover, information only. */
	{ "legitimate soft match: info", {
	    { SIDE_ONPREM, "CN=Ingrid,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_A_HEX, "userPrincipalName",
	      "ingrid@contoso.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-ingrid", "userPrincipalName",
	      "Ingrid@contoso.com", NULL } } },
	  0, NULL, NULL, 0, MATCH_SOFT, MATCH_SOFT, 1,
	  { "ExistingAdminRoleConflict", SEV_INFO, "userPrincipalName",
	    "ingrid@contoso.com", { "CN=Ingrid,DC=contoso,DC=com",
	    "c-ingrid" }, { "--roles", NULL } } },
	/* Roles were given, another user holds one: no --roles note. */
	{ "legitimate soft match with roles known", {
	    { SIDE_ONPREM, "CN=Ingrid,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_A_HEX, "userPrincipalName",
	      "ingrid@contoso.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-ingrid", "userPrincipalName",
	      "ingrid@contoso.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-admin", "userPrincipalName",
	      "admin@contoso.onmicrosoft.com", NULL } } },
	  0, NULL, "c-admin", 0, MATCH_SOFT, MATCH_SOFT, 1,
	  { "ExistingAdminRoleConflict", SEV_INFO, "userPrincipalName",
	    "ingrid@contoso.com", { "CN=Ingrid,DC=contoso,DC=com",
	    "c-ingrid" }, { "Confirm that", NULL } } },
	{ "hard match onto onPremisesSyncEnabled False: sync resumes", {
	    { SIDE_ONPREM, "CN=Ana,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_A_HEX, "userPrincipalName",
	      "ana@contoso.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-ana", "userPrincipalName",
	      "ana@contoso.com", "onPremisesImmutableId", GUID_A_B64,
	      "onPremisesSyncEnabled", "False", NULL } } },
	  0, NULL, NULL, 0, MATCH_HARD_TAKEOVER, MATCH_HARD_TAKEOVER, 0,
	  { NULL, SEV_ERROR, NULL, NULL, { NULL }, { NULL, NULL } } },
	/* A synced cloud object whose source is not in the export. */
	{ "orphaned synced cloud object", {
	    { SIDE_ONPREM, "CN=Ana,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_A_HEX, "userPrincipalName",
	      "ana@contoso.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-ana", "userPrincipalName",
	      "ana@contoso.com", "onPremisesImmutableId", GUID_A_B64,
	      "onPremisesSyncEnabled", "True", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-gone", "userPrincipalName",
	      "gone@contoso.com", "onPremisesImmutableId", GUID_B_B64,
	      "onPremisesSyncEnabled", "True", NULL } } },
	  0, NULL, NULL, 0, MATCH_HARD, MATCH_HARD, 1,
	  { "CloudOnlyAccessViolation", SEV_WARNING, "onPremisesImmutableId",
	    GUID_B_B64, { "c-gone" }, { "Get-ADObject -Identity '"
	    GUID_B_TEXT "'", "Restore-ADObject" } } },
	/* The source is loaded but deleted: the delete is certain. */
	{ "synced cloud object whose source is deleted", {
	    { SIDE_ONPREM, "CN=Gone\\0ADEL:x,CN=Deleted Objects,DC=contoso,"
	      "DC=com", { "objectClass", "user", "*objectGUID", GUID_B_HEX,
	      "isDeleted", "TRUE", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-gone", "userPrincipalName",
	      "gone@contoso.com", "onPremisesImmutableId", GUID_B_B64,
	      "onPremisesSyncEnabled", "True", NULL } } },
	  1, NULL, NULL, 0, MATCH_NONE, MATCH_NONE, 1,
	  { "CloudOnlyAccessViolation", SEV_WARNING, "onPremisesImmutableId",
	    GUID_B_B64, { "c-gone", "CN=Gone\\0ADEL:x,CN=Deleted Objects,"
	    "DC=contoso,DC=com" }, { "Restore-ADObject", NULL } } },
	/* Resiliency on: the twin is updated, the address quarantined. */
	{ "duplicate address on update, resiliency on", {
	    { SIDE_ONPREM, "CN=Ana,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_A_HEX, "userPrincipalName",
	      "ana@contoso.com", "proxyAddresses", "SMTP:ana@contoso.com",
	      "proxyAddresses", "smtp:sales@contoso.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-ana", "userPrincipalName",
	      "ana@contoso.com", "proxyAddresses", "SMTP:ana@contoso.com",
	      "onPremisesImmutableId", GUID_A_B64, "onPremisesSyncEnabled",
	      "True", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-sales", "objectType", "group",
	      "displayName", "Sales", "proxyAddresses",
	      "SMTP:Sales@contoso.com", NULL } } },
	  0, NULL, NULL, 0, MATCH_PROXY_CONFLICT, MATCH_HARD, 1,
	  { "AttributeValueMustBeUnique", SEV_ERROR, "proxyAddresses",
	    "sales@contoso.com", { "CN=Ana,DC=contoso,DC=com", "c-sales" },
	    { "proxy address conflict", "on 'Sales', the recommended keeper (its primary value)" } } },
	{ "duplicate address on update, resiliency off", {
	    { SIDE_ONPREM, "CN=Ana,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_A_HEX, "userPrincipalName",
	      "ana@contoso.com", "proxyAddresses", "smtp:sales@contoso.com",
	      NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-ana", "userPrincipalName",
	      "ana@contoso.com", "onPremisesImmutableId", GUID_A_B64,
	      "onPremisesSyncEnabled", "True", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-sales", "userPrincipalName",
	      "sales@contoso.com", "proxyAddresses",
	      "SMTP:sales@contoso.com", NULL } } },
	  SC_RESILIENCY_OFF, NULL, NULL, 0, MATCH_DUPLICATE_BLOCKED,
	  MATCH_HARD, 1,
	  { "AttributeValueMustBeUnique", SEV_ERROR, "proxyAddresses",
	    "sales@contoso.com", { "CN=Ana,DC=contoso,DC=com", "c-sales" },
	    { "fails with AttributeValueMustBeUnique", NULL } } },
	/* Two new objects, one address, no cloud holder: the exports cannot
	   tell which Entra ID sees first, so both are contested. */
	{ "two new objects share an address: contested", {
	    { SIDE_ONPREM, "CN=Sales,DC=contoso,DC=com", { "objectClass",
	      "group", "*objectGUID", GUID_A_HEX, "proxyAddresses",
	      "SMTP:sales@contoso.com", NULL } },
	    { SIDE_ONPREM, "CN=Ana,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_B_HEX, "userPrincipalName",
	      "ana@contoso.com", "proxyAddresses", "smtp:Sales@contoso.com",
	      NULL } } },
	  0, NULL, NULL, 1, MATCH_CONTESTED, MATCH_NEW, 1,
	  { "AttributeValueMustBeUnique", SEV_WARNING, "proxyAddresses",
	    "sales@contoso.com", { "CN=Sales,DC=contoso,DC=com",
	    "CN=Ana,DC=contoso,DC=com" }, { NULL, NULL } } },
	/* The holder's cloud twin has the address: it keeps it, the other
	   synced object that just took it is quarantined, nothing contested. */
	{ "synced holder keeps an address: not contested", {
	    { SIDE_ONPREM, "CN=Sales,DC=contoso,DC=com", { "objectClass",
	      "group", "*objectGUID", GUID_A_HEX, "proxyAddresses",
	      "SMTP:sales@contoso.com", NULL } },
	    { SIDE_ONPREM, "CN=Ana,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_B_HEX, "userPrincipalName",
	      "ana@contoso.com", "proxyAddresses", "smtp:sales@contoso.com",
	      NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-sales", "objectType", "group",
	      "displayName", "Sales", "proxyAddresses",
	      "SMTP:sales@contoso.com", "onPremisesImmutableId", GUID_A_B64,
	      "onPremisesSyncEnabled", "True", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-ana", "userPrincipalName",
	      "ana@contoso.com", "onPremisesImmutableId", GUID_B_B64,
	      "onPremisesSyncEnabled", "True", NULL } } },
	  0, NULL, NULL, 0, MATCH_HARD, MATCH_HARD, 1,
	  { "AttributeValueMustBeUnique", SEV_ERROR, "proxyAddresses",
	    "sales@contoso.com", { "CN=Sales,DC=contoso,DC=com",
	    "CN=Ana,DC=contoso,DC=com", "c-sales" }, { NULL, NULL } } },
	{ "... and the user is blocked: a group holds it", {
	    { SIDE_ONPREM, "CN=Sales,DC=contoso,DC=com", { "objectClass",
	      "group", "*objectGUID", GUID_A_HEX, "proxyAddresses",
	      "SMTP:sales@contoso.com", NULL } },
	    { SIDE_ONPREM, "CN=Ana,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_B_HEX, "userPrincipalName",
	      "ana@contoso.com", "proxyAddresses", "smtp:sales@contoso.com",
	      NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-sales", "objectType", "group",
	      "displayName", "Sales", "proxyAddresses",
	      "SMTP:sales@contoso.com", "onPremisesImmutableId", GUID_A_B64,
	      "onPremisesSyncEnabled", "True", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-ana", "userPrincipalName",
	      "ana@contoso.com", "onPremisesImmutableId", GUID_B_B64,
	      "onPremisesSyncEnabled", "True", NULL } } },
	  0, NULL, NULL, 1, MATCH_PROXY_CONFLICT, MATCH_HARD, 1,
	  { "AttributeValueMustBeUnique", SEV_ERROR, "proxyAddresses",
	    "sales@contoso.com", { "CN=Sales,DC=contoso,DC=com",
	    "CN=Ana,DC=contoso,DC=com", "c-sales" }, { NULL, NULL } } },
	/* Two users: resiliency quarantines the address on the newcomer. */
	{ "same-type duplicate on update: quarantined", {
	    { SIDE_ONPREM, "CN=Ana,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_A_HEX, "userPrincipalName",
	      "ana@contoso.com", "proxyAddresses", "SMTP:ana@contoso.com",
	      "proxyAddresses", "smtp:sales@contoso.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-ana", "userPrincipalName",
	      "ana@contoso.com", "proxyAddresses", "SMTP:ana@contoso.com",
	      "onPremisesImmutableId", GUID_A_B64, "onPremisesSyncEnabled",
	      "True", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-sales", "userPrincipalName",
	      "sales.desk@contoso.com", "proxyAddresses",
	      "SMTP:Sales@contoso.com", NULL } } },
	  0, NULL, NULL, 0, MATCH_QUARANTINED, MATCH_HARD, 1,
	  { "AttributeValueMustBeUnique", SEV_WARNING, "proxyAddresses",
	    "sales@contoso.com", { "CN=Ana,DC=contoso,DC=com", "c-sales" },
	    { "drops 'sales@contoso.com'", NULL } } },
	/* Only the primary address soft-matches: an old alias is a clash. */
	{ "secondary alias is no soft match (default reading)", {
	    { SIDE_ONPREM, "CN=Bob Taylor,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_B_HEX, "userPrincipalName",
	      "bobt@contoso.com", "proxyAddresses", "SMTP:bobt@contoso.com",
	      "proxyAddresses", "smtp:bob@contoso.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-bob", "userPrincipalName",
	      "bob.smith@contoso.onmicrosoft.com", "proxyAddresses",
	      "SMTP:bob@contoso.com", NULL } } },
	  0, NULL, NULL, 0, MATCH_QUARANTINED, MATCH_NEW, 1,
	  { "AttributeValueMustBeUnique", SEV_WARNING, "proxyAddresses",
	    "bob@contoso.com", { "CN=Bob Taylor,DC=contoso,DC=com", "c-bob" },
	    { NULL, NULL } } },
	/* The primary SMTP address is tried before the UPN. */
	{ "SMTP before UPN: the group holding the address wins", {
	    { SIDE_ONPREM, "CN=Tax Clerk,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_B_HEX, "userPrincipalName",
	      "clerk@contoso.com", "mail", "tax@contoso.com",
	      "proxyAddresses", "SMTP:tax@contoso.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-clerk", "userPrincipalName",
	      "clerk@contoso.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-tax", "objectType", "group",
	      "displayName", "Tax", "mail", "tax@contoso.com",
	      "proxyAddresses", "SMTP:tax@contoso.com", NULL } } },
	  0, NULL, NULL, 0, MATCH_TYPE_MISMATCH, MATCH_TYPE_MISMATCH, 2,
	  { "ObjectTypeMismatch", SEV_ERROR, "proxyAddresses",
	    "tax@contoso.com", { "CN=Tax Clerk,DC=contoso,DC=com", "c-tax" },
	    { NULL, NULL } } },
	/* 2026: a hard match onto a role holder no longer synced. */
	{ "hard match onto a role holder: InvalidHardMatch", {
	    { SIDE_ONPREM, "CN=Ana,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_A_HEX, "userPrincipalName",
	      "ana@contoso.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-ana", "userPrincipalName",
	      "ana@contoso.com", "onPremisesImmutableId", GUID_A_B64,
	      "onPremisesSyncEnabled", "False", NULL } } },
	  0, NULL, "c-ana", 0, MATCH_PRIVILEGED_TAKEOVER,
	  MATCH_PRIVILEGED_TAKEOVER, 1,
	  { "InvalidHardMatch", SEV_ERROR, "onPremisesImmutableId",
	    GUID_A_B64, { "CN=Ana,DC=contoso,DC=com", "c-ana" },
	    { "Global Administrator", "Assign the roles again" } } },
	/* Resiliency off changes what the loser gets, not the contest. */
	{ "two new objects share a UPN, resiliency off: contested", {
	    { SIDE_ONPREM, "CN=Ana,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_A_HEX, "userPrincipalName",
	      "ana@contoso.com", NULL } },
	    { SIDE_ONPREM, "CN=Ana 2,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_B_HEX, "userPrincipalName",
	      "Ana@Contoso.com", NULL } } },
	  SC_RESILIENCY_OFF, NULL, NULL, 1, MATCH_CONTESTED, MATCH_NEW, 1,
	  { "AttributeValueMustBeUnique", SEV_ERROR, "userPrincipalName",
	    "ana@contoso.com", { "CN=Ana,DC=contoso,DC=com",
	    "CN=Ana 2,DC=contoso,DC=com" }, { NULL, NULL } } },
	/* A UPN another cloud user has: the placeholder is predicted. */
	{ "duplicate UPN on update: placeholder", {
	    { SIDE_ONPREM, "CN=Ana,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_A_HEX, "userPrincipalName",
	      "a.lima@contoso.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-ana", "userPrincipalName",
	      "ana@contoso.com", "onPremisesImmutableId", GUID_A_B64,
	      "onPremisesSyncEnabled", "True", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-other", "userPrincipalName",
	      "A.Lima@contoso.com", NULL } } },
	  0, "contoso.com contoso.onmicrosoft.com*", NULL, 0,
	  MATCH_QUARANTINED, MATCH_HARD, 1,
	  { "AttributeValueMustBeUnique", SEV_WARNING, "userPrincipalName",
	    "a.lima@contoso.com", { "CN=Ana,DC=contoso,DC=com", "c-other" },
	    { "a.limaNNNN@contoso.onmicrosoft.com", NULL } } },
	/* BlockSoftMatch: provisioned new, and the UPN collides. */
	{ "--block-soft-match", {
	    { SIDE_ONPREM, "CN=Ingrid,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_A_HEX, "userPrincipalName",
	      "ingrid@contoso.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-ingrid", "userPrincipalName",
	      "ingrid@contoso.com", NULL } } },
	  SC_BLOCK_SOFT, NULL, NULL, 0, MATCH_QUARANTINED, MATCH_NEW, 1,
	  { "AttributeValueMustBeUnique", SEV_WARNING, "userPrincipalName",
	    "ingrid@contoso.com", { "CN=Ingrid,DC=contoso,DC=com",
	    "c-ingrid" }, { "--block-soft-match", "placeholder UPN" } } },
	{ "--block-hard-match-takeover", {
	    { SIDE_ONPREM, "CN=Ana,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_A_HEX, "userPrincipalName",
	      "ana@contoso.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-ana", "userPrincipalName",
	      "ana@contoso.com", "onPremisesImmutableId", GUID_A_B64,
	      NULL } } },
	  SC_BLOCK_TAKEOVER, NULL, NULL, 0, MATCH_TAKEOVER_BLOCKED,
	  MATCH_TAKEOVER_BLOCKED, 1,
	  { "InvalidHardMatch", SEV_ERROR, "onPremisesImmutableId",
	    GUID_A_B64, { "CN=Ana,DC=contoso,DC=com", "c-ana" },
	    { "blockCloudObjectTakeoverThroughHardMatchEnabled", NULL } } },
	/* Without the block the same hard match takes the object over. */
	{ "hard match takeover allowed", {
	    { SIDE_ONPREM, "CN=Ana,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_A_HEX, "userPrincipalName",
	      "ana@contoso.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-ana", "userPrincipalName",
	      "ana@contoso.com", "onPremisesImmutableId", GUID_A_B64,
	      NULL } } },
	  0, NULL, NULL, 0, MATCH_HARD_TAKEOVER, MATCH_HARD_TAKEOVER, 0,
	  { NULL, SEV_ERROR, NULL, NULL, { NULL }, { NULL, NULL } } },
	/* An unverified suffix: the rewritten UPN is what soft-matches. */
	{ "unverified suffix: rewritten UPN soft-matches", {
	    { SIDE_ONPREM, "CN=Ana,DC=corp,DC=local", { "objectClass",
	      "user", "*objectGUID", GUID_A_HEX, "userPrincipalName",
	      "ana@corp.local", "mailNickname", "ana.lima", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-moera", "userPrincipalName",
	      "ana.lima@contoso.onmicrosoft.com", NULL } } },
	  0, "contoso.com contoso.onmicrosoft.com*", NULL, 0, MATCH_SOFT,
	  MATCH_SOFT, 1,
	  { "ExistingAdminRoleConflict", SEV_INFO, "userPrincipalName",
	    "ana.lima@contoso.onmicrosoft.com", { "CN=Ana,DC=corp,DC=local",
	    "c-moera" }, { NULL, NULL } } },
	{ "unverified suffix: the original UPN no longer matches", {
	    { SIDE_ONPREM, "CN=Ana,DC=corp,DC=local", { "objectClass",
	      "user", "*objectGUID", GUID_A_HEX, "userPrincipalName",
	      "ana@corp.local", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-old", "userPrincipalName",
	      "ana@corp.local", NULL } } },
	  0, "contoso.com contoso.onmicrosoft.com*", NULL, 0, MATCH_NEW,
	  MATCH_NEW, 0,
	  { NULL, SEV_ERROR, NULL, NULL, { NULL }, { NULL, NULL } } },
	/* Without the tenant's domains a routable suffix is taken as it is
	   (a private one, .local, is rewritten whatever the tenant). */
	{ "domains unknown: the UPN is taken as it is", {
	    { SIDE_ONPREM, "CN=Ana,DC=fabrikam,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_A_HEX, "userPrincipalName",
	      "ana@fabrikam.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-old", "userPrincipalName",
	      "ana@fabrikam.com", NULL } } },
	  0, NULL, NULL, 0, MATCH_SOFT, MATCH_SOFT, 1,
	  { "ExistingAdminRoleConflict", SEV_INFO, "userPrincipalName",
	    "ana@fabrikam.com", { "CN=Ana,DC=fabrikam,DC=com", "c-old" },
	    { NULL, NULL } } },
	/* Near misses: nothing to report. */
	{ "case-only differences on one object and its twin", {
	    { SIDE_ONPREM, "CN=Ana,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_A_HEX, "userPrincipalName",
	      "Ana@Contoso.com", "mail", "ANA@contoso.com", "proxyAddresses",
	      "SMTP:Ana@contoso.com", "proxyAddresses",
	      "smtp:ana@CONTOSO.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-ana", "userPrincipalName",
	      "ana@contoso.com", "mail", "ana@contoso.com", "proxyAddresses",
	      "SMTP:ana@contoso.com", "onPremisesImmutableId", GUID_A_B64,
	      "onPremisesSyncEnabled", "True", NULL } } },
	  0, NULL, NULL, 0, MATCH_HARD, MATCH_HARD, 0,
	  { NULL, SEV_ERROR, NULL, NULL, { NULL }, { NULL, NULL } } },
	/* An address moving between two synced users is not a conflict. */
	{ "address moving from one synced user to another", {
	    { SIDE_ONPREM, "CN=Ana,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_A_HEX, "userPrincipalName",
	      "ana@contoso.com", "proxyAddresses", "smtp:sales@contoso.com",
	      NULL } },
	    { SIDE_ONPREM, "CN=Bob,DC=contoso,DC=com", { "objectClass",
	      "user", "*objectGUID", GUID_B_HEX, "userPrincipalName",
	      "bob@contoso.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-ana", "userPrincipalName",
	      "ana@contoso.com", "onPremisesImmutableId", GUID_A_B64,
	      "onPremisesSyncEnabled", "True", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-bob", "userPrincipalName",
	      "bob@contoso.com", "proxyAddresses", "smtp:sales@contoso.com",
	      "onPremisesImmutableId", GUID_B_B64, "onPremisesSyncEnabled",
	      "True", NULL } } },
	  0, NULL, NULL, 0, MATCH_HARD, MATCH_HARD, 0,
	  { NULL, SEV_ERROR, NULL, NULL, { NULL }, { NULL, NULL } } },
	/* Graph shows no immutableId for groups: presumed twin. */
	{ "synced group without immutableId", {
	    { SIDE_ONPREM, "CN=DL Sales,DC=contoso,DC=com", { "objectClass",
	      "group", "*objectGUID", GUID_A_HEX, "mail",
	      "dl-sales@contoso.com", "proxyAddresses",
	      "SMTP:dl-sales@contoso.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-dl", "objectType", "group",
	      "proxyAddresses", "SMTP:DL-Sales@contoso.com",
	      "onPremisesSyncEnabled", "True", NULL } } },
	  0, NULL, NULL, 0, MATCH_PRESUMED, MATCH_PRESUMED, 0,
	  { NULL, SEV_ERROR, NULL, NULL, { NULL }, { NULL, NULL } } },
	/* No objectGUID exported: nothing is predicted for the object. */
	{ "no anchor in the export", {
	    { SIDE_ONPREM, "CN=Ana,DC=contoso,DC=com", { "objectClass",
	      "user", "userPrincipalName", "ana@contoso.com", NULL } },
	    { SIDE_CLOUD, NULL, { "id", "c-ana", "userPrincipalName",
	      "ana@contoso.com", "onPremisesImmutableId", GUID_B_B64,
	      "onPremisesSyncEnabled", "True", NULL } } },
	  0, NULL, NULL, 0, MATCH_NO_ANCHOR, MATCH_NO_ANCHOR, 1,
	  { "CloudOnlyAccessViolation", SEV_WARNING, "onPremisesImmutableId",
	    GUID_B_B64, { "c-ana" }, { NULL, NULL } } },
};

/* The rules that read the simulation; others judge other things. */
static const char *const match_rules[] = {
	"InvalidSoftMatch", "ObjectTypeMismatch", "AttributeValueMustBeUnique",
	"ExistingAdminRoleConflict", "CloudOnlyAccessViolation",
	"InvalidHardMatch"
};

/* "a.com b.onmicrosoft.com*": verified domains, '*' the initial one. */
static void
add_domains(struct table *t, const char *list)
{
	while (list != NULL && *list != '\0') {
		size_t		len = strcspn(list, " ");
		struct domain	d;

		memset(&d, 0, sizeof(d));
		d.is_verified = TRI_TRUE;
		if (len > 0 && list[len - 1] == '*') {
			d.is_initial = true;
			d.name = table_intern_lower(t, list, len - 1);
		} else
			d.name = table_intern_lower(t, list, len);
		table_add_domain(t, &d);
		list += len;
		while (*list == ' ')
			list++;
	}
}

static struct table *
scenario_table(const struct scenario *sc, struct diag *dg)
{
	struct table	*t = table_new(0);
	size_t		 i;

	if (sc->flags & SC_ANCHOR_GUID)
		table_set_anchor_mode(t, ANCHOR_OBJECT_GUID);
	diag_init(dg, NULL);
	diag_input_begin(dg, "test", "ldif", "onprem");
	for (i = 0; i < MAX_SPECS && sc->objects[i].pairs[0] != NULL; i++)
		testutil_load(t, dg, sc->objects[i].side,
		    sc->objects[i].side == SIDE_ONPREM ? "onprem.ldif" :
		    "cloud.csv", 10 * i + 1, sc->objects[i].dn,
		    sc->objects[i].pairs);
	add_domains(t, sc->domains);
	if (sc->admin_id != NULL)
		table_add_role(t, "Global Administrator", sc->admin_id, NULL);
	return t;
}

static const char *
finding_object_name(const struct finding_object *fo)
{
	return fo->object->dn != NULL ? fo->object->dn : fo->object->id;
}

static void
check_finding(const struct scenario *sc, const struct finding *f)
{
	const struct finding_want	*w = &sc->want;
	size_t				 i, k;

	ck_assert_msg(f->severity == w->severity, "%s: severity %s",
	    sc->name, severity_name(f->severity));
	ck_assert_str_eq(f->attribute, w->attribute);
	ck_assert_str_eq(f->value, w->value);
	ck_assert_ptr_nonnull(f->summary);
	for (i = 0; i < MAX_NAMES && w->objects[i] != NULL; i++) {
		for (k = 0; k < f->nobjects; k++)
			if (strcmp(finding_object_name(&f->objects[k]),
			    w->objects[i]) == 0)
				break;
		ck_assert_msg(k < f->nobjects, "%s: '%s' not named", sc->name,
		    w->objects[i]);
	}
	ck_assert_msg(f->nobjects == i, "%s: %zu objects, want %zu",
	    sc->name, f->nobjects, i);
	for (i = 0; i < 2; i++) {
		if (w->steps[i] == NULL)
			continue;
		for (k = 0; k < f->nsteps; k++)
			if (strstr(f->steps[k], w->steps[i]) != NULL)
				break;
		ck_assert_msg(k < f->nsteps, "%s: no step says \"%s\"",
		    sc->name, w->steps[i]);
	}
}

START_TEST(test_scenario)
{
	const struct scenario	*sc = &scenarios[_i];
	struct sync_options	 opt = {
		.is_resiliency_on = !(sc->flags & SC_RESILIENCY_OFF),
		.is_soft_match_blocked = (sc->flags & SC_BLOCK_SOFT) != 0,
		.soft_match_keys = (sc->flags & SC_SOFT_ALL) ? SOFT_KEYS_ALL :
		    SOFT_KEYS_PRIMARY,
		.is_hard_match_takeover_blocked =
		    (sc->flags & SC_BLOCK_TAKEOVER) != 0
	};
	const struct match	*m;
	struct analysis		 an;
	struct diag		 dg;
	struct table		*t = scenario_table(sc, &dg);
	size_t			 i;

	analysis_run(&an, t, &opt, match_rules, ARRAY_SIZE(match_rules),
	    NULL);
	m = match_for(an.matches, table_get(t, sc->subject));
	if (sc->outcome == MATCH_NONE)
		ck_assert_ptr_null(m);
	else {
		ck_assert_ptr_nonnull(m);
		ck_assert_msg(m->outcome == sc->outcome &&
		    m->base == sc->base, "%s: outcome %s (base %s)", sc->name,
		    match_outcome_id(m->outcome), match_outcome_id(m->base));
	}
	ck_assert_msg(an.findings.n == sc->nfindings, "%s: %zu findings%s%s",
	    sc->name, an.findings.n, an.findings.n ? ", first " : "",
	    an.findings.n ? an.findings.list[0]->rule->id : "");
	if (sc->want.rule != NULL) {
		for (i = 0; i < an.findings.n; i++)
			if (strcmp(an.findings.list[i]->rule->id,
			    sc->want.rule) == 0)
				break;
		ck_assert_msg(i < an.findings.n, "%s: no %s finding",
		    sc->name, sc->want.rule);
		check_finding(sc, an.findings.list[i]);
	}
	analysis_release(&an);
	table_free(t);
	diag_release(&dg);
}
END_TEST

/* The rewritten UPN is exposed for reports, with the flag set. */
START_TEST(test_upn_rewrite_fields)
{
	static const char *const ana[] = { "objectClass", "user",
	    "*objectGUID", GUID_A_HEX, "userPrincipalName", "ana@corp.local",
	    "proxyAddresses", "SMTP:Ana.Lima@contoso.com", NULL };
	static const char *const ok[] = { "objectClass", "user",
	    "*objectGUID", GUID_B_HEX, "userPrincipalName", "bo@Contoso.com",
	    NULL };
	struct sync_options	 opt = { .is_resiliency_on = true };
	const struct match	*m;
	struct match_set	*set;
	struct diag		 dg;
	struct table		*t = table_new(0);

	diag_init(&dg, NULL);
	diag_input_begin(&dg, "test", "ldif", "onprem");
	testutil_load(t, &dg, SIDE_ONPREM, "a.ldif", 1, "CN=Ana,DC=c", ana);
	testutil_load(t, &dg, SIDE_ONPREM, "a.ldif", 9, "CN=Bo,DC=c", ok);
	add_domains(t, "contoso.com contoso.mail.onmicrosoft.com "
	    "contoso.onmicrosoft.com");
	table_index(t);
	ck_assert_str_eq(match_initial_domain(t), "contoso.onmicrosoft.com");
	set = match_run(t, &opt, 1);
	m = match_for(set, table_get(t, 0));
	ck_assert(m->is_upn_rewritten);
	/* No mailNickname: the primary SMTP address's local part. */
	ck_assert_str_eq(match_upn(m), "Ana.Lima@contoso.onmicrosoft.com");
	ck_assert_str_eq(match_upn_key(m), "ana.lima@contoso.onmicrosoft.com");
	m = match_for(set, table_get(t, 1));
	ck_assert(!m->is_upn_rewritten);
	ck_assert_str_eq(match_upn(m), "bo@Contoso.com");
	match_set_free(set);
	table_free(t);
	diag_release(&dg);
}
END_TEST

/* Counts per outcome add up to the simulated objects. */
START_TEST(test_counts)
{
	const struct scenario	*sc = &scenarios[0];
	struct sync_options	 opt = { .is_resiliency_on = true };
	struct match_set	*set;
	struct diag		 dg;
	struct table		*t = scenario_table(sc, &dg);
	size_t			 total = 0;
	int			 i;

	table_index(t);
	set = match_run(t, &opt, 1);
	for (i = 0; i < MATCH_NOUTCOMES; i++)
		total += match_count(set, (enum match_outcome)i);
	ck_assert_uint_eq(total, match_set_size(set));
	ck_assert_uint_eq(match_set_size(set), 2);
	ck_assert_uint_eq(match_count(set, MATCH_HARD), 1);
	ck_assert_uint_eq(match_count(set, MATCH_QUARANTINED), 1);
	ck_assert_ptr_eq(match_get(set, 1)->object, table_get(t, 1));
	ck_assert_ptr_null(match_get(set, 2));
	ck_assert_str_eq(match_outcome_id(MATCH_QUARANTINED), "quarantined");
	ck_assert_str_eq(match_outcome_id(MATCH_CONTESTED), "contested");
	match_set_free(set);
	match_set_free(NULL);
	table_free(t);
	diag_release(&dg);
}
END_TEST

static Suite *
match_suite(void)
{
	Suite	*s = suite_create("match");
	TCase	*tc = tcase_create("outcomes");

	tcase_add_loop_test(tc, test_match_outcome, 0, ARRAY_SIZE(match_cases));
	tcase_add_test(tc, test_match_scope);
	suite_add_tcase(s, tc);
	tc = tcase_create("scenarios");
	tcase_add_loop_test(tc, test_scenario, 0, ARRAY_SIZE(scenarios));
	tcase_add_test(tc, test_upn_rewrite_fields);
	tcase_add_test(tc, test_counts);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(match_suite());
}
