/*
 * The match simulation: for every on-premises object Entra Connect
 * exports, the outcome Entra ID will give it — an update of the cloud
 * object it hard-matches, a new object, the takeover of a cloud-only
 * object by soft match, a refusal, or values quarantined by duplicate
 * attribute resiliency.  It is computed once per run, before the rules,
 * which read it and never re-simulate.  It decides outcomes, not
 * severities: the rules do that.
 *
 * Ownership: a struct match_set owns every struct match and string it
 * hands out, until match_set_free(); objects are borrowed from the table,
 * which must outlive the set.
 */
#ifndef SD_MATCH_H
#define SD_MATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "rule.h"
#include "table.h"

/* What Entra ID does with one exported on-premises object. */
enum match_outcome {
	MATCH_NONE,		/* not simulated: cloud or out of sync scope */
	MATCH_NO_ANCHOR,	/* no sourceAnchor in the export: not predicted */
	MATCH_HARD,		/* updates the synced cloud object it hard-matches */
	MATCH_PRESUMED,		/* soft-matches a synced object whose immutableId
				   the export lacks: presumed its own twin */
	MATCH_HARD_TAKEOVER,	/* hard-matches a cloud object not marked synced
				   and takes it over */
	MATCH_NEW,		/* provisions a new cloud object */
	MATCH_SOFT,		/* soft-matches and takes over a cloud-only object */
	MATCH_QUARANTINED,	/* exported, clashing values quarantined */
	MATCH_INVALID_SOFT_MATCH,	/* soft match onto a synced object: refused */
	MATCH_TYPE_MISMATCH,	/* soft match onto another object type: refused */
	MATCH_ADMIN_ROLE_CONFLICT,	/* soft match onto a cloud admin: refused */
	MATCH_CLOUD_MANAGED,	/* hard match onto a cloud-managed object: refused */
	MATCH_TAKEOVER_BLOCKED,	/* hard match takeover blocked by the tenant */
	MATCH_DUPLICATE_BLOCKED,	/* duplicate value, resiliency off: fails */
	MATCH_NOUTCOMES
};

/*
 * A value of the on-premises object that another cloud object already
 * holds, which is not the object it matched: that cloud object keeps it.
 */
struct match_conflict {
	const char		*attribute;	/* "userPrincipalName", "mail", ... */
	const char		*key;		/* key form: lower case, no smtp: */
	const char		*value;		/* as the on-prem object holds it */
	const struct object	*holder;	/* the first cloud holder */
	/*
	 * With resiliency on, for a UPN: the placeholder Entra ID writes
	 * instead ("bob" "NNNN@contoso.onmicrosoft.com"); NULL for addresses
	 * (they are dropped) and with resiliency off.
	 */
	const char		*placeholder;
};

struct match {
	const struct object	*object;	/* the on-premises object */
	enum match_outcome	 outcome;
	/*
	 * The outcome before duplicate values were weighed: for
	 * MATCH_QUARANTINED and MATCH_DUPLICATE_BLOCKED what the export would
	 * otherwise do (MATCH_HARD, MATCH_NEW, MATCH_SOFT, ...), or the
	 * MATCH_INVALID_SOFT_MATCH resiliency turned into a new object with
	 * quarantined values; equal to outcome otherwise.
	 */
	enum match_outcome	 base;
	/*
	 * The cloud object matched (updated, taken over) or the one that
	 * refused or blocked the match; NULL for a new object.  Objects
	 * keeping clashing values are in conflicts.
	 */
	const struct object	*cloud;
	const char		*attribute;	/* what it matched or clashed on */
	const char		*value;		/* as the on-prem object holds it */
	const char		*key;		/* key form of value */
	/*
	 * Another on-premises object whose anchor is cloud's immutableId:
	 * cloud's real source (refused soft matches only), else NULL.
	 */
	const struct object	*twin_owner;
	/* The UPN Entra ID sees: the object's own, or its rewritten form. */
	const char		*upn;
	const char		*upn_key;
	bool			 is_upn_rewritten;	/* unverified suffix */
	const struct match_conflict *conflicts;
	size_t			 nconflicts;
};

struct match_set;

/*
 * Simulate the export of every in-scope on-premises object of t, which
 * must be indexed (table_index).  The caller owns the result; free it
 * with match_set_free().  Never fails (out of memory exits).
 */
struct match_set	*match_run(const struct table *t,
			    const struct rule_options *opt);
/* Free set and everything in it; match_set_free(NULL) does nothing. */
void			 match_set_free(struct match_set *set);

/* The outcome for o, or NULL when o was not simulated (cloud, scope). */
const struct match	*match_for(const struct match_set *set,
			    const struct object *o);
/* Simulated objects, in table order: i < match_set_size(set). */
size_t			 match_set_size(const struct match_set *set);
const struct match	*match_get(const struct match_set *set, size_t i);
/* How many simulated objects got outcome. */
size_t			 match_count(const struct match_set *set,
			    enum match_outcome outcome);

/* "updates its cloud twin", "new object", ...: for reports. */
const char		*match_outcome_name(enum match_outcome outcome);
/* Short stable identifier: "hard", "new", "invalid-soft-match", ... */
const char		*match_outcome_id(enum match_outcome outcome);

/*
 * True when m's soft match was refused on m->key (InvalidSoftMatch,
 * ObjectTypeMismatch, ExistingAdminRoleConflict, also when resiliency
 * quarantined it): the rule for that refusal reports the value.
 */
bool			 match_is_refused_soft_match(const struct match *m);

/*
 * The initial <tenant>.onmicrosoft.com domain of t: the domain marked
 * initial, else the one onmicrosoft.com domain; NULL when unknown.
 */
const char		*match_initial_domain(const struct table *t);

#endif /* SD_MATCH_H */
