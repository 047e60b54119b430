/*
 * ImmutableIdFormat: cloud objects whose onPremisesImmutableId is not the
 * base64 of 16 bytes.  Entra Connect's default source anchors (objectGUID,
 * mS-DS-ConsistencyGuid copied from it) are 16 bytes, so such a value can
 * only be hard-matched by an anchor written on purpose; until then the
 * on-premises twin falls back to a soft match, and that fails because the
 * cloud object is already anchored.  Not one of Microsoft's error names:
 * a cause of InvalidSoftMatch that can be seen before any sync.
 */
#include "config.h"

#include <string.h>

#include "base64.h"
#include "finding.h"
#include "rule.h"
#include "rulekit.h"
#include "table.h"
#include "xalloc.h"

static void	immutable_id_format_check(const struct rule_context *,
		    struct findings *);

const struct rule rule_immutable_id_format = {
	.id       = "ImmutableIdFormat",
	.title    = "a cloud immutableId no default source anchor can match",
	.doc      = DOC_SYNC_ERRORS "#invalidsoftmatch",
	.severity = SEV_WARNING,
	.needs    = RULE_NEEDS_CLOUD,
	.predicts =
	    "a cloud onPremisesImmutableId that is not the base64 of 16 "
	    "bytes, which no default source anchor can hard-match (a cause "
	    "of InvalidSoftMatch seen before the first sync); a GUID in "
	    "text form gets the base64 it should be",
	.explain  =
	    "The hard match compares the sourceAnchor Entra Connect computes\n"
	    "for an on-premises object with the onPremisesImmutableId of the\n"
	    "cloud objects.  By default that anchor is the 16 bytes of\n"
	    "objectGUID (or of mS-DS-ConsistencyGuid, which Entra Connect fills\n"
	    "from objectGUID), written in base64: 24 characters ending in '=='.\n"
	    "A cloud object whose immutableId is anything else (an e-mail\n"
	    "address or employee number set by an older sync tool or a script,\n"
	    "a GUID in text form, a value cut short) cannot be hard-matched by\n"
	    "a default installation.  Its on-premises twin then tries a soft\n"
	    "match, which Entra ID refuses because the cloud object is already\n"
	    "anchored: InvalidSoftMatch on the first export.\n"
	    "\n"
	    "A warning, because a deliberate anchor design (a custom\n"
	    "sourceAnchor attribute holding the same value) does match.  When\n"
	    "the value is a GUID in text form, the finding gives the base64 it\n"
	    "should have been.\n"
	    "\n"
	    "Fix: either write the anchor the cloud object expects into the\n"
	    "on-premises object's mS-DS-ConsistencyGuid (when the value decodes\n"
	    "to bytes) and use mS-DS-ConsistencyGuid as the source anchor, or\n"
	    "set the cloud object's immutableId to the base64 of its\n"
	    "on-premises twin's objectGUID before the first sync (Microsoft\n"
	    "Graph PowerShell: Update-MgUser -UserId <id>\n"
	    "-OnPremisesImmutableId <base64>; possible while the object is not\n"
	    "synced).\n",
	.check    = immutable_id_format_check,
};

static void
immutable_id_finding(struct findings *out, const struct table *t,
    const struct object *o)
{
	struct finding	*f;
	unsigned char	 guid[16];
	char		 b64[BASE64_ENCODED_SIZE(16)];
	const char	*name = o->upn != NULL ? o->upn : o->id;

	f = findings_add(out, &rule_immutable_id_format, SEV_WARNING,
	    "onPremisesImmutableId", o->immutable_id);
	finding_add_object(out, f, o, o->immutable_id,
	    "onPremisesImmutableId", NULL);
	finding_set_summary(out, f,
	    "cloud %s '%s' has onPremisesImmutableId '%s', which is not the "
	    "base64 of 16 bytes: no default source anchor can hard-match it",
	    object_type_name(o->type), name, o->immutable_id);
	if (guid_parse(o->immutable_id, strlen(o->immutable_id), guid)) {
		base64_encode(guid, 16, b64);
		finding_add_step(out, f,
		    "The value is a GUID in text form; the immutableId of the "
		    "same GUID is '%s'.  If '%s' is the objectGUID of its "
		    "on-premises twin, set the cloud object's immutableId to "
		    "'%s' before the first sync (Update-MgUser -UserId '%s' "
		    "-OnPremisesImmutableId '%s').", b64, o->immutable_id, b64,
		    o->id != NULL ? o->id : name, b64);
	} else {
		finding_add_step(out, f,
		    "Find the on-premises object this cloud object belongs to "
		    "(same userPrincipalName or mail) and decide the anchor: "
		    "either its objectGUID in base64, written to the cloud object "
		    "with Update-MgUser -UserId '%s' -OnPremisesImmutableId "
		    "'<base64>', or this value kept through a custom "
		    "sourceAnchor attribute.", o->id != NULL ? o->id : name);
	}
	rulekit_federated_claim_step(out, f, t, o);
	finding_add_step(out, f,
	    "Run syncdoctor again with both exports: the on-premises twin "
	    "should now hard-match instead of failing with InvalidSoftMatch.");
}

static void
immutable_id_format_check(const struct rule_context *rc,
    struct findings *out)
{
	size_t	i, n = table_count(rc->table);

	for (i = 0; i < n; i++) {
		const struct object *o = table_get(rc->table, i);

		if (o->side == SIDE_CLOUD && o->immutable_id != NULL &&
		    !o->has_immutable_id_bytes)
			immutable_id_finding(out, rc->table, o);
	}
}
