/* The table of report formats and what writers share; see report.h. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <strings.h>

#include "baseline.h"
#include "match.h"
#include "reconcile.h"
#include "report.h"

const struct report_format *const report_formats[] = {
	&report_format_text,
	&report_format_json,
	&report_format_html,
	&report_format_csv,
	&report_format_md,
	&report_format_junit,
#ifdef HAVE_XLSXWRITER
	&report_format_xlsx,
#endif
	NULL
};

const struct report_format *
report_format_find(const char *name)
{
	size_t	i;

	for (i = 0; report_formats[i] != NULL; i++)
		if (strcasecmp(report_formats[i]->name, name) == 0)
			return report_formats[i];
	return NULL;
}

const char *
report_domain_name(const struct report_ctx *ctx, size_t i)
{
	if (ctx->domain_names != NULL)
		return ctx->domain_names[i];
	return table_domain(ctx->table, i)->name;
}

const char *
report_domain_traits(const struct report_ctx *ctx, size_t i, char *buf,
    size_t n)
{
	const struct domain	*d = table_domain(ctx->table, i);

	snprintf(buf, n, "%s%s%s, %s",
	    d->is_verified == TRI_TRUE ? "verified" :
	    d->is_verified == TRI_FALSE ? "unverified" : "verification unknown",
	    d->is_default ? ", default" : "", d->is_initial ? ", initial" : "",
	    d->is_federated ? "federated" : "managed");
	return buf;
}

size_t
report_nleft_out(const struct report_ctx *ctx)
{
	size_t	i, n = 0;

	for (i = 0; i < ctx->diag->ninputs; i++)
		n += ctx->diag->inputs[i].is_unusable;
	return n;
}

const char *
report_mark(const struct report_ctx *ctx, size_t at)
{
	if (ctx->marks == NULL || !ctx->marks->has_baseline ||
	    at >= ctx->marks->n)
		return NULL;
	return baseline_mark_name(ctx->marks->marks[at]);
}

const char *
report_object_name(const struct object *o)
{
	if (o->dn != NULL)
		return o->dn;
	if (o->upn != NULL)
		return o->upn;
	if (o->id != NULL)
		return o->id;
	return "(unnamed object)";
}

const struct object *
report_object(const struct report_ctx *ctx, const struct object *o)
{
	if (ctx->redact_object != NULL)
		return ctx->redact_object(ctx->redact_arg, o);
	return ctx->is_redacted ? NULL : o;
}

const struct match *
report_match(const struct report_ctx *ctx, const struct object *o)
{
	/* A redacted copy keeps its index: find the original through it. */
	if (o->side != SIDE_ONPREM || o->index >= table_count(ctx->table))
		return NULL;
	return match_for(ctx->analysis->matches,
	    table_get(ctx->table, o->index));
}

const struct verdict *
report_verdict(const struct report_ctx *ctx, const struct object *o)
{
	/* A redacted copy keeps its index: find the original through it. */
	if (o->side != SIDE_ONPREM || o->index >= table_count(ctx->table))
		return NULL;
	return verdict_of(&ctx->analysis->verdicts,
	    table_get(ctx->table, o->index));
}

size_t
report_npredicted(const struct report_ctx *ctx)
{
	size_t	n = 0;
	int	k;

	for (k = REPORT_FIRST_KIND; k <= REPORT_LAST_KIND; k++)
		n += verdict_count(&ctx->analysis->verdicts,
		    (enum verdict_kind)k);
	return n;
}

const char *
report_outcome_id(const struct report_ctx *ctx, const struct object *o)
{
	const struct verdict	*d = report_verdict(ctx, o);

	return d != NULL ? verdict_kind_id(d->kind) : NULL;
}

const char *
report_outcome_name(const struct report_ctx *ctx, const struct object *o)
{
	const struct verdict	*d = report_verdict(ctx, o);

	return d != NULL ? d->label : NULL;
}

const char *
report_reconcile_id(const struct report_ctx *ctx, size_t at)
{
	return reconcile_status_id(reconcile_status_at(
	    &ctx->analysis->reconcile, at));
}

const char *
report_reconcile_name(const struct report_ctx *ctx, size_t at)
{
	return reconcile_status_name(reconcile_status_at(
	    &ctx->analysis->reconcile, at));
}
