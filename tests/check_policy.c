/*
 * Tests of tenant policies (rules/policy.h): the policy file reader (every
 * error with its file and line), each condition on a case that breaks it
 * and a near miss that does not, the scope keys, and the PCRE2 limits on
 * a pattern that backtracks without end.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "match.h"
#include "policy.h"
#include "rule.h"
#include "testutil.h"
#include "xalloc.h"

/* A policy section's fixed part, before its scope and condition. */
#define HEAD	"[policy p]\ntitle = t\nremediation = fix it\n"

/* ----- the reader ----- */

static const struct read_case {
	const char	*name;
	const char	*text;
	unsigned long	 line;		/* of the first error */
	const char	*message;	/* part of it */
} read_cases[] = {
	{ "key before any section", "title = x\n", 1, "before the first" },
	{ "header without the word policy", "[polic x]\n", 1,
	  "section header" },
	{ "header without a closing bracket", "# c\n[policy x\n", 2,
	  "section header" },
	{ "id starting with a dash", "[policy -x]\n", 1, "not a policy id" },
	{ "id with a slash", "[policy a/b]\n", 1, "not a policy id" },
	{ "id with a space", "[policy upn suffix]\n", 1,
	  "'upn suffix' is not a policy id" },
	{ "id defined twice", HEAD "attribute = mail\nunique = yes\n"
	  "[policy p]\n", 6, "defined twice (first at t.ini:1)" },
	{ "unknown key", "[policy p]\ncolour = red\n", 2,
	  "unknown key 'colour'" },
	{ "line without =", "[policy p]\ntitle\n", 2,
	  "expected 'key = value'" },
	{ "key given twice", "[policy p]\ntitle = a\ntitle = b\n", 3,
	  "given twice (first at line 2)" },
	{ "key without value", "[policy p]\ntitle =\n", 2, "has no value" },
	{ "bad severity", HEAD "severity = fatal\n", 4, "severity: expected error" },
	{ "bad side", HEAD "side = both\n", 4, "side: expected onprem" },
	{ "bad type", HEAD "type = user, printer\n", 4, "type: expected a comma-separated" },
	{ "type list ending in a comma", HEAD "type = user,\n", 4, "type: expected a comma-separated" },
	{ "bad yes or no", HEAD "in-scope = maybe\n", 4, "yes or no" },
	{ "subtree not a DN", HEAD "subtree = Staff\n", 4, "subtree: expected a DN" },
	{ "two conditions", HEAD "attribute = mail\nunique = yes\n"
	  "match = x\n", 6, "one condition" },
	{ "pattern that does not compile", HEAD "attribute = mail\n"
	  "match = ^(ab\n", 5, "pattern does not compile at offset 4" },
	{ "select without operator", HEAD "select = mail ^x\n", 4,
	  "select: expected ATTRIBUTE ~ PATTERN" },
	{ "select without pattern", HEAD "select = mail ~ \n", 4,
	  "no pattern" },
	{ "select pattern that does not compile", HEAD "select = mail ~ a{2,1}\n",
	  4, "pattern does not compile" },
	{ "unknown computed attribute", HEAD "attribute = @manager\n", 4,
	  "unknown computed attribute '@manager'" },
	{ "attribute name with a space", HEAD "attribute = display name\n", 4,
	  "not an attribute name" },
	{ "no title", "[policy p]\nremediation = r\nattribute = mail\n"
	  "unique = yes\n", 1, "has no title" },
	{ "no attribute", HEAD "unique = yes\n", 1, "has no attribute" },
	{ "no condition", HEAD "attribute = mail\n", 1, "has no condition" },
	{ "no remediation", "[policy p]\ntitle = t\nattribute = mail\n"
	  "unique = yes\n", 1, "has no remediation" },
	{ "min-length over max-length", HEAD "attribute = mail\n"
	  "min-length = 9\nmax-length = 3\n", 1, "min-length over max-length" },
	{ "length not a number", HEAD "attribute = mail\nmax-length = ten\n",
	  5, "expected a whole number" },
	{ "negative length", HEAD "attribute = mail\nmin-length = -1\n", 5,
	  "expected a whole number" },
	{ "unique = no", HEAD "attribute = mail\nunique = no\n", 5,
	  "unique: 'no' is no condition" },
	{ "invalid UTF-8", HEAD "attribute = mail\nmatch = \xC3(\n", 5,
	  "not valid UTF-8" },
	{ "escape byte", HEAD "description = \x1b[31m\n", 4,
	  "control character" },
	{ "C1 control (CSI)", HEAD "description = \xC2\x9B" "31m\n", 4,
	  "control character" },
	{ "right-to-left override", HEAD "description = a\xE2\x80\xAE" "b\n", 4,
	  "bidi control" },
	{ "empty file", "", 0, "no '[policy ID]' section" },
	{ "comments only", "# nothing\n; here\n", 0, "no '[policy ID]'" },
};

START_TEST(test_policy_read_error)
{
	const struct read_case	*c = &read_cases[_i];
	struct policy_set	*ps = policy_set_new();
	char			 prefix[32];

	ck_assert_msg(policy_set_read_buffer(ps, "t.ini", c->text,
	    strlen(c->text)) > 0, "%s: no error", c->name);
	snprintf(prefix, sizeof(prefix), "t.ini:%lu: ", c->line);
	ck_assert_msg(strncmp(policy_set_error(ps, 0), prefix,
	    strlen(prefix)) == 0, "%s: %s", c->name, policy_set_error(ps, 0));
	ck_assert_msg(strstr(policy_set_error(ps, 0), c->message) != NULL,
	    "%s: %s", c->name, policy_set_error(ps, 0));
	policy_set_free(ps);
}
END_TEST

START_TEST(test_policy_read_long_line)
{
	struct policy_set	*ps = policy_set_new();
	char			*text = xmalloc(5000 + sizeof(HEAD));

	memcpy(text, HEAD, sizeof(HEAD) - 1);
	memset(text + sizeof(HEAD) - 1, 'x', 5000);
	text[sizeof(HEAD) - 1 + 5000] = '\0';
	ck_assert_uint_eq(policy_set_read_buffer(ps, "t.ini", text,
	    strlen(text)), 1);
	ck_assert_str_eq(policy_set_error(ps, 0),
	    "t.ini:4: line longer than 4096 bytes");
	free(text);
	policy_set_free(ps);
}
END_TEST

/*
 * Every error is said, each at its line, and the reader goes on; what a
 * section lacks is said once its keys are right.
 */
START_TEST(test_policy_read_all_errors)
{
	static const char	 text[] = "[policy a]\ncolour = red\n"
				    "severity = high\n[policy b]\nside = up\n"
				    "[policy c]\nattribute = mail\n";
	struct policy_set	*ps = policy_set_new();

	ck_assert_uint_eq(policy_set_read_buffer(ps, "t.ini", text,
	    strlen(text)), 4);
	ck_assert_str_eq(policy_set_error(ps, 0),
	    "t.ini:2: unknown key 'colour'");
	ck_assert_ptr_nonnull(strstr(policy_set_error(ps, 1), "t.ini:3: "));
	ck_assert_ptr_nonnull(strstr(policy_set_error(ps, 2), "t.ini:5: "));
	ck_assert_str_eq(policy_set_error(ps, 3),
	    "t.ini:6: policy 'c' has no title");
	ck_assert_uint_eq(policy_set_count(ps), 0);
	policy_set_free(ps);
}
END_TEST

START_TEST(test_policy_read_valid)
{
	static const char	 text[] = "\xEF\xBB\xBF# example\r\n"
				    "[policy Upn.Mail_1]\r\n"
				    "  title = UPN is mail  \r\n"
				    "remediation=fix ; not a comment\r\n"
				    "attribute = userPrincipalName\r\n"
				    "equals = mail\r\n"
				    "[policy suffix]\ntitle = s\nremediation = r\n"
				    "severity = error\nside = any\ntype = group\n"
				    "attribute = @upn-suffix\none-of = a.com\n"
				    "one-of = b.com, c.com\n";
	struct policy_set	*ps = policy_set_new();
	const struct policy	*p;
	size_t			 n;

	ck_assert_uint_eq(policy_set_read_buffer(ps, "t.ini", text,
	    strlen(text)), 0);
	ck_assert_uint_eq(policy_set_count(ps), 2);
	p = policy_set_get(ps, 0);
	ck_assert_str_eq(p->rule.id, "Policy:Upn.Mail_1");
	ck_assert_str_eq(p->title, "UPN is mail");
	ck_assert_str_eq(p->remediation, "fix ; not a comment");
	ck_assert_uint_eq(p->line, 2);
	ck_assert_int_eq(p->severity, SEV_WARNING);
	ck_assert_int_eq(p->condition, POLICY_COND_EQUALS);
	ck_assert(p->rule.is_policy);
	ck_assert_uint_eq(p->rule.needs, RULE_NEEDS_ONPREM);
	ck_assert_ptr_null(policy_set_raw_names(ps, &n));
	ck_assert_uint_eq(n, 0);
	p = policy_set_get(ps, 1);
	ck_assert_int_eq(p->severity, SEV_ERROR);
	ck_assert_uint_eq(p->rule.needs, 0);
	ck_assert_uint_eq(p->types, 1u << OBJ_GROUP);
	ck_assert_uint_eq(p->nvalues, 2);
	ck_assert_str_eq(p->values[1], "b.com, c.com");
	ck_assert_ptr_eq(policy_set_find(ps, "policy:SUFFIX"), p);
	ck_assert_ptr_null(policy_set_find(ps, "nosuch"));
	ck_assert_ptr_nonnull(strstr(p->rule.explain, "must be one of: a.com, "
	    "b.com, c.com"));
	policy_set_free(ps);
}
END_TEST

/* Ids are unique across the files of one set. */
START_TEST(test_policy_read_two_files)
{
	static const char	 text[] = HEAD "attribute = mail\nunique = yes\n";
	struct policy_set	*ps = policy_set_new();

	ck_assert_uint_eq(policy_set_read_buffer(ps, "a.ini", text,
	    strlen(text)), 0);
	ck_assert_uint_eq(policy_set_read_buffer(ps, "b.ini", text,
	    strlen(text)), 1);
	ck_assert_str_eq(policy_set_error(ps, 0),
	    "b.ini:1: policy 'p' is defined twice (first at a.ini:1)");
	policy_set_free(ps);
}
END_TEST

/* Attributes the table does not model are read raw, each named once. */
START_TEST(test_policy_read_raw)
{
	static const char	 text[] = HEAD "attribute = extensionAttribute7\n"
				    "match = ^[0-9]{6}$\n"
				    "[policy q]\ntitle = t\nremediation = r\n"
				    "select = department ~ ^IT$\n"
				    "attribute = EXTENSIONATTRIBUTE7\n"
				    "equals = mail\n";
	struct policy_set	*ps = policy_set_new();
	const char *const	*names;
	size_t			 n;

	ck_assert_uint_eq(policy_set_read_buffer(ps, "t.ini", text,
	    strlen(text)), 0);
	names = policy_set_raw_names(ps, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(names[0], "extensionAttribute7");
	ck_assert_str_eq(names[1], "department");
	policy_set_free(ps);
}
END_TEST

/* Only the named attributes are kept raw, whatever their case. */
START_TEST(test_policy_raw_named_only)
{
	static const char *const	 names[] = { "extensionattribute7" };
	static const char *const	 pairs[] = { "objectClass", "user",
					    "extensionAttribute7", "123456",
					    "department", "IT", NULL };
	struct table			*tt = table_new(0);
	struct diag			 d;
	const struct object		*o;

	diag_init(&d, NULL);
	diag_input_begin(&d, "test.ldf", "ldif", "onprem");
	table_keep_raw_of(tt, names, 1);
	testutil_load(tt, &d, SIDE_ONPREM, "test.ldf", 1, "CN=A,DC=c", pairs);
	o = table_get(tt, 0);
	ck_assert_uint_eq(o->rare->nraw, 1);
	ck_assert_str_eq(o->rare->raw[0].name, "extensionAttribute7");
	ck_assert_str_eq(o->rare->raw[0].value, "123456");
	table_free(tt);
	diag_release(&d);
}
END_TEST

START_TEST(test_policy_read_missing_file)
{
	struct policy_set	*ps = policy_set_new();

	ck_assert_uint_eq(policy_set_read(ps, SD_SRCDIR "/no/such.ini"), 1);
	ck_assert_ptr_nonnull(strstr(policy_set_error(ps, 0),
	    "such.ini:0: cannot open"));
	policy_set_free(ps);
}
END_TEST

/* ----- the conditions ----- */

#define MAX_OBJECTS	3
#define MAX_PAIRS	13

static const struct condition_case {
	const char	*name;
	const char	*policy;	/* after HEAD */
	const char	*dns[MAX_OBJECTS];	/* NULL: cloud object */
	const char	*objects[MAX_OBJECTS][MAX_PAIRS];
	bool		 has_domains;	/* contoso.com verified */
	size_t		 nfindings;
	size_t		 nobjects;	/* of the first finding */
	const char	*summary;	/* part of the first finding's */
} condition_cases[] = {
	{ "match: five digits is not six",
	  "attribute = extensionAttribute7\nmatch = ^[0-9]{6}$\n",
	  { "CN=A,OU=Staff,DC=c" },
	  { { "objectClass", "user", "extensionAttribute7", "12345", NULL } },
	  false, 1, 1, "does not match ^[0-9]{6}$" },
	{ "match: six digits",
	  "attribute = extensionAttribute7\nmatch = ^[0-9]{6}$\n",
	  { "CN=A,OU=Staff,DC=c" },
	  { { "objectClass", "user", "extensionAttribute7", "123456", NULL } },
	  false, 0, 0, NULL },
	{ "match: UTF-8 letters are one character each",
	  "attribute = sn\nmatch = ^\\p{Lu}\\p{Ll}{4}$\n",
	  { "CN=A,OU=Staff,DC=c" },
	  { { "objectClass", "user", "sn", "Núñez", NULL } },
	  false, 0, 0, NULL },
	{ "not-match: (EXT) in any case",
	  "attribute = displayName\nnot-match = (?i)\\(ext\\)\n",
	  { "CN=A,OU=Staff,DC=c" },
	  { { "objectClass", "user", "displayName", "Ana Lima (EXT)", NULL } },
	  false, 1, 1, "which policy p forbids" },
	{ "not-match: (next) is not (ext)",
	  "attribute = displayName\nnot-match = (?i)\\(ext\\)\n",
	  { "CN=A,OU=Staff,DC=c" },
	  { { "objectClass", "user", "displayName", "Ana Lima (next)", NULL } },
	  false, 0, 0, NULL },
	{ "not-match: each proxy address on its own",
	  "attribute = proxyAddresses\nnot-match = (?i)^smtp:.*@old\\.com$\n",
	  { "CN=A,OU=Staff,DC=c" },
	  { { "objectClass", "user", "proxyAddresses", "SMTP:a@new.com",
	      "proxyAddresses", "smtp:a@old.com",
	      "proxyAddresses", "smtp:a@old.com.au", NULL } },
	  false, 1, 1, "'smtp:a@old.com' matches" },
	{ "equals: UPN is not the primary SMTP address",
	  "attribute = userPrincipalName\nequals = @primary-smtp\n",
	  { "CN=A,OU=Staff,DC=c" },
	  { { "objectClass", "user", "userPrincipalName", "ana@c.com",
	      "proxyAddresses", "SMTP:ana.lima@c.com",
	      "proxyAddresses", "smtp:ana@c.com", NULL } },
	  false, 1, 1, "is not equal to @primary-smtp 'ana.lima@c.com'" },
	{ "equals: same address in another case",
	  "attribute = userPrincipalName\nequals = @primary-smtp\n",
	  { "CN=A,OU=Staff,DC=c" },
	  { { "objectClass", "user", "userPrincipalName", "ana@c.com",
	      "proxyAddresses", "SMTP:Ana@C.com", NULL } },
	  false, 0, 0, NULL },
	{ "equals: case counts with ignore-case = no",
	  "attribute = userPrincipalName\nequals = mail\nignore-case = no\n",
	  { "CN=A,OU=Staff,DC=c" },
	  { { "objectClass", "user", "userPrincipalName", "ana@c.com",
	      "mail", "Ana@c.com", NULL } },
	  false, 1, 1, "is not equal to mail" },
	{ "equals: the other attribute is missing",
	  "attribute = userPrincipalName\nequals = mail\n",
	  { "CN=A,OU=Staff,DC=c" },
	  { { "objectClass", "user", "userPrincipalName", "ana@c.com", NULL } },
	  false, 1, 1, "which the object does not have" },
	{ "one-of: suffix of another domain",
	  "attribute = @upn-suffix\none-of = contoso.com\n"
	  "one-of = fabrikam.com\n",
	  { "CN=A,OU=Staff,DC=c" },
	  { { "objectClass", "user", "userPrincipalName", "a@tailspin.com",
	      NULL } },
	  false, 1, 1, "is not one of the 2 values" },
	{ "one-of: the second value, in capitals",
	  "attribute = @upn-suffix\none-of = contoso.com\n"
	  "one-of = fabrikam.com\n",
	  { "CN=A,OU=Staff,DC=c" },
	  { { "objectClass", "user", "userPrincipalName", "a@FABRIKAM.com",
	      NULL } },
	  false, 0, 0, NULL },
	{ "unique: two display names differing in case",
	  "attribute = displayName\nunique = yes\n",
	  { "CN=A,OU=Staff,DC=c", "CN=B,OU=Staff,DC=c", "CN=C,OU=Staff,DC=c" },
	  { { "objectClass", "user", "displayName", "Ana Lima", NULL },
	    { "objectClass", "group", "displayName", "Sales", NULL },
	    { "objectClass", "user", "displayName", "ana lima", NULL } },
	  false, 1, 2, "2 objects share displayName 'Ana Lima'" },
	{ "unique: Ana and Anna",
	  "attribute = displayName\nunique = yes\n",
	  { "CN=A,OU=Staff,DC=c", "CN=B,OU=Staff,DC=c" },
	  { { "objectClass", "user", "displayName", "Ana Lima", NULL },
	    { "objectClass", "user", "displayName", "Anna Lima", NULL } },
	  false, 0, 0, NULL },
	{ "unique: only within the policy's scope",
	  "attribute = displayName\nunique = yes\ntype = user\n",
	  { "CN=A,OU=Staff,DC=c", "CN=B,OU=Staff,DC=c" },
	  { { "objectClass", "user", "displayName", "Sales", NULL },
	    { "objectClass", "group", "displayName", "Sales", NULL } },
	  false, 0, 0, NULL },
	{ "length: two characters under a minimum of three",
	  "attribute = mailNickname\nmin-length = 3\nmax-length = 5\n",
	  { "CN=A,OU=Staff,DC=c" },
	  { { "objectClass", "user", "mailNickname", "ab", NULL } },
	  false, 1, 1, "is 2 characters long; policy p wants at least 3" },
	{ "length: six characters over a maximum of five",
	  "attribute = mailNickname\nmin-length = 3\nmax-length = 5\n",
	  { "CN=A,OU=Staff,DC=c" },
	  { { "objectClass", "user", "mailNickname", "abcdef", NULL } },
	  false, 1, 1, "wants at most 5" },
	{ "length: five characters, two of them two bytes",
	  "attribute = mailNickname\nmin-length = 3\nmax-length = 5\n",
	  { "CN=A,OU=Staff,DC=c" },
	  { { "objectClass", "user", "mailNickname", "añéab", NULL } },
	  false, 0, 0, NULL },
	{ "required: no mail at all",
	  "attribute = mail\nmatch = @\nrequired = yes\n",
	  { "CN=A,OU=Staff,DC=c" },
	  { { "objectClass", "user", NULL } },
	  false, 1, 1, "mail is missing" },
	{ "not required: no mail is no finding",
	  "attribute = mail\nmatch = @\n",
	  { "CN=A,OU=Staff,DC=c" },
	  { { "objectClass", "user", NULL } },
	  false, 0, 0, NULL },

	/* ----- scope ----- */
	{ "subtree: OU=Staff",
	  "attribute = sn\nmatch = ^X\nsubtree = ou=staff,dc=c\n",
	  { "CN=A,OU=Staff,DC=c" },
	  { { "objectClass", "user", "sn", "Lima", NULL } },
	  false, 1, 1, NULL },
	{ "subtree: OU=Staffing is not OU=Staff",
	  "attribute = sn\nmatch = ^X\nsubtree = OU=Staff,DC=c\n",
	  { "CN=A,OU=Staffing,DC=c" },
	  { { "objectClass", "user", "sn", "Lima", NULL } },
	  false, 0, 0, NULL },
	{ "in-scope: a critical system object is not exported",
	  "attribute = sn\nmatch = ^X\n",
	  { "CN=A,OU=Staff,DC=c" },
	  { { "objectClass", "user", "sn", "Lima",
	      "isCriticalSystemObject", "TRUE", NULL } },
	  false, 0, 0, NULL },
	{ "in-scope = no: every object",
	  "attribute = sn\nmatch = ^X\nin-scope = no\n",
	  { "CN=A,OU=Staff,DC=c" },
	  { { "objectClass", "user", "sn", "Lima",
	      "isCriticalSystemObject", "TRUE", NULL } },
	  false, 1, 1, NULL },
	{ "type: a contact is not a user",
	  "attribute = sn\nmatch = ^X\ntype = user\n",
	  { "CN=A,OU=Staff,DC=c" },
	  { { "objectClass", "contact", "sn", "Lima", NULL } },
	  false, 0, 0, NULL },
	{ "side = cloud: only the cloud object",
	  "attribute = displayName\nnot-match = ext\nside = cloud\n",
	  { NULL, "CN=A,OU=Staff,DC=c" },
	  { { "id", "7f7f04a9-b2eb-493c-a78d-e517c5d1d4e9",
	      "userPrincipalName", "a@c.com", "displayName", "ext", NULL },
	    { "objectClass", "user", "displayName", "ext", NULL } },
	  false, 1, 1, NULL },
	{ "select: a service account outside its OU",
	  "select = sAMAccountName ~ ^svc-\nattribute = @ou\n"
	  "one-of = OU=Service,DC=c\n",
	  { "CN=A,OU=Staff,DC=c", "CN=B,OU=Service,DC=c",
	    "CN=C,OU=Staff,DC=c" },
	  { { "objectClass", "user", "sAMAccountName", "svc-backup", NULL },
	    { "objectClass", "user", "sAMAccountName", "svc-print", NULL },
	    { "objectClass", "user", "sAMAccountName", "ana", NULL } },
	  false, 1, 1, "@ou 'OU=Staff,DC=c' is not one of" },
	{ "select !~: everyone but the service accounts",
	  "select = sAMAccountName !~ ^svc-\nattribute = @ou\n"
	  "one-of = OU=Staff,DC=c\n",
	  { "CN=A,OU=Staff,DC=c", "CN=B,OU=Service,DC=c",
	    "CN=C,OU=Other,DC=c" },
	  { { "objectClass", "user", "sAMAccountName", "ana", NULL },
	    { "objectClass", "user", "sAMAccountName", "svc-print", NULL },
	    { "objectClass", "user", "sAMAccountName", "bob", NULL } },
	  false, 1, 1, "'OU=Other,DC=c'" },
	{ "@ou: an escaped comma is part of the name",
	  "attribute = @ou\none-of = OU=Staff,DC=c\n",
	  { "CN=Lima\\, Ana,OU=Staff,DC=c" },
	  { { "objectClass", "user", NULL } },
	  false, 0, 0, NULL },
	{ "@entra-upn: an unverified suffix becomes onmicrosoft.com",
	  "attribute = @entra-upn\nnot-match = onmicrosoft\\.com$\n",
	  { "CN=A,OU=Staff,DC=c" },
	  { { "objectClass", "user", "userPrincipalName", "ana@legacy.com",
	      "mailNickname", "ana", NULL } },
	  true, 1, 1, "'ana@contoso.onmicrosoft.com' matches" },
	{ "@entra-upn: a verified suffix stays",
	  "attribute = @entra-upn\nnot-match = onmicrosoft\\.com$\n",
	  { "CN=A,OU=Staff,DC=c" },
	  { { "objectClass", "user", "userPrincipalName", "ana@contoso.com",
	      "mailNickname", "ana", NULL } },
	  true, 0, 0, NULL },
};

static struct table	*t;
static struct diag	 dg;
static struct analysis	 an;
static struct sync_options opt;
static struct policy_set *ps;

static void
setup(void)
{
	t = table_new(TABLE_KEEP_RAW);
	diag_init(&dg, NULL);
	diag_input_begin(&dg, "test.ldf", "ldif", "onprem");
	opt.is_resiliency_on = true;
	ps = policy_set_new();
	memset(&an, 0, sizeof(an));
}

static void
teardown(void)
{
	analysis_release(&an);
	policy_set_free(ps);
	table_free(t);
	diag_release(&dg);
}

static void
add_domain(const char *name, bool is_initial)
{
	struct domain	d;

	memset(&d, 0, sizeof(d));
	d.name = table_intern_lower(t, name, strlen(name));
	d.is_verified = TRI_TRUE;
	d.is_initial = is_initial;
	table_add_domain(t, &d);
}

/* Run policy text (after HEAD) alone: no built-in rule is selected. */
static void
run_policy(const char *policy)
{
	static const char *const	 none[] = { "none" };
	struct analysis_run_options	 ro;
	char				*text = xasprintf("%s%s", HEAD, policy);

	ck_assert_msg(policy_set_read_buffer(ps, "t.ini", text,
	    strlen(text)) == 0, "%s", policy_set_error(ps, 0));
	free(text);
	memset(&ro, 0, sizeof(ro));
	ro.threads = 1;
	ro.policies = ps;
	analysis_run(&an, t, &opt, none, 1, &ro);
}

START_TEST(test_policy_condition)
{
	const struct condition_case	*c = &condition_cases[_i];
	const struct finding		*f;
	size_t				 k;

	for (k = 0; k < MAX_OBJECTS && c->objects[k][0] != NULL; k++)
		testutil_load(t, &dg, c->dns[k] != NULL ? SIDE_ONPREM :
		    SIDE_CLOUD, "test.ldf", 20 * k + 1, c->dns[k],
		    c->objects[k]);
	if (c->has_domains) {
		add_domain("contoso.com", false);
		add_domain("contoso.onmicrosoft.com", true);
	}
	run_policy(c->policy);
	ck_assert_msg(an.findings.n == c->nfindings, "%s: %zu findings",
	    c->name, an.findings.n);
	if (c->nfindings == 0)
		return;
	f = an.findings.list[0];
	ck_assert_str_eq(f->rule->id, "Policy:p");
	ck_assert_int_eq(f->severity, SEV_WARNING);
	ck_assert_uint_eq(f->nobjects, c->nobjects);
	ck_assert_uint_eq(f->nsteps, 1);
	ck_assert_str_eq(f->steps[0], "fix it");
	if (c->summary != NULL)
		ck_assert_msg(strstr(f->summary, c->summary) != NULL,
		    "%s: %s", c->name, f->summary);
}
END_TEST

/*
 * Policy findings are no export errors: they are counted apart, the
 * policy is a run of its own, and the match outcome is untouched.
 */
START_TEST(test_policy_not_export_errors)
{
	static const char *const	 ana[] = { "objectClass", "user",
					    "sn", "Lima", "*objectGUID",
					    "1e6a4b0c9d8e7f60a1b2c3d4e5f60718",
					    NULL };

	testutil_load(t, &dg, SIDE_ONPREM, "test.ldf", 1, "CN=A,DC=c", ana);
	run_policy("severity = error\nattribute = sn\nmatch = ^X\n");
	ck_assert_uint_eq(an.findings.n, 1);
	ck_assert_uint_eq(findings_count(&an.findings, SEV_ERROR), 0);
	ck_assert_uint_eq(findings_count_policies(&an.findings, SEV_ERROR), 1);
	ck_assert(an.runs[an.nruns - 1].did_run);
	ck_assert_uint_eq(an.runs[an.nruns - 1].nfindings, 1);
	ck_assert_str_eq(an.runs[an.nruns - 1].rule->id, "Policy:p");
	ck_assert_int_eq(match_count(an.matches, MATCH_NEW), 1);
}
END_TEST

/* A cloud policy without cloud input is not run, and says why. */
START_TEST(test_policy_not_run)
{
	static const char *const	 ana[] = { "objectClass", "user",
					    "sn", "Lima", NULL };

	testutil_load(t, &dg, SIDE_ONPREM, "test.ldf", 1, "CN=A,DC=c", ana);
	run_policy("side = cloud\nattribute = sn\nmatch = ^X\n");
	ck_assert(!an.runs[an.nruns - 1].did_run);
	ck_assert_ptr_nonnull(strstr(an.runs[an.nruns - 1].why_not, "cloud"));
}
END_TEST

/* ----- the limits ----- */

/*
 * ^(a+)+$ on a megabyte of 'a' and a 'b' backtracks for longer than the
 * universe lasts; the limits end it with a warning naming the policy and
 * the object, neither a pass nor a fail.
 */
START_TEST(test_policy_limit)
{
	size_t			 n = 1024 * 1024;
	char			*value = xmalloc(n + 2);
	const char		*pairs[] = { "objectClass", "user",
				    "description", value, NULL };
	const struct finding	*f;

	memset(value, 'a', n);
	value[n] = 'b';
	value[n + 1] = '\0';
	testutil_load(t, &dg, SIDE_ONPREM, "test.ldf", 1, "CN=A,DC=c", pairs);
	run_policy("severity = error\nattribute = description\n"
	    "match = ^(a+)+$\n");
	ck_assert_uint_eq(an.findings.n, 1);
	f = an.findings.list[0];
	ck_assert_int_eq(f->severity, SEV_WARNING);
	ck_assert_ptr_nonnull(strstr(f->summary, "policy p was not checked "
	    "on this object"));
	ck_assert_ptr_nonnull(strstr(f->summary, "within PCRE2's limits"));
	ck_assert_ptr_nonnull(strstr(f->value, "(1048577 bytes)"));
	ck_assert_str_eq(f->objects[0].object->dn, "CN=A,DC=c");
	ck_assert_uint_eq(findings_count_policies(&an.findings, SEV_ERROR), 0);
	free(value);
}
END_TEST

/* The same pattern on a short value is judged normally. */
START_TEST(test_policy_limit_short_value)
{
	const char	*pairs[] = { "objectClass", "user",
			    "description", "aaaaaaaaaab", NULL };

	testutil_load(t, &dg, SIDE_ONPREM, "test.ldf", 1, "CN=A,DC=c", pairs);
	run_policy("attribute = description\nmatch = ^(a+)+$\n");
	ck_assert_uint_eq(an.findings.n, 1);
	ck_assert_ptr_nonnull(strstr(an.findings.list[0]->summary,
	    "does not match"));
}
END_TEST

static Suite *
policy_suite(void)
{
	Suite	*s = suite_create("policy");
	TCase	*tc = tcase_create("reader");

	tcase_add_loop_test(tc, test_policy_read_error, 0,
	    ARRAY_SIZE(read_cases));
	tcase_add_test(tc, test_policy_read_long_line);
	tcase_add_test(tc, test_policy_read_all_errors);
	tcase_add_test(tc, test_policy_read_valid);
	tcase_add_test(tc, test_policy_read_two_files);
	tcase_add_test(tc, test_policy_read_raw);
	tcase_add_test(tc, test_policy_raw_named_only);
	tcase_add_test(tc, test_policy_read_missing_file);
	suite_add_tcase(s, tc);
	tc = tcase_create("conditions");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_policy_condition, 0,
	    ARRAY_SIZE(condition_cases));
	tcase_add_test(tc, test_policy_not_export_errors);
	tcase_add_test(tc, test_policy_not_run);
	tcase_add_test(tc, test_policy_limit);
	tcase_add_test(tc, test_policy_limit_short_value);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(policy_suite());
}
