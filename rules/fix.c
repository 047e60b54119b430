/* Change plans for certain remedies; see fix.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fix.h"
#include "xalloc.h"

bool
fix_plan_add(struct fix_plan *p, const char *dn, enum fix_op op,
    enum fix_op undo_op, const char *attribute,
    const unsigned char *value, size_t len, const unsigned char *old,
    size_t oldlen)
{
	if (p->n == ARRAY_SIZE(p->changes))
		return false;
	p->changes[p->n] = (struct fix_change){ dn, op, attribute, value,
	    len };
	p->undo[p->n] = (struct fix_change){ dn, undo_op, attribute,
	    undo_op == FIX_ADD ? value : old,
	    undo_op == FIX_ADD ? len : oldlen };
	p->n++;
	return true;
}

bool
fix_plan_proxy_delete(struct fix_plan *p, const struct object *o,
    const char *key)
{
	size_t	i, n = 0;

	if (o->side != SIDE_ONPREM || o->dn == NULL ||
	    (o->mail != NULL && strcasecmp(o->mail, key) == 0))
		return false;
	for (i = 0; i < o->nproxy_addresses; i++) {
		const char *v = o->proxy_addresses[i];

		if (strncasecmp(v, "smtp:", 5) != 0 ||
		    strcasecmp(v + 5, key) != 0)
			continue;
		if (strncmp(v, "SMTP:", 5) == 0)
			return false;
		if (!fix_plan_add(p, o->dn, FIX_DELETE, FIX_ADD,
		    "proxyAddresses", (const unsigned char *)v, strlen(v),
		    NULL, 0))
			return false;
		n++;
	}
	return n > 0;
}

enum fix_result
fix_plan_proposed(const struct fix_context *ctx, const struct finding *f,
    struct fix_plan *p)
{
	const struct finding_object	*fo;
	const unsigned char		*old, *proposed;
	size_t				 oldlen, len;

	(void)ctx;
	if (f->proposed == NULL || f->nobjects == 0)
		return FIX_DECISION;
	fo = &f->objects[0];
	if (fo->object->side != SIDE_ONPREM || fo->object->dn == NULL)
		return FIX_DECISION;
	old = (const unsigned char *)(fo->value != NULL ? fo->value :
	    f->value);
	oldlen = strlen((const char *)old);
	proposed = (const unsigned char *)f->proposed;
	len = strlen(f->proposed);
	if (strcmp(f->attribute, "proxyAddresses") == 0) {
		fix_plan_add(p, fo->object->dn, FIX_DELETE, FIX_ADD,
		    f->attribute, old, oldlen, NULL, 0);
		fix_plan_add(p, fo->object->dn, FIX_ADD, FIX_DELETE,
		    f->attribute, proposed, len, proposed, len);
	} else
		fix_plan_add(p, fo->object->dn, FIX_REPLACE, FIX_REPLACE,
		    f->attribute, proposed, len, old, oldlen);
	p->why = xasprintf("%s '%s' becomes '%s' (proposed: valid, and no "
	    "other object holds it)", f->attribute, (const char *)old,
	    f->proposed);
	return FIX_PLANNED;
}

void
fix_plan_release(struct fix_plan *p)
{
	free(p->why);
	memset(p, 0, sizeof(*p));
}
