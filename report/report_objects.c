/*
 * `syncdoctor objects`: the unified table itself, so a consultant can see
 * what syncdoctor read from every record (JSON Lines or text).  Decoded
 * values, anchors in immutableId form, sizes instead of certificate and
 * photo bytes.  It lays out the objects' report view (view.h): with
 * --redact, every string it prints is already a pseudonym.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "jsonw.h"
#include "report.h"
#include "view.h"

static void
json_value(struct jsonw *w, const char *key, const struct view_value *v)
{
	jsonw_kv_string(w, key, view_text(v));
}

static void
json_value_list(struct jsonw *w, const char *key,
    const struct view_value *const *v, size_t n)
{
	size_t	i;

	jsonw_key(w, key);
	jsonw_array_begin(w);
	for (i = 0; i < n; i++)
		jsonw_string(w, view_text(v[i]));
	jsonw_array_end(w);
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
json_raw(struct jsonw *w, const struct view_object *o)
{
	size_t	i;

	jsonw_key(w, "attributes");
	jsonw_array_begin(w);
	for (i = 0; i < o->nattributes; i++) {
		const struct view_attribute *a = &o->attributes[i];

		jsonw_object_begin(w);
		jsonw_kv_string(w, "name", view_text(a->name));
		if (a->value != NULL && !a->is_binary)
			json_value(w, "value", a->value);
		else if (a->value != NULL)
			json_value(w, "binary", a->value);
		else
			jsonw_kv_uint(w, "bytes", a->bytes);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void
json_onprem_fields(struct jsonw *w, const struct view_object *o)
{
	jsonw_kv_string(w, "objectClass", o->object_class);
	if (o->object_guid != NULL)
		json_value(w, "objectGUID", o->object_guid);
	json_value(w, "objectGUIDImmutableId", o->object_guid_b64);
	json_value(w, "consistencyGuidImmutableId", o->consistency_guid_b64);
	json_value(w, "sAMAccountName", o->sam_account_name);
	json_value(w, "targetAddress", o->target_address);
	if (o->has_uac)
		jsonw_kv_uint(w, "userAccountControl", o->user_account_control);
	if (o->has_recipient_type)
		jsonw_kv_uint(w, "msExchRecipientTypeDetails",
		    o->recipient_type_details);
	jsonw_kv_bool(w, "isCriticalSystemObject",
	    o->is_critical_system_object);
	json_count_bytes(w, "userCertificate", o->ncertificates,
	    o->certificate_bytes);
	json_count_bytes(w, "userSMIMECertificate", o->nsmime_certificates,
	    o->smime_certificate_bytes);
	jsonw_kv_uint(w, "thumbnailPhotoBytes", o->thumbnail_photo_bytes);
}

static void
json_cloud_fields(struct jsonw *w, const struct view_object *o)
{
	json_value(w, "onPremisesImmutableId", o->immutable_id);
	if (o->immutable_id != NULL)
		jsonw_kv_bool(w, "immutableIdIsGuid", o->is_immutable_id_guid);
	jsonw_kv_string(w, "onPremisesSyncEnabled", o->sync_enabled);
	jsonw_kv_string(w, "accountEnabled", o->account_enabled);
	jsonw_kv_string(w, "userType", o->user_type);
	json_string_list(w, "roles", o->roles, o->nroles);
	json_value_list(w, "provisioningErrors", o->provisioning_errors,
	    o->nprovisioning_errors);
}

static void
json_extensions(struct jsonw *w, const struct view_object *o)
{
	size_t	i;

	if (o->nextensions == 0)
		return;
	jsonw_key(w, "extensions");
	jsonw_array_begin(w);
	for (i = 0; i < o->nextensions; i++) {
		jsonw_object_begin(w);
		jsonw_kv_string(w, "name", view_text(o->extensions[i].name));
		jsonw_kv_uint(w, "longest", o->extensions[i].longest);
		jsonw_kv_uint(w, "values", o->extensions[i].count);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

/* Another object, by file and line, then DN (on premises) or id and UPN. */
static void
json_ref(struct jsonw *w, const char *key, const struct view_object *o)
{
	jsonw_key(w, key);
	jsonw_object_begin(w);
	json_value(w, "file", o->file);
	jsonw_kv_uint(w, "line", o->line);
	if (o->side == SIDE_ONPREM)
		json_value(w, "dn", o->dn);
	else {
		json_value(w, "id", o->id);
		json_value(w, "userPrincipalName", o->upn);
	}
	jsonw_object_end(w);
}

/* Values another cloud object keeps: quarantined, or the reason for a block. */
static void
json_conflicts(struct jsonw *w, const struct view_prediction *p)
{
	size_t	i;

	if (p->nconflicts == 0)
		return;
	jsonw_key(w, "conflicts");
	jsonw_array_begin(w);
	for (i = 0; i < p->nconflicts; i++) {
		const struct view_conflict *c = &p->conflicts[i];

		jsonw_object_begin(w);
		jsonw_kv_string(w, "attribute", c->attribute);
		json_value(w, "value", c->value);
		if (c->placeholder != NULL)
			json_value(w, "placeholder", c->placeholder);
		json_ref(w, "heldBy", c->holder);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void
json_predicted(struct jsonw *w, const struct view_object *o)
{
	const struct view_prediction	*p = o->prediction;

	jsonw_key(w, "predicted");
	jsonw_object_begin(w);
	jsonw_kv_string(w, "outcome", o->outcome_id);
	json_value(w, "description", o->outcome);
	if (p->error != NULL)
		jsonw_kv_string(w, "error", p->error);
	if (p->cloud != NULL)
		json_ref(w, "cloud", p->cloud);
	jsonw_kv_string(w, "matchedOn", p->matched_on);
	json_value(w, "value", p->value);
	if (p->upn_in_entra != NULL)
		json_value(w, "userPrincipalNameInEntra", p->upn_in_entra);
	json_conflicts(w, p);
	if (p->contested_with != NULL) {
		jsonw_key(w, "contested");
		jsonw_object_begin(w);
		jsonw_kv_string(w, "attribute", p->contested_attribute);
		json_value(w, "value", p->contested_value);
		json_ref(w, "with", p->contested_with);
		jsonw_object_end(w);
	}
	jsonw_object_end(w);
}

static void
json_one_object(struct jsonw *w, const struct view_object *o)
{
	jsonw_object_begin(w);
	jsonw_kv_string(w, "side", side_name(o->side));
	json_value(w, "file", o->file);
	jsonw_kv_uint(w, "line", o->line);
	json_value(w, "label", o->label);
	jsonw_kv_string(w, "type", object_type_name(o->type));
	jsonw_kv_bool(w, "inScope", o->is_in_scope);
	if (!o->is_in_scope) {
		if (o->scope_note != NULL)
			json_value(w, "outOfScopeBecause", o->scope_note);
		else
			jsonw_kv_string(w, "outOfScopeBecause",
			    o->scope_reason);
	}
	if (o->dn != NULL)
		json_value(w, "dn", o->dn);
	if (o->id != NULL)
		json_value(w, "id", o->id);
	json_value(w, "anchor", o->anchor);
	jsonw_kv_string(w, "anchorAttribute", o->anchor_attribute);
	json_value(w, "userPrincipalName", o->upn);
	json_value(w, "mail", o->mail);
	json_value(w, "mailNickname", o->mail_nickname);
	json_value_list(w, "proxyAddresses", o->proxy_addresses,
	    o->nproxy_addresses);
	json_value(w, "displayName", o->display_name);
	json_value(w, "givenName", o->given_name);
	json_value(w, "surname", o->surname);
	jsonw_kv_bool(w, "disabled", o->is_disabled);
	if (o->side == SIDE_ONPREM)
		json_onprem_fields(w, o);
	else
		json_cloud_fields(w, o);
	json_extensions(w, o);
	if (o->prediction != NULL)
		json_predicted(w, o);
	if (o->nattributes > 0)
		json_raw(w, o);
	jsonw_object_end(w);
	fputc('\n', w->out);
}

void
report_objects_json(FILE *out, const struct report_view *v)
{
	size_t	i;

	for (i = 0; i < v->nobjects; i++) {
		struct jsonw	w;

		jsonw_init(&w, out, false);
		json_one_object(&w, v->objects[i]);
	}
}

/* A value as text, escaped for the terminal. */
static void
text_value(FILE *out, const struct view_value *v)
{
	escape_text(out, v->text, strlen(v->text));
}

static void
text_field(FILE *out, const char *name, const struct view_value *value)
{
	if (value == NULL)
		return;
	fprintf(out, "    %-20s ", name);
	text_value(out, value);
	fputc('\n', out);
}

static void
text_cloud_ref(FILE *out, const struct view_object *c)
{
	text_value(out, c->file);
	fprintf(out, ":%lu", c->line);
	if (c->id != NULL) {
		fputs(" id ", out);
		text_value(out, c->id);
	}
}

/* Another on-premises object: its DN, then file:line. */
static void
text_object_ref(FILE *out, const struct view_object *o)
{
	fputc('\'', out);
	text_value(out, o->dn);
	fputs("' ", out);
	text_value(out, o->file);
	fprintf(out, ":%lu", o->line);
}

/* attribute 'value': how the prediction quotes what it matched on. */
static void
text_quoted(FILE *out, const char *attribute, const struct view_value *v)
{
	escape_text(out, attribute, strlen(attribute));
	fputs(" '", out);
	text_value(out, v);
	fputc('\'', out);
}

static void
text_predicted(FILE *out, const struct view_object *o)
{
	const struct view_prediction	*p = o->prediction;
	size_t				 i;

	text_field(out, "predicted", o->outcome);
	if (p->cloud != NULL) {
		fprintf(out, "    %-20s ", "cloud object");
		text_cloud_ref(out, p->cloud);
		fputc('\n', out);
	}
	if (p->matched_on != NULL && p->value != NULL) {
		fprintf(out, "    %-20s ", "matched on");
		text_quoted(out, p->matched_on, p->value);
		fputc('\n', out);
	}
	text_field(out, "UPN in Entra ID", p->upn_in_entra);
	for (i = 0; i < p->nconflicts; i++) {
		const struct view_conflict *c = &p->conflicts[i];

		fprintf(out, "    %-20s ", "kept by another");
		text_quoted(out, c->attribute, c->value);
		fputs(" held by ", out);
		text_cloud_ref(out, c->holder);
		fputc('\n', out);
	}
	if (p->contested_with != NULL) {
		fprintf(out, "    %-20s ", "shared with");
		text_quoted(out, p->contested_attribute, p->contested_value);
		fputs(" also exported by ", out);
		text_object_ref(out, p->contested_with);
		fputc('\n', out);
	}
}

/* The first line: file:line, side, type, and why out of scope. */
static void
text_heading(FILE *out, const struct view_object *o)
{
	text_value(out, o->file);
	fprintf(out, ":%lu: %s %s", o->line, side_name(o->side),
	    object_type_name(o->type));
	if (!o->is_in_scope) {
		fputs(", out of scope: ", out);
		if (o->scope_note != NULL)
			fputs(o->scope_note->text, out);
		else
			fputs(o->scope_reason, out);
	}
	fputc('\n', out);
}

void
report_objects_text(FILE *out, const struct report_view *v)
{
	size_t	i, j;

	report_left_out(out, v, "Partial run: left out as unusable: ", text_value);
	for (i = 0; i < v->nobjects; i++) {
		const struct view_object *o = v->objects[i];

		text_heading(out, o);
		text_field(out, "dn", o->dn);
		text_field(out, "id", o->id);
		text_field(out, "anchor", o->anchor);
		text_field(out, "userPrincipalName", o->upn);
		text_field(out, "mail", o->mail);
		text_field(out, "displayName", o->display_name);
		for (j = 0; j < o->nproxy_addresses; j++)
			text_field(out, "proxyAddresses",
			    o->proxy_addresses[j]);
		text_field(out, "onPremisesImmutableId", o->immutable_id);
		if (o->prediction != NULL)
			text_predicted(out, o);
		for (j = 0; j < o->nroles; j++) {
			fprintf(out, "    %-20s ", "role");
			escape_text(out, o->roles[j], strlen(o->roles[j]));
			fputc('\n', out);
		}
		if (o->ncertificates)
			fprintf(out, "    %-20s %zu (%zu bytes)\n",
			    "userCertificate", o->ncertificates,
			    o->certificate_bytes);
		if (o->thumbnail_photo_bytes)
			fprintf(out, "    %-20s %zu bytes\n", "thumbnailPhoto",
			    o->thumbnail_photo_bytes);
		fputc('\n', out);
	}
}
