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

#include "baseline.h"
#include "escape_doc.h"
#include "match.h"
#include "reconcile.h"
#include "report.h"
#include "rule.h"
#include "xalloc.h"

static void	junit_write(FILE *, const struct report_ctx *);

const struct report_format report_format_junit = {
	.name      = "junit",
	.extension = "xml",
	.write     = junit_write,
};

/* One finding about one object, filed under the object's testcase. */
struct junit_pair {
	size_t				 case_no;
	size_t				 order;	/* keeps findings in report order */
	size_t				 at;	/* the finding's list index */
	const struct finding		*finding;
	const struct finding_object	*fo;	/* NULL: finding names none */
};

/* The testcases of one rule. */
struct junit_suite {
	const struct rule_run	*run;
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

static int
pair_cmp(const void *a, const void *b)
{
	const struct junit_pair	*pa = a, *pb = b;

	if (pa->case_no != pb->case_no)
		return pa->case_no < pb->case_no ? -1 : 1;
	return pa->order < pb->order ? -1 : pa->order > pb->order;
}

static void
junit_add(struct junit_suite *su, size_t case_no, const struct findings *fs,
    size_t at, const struct finding_object *fo)
{
	struct junit_pair	*p = &su->pairs[su->npairs];

	p->case_no = case_no;
	p->order = su->npairs++;
	p->at = at;
	p->finding = fs->list[at];
	p->fo = fo;
}

/*
 * File every (finding, object) of the suite's rule under a testcase per
 * object, numbered in order of first appearance.  slot[object index] is
 * SIZE_MAX on entry and on return.
 */
static void
junit_group(struct junit_suite *su, const struct findings *fs, size_t *slot)
{
	size_t	i, k, n = 0;

	for (i = 0; i < fs->n; i++)
		if (fs->list[i]->rule == su->run->rule)
			n += fs->list[i]->nobjects > 0 ? fs->list[i]->nobjects : 1;
	su->pairs = xcalloc(n > 0 ? n : 1, sizeof(*su->pairs));
	for (i = 0; i < fs->n; i++) {
		const struct finding *f = fs->list[i];

		if (f->rule != su->run->rule)
			continue;
		if (f->nobjects == 0)
			junit_add(su, su->ncases++, fs, i, NULL);
		for (k = 0; k < f->nobjects; k++) {
			size_t *s = &slot[f->objects[k].object->index];

			if (*s == SIZE_MAX)
				*s = su->ncases++;
			junit_add(su, *s, fs, i, &f->objects[k]);
		}
	}
	for (i = 0; i < su->npairs; i++)
		if (su->pairs[i].fo != NULL)
			slot[su->pairs[i].fo->object->index] = SIZE_MAX;
	qsort(su->pairs, su->npairs, sizeof(*su->pairs), pair_cmp);
}

static void
junit_object_line(FILE *out, const struct finding_object *fo)
{
	const struct object	*o = fo->object;

	fprintf(out, "  %s %s ", side_name(o->side),
	    object_type_name(o->type));
	put(out, report_object_name(o));
	fputs(" (", out);
	put(out, o->file);
	fprintf(out, ":%lu)", o->line);
	if (fo->held_as != NULL || fo->value != NULL) {
		fputs(" ", out);
		put(out, fo->held_as);
		fputs(fo->held_as != NULL ? ": " : "", out);
		put(out, fo->value);
	}
	if (fo->role != NULL) {
		fputs(" [", out);
		put(out, fo->role);
		fputc(']', out);
	}
	fputc('\n', out);
}

/* " (new) [confirmed]": the marks of finding number at, if any. */
static void
junit_marks(FILE *out, const struct report_ctx *ctx, size_t at)
{
	if (report_mark(ctx, at) != NULL)
		fprintf(out, " (%s)", report_mark(ctx, at));
	if (report_reconcile_name(ctx, at) != NULL)
		fprintf(out, " [%s]", report_reconcile_name(ctx, at));
}

/* One finding in a failure's text: what, who, how to fix, where to read. */
static void
junit_finding_text(FILE *out, const struct report_ctx *ctx, size_t at)
{
	const struct finding	*f = ctx->analysis->findings.list[at];
	size_t			 i;

	fputs(severity_name(f->severity), out);
	junit_marks(out, ctx, at);
	fputs(": ", out);
	put(out, f->attribute);
	fputs(" '", out);
	put(out, f->value);
	fputs("'\n", out);
	put(out, f->summary);
	fputs("\nObjects:\n", out);
	for (i = 0; i < f->nobjects; i++)
		junit_object_line(out, &f->objects[i]);
	if (f->keeper != NULL) {
		fputs("Keeper: ", out);
		put(out, f->keeper->text);
		fputc('\n', out);
	}
	fputs("Fix:\n", out);
	for (i = 0; i < f->nsteps; i++) {
		fprintf(out, "  %zu. ", i + 1);
		put(out, f->steps[i]);
		fputc('\n', out);
	}
	fputs("See ", out);
	put(out, f->rule->doc);
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
junit_case_properties(FILE *out, const struct report_ctx *ctx,
    const struct junit_pair *pairs, size_t n)
{
	const char	*mark = NULL, *seen = NULL, *id;
	const char	*outcome = NULL;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if ((id = report_mark(ctx, pairs[i].at)) != NULL &&
		    (mark == NULL || strcmp(id, "new") == 0))
			mark = id;
		if ((id = report_reconcile_id(ctx, pairs[i].at)) != NULL &&
		    (seen == NULL || strcmp(id, "confirmed") == 0))
			seen = id;
	}
	if (pairs[0].fo != NULL)
		outcome = report_outcome_id(ctx, pairs[0].fo->object);
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
junit_case(FILE *out, const struct report_ctx *ctx, const struct rule *r,
    const struct junit_pair *pairs, size_t n)
{
	const struct finding	*first = pairs[0].finding;
	enum severity		 worst = first->severity;
	size_t			 i;

	for (i = 1; i < n; i++)
		if (pairs[i].finding->severity < worst)
			worst = pairs[i].finding->severity;
	fprintf(out, "    <testcase classname=\"%s\" name=\"", r->id);
	if (pairs[0].fo != NULL) {
		const struct object *o = pairs[0].fo->object;

		fprintf(out, "%s %s ", side_name(o->side),
		    object_type_name(o->type));
		put(out, report_object_name(o));
		fputs("\" file=\"", out);
		put(out, o->file);
		fprintf(out, "\" line=\"%lu", o->line);
	} else {
		put(out, first->attribute);
		fputc(' ', out);
		put(out, first->value);
	}
	fputs("\">\n", out);
	junit_case_properties(out, ctx, pairs, n);
	fprintf(out, "      <failure type=\"%s\" message=\"",
	    severity_name(worst));
	if (report_mark(ctx, pairs[0].at) != NULL)
		fprintf(out, "(%s) ", report_mark(ctx, pairs[0].at));
	put(out, first->summary);
	if (n > 1)
		fprintf(out, " (and %zu more)", n - 1);
	fputs("\">", out);
	for (i = 0; i < n; i++) {
		fputs(i > 0 ? "\n" : "", out);
		junit_finding_text(out, ctx, pairs[i].at);
	}
	fputs("</failure>\n    </testcase>\n", out);
}

static void
junit_suite(FILE *out, const struct report_ctx *ctx,
    const struct junit_suite *su)
{
	const struct rule	*r = su->run->rule;
	size_t			 i, start;

	fprintf(out, "  <testsuite name=\"%s\" tests=\"%zu\" failures=\"%zu\" "
	    "errors=\"0\" skipped=\"%d\">\n", r->id,
	    su->ncases > 0 ? su->ncases : 1, su->ncases, !su->run->did_run);
	if (!su->run->did_run) {
		fprintf(out, "    <testcase classname=\"%s\" name=\"not checked"
		    "\">\n      <skipped message=\"", r->id);
		put(out, su->run->why_not);
		fputs("\"/>\n    </testcase>\n", out);
	} else if (su->ncases == 0) {
		fprintf(out, "    <testcase classname=\"%s\" name=\"no "
		    "findings: ", r->id);
		put(out, r->title);
		fputs("\"/>\n", out);
	}
	for (start = 0, i = 1; i <= su->npairs; i++)
		if (i == su->npairs ||
		    su->pairs[i].case_no != su->pairs[start].case_no) {
			junit_case(out, ctx, r, su->pairs + start,
			    i - start);
			start = i;
		}
	fputs("  </testsuite>\n", out);
}

/* The first message that made path unusable, or NULL. */
static const char *
fatal_message(const struct diag *dg, const char *path)
{
	size_t	i;

	for (i = 0; i < dg->nmsgs; i++)
		if (diag_level(dg->msgs[i].code) == DL_FATAL &&
		    strcmp(dg->msgs[i].file, path) == 0)
			return dg->msgs[i].text;
	return NULL;
}

static void
junit_inputs(FILE *out, const struct diag *dg, size_t nunusable)
{
	size_t	i;

	fprintf(out, "  <testsuite name=\"inputs\" tests=\"%zu\" "
	    "failures=\"%zu\" errors=\"0\" skipped=\"0\">\n", dg->ninputs,
	    nunusable);
	for (i = 0; i < dg->ninputs; i++) {
		const struct input_stats	*in = &dg->inputs[i];
		const char			*why;

		fputs("    <testcase classname=\"inputs\" name=\"", out);
		put(out, in->path);
		fputs("\">\n", out);
		if (in->is_unusable) {
			why = fatal_message(dg, in->path);
			fputs("      <failure type=\"fatal\" message=\"input "
			    "unusable: ", out);
			put(out, why != NULL ? why : "see the JSON report");
			fputs("\"/>\n", out);
		}
		fputs("      <system-out>", out);
		put(out, in->kind);
		fputs(", ", out);
		put(out, in->side);
		fprintf(out, ": %lu records, %lu loaded, %lu rejected, "
		    "%lu skipped, %lu values refused, %lu warnings"
		    "</system-out>\n    </testcase>\n", in->records,
		    in->accepted, in->rejected, in->skipped,
		    in->values_rejected, in->warnings);
	}
	fputs("  </testsuite>\n", out);
}

/* Findings of the baseline this run no longer makes: passing testcases. */
static void
junit_fixed(FILE *out, const struct baseline_marks *bm)
{
	size_t	i;

	fprintf(out, "  <testsuite name=\"fixed since the baseline\" "
	    "tests=\"%zu\" failures=\"0\" errors=\"0\" skipped=\"0\">\n",
	    bm->nfixed);
	for (i = 0; i < bm->nfixed; i++) {
		const struct baseline_entry *e = bm->fixed[i];

		fputs("    <testcase classname=\"", out);
		put(out, e->rule);
		fputs("\" name=\"fixed: ", out);
		put(out, e->attribute);
		fputc(' ', out);
		put(out, e->value);
		fputs("\">\n      <properties>\n", out);
		junit_property(out, "baseline", "fixed");
		junit_property(out, "id", e->id);
		fputs("      </properties>\n    </testcase>\n", out);
	}
	fputs("  </testsuite>\n", out);
}

static void
junit_unpredicted(FILE *out, const struct actual_error *e)
{
	fputs("    <testcase classname=\"prediction\" name=\"unpredicted: ",
	    out);
	put(out, report_object_name(e->object));
	fputs("\" file=\"", out);
	put(out, e->object->file);
	fprintf(out, "\" line=\"%lu\">\n      <failure type=\"unpredicted\" "
	    "message=\"Entra ID reports ", e->object->line);
	put(out, e->category != NULL ? e->category : "an error");
	fputs(" on ", out);
	put(out, e->property != NULL ? e->property : "a property");
	fputs(" '", out);
	put(out, e->value);
	fputs("'; no rule predicted it\"/>\n    </testcase>\n", out);
}

/* How many testcases junit_prediction() writes, how many fail. */
static size_t
prediction_cases(const struct reconcile *rc)
{
	return rc->nunpredicted > 0 ? rc->nunpredicted : 1;
}

/*
 * The counts per predicted outcome and the reconciliation as suite
 * properties; each unpredicted provisioning error fails a testcase.
 */
static void
junit_prediction(FILE *out, const struct report_ctx *ctx)
{
	const struct analysis	*an = ctx->analysis;
	const struct reconcile	*rc = &an->reconcile;
	size_t			 i;
	int			 outcome;

	fprintf(out, "  <testsuite name=\"prediction\" tests=\"%zu\" "
	    "failures=\"%zu\" errors=\"0\" skipped=\"0\">\n    <properties>\n",
	    prediction_cases(rc), rc->nunpredicted);
	for (outcome = REPORT_FIRST_KIND; outcome <= REPORT_LAST_KIND;
	    outcome++)
		fprintf(out, "      <property name=\"predicted.%s\" "
		    "value=\"%zu\"/>\n",
		    verdict_kind_id((enum verdict_kind)outcome),
		    verdict_count(&an->verdicts, (enum verdict_kind)outcome));
	if (rc->is_active)
		fprintf(out, "      <property name=\"reconciliation.confirmed\" "
		    "value=\"%zu\"/>\n      <property name=\"reconciliation."
		    "notYetSeen\" value=\"%zu\"/>\n      <property name=\""
		    "reconciliation.unpredicted\" value=\"%zu\"/>\n",
		    rc->nconfirmed, rc->nnot_seen, rc->nunpredicted);
	fputs("    </properties>\n", out);
	if (rc->nunpredicted == 0)
		fprintf(out, "    <testcase classname=\"prediction\" name=\""
		    "export outcome of %zu in-scope objects\"/>\n",
		    match_set_size(an->matches));
	for (i = 0; i < rc->nerrors; i++)
		if (!rc->errors[i].is_predicted)
			junit_unpredicted(out, &rc->errors[i]);
	fputs("  </testsuite>\n", out);
}

static void
junit_write(FILE *out, const struct report_ctx *ctx)
{
	const struct analysis	*an = ctx->analysis;
	const struct diag	*dg = ctx->diag;
	struct junit_suite	*suites;
	size_t			*slot;	/* object index -> testcase */
	size_t			 n = table_count(ctx->table);
	size_t			 i, tests = dg->ninputs, failures = 0;
	size_t			 skipped = 0, nunusable = 0;

	slot = xmalloc((n > 0 ? n : 1) * sizeof(*slot));
	for (i = 0; i < n; i++)
		slot[i] = SIZE_MAX;
	suites = xcalloc(an->nruns > 0 ? an->nruns : 1, sizeof(*suites));
	for (i = 0; i < an->nruns; i++) {
		suites[i].run = &an->runs[i];
		junit_group(&suites[i], &an->findings, slot);
		tests += suites[i].ncases > 0 ? suites[i].ncases : 1;
		failures += suites[i].ncases;
		skipped += !an->runs[i].did_run;
	}
	for (i = 0; i < dg->ninputs; i++)
		nunusable += dg->inputs[i].is_unusable;
	tests += prediction_cases(&an->reconcile);
	failures += an->reconcile.nunpredicted;
	if (ctx->marks != NULL && ctx->marks->has_baseline)
		tests += ctx->marks->nfixed;
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites name=\"syncdoctor %s\" tests=\"%zu\" failures=\"%zu\" "
	    "errors=\"0\" skipped=\"%zu\">\n", PACKAGE_VERSION, tests,
	    failures + nunusable, skipped);
	for (i = 0; i < an->nruns; i++) {
		junit_suite(out, ctx, &suites[i]);
		free(suites[i].pairs);
	}
	if (ctx->marks != NULL && ctx->marks->has_baseline)
		junit_fixed(out, ctx->marks);
	junit_prediction(out, ctx);
	junit_inputs(out, dg, nunusable);
	fputs("</testsuites>\n", out);
	free(suites);
	free(slot);
}
