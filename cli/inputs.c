/* The inputs of analyze and objects; see inputs.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "input.h"
#include "inputs.h"
#include "options.h"
#include "policy.h"
#include "progress.h"

void
inputs_configure(struct table *t, const struct options *o)
{
	table_set_anchor_mode(t, o->anchor_mode);
	table_set_group_anchor_object_guid(t, o->is_group_anchor_object_guid);
	table_set_member_limit(t, o->member_limit);
	table_set_forest_join(t, o->forest_join);
}

static void
S_add_verified_domains(struct table *t, const char *list)
{
	const char	*p = list;

	while (*p != '\0') {
		size_t		 len = strcspn(p, ",");
		struct domain	 d;

		while (len > 0 && (p[len - 1] == '.' || p[len - 1] == ' '))
			len--;
		while (len > 0 && *p == ' ') {
			p++;
			len--;
		}
		if (len > 0) {
			memset(&d, 0, sizeof(d));
			d.name = table_intern_lower(t, p, len);
			d.is_verified = TRI_TRUE;
			table_add_domain(t, &d);
		}
		p += strcspn(p, ",");
		if (*p == ',')
			p++;
	}
}

/*
 * A cloud file whose objects' type could not be told: without
 * --cloud-type, guessing would manufacture ObjectTypeMismatch errors, so
 * the run stops with a usage error naming the file and the option.
 */
static void
S_refuse_untyped(const struct options *o, const struct diag *dg)
{
	size_t	i;

	if (o->is_cloud_type_given)
		return;
	for (i = 0; i < dg->nmsgs; i++)
		if (dg->msgs[i].code == D_CSV_UNKNOWN_TYPE)
			usage_error(o->command, "%s:%lu: cannot tell whether its objects are users, groups or contacts: give --cloud-type user, group or contact",
			    dg->msgs[i].file, dg->msgs[i].line);
}

bool
inputs_load(struct table *t, struct diag *dg, const struct options *o,
    struct timings *tm)
{
	struct input_options	iopt = {
		.limits = &o->limits,
		.default_cloud_type = o->cloud_type,
		/* One thread in all: no parser thread either. */
		.pipeline = o->threads == 1 ? INPUT_PIPELINE_NEVER :
		    INPUT_PIPELINE_AUTO,
	};
	bool			is_all_ok = true;
	size_t			i;
	struct progress		pg;
	struct input_seen	seen;

	/* The progress line names each input: none with --redact. */
	progress_init(&pg, progress_is_wanted(o->progress, stderr) &&
	    !o->is_redacted ? stderr : NULL);
	iopt.progress = pg.out != NULL ? &pg : NULL;
	input_seen_init(&seen);
	iopt.seen = &seen;
	for (i = 0; i < o->ninputs; i++) {
		progress_file_begin(&pg, o->inputs[i].path);
		if (input_load(t, dg, &o->inputs[i], &iopt) != 0)
			is_all_ok = false;
		progress_file_end(&pg, dg->ninputs > 0 ?
		    dg->inputs[dg->ninputs - 1].records : 0);
		timings_mark(tm, "read and load", o->inputs[i].path);
	}
	input_seen_release(&seen);
	S_refuse_untyped(o, dg);
	if (o->verified_domains != NULL)
		S_add_verified_domains(t, o->verified_domains);
	return is_all_ok;
}

/* The first fatal message said about path, or NULL. */
static const struct diag_msg *
S_fatal_of(const struct diag *dg, const char *path)
{
	size_t	i;

	for (i = 0; i < dg->nmsgs; i++)
		if (diag_level(dg->msgs[i].code) == DL_FATAL &&
		    strcmp(dg->msgs[i].file, path) == 0)
			return &dg->msgs[i];
	return NULL;
}

/*
 * Could the file not be opened or read at all?  A missing file or one
 * without read permission, as opposed to one read and found unusable (a
 * folder, binary data, no records).
 */
static bool
S_is_unreadable(const struct diag_msg *m)
{
	return m != NULL && (m->code == D_OPEN || m->code == D_READ);
}

/* "syncdoctor: unusable input: PATH: REASON" for each; how many. */
static size_t
S_name_unusable(const struct options *o, const struct diag *dg,
    size_t *nunreadable)
{
	const struct diag_msg	*m;
	size_t			 i, n = 0;

	*nunreadable = 0;
	for (i = 0; i < dg->ninputs; i++) {
		if (!dg->inputs[i].is_unusable)
			continue;
		n++;
		m = S_fatal_of(dg, dg->inputs[i].path);
		*nunreadable += S_is_unreadable(m);
		/* The path and the reason name customer data. */
		if (o->is_redacted) {
			fprintf(stderr, "syncdoctor: unusable input: input %zu of %zu (its name is withheld with --redact)\n",
			    i + 1, dg->ninputs);
			continue;
		}
		fputs("syncdoctor: unusable input: ", stderr);
		escape_text(stderr, dg->inputs[i].path,
		    strlen(dg->inputs[i].path));
		if (m != NULL) {
			fputs(": ", stderr);
			escape_text(stderr, m->text, strlen(m->text));
		}
		fputc('\n', stderr);
	}
	return n;
}

bool
inputs_say_unusable(const struct options *o, const struct diag *dg)
{
	bool	is_analyze = o->command == &command_analyze;
	size_t	nunusable, nunreadable;

	nunusable = S_name_unusable(o, dg, &nunreadable);
	if (nunreadable > 0) {
		fprintf(stderr, "syncdoctor: nothing %s: fix the path%s above (--partial leaves out an export it cannot use, never a file it cannot read)\n",
		    is_analyze ? "analysed" : "shown",
		    nunreadable == 1 ? "" : "s");
		return false;
	}
	if (o->is_partial && nunusable < dg->ninputs) {
		fprintf(stderr, "syncdoctor: partial run (--partial): %zu of %zu input%s left out\n",
		    nunusable, dg->ninputs, dg->ninputs == 1 ? "" : "s");
		return true;
	}
	if (o->is_partial)
		fputs("syncdoctor: nothing left for --partial: no input is usable\n",
		    stderr);
	else
		fprintf(stderr, "syncdoctor: nothing %s: fix the input%s above, or add --partial to %s the others without %s\n",
		    is_analyze ? "analysed" : "shown",
		    nunusable == 1 ? "" : "s",
		    is_analyze ? "analyse" : "show",
		    nunusable == 1 ? "it" : "them");
	return false;
}

struct policy_set *
inputs_load_policies(const char *const *files, size_t nfiles)
{
	struct policy_set	*ps;
	size_t			 i, nerrors = 0;

	if (nfiles == 0)
		return NULL;
	ps = policy_set_new();
	for (i = 0; i < nfiles; i++)
		nerrors += policy_set_read(ps, files[i]);
	if (nerrors == 0)
		return ps;
	for (i = 0; i < policy_set_nerrors(ps); i++)
		fprintf(stderr, "syncdoctor: %s\n", policy_set_error(ps, i));
	if (policy_set_nerrors_said(ps) > policy_set_nerrors(ps))
		fprintf(stderr, "syncdoctor: ... and %zu more errors\n",
		    policy_set_nerrors_said(ps) - policy_set_nerrors(ps));
	policy_set_free(ps);
	fprintf(stderr, "syncdoctor: %zu error%s in the policy files; nothing was analysed\n",
	    nerrors, nerrors == 1 ? "" : "s");
	exit(EXIT_USAGE);
}
