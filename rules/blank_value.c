/*
 * BlankValue: IdFix's blank checks that Entra ID does not make itself, on
 * objects in sync scope: attributes present with an empty value.  A
 * missing displayName is not one: Entra Connect fills it from the cn.
 * Values of whitespace only are IdentityDataValidationFailed's.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "rule.h"
#include "rulekit.h"
#include "table.h"
#include "xalloc.h"

static void	blank_value_check(const struct rule_context *,
		    struct findings *);

const struct rule rule_blank_value = {
	.id       = "BlankValue",
	.title    = "an attribute is present but empty",
	.doc      = DOC_PREPARE_SYNC,
	.severity = SEV_WARNING,
	.needs    = RULE_NEEDS_ONPREM,
	.predicts =
	    "IdFix parity (warning): userPrincipalName, mailNickname, "
	    "sAMAccountName, givenName, sn or targetAddress present but "
	    "empty, a sAMAccountName of spaces; a missing displayName is "
	    "not reported, as Entra Connect fills it from the cn",
	.explain  =
	    "IdFix, Microsoft's directory clean-up tool, reports blank values.\n"
	    "Where Entra ID refuses or rewrites a value of whitespace only, that\n"
	    "is an IdentityDataValidationFailed finding (displayName, givenName,\n"
	    "sn, userPrincipalName, mail, mailNickname, proxyAddresses,\n"
	    "targetAddress) and is not reported again here.  This rule reports,\n"
	    "as warnings, on on-premises objects in sync scope:\n"
	    "\n"
	    "userPrincipalName, mailNickname, sAMAccountName, givenName, sn or\n"
	    "targetAddress present with an empty value: an attribute with no\n"
	    "text is usually left by a broken provisioning script, and the sync\n"
	    "treats it as absent (a user with an empty userPrincipalName gets\n"
	    "<mailNickname>@<tenant>.onmicrosoft.com, Entra Connect's UPN\n"
	    "planning article).  Clear it or give it its value.  A\n"
	    "sAMAccountName of spaces only is reported here too (Windows cannot\n"
	    "sign anyone in with it).\n"
	    "\n"
	    "Not reported, where IdFix reports it: a missing or empty\n"
	    "displayName.  Entra Connect's default inbound sync rules fill it\n"
	    "from the cn (the 'In from AD' Common rules flow displayName as\n"
	    "IIF(IsNullOrEmpty([displayName]),[cn],[displayName])), which is the\n"
	    "very value IdFix proposes; nothing needs fixing.\n"
	    "\n"
	    "Source: IdFix, " IDFIX_SOURCE "\n"
	    "(Rules/MultiTenantRuleCollection.cs, its displayName blank rule).\n",
	.check    = blank_value_check,
};

static void
add_clear_step(struct findings *out, struct finding *f,
    const struct object *o, const char *attribute)
{
	char	*dn = rulekit_ps_quote(object_display_name(o));

	finding_add_step(out, f, "%s -Identity '%s' -Clear %s",
	    rulekit_set_cmdlet(o), dn, attribute);
	free(dn);
}

/* A placeholder value for an attribute a user cannot be without. */
static void
add_set_step(struct findings *out, struct finding *f,
    const struct object *o, const char *attribute)
{
	char	*dn = rulekit_ps_quote(object_display_name(o));

	finding_add_step(out, f, "%s -Identity '%s' -Replace @{%s='%s'}",
	    rulekit_set_cmdlet(o), dn, attribute,
	    strcmp(attribute, "sAMAccountName") == 0 ? "<logon name>" :
	    "<name>@<verified domain>");
	free(dn);
}

/* An attribute present with no text at all (or spaces, for is_spaces). */
static void
check_empty(struct findings *out, const struct object *o,
    const char *attribute, const char *s, bool is_spaces)
{
	struct finding	*f;
	bool		 is_required = strcmp(attribute, "sAMAccountName") == 0 ||
			    strcmp(attribute, "userPrincipalName") == 0;

	if (s == NULL)
		return;
	if (s[0] != '\0' && !(is_spaces && s[strspn(s, " ")] == '\0'))
		return;
	f = rulekit_single(out, &rule_blank_value,
	    SEV_WARNING, o, attribute, s);
	finding_set_summary(out, f, "%s is present but %s; an attribute "
	    "without text is usually left by a broken script", attribute,
	    s[0] == '\0' ? "empty" : "holds only spaces");
	if (is_required) {
		finding_add_step(out, f, "Give it its real value (the %s "
		    "cannot be cleared):", strcmp(attribute, "sAMAccountName") ==
		    0 ? "logon name" : "sign-in name");
		add_set_step(out, f, o, attribute);
	} else {
		finding_add_step(out, f, "Clear the attribute, or give it its "
		    "real value:");
		add_clear_step(out, f, o, attribute);
	}
	rulekit_add_rerun_step(out, f);
}

static void
blank_value_check(const struct rule_context *rc, struct findings *out)
{
	size_t	i, n = table_count(rc->table);

	for (i = 0; i < n; i++) {
		const struct object *o = table_get(rc->table, i);

		if (!rulekit_is_exported(o))
			continue;
		check_empty(out, o, "userPrincipalName", o->upn, false);
		check_empty(out, o, "mailNickname", o->mail_nickname, false);
		check_empty(out, o, "sAMAccountName", o->sam_account_name,
		    true);
		check_empty(out, o, "givenName", o->given_name, false);
		check_empty(out, o, "sn", o->surname, false);
		check_empty(out, o, "targetAddress", object_target_address(o), false);
	}
}
