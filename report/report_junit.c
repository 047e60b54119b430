/*
 * The JUnit XML report, for CI servers (Jenkins, GitLab, Azure DevOps):
 * one testsuite per rule, and in it one testcase per finding, named by
 * the finding's stable id (the JSON report's and the baseline's), so a
 * CI server follows each finding from run to run.  A testcase fails only
 * when its finding fails the run: at the --fail-on level or above and,
 * with a baseline, new (report_view's is_failing, the exit status's own
 * rule); every other finding is a skipped testcase that says why (below
 * the level, or already in the baseline).  So a job that exits 0 shows
 * no failure, and one that exits 1 shows exactly the findings that made
 * it.  A rule that found nothing passes one testcase; one that could not
 * run is skipped.  Then: findings fixed since the baseline (passing), the
 * counts per predicted outcome as properties of a "prediction" suite,
 * whose actual provisioning errors no rule predicted are skipped
 * testcases (they do not set the exit status), and the inputs, an
 * unusable one failing (exit status 3).  The shape is the one Jenkins'
 * xunit plugin validates (tests/schema/junit.xsd).  Every customer value
 * goes through escape_xml(), so the document is well formed whatever the
 * data holds.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "escape_doc.h"
#include "report.h"
#include "view.h"

static void	junit_write(FILE *, const struct report_view *);

const struct report_format report_format_junit = {
	.name      = "junit",
	.extension = "xml",
	.write     = junit_write,
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

static bool
is_of_run(const struct view_finding *f, const struct view_run *run)
{
	return strcmp(f->rule, run->rule) == 0;
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
	if (f->proposed != NULL) {
		fputs("Proposed: ", out);
		put_value(out, f->proposed);
		fputc('\n', out);
	}
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

/* Why a finding that does not fail the run is skipped. */
static const char *
junit_skip_reason(const struct report_view *v, const struct view_finding *f)
{
	if (f->mark != NULL && strcmp(f->mark, "present") == 0)
		return "already in the baseline: only new findings fail the run";
	if (v->fail_on < 0)
		return "--fail-on never: no finding fails the run";
	return "below the --fail-on level: reported, does not fail the run";
}

/* One finding: its testcase, failed or skipped, with its text. */
static void
junit_case(FILE *out, const struct report_view *v,
    const struct view_finding *f)
{
	const struct view_object *o = f->nobjects > 0 ? f->objects[0].object :
				    NULL;

	fprintf(out, "    <testcase classname=\"syncdoctor.%s\" name=\"",
	    f->rule);
	put(out, f->id != NULL ? f->id : f->rule);
	fputs("\">\n", out);
	if (f->is_failing) {
		fprintf(out, "      <failure type=\"%s\" message=\"",
		    f->severity_name);
		put_value(out, f->summary);
		fputs("\">", out);
	} else {
		fprintf(out, "      <skipped type=\"%s\" message=\"",
		    f->severity_name);
		put(out, junit_skip_reason(v, f));
		fputs("\"/>\n      <system-out>", out);
	}
	if (o != NULL) {
		put_value(out, o->file);
		fprintf(out, ":%lu: ", o->line);
	}
	junit_finding_text(out, f);
	fputs(f->is_failing ? "</failure>\n" : "</system-out>\n", out);
	fputs("    </testcase>\n", out);
}

/* How many findings of run there are, how many fail the run. */
static void
junit_count(const struct report_view *v, const struct view_run *run,
    size_t *n, size_t *failing)
{
	size_t	i;

	*n = *failing = 0;
	for (i = 0; i < v->nfindings; i++)
		if (is_of_run(&v->findings[i], run)) {
			(*n)++;
			*failing += v->findings[i].is_failing;
		}
}

static void
junit_suite(FILE *out, const struct report_view *v, const struct view_run *run)
{
	size_t	i, n, failing;

	junit_count(v, run, &n, &failing);
	fprintf(out, "  <testsuite name=\"%s\" tests=\"%zu\" failures=\"%zu\" "
	    "errors=\"0\" skipped=\"%zu\">\n", run->rule, n > 0 ? n : 1,
	    failing, run->did_run ? n - failing : 1);
	if (!run->did_run) {
		fprintf(out, "    <testcase classname=\"syncdoctor.%s\" "
		    "name=\"not checked\">\n      <skipped message=\"",
		    run->rule);
		put(out, run->why_not);
		fputs("\"/>\n    </testcase>\n", out);
	} else if (n == 0) {
		fprintf(out, "    <testcase classname=\"syncdoctor.%s\" "
		    "name=\"no findings: ", run->rule);
		put(out, run->title);
		fputs("\"/>\n", out);
	}
	for (i = 0; i < v->nfindings; i++)
		if (is_of_run(&v->findings[i], run))
			junit_case(out, v, &v->findings[i]);
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

		fputs("    <testcase classname=\"syncdoctor.", out);
		put(out, e->rule);
		fputs("\" name=\"", out);
		put(out, e->id);
		fputs("\">\n      <system-out>fixed since the baseline: ", out);
		put_value(out, e->summary);
		fputs("</system-out>\n    </testcase>\n", out);
	}
	fputs("  </testsuite>\n", out);
}

static void
junit_unpredicted(FILE *out, const struct view_error *e)
{
	fputs("    <testcase classname=\"syncdoctor.prediction\" "
	    "name=\"unpredicted: ", out);
	put(out, view_object_name(e->object));
	fputs("\">\n      <skipped type=\"unpredicted\" message=\"Entra ID "
	    "reports ", out);
	put(out, e->category != NULL ? e->category->text : "an error");
	fputs(" on ", out);
	put(out, e->property != NULL ? e->property->text : "a property");
	fputs(" '", out);
	put_value(out, e->value);
	fputs("'; no rule predicted it (it does not set the exit status)"
	    "\"/>\n      <system-out>", out);
	put_value(out, e->object->file);
	fprintf(out, ":%lu</system-out>\n    </testcase>\n", e->object->line);
}

/*
 * The counts per predicted outcome and the reconciliation as suite
 * properties; each unpredicted provisioning error a skipped testcase.
 */
static void
junit_prediction(FILE *out, const struct report_view *v)
{
	const struct view_counts	*c = &v->counts;
	size_t				 i;

	fprintf(out, "  <testsuite name=\"prediction\" tests=\"%zu\" "
	    "failures=\"0\" errors=\"0\" skipped=\"%zu\">\n"
	    "    <properties>\n", c->unpredicted > 0 ? c->unpredicted : 1,
	    c->unpredicted);
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
		fprintf(out, "    <testcase classname=\"syncdoctor.prediction\" "
		    "name=\"export outcome of %zu in-scope objects\"/>\n",
		    c->simulated);
	for (i = 0; i < v->nerrors; i++)
		if (!v->errors[i].is_predicted)
			junit_unpredicted(out, &v->errors[i]);
	fputs("  </testsuite>\n", out);
}

static void
junit_write(FILE *out, const struct report_view *v)
{
	size_t	i, n, failing, tests = v->ninputs, failures = 0;

	for (i = 0; i < v->nruns; i++) {
		if (!v->runs[i].is_selected)
			continue;
		junit_count(v, &v->runs[i], &n, &failing);
		tests += n > 0 ? n : 1;
		failures += failing;
	}
	tests += v->counts.unpredicted > 0 ? v->counts.unpredicted : 1;
	if (v->has_baseline)
		tests += v->nfixed;
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites name=\"syncdoctor %s\" tests=\"%zu\" failures=\"%zu\" "
	    "errors=\"0\">\n", PACKAGE_VERSION, tests,
	    failures + v->counts.left_out);
	for (i = 0; i < v->nruns; i++)
		if (v->runs[i].is_selected)
			junit_suite(out, v, &v->runs[i]);
	if (v->has_baseline)
		junit_fixed(out, v);
	junit_prediction(out, v);
	junit_inputs(out, v);
	fputs("</testsuites>\n", out);
}
