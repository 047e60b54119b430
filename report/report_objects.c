/*
 * `syncdoctor objects`: the unified table itself, so a consultant can see
 * what syncdoctor read from every record (JSON Lines or text).  Decoded
 * values, anchors in immutableId form, sizes instead of certificate and
 * photo bytes.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base64.h"
#include "escape.h"
#include "jsonw.h"
#include "match.h"
#include "report.h"

static const char *
tristate_name(enum tristate v)
{
	return v == TRI_TRUE ? "true" : v == TRI_FALSE ? "false" : NULL;
}

static void
json_string_list(struct jsonw *w, const char *key, const char *const *v,
    size_t n)
{
	size_t	i;

	jsonw_key(w, key);
	jsonw_array_begin(w);
	for (i = 0; i < n; i++)
		jsonw_string(w, v[i]);
	jsonw_array_end(w);
}

static void
json_count_bytes(struct jsonw *w, const char *key, size_t count, size_t bytes)
{
	jsonw_key(w, key);
	jsonw_object_begin(w);
	jsonw_kv_uint(w, "count", count);
	jsonw_kv_uint(w, "bytes", bytes);
	jsonw_object_end(w);
}

static void
json_raw(struct jsonw *w, const struct object *o)
{
	size_t	i;

	jsonw_key(w, "attributes");
	jsonw_array_begin(w);
	for (i = 0; i < o->rare->nraw; i++) {
		const struct raw_value *r = &o->rare->raw[i];

		jsonw_object_begin(w);
		jsonw_kv_string(w, "name", r->name);
		if (r->value != NULL && !r->is_binary)
			jsonw_kv_string(w, "value", r->value);
		else if (r->value != NULL)
			jsonw_kv_string(w, "binary", r->value);
		else
			jsonw_kv_uint(w, "bytes", r->len);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void
json_onprem_fields(struct jsonw *w, const struct object *o)
{
	char	guid[37];

	jsonw_kv_string(w, "objectClass", o->object_class);
	if (o->has_object_guid) {
		guid_format(o->object_guid, guid);
		jsonw_kv_string(w, "objectGUID", guid);
	}
	jsonw_kv_string(w, "objectGUIDImmutableId", o->object_guid_b64);
	jsonw_kv_string(w, "consistencyGuidImmutableId",
	    o->rare->consistency_guid_b64);
	jsonw_kv_string(w, "sAMAccountName", o->sam_account_name);
	jsonw_kv_string(w, "targetAddress", o->target_address);
	if (o->has_uac)
		jsonw_kv_uint(w, "userAccountControl", o->user_account_control);
	if (o->has_recipient_type)
		jsonw_kv_uint(w, "msExchRecipientTypeDetails",
		    o->recipient_type_details);
	jsonw_kv_bool(w, "isCriticalSystemObject",
	    o->is_critical_system_object);
	json_count_bytes(w, "userCertificate", o->rare->ncertificates,
	    o->rare->certificate_bytes);
	json_count_bytes(w, "userSMIMECertificate", o->rare->nsmime_certificates,
	    o->rare->smime_certificate_bytes);
	jsonw_kv_uint(w, "thumbnailPhotoBytes", o->rare->thumbnail_photo_bytes);
}

static void
json_cloud_fields(struct jsonw *w, const struct object *o)
{
	jsonw_kv_string(w, "onPremisesImmutableId", o->immutable_id);
	if (o->immutable_id != NULL)
		jsonw_kv_bool(w, "immutableIdIsGuid", o->has_immutable_id_bytes);
	jsonw_kv_string(w, "onPremisesSyncEnabled",
	    tristate_name(o->sync_enabled));
	jsonw_kv_string(w, "accountEnabled", tristate_name(o->account_enabled));
	jsonw_kv_string(w, "userType", o->user_type);
	json_string_list(w, "roles", o->rare->roles, o->rare->nroles);
	json_string_list(w, "provisioningErrors", o->rare->provisioning_errors,
	    o->rare->nprovisioning_errors);
}

static void
json_extensions(struct jsonw *w, const struct object *o)
{
	size_t	i;

	if (o->rare->nextensions == 0)
		return;
	jsonw_key(w, "extensions");
	jsonw_array_begin(w);
	for (i = 0; i < o->rare->nextensions; i++) {
		jsonw_object_begin(w);
		jsonw_kv_string(w, "name", o->rare->extensions[i].name);
		jsonw_kv_uint(w, "longest", o->rare->extensions[i].len);
		jsonw_kv_uint(w, "values", o->rare->extensions[i].count);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

/* Another object, by file and line, then DN (on premises) or id and UPN. */
static void
json_ref(struct jsonw *w, const char *key, const struct object *o)
{
	jsonw_key(w, key);
	jsonw_object_begin(w);
	jsonw_kv_string(w, "file", o->file);
	jsonw_kv_uint(w, "line", o->line);
	if (o->side == SIDE_ONPREM)
		jsonw_kv_string(w, "dn", o->dn);
	else {
		jsonw_kv_string(w, "id", o->id);
		jsonw_kv_string(w, "userPrincipalName", o->upn);
	}
	jsonw_object_end(w);
}

/* Values another cloud object keeps: quarantined, or the reason for a block. */
static void
json_conflicts(struct jsonw *w, const struct match *m)
{
	size_t	i;

	if (m->nconflicts == 0)
		return;
	jsonw_key(w, "conflicts");
	jsonw_array_begin(w);
	for (i = 0; i < m->nconflicts; i++) {
		const struct match_conflict *c = &m->rare->conflicts[i];

		jsonw_object_begin(w);
		jsonw_kv_string(w, "attribute", c->attribute);
		jsonw_kv_string(w, "value", c->value);
		if (c->placeholder != NULL)
			jsonw_kv_string(w, "placeholder", c->placeholder);
		json_ref(w, "heldBy", c->holder);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void
json_predicted(struct jsonw *w, const struct match *m,
    const struct verdict *d)
{
	jsonw_key(w, "predicted");
	jsonw_object_begin(w);
	jsonw_kv_string(w, "outcome", verdict_kind_id(d->kind));
	jsonw_kv_string(w, "description", d->label);
	if (d->error != NULL)
		jsonw_kv_string(w, "error", d->error);
	if (m->cloud != NULL)
		json_ref(w, "cloud", m->cloud);
	jsonw_kv_string(w, "matchedOn", m->attribute);
	jsonw_kv_string(w, "value", m->value);
	if (m->is_upn_rewritten)
		jsonw_kv_string(w, "userPrincipalNameInEntra", match_upn(m));
	json_conflicts(w, m);
	if (m->rare->contested_with != NULL) {
		jsonw_key(w, "contested");
		jsonw_object_begin(w);
		jsonw_kv_string(w, "attribute", m->rare->contested_attribute);
		jsonw_kv_string(w, "value", m->rare->contested_value);
		json_ref(w, "with", m->rare->contested_with);
		jsonw_object_end(w);
	}
	jsonw_object_end(w);
}

static void
json_one_object(struct jsonw *w, const struct object *o,
    const struct analysis *an)
{
	const struct match	*m = an != NULL ? match_for(an->matches, o) :
	    NULL;
	const struct verdict	*d = an != NULL ? verdict_of(&an->verdicts, o) :
	    NULL;

	jsonw_object_begin(w);
	jsonw_kv_string(w, "side", side_name(o->side));
	jsonw_kv_string(w, "file", o->file);
	jsonw_kv_uint(w, "line", o->line);
	jsonw_kv_string(w, "label", o->label);
	jsonw_kv_string(w, "type", object_type_name(o->type));
	jsonw_kv_bool(w, "inScope", o->scope == SCOPE_IN);
	if (o->scope != SCOPE_IN)
		jsonw_kv_string(w, "outOfScopeBecause", o->rare->scope_note ?
		    o->rare->scope_note : scope_reason(o->scope));
	if (o->dn != NULL)
		jsonw_kv_string(w, "dn", o->dn);
	if (o->id != NULL)
		jsonw_kv_string(w, "id", o->id);
	jsonw_kv_string(w, "anchor", object_anchor(o));
	jsonw_kv_string(w, "anchorAttribute", object_anchor_attribute(o));
	jsonw_kv_string(w, "userPrincipalName", o->upn);
	jsonw_kv_string(w, "mail", o->mail);
	jsonw_kv_string(w, "mailNickname", o->mail_nickname);
	json_string_list(w, "proxyAddresses", o->proxy_addresses,
	    o->nproxy_addresses);
	jsonw_kv_string(w, "displayName", o->display_name);
	jsonw_kv_string(w, "givenName", o->given_name);
	jsonw_kv_string(w, "surname", o->surname);
	jsonw_kv_bool(w, "disabled", o->is_disabled);
	if (o->side == SIDE_ONPREM)
		json_onprem_fields(w, o);
	else
		json_cloud_fields(w, o);
	json_extensions(w, o);
	if (m != NULL && d != NULL)
		json_predicted(w, m, d);
	if (o->rare->nraw > 0)
		json_raw(w, o);
	jsonw_object_end(w);
	fputc('\n', w->out);
}

void
report_objects_json(FILE *out, const struct table *t,
    const struct analysis *an)
{
	size_t	i, n = table_count(t);

	for (i = 0; i < n; i++) {
		const struct object	*o = table_get(t, i);
		struct jsonw		 w;

		jsonw_init(&w, out, false);
		json_one_object(&w, o, an);
	}
}

static void
text_field(FILE *out, const char *name, const char *value)
{
	if (value == NULL)
		return;
	fprintf(out, "    %-20s ", name);
	escape_text(out, value, strlen(value));
	fputc('\n', out);
}

static void
text_cloud_ref(FILE *out, const struct object *c)
{
	escape_text(out, c->file, strlen(c->file));
	fprintf(out, ":%lu", c->line);
	if (c->id != NULL) {
		fputs(" id ", out);
		escape_text(out, c->id, strlen(c->id));
	}
}

/* Another on-premises object: its DN, then file:line. */
static void
text_object_ref(FILE *out, const struct object *o)
{
	fputc('\'', out);
	escape_text(out, o->dn, strlen(o->dn));
	fputs("' ", out);
	escape_text(out, o->file, strlen(o->file));
	fprintf(out, ":%lu", o->line);
}

static void
text_predicted(FILE *out, const struct match *m, const struct verdict *d)
{
	size_t	i;

	text_field(out, "predicted", d->label);
	if (m->cloud != NULL) {
		fprintf(out, "    %-20s ", "cloud object");
		text_cloud_ref(out, m->cloud);
		fputc('\n', out);
	}
	if (m->attribute != NULL && m->value != NULL) {
		fprintf(out, "    %-20s ", "matched on");
		escape_text(out, m->attribute, strlen(m->attribute));
		fputs(" '", out);
		escape_text(out, m->value, strlen(m->value));
		fputs("'\n", out);
	}
	if (m->is_upn_rewritten)
		text_field(out, "UPN in Entra ID", match_upn(m));
	for (i = 0; i < m->nconflicts; i++) {
		const struct match_conflict *c = &m->rare->conflicts[i];

		fprintf(out, "    %-20s ", "kept by another");
		escape_text(out, c->attribute, strlen(c->attribute));
		fputs(" '", out);
		escape_text(out, c->value, strlen(c->value));
		fputs("' held by ", out);
		text_cloud_ref(out, c->holder);
		fputc('\n', out);
	}
	if (m->rare->contested_with != NULL) {
		fprintf(out, "    %-20s ", "shared with");
		escape_text(out, m->rare->contested_attribute,
		    strlen(m->rare->contested_attribute));
		fputs(" '", out);
		escape_text(out, m->rare->contested_value,
		    strlen(m->rare->contested_value));
		fputs("' also exported by ", out);
		text_object_ref(out, m->rare->contested_with);
		fputc('\n', out);
	}
}

void
report_objects_text(FILE *out, const struct table *t,
    const struct analysis *an)
{
	size_t	i, j, n = table_count(t);

	for (i = 0; i < n; i++) {
		const struct object *o = table_get(t, i);

		escape_text(out, o->file, strlen(o->file));
		fprintf(out, ":%lu: %s %s%s%s\n", o->line, side_name(o->side),
		    object_type_name(o->type),
		    o->scope == SCOPE_IN ? "" : ", out of scope: ",
		    o->scope == SCOPE_IN ? "" : (o->rare->scope_note ?
		    o->rare->scope_note : scope_reason(o->scope)));
		text_field(out, "dn", o->dn);
		text_field(out, "id", o->id);
		text_field(out, "anchor", object_anchor(o));
		text_field(out, "userPrincipalName", o->upn);
		text_field(out, "mail", o->mail);
		text_field(out, "displayName", o->display_name);
		for (j = 0; j < o->nproxy_addresses; j++)
			text_field(out, "proxyAddresses", o->proxy_addresses[j]);
		text_field(out, "onPremisesImmutableId", o->immutable_id);
		if (an != NULL && match_for(an->matches, o) != NULL &&
		    verdict_of(&an->verdicts, o) != NULL)
			text_predicted(out, match_for(an->matches, o),
			    verdict_of(&an->verdicts, o));
		for (j = 0; j < o->rare->nroles; j++)
			text_field(out, "role", o->rare->roles[j]);
		if (o->rare->ncertificates)
			fprintf(out, "    %-20s %zu (%zu bytes)\n",
			    "userCertificate", o->rare->ncertificates,
			    o->rare->certificate_bytes);
		if (o->rare->thumbnail_photo_bytes)
			fprintf(out, "    %-20s %zu bytes\n", "thumbnailPhoto",
			    o->rare->thumbnail_photo_bytes);
		fputc('\n', out);
	}
}
