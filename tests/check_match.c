/*
 * Tests of the match simulation: for small tables built in memory, the
 * export outcome of each on-premises object (hard match, new object,
 * soft-match takeover, refusals, quarantined values) and the cloud
 * object it meets.  The rules' findings on the same shapes are checked
 * in check_rules; here only the simulation.
 */
#include "config.h"

#include <check.h>
#include <string.h>

#include "match.h"
#include "rule.h"
#include "testutil.h"
#include "xalloc.h"

#define GUID_A_HEX	"1e6a4b0c2d5f8a4e9b7c1d2e3f405162"
#define GUID_A_B64	"HmpLDC1fik6bfB0uP0BRYg=="
#define GUID_B_HEX	"00112233445566778899aabbccddeeff"
#define GUID_B_B64	"ABEiM0RVZneImaq7zN3u/w=="

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
	{ "hard match onto a cloud-managed object", GUID_A_HEX,
	  "ana@contoso.com", "user", "ana@contoso.com", NULL, GUID_A_B64,
	  "False", NULL, false, MATCH_CLOUD_MANAGED, true },
};

START_TEST(test_match_outcome)
{
	const struct match_case	*c = &match_cases[_i];
	struct rule_options	 opt = { .is_resiliency_on = true,
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
	set = match_run(t, &opt);
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
	struct rule_options	 opt = { .is_resiliency_on = true };
	struct match_set	*set;
	struct diag		 dg;
	struct table		*t = table_new(0);
	const struct match	*m;

	diag_init(&dg, NULL);
	diag_input_begin(&dg, "test", "ldif", "onprem");
	testutil_load(t, &dg, SIDE_ONPREM, "a.ldif", 1, "CN=PC,DC=c", computer);
	testutil_load(t, &dg, SIDE_CLOUD, "c.csv", 2, NULL, cloud);
	table_index(t);
	set = match_run(t, &opt);
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

static Suite *
match_suite(void)
{
	Suite	*s = suite_create("match");
	TCase	*tc = tcase_create("outcomes");

	tcase_add_loop_test(tc, test_match_outcome, 0, ARRAY_SIZE(match_cases));
	tcase_add_test(tc, test_match_scope);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(match_suite());
}
