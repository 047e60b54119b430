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
#include "report.h"
#include "view.h"

static void	csv_write(FILE *, const struct report_view *);

const struct report_format report_format_csv = {
	.name      = "csv",
	.extension = "csv",
	.write     = csv_write,
};

static const char *const csv_columns[] = {
	"rule", "severity", "attribute", "value", "summary", "keeper", "side",
	"dn_or_id", "type", "userPrincipalName", "file", "line", "anchor",
	"object_value", "held_as", "remediation", "doc", "baseline",
	"predicted", "reconciliation", "proposed_value", NULL
};

/* A field and the comma after it. */
static void
field(FILE *out, const char *s)
{
	escape_csv(out, s, s != NULL ? strlen(s) : 0);
	fputc(',', out);
}

/* A customer string's field: every one is written through this. */
static void
value_field(FILE *out, const struct view_value *v)
{
	field(out, view_text(v));
}

/* The remediation steps as one field: "1. ... 2. ...". */
static void
steps_field(FILE *out, const struct view_finding *f)
{
	char	*buf = NULL;
	size_t	 len = 0, i;
	FILE	*mem;

	if ((mem = open_memstream(&buf, &len)) == NULL) {
		field(out, "");
		return;
	}
	for (i = 0; i < f->nsteps; i++)
		fprintf(mem, "%s%zu. %s", i > 0 ? " " : "", i + 1,
		    f->steps[i]->text);
	fclose(mem);
	field(out, buf);
	free(buf);
}

/* One row; fo is NULL for a finding that names no object. */
static void
csv_row(FILE *out, const struct view_finding *f,
    const struct view_finding_object *fo)
{
	const struct view_object	*o = fo != NULL ? fo->object : NULL;
	const char			*seen = f->reconcile_id;

	field(out, f->rule);
	field(out, f->severity_name);
	value_field(out, f->attribute);
	value_field(out, f->value);
	value_field(out, f->summary);
	value_field(out, f->keeper != NULL ? f->keeper->text : NULL);
	if (o != NULL) {
		field(out, side_name(o->side));
		value_field(out, o->dn != NULL ? o->dn : o->id);
		field(out, object_type_name(o->type));
		value_field(out, o->upn);
		value_field(out, o->file);
		fprintf(out, "%lu,", o->line);
		value_field(out, o->anchor);
		value_field(out, fo->value);
		value_field(out, fo->held_as);
	} else
		fputs(",,,,,,,,,", out);
	steps_field(out, f);
	field(out, f->doc);
	/* new or present against a baseline; empty without one */
	field(out, f->mark);
	field(out, o != NULL ? o->outcome_id : NULL);
	escape_csv(out, seen, seen != NULL ? strlen(seen) : 0);
	fputc(',', out);
	/* last, so the columns before it keep their places */
	escape_csv(out, view_text(f->proposed), f->proposed != NULL ?
	    strlen(view_text(f->proposed)) : 0);
	fputs("\r\n", out);
}

/* An actual provisioning error no finding predicted; summary: category. */
static void
csv_unpredicted(FILE *out, const struct view_error *e)
{
	const struct view_object	*o = e->object;

	fputs(",,", out);
	value_field(out, e->property);
	value_field(out, e->value);
	value_field(out, e->category);
	field(out, side_name(o->side));
	value_field(out, o->id);
	field(out, object_type_name(o->type));
	value_field(out, o->upn);
	value_field(out, o->file);
	fprintf(out, "%lu,", o->line);
	value_field(out, o->anchor);
	value_field(out, e->value);
	value_field(out, e->property);
	fputs(",,,,unpredicted,\r\n", out);
}

static void
csv_write(FILE *out, const struct report_view *v)
{
	size_t	i, k;

	fputs("\xef\xbb\xbf", out);
	for (i = 0; csv_columns[i] != NULL; i++)
		fprintf(out, "%s%s", i > 0 ? "," : "", csv_columns[i]);
	fputs("\r\n", out);
	for (i = 0; i < v->nfindings; i++) {
		const struct view_finding *f = &v->findings[i];

		if (f->nobjects == 0)
			csv_row(out, f, NULL);
		for (k = 0; k < f->nobjects; k++)
			csv_row(out, f, &f->objects[k]);
	}
	for (i = 0; i < v->nerrors; i++)
		if (!v->errors[i].is_predicted)
			csv_unpredicted(out, &v->errors[i]);
}
