/*
 * Tenant policies: the customer's own naming rules (UPN equals the primary
 * SMTP address, a cost centre of six digits, service accounts in one OU),
 * read from policy files given with --policy and checked beside the
 * built-in rules.  Each policy becomes a rule descriptor of its own (id
 * "Policy:<id>", rule->is_policy) whose findings flow through the reports
 * and baselines like any rule's.  Policies are data: they read the object
 * table and add findings; they open no file, run nothing, and never change
 * what the built-in rules or the match simulation conclude.  The file
 * format is documented in docs/policy-example.ini and the README.
 *
 * Ownership: a struct policy_set owns its policies, their strings and
 * their compiled patterns until policy_set_free(); the descriptors
 * (&policy->rule) that findings point to live as long.
 */
#ifndef SD_POLICY_H
#define SD_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"
#include "rule.h"

/*
 * PCRE2 limits for every match, so that a careless pattern (nested
 * quantifiers on a long value) ends with a message instead of running for
 * hours: backtracking steps, nesting depth and heap (KiB).  The JIT obeys
 * the first only; a JIT stack overflow falls back to the interpreter.
 */
#define POLICY_MATCH_LIMIT	1000000
#define POLICY_DEPTH_LIMIT	10000
#define POLICY_HEAP_LIMIT_KIB	65536

/* The most a set keeps of: errors (the rest are counted), one-of values. */
#define POLICY_MAX_ERRORS	50
#define POLICY_MAX_VALUES	1000
/* A policy file larger than this, or a longer line, is refused. */
#define POLICY_MAX_FILE_BYTES	(1024 * 1024)
#define POLICY_MAX_LINE_BYTES	4096

/* Which side's objects a policy reads. */
enum policy_side {
	POLICY_SIDE_ONPREM,
	POLICY_SIDE_CLOUD,
	POLICY_SIDE_ANY
};

/* What a policy asks of each value of its attribute. */
enum policy_condition {
	POLICY_COND_NONE,
	POLICY_COND_MATCH,		/* match = PATTERN */
	POLICY_COND_NOT_MATCH,		/* not-match = PATTERN */
	POLICY_COND_EQUALS,		/* equals = ATTRIBUTE */
	POLICY_COND_ONE_OF,		/* one-of = VALUE (repeatable) */
	POLICY_COND_UNIQUE,		/* unique = yes */
	POLICY_COND_LENGTH		/* min-length, max-length */
};

struct policy_pattern;		/* a compiled PCRE2 pattern (policy.c) */
struct policy_field;		/* how an attribute is read (policy.c) */

struct policy {
	/* The descriptor reports, baselines and explain see. */
	struct rule		 rule;
	const char		*id;		/* as written, without "Policy:" */
	const char		*file;		/* where it is defined */
	unsigned long		 line;		/* its [policy ID] line */
	const char		*title;
	const char		*description;	/* NULL when none */
	const char		*remediation;
	enum severity		 severity;	/* default warning */

	/* Scope: which objects the policy reads. */
	enum policy_side	 side;		/* default onprem */
	unsigned		 types;		/* 1 << enum object_type; 0: all */
	const char		*subtree;	/* DN suffix; NULL: anywhere */
	bool			 is_in_scope_only;	/* default true */
	/* select = ATTRIBUTE ~ PATTERN (or !~): only objects so selected. */
	const struct policy_field *select_field;
	const char		*select_attribute;
	const char		*select_text;
	struct policy_pattern	*select;
	bool			 is_select_negated;

	/* The attribute and what it must satisfy. */
	const struct policy_field *field;
	const char		*attribute;	/* as written */
	bool			 is_required;	/* a missing value is a finding */
	bool			 is_case_ignored;	/* equals, one-of, unique */
	enum policy_condition	 condition;
	const char		*pattern_text;	/* match, not-match */
	struct policy_pattern	*pattern;
	const struct policy_field *other_field;	/* equals */
	const char		*other;
	const char		**values;	/* one-of, in file order */
	size_t			 nvalues;
	size_t			 min_length;	/* characters; 0: none */
	size_t			 max_length;	/* characters; 0: none */
};

struct policy_set;

/* An empty set; free it with policy_set_free(). */
struct policy_set	*policy_set_new(void);
/* Free the set, its policies and patterns; NULL does nothing. */
void			 policy_set_free(struct policy_set *ps);

/*
 * Read the policy file at path into ps, compiling every pattern.  Returns
 * the number of errors found in it (0: every policy was added); each is a
 * "file:line: message" line kept in ps (policy_set_error).  A file that
 * cannot be read is one error at line 0.  Ids must be unique across every
 * file read into one set.
 */
size_t			 policy_set_read(struct policy_set *ps,
			    const char *path);
/* The same for the len bytes at buf, reported as file name. */
size_t			 policy_set_read_buffer(struct policy_set *ps,
			    const char *name, const char *buf, size_t len);

/* Errors kept so far (at most POLICY_MAX_ERRORS), and all said. */
size_t			 policy_set_nerrors(const struct policy_set *ps);
const char		*policy_set_error(const struct policy_set *ps,
			    size_t i);
size_t			 policy_set_nerrors_said(const struct policy_set *ps);

/* Policies in file order, i < policy_set_count(ps). */
size_t			 policy_set_count(const struct policy_set *ps);
const struct policy	*policy_set_get(const struct policy_set *ps,
			    size_t i);
/* The policy with this id, "Policy:" prefix optional, any case; or NULL. */
const struct policy	*policy_set_find(const struct policy_set *ps,
			    const char *id);
/*
 * The attributes the policies read that the table does not model, *n of
 * them (0: none): give them to table_keep_raw_of() before loading.  Valid
 * until policy_set_free().
 */
const char *const	*policy_set_raw_names(const struct policy_set *ps,
			    size_t *n);

/*
 * Check policy p on the table of rc (indexed, matches run), adding one
 * finding per value that breaks it, or per value a group of objects share
 * (unique).  A value a pattern cannot be matched against within the PCRE2
 * limits gives a warning finding that says so, never a pass or a fail.
 * Safe to run for several policies at once on several threads.
 */
void			 policy_check(const struct policy *p,
			    const struct rule_context *rc,
			    struct findings *out);

#endif /* SD_POLICY_H */
