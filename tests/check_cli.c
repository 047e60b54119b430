/*
 * Check suite for the command line's suggestions (cli/suggest.h): the
 * edit distance, and which names are offered for a mistyped one.  The
 * messages themselves are golden cases (testdata/golden/cli/suggest-*).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suggest.h"
#include "testutil.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const struct distance_case {
	const char	*a;
	const char	*b;
	size_t		 want;
} distance_cases[] = {
	{ "format", "format", 0 },
	{ "Format", "format", 0 },		/* case is ignored */
	{ "formt", "format", 1 },		/* a letter left out */
	{ "foramt", "format", 1 },		/* two letters swapped */
	{ "fromat", "format", 1 },
	{ "formats", "format", 1 },		/* one too many */
	{ "jsno", "json", 1 },
	{ "xml", "html", 2 },
	{ "", "json", 4 },
	{ "analize", "analyze", 1 },
	{ "redcat", "redact", 1 },
};

START_TEST(test_distance)
{
	const struct distance_case *c = &distance_cases[_i];

	ck_assert_uint_eq(suggest_distance(c->a, c->b), c->want);
	ck_assert_uint_eq(suggest_distance(c->b, c->a), c->want);
}
END_TEST

static const char *const option_names[] = {
	"onprem", "cloud", "format", "fail-on", "output", "redact",
	"rule", "roles", "max-values", "max-depth", NULL
};

static const struct suggest_case {
	const char	*typed;
	const char	*want;		/* suggest_text with "--"; "": none */
} suggest_cases[] = {
	{ "formt", "--format" },
	{ "onperm", "--onprem" },
	{ "redcat", "--redact" },
	{ "rules", "--rule or --roles" },	/* equally near: both */
	{ "max-value", "--max-values" },
	{ "colour", "" },			/* nothing near enough */
	{ "x", "" },
	{ "verbose", "" },
};

START_TEST(test_suggest)
{
	const struct suggest_case *c = &suggest_cases[_i];
	struct suggest	s;
	char		buf[128];
	size_t		i;

	suggest_init(&s, c->typed);
	for (i = 0; option_names[i] != NULL; i++)
		suggest_add(&s, option_names[i]);
	ck_assert_str_eq(suggest_text(&s, "--", buf, sizeof(buf)), c->want);
}
END_TEST

static const struct rule_case {
	const char	*typed;
	const char	*want;
} rule_cases[] = {
	{ "LargeObjekt", "LargeObject" },
	{ "InvalidSoftMach", "InvalidSoftMatch" },
	{ "largeobject", "LargeObject" },	/* case alone */
	{ "NoSuchRule", "" },
};

START_TEST(test_suggest_rule)
{
	const struct rule_case *c = &rule_cases[_i];
	char	buf[256];

	ck_assert_str_eq(suggest_rule(c->typed, NULL, buf, sizeof(buf)),
	    c->want);
}
END_TEST

static Suite *
cli_suite(void)
{
	Suite	*s = suite_create("cli");
	TCase	*tc = tcase_create("suggest");

	tcase_add_loop_test(tc, test_distance, 0, ARRAY_SIZE(distance_cases));
	tcase_add_loop_test(tc, test_suggest, 0, ARRAY_SIZE(suggest_cases));
	tcase_add_loop_test(tc, test_suggest_rule, 0, ARRAY_SIZE(rule_cases));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(cli_suite());
}
