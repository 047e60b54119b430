/*
 * The JUnit XML report, for CI servers (Jenkins, GitLab, Azure DevOps):
 * one testsuite per rule, one failed testcase per (object, rule) pair
 * holding every finding of that rule about the object, one passing
 * testcase for a rule that ran and found nothing, one skipped testcase
 * for a rule that could not run; then a suite of the inputs, failing an
 * unusable one.  A testcase's properties give its baseline mark, its
 * reconciliation with actual provisioning errors and the object's
 * predicted outcome; findings fixed since the baseline pass in a suite of
 * their own; the counts per predicted outcome are the properties of a
 * "prediction" suite, whose failing testcases are actual provisioning
 * errors no rule predicted.  Every customer value goes through
 * escape_xml(), so the document is well formed whatever the data holds.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape_doc.h"
#include "report.h"
#include "view.h"
#include "xalloc.h"

static void	junit_write(FILE *, const struct report_view *);

const struct report_format report_format_junit = {
	.name      = "junit",
	.extension = "xml",
	.write     = junit_write,
};

/* One finding about one object, filed under the object's testcase. */
struct junit_pair {
	size_t					 case_no;
	size_t					 order;	/* report order */
	const struct view_finding		*finding;
	const struct view_finding_object	*fo;	/* NULL: names none */
};

/* The testcases of one rule. */
struct junit_suite {
	const struct view_run	*run;
	struct junit_pair	*pairs;		/* sorted by case, then order */
	size_t			 npairs;
	size_t			 ncases;
};

static void
put(FILE *out, const char *s)
{
	if (s != NULL)
		escape_xml(out, s, strlen(s));
}

/* A customer string: every one is printed through this. */
static void
put_value(FILE *out, const struct view_value *v)
{
	put(out, view_text(v));
}

static int
pair_cmp(const void *a, const void *b)
{
	const struct junit_pair	*pa = a, *pb = b;

	if (pa->case_no != pb->case_no)
		return pa->case_no < pb->case_no ? -1 : 1;
	return pa->order < pb->order ? -1 : pa->order > pb->order;
}

static void
junit_add(struct junit_suite *su, size_t case_no,
    const struct view_finding *f, const struct view_finding_object *fo)
{
	struct junit_pair	*p = &su->pairs[su->npairs];

	p->case_no = case_no;
	p->order = su->npairs++;
	p->finding = f;
	p->fo = fo;
}

static bool
is_of_run(const struct view_finding *f, const struct view_run *run)
{
	return strcmp(f->rule, run->rule) == 0;
}

/*
 * File every (finding, object) of the suite's rule under a testcase per
 * object, numbered in order of first appearance.  slot[object index] is
 * SIZE_MAX on entry and on return.
 */
static void
junit_group(struct junit_suite *su, const struct report_view *v,
    size_t *slot)
{
	size_t	i, k, n = 0;

	for (i = 0; i < v->nfindings; i++)
		if (is_of_run(&v->findings[i], su->run))
			n += v->findings[i].nobjects > 0 ?
			    v->findings[i].nobjects : 1;
	su->pairs = xcalloc(n > 0 ? n : 1, sizeof(*su->pairs));
	for (i = 0; i < v->nfindings; i++) {
		const struct view_finding *f = &v->findings[i];

		if (!is_of_run(f, su->run))
			continue;
		if (f->nobjects == 0)
			junit_add(su, su->ncases++, f, NULL);
		for (k = 0; k < f->nobjects; k++) {
			size_t *s = &slot[f->objects[k].object->index];

			if (*s == SIZE_MAX)
				*s = su->ncases++;
			junit_add(su, *s, f, &f->objects[k]);
		}
	}
	for (i = 0; i < su->npairs; i++)
		if (su->pairs[i].fo != NULL)
			slot[su->pairs[i].fo->object->index] = SIZE_MAX;
	qsort(su->pairs, su->npairs, sizeof(*su->pairs), pair_cmp);
}

static void
junit_object_line(FILE *out, const struct view_finding_object *fo)
{
	const struct view_object	*o = fo->object;

	fprintf(out, "  %s %s ", side_name(o->side),
	    object_type_name(o->type));
	put(out, view_object_name(o));
	fputs(" (", out);
	put_value(out, o->file);
	fprintf(out, ":%lu)", o->line);
	if (fo->held_as != NULL || fo->value != NULL) {
		fputs(" ", out);
		put_value(out, fo->held_as);
		fputs(fo->held_as != NULL ? ": " : "", out);
		put_value(out, fo->value);
	}
	if (fo->role != NULL) {
		fputs(" [", out);
		put_value(out, fo->role);
		fputc(']', out);
	}
	fputc('\n', out);
}

/* " (new) [confirmed]": the marks of finding f, if any. */
static void
junit_marks(FILE *out, const struct view_finding *f)
{
	if (f->mark != NULL)
		fprintf(out, " (%s)", f->mark);
	if (f->reconcile_name != NULL)
		fprintf(out, " [%s]", f->reconcile_name);
}

/* One finding in a failure's text: what, who, how to fix, where to read. */
static void
junit_finding_text(FILE *out, const struct view_finding *f)
{
	size_t	i;

	fputs(f->severity_name, out);
	junit_marks(out, f);
	fputs(": ", out);
	put_value(out, f->attribute);
	fputs(" '", out);
	put_value(out, f->value);
	fputs("'\n", out);
	put_value(out, f->summary);
	fputs("\nObjects:\n", out);
	for (i = 0; i < f->nobjects; i++)
		junit_object_line(out, &f->objects[i]);
	if (f->keeper != NULL) {
		fputs("Keeper: ", out);
		put_value(out, f->keeper->text);
		fputc('\n', out);
	}
	fputs("Fix:\n", out);
	for (i = 0; i < f->nsteps; i++) {
		fprintf(out, "  %zu. ", i + 1);
		put_value(out, f->steps[i]);
		fputc('\n', out);
	}
	fputs("See ", out);
	put(out, f->doc);
	fputc('\n', out);
}

static void
junit_property(FILE *out, const char *name, const char *value)
{
	if (value == NULL)
		return;
	fprintf(out, "        <property name=\"%s\" value=\"", name);
	put(out, value);
	fputs("\"/>\n", out);
}

/*
 * A testcase's marks: "new" when any of its findings is new, else
 * "present"; "confirmed" when any is, else "not-yet-seen"; and the
 * object's predicted outcome.
 */
static void
junit_case_properties(FILE *out, const struct junit_pair *pairs, size_t n)
{
	const char	*mark = NULL, *seen = NULL, *id;
	const char	*outcome = NULL;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if ((id = pairs[i].finding->mark) != NULL &&
		    (mark == NULL || strcmp(id, "new") == 0))
			mark = id;
		if ((id = pairs[i].finding->reconcile_id) != NULL &&
		    (seen == NULL || strcmp(id, "confirmed") == 0))
			seen = id;
	}
	if (pairs[0].fo != NULL)
		outcome = pairs[0].fo->object->outcome_id;
	if (mark == NULL && seen == NULL && outcome == NULL)
		return;
	fputs("      <properties>\n", out);
	junit_property(out, "baseline", mark);
	junit_property(out, "reconciliation", seen);
	junit_property(out, "predicted", outcome);
	fputs("      </properties>\n", out);
}

/* The testcase of pairs[0..n), all about one object (or one finding). */
static void
junit_case(FILE *out, const char *rule, const struct junit_pair *pairs,
    size_t n)
{
	const struct view_finding	*first = pairs[0].finding;
	const struct view_finding	*worst = first;
	size_t				 i;

	for (i = 1; i < n; i++)
		if (pairs[i].finding->severity < worst->severity)
			worst = pairs[i].finding;
	fprintf(out, "    <testcase classname=\"%s\" name=\"", rule);
	if (pairs[0].fo != NULL) {
		const struct view_object *o = pairs[0].fo->object;

		fprintf(out, "%s %s ", side_name(o->side),
		    object_type_name(o->type));
		put(out, view_object_name(o));
		fputs("\" file=\"", out);
		put_value(out, o->file);
		fprintf(out, "\" line=\"%lu", o->line);
	} else {
		put_value(out, first->attribute);
		fputc(' ', out);
		put_value(out, first->value);
	}
	fputs("\">\n", out);
	junit_case_properties(out, pairs, n);
	fprintf(out, "      <failure type=\"%s\" message=\"",
	    worst->severity_name);
	if (first->mark != NULL)
		fprintf(out, "(%s) ", first->mark);
	put_value(out, first->summary);
	if (n > 1)
		fprintf(out, " (and %zu more)", n - 1);
	fputs("\">", out);
	for (i = 0; i < n; i++) {
		fputs(i > 0 ? "\n" : "", out);
		junit_finding_text(out, pairs[i].finding);
	}
	fputs("</failure>\n    </testcase>\n", out);
}

static void
junit_suite(FILE *out, const struct junit_suite *su)
{
	const struct view_run	*run = su->run;
	size_t			 i, start;

	fprintf(out, "  <testsuite name=\"%s\" tests=\"%zu\" failures=\"%zu\" "
	    "errors=\"0\" skipped=\"%d\">\n", run->rule,
	    su->ncases > 0 ? su->ncases : 1, su->ncases, !run->did_run);
	if (!run->did_run) {
		fprintf(out, "    <testcase classname=\"%s\" name=\"not checked"
		    "\">\n      <skipped message=\"", run->rule);
		put(out, run->why_not);
		fputs("\"/>\n    </testcase>\n", out);
	} else if (su->ncases == 0) {
		fprintf(out, "    <testcase classname=\"%s\" name=\"no "
		    "findings: ", run->rule);
		put(out, run->title);
		fputs("\"/>\n", out);
	}
	for (start = 0, i = 1; i <= su->npairs; i++)
		if (i == su->npairs ||
		    su->pairs[i].case_no != su->pairs[start].case_no) {
			junit_case(out, run->rule, su->pairs + start,
			    i - start);
			start = i;
		}
	fputs("  </testsuite>\n", out);
}

static void
junit_inputs(FILE *out, const struct report_view *v)
{
	size_t	i;

	fprintf(out, "  <testsuite name=\"inputs\" tests=\"%zu\" "
	    "failures=\"%zu\" errors=\"0\" skipped=\"0\">\n", v->ninputs,
	    v->counts.left_out);
	for (i = 0; i < v->ninputs; i++) {
		const struct view_input *in = &v->inputs[i];

		fputs("    <testcase classname=\"inputs\" name=\"", out);
		put_value(out, in->path);
		fputs("\">\n", out);
		if (in->is_unusable) {
			fputs("      <failure type=\"fatal\" message=\"input "
			    "unusable: ", out);
			put(out, in->why_unusable != NULL ?
			    in->why_unusable->text : "see the JSON report");
			fputs("\"/>\n", out);
		}
		fputs("      <system-out>", out);
		put(out, in->kind);
		fputs(", ", out);
		put(out, in->side);
		fprintf(out, ": %zu records, %zu loaded, %zu rejected, "
		    "%zu skipped, %zu values refused, %zu warnings"
		    "</system-out>\n    </testcase>\n", in->records,
		    in->accepted, in->rejected, in->skipped,
		    in->values_rejected, in->warnings);
	}
	fputs("  </testsuite>\n", out);
}

/* Findings of the baseline this run no longer makes: passing testcases. */
static void
junit_fixed(FILE *out, const struct report_view *v)
{
	size_t	i;

	fprintf(out, "  <testsuite name=\"fixed since the baseline\" "
	    "tests=\"%zu\" failures=\"0\" errors=\"0\" skipped=\"0\">\n",
	    v->nfixed);
	for (i = 0; i < v->nfixed; i++) {
		const struct view_fixed *e = &v->fixed[i];

		fputs("    <testcase classname=\"", out);
		put(out, e->rule);
		fputs("\" name=\"fixed: ", out);
		put_value(out, e->attribute);
		fputc(' ', out);
		put_value(out, e->value);
		fputs("\">\n      <properties>\n", out);
		junit_property(out, "baseline", "fixed");
		junit_property(out, "id", e->id);
		fputs("      </properties>\n    </testcase>\n", out);
	}
	fputs("  </testsuite>\n", out);
}

static void
junit_unpredicted(FILE *out, const struct view_error *e)
{
	fputs("    <testcase classname=\"prediction\" name=\"unpredicted: ",
	    out);
	put(out, view_object_name(e->object));
	fputs("\" file=\"", out);
	put_value(out, e->object->file);
	fprintf(out, "\" line=\"%lu\">\n      <failure type=\"unpredicted\" "
	    "message=\"Entra ID reports ", e->object->line);
	put(out, e->category != NULL ? e->category->text : "an error");
	fputs(" on ", out);
	put(out, e->property != NULL ? e->property->text : "a property");
	fputs(" '", out);
	put_value(out, e->value);
	fputs("'; no rule predicted it\"/>\n    </testcase>\n", out);
}

/* How many testcases junit_prediction() writes, how many fail. */
static size_t
prediction_cases(const struct report_view *v)
{
	return v->counts.unpredicted > 0 ? v->counts.unpredicted : 1;
}

/*
 * The counts per predicted outcome and the reconciliation as suite
 * properties; each unpredicted provisioning error fails a testcase.
 */
static void
junit_prediction(FILE *out, const struct report_view *v)
{
	const struct view_counts	*c = &v->counts;
	size_t				 i;

	fprintf(out, "  <testsuite name=\"prediction\" tests=\"%zu\" "
	    "failures=\"%zu\" errors=\"0\" skipped=\"0\">\n    <properties>\n",
	    prediction_cases(v), c->unpredicted);
	for (i = 0; i < v->noutcomes; i++)
		fprintf(out, "      <property name=\"predicted.%s\" "
		    "value=\"%zu\"/>\n", v->outcomes[i].id, v->outcomes[i].n);
	if (v->is_reconciled)
		fprintf(out, "      <property name=\"reconciliation.confirmed\" "
		    "value=\"%zu\"/>\n      <property name=\"reconciliation."
		    "notYetSeen\" value=\"%zu\"/>\n      <property name=\""
		    "reconciliation.unpredicted\" value=\"%zu\"/>\n",
		    c->confirmed, c->not_yet_seen, c->unpredicted);
	fputs("    </properties>\n", out);
	if (c->unpredicted == 0)
		fprintf(out, "    <testcase classname=\"prediction\" name=\""
		    "export outcome of %zu in-scope objects\"/>\n",
		    c->simulated);
	for (i = 0; i < v->nerrors; i++)
		if (!v->errors[i].is_predicted)
			junit_unpredicted(out, &v->errors[i]);
	fputs("  </testsuite>\n", out);
}

static void
junit_write(FILE *out, const struct report_view *v)
{
	struct junit_suite	*suites;
	size_t			*slot;	/* object index -> testcase */
	size_t			 n = v->ntable;
	size_t			 i, tests = v->ninputs, failures = 0;
	size_t			 skipped = 0;

	slot = xmalloc((n > 0 ? n : 1) * sizeof(*slot));
	for (i = 0; i < n; i++)
		slot[i] = SIZE_MAX;
	suites = xcalloc(v->nruns > 0 ? v->nruns : 1, sizeof(*suites));
	for (i = 0; i < v->nruns; i++) {
		suites[i].run = &v->runs[i];
		junit_group(&suites[i], v, slot);
		tests += suites[i].ncases > 0 ? suites[i].ncases : 1;
		failures += suites[i].ncases;
		skipped += !v->runs[i].did_run;
	}
	tests += prediction_cases(v);
	failures += v->counts.unpredicted;
	if (v->has_baseline)
		tests += v->nfixed;
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites name=\"syncdoctor %s\" tests=\"%zu\" failures=\"%zu\" "
	    "errors=\"0\" skipped=\"%zu\">\n", PACKAGE_VERSION, tests,
	    failures + v->counts.left_out, skipped);
	for (i = 0; i < v->nruns; i++) {
		junit_suite(out, &suites[i]);
		free(suites[i].pairs);
	}
	if (v->has_baseline)
		junit_fixed(out, v);
	junit_prediction(out, v);
	junit_inputs(out, v);
	fputs("</testsuites>\n", out);
	free(suites);
	free(slot);
}
