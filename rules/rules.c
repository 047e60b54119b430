/* The one list of rules, in report order; see rule.h. */
#include "config.h"

#include <stddef.h>
#include <strings.h>

#include "rule.h"

extern const struct rule rule_invalid_soft_match;
extern const struct rule rule_object_type_mismatch;
extern const struct rule rule_value_must_be_unique;
extern const struct rule rule_identity_validation;
extern const struct rule rule_cloud_only_access;
extern const struct rule rule_invalid_hard_match;
extern const struct rule rule_large_object;
extern const struct rule rule_admin_role_conflict;
extern const struct rule rule_immutable_id_format;
extern const struct rule rule_invalid_characters;
extern const struct rule rule_value_too_long;
extern const struct rule rule_blank_value;
extern const struct rule rule_invalid_address_format;
extern const struct rule rule_duplicate_value;

const struct rule *const rule_table[] = {
	&rule_invalid_soft_match,
	&rule_object_type_mismatch,
	&rule_invalid_hard_match,
	&rule_value_must_be_unique,
	&rule_identity_validation,
	&rule_cloud_only_access,
	&rule_large_object,
	&rule_admin_role_conflict,
	&rule_immutable_id_format,
	&rule_invalid_characters,
	&rule_value_too_long,
	&rule_blank_value,
	&rule_invalid_address_format,
	&rule_duplicate_value,
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
