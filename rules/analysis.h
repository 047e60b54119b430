/*
 * One analysis run: which inputs the table holds, which rules could run on
 * them, and the findings they made.  Between the table and the reports;
 * it decides nothing itself: the rules do.
 */
#ifndef SD_ANALYSIS_H
#define SD_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"
#include "reconcile.h"
#include "rule.h"
#include "table.h"
#include "timings.h"
#include "verdict.h"

/* What one rule did in this run. */
struct rule_run {
	const struct rule	*rule;
	bool			 is_selected;	/* not left out with --rule */
	bool			 did_run;
	const char		*why_not;	/* static text when !did_run */
	size_t			 nfindings;
	/* Its .partial texts in analysis.limitations, from the first. */
	size_t			 first_limitation, nlimitations;
};

struct policy_set;

struct analysis {
	struct findings		 findings;
	/* One per rule_table entry, then one per tenant policy. */
	struct rule_run		*runs;
	size_t			 nruns;
	unsigned		 have;		/* enum rule_needs present */
	size_t			 nonprem, ncloud;	/* objects per side */
	size_t			 nin_scope;	/* on-prem objects Connect exports */
	/*
	 * Checks the loader and the rules could make only in part, for want
	 * of an input; the rules' own (struct rule_partial) come last.
	 */
	const char		*limitations[16];
	size_t			 nlimitations;
	struct arena		 notes;		/* owns the rules' limitations */
	struct match_set	*matches;	/* simulated exports (match.h) */
	/* The one predicted outcome per on-premises object (verdict.h). */
	struct verdicts		 verdicts;
	/* Findings against actual provisioning errors (reconcile.h). */
	struct reconcile	 reconcile;
};

/* How analysis_run runs; all zero is the default. */
struct analysis_run_options {
	/* Threads for the rules: 0 is one per processor, at most 4. */
	unsigned		 threads;
	/* Each phase and rule is marked here (timings.h); NULL: not. */
	struct timings		*timings;
	/*
	 * Write every simulated object's outcome in a sentence, not only
	 * those findings name (objects --predict).
	 */
	bool			 is_every_label;
	/*
	 * Tenant policies (policy.h) to check after the rules, each a run
	 * of its own; `only` does not apply to them.  NULL: none.
	 */
	const struct policy_set	*policies;
	/*
	 * The caller looks nothing up in the table after the run: its
	 * indexes are freed once the rules are done (table_release_lookups),
	 * before the sort and the reports add to the peak.
	 */
	bool			 is_last_lookup;
};

/*
 * Run every rule of rule_table whose inputs are present on t (indexed
 * here), skipping those in `only` when only is non-NULL and names others,
 * as ro says (NULL: the defaults).  Findings are sorted for the reports,
 * then reconciled with the provisioning errors the cloud objects carry.
 * Whatever the threads, the findings and their order are those of the
 * rules run one by one in rule_table order.
 */
void	analysis_run(struct analysis *an, struct table *t,
	    const struct sync_options *opt, const char *const *only,
	    size_t nonly, const struct analysis_run_options *ro);
void	analysis_release(struct analysis *an);

#endif /* SD_ANALYSIS_H */
