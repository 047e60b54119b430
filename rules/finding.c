/* The findings list: rules add, reports read; see finding.h. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "finding.h"
#include "rule.h"
#include "xalloc.h"

void
findings_init(struct findings *fs)
{
	memset(fs, 0, sizeof(*fs));
	arena_init(&fs->arena);
}

void
findings_release(struct findings *fs)
{
	size_t	i;

	for (i = 0; i < fs->n; i++) {
		free(fs->list[i]->objects);
		free(fs->list[i]->steps);
	}
	free(fs->list);
	arena_release(&fs->arena);
	memset(fs, 0, sizeof(*fs));
}

/* Append f to fs's list, numbered in the order added. */
static void
findings_push(struct findings *fs, struct finding *f)
{
	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? fs->cap * 2 : 64;
		fs->list = xreallocarray(fs->list, fs->cap, sizeof(*fs->list));
	}
	f->seq = fs->n;
	fs->list[fs->n++] = f;
}

void
findings_move(struct findings *dst, struct findings *src)
{
	size_t	i;

	for (i = 0; i < src->n; i++)
		findings_push(dst, src->list[i]);
	arena_adopt(&dst->arena, &src->arena);
	free(src->list);
	findings_init(src);
}

static const char *
copy_or_null(struct findings *fs, const char *s)
{
	return s != NULL ? arena_strdup(&fs->arena, s) : NULL;
}

struct finding *
findings_add(struct findings *fs, const struct rule *rule,
    enum severity severity, const char *attribute, const char *value)
{
	struct finding	*f = arena_calloc(&fs->arena, 1, sizeof(*f));

	f->rule = rule;
	f->severity = severity;
	f->attribute = copy_or_null(fs, attribute);
	f->value = copy_or_null(fs, value);
	findings_push(fs, f);
	return f;
}

void
finding_add_object(struct findings *fs, struct finding *f,
    const struct object *o, const char *value, const char *held_as,
    const char *role)
{
	struct finding_object	*fo;

	if (f->nobjects == f->objects_cap) {
		f->objects_cap = f->objects_cap ? f->objects_cap * 2 : 4;
		f->objects = xreallocarray(f->objects, f->objects_cap,
		    sizeof(*f->objects));
	}
	fo = &f->objects[f->nobjects++];
	fo->object = o;
	fo->value = copy_or_null(fs, value);
	fo->held_as = copy_or_null(fs, held_as);
	fo->role = copy_or_null(fs, role);
	/* A tenant policy's finding never changes what Entra ID does. */
	fo->effect = f->severity == SEV_ERROR && f->nobjects == 1 &&
	    o->side == SIDE_ONPREM && !f->rule->is_policy ? EFFECT_BLOCKED :
	    EFFECT_NONE;
}

void
finding_set_effect(struct finding *f, const struct object *o,
    enum finding_effect effect)
{
	size_t	i;

	for (i = 0; i < f->nobjects; i++)
		if (f->objects[i].object == o)
			f->objects[i].effect = effect;
}

enum finding_effect
finding_effect_on(const struct finding *f, const struct object *o)
{
	size_t	i;

	for (i = 0; i < f->nobjects; i++)
		if (f->objects[i].object == o)
			return f->objects[i].effect;
	return EFFECT_NONE;
}

static const struct object **
copy_objects(struct findings *fs, const struct object *const *list, size_t n)
{
	const struct object	**copy;

	if (n == 0)
		return NULL;
	copy = arena_calloc(&fs->arena, n, sizeof(*copy));
	memcpy(copy, list, n * sizeof(*copy));
	return copy;
}

void
finding_set_keeper(struct findings *fs, struct finding *f,
    const struct finding_keeper *k)
{
	struct finding_keeper	*c = arena_calloc(&fs->arena, 1, sizeof(*c));

	c->object = k->object;
	c->reason = copy_or_null(fs, k->reason);
	c->text = copy_or_null(fs, k->text);
	c->predicted = k->predicted;
	c->tied = copy_objects(fs, k->tied, k->ntied);
	c->ntied = k->ntied;
	c->losers = copy_objects(fs, k->losers, k->nlosers);
	c->nlosers = k->nlosers;
	f->keeper = c;
}

void
finding_set_summary(struct findings *fs, struct finding *f,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	f->summary = arena_vprintf(&fs->arena, fmt, ap);
	va_end(ap);
}

void
finding_set_proposed(struct findings *fs, struct finding *f,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	f->proposed = arena_vprintf(&fs->arena, fmt, ap);
	va_end(ap);
}

void
finding_add_step(struct findings *fs, struct finding *f, const char *fmt,
    ...)
{
	va_list	ap;

	if (f->nsteps == f->steps_cap) {
		f->steps_cap = f->steps_cap ? f->steps_cap * 2 : 4;
		f->steps = xreallocarray(f->steps, f->steps_cap,
		    sizeof(*f->steps));
	}
	va_start(ap, fmt);
	f->steps[f->nsteps++] = arena_vprintf(&fs->arena, fmt, ap);
	va_end(ap);
}

static int
strcmp_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int
finding_cmp(const void *pa, const void *pb)
{
	const struct finding	*a = *(const struct finding *const *)pa;
	const struct finding	*b = *(const struct finding *const *)pb;
	int			 c;

	if ((c = rule_index(a->rule) - rule_index(b->rule)) != 0)
		return c;
	/* Tenant policies are all past rule_table's end: by their ids. */
	if (a->rule != b->rule && (c = strcmp(a->rule->id, b->rule->id)) != 0)
		return c;
	if (a->severity != b->severity)
		return (int)a->severity - (int)b->severity;
	if ((c = strcmp_null(a->attribute, b->attribute)) != 0)
		return c;
	if ((c = strcmp_null(a->value, b->value)) != 0)
		return c;
	/* Same rule, attribute and value: the first object decides. */
	if (a->nobjects && b->nobjects &&
	    a->objects[0].object != b->objects[0].object)
		return (a->objects[0].object->index >
		    b->objects[0].object->index) -
		    (a->objects[0].object->index <
		    b->objects[0].object->index);
	if ((c = strcmp_null(a->summary, b->summary)) != 0)
		return c;
	/* Rules add in table order: a total order, qsort or not. */
	return (a->seq > b->seq) - (a->seq < b->seq);
}

void
findings_sort(struct findings *fs)
{
	if (fs->n > 1)
		qsort(fs->list, fs->n, sizeof(*fs->list), finding_cmp);
}

static size_t
count_where(const struct findings *fs, enum severity severity,
    bool is_policy)
{
	size_t	i, n = 0;

	for (i = 0; i < fs->n; i++)
		if (fs->list[i]->severity == severity &&
		    fs->list[i]->rule->is_policy == is_policy)
			n++;
	return n;
}

size_t
findings_count(const struct findings *fs, enum severity severity)
{
	return count_where(fs, severity, false);
}

size_t
findings_count_policies(const struct findings *fs, enum severity severity)
{
	return count_where(fs, severity, true);
}

const char *
severity_name(enum severity severity)
{
	switch (severity) {
	case SEV_ERROR:
		return "error";
	case SEV_WARNING:
		return "warning";
	case SEV_INFO:
		return "info";
	}
	return "?";
}

int
severity_parse(const char *s)
{
	if (strcasecmp(s, "error") == 0)
		return SEV_ERROR;
	if (strcasecmp(s, "warning") == 0)
		return SEV_WARNING;
	if (strcasecmp(s, "info") == 0)
		return SEV_INFO;
	return -1;
}
