/*
 * Findings: what the rules conclude, each naming every object involved,
 * the attribute and value, a one-line summary and numbered remediation
 * steps.  Rules add to a struct findings; reports only read it.  Nothing
 * here decides what is an error: the rule that adds a finding does.
 *
 * Ownership: struct findings owns every finding and string in it (one
 * arena); objects are borrowed from the table and must outlive it.
 */
#ifndef SD_FINDING_H
#define SD_FINDING_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "table.h"

enum severity {
	SEV_ERROR,		/* Entra ID will refuse or quarantine */
	SEV_WARNING,		/* likely trouble, or a value rewritten */
	SEV_INFO		/* worth knowing, no action forced */
};

struct rule;

/*
 * What a finding means for one on-premises object's export: the reports'
 * one predicted outcome per object (verdict.h) is read from these.
 */
enum finding_effect {
	EFFECT_NONE,		/* named for context: a holder, a cloud twin */
	EFFECT_BLOCKED,		/* Entra ID refuses its export with this error */
	EFFECT_LOSS		/* exported, but this value does not arrive */
};

/* One object in a finding, with the part it plays. */
struct finding_object {
	const struct object	*object;
	const char		*value;	/* the value as this object holds it */
	const char		*held_as;	/* "proxyAddresses (SMTP: primary)" */
	const char		*role;	/* "keeps the value", NULL when none */
	enum finding_effect	 effect;
};

/*
 * Keeper advice, for a value only one object may hold: which holder
 * should keep it and why, or a tie when the exports cannot tell.
 */
struct finding_keeper {
	const struct object	*object;	/* the keeper; NULL: a tie */
	const char		*reason;	/* "synced", ..., "tie" */
	const char		*text;		/* the advice, one sentence */
	/* The holder Entra ID itself leaves the value on; NULL: the one
	   exported first, which the exports cannot tell. */
	const struct object	*predicted;
	const struct object	**tied;		/* a tie: the holders level */
	size_t			 ntied;
	const struct object	**losers;	/* must give the value up */
	size_t			 nlosers;
};

struct finding {
	const struct rule	*rule;
	size_t			 seq;		/* order added, last sort key */
	enum severity		 severity;
	const char		*attribute;
	const char		*value;
	/*
	 * The value the finding proposes in place of value, on its first
	 * object: set only when the fix is certain or nearly so, the value
	 * passes the rule's own checks and no other holder or proposal of
	 * the run has it.  NULL: a person must choose.
	 */
	const char		*proposed;
	const char		*summary;
	struct finding_object	*objects;
	size_t			 nobjects;
	const struct finding_keeper *keeper;	/* NULL: no keeper advice */
	const char		**steps;	/* remediation, in order */
	size_t			 nsteps;
	size_t			 objects_cap, steps_cap;
};

struct findings {
	struct arena		 arena;
	struct finding		**list;
	size_t			 n;
	size_t			 cap;
};

void	 findings_init(struct findings *fs);
void	 findings_release(struct findings *fs);
/*
 * Append src's findings to dst, numbered on after dst's, and hand it
 * their memory; src is left empty.
 */
void	 findings_move(struct findings *dst, struct findings *src);

/*
 * A new finding of rule about attribute = value (both copied).  Add its
 * objects, summary and steps with the finding_* calls below.
 */
struct finding *
	 findings_add(struct findings *fs, const struct rule *rule,
	    enum severity severity, const char *attribute, const char *value);

/*
 * Add o to f; value, held_as and role are copied, any may be NULL.  The
 * first object of an error finding, when it is on premises, is the one
 * whose export the error blocks (EFFECT_BLOCKED; not for tenant policies,
 * which judge the customer's conventions); every other object has
 * no effect until finding_set_effect() says otherwise.
 */
void	 finding_add_object(struct findings *fs, struct finding *f,
	    const struct object *o, const char *value, const char *held_as,
	    const char *role);
/* Set the effect of f on o, which must be one of f's objects. */
void	 finding_set_effect(struct finding *f, const struct object *o,
	    enum finding_effect effect);
/* The effect of f on o: EFFECT_NONE when f does not name o. */
enum finding_effect
	 finding_effect_on(const struct finding *f, const struct object *o);
void	 finding_set_summary(struct findings *fs, struct finding *f,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Set f->proposed (a copy); see struct finding. */
void	 finding_set_proposed(struct findings *fs, struct finding *f,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/*
 * Give f keeper advice: a copy of *k, its strings and both object lists
 * (the objects themselves stay borrowed).  A later call replaces it.
 */
void	 finding_set_keeper(struct findings *fs, struct finding *f,
	    const struct finding_keeper *k);
/* Append a remediation step; steps are numbered by the reports. */
void	 finding_add_step(struct findings *fs, struct finding *f,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Order findings for reports: by rule table order, then severity, then
 * attribute and value, so output does not depend on input order.
 */
void	 findings_sort(struct findings *fs);

/*
 * Counts per severity of the rules' findings: predicted export errors,
 * warnings and info.  Tenant policies' findings (rule->is_policy) are not
 * counted here but by findings_count_policies().
 */
size_t	 findings_count(const struct findings *fs, enum severity severity);
size_t	 findings_count_policies(const struct findings *fs,
	    enum severity severity);

const char	*severity_name(enum severity severity);
/* Parse "error", "warning", "info"; -1 when none. */
int		 severity_parse(const char *s);

#endif /* SD_FINDING_H */
