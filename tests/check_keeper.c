/*
 * Tests of keeper advice (rules/keeper.c): the order of the four tests on
 * evidence built by hand, then whole runs on small tables, checking the
 * keeper AttributeValueMustBeUnique attaches to its finding, the steps
 * that name it, and --fix-ldif writing nothing for a tie.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "fixldif.h"
#include "keeper.h"
#include "rule.h"
#include "testutil.h"
#include "xalloc.h"

/* ----- the order of the tests, on evidence alone ----- */

/* One holder's evidence: synced, primary, enabled (U/T/F), mailbox. */
struct evidence {
	bool	is_synced;
	bool	is_primary;
	char	enabled;
	bool	is_mailbox;
};

static const struct order_case {
	const char		*name;
	struct evidence		 holders[3];
	size_t			 n;
	int			 want;		/* winner index; -1: a tie */
	enum keeper_reason	 reason;
	size_t			 ntied;
	/* Per holder: the test it lost on, KEEPER_TIE when it did not. */
	enum keeper_reason	 lost[3];
} order_cases[] = {
	{ "synced beats every other test",
	  { { true, false, 'F', false }, { false, true, 'T', true } }, 2,
	  0, KEEPER_SYNCED, 0, { KEEPER_TIE, KEEPER_SYNCED } },
	{ "primary beats enabled and mailbox",
	  { { false, false, 'T', true }, { false, true, 'F', false } }, 2,
	  1, KEEPER_PRIMARY, 0, { KEEPER_PRIMARY, KEEPER_TIE } },
	{ "enabled beats mailbox",
	  { { false, true, 'T', false }, { false, true, 'F', true } }, 2,
	  0, KEEPER_ENABLED, 0, { KEEPER_TIE, KEEPER_ENABLED } },
	{ "mailbox decides last",
	  { { false, true, 'U', false }, { false, true, 'U', true } }, 2,
	  1, KEEPER_MAILBOX, 0, { KEEPER_MAILBOX, KEEPER_TIE } },
	{ "alike on every test: a tie",
	  { { false, true, 'T', true }, { false, true, 'T', true } }, 2,
	  -1, KEEPER_TIE, 2, { KEEPER_TIE, KEEPER_TIE } },
	{ "unknown account state neither wins nor loses",
	  { { false, true, 'U', false }, { false, true, 'F', false } }, 2,
	  -1, KEEPER_TIE, 2, { KEEPER_TIE, KEEPER_TIE } },
	{ "three-way: each loser on its own test",
	  { { false, false, 'T', true }, { false, true, 'F', true },
	    { false, true, 'T', true } }, 3,
	  2, KEEPER_ENABLED, 0, { KEEPER_PRIMARY, KEEPER_ENABLED, KEEPER_TIE } },
	{ "three-way: one out, two tied",
	  { { false, true, 'T', true }, { false, false, 'T', true },
	    { false, true, 'T', true } }, 3,
	  -1, KEEPER_TIE, 2, { KEEPER_TIE, KEEPER_PRIMARY, KEEPER_TIE } },
	{ "three-way: disabled out, unknown kept, mailbox decides",
	  { { false, true, 'F', true }, { false, true, 'U', false },
	    { false, true, 'T', true } }, 3,
	  2, KEEPER_MAILBOX, 0, { KEEPER_ENABLED, KEEPER_MAILBOX, KEEPER_TIE } },
};

static enum tristate
tristate_of(char c)
{
	return c == 'T' ? TRI_TRUE : c == 'F' ? TRI_FALSE : TRI_UNKNOWN;
}

START_TEST(test_keeper_order)
{
	const struct order_case	*c = &order_cases[_i];
	struct object		 objects[3];
	struct keeper		 k;
	size_t			 i;

	keeper_init(&k);
	k.candidates = calloc(c->n, sizeof(*k.candidates));
	k.n = k.cap = c->n;
	for (i = 0; i < c->n; i++) {
		memset(&objects[i], 0, sizeof(objects[i]));
		k.candidates[i].object = &objects[i];
		k.candidates[i].is_synced = c->holders[i].is_synced;
		k.candidates[i].is_primary = c->holders[i].is_primary;
		k.candidates[i].is_enabled = tristate_of(c->holders[i].enabled);
		k.candidates[i].is_mailbox = c->holders[i].is_mailbox;
	}
	keeper_choose(&k);
	if (c->want < 0)
		ck_assert_msg(k.winner == NULL, "%s: a winner", c->name);
	else
		ck_assert_msg(k.winner == &k.candidates[c->want],
		    "%s: wrong winner", c->name);
	ck_assert_msg(k.reason == c->reason, "%s: reason %s", c->name,
	    keeper_reason_id(k.reason));
	ck_assert_uint_eq(k.ntied, c->ntied);
	for (i = 0; i < c->n; i++) {
		const struct keeper_candidate *kc = &k.candidates[i];

		ck_assert_msg(kc->is_ruled_out == (c->lost[i] != KEEPER_TIE),
		    "%s: holder %zu", c->name, i);
		if (kc->is_ruled_out)
			ck_assert_msg(kc->ruled_out_by == c->lost[i],
			    "%s: holder %zu lost on %s", c->name, i,
			    keeper_reason_id(kc->ruled_out_by));
	}
	/* A second run decides the same. */
	keeper_choose(&k);
	ck_assert_uint_eq(k.ntied, c->ntied);
	keeper_release(&k);
}
END_TEST

/* ----- whole runs: the advice on the finding ----- */

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
	memset(&opt, 0, sizeof(opt));
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
cloud(const char *const *pairs)
{
	testutil_load(t, &dg, SIDE_CLOUD, "users.csv", table_count(t) + 2,
	    NULL, pairs);
}

/* The one AttributeValueMustBeUnique finding, with keeper advice. */
static const struct finding *
unique_finding(void)
{
	const struct finding	*f = NULL;
	size_t			 i, n = 0;

	analysis_run(&an, t, &opt, NULL, 0, NULL);
	for (i = 0; i < an.findings.n; i++)
		if (strcmp(an.findings.list[i]->rule->id,
		    "AttributeValueMustBeUnique") == 0) {
			f = an.findings.list[i];
			n++;
		}
	ck_assert_uint_eq(n, 1);
	ck_assert_ptr_nonnull(f->keeper);
	return f;
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

static const char *
role_of(const struct finding *f, const char *dn)
{
	size_t	i;

	for (i = 0; i < f->nobjects; i++)
		if (f->objects[i].object->dn != NULL &&
		    strcmp(f->objects[i].object->dn, dn) == 0)
			return f->objects[i].role;
	ck_abort_msg("'%s' is not in the finding", dn);
	return NULL;
}

static void
assert_keeper(const struct finding *f, const char *dn, const char *reason)
{
	ck_assert_ptr_nonnull(f->keeper->object);
	ck_assert_str_eq(f->keeper->object->dn, dn);
	ck_assert_str_eq(f->keeper->reason, reason);
	ck_assert_uint_eq(f->keeper->ntied, 0);
	ck_assert(strstr(f->keeper->text, dn) != NULL);
	ck_assert(strncmp(f->steps[0], "Keep '", 6) == 0);
	ck_assert(strstr(f->steps[0], dn) != NULL);
}

#define GUID_A_HEX	"1e6a4b0c2d5f8a4e9b7c1d2e3f405162"
#define GUID_A_B64	"HmpLDC1fik6bfB0uP0BRYg=="
#define GUID_B_HEX	"00112233445566778899aabbccddeeff"
#define GUID_B_B64	"ABEiM0RVZneImaq7zN3u/w=="

/*
 * Already synced: A's twin has the UPN; B, synced too, has just been
 * given it on-premises (its twin has another), and loses.
 */
START_TEST(test_keeper_synced)
{
	static const char *const a[] = { "objectClass", "user",
	    "*objectGUID", GUID_A_HEX, "userAccountControl", "514",
	    "userPrincipalName", "kim@contoso.com", NULL };
	static const char *const b[] = { "objectClass", "user",
	    "*objectGUID", GUID_B_HEX, "userAccountControl", "512",
	    "userPrincipalName", "Kim@contoso.com", NULL };
	static const char *const twin[] = { "id", "c-kim",
	    "userPrincipalName", "kim@contoso.com", "onPremisesImmutableId",
	    GUID_A_B64, "onPremisesSyncEnabled", "True", NULL };
	static const char *const twin_b[] = { "id", "c-kim2",
	    "userPrincipalName", "kim2@contoso.com", "onPremisesImmutableId",
	    GUID_B_B64, "onPremisesSyncEnabled", "True", NULL };
	const struct finding	*f;

	onprem("CN=Kim Old,DC=c", a);
	onprem("CN=Kim New,DC=c", b);
	cloud(twin);
	cloud(twin_b);
	f = unique_finding();
	/* Synced outranks enabled: the disabled twin's source keeps it. */
	assert_keeper(f, "CN=Kim Old,DC=c", "synced");
	ck_assert_ptr_eq(f->keeper->predicted, f->keeper->object);
	ck_assert(strstr(f->keeper->text, "Entra ID itself") == NULL);
	ck_assert_uint_eq(f->keeper->nlosers, 1);
	ck_assert_str_eq(f->keeper->losers[0]->dn, "CN=Kim New,DC=c");
	ck_assert_str_eq(role_of(f, "CN=Kim New,DC=c"),
	    "gives it up: not synced with it");
	ck_assert(any_step_contains(f, "'CN=Kim New,DC=c' gives up "
	    "userPrincipalName 'Kim@contoso.com'"));
	ck_assert(any_step_contains(f, "gives the value to 'CN=Kim Old,DC=c'"));
}
END_TEST

/* Cross-attribute: one object's mail is another's secondary proxy. */
START_TEST(test_keeper_primary_mail)
{
	static const char *const a[] = { "objectClass", "user",
	    "mail", "Desk@contoso.com", NULL };
	static const char *const b[] = { "objectClass", "user",
	    "proxyAddresses", "SMTP:lee@contoso.com",
	    "proxyAddresses", "smtp:DESK@contoso.com", NULL };
	const struct finding	*f;

	onprem("CN=Desk,DC=c", a);
	onprem("CN=Lee,DC=c", b);
	f = unique_finding();
	ck_assert_str_eq(f->attribute, "proxyAddresses");
	assert_keeper(f, "CN=Desk,DC=c", "primary");
	ck_assert_str_eq(role_of(f, "CN=Lee,DC=c"),
	    "gives it up: a secondary address");
	ck_assert(any_step_contains(f, "Set-ADUser -Identity 'CN=Lee,DC=c' "
	    "-Remove @{proxyAddresses='smtp:DESK@contoso.com'}"));
	/* No cloud export: the export order decides. */
	ck_assert_ptr_null(f->keeper->predicted);
	ck_assert(any_step_contains(f, "the object exported first"));
}
END_TEST

START_TEST(test_keeper_enabled)
{
	static const char *const a[] = { "objectClass", "user",
	    "userAccountControl", "514", "userPrincipalName",
	    "pat@contoso.com", NULL };
	static const char *const b[] = { "objectClass", "user",
	    "userAccountControl", "66048", "userPrincipalName",
	    "pat@contoso.com", NULL };
	const struct finding	*f;

	onprem("CN=Pat Leaver,DC=c", a);
	onprem("CN=Pat,DC=c", b);
	f = unique_finding();
	assert_keeper(f, "CN=Pat,DC=c", "enabled");
	ck_assert_str_eq(role_of(f, "CN=Pat Leaver,DC=c"),
	    "gives it up: disabled account");
	ck_assert_str_eq(role_of(f, "CN=Pat,DC=c"),
	    "keeps the value: an enabled account");
}
END_TEST

/* A mailbox over a mail-enabled group holding the same primary address. */
START_TEST(test_keeper_mailbox)
{
	static const char *const a[] = { "objectClass", "group",
	    "mail", "sam@contoso.com",
	    "proxyAddresses", "SMTP:sam@contoso.com", NULL };
	static const char *const b[] = { "objectClass", "user",
	    "userAccountControl", "512", "msExchRecipientTypeDetails", "1",
	    "proxyAddresses", "SMTP:Sam@contoso.com", NULL };
	const struct finding	*f;

	onprem("CN=Sam List,DC=c", a);
	onprem("CN=Sam,DC=c", b);
	f = unique_finding();
	assert_keeper(f, "CN=Sam,DC=c", "mailbox");
	/* The group gives up its primary address and mail together. */
	ck_assert(any_step_contains(f, "'CN=Sam List,DC=c' gives up "
	    "'sam@contoso.com', its primary address and mail: Set-ADGroup "
	    "-Identity 'CN=Sam List,DC=c' -Remove "
	    "@{proxyAddresses='SMTP:sam@contoso.com'} -Add "
	    "@{proxyAddresses='SMTP:<new primary address>'} -Replace "
	    "@{mail='<new address>'}."));
}
END_TEST

/* A shared mailbox's disabled account does not count against it. */
START_TEST(test_keeper_shared_mailbox)
{
	static const char *const shared[] = { "objectClass", "user",
	    "userAccountControl", "514", "msExchRecipientTypeDetails", "4",
	    "proxyAddresses", "SMTP:info@contoso.com", NULL };
	static const char *const mailuser[] = { "objectClass", "user",
	    "userAccountControl", "512", "msExchRecipientTypeDetails", "128",
	    "proxyAddresses", "SMTP:info@contoso.com", NULL };
	const struct finding	*f;

	onprem("CN=Info,DC=c", shared);
	onprem("CN=Info Forward,DC=c", mailuser);
	f = unique_finding();
	assert_keeper(f, "CN=Info,DC=c", "mailbox");
}
END_TEST

START_TEST(test_keeper_tie)
{
	static const char *const a[] = { "objectClass", "user",
	    "userAccountControl", "512", "mail", "jo@contoso.com",
	    "proxyAddresses", "SMTP:jo@contoso.com", NULL };
	static const char *const b[] = { "objectClass", "user",
	    "userAccountControl", "512", "mail", "JO@contoso.com",
	    "proxyAddresses", "SMTP:JO@contoso.com", NULL };
	const struct finding	*f;

	onprem("CN=Jo One,DC=c", a);
	onprem("CN=Jo Two,DC=c", b);
	f = unique_finding();
	ck_assert_ptr_null(f->keeper->object);
	ck_assert_str_eq(f->keeper->reason, "tie");
	ck_assert_uint_eq(f->keeper->ntied, 2);
	ck_assert_uint_eq(f->keeper->nlosers, 0);
	ck_assert_str_eq(f->keeper->text,
	    "no keeper can be chosen from the exports: both 'CN=Jo One,DC=c' "
	    "and 'CN=Jo Two,DC=c' are alike on every test (not synced with "
	    "it, primary value, enabled, mailbox); decide with the owner.");
	ck_assert_str_eq(role_of(f, "CN=Jo One,DC=c"),
	    "tied: decide with the owner");
	ck_assert(strstr(f->steps[0], "Decide with the owner") != NULL);
	ck_assert(any_step_contains(f, "If 'CN=Jo Two,DC=c' is not the "
	    "keeper, it gives up"));
}
END_TEST

/* Three holders: one lost on each of two tests, the third keeps it. */
START_TEST(test_keeper_three_way)
{
	static const char *const a[] = { "objectClass", "contact",
	    "proxyAddresses", "smtp:ops@contoso.com", NULL };
	static const char *const b[] = { "objectClass", "user",
	    "userAccountControl", "514", "mail", "ops@contoso.com",
	    "proxyAddresses", "SMTP:ops@contoso.com", NULL };
	static const char *const c[] = { "objectClass", "user",
	    "userAccountControl", "512", "mail", "ops@contoso.com",
	    "proxyAddresses", "SMTP:ops@contoso.com", NULL };
	const struct finding	*f;

	onprem("CN=Ops Contact,DC=c", a);
	onprem("CN=Ops Old,DC=c", b);
	onprem("CN=Ops,DC=c", c);
	f = unique_finding();
	ck_assert_uint_eq(f->nobjects, 3);
	assert_keeper(f, "CN=Ops,DC=c", "enabled");
	ck_assert_uint_eq(f->keeper->nlosers, 2);
	ck_assert_str_eq(role_of(f, "CN=Ops Contact,DC=c"),
	    "gives it up: a secondary address");
	ck_assert_str_eq(role_of(f, "CN=Ops Old,DC=c"),
	    "gives it up: disabled account");
	ck_assert(any_step_contains(f, "Set-ADObject -Identity "
	    "'CN=Ops Contact,DC=c' -Remove @{proxyAddresses='smtp:ops@contoso.com'}"));
	ck_assert(any_step_contains(f, "'CN=Ops Old,DC=c' gives up "
	    "'ops@contoso.com', its primary address and mail"));
}
END_TEST

/*
 * A cloud-only group has the address Ana holds as her primary one: she
 * should keep it, but Entra ID leaves it on the group.
 */
START_TEST(test_keeper_predicted_differs)
{
	static const char *const ana[] = { "objectClass", "user",
	    "*objectGUID", GUID_A_HEX, "userAccountControl", "512",
	    "userPrincipalName", "ana@contoso.com",
	    "proxyAddresses", "SMTP:team@contoso.com", NULL };
	static const char *const twin[] = { "id", "c-ana",
	    "userPrincipalName", "ana@contoso.com", "onPremisesImmutableId",
	    GUID_A_B64, "onPremisesSyncEnabled", "True", NULL };
	static const char *const group[] = { "id", "c-team", "objectType",
	    "group", "displayName", "Team", "proxyAddresses",
	    "SMTP:ana@contoso.com", "proxyAddresses", "smtp:team@contoso.com",
	    NULL };
	const struct finding	*f;

	onprem("CN=Ana,DC=c", ana);
	cloud(twin);
	cloud(group);
	f = unique_finding();
	ck_assert_str_eq(f->value, "team@contoso.com");
	assert_keeper(f, "CN=Ana,DC=c", "primary");
	ck_assert_ptr_nonnull(f->keeper->predicted);
	ck_assert_str_eq(f->keeper->predicted->id, "c-team");
	ck_assert(strstr(f->keeper->text, "Entra ID itself leaves it on "
	    "'Team'") != NULL);
	ck_assert(any_step_contains(f, "'Team' gives up 'team@contoso.com': "
	    "it is a cloud-only group, so remove 'smtp:team@contoso.com'"));
}
END_TEST

/*
 * --fix-ldif: the holder giving the value up loses its secondary copy;
 * a tie writes nothing, even for a holder that lost on a test.
 */
static const struct fix_case {
	const char	*proxies[3];	/* of CN=One, CN=Two, CN=Three */
	size_t		 nchanges;
} fix_cases[] = {
	{ { "SMTP:desk@contoso.com", "smtp:desk@contoso.com",
	    "smtp:DESK@contoso.com" }, 2 },
	{ { "SMTP:desk@contoso.com", "smtp:desk@contoso.com",
	    "SMTP:Desk@contoso.com" }, 0 },
};

START_TEST(test_keeper_fixldif)
{
	static const char *const names[] = {
		"CN=One,DC=c", "CN=Two,DC=c", "CN=Three,DC=c"
	};
	const struct fix_case	*c = &fix_cases[_i];
	struct fixldif_stats	 st;
	char			*fix = NULL, *undo = NULL;
	size_t			 lf = 0, lu = 0, i;
	FILE			*mf, *mu;

	for (i = 0; i < 3; i++) {
		const char *pairs[] = { "objectClass", "user",
		    "proxyAddresses", c->proxies[i], NULL };

		onprem(names[i], pairs);
	}
	(void)unique_finding();
	mf = open_memstream(&fix, &lf);
	mu = open_memstream(&undo, &lu);
	ck_assert_ptr_nonnull(mf);
	ck_assert_ptr_nonnull(mu);
	fixldif_write(mf, mu, &an, t, NULL, &st);
	fclose(mf);
	fclose(mu);
	ck_assert_uint_eq(st.nchanges, c->nchanges);
	if (c->nchanges > 0) {
		ck_assert_ptr_nonnull(strstr(fix, "dn: CN=Two,DC=c\n"
		    "changetype: modify\ndelete: proxyAddresses\n"
		    "proxyAddresses: smtp:desk@contoso.com\n"));
		ck_assert_ptr_nonnull(strstr(fix, "dn: CN=Three,DC=c\n"));
		ck_assert_ptr_null(strstr(fix, "dn: CN=One"));
		ck_assert_ptr_nonnull(strstr(fix, "keeper advice: primary"));
	} else {
		ck_assert_ptr_null(strstr(fix, "changetype"));
		ck_assert_uint_eq(st.ndecision, 1);
	}
	free(fix);
	free(undo);
}
END_TEST

static Suite *
keeper_suite(void)
{
	Suite	*s = suite_create("keeper");
	TCase	*tc = tcase_create("order");

	tcase_add_loop_test(tc, test_keeper_order, 0, ARRAY_SIZE(order_cases));
	suite_add_tcase(s, tc);
	tc = tcase_create("advice");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_keeper_synced);
	tcase_add_test(tc, test_keeper_primary_mail);
	tcase_add_test(tc, test_keeper_enabled);
	tcase_add_test(tc, test_keeper_mailbox);
	tcase_add_test(tc, test_keeper_shared_mailbox);
	tcase_add_test(tc, test_keeper_tie);
	tcase_add_test(tc, test_keeper_three_way);
	tcase_add_test(tc, test_keeper_predicted_differs);
	tcase_add_loop_test(tc, test_keeper_fixldif, 0, ARRAY_SIZE(fix_cases));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(keeper_suite());
}
