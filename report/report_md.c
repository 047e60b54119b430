/*
 * The Markdown report, for tickets and wikis: a summary table, the inputs,
 * then one section per rule with its findings, each a table of the
 * objects and the numbered fix.  GitHub-flavoured tables.  Every customer
 * value goes through escape_md(), so none can break a table, start a
 * link or smuggle HTML into the page that renders it.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "escape_doc.h"
#include "report.h"
#include "view.h"

static void	md_write(FILE *, const struct report_view *);

const struct report_format report_format_md = {
	.name      = "md",
	.extension = "md",
	.write     = md_write,
};

#define MD_MAX_MESSAGES		50

static void
put(FILE *out, const char *s)
{
	if (s != NULL)
		escape_md(out, s, strlen(s));
}

/* A customer string: every one is printed through this. */
static void
put_value(FILE *out, const struct view_value *v)
{
	put(out, view_text(v));
}

/*
 * Our own multi-line text (a rule's explanation): its lines escaped one
 * by one, so its line breaks stay line breaks and blank lines paragraphs.
 */
static void
put_lines(FILE *out, const char *text)
{
	const char	*end;

	while (*text != '\0') {
		if ((end = strchr(text, '\n')) == NULL)
			end = text + strlen(text);
		escape_md(out, text, (size_t)(end - text));
		fputc('\n', out);
		text = *end == '\n' ? end + 1 : end;
	}
}

static void
md_summary(FILE *out, const struct report_view *v)
{
	size_t	i;

	fputs("| Rule | Errors | Warnings | Info | Status |\n"
	    "| --- | ---: | ---: | ---: | --- |\n", out);
	for (i = 0; i < v->nruns; i++) {
		const struct view_run *run = &v->runs[i];

		if (!run->did_run) {
			fprintf(out, "| %s | | | | not checked: ", run->rule);
			put(out, run->why_not);
			fputs(" |\n", out);
			continue;
		}
		fprintf(out, "| %s | %zu | %zu | %zu | checked |\n",
		    run->rule, run->by_severity[VIEW_ERRORS],
		    run->by_severity[VIEW_WARNINGS],
		    run->by_severity[VIEW_INFO]);
	}
	fputc('\n', out);
}

/* "What happens if we switch sync on tomorrow", per outcome. */
static void
md_outcomes(FILE *out, const struct report_view *v)
{
	size_t	i;

	if (v->counts.npredicted == 0)
		return;
	fputs("## Predicted export, if sync ran now\n\n", out);
	if (v->export_stopped_by != NULL) {
		fputs("**The export run stops before exporting anything:** ",
		    out);
		put_value(out, v->export_stopped_by->summary);
		fputs("\n\nOnce that is dealt with, each object's export:\n\n",
		    out);
	}
	fputs("| Outcome | Objects |\n| --- | ---: |\n", out);
	for (i = 0; i < v->noutcomes; i++)
		if (v->outcomes[i].n > 0)
			fprintf(out, "| %s | %zu |\n", v->outcomes[i].name,
			    v->outcomes[i].n);
	fputc('\n', out);
}

static void
md_error_row(FILE *out, const struct view_error *e)
{
	fputs("| ", out);
	put(out, view_object_name(e->object));
	fputs(" | ", out);
	put_value(out, e->object->file);
	fprintf(out, ":%lu | ", e->object->line);
	put_value(out, e->category);
	fputs(" | ", out);
	put_value(out, e->property);
	fputs(" | ", out);
	put_value(out, e->value);
	fputs(" | ", out);
	put(out, e->since);
	fputs(" |\n", out);
}

/* Actual provisioning errors that no finding predicted. */
static void
md_unpredicted(FILE *out, const struct report_view *v)
{
	const struct view_counts	*c = &v->counts;
	size_t				 i;

	if (!v->is_reconciled)
		return;
	fprintf(out, "## Provisioning errors Entra ID reports\n\n"
	    "%zu finding%s confirmed, %zu not yet seen; %zu error%s no rule "
	    "predicted.\n\n", c->confirmed, c->confirmed == 1 ? "" : "s",
	    c->not_yet_seen, c->unpredicted, c->unpredicted == 1 ? "" : "s");
	if (c->unpredicted == 0)
		return;
	fputs("| Object | Source | Category | Property | Value | Since |\n"
	    "| --- | --- | --- | --- | --- | --- |\n", out);
	for (i = 0; i < v->nerrors; i++)
		if (!v->errors[i].is_predicted)
			md_error_row(out, &v->errors[i]);
	fputc('\n', out);
}

static void
md_inputs(FILE *out, const struct report_view *v)
{
	size_t	i;

	fputs("## Inputs\n\n"
	    "| File | Kind | Side | Records | Loaded | Rejected | Skipped | "
	    "Values refused | Warnings |\n"
	    "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n",
	    out);
	for (i = 0; i < v->ninputs; i++) {
		const struct view_input *in = &v->inputs[i];

		fputs("| ", out);
		put_value(out, in->path);
		fputs(" | ", out);
		put(out, in->kind);
		fputs(" | ", out);
		put(out, in->side);
		if (in->is_unusable) {
			fputs(" | unusable | | | | | |\n", out);
			continue;
		}
		fprintf(out, " | %zu | %zu | %zu | %zu | %zu | %zu |\n",
		    in->records, in->accepted, in->rejected, in->skipped,
		    in->values_rejected, in->warnings);
	}
	fputc('\n', out);
}

static void
md_messages(FILE *out, const struct report_view *v)
{
	size_t	i, total = v->nmessages + v->nmessages_dropped;

	if (v->nmessages == 0)
		return;
	fprintf(out, "## Input problems (%zu)\n\n", total);
	for (i = 0; i < v->nmessages && i < MD_MAX_MESSAGES; i++) {
		const struct view_message *m = &v->messages[i];

		fputs("- ", out);
		put_value(out, m->file);
		if (m->line)
			fprintf(out, ":%lu", m->line);
		fprintf(out, ", %s: ", m->level_name);
		put_value(out, m->text);
		fputc('\n', out);
	}
	if (total > i)
		fprintf(out, "- and %zu more: all are listed in the JSON report "
		    "(--format json)\n", total - i);
	fputc('\n', out);
}

static void
md_object_row(FILE *out, const struct view_finding_object *fo)
{
	const struct view_object	*o = fo->object;

	fprintf(out, "| %s | %s | ", side_name(o->side),
	    object_type_name(o->type));
	put(out, view_object_name(o));
	fputs(" | ", out);
	put_value(out, o->upn);
	fputs(" | ", out);
	put_value(out, o->file);
	fprintf(out, ":%lu | ", o->line);
	put_value(out, fo->held_as);
	if (fo->role != NULL) {
		fputs(" (", out);
		put_value(out, fo->role);
		fputc(')', out);
	}
	fputs(" | ", out);
	put_value(out, fo->value);
	fputs(" | ", out);
	put_value(out, o->anchor);
	fputs(" | ", out);
	put(out, o->outcome_id);
	fputs(" |\n", out);
}

static void
md_finding(FILE *out, const struct view_finding *f, size_t number)
{
	const char	*mark = f->mark, *seen = f->reconcile_name;
	size_t		 i;

	fprintf(out, "### %zu. %s%s%s%s%s%s%s: ", number,
	    f->severity_name, mark ? " (" : "", mark ? mark : "",
	    mark ? ")" : "", seen ? " [" : "", seen ? seen : "",
	    seen ? "]" : "");
	put_value(out, f->attribute);
	fputc(' ', out);
	put_value(out, f->value);
	fputs("\n\n", out);
	put_value(out, f->summary);
	fputs("\n\n", out);
	if (f->keeper != NULL) {
		fputs("**Keeper:** ", out);
		put_value(out, f->keeper->text);
		fputs("\n\n", out);
	}
	if (f->nobjects > 0) {
		fputs("| Side | Type | Object | userPrincipalName | Source | "
		    "Held as | Value | Anchor | Predicted |\n"
		    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n",
		    out);
		for (i = 0; i < f->nobjects; i++)
			md_object_row(out, &f->objects[i]);
		fputc('\n', out);
	}
	if (f->proposed != NULL) {
		fputs("**Proposed:** ", out);
		put_value(out, f->proposed);
		fputs("\n\n", out);
	}
	if (f->nsteps > 0)
		fputs("**Fix:**\n\n", out);
	for (i = 0; i < f->nsteps; i++) {
		fprintf(out, "%zu. ", i + 1);
		put_value(out, f->steps[i]);
		fputc('\n', out);
	}
	fputc('\n', out);
}

static void
md_rule(FILE *out, const struct report_view *v, const struct view_run *run)
{
	size_t	i, number = 0;

	fprintf(out, "## %s\n\n", run->rule);
	fprintf(out, "**%zu finding%s**: ", run->nfindings,
	    run->nfindings == 1 ? "" : "s");
	put(out, run->title);
	fprintf(out, ". [Microsoft documentation](%s)\n\n", run->doc);
	put_lines(out, run->explain);
	fputc('\n', out);
	for (i = 0; i < v->nfindings; i++)
		if (strcmp(v->findings[i].rule, run->rule) == 0)
			md_finding(out, &v->findings[i], ++number);
}

/* The title, and who the report is for and by when the options say. */
static void
md_cover(FILE *out, const struct report_view *v)
{
	const struct view_cover	*c = &v->cover;
	size_t			 i;

	fputs("# ", out);
	put(out, view_title(v));
	fputs("\n\n", out);
	if (c->customer != NULL) {
		fputs("**Customer:** ", out);
		put_value(out, c->customer);
		fputs("  \n", out);
	}
	if (c->prepared_by != NULL) {
		fputs("**Prepared by:** ", out);
		put_value(out, c->prepared_by);
		fputs("  \n", out);
	}
	if (c->tenant != NULL) {
		fputs("**Tenant:** ", out);
		put_value(out, c->tenant);
		fputs("  \n", out);
	}
	for (i = 0; i < c->nforests; i++) {
		fputs(i == 0 ? c->nforests == 1 ? "**Forest:** " :
		    "**Forests:** " : ", ", out);
		put_value(out, c->forests[i]);
	}
	if (c->customer != NULL || c->prepared_by != NULL ||
	    c->tenant != NULL || c->nforests > 0)
		fputs(c->nforests > 0 ? "\n\n" : "\n", out);
}

static void
md_write(FILE *out, const struct report_view *v)
{
	const struct view_counts	*c = &v->counts;
	const size_t			*n = c->by_severity;
	size_t				 i;

	report_left_out(out, v, "**Partial run: left out as unusable:** ", put_value);
	md_cover(out, v);
	fprintf(out, "syncdoctor %s: %zu on-premises object%s (%zu in sync "
	    "scope), %zu cloud object%s.  **%zu error%s, %zu warning%s, %zu "
	    "info.**\n\n", PACKAGE_VERSION, c->onprem,
	    c->onprem == 1 ? "" : "s", c->onprem_in_scope, c->cloud,
	    c->cloud == 1 ? "" : "s",
	    n[VIEW_ERRORS], n[VIEW_ERRORS] == 1 ? "" : "s",
	    n[VIEW_WARNINGS], n[VIEW_WARNINGS] == 1 ? "" : "s",
	    n[VIEW_INFO]);
	md_summary(out, v);
	md_outcomes(out, v);
	if (!v->is_quiet) {
		md_inputs(out, v);
		md_messages(out, v);
	}
	for (i = 0; i < v->nruns; i++)
		if (v->runs[i].did_run && v->runs[i].nfindings > 0)
			md_rule(out, v, &v->runs[i]);
	md_unpredicted(out, v);
}
