/*
 * "Did you mean ...?": the nearest valid word to a mistyped command,
 * option, format, choice or rule name, by edit distance (adjacent letters
 * swapped count as one edit, as in git's help.c).  Case is ignored.  Not
 * for spelling correction of data: only for names from our own tables.
 */
#ifndef SD_SUGGEST_H
#define SD_SUGGEST_H

#include <stddef.h>

#define SUGGEST_MAX 3

struct suggest {
	const char	*word;		/* what was typed */
	const char	*best[SUGGEST_MAX];	/* equally near candidates */
	size_t		 nbest;
	size_t		 distance;	/* theirs; (size_t)-1: none yet */
};

void	suggest_init(struct suggest *s, const char *word);

/* Weigh candidate; kept only while it is among the nearest. */
void	suggest_add(struct suggest *s, const char *candidate);

/*
 * The nearest candidates, written into buf as "a", "a or b" or "a, b or
 * c", each after prefix ("--" for options, "" otherwise); "" when none is
 * near enough to be a likely typo (at most a quarter of the word's
 * letters edited, and at least one: "colour" is not "cloud").
 */
const char *suggest_text(const struct suggest *s, const char *prefix,
		    char *buf, size_t n);

struct policy_set;

/*
 * The built-in rules (and the policies of ps, when not NULL) nearest to
 * word, as suggest_text() writes them.
 */
const char *suggest_rule(const char *word, const struct policy_set *ps,
		    char *buf, size_t n);

/* The edit distance of a and b, ignoring case. */
size_t	suggest_distance(const char *a, const char *b);

#endif /* SD_SUGGEST_H */
