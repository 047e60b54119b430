/* The findings, objects and inputs as rows and columns; see grid.h. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid.h"
#include "xalloc.h"

static int	findings_rows(const struct report_view *, grid_row_fn, void *);
static int	objects_rows(const struct report_view *, grid_row_fn, void *);
static int	inputs_rows(const struct report_view *, grid_row_fn, void *);
static int	unpredicted_rows(const struct report_view *, grid_row_fn,
		    void *);
static bool	unpredicted_applies(const struct report_view *);
static int	table_objects_rows(const struct report_view *, grid_row_fn,
		    void *);
static bool	is_analyze(const struct report_view *);
static bool	is_objects(const struct report_view *);

/* What a reviewer decides for a finding; the workbook offers them. */
static const char *const decision_choices[] = {
	"Fix", "Accept", "Defer", "Not applicable", NULL
};

enum findings_col {
	FC_ID, FC_RULE, FC_SEVERITY, FC_BASELINE, FC_SUMMARY, FC_SIDE,
	FC_OBJECT, FC_TYPE, FC_UPN, FC_ATTRIBUTE, FC_HELD_AS, FC_VALUE,
	FC_PROPOSED, FC_OUTCOME, FC_OUTCOME_TEXT, FC_RECONCILIATION,
	FC_KEEPER, FC_STEP, FC_MORE_STEPS, FC_DOC, FC_FILE, FC_LINE,
	FC_ANCHOR, FC_OWNER, FC_DECISION, FC_STATUS, FC_MAX
};

static const struct grid_column findings_columns[FC_MAX] = {
	[FC_ID]		  = { "Finding id",	GRID_TEXT,	34, NULL },
	[FC_RULE]	  = { "Rule",		GRID_TEXT,	28, NULL },
	[FC_SEVERITY]	  = { "Severity",	GRID_TEXT,	10, NULL },
	[FC_BASELINE]	  = { "Baseline",	GRID_TEXT,	10, NULL },
	[FC_SUMMARY]	  = { "Summary",	GRID_TEXT,	60, NULL },
	[FC_SIDE]	  = { "Side",		GRID_TEXT,	8, NULL },
	[FC_OBJECT]	  = { "DN or cloud id",	GRID_TEXT,	60, NULL },
	[FC_TYPE]	  = { "Object type",	GRID_TEXT,	12, NULL },
	[FC_UPN]	  = { "userPrincipalName", GRID_TEXT,	40, NULL },
	[FC_ATTRIBUTE]	  = { "Attribute",	GRID_TEXT,	28, NULL },
	[FC_HELD_AS]	  = { "Held as",	GRID_TEXT,	32, NULL },
	[FC_VALUE]	  = { "Value",		GRID_TEXT,	48, NULL },
	[FC_PROPOSED]	  = { "Proposed value",	GRID_TEXT,	48, NULL },
	[FC_OUTCOME]	  = { "Predicted outcome", GRID_TEXT,	18, NULL },
	[FC_OUTCOME_TEXT] = { "Outcome in words", GRID_TEXT,	60, NULL },
	[FC_RECONCILIATION] = { "Reconciliation", GRID_TEXT,	16, NULL },
	[FC_KEEPER]	  = { "Keeper",		GRID_TEXT,	60, NULL },
	[FC_STEP]	  = { "First remediation step", GRID_TEXT, 80, NULL },
	[FC_MORE_STEPS]	  = { "Further steps",	GRID_TEXT,	80, NULL },
	[FC_DOC]	  = { "Documentation",	GRID_LINK,	60, NULL },
	[FC_FILE]	  = { "File",		GRID_TEXT,	30, NULL },
	[FC_LINE]	  = { "Line",		GRID_NUMBER,	10, NULL },
	[FC_ANCHOR]	  = { "Anchor",		GRID_TEXT,	26, NULL },
	[FC_OWNER]	  = { "Owner",		GRID_ENTRY,	16, NULL },
	[FC_DECISION]	  = { "Decision",	GRID_ENTRY,	16,
			      decision_choices },
	[FC_STATUS]	  = { "Status",		GRID_ENTRY,	16, NULL },
};

const struct grid grid_findings = {
	.title    = "Findings",
	.columns  = findings_columns,
	.ncolumns = FC_MAX,
	.rows     = findings_rows,
	.applies  = is_analyze,
};

enum objects_col {
	OC_OBJECT, OC_TYPE, OC_UPN, OC_FILE, OC_LINE, OC_OUTCOME,
	OC_OUTCOME_TEXT, OC_ERROR, OC_CLOUD, OC_CLOUD_ID, OC_MATCHED_ON,
	OC_MAX
};

static const struct grid_column objects_columns[OC_MAX] = {
	[OC_OBJECT]	  = { "DN",		GRID_TEXT,	60, NULL },
	[OC_TYPE]	  = { "Object type",	GRID_TEXT,	12, NULL },
	[OC_UPN]	  = { "userPrincipalName", GRID_TEXT,	40, NULL },
	[OC_FILE]	  = { "File",		GRID_TEXT,	30, NULL },
	[OC_LINE]	  = { "Line",		GRID_NUMBER,	10, NULL },
	[OC_OUTCOME]	  = { "Predicted outcome", GRID_TEXT,	18, NULL },
	[OC_OUTCOME_TEXT] = { "Outcome in words", GRID_TEXT,	60, NULL },
	[OC_ERROR]	  = { "Entra ID error",	GRID_TEXT,	28, NULL },
	[OC_CLOUD]	  = { "Cloud match",	GRID_TEXT,	40, NULL },
	[OC_CLOUD_ID]	  = { "Cloud object id", GRID_TEXT,	38, NULL },
	[OC_MATCHED_ON]	  = { "Matched on",	GRID_TEXT,	24, NULL },
};

const struct grid grid_objects = {
	.title    = "Objects",
	.columns  = objects_columns,
	.ncolumns = OC_MAX,
	.rows     = objects_rows,
	.applies  = is_analyze,
};

enum table_col {
	TC_SIDE, TC_TYPE, TC_OBJECT, TC_UPN, TC_MAIL, TC_DISPLAY, TC_ANCHOR,
	TC_IN_SCOPE, TC_WHY_NOT, TC_OUTCOME, TC_OUTCOME_TEXT, TC_CLOUD,
	TC_CLOUD_ID, TC_MATCHED_ON, TC_FILE, TC_LINE, TC_MAX
};

static const struct grid_column table_columns[TC_MAX] = {
	[TC_SIDE]	  = { "Side",		GRID_TEXT,	8, NULL },
	[TC_TYPE]	  = { "Object type",	GRID_TEXT,	12, NULL },
	[TC_OBJECT]	  = { "DN or cloud id",	GRID_TEXT,	60, NULL },
	[TC_UPN]	  = { "userPrincipalName", GRID_TEXT,	40, NULL },
	[TC_MAIL]	  = { "mail",		GRID_TEXT,	40, NULL },
	[TC_DISPLAY]	  = { "displayName",	GRID_TEXT,	30, NULL },
	[TC_ANCHOR]	  = { "Anchor",		GRID_TEXT,	26, NULL },
	[TC_IN_SCOPE]	  = { "Exported",	GRID_TEXT,	10, NULL },
	[TC_WHY_NOT]	  = { "Why not",	GRID_TEXT,	40, NULL },
	[TC_OUTCOME]	  = { "Predicted outcome", GRID_TEXT,	18, NULL },
	[TC_OUTCOME_TEXT] = { "Outcome in words", GRID_TEXT,	60, NULL },
	[TC_CLOUD]	  = { "Cloud match",	GRID_TEXT,	40, NULL },
	[TC_CLOUD_ID]	  = { "Cloud object id", GRID_TEXT,	38, NULL },
	[TC_MATCHED_ON]	  = { "Matched on",	GRID_TEXT,	24, NULL },
	[TC_FILE]	  = { "File",		GRID_TEXT,	30, NULL },
	[TC_LINE]	  = { "Line",		GRID_NUMBER,	10, NULL },
};

const struct grid grid_table_objects = {
	.title    = "Objects",
	.columns  = table_columns,
	.ncolumns = TC_MAX,
	.rows     = table_objects_rows,
	.applies  = is_objects,
};

enum inputs_col {
	IC_PATH, IC_KIND, IC_SIDE, IC_RECORDS, IC_ACCEPTED, IC_REJECTED,
	IC_SKIPPED, IC_VALUES_REJECTED, IC_WARNINGS, IC_USABLE, IC_MAX
};

static const struct grid_column inputs_columns[IC_MAX] = {
	[IC_PATH]	     = { "File",		GRID_TEXT,	60, NULL },
	[IC_KIND]	     = { "Kind",		GRID_TEXT,	12, NULL },
	[IC_SIDE]	     = { "Side",		GRID_TEXT,	8, NULL },
	[IC_RECORDS]	     = { "Records",		GRID_NUMBER,	12, NULL },
	[IC_ACCEPTED]	     = { "Accepted",		GRID_NUMBER,	12, NULL },
	[IC_REJECTED]	     = { "Rejected",		GRID_NUMBER,	12, NULL },
	[IC_SKIPPED]	     = { "Skipped",		GRID_NUMBER,	12, NULL },
	[IC_VALUES_REJECTED] = { "Values rejected",	GRID_NUMBER,	16, NULL },
	[IC_WARNINGS]	     = { "Warnings",		GRID_NUMBER,	12, NULL },
	[IC_USABLE]	     = { "Usable",		GRID_TEXT,	8, NULL },
};

const struct grid grid_inputs = {
	.title    = "Inputs",
	.columns  = inputs_columns,
	.ncolumns = IC_MAX,
	.rows     = inputs_rows,
};

enum unpredicted_col {
	UC_ID, UC_TYPE, UC_UPN, UC_CATEGORY, UC_PROPERTY, UC_VALUE, UC_SINCE,
	UC_FILE, UC_LINE, UC_MAX
};

static const struct grid_column unpredicted_columns[UC_MAX] = {
	[UC_ID]		= { "Cloud object id",	GRID_TEXT,	38, NULL },
	[UC_TYPE]	= { "Object type",	GRID_TEXT,	12, NULL },
	[UC_UPN]	= { "userPrincipalName", GRID_TEXT,	40, NULL },
	[UC_CATEGORY]	= { "Category",		GRID_TEXT,	24, NULL },
	[UC_PROPERTY]	= { "Property",		GRID_TEXT,	24, NULL },
	[UC_VALUE]	= { "Value",		GRID_TEXT,	48, NULL },
	[UC_SINCE]	= { "Since",		GRID_DATE,	20, NULL },
	[UC_FILE]	= { "File",		GRID_TEXT,	30, NULL },
	[UC_LINE]	= { "Line",		GRID_NUMBER,	10, NULL },
};

const struct grid grid_unpredicted = {
	.title    = "Unpredicted errors",
	.columns  = unpredicted_columns,
	.ncolumns = UC_MAX,
	.rows     = unpredicted_rows,
	.applies  = unpredicted_applies,
};

const struct grid *const grid_table[] = {
	&grid_findings,
	&grid_objects,
	&grid_table_objects,
	&grid_inputs,
	&grid_unpredicted,
	NULL
};

/* The object cells of a findings row; fo is NULL when there is none. */
static void
finding_object_cells(struct grid_cell *c, const struct view_finding *f,
    const struct view_finding_object *fo)
{
	const struct view_object	*o;

	c[FC_VALUE].text = view_text(f->value);
	if (fo == NULL)
		return;
	o = fo->object;
	c[FC_SIDE].text = side_name(o->side);
	c[FC_OBJECT].text = o->dn != NULL ? view_text(o->dn) :
	    view_text(o->id);
	c[FC_TYPE].text = object_type_name(o->type);
	c[FC_UPN].text = view_text(o->upn);
	c[FC_HELD_AS].text = view_text(fo->held_as);
	if (fo->value != NULL)
		c[FC_VALUE].text = view_text(fo->value);
	c[FC_OUTCOME].text = o->outcome_id;
	c[FC_OUTCOME_TEXT].text = view_text(o->outcome);
	c[FC_FILE].text = view_text(o->file);
	c[FC_LINE].number = o->line;
	c[FC_ANCHOR].text = view_text(o->anchor);
}

/*
 * The steps after the first, numbered from 2 as the other reports
 * number them, in one field; NULL when there are none.  The caller
 * frees the result.
 */
static char *
further_steps(const struct view_finding *f)
{
	char	*buf = NULL;
	size_t	 len = 0, i;
	FILE	*mem;

	if (f->nsteps < 2 || (mem = open_memstream(&buf, &len)) == NULL)
		return NULL;
	for (i = 1; i < f->nsteps; i++)
		fprintf(mem, "%s%zu. %s", i > 1 ? " " : "", i + 1,
		    view_text(f->steps[i]));
	if (fclose(mem) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static int
finding_row(const struct view_finding *f,
    const struct view_finding_object *fo, grid_row_fn fn, void *arg)
{
	struct grid_cell	 c[FC_MAX];
	char			*more;
	int			 rc;

	memset(c, 0, sizeof(c));
	c[FC_ID].text = f->id;
	c[FC_RULE].text = f->rule;
	c[FC_SEVERITY].text = f->severity_name;
	c[FC_BASELINE].text = f->mark;
	c[FC_SUMMARY].text = view_text(f->summary);
	c[FC_ATTRIBUTE].text = view_text(f->attribute);
	finding_object_cells(c, f, fo);
	/* The proposal is for the finding's first object. */
	c[FC_PROPOSED].text = fo == NULL || fo == &f->objects[0] ?
	    view_text(f->proposed) : NULL;
	c[FC_RECONCILIATION].text = f->reconcile_name;
	c[FC_KEEPER].text = f->keeper != NULL ? view_text(f->keeper->text) :
	    NULL;
	c[FC_STEP].text = f->nsteps > 0 ? view_text(f->steps[0]) : NULL;
	c[FC_MORE_STEPS].text = more = further_steps(f);
	c[FC_DOC].text = f->doc;
	rc = fn(c, arg);
	free(more);
	return rc;
}

/*
 * An actual provisioning error no finding predicted, as a findings row:
 * no finding id or rule, "unpredicted" as its reconciliation.
 */
static int
unpredicted_finding_row(const struct view_error *e, grid_row_fn fn,
    void *arg)
{
	const struct view_object	*o = e->object;
	struct grid_cell		 c[FC_MAX];
	char				*summary;
	int				 rc;

	memset(c, 0, sizeof(c));
	summary = xasprintf("Entra ID reports %s on %s; no rule predicted it",
	    e->category != NULL ? view_text(e->category) : "an error",
	    e->property != NULL ? view_text(e->property) : "a property");
	c[FC_SUMMARY].text = summary;
	c[FC_SIDE].text = side_name(o->side);
	c[FC_OBJECT].text = view_text(o->id);
	c[FC_TYPE].text = object_type_name(o->type);
	c[FC_UPN].text = view_text(o->upn);
	c[FC_ATTRIBUTE].text = view_text(e->property);
	c[FC_VALUE].text = view_text(e->value);
	c[FC_RECONCILIATION].text = "unpredicted";
	c[FC_FILE].text = view_text(o->file);
	c[FC_LINE].number = o->line;
	c[FC_ANCHOR].text = view_text(o->anchor);
	rc = fn(c, arg);
	free(summary);
	return rc;
}

static int
findings_rows(const struct report_view *v, grid_row_fn fn, void *arg)
{
	size_t	i, k;
	int	rc;

	for (i = 0; i < v->nfindings; i++) {
		const struct view_finding *f = &v->findings[i];

		if (f->nobjects == 0 && (rc = finding_row(f, NULL, fn, arg)) != 0)
			return rc;
		for (k = 0; k < f->nobjects; k++)
			if ((rc = finding_row(f, &f->objects[k], fn, arg)) != 0)
				return rc;
	}
	for (i = 0; i < v->nerrors; i++)
		if (!v->errors[i].is_predicted &&
		    (rc = unpredicted_finding_row(&v->errors[i], fn, arg)) != 0)
			return rc;
	return 0;
}

/* The name of outcome id in words, from the view's outcome list. */
static const char *
outcome_name(const struct report_view *v, const char *id)
{
	size_t	i;

	for (i = 0; id != NULL && i < v->noutcomes; i++)
		if (strcmp(v->outcomes[i].id, id) == 0)
			return v->outcomes[i].name;
	return NULL;
}

/* The cloud object a simulated export meets. */
static void
cloud_cells(struct grid_cell *c, const struct view_prediction *p)
{
	const struct view_object	*cloud;

	if (p == NULL || (cloud = p->cloud) == NULL)
		return;
	c[OC_CLOUD].text = cloud->upn != NULL ? view_text(cloud->upn) :
	    cloud->display_name != NULL ? view_text(cloud->display_name) :
	    view_text(cloud->mail);
	c[OC_CLOUD_ID].text = view_text(cloud->id);
	c[OC_MATCHED_ON].text = p->matched_on;
}

static int
objects_rows(const struct report_view *v, grid_row_fn fn, void *arg)
{
	struct grid_cell	 c[OC_MAX];
	size_t			 i;
	int			 rc;

	for (i = 0; i < v->nby_index; i++) {
		const struct view_object *o = v->by_index[i];

		if (o == NULL || o->side != SIDE_ONPREM || o->outcome_id == NULL)
			continue;
		memset(c, 0, sizeof(c));
		c[OC_OBJECT].text = view_text(o->dn);
		c[OC_TYPE].text = object_type_name(o->type);
		c[OC_UPN].text = view_text(o->upn);
		c[OC_FILE].text = view_text(o->file);
		c[OC_LINE].number = o->line;
		c[OC_OUTCOME].text = o->outcome_id;
		/* Sentences are written for objects a finding names only. */
		c[OC_OUTCOME_TEXT].text = o->outcome != NULL ?
		    view_text(o->outcome) : outcome_name(v, o->outcome_id);
		if (o->prediction != NULL)
			c[OC_ERROR].text = o->prediction->error;
		cloud_cells(c, o->prediction);
		if ((rc = fn(c, arg)) != 0)
			return rc;
	}
	return 0;
}

static int
inputs_rows(const struct report_view *v, grid_row_fn fn, void *arg)
{
	struct grid_cell	 c[IC_MAX];
	size_t			 i;
	int			 rc;

	for (i = 0; i < v->ninputs; i++) {
		const struct view_input *in = &v->inputs[i];

		memset(c, 0, sizeof(c));
		c[IC_PATH].text = view_text(in->path);
		c[IC_KIND].text = in->kind;
		c[IC_SIDE].text = in->side;
		c[IC_RECORDS].number = in->records;
		c[IC_ACCEPTED].number = in->accepted;
		c[IC_REJECTED].number = in->rejected;
		c[IC_SKIPPED].number = in->skipped;
		c[IC_VALUES_REJECTED].number = in->values_rejected;
		c[IC_WARNINGS].number = in->warnings;
		c[IC_USABLE].text = in->is_unusable ? "no" : "yes";
		if ((rc = fn(c, arg)) != 0)
			return rc;
	}
	return 0;
}

static bool
is_analyze(const struct report_view *v)
{
	return !v->is_objects;
}

static bool
is_objects(const struct report_view *v)
{
	return v->is_objects;
}

const struct grid *
grid_main(const struct report_view *v)
{
	return v->is_objects ? &grid_table_objects : &grid_findings;
}

static bool
unpredicted_applies(const struct report_view *v)
{
	return !v->is_objects && v->is_reconciled;
}

static int
table_objects_rows(const struct report_view *v, grid_row_fn fn, void *arg)
{
	struct grid_cell	 c[TC_MAX];
	size_t			 i;
	int			 rc;

	for (i = 0; i < v->nby_index; i++) {
		const struct view_object *o = v->by_index[i];

		if (o == NULL)
			continue;
		memset(c, 0, sizeof(c));
		c[TC_SIDE].text = side_name(o->side);
		c[TC_TYPE].text = object_type_name(o->type);
		c[TC_OBJECT].text = o->dn != NULL ? view_text(o->dn) :
		    view_text(o->id);
		c[TC_UPN].text = view_text(o->upn);
		c[TC_MAIL].text = view_text(o->mail);
		c[TC_DISPLAY].text = view_text(o->display_name);
		c[TC_ANCHOR].text = view_text(o->anchor);
		c[TC_IN_SCOPE].text = o->is_in_scope ? "yes" : "no";
		c[TC_WHY_NOT].text = o->is_in_scope ? NULL : o->scope_reason;
		c[TC_OUTCOME].text = o->outcome_id;
		c[TC_OUTCOME_TEXT].text = o->outcome != NULL ?
		    view_text(o->outcome) : outcome_name(v, o->outcome_id);
		if (o->prediction != NULL) {
			struct grid_cell	cc[OC_MAX];

			memset(cc, 0, sizeof(cc));
			cloud_cells(cc, o->prediction);
			c[TC_CLOUD].text = cc[OC_CLOUD].text;
			c[TC_CLOUD_ID].text = cc[OC_CLOUD_ID].text;
			c[TC_MATCHED_ON].text = cc[OC_MATCHED_ON].text;
		}
		c[TC_FILE].text = view_text(o->file);
		c[TC_LINE].number = o->line;
		if ((rc = fn(c, arg)) != 0)
			return rc;
	}
	return 0;
}

static int
unpredicted_rows(const struct report_view *v, grid_row_fn fn, void *arg)
{
	struct grid_cell	 c[UC_MAX];
	size_t			 i;
	int			 stop;

	for (i = 0; i < v->nerrors; i++) {
		const struct view_error		*e = &v->errors[i];
		const struct view_object	*o = e->object;

		if (e->is_predicted)
			continue;
		memset(c, 0, sizeof(c));
		c[UC_ID].text = view_text(o->id);
		c[UC_TYPE].text = object_type_name(o->type);
		c[UC_UPN].text = view_text(o->upn);
		c[UC_CATEGORY].text = view_text(e->category);
		c[UC_PROPERTY].text = view_text(e->property);
		c[UC_VALUE].text = view_text(e->value);
		c[UC_SINCE].text = e->since;
		c[UC_FILE].text = view_text(o->file);
		c[UC_LINE].number = o->line;
		if ((stop = fn(c, arg)) != 0)
			return stop;
	}
	return 0;
}
