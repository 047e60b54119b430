/*
 * InvalidCharacters: IdFix's character checks that Entra ID does not make
 * itself, on objects in sync scope: sAMAccountName (the pre-Windows 2000
 * logon name) and control characters in displayName, givenName and sn.
 * Characters Entra ID refuses are IdentityDataValidationFailed's; a value
 * that rule reports is skipped here.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "identity_validation.h"
#include "rule.h"
#include "rulekit.h"
#include "table.h"
#include "xalloc.h"

static void	invalid_characters_check(const struct rule_context *,
		    struct findings *);

const struct rule rule_invalid_characters = {
	.id       = "InvalidCharacters",
	.title    = "a value holds characters Windows or mail clients refuse",
	.doc      = DOC_PREPARE_SYNC,
	.severity = SEV_WARNING,
	.needs    = RULE_NEEDS_ONPREM,
	.predicts =
	    "IdFix parity (warning): a sAMAccountName with characters "
	    "Windows refuses in a logon name (`\" / \\ [ ] : ; \\| = , + * "
	    "? < >`, controls), control characters or non-UTF-8 bytes in "
	    "displayName, givenName, sn; proposes the cleaned value, free "
	    "among all sAMAccountNames",
	.explain  =
	    "IdFix, Microsoft's directory clean-up tool, looks for characters\n"
	    "each attribute should not hold.  Entra ID refuses some of them: those\n"
	    "are IdentityDataValidationFailed errors (userPrincipalName,\n"
	    "proxyAddresses, mail, targetAddress, mailNickname) and this rule\n"
	    "does not report them again.  This rule reports the rest, as\n"
	    "warnings, on on-premises objects in sync scope:\n"
	    "\n"
	    "sAMAccountName: Windows refuses \" / \\ [ ] : ; | = , + * ? < > and\n"
	    "control characters in a pre-Windows 2000 logon name (Microsoft 365\n"
	    "preparation guide; IdFix's multi-tenant sAMAccountName rule).  Entra\n"
	    "Connect still exports the object, as onPremisesSamAccountName, but\n"
	    "the account cannot sign in to Windows with DOMAIN\\name and scripts\n"
	    "that read it break.  The finding proposes the value with those\n"
	    "characters removed, cut to 20 characters for a user, and free: no\n"
	    "other on-premises object holds it (else a digit is added, and when\n"
	    "no variant is free the finding says so).  A name with such\n"
	    "characters that is also too long is reported here only, never again\n"
	    "by ValueTooLong.\n"
	    "\n"
	    "displayName, givenName, sn: control characters (line breaks, tabs,\n"
	    "other C0 and C1 controls) or bytes that are not UTF-8.  Entra ID\n"
	    "takes them, then every address list and sign-in page shows them.\n"
	    "The proposal replaces each run of them with one space.  A value\n"
	    "too long or blank is an IdentityDataValidationFailed error instead.\n"
	    "\n"
	    "Not reported, where IdFix reports them: an apostrophe in a\n"
	    "userPrincipalName, an address or an X500 value (valid:\n"
	    "o'brien@contoso.com), and parentheses in X500 values (their\n"
	    "grammar has them).\n"
	    "\n"
	    "Source: IdFix, " IDFIX_SOURCE "\n"
	    "(Settings/Constants.cs, Rules/MultiTenantRuleCollection.cs).\n",
	.check    = invalid_characters_check,
	.fix      = fix_plan_proposed,
};

struct ictx {
	struct findings			*out;
	struct rulekit_sam_plan		*sams;	/* the run's proposals */
};

static void
add_replace_step(struct findings *out, struct finding *f,
    const struct object *o, const char *attribute, const char *value)
{
	char	*dn = rulekit_ps_quote(object_display_name(o));
	char	*v = rulekit_ps_quote(value);

	finding_add_step(out, f, "%s -Identity '%s' -Replace @{%s='%s'}",
	    rulekit_set_cmdlet(o), dn, attribute, v);
	free(dn);
	free(v);
}

static void
check_sam(struct ictx *ic, const struct object *o)
{
	const char	*s = o->sam_account_name;
	size_t		 max = o->type == OBJ_USER ? RULEKIT_SAM_USER_MAX :
			    RULEKIT_SAM_OTHER_MAX;
	struct finding	*f;
	const char	*proposal;

	if (s == NULL || !rulekit_sam_has_invalid(s))
		return;
	proposal = rulekit_sam_plan_get(ic->sams, o);
	f = rulekit_single(ic->out, &rule_invalid_characters,
	    SEV_WARNING, o, "sAMAccountName", s);
	finding_set_summary(ic->out, f, "sAMAccountName '%s' holds characters "
	    "Windows refuses in a logon name (\" / \\ [ ] : ; | = , + * ? < > "
	    "or controls)%s; Entra ID takes it, but the account cannot sign "
	    "in to Windows with it", s, rulekit_count_chars(s) > max ?
	    " and is longer than a logon name may be" : "");
	if (proposal != NULL) {
		finding_set_proposed(ic->out, f, "%s", proposal);
		finding_add_step(ic->out, f, "Set sAMAccountName to '%s' in "
		    "on-premises AD (no other object holds it):", proposal);
		add_replace_step(ic->out, f, o, "sAMAccountName", proposal);
		finding_add_step(ic->out, f, "Tell the user the new "
		    "pre-Windows 2000 logon name, and update scripts that use "
		    "the old one.");
	} else {
		finding_add_step(ic->out, f, "No safe proposal: without those "
		    "characters the name is empty or every variant is taken. "
		    "Choose a new name of letters, digits, '.', '-' and '_':");
		add_replace_step(ic->out, f, o, "sAMAccountName", "<new name>");
	}
	rulekit_add_rerun_step(ic->out, f);
}

/* What is wrong with the characters of s, in words, or NULL. */
static const char *
control_kind(const char *s)
{
	size_t	n = strlen(s), i, len;
	long	cp;

	for (i = 0; i < n; i += len) {
		len = rulekit_utf8_next(s, n, i, &cp);
		if (cp < 0)
			return "bytes that are not UTF-8 text";
		if (rulekit_is_control(cp))
			return "control characters (line breaks, tabs or other "
			    "invisible codes)";
	}
	return NULL;
}

/* s with each run of controls and spaces around them as one space. */
static char *
controls_replaced(const char *s)
{
	size_t	 n = strlen(s), i, len, k = 0;
	char	*t = xmalloc(n + 1);
	long	 cp;
	bool	 is_gap = false;

	for (i = 0; i < n; i += len) {
		len = rulekit_utf8_next(s, n, i, &cp);
		if (rulekit_is_control(cp) || cp == ' ') {
			is_gap = true;
			continue;
		}
		if (is_gap && k > 0)
			t[k++] = ' ';
		is_gap = false;
		memcpy(t + k, s + i, len);
		k += len;
	}
	t[k] = '\0';
	return t;
}

static void
check_name(struct ictx *ic, const struct object *o, const char *attribute,
    const char *s)
{
	struct finding	*f;
	const char	*kind;
	char		*proposal;

	if (s == NULL || (kind = control_kind(s)) == NULL ||
	    identity_reports_value(attribute, s))
		return;
	proposal = controls_replaced(s);
	f = rulekit_single(ic->out, &rule_invalid_characters,
	    SEV_WARNING, o, attribute, s);
	finding_set_summary(ic->out, f, "%s '%s' holds %s; Entra ID keeps "
	    "them and every list that shows the name shows them too",
	    attribute, s, kind);
	if (proposal[0] != '\0') {
		finding_set_proposed(ic->out, f, "%s", proposal);
		finding_add_step(ic->out, f, "Set %s to '%s' in on-premises "
		    "AD:", attribute, proposal);
		add_replace_step(ic->out, f, o, attribute, proposal);
	} else {
		finding_add_step(ic->out, f, "No safe proposal: the value holds "
		    "nothing but control characters.  Give %s a real value, or "
		    "clear it:", attribute);
		add_replace_step(ic->out, f, o, attribute, "<new value>");
	}
	rulekit_add_rerun_step(ic->out, f);
	free(proposal);
}

static void
invalid_characters_check(const struct rule_context *rc, struct findings *out)
{
	struct ictx	ic = { .out = out };
	size_t		i, n = table_count(rc->table);

	ic.sams = rulekit_sam_plan_new(rc->table);
	for (i = 0; i < n; i++) {
		const struct object *o = table_get(rc->table, i);

		if (!rulekit_is_exported(o))
			continue;
		check_sam(&ic, o);
		check_name(&ic, o, "displayName", o->display_name);
		check_name(&ic, o, "givenName", o->given_name);
		check_name(&ic, o, "sn", o->surname);
	}
	rulekit_sam_plan_free(ic.sams);
}
