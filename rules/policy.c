/*
 * Policy files: the reader of the INI-like format (one [policy ID]
 * section per policy, one "key = value" per line, '#' or ';' comments)
 * and the set that owns the policies and their compiled patterns; see
 * policy.h and docs/policy-example.ini.  Line-oriented so that every
 * error names its file and line; checking is policy_check.c's.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "escape.h"
#include "policy_int.h"
#include "rulekit.h"
#include "xalloc.h"

struct policy_set {
	struct arena		 arena;
	struct policy		**list;		/* stable: findings point in */
	size_t			 n, cap;
	const char		*errors[POLICY_MAX_ERRORS];
	size_t			 nerrors;
	size_t			 nsaid;
	pcre2_match_context	*mctx;		/* the limits, for all */
	const char		**raw_names;	/* policy_set_raw_names() */
	size_t			 nraw_names;
};

/* Reading one file. */
struct reader {
	struct policy_set	*ps;
	const char		*file;
	unsigned long		 line;
	struct policy		*p;	/* the section being read, or NULL */
	size_t			 nerrors;	/* in this file */
	bool			 is_section_bad;	/* p is not added */
	unsigned long		 seen[32];	/* line each key was given on */
};

/*
 * A key's setter: NULL when value is taken, else the reason it is not,
 * static or in the set's arena (the reader adds file:line).
 */
typedef const char *(*policy_key_fn)(struct reader *r, struct policy *p,
		    const char *value);

struct policy_key {
	const char	*name;
	policy_key_fn		 set;
	bool		 is_repeatable;
};

static const char	*key_title(struct reader *, struct policy *,
			    const char *);
static const char	*key_description(struct reader *, struct policy *,
			    const char *);
static const char	*key_remediation(struct reader *, struct policy *,
			    const char *);
static const char	*key_severity(struct reader *, struct policy *,
			    const char *);
static const char	*key_side(struct reader *, struct policy *,
			    const char *);
static const char	*key_type(struct reader *, struct policy *,
			    const char *);
static const char	*key_subtree(struct reader *, struct policy *,
			    const char *);
static const char	*key_in_scope(struct reader *, struct policy *,
			    const char *);
static const char	*key_select(struct reader *, struct policy *,
			    const char *);
static const char	*key_attribute(struct reader *, struct policy *,
			    const char *);
static const char	*key_required(struct reader *, struct policy *,
			    const char *);
static const char	*key_ignore_case(struct reader *, struct policy *,
			    const char *);
static const char	*key_match(struct reader *, struct policy *,
			    const char *);
static const char	*key_not_match(struct reader *, struct policy *,
			    const char *);
static const char	*key_equals(struct reader *, struct policy *,
			    const char *);
static const char	*key_one_of(struct reader *, struct policy *,
			    const char *);
static const char	*key_unique(struct reader *, struct policy *,
			    const char *);
static const char	*key_min_length(struct reader *, struct policy *,
			    const char *);
static const char	*key_max_length(struct reader *, struct policy *,
			    const char *);

/* Every key a policy section may hold. */
static const struct policy_key policy_keys[] = {
	{ "title",		key_title,		false },
	{ "description",	key_description,	false },
	{ "remediation",	key_remediation,	false },
	{ "severity",		key_severity,		false },
	{ "side",		key_side,		false },
	{ "type",		key_type,		false },
	{ "subtree",		key_subtree,		false },
	{ "in-scope",		key_in_scope,		false },
	{ "select",		key_select,		false },
	{ "attribute",		key_attribute,		false },
	{ "required",		key_required,		false },
	{ "ignore-case",	key_ignore_case,	false },
	{ "match",		key_match,		false },
	{ "not-match",		key_not_match,		false },
	{ "equals",		key_equals,		false },
	{ "one-of",		key_one_of,		true },
	{ "unique",		key_unique,		false },
	{ "min-length",		key_min_length,		false },
	{ "max-length",		key_max_length,		false },
};

_Static_assert(ARRAY_SIZE(policy_keys) <= 32, "seen[] holds a line per key");

struct policy_set *
policy_set_new(void)
{
	struct policy_set	*ps = xcalloc(1, sizeof(*ps));

	arena_init(&ps->arena);
	ps->mctx = pcre2_match_context_create(NULL);
	if (ps->mctx == NULL) {
		fputs("syncdoctor: out of memory\n", stderr);
		exit(1);
	}
	pcre2_set_match_limit(ps->mctx, POLICY_MATCH_LIMIT);
	pcre2_set_depth_limit(ps->mctx, POLICY_DEPTH_LIMIT);
	pcre2_set_heap_limit(ps->mctx, POLICY_HEAP_LIMIT_KIB);
	return ps;
}

static void
policy_release(struct policy *p)
{
	policy_pattern_free(p->pattern);
	policy_pattern_free(p->select);
	free(p->values);
}

void
policy_set_free(struct policy_set *ps)
{
	size_t	i;

	if (ps == NULL)
		return;
	for (i = 0; i < ps->n; i++)
		policy_release(ps->list[i]);
	free(ps->list);
	free(ps->raw_names);
	pcre2_match_context_free(ps->mctx);
	arena_release(&ps->arena);
	free(ps);
}

size_t
policy_set_nerrors(const struct policy_set *ps)
{
	return ps->nerrors;
}

const char *
policy_set_error(const struct policy_set *ps, size_t i)
{
	return i < ps->nerrors ? ps->errors[i] : NULL;
}

size_t
policy_set_nerrors_said(const struct policy_set *ps)
{
	return ps->nsaid;
}

size_t
policy_set_count(const struct policy_set *ps)
{
	return ps->n;
}

const struct policy *
policy_set_get(const struct policy_set *ps, size_t i)
{
	return i < ps->n ? ps->list[i] : NULL;
}

const struct policy *
policy_set_find(const struct policy_set *ps, const char *id)
{
	size_t	i;

	if (strncasecmp(id, "Policy:", 7) == 0)
		id += 7;
	for (i = 0; i < ps->n; i++)
		if (strcasecmp(ps->list[i]->id, id) == 0)
			return ps->list[i];
	return NULL;
}

const char *const *
policy_set_raw_names(const struct policy_set *ps, size_t *n)
{
	*n = ps->nraw_names;
	return ps->raw_names;
}

/* Remember that name is read raw, once whatever its case. */
static void
add_raw_name(struct policy_set *ps, const char *name)
{
	size_t	i;

	for (i = 0; i < ps->nraw_names; i++)
		if (strcasecmp(ps->raw_names[i], name) == 0)
			return;
	ps->raw_names = xreallocarray(ps->raw_names, ps->nraw_names + 1,
	    sizeof(*ps->raw_names));
	ps->raw_names[ps->nraw_names++] = name;
}

static void	reader_error(struct reader *r, unsigned long line,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
reader_error(struct reader *r, unsigned long line, const char *fmt, ...)
{
	struct policy_set	*ps = r->ps;
	va_list			 ap;
	char			 msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->nerrors++;
	if (ps->nsaid++ < POLICY_MAX_ERRORS)
		ps->errors[ps->nerrors++] = arena_printf(&ps->arena,
		    "%s:%lu: %s", r->file, line, msg);
}

/* ----- the keys ----- */

static const char *
copy_text(struct reader *r, const char **dst, const char *value)
{
	*dst = arena_strdup(&r->ps->arena, value);
	return NULL;
}

static const char *
key_title(struct reader *r, struct policy *p, const char *value)
{
	return copy_text(r, &p->title, value);
}

static const char *
key_description(struct reader *r, struct policy *p, const char *value)
{
	return copy_text(r, &p->description, value);
}

static const char *
key_remediation(struct reader *r, struct policy *p, const char *value)
{
	return copy_text(r, &p->remediation, value);
}

static const char *
key_severity(struct reader *r, struct policy *p, const char *value)
{
	int	sev = severity_parse(value);

	(void)r;
	if (sev < 0)
		return "expected error, warning or info";
	p->severity = (enum severity)sev;
	return NULL;
}

static const char *
key_side(struct reader *r, struct policy *p, const char *value)
{
	(void)r;
	if (strcasecmp(value, "onprem") == 0)
		p->side = POLICY_SIDE_ONPREM;
	else if (strcasecmp(value, "cloud") == 0)
		p->side = POLICY_SIDE_CLOUD;
	else if (strcasecmp(value, "any") == 0)
		p->side = POLICY_SIDE_ANY;
	else
		return "expected onprem, cloud or any";
	return NULL;
}

static const struct {
	const char		*name;
	enum object_type	 type;
} type_names[] = {
	{ "user",	OBJ_USER },
	{ "group",	OBJ_GROUP },
	{ "contact",	OBJ_CONTACT },
	{ "computer",	OBJ_COMPUTER },
};

/* type = user, group: a comma-separated list. */
static const char *
key_type(struct reader *r, struct policy *p, const char *value)
{
	const char	*s = value;
	size_t		 len, i;

	(void)r;
	p->types = 0;
	for (;;) {
		s += strspn(s, " \t");
		len = strcspn(s, ", \t");
		for (i = 0; i < ARRAY_SIZE(type_names); i++)
			if (strlen(type_names[i].name) == len &&
			    strncasecmp(type_names[i].name, s, len) == 0)
				break;
		if (i == ARRAY_SIZE(type_names))
			return "expected a comma-separated list of user, group, contact and computer";
		p->types |= 1u << type_names[i].type;
		s += len;
		s += strspn(s, " \t");
		if (*s == '\0')
			return NULL;
		if (*s++ != ',')
			return "expected a comma-separated list of user, group, contact and computer";
	}
}

static const char *
key_subtree(struct reader *r, struct policy *p, const char *value)
{
	if (strchr(value, '=') == NULL)
		return "expected a DN, such as OU=Staff,DC=contoso,DC=com";
	return copy_text(r, &p->subtree, value);
}

static const char *
parse_yes_no(const char *value, bool *dst)
{
	if (strcasecmp(value, "yes") == 0 || strcasecmp(value, "true") == 0)
		*dst = true;
	else if (strcasecmp(value, "no") == 0 ||
	    strcasecmp(value, "false") == 0)
		*dst = false;
	else
		return "expected yes or no";
	return NULL;
}

static const char *
key_in_scope(struct reader *r, struct policy *p, const char *value)
{
	(void)r;
	return parse_yes_no(value, &p->is_in_scope_only);
}

static const char *
key_required(struct reader *r, struct policy *p, const char *value)
{
	(void)r;
	return parse_yes_no(value, &p->is_required);
}

static const char *
key_ignore_case(struct reader *r, struct policy *p, const char *value)
{
	(void)r;
	return parse_yes_no(value, &p->is_case_ignored);
}

/* An attribute name as LDAP has them, or one of the computed ones. */
static const char *
take_attribute(struct reader *r, const char *name,
    const struct policy_field **field, const char **dst)
{
	bool		is_raw;
	const char	*s = name[0] == '@' ? name + 1 : name;

	if (*s == '\0' || strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != strlen(s))
		return arena_printf(&r->ps->arena, "'%s' is not an attribute "
		    "name (letters, digits and '-', or one of %s)", name,
		    policy_field_computed_names());
	*field = policy_field_find(name, &is_raw);
	if (is_raw && name[0] == '@')
		return arena_printf(&r->ps->arena, "unknown computed "
		    "attribute '%s' (expected %s)", name,
		    policy_field_computed_names());
	*dst = arena_strdup(&r->ps->arena, name);
	if (is_raw)
		add_raw_name(r->ps, *dst);
	return NULL;
}

static const char *
key_attribute(struct reader *r, struct policy *p, const char *value)
{
	return take_attribute(r, value, &p->field, &p->attribute);
}

static const char *
compile(struct reader *r, const char *text, struct policy_pattern **dst)
{
	char	err[300];

	*dst = policy_pattern_compile(text, r->ps->mctx, err, sizeof(err));
	if (*dst == NULL)
		return arena_printf(&r->ps->arena, "pattern does not compile %s",
		    err);
	return NULL;
}

/* select = ATTRIBUTE ~ PATTERN, or ATTRIBUTE !~ PATTERN. */
static const char *
key_select(struct reader *r, struct policy *p, const char *value)
{
	size_t		 len = strcspn(value, " \t!~");
	const char	*op = value + len + strspn(value + len, " \t");
	char		*name;
	const char	*why;

	if (len == 0 || (op[0] != '~' && strncmp(op, "!~", 2) != 0))
		return "expected ATTRIBUTE ~ PATTERN or ATTRIBUTE !~ PATTERN";
	name = arena_strndup(&r->ps->arena, value, len);
	if ((why = take_attribute(r, name, &p->select_field,
	    &p->select_attribute)) != NULL)
		return why;
	p->is_select_negated = op[0] == '!';
	op += p->is_select_negated ? 2 : 1;
	op += strspn(op, " \t");
	if (*op == '\0')
		return "no pattern after the operator";
	p->select_text = arena_strdup(&r->ps->arena, op);
	return compile(r, p->select_text, &p->select);
}

static const char *
set_condition(struct policy *p, enum policy_condition condition)
{
	if (p->condition != POLICY_COND_NONE && p->condition != condition)
		return "a policy has one condition (match, not-match, equals, one-of, unique, or min-length and max-length): write a second policy";
	p->condition = condition;
	return NULL;
}

static const char *
key_pattern(struct reader *r, struct policy *p, const char *value,
    enum policy_condition condition)
{
	const char	*why;

	if ((why = set_condition(p, condition)) != NULL)
		return why;
	p->pattern_text = arena_strdup(&r->ps->arena, value);
	return compile(r, p->pattern_text, &p->pattern);
}

static const char *
key_match(struct reader *r, struct policy *p, const char *value)
{
	return key_pattern(r, p, value, POLICY_COND_MATCH);
}

static const char *
key_not_match(struct reader *r, struct policy *p, const char *value)
{
	return key_pattern(r, p, value, POLICY_COND_NOT_MATCH);
}

static const char *
key_equals(struct reader *r, struct policy *p, const char *value)
{
	const char	*why;

	if ((why = set_condition(p, POLICY_COND_EQUALS)) != NULL)
		return why;
	return take_attribute(r, value, &p->other_field, &p->other);
}

static const char *
key_one_of(struct reader *r, struct policy *p, const char *value)
{
	const char	*why;

	if ((why = set_condition(p, POLICY_COND_ONE_OF)) != NULL)
		return why;
	if (p->nvalues == POLICY_MAX_VALUES)
		return "more than 1000 one-of values";
	p->values = xreallocarray(p->values, p->nvalues + 1,
	    sizeof(*p->values));
	p->values[p->nvalues++] = arena_strdup(&r->ps->arena, value);
	return NULL;
}

static const char *
key_unique(struct reader *r, struct policy *p, const char *value)
{
	bool		 is_unique;
	const char	*why;

	(void)r;
	if ((why = parse_yes_no(value, &is_unique)) != NULL)
		return why;
	if (!is_unique)
		return "'no' is no condition: leave the key out";
	return set_condition(p, POLICY_COND_UNIQUE);
}

static const char *
parse_length(struct policy *p, const char *value, size_t *dst)
{
	char		*end;
	unsigned long	 v;
	const char	*why;

	if ((why = set_condition(p, POLICY_COND_LENGTH)) != NULL)
		return why;
	errno = 0;
	v = strtoul(value, &end, 10);
	if (errno != 0 || *end != '\0' || value[0] == '-' || v == 0 ||
	    v > 1000000)
		return "expected a whole number of characters, 1 to 1000000";
	*dst = (size_t)v;
	return NULL;
}

static const char *
key_min_length(struct reader *r, struct policy *p, const char *value)
{
	(void)r;
	return parse_length(p, value, &p->min_length);
}

static const char *
key_max_length(struct reader *r, struct policy *p, const char *value)
{
	(void)r;
	return parse_length(p, value, &p->max_length);
}

/* ----- sections ----- */

static const char *
side_words(enum policy_side side)
{
	return side == POLICY_SIDE_ONPREM ? "on-premises" :
	    side == POLICY_SIDE_CLOUD ? "cloud" : "on-premises and cloud";
}

static void
explain_condition(FILE *fp, const struct policy *p)
{
	size_t	i;

	switch (p->condition) {
	case POLICY_COND_MATCH:
		fprintf(fp, "must match the pattern %s", p->pattern_text);
		break;
	case POLICY_COND_NOT_MATCH:
		fprintf(fp, "must not match the pattern %s", p->pattern_text);
		break;
	case POLICY_COND_EQUALS:
		fprintf(fp, "must equal %s", p->other);
		break;
	case POLICY_COND_ONE_OF:
		fputs("must be one of:", fp);
		for (i = 0; i < p->nvalues; i++)
			fprintf(fp, "%s %s", i > 0 ? "," : "", p->values[i]);
		break;
	case POLICY_COND_UNIQUE:
		fputs("must be unique among these objects", fp);
		break;
	case POLICY_COND_LENGTH:
		fprintf(fp, "must be %zu to ", p->min_length);
		if (p->max_length > 0)
			fprintf(fp, "%zu characters long", p->max_length);
		else
			fputs("any number of characters long", fp);
		break;
	case POLICY_COND_NONE:
		break;
	}
	if (p->is_case_ignored && (p->condition == POLICY_COND_EQUALS ||
	    p->condition == POLICY_COND_ONE_OF ||
	    p->condition == POLICY_COND_UNIQUE))
		fputs(" (ASCII case ignored)", fp);
}

static void
explain_scope(FILE *fp, const struct policy *p)
{
	size_t	i;
	bool	is_first = true;

	fprintf(fp, "Objects: %s ", side_words(p->side));
	for (i = 0; i < ARRAY_SIZE(type_names); i++)
		if (p->types & (1u << type_names[i].type)) {
			fprintf(fp, "%s%ss", is_first ? "" : ", ",
			    type_names[i].name);
			is_first = false;
		}
	if (p->is_in_scope_only && p->side != POLICY_SIDE_CLOUD)
		fputs(" (on-premises: in sync scope only)", fp);
	if (p->subtree != NULL)
		fprintf(fp, " under %s", p->subtree);
	if (p->select != NULL)
		fprintf(fp, " whose %s %s %s", p->select_attribute,
		    p->is_select_negated ? "does not match" : "matches",
		    p->select_text);
	fputs(".\n", fp);
}

/* The text of `explain` and of the reports' policy sections. */
static const char *
compose_explain(struct policy_set *ps, const struct policy *p)
{
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*fp = open_memstream(&buf, &len);
	const char	*text;

	if (fp == NULL) {
		fputs("syncdoctor: out of memory\n", stderr);
		exit(1);
	}
	fputs("A tenant policy from a policy file (--policy): the customer's "
	    "own rule,\nnot an Entra Connect error.  Its findings predict no "
	    "export failure.\n\n", fp);
	if (p->description != NULL)
		fprintf(fp, "%s\n\n", p->description);
	explain_scope(fp, p);
	fprintf(fp, "Condition: %s ", p->attribute);
	explain_condition(fp, p);
	fprintf(fp, "%s.\n\nRemediation: %s\n", p->is_required ?
	    "; a missing value is a finding too" : "", p->remediation);
	fclose(fp);
	text = arena_strndup(&ps->arena, buf, len);
	free(buf);
	return text;
}

static void
section_begin(struct reader *r, const char *id)
{
	struct policy	*p = arena_calloc(&r->ps->arena, 1, sizeof(*p));

	p->id = arena_strdup(&r->ps->arena, id);
	p->file = r->file;
	p->line = r->line;
	p->severity = SEV_WARNING;
	p->side = POLICY_SIDE_ONPREM;
	p->types = (1u << OBJ_USER) | (1u << OBJ_GROUP) | (1u << OBJ_CONTACT);
	p->is_in_scope_only = true;
	p->is_case_ignored = true;
	r->p = p;
	r->is_section_bad = false;
	memset(r->seen, 0, sizeof(r->seen));
}

/* What a finished section lacks, or NULL. */
static const char *
section_missing(const struct policy *p)
{
	if (p->title == NULL)
		return "has no title";
	if (p->attribute == NULL)
		return "has no attribute";
	if (p->condition == POLICY_COND_NONE)
		return "has no condition (match, not-match, equals, one-of, unique, min-length or max-length)";
	if (p->remediation == NULL)
		return "has no remediation (the fix, in the customer's words)";
	if (p->max_length > 0 && p->min_length > p->max_length)
		return "has min-length over max-length";
	return NULL;
}

static void
section_end(struct reader *r)
{
	struct policy_set	*ps = r->ps;
	struct policy		*p = r->p;
	const char		*why;

	if (p == NULL)
		return;
	r->p = NULL;
	if (!r->is_section_bad && (why = section_missing(p)) != NULL) {
		reader_error(r, p->line, "policy '%s' %s", p->id, why);
		r->is_section_bad = true;
	}
	if (r->is_section_bad) {
		policy_release(p);
		return;
	}
	p->rule.id = arena_printf(&ps->arena, "Policy:%s", p->id);
	p->rule.title = p->title;
	p->rule.doc = DOC_PREPARE_SYNC;
	p->rule.severity = p->severity;
	p->rule.needs = p->side == POLICY_SIDE_ONPREM ? RULE_NEEDS_ONPREM :
	    p->side == POLICY_SIDE_CLOUD ? RULE_NEEDS_CLOUD : 0;
	p->rule.explain = compose_explain(ps, p);
	p->rule.is_policy = true;
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 16;
		ps->list = xreallocarray(ps->list, ps->cap, sizeof(*ps->list));
	}
	ps->list[ps->n++] = p;
}

static char	*trim(char *);

/* An id: a letter or digit, then letters, digits, '-', '_' and '.'. */
static bool
is_valid_id(const char *id)
{
	size_t	len = strlen(id);

	return len > 0 && len <= 64 && strspn(id, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == len &&
	    strchr("-_.", id[0]) == NULL;
}

/* "[policy ID]", trimmed, in s. */
static void
read_header(struct reader *r, char *s)
{
	size_t	len = strlen(s);
	char	*id;

	section_end(r);
	if (len < 2 || s[len - 1] != ']' || strncmp(s + 1, "policy", 6) != 0 ||
	    (s[7] != ' ' && s[7] != '\t')) {
		reader_error(r, r->line, "expected a section header '[policy ID]'");
		section_begin(r, "?");
		r->is_section_bad = true;
		return;
	}
	s[len - 1] = '\0';
	id = trim(s + 7);
	section_begin(r, id);
	if (!is_valid_id(id)) {
		reader_error(r, r->line, "'%s' is not a policy id (1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit)", id);
		r->is_section_bad = true;
	} else if (policy_set_find(r->ps, id) != NULL) {
		reader_error(r, r->line, "policy '%s' is defined twice (first at %s:%lu)",
		    id, policy_set_find(r->ps, id)->file,
		    policy_set_find(r->ps, id)->line);
		r->is_section_bad = true;
	}
}

static char *
trim(char *s)
{
	size_t	len;

	s += strspn(s, " \t");
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	s[len] = '\0';
	return s;
}

/* "key = value" in s. */
static void
read_key(struct reader *r, char *s)
{
	char		*eq = strchr(s, '='), *key, *value;
	const char	*why;
	size_t		 i;

	if (eq == NULL) {
		reader_error(r, r->line, "expected 'key = value', a '[policy ID]' header or a comment");
		return;
	}
	*eq = '\0';
	key = trim(s);
	value = trim(eq + 1);
	for (i = 0; i < ARRAY_SIZE(policy_keys); i++)
		if (strcmp(policy_keys[i].name, key) == 0)
			break;
	if (i == ARRAY_SIZE(policy_keys)) {
		reader_error(r, r->line, "unknown key '%s'", key);
		r->is_section_bad = r->p != NULL;
		return;
	}
	if (r->p == NULL) {
		reader_error(r, r->line, "key '%s' before the first '[policy ID]' header", key);
		return;
	}
	if (r->seen[i] != 0 && !policy_keys[i].is_repeatable) {
		reader_error(r, r->line, "key '%s' given twice (first at line %lu)",
		    key, r->seen[i]);
		r->is_section_bad = true;
		return;
	}
	r->seen[i] = r->line;
	if (*value == '\0')
		why = "has no value";
	else
		why = policy_keys[i].set(r, r->p, value);
	if (why != NULL) {
		reader_error(r, r->line, "%s: %s", key, why);
		r->is_section_bad = true;
	}
}

/* Bidi controls: they would reorder a report's text around them. */
static bool
is_bidi_control(long cp)
{
	return cp == 0x200e || cp == 0x200f || (cp >= 0x202a &&
	    cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/*
 * Why line (len bytes, no newline) cannot be text of a policy, or NULL.
 * Titles and remediations reach every report as they are written, so
 * nothing in them may drive a terminal or reorder text.
 */
static const char *
line_problem(const char *line, size_t len)
{
	size_t	i, n;
	long	cp;

	if (len > POLICY_MAX_LINE_BYTES)
		return "line longer than 4096 bytes";
	if (!utf8_is_valid(line, len))
		return "line is not valid UTF-8";
	for (i = 0; i < len; i += n) {
		n = rulekit_utf8_next(line, len, i, &cp);
		if (cp != '\t' && rulekit_is_control(cp))
			return "control character in line (a NUL or escape byte: is this a policy file?)";
		if (is_bidi_control(cp))
			return "bidi control character in line";
	}
	return NULL;
}

static void
read_line(struct reader *r, const char *line, size_t len)
{
	const char	*why;
	char		*copy, *s;

	if (len > 0 && line[len - 1] == '\r')
		len--;
	if ((why = line_problem(line, len)) != NULL) {
		reader_error(r, r->line, "%s", why);
		if (r->p != NULL)
			r->is_section_bad = true;
		return;
	}
	copy = xstrndup(line, len);
	s = trim(copy);
	if (*s == '\0' || *s == '#' || *s == ';')
		;
	else if (*s == '[')
		read_header(r, s);
	else
		read_key(r, s);
	free(copy);
}

size_t
policy_set_read_buffer(struct policy_set *ps, const char *name,
    const char *buf, size_t len)
{
	struct reader	 r;
	const char	*p = buf, *end = buf + len, *nl;

	memset(&r, 0, sizeof(r));
	r.ps = ps;
	r.file = arena_strdup(&ps->arena, name);
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		r.line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		read_line(&r, p, nl != NULL ? (size_t)(nl - p) :
		    (size_t)(end - p));
		p = nl != NULL ? nl + 1 : end;
	}
	section_end(&r);
	if (r.nerrors == 0 && ps->n == 0)
		reader_error(&r, 0, "no '[policy ID]' section: not a policy file?");
	return r.nerrors;
}

size_t
policy_set_read(struct policy_set *ps, const char *path)
{
	struct reader	 r;
	FILE		*fp;
	char		*buf;
	size_t		 len, nerrors;

	memset(&r, 0, sizeof(r));
	r.ps = ps;
	r.file = arena_strdup(&ps->arena, path);
	if ((fp = fopen(path, "rb")) == NULL) {
		reader_error(&r, 0, "cannot open: %s", strerror(errno));
		return 1;
	}
	buf = xmalloc(POLICY_MAX_FILE_BYTES + 1);
	len = fread(buf, 1, POLICY_MAX_FILE_BYTES + 1, fp);
	if (ferror(fp))
		reader_error(&r, 0, "cannot read: %s", strerror(errno));
	else if (len > POLICY_MAX_FILE_BYTES)
		reader_error(&r, 0, "larger than 1 MiB: not a policy file?");
	fclose(fp);
	nerrors = r.nerrors != 0 ? r.nerrors :
	    policy_set_read_buffer(ps, path, buf, len);
	free(buf);
	return nerrors;
}
