/*
 * The JSON report: the documented contract (docs/json-contract.md) that
 * CI jobs, baselines and other tools read.  Field names are stable.  It
 * lays out the report view (view.h) and nothing else.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "jsonw.h"
#include "report.h"
#include "view.h"

static void	json_write(FILE *, const struct report_view *);

const struct report_format report_format_json = {
	.name      = "json",
	.extension = "json",
	.write     = json_write,
};

/* key: the value's text, or null; every customer string goes here. */
static void
json_value(struct jsonw *w, const char *key, const struct view_value *v)
{
	jsonw_kv_string(w, key, view_text(v));
}

static void
json_inputs(struct jsonw *w, const struct report_view *v)
{
	size_t	i;

	jsonw_key(w, "inputs");
	jsonw_array_begin(w);
	for (i = 0; i < v->ninputs; i++) {
		const struct view_input *in = &v->inputs[i];

		jsonw_object_begin(w);
		json_value(w, "path", in->path);
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
json_domains(struct jsonw *w, const struct report_view *v)
{
	size_t	i;

	if (v->ndomains == 0)
		return;
	jsonw_key(w, "domains");
	jsonw_array_begin(w);
	for (i = 0; i < v->ndomains; i++) {
		const struct view_domain *d = &v->domains[i];

		jsonw_object_begin(w);
		json_value(w, "name", d->name);
		jsonw_key(w, "verified");
		if (d->is_verified < 0)
			jsonw_null(w);
		else
			jsonw_bool(w, d->is_verified == 1);
		jsonw_kv_bool(w, "default", d->is_default);
		jsonw_kv_bool(w, "initial", d->is_initial);
		jsonw_kv_bool(w, "federated", d->is_federated);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

/* Messages of the levels in [lo, hi] as {file, line, level, reason}. */
static void
json_messages(struct jsonw *w, const char *key, const struct report_view *v,
    enum diag_level lo, enum diag_level hi)
{
	size_t	i;

	jsonw_key(w, key);
	jsonw_array_begin(w);
	for (i = 0; i < v->nmessages; i++) {
		const struct view_message *m = &v->messages[i];

		if (m->level < (int)lo || m->level > (int)hi)
			continue;
		jsonw_object_begin(w);
		json_value(w, "file", m->file);
		jsonw_kv_uint(w, "line", m->line);
		jsonw_kv_string(w, "level", m->level_name);
		json_value(w, "reason", m->text);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void
json_object(struct jsonw *w, const struct view_finding_object *fo)
{
	const struct view_object	*o = fo->object;

	jsonw_object_begin(w);
	jsonw_kv_string(w, "side", side_name(o->side));
	if (o->dn != NULL)
		json_value(w, "dn", o->dn);
	if (o->id != NULL)
		json_value(w, "id", o->id);
	jsonw_kv_string(w, "type", object_type_name(o->type));
	json_value(w, "userPrincipalName", o->upn);
	json_value(w, "file", o->file);
	jsonw_kv_uint(w, "line", o->line);
	json_value(w, "anchor", o->anchor);
	if (fo->value != NULL)
		json_value(w, "value", fo->value);
	if (fo->held_as != NULL)
		json_value(w, "heldAs", fo->held_as);
	if (fo->role != NULL)
		json_value(w, "role", fo->role);
	if (fo->effect != NULL)
		jsonw_kv_string(w, "effect", fo->effect);
	if (o->outcome_id != NULL) {
		jsonw_kv_string(w, "predicted", o->outcome_id);
		json_value(w, "outcome", o->outcome);
	}
	jsonw_object_end(w);
}

/* A reference to o: its side and how the objects list names it. */
static void
json_ref(struct jsonw *w, const struct view_object *o)
{
	jsonw_object_begin(w);
	jsonw_kv_string(w, "side", side_name(o->side));
	if (o->dn != NULL)
		json_value(w, "dn", o->dn);
	if (o->id != NULL)
		json_value(w, "id", o->id);
	jsonw_object_end(w);
}

static void
json_refs(struct jsonw *w, const char *key,
    const struct view_object *const *list, size_t n)
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
json_keeper(struct jsonw *w, const struct view_keeper *k)
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
	json_value(w, "text", k->text);
	jsonw_object_end(w);
}

static void
json_finding(struct jsonw *w, const struct view_finding *f)
{
	size_t	i;

	jsonw_object_begin(w);
	if (f->id != NULL)
		jsonw_kv_string(w, "id", f->id);
	if (f->mark != NULL)
		jsonw_kv_string(w, "baseline", f->mark);
	jsonw_kv_string(w, "rule", f->rule);
	jsonw_kv_string(w, "severity", f->severity_name);
	json_value(w, "attribute", f->attribute);
	json_value(w, "value", f->value);
	if (f->proposed != NULL)
		json_value(w, "proposedValue", f->proposed);
	jsonw_key(w, "objects");
	jsonw_array_begin(w);
	for (i = 0; i < f->nobjects; i++)
		json_object(w, &f->objects[i]);
	jsonw_array_end(w);
	if (f->keeper != NULL)
		json_keeper(w, f->keeper);
	json_value(w, "summary", f->summary);
	jsonw_key(w, "remediation");
	jsonw_array_begin(w);
	for (i = 0; i < f->nsteps; i++)
		jsonw_string(w, view_text(f->steps[i]));
	jsonw_array_end(w);
	jsonw_kv_string(w, "doc", f->doc);
	if (f->reconcile_id != NULL)
		jsonw_kv_string(w, "reconciliation", f->reconcile_id);
	jsonw_object_end(w);
}

static void
json_rules(struct jsonw *w, const struct report_view *v)
{
	size_t	i;

	jsonw_key(w, "rules");
	jsonw_array_begin(w);
	for (i = 0; i < v->nruns; i++) {
		jsonw_object_begin(w);
		jsonw_kv_string(w, "rule", v->runs[i].rule);
		jsonw_kv_bool(w, "ran", v->runs[i].did_run);
		if (!v->runs[i].did_run)
			jsonw_kv_string(w, "notRunBecause", v->runs[i].why_not);
		jsonw_kv_uint(w, "findings", v->runs[i].nfindings);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

/* Findings of the baseline that this run no longer makes. */
static void
json_fixed(struct jsonw *w, const struct report_view *v)
{
	size_t	i;

	jsonw_key(w, "fixed");
	jsonw_array_begin(w);
	for (i = 0; i < v->nfixed; i++) {
		const struct view_fixed *e = &v->fixed[i];

		jsonw_object_begin(w);
		jsonw_kv_string(w, "id", e->id);
		jsonw_kv_string(w, "rule", e->rule);
		jsonw_kv_string(w, "severity", e->severity);
		json_value(w, "attribute", e->attribute);
		json_value(w, "value", e->value);
		json_value(w, "summary", e->summary);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void
json_error_object(struct jsonw *w, const struct view_object *o)
{
	jsonw_key(w, "object");
	jsonw_object_begin(w);
	jsonw_kv_string(w, "side", side_name(o->side));
	if (o->id != NULL)
		json_value(w, "id", o->id);
	jsonw_kv_string(w, "type", object_type_name(o->type));
	json_value(w, "userPrincipalName", o->upn);
	json_value(w, "file", o->file);
	jsonw_kv_uint(w, "line", o->line);
	jsonw_object_end(w);
}

/* Actual provisioning errors that no finding predicted. */
static void
json_reconciliation(struct jsonw *w, const struct report_view *v)
{
	size_t	i;

	jsonw_key(w, "unpredicted");
	jsonw_array_begin(w);
	for (i = 0; i < v->nerrors; i++) {
		const struct view_error *e = &v->errors[i];

		if (e->is_predicted)
			continue;
		jsonw_object_begin(w);
		json_error_object(w, e->object);
		json_value(w, "category", e->category);
		json_value(w, "property", e->property);
		json_value(w, "value", e->value);
		jsonw_kv_string(w, "since", e->since);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

/* How many in-scope objects get each outcome, every outcome named. */
static void
json_outcomes(struct jsonw *w, const struct report_view *v)
{
	size_t	i;

	if (v->export_stopped_by != NULL)
		json_value(w, "exportStopped", v->export_stopped_by->summary);
	jsonw_key(w, "predicted");
	jsonw_object_begin(w);
	for (i = 0; i < v->noutcomes; i++)
		jsonw_kv_uint(w, v->outcomes[i].id, v->outcomes[i].n);
	jsonw_object_end(w);
}

static void
json_reconcile_counts(struct jsonw *w, const struct view_counts *c)
{
	jsonw_key(w, "reconciliation");
	jsonw_object_begin(w);
	jsonw_kv_uint(w, "confirmed", c->confirmed);
	jsonw_kv_uint(w, "notYetSeen", c->not_yet_seen);
	jsonw_kv_uint(w, "unpredicted", c->unpredicted);
	jsonw_object_end(w);
}

/* errors, warnings, info: one of the view's per-severity counts. */
static void
json_severities(struct jsonw *w, const char *const keys[VIEW_NSEVERITIES],
    const size_t n[VIEW_NSEVERITIES])
{
	int	s;

	for (s = 0; s < VIEW_NSEVERITIES; s++)
		jsonw_kv_uint(w, keys[s], n[s]);
}

static void
json_summary(struct jsonw *w, const struct report_view *v)
{
	static const char *const plain[] = { "errors", "warnings", "info" };
	static const char *const news[] = {
		"newErrors", "newWarnings", "newInfo"
	};
	const struct view_counts	*c = &v->counts;
	size_t				 i;

	jsonw_key(w, "summary");
	jsonw_object_begin(w);
	jsonw_key(w, "objects");
	jsonw_object_begin(w);
	jsonw_kv_uint(w, "onprem", c->onprem);
	jsonw_kv_uint(w, "onpremInScope", c->onprem_in_scope);
	jsonw_kv_uint(w, "cloud", c->cloud);
	jsonw_object_end(w);
	json_severities(w, plain, c->by_severity);
	/* Tenant policies' findings, which the counts above leave out. */
	if (v->has_policies) {
		jsonw_key(w, "policies");
		jsonw_object_begin(w);
		json_severities(w, plain, c->policies);
		jsonw_object_end(w);
	}
	if (v->has_baseline) {
		jsonw_key(w, "baseline");
		jsonw_object_begin(w);
		json_severities(w, news, c->new_by_severity);
		jsonw_kv_uint(w, "fixed", v->nfixed);
		jsonw_object_end(w);
	}
	jsonw_key(w, "byRule");
	jsonw_object_begin(w);
	for (i = 0; i < v->nruns; i++)
		if (v->runs[i].did_run)
			jsonw_kv_uint(w, v->runs[i].rule, v->runs[i].nfindings);
	jsonw_object_end(w);
	json_outcomes(w, v);
	if (v->is_reconciled)
		json_reconcile_counts(w, c);
	jsonw_object_end(w);
}

/* A --partial run's "leftOut": the unusable inputs' paths. */
static void
json_left_out(struct jsonw *w, const struct report_view *v)
{
	size_t	i;

	if (v->counts.left_out == 0)
		return;
	jsonw_key(w, "leftOut");
	jsonw_array_begin(w);
	for (i = 0; i < v->ninputs; i++)
		if (v->inputs[i].is_unusable)
			jsonw_string(w, view_text(v->inputs[i].path));
	jsonw_array_end(w);
}

/* The cover, when --title, --customer or --prepared-by gave one. */
static void
json_cover(struct jsonw *w, const struct report_view *v)
{
	const struct view_cover	*c = &v->cover;
	size_t			 i;

	if (c->title == NULL && c->customer == NULL && c->prepared_by == NULL)
		return;
	jsonw_key(w, "report");
	jsonw_object_begin(w);
	jsonw_kv_string(w, "title", view_title(v));
	if (c->customer != NULL)
		json_value(w, "customer", c->customer);
	if (c->prepared_by != NULL)
		json_value(w, "preparedBy", c->prepared_by);
	if (c->tenant != NULL)
		json_value(w, "tenant", c->tenant);
	jsonw_key(w, "forests");
	jsonw_array_begin(w);
	for (i = 0; i < c->nforests; i++)
		jsonw_string(w, view_text(c->forests[i]));
	jsonw_array_end(w);
	jsonw_object_end(w);
}

static void
json_write(FILE *out, const struct report_view *v)
{
	struct jsonw	w;
	size_t		i;

	jsonw_init(&w, out, true);
	jsonw_object_begin(&w);
	json_left_out(&w, v);
	jsonw_kv_string(&w, "syncdoctor", PACKAGE_VERSION);
	if (v->is_redacted)
		jsonw_kv_bool(&w, "redacted", true);
	json_cover(&w, v);
	json_inputs(&w, v);
	json_domains(&w, v);
	json_messages(&w, "rejected", v, DL_VALUE, DL_FATAL);
	json_messages(&w, "warnings", v, DL_WARNING, DL_WARNING);
	jsonw_kv_uint(&w, "messagesNotStored", v->nmessages_dropped);
	json_rules(&w, v);
	jsonw_key(&w, "limitations");
	jsonw_array_begin(&w);
	for (i = 0; i < v->nlimitations; i++)
		jsonw_string(&w, view_text(v->limitations[i]));
	jsonw_array_end(&w);
	jsonw_key(&w, "findings");
	jsonw_array_begin(&w);
	for (i = 0; i < v->nfindings; i++)
		json_finding(&w, &v->findings[i]);
	jsonw_array_end(&w);
	if (v->has_baseline)
		json_fixed(&w, v);
	if (v->is_reconciled)
		json_reconciliation(&w, v);
	json_summary(&w, v);
	jsonw_object_end(&w);
}
