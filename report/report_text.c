/*
 * The text report, for a person at a terminal: findings grouped by rule,
 * every object named with file:line, numbered fixes, then what could not
 * be checked and what was wrong with the inputs.  Colour only when asked
 * (a terminal without NO_COLOR); every customer value is escaped.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "report.h"
#include "view.h"

static void	text_write(FILE *, const struct report_view *);

const struct report_format report_format_text = {
	.name      = "text",
	.extension = "txt",
	.write     = text_write,
};

#define WRAP_COLUMNS		100
#define TEXT_MAX_MESSAGES	20

enum style {
	ST_BOLD,
	ST_ERROR,
	ST_WARNING,
	ST_INFO,
	ST_DIM,
	ST_RESET
};

static void
style(FILE *out, const struct report_view *v, enum style s)
{
	static const char *const codes[] = {
		"\033[1m", "\033[1;31m", "\033[1;33m", "\033[1;36m",
		"\033[2m", "\033[0m"
	};

	if (v->use_color)
		fputs(codes[s], out);
}

static void
put(FILE *out, const char *s)
{
	if (s != NULL)
		escape_text(out, s, strlen(s));
}

/* A customer string: every one is printed through this. */
static void
put_value(FILE *out, const struct view_value *v)
{
	put(out, view_text(v));
}

/*
 * Print s escaped, wrapped at spaces to WRAP_COLUMNS, continuation lines
 * indented by indent columns; the first line starts at column start.
 */
static void
put_wrapped(FILE *out, const char *s, int start, int indent)
{
	char	*buf = NULL;
	size_t	 len = 0, i = 0;
	FILE	*mem;
	int	 col = start;

	if ((mem = open_memstream(&buf, &len)) == NULL) {
		put(out, s);
		return;
	}
	escape_text(mem, s, strlen(s));
	fclose(mem);
	while (i < len) {
		size_t	word = i;
		bool	is_first = col == start;

		while (word < len && buf[word] != ' ')
			word++;
		/* The space before a word is written only if it stays here. */
		if (!is_first && col + 1 + (int)(word - i) > WRAP_COLUMNS) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
		} else if (!is_first) {
			fputc(' ', out);
			col++;
		}
		fwrite(buf + i, 1, word - i, out);
		col += (int)(word - i);
		i = word < len ? word + 1 : word;
	}
	free(buf);
}

static enum style
severity_style(int sev)
{
	return sev == VIEW_ERRORS ? ST_ERROR : sev == VIEW_WARNINGS ?
	    ST_WARNING : ST_INFO;
}

static void
text_object(FILE *out, const struct view_finding_object *fo)
{
	const struct view_object	*o = fo->object;

	fprintf(out, "      %-6s %-8s ", side_name(o->side),
	    object_type_name(o->type));
	put(out, view_object_name(o));
	fputc('\n', out);
	fputs("                      ", out);
	put_value(out, o->file);
	fprintf(out, ":%lu", o->line);
	if (o->upn != NULL && o->dn != NULL) {
		fputs("  upn ", out);
		put_value(out, o->upn);
	}
	if (o->anchor != NULL) {
		fputs("  anchor ", out);
		put_value(out, o->anchor);
	}
	fputc('\n', out);
	if (o->outcome != NULL) {
		fputs("                      predicted: ", out);
		put_value(out, o->outcome);
		fputc('\n', out);
	}
	if (fo->held_as != NULL || fo->value != NULL) {
		fputs("                      ", out);
		if (fo->held_as != NULL) {
			put_value(out, fo->held_as);
			fputs(": ", out);
		}
		put_value(out, fo->value);
		if (fo->role != NULL) {
			fputs("  (", out);
			put_value(out, fo->role);
			fputc(')', out);
		}
		fputc('\n', out);
	}
}

static void
text_finding(FILE *out, const struct report_view *v,
    const struct view_finding *f, size_t number)
{
	size_t	i;

	fprintf(out, "  [%zu] ", number);
	style(out, v, severity_style(f->severity));
	fputs(f->severity_name, out);
	style(out, v, ST_RESET);
	if (f->mark != NULL)
		fprintf(out, " (%s)", f->mark);
	if (f->reconcile_name != NULL)
		fprintf(out, " [%s]", f->reconcile_name);
	fputs("  ", out);
	put_value(out, f->attribute);
	fputs(" '", out);
	put_value(out, f->value);
	fputs("'\n      ", out);
	put_wrapped(out, f->summary->text, 6, 6);
	fputc('\n', out);
	for (i = 0; i < f->nobjects; i++)
		text_object(out, &f->objects[i]);
	if (f->keeper != NULL) {
		fputs("      Keeper: ", out);
		put_wrapped(out, f->keeper->text->text, 14, 14);
		fputc('\n', out);
	}
	if (f->proposed != NULL) {
		fputs("      Proposed: ", out);
		put_value(out, f->proposed);
		fputc('\n', out);
	}
	if (f->nsteps > 0)
		fputs("      Fix:\n", out);
	for (i = 0; i < f->nsteps; i++) {
		fprintf(out, "        %zu. ", i + 1);
		put_wrapped(out, f->steps[i]->text, 11, 11);
		fputc('\n', out);
	}
	fputc('\n', out);
}

static void
text_rule(FILE *out, const struct report_view *v, const struct view_run *run)
{
	size_t	i, number = 0;

	style(out, v, ST_BOLD);
	fputs(run->rule, out);
	style(out, v, ST_RESET);
	fprintf(out, ": %s (%zu finding%s)\n", run->title,
	    run->nfindings, run->nfindings == 1 ? "" : "s");
	style(out, v, ST_DIM);
	fprintf(out, "  %s\n\n", run->doc);
	style(out, v, ST_RESET);
	for (i = 0; i < v->nfindings; i++)
		if (strcmp(v->findings[i].rule, run->rule) == 0)
			text_finding(out, v, &v->findings[i], ++number);
}

/* The tenant domains and what each is: federation changes advice. */
static void
text_domains(FILE *out, const struct report_view *v)
{
	size_t	i;

	if (v->ndomains == 0)
		return;
	fputs("  tenant domains:\n", out);
	for (i = 0; i < v->ndomains; i++) {
		fputs("    ", out);
		put_value(out, v->domains[i].name);
		fprintf(out, "  (%s)\n", v->domains[i].traits);
	}
}

static void
text_inputs(FILE *out, const struct report_view *v)
{
	size_t	i;

	style(out, v, ST_BOLD);
	fputs("Inputs\n", out);
	style(out, v, ST_RESET);
	for (i = 0; i < v->ninputs; i++) {
		const struct view_input *in = &v->inputs[i];

		fputs("  ", out);
		put_value(out, in->path);
		fprintf(out, "  (%s, %s)", in->kind, in->side);
		if (in->is_unusable) {
			fputs(": unusable, see below\n", out);
			continue;
		}
		fprintf(out, ": %zu record%s, %zu loaded, %zu rejected, "
		    "%zu skipped", in->records, in->records == 1 ? "" : "s",
		    in->accepted, in->rejected, in->skipped);
		if (in->values_rejected)
			fprintf(out, ", %zu value%s refused", in->values_rejected,
			    in->values_rejected == 1 ? "" : "s");
		if (in->warnings)
			fprintf(out, ", %zu warning%s", in->warnings,
			    in->warnings == 1 ? "" : "s");
		fputc('\n', out);
	}
	text_domains(out, v);
	fputc('\n', out);
}

/* "What happens if we switch sync on tomorrow": outcomes and counts. */
static void
text_outcomes(FILE *out, const struct report_view *v)
{
	size_t	i;

	if (v->counts.npredicted == 0)
		return;
	style(out, v, ST_BOLD);
	fprintf(out, "Predicted export, if sync ran now (%zu object%s)\n",
	    v->counts.npredicted, v->counts.npredicted == 1 ? "" : "s");
	style(out, v, ST_RESET);
	if (v->export_stopped_by != NULL) {
		fputs("  The export run stops before exporting anything: ", out);
		put_value(out, v->export_stopped_by->summary);
		fputs("\n  Once that is dealt with, each object's export:\n",
		    out);
	}
	for (i = 0; i < v->noutcomes; i++)
		if (v->outcomes[i].n > 0)
			fprintf(out, "  %6zu  %s\n", v->outcomes[i].n,
			    v->outcomes[i].name);
	fputc('\n', out);
}

/* "category on property 'value' since date" of an actual error. */
static void
text_error(FILE *out, const struct view_error *e)
{
	fputs("  ", out);
	put(out, view_object_name(e->object));
	fputs("  ", out);
	put_value(out, e->object->file);
	fprintf(out, ":%lu\n      ", e->object->line);
	put(out, e->category != NULL ? e->category->text : "(no category)");
	fputs(" on ", out);
	put(out, e->property != NULL ? e->property->text : "(no property)");
	fputs(" '", out);
	put_value(out, e->value);
	fputc('\'', out);
	if (e->since != NULL) {
		fputs(" since ", out);
		put(out, e->since);
	}
	fputc('\n', out);
}

/* Provisioning errors Entra ID reports that no finding predicted. */
static void
text_unpredicted(FILE *out, const struct report_view *v)
{
	size_t	i;

	if (v->counts.unpredicted == 0)
		return;
	style(out, v, ST_BOLD);
	fprintf(out, "Provisioning errors no rule predicted (%zu)\n",
	    v->counts.unpredicted);
	style(out, v, ST_RESET);
	for (i = 0; i < v->nerrors; i++)
		if (!v->errors[i].is_predicted)
			text_error(out, &v->errors[i]);
	fputc('\n', out);
}

/* "; reconciled: 1 confirmed, 1 not yet seen, 1 unpredicted". */
static void
text_reconcile_summary(FILE *out, const struct report_view *v)
{
	if (!v->is_reconciled)
		return;
	fprintf(out, "; reconciled: %zu confirmed, %zu not yet seen, %zu "
	    "unpredicted", v->counts.confirmed, v->counts.not_yet_seen,
	    v->counts.unpredicted);
}

static void
text_messages(FILE *out, const struct report_view *v)
{
	size_t	i, shown = 0, total = v->nmessages + v->nmessages_dropped;

	if (v->nmessages == 0)
		return;
	style(out, v, ST_BOLD);
	fprintf(out, "Input problems (%zu)\n", total);
	style(out, v, ST_RESET);
	for (i = 0; i < v->nmessages && shown < TEXT_MAX_MESSAGES;
	    i++, shown++) {
		const struct view_message *m = &v->messages[i];

		fputs("  ", out);
		put_value(out, m->file);
		if (m->line)
			fprintf(out, ":%lu", m->line);
		fprintf(out, ": %s: ", m->level_name);
		put_value(out, m->text);
		fputc('\n', out);
	}
	if (total > shown)
		fprintf(out, "  ... and %zu more: all are listed in the JSON "
		    "report (--format json)\n", total - shown);
	fputc('\n', out);
}

static void
text_not_run(FILE *out, const struct report_view *v)
{
	size_t	i;
	bool	is_any = false;

	for (i = 0; i < v->nruns + v->nlimitations; i++) {
		if (i < v->nruns && v->runs[i].did_run)
			continue;
		if (!is_any) {
			style(out, v, ST_BOLD);
			fputs("Not checked\n", out);
			style(out, v, ST_RESET);
			is_any = true;
		}
		if (i < v->nruns) {
			fprintf(out, "  %s: %s\n", v->runs[i].rule,
			    v->runs[i].why_not);
			continue;
		}
		fputs("  ", out);
		put_wrapped(out, v->limitations[i - v->nruns]->text, 2, 4);
		fputc('\n', out);
	}
	if (is_any)
		fputc('\n', out);
}

/* Findings of the baseline this run no longer makes. */
static void
text_fixed(FILE *out, const struct report_view *v)
{
	size_t	i;

	if (v->nfixed == 0)
		return;
	style(out, v, ST_BOLD);
	fprintf(out, "Fixed since the baseline (%zu)\n", v->nfixed);
	style(out, v, ST_RESET);
	for (i = 0; i < v->nfixed; i++) {
		fputs("  ", out);
		put(out, v->fixed[i].rule);
		fputs("  ", out);
		put_value(out, v->fixed[i].attribute);
		fputs(" '", out);
		put_value(out, v->fixed[i].value);
		fputs("'\n", out);
	}
	fputc('\n', out);
}

/* "; tenant policies: 1 error, 2 warnings, 0 info": no export errors. */
static void
text_policy_summary(FILE *out, const struct report_view *v)
{
	const size_t	*n = v->counts.policies;

	if (n[VIEW_ERRORS] + n[VIEW_WARNINGS] + n[VIEW_INFO] == 0)
		return;
	fprintf(out, "; tenant policies: %zu error%s, %zu warning%s, %zu info",
	    n[VIEW_ERRORS], n[VIEW_ERRORS] == 1 ? "" : "s",
	    n[VIEW_WARNINGS], n[VIEW_WARNINGS] == 1 ? "" : "s", n[VIEW_INFO]);
}

/* "; 2 new, 1 fixed" against a baseline. */
static void
text_baseline_summary(FILE *out, const struct report_view *v)
{
	const size_t	*n = v->counts.new_by_severity;

	if (!v->has_baseline)
		return;
	fprintf(out, "; baseline: %zu new, %zu fixed",
	    n[VIEW_ERRORS] + n[VIEW_WARNINGS] + n[VIEW_INFO], v->nfixed);
}

static void
text_summary(FILE *out, const struct report_view *v)
{
	const size_t	*n = v->counts.by_severity;
	size_t		 i;

	style(out, v, ST_BOLD);
	fputs("Summary: ", out);
	style(out, v, ST_RESET);
	style(out, v, n[VIEW_ERRORS] ? ST_ERROR : ST_RESET);
	fprintf(out, "%zu error%s", n[VIEW_ERRORS],
	    n[VIEW_ERRORS] == 1 ? "" : "s");
	style(out, v, ST_RESET);
	fprintf(out, ", %zu warning%s, %zu info", n[VIEW_WARNINGS],
	    n[VIEW_WARNINGS] == 1 ? "" : "s", n[VIEW_INFO]);
	text_policy_summary(out, v);
	for (i = 0; i < v->nruns; i++)
		if (v->runs[i].nfindings > 0)
			fprintf(out, "; %s %zu", v->runs[i].rule,
			    v->runs[i].nfindings);
	text_baseline_summary(out, v);
	text_reconcile_summary(out, v);
	fputc('\n', out);
}

/* The cover's lines, when --title, --customer or --prepared-by gave one. */
static void
text_cover(FILE *out, const struct report_view *v)
{
	const struct view_cover	*c = &v->cover;
	size_t			 i;

	if (c->title == NULL && c->customer == NULL && c->prepared_by == NULL)
		return;
	put(out, view_title(v));
	fputc('\n', out);
	if (c->customer != NULL) {
		fputs("Customer: ", out);
		put_value(out, c->customer);
		fputc('\n', out);
	}
	if (c->prepared_by != NULL) {
		fputs("Prepared by: ", out);
		put_value(out, c->prepared_by);
		fputc('\n', out);
	}
	if (c->tenant != NULL) {
		fputs("Tenant: ", out);
		put_value(out, c->tenant);
		fputc('\n', out);
	}
	for (i = 0; i < c->nforests; i++) {
		fputs(i == 0 ? c->nforests == 1 ? "Forest: " : "Forests: " :
		    ", ", out);
		put_value(out, c->forests[i]);
	}
	fputs(c->nforests > 0 ? "\n\n" : "\n", out);
}

static void
text_write(FILE *out, const struct report_view *v)
{
	size_t	i;

	report_left_out(out, v, "Partial run: left out as unusable: ", put_value);
	if (!v->is_quiet) {
		text_cover(out, v);
		fprintf(out, "syncdoctor %s: %zu on-premises object%s (%zu in "
		    "sync scope), %zu cloud object%s\n\n", PACKAGE_VERSION,
		    v->counts.onprem, v->counts.onprem == 1 ? "" : "s",
		    v->counts.onprem_in_scope, v->counts.cloud,
		    v->counts.cloud == 1 ? "" : "s");
		text_inputs(out, v);
		text_outcomes(out, v);
	}
	for (i = 0; i < v->nruns; i++)
		if (v->runs[i].did_run && v->runs[i].nfindings > 0)
			text_rule(out, v, &v->runs[i]);
	text_fixed(out, v);
	text_unpredicted(out, v);
	if (!v->is_quiet) {
		text_not_run(out, v);
		text_messages(out, v);
	}
	text_summary(out, v);
}
