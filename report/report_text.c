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

#include "baseline.h"
#include "escape.h"
#include "match.h"
#include "reconcile.h"
#include "report.h"
#include "rule.h"

static void	text_write(FILE *, const struct report_ctx *);

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
style(FILE *out, const struct report_ctx *ctx, enum style s)
{
	static const char *const codes[] = {
		"\033[1m", "\033[1;31m", "\033[1;33m", "\033[1;36m",
		"\033[2m", "\033[0m"
	};

	if (ctx->use_color)
		fputs(codes[s], out);
}

static void
put(FILE *out, const char *s)
{
	if (s != NULL)
		escape_text(out, s, strlen(s));
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
severity_style(enum severity sev)
{
	return sev == SEV_ERROR ? ST_ERROR : sev == SEV_WARNING ? ST_WARNING :
	    ST_INFO;
}

static void
text_object(FILE *out, const struct report_ctx *ctx,
    const struct finding_object *fo)
{
	const struct object	*o = fo->object;
	const char		*outcome = report_outcome_name(ctx, o);

	fprintf(out, "      %-6s %-8s ", side_name(o->side),
	    object_type_name(o->type));
	put(out, report_object_name(o));
	fputc('\n', out);
	fputs("                      ", out);
	put(out, o->file);
	fprintf(out, ":%lu", o->line);
	if (o->upn != NULL && o->dn != NULL) {
		fputs("  upn ", out);
		put(out, o->upn);
	}
	if (object_anchor(o) != NULL) {
		fputs("  anchor ", out);
		put(out, object_anchor(o));
	}
	fputc('\n', out);
	if (outcome != NULL) {
		fputs("                      predicted: ", out);
		put(out, outcome);
		fputc('\n', out);
	}
	if (fo->held_as != NULL || fo->value != NULL) {
		fputs("                      ", out);
		if (fo->held_as != NULL) {
			put(out, fo->held_as);
			fputs(": ", out);
		}
		put(out, fo->value);
		if (fo->role != NULL) {
			fputs("  (", out);
			put(out, fo->role);
			fputc(')', out);
		}
		fputc('\n', out);
	}
}

static void
text_finding(FILE *out, const struct report_ctx *ctx, size_t at,
    size_t number)
{
	const struct finding	*f = ctx->analysis->findings.list[at];
	size_t			 i;

	fprintf(out, "  [%zu] ", number);
	style(out, ctx, severity_style(f->severity));
	fputs(severity_name(f->severity), out);
	style(out, ctx, ST_RESET);
	if (ctx->marks != NULL && ctx->marks->has_baseline &&
	    at < ctx->marks->n)
		fprintf(out, " (%s)",
		    baseline_mark_name(ctx->marks->marks[at]));
	if (report_reconcile_name(ctx, at) != NULL)
		fprintf(out, " [%s]", report_reconcile_name(ctx, at));
	fputs("  ", out);
	put(out, f->attribute);
	fputs(" '", out);
	put(out, f->value);
	fputs("'\n      ", out);
	put_wrapped(out, f->summary, 6, 6);
	fputc('\n', out);
	for (i = 0; i < f->nobjects; i++)
		text_object(out, ctx, &f->objects[i]);
	if (f->keeper != NULL) {
		fputs("      Keeper: ", out);
		put_wrapped(out, f->keeper->text, 14, 14);
		fputc('\n', out);
	}
	if (f->nsteps > 0)
		fputs("      Fix:\n", out);
	for (i = 0; i < f->nsteps; i++) {
		fprintf(out, "        %zu. ", i + 1);
		put_wrapped(out, f->steps[i], 11, 11);
		fputc('\n', out);
	}
	fputc('\n', out);
}

static void
text_rule(FILE *out, const struct report_ctx *ctx, const struct rule_run *run)
{
	const struct findings	*fs = &ctx->analysis->findings;
	size_t			 i, number = 0;

	style(out, ctx, ST_BOLD);
	fputs(run->rule->id, out);
	style(out, ctx, ST_RESET);
	fprintf(out, ": %s (%zu finding%s)\n", run->rule->title,
	    run->nfindings, run->nfindings == 1 ? "" : "s");
	style(out, ctx, ST_DIM);
	fprintf(out, "  %s\n\n", run->rule->doc);
	style(out, ctx, ST_RESET);
	for (i = 0; i < fs->n; i++)
		if (fs->list[i]->rule == run->rule)
			text_finding(out, ctx, i, ++number);
}

/* The tenant domains and what each is: federation changes advice. */
static void
text_domains(FILE *out, const struct report_ctx *ctx)
{
	char	traits[96];
	size_t	i;

	if (table_ndomains(ctx->table) == 0)
		return;
	fputs("  tenant domains:\n", out);
	for (i = 0; i < table_ndomains(ctx->table); i++) {
		fputs("    ", out);
		put(out, report_domain_name(ctx, i));
		fprintf(out, "  (%s)\n", report_domain_traits(ctx, i, traits,
		    sizeof(traits)));
	}
}

static void
text_inputs(FILE *out, const struct report_ctx *ctx)
{
	const struct diag	*dg = ctx->diag;
	size_t			 i;

	style(out, ctx, ST_BOLD);
	fputs("Inputs\n", out);
	style(out, ctx, ST_RESET);
	for (i = 0; i < dg->ninputs; i++) {
		const struct input_stats *in = &dg->inputs[i];

		fputs("  ", out);
		put(out, in->path);
		fprintf(out, "  (%s, %s)", in->kind, in->side);
		if (in->is_unusable) {
			fputs(": unusable, see below\n", out);
			continue;
		}
		fprintf(out, ": %lu records, %lu loaded, %lu rejected, "
		    "%lu skipped", in->records, in->accepted, in->rejected,
		    in->skipped);
		if (in->values_rejected)
			fprintf(out, ", %lu values refused", in->values_rejected);
		if (in->warnings)
			fprintf(out, ", %lu warnings", in->warnings);
		fputc('\n', out);
	}
	text_domains(out, ctx);
	fputc('\n', out);
}

/* "What happens if we switch sync on tomorrow": outcomes and counts. */
static void
text_outcomes(FILE *out, const struct report_ctx *ctx)
{
	const struct verdicts	*v = &ctx->analysis->verdicts;
	size_t			 n, total = report_npredicted(ctx);
	int			 k;

	if (total == 0)
		return;
	style(out, ctx, ST_BOLD);
	fprintf(out, "Predicted export, if sync ran now (%zu objects)\n",
	    total);
	style(out, ctx, ST_RESET);
	if (v->stopped_by != NULL) {
		fputs("  The export run stops before exporting anything: ", out);
		put(out, v->stopped_by->summary);
		fputs("\n  Once that is dealt with, each object's export:\n",
		    out);
	}
	for (k = REPORT_FIRST_KIND; k <= REPORT_LAST_KIND; k++)
		if ((n = verdict_count(v, (enum verdict_kind)k)) > 0)
			fprintf(out, "  %6zu  %s\n", n,
			    verdict_kind_name((enum verdict_kind)k));
	fputc('\n', out);
}

/* Provisioning errors Entra ID reports that no finding predicted. */
static void
text_unpredicted(FILE *out, const struct report_ctx *ctx)
{
	const struct reconcile	*rc = &ctx->analysis->reconcile;
	size_t			 i;

	if (rc->nunpredicted == 0)
		return;
	style(out, ctx, ST_BOLD);
	fprintf(out, "Provisioning errors no rule predicted (%zu)\n",
	    rc->nunpredicted);
	style(out, ctx, ST_RESET);
	for (i = 0; i < rc->nerrors; i++) {
		const struct actual_error *e = &rc->errors[i];

		if (e->is_predicted)
			continue;
		fputs("  ", out);
		put(out, report_object_name(e->object));
		fputs("  ", out);
		put(out, e->object->file);
		fprintf(out, ":%lu\n      ", e->object->line);
		put(out, e->category != NULL ? e->category : "(no category)");
		fputs(" on ", out);
		put(out, e->property != NULL ? e->property : "(no property)");
		fputs(" '", out);
		put(out, e->value);
		fputc('\'', out);
		if (e->when != NULL) {
			fputs(" since ", out);
			put(out, e->when);
		}
		fputc('\n', out);
	}
	fputc('\n', out);
}

/* "; reconciled: 1 confirmed, 1 not yet seen, 1 unpredicted". */
static void
text_reconcile_summary(FILE *out, const struct report_ctx *ctx)
{
	const struct reconcile	*rc = &ctx->analysis->reconcile;

	if (!rc->is_active)
		return;
	fprintf(out, "; reconciled: %zu confirmed, %zu not yet seen, %zu "
	    "unpredicted", rc->nconfirmed, rc->nnot_seen, rc->nunpredicted);
}

static void
text_messages(FILE *out, const struct report_ctx *ctx)
{
	const struct diag	*dg = ctx->diag;
	size_t			 i, shown = 0;

	if (dg->nmsgs == 0)
		return;
	style(out, ctx, ST_BOLD);
	fprintf(out, "Input problems (%zu)\n", dg->nmsgs + dg->dropped);
	style(out, ctx, ST_RESET);
	for (i = 0; i < dg->nmsgs && shown < TEXT_MAX_MESSAGES; i++, shown++) {
		const struct diag_msg *m = &dg->msgs[i];

		fputs("  ", out);
		put(out, m->file);
		if (m->line)
			fprintf(out, ":%lu", m->line);
		fprintf(out, ": %s: ", diag_level_name(diag_level(m->code)));
		put(out, m->text);
		fputc('\n', out);
	}
	if (dg->nmsgs + dg->dropped > shown)
		fprintf(out, "  ... and %zu more: all are listed in the JSON "
		    "report (--format json)\n", dg->nmsgs + dg->dropped - shown);
	fputc('\n', out);
}

static void
text_not_run(FILE *out, const struct report_ctx *ctx)
{
	const struct analysis	*an = ctx->analysis;
	size_t			 i;
	bool			 is_any = false;

	for (i = 0; i < an->nruns + an->nlimitations; i++) {
		if (i < an->nruns && an->runs[i].did_run)
			continue;
		if (!is_any) {
			style(out, ctx, ST_BOLD);
			fputs("Not checked\n", out);
			style(out, ctx, ST_RESET);
			is_any = true;
		}
		if (i < an->nruns) {
			fprintf(out, "  %s: %s\n", an->runs[i].rule->id,
			    an->runs[i].why_not);
			continue;
		}
		fputs("  ", out);
		put_wrapped(out, an->limitations[i - an->nruns], 2, 4);
		fputc('\n', out);
	}
	if (is_any)
		fputc('\n', out);
}

/* Findings of the baseline this run no longer makes. */
static void
text_fixed(FILE *out, const struct report_ctx *ctx)
{
	const struct baseline_marks	*bm = ctx->marks;
	size_t				 i;

	if (bm == NULL || bm->nfixed == 0)
		return;
	style(out, ctx, ST_BOLD);
	fprintf(out, "Fixed since the baseline (%zu)\n", bm->nfixed);
	style(out, ctx, ST_RESET);
	for (i = 0; i < bm->nfixed; i++) {
		fputs("  ", out);
		put(out, bm->fixed[i]->rule);
		fputs("  ", out);
		put(out, bm->fixed[i]->attribute);
		fputs(" '", out);
		put(out, bm->fixed[i]->value);
		fputs("'\n", out);
	}
	fputc('\n', out);
}

/* "; tenant policies: 1 error, 2 warnings, 0 info": no export errors. */
static void
text_policy_summary(FILE *out, const struct report_ctx *ctx)
{
	const struct findings	*fs = &ctx->analysis->findings;
	size_t			 nerr, nwarn, ninfo;

	nerr = findings_count_policies(fs, SEV_ERROR);
	nwarn = findings_count_policies(fs, SEV_WARNING);
	ninfo = findings_count_policies(fs, SEV_INFO);
	if (nerr + nwarn + ninfo == 0)
		return;
	fprintf(out, "; tenant policies: %zu error%s, %zu warning%s, %zu info",
	    nerr, nerr == 1 ? "" : "s", nwarn, nwarn == 1 ? "" : "s", ninfo);
}

/* "; 2 new, 1 fixed" against a baseline. */
static void
text_baseline_summary(FILE *out, const struct report_ctx *ctx)
{
	const struct baseline_marks	*bm = ctx->marks;
	const struct findings		*fs = &ctx->analysis->findings;

	if (bm == NULL || !bm->has_baseline)
		return;
	fprintf(out, "; baseline: %zu new, %zu fixed",
	    baseline_count_new(bm, fs, SEV_ERROR) +
	    baseline_count_new(bm, fs, SEV_WARNING) +
	    baseline_count_new(bm, fs, SEV_INFO), bm->nfixed);
}

/* The first line of a --partial run: which inputs were left out. */
static void
text_left_out(FILE *out, const struct report_ctx *ctx)
{
	const struct diag	*dg = ctx->diag;
	const char		*sep = "";
	size_t			 i;

	if (report_nleft_out(ctx) == 0)
		return;
	fputs("Partial run: left out as unusable: ", out);
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
text_write(FILE *out, const struct report_ctx *ctx)
{
	const struct analysis	*an = ctx->analysis;
	size_t			 i, nerr, nwarn, ninfo;

	nerr = findings_count(&an->findings, SEV_ERROR);
	nwarn = findings_count(&an->findings, SEV_WARNING);
	ninfo = findings_count(&an->findings, SEV_INFO);
	text_left_out(out, ctx);
	if (!ctx->is_quiet) {
		fprintf(out, "syncdoctor %s: %zu on-premises objects (%zu in "
		    "sync scope), %zu cloud objects\n\n", PACKAGE_VERSION,
		    an->nonprem, an->nin_scope, an->ncloud);
		text_inputs(out, ctx);
		text_outcomes(out, ctx);
	}
	for (i = 0; i < an->nruns; i++)
		if (an->runs[i].did_run && an->runs[i].nfindings > 0)
			text_rule(out, ctx, &an->runs[i]);
	text_fixed(out, ctx);
	text_unpredicted(out, ctx);
	if (!ctx->is_quiet) {
		text_not_run(out, ctx);
		text_messages(out, ctx);
	}
	style(out, ctx, ST_BOLD);
	fputs("Summary: ", out);
	style(out, ctx, ST_RESET);
	style(out, ctx, nerr ? ST_ERROR : ST_RESET);
	fprintf(out, "%zu error%s", nerr, nerr == 1 ? "" : "s");
	style(out, ctx, ST_RESET);
	fprintf(out, ", %zu warning%s, %zu info", nwarn, nwarn == 1 ? "" : "s",
	    ninfo);
	text_policy_summary(out, ctx);
	for (i = 0; i < an->nruns; i++)
		if (an->runs[i].nfindings > 0)
			fprintf(out, "; %s %zu", an->runs[i].rule->id,
			    an->runs[i].nfindings);
	text_baseline_summary(out, ctx);
	text_reconcile_summary(out, ctx);
	fputc('\n', out);
}
