/*
 * A rule is one descriptor: one file in rules/ per Entra Connect error type,
 * one line in rule_table[] (rules.c).  `rules`, `explain`, the reports and
 * the tests all loop over the table.  A rule reads the table and adds
 * findings; it never opens a file or prints.
 */
#ifndef SD_RULE_H
#define SD_RULE_H

#include <stdbool.h>

#include "finding.h"
#include "fix.h"
#include "match.h"
#include "sync_options.h"
#include "table.h"

/* Microsoft's troubleshooting article for export errors. */
#define DOC_SYNC_ERRORS \
	"https://learn.microsoft.com/en-us/entra/identity/hybrid/connect/tshoot-connect-sync-errors"

/*
 * Microsoft 365's directory preparation guide: the attribute rules IdFix
 * checks, for the rules that go beyond export errors.
 */
#define DOC_PREPARE_SYNC \
	"https://learn.microsoft.com/en-us/microsoft-365/enterprise/prepare-for-directory-synchronization"
/* Entra Connect's design concepts: the sourceAnchor and federation. */
#define DOC_DESIGN_CONCEPTS \
	"https://learn.microsoft.com/en-us/entra/identity/hybrid/connect/plan-connect-design-concepts"

/* The IdFix source, whose checks those rules mirror (and correct). */
#define IDFIX_SOURCE	"https://github.com/microsoft/idfix"

/* Inputs a rule needs; without them it is reported as not run. */
enum rule_needs {
	RULE_NEEDS_ONPREM	= (1 << 0),
	RULE_NEEDS_CLOUD	= (1 << 1),
	RULE_NEEDS_DOMAINS	= (1 << 2),
	RULE_NEEDS_ROLES	= (1 << 3)
};

/* What a rule reads: the indexed table, the settings, the match outcome. */
struct rule_context {
	const struct table		*table;
	const struct sync_options	*options;
	const struct match_set		*matches;	/* src/match.h */
};

/*
 * A check a rule makes only when an optional input is present: without
 * it, the run lists the text as a limitation of the rule.
 */
struct rule_partial {
	unsigned	 without;	/* enum rule_needs: the missing input */
	/* What goes unchecked, after the rule's id: "cannot tell ...". */
	const char	*text;
};

struct rule {
	const char	*id;		/* stable: JSON, baselines, `explain` */
	const char	*title;		/* one line, lower case */
	/*
	 * What it predicts, one paragraph of Markdown for the README's
	 * rule table (`syncdoctor rules --format md`); our own words.
	 */
	const char	*predicts;
	const char	*doc;		/* section of Microsoft's doc */
	enum severity	 severity;	/* usual severity of its findings */
	unsigned	 needs;		/* enum rule_needs */
	/* What it checks and how to fix it, for `explain`: our own words. */
	const char	*explain;
	void		(*check)(const struct rule_context *ctx,
			    struct findings *out);
	/*
	 * Plan the on-premises changes that fix f, one of this rule's
	 * findings (fix.h), for --fix-ldif; NULL: none is ever certain.
	 */
	enum fix_result	(*fix)(const struct fix_context *ctx,
			    const struct finding *f, struct fix_plan *p);
	/*
	 * The provisioning-error categories (Entra ID's errors on cloud
	 * objects) this rule predicts besides its own id, NULL-terminated;
	 * NULL: only the id.
	 */
	const char *const *error_categories;
	/* Checks made only in part without an input; ends at text NULL. */
	const struct rule_partial *partial;
	/*
	 * The simulated refusals (match.h) Entra ID reports as this error,
	 * ending at MATCH_NONE; NULL: none.  The predicted outcomes name it.
	 */
	const enum match_outcome *refusals;
	/*
	 * A tenant policy's descriptor, made from a policy file at run time
	 * (rules/policy.h; check is NULL, policy_check runs it): the
	 * customer's own rule, not an Entra Connect error type.  Its
	 * findings predict no export failure and findings_count() leaves
	 * them out.
	 */
	bool		 is_policy;
};

/* Every rule in report order, NULL-terminated (rules.c). */
extern const struct rule *const rule_table[];

/* The rule with this id (any case), or NULL. */
const struct rule	*rule_find(const char *id);
/* The rule whose .refusals holds outcome, or NULL. */
const struct rule	*rule_for_refusal(enum match_outcome outcome);
/* Position of r in rule_table, for sorting. */
int			 rule_index(const struct rule *r);

#endif /* SD_RULE_H */
