/*
 * The commands that read the rule catalogue rather than inputs: `rules`
 * lists it, `explain` tells one rule or tenant policy in full, `policy
 * check` compiles policy files and lists what they define.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "finding.h"
#include "inputs.h"
#include "options.h"
#include "policy.h"
#include "report.h"
#include "rule.h"
#include "suggest.h"

static int	rules_run(struct options *o);
static int	explain_run(struct options *o);
static int	policy_run(struct options *o);

/* The rule list as text, README's table (md) or syncdoctor.1's (man). */
static const char *const rules_formats[] = { "text", "md", "man", NULL };

const struct command command_rules = {
	.name = "rules",
	.summary = "list the rules with their severity",
	.usage = "rules [--format text|md|man]",
	.bit = CMD_RULES,
	.formats = rules_formats,
	.min_args = 0,
	.max_args = 0,
	.run = rules_run,
};

const struct command command_explain = {
	.name = "explain",
	.summary = "what a rule or tenant policy checks and how to fix it",
	.usage = "explain RULE | POLICY-ID [--policy FILE]...",
	.bit = CMD_EXPLAIN,
	.min_args = 1,
	.max_args = 1,
	.run = explain_run,
};

const struct command command_policy = {
	.name = "policy",
	.summary = "check tenant policy files (--policy) without inputs",
	.usage = "policy check FILE...",
	.bit = CMD_POLICY,
	.min_args = 2,
	.max_args = (size_t)-1,
	.run = policy_run,
};

static int
rules_run(struct options *o)
{
	const char	*format = o->nformats > 0 ? o->formats[0] : "text";

	if (strcmp(format, "md") == 0)
		report_rules_md(stdout);
	else if (strcmp(format, "man") == 0)
		report_rules_man(stdout);
	else
		report_rules_text(stdout);
	return EXIT_CLEAN;
}

/* Neither a rule nor a policy of ps: exit 2 with the nearest names. */
static _Noreturn void
S_unknown(const struct options *o, const char *id, struct policy_set *ps)
{
	char	near[256];
	bool	has_policies = ps != NULL;

	suggest_rule(id, ps, near, sizeof(near));
	/* Freed first: usage_error() exits, and leaks are test failures. */
	policy_set_free(ps);
	if (*near != '\0')
		usage_error(o->command, "unknown rule%s '%s' (did you mean %s? see 'syncdoctor rules'%s)",
		    has_policies ? " or policy" : "", id, near,
		    has_policies ? " and 'syncdoctor policy check'" : "");
	if (has_policies)
		usage_error(o->command, "unknown rule or policy '%s' (see 'syncdoctor rules' and 'syncdoctor policy check')",
		    id);
	usage_error(o->command, "unknown rule '%s' (see 'syncdoctor rules')",
	    id);
}

static int
explain_run(struct options *o)
{
	const struct rule	*r;
	const struct policy	*p = NULL;
	struct policy_set	*ps;
	const char		*id = o->args[0];

	ps = inputs_load_policies(o->policy_files, o->npolicy_files);
	if ((r = rule_find(id)) == NULL && ps != NULL &&
	    (p = policy_set_find(ps, id)) != NULL)
		r = &p->rule;
	if (r == NULL)
		S_unknown(o, id, ps);
	printf("%s: %s\nseverity: %s\n\n%s\n", r->id, r->title,
	    severity_name(r->severity), r->explain);
	if (p != NULL)
		printf("Defined at %s:%lu.\n", p->file, p->line);
	else
		printf("Microsoft's documentation: %s\n", r->doc);
	policy_set_free(ps);
	return EXIT_CLEAN;
}

/* `policy check FILE...`: read and compile, say what is wrong. */
static int
policy_run(struct options *o)
{
	struct policy_set	*ps;
	size_t			 i;

	if (strcmp(o->args[0], "check") != 0)
		usage_error(o->command, "unknown policy command '%s' (expected 'policy check FILE...')",
		    o->args[0]);
	ps = inputs_load_policies(o->args + 1, o->nargs - 1);
	for (i = 0; i < policy_set_count(ps); i++) {
		const struct policy *p = policy_set_get(ps, i);

		printf("%s:%lu: %s %s %s\n", p->file, p->line, p->rule.id,
		    severity_name(p->severity), p->title);
	}
	printf("%zu polic%s, no errors\n", policy_set_count(ps),
	    policy_set_count(ps) == 1 ? "y" : "ies");
	policy_set_free(ps);
	return EXIT_CLEAN;
}
