/*
 * Baselines for CI: a stable id for every finding, the findings of an
 * earlier JSON report, and which current findings are new, still present
 * or fixed against it.  An id depends on what a finding is about (rule,
 * attribute, value, the objects' DNs or ids), never on file order or
 * line numbers, so a run against its own report finds nothing new.  Not
 * for deciding what is an error: the rules do, and main.c maps counts to
 * an exit code.
 *
 * Ownership: struct baseline and struct baseline_marks own every string
 * they hold (one arena each) until their _release.
 */
#ifndef SD_BASELINE_H
#define SD_BASELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "finding.h"

/* An id: "<rule>:<16 hex digits>", with "-N" when a report repeats it. */

/* One finding of the old report, as much as a "fixed" list needs. */
struct baseline_entry {
	const char	*id;
	const char	*rule;
	const char	*severity;
	const char	*attribute;
	const char	*value;
	const char	*summary;
};

struct baseline {
	struct arena		 arena;
	struct baseline_entry	*entries;	/* in report order */
	size_t			 n;
	bool			 is_redacted;	/* made with --redact */
};

enum baseline_mark {
	BASELINE_NONE,		/* no baseline given */
	BASELINE_NEW,		/* not in the baseline */
	BASELINE_PRESENT	/* in the baseline too */
};

/* The ids of one findings list and, with a baseline, their marks. */
struct baseline_marks {
	struct arena		 arena;
	const char		**ids;		/* one per findings list entry */
	enum baseline_mark	*marks;		/* likewise */
	size_t			 n;
	bool			 has_baseline;
	/* Baseline findings this run no longer makes, in report order. */
	const struct baseline_entry **fixed;
	size_t			 nfixed;
};

void	baseline_init(struct baseline *b);
void	baseline_release(struct baseline *b);

/*
 * Read the findings of a syncdoctor JSON report (docs/json-contract.md)
 * from path, or from the len bytes at buf with baseline_load_buffer.
 * Findings without an "id" (reports of earlier versions) get the one
 * their rule, attribute, value and objects give.  Returns 0, or -1 with
 * a message for people in err (errlen bytes).
 */
int	baseline_load(struct baseline *b, const char *path, char *err,
	    size_t errlen);
int	baseline_load_buffer(struct baseline *b, const char *buf, size_t len,
	    char *err, size_t errlen);

/*
 * The id of a finding about attribute = value by rule, involving the
 * objects named by keys[0..nkeys) ("onprem:<dn>", "cloud:<id>"; any
 * order).  Case and surrounding spaces do not matter.  The result is
 * allocated in a and valid until it is released.
 */
const char *
	baseline_id(struct arena *a, const char *rule, const char *attribute,
	    const char *value, const char *const *keys, size_t nkeys);

/*
 * "onprem:<dn>" or "cloud:<id>" (else the UPN): what names an object
 * across runs, for baseline_id's keys; allocated in a.
 */
const char *
	baseline_object_key(struct arena *a, const char *side, const char *dn,
	    const char *id, const char *upn);
/*
 * Make the n ids unique: two findings about the same values and objects
 * get "-2", "-3", ... in list order.  New ids are allocated in a.
 */
void	baseline_unique_ids(struct arena *a, const char **ids, size_t n);

/*
 * Compute the ids of every finding in fs (in list order) into bm, and,
 * when old is not NULL, mark each new or present and list old's findings
 * that fs no longer has.  Release bm with baseline_marks_release.
 */
void	baseline_marks_init(struct baseline_marks *bm,
	    const struct findings *fs, const struct baseline *old);
void	baseline_marks_release(struct baseline_marks *bm);

/* Findings of severity that are new (all of them without a baseline). */
size_t	baseline_count_new(const struct baseline_marks *bm,
	    const struct findings *fs, enum severity severity);

/* "new", "present", or NULL for BASELINE_NONE. */
const char	*baseline_mark_name(enum baseline_mark mark);

#endif /* SD_BASELINE_H */
