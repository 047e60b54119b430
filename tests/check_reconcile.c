/*
 * Tests of the reconciliation of findings with the provisioning errors a
 * cloud export carries: two on-premises users share an address, the
 * cloud twin of the second carries one error, and each case varies that
 * error (its form, category, value, the object carrying it) to see the
 * finding confirmed or not yet seen and the error predicted or not.
 */
#include "config.h"

#include <check.h>
#include <string.h>

#include "analysis.h"
#include "reconcile.h"
#include "rule.h"
#include "testutil.h"
#include "xalloc.h"

#define GUID_A_HEX	"1e6a4b0c2d5f8a4e9b7c1d2e3f405162"
#define GUID_B_HEX	"00112233445566778899aabbccddeeff"
#define GUID_B_B64	"ABEiM0RVZneImaq7zN3u/w=="

static const struct reconcile_case {
	const char		*name;
	const char		*error;		/* stored form, parser.h */
	bool			 is_on_twin;	/* else on a bystander */
	bool			 is_active;
	enum reconcile_status	 want;		/* of the one finding */
	size_t			 want_unpredicted;
} reconcile_cases[] = {
	{ "Graph error on the twin matches", "ProxyAddress\t"
	  "smtp:Shared@Contoso.com\tPropertyConflict\t2026-11-02T08:15:00Z",
	  true, true, RECONCILE_CONFIRMED, 0 },
	{ "MSOnline property name, value without prefix", "ProxyAddresses\t"
	  "shared@contoso.com\tPropertyConflict\t", true, true,
	  RECONCILE_CONFIRMED, 0 },
	{ "category naming the rule id", "ProxyAddress\tshared@contoso.com\t"
	  "AttributeValueMustBeUnique\t", true, true, RECONCILE_CONFIRMED, 0 },
	{ "another value is unpredicted", "ProxyAddress\t"
	  "smtp:other@contoso.com\tPropertyConflict\t", true, true,
	  RECONCILE_NOT_SEEN, 1 },
	{ "another property is unpredicted", "UserPrincipalName\t"
	  "shared@contoso.com\tPropertyConflict\t", true, true,
	  RECONCILE_NOT_SEEN, 1 },
	{ "another category is unpredicted", "ProxyAddress\t"
	  "shared@contoso.com\tSomethingElse\t", true, true,
	  RECONCILE_NOT_SEEN, 1 },
	{ "an object outside the finding is unpredicted", "ProxyAddress\t"
	  "shared@contoso.com\tPropertyConflict\t", false, true,
	  RECONCILE_NOT_SEEN, 1 },
	{ "an Exchange service error is no sync error",
	  "exchange/EURPRD01-001-01\t<ServiceInstance/>\t\t2026-11-01", true,
	  false, RECONCILE_NONE, 0 },
	{ "no error at all", NULL, true, false, RECONCILE_NONE, 0 },
};

static void
load_users(struct table *t, struct diag *dg, const struct reconcile_case *c)
{
	const char *const ana[] = { "objectClass", "user",
	    "*objectGUID", GUID_A_HEX, "userPrincipalName", "ana@contoso.com",
	    "proxyAddresses", "SMTP:ana@contoso.com",
	    "proxyAddresses", "smtp:shared@contoso.com", NULL };
	const char *const bruno[] = { "objectClass", "user",
	    "*objectGUID", GUID_B_HEX, "userPrincipalName", "bruno@contoso.com",
	    "proxyAddresses", "SMTP:bruno@contoso.com",
	    "proxyAddresses", "smtp:shared@contoso.com", NULL };
	const char *const twin[] = { "id", "b-twin",
	    "userPrincipalName", "bruno@contoso.com",
	    "onPremisesImmutableId", GUID_B_B64, "onPremisesSyncEnabled", "true",
	    c->error != NULL && c->is_on_twin ? "provisioningError" : NULL,
	    c->error, NULL };
	const char *const bystander[] = { "id", "bystander",
	    "userPrincipalName", "carol@contoso.com",
	    c->error != NULL && !c->is_on_twin ? "provisioningError" : NULL,
	    c->error, NULL };

	diag_input_begin(dg, "onprem.ldif", "ldif", "onprem");
	testutil_load(t, dg, SIDE_ONPREM, "onprem.ldif", 1,
	    "CN=Ana,DC=contoso,DC=com", ana);
	testutil_load(t, dg, SIDE_ONPREM, "onprem.ldif", 20,
	    "CN=Bruno,DC=contoso,DC=com", bruno);
	diag_input_begin(dg, "cloud.json", "graph-json", "cloud");
	testutil_load(t, dg, SIDE_CLOUD, "cloud.json", 2, NULL, twin);
	testutil_load(t, dg, SIDE_CLOUD, "cloud.json", 30, NULL, bystander);
}

START_TEST(test_reconcile)
{
	const struct reconcile_case	*c = &reconcile_cases[_i];
	struct sync_options		 opt = { .is_resiliency_on = true };
	const char *const		 only[] = { "AttributeValueMustBeUnique" };
	const struct reconcile		*rc;
	struct analysis			 an;
	struct diag			 dg;
	struct table			*t = table_new(0);

	diag_init(&dg, NULL);
	load_users(t, &dg, c);
	analysis_run(&an, t, &opt, only, 1, NULL);
	rc = &an.reconcile;
	ck_assert_msg(an.findings.n == 1, "%s: %zu findings", c->name,
	    an.findings.n);
	ck_assert_msg(rc->is_active == c->is_active, "%s: active %d",
	    c->name, rc->is_active);
	ck_assert_msg(reconcile_status_at(rc, 0) == c->want, "%s: status %d",
	    c->name, (int)reconcile_status_at(rc, 0));
	ck_assert_uint_eq(rc->nunpredicted, c->want_unpredicted);
	ck_assert_uint_eq(rc->nconfirmed + rc->nnot_seen,
	    c->is_active ? an.findings.n : 0);
	analysis_release(&an);
	table_free(t);
	diag_release(&dg);
}
END_TEST

/* An unpredicted error keeps the fields the export gave, NULL the rest. */
START_TEST(test_reconcile_fields)
{
	struct reconcile_case	 c = reconcile_cases[3];
	struct sync_options	 opt = { .is_resiliency_on = true };
	const struct actual_error *e;
	struct analysis		 an;
	struct diag		 dg;
	struct table		*t = table_new(0);

	diag_init(&dg, NULL);
	load_users(t, &dg, &c);
	analysis_run(&an, t, &opt, NULL, 0, NULL);
	ck_assert_uint_eq(an.reconcile.nerrors, 1);
	e = &an.reconcile.errors[0];
	ck_assert_str_eq(e->object->id, "b-twin");
	ck_assert_str_eq(e->property, "ProxyAddress");
	ck_assert_str_eq(e->value, "smtp:other@contoso.com");
	ck_assert_str_eq(e->category, "PropertyConflict");
	ck_assert_ptr_null(e->when);
	ck_assert(!e->is_predicted);
	analysis_release(&an);
	table_free(t);
	diag_release(&dg);
}
END_TEST

static Suite *
reconcile_suite(void)
{
	Suite	*s = suite_create("reconcile");
	TCase	*tc = tcase_create("reconcile");

	tcase_add_loop_test(tc, test_reconcile, 0, ARRAY_SIZE(reconcile_cases));
	tcase_add_test(tc, test_reconcile_fields);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(reconcile_suite());
}
