/*
 * The lint report, as mandoc's -Tlint: one line per finding, for grep,
 * diff and editors that jump to file:line, and one per rule run:
 *
 *	syncdoctor: checked: RULE: N findings
 *	syncdoctor: checked in part: RULE: LIMITATION
 *	syncdoctor: not checked: RULE: WHY
 *	FILE:LINE: SEVERITY: RULE: SUMMARY [ATTRIBUTE 'VALUE'] (ID[, MARK])
 *	syncdoctor: fixed: RULE: SUMMARY [ATTRIBUTE 'VALUE'] (ID)
 *
 * FILE:LINE is where the finding's first object starts.  Each selected
 * rule gets its status line, then its findings; a rule left out with
 * --rule gets none, so a run of one rule prints only that rule.  With a
 * baseline, its findings this run no longer makes follow as fixed.  Every
 * customer value goes through escape_text(): a line stays one line.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "baseline.h"
#include "escape.h"
#include "report.h"
#include "rule.h"

static void	lint_write(FILE *, const struct report_ctx *);

const struct report_format report_format_lint = {
	.name      = "lint",
	.extension = "lint",
	.write     = lint_write,
};

static void
put(FILE *out, const char *s)
{
	escape_text(out, s != NULL ? s : "", s != NULL ? strlen(s) : 0);
}

static void
lint_finding(FILE *out, const struct report_ctx *ctx, size_t at)
{
	const struct finding	*f = ctx->analysis->findings.list[at];
	const struct object	*o = f->nobjects > 0 ? f->objects[0].object :
				    NULL;
	const char		*mark = report_mark(ctx, at);

	if (o != NULL && o->file != NULL) {
		put(out, o->file);
		fprintf(out, ":%lu", o->line);
	} else
		fputs("syncdoctor", out);
	fprintf(out, ": %s: %s: ", severity_name(f->severity), f->rule->id);
	put(out, f->summary);
	if (f->attribute != NULL) {
		fputs(" [", out);
		put(out, f->attribute);
		fputs(" '", out);
		put(out, f->value);
		fputs("']", out);
	}
	if (ctx->marks != NULL && at < ctx->marks->n) {
		fputs(" (", out);
		put(out, ctx->marks->ids[at]);
		if (mark != NULL)
			fprintf(out, ", %s", mark);
		fputc(')', out);
	}
	fputc('\n', out);
}

/* A baseline finding of rule this run no longer makes. */
static void
lint_fixed(FILE *out, const struct baseline_entry *e)
{
	fputs("syncdoctor: fixed: ", out);
	put(out, e->rule);
	fputs(": ", out);
	put(out, e->summary);
	if (e->attribute != NULL) {
		fputs(" [", out);
		put(out, e->attribute);
		fputs(" '", out);
		put(out, e->value);
		fputs("']", out);
	}
	fputs(" (", out);
	put(out, e->id);
	fputs(")\n", out);
}

/* The rule's status line, and one line per check it made in part. */
static void
lint_run(FILE *out, const struct analysis *an, const struct rule_run *run)
{
	size_t	i;

	if (!run->did_run) {
		fprintf(out, "syncdoctor: not checked: %s: ", run->rule->id);
		put(out, run->why_not);
		fputc('\n', out);
		return;
	}
	fprintf(out, "syncdoctor: checked: %s: %zu finding%s\n",
	    run->rule->id, run->nfindings, run->nfindings == 1 ? "" : "s");
	for (i = 0; i < run->nlimitations; i++) {
		fprintf(out, "syncdoctor: checked in part: %s: ",
		    run->rule->id);
		put(out, an->limitations[run->first_limitation + i]);
		fputc('\n', out);
	}
}

static void
lint_write(FILE *out, const struct report_ctx *ctx)
{
	const struct analysis	*an = ctx->analysis;
	size_t			 i, k;

	for (i = 0; i < an->nruns; i++) {
		if (!an->runs[i].is_selected)
			continue;
		lint_run(out, an, &an->runs[i]);
		for (k = 0; k < an->findings.n; k++)
			if (an->findings.list[k]->rule == an->runs[i].rule)
				lint_finding(out, ctx, k);
		for (k = 0; ctx->marks != NULL && k < ctx->marks->nfixed; k++)
			if (ctx->marks->fixed[k]->rule != NULL &&
			    strcmp(ctx->marks->fixed[k]->rule,
			    an->runs[i].rule->id) == 0)
				lint_fixed(out, ctx->marks->fixed[k]);
	}
}
