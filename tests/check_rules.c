/*
 * Tests of the rule framework and the rules, on small tables built in
 * memory: each case loads a few objects, runs the analysis, and checks
 * the findings (rule, attribute, value, objects, remediation).
 */
#include "config.h"

#include <check.h>
#include <string.h>

#include "analysis.h"
#include "rule.h"
#include "testutil.h"
#include "xalloc.h"

static struct table		*t;
static struct diag		 dg;
static struct analysis		 an;
static struct sync_options	 opt;

static void
setup(void)
{
	t = table_new(0);
	diag_init(&dg, NULL);
	diag_input_begin(&dg, "test.ldf", "ldif", "onprem");
	opt.is_resiliency_on = true;
}

static void
teardown(void)
{
	analysis_release(&an);
	table_free(t);
	diag_release(&dg);
}

static void
onprem(const char *dn, const char *const *pairs)
{
	testutil_load(t, &dg, SIDE_ONPREM, "test.ldf", 10 * table_count(t) + 1,
	    dn, pairs);
}

static void
run(void)
{
	analysis_run(&an, t, &opt, NULL, 0, NULL);
}

static const struct finding *
only_finding(const char *rule)
{
	ck_assert_uint_eq(an.findings.n, 1);
	ck_assert_str_eq(an.findings.list[0]->rule->id, rule);
	return an.findings.list[0];
}

static bool
any_step_contains(const struct finding *f, const char *needle)
{
	size_t	i;

	for (i = 0; i < f->nsteps; i++)
		if (strstr(f->steps[i], needle) != NULL)
			return true;
	return false;
}

START_TEST(test_rule_table)
{
	size_t	i;

	for (i = 0; rule_table[i] != NULL; i++) {
		ck_assert_ptr_nonnull(rule_table[i]->check);
		ck_assert_ptr_nonnull(rule_table[i]->explain);
		ck_assert_ptr_eq(rule_find(rule_table[i]->id), rule_table[i]);
		ck_assert(strncmp(rule_table[i]->doc, DOC_SYNC_ERRORS,
		    strlen(DOC_SYNC_ERRORS)) == 0 ||
		    strncmp(rule_table[i]->doc, DOC_PREPARE_SYNC,
		    strlen(DOC_PREPARE_SYNC)) == 0);
	}
	ck_assert_ptr_eq(rule_find("attributevaluemustbeunique"),
	    rule_find("AttributeValueMustBeUnique"));
	ck_assert_ptr_null(rule_find("NoSuchRule"));
}
END_TEST

/* What a descriptor says about its rule holds together. */
START_TEST(test_rule_descriptor_fields)
{
	static const unsigned	 optional = RULE_NEEDS_DOMAINS |
				    RULE_NEEDS_ROLES;
	const struct rule	*r = rule_table[_i];
	size_t			 k;

	ck_assert_ptr_nonnull(r->title);
	ck_assert_ptr_nonnull(r->predicts);
	/* A partial check waits on an input the rule runs without. */
	for (k = 0; r->partial != NULL && r->partial[k].text != NULL; k++) {
		ck_assert_uint_ne(r->partial[k].without, 0);
		ck_assert_uint_eq(r->partial[k].without & ~optional, 0);
		ck_assert_uint_eq(r->partial[k].without & r->needs, 0);
	}
	/* Each refused match outcome is one rule's error. */
	for (k = 0; r->refusals != NULL && r->refusals[k] != MATCH_NONE; k++)
		ck_assert_ptr_eq(rule_for_refusal(r->refusals[k]), r);
	for (k = 0; r->error_categories != NULL &&
	    r->error_categories[k] != NULL; k++)
		ck_assert_ptr_null(rule_find(r->error_categories[k]));
}
END_TEST

/* A rule's partial checks are listed when it ran, not otherwise. */
START_TEST(test_partial_only_when_run)
{
	static const char *const user[] = { "objectClass", "user",
	    "userPrincipalName", "ana@contoso.com", NULL };
	static const char *const only[] = { "LargeObject" };
	const struct rule	*r = rule_find("IdentityDataValidationFailed");
	const struct rule_run	*run_of;
	size_t			 i, named = 0;

	onprem("CN=Ana,DC=contoso,DC=com", user);
	analysis_run(&an, t, &opt, only, 1, NULL);
	for (i = 0; i < an.nlimitations; i++)
		named += strstr(an.limitations[i], r->id) != NULL;
	ck_assert_uint_eq(named, 0);
	analysis_release(&an);
	run();
	run_of = &an.runs[rule_index(r)];
	ck_assert(run_of->did_run);
	ck_assert_uint_eq(run_of->nlimitations, 1);
	ck_assert_ptr_nonnull(strstr(an.limitations[run_of->first_limitation],
	    r->partial[0].text));
}
END_TEST

START_TEST(test_unique_upn)
{
	static const char *const a[] = { "objectClass", "user",
	    "userPrincipalName", "Bob@Contoso.com", NULL };
	static const char *const b[] = { "objectClass", "user",
	    "userPrincipalName", "bob@contoso.COM", NULL };
	static const char *const c[] = { "objectClass", "user",
	    "userPrincipalName", "bob2@contoso.com", NULL };
	const struct finding	*f;

	onprem("CN=Bob Smith,DC=c", a);
	onprem("CN=Bob Taylor,DC=c", b);
	onprem("CN=Bob Other,DC=c", c);
	run();
	f = only_finding("AttributeValueMustBeUnique");
	/* Resiliency: both export, one gets a placeholder UPN. */
	ck_assert_int_eq(f->severity, SEV_WARNING);
	ck_assert_int_eq(f->objects[0].effect, EFFECT_LOSS);
	ck_assert_int_eq(f->objects[1].effect, EFFECT_LOSS);
	ck_assert_str_eq(f->attribute, "userPrincipalName");
	ck_assert_str_eq(f->value, "bob@contoso.com");
	ck_assert_uint_eq(f->nobjects, 2);
	ck_assert_str_eq(f->objects[0].object->dn, "CN=Bob Smith,DC=c");
	ck_assert_str_eq(f->objects[0].value, "Bob@Contoso.com");
	ck_assert_str_eq(f->objects[1].object->dn, "CN=Bob Taylor,DC=c");
	ck_assert_uint_ge(f->nsteps, 3);
	ck_assert(any_step_contains(f, "placeholder"));
}
END_TEST

/* Every holder is listed, across mail and both proxy kinds. */
START_TEST(test_unique_smtp_all_holders)
{
	static const char *const a[] = { "objectClass", "user",
	    "proxyAddresses", "smtp:Sales@contoso.com", NULL };
	static const char *const b[] = { "objectClass", "group",
	    "proxyAddresses", "SMTP:sales@contoso.com", NULL };
	static const char *const c[] = { "objectClass", "contact",
	    "mail", "SALES@contoso.com", NULL };
	const struct finding	*f;

	onprem("CN=A,DC=c", a);
	onprem("CN=Sales,DC=c", b);
	onprem("CN=C,DC=c", c);
	run();
	f = only_finding("AttributeValueMustBeUnique");
	ck_assert_str_eq(f->attribute, "proxyAddresses");
	ck_assert_str_eq(f->value, "sales@contoso.com");
	ck_assert_uint_eq(f->nobjects, 3);
	ck_assert_str_eq(f->objects[0].held_as,
	    "proxyAddresses (smtp: secondary)");
	ck_assert_str_eq(f->objects[1].held_as,
	    "proxyAddresses (SMTP: primary)");
	ck_assert_str_eq(f->objects[2].held_as, "mail");
	/* A group's SMTP: and a contact's mail are alike: a tie. */
	ck_assert_ptr_nonnull(f->keeper);
	ck_assert_ptr_null(f->keeper->object);
	ck_assert_str_eq(f->keeper->reason, "tie");
	ck_assert_uint_eq(f->keeper->ntied, 2);
	ck_assert_uint_eq(f->keeper->nlosers, 1);
	ck_assert_str_eq(f->keeper->losers[0]->dn, "CN=A,DC=c");
	ck_assert(any_step_contains(f, "'CN=A,DC=c' gives up"));
}
END_TEST

START_TEST(test_unique_mail_only)
{
	static const char *const a[] = { "objectClass", "user",
	    "sAMAccountName", "x", "mail", "x@fabrikam.com", NULL };
	const struct finding	*f;

	onprem("CN=A,DC=c", a);
	onprem("CN=B,DC=c", a);
	run();
	f = only_finding("AttributeValueMustBeUnique");
	ck_assert_str_eq(f->attribute, "mail");
}
END_TEST

/* Contacts join on mail: two with one mail are one object, no clash. */
START_TEST(test_contacts_join_on_mail)
{
	static const char *const a[] = { "objectClass", "contact",
	    "mail", "x@fabrikam.com", NULL };
	size_t	i;

	onprem("CN=A,DC=c", a);
	onprem("CN=B,DC=c", a);
	run();
	for (i = 0; i < an.findings.n; i++)
		ck_assert_ptr_ne(an.findings.list[i]->rule,
		    rule_find("AttributeValueMustBeUnique"));
	ck_assert_int_eq(table_get(t, 0)->scope, SCOPE_IN);
	ck_assert_int_eq(table_get(t, 1)->scope, SCOPE_JOINED);
}
END_TEST

/* Shapes that must not fire. */
static const char *const quiet_cases[][12] = {
	/* one object repeating its own address */
	{ "objectClass", "user", "mail", "ana@contoso.com",
	  "proxyAddresses", "SMTP:Ana@contoso.com",
	  "proxyAddresses", "smtp:ANA@contoso.com", NULL },
	/* X500 values are not in the SMTP space */
	{ "objectClass", "user", "proxyAddresses",
	  "X500:/o=Contoso/ou=Exchange Administrative Group "
	  "(FYDIBOHF23SPDLT)/cn=Recipients/cn=ana", NULL },
	/* a computer sharing a UPN is not exported */
	{ "objectClass", "computer", "userPrincipalName", "ana@contoso.com",
	  NULL },
	/* a deleted object is not exported */
	{ "objectClass", "user", "userPrincipalName", "ana@contoso.com",
	  "isDeleted", "TRUE", NULL },
	/* a critical system object is not exported */
	{ "objectClass", "user", "userPrincipalName", "ana@contoso.com",
	  "isCriticalSystemObject", "TRUE", NULL },
	/* sip: is not smtp: */
	{ "objectClass", "user", "proxyAddresses", "sip:ana@contoso.com",
	  NULL },
};

START_TEST(test_unique_quiet)
{
	static const char *const ana[] = { "objectClass", "user",
	    "userPrincipalName", "ana@contoso.com",
	    "proxyAddresses", "X500:/o=Contoso/ou=Exchange Administrative "
	    "Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=ana",
	    "proxyAddresses", "SIP:ana@contoso.com", NULL };

	onprem("CN=Ana,DC=c", ana);
	onprem("CN=Other,DC=c", quiet_cases[_i]);
	run();
	ck_assert_uint_eq(an.findings.n, 0);
}
END_TEST

START_TEST(test_unique_soft_match_is_not_a_collision)
{
	static const char *const a[] = { "objectClass", "user",
	    "userPrincipalName", "ana@contoso.com", NULL };
	static const char *const cloud[] = { "id", "1",
	    "userPrincipalName", "ana@contoso.com", NULL };

	onprem("CN=Ana,DC=c", a);
	testutil_load(t, &dg, SIDE_CLOUD, "users.csv", 2, NULL, cloud);
	run();
	ck_assert_uint_eq(an.findings.n, 0);
}
END_TEST

START_TEST(test_unique_resiliency_off)
{
	static const char *const a[] = { "objectClass", "user",
	    "userPrincipalName", "ana@contoso.com", NULL };
	const struct finding	*f;

	opt.is_resiliency_on = false;
	onprem("CN=A,DC=c", a);
	onprem("CN=B,DC=c", a);
	run();
	f = only_finding("AttributeValueMustBeUnique");
	ck_assert(any_step_contains(f, "fails to export"));
	ck_assert(!any_step_contains(f, "placeholder"));
}
END_TEST

START_TEST(test_not_run_without_inputs)
{
	static const char *const cloud[] = { "id", "1",
	    "userPrincipalName", "ana@contoso.com", NULL };

	testutil_load(t, &dg, SIDE_CLOUD, "users.csv", 2, NULL, cloud);
	testutil_load(t, &dg, SIDE_CLOUD, "users.csv", 3, NULL, cloud);
	run();
	ck_assert_uint_eq(an.findings.n, 0);
	ck_assert(!an.runs[rule_index(rule_find(
	    "AttributeValueMustBeUnique"))].did_run);
	ck_assert_ptr_nonnull(an.runs[0].why_not);
}
END_TEST

/* Findings come out in the same order whatever the input order. */
START_TEST(test_findings_sorted)
{
	static const char *const z[] = { "objectClass", "user",
	    "userPrincipalName", "zed@contoso.com", NULL };
	static const char *const a[] = { "objectClass", "user",
	    "userPrincipalName", "abe@contoso.com", NULL };

	onprem("CN=Z1,DC=c", z);
	onprem("CN=A1,DC=c", a);
	onprem("CN=Z2,DC=c", z);
	onprem("CN=A2,DC=c", a);
	run();
	ck_assert_uint_eq(an.findings.n, 2);
	ck_assert_str_eq(an.findings.list[0]->value, "abe@contoso.com");
	ck_assert_str_eq(an.findings.list[1]->value, "zed@contoso.com");
}
END_TEST

static const struct immutable_case {
	const char	*immutable_id;
	const char	*want_in_step;	/* NULL: no finding */
} immutable_cases[] = {
	{ "HmpLDC1fik6bfB0uP0BRYg==", NULL },
	{ "bob@contoso.com", "Update-MgUser -UserId '1'" },
	{ "0c4b6a1e-5f2d-4e8a-9b7c-1d2e3f405162", "HmpLDC1fik6bfB0uP0BRYg==" },
	{ "HmpLDC1fik6bfB0uP0BR", "-OnPremisesImmutableId '<base64>'" },
};

START_TEST(test_immutable_id_format)
{
	const struct immutable_case	*c = &immutable_cases[_i];
	const char			*cloud[] = { "id", "1",
	    "userPrincipalName", "bob@contoso.com",
	    "onPremisesImmutableId", c->immutable_id, NULL };
	const struct finding		*f;

	testutil_load(t, &dg, SIDE_CLOUD, "users.csv", 2, NULL, cloud);
	run();
	if (c->want_in_step == NULL) {
		ck_assert_uint_eq(an.findings.n, 0);
		return;
	}
	f = only_finding("ImmutableIdFormat");
	ck_assert_int_eq(f->severity, SEV_WARNING);
	ck_assert_str_eq(f->value, c->immutable_id);
	ck_assert_uint_eq(f->nobjects, 1);
	ck_assert(any_step_contains(f, c->want_in_step));
}
END_TEST

/*
 * Two on-premises holders, one of whose cloud twin already has the value:
 * that one keeps it, and the twin is listed too.
 */
START_TEST(test_unique_keeper_is_synced_twin)
{
	static const char *const a[] = { "objectClass", "user",
	    "*objectGUID", "1e6a4b0c2d5f8a4e9b7c1d2e3f405162",
	    "userPrincipalName", "x@contoso.com", NULL };
	static const char *const b[] = { "objectClass", "user",
	    "*objectGUID", "00112233445566778899aabbccddeeff",
	    "userPrincipalName", "X@contoso.com", NULL };
	static const char *const twin_a[] = { "id", "ca",
	    "userPrincipalName", "x@contoso.com", "onPremisesImmutableId",
	    "HmpLDC1fik6bfB0uP0BRYg==", "onPremisesSyncEnabled", "True", NULL };
	static const char *const twin_b[] = { "id", "cb",
	    "userPrincipalName", "y@contoso.com", "onPremisesImmutableId",
	    "ABEiM0RVZneImaq7zN3u/w==", "onPremisesSyncEnabled", "True", NULL };
	const struct finding	*f;

	onprem("CN=A,DC=c", a);
	onprem("CN=B,DC=c", b);
	testutil_load(t, &dg, SIDE_CLOUD, "users.csv", 2, NULL, twin_a);
	testutil_load(t, &dg, SIDE_CLOUD, "users.csv", 3, NULL, twin_b);
	run();
	f = only_finding("AttributeValueMustBeUnique");
	ck_assert_str_eq(f->value, "x@contoso.com");
	ck_assert_uint_eq(f->nobjects, 3);
	ck_assert_str_eq(f->objects[0].object->dn, "CN=A,DC=c");
	ck_assert_str_eq(f->objects[0].role,
	    "keeps the value: already synced with it");
	ck_assert_str_eq(f->objects[1].role, "gives it up: not synced with it");
	ck_assert_str_eq(f->objects[2].object->id, "ca");
	ck_assert_str_eq(f->objects[2].role, "cloud object of the keeper");
	ck_assert(strstr(f->steps[0], "on 'CN=A,DC=c'") != NULL);
	ck_assert(strstr(f->summary, "1 cloud object;") != NULL);
}
END_TEST

/*
 * An object updating its own twin while other cloud objects hold one of
 * its addresses: every holder, on both sides, is listed.
 */
START_TEST(test_unique_cloud_conflict_all_holders)
{
	static const char *const ana[] = { "objectClass", "user",
	    "*objectGUID", "1e6a4b0c2d5f8a4e9b7c1d2e3f405162",
	    "userPrincipalName", "ana@contoso.com",
	    "proxyAddresses", "smtp:Sales@contoso.com", NULL };
	static const char *const twin[] = { "id", "ca",
	    "userPrincipalName", "ana@contoso.com", "onPremisesImmutableId",
	    "HmpLDC1fik6bfB0uP0BRYg==", "onPremisesSyncEnabled", "True", NULL };
	static const char *const group[] = { "id", "cg", "objectType",
	    "group", "proxyAddresses", "SMTP:sales@contoso.com", NULL };
	static const char *const other[] = { "id", "co",
	    "userPrincipalName", "old@contoso.com", "proxyAddresses",
	    "smtp:SALES@contoso.com", "onPremisesImmutableId",
	    "ABEiM0RVZneImaq7zN3u/w==", "onPremisesSyncEnabled", "True", NULL };
	const struct finding	*f = NULL;
	size_t			 i, n = 0;

	onprem("CN=Ana,DC=c", ana);
	testutil_load(t, &dg, SIDE_CLOUD, "users.csv", 2, NULL, twin);
	testutil_load(t, &dg, SIDE_CLOUD, "groups.csv", 2, NULL, group);
	testutil_load(t, &dg, SIDE_CLOUD, "users.csv", 3, NULL, other);
	run();
	for (i = 0; i < an.findings.n; i++)
		if (an.findings.list[i]->rule ==
		    rule_find("AttributeValueMustBeUnique")) {
			f = an.findings.list[i];
			n++;
		}
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(f->attribute, "proxyAddresses");
	ck_assert_str_eq(f->value, "sales@contoso.com");
	ck_assert_uint_eq(f->nobjects, 3);
	ck_assert_str_eq(f->objects[0].object->dn, "CN=Ana,DC=c");
	ck_assert_str_eq(f->objects[0].value, "smtp:Sales@contoso.com");
	ck_assert_str_eq(f->objects[1].object->id, "cg");
	ck_assert_str_eq(f->objects[1].role,
	    "keeps the value: its primary value");
	ck_assert_str_eq(f->objects[2].object->id, "co");
	/* Synced from an object not exported: changed where it lives. */
	ck_assert_str_eq(f->objects[2].role,
	    "gives it up: a secondary address");
	ck_assert(any_step_contains(f, "not in these exports"));
	/* A group holds it: resiliency does not quarantine (known issue). */
	ck_assert_int_eq(f->severity, SEV_ERROR);
	ck_assert_int_eq(f->objects[0].effect, EFFECT_BLOCKED);
	ck_assert(any_step_contains(f, "proxy address conflict"));
}
END_TEST

static Suite *
rules_suite(void)
{
	Suite	*s = suite_create("rules");
	TCase	*tc = tcase_create("AttributeValueMustBeUnique");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_rule_table);
	tcase_add_loop_test(tc, test_rule_descriptor_fields, 0,
	    rule_index(NULL));	/* every rule */
	tcase_add_test(tc, test_partial_only_when_run);
	tcase_add_test(tc, test_unique_upn);
	tcase_add_test(tc, test_unique_smtp_all_holders);
	tcase_add_test(tc, test_unique_mail_only);
	tcase_add_test(tc, test_contacts_join_on_mail);
	tcase_add_loop_test(tc, test_unique_quiet, 0, ARRAY_SIZE(quiet_cases));
	tcase_add_test(tc, test_unique_soft_match_is_not_a_collision);
	tcase_add_test(tc, test_unique_resiliency_off);
	tcase_add_test(tc, test_not_run_without_inputs);
	tcase_add_test(tc, test_findings_sorted);
	tcase_add_test(tc, test_unique_keeper_is_synced_twin);
	tcase_add_test(tc, test_unique_cloud_conflict_all_holders);
	tcase_add_loop_test(tc, test_immutable_id_format, 0,
	    ARRAY_SIZE(immutable_cases));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(rules_suite());
}
