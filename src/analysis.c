/* Running the rule table over an indexed object table; see analysis.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analysis.h"
#include "match.h"
#include "xalloc.h"

static unsigned
inputs_present(struct analysis *an, const struct table *t)
{
	unsigned	have = 0;
	size_t		i, n = table_count(t);

	for (i = 0; i < n; i++) {
		const struct object *o = table_get(t, i);

		if (o->side == SIDE_ONPREM) {
			an->nonprem++;
			if (o->scope == SCOPE_IN)
				an->nin_scope++;
			have |= RULE_NEEDS_ONPREM;
		} else {
			an->ncloud++;
			have |= RULE_NEEDS_CLOUD;
			if (o->rare->nroles > 0)
				have |= RULE_NEEDS_ROLES;
		}
	}
	if (table_ndomains(t) > 0)
		have |= RULE_NEEDS_DOMAINS;
	return have;
}

static const char *
missing_input(unsigned missing)
{
	if (missing & RULE_NEEDS_ONPREM)
		return "no on-premises (LDIF) input was given";
	if (missing & RULE_NEEDS_CLOUD)
		return "no cloud (Entra ID) export was given";
	if (missing & RULE_NEEDS_DOMAINS)
		return "no tenant domains were given (--domains or --verified-domains)";
	if (missing & RULE_NEEDS_ROLES)
		return "no admin role membership was given (--roles)";
	return "inputs missing";
}

/* What the rules that ran could not check for want of tenant facts. */
static void
note_limitations(struct analysis *an)
{
	if ((an->have & RULE_NEEDS_ONPREM) && !(an->have & RULE_NEEDS_DOMAINS))
		an->limitations[an->nlimitations++] =
		    "userPrincipalName suffixes were not checked against the "
		    "tenant's verified domains (give --domains or "
		    "--verified-domains): UPNs Entra ID will rewrite to the "
		    "onmicrosoft.com domain are not predicted, nor soft matches "
		    "on the rewritten UPN";
	if ((an->have & RULE_NEEDS_CLOUD) && !(an->have & RULE_NEEDS_ROLES))
		an->limitations[an->nlimitations++] =
		    "no cloud user holds a known admin role (give --roles): "
		    "ExistingAdminRoleConflict cannot tell the takeover of an "
		    "admin account from a legitimate soft match";
}

static bool
is_selected(const struct rule *r, const char *const *only, size_t nonly)
{
	size_t	i;

	if (only == NULL)
		return true;
	for (i = 0; i < nonly; i++)
		if (strcasecmp(only[i], r->id) == 0)
			return true;
	return false;
}

void
analysis_run(struct analysis *an, struct table *t,
    const struct rule_options *opt, const char *const *only, size_t nonly)
{
	analysis_run_timed(an, t, opt, only, nonly, NULL);
}

void
analysis_run_timed(struct analysis *an, struct table *t,
    const struct rule_options *opt, const char *const *only, size_t nonly,
    struct timings *tm)
{
	struct rule_context	rc;
	size_t			i, before;

	memset(an, 0, sizeof(*an));
	findings_init(&an->findings);
	table_index(t);
	timings_mark(tm, "index", NULL);
	rc.table = t;
	rc.options = opt;
	an->matches = match_run(t, opt);
	rc.matches = an->matches;
	timings_mark(tm, "match simulation", NULL);
	an->have = inputs_present(an, t);
	for (an->nruns = 0; rule_table[an->nruns] != NULL; an->nruns++)
		continue;
	an->runs = xcalloc(an->nruns, sizeof(*an->runs));
	for (i = 0; i < an->nruns; i++) {
		struct rule_run		*run = &an->runs[i];
		const struct rule	*r = rule_table[i];
		unsigned		 missing = r->needs & ~an->have;

		run->rule = r;
		if (!is_selected(r, only, nonly)) {
			run->why_not = "not selected with --rule";
			continue;
		}
		if (missing != 0) {
			run->why_not = missing_input(missing);
			continue;
		}
		before = an->findings.n;
		r->check(&rc, &an->findings);
		run->did_run = true;
		run->nfindings = an->findings.n - before;
		timings_mark(tm, "rule", r->id);
	}
	findings_sort(&an->findings);
	reconcile_run(&an->reconcile, t, an->matches, &an->findings);
	note_limitations(an);
	timings_mark(tm, "sort and reconcile", NULL);
}

void
analysis_release(struct analysis *an)
{
	findings_release(&an->findings);
	reconcile_release(&an->reconcile);
	match_set_free(an->matches);
	free(an->runs);
	memset(an, 0, sizeof(*an));
}
