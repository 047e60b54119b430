/* The one list of rules, in report order; see rule.h. */
#include "config.h"

#include <stddef.h>
#include <strings.h>

#include "rule.h"

/*
 * Every rule in report order, one line each: adding a rule is its file,
 * its line here and its line in Makefile.am.
 */
#define RULES(X) \
	X(rule_invalid_soft_match) \
	X(rule_object_type_mismatch) \
	X(rule_invalid_hard_match) \
	X(rule_value_must_be_unique) \
	X(rule_identity_validation) \
	X(rule_cloud_only_access) \
	X(rule_large_object) \
	X(rule_admin_role_conflict) \
	X(rule_immutable_id_format) \
	X(rule_invalid_characters) \
	X(rule_value_too_long) \
	X(rule_blank_value) \
	X(rule_invalid_address_format) \
	X(rule_duplicate_value) \
	/* the end of the list: a new rule goes above this line */

#define RULE_DECLARE(name)	extern const struct rule name;
#define RULE_ENTRY(name)	&name,

RULES(RULE_DECLARE)

const struct rule *const rule_table[] = {
	RULES(RULE_ENTRY)
	NULL
};

const struct rule *
rule_find(const char *id)
{
	size_t	i;

	for (i = 0; rule_table[i] != NULL; i++)
		if (strcasecmp(rule_table[i]->id, id) == 0)
			return rule_table[i];
	return NULL;
}

const struct rule *
rule_for_refusal(enum match_outcome outcome)
{
	size_t	i, k;

	for (i = 0; rule_table[i] != NULL; i++)
		for (k = 0; rule_table[i]->refusals != NULL &&
		    rule_table[i]->refusals[k] != MATCH_NONE; k++)
			if (rule_table[i]->refusals[k] == outcome)
				return rule_table[i];
	return NULL;
}

int
rule_index(const struct rule *r)
{
	int	i;

	for (i = 0; rule_table[i] != NULL; i++)
		if (rule_table[i] == r)
			return i;
	return i;
}
