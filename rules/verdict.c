/*
 * One predicted outcome per on-premises object, from the match outcome
 * and the findings' effects; see verdict.h.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "rule.h"
#include "verdict.h"
#include "xalloc.h"

static const struct kind_text {
	const char	*id;
	const char	*name;
} kind_texts[VERDICT_NKINDS] = {
	[VERDICT_NONE]		= { "none", "not simulated" },
	[VERDICT_NOT_PREDICTED]	= { "not-predicted",
	    "not predicted: the export has no source anchor" },
	[VERDICT_UPDATES]	= { "updates", "updates its cloud twin" },
	[VERDICT_PROVISIONS]	= { "provisions",
	    "provisions a new cloud object" },
	[VERDICT_TAKES_OVER]	= { "takes-over",
	    "takes over an existing cloud object" },
	[VERDICT_LOSS]		= { "exported-with-loss",
	    "exported with loss: some values do not arrive" },
	[VERDICT_BLOCKED]	= { "blocked",
	    "blocked: Entra ID refuses the export" },
};

const char *
verdict_kind_id(enum verdict_kind kind)
{
	return kind < VERDICT_NKINDS ? kind_texts[kind].id : "?";
}

const char *
verdict_kind_name(enum verdict_kind kind)
{
	return kind < VERDICT_NKINDS ? kind_texts[kind].name : "?";
}

/* An object as a customer knows it (object_display_name), or "?". */
static const char *
cloud_name(const struct object *o)
{
	return o != NULL ? object_display_name(o) : "?";
}

/* The documented error a refused match returns: its rule's id. */
static const char *
refusal_error(enum match_outcome outcome)
{
	const struct rule	*r = rule_for_refusal(outcome);

	return r != NULL ? r->id : NULL;
}

/* What an export that is not refused does, by the outcome before loss. */
static enum verdict_kind
export_kind(enum match_outcome outcome)
{
	switch (outcome) {
	case MATCH_HARD:
	case MATCH_PRESUMED:
		return VERDICT_UPDATES;
	case MATCH_HARD_TAKEOVER:
	case MATCH_SOFT:
		return VERDICT_TAKES_OVER;
	case MATCH_NO_ANCHOR:
		return VERDICT_NOT_PREDICTED;
	default:
		/* New, and a refused soft match resiliency turned into one. */
		return VERDICT_PROVISIONS;
	}
}

/* The sentence for what m's export does when nothing stops it. */
static const char *
export_label(struct arena *a, const struct match *m)
{
	const struct object	*c = m->cloud;

	switch (m->base) {
	case MATCH_HARD:
		return arena_printf(a, "updates its cloud twin %s '%s' "
		    "(joined on %s)", object_type_name(c->type),
		    cloud_name(c), m->attribute);
	case MATCH_PRESUMED:
		return arena_printf(a, "updates its cloud twin %s '%s' "
		    "(synced; found by %s, as the export has no anchor)",
		    object_type_name(c->type), cloud_name(c), m->attribute);
	case MATCH_HARD_TAKEOVER:
		return arena_printf(a, "takes over cloud %s '%s' by hard "
		    "match on its immutableId (%s)", object_type_name(c->type),
		    cloud_name(c), c->sync_enabled == TRI_FALSE ?
		    "it was synced before: sync resumes" :
		    "never synced: the anchor was set in the cloud");
	case MATCH_SOFT:
		return arena_printf(a, "takes over cloud-only %s '%s' by soft "
		    "match on %s '%s'", object_type_name(c->type),
		    cloud_name(c), m->attribute, m->value);
	case MATCH_NO_ANCHOR:
		return kind_texts[VERDICT_NOT_PREDICTED].name;
	default:
		return kind_texts[VERDICT_PROVISIONS].name;
	}
}

/* Why a refused match is blocked, naming the cloud object. */
static const char *
refusal_label(struct arena *a, const struct match *m, const char *error)
{
	const struct object	*c = m->cloud;

	switch (m->outcome) {
	case MATCH_TYPE_MISMATCH:
		return arena_printf(a, "blocked: %s with cloud %s '%s' (%s "
		    "'%s')", error, object_type_name(c->type), cloud_name(c),
		    m->attribute, m->value);
	case MATCH_INVALID_SOFT_MATCH:
		return arena_printf(a, "blocked: %s: cloud %s '%s' holds %s "
		    "'%s' and is synced from another anchor", error,
		    object_type_name(c->type), cloud_name(c), m->attribute,
		    m->value);
	case MATCH_ADMIN_ROLE_CONFLICT:
		return arena_printf(a, "blocked: %s: cloud admin '%s' holds "
		    "%s '%s'", error, cloud_name(c), m->attribute, m->value);
	case MATCH_PRIVILEGED_TAKEOVER:
		return arena_printf(a, "blocked: %s: cloud user '%s' holds a "
		    "directory role, and Entra ID refuses hard matches onto "
		    "such users since June 2026", error, cloud_name(c));
	case MATCH_REMAP_BLOCKED:
		return arena_printf(a, "blocked: %s: cloud user '%s' is mapped "
		    "to another on-premises object (onPremisesObjectIdentifier "
		    "'%s'); since July 2026 Entra ID will not re-map it until an "
		    "administrator clears it", error, cloud_name(c),
		    object_onprem_object_id(c));
	case MATCH_TAKEOVER_BLOCKED:
		return arena_printf(a, "blocked: %s: the tenant blocks the "
		    "takeover of cloud %s '%s' by hard match", error,
		    object_type_name(c->type), cloud_name(c));
	case MATCH_PROXY_CONFLICT:
		return arena_printf(a, "blocked: %s: cloud %s '%s' holds %s "
		    "'%s', and resiliency does not quarantine an address held "
		    "by an object of another type", error,
		    object_type_name(m->rare->conflicts[0].holder->type),
		    cloud_name(m->rare->conflicts[0].holder),
		    m->rare->conflicts[0].attribute, m->rare->conflicts[0].value);
	default:
		return arena_printf(a, "blocked: %s on %s '%s' (duplicate "
		    "attribute resiliency off)", error,
		    m->attribute != NULL ? m->attribute : "a unique value",
		    m->value != NULL ? m->value : "");
	}
}

/* The values resiliency or a rival export takes from m, in words. */
static const char *
match_loss_label(struct arena *a, const struct match *m, const char *base)
{
	const struct match_rare	*r = m->rare;

	if (m->outcome == MATCH_CONTESTED)
		return arena_printf(a, "%s, with loss: %s '%s' is also on "
		    "'%s': the one exported second loses it", base,
		    r->contested_attribute, r->contested_value,
		    object_display_name(r->contested_with));
	if (m->nconflicts > 0)
		return arena_printf(a, "%s, with loss: %s '%s' is quarantined "
		    "(cloud %s '%s' keeps it)%s", base, r->conflicts[0].attribute,
		    r->conflicts[0].value,
		    object_type_name(r->conflicts[0].holder->type),
		    cloud_name(r->conflicts[0].holder),
		    m->nconflicts > 1 ? ", and more values" : "");
	return arena_printf(a, "%s, with loss: the values cloud %s '%s' "
	    "holds are quarantined", base,
	    m->cloud != NULL ? object_type_name(m->cloud->type) : "object",
	    cloud_name(m->cloud));
}

/* The kind and error m's outcome gives, before any finding is read. */
static void
from_match(struct verdict *d, const struct match *m)
{
	const char	*error = refusal_error(m->outcome);

	if (error != NULL) {
		d->kind = VERDICT_BLOCKED;
		d->error = error;
		return;
	}
	d->kind = export_kind(m->base);
	if (m->outcome == MATCH_QUARANTINED || m->outcome == MATCH_CONTESTED) {
		d->base = d->kind;
		d->kind = VERDICT_LOSS;
	}
}

static bool
is_exporting(enum verdict_kind kind)
{
	return kind == VERDICT_UPDATES || kind == VERDICT_PROVISIONS ||
	    kind == VERDICT_TAKES_OVER;
}

static const char *
finding_value(const struct finding *f, const struct finding_object *fo)
{
	if (fo->value != NULL)
		return fo->value;
	return f->value != NULL ? f->value : "";
}

/* An error finding blocks d's object, unless something did already. */
static void
apply_block(struct verdict *d, const struct finding *f,
    const struct finding_object *fo)
{
	if (d->kind == VERDICT_BLOCKED) {
		if (d->finding == NULL && d->error != NULL &&
		    strcmp(d->error, f->rule->id) == 0) {
			d->finding = f;
			d->finding_object = fo;
		}
		return;
	}
	d->kind = VERDICT_BLOCKED;
	d->error = f->rule->id;
	d->finding = f;
	d->finding_object = fo;
}

/* A loss warning: the export goes on without a value. */
static void
apply_loss(struct verdict *d, const struct finding *f,
    const struct finding_object *fo)
{
	if (d->finding == NULL && (d->kind == VERDICT_LOSS ||
	    d->kind == VERDICT_BLOCKED)) {
		d->finding = f;
		d->finding_object = fo;
	}
	if (!is_exporting(d->kind))
		return;
	d->base = d->kind;
	d->kind = VERDICT_LOSS;
	d->finding = f;
	d->finding_object = fo;
}

/*
 * d's sentence.  A block or loss the match decided is said with the
 * cloud object it meets; one a finding decided, with the finding's
 * rule, attribute and value.
 */
static const char *
make_label(struct arena *a, const struct verdict *d, const struct match *m)
{
	const struct finding		*f = d->finding;
	const struct finding_object	*fo = d->finding_object;
	const char			*base;

	if (d->kind == VERDICT_BLOCKED) {
		if (refusal_error(m->outcome) != NULL)
			return refusal_label(a, m, d->error);
		return arena_printf(a, "blocked: %s on %s '%s'", d->error,
		    f->attribute != NULL ? f->attribute : "a value",
		    finding_value(f, fo));
	}
	base = export_label(a, m);
	if (d->kind != VERDICT_LOSS)
		return base;
	if (m->outcome == MATCH_QUARANTINED || m->outcome == MATCH_CONTESTED)
		return match_loss_label(a, m, base);
	return arena_printf(a, "%s, with loss: %s '%s' (%s)", base,
	    f->attribute != NULL ? f->attribute : "a value",
	    finding_value(f, fo), f->rule->id);
}

const struct object *
verdict_other(const struct verdicts *v, const struct verdict *d)
{
	const struct match	*m = match_get(v->matches,
				    (size_t)(d - v->list));

	if (m == NULL)
		return NULL;
	if (m->outcome == MATCH_CONTESTED)
		return m->rare->contested_with;
	if (m->outcome == MATCH_PROXY_CONFLICT && m->nconflicts > 0)
		return m->rare->conflicts[0].holder;
	return m->cloud;
}

/* An error about the run, not an object: it names no on-prem object. */
static bool
is_run_wide(const struct finding *f)
{
	size_t	i;

	if (f->severity != SEV_ERROR || f->rule->is_policy)
		return false;
	for (i = 0; i < f->nobjects; i++)
		if (f->objects[i].object->side == SIDE_ONPREM)
			return false;
	return true;
}

/* o's verdict for writing, or NULL when o was not simulated. */
static struct verdict *
verdict_at(struct verdicts *v, const struct object *o)
{
	const struct match	*m = match_for(v->matches, o);

	return m != NULL ? &v->list[m - match_get(v->matches, 0)] : NULL;
}

void
verdicts_build(struct verdicts *v, const struct table *t,
    const struct match_set *ms, const struct findings *fs, bool every_label)
{
	bool	*is_named;
	size_t	 i, k;

	memset(v, 0, sizeof(*v));
	arena_init(&v->arena);
	v->matches = ms;
	v->nobjects = table_count(t);
	v->n = match_set_size(ms);
	v->list = xcalloc(v->n ? v->n : 1, sizeof(*v->list));
	is_named = xcalloc(v->n ? v->n : 1, sizeof(*is_named));
	for (i = 0; i < v->n; i++)
		from_match(&v->list[i], match_get(ms, i));
	for (i = 0; i < fs->n; i++) {
		const struct finding *f = fs->list[i];

		if (v->stopped_by == NULL && is_run_wide(f))
			v->stopped_by = f;
		for (k = 0; k < f->nobjects; k++) {
			const struct finding_object *fo = &f->objects[k];
			struct verdict *d = verdict_at(v, fo->object);

			if (d == NULL)
				continue;
			is_named[d - v->list] = true;
			if (fo->effect == EFFECT_BLOCKED)
				apply_block(d, f, fo);
			else if (fo->effect == EFFECT_LOSS)
				apply_loss(d, f, fo);
		}
	}
	for (i = 0; i < v->n; i++) {
		if (every_label || is_named[i])
			v->list[i].label = make_label(&v->arena, &v->list[i],
			    match_get(ms, i));
		v->counts[v->list[i].kind]++;
	}
	v->counts[VERDICT_NONE] = v->nobjects - v->n;
	free(is_named);
}

void
verdicts_release(struct verdicts *v)
{
	if (v == NULL)
		return;
	arena_release(&v->arena);
	free(v->list);
	memset(v, 0, sizeof(*v));
}

const struct verdict *
verdict_of(const struct verdicts *v, const struct object *o)
{
	const struct match	*m;

	if (v == NULL || o == NULL || o->side != SIDE_ONPREM ||
	    (m = match_for(v->matches, o)) == NULL)
		return NULL;
	return &v->list[m - match_get(v->matches, 0)];
}

size_t
verdict_count(const struct verdicts *v, enum verdict_kind kind)
{
	return v != NULL && kind < VERDICT_NKINDS ? v->counts[kind] : 0;
}

/* Does some finding have effect on o? */
static bool
has_effect(const struct findings *fs, const struct object *o,
    enum finding_effect effect)
{
	size_t	i;

	for (i = 0; i < fs->n; i++)
		if (finding_effect_on(fs->list[i], o) == effect)
			return true;
	return false;
}

static bool	disagree(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static bool
disagree(char *why, size_t n, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(why, n, fmt, ap);
	va_end(ap);
	return false;
}

bool
verdicts_agree(const struct verdicts *v, const struct table *t,
    const struct findings *fs, char *why, size_t n)
{
	size_t	i, k;

	for (i = 0; i < fs->n; i++) {
		const struct finding *f = fs->list[i];

		for (k = 0; k < f->nobjects; k++) {
			const struct verdict *d = verdict_of(v,
			    f->objects[k].object);
			enum finding_effect e = f->objects[k].effect;

			if (e == EFFECT_NONE)
				continue;
			if (d == NULL)
				return disagree(why, n, "%s names '%s', which "
				    "is not exported, as blocked or losing a "
				    "value", f->rule->id,
				    object_display_name(f->objects[k].object));
			if (e == EFFECT_BLOCKED && d->kind != VERDICT_BLOCKED)
				return disagree(why, n, "%s blocks '%s', "
				    "predicted not to be blocked", f->rule->id,
				    object_display_name(f->objects[k].object));
			if (e == EFFECT_LOSS && d->kind != VERDICT_LOSS &&
			    d->kind != VERDICT_BLOCKED)
				return disagree(why, n, "%s says '%s' loses a "
				    "value, predicted to export cleanly",
				    f->rule->id,
				    object_display_name(f->objects[k].object));
		}
		/* Tenant policies judge conventions, not the export. */
		if (f->severity == SEV_ERROR && !f->rule->is_policy) {
			bool blocks = false;

			for (k = 0; k < f->nobjects; k++)
				blocks |= f->objects[k].effect ==
				    EFFECT_BLOCKED;
			/* Run-wide errors name cloud objects only. */
			for (k = 0; !blocks && k < f->nobjects; k++)
				if (f->objects[k].object->side == SIDE_ONPREM)
					return disagree(why, n, "error finding "
					    "of %s on '%s' blocks no object",
					    f->rule->id, f->value != NULL ?
					    f->value : "");
		}
	}
	for (i = 0; i < table_count(t); i++) {
		const struct object	*o = table_get(t, i);
		const struct verdict	*d = verdict_of(v, o);

		if (d == NULL)
			continue;
		if (d->kind == VERDICT_BLOCKED &&
		    !has_effect(fs, o, EFFECT_BLOCKED))
			return disagree(why, n, "'%s' is predicted blocked "
			    "(%s), but no finding blocks it", object_display_name(o),
			    d->error);
		if (d->kind == VERDICT_LOSS && !has_effect(fs, o, EFFECT_LOSS))
			return disagree(why, n, "'%s' is predicted exported "
			    "with loss, but no finding says what it loses",
			    object_display_name(o));
	}
	return true;
}
