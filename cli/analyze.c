/*
 * `syncdoctor analyze`: load the inputs, run every rule, write the
 * reports in each --format, and map the findings to the exit code.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "baseline.h"
#include "cli.h"
#include "fixldif.h"
#include "inputs.h"
#include "options.h"
#include "output.h"
#include "platform.h"
#include "policy.h"
#include "redact.h"
#include "view.h"
#include "report.h"
#include "timings.h"
#include "verdict.h"
#include "xalloc.h"

static int	analyze_run(struct options *o);

static const struct command_refusal analyze_refusals[] = {
	{ "predict", "its reports always give each object's predicted outcome; 'objects --predict' lists them object by object" },
	{ NULL, NULL }
};

const struct command command_analyze = {
	.name = "analyze",
	.summary = "predict the export errors and their fixes",
	.usage = "analyze [options] FILE...",
	.bit = CMD_ANALYZE,
	.formats = NULL,
	.refusals = analyze_refusals,
	.min_args = 0,
	.max_args = (size_t)-1,
	.run = analyze_run,
};

struct report_job {
	const struct report_format	*format;
	const struct report_view	*view;
};

static void
S_write_report(FILE *out, void *arg)
{
	const struct report_job	*job = arg;

	job->format->write(out, job->view);
}

static bool
S_use_color(const struct options *o, const char *output)
{
	const char	*no_color = getenv("NO_COLOR");

	if (o->color >= 0)
		return o->color == 1;
	if (output != NULL && strcmp(output, "-") != 0)
		return false;
	return platform_is_terminal(stdout) &&
	    (no_color == NULL || *no_color == '\0');
}

static int
S_write_reports(const struct options *o, struct report_view *view,
    struct report_view *full)
{
	size_t	i;
	int	rc = 0;

	for (i = 0; i < o->nformats; i++) {
		struct report_job	 job;
		struct report_view	*v;
		char			*path = NULL;

		job.format = report_format_find(o->formats[i]);
		/* Only a format that lists every object pays for their rows. */
		v = job.format->wants_every_object && full != NULL ? full : view;
		job.view = v;
		if (o->output != NULL && o->nformats > 1)
			path = xasprintf("%s.%s", o->output,
			    job.format->extension);
		v->use_color = job.format == &report_format_text &&
		    S_use_color(o, path ? path : o->output);
		if (output_write(path ? path : o->output, S_write_report,
		    &job) != 0)
			rc = -1;
		free(path);
	}
	return rc;
}

/* With a baseline, only new findings count towards --fail-on. */
static int
S_exit_code(const struct options *o, const struct analysis *an,
    const struct baseline_marks *marks, bool is_inputs_ok)
{
	int	sev;

	if (!is_inputs_ok)
		return EXIT_INPUT;
	if (o->fail_on < 0)
		return EXIT_CLEAN;
	for (sev = SEV_ERROR; sev <= o->fail_on; sev++)
		if (baseline_count_new(marks, &an->findings,
		    (enum severity)sev) > 0)
			return EXIT_FINDINGS;
	return EXIT_CLEAN;
}

/* Read --baseline into b; false after a message when it is unusable. */
static bool
S_load_baseline(const struct options *o, struct baseline *b)
{
	char	err[256];

	if (o->baseline == NULL)
		return true;
	if (baseline_load(b, o->baseline, err, sizeof(err)) != 0) {
		fprintf(stderr, "syncdoctor: %s: cannot use as a baseline: %s\n",
		    o->baseline, err);
		return false;
	}
	if (b->is_redacted) {
		fprintf(stderr, "syncdoctor: %s: a redacted report cannot be a baseline (its ids are pseudonyms); use an unredacted one\n",
		    o->baseline);
		return false;
	}
	return true;
}

struct buffer_job {
	const char	*data;
	size_t		 len;
};

static void
S_write_buffer(FILE *out, void *arg)
{
	const struct buffer_job	*job = arg;

	fwrite(job->data, 1, job->len, out);
}

/* --fix-ldif: the fix file and FILE.undo.ldif, then a summary line. */
static int
S_write_fix_ldif(const struct options *o, const struct analysis *an,
    const struct table *t, const struct baseline_marks *marks)
{
	struct fixldif_stats	 st;
	struct buffer_job	 fix = { NULL, 0 }, undo = { NULL, 0 };
	char			*fixbuf = NULL, *undobuf = NULL, *undo_path;
	FILE			*fix_fp, *undo_fp;
	int			 rc = -1;

	if ((fix_fp = open_memstream(&fixbuf, &fix.len)) == NULL ||
	    (undo_fp = open_memstream(&undobuf, &undo.len)) == NULL) {
		fprintf(stderr, "syncdoctor: %s\n", strerror(errno));
		if (fix_fp != NULL)
			fclose(fix_fp);
		free(fixbuf);
		return -1;
	}
	fixldif_write(fix_fp, undo_fp, an, t, marks, &st);
	fclose(fix_fp);
	fclose(undo_fp);
	fix.data = fixbuf;
	undo.data = undobuf;
	undo_path = xasprintf("%s.undo.ldif", o->fix_ldif);
	if (output_write(o->fix_ldif, S_write_buffer, &fix) == 0 &&
	    output_write(undo_path, S_write_buffer, &undo) == 0) {
		fprintf(stderr, "syncdoctor: %s: %zu finding%s fixed with %zu "
		    "change%s (undo: %s); %zu need%s a decision\n",
		    o->fix_ldif, st.nfixed, st.nfixed == 1 ? "" : "s",
		    st.nchanges, st.nchanges == 1 ? "" : "s", undo_path,
		    st.ndecision, st.ndecision == 1 ? "s" : "");
		rc = 0;
	}
	free(undo_path);
	free(fixbuf);
	free(undobuf);
	return rc;
}

/*
 * The table analyze loads into: what the policies read beyond the
 * modelled fields is kept raw.  The policies must outlive it.
 */
static struct table *
S_analysis_table(const struct options *o, const struct policy_set *policies)
{
	struct table		*t = table_new(0);
	const char *const	*raw;
	size_t			 nraw;

	inputs_configure(t, o);
	if (policies != NULL) {
		raw = policy_set_raw_names(policies, &nraw);
		table_keep_raw_of(t, raw, nraw);
	}
	return t;
}

/*
 * With SYNCDOCTOR_SELF_CHECK in the environment (the golden tests set
 * it), stop with exit 70 when a finding disagrees with the predicted
 * outcomes: an error that blocks an object predicted to export, a
 * blocked object without the finding that blocks it.
 */
static void
S_self_check(const struct analysis *an, const struct table *t,
    bool is_every_rule)
{
	char	why[1024];

	/* With --rule, refusals the match made have no finding to agree. */
	if (getenv("SYNCDOCTOR_SELF_CHECK") == NULL || !is_every_rule)
		return;
	if (!verdicts_agree(&an->verdicts, t, &an->findings, why,
	    sizeof(why))) {
		fprintf(stderr, "syncdoctor: self-check failed: %s\n", why);
		exit(70);
	}
}

/* Does some format asked for list every simulated object? */
static bool
S_wants_every_object(const struct options *o)
{
	const struct report_format	*f;
	size_t				 i;

	for (i = 0; i < o->nformats; i++)
		if ((f = report_format_find(o->formats[i])) != NULL &&
		    f->wants_every_object)
			return true;
	return false;
}

/* The reports and the fix files of one finished analysis. */
static int
S_report(const struct options *o, struct report_ctx *ctx,
    const struct table *t, bool is_inputs_ok)
{
	struct report_view	*view = view_new(ctx), *full = NULL;
	struct redact		*rd = NULL, *rd_full = NULL;
	int			 rc;

	if (S_wants_every_object(o)) {
		ctx->wants_every_object = true;
		full = view_new(ctx);
		ctx->wants_every_object = false;
	}
	if (o->is_redacted) {
		rd = redact_new();
		redact_view(rd, view);
		/* Its extra rows come last: the same pseudonyms as view's. */
		if (full != NULL) {
			rd_full = redact_new();
			redact_view(rd_full, full);
		}
		if (!o->is_quiet)
			report_messages_text(stderr, view);
	}
	rc = S_write_reports(o, view, full) == 0 ?
	    S_exit_code(o, ctx->analysis, ctx->marks, is_inputs_ok) :
	    EXIT_INPUT;
	/* The fix files name the real objects: never redacted. */
	if (o->fix_ldif != NULL &&
	    S_write_fix_ldif(o, ctx->analysis, t, ctx->marks) != 0)
		rc = EXIT_INPUT;
	view_free(full);
	view_free(view);
	redact_free(rd_full);
	redact_free(rd);
	return rc;
}

static int
analyze_run(struct options *o)
{
	struct diag		 dg;
	struct table		*t;
	struct analysis		 an;
	struct report_ctx	 ctx;
	struct baseline		 old;
	struct baseline_marks	 marks;
	struct timings		*tm;
	struct analysis_run_options ro = { 0 };
	struct policy_set	*policies;
	bool			 is_inputs_ok;
	int			 rc = EXIT_INPUT;

	if (o->ninputs == 0)
		usage_error(o->command, "%s", "analyze needs at least one input file");
	if (o->fix_ldif != NULL && strcmp(o->fix_ldif, "-") == 0)
		usage_error(o->command, "%s", "--fix-ldif needs a file name (it writes two files)");
	options_refuse_binary(o);
	policies = inputs_load_policies(o->policy_files, o->npolicy_files);
	baseline_init(&old);
	if (!S_load_baseline(o, &old)) {
		baseline_release(&old);
		policy_set_free(policies);
		return EXIT_INPUT;
	}
	tm = o->is_timed ? timings_new() : NULL;
	/* Redacted: the messages are printed once redacted, with the report. */
	diag_init(&dg, o->is_quiet || o->is_redacted ? NULL : stderr);
	t = S_analysis_table(o, policies);
	is_inputs_ok = inputs_load(t, &dg, o, tm);
	if (!is_inputs_ok && !inputs_say_unusable(o, &dg))
		goto out_release;
	ro.threads = o->threads;
	ro.timings = tm;
	ro.policies = policies;
	ro.is_last_lookup = true;
	analysis_run(&an, t, &o->rule_opt,
	    o->nonly_rules ? o->only_rules : NULL, o->nonly_rules, &ro);
	S_self_check(&an, t, o->nonly_rules == 0);
	memset(&ctx, 0, sizeof(ctx));
	ctx.table = t;
	ctx.diag = &dg;
	ctx.analysis = &an;
	ctx.options = &o->rule_opt;
	ctx.is_quiet = o->is_quiet;
	ctx.title = o->title;
	ctx.customer = o->customer;
	ctx.prepared_by = o->prepared_by;
	baseline_marks_init(&marks, &an.findings, o->baseline ? &old : NULL);
	ctx.marks = &marks;
	ctx.fail_on = o->fail_on;
	ctx.csv_separator = o->csv_separator;
	rc = S_report(o, &ctx, t, is_inputs_ok);
	timings_mark(tm, "reports", NULL);
	baseline_marks_release(&marks);
	analysis_release(&an);
out_release:
	baseline_release(&old);
	table_free(t);
	policy_set_free(policies);
	timings_mark(tm, "release", NULL);
	timings_print(tm, stderr);
	timings_free(tm);
	diag_release(&dg);
	return rc;
}
