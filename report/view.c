/*
 * The report view, built once per run from the analysis or the table;
 * see view.h.  The order in which values are met is the order in which
 * --redact numbers their pseudonyms, so the builders below go through a
 * run in report order: domains, findings (their objects first), actual
 * errors, outcomes, limitations, inputs and messages, the fixed list.
 */
#include "config.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analysis.h"
#include "base64.h"
#include "baseline.h"
#include "match.h"
#include "reconcile.h"
#include "rule.h"
#include "view.h"
#include "xalloc.h"

const char *
view_text(const struct view_value *v)
{
	return v != NULL ? v->text : NULL;
}

/* The outcomes reports count: every kind but "not simulated". */
#define VIEW_FIRST_KIND	VERDICT_NOT_PREDICTED
#define VIEW_LAST_KIND	VERDICT_BLOCKED

const char *
view_severity_name(int severity)
{
	return severity_name((enum severity)severity);
}

const char *
view_title(const struct report_view *v)
{
	const char	*title = view_text(v->cover.title);

	return title != NULL ? title : VIEW_DEFAULT_TITLE;
}

const char *
view_object_name(const struct view_object *o)
{
	if (o->dn != NULL)
		return o->dn->text;
	if (o->upn != NULL)
		return o->upn->text;
	if (o->id != NULL)
		return o->id->text;
	return "(unnamed object)";
}

/* A value of kind for s, listed in the pool; NULL for NULL. */
static struct view_value *
view_value(struct report_view *v, enum view_kind kind, const char *s)
{
	struct view_value	*val;

	if (s == NULL)
		return NULL;
	val = arena_alloc(&v->arena, sizeof(*val));
	val->kind = kind;
	val->text = s;
	if (v->npool == v->pool_cap) {
		v->pool_cap = v->pool_cap ? 2 * v->pool_cap : 256;
		v->pool = xreallocarray(v->pool, v->pool_cap, sizeof(*v->pool));
	}
	v->pool[v->npool++] = val;
	return val;
}

struct view_name_slot {
	const char		*name;
	const struct view_value	*value;
};

/* The VK_ATTRIBUTE value of name, an interned attribute name: one each. */
static const struct view_value *
view_attribute_name(struct report_view *v, const char *name)
{
	struct view_name_slot	*old = v->names;
	size_t			 i, j, oldcap = v->names_cap;
	uintptr_t		 h = (uintptr_t)name;

	if (name == NULL)
		return NULL;
	if ((v->nnames + 1) * 2 > v->names_cap) {
		v->names_cap = oldcap ? 2 * oldcap : 64;
		v->names = xcalloc(v->names_cap, sizeof(*v->names));
		for (i = 0; i < oldcap; i++) {
			if (old[i].name == NULL)
				continue;
			j = ((uintptr_t)old[i].name >> 3) & (v->names_cap - 1);
			while (v->names[j].name != NULL)
				j = (j + 1) & (v->names_cap - 1);
			v->names[j] = old[i];
		}
		free(old);
	}
	for (j = (h >> 3) & (v->names_cap - 1); v->names[j].name != NULL;
	    j = (j + 1) & (v->names_cap - 1))
		if (v->names[j].name == name)
			return v->names[j].value;
	v->names[j].name = name;
	v->names[j].value = view_value(v, VK_ATTRIBUTE, name);
	v->nnames++;
	return v->names[j].value;
}

static const struct view_value **
view_values(struct report_view *v, enum view_kind kind,
    const char *const *list, size_t n)
{
	const struct view_value	**out;
	size_t			  i;

	out = arena_calloc(&v->arena, n > 0 ? n : 1, sizeof(*out));
	for (i = 0; i < n; i++)
		out[i] = view_value(v, kind, list[i]);
	return out;
}

static const char *
tristate_name(enum tristate t)
{
	return t == TRI_TRUE ? "true" : t == TRI_FALSE ? "false" : NULL;
}

/* 16 bytes in GUID text, in the view's arena. */
static const char *
guid_text(struct report_view *v, const unsigned char bytes[16])
{
	char	*text = arena_alloc(&v->arena, 37);

	guid_format(bytes, text);
	return text;
}

/* Names, then anchors, then where it was read: see redact_view(). */
static void
object_names(struct report_view *v, const struct object *o,
    struct view_object *row)
{
	row->dn = view_value(v, VK_DN, o->dn);
	row->id = view_value(v, VK_ANCHOR, o->id);
	row->upn = view_value(v, VK_UPN, o->upn);
	row->mail = view_value(v, VK_UPN, o->mail);
	row->mail_nickname = view_value(v, VK_ACCOUNT, o->mail_nickname);
	row->sam_account_name = view_value(v, VK_ACCOUNT, o->sam_account_name);
	row->display_name = view_value(v, VK_NAME, o->display_name);
	row->given_name = view_value(v, VK_NAME, o->given_name);
	row->surname = view_value(v, VK_NAME, o->surname);
	row->target_address = view_value(v, VK_ADDRESS, object_target_address(o));
	row->proxy_addresses = view_values(v, VK_ADDRESS, o->proxy_addresses,
	    o->nproxy_addresses);
	row->nproxy_addresses = o->nproxy_addresses;
}

static void
object_anchors(struct report_view *v, const struct object *o,
    struct view_object *row)
{
	if (o->has_object_guid)
		row->object_guid = view_value(v, VK_ANCHOR,
		    guid_text(v, o->object_guid));
	row->object_guid_b64 = view_value(v, VK_ANCHOR, object_guid_b64(o));
	row->consistency_guid_b64 = view_value(v, VK_ANCHOR,
	    o->rare->consistency_guid_b64);
	row->immutable_id = view_value(v, VK_ANCHOR, o->immutable_id);
	/* The same bytes as the immutableId: known to prose in GUID form. */
	if (o->has_immutable_id_bytes)
		view_value(v, VK_ANCHOR, guid_text(v, o->immutable_id_bytes));
	switch (o->anchor_source) {
	case ANCHOR_SOURCE_NONE:
		break;
	case ANCHOR_SOURCE_OBJECT_GUID:
		row->anchor = row->object_guid_b64;
		break;
	case ANCHOR_SOURCE_CONSISTENCY_GUID:
		row->anchor = row->consistency_guid_b64;
		break;
	case ANCHOR_SOURCE_IMMUTABLE_ID:
		row->anchor = row->immutable_id;
		break;
	}
	row->anchor_attribute = object_anchor_attribute(o);
}

static void
object_facts(struct report_view *v, const struct object *o,
    struct view_object *row)
{
	const struct object_rare	*rare = o->rare;
	struct view_extension		*ext;
	size_t				 i;

	row->index = o->index;
	row->side = o->side;
	row->type = o->type;
	row->line = o->line;
	row->is_in_scope = o->scope == SCOPE_IN;
	row->scope_reason = scope_reason(o->scope);
	row->object_class = o->object_class;
	row->user_type = object_user_type(o);
	row->sync_enabled = tristate_name(o->sync_enabled);
	row->account_enabled = tristate_name(o->account_enabled);
	row->is_disabled = o->is_disabled;
	row->is_critical_system_object = o->is_critical_system_object;
	row->is_immutable_id_guid = o->has_immutable_id_bytes;
	row->has_uac = o->has_uac;
	row->user_account_control = object_user_account_control(o);
	row->has_recipient_type = o->has_recipient_type;
	row->recipient_type_details = object_recipient_type_details(o);
	row->ncertificates = rare->ncertificates;
	row->certificate_bytes = rare->certificate_bytes;
	row->nsmime_certificates = rare->nsmime_certificates;
	row->smime_certificate_bytes = rare->smime_certificate_bytes;
	row->thumbnail_photo_bytes = rare->thumbnail_photo_bytes;
	row->roles = rare->roles;
	row->nroles = rare->nroles;
	ext = arena_calloc(&v->arena, rare->nextensions + 1, sizeof(*ext));
	for (i = 0; i < rare->nextensions; i++) {
		ext[i].name = view_attribute_name(v, rare->extensions[i].name);
		ext[i].longest = rare->extensions[i].len;
		ext[i].count = rare->extensions[i].count;
	}
	row->extensions = ext;
	row->nextensions = rare->nextensions;
}

/* The row of o, made (and its values met) the first time it is named. */
static struct view_object *
view_object(struct report_view *v, const struct object *o)
{
	struct view_object	*row;

	if (o == NULL)
		return NULL;
	if (o->index < v->nby_index && v->by_index[o->index] != NULL)
		return v->by_index[o->index];
	row = arena_calloc(&v->arena, 1, sizeof(*row));
	object_facts(v, o, row);
	object_names(v, o, row);
	object_anchors(v, o, row);
	row->file = view_value(v, VK_PATH, o->origin->file);
	row->label = view_value(v, VK_LABEL, o->origin->label);
	row->provisioning_errors = view_values(v, VK_PROSE,
	    o->rare->provisioning_errors, o->rare->nprovisioning_errors);
	row->nprovisioning_errors = o->rare->nprovisioning_errors;
	row->scope_note = view_value(v, VK_PROSE, o->rare->scope_note);
	if (o->index < v->nby_index)
		v->by_index[o->index] = row;
	v->objects = xreallocarray(v->objects, v->nobjects + 1,
	    sizeof(*v->objects));
	v->objects[v->nobjects++] = row;
	return row;
}

static const struct view_object **
view_object_list(struct report_view *v, const struct object *const *list,
    size_t n)
{
	const struct view_object	**out;
	size_t				  i;

	out = arena_calloc(&v->arena, n > 0 ? n : 1, sizeof(*out));
	for (i = 0; i < n; i++)
		out[i] = view_object(v, list[i]);
	return out;
}

static void
view_domains(struct report_view *v, const struct table *t)
{
	size_t	i;

	v->ndomains = table_ndomains(t);
	v->domains = arena_calloc(&v->arena, v->ndomains + 1,
	    sizeof(*v->domains));
	for (i = 0; i < v->ndomains; i++) {
		const struct domain	*d = table_domain(t, i);
		struct view_domain	*vd = &v->domains[i];

		vd->name = view_value(v, VK_DOMAIN, d->name);
		vd->is_verified = d->is_verified == TRI_TRUE ? 1 :
		    d->is_verified == TRI_FALSE ? 0 : -1;
		vd->is_default = d->is_default;
		vd->is_initial = d->is_initial;
		vd->is_federated = d->is_federated;
		vd->traits = arena_printf(&v->arena, "%s%s%s, %s",
		    vd->is_verified == 1 ? "verified" :
		    vd->is_verified == 0 ? "unverified" :
		    "verification unknown",
		    d->is_default ? ", default" : "",
		    d->is_initial ? ", initial" : "",
		    d->is_federated ? "federated" : "managed");
	}
}

/*
 * A tenant policy's finding quotes values of any attribute: every one is
 * customer data, whatever its form.  Meet them all, and the objects' raw
 * values (what policies read), so that redaction hides each in prose.
 */
static void
view_policy_values(struct report_view *v, const struct finding *f)
{
	const struct object_rare	*rare;
	size_t				 i, k;

	view_value(v, VK_DATA, f->value);
	for (i = 0; i < f->nobjects; i++) {
		view_value(v, VK_DATA, f->objects[i].value);
		rare = f->objects[i].object->rare;
		for (k = 0; k < rare->nraw; k++)
			if (!rare->raw[k].is_binary)
				view_value(v, VK_DATA, rare->raw[k].value);
	}
}

static const struct view_keeper *
view_keeper(struct report_view *v, const struct finding_keeper *k)
{
	struct view_keeper	*vk = arena_calloc(&v->arena, 1, sizeof(*vk));

	vk->reason = k->reason;
	vk->object = view_object(v, k->object);
	vk->predicted = view_object(v, k->predicted);
	vk->tied = view_object_list(v, k->tied, k->ntied);
	vk->ntied = k->ntied;
	vk->losers = view_object_list(v, k->losers, k->nlosers);
	vk->nlosers = k->nlosers;
	vk->text = view_value(v, VK_PROSE, k->text);
	return vk;
}

static const char *
effect_name(enum finding_effect effect)
{
	return effect == EFFECT_BLOCKED ? "blocked" :
	    effect == EFFECT_LOSS ? "loss" : NULL;
}

static void
view_finding(struct report_view *v, const struct report_ctx *ctx, size_t at)
{
	const struct finding	*f = ctx->analysis->findings.list[at];
	struct view_finding	*vf = &v->findings[at];
	size_t			 i;

	/* Objects first: their values are then known to the prose. */
	for (i = 0; i < f->nobjects; i++)
		view_object(v, f->objects[i].object);
	if (f->rule->is_policy)
		view_policy_values(v, f);
	vf->rule = f->rule->id;
	vf->rule_title = f->rule->title;
	vf->doc = f->rule->doc;
	vf->is_policy = f->rule->is_policy;
	vf->severity = (int)f->severity;
	vf->severity_name = severity_name(f->severity);
	vf->attribute = view_value(v, VK_PROSE, f->attribute);
	vf->value = view_value(v, VK_VALUE, f->value);
	vf->proposed = view_value(v, VK_VALUE, f->proposed);
	vf->objects = arena_calloc(&v->arena, f->nobjects + 1,
	    sizeof(*vf->objects));
	vf->nobjects = f->nobjects;
	for (i = 0; i < f->nobjects; i++) {
		const struct finding_object	*fo = &f->objects[i];
		struct view_finding_object	*vo = &vf->objects[i];

		vo->object = view_object(v, fo->object);
		vo->value = view_value(v, VK_VALUE, fo->value);
		vo->held_as = view_value(v, VK_PROSE, fo->held_as);
		vo->role = view_value(v, VK_PROSE, fo->role);
		vo->effect = effect_name(fo->effect);
	}
	if (f->keeper != NULL)
		vf->keeper = view_keeper(v, f->keeper);
	vf->summary = view_value(v, VK_PROSE, f->summary);
	vf->steps = view_values(v, VK_PROSE, f->steps, f->nsteps);
	vf->nsteps = f->nsteps;
	if (ctx->marks != NULL && at < ctx->marks->n) {
		vf->id = ctx->marks->ids[at];
		if (ctx->marks->has_baseline)
			vf->mark = baseline_mark_name(ctx->marks->marks[at]);
	}
	/* The exit status's rule (cli/analyze.c), said once more here. */
	vf->is_failing = ctx->fail_on >= 0 && (int)f->severity <= ctx->fail_on &&
	    (ctx->marks == NULL || at >= ctx->marks->n ||
	    ctx->marks->marks[at] != BASELINE_PRESENT);
	v->counts.failing += vf->is_failing;
	vf->reconcile_id = reconcile_status_id(reconcile_status_at(
	    &ctx->analysis->reconcile, at));
	vf->reconcile_name = reconcile_status_name(reconcile_status_at(
	    &ctx->analysis->reconcile, at));
}

static void
view_errors(struct report_view *v, const struct reconcile *rc)
{
	size_t	i;

	v->is_reconciled = rc->is_active;
	v->errors = arena_calloc(&v->arena, rc->nerrors + 1, sizeof(*v->errors));
	v->nerrors = rc->nerrors;
	for (i = 0; i < rc->nerrors; i++) {
		const struct actual_error	*e = &rc->errors[i];
		struct view_error		*ve = &v->errors[i];

		ve->object = view_object(v, e->object);
		ve->value = view_value(v, VK_DATA, e->value);
		ve->property = view_value(v, VK_PROSE, e->property);
		ve->category = view_value(v, VK_PROSE, e->category);
		ve->is_predicted = e->is_predicted;
		ve->since = e->when;
	}
	v->counts.confirmed = rc->nconfirmed;
	v->counts.not_yet_seen = rc->nnot_seen;
	v->counts.unpredicted = rc->nunpredicted;
}

/* Each outcome's sentence, on its object's row (made if need be). */
static void
view_outcome_labels(struct report_view *v, const struct verdicts *vd)
{
	size_t	i;

	for (i = 0; i < vd->n; i++) {
		const struct verdict	*d = &vd->list[i];
		struct view_object	*row;
		const struct object	*other;

		if (d->label == NULL)
			continue;
		row = view_object(v, match_get(vd->matches, i)->object);
		if ((other = verdict_other(vd, d)) != NULL)
			view_object(v, other);
		row->outcome = view_value(v, VK_PROSE, d->label);
	}
}

/* Every row's outcome id, and the counts of each outcome. */
static void
view_outcomes(struct report_view *v, const struct table *t,
    const struct verdicts *vd)
{
	size_t	i;
	int	k;

	for (k = VIEW_FIRST_KIND; k <= VIEW_LAST_KIND &&
	    v->noutcomes < VIEW_MAX_OUTCOMES; k++) {
		struct view_outcome *out = &v->outcomes[v->noutcomes++];

		out->id = verdict_kind_id((enum verdict_kind)k);
		out->name = verdict_kind_name((enum verdict_kind)k);
		out->n = verdict_count(vd, (enum verdict_kind)k);
		v->counts.npredicted += out->n;
	}
	for (i = 0; i < v->nobjects; i++) {
		struct view_object	*row = v->objects[i];
		const struct verdict	*d;

		if (row->side != SIDE_ONPREM)
			continue;
		d = verdict_of(vd, table_get(t, row->index));
		if (d != NULL)
			row->outcome_id = verdict_kind_id(d->kind);
	}
}

/* The tenant's initial domain: a domain that says so, or any UPN's. */
static const struct view_value *
cover_tenant(struct report_view *v, const struct table *t)
{
	static const char	 mso[] = ".onmicrosoft.com";
	const size_t		 nmso = sizeof(mso) - 1;
	size_t			 i, n = table_count(t);

	for (i = 0; i < v->ndomains; i++)
		if (v->domains[i].is_initial)
			return v->domains[i].name;
	for (i = 0; i < n; i++) {
		const struct object	*o = table_get(t, i);
		const char		*at;
		size_t			 len;

		if (o->side != SIDE_CLOUD || o->upn == NULL ||
		    (at = strrchr(o->upn, '@')) == NULL)
			continue;
		len = strlen(at + 1);
		if (len > nmso && strchr(at + 1, '.') == at + 1 + len - nmso &&
		    strcmp(at + 1 + len - nmso, mso) == 0)
			return view_value(v, VK_DOMAIN, at + 1);
	}
	return NULL;
}

/* Where a DN's first DC= part starts; NULL: it has none. */
static const char *
dn_dc_part(const char *dn)
{
	const char	*p;

	for (p = dn; p != NULL && *p != '\0'; p = strchr(p, ',')) {
		if (*p == ',')
			p++;
		while (*p == ' ')
			p++;
		if ((p[0] | 0x20) == 'd' && (p[1] | 0x20) == 'c' && p[2] == '=')
			return p;
	}
	return NULL;
}

/* "contoso.com" from the DC= parts from dc on, in v's arena. */
static char *
dn_dns_name(struct report_view *v, const char *dc)
{
	const char	*p;
	char		*name = NULL;

	for (p = dc; p != NULL && *p != '\0'; p = strchr(p, ',')) {
		size_t	len;

		if (*p == ',')
			p++;
		while (*p == ' ')
			p++;
		if ((p[0] | 0x20) != 'd' || (p[1] | 0x20) != 'c' || p[2] != '=')
			continue;
		p += 3;
		len = strcspn(p, ",");
		name = name == NULL ? arena_printf(&v->arena, "%.*s", (int)len, p) :
		    arena_printf(&v->arena, "%s.%.*s", name, (int)len, p);
	}
	return name;
}

#define VIEW_MAX_FORESTS	8

/*
 * The forests' DNS names, in the order their first objects were read.
 * The name hangs only on the DN from its first DC= part on, so a DN whose
 * DC= parts read like an earlier forest's (ASCII case aside) is passed
 * over without building its name again: one compare per object.
 */
static void
cover_forests(struct report_view *v, const struct table *t)
{
	const char	*names[VIEW_MAX_FORESTS], *dcs[VIEW_MAX_FORESTS];
	size_t		 i, k, n = table_count(t), count = 0;

	for (i = 0; i < n && count < VIEW_MAX_FORESTS; i++) {
		const struct object	*o = table_get(t, i);
		const char		*dc;
		char			*name, *c;

		if (o->side != SIDE_ONPREM || o->dn == NULL ||
		    (dc = dn_dc_part(o->dn)) == NULL)
			continue;
		for (k = 0; k < count && strcasecmp(dcs[k], dc) != 0; k++)
			continue;
		if (k < count || (name = dn_dns_name(v, dc)) == NULL)
			continue;
		for (c = name; *c != '\0'; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		for (k = 0; k < count && strcmp(names[k], name) != 0; k++)
			continue;
		if (k == count) {
			dcs[count] = dc;
			names[count++] = name;
		}
	}
	v->cover.forests = view_values(v, VK_DOMAIN, names, count);
	v->cover.nforests = count;
}

/*
 * The cover's values, met last so that their pseudonyms do not
 * renumber the rest; the customer before the title, which may name it.
 */
static void
view_cover(struct report_view *v, const struct report_ctx *ctx)
{
	v->cover.customer = view_value(v, VK_NAME, ctx->customer);
	v->cover.prepared_by = view_value(v, VK_NAME, ctx->prepared_by);
	v->cover.title = view_value(v, VK_PROSE, ctx->title);
	v->cover.tenant = cover_tenant(v, ctx->table);
	cover_forests(v, ctx->table);
}

static void
view_inputs(struct report_view *v, const struct diag *dg)
{
	size_t	i;

	v->inputs = arena_calloc(&v->arena, dg->ninputs + 1,
	    sizeof(*v->inputs));
	v->ninputs = dg->ninputs;
	for (i = 0; i < dg->ninputs; i++) {
		const struct input_stats	*in = &dg->inputs[i];
		struct view_input		*vi = &v->inputs[i];

		vi->path = view_value(v, VK_PATH, in->path);
		vi->kind = in->kind;
		vi->side = in->side;
		vi->records = in->records;
		vi->accepted = in->accepted;
		vi->rejected = in->rejected;
		vi->skipped = in->skipped;
		vi->values_rejected = in->values_rejected;
		vi->warnings = in->warnings;
		vi->is_unusable = in->is_unusable;
		v->counts.left_out += in->is_unusable;
	}
}

static void
view_messages(struct report_view *v, const struct diag *dg)
{
	size_t	i;

	v->messages = arena_calloc(&v->arena, dg->nmsgs + 1,
	    sizeof(*v->messages));
	v->nmessages = dg->nmsgs;
	v->nmessages_dropped = dg->dropped;
	for (i = 0; i < dg->nmsgs; i++) {
		const struct diag_msg	*m = &dg->msgs[i];
		struct view_message	*vm = &v->messages[i];

		vm->file = view_value(v, VK_PATH, m->file);
		vm->text = view_value(v, VK_PROSE, m->text);
		vm->line = m->line;
		vm->level = (int)diag_level(m->code);
		vm->level_name = diag_level_name(diag_level(m->code));
	}
	for (i = 0; i < v->ninputs; i++) {
		const char	*path = dg->inputs[i].path;
		size_t		 k;

		for (k = 0; k < dg->nmsgs && v->inputs[i].is_unusable; k++)
			if (diag_level(dg->msgs[k].code) == DL_FATAL &&
			    strcmp(dg->msgs[k].file, path) == 0) {
				v->inputs[i].why_unusable = v->messages[k].text;
				break;
			}
	}
}

static void
view_runs(struct report_view *v, const struct analysis *an)
{
	size_t	i, k;

	v->runs = arena_calloc(&v->arena, an->nruns + 1, sizeof(*v->runs));
	v->nruns = an->nruns;
	for (i = 0; i < an->nruns; i++) {
		v->runs[i].rule = an->runs[i].rule->id;
		v->runs[i].title = an->runs[i].rule->title;
		v->runs[i].doc = an->runs[i].rule->doc;
		v->runs[i].explain = an->runs[i].rule->explain;
		v->runs[i].is_selected = an->runs[i].is_selected;
		v->runs[i].did_run = an->runs[i].did_run;
		v->runs[i].first_limitation = an->runs[i].first_limitation;
		v->runs[i].nlimitations = an->runs[i].nlimitations;
		v->runs[i].is_policy = an->runs[i].rule->is_policy;
		v->runs[i].why_not = an->runs[i].why_not;
		v->runs[i].nfindings = an->runs[i].nfindings;
	}
	/* Each run's findings by severity (a few dozen runs at most). */
	for (i = 0; i < an->findings.n; i++) {
		const struct finding *f = an->findings.list[i];

		for (k = 0; k < an->nruns; k++)
			if (an->runs[k].rule == f->rule)
				break;
		if (k < an->nruns)
			v->runs[k].by_severity[f->severity]++;
	}
	/* Policies run last: the last run is one when any was given. */
	v->has_policies = an->nruns > 0 &&
	    an->runs[an->nruns - 1].rule->is_policy;
}

static void
view_fixed(struct report_view *v, const struct baseline_marks *bm)
{
	size_t	i;

	v->fixed = arena_calloc(&v->arena, bm->nfixed + 1, sizeof(*v->fixed));
	v->nfixed = bm->nfixed;
	for (i = 0; i < bm->nfixed; i++) {
		const struct baseline_entry	*e = bm->fixed[i];
		struct view_fixed		*vf = &v->fixed[i];

		vf->id = e->id;
		vf->rule = e->rule;
		vf->severity = e->severity;
		vf->attribute = view_value(v, VK_PROSE, e->attribute);
		vf->value = view_value(v, VK_VALUE, e->value);
		vf->summary = view_value(v, VK_PROSE, e->summary);
	}
}

static void
view_counts(struct report_view *v, const struct report_ctx *ctx)
{
	const struct analysis	*an = ctx->analysis;
	int			 s;

	v->counts.onprem = an->nonprem;
	v->counts.onprem_in_scope = an->nin_scope;
	v->counts.cloud = an->ncloud;
	v->counts.simulated = match_set_size(an->matches);
	for (s = SEV_ERROR; s <= SEV_INFO; s++) {
		v->counts.by_severity[s] = findings_count(&an->findings,
		    (enum severity)s);
		v->counts.policies[s] = findings_count_policies(&an->findings,
		    (enum severity)s);
		v->counts.new_by_severity[s] = ctx->marks != NULL ?
		    baseline_count_new(ctx->marks, &an->findings,
		    (enum severity)s) : v->counts.by_severity[s];
	}
}

/* Distinct objects named by the rules' findings, per severity. */
static void
view_count_objects(struct report_view *v)
{
	unsigned char	*seen;
	size_t		 i, k;

	seen = xcalloc(v->nby_index + 1, 1);
	for (i = 0; i < v->nfindings; i++) {
		const struct view_finding *f = &v->findings[i];

		if (f->is_policy)
			continue;
		for (k = 0; k < f->nobjects; k++) {
			size_t		 at = f->objects[k].object->index;
			unsigned char	 bit = (unsigned char)(1u << f->severity);

			if (at < v->nby_index && !(seen[at] & bit)) {
				seen[at] |= bit;
				v->counts.objects_by_severity[f->severity]++;
			}
		}
	}
	free(seen);
	for (i = 0; i < v->nruns; i++)
		v->counts.not_run += v->runs[i].is_selected && !v->runs[i].did_run;
}

static struct report_view *
view_alloc(size_t nobjects)
{
	struct report_view	*v = xcalloc(1, sizeof(*v));

	arena_init(&v->arena);
	v->nby_index = nobjects;
	v->ntable = nobjects;
	v->by_index = xcalloc(nobjects + 1, sizeof(*v->by_index));
	return v;
}

static const struct view_prediction *view_prediction(struct report_view *,
		    const struct match *, const struct verdict *);

/* A row, with its outcome and predicted export, per simulated object. */
static void
view_every_simulated(struct report_view *v, const struct verdicts *vd)
{
	size_t	i;

	for (i = 0; vd->matches != NULL && i < vd->n; i++) {
		const struct match	*m = match_get(vd->matches, i);
		struct view_object	*row = view_object(v, m->object);

		row->outcome_id = verdict_kind_id(vd->list[i].kind);
		if (row->prediction == NULL)
			row->prediction = view_prediction(v, m, &vd->list[i]);
	}
}

struct report_view *
view_new(const struct report_ctx *ctx)
{
	const struct analysis	*an = ctx->analysis;
	const struct findings	*fs = &an->findings;
	struct report_view	*v = view_alloc(table_count(ctx->table));
	size_t			 i;

	v->has_analysis = true;
	v->is_quiet = ctx->is_quiet;
	v->has_baseline = ctx->marks != NULL && ctx->marks->has_baseline;
	/* Tenant domains can appear in any text: meet them first. */
	view_domains(v, ctx->table);
	v->findings = arena_calloc(&v->arena, fs->n + 1, sizeof(*v->findings));
	v->nfindings = fs->n;
	for (i = 0; i < fs->n; i++) {
		view_finding(v, ctx, i);
		if (fs->list[i] == an->verdicts.stopped_by)
			v->export_stopped_by = &v->findings[i];
	}
	view_errors(v, &an->reconcile);
	view_outcome_labels(v, &an->verdicts);
	view_outcomes(v, ctx->table, &an->verdicts);
	v->limitations = view_values(v, VK_PROSE, an->limitations,
	    an->nlimitations);
	v->nlimitations = an->nlimitations;
	view_inputs(v, ctx->diag);
	view_messages(v, ctx->diag);
	view_runs(v, an);
	if (v->has_baseline)
		view_fixed(v, ctx->marks);
	view_counts(v, ctx);
	view_count_objects(v);
	v->fail_on = ctx->fail_on;
	v->csv_separator = ctx->csv_separator;
	view_cover(v, ctx);
	/* Last, so the values met above keep their pseudonyms. */
	if (ctx->wants_every_object)
		view_every_simulated(v, &an->verdicts);
	return v;
}

/*
 * NEEDSWORK: every raw value becomes a row entry, a value and a pool
 * slot (about 56 bytes): at 100k objects, objects holds about 400 MB more
 * than it did when it printed the table directly.  Stream them instead,
 * one object at a time after the rest of the view, when objects must
 * scale to a million.
 */
static void
object_attributes(struct report_view *v, const struct object *o,
    struct view_object *row)
{
	struct view_attribute	*attrs;
	size_t			 i;

	attrs = arena_calloc(&v->arena, o->rare->nraw + 1, sizeof(*attrs));
	for (i = 0; i < o->rare->nraw; i++) {
		const struct raw_value *r = &o->rare->raw[i];

		attrs[i].name = view_attribute_name(v, r->name);
		attrs[i].value = view_value(v, VK_DATA, r->value);
		attrs[i].is_binary = r->is_binary;
		attrs[i].bytes = r->len;
	}
	row->attributes = attrs;
	row->nattributes = o->rare->nraw;
}

static const struct view_prediction *
view_prediction(struct report_view *v, const struct match *m,
    const struct verdict *d)
{
	struct view_prediction	*p = arena_calloc(&v->arena, 1, sizeof(*p));
	struct view_conflict	*c;
	size_t			 i;

	p->cloud = view_object(v, m->cloud);
	p->matched_on = m->attribute;
	p->value = view_value(v, VK_DATA, m->value);
	if (m->is_upn_rewritten)
		p->upn_in_entra = view_value(v, VK_UPN, match_upn(m));
	p->error = d->error;
	c = arena_calloc(&v->arena, m->nconflicts + 1, sizeof(*c));
	for (i = 0; i < m->nconflicts; i++) {
		const struct match_conflict *mc = &m->rare->conflicts[i];

		c[i].attribute = mc->attribute;
		c[i].value = view_value(v, VK_DATA, mc->value);
		c[i].placeholder = view_value(v, VK_DATA, mc->placeholder);
		c[i].holder = view_object(v, mc->holder);
	}
	p->conflicts = c;
	p->nconflicts = m->nconflicts;
	if (m->rare->contested_with != NULL) {
		p->contested_attribute = m->rare->contested_attribute;
		p->contested_value = view_value(v, VK_DATA,
		    m->rare->contested_value);
		p->contested_with = view_object(v, m->rare->contested_with);
	}
	return p;
}

struct report_view *
view_new_objects(const struct table *t, const struct diag *dg,
    const struct analysis *an)
{
	struct report_view	*v = view_alloc(table_count(t));
	size_t			 i, n = table_count(t);

	v->is_objects = true;
	view_domains(v, t);
	for (i = 0; i < n; i++)
		view_object(v, table_get(t, i));
	if (an != NULL) {
		v->has_analysis = true;
		view_outcome_labels(v, &an->verdicts);
		view_outcomes(v, t, &an->verdicts);
		for (i = 0; i < n; i++) {
			const struct object	*o = table_get(t, i);
			const struct match	*m = match_for(an->matches, o);
			const struct verdict	*d = verdict_of(&an->verdicts,
						    o);

			if (m != NULL && d != NULL)
				v->by_index[i]->prediction =
				    view_prediction(v, m, d);
		}
	}
	view_inputs(v, dg);
	view_messages(v, dg);
	/*
	 * Last: redaction learns every value it meets, and raw values such
	 * as "user" or "true" would otherwise turn those words into
	 * pseudonyms in the sentences above.
	 */
	for (i = 0; i < n; i++)
		object_attributes(v, table_get(t, i), v->by_index[i]);
	return v;
}

void
view_free(struct report_view *v)
{
	if (v == NULL)
		return;
	free(v->pool);
	free(v->names);
	free(v->objects);
	free(v->by_index);
	arena_release(&v->arena);
	free(v);
}
