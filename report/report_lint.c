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

#include "escape.h"
#include "report.h"
#include "view.h"

static void	lint_write(FILE *, const struct report_view *);

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
put_value(FILE *out, const struct view_value *v)
{
	put(out, view_text(v));
}

/* " [ATTRIBUTE 'VALUE']" when there is an attribute. */
static void
lint_attribute(FILE *out, const struct view_value *attribute,
    const struct view_value *value)
{
	if (attribute == NULL || attribute->text == NULL)
		return;
	fputs(" [", out);
	put_value(out, attribute);
	fputs(" '", out);
	put_value(out, value);
	fputs("']", out);
}

static void
lint_finding(FILE *out, const struct report_view *v,
    const struct view_finding *f)
{
	const struct view_object *o = f->nobjects > 0 ? f->objects[0].object :
				    NULL;

	if (o != NULL && o->file != NULL && o->file->text != NULL) {
		put_value(out, o->file);
		fprintf(out, ":%lu", o->line);
	} else
		fputs("syncdoctor", out);
	fprintf(out, ": %s: %s: ", f->severity_name, f->rule);
	put_value(out, f->summary);
	lint_attribute(out, f->attribute, f->value);
	if (f->id != NULL) {
		fputs(" (", out);
		put(out, f->id);
		if (v->has_baseline && f->mark != NULL)
			fprintf(out, ", %s", f->mark);
		fputc(')', out);
	}
	fputc('\n', out);
}

/* A baseline finding this run no longer makes. */
static void
lint_fixed(FILE *out, const struct view_fixed *e)
{
	fputs("syncdoctor: fixed: ", out);
	put(out, e->rule);
	fputs(": ", out);
	put_value(out, e->summary);
	lint_attribute(out, e->attribute, e->value);
	fputs(" (", out);
	put(out, e->id);
	fputs(")\n", out);
}

/* The rule's status line, and one line per check it made in part. */
static void
lint_run(FILE *out, const struct report_view *v, const struct view_run *run)
{
	size_t	i;

	if (!run->did_run) {
		fprintf(out, "syncdoctor: not checked: %s: ", run->rule);
		put(out, run->why_not);
		fputc('\n', out);
		return;
	}
	fprintf(out, "syncdoctor: checked: %s: %zu finding%s\n",
	    run->rule, run->nfindings, run->nfindings == 1 ? "" : "s");
	for (i = 0; i < run->nlimitations; i++) {
		fprintf(out, "syncdoctor: checked in part: %s: ", run->rule);
		put_value(out, v->limitations[run->first_limitation + i]);
		fputc('\n', out);
	}
}

static void
lint_write(FILE *out, const struct report_view *v)
{
	size_t	i, k;

	for (i = 0; i < v->nruns; i++) {
		const struct view_run *run = &v->runs[i];

		if (!run->is_selected)
			continue;
		lint_run(out, v, run);
		for (k = 0; k < v->nfindings; k++)
			if (strcmp(v->findings[k].rule, run->rule) == 0)
				lint_finding(out, v, &v->findings[k]);
		for (k = 0; k < v->nfixed; k++)
			if (v->fixed[k].rule != NULL &&
			    strcmp(v->fixed[k].rule, run->rule) == 0)
				lint_fixed(out, &v->fixed[k]);
	}
}
