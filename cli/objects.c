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
#include "report.h"
#include "scope.h"

static int	objects_run(struct options *o);

static const char *const objects_formats[] = { "text", "json", NULL };

/*
 * NEEDSWORK: objects has no redacted view yet.  Once the report view
 * gives it one, CMD_OBJECTS on --redact's row in options.c lets it take
 * the option (this reason is then never read: drop it).
 */
static const struct command_refusal objects_refusals[] = {
	{ "redact", "it has no redacted view yet, so its output would show the real names, UPNs and DNs" },
	{ NULL, NULL }
};

const struct command command_objects = {
	.name = "objects",
	.summary = "show what was read per object (--predict: and its export)",
	.usage = "objects [options] FILE...",
	.bit = CMD_OBJECTS,
	.predict_bit = CMD_PREDICT,
	.formats = objects_formats,
	.refusals = objects_refusals,
	.min_args = 0,
	.max_args = (size_t)-1,
	.run = objects_run,
};

struct objects_job {
	const struct table	*table;
	const struct diag	*diag;
	const struct analysis	*analysis;	/* --predict, else NULL */
	bool			 is_json;
};

/* objects text on a --partial run: the inputs left out, first. */
static void
S_left_out(FILE *out, const struct diag *dg)
{
	const char	*sep = "Partial run: left out as unusable: ";
	size_t		 i;

	for (i = 0; i < dg->ninputs; i++) {
		if (!dg->inputs[i].is_unusable)
			continue;
		fputs(sep, out);
		escape_text(out, dg->inputs[i].path,
		    strlen(dg->inputs[i].path));
		sep = ", ";
	}
	if (*sep == ',')
		fputs("\n\n", out);
}

static void
S_write(FILE *out, void *arg)
{
	const struct objects_job *job = arg;

	if (job->is_json) {
		report_objects_json(out, job->table, job->analysis);
		return;
	}
	S_left_out(out, job->diag);
	report_objects_text(out, job->table, job->analysis);
}

static int
objects_run(struct options *o)
{
	struct diag		 dg;
	struct objects_job	 job;
	struct analysis		 an;
	struct analysis_run_options ro = { 0 };
	struct table		*t;
	bool			 is_inputs_ok;
	int			 rc;

	if (o->ninputs == 0)
		usage_error(o->command, "%s", "objects needs at least one input file");
	if (o->nformats != 1)
		usage_error(o->command, "%s", "objects writes one format at a time");
	diag_init(&dg, o->is_quiet ? NULL : stderr);
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
	job.table = t;
	job.diag = &dg;
	job.analysis = o->is_predicted ? &an : NULL;
	job.is_json = strcmp(o->formats[0], "json") == 0;
	rc = output_write(o->output, S_write, &job) != 0 ? EXIT_INPUT :
	    is_inputs_ok ? EXIT_CLEAN : EXIT_INPUT;
	if (o->is_predicted)
		analysis_release(&an);
out_release:
	table_free(t);
	diag_release(&dg);
	return rc;
}
