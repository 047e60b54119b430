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
#include <stdint.h>

#include "sync_options.h"
#include "table.h"

/* What Entra ID does with one exported on-premises object. */
enum match_outcome {
	/* Not simulated: a cloud object, or out of sync scope. */
	MATCH_NONE,
	/* No sourceAnchor in the export: not predicted. */
	MATCH_NO_ANCHOR,
	/* Updates the synced cloud object it hard-matches. */
	MATCH_HARD,
	/* Soft-matches a synced object of its type whose immutableId the
	   export lacks: presumed its own twin. */
	MATCH_PRESUMED,
	/*
	 * Hard-matches a cloud object that is not synced now (synced before,
	 * or an immutableId set in the cloud) and takes it over.
	 */
	MATCH_HARD_TAKEOVER,
	/* Provisions a new cloud object. */
	MATCH_NEW,
	/* Soft-matches and takes over a cloud-only object. */
	MATCH_SOFT,
	/* Exported, with its clashing values quarantined (resiliency). */
	MATCH_QUARANTINED,
	/*
	 * Exported, but another exported on-premises object holds one of its
	 * unique values and no cloud object has it yet: whichever of them
	 * Entra ID sees second loses it (quarantined, or blocked with
	 * resiliency off).  The exports cannot tell the order.
	 */
	MATCH_CONTESTED,
	/* Refused: soft match onto an object synced from another anchor. */
	MATCH_INVALID_SOFT_MATCH,
	/* Refused: soft match onto an object of another type. */
	MATCH_TYPE_MISMATCH,
	/* Refused: soft match onto a cloud-only admin. */
	MATCH_ADMIN_ROLE_CONFLICT,
	/*
	 * Refused (InvalidHardMatch): a hard match that would take over a
	 * cloud user holding a directory role (enforced since June 2026).
	 */
	MATCH_PRIVILEGED_TAKEOVER,
	/* Refused (InvalidHardMatch): the tenant blocks hard match takeover. */
	MATCH_TAKEOVER_BLOCKED,
	/*
	 * Refused (hard match blocked by the July 2026 hardening,
	 * MC1263280): the cloud user's onPremisesObjectIdentifier names
	 * another on-premises object (a re-created user given the old
	 * anchor, a forest move) until an administrator clears it.
	 */
	MATCH_REMAP_BLOCKED,
	/* Refused: a duplicate value with resiliency off. */
	MATCH_DUPLICATE_BLOCKED,
	/*
	 * Refused: an SMTP address a cloud object of another type holds.
	 * Resiliency does not quarantine it: the export fails on every
	 * cycle (duplicate attribute resiliency, known issue 1).
	 */
	MATCH_PROXY_CONFLICT,
	MATCH_NOUTCOMES
};

/*
 * A value of the on-premises object that another cloud object already
 * holds, which is not the object it matched: that cloud object keeps it.
 */
struct match_conflict {
	const char		*attribute;	/* "userPrincipalName", "mail", ... */
	const char		*key;		/* lower case, no smtp: */
	const char		*value;		/* as the on-prem object has it */
	const struct object	*holder;	/* the first cloud holder */
	/*
	 * With resiliency on, for a UPN: the placeholder Entra ID writes
	 * instead ("bob" "NNNN@contoso.onmicrosoft.com"); NULL for addresses
	 * (they are dropped) and with resiliency off.
	 */
	const char		*placeholder;
};

/*
 * What most simulated exports lack, kept apart so struct match stays
 * small.  A match with none of it points at one shared all-zero instance,
 * so readers never test for NULL.
 */
struct match_rare {
	/* With is_upn_rewritten: the rewritten UPN, NULL when unknown. */
	const char		*upn;
	const char		*upn_key;
	const struct match_conflict *conflicts;	/* nconflicts of them */
	/*
	 * Another on-premises object whose anchor is cloud's immutableId:
	 * cloud's real source (refused soft matches only), else NULL.
	 */
	const struct object	*twin_owner;
	/*
	 * MATCH_CONTESTED: the first contested value (attribute, as the
	 * object holds it) and another exported object holding it.
	 */
	const char		*contested_attribute;
	const char		*contested_value;
	const struct object	*contested_with;
};

/*
 * One simulated export; a million at 1M objects, so the outcomes and the
 * flag share one word with the conflict count, and what few exports have
 * is in *rare.
 */
struct match {
	const struct object	*object;	/* the on-premises object */
	enum match_outcome	 outcome : 8;
	/*
	 * The outcome before duplicate values were weighed: for
	 * MATCH_QUARANTINED and MATCH_DUPLICATE_BLOCKED what the export would
	 * otherwise do (MATCH_HARD, MATCH_NEW, MATCH_SOFT, ...), or the
	 * MATCH_INVALID_SOFT_MATCH resiliency turned into a new object with
	 * quarantined values; equal to outcome otherwise.
	 */
	enum match_outcome	 base : 8;
	bool			 is_upn_rewritten : 1;	/* unverified suffix */
	uint32_t		 nconflicts;	/* in rare->conflicts */
	/*
	 * The cloud object matched (updated, taken over) or the one that
	 * refused or blocked the match; NULL for a new object.  Objects
	 * keeping clashing values are in rare->conflicts.
	 */
	const struct object	*cloud;
	const char		*attribute;	/* matched or clashed on */
	const char		*value;		/* as the on-prem object has it */
	const char		*key;		/* key form of value */
	const struct match_rare	*rare;		/* never NULL */
};

struct match_set;

/*
 * Simulate the export of every in-scope on-premises object of t, which
 * must be indexed (table_index), on up to threads threads (0 or 1: this
 * one; the result is the same for any number).  The caller owns the
 * result; free it with match_set_free().  Never fails (out of memory
 * exits).
 */
struct match_set	*match_run(const struct table *t,
			    const struct sync_options *opt, unsigned threads);
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

/*
 * The UPN Entra ID sees: m's object's own, or its rewritten form (NULL
 * when the rewrite cannot be predicted); in key form with _key.
 */
const char		*match_upn(const struct match *m);
const char		*match_upn_key(const struct match *m);

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
