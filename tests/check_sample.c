/*
 * The bundled sample against its answer key: testdata/sample/planted.tsv
 * lists every problem tools/gendir planted (rule, attribute, value,
 * objects).  syncdoctor must report each planted problem, and no error or
 * warning finding the key does not list: a false positive fails this test
 * as surely as a miss.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analysis.h"
#include "input.h"
#include "testutil.h"
#include "xalloc.h"

#define SAMPLE	SD_SRCDIR "/testdata/sample/"

struct planted {
	char	*rule;
	char	*attribute;
	char	*value;
	char	*objects;	/* DNs and cloud ids joined with " | " */
	bool	 is_found;
};

static struct planted	*planted;
static size_t		 nplanted;
static struct table	*t;
static struct diag	 dg;
static struct analysis	 an;

static void
read_key(void)
{
	FILE	*fp = fopen(SAMPLE "planted.tsv", "r");
	char	*line = NULL, *f[4];
	size_t	 cap = 0;
	int	 i;

	ck_assert_ptr_nonnull(fp);
	while (getline(&line, &cap, fp) > 0) {
		char *p = line;

		line[strcspn(line, "\r\n")] = '\0';
		for (i = 0; i < 4; i++) {
			f[i] = p;
			p += strcspn(p, "\t");
			if (*p == '\t')
				*p++ = '\0';
		}
		planted = xreallocarray(planted, nplanted + 1, sizeof(*planted));
		planted[nplanted].rule = xstrdup(f[0]);
		planted[nplanted].attribute = xstrdup(f[1]);
		planted[nplanted].value = xstrdup(f[2]);
		planted[nplanted].objects = xstrdup(f[3]);
		planted[nplanted].is_found = false;
		nplanted++;
	}
	free(line);
	fclose(fp);
}

static void
load(const char *file, const char *side, enum input_content content)
{
	struct limits		lim;
	struct input_options	opt = { .limits = &lim,
				    .default_cloud_type = OBJ_USER };
	struct input_request	req = { .path = file, .side = side,
				    .content = content };

	limits_init(&lim);
	ck_assert_int_eq(input_load(t, &dg, &req, &opt), 0);
}

static void
setup(void)
{
	struct sync_options	opt = { .is_resiliency_on = true };

	read_key();
	diag_init(&dg, NULL);
	t = table_new(0);
	load(SAMPLE "onprem.ldf", "onprem", CONTENT_OBJECTS);
	load(SAMPLE "cloud-users.csv", "cloud", CONTENT_OBJECTS);
	load(SAMPLE "cloud-groups.csv", "cloud", CONTENT_OBJECTS);
	load(SAMPLE "domains.csv", NULL, CONTENT_DOMAINS);
	load(SAMPLE "roles.csv", NULL, CONTENT_ROLES);
	analysis_run(&an, t, &opt, NULL, 0, NULL);
}

static void
teardown(void)
{
	size_t	i;

	analysis_release(&an);
	table_free(t);
	diag_release(&dg);
	for (i = 0; i < nplanted; i++) {
		free(planted[i].rule);
		free(planted[i].attribute);
		free(planted[i].value);
		free(planted[i].objects);
	}
	free(planted);
	planted = NULL;
	nplanted = 0;
}

static bool
is_smtp_attribute(const char *a)
{
	return strcmp(a, "mail") == 0 || strcmp(a, "proxyAddresses") == 0;
}

/*
 * Same attribute, or both in the SMTP space (one object's mail may clash
 * with another's proxy address); same value, or for counts and sizes the
 * finding says the number and its unit ("18 certificates").
 */
static bool
is_same_problem(const struct planted *p, const struct finding *f)
{
	size_t	n = strlen(p->value);

	if (strcmp(p->rule, f->rule->id) != 0)
		return false;
	if (strcmp(p->attribute, f->attribute) != 0 &&
	    !(is_smtp_attribute(p->attribute) &&
	    is_smtp_attribute(f->attribute)))
		return false;
	return strcasecmp(p->value, f->value) == 0 ||
	    (strncmp(p->value, f->value, n) == 0 && f->value[n] == ' ');
}

static bool
finding_names(const struct finding *f, const char *name, size_t len)
{
	size_t	i;

	for (i = 0; i < f->nobjects; i++) {
		const struct object *o = f->objects[i].object;
		const char *id = o->dn != NULL ? o->dn : o->id;

		if (id != NULL && strlen(id) == len &&
		    strncmp(id, name, len) == 0)
			return true;
	}
	return false;
}

/* Every object the key names for p is among f's objects. */
static void
assert_objects(const struct planted *p, const struct finding *f)
{
	const char	*s = p->objects;

	while (*s != '\0') {
		const char	*end = strstr(s, " | ");
		size_t		 len = end ? (size_t)(end - s) : strlen(s);

		ck_assert_msg(finding_names(f, s, len),
		    "%s '%s': object '%.*s' not named", p->rule, p->value,
		    (int)len, s);
		s += len;
		if (end != NULL)
			s += 3;
	}
}

/* Does f name the first object the key lists for p? */
static bool
names_first(const struct planted *p, const struct finding *f)
{
	const char	*end = strstr(p->objects, " | ");

	return finding_names(f, p->objects, end != NULL ?
	    (size_t)(end - p->objects) : strlen(p->objects));
}

/*
 * The planted entry f reports, or NULL: of several with one value (two
 * users on one unverified UPN), the one whose object f names.
 */
static struct planted *
key_entry(const struct finding *f)
{
	struct planted	*first = NULL;
	size_t		 i;

	for (i = 0; i < nplanted; i++) {
		if (!is_same_problem(&planted[i], f))
			continue;
		if (names_first(&planted[i], f))
			return &planted[i];
		if (first == NULL)
			first = &planted[i];
	}
	return first;
}

/*
 * One outcome per object: no error finding on an object predicted to
 * export, no blocked object without its finding, and the counts the
 * reports show are those of the blocking and loss findings.
 */
START_TEST(test_verdicts_agree)
{
	char	why[1024] = "";
	size_t	i, k, nblocked = 0, nloss = 0;

	ck_assert_msg(verdicts_agree(&an.verdicts, t, &an.findings, why,
	    sizeof(why)), "%s", why);
	for (i = 0; i < table_count(t); i++) {
		const struct object *o = table_get(t, i);
		bool blocked = false, loss = false;

		for (k = 0; k < an.findings.n; k++) {
			enum finding_effect e = finding_effect_on(
			    an.findings.list[k], o);

			blocked |= e == EFFECT_BLOCKED;
			loss |= e == EFFECT_LOSS;
		}
		nblocked += blocked;
		nloss += loss && !blocked;
	}
	ck_assert_uint_eq(verdict_count(&an.verdicts, VERDICT_BLOCKED),
	    nblocked);
	ck_assert_uint_eq(verdict_count(&an.verdicts, VERDICT_LOSS), nloss);
	ck_assert_uint_eq(findings_count(&an.findings, SEV_ERROR),
	    verdict_count(&an.verdicts, VERDICT_BLOCKED));
}
END_TEST

/*
 * The scenario objects (testdata/sample/outcomes.tsv) come to what the
 * default rules and joins decide: out of scope (a role group, a list
 * without mail, contacts joined on mail), sync resumed, provisioned.
 */
START_TEST(test_scenario_outcomes)
{
	FILE	*fp = fopen(SAMPLE "outcomes.tsv", "r");
	char	*line = NULL, *tab;
	size_t	 cap = 0, i, nchecked = 0;

	ck_assert_ptr_nonnull(fp);
	while (getline(&line, &cap, fp) > 0) {
		const struct object *o = NULL;
		const struct verdict *d;
		const char *got;

		line[strcspn(line, "\r\n")] = '\0';
		tab = strchr(line, '\t');
		ck_assert_ptr_nonnull(tab);
		*tab++ = '\0';
		for (i = 0; i < table_count(t) && o == NULL; i++)
			if (table_get(t, i)->dn != NULL &&
			    strcmp(table_get(t, i)->dn, line) == 0)
				o = table_get(t, i);
		ck_assert_msg(o != NULL, "%s: not in the sample", line);
		d = verdict_of(&an.verdicts, o);
		got = o->scope != SCOPE_IN ? "out-of-scope" : d != NULL ?
		    verdict_kind_id(d->kind) : "none";
		ck_assert_msg(strcmp(got, tab) == 0, "%s: %s, want %s", line,
		    got, tab);
		nchecked++;
	}
	free(line);
	fclose(fp);
	ck_assert_uint_ge(nchecked, 8);
}
END_TEST

START_TEST(test_inputs_all_loaded)
{
	size_t	i;

	ck_assert_uint_eq(dg.ninputs, 5);
	for (i = 0; i < dg.ninputs; i++) {
		ck_assert_uint_gt(dg.inputs[i].records, 0);
		ck_assert_uint_eq(dg.inputs[i].records, dg.inputs[i].accepted);
	}
	ck_assert_uint_ge(nplanted, 10);
}
END_TEST

START_TEST(test_every_planted_problem_found)
{
	size_t	i;

	for (i = 0; i < an.findings.n; i++) {
		struct planted *p = key_entry(an.findings.list[i]);

		if (p != NULL) {
			p->is_found = true;
			assert_objects(p, an.findings.list[i]);
		}
	}
	for (i = 0; i < nplanted; i++)
		ck_assert_msg(planted[i].is_found, "planted %s %s '%s' not found",
		    planted[i].rule, planted[i].attribute, planted[i].value);
}
END_TEST

START_TEST(test_no_unplanted_finding)
{
	size_t	i;

	for (i = 0; i < an.findings.n; i++) {
		const struct finding *f = an.findings.list[i];

		if (f->severity == SEV_INFO)
			continue;
		/* A second problem with a planted value is the same object. */
		ck_assert_msg(key_entry(f) != NULL,
		    "unplanted %s finding: %s '%s'", f->rule->id,
		    f->attribute, f->value);
	}
}
END_TEST

static Suite *
sample_suite(void)
{
	Suite	*s = suite_create("sample");
	TCase	*tc = tcase_create("planted");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_inputs_all_loaded);
	tcase_add_test(tc, test_every_planted_problem_found);
	tcase_add_test(tc, test_no_unplanted_finding);
	tcase_add_test(tc, test_verdicts_agree);
	tcase_add_test(tc, test_scenario_outcomes);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(sample_suite());
}
