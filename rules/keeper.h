/*
 * Keeper advice: of the objects holding a value Entra ID keeps unique (a
 * userPrincipalName or an SMTP address), which one should keep it, from
 * evidence in the exports alone, or a tie when that evidence cannot tell.
 * Four tests, strongest first: already synced with the value, holds it
 * as its primary value, enabled account, mailbox.  Used by
 * AttributeValueMustBeUnique; it reads the table and the match outcome,
 * and decides nothing about severities or fixes.
 *
 * Ownership: struct keeper owns its candidate array (keeper_release);
 * objects and strings in it are borrowed from the table.
 */
#ifndef SD_KEEPER_H
#define SD_KEEPER_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"
#include "table.h"

struct match_set;

/* The tests, strongest first; the one that left a single holder wins. */
enum keeper_reason {
	KEEPER_TIE,		/* no test separates the holders left */
	KEEPER_SYNCED,		/* its synced cloud object has the value */
	KEEPER_PRIMARY,		/* its UPN, mail or SMTP: address, not smtp: */
	KEEPER_ENABLED,		/* an enabled account; the others disabled */
	KEEPER_MAILBOX,		/* a mailbox; the others are not */
	KEEPER_NREASONS
};

/* One holder that could keep the value, with the evidence on it. */
struct keeper_candidate {
	const struct object	*object;	/* on-premises, or cloud */
	const char		*raw;		/* the value as it holds it */
	const char		*held_as;	/* "userPrincipalName", ... */
	bool			 is_synced;
	bool			 is_primary;
	enum tristate		 is_enabled;	/* unknown: not an account */
	bool			 is_mailbox;
	/* Set by keeper_choose(). */
	bool			 is_ruled_out;
	enum keeper_reason	 ruled_out_by;
};

struct keeper {
	struct keeper_candidate	*candidates;	/* in table order */
	size_t			 n, cap;
	/* Set by keeper_choose(). */
	const struct keeper_candidate *winner;	/* NULL: a tie */
	enum keeper_reason	 reason;	/* the test that decided */
	size_t			 ntied;		/* holders left level */
	/* Set by keeper_collect(): the holder Entra ID itself leaves the
	   value on, NULL when the export order decides. */
	const struct object	*predicted;
};

void	keeper_init(struct keeper *k);
void	keeper_release(struct keeper *k);

/*
 * Add o, holding key (key form) in space as raw, as a candidate, with its
 * evidence from the table t and the match outcome set.  Does nothing when
 * o is a candidate already.
 */
void	keeper_add_holder(struct keeper *k, const struct table *t,
	    const struct match_set *set, enum key_space space, const char *key,
	    const struct object *o, const char *raw, enum addr_source source);

/*
 * The candidates for key in space: every on-premises holder Entra Connect
 * exports, and every cloud holder that is neither the cloud object of one
 * of them nor synced from an on-premises object of the table (such a
 * value moves with its source).  Sets k->predicted from the match set:
 * the holder whose synced cloud object has the value, or the cloud
 * object match.c found keeping it; NULL when the export order decides.
 */
void	keeper_collect(struct keeper *k, const struct table *t,
	    const struct match_set *set, enum key_space space, const char *key);

/*
 * Run the tests in order over the candidates (at least two): each rules
 * out the holders with less evidence than the best one left, where the
 * evidence is known; the test that leaves one holder is the reason.  A
 * tie when more than one is left after the last test.
 */
void	keeper_choose(struct keeper *k);

/*
 * Attach the advice to f (finding_set_keeper): the keeper or the tied
 * holders, the holders that must give key up, the predicted holder, and
 * the sentence naming them.
 */
void	keeper_to_finding(const struct keeper *k, struct findings *fs,
	    struct finding *f, const char *key);

/*
 * The part o plays in the advice, written into buf: "keeps the value:
 * ...", "gives it up: ...", "tied: ..."; NULL when o is no candidate.
 */
const char	*keeper_role(const struct keeper *k, const struct object *o,
		    char *buf, size_t size);

/* The candidate for o, or NULL. */
const struct keeper_candidate *
	keeper_find(const struct keeper *k, const struct object *o);

/* "synced", "primary", "enabled", "mailbox", "tie": stable, for JSON. */
const char	*keeper_reason_id(enum keeper_reason reason);
/* Why the keeper wins on this test, in words ("its primary value"). */
const char	*keeper_reason_words(enum keeper_reason reason);
/* Why a holder lost on this test, in words ("a secondary address"). */
const char	*keeper_loss_words(enum keeper_reason reason);

#endif /* SD_KEEPER_H */
