/*
 * DuplicateValue: IdFix's duplicate checks that Entra ID's uniqueness
 * rules do not cover: two objects in sync scope with the same mailNickname
 * or the same targetAddress.  Shared userPrincipalName, mail and SMTP
 * addresses are AttributeValueMustBeUnique's errors.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "finding.h"
#include "identity_validation.h"
#include "rule.h"
#include "rulekit.h"
#include "table.h"
#include "xalloc.h"

static void	duplicate_value_check(const struct rule_context *,
		    struct findings *);

const struct rule rule_duplicate_value = {
	.id       = "DuplicateValue",
	.title    = "two objects share an alias or a mail routing address",
	.doc      = DOC_PREPARE_SYNC,
	.severity = SEV_WARNING,
	.needs    = RULE_NEEDS_ONPREM,
	.explain  =
	    "IdFix, Microsoft's directory clean-up tool, reports duplicate\n"
	    "values of userPrincipalName, mail, proxyAddresses, mailNickname,\n"
	    "sAMAccountName and targetAddress.  The values Entra ID keeps unique\n"
	    "(userPrincipalName, mail and SMTP addresses, compared across\n"
	    "attributes: one object's mail against another's proxy address) are\n"
	    "AttributeValueMustBeUnique errors, every holder listed, and are not\n"
	    "reported again here.  This rule reports, as warnings, on-premises\n"
	    "objects in sync scope that share:\n"
	    "\n"
	    "mailNickname (any case): Entra ID derives each object's\n"
	    "<alias>@<tenant>.onmicrosoft.com address from it, so the holders\n"
	    "compete for one address in the cloud (Entra Connect's UPN planning\n"
	    "article).  Every holder but the first in export order gets a\n"
	    "proposed alias with a digit added, free among all aliases.\n"
	    "\n"
	    "targetAddress (any case, smtp: prefix ignored): mail for every\n"
	    "holder is routed to one mailbox.  No value is proposed: the right\n"
	    "address is the holder's own cloud mailbox.\n"
	    "\n"
	    "A value of the wrong form (an alias with a space, an address\n"
	    "without '@') is IdentityDataValidationFailed's and not compared.\n"
	    "\n"
	    "Not reported, where IdFix reports it: two objects with the same\n"
	    "sAMAccountName in different domains.  It is unique per domain only,\n"
	    "Entra ID keeps it as onPremisesSamAccountName without any\n"
	    "uniqueness, and the two accounts are distinct.\n"
	    "\n"
	    "Source: IdFix, " IDFIX_SOURCE "\n"
	    "(Rules/Shared/NoDuplicatesRule.cs, Rules/MultiTenantRuleCollection.cs).\n",
	.check    = duplicate_value_check,
};

/* Graph user resource: mailNickname. */
#define ALIAS_MAX		64

/*
 * One holder: its key and the object, whose value it is (held_value()).
 * key is the value itself, past an smtp: prefix for addresses, and
 * compared without ASCII case: a million holders cost no copies, and 16
 * bytes each.
 */
struct holder {
	const char		*key;
	const struct object	*object;
};

struct dctx {
	struct findings		*out;
	struct rulekit_held	*aliases;	/* held and proposed */
};

static int
holder_cmp(const void *a, const void *b)
{
	const struct holder	*x = a, *y = b;
	int			 c = strcasecmp(x->key, y->key);

	if (c != 0)
		return c;
	return x->object->index < y->object->index ? -1 :
	    x->object->index > y->object->index;
}

/* The value o holds: its targetAddress, or its mailNickname. */
static const char *
held_value(const struct object *o, bool is_address)
{
	return is_address ? o->target_address : o->mail_nickname;
}

static const char *
key_of(const char *s, bool is_address)
{
	if (is_address && strncasecmp(s, "smtp:", 5) == 0)
		s += 5;
	return s;
}

/* The key as reported: lower case.  Free it. */
static char *
lower_key(const char *key)
{
	char	*k = xstrdup(key);
	size_t	 i;

	for (i = 0; k[i] != '\0'; i++)
		k[i] = (char)tolower((unsigned char)k[i]);
	return k;
}

static bool
alias_is_taken(const char *candidate, void *arg)
{
	return rulekit_held_has(arg, candidate);
}

static void
add_alias_steps(struct dctx *dc, struct finding *f, const struct holder *h,
    size_t n)
{
	char	*dn, *proposal, *quoted;
	size_t	 i;

	finding_add_step(dc->out, f, "Keep '%s' on %s (first in export "
	    "order; choose another if it is the main one) and give each other "
	    "holder its own alias:", h[0].object->mail_nickname,
	    rulekit_object_name(h[0].object));
	for (i = 1; i < n; i++) {
		proposal = rulekit_free_variant(h[i].object->mail_nickname, "",
		    ALIAS_MAX, alias_is_taken, dc->aliases);
		dn = rulekit_ps_quote(rulekit_object_name(h[i].object));
		quoted = rulekit_ps_quote(proposal != NULL ? proposal :
		    "<new alias>");
		if (proposal != NULL)
			rulekit_held_add(dc->aliases, proposal);
		finding_add_step(dc->out, f, "%s -Identity '%s' -Replace "
		    "@{mailNickname='%s'}", rulekit_set_cmdlet(h[i].object),
		    dn, quoted);
		free(dn);
		free(quoted);
		free(proposal);
	}
}

/* One finding for h[0..n), holders of one value of attribute. */
static void
report(struct dctx *dc, const char *attribute, const struct holder *h,
    size_t n)
{
	struct finding	*f;
	char		*key = lower_key(h[0].key);
	size_t		 i;
	bool		 is_alias = strcmp(attribute, "mailNickname") == 0;
	const char	*value = held_value(h[0].object, !is_alias);

	f = findings_add(dc->out, &rule_duplicate_value, SEV_WARNING,
	    attribute, key);
	free(key);
	for (i = 0; i < n; i++)
		finding_add_object(dc->out, f, h[i].object,
		    held_value(h[i].object, !is_alias), attribute, NULL);
	finding_set_summary(dc->out, f, "%zu objects share %s '%s'; %s", n,
	    attribute, value, is_alias ? "Entra ID derives each one's "
	    "<alias>@<tenant>.onmicrosoft.com address from it, so they "
	    "compete for one address" : "mail for all of them is routed to "
	    "one mailbox");
	if (is_alias)
		add_alias_steps(dc, f, h, n);
	else
		finding_add_step(dc->out, f, "Set each holder's targetAddress "
		    "to its own cloud mailbox (its address in "
		    "<tenant>.mail.onmicrosoft.com), or clear it on objects "
		    "whose mailbox is on premises.");
	rulekit_add_rerun_step(dc->out, f);
}

/* Whether o is exported with a value of the attribute. */
static bool
is_holder(const struct object *o, bool is_address)
{
	const char	*v = held_value(o, is_address);

	return rulekit_is_exported(o) && v != NULL && v[0] != '\0';
}

/* Collect attribute's values of in-scope objects, sorted by key. */
static struct holder *
collect(const struct table *t, bool is_address, size_t *count)
{
	struct holder	*h;
	size_t		 i, n = 0;

	/* Sized by a count: a million holders, at the run's peak. */
	for (i = 0; i < table_count(t); i++)
		n += is_holder(table_get(t, i), is_address);
	h = xcalloc(n + 1, sizeof(*h));
	n = 0;
	for (i = 0; i < table_count(t); i++) {
		const struct object *o = table_get(t, i);
		const char *v = held_value(o, is_address);

		/* A value of the wrong form is the identity rule's finding. */
		if (!is_holder(o, is_address) ||
		    identity_reports_value(is_address ? "targetAddress" :
		    "mailNickname", v))
			continue;
		h[n].key = key_of(v, is_address);
		h[n++].object = o;
	}
	qsort(h, n, sizeof(*h), holder_cmp);
	*count = n;
	return h;
}

static void
check_attribute(struct dctx *dc, const struct table *t, const char *attribute)
{
	struct holder	*h;
	size_t		 n, i, j;

	h = collect(t, strcmp(attribute, "targetAddress") == 0, &n);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && strcasecmp(h[j].key, h[i].key) == 0;
		    j++)
			continue;
		if (j - i > 1)
			report(dc, attribute, h + i, j - i);
	}
	free(h);
}

static void
duplicate_value_check(const struct rule_context *rc, struct findings *out)
{
	struct dctx	dc = { .out = out };

	dc.aliases = rulekit_held_nicknames(rc->table);
	check_attribute(&dc, rc->table, "mailNickname");
	check_attribute(&dc, rc->table, "targetAddress");
	rulekit_held_free(dc.aliases);
}
