/*
 * ValueTooLong: IdFix's length checks that Entra ID does not make itself,
 * on objects in sync scope: a user's sAMAccountName past the 20 characters
 * of a logon name, and proxyAddresses values other than SMTP past 256.
 * Lengths Entra ID refuses are IdentityDataValidationFailed's.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "finding.h"
#include "identity_validation.h"
#include "rule.h"
#include "rulekit.h"
#include "table.h"
#include "xalloc.h"

static void	value_too_long_check(const struct rule_context *,
		    struct findings *);

const struct rule rule_value_too_long = {
	.id       = "ValueTooLong",
	.title    = "a value is longer than Windows or mail systems allow",
	.doc      = DOC_PREPARE_SYNC,
	.severity = SEV_WARNING,
	.needs    = RULE_NEEDS_ONPREM,
	.predicts =
	    "IdFix parity (warning): a user's sAMAccountName over 20 "
	    "characters (proposes a free 20-character value), a non-SMTP "
	    "proxy address over 256 characters",
	.explain  =
	    "IdFix, Microsoft's directory clean-up tool, holds each attribute to\n"
	    "a maximum length.  Where Entra ID refuses a longer value, that is an\n"
	    "IdentityDataValidationFailed error and is not reported again here:\n"
	    "userPrincipalName (113, with 64 before the '@' and 48 after it),\n"
	    "mail, SMTP proxyAddresses and targetAddress (256), mailNickname,\n"
	    "givenName and sn (64), displayName (256).  IdFix's own limits are\n"
	    "one short for some of them (givenName 63, displayName and\n"
	    "targetAddress 255): a 64-character givenName is valid, and\n"
	    "syncdoctor reports nothing.\n"
	    "\n"
	    "This rule reports, as warnings, on on-premises objects in sync\n"
	    "scope:\n"
	    "\n"
	    "sAMAccountName of a user longer than 20 characters: Windows signs a\n"
	    "user in with at most 20 (the pre-Windows 2000 logon name; Microsoft\n"
	    "365 preparation guide, IdFix's sAMAccountName length rule).  Entra\n"
	    "Connect exports it anyway, as onPremisesSamAccountName.  The finding\n"
	    "proposes the first 20 characters, made free with a digit when\n"
	    "another on-premises object holds them, or says no safe proposal\n"
	    "exists.  A name that also holds characters Windows refuses is\n"
	    "InvalidCharacters' finding, not this rule's.\n"
	    "\n"
	    "proxyAddresses values that are not SMTP (X500, X400, SIP, ...) longer\n"
	    "than 256 characters: the preparation guide limits every value to\n"
	    "256; only SMTP values are known to make the export fail, so this is\n"
	    "a warning.  No value is proposed: an address cannot be cut; remove\n"
	    "it when no mail system uses it any more.\n"
	    "\n"
	    "Source: IdFix, " IDFIX_SOURCE "\n"
	    "(Rules/MultiTenantRuleCollection.cs,\n"
	    "Rules/MultiTentant/SamAccountNameMaxLengthRule.cs).\n",
	.check    = value_too_long_check,
	.fix      = fix_plan_proposed,
};

/* Microsoft 365 preparation guide: every proxyAddresses value. */
#define PROXY_MAX		256

static bool
is_blank(const char *s)
{
	return s[strspn(s, " \t")] == '\0';
}

static void
check_sam(struct findings *out, const struct rulekit_sam_plan *sams,
    const struct object *o)
{
	const char	*s = o->sam_account_name;
	const char	*proposal;
	struct finding	*f;
	char		*dn, *quoted;
	size_t		 nchars;

	if (o->type != OBJ_USER || s == NULL || is_blank(s) ||
	    rulekit_sam_has_invalid(s))
		return;
	nchars = rulekit_count_chars(s);
	if (nchars <= RULEKIT_SAM_USER_MAX)
		return;
	proposal = rulekit_sam_plan_get(sams, o);
	f = rulekit_single(out, &rule_value_too_long,
	    SEV_WARNING, o, "sAMAccountName", s);
	finding_set_summary(out, f, "sAMAccountName '%s' is %zu characters "
	    "long; a user signs in to Windows with at most %d, so the logon "
	    "name is not usable as it stands", s, nchars,
	    RULEKIT_SAM_USER_MAX);
	dn = rulekit_ps_quote(object_display_name(o));
	if (proposal != NULL) {
		finding_set_proposed(out, f, "%s", proposal);
		quoted = rulekit_ps_quote(proposal);
		finding_add_step(out, f, "Set sAMAccountName to '%s' in "
		    "on-premises AD (no other object holds it):", proposal);
		finding_add_step(out, f, "Set-ADUser -Identity '%s' -Replace "
		    "@{sAMAccountName='%s'}", dn, quoted);
		finding_add_step(out, f, "Tell the user the new pre-Windows "
		    "2000 logon name, and update scripts that use the old one.");
		free(quoted);
	} else {
		finding_add_step(out, f, "No safe proposal: every 20-character "
		    "variant is taken.  Choose a shorter, unused name:");
		finding_add_step(out, f, "Set-ADUser -Identity '%s' -Replace "
		    "@{sAMAccountName='<new name>'}", dn);
	}
	rulekit_add_rerun_step(out, f);
	free(dn);
}

static void
check_proxy(struct findings *out, const struct object *o, const char *v)
{
	struct finding	*f;
	char		*dn, *quoted;
	size_t		 nchars;

	if (strncasecmp(v, "smtp:", 5) == 0)
		return;
	nchars = rulekit_count_chars(v);
	if (nchars <= PROXY_MAX || identity_reports_value("proxyAddresses", v))
		return;
	f = rulekit_single(out, &rule_value_too_long,
	    SEV_WARNING, o, "proxyAddresses", v);
	finding_set_summary(out, f, "proxyAddresses value '%s' is %zu "
	    "characters long; Microsoft 365's preparation guide allows %d per "
	    "value, and the cloud may drop it", v, nchars, PROXY_MAX);
	dn = rulekit_ps_quote(object_display_name(o));
	quoted = rulekit_ps_quote(v);
	finding_add_step(out, f, "Check whether a mail system still uses the "
	    "address (an X500 value keeps replies to old messages working); "
	    "if none does, remove it:");
	finding_add_step(out, f, "%s -Identity '%s' -Remove "
	    "@{proxyAddresses='%s'}", rulekit_set_cmdlet(o), dn, quoted);
	rulekit_add_rerun_step(out, f);
	free(dn);
	free(quoted);
}

static void
value_too_long_check(const struct rule_context *rc, struct findings *out)
{
	struct rulekit_sam_plan	*sams = rulekit_sam_plan_new(rc->table);
	size_t			 i, k, n = table_count(rc->table);

	for (i = 0; i < n; i++) {
		const struct object *o = table_get(rc->table, i);

		if (!rulekit_is_exported(o))
			continue;
		check_sam(out, sams, o);
		for (k = 0; k < o->nproxy_addresses; k++)
			check_proxy(out, o, o->proxy_addresses[k]);
	}
	rulekit_sam_plan_free(sams);
}
