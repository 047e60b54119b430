/* Finding ids, old reports and new/present/fixed marks; see baseline.h. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "baseline.h"
#include "rule.h"
#include "table.h"
#include "xalloc.h"

#define FNV_OFFSET	UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME	UINT64_C(0x100000001b3)

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* s without surrounding spaces: *len is set to what is left. */
static const char *
trimmed(const char *s, size_t *len)
{
	size_t	n;

	if (s == NULL)
		s = "";
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	*len = n;
	return s;
}

/* Hash the normalised form of s (trimmed, ASCII lower case) and a NUL. */
static uint64_t
hash_norm(uint64_t h, const char *s)
{
	size_t	n, i;

	s = trimmed(s, &n);
	for (i = 0; i < n; i++) {
		h ^= (unsigned char)lower((unsigned char)s[i]);
		h *= FNV_PRIME;
	}
	/* A byte no text holds ends each field: "ab","c" is not "a","bc". */
	h ^= 0xff;
	return h * FNV_PRIME;
}

static int
norm_cmp(const char *a, const char *b)
{
	size_t	na, nb, i;
	int	c;

	a = trimmed(a, &na);
	b = trimmed(b, &nb);
	for (i = 0; i < na && i < nb; i++)
		if ((c = lower((unsigned char)a[i]) -
		    lower((unsigned char)b[i])) != 0)
			return c;
	return (na > nb) - (na < nb);
}

static int
key_cmp(const void *pa, const void *pb)
{
	return norm_cmp(*(const char *const *)pa, *(const char *const *)pb);
}

const char *
baseline_id(struct arena *a, const char *rule, const char *attribute,
    const char *value, const char *const *keys, size_t nkeys)
{
	const char	**sorted;
	uint64_t	  h = FNV_OFFSET;
	size_t		  i;

	sorted = xreallocarray(NULL, nkeys > 0 ? nkeys : 1, sizeof(*sorted));
	if (nkeys > 0)
		memcpy(sorted, keys, nkeys * sizeof(*sorted));
	qsort(sorted, nkeys, sizeof(*sorted), key_cmp);
	h = hash_norm(h, rule);
	h = hash_norm(h, attribute);
	h = hash_norm(h, value);
	for (i = 0; i < nkeys; i++)
		h = hash_norm(h, sorted[i]);
	free(sorted);
	return arena_printf(a, "%s:%016llx", rule != NULL ? rule : "?",
	    (unsigned long long)h);
}

const char *
baseline_object_key(struct arena *a, const char *side, const char *dn,
    const char *id, const char *upn)
{
	const char	*name = dn != NULL ? dn : id != NULL ? id :
			    upn != NULL ? upn : "";

	return arena_printf(a, "%s:%s", side, name);
}

static const char *
object_key(struct arena *a, const struct object *o)
{
	return baseline_object_key(a, side_name(o->side), o->dn, o->id,
	    o->upn);
}

static const char *
finding_id(struct arena *a, const struct finding *f)
{
	const char	**keys;
	const char	 *id;
	size_t		  i;

	keys = xreallocarray(NULL, f->nobjects > 0 ? f->nobjects : 1,
	    sizeof(*keys));
	for (i = 0; i < f->nobjects; i++)
		keys[i] = object_key(a, f->objects[i].object);
	id = baseline_id(a, f->rule->id, f->attribute, f->value, keys,
	    f->nobjects);
	free(keys);
	return id;
}

struct id_slot {
	const char	*id;
	size_t		 at;
};

static int
slot_cmp(const void *pa, const void *pb)
{
	const struct id_slot	*a = pa, *b = pb;
	int			 c = strcmp(a->id, b->id);

	return c != 0 ? c : (a->at > b->at) - (a->at < b->at);
}

/*
 * Two findings about the same values and objects (one rule saying two
 * things) get "-2", "-3", ... in report order, so ids stay unique.
 */
void
baseline_unique_ids(struct arena *a, const char **ids, size_t n)
{
	struct id_slot	*slots;
	size_t		 i, run = 0;

	slots = xreallocarray(NULL, n > 0 ? n : 1, sizeof(*slots));
	for (i = 0; i < n; i++) {
		slots[i].id = ids[i];
		slots[i].at = i;
	}
	qsort(slots, n, sizeof(*slots), slot_cmp);
	for (i = 0; i < n; i++) {
		run = i > 0 && strcmp(slots[i].id, slots[i - 1].id) == 0 ?
		    run + 1 : 1;
		if (run > 1)
			ids[slots[i].at] = arena_printf(a, "%s-%zu",
			    slots[i].id, run);
	}
	free(slots);
}

void
baseline_init(struct baseline *b)
{
	memset(b, 0, sizeof(*b));
	arena_init(&b->arena);
}

void
baseline_release(struct baseline *b)
{
	free(b->entries);
	arena_release(&b->arena);
	memset(b, 0, sizeof(*b));
}

static const char *
json_str(struct baseline *b, const json_t *obj, const char *key)
{
	const char	*s = json_string_value(json_object_get(obj, key));

	return s != NULL ? arena_strdup(&b->arena, s) : NULL;
}

/* The id the finding would have had, from its JSON fields. */
static const char *
entry_id(struct baseline *b, const json_t *jf)
{
	const json_t	 *objects = json_object_get(jf, "objects");
	const char	**keys;
	const char	 *id;
	size_t		  i, n = json_array_size(objects);

	keys = xreallocarray(NULL, n > 0 ? n : 1, sizeof(*keys));
	for (i = 0; i < n; i++) {
		const json_t	*jo = json_array_get(objects, i);
		const char	*name = json_string_value(json_object_get(jo,
				    "dn"));

		if (name == NULL)
			name = json_string_value(json_object_get(jo, "id"));
		if (name == NULL)
			name = json_string_value(json_object_get(jo,
			    "userPrincipalName"));
		keys[i] = arena_printf(&b->arena, "%s:%s",
		    json_string_value(json_object_get(jo, "side")) != NULL ?
		    json_string_value(json_object_get(jo, "side")) : "",
		    name != NULL ? name : "");
	}
	id = baseline_id(&b->arena, json_string_value(json_object_get(jf,
	    "rule")), json_string_value(json_object_get(jf, "attribute")),
	    json_string_value(json_object_get(jf, "value")), keys, n);
	free(keys);
	return id;
}

static int
load_findings(struct baseline *b, const json_t *root, char *err,
    size_t errlen)
{
	const json_t	 *findings = json_object_get(root, "findings");
	const char	**computed;
	size_t		  i, ncomputed = 0;

	if (!json_is_object(root) || !json_is_array(findings) ||
	    json_string_value(json_object_get(root, "syncdoctor")) == NULL) {
		snprintf(err, errlen, "not a syncdoctor JSON report (expected "
		    "\"syncdoctor\" and \"findings\")");
		return -1;
	}
	b->is_redacted = json_is_true(json_object_get(root, "redacted"));
	b->n = json_array_size(findings);
	b->entries = xcalloc(b->n > 0 ? b->n : 1, sizeof(*b->entries));
	computed = xcalloc(b->n > 0 ? b->n : 1, sizeof(*computed));
	for (i = 0; i < b->n; i++) {
		const json_t		*jf = json_array_get(findings, i);
		struct baseline_entry	*e = &b->entries[i];

		e->rule = json_str(b, jf, "rule");
		e->severity = json_str(b, jf, "severity");
		e->attribute = json_str(b, jf, "attribute");
		e->value = json_str(b, jf, "value");
		e->summary = json_str(b, jf, "summary");
		e->id = json_str(b, jf, "id");
		if (e->id == NULL)
			computed[ncomputed++] = entry_id(b, jf);
	}
	/* Reports without ids: number repeats as a new report would. */
	baseline_unique_ids(&b->arena, computed, ncomputed);
	for (i = 0, ncomputed = 0; i < b->n; i++)
		if (b->entries[i].id == NULL)
			b->entries[i].id = computed[ncomputed++];
	free(computed);
	return 0;
}

int
baseline_load_buffer(struct baseline *b, const char *buf, size_t len,
    char *err, size_t errlen)
{
	json_error_t	 jerr;
	json_t		*root;
	int		 rc;

	if ((root = json_loadb(buf, len, 0, &jerr)) == NULL) {
		snprintf(err, errlen, "line %d: %s", jerr.line, jerr.text);
		return -1;
	}
	rc = load_findings(b, root, err, errlen);
	json_decref(root);
	return rc;
}

int
baseline_load(struct baseline *b, const char *path, char *err, size_t errlen)
{
	json_error_t	 jerr;
	json_t		*root;
	int		 rc;

	if ((root = json_load_file(path, 0, &jerr)) == NULL) {
		if (jerr.line <= 0)
			snprintf(err, errlen, "%s", jerr.text);
		else
			snprintf(err, errlen, "line %d: %s", jerr.line,
			    jerr.text);
		return -1;
	}
	rc = load_findings(b, root, err, errlen);
	json_decref(root);
	return rc;
}

static int
entry_cmp(const void *pa, const void *pb)
{
	const struct baseline_entry *a = *(const struct baseline_entry *const *)pa;
	const struct baseline_entry *b = *(const struct baseline_entry *const *)pb;

	return strcmp(a->id, b->id);
}

static int
entry_find(const void *key, const void *elem)
{
	return strcmp(key, (*(const struct baseline_entry *const *)elem)->id);
}

/* Mark bm's findings against old; list old's findings not seen again. */
static void
mark_against(struct baseline_marks *bm, const struct baseline *old)
{
	const struct baseline_entry	**sorted;
	bool				 *seen;
	size_t				  i;

	sorted = xreallocarray(NULL, old->n > 0 ? old->n : 1,
	    sizeof(*sorted));
	seen = xcalloc(old->n > 0 ? old->n : 1, sizeof(*seen));
	for (i = 0; i < old->n; i++)
		sorted[i] = &old->entries[i];
	qsort(sorted, old->n, sizeof(*sorted), entry_cmp);
	for (i = 0; i < bm->n; i++) {
		const struct baseline_entry *const *hit;

		hit = bsearch(bm->ids[i], sorted, old->n, sizeof(*sorted),
		    entry_find);
		bm->marks[i] = hit != NULL ? BASELINE_PRESENT : BASELINE_NEW;
		if (hit != NULL)
			seen[*hit - old->entries] = true;
	}
	bm->fixed = xreallocarray(NULL, old->n > 0 ? old->n : 1,
	    sizeof(*bm->fixed));
	for (i = 0; i < old->n; i++)
		if (!seen[i])
			bm->fixed[bm->nfixed++] = &old->entries[i];
	free(seen);
	free(sorted);
}

void
baseline_marks_init(struct baseline_marks *bm, const struct findings *fs,
    const struct baseline *old)
{
	size_t	i;

	memset(bm, 0, sizeof(*bm));
	arena_init(&bm->arena);
	bm->n = fs->n;
	bm->ids = xcalloc(fs->n > 0 ? fs->n : 1, sizeof(*bm->ids));
	bm->marks = xcalloc(fs->n > 0 ? fs->n : 1, sizeof(*bm->marks));
	for (i = 0; i < fs->n; i++)
		bm->ids[i] = finding_id(&bm->arena, fs->list[i]);
	baseline_unique_ids(&bm->arena, bm->ids, bm->n);
	if (old != NULL) {
		bm->has_baseline = true;
		mark_against(bm, old);
	}
}

void
baseline_marks_release(struct baseline_marks *bm)
{
	free(bm->ids);
	free(bm->marks);
	free(bm->fixed);
	arena_release(&bm->arena);
	memset(bm, 0, sizeof(*bm));
}

size_t
baseline_count_new(const struct baseline_marks *bm,
    const struct findings *fs, enum severity severity)
{
	size_t	i, n = 0;

	for (i = 0; i < fs->n && i < bm->n; i++)
		if (fs->list[i]->severity == severity &&
		    bm->marks[i] != BASELINE_PRESENT)
			n++;
	return n;
}

const char *
baseline_mark_name(enum baseline_mark mark)
{
	switch (mark) {
	case BASELINE_NONE:
		return NULL;
	case BASELINE_NEW:
		return "new";
	case BASELINE_PRESENT:
		return "present";
	}
	return NULL;
}
