/*
 * `syncdoctor objects`: the object table as read, and with --predict
 * each in-scope object's predicted export, from the same analysis as
 * analyze.  It writes the formats and takes the options its row in the
 * tables names, and refuses the rest.
 */
#include "config.h"

#include <string.h>

#include "analysis.h"
#include "cli.h"
#include "escape.h"
#include "inputs.h"
#include "options.h"
#include "output.h"
#include "redact.h"
#include "report.h"
#include "view.h"
#include "scope.h"

static int	objects_run(struct options *o);

/* Every object read, for people (text), programs (json), spreadsheets. */
static const char *const objects_formats[] = {
	"text", "json", "csv", "xlsx", "html", NULL
};

const struct command command_objects = {
	.name = "objects",
	.summary = "show what was read per object (--predict: and its export)",
	.usage = "objects [options] FILE...",
	.bit = CMD_OBJECTS,
	.predict_bit = CMD_PREDICT,
	.formats = objects_formats,
	.min_args = 0,
	.max_args = (size_t)-1,
	.run = objects_run,
};

struct objects_job {
	const struct report_view	*view;
	const char			*format;
};

static void
S_write(FILE *out, void *arg)
{
	const struct objects_job *job = arg;

	if (strcmp(job->format, "json") == 0)
		report_objects_json(out, job->view);
	else if (strcmp(job->format, "text") == 0)
		report_objects_text(out, job->view);
	else	/* the tabular formats lay out the objects grid */
		report_format_find(job->format)->write(out, job->view);
}

static int
objects_run(struct options *o)
{
	struct diag		 dg;
	struct objects_job	 job;
	struct analysis		 an;
	struct analysis_run_options ro = { 0 };
	struct table		*t;
	struct report_view	*view;
	struct redact		*rd = NULL;
	bool			 is_inputs_ok;
	int			 rc;

	if (o->ninputs == 0)
		usage_error(o->command, "%s", "objects needs at least one input file");
	if (o->nformats != 1)
		usage_error(o->command, "%s", "objects writes one format at a time");
	options_refuse_binary(o);
	/* Redacted: the messages are printed once redacted, below. */
	diag_init(&dg, o->is_quiet || o->is_redacted ? NULL : stderr);
	t = table_new(TABLE_KEEP_RAW);
	inputs_configure(t, o);
	is_inputs_ok = inputs_load(t, &dg, o, NULL);
	if (!is_inputs_ok && !inputs_say_unusable(o, &dg)) {
		rc = EXIT_INPUT;
		goto out_release;
	}
	/* The same analysis as analyze: one prediction, whichever command. */
	if (o->is_predicted) {
		ro.threads = o->threads;
		ro.is_every_label = true;
		analysis_run(&an, t, &o->rule_opt, NULL, 0, &ro);
	} else {
		table_index(t);
		scope_join(t);
	}
	view = view_new_objects(t, &dg, o->is_predicted ? &an : NULL);
	if (o->is_redacted) {
		rd = redact_new();
		redact_view(rd, view);
		if (!o->is_quiet)
			report_messages_text(stderr, view);
	}
	job.view = view;
	job.format = o->formats[0];
	rc = output_write(o->output, S_write, &job) != 0 ? EXIT_INPUT :
	    is_inputs_ok ? EXIT_CLEAN : EXIT_INPUT;
	view_free(view);
	redact_free(rd);
	if (o->is_predicted)
		analysis_release(&an);
out_release:
	table_free(t);
	diag_release(&dg);
	return rc;
}
