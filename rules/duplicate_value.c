/*
 * DuplicateValue: IdFix's duplicate checks that Entra ID's uniqueness
 * rules do not cover: two objects in sync scope with the same mailNickname
 * or the same targetAddress.  Shared userPrincipalName, mail and SMTP
 * addresses are AttributeValueMustBeUnique's errors.
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
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
	.predicts =
	    "IdFix parity (warning): in-scope objects sharing a "
	    "mailNickname (their `<alias>@<tenant>.onmicrosoft.com` "
	    "addresses collide; proposes free aliases) or a targetAddress "
	    "(mail for all routed to one mailbox); every holder listed; the "
	    "same sAMAccountName in two domains is not reported",
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
 * compared without ASCII case: holders cost no copies.
 */
struct holder {
	const char		*key;
	const struct object	*object;
};

/*
 * Every holder, 8 bytes for a million of them (the key is found again
 * from the table position): sorted by the key's hash (then position)
 * with integer compares, so only the few holders whose hashes meet are
 * ever compared as strings.
 */
struct hashed {
	uint64_t		 hash_index;	/* hash << 32 | table position */
};
_Static_assert(sizeof(struct hashed) == 8, "struct hashed is 8 bytes");

/* Holders sharing a key: h[start..start + n) of struct groups. */
struct group {
	const char		*key;
	size_t			 start, n;
};

struct groups {
	struct holder		*h;		/* each group's holders in turn */
	size_t			 nh, h_cap;
	struct group		*list;
	size_t			 n, cap;
};

struct dctx {
	const struct table	*table;
	struct findings		*out;
	/* Held and proposed; made for the first alias to propose. */
	struct rulekit_held	*aliases;
};

/* FNV-1a over the key with ASCII letters folded: 32 bits. */
static uint32_t
key_hash(const char *key)
{
	uint32_t	h = 2166136261u;

	for (; *key != '\0'; key++)
		h = (h ^ (unsigned char)tolower((unsigned char)*key)) *
		    16777619u;
	return h;
}

static int
hashed_cmp(const void *a, const void *b)
{
	const struct hashed	*x = a, *y = b;

	return x->hash_index < y->hash_index ? -1 :
	    x->hash_index > y->hash_index;
}

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
	return is_address ? object_target_address(o) : o->mail_nickname;
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

/* The set of aliases held and proposed, made when first needed. */
static struct rulekit_held *
aliases(struct dctx *dc)
{
	if (dc->aliases == NULL)
		dc->aliases = rulekit_held_nicknames(dc->table);
	return dc->aliases;
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
	    object_display_name(h[0].object));
	for (i = 1; i < n; i++) {
		proposal = rulekit_free_variant(h[i].object->mail_nickname, "",
		    ALIAS_MAX, alias_is_taken, aliases(dc));
		dn = rulekit_ps_quote(object_display_name(h[i].object));
		quoted = rulekit_ps_quote(proposal != NULL ? proposal :
		    "<new alias>");
		if (proposal != NULL)
			rulekit_held_add(aliases(dc), proposal);
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

/* Every exported holder of the attribute, sorted by key hash. */
static struct hashed *
collect(const struct table *t, bool is_address, size_t *count)
{
	struct hashed	*e;
	size_t		 i, n = 0;

	/* Sized by a count: a million holders, at the run's peak. */
	for (i = 0; i < table_count(t); i++)
		n += is_holder(table_get(t, i), is_address);
	e = xcalloc(n + 1, sizeof(*e));
	n = 0;
	for (i = 0; i < table_count(t); i++) {
		const struct object *o = table_get(t, i);

		if (!is_holder(o, is_address))
			continue;
		e[n].hash_index = (uint64_t)key_hash(key_of(held_value(o,
		    is_address), is_address)) << 32 | i;
		n++;
	}
	if (n > 0)
		qsort(e, n, sizeof(*e), hashed_cmp);
	*count = n;
	return e;
}

/*
 * The holders e[0..n) share a key hash: add each set of two or more that
 * share the key itself to g.  A value of the wrong form is the identity
 * rule's finding and left out; checking only here spares the million
 * holders of unique values.
 */
static void
add_groups(struct groups *g, const struct table *t, const struct hashed *e,
    size_t n, bool is_address)
{
	const char	*attribute = is_address ? "targetAddress" :
			    "mailNickname";
	size_t		 first = g->nh, i, j;

	for (i = 0; i < n; i++) {
		const struct object *o = table_get(t,
		    (size_t)(e[i].hash_index & UINT32_MAX));

		if (identity_reports_value(attribute,
		    held_value(o, is_address)))
			continue;
		if (g->nh == g->h_cap) {
			g->h_cap = g->h_cap ? g->h_cap * 2 : 64;
			g->h = xreallocarray(g->h, g->h_cap, sizeof(*g->h));
		}
		g->h[g->nh].key = key_of(held_value(o, is_address),
		    is_address);
		g->h[g->nh++].object = o;
	}
	if (g->nh - first < 2) {
		g->nh = first;
		return;
	}
	qsort(g->h + first, g->nh - first, sizeof(*g->h), holder_cmp);
	/* Keep the runs of one key; drop the lone holders in between. */
	for (i = first, j = first; i < g->nh; i = j) {
		for (j = i + 1; j < g->nh &&
		    strcasecmp(g->h[j].key, g->h[i].key) == 0; j++)
			continue;
		if (j - i < 2)
			continue;
		if (g->n == g->cap) {
			g->cap = g->cap ? g->cap * 2 : 16;
			g->list = xreallocarray(g->list, g->cap,
			    sizeof(*g->list));
		}
		memmove(g->h + first, g->h + i, (j - i) * sizeof(*g->h));
		g->list[g->n].key = g->h[first].key;
		g->list[g->n].start = first;
		g->list[g->n++].n = j - i;
		first += j - i;
	}
	g->nh = first;
}

static int
group_cmp(const void *a, const void *b)
{
	return strcasecmp(((const struct group *)a)->key,
	    ((const struct group *)b)->key);
}

static void
check_attribute(struct dctx *dc, const struct table *t, const char *attribute)
{
	bool		 is_address = strcmp(attribute, "targetAddress") == 0;
	struct hashed	*e;
	struct groups	 g;
	size_t		 n, i, j;

	memset(&g, 0, sizeof(g));
	e = collect(t, is_address, &n);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && e[j].hash_index >> 32 ==
		    e[i].hash_index >> 32; j++)
			continue;
		if (j - i > 1)
			add_groups(&g, t, e + i, j - i, is_address);
	}
	free(e);
	/* In key order, as when every holder was sorted by its key. */
	if (g.n > 0)
		qsort(g.list, g.n, sizeof(*g.list), group_cmp);
	for (i = 0; i < g.n; i++)
		report(dc, attribute, g.h + g.list[i].start, g.list[i].n);
	free(g.h);
	free(g.list);
}

static void
duplicate_value_check(const struct rule_context *rc, struct findings *out)
{
	struct dctx	dc = { .table = rc->table, .out = out };

	check_attribute(&dc, rc->table, "mailNickname");
	check_attribute(&dc, rc->table, "targetAddress");
	rulekit_held_free(dc.aliases);
}
