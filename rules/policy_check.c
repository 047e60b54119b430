/*
 * Checking tenant policies on the object table: which objects a policy
 * reads, the values of its attribute (modelled, computed or raw), its
 * condition, and the PCRE2 patterns it matches with.  Table in, findings
 * out; see policy.h.  Reading policy files is policy.c's.
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "match.h"
#include "policy_int.h"
#include "rulekit.h"
#include "table.h"
#include "xalloc.h"

/* The values one attribute gives for one object; borrowed from the table. */
struct value_list {
	const char	**v;
	size_t		  n, cap;
};

typedef void	(*field_fn)(const struct rule_context *rc,
		    const struct object *o, const char *name,
		    struct value_list *out);

struct policy_field {
	const char	*name;
	/* A const char * member of struct object, when get is NULL. */
	size_t		 offset;
	field_fn	 get;
};

struct policy_pattern {
	pcre2_code		*code;
	pcre2_match_context	*mctx;	/* the set's limits */
};

static void	get_proxies(const struct rule_context *, const struct object *,
		    const char *, struct value_list *);
static void	get_target_address(const struct rule_context *,
		    const struct object *, const char *, struct value_list *);
static void	get_user_type(const struct rule_context *,
		    const struct object *, const char *, struct value_list *);
static void	get_entra_upn(const struct rule_context *,
		    const struct object *, const char *, struct value_list *);
static void	get_primary_smtp(const struct rule_context *,
		    const struct object *, const char *, struct value_list *);
static void	get_upn_suffix(const struct rule_context *,
		    const struct object *, const char *, struct value_list *);
static void	get_parent(const struct rule_context *, const struct object *,
		    const char *, struct value_list *);
static void	get_raw(const struct rule_context *, const struct object *,
		    const char *, struct value_list *);

#define MEMBER(name, member)	{ name, offsetof(struct object, member), NULL }

/* Attributes the table models, then the computed ones; names any case. */
static const struct policy_field policy_fields[] = {
	MEMBER("userPrincipalName",	upn),
	MEMBER("mail",			mail),
	MEMBER("mailNickname",		mail_nickname),
	MEMBER("sAMAccountName",	sam_account_name),
	MEMBER("displayName",		display_name),
	MEMBER("givenName",		given_name),
	MEMBER("sn",			surname),
	{ "targetAddress",	0, get_target_address },
	MEMBER("distinguishedName",	dn),
	{ "userType",		0, get_user_type },
	MEMBER("onPremisesImmutableId",	immutable_id),
	{ "proxyAddresses",	0, get_proxies },
	{ "@entra-upn",		0, get_entra_upn },
	{ "@primary-smtp",	0, get_primary_smtp },
	{ "@upn-suffix",	0, get_upn_suffix },
	{ "@ou",		0, get_parent },
};

/* Any other attribute: the values the table keeps raw. */
static const struct policy_field policy_field_raw = { NULL, 0, get_raw };

const struct policy_field *
policy_field_find(const char *name, bool *is_raw)
{
	size_t	i;

	for (i = 0; i < ARRAY_SIZE(policy_fields); i++)
		if (strcasecmp(policy_fields[i].name, name) == 0) {
			if (is_raw != NULL)
				*is_raw = false;
			return &policy_fields[i];
		}
	if (is_raw != NULL)
		*is_raw = true;
	return &policy_field_raw;
}

const char *
policy_field_computed_names(void)
{
	return "@entra-upn, @primary-smtp, @upn-suffix, @ou";
}

static void
values_add(struct value_list *vl, const char *s)
{
	if (s == NULL)
		return;
	if (vl->n == vl->cap) {
		vl->cap = vl->cap ? vl->cap * 2 : 8;
		vl->v = xreallocarray(vl->v, vl->cap, sizeof(*vl->v));
	}
	vl->v[vl->n++] = s;
}

static void
get_proxies(const struct rule_context *rc, const struct object *o,
    const char *name, struct value_list *out)
{
	uint32_t	i;

	(void)rc;
	(void)name;
	for (i = 0; i < o->nproxy_addresses; i++)
		values_add(out, o->proxy_addresses[i]);
}

/* Fields one side only has (table.h) are read through their functions. */
static void
get_target_address(const struct rule_context *rc, const struct object *o,
    const char *name, struct value_list *out)
{
	(void)rc;
	(void)name;
	values_add(out, object_target_address(o));
}

static void
get_user_type(const struct rule_context *rc, const struct object *o,
    const char *name, struct value_list *out)
{
	(void)rc;
	(void)name;
	values_add(out, object_user_type(o));
}

/*
 * The UPN Entra ID will hold: for an exported on-premises object the
 * match simulation's (rewritten to <alias>@<tenant>.onmicrosoft.com when
 * the suffix is not verified; nothing when that cannot be predicted),
 * else the object's own.
 */
static void
get_entra_upn(const struct rule_context *rc, const struct object *o,
    const char *name, struct value_list *out)
{
	const struct match	*m = match_for(rc->matches, o);

	(void)name;
	values_add(out, m != NULL ? match_upn(m) : o->upn);
}

/* The SMTP: proxy address without its prefix, else mail. */
static void
get_primary_smtp(const struct rule_context *rc, const struct object *o,
    const char *name, struct value_list *out)
{
	uint32_t	i;

	(void)rc;
	(void)name;
	for (i = 0; i < o->nproxy_addresses; i++)
		if (strncmp(o->proxy_addresses[i], "SMTP:", 5) == 0) {
			values_add(out, o->proxy_addresses[i] + 5);
			return;
		}
	values_add(out, o->mail);
}

static void
get_upn_suffix(const struct rule_context *rc, const struct object *o,
    const char *name, struct value_list *out)
{
	const char	*at;

	(void)rc;
	(void)name;
	if (o->upn != NULL && (at = strrchr(o->upn, '@')) != NULL)
		values_add(out, at + 1);
}

/* The DN of o's parent: what follows its first unescaped comma. */
static void
get_parent(const struct rule_context *rc, const struct object *o,
    const char *name, struct value_list *out)
{
	const char	*p;

	(void)rc;
	(void)name;
	if (o->dn == NULL)
		return;
	for (p = o->dn; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0')
			p++;
		else if (*p == ',') {
			values_add(out, p + 1);
			return;
		}
	}
}

/* Binary values (certificates, GUIDs) are not text a policy can judge. */
static void
get_raw(const struct rule_context *rc, const struct object *o,
    const char *name, struct value_list *out)
{
	size_t	i;

	(void)rc;
	for (i = 0; i < o->rare->nraw; i++) {
		const struct raw_value *r = &o->rare->raw[i];

		if (!r->is_binary && r->value != NULL &&
		    strcasecmp(r->name, name) == 0)
			values_add(out, r->value);
	}
}

static void
field_values(const struct policy_field *field, const char *name,
    const struct rule_context *rc, const struct object *o,
    struct value_list *out)
{
	out->n = 0;
	if (field->get != NULL)
		field->get(rc, o, name, out);
	else
		values_add(out, *(const char *const *)(const void *)
		    ((const char *)o + field->offset));
}

struct policy_pattern *
policy_pattern_compile(const char *text, pcre2_match_context *mctx,
    char *err, size_t errlen)
{
	struct policy_pattern	*pt;
	pcre2_code		*code;
	uint32_t		 options = PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C;
	int			 errcode;
	PCRE2_SIZE		 offset;
	PCRE2_UCHAR		 msg[256];

#ifdef PCRE2_MATCH_INVALID_UTF
	/* Values are not always valid UTF-8: match them, do not fail. */
	options |= PCRE2_MATCH_INVALID_UTF;
#endif
	code = pcre2_compile((PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED, options,
	    &errcode, &offset, NULL);
	if (code == NULL) {
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		snprintf(err, errlen, "at offset %zu: %s", (size_t)offset,
		    (const char *)msg);
		return NULL;
	}
	/* Without JIT support pcre2_match interprets: slower, same result. */
	(void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	pt = xcalloc(1, sizeof(*pt));
	pt->code = code;
	pt->mctx = mctx;
	return pt;
}

void
policy_pattern_free(struct policy_pattern *pt)
{
	if (pt == NULL)
		return;
	pcre2_code_free(pt->code);
	free(pt);
}

int
policy_pattern_match(const struct policy_pattern *pt, const char *s,
    size_t len, pcre2_match_data *md)
{
	int	rc;

	rc = pcre2_match(pt->code, (PCRE2_SPTR)s, len, 0, 0, md, pt->mctx);
	/* The JIT's stack is small and fixed; the interpreter has limits. */
	if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
		rc = pcre2_match(pt->code, (PCRE2_SPTR)s, len, 0, PCRE2_NO_JIT,
		    md, pt->mctx);
	if (rc >= 0)
		return 1;
	return rc == PCRE2_ERROR_NOMATCH ? 0 : rc;
}

/* What one policy_check call works with; one per thread. */
struct check {
	const struct policy		*p;
	const struct rule_context	*rc;
	struct findings			*out;
	pcre2_match_data		*md;
	struct value_list		 values, others;
	char				*subject;	/* padded_copy() */
	size_t				 subject_cap;
};

/* Is dn within subtree: equal to it or ending in ",<subtree>"? */
static bool
is_in_subtree(const char *dn, const char *subtree)
{
	size_t	n, k;

	if (dn == NULL)
		return false;
	n = strlen(dn);
	k = strlen(subtree);
	if (n < k || strcasecmp(dn + n - k, subtree) != 0)
		return false;
	return n == k || dn[n - k - 1] == ',';
}

static const char	*shorten(struct findings *out, const char *s);

/*
 * A value the pattern could not be matched against within the limits:
 * said as such, for the object is neither passed nor failed.
 */
static void
report_limit(struct check *c, const struct object *o, const char *attribute,
    const char *value, int error)
{
	struct finding	*f;
	PCRE2_UCHAR	 msg[160];

	pcre2_get_error_message(error, msg, sizeof(msg));
	f = rulekit_single(c->out, &c->p->rule, SEV_WARNING, o, attribute,
	    shorten(c->out, value));
	finding_set_summary(c->out, f, "policy %s was not checked on this "
	    "object: its pattern could not be matched against %s (%zu bytes) "
	    "within PCRE2's limits (%s)", c->p->id, attribute, strlen(value),
	    (const char *)msg);
	finding_add_step(c->out, f, "Simplify the pattern of policy %s: "
	    "nested quantifiers such as (a+)+ backtrack without end on a "
	    "value that almost matches.", c->p->id);
}

/* The first 60 bytes of a long value, cut on a character boundary. */
static const char *
shorten(struct findings *out, const char *s)
{
	size_t	n = strlen(s), cut = 60;

	if (n <= 80)
		return s;
	while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	return arena_printf(&out->arena, "%.*s... (%zu bytes)", (int)cut, s,
	    n);
}

#define SUBJECT_PAD	64

/*
 * value in c's buffer, followed by SUBJECT_PAD zero bytes.
 * The JIT scans with vector loads that may reach past the subject's end
 * (within its page); the table's arena never wrote those bytes, and
 * valgrind reports every branch on them.  In the copy each byte read is
 * defined.
 */
static const char *
padded_copy(struct check *c, const char *value, size_t len)
{
	size_t	need = (len + SUBJECT_PAD + SUBJECT_PAD - 1) / SUBJECT_PAD *
		    SUBJECT_PAD;

	if (need > c->subject_cap) {
		/* malloc's alignment serves: the padding is what matters
		   (aligned_alloc is missing from Windows' C runtime). */
		free(c->subject);
		c->subject = xmalloc(need);
		c->subject_cap = need;
	}
	memcpy(c->subject, value, len);
	memset(c->subject + len, 0, need - len);
	return c->subject;
}

/* 1 matches, 0 not, -1 after reporting a limit hit on o. */
static int
match_value(struct check *c, const struct policy_pattern *pt,
    const struct object *o, const char *attribute, const char *value)
{
	size_t	len = strlen(value);
	int	rc = policy_pattern_match(pt, padded_copy(c, value, len), len,
		    c->md);

	if (rc < 0) {
		report_limit(c, o, attribute, value, rc);
		return -1;
	}
	return rc;
}

/* Does select = ATTRIBUTE ~ PATTERN take o?  -1: a limit was hit. */
static int
is_selected(struct check *c, const struct object *o)
{
	const struct policy	*p = c->p;
	size_t			 i;
	int			 rc;

	if (p->select == NULL)
		return 1;
	field_values(p->select_field, p->select_attribute, c->rc, o,
	    &c->others);
	for (i = 0; i < c->others.n; i++) {
		rc = match_value(c, p->select, o, p->select_attribute,
		    c->others.v[i]);
		if (rc != 0)
			return rc < 0 ? -1 : !p->is_select_negated;
	}
	return p->is_select_negated;
}

/* Is o one of the objects p reads (before select)? */
static bool
is_in_scope(const struct policy *p, const struct object *o)
{
	if (p->side == POLICY_SIDE_ONPREM && o->side != SIDE_ONPREM)
		return false;
	if (p->side == POLICY_SIDE_CLOUD && o->side != SIDE_CLOUD)
		return false;
	if (p->types != 0 && !(p->types & (1u << o->type)))
		return false;
	if (p->is_in_scope_only && o->side == SIDE_ONPREM &&
	    !rulekit_is_exported(o))
		return false;
	return p->subtree == NULL || is_in_subtree(o->dn, p->subtree);
}

static bool
is_same(const struct policy *p, const char *a, const char *b)
{
	return p->is_case_ignored ? strcasecmp(a, b) == 0 : strcmp(a, b) == 0;
}

static struct finding *
add_finding(struct check *c, const struct object *o, const char *value)
{
	return rulekit_single(c->out, &c->p->rule, c->p->severity, o,
	    c->p->attribute, value);
}

static void
add_remediation(struct check *c, struct finding *f)
{
	finding_add_step(c->out, f, "%s", c->p->remediation);
}

static void
check_missing(struct check *c, const struct object *o)
{
	struct finding	*f = add_finding(c, o, NULL);

	finding_set_summary(c->out, f, "%s is missing; policy %s requires it",
	    c->p->attribute, c->p->id);
	add_remediation(c, f);
}

/* equals = OTHER: value must equal one of other's values. */
static void
check_equals(struct check *c, const struct object *o, const char *value)
{
	const struct policy	*p = c->p;
	struct finding		*f;
	size_t			 i;

	field_values(p->other_field, p->other, c->rc, o, &c->others);
	for (i = 0; i < c->others.n; i++)
		if (is_same(p, value, c->others.v[i]))
			return;
	f = add_finding(c, o, value);
	if (c->others.n == 0)
		finding_set_summary(c->out, f, "%s '%s' should equal %s, which "
		    "the object does not have", p->attribute, value, p->other);
	else
		finding_set_summary(c->out, f, "%s '%s' is not equal to %s "
		    "'%s'", p->attribute, value, p->other, c->others.v[0]);
	add_remediation(c, f);
}

static void
check_one_of(struct check *c, const struct object *o, const char *value)
{
	const struct policy	*p = c->p;
	struct finding		*f;
	size_t			 i;

	for (i = 0; i < p->nvalues; i++)
		if (is_same(p, value, p->values[i]))
			return;
	f = add_finding(c, o, value);
	finding_set_summary(c->out, f, "%s '%s' is not one of the %zu "
	    "value%s policy %s allows", p->attribute, value, p->nvalues,
	    p->nvalues == 1 ? "" : "s", p->id);
	add_remediation(c, f);
}

static void
check_length(struct check *c, const struct object *o, const char *value)
{
	const struct policy	*p = c->p;
	struct finding		*f;
	size_t			 n = rulekit_count_chars(value);

	if (n >= p->min_length && (p->max_length == 0 || n <= p->max_length))
		return;
	f = add_finding(c, o, value);
	finding_set_summary(c->out, f, "%s '%s' is %zu character%s long; "
	    "policy %s wants %s %zu", p->attribute, value, n,
	    n == 1 ? "" : "s", p->id, n < p->min_length ? "at least" :
	    "at most", n < p->min_length ? p->min_length : p->max_length);
	add_remediation(c, f);
}

static void
check_pattern(struct check *c, const struct object *o, const char *value)
{
	const struct policy	*p = c->p;
	bool			 is_forbidden = p->condition ==
				    POLICY_COND_NOT_MATCH;
	struct finding		*f;
	int			 rc;

	rc = match_value(c, p->pattern, o, p->attribute, value);
	if (rc < 0 || rc == (int)!is_forbidden)
		return;
	f = add_finding(c, o, value);
	finding_set_summary(c->out, f, is_forbidden ?
	    "%s '%s' matches %s, which policy %s forbids" :
	    "%s '%s' does not match %s, as policy %s requires",
	    p->attribute, value, p->pattern_text, p->id);
	add_remediation(c, f);
}

static void
check_value(struct check *c, const struct object *o, const char *value)
{
	switch (c->p->condition) {
	case POLICY_COND_MATCH:
	case POLICY_COND_NOT_MATCH:
		check_pattern(c, o, value);
		break;
	case POLICY_COND_EQUALS:
		check_equals(c, o, value);
		break;
	case POLICY_COND_ONE_OF:
		check_one_of(c, o, value);
		break;
	case POLICY_COND_LENGTH:
		check_length(c, o, value);
		break;
	case POLICY_COND_UNIQUE:
	case POLICY_COND_NONE:
		break;
	}
}

/* One holder of a value, for unique. */
struct holder {
	const char		*key;	/* the value, folded with ignore-case */
	const char		*value;
	const struct object	*object;
};

struct holders {
	struct holder		*list;
	size_t			 n, cap;
	struct arena		 keys;
};

static void
holders_add(struct holders *h, const struct policy *p, const char *value,
    const struct object *o)
{
	struct holder	*e;
	char		*key;

	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 256;
		h->list = xreallocarray(h->list, h->cap, sizeof(*h->list));
	}
	e = &h->list[h->n++];
	e->value = value;
	e->object = o;
	e->key = value;
	if (!p->is_case_ignored)
		return;
	e->key = key = arena_strdup(&h->keys, value);
	for (; *key != '\0'; key++)
		if (*key >= 'A' && *key <= 'Z')
			*key = (char)(*key - 'A' + 'a');
}

static int
holder_cmp(const void *pa, const void *pb)
{
	const struct holder	*a = pa, *b = pb;
	int			 c = strcmp(a->key, b->key);

	if (c != 0)
		return c;
	return (a->object->index > b->object->index) -
	    (a->object->index < b->object->index);
}

/* holders[0..n) share one value: one finding naming every holder. */
static void
report_shared(struct check *c, const struct holder *holders, size_t n)
{
	struct finding	*f;
	size_t		 i;

	f = findings_add(c->out, &c->p->rule, c->p->severity, c->p->attribute,
	    holders[0].value);
	for (i = 0; i < n; i++)
		finding_add_object(c->out, f, holders[i].object,
		    holders[i].value, c->p->attribute, NULL);
	finding_set_summary(c->out, f, "%zu objects share %s '%s'; policy %s "
	    "wants it unique", n, c->p->attribute, holders[0].value,
	    c->p->id);
	add_remediation(c, f);
}

static void
report_duplicates(struct check *c, struct holders *h)
{
	size_t	start, i;

	if (h->n > 1)
		qsort(h->list, h->n, sizeof(*h->list), holder_cmp);
	for (start = 0, i = 1; i <= h->n; i++) {
		if (i < h->n && strcmp(h->list[i].key,
		    h->list[start].key) == 0)
			continue;
		if (i - start > 1)
			report_shared(c, h->list + start, i - start);
		start = i;
	}
}

/* Every value of o's attribute against the condition. */
static void
check_object(struct check *c, const struct object *o, struct holders *h)
{
	const struct policy	*p = c->p;
	size_t			 i;

	field_values(p->field, p->attribute, c->rc, o, &c->values);
	if (c->values.n == 0 && p->is_required)
		check_missing(c, o);
	for (i = 0; i < c->values.n; i++) {
		if (p->condition == POLICY_COND_UNIQUE)
			holders_add(h, p, c->values.v[i], o);
		else
			check_value(c, o, c->values.v[i]);
	}
}

void
policy_check(const struct policy *p, const struct rule_context *rc,
    struct findings *out)
{
	struct check	c;
	struct holders	h;
	size_t		i, n = table_count(rc->table);

	memset(&c, 0, sizeof(c));
	memset(&h, 0, sizeof(h));
	arena_init(&h.keys);
	c.p = p;
	c.rc = rc;
	c.out = out;
	c.md = pcre2_match_data_create(1, NULL);
	if (c.md == NULL) {
		fputs("syncdoctor: out of memory\n", stderr);
		exit(1);
	}
	for (i = 0; i < n; i++) {
		const struct object *o = table_get(rc->table, i);

		if (is_in_scope(p, o) && is_selected(&c, o) == 1)
			check_object(&c, o, &h);
	}
	report_duplicates(&c, &h);
	pcre2_match_data_free(c.md);
	free(c.values.v);
	free(c.others.v);
	free(c.subject);
	free(h.list);
	arena_release(&h.keys);
}
