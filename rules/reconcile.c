/*
 * Predicted findings against the provisioning errors Entra ID already
 * reports; see reconcile.h.  Reads the table, the match set and the
 * findings; decides no error itself.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reconcile.h"
#include "rule.h"
#include "xalloc.h"

/* The attribute families an error's property and a finding can name. */
enum prop_space {
	PROP_OTHER,
	PROP_UPN,
	PROP_SMTP
};

const char *
reconcile_status_id(enum reconcile_status status)
{
	return status == RECONCILE_CONFIRMED ? "confirmed" :
	    status == RECONCILE_NOT_SEEN ? "not-yet-seen" : NULL;
}

const char *
reconcile_status_name(enum reconcile_status status)
{
	return status == RECONCILE_CONFIRMED ? "confirmed" :
	    status == RECONCILE_NOT_SEEN ? "not yet seen" : NULL;
}

enum reconcile_status
reconcile_status_at(const struct reconcile *rc, size_t at)
{
	if (rc == NULL || !rc->is_active || at >= rc->nstatus)
		return RECONCILE_NONE;
	return rc->status[at];
}

/* Graph says ProxyAddress, MSOnline ProxyAddresses. */
static enum prop_space
prop_space(const char *name)
{
	if (name == NULL)
		return PROP_OTHER;
	if (strcasecmp(name, "UserPrincipalName") == 0)
		return PROP_UPN;
	if (strcasecmp(name, "ProxyAddress") == 0 ||
	    strcasecmp(name, "ProxyAddresses") == 0 ||
	    strcasecmp(name, "mail") == 0)
		return PROP_SMTP;
	return PROP_OTHER;
}

static const char *
skip_smtp_prefix(const char *s)
{
	return strncasecmp(s, "smtp:", 5) == 0 ? s + 5 : s;
}

static bool
is_same_value(const char *actual, const char *predicted)
{
	if (actual == NULL || predicted == NULL)
		return false;
	return strcasecmp(skip_smtp_prefix(actual),
	    skip_smtp_prefix(predicted)) == 0;
}

/* A category names a rule by its id or by one of its .error_categories. */
static bool
is_rule_of_category(const struct rule *r, const char *category)
{
	size_t	i;

	if (category == NULL)
		return false;
	if (strcasecmp(category, r->id) == 0)
		return true;
	for (i = 0; r->error_categories != NULL &&
	    r->error_categories[i] != NULL; i++)
		if (strcasecmp(r->error_categories[i], category) == 0)
			return true;
	return false;
}

static bool
is_same_property(const char *property, const char *attribute)
{
	enum prop_space	space = prop_space(property);

	if (property == NULL || attribute == NULL)
		return false;
	if (space != PROP_OTHER)
		return space == prop_space(attribute) ||
		    (space == PROP_SMTP &&
		    strcmp(attribute, "proxyAddresses") == 0);
	return strcasecmp(property, attribute) == 0;
}

/* Does cloud object c take part in f, itself or as an object's twin? */
static bool
is_involved(const struct finding *f, const struct match_set *ms,
    const struct object *c)
{
	const struct match	*m;
	size_t			 i;

	for (i = 0; i < f->nobjects; i++) {
		const struct object *o = f->objects[i].object;

		if (o == c)
			return true;
		if (o->side == SIDE_ONPREM && (m = match_for(ms, o)) != NULL &&
		    m->cloud == c)
			return true;
	}
	return false;
}

static bool
is_match(const struct finding *f, const struct match_set *ms,
    const struct actual_error *e)
{
	return is_rule_of_category(f->rule, e->category) &&
	    is_same_property(e->property, f->attribute) &&
	    is_same_value(e->value, f->value) &&
	    is_involved(f, ms, e->object);
}

/* Errors by value, without regard to case or an smtp: prefix. */
static int
error_value_cmp(const void *a, const void *b)
{
	const struct actual_error *const *ea = a, *const *eb = b;
	const char	*va = (*ea)->value, *vb = (*eb)->value;

	if (va == NULL || vb == NULL)
		return (va != NULL) - (vb != NULL);
	return strcasecmp(skip_smtp_prefix(va), skip_smtp_prefix(vb));
}

/*
 * The first of the n errors in by_value (sorted by error_value_cmp)
 * whose value is value; n when none.  A binary search, so that a tenant
 * with many errors and many findings costs (F + E) log E, not F * E.
 */
static size_t
first_with_value(struct actual_error *const *by_value, size_t n,
    const char *value)
{
	struct actual_error	 key = { .value = value };
	const struct actual_error *pkey = &key;
	size_t			 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (error_value_cmp(&by_value[mid], &pkey) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && error_value_cmp(&by_value[lo], &pkey) == 0 ? lo : n;
}

/* Mark finding f against the errors holding its value. */
static enum reconcile_status
reconcile_finding(const struct finding *f, const struct match_set *ms,
    struct actual_error *const *by_value, size_t n)
{
	enum reconcile_status	status = RECONCILE_NOT_SEEN;
	size_t			i;

	if (f->value == NULL)
		return status;
	for (i = first_with_value(by_value, n, f->value); i < n &&
	    is_same_value(by_value[i]->value, f->value); i++) {
		if (!is_match(f, ms, by_value[i]))
			continue;
		status = RECONCILE_CONFIRMED;
		by_value[i]->is_predicted = true;
	}
	return status;
}

/* The next tab-separated field of *s as an arena string; NULL if empty. */
static const char *
next_field(struct arena *a, const char **s)
{
	const char	*start = *s, *end = strchr(start, '\t');
	size_t		 len = end != NULL ? (size_t)(end - start) : strlen(start);

	*s = end != NULL ? end + 1 : start + len;
	return len > 0 ? arena_strndup(a, start, len) : NULL;
}

/*
 * One stored error ("property\tvalue\tcategory\twhen", parser.h) into e;
 * false for what is no sync error (an Exchange service error has no
 * category and no synced property).
 */
static bool
parse_error(struct arena *a, const struct object *o, const char *stored,
    struct actual_error *e)
{
	const char	*s = stored;

	memset(e, 0, sizeof(*e));
	e->object = o;
	e->property = next_field(a, &s);
	e->value = next_field(a, &s);
	e->category = next_field(a, &s);
	e->when = next_field(a, &s);
	return e->category != NULL || prop_space(e->property) != PROP_OTHER;
}

static void
collect_errors(struct reconcile *rc, const struct table *t)
{
	size_t	i, j, n = table_count(t), cap = 0;

	for (i = 0; i < n; i++) {
		const struct object *o = table_get(t, i);

		if (o->side != SIDE_CLOUD)
			continue;
		for (j = 0; j < o->rare->nprovisioning_errors; j++) {
			struct actual_error	e;

			if (!parse_error(&rc->arena, o, o->rare->provisioning_errors[j],
			    &e))
				continue;
			if (rc->nerrors == cap) {
				cap = cap ? cap * 2 : 16;
				rc->errors = xreallocarray(rc->errors, cap,
				    sizeof(*rc->errors));
			}
			rc->errors[rc->nerrors++] = e;
		}
	}
}

void
reconcile_run(struct reconcile *rc, const struct table *t,
    const struct match_set *ms, const struct findings *fs)
{
	struct actual_error	**by_value;
	size_t			  i, j;

	memset(rc, 0, sizeof(*rc));
	arena_init(&rc->arena);
	collect_errors(rc, t);
	if (rc->nerrors == 0)
		return;
	rc->is_active = true;
	by_value = xcalloc(rc->nerrors, sizeof(*by_value));
	for (j = 0; j < rc->nerrors; j++)
		by_value[j] = &rc->errors[j];
	qsort(by_value, rc->nerrors, sizeof(*by_value), error_value_cmp);
	rc->nstatus = fs->n;
	rc->status = xcalloc(fs->n + 1, sizeof(*rc->status));
	for (i = 0; i < fs->n; i++) {
		/* A tenant policy predicts no provisioning error: NONE. */
		if (fs->list[i]->rule->is_policy)
			continue;
		rc->status[i] = reconcile_finding(fs->list[i], ms, by_value,
		    rc->nerrors);
		if (rc->status[i] == RECONCILE_CONFIRMED)
			rc->nconfirmed++;
		else
			rc->nnot_seen++;
	}
	for (j = 0; j < rc->nerrors; j++)
		if (!rc->errors[j].is_predicted)
			rc->nunpredicted++;
	free(by_value);
}

void
reconcile_release(struct reconcile *rc)
{
	free(rc->status);
	free(rc->errors);
	arena_release(&rc->arena);
	memset(rc, 0, sizeof(*rc));
}
