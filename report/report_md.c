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
#include "match.h"
#include "reconcile.h"
#include "report.h"
#include "rule.h"

static void	md_write(FILE *, const struct report_ctx *);

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

/* Findings of rule r per severity. */
static void
count_by_severity(const struct findings *fs, const struct rule *r,
    size_t count[3])
{
	size_t	i;

	count[SEV_ERROR] = count[SEV_WARNING] = count[SEV_INFO] = 0;
	for (i = 0; i < fs->n; i++)
		if (fs->list[i]->rule == r)
			count[fs->list[i]->severity]++;
}

static void
md_summary(FILE *out, const struct analysis *an)
{
	size_t	i, count[3];

	fputs("| Rule | Errors | Warnings | Info | Status |\n"
	    "| --- | ---: | ---: | ---: | --- |\n", out);
	for (i = 0; i < an->nruns; i++) {
		const struct rule_run *run = &an->runs[i];

		if (!run->did_run) {
			fprintf(out, "| %s | | | | not checked: ", run->rule->id);
			put(out, run->why_not);
			fputs(" |\n", out);
			continue;
		}
		count_by_severity(&an->findings, run->rule, count);
		fprintf(out, "| %s | %zu | %zu | %zu | checked |\n",
		    run->rule->id, count[SEV_ERROR], count[SEV_WARNING],
		    count[SEV_INFO]);
	}
	fputc('\n', out);
}

/* "What happens if we switch sync on tomorrow", per outcome. */
static void
md_outcomes(FILE *out, const struct verdicts *v)
{
	size_t	n;
	int	outcome;

	if (verdict_count(v, VERDICT_NONE) == v->nobjects)
		return;
	fputs("## Predicted export, if sync ran now\n\n", out);
	if (v->stopped_by != NULL) {
		fputs("**The export run stops before exporting anything:** ",
		    out);
		put(out, v->stopped_by->summary);
		fputs("\n\nOnce that is dealt with, each object's export:\n\n",
		    out);
	}
	fputs("| Outcome | Objects |\n| --- | ---: |\n", out);
	for (outcome = REPORT_FIRST_KIND; outcome <= REPORT_LAST_KIND;
	    outcome++)
		if ((n = verdict_count(v, (enum verdict_kind)outcome)) > 0)
			fprintf(out, "| %s | %zu |\n", verdict_kind_name(
			    (enum verdict_kind)outcome), n);
	fputc('\n', out);
}

/* Actual provisioning errors that no finding predicted. */
static void
md_unpredicted(FILE *out, const struct reconcile *rc)
{
	size_t	i;

	if (!rc->is_active)
		return;
	fprintf(out, "## Provisioning errors Entra ID reports\n\n"
	    "%zu finding%s confirmed, %zu not yet seen; %zu error%s no rule "
	    "predicted.\n\n", rc->nconfirmed, rc->nconfirmed == 1 ? "" : "s",
	    rc->nnot_seen, rc->nunpredicted, rc->nunpredicted == 1 ? "" : "s");
	if (rc->nunpredicted == 0)
		return;
	fputs("| Object | Source | Category | Property | Value | Since |\n"
	    "| --- | --- | --- | --- | --- | --- |\n", out);
	for (i = 0; i < rc->nerrors; i++) {
		const struct actual_error *e = &rc->errors[i];

		if (e->is_predicted)
			continue;
		fputs("| ", out);
		put(out, report_object_name(e->object));
		fputs(" | ", out);
		put(out, e->object->file);
		fprintf(out, ":%lu | ", e->object->line);
		put(out, e->category);
		fputs(" | ", out);
		put(out, e->property);
		fputs(" | ", out);
		put(out, e->value);
		fputs(" | ", out);
		put(out, e->when);
		fputs(" |\n", out);
	}
	fputc('\n', out);
}

static void
md_inputs(FILE *out, const struct diag *dg)
{
	size_t	i;

	fputs("## Inputs\n\n"
	    "| File | Kind | Side | Records | Loaded | Rejected | Skipped | "
	    "Values refused | Warnings |\n"
	    "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n",
	    out);
	for (i = 0; i < dg->ninputs; i++) {
		const struct input_stats *in = &dg->inputs[i];

		fputs("| ", out);
		put(out, in->path);
		fputs(" | ", out);
		put(out, in->kind);
		fputs(" | ", out);
		put(out, in->side);
		if (in->is_unusable) {
			fputs(" | unusable | | | | | |\n", out);
			continue;
		}
		fprintf(out, " | %lu | %lu | %lu | %lu | %lu | %lu |\n",
		    in->records, in->accepted, in->rejected, in->skipped,
		    in->values_rejected, in->warnings);
	}
	fputc('\n', out);
}

static void
md_messages(FILE *out, const struct diag *dg)
{
	size_t	i;

	if (dg->nmsgs == 0)
		return;
	fprintf(out, "## Input problems (%zu)\n\n", dg->nmsgs + dg->dropped);
	for (i = 0; i < dg->nmsgs && i < MD_MAX_MESSAGES; i++) {
		const struct diag_msg *m = &dg->msgs[i];

		fputs("- ", out);
		put(out, m->file);
		if (m->line)
			fprintf(out, ":%lu", m->line);
		fprintf(out, ", %s: ", diag_level_name(diag_level(m->code)));
		put(out, m->text);
		fputc('\n', out);
	}
	if (dg->nmsgs + dg->dropped > i)
		fprintf(out, "- and %zu more: all are listed in the JSON report "
		    "(--format json)\n", dg->nmsgs + dg->dropped - i);
	fputc('\n', out);
}

static void
md_object_row(FILE *out, const struct report_ctx *ctx,
    const struct finding_object *fo)
{
	const struct object	*o = fo->object;

	fprintf(out, "| %s | %s | ", side_name(o->side),
	    object_type_name(o->type));
	put(out, report_object_name(o));
	fputs(" | ", out);
	put(out, o->upn);
	fputs(" | ", out);
	put(out, o->file);
	fprintf(out, ":%lu | ", o->line);
	put(out, fo->held_as);
	if (fo->role != NULL) {
		fputs(" (", out);
		put(out, fo->role);
		fputc(')', out);
	}
	fputs(" | ", out);
	put(out, fo->value);
	fputs(" | ", out);
	put(out, object_anchor(o));
	fputs(" | ", out);
	put(out, report_outcome_id(ctx, o));
	fputs(" |\n", out);
}

static void
md_finding(FILE *out, const struct report_ctx *ctx, size_t at,
    size_t number)
{
	const struct finding	*f = ctx->analysis->findings.list[at];
	const char		*mark = report_mark(ctx, at);
	const char		*seen = report_reconcile_name(ctx, at);
	size_t			 i;

	fprintf(out, "### %zu. %s%s%s%s%s%s%s: ", number,
	    severity_name(f->severity), mark ? " (" : "", mark ? mark : "",
	    mark ? ")" : "", seen ? " [" : "", seen ? seen : "",
	    seen ? "]" : "");
	put(out, f->attribute);
	fputc(' ', out);
	put(out, f->value);
	fputs("\n\n", out);
	put(out, f->summary);
	fputs("\n\n", out);
	if (f->keeper != NULL) {
		fputs("**Keeper:** ", out);
		put(out, f->keeper->text);
		fputs("\n\n", out);
	}
	if (f->nobjects > 0) {
		fputs("| Side | Type | Object | userPrincipalName | Source | "
		    "Held as | Value | Anchor | Predicted |\n"
		    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n",
		    out);
		for (i = 0; i < f->nobjects; i++)
			md_object_row(out, ctx, &f->objects[i]);
		fputc('\n', out);
	}
	if (f->nsteps > 0)
		fputs("**Fix:**\n\n", out);
	for (i = 0; i < f->nsteps; i++) {
		fprintf(out, "%zu. ", i + 1);
		put(out, f->steps[i]);
		fputc('\n', out);
	}
	fputc('\n', out);
}

static void
md_rule(FILE *out, const struct report_ctx *ctx, const struct rule_run *run)
{
	const struct findings	*fs = &ctx->analysis->findings;
	size_t			 i, number = 0;

	fprintf(out, "## %s\n\n", run->rule->id);
	fprintf(out, "**%zu finding%s**: ", run->nfindings,
	    run->nfindings == 1 ? "" : "s");
	put(out, run->rule->title);
	fprintf(out, ". [Microsoft documentation](%s)\n\n", run->rule->doc);
	put_lines(out, run->rule->explain);
	fputc('\n', out);
	for (i = 0; i < fs->n; i++)
		if (fs->list[i]->rule == run->rule)
			md_finding(out, ctx, i, ++number);
}

/* The first line of a --partial run: which inputs were left out. */
static void
md_left_out(FILE *out, const struct report_ctx *ctx)
{
	const struct diag	*dg = ctx->diag;
	const char		*sep = "";
	size_t			 i;

	if (report_nleft_out(ctx) == 0)
		return;
	fputs("**Partial run: left out as unusable:** ", out);
	for (i = 0; i < dg->ninputs; i++) {
		if (!dg->inputs[i].is_unusable)
			continue;
		fputs(sep, out);
		put(out, dg->inputs[i].path);
		sep = ", ";
	}
	fputs("\n\n", out);
}

static void
md_write(FILE *out, const struct report_ctx *ctx)
{
	const struct analysis	*an = ctx->analysis;
	size_t			 i, nerr, nwarn, ninfo;

	nerr = findings_count(&an->findings, SEV_ERROR);
	nwarn = findings_count(&an->findings, SEV_WARNING);
	ninfo = findings_count(&an->findings, SEV_INFO);
	md_left_out(out, ctx);
	fprintf(out, "# Entra Connect export check\n\n"
	    "syncdoctor %s: %zu on-premises objects (%zu in sync scope), "
	    "%zu cloud objects.  **%zu error%s, %zu warning%s, %zu info.**\n\n",
	    PACKAGE_VERSION, an->nonprem, an->nin_scope, an->ncloud,
	    nerr, nerr == 1 ? "" : "s", nwarn, nwarn == 1 ? "" : "s", ninfo);
	md_summary(out, an);
	md_outcomes(out, &an->verdicts);
	if (!ctx->is_quiet) {
		md_inputs(out, ctx->diag);
		md_messages(out, ctx->diag);
	}
	for (i = 0; i < an->nruns; i++)
		if (an->runs[i].did_run && an->runs[i].nfindings > 0)
			md_rule(out, ctx, &an->runs[i]);
	md_unpredicted(out, &an->reconcile);
}
