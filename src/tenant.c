/*
 * Tenant facts and merged cloud duplicates: the records of a roles or
 * domains export become table roles and domains, not objects, and a cloud
 * object loaded twice (overlapping exports) is merged into its first copy.
 * Not for attribute names or values of objects (load.c).  See load_int.h.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "load_int.h"
#include "roles.h"

/* The first available value of rec's attribute name (any case), or NULL. */
static const char *
attr_value(const struct record *rec, const char *name)
{
	size_t	i;

	for (i = 0; i < rec->nattrs; i++)
		if (strcasecmp(rec->attrs[i].name, name) == 0 &&
		    !(rec->attrs[i].flags & ATTR_UNAVAILABLE))
			return rec->attrs[i].value;
	return NULL;
}

void
tenant_load_role(struct load_ctx *ctx, const struct record *rec)
{
	const char	*role = attr_value(rec, ROLE_NAME);
	const char	*name;

	/* A file with template ids only still names its built-in roles. */
	if (role == NULL || *role == '\0')
		role = attr_value(rec, ROLE_TEMPLATE_ID);
	if ((name = role_template_name(role)) != NULL)
		role = name;
	if (role == NULL || *role == '\0')
		role = "(unnamed role)";
	table_add_role(ctx->table, role, attr_value(rec, ROLE_MEMBER_ID),
	    attr_value(rec, ROLE_MEMBER_UPN));
}

void
tenant_load_domain(struct load_ctx *ctx, const struct record *rec)
{
	struct domain	 d;
	const char	*name = attr_value(rec, DOMAIN_NAME);
	const char	*s;
	size_t		 len;

	if (name == NULL || *name == '\0')
		return;
	len = strlen(name);
	while (len > 0 && name[len - 1] == '.')
		len--;
	memset(&d, 0, sizeof(d));
	d.name = table_intern_lower(ctx->table, name, len);
	s = attr_value(rec, DOMAIN_VERIFIED);
	d.is_verified = s ? load_parse_bool(s, strlen(s)) : TRI_UNKNOWN;
	s = attr_value(rec, DOMAIN_INITIAL);
	d.is_initial = s && load_parse_bool(s, strlen(s)) == TRI_TRUE;
	s = attr_value(rec, DOMAIN_DEFAULT);
	d.is_default = s && load_parse_bool(s, strlen(s)) == TRI_TRUE;
	s = attr_value(rec, DOMAIN_AUTH);
	d.is_federated = s && strcasecmp(s, "Federated") == 0;
	table_add_domain(ctx->table, &d);
}

#define FILL(field) do {						\
	if (keep->field == NULL)					\
		keep->field = dup->field;				\
} while (0)

/*
 * dup names the same cloud object as keep (an overlapping export): what
 * keep lacks, dup gives.  Keys are computed again from the merged fields.
 */
static void
merge_cloud(struct table *t, struct object *keep, const struct object *dup)
{
	FILL(upn);
	FILL(mail);
	FILL(mail_nickname);
	FILL(display_name);
	FILL(given_name);
	FILL(surname);
	FILL(cloud.user_type);
	FILL(cloud.dn);
	FILL(cloud.object_id);
	if (keep->immutable_id == NULL) {
		keep->immutable_id = dup->immutable_id;
		keep->has_immutable_id_bytes = dup->has_immutable_id_bytes;
		memcpy(keep->immutable_id_bytes, dup->immutable_id_bytes, 16);
	}
	if (keep->nproxy_addresses == 0) {
		keep->proxy_addresses = dup->proxy_addresses;
		keep->nproxy_addresses = dup->nproxy_addresses;
	}
	if (keep->rare->nprovisioning_errors == 0 &&
	    dup->rare->nprovisioning_errors > 0) {
		struct object_rare	*rare = table_rare(t, keep);

		rare->provisioning_errors = dup->rare->provisioning_errors;
		rare->nprovisioning_errors = dup->rare->nprovisioning_errors;
	}
	if (keep->sync_enabled == TRI_UNKNOWN)
		keep->sync_enabled = dup->sync_enabled;
	if (keep->account_enabled == TRI_UNKNOWN) {
		keep->account_enabled = dup->account_enabled;
		keep->is_disabled = dup->is_disabled;
	}
	table_commit(t, keep);
}

/* True when the object just loaded was merged into an earlier one. */
bool
tenant_merge_duplicate(struct load_ctx *ctx, const struct record *rec,
    struct object *o)
{
	struct object	*keep;

	if (o->side != SIDE_CLOUD ||
	    (keep = table_claim_cloud_id(ctx->table, o)) == NULL)
		return false;
	merge_cloud(ctx->table, keep, o);
	table_drop_last(ctx->table);
	diag(ctx->diag, D_CLOUD_MERGED, ctx->file, rec->line,
	    "id '%s', first loaded from %s:%lu", o->id, keep->origin->file,
	    keep->line);
	diag_count_merged(ctx->diag);
	return true;
}

