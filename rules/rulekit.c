/* Helpers the rules share; see rulekit.h. */
#include "config.h"

#include <string.h>

#include "rulekit.h"
#include "xalloc.h"

bool
rulekit_is_exported(const struct object *o)
{
	return o->side == SIDE_ONPREM && o->scope == SCOPE_IN;
}

const char *
rulekit_object_name(const struct object *o)
{
	if (o->dn != NULL)
		return o->dn;
	if (o->upn != NULL)
		return o->upn;
	if (o->display_name != NULL)
		return o->display_name;
	return o->id != NULL ? o->id : "(unnamed object)";
}

const char *
rulekit_set_cmdlet(const struct object *o)
{
	switch (o->type) {
	case OBJ_USER:
		return "Set-ADUser";
	case OBJ_GROUP:
		return "Set-ADGroup";
	default:
		return "Set-ADObject";
	}
}

char *
rulekit_ps_quote(const char *s)
{
	size_t	 n = strlen(s), i, k = 0;
	char	*q = xmalloc(2 * n + 1);

	for (i = 0; i < n; i++) {
		q[k++] = s[i];
		if (s[i] == '\'')
			q[k++] = '\'';
	}
	q[k] = '\0';
	return q;
}
