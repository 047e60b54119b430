/* The nearest valid name to a mistyped one; see suggest.h. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "policy.h"
#include "rule.h"
#include "suggest.h"

/* Longer words are never ours: no table holds a name this long. */
#define SUGGEST_MAX_LEN 64

static int
S_fold(const char *s, size_t i)
{
	return tolower((unsigned char)s[i]);
}

static size_t
S_min3(size_t a, size_t b, size_t c)
{
	size_t	m = a < b ? a : b;

	return m < c ? m : c;
}

/*
 * Optimal string alignment distance over three rows of the usual table:
 * insertions, deletions, substitutions and swaps of neighbours.
 */
size_t
suggest_distance(const char *a, const char *b)
{
	size_t	rows[3][SUGGEST_MAX_LEN + 1];
	size_t	la = strlen(a), lb = strlen(b), i, j, cost, d;
	size_t	*prev2 = rows[0], *prev = rows[1], *cur = rows[2], *t;

	if (la > SUGGEST_MAX_LEN || lb > SUGGEST_MAX_LEN)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			cost = S_fold(a, i - 1) != S_fold(b, j - 1);
			d = S_min3(prev[j] + 1, cur[j - 1] + 1,
			    prev[j - 1] + cost);
			if (i > 1 && j > 1 &&
			    S_fold(a, i - 1) == S_fold(b, j - 2) &&
			    S_fold(a, i - 2) == S_fold(b, j - 1) &&
			    prev2[j - 2] + 1 < d)
				d = prev2[j - 2] + 1;
			cur[j] = d;
		}
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb];
}

void
suggest_init(struct suggest *s, const char *word)
{
	memset(s, 0, sizeof(*s));
	s->word = word;
	s->distance = (size_t)-1;
}

void
suggest_add(struct suggest *s, const char *candidate)
{
	size_t	d = suggest_distance(s->word, candidate), i;

	if (d == (size_t)-1 || d > s->distance)
		return;
	if (d < s->distance) {
		s->distance = d;
		s->nbest = 0;
	}
	for (i = 0; i < s->nbest; i++)
		if (strcmp(s->best[i], candidate) == 0)
			return;
	if (s->nbest < SUGGEST_MAX)
		s->best[s->nbest++] = candidate;
}

const char *
suggest_text(const struct suggest *s, const char *prefix, char *buf,
    size_t n)
{
	size_t	i, len = 0, most = strlen(s->word) / 4;
	int	k;

	buf[0] = '\0';
	if (most == 0)
		most = 1;
	if (s->nbest == 0 || s->distance > most)
		return buf;
	for (i = 0; i < s->nbest && len < n; i++) {
		k = snprintf(buf + len, n - len, "%s%s%s",
		    i == 0 ? "" : i + 1 == s->nbest ? " or " : ", ",
		    prefix, s->best[i]);
		if (k < 0)
			break;
		len += (size_t)k;
	}
	return buf;
}

const char *
suggest_rule(const char *word, const struct policy_set *ps, char *buf,
    size_t n)
{
	struct suggest	s;
	size_t		i;

	suggest_init(&s, word);
	for (i = 0; rule_table[i] != NULL; i++)
		suggest_add(&s, rule_table[i]->id);
	for (i = 0; ps != NULL && i < policy_set_count(ps); i++)
		suggest_add(&s, policy_set_get(ps, i)->rule.id);
	return suggest_text(&s, "", buf, n);
}
