/*
 * InvalidAddressFormat: the part of IdFix's RFC 2822 address check that
 * Entra ID does not make itself: SMTP addresses (mail, smtp: proxies,
 * targetAddress) whose domain can never receive internet mail.  An address
 * of the wrong form is IdentityDataValidationFailed's and skipped here.
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

static void	invalid_address_format_check(const struct rule_context *,
		    struct findings *);

const struct rule rule_invalid_address_format = {
	.id       = "InvalidAddressFormat",
	.title    = "an address is in a domain no mail can reach",
	.doc      = DOC_PREPARE_SYNC,
	.severity = SEV_WARNING,
	.needs    = RULE_NEEDS_ONPREM,
	.predicts =
	    "IdFix parity (warning): an SMTP address (mail, smtp: proxy, "
	    "targetAddress) of valid form in a domain no mail can reach "
	    "(bare host name, all-digit or private top-level domain such as "
	    "`.local`); no top-level-domain list, a verified domain is "
	    "always fine; proposes the same name in the default verified "
	    "domain, free among all SMTP addresses",
	.explain  =
	    "IdFix, Microsoft's directory clean-up tool, holds userPrincipalName,\n"
	    "SMTP proxyAddresses and targetAddress to an RFC 2822 address form.\n"
	    "The form itself (one '@', the characters of the part before it,\n"
	    "dots, a DNS domain after it) is checked by\n"
	    "IdentityDataValidationFailed, because Entra ID refuses an address\n"
	    "that breaks it; so is a userPrincipalName suffix the tenant has not\n"
	    "verified.  This rule reports what is left, as warnings, on SMTP\n"
	    "addresses (mail, smtp: proxyAddresses, targetAddress) of objects in\n"
	    "sync scope whose form is valid: a domain that can never receive\n"
	    "internet mail, so the cloud mailbox cannot use the address:\n"
	    "\n"
	    "- a bare host name with no top-level domain (ana@mailhost);\n"
	    "- an all-digit top-level domain, which DNS never delegates (RFC\n"
	    "  3696 section 2; usually an IP address typed as a domain);\n"
	    "- a private top-level name no tenant can verify: .local, .corp,\n"
	    "  .lan, .internal, .home, .localdomain and the like, often left by an\n"
	    "  old Exchange address policy.\n"
	    "\n"
	    "A domain the tenant has verified (--domains) is always fine.\n"
	    "Top-level domains are not compared with a list: IdFix's fixed list\n"
	    "of 2 to 17 letters is out of date and refuses new ones (.consulting\n"
	    "passes here; so do internationalised ones such as .xn--p1ai, which\n"
	    "IdFix's letters-only pattern refuses).  An apostrophe before the '@'\n"
	    "(o'brien@contoso.com) is valid and never reported.\n"
	    "\n"
	    "With the tenant's domains known, the finding proposes the same name\n"
	    "in the default verified domain, checked to be free among every\n"
	    "object's mail and SMTP addresses (a digit is added when it is not);\n"
	    "when the object already holds that address, the step removes the\n"
	    "bad one.  The proposed address is the finding's proposed value,\n"
	    "and --fix-ldif writes it.\n"
	    "\n"
	    "Source: IdFix, " IDFIX_SOURCE "\n"
	    "(Rules/Shared/RFC2822Rule.cs, Settings/Constants.cs).\n",
	.check    = invalid_address_format_check,
	.fix      = fix_plan_proposed,
};

/* Microsoft 365 preparation guide: mail, proxyAddresses, targetAddress. */
#define ADDRESS_MAX		256

/* Top-level names no public DNS delegates: never verifiable. */
static const char *const private_tlds[] = {
	"corp", "example", "home", "internal", "intranet", "invalid", "lan",
	"local", "localdomain", "localhost", "test",
};

struct actx {
	const struct table	*table;
	struct findings		*out;
	const struct domain	*preferred;	/* verified, for proposals */
	struct rulekit_names	*proposed;	/* addresses proposed so far */
	struct rulekit_names	*own;		/* those proposed to self */
	const struct object	*self;		/* the object being fixed */
};

/* The domain or one of its parents is verified in the tenant. */
static bool
is_verified(const struct table *t, const char *domain)
{
	const struct domain	*d;
	const char		*p;

	for (p = domain; p != NULL; p = strchr(p, '.')) {
		if (*p == '.')
			p++;
		d = table_find_domain(t, p);
		if (d != NULL && d->is_verified == TRI_TRUE)
			return true;
	}
	return false;
}

/* Why mail to domain can never arrive, or NULL when it can. */
static const char *
unreachable_reason(const char *domain)
{
	const char	*tld = strrchr(domain, '.');
	size_t		 i;

	if (tld == NULL)
		return "is a bare host name with no top-level domain";
	tld++;
	if (tld[strspn(tld, "0123456789")] == '\0')
		return "ends in an all-digit top-level domain, which DNS never "
		    "delegates";
	for (i = 0; i < ARRAY_SIZE(private_tlds); i++)
		if (strcasecmp(tld, private_tlds[i]) == 0)
			return "is a private name no tenant can verify and no "
			    "internet mail can reach";
	return NULL;
}

/*
 * Taken: another object holds it, or an earlier finding proposed it.
 * NEEDSWORK: IdentityDataValidationFailed's proposals (a repaired UPN or
 * address) are not seen here; one of them could equal one made here for
 * another object, though the two start from different values.
 */
static bool
address_is_taken(const char *candidate, void *arg)
{
	const struct actx	*ac = arg;
	const struct posting	*p;
	char			*key = xstrdup(candidate);
	size_t			 i, n;
	bool			 is_taken;

	for (i = 0; key[i] != '\0'; i++)
		key[i] = (char)tolower((unsigned char)key[i]);
	/* mail and its SMTP: twin get the same proposal. */
	is_taken = rulekit_names_has(ac->proposed, key) &&
	    !(ac->own != NULL && rulekit_names_has(ac->own, key));
	p = table_lookup(ac->table, KEY_SMTP, key, &n);
	for (i = 0; p != NULL && i < n; i++)
		if (posting_object(ac->table, &p[i]) != ac->self)
			is_taken = true;
	free(key);
	return is_taken;
}

/* Whether o itself already holds address (any case) in the SMTP space. */
static bool
is_held_by_self(const struct actx *ac, const char *address)
{
	const struct posting	*p;
	char			*key = xstrdup(address);
	size_t			 i, n;
	bool			 is_held = false;

	for (i = 0; key[i] != '\0'; i++)
		key[i] = (char)tolower((unsigned char)key[i]);
	p = table_lookup(ac->table, KEY_SMTP, key, &n);
	for (i = 0; p != NULL && i < n; i++)
		if (posting_object(ac->table, &p[i]) == ac->self)
			is_held = true;
	free(key);
	return is_held;
}

/*
 * local@<preferred domain>, free or held by the object itself (*is_held),
 * or NULL.  The caller frees it with free().
 */
static char *
address_proposal(struct actx *ac, const char *local, size_t local_len,
    bool *is_held)
{
	char	*base = xstrndup(local, local_len);
	char	*tail = xmalloc(strlen(ac->preferred->name) + 2);
	char	*v;

	tail[0] = '@';
	memcpy(tail + 1, ac->preferred->name, strlen(ac->preferred->name) + 1);
	v = rulekit_free_variant(base, tail, ADDRESS_MAX, address_is_taken,
	    ac);
	*is_held = v != NULL && is_held_by_self(ac, v);
	if (v != NULL) {
		rulekit_names_add(ac->proposed, v);
		if (ac->own == NULL)
			ac->own = rulekit_names_new();
		rulekit_names_add(ac->own, v);
	}
	free(base);
	free(tail);
	return v;
}

/* The command that puts proposal (or nothing) in place of value. */
static void
add_fix_step(struct actx *ac, struct finding *f, const char *attribute,
    const char *value, size_t type_len, const char *proposal)
{
	const struct object	*o = ac->self;
	char			*dn = rulekit_ps_quote(object_display_name(o));
	char			*old = rulekit_ps_quote(value);
	char			*nv = rulekit_ps_quote(proposal != NULL ?
				    proposal : "<name>@<verified domain>");

	if (strcmp(attribute, "proxyAddresses") != 0)
		finding_add_step(ac->out, f, "%s -Identity '%s' -Replace "
		    "@{%s='%.*s%s'}", rulekit_set_cmdlet(o), dn, attribute,
		    (int)type_len, value, nv);
	else if (proposal == NULL || !is_held_by_self(ac, proposal))
		finding_add_step(ac->out, f, "%s -Identity '%s' -Remove "
		    "@{proxyAddresses='%s'} -Add @{proxyAddresses='%.*s%s'}",
		    rulekit_set_cmdlet(o), dn, old, (int)type_len, value, nv);
	else
		finding_add_step(ac->out, f, "%s -Identity '%s' -Remove "
		    "@{proxyAddresses='%s'}", rulekit_set_cmdlet(o), dn, old);
	free(dn);
	free(old);
	free(nv);
}

static void
add_steps(struct actx *ac, struct finding *f, const char *attribute,
    const char *value, size_t type_len)
{
	const char	*address = value + type_len;
	const char	*at = strrchr(address, '@');
	char		*proposal = NULL;
	bool		 is_held = false;

	if (ac->preferred != NULL)
		proposal = address_proposal(ac, address, (size_t)(at - address),
		    &is_held);
	if (proposal != NULL && is_held)
		finding_add_step(ac->out, f, "The object already holds '%s' in "
		    "the verified domain %s: remove the unreachable value%s",
		    proposal, ac->preferred->name, strcmp(attribute,
		    "proxyAddresses") == 0 ? ":" : ", or set it to that address:");
	else if (proposal != NULL) {
		finding_set_proposed(ac->out, f, "%.*s%s", (int)type_len, value,
		    proposal);
		finding_add_step(ac->out, f, "Use '%s' instead (the same name in "
		    "the verified domain %s; no other object holds it):",
		    proposal, ac->preferred->name);
	}
	else
		finding_add_step(ac->out, f, "No safe proposal%s: move the "
		    "address to a domain the tenant has verified, or remove it "
		    "when nobody writes to it:", ac->preferred == NULL ?
		    " without the tenant's domains (--domains)" :
		    " (every variant in the verified domain is taken)");
	add_fix_step(ac, f, attribute, value, type_len, proposal);
	if (proposal != NULL && is_held && strncmp(value, "SMTP:", 5) == 0 &&
	    strcmp(attribute, "proxyAddresses") == 0)
		finding_add_step(ac->out, f, "The value removed was the primary "
		    "address: write the prefix of '%s' in upper case (SMTP:) so "
		    "it becomes the reply address.", proposal);
	rulekit_add_rerun_step(ac->out, f);
	free(proposal);
}

/* value is an SMTP address after type_len bytes of "smtp:" prefix. */
static void
check_address(struct actx *ac, const char *attribute, const char *value,
    size_t type_len)
{
	const char	*at = strrchr(value + type_len, '@');
	const char	*why = NULL;
	struct finding	*f;

	/* The cheap tests on the domain first: most addresses stop there. */
	if (at == NULL || is_verified(ac->table, at + 1) ||
	    (why = unreachable_reason(at + 1)) == NULL ||
	    identity_reports_value(attribute, value))
		return;
	f = findings_add(ac->out, &rule_invalid_address_format, SEV_WARNING,
	    attribute, value);
	finding_add_object(ac->out, f, ac->self, value, attribute, NULL);
	finding_set_summary(ac->out, f, "%s '%s': the domain '%s' %s; the "
	    "cloud mailbox cannot use the address", attribute, value, at + 1,
	    why);
	add_steps(ac, f, attribute, value, type_len);
}

static void
check_object(struct actx *ac, const struct object *o)
{
	const char	*t = object_target_address(o);
	size_t		 i;

	ac->self = o;
	/* Made at o's first proposal: most objects have none. */
	rulekit_names_free(ac->own);
	ac->own = NULL;
	if (o->mail != NULL && o->mail[0] != '\0')
		check_address(ac, "mail", o->mail, 0);
	for (i = 0; i < o->nproxy_addresses; i++)
		if (strncasecmp(o->proxy_addresses[i], "smtp:", 5) == 0)
			check_address(ac, "proxyAddresses",
			    o->proxy_addresses[i], 5);
	if (t != NULL && strncasecmp(t, "smtp:", 5) == 0)
		check_address(ac, "targetAddress", t, 5);
	else if (t != NULL && t[0] != '\0' && strchr(t, ':') == NULL)
		check_address(ac, "targetAddress", t, 0);
}

/* The default verified domain, else any verified one but the initial. */
static const struct domain *
preferred_domain(const struct table *t)
{
	const struct domain	*best = NULL;
	size_t			 i, n = table_ndomains(t);

	for (i = 0; i < n; i++) {
		const struct domain *d = table_domain(t, i);

		if (d->is_verified != TRI_TRUE)
			continue;
		if (d->is_default)
			return d;
		if (best == NULL || (best->is_initial && !d->is_initial))
			best = d;
	}
	return best;
}

static void
invalid_address_format_check(const struct rule_context *rc,
    struct findings *out)
{
	struct actx	ac = { .table = rc->table, .out = out };
	size_t		i, n = table_count(rc->table);

	ac.preferred = preferred_domain(rc->table);
	ac.proposed = rulekit_names_new();
	for (i = 0; i < n; i++) {
		const struct object *o = table_get(rc->table, i);

		if (rulekit_is_exported(o))
			check_object(&ac, o);
	}
	rulekit_names_free(ac.proposed);
	rulekit_names_free(ac.own);
}
