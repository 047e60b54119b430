/*
 * Change plans: the on-premises LDIF changes that fix one finding, when
 * its remedy is certain.  A rule that can plan them points its .fix at a
 * function filling a struct fix_plan (rule.h); report/fixldif.c writes the
 * plans, drops changes written twice and writes the undo file.  Nothing
 * here writes bytes.
 *
 * Ownership: a plan borrows its DNs, attributes and values from the table
 * and the findings; only `why` is its own (fix_plan_release frees it).
 */
#ifndef SD_FIX_H
#define SD_FIX_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"
#include "table.h"

enum fix_op {
	FIX_DELETE,		/* delete: the one value */
	FIX_ADD,		/* add: the one value */
	FIX_REPLACE,		/* replace: with the one value */
	FIX_CLEAR		/* delete: every value of the attribute */
};

/* One modify record on one object. */
struct fix_change {
	const char		*dn;
	enum fix_op		 op;
	const char		*attribute;
	const unsigned char	*value;
	size_t			 len;
};

/* What one finding's fix comes to, and the records that undo it. */
struct fix_plan {
	struct fix_change	 changes[16];
	struct fix_change	 undo[16];	/* undo[i] undoes changes[i] */
	size_t			 n;
	char			*why;	/* comment: what the change does */
};

/* What a rule's .fix makes of one finding. */
enum fix_result {
	FIX_DECISION,		/* no certain remedy: a person decides */
	FIX_PLANNED,		/* the plan holds the changes and why */
	/* The remedy needs bytes the exports do not keep (certificates). */
	FIX_NO_BYTES
};

/* What a .fix may read besides its finding. */
struct fix_context {
	const struct table	*table;
	const struct findings	*findings;	/* every finding of the run */
};

/*
 * Add one change to p and the record undoing it (undo_op, with value for
 * an add, else old); false when p is full.
 */
bool	fix_plan_add(struct fix_plan *p, const char *dn, enum fix_op op,
	    enum fix_op undo_op, const char *attribute,
	    const unsigned char *value, size_t len, const unsigned char *old,
	    size_t oldlen);
/*
 * Plan deleting every smtp: proxy address of o that is key (an address
 * without prefix).  False when that is not certain: o holds it as its
 * primary (SMTP:) address or in mail, which need a new value someone
 * must choose, o is not on premises or has no DN, or p is full.
 */
bool	fix_plan_proxy_delete(struct fix_plan *p, const struct object *o,
	    const char *key);
/*
 * The .fix of a rule whose findings may carry a proposed value (struct
 * finding): the change writing f->proposed in place of f->value on f's
 * first object, so the LDIF writes exactly what the report proposes.  A
 * proxyAddresses value is deleted and the proposal added; any other
 * attribute is replaced.  FIX_DECISION when f has no proposal or its
 * object is not on premises with a DN.
 */
enum fix_result fix_plan_proposed(const struct fix_context *ctx,
	    const struct finding *f, struct fix_plan *p);
/* Free p's why and empty it. */
void	fix_plan_release(struct fix_plan *p);

#endif /* SD_FIX_H */
