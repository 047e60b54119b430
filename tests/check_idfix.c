/*
 * Tests of the IdFix-parity rules (those whose doc is Microsoft 365's
 * directory preparation guide): each case loads a few on-premises
 * objects (and tenant domains), runs every rule, and checks which rule
 * reports, how often, and the proposed value.  The shapes IdFix reports
 * wrongly, and values IdentityDataValidationFailed already reports, must
 * give no parity finding.  A rule's own findings are also in its fixture
 * folder (testdata/rules/RULE/).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "rule.h"
#include "testutil.h"
#include "xalloc.h"

#define S10	"abcdefghij"
#define S50	S10 S10 S10 S10 S10
#define S250	S50 S50 S50 S50 S50
#define X500	"X500:/o=Contoso/ou=Exchange Administrative Group " \
		"(FYDIBOHF23SPDLT)/cn=Recipients/cn="

#define MAX_OBJECTS	3
#define MAX_PAIRS	15

static const struct idfix_case {
	const char	*name;
	const char	*objects[MAX_OBJECTS][MAX_PAIRS];
	const char	*domains;	/* "name=v,...": v verified, d default */
	const char	*rule;		/* every finding's rule; NULL: none */
	const char	*attribute;	/* of the first finding */
	size_t		 nfindings;
	const char	*step;		/* a step of the first finding holds it */
} cases[] = {
	/* ----- InvalidCharacters ----- */
	{ "sam with characters Windows refuses",
	  { { "objectClass", "user", "sAMAccountName", "ana*lima", NULL } },
	  NULL, "InvalidCharacters", "sAMAccountName", 1,
	  "sAMAccountName='analima'" },
	{ "sam proposal taken by another object gets a digit",
	  { { "objectClass", "user", "sAMAccountName", "ana*lima", NULL },
	    { "objectClass", "user", "sAMAccountName", "AnaLima", NULL } },
	  NULL, "InvalidCharacters", "sAMAccountName", 1,
	  "sAMAccountName='analima2'" },
	{ "two objects never get the same proposal",
	  { { "objectClass", "user", "sAMAccountName", "bob?", NULL },
	    { "objectClass", "user", "sAMAccountName", "bob|", NULL } },
	  NULL, "InvalidCharacters", "sAMAccountName", 2,
	  "sAMAccountName='bob'" },
	{ "sam of refused characters only: no safe proposal",
	  { { "objectClass", "user", "sAMAccountName", "*?*", NULL } },
	  NULL, "InvalidCharacters", "sAMAccountName", 1, "No safe proposal" },
	{ "long sam with refused characters: one finding, cut to 20",
	  { { "objectClass", "user", "sAMAccountName",
	      "a=bcdefghijklmnopqrstuvwxyz", NULL } },
	  NULL, "InvalidCharacters", "sAMAccountName", 1,
	  "sAMAccountName='abcdefghijklmnopqrst'" },
	{ "line break in displayName",
	  { { "objectClass", "user", "displayName", "Ana\nLima", NULL } },
	  NULL, "InvalidCharacters", "displayName", 1,
	  "displayName='Ana Lima'" },
	{ "tab in sn",
	  { { "objectClass", "contact", "sn", "Lima\t", NULL } },
	  NULL, "InvalidCharacters", "sn", 1, "sn='Lima'" },
	{ "apostrophe, dot, hyphen in sam are valid",
	  { { "objectClass", "user", "sAMAccountName", "o'brien.lee-x",
	      "displayName", "Liam O'Brien (Sales)", NULL } },
	  NULL, NULL, NULL, 0, NULL },
	{ "displayName too long and with a tab: the identity rule only",
	  { { "objectClass", "user", "displayName", S250 "\tabcdefg",
	      NULL } },
	  NULL, "IdentityDataValidationFailed", "displayName", 1, NULL },

	/* ----- ValueTooLong ----- */
	{ "user sam over 20 characters",
	  { { "objectClass", "user", "sAMAccountName",
	      "abcdefghijklmnopqrstuvwxy", NULL } },
	  NULL, "ValueTooLong", "sAMAccountName", 1,
	  "sAMAccountName='abcdefghijklmnopqrst'" },
	{ "cut sam taken: a digit within 20 characters",
	  { { "objectClass", "user", "sAMAccountName",
	      "abcdefghijklmnopqrstuvwxy", NULL },
	    { "objectClass", "group", "sAMAccountName",
	      "ABCDEFGHIJKLMNOPQRST", NULL } },
	  NULL, "ValueTooLong", "sAMAccountName", 1,
	  "sAMAccountName='abcdefghijklmnopqrs2'" },
	{ "cut sam would end with '.': a digit instead",
	  { { "objectClass", "user", "sAMAccountName",
	      "abcdefghijklmnopqrs.tuv", NULL } },
	  NULL, "ValueTooLong", "sAMAccountName", 1,
	  "sAMAccountName='abcdefghijklmnopqrs2'" },
	{ "group sam over 20 characters is fine",
	  { { "objectClass", "group", "sAMAccountName",
	      "abcdefghijklmnopqrstuvwxy", NULL } },
	  NULL, NULL, NULL, 0, NULL },
	{ "X500 value over 256 characters",
	  { { "objectClass", "user", "proxyAddresses", X500 S250, NULL } },
	  NULL, "ValueTooLong", "proxyAddresses", 1, "-Remove" },
	{ "SMTP value over 256 characters: the identity rule only",
	  { { "objectClass", "user", "proxyAddresses",
	      "smtp:" S250 "@contoso.com", NULL } },
	  NULL, "IdentityDataValidationFailed", "proxyAddresses", 1, NULL },
	{ "givenName of 64 and displayName of 256 characters are valid",
	  { { "objectClass", "user", "givenName", S50 "abcdefghijklmn",
	      "displayName", S250 "abcdef", NULL } },
	  NULL, NULL, NULL, 0, NULL },

	/* ----- empty values (BlankValue's are in its fixture folder) ----- */
	{ "no displayName: Entra Connect uses the cn",
	  { { "objectClass", "user", NULL },
	    { "objectClass", "group", "mail", "sales@contoso.com",
	      "displayName", "", NULL } },
	  NULL, NULL, NULL, 0, NULL },
	{ "sn of one space: the identity rule only",
	  { { "objectClass", "user", "sn", " ", NULL } },
	  NULL, "IdentityDataValidationFailed", "sn", 1, NULL },

	/* ----- InvalidAddressFormat ----- */
	{ ".local proxy without the tenant's domains",
	  { { "objectClass", "user", "proxyAddresses",
	      "smtp:ana@contoso.local", NULL } },
	  NULL, "InvalidAddressFormat", "proxyAddresses", 1,
	  "No safe proposal" },
	{ ".local proxy: the same name in the default verified domain",
	  { { "objectClass", "user", "proxyAddresses",
	      "smtp:ana@contoso.local", NULL } },
	  "contoso.com=vd", "InvalidAddressFormat", "proxyAddresses", 1,
	  "-Add @{proxyAddresses='smtp:ana@contoso.com'}" },
	{ "proposal held by another object gets a digit",
	  { { "objectClass", "user", "mail", "ana@corp", NULL },
	    { "objectClass", "contact", "mail", "ANA@contoso.com", NULL } },
	  "contoso.com=vd", "InvalidAddressFormat", "mail", 1,
	  "mail='ana2@contoso.com'" },
	{ "proposal held by the object itself: remove the bad value",
	  { { "objectClass", "user",
	      "proxyAddresses", "SMTP:ana@contoso.lan",
	      "proxyAddresses", "smtp:ana@contoso.com", NULL } },
	  "contoso.com=vd", "InvalidAddressFormat", "proxyAddresses", 1,
	  "upper case (SMTP:)" },
	{ "all-digit top-level domain in targetAddress",
	  { { "objectClass", "contact",
	      "targetAddress", "SMTP:ana@10.0.0.1", NULL } },
	  NULL, "InvalidAddressFormat", "targetAddress", 1, NULL },
	{ "new and internationalised top-level domains are valid",
	  { { "objectClass", "user", "mail", "ana@contoso.consulting",
	      "proxyAddresses", "smtp:ana@example.xn--p1ai",
	      "proxyAddresses", "SMTP:o'brien@contoso.photography",
	      "proxyAddresses", X500 "o'brien(old)", NULL } },
	  NULL, NULL, NULL, 0, NULL },
	{ "a verified tenant domain is always fine",
	  { { "objectClass", "user", "mail", "ana@contoso.local", NULL } },
	  "contoso.local=v", NULL, NULL, 0, NULL },
	{ "space and .local: the identity rule only",
	  { { "objectClass", "user", "mail", "an a@contoso.local", NULL } },
	  NULL, "IdentityDataValidationFailed", "mail", 1, NULL },
	/* ----- DuplicateValue ----- */
	{ "two objects share a mailNickname",
	  { { "objectClass", "user", "mailNickname", "Ana", NULL },
	    { "objectClass", "contact", "mailNickname", "ana", NULL },
	    { "objectClass", "group", "mailNickname", "ana2", NULL } },
	  NULL, "DuplicateValue", "mailNickname", 1,
	  "mailNickname='ana3'" },
	{ "two objects route mail to one targetAddress",
	  { { "objectClass", "user",
	      "targetAddress", "SMTP:ana@contoso.mail.onmicrosoft.com", NULL },
	    { "objectClass", "contact",
	      "targetAddress", "ana@Contoso.mail.onmicrosoft.com", NULL } },
	  NULL, "DuplicateValue", "targetAddress", 1, NULL },
	{ "same sAMAccountName in two domains is fine",
	  { { "objectClass", "user", "sAMAccountName", "ana", NULL },
	    { "objectClass", "user", "sAMAccountName", "ana", NULL } },
	  NULL, NULL, NULL, 0, NULL },
	{ "shared alias of the wrong form: the identity rule only",
	  { { "objectClass", "user", "mailNickname", ".ana", NULL },
	    { "objectClass", "user", "mailNickname", ".ana", NULL } },
	  NULL, "IdentityDataValidationFailed", "mailNickname", 2, NULL },
	{ "mail of one is another's proxy: AttributeValueMustBeUnique",
	  { { "objectClass", "user", "mail", "ana@contoso.com", NULL },
	    { "objectClass", "user",
	      "proxyAddresses", "smtp:ANA@contoso.com", NULL } },
	  NULL, "AttributeValueMustBeUnique", "proxyAddresses", 1, NULL },

	{ "out of scope objects are not judged",
	  { { "objectClass", "user", "isCriticalSystemObject", "TRUE",
	      "sAMAccountName", "a*b", "mail", "x@host", NULL },
	    { "objectClass", "user", "msExchRecipientTypeDetails",
	      "536870912", "mailNickname", "", NULL } },
	  NULL, NULL, NULL, 0, NULL },
};

static struct table	*t;
static struct diag	 dg;
static struct analysis	 an;
static struct sync_options opt;

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

/* "contoso.com=vd,...": v verified, d default. */
static void
load_domains(const char *spec)
{
	const char	*p = spec;

	while (p != NULL && *p != '\0') {
		struct domain	 d;
		size_t		 len = strcspn(p, "="), flen;

		memset(&d, 0, sizeof(d));
		d.name = table_intern_lower(t, p, len);
		p += len + 1;
		flen = strcspn(p, ",");
		d.is_verified = memchr(p, 'v', flen) ? TRI_TRUE : TRI_FALSE;
		d.is_default = memchr(p, 'd', flen) != NULL;
		table_add_domain(t, &d);
		p += flen + (p[flen] == ',');
	}
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

START_TEST(test_idfix_case)
{
	const struct idfix_case	*c = &cases[_i];
	char			 dn[64];
	size_t			 k;

	for (k = 0; k < MAX_OBJECTS && c->objects[k][0] != NULL; k++) {
		snprintf(dn, sizeof(dn), "CN=Obj%zu,OU=Staff,DC=contoso,DC=com",
		    k);
		testutil_load(t, &dg, SIDE_ONPREM, "test.ldf", 20 * k + 1, dn,
		    c->objects[k]);
	}
	load_domains(c->domains);
	analysis_run(&an, t, &opt, NULL, 0, NULL);
	ck_assert_msg(an.findings.n == c->nfindings, "%s: %zu findings",
	    c->name, an.findings.n);
	for (k = 0; k < an.findings.n; k++)
		ck_assert_str_eq(an.findings.list[k]->rule->id, c->rule);
	if (c->nfindings == 0)
		return;
	ck_assert_str_eq(an.findings.list[0]->attribute, c->attribute);
	if (strcmp(c->rule, "IdentityDataValidationFailed") != 0 &&
	    strcmp(c->rule, "AttributeValueMustBeUnique") != 0)
		ck_assert_int_eq(an.findings.list[0]->severity, SEV_WARNING);
	if (c->step != NULL)
		ck_assert_msg(any_step_contains(an.findings.list[0], c->step),
		    "%s: no step holds %s", c->name, c->step);
}
END_TEST

/* Two proposals for the same cleaned name differ (bob, then bob2). */
START_TEST(test_idfix_proposals_unique)
{
	static const char *const a[] = { "objectClass", "user",
	    "sAMAccountName", "bob?", NULL };
	static const char *const b[] = { "objectClass", "user",
	    "sAMAccountName", "bob|", NULL };

	testutil_load(t, &dg, SIDE_ONPREM, "test.ldf", 1, "CN=A,DC=c", a);
	testutil_load(t, &dg, SIDE_ONPREM, "test.ldf", 9, "CN=B,DC=c", b);
	analysis_run(&an, t, &opt, NULL, 0, NULL);
	ck_assert_uint_eq(an.findings.n, 2);
	ck_assert(any_step_contains(an.findings.list[0], "'bob'") !=
	    any_step_contains(an.findings.list[1], "'bob'"));
	ck_assert(any_step_contains(an.findings.list[0], "'bob2'") ||
	    any_step_contains(an.findings.list[1], "'bob2'"));
}
END_TEST

/*
 * InvalidCharacters and ValueTooLong never propose one sAMAccountName,
 * and each finding's .fix writes its own proposal.
 */
START_TEST(test_idfix_proposals_unique_across_rules)
{
	static const char *const a[] = { "objectClass", "user",
	    "sAMAccountName", "abcdefghijklmnopqrstuvwxyz", NULL };
	static const char *const b[] = { "objectClass", "user",
	    "sAMAccountName", "abcdefghijklmnopqrst*", NULL };
	struct fix_context	 fc = { t, &an.findings };
	struct fix_plan		 p;
	const struct finding	*f;
	size_t			 i;

	testutil_load(t, &dg, SIDE_ONPREM, "test.ldf", 1, "CN=A,DC=c", a);
	testutil_load(t, &dg, SIDE_ONPREM, "test.ldf", 9, "CN=B,DC=c", b);
	analysis_run(&an, t, &opt, NULL, 0, NULL);
	ck_assert_uint_eq(an.findings.n, 2);
	ck_assert_ptr_nonnull(an.findings.list[0]->proposed);
	ck_assert_ptr_nonnull(an.findings.list[1]->proposed);
	ck_assert_str_ne(an.findings.list[0]->proposed,
	    an.findings.list[1]->proposed);
	for (i = 0; i < an.findings.n; i++) {
		f = an.findings.list[i];
		ck_assert_str_eq(f->proposed, strcmp(f->rule->id,
		    "ValueTooLong") == 0 ? "abcdefghijklmnopqrst" :
		    "abcdefghijklmnopqrs2");
		memset(&p, 0, sizeof(p));
		ck_assert_int_eq(f->rule->fix(&fc, f, &p), FIX_PLANNED);
		ck_assert_uint_eq(p.n, 1);
		ck_assert_str_eq(p.changes[0].attribute, "sAMAccountName");
		ck_assert(p.changes[0].len == strlen(f->proposed) &&
		    memcmp(p.changes[0].value, f->proposed, p.changes[0].len) ==
		    0);
		fix_plan_release(&p);
	}
}
END_TEST

/* An object's mail and its SMTP: twin get one proposal, not two. */
START_TEST(test_idfix_address_twins)
{
	static const char *const a[] = { "objectClass", "user",
	    "mail", "bo@mailhost", "proxyAddresses", "SMTP:bo@mailhost", NULL };

	testutil_load(t, &dg, SIDE_ONPREM, "test.ldf", 1, "CN=A,DC=c", a);
	load_domains("contoso.com=vd");
	analysis_run(&an, t, &opt, NULL, 0, NULL);
	ck_assert_uint_eq(an.findings.n, 2);
	ck_assert(any_step_contains(an.findings.list[0],
	    "mail='bo@contoso.com'"));
	ck_assert(any_step_contains(an.findings.list[1],
	    "-Add @{proxyAddresses='SMTP:bo@contoso.com'}"));
}
END_TEST

/* The IdFix-parity rules: those that link the preparation guide. */
static const struct rule *
parity_rule(size_t at)
{
	size_t	i, n = 0;

	for (i = 0; rule_table[i] != NULL; i++)
		if (strncmp(rule_table[i]->doc, DOC_PREPARE_SYNC,
		    strlen(DOC_PREPARE_SYNC)) == 0 && n++ == at)
			return rule_table[i];
	return NULL;
}

static int
nparity_rules(void)
{
	int	n = 0;

	while (parity_rule((size_t)n) != NULL)
		n++;
	return n;
}

/* explain names the source and the split with the identity rule. */
START_TEST(test_idfix_explain)
{
	const struct rule	*r = parity_rule((size_t)_i);

	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->severity, SEV_WARNING);
	ck_assert_ptr_nonnull(strstr(r->explain, IDFIX_SOURCE));
	ck_assert_ptr_nonnull(strstr(r->explain,
	    "IdentityDataValidationFailed"));
	ck_assert_ptr_nonnull(strstr(r->explain, "IdFix"));
}
END_TEST

/* The identity rule points at the parity rules without naming each. */
START_TEST(test_idfix_identity_explain)
{
	const struct rule	*r = rule_find("IdentityDataValidationFailed");

	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_nonnull(strstr(r->explain, "IdFix-parity rules"));
	ck_assert_int_ge(nparity_rules(), 1);
}
END_TEST

static Suite *
idfix_suite(void)
{
	Suite	*s = suite_create("idfix");
	TCase	*tc = tcase_create("parity");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_idfix_case, 0, ARRAY_SIZE(cases));
	tcase_add_test(tc, test_idfix_proposals_unique);
	tcase_add_test(tc, test_idfix_proposals_unique_across_rules);
	tcase_add_test(tc, test_idfix_address_twins);
	tcase_add_loop_test(tc, test_idfix_explain, 0, nparity_rules());
	tcase_add_test(tc, test_idfix_identity_explain);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(idfix_suite());
}
