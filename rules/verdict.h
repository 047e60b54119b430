/*
 * The one predicted outcome of each on-premises object, after the match
 * simulation and the rules: what a consultant tells the customer.  It is
 * read from the simulation's outcome (match.h) and from the effect each
 * finding has on the objects it names (finding.h): an error finding
 * blocks the object it names first, a loss warning says a value does not
 * arrive.  Every count, verdict line and per-object label of every
 * report reads it, so they cannot disagree.
 *
 * Ownership: struct verdicts owns its labels; objects are borrowed from
 * the table, findings from the analysis.
 */
#ifndef SD_VERDICT_H
#define SD_VERDICT_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "finding.h"
#include "table.h"

struct match_set;

enum verdict_kind {
	VERDICT_NONE,		/* not simulated: cloud, or out of scope */
	VERDICT_NOT_PREDICTED,	/* the export has no source anchor */
	VERDICT_UPDATES,	/* updates its synced cloud twin */
	VERDICT_PROVISIONS,	/* provisions a new cloud object */
	VERDICT_TAKES_OVER,	/* a cloud object becomes synced from it */
	VERDICT_LOSS,		/* exported, some values do not arrive */
	VERDICT_BLOCKED,	/* Entra ID refuses the export */
	VERDICT_NKINDS
};

/*
 * One simulated object's outcome.  A million of them at 1M objects, so
 * the sentence is written only for objects a report names (those in a
 * finding), or for all when asked (objects --predict).
 */
struct verdict {
	enum verdict_kind	 kind : 8;
	/* VERDICT_LOSS: what the export does besides (updates, ...). */
	enum verdict_kind	 base : 8;
	/* VERDICT_BLOCKED: the error Entra ID returns, by its name. */
	const char		*error;
	/* The finding that blocked it or said the loss; NULL: the match. */
	const struct finding	*finding;
	const struct finding_object *finding_object;	/* its entry there */
	/* The outcome in a sentence a customer understands, or NULL. */
	const char		*label;
};

struct verdicts {
	const struct match_set	*matches;
	/* The other object each label names (a cloud twin), by position. */
	struct arena		 arena;
	/*
	 * An error that names no on-premises object stops the whole export
	 * run (the accidental-delete threshold): nothing is exported until
	 * it is dealt with, whatever each object's own outcome.  NULL: none.
	 */
	const struct finding	*stopped_by;
	struct verdict		*list;		/* match set order */
	size_t			 n;
	size_t			 nobjects;	/* in the table */
	size_t			 counts[VERDICT_NKINDS];
};

/*
 * Each simulated object's verdict from ms and fs (sorted: the first
 * blocking finding in report order names the error), with its sentence
 * when every_label or when a finding names it.  ms must outlive v, which
 * the caller owns: verdicts_release().
 */
void	verdicts_build(struct verdicts *v, const struct table *t,
	    const struct match_set *ms, const struct findings *fs,
	    bool every_label);
/* The object a verdict's label names besides its own, or NULL. */
const struct object *
	verdict_other(const struct verdicts *v, const struct verdict *d);
void	verdicts_release(struct verdicts *v);

/* o's verdict, or NULL when not simulated (cloud, out of scope). */
const struct verdict *
	verdict_of(const struct verdicts *v, const struct object *o);
size_t	verdict_count(const struct verdicts *v, enum verdict_kind kind);

/* "updates", "blocked", ...: stable ids for JSON, CSV and JUnit. */
const char	*verdict_kind_id(enum verdict_kind kind);
/* "updates its cloud twin", "blocked", ...: the count lines' words. */
const char	*verdict_kind_name(enum verdict_kind kind);

/*
 * Does every finding agree with the verdicts?  No error finding blocks
 * an object predicted to export, no loss warning names one predicted to
 * export cleanly, every blocked object has the finding that blocks it
 * and every object exported with loss a finding that says the loss.
 * False with the first disagreement in why (size n) otherwise.
 */
bool	verdicts_agree(const struct verdicts *v, const struct table *t,
	    const struct findings *fs, char *why, size_t n);

#endif /* SD_VERDICT_H */
