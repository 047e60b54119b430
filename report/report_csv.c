/*
 * The CSV report, for a spreadsheet: one row per (finding, object), so a
 * filter on any column keeps whole rows.  UTF-8 with a byte order mark
 * (Excel otherwise reads it as the ANSI code page), RFC 4180 quoting and
 * CRLF row ends; every field goes through escape_csv(), which also keeps
 * a value from being run as a formula.  Not for inputs, diagnostics or
 * the counts per predicted outcome: those are in the other reports.
 * Actual provisioning errors no finding predicted get a row each, with
 * an empty rule and "unpredicted" in the last column.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape_doc.h"
#include "reconcile.h"
#include "report.h"
#include "rule.h"

static void	csv_write(FILE *, const struct report_ctx *);

const struct report_format report_format_csv = {
	.name      = "csv",
	.extension = "csv",
	.write     = csv_write,
};

static const char *const csv_columns[] = {
	"rule", "severity", "attribute", "value", "summary", "keeper", "side",
	"dn_or_id", "type", "userPrincipalName", "file", "line", "anchor",
	"object_value", "held_as", "remediation", "doc", "baseline",
	"predicted", "reconciliation", NULL
};

/* A field and the comma after it. */
static void
field(FILE *out, const char *s)
{
	escape_csv(out, s, s != NULL ? strlen(s) : 0);
	fputc(',', out);
}

/* The remediation steps as one field: "1. ... 2. ...". */
static void
steps_field(FILE *out, const struct finding *f)
{
	char	*buf = NULL;
	size_t	 len = 0, i;
	FILE	*mem;

	if ((mem = open_memstream(&buf, &len)) == NULL) {
		field(out, "");
		return;
	}
	for (i = 0; i < f->nsteps; i++)
		fprintf(mem, "%s%zu. %s", i > 0 ? " " : "", i + 1, f->steps[i]);
	fclose(mem);
	field(out, buf);
	free(buf);
}

/* One row; fo is NULL for a finding that names no object. */
static void
csv_row(FILE *out, const struct report_ctx *ctx, size_t at,
    const struct finding_object *fo)
{
	const struct finding	*f = ctx->analysis->findings.list[at];
	const char		*mark = report_mark(ctx, at);
	const struct object	*o = fo != NULL ? fo->object : NULL;

	field(out, f->rule->id);
	field(out, severity_name(f->severity));
	field(out, f->attribute);
	field(out, f->value);
	field(out, f->summary);
	field(out, f->keeper != NULL ? f->keeper->text : NULL);
	if (o != NULL) {
		field(out, side_name(o->side));
		field(out, o->dn != NULL ? o->dn : o->id);
		field(out, object_type_name(o->type));
		field(out, o->upn);
		field(out, o->file);
		fprintf(out, "%lu,", o->line);
		field(out, object_anchor(o));
		field(out, fo->value);
		field(out, fo->held_as);
	} else
		fputs(",,,,,,,,,", out);
	steps_field(out, f);
	field(out, f->rule->doc);
	/* new or present against a baseline; empty without one */
	field(out, mark);
	field(out, o != NULL ? report_outcome_id(ctx, o) : NULL);
	mark = report_reconcile_id(ctx, at);
	escape_csv(out, mark, mark != NULL ? strlen(mark) : 0);
	fputs("\r\n", out);
}

/* An actual provisioning error no finding predicted; summary: category. */
static void
csv_unpredicted(FILE *out, const struct actual_error *e)
{
	const struct object	*o = e->object;

	fputs(",,", out);
	field(out, e->property);
	field(out, e->value);
	field(out, e->category);
	field(out, side_name(o->side));
	field(out, o->id);
	field(out, object_type_name(o->type));
	field(out, o->upn);
	field(out, o->file);
	fprintf(out, "%lu,", o->line);
	field(out, object_anchor(o));
	field(out, e->value);
	field(out, e->property);
	fputs(",,,,unpredicted\r\n", out);
}

static void
csv_write(FILE *out, const struct report_ctx *ctx)
{
	const struct findings	*fs = &ctx->analysis->findings;
	size_t			 i, k;

	fputs("\xef\xbb\xbf", out);
	for (i = 0; csv_columns[i] != NULL; i++)
		fprintf(out, "%s%s", i > 0 ? "," : "", csv_columns[i]);
	fputs("\r\n", out);
	for (i = 0; i < fs->n; i++) {
		const struct finding *f = fs->list[i];

		if (f->nobjects == 0)
			csv_row(out, ctx, i, NULL);
		for (k = 0; k < f->nobjects; k++)
			csv_row(out, ctx, i, &f->objects[k]);
	}
	for (i = 0; i < ctx->analysis->reconcile.nerrors; i++)
		if (!ctx->analysis->reconcile.errors[i].is_predicted)
			csv_unpredicted(out, &ctx->analysis->reconcile.errors[i]);
}
