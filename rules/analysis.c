/*
 * Running the rule table over an indexed object table, the rules on
 * several threads; see analysis.h.
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "analysis.h"
#include "match.h"
#include "scope.h"
#include "policy.h"
#include "platform.h"
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
		return "no on-premises (LDIF) input was loaded";
	if (missing & RULE_NEEDS_CLOUD)
		return "no cloud (Entra ID) export was loaded";
	if (missing & RULE_NEEDS_DOMAINS)
		return "no tenant domains were given (--domains or --verified-domains)";
	if (missing & RULE_NEEDS_ROLES)
		return "no admin role membership was given (--roles)";
	return "inputs missing";
}

/* Why an optional input is missing, before a rule's partial text. */
static const char *
partial_lead(unsigned missing)
{
	if (missing & RULE_NEEDS_DOMAINS)
		return "no tenant domains were given (give --domains or "
		    "--verified-domains)";
	if (missing & RULE_NEEDS_ROLES)
		return "no cloud user holds a known admin role (give --roles)";
	return missing_input(missing);
}

/*
 * What the rules that ran could not check for want of an input: the
 * loader's notes, then each rule's .partial texts whose input is missing.
 */
static void
note_limitations(struct analysis *an, const struct table *t)
{
	size_t	i, k, nrule_notes = 0;

	for (i = 0; i < an->nruns; i++)
		for (k = 0; an->runs[i].did_run &&
		    an->runs[i].rule->partial != NULL &&
		    an->runs[i].rule->partial[k].text != NULL; k++)
			nrule_notes++;
	for (i = 0; i < table_nlimitations(t) && an->nlimitations +
	    nrule_notes < ARRAY_SIZE(an->limitations); i++)
		an->limitations[an->nlimitations++] = table_limitation(t, i);
	for (i = 0; i < an->nruns; i++) {
		struct rule_run			*run = &an->runs[i];
		const struct rule_partial	*p = run->rule->partial;

		run->first_limitation = an->nlimitations;
		for (k = 0; run->did_run && p != NULL && p[k].text != NULL &&
		    an->nlimitations < ARRAY_SIZE(an->limitations); k++) {
			if ((p[k].without & an->have) == p[k].without)
				continue;
			an->limitations[an->nlimitations++] = arena_printf(
			    &an->notes, "%s: %s %s",
			    partial_lead(p[k].without & ~an->have),
			    run->rule->id, p[k].text);
			run->nlimitations++;
		}
	}
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

/* One rule to run: its findings, apart until all have run. */
struct rule_job {
	struct rule_run		*run;
	const struct policy	*policy;	/* a tenant policy's run */
	struct findings		 out;
	double			 wall, cpu;	/* seconds, its own thread's */
};

/* The rules that run, shared by the worker threads. */
struct rule_jobs {
	const struct rule_context *rc;
	struct rule_job		*jobs;
	size_t			 n;
	size_t			 next;		/* the next job to take */
	pthread_mutex_t		 lock;
};

static double
seconds(clockid_t clock)
{
	struct timespec	ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Take rules until none is left.  A rule reads only the table and the
 * match set, which nobody writes any more, and writes only its own
 * findings: the threads share nothing else.
 */
static void *
rule_worker(void *arg)
{
	struct rule_jobs	*rj = arg;
	struct rule_job		*job;
	double			 wall, cpu;

	for (;;) {
		pthread_mutex_lock(&rj->lock);
		job = rj->next < rj->n ? &rj->jobs[rj->next++] : NULL;
		pthread_mutex_unlock(&rj->lock);
		if (job == NULL)
			return NULL;
		wall = seconds(CLOCK_MONOTONIC);
		cpu = seconds(CLOCK_THREAD_CPUTIME_ID);
		if (job->policy != NULL)
			policy_check(job->policy, rj->rc, &job->out);
		else
			job->run->rule->check(rj->rc, &job->out);
		job->wall = seconds(CLOCK_MONOTONIC) - wall;
		job->cpu = seconds(CLOCK_THREAD_CPUTIME_ID) - cpu;
	}
}

/* Threads for n rules: as asked, else one per processor, at most 4. */
static size_t
thread_count(unsigned asked, size_t n)
{
	int	ncpu = platform_ncpu();
	size_t	k = asked > 0 ? asked : ncpu > 4 ? 4 : (size_t)ncpu;

	return k < n ? k : n > 0 ? n : 1;
}

/*
 * Run the jobs on up to nthreads threads (this one included), then hand
 * their findings to an in rule order, as if they had run one by one.
 */
static void
run_jobs(struct analysis *an, struct rule_jobs *rj, size_t nthreads,
    struct timings *tm)
{
	pthread_t	*threads = xcalloc(nthreads, sizeof(*threads));
	size_t		 started = 0, i;
	char		 label[40];

	pthread_mutex_init(&rj->lock, NULL);
	for (i = 1; i < nthreads; i++) {
		/* A thread that cannot start leaves its share to the others. */
		if (pthread_create(&threads[started], NULL, rule_worker,
		    rj) != 0)
			break;
		started++;
	}
	rule_worker(rj);
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	pthread_mutex_destroy(&rj->lock);
	free(threads);
	snprintf(label, sizeof(label), "rules on %zu thread%s", started + 1,
	    started > 0 ? "s" : "");
	timings_mark(tm, label, NULL);
	for (i = 0; i < rj->n; i++) {
		struct rule_job *job = &rj->jobs[i];

		job->run->did_run = true;
		job->run->nfindings = job->out.n;
		findings_move(&an->findings, &job->out);
		timings_detail(tm, "rule", job->run->rule->id, job->wall,
		    job->cpu);
	}
}

void
analysis_run(struct analysis *an, struct table *t,
    const struct sync_options *opt, const char *const *only, size_t nonly,
    const struct analysis_run_options *ro)
{
	static const struct analysis_run_options defaults;
	struct rule_context	rc;
	struct rule_jobs	rj;
	size_t			i, nrules, npolicies;

	if (ro == NULL)
		ro = &defaults;
	memset(an, 0, sizeof(*an));
	findings_init(&an->findings);
	arena_init(&an->notes);
	table_index(t);
	scope_join(t);
	timings_mark(ro->timings, "index", NULL);
	rc.table = t;
	rc.options = opt;
	an->matches = match_run(t, opt,
	    (unsigned)thread_count(ro->threads, SIZE_MAX));
	rc.matches = an->matches;
	timings_mark(ro->timings, "match simulation", NULL);
	an->have = inputs_present(an, t);
	for (nrules = 0; rule_table[nrules] != NULL; nrules++)
		continue;
	npolicies = ro->policies != NULL ? policy_set_count(ro->policies) : 0;
	an->nruns = nrules + npolicies;
	an->runs = xcalloc(an->nruns + 1, sizeof(*an->runs));
	memset(&rj, 0, sizeof(rj));
	rj.rc = &rc;
	rj.jobs = xcalloc(an->nruns + 1, sizeof(*rj.jobs));
	for (i = 0; i < an->nruns; i++) {
		struct rule_run		*run = &an->runs[i];
		const struct policy	*p = i < nrules ? NULL :
					    policy_set_get(ro->policies,
					    i - nrules);
		const struct rule	*r = p != NULL ? &p->rule : rule_table[i];
		unsigned		 missing = r->needs & ~an->have;

		run->rule = r;
		run->is_selected = p != NULL || is_selected(r, only, nonly);
		if (!run->is_selected)
			run->why_not = "not selected with --rule";
		else if (missing != 0)
			run->why_not = missing_input(missing);
		else {
			rj.jobs[rj.n].run = run;
			rj.jobs[rj.n].policy = p;
			findings_init(&rj.jobs[rj.n++].out);
		}
	}
	run_jobs(an, &rj, thread_count(ro->threads, rj.n), ro->timings);
	free(rj.jobs);
	if (ro->is_last_lookup)
		table_release_lookups(t);
	findings_sort(&an->findings);
	verdicts_build(&an->verdicts, t, an->matches, &an->findings,
	    ro->is_every_label);
	reconcile_run(&an->reconcile, t, an->matches, &an->findings);
	note_limitations(an, t);
	timings_mark(ro->timings, "sort and reconcile", NULL);
}

void
analysis_release(struct analysis *an)
{
	findings_release(&an->findings);
	arena_release(&an->notes);
	reconcile_release(&an->reconcile);
	verdicts_release(&an->verdicts);
	match_set_free(an->matches);
	free(an->runs);
	memset(an, 0, sizeof(*an));
}
