/*
 * The JSON report: the documented contract (docs/json-contract.md) that
 * CI jobs, baselines and other tools read.  Field names are stable.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "baseline.h"
#include "jsonw.h"
#include "match.h"
#include "reconcile.h"
#include "report.h"
#include "rule.h"

static void	json_write(FILE *, const struct report_ctx *);

const struct report_format report_format_json = {
	.name      = "json",
	.extension = "json",
	.write     = json_write,
};

static void
json_inputs(struct jsonw *w, const struct diag *dg)
{
	size_t	i;

	jsonw_key(w, "inputs");
	jsonw_array_begin(w);
	for (i = 0; i < dg->ninputs; i++) {
		const struct input_stats *in = &dg->inputs[i];

		jsonw_object_begin(w);
		jsonw_kv_string(w, "path", in->path);
		jsonw_kv_string(w, "kind", in->kind);
		jsonw_kv_string(w, "side", in->side);
		jsonw_kv_uint(w, "records", in->records);
		jsonw_kv_uint(w, "accepted", in->accepted);
		jsonw_kv_uint(w, "rejected", in->rejected);
		jsonw_kv_uint(w, "skipped", in->skipped);
		jsonw_kv_uint(w, "valuesRejected", in->values_rejected);
		jsonw_kv_uint(w, "warnings", in->warnings);
		jsonw_kv_bool(w, "unusable", in->is_unusable);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

/* The tenant domains, when given: name, verified, ..., federated. */
static void
json_domains(struct jsonw *w, const struct report_ctx *ctx)
{
	const struct domain	*d;
	size_t			 i;

	if (table_ndomains(ctx->table) == 0)
		return;
	jsonw_key(w, "domains");
	jsonw_array_begin(w);
	for (i = 0; i < table_ndomains(ctx->table); i++) {
		d = table_domain(ctx->table, i);
		jsonw_object_begin(w);
		jsonw_kv_string(w, "name", report_domain_name(ctx, i));
		jsonw_key(w, "verified");
		if (d->is_verified == TRI_UNKNOWN)
			jsonw_null(w);
		else
			jsonw_bool(w, d->is_verified == TRI_TRUE);
		jsonw_kv_bool(w, "default", d->is_default);
		jsonw_kv_bool(w, "initial", d->is_initial);
		jsonw_kv_bool(w, "federated", d->is_federated);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

/* Messages of the levels in [lo, hi] as {file, line, level, reason}. */
static void
json_messages(struct jsonw *w, const char *key, const struct diag *dg,
    enum diag_level lo, enum diag_level hi)
{
	size_t	i;

	jsonw_key(w, key);
	jsonw_array_begin(w);
	for (i = 0; i < dg->nmsgs; i++) {
		const struct diag_msg	*m = &dg->msgs[i];
		enum diag_level		 level = diag_level(m->code);

		if (level < lo || level > hi)
			continue;
		jsonw_object_begin(w);
		jsonw_kv_string(w, "file", m->file);
		jsonw_kv_uint(w, "line", m->line);
		jsonw_kv_string(w, "level", diag_level_name(level));
		jsonw_kv_string(w, "reason", m->text);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void
json_object(struct jsonw *w, const struct report_ctx *ctx,
    const struct finding_object *fo)
{
	const struct object	*o = fo->object;

	jsonw_object_begin(w);
	jsonw_kv_string(w, "side", side_name(o->side));
	if (o->dn != NULL)
		jsonw_kv_string(w, "dn", o->dn);
	if (o->id != NULL)
		jsonw_kv_string(w, "id", o->id);
	jsonw_kv_string(w, "type", object_type_name(o->type));
	jsonw_kv_string(w, "userPrincipalName", o->upn);
	jsonw_kv_string(w, "file", o->file);
	jsonw_kv_uint(w, "line", o->line);
	jsonw_kv_string(w, "anchor", object_anchor(o));
	if (fo->value != NULL)
		jsonw_kv_string(w, "value", fo->value);
	if (fo->held_as != NULL)
		jsonw_kv_string(w, "heldAs", fo->held_as);
	if (fo->role != NULL)
		jsonw_kv_string(w, "role", fo->role);
	if (fo->effect != EFFECT_NONE)
		jsonw_kv_string(w, "effect", fo->effect == EFFECT_BLOCKED ?
		    "blocked" : "loss");
	if (report_outcome_id(ctx, o) != NULL) {
		jsonw_kv_string(w, "predicted", report_outcome_id(ctx, o));
		jsonw_kv_string(w, "outcome", report_outcome_name(ctx, o));
	}
	jsonw_object_end(w);
}

/* A reference to o: its side and how the objects list names it. */
static void
json_ref(struct jsonw *w, const struct object *o)
{
	jsonw_object_begin(w);
	jsonw_kv_string(w, "side", side_name(o->side));
	if (o->dn != NULL)
		jsonw_kv_string(w, "dn", o->dn);
	if (o->id != NULL)
		jsonw_kv_string(w, "id", o->id);
	jsonw_object_end(w);
}

static void
json_refs(struct jsonw *w, const char *key, const struct object *const *list,
    size_t n)
{
	size_t	i;

	if (n == 0)
		return;
	jsonw_key(w, key);
	jsonw_array_begin(w);
	for (i = 0; i < n; i++)
		json_ref(w, list[i]);
	jsonw_array_end(w);
}

/* Keeper advice: who keeps the value and why, or the tied holders. */
static void
json_keeper(struct jsonw *w, const struct finding_keeper *k)
{
	jsonw_key(w, "keeper");
	jsonw_object_begin(w);
	jsonw_kv_string(w, "reason", k->reason);
	if (k->object != NULL) {
		jsonw_key(w, "object");
		json_ref(w, k->object);
	}
	json_refs(w, "tied", k->tied, k->ntied);
	json_refs(w, "givesUp", k->losers, k->nlosers);
	if (k->predicted != NULL) {
		jsonw_key(w, "predicted");
		json_ref(w, k->predicted);
	}
	jsonw_kv_string(w, "text", k->text);
	jsonw_object_end(w);
}

static void
json_finding(struct jsonw *w, const struct report_ctx *ctx, size_t at)
{
	const struct finding		*f = ctx->analysis->findings.list[at];
	const struct baseline_marks	*bm = ctx->marks;
	size_t				 i;

	jsonw_object_begin(w);
	if (bm != NULL && at < bm->n)
		jsonw_kv_string(w, "id", bm->ids[at]);
	if (bm != NULL && bm->has_baseline && at < bm->n)
		jsonw_kv_string(w, "baseline",
		    baseline_mark_name(bm->marks[at]));
	jsonw_kv_string(w, "rule", f->rule->id);
	jsonw_kv_string(w, "severity", severity_name(f->severity));
	jsonw_kv_string(w, "attribute", f->attribute);
	jsonw_kv_string(w, "value", f->value);
	jsonw_key(w, "objects");
	jsonw_array_begin(w);
	for (i = 0; i < f->nobjects; i++)
		json_object(w, ctx, &f->objects[i]);
	jsonw_array_end(w);
	if (f->keeper != NULL)
		json_keeper(w, f->keeper);
	jsonw_kv_string(w, "summary", f->summary);
	jsonw_key(w, "remediation");
	jsonw_array_begin(w);
	for (i = 0; i < f->nsteps; i++)
		jsonw_string(w, f->steps[i]);
	jsonw_array_end(w);
	jsonw_kv_string(w, "doc", f->rule->doc);
	if (report_reconcile_id(ctx, at) != NULL)
		jsonw_kv_string(w, "reconciliation",
		    report_reconcile_id(ctx, at));
	jsonw_object_end(w);
}

static void
json_rules(struct jsonw *w, const struct analysis *an)
{
	size_t	i;

	jsonw_key(w, "rules");
	jsonw_array_begin(w);
	for (i = 0; i < an->nruns; i++) {
		jsonw_object_begin(w);
		jsonw_kv_string(w, "rule", an->runs[i].rule->id);
		jsonw_kv_bool(w, "ran", an->runs[i].did_run);
		if (!an->runs[i].did_run)
			jsonw_kv_string(w, "notRunBecause", an->runs[i].why_not);
		jsonw_kv_uint(w, "findings", an->runs[i].nfindings);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

/* Findings of the baseline that this run no longer makes. */
static void
json_fixed(struct jsonw *w, const struct baseline_marks *bm)
{
	size_t	i;

	jsonw_key(w, "fixed");
	jsonw_array_begin(w);
	for (i = 0; i < bm->nfixed; i++) {
		const struct baseline_entry *e = bm->fixed[i];

		jsonw_object_begin(w);
		jsonw_kv_string(w, "id", e->id);
		jsonw_kv_string(w, "rule", e->rule);
		jsonw_kv_string(w, "severity", e->severity);
		jsonw_kv_string(w, "attribute", e->attribute);
		jsonw_kv_string(w, "value", e->value);
		jsonw_kv_string(w, "summary", e->summary);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void
json_error_object(struct jsonw *w, const struct object *o)
{
	jsonw_key(w, "object");
	jsonw_object_begin(w);
	jsonw_kv_string(w, "side", side_name(o->side));
	if (o->id != NULL)
		jsonw_kv_string(w, "id", o->id);
	jsonw_kv_string(w, "type", object_type_name(o->type));
	jsonw_kv_string(w, "userPrincipalName", o->upn);
	jsonw_kv_string(w, "file", o->file);
	jsonw_kv_uint(w, "line", o->line);
	jsonw_object_end(w);
}

/* Actual provisioning errors that no finding predicted. */
static void
json_reconciliation(struct jsonw *w, const struct reconcile *rc)
{
	size_t	i;

	jsonw_key(w, "unpredicted");
	jsonw_array_begin(w);
	for (i = 0; i < rc->nerrors; i++) {
		const struct actual_error *e = &rc->errors[i];

		if (e->is_predicted)
			continue;
		jsonw_object_begin(w);
		json_error_object(w, e->object);
		jsonw_kv_string(w, "category", e->category);
		jsonw_kv_string(w, "property", e->property);
		jsonw_kv_string(w, "value", e->value);
		jsonw_kv_string(w, "since", e->when);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

/* How many in-scope objects get each outcome, every outcome named. */
static void
json_outcomes(struct jsonw *w, const struct verdicts *v)
{
	int	k;

	if (v->stopped_by != NULL)
		jsonw_kv_string(w, "exportStopped", v->stopped_by->summary);
	jsonw_key(w, "predicted");
	jsonw_object_begin(w);
	for (k = REPORT_FIRST_KIND; k <= REPORT_LAST_KIND; k++)
		jsonw_kv_uint(w, verdict_kind_id((enum verdict_kind)k),
		    verdict_count(v, (enum verdict_kind)k));
	jsonw_object_end(w);
}

static void
json_reconcile_counts(struct jsonw *w, const struct reconcile *rc)
{
	jsonw_key(w, "reconciliation");
	jsonw_object_begin(w);
	jsonw_kv_uint(w, "confirmed", rc->nconfirmed);
	jsonw_kv_uint(w, "notYetSeen", rc->nnot_seen);
	jsonw_kv_uint(w, "unpredicted", rc->nunpredicted);
	jsonw_object_end(w);
}

/* Tenant policies' findings, which errors, warnings and info leave out. */
static void
json_policy_counts(struct jsonw *w, const struct findings *fs)
{
	jsonw_key(w, "policies");
	jsonw_object_begin(w);
	jsonw_kv_uint(w, "errors", findings_count_policies(fs, SEV_ERROR));
	jsonw_kv_uint(w, "warnings", findings_count_policies(fs, SEV_WARNING));
	jsonw_kv_uint(w, "info", findings_count_policies(fs, SEV_INFO));
	jsonw_object_end(w);
}

static void
json_summary(struct jsonw *w, const struct report_ctx *ctx)
{
	const struct analysis		*an = ctx->analysis;
	const struct baseline_marks	*bm = ctx->marks;
	size_t				 i;

	jsonw_key(w, "summary");
	jsonw_object_begin(w);
	jsonw_key(w, "objects");
	jsonw_object_begin(w);
	jsonw_kv_uint(w, "onprem", an->nonprem);
	jsonw_kv_uint(w, "onpremInScope", an->nin_scope);
	jsonw_kv_uint(w, "cloud", an->ncloud);
	jsonw_object_end(w);
	jsonw_kv_uint(w, "errors", findings_count(&an->findings, SEV_ERROR));
	jsonw_kv_uint(w, "warnings",
	    findings_count(&an->findings, SEV_WARNING));
	jsonw_kv_uint(w, "info", findings_count(&an->findings, SEV_INFO));
	/* Policies run last: the last run is one when any was given. */
	if (an->nruns > 0 && an->runs[an->nruns - 1].rule->is_policy)
		json_policy_counts(w, &an->findings);
	if (bm != NULL && bm->has_baseline) {
		jsonw_key(w, "baseline");
		jsonw_object_begin(w);
		jsonw_kv_uint(w, "newErrors", baseline_count_new(bm,
		    &an->findings, SEV_ERROR));
		jsonw_kv_uint(w, "newWarnings", baseline_count_new(bm,
		    &an->findings, SEV_WARNING));
		jsonw_kv_uint(w, "newInfo", baseline_count_new(bm,
		    &an->findings, SEV_INFO));
		jsonw_kv_uint(w, "fixed", bm->nfixed);
		jsonw_object_end(w);
	}
	jsonw_key(w, "byRule");
	jsonw_object_begin(w);
	for (i = 0; i < an->nruns; i++)
		if (an->runs[i].did_run)
			jsonw_kv_uint(w, an->runs[i].rule->id,
			    an->runs[i].nfindings);
	jsonw_object_end(w);
	json_outcomes(w, &an->verdicts);
	if (an->reconcile.is_active)
		json_reconcile_counts(w, &an->reconcile);
	jsonw_object_end(w);
}

/* A --partial run's "leftOut": the unusable inputs' paths. */
static void
json_left_out(struct jsonw *w, const struct report_ctx *ctx)
{
	size_t	i;

	if (report_nleft_out(ctx) == 0)
		return;
	jsonw_key(w, "leftOut");
	jsonw_array_begin(w);
	for (i = 0; i < ctx->diag->ninputs; i++)
		if (ctx->diag->inputs[i].is_unusable)
			jsonw_string(w, ctx->diag->inputs[i].path);
	jsonw_array_end(w);
}

static void
json_write(FILE *out, const struct report_ctx *ctx)
{
	const struct analysis	*an = ctx->analysis;
	struct jsonw		 w;
	size_t			 i;

	jsonw_init(&w, out, true);
	jsonw_object_begin(&w);
	json_left_out(&w, ctx);
	jsonw_kv_string(&w, "syncdoctor", PACKAGE_VERSION);
	if (ctx->is_redacted)
		jsonw_kv_bool(&w, "redacted", true);
	json_inputs(&w, ctx->diag);
	json_domains(&w, ctx);
	json_messages(&w, "rejected", ctx->diag, DL_VALUE, DL_FATAL);
	json_messages(&w, "warnings", ctx->diag, DL_WARNING, DL_WARNING);
	jsonw_kv_uint(&w, "messagesNotStored", ctx->diag->dropped);
	json_rules(&w, an);
	jsonw_key(&w, "limitations");
	jsonw_array_begin(&w);
	for (i = 0; i < an->nlimitations; i++)
		jsonw_string(&w, an->limitations[i]);
	jsonw_array_end(&w);
	jsonw_key(&w, "findings");
	jsonw_array_begin(&w);
	for (i = 0; i < an->findings.n; i++)
		json_finding(&w, ctx, i);
	jsonw_array_end(&w);
	if (ctx->marks != NULL && ctx->marks->has_baseline)
		json_fixed(&w, ctx->marks);
	if (an->reconcile.is_active)
		json_reconciliation(&w, &an->reconcile);
	json_summary(&w, ctx);
	jsonw_object_end(&w);
}
