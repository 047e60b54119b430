/*
 * Storage shared with on-premises twins: a synced cloud object mostly holds
 * the same names and addresses as the on-premises object whose anchor it
 * carries, so the loader stores such text once, for both.  Also where a
 * UPN or mail value in key form is interned, so that the key table_commit
 * computes is the same copy.  Not where values are decoded (load.c) nor
 * where keys are computed (table.c).  See load_int.h.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "load_int.h"

/* Does the stored string s hold exactly a's value? */
static bool
is_same_text(const char *s, const struct attr *a)
{
	return s != NULL && strlen(s) == a->len &&
	    memcmp(s, a->value, a->len) == 0;
}

/*
 * a's value, stored once: the twin's copy of the same field when it has
 * the same bytes, else a copy.  NULL when a is.
 */
static const char *
twin_text(struct load_ctx *ctx, const struct attr *a, const char *twin_value)
{
	if (a == NULL)
		return NULL;
	if (is_same_text(twin_value, a))
		return twin_value;
	return table_strndup(ctx->table, a->value, a->len);
}

/*
 * A UPN, stored once.  A key-form UPN is interned, so the key
 * table_commit interns is this same copy (and a twin's key-form UPN is
 * too); otherwise it is the twin's copy or a new one.
 */
static const char *
upn_value(struct load_ctx *ctx, const struct attr *a, const char *twin_upn)
{
	if (a != NULL && table_is_key_form(a->value, a->len))
		return table_intern(ctx->table, a->value, a->len);
	return twin_text(ctx, a, twin_upn);
}

/* How far from its own position a proxy address looks in its twin's. */
#define TWIN_PROXY_REACH	4

/*
 * Proxy address i, stored once: the twin's copy of the same address when
 * it has one at the same position or near it (an address more on one
 * side shifts the rest), else one copy with its key when the address is
 * its own key (table_intern_proxy), else a copy.
 */
static const char *
proxy_value(struct load_ctx *ctx, const struct attr *a, size_t i,
    const struct object *twin)
{
	const char *const	*tp = twin != NULL ? twin->proxy_addresses : NULL;
	size_t			 n = twin != NULL ? twin->nproxy_addresses : 0;
	size_t			 d;
	const char		*p;

	for (d = 0; d <= TWIN_PROXY_REACH; d++) {
		if (i + d < n && is_same_text(tp[i + d], a))
			return tp[i + d];
		if (d > 0 && d <= i && i - d < n && is_same_text(tp[i - d], a))
			return tp[i - d];
	}
	if ((p = table_intern_proxy(ctx->table, a->value, a->len)) != NULL)
		return p;
	return table_strndup(ctx->table, a->value, a->len);
}

/*
 * The mail value, stored once: it is mostly the primary SMTP proxy
 * address as well, and that copy can hold both.  Key-form values are
 * interned as upn_value() does, so the key shares them.
 */
static const char *
mail_value(struct load_ctx *ctx, const struct pending *pd,
    const struct object *twin)
{
	const struct object	*o = pd->o;
	const struct attr	*a = pd->mail;
	size_t			 i;

	if (a == NULL || a->len == 0)
		return NULL;
	if (table_is_key_form(a->value, a->len))
		return table_intern(ctx->table, a->value, a->len);
	for (i = 0; i < o->nproxy_addresses; i++) {
		const char	*p = o->proxy_addresses[i];

		if (strncasecmp(p, "smtp:", 5) == 0 &&
		    is_same_text(p + 5, a))
			return p + 5;
	}
	return twin_text(ctx, a, twin != NULL ? twin->mail : NULL);
}

/* The names and addresses, stored once (load_int.h). */
void
twin_store_text(struct load_ctx *ctx, struct pending *pd)
{
	struct object		*o = pd->o;
	const struct object	*twin = NULL;
	size_t			 i;

	if (o->side == SIDE_CLOUD)
		twin = table_find_onprem_anchor(ctx->table, o->immutable_id);
	o->upn = upn_value(ctx, pd->upn, twin ? twin->upn : NULL);
	o->mail_nickname = twin_text(ctx, pd->mail_nickname,
	    twin ? twin->mail_nickname : NULL);
	o->display_name = twin_text(ctx, pd->display_name,
	    twin ? twin->display_name : NULL);
	o->given_name = twin_text(ctx, pd->given_name,
	    twin ? twin->given_name : NULL);
	o->surname = twin_text(ctx, pd->surname, twin ? twin->surname : NULL);
	if (o->side == SIDE_CLOUD)
		o->cloud.dn = twin_text(ctx, pd->onprem_dn,
		    twin ? twin->dn : NULL);
	if (pd->nproxies) {
		const char **p = table_alloc(ctx->table,
		    pd->nproxies * sizeof(*p));

		for (i = 0; i < pd->nproxies; i++)
			p[i] = proxy_value(ctx, pd->proxies[i], i, twin);
		o->proxy_addresses = p;
		o->nproxy_addresses = pd->nproxies;
	}
	o->mail = mail_value(ctx, pd, twin);
}

