/*
 * The option table and what each option stores; see options.h.  Values
 * are checked here; what they mean is for the commands and the stages
 * below.  Finding an option by what was typed, refusing it, and help:
 * optparse.c.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "finding.h"
#include "help.h"
#include "options.h"
#include "platform.h"
#include "options_int.h"
#include "report.h"
#include "rule.h"
#include "scope.h"
#include "suggest.h"
#include "view.h"
#include "xalloc.h"

/* A word an option accepts; shown NULL: the word, "": an alias. */
struct choice {
	const char	*word;
	int		 value;
	const char	*shown;
};

static void	S_set_input(struct options *, const struct cli_option *,
		    const char *);
static void	S_set_verified(struct options *, const struct cli_option *,
		    const char *);
static void	S_set_cloud_type(struct options *, const struct cli_option *,
		    const char *);
static void	S_set_partial(struct options *, const struct cli_option *,
		    const char *);
static void	S_set_anchor(struct options *, const struct cli_option *,
		    const char *);
static void	S_set_resiliency(struct options *, const struct cli_option *,
		    const char *);
static void	S_set_flag(struct options *, const struct cli_option *,
		    const char *);
static void	S_set_soft_keys(struct options *, const struct cli_option *,
		    const char *);
static void	S_set_delete_threshold(struct options *,
		    const struct cli_option *, const char *);
static void	S_set_member_limit(struct options *, const struct cli_option *,
		    const char *);
static void	S_set_group_anchor(struct options *, const struct cli_option *,
		    const char *);
static void	S_set_forest_join(struct options *, const struct cli_option *,
		    const char *);
static void	S_set_rule(struct options *, const struct cli_option *,
		    const char *);
static void	S_set_policy(struct options *, const struct cli_option *,
		    const char *);
static void	S_set_format(struct options *, const struct cli_option *,
		    const char *);
static void	S_set_path(struct options *, const struct cli_option *,
		    const char *);
static void	S_set_cover(struct options *, const struct cli_option *,
		    const char *);
static void	S_set_fail_on(struct options *, const struct cli_option *,
		    const char *);
static void	S_set_csv_separator(struct options *,
		    const struct cli_option *, const char *);
static void	S_set_progress(struct options *, const struct cli_option *,
		    const char *);
static void	S_set_threads(struct options *, const struct cli_option *,
		    const char *);
static void	S_set_color(struct options *, const struct cli_option *,
		    const char *);
static void	S_set_limit(struct options *, const struct cli_option *,
		    const char *);
static void	S_set_help(struct options *, const struct cli_option *,
		    const char *);

/* Which field S_set_flag, S_set_path, S_set_input and S_set_limit set. */
enum {
	FLAG_BLOCK_SOFT, FLAG_BLOCK_TAKEOVER, FLAG_REDACT, FLAG_TIMINGS,
	FLAG_QUIET, FLAG_PREDICT
};
enum { PATH_OUTPUT, PATH_BASELINE, PATH_FIX_LDIF };
enum { COVER_TITLE, COVER_CUSTOMER, COVER_PREPARED_BY };
enum { INPUT_ONPREM, INPUT_CLOUD, INPUT_ROLES, INPUT_DOMAINS };
enum { LIMIT_VALUE, LIMIT_RECORD, LIMIT_VALUES, LIMIT_DEPTH };

#define RUNS	(CMD_ANALYZE | CMD_OBJECTS)	/* the commands reading inputs */
#define MATCH	(CMD_ANALYZE | CMD_PREDICT)	/* only change the prediction */

/*
 * Every option, in the order --help lists them.  To let a command take
 * an option, add its bit to the option's row.
 */
const struct cli_option option_table[] = {
	{ "onprem", 0, "FILE", SECTION_INPUTS, RUNS,
	  "read FILE as on-premises AD (LDIF)", S_set_input, INPUT_ONPREM },
	{ "cloud", 0, "FILE", SECTION_INPUTS, RUNS,
	  "read FILE as an Entra ID export", S_set_input, INPUT_CLOUD },
	{ "roles", 0, "FILE", SECTION_INPUTS, RUNS,
	  "admin role membership (CSV or JSON)", S_set_input, INPUT_ROLES },
	{ "domains", 0, "FILE", SECTION_INPUTS, RUNS,
	  "tenant domains (Get-MgDomain CSV or JSON)", S_set_input,
	  INPUT_DOMAINS },
	{ "verified-domains", 0, "D", SECTION_INPUTS, RUNS,
	  "comma-separated verified domain names", S_set_verified, 0 },
	{ "cloud-type", 0, "TYPE", SECTION_INPUTS, RUNS,
	  "user, group or contact, for cloud objects whose\n"
	  "type the file does not tell (without it, such\n"
	  "a file stops the run)", S_set_cloud_type, 0 },
	{ "partial", 0, NULL, SECTION_INPUTS, RUNS,
	  "when an input is unusable, analyse the others\n"
	  "(the report's first line names those left\n"
	  "out; the exit status stays 3); without it\n"
	  "nothing is analysed; a missing or unreadable\n"
	  "file stops the run even so", S_set_partial, 0 },

	{ "source-anchor", 0, "A", SECTION_ANALYSIS, RUNS,
	  "auto (default), objectGUID or\n"
	  "mS-DS-ConsistencyGuid", S_set_anchor, 0 },
	{ "resiliency", 0, "on|off", SECTION_ANALYSIS, MATCH,
	  "duplicate attribute resiliency (default on)", S_set_resiliency,
	  0 },
	{ "block-soft-match", 0, NULL, SECTION_ANALYSIS, MATCH,
	  "the tenant blocks soft match (BlockSoftMatch)", S_set_flag,
	  FLAG_BLOCK_SOFT },
	{ "block-hard-match-takeover", 0, NULL, SECTION_ANALYSIS, MATCH,
	  "the tenant blocks hard match takeover of cloud\n"
	  "objects (BlockCloudObjectTakeoverThroughHardMatch)", S_set_flag,
	  FLAG_BLOCK_TAKEOVER },
	{ "soft-match-keys", 0, "K", SECTION_ANALYSIS, MATCH,
	  "primary (default: primary SMTP or mail, then\n"
	  "UPN) or all (secondary smtp: addresses too)", S_set_soft_keys,
	  0 },
	{ "delete-threshold", 0, "N", SECTION_ANALYSIS, MATCH,
	  "accidental-delete threshold (default 500; 0 off)",
	  S_set_delete_threshold, 0 },
	{ "member-limit", 0, "N", SECTION_ANALYSIS, RUNS,
	  "group member limit: 250000 (default, Connect\n"
	  "2.x) or 50000 (Connect 1.x)", S_set_member_limit, 0 },
	{ "group-anchor", 0, "A", SECTION_ANALYSIS, RUNS,
	  "auto (default: mS-DS-ConsistencyGuid when set,\n"
	  "Connect 1.5.18.0 and later) or objectGUID", S_set_group_anchor,
	  0 },
	{ "forest-join", 0, "J", SECTION_ANALYSIS, RUNS,
	  "how users of different forests match: none\n"
	  "(default, the wizard's), mail, sid\n"
	  "(objectSid = msExchMasterAccountSid) or sam\n"
	  "(sAMAccountName and mailNickname)", S_set_forest_join, 0 },
	{ "rule", 0, "ID", SECTION_ANALYSIS, CMD_ANALYZE,
	  "run only this rule (repeatable)", S_set_rule, 0 },
	{ "policy", 0, "FILE", SECTION_ANALYSIS, CMD_ANALYZE | CMD_EXPLAIN,
	  "also check the tenant policies of FILE\n"
	  "(repeatable; see docs/policy-example.ini)", S_set_policy, 0 },

	{ "format", 0, "F[,F...]", SECTION_OUTPUT, RUNS | CMD_RULES | CMD_ANCHOR,
	  NULL, S_set_format, 0 },
	{ "output", 'o', "FILE", SECTION_OUTPUT, RUNS,
	  "write to FILE (atomically); with several\n"
	  "formats, FILE.EXT for each", S_set_path, PATH_OUTPUT },
	{ "csv-separator", 0, "SEP", SECTION_OUTPUT, CMD_ANALYZE,
	  "comma (default) or semicolon: the CSV field\n"
	  "separator (semicolon where a comma is the\n"
	  "decimal mark)", S_set_csv_separator, 0 },
	{ "fail-on", 0, "LEVEL", SECTION_OUTPUT, CMD_ANALYZE,
	  "error (default), warning, info or never:\n"
	  "the lowest severity that sets exit code 1", S_set_fail_on, 0 },
	{ "baseline", 0, "FILE", SECTION_OUTPUT, CMD_ANALYZE,
	  "an earlier JSON report: mark findings new or\n"
	  "present, list the fixed ones; --fail-on then\n"
	  "counts only new findings", S_set_path, PATH_BASELINE },
	{ "redact", 0, NULL, SECTION_OUTPUT, CMD_ANALYZE | CMD_OBJECTS,
	  "pseudonyms for names, UPNs, addresses, DNs,\n"
	  "anchors and paths, to share a report", S_set_flag,
	  FLAG_REDACT },
	{ "fix-ldif", 0, "FILE", SECTION_OUTPUT, CMD_ANALYZE,
	  "write the certain on-premises fixes as LDIF\n"
	  "(ldapmodify, ldifde -i) and FILE.undo.ldif", S_set_path,
	  PATH_FIX_LDIF },
	{ "title", 0, "TEXT", SECTION_OUTPUT, CMD_ANALYZE,
	  "the report's name, in every format (default:\n"
	  "\"" VIEW_DEFAULT_TITLE "\")", S_set_cover, COVER_TITLE },
	{ "customer", 0, "NAME", SECTION_OUTPUT, CMD_ANALYZE,
	  "who the report is for, on its cover", S_set_cover,
	  COVER_CUSTOMER },
	{ "prepared-by", 0, "NAME", SECTION_OUTPUT, CMD_ANALYZE,
	  "who wrote it, on its cover", S_set_cover, COVER_PREPARED_BY },
	{ "progress", 0, "WHEN", SECTION_OUTPUT, RUNS,
	  "auto (default: on a terminal, not in CI),\n"
	  "always or never; on stderr", S_set_progress, 0 },
	{ "timings", 0, NULL, SECTION_OUTPUT, CMD_ANALYZE,
	  "time and peak memory of each phase, on stderr", S_set_flag,
	  FLAG_TIMINGS },
	{ "threads", 0, "N", SECTION_OUTPUT, MATCH,
	  "use N threads (default: one per processor, at\n"
	  "most 4); 1 parses inputs on the main thread too", S_set_threads, 0 },
	{ "color", 0, "WHEN", SECTION_OUTPUT, CMD_ANALYZE,
	  "auto (default: a terminal without NO_COLOR),\n"
	  "always or never", S_set_color, 0 },
	{ "quiet", 'q', NULL, SECTION_OUTPUT, RUNS,
	  "findings and summary only, no input messages", S_set_flag,
	  FLAG_QUIET },
	{ "predict", 0, NULL, SECTION_OUTPUT, CMD_OBJECTS,
	  "objects: each in-scope on-premises object's\n"
	  "predicted export outcome and its cloud match", S_set_flag,
	  FLAG_PREDICT },

	{ "max-value-bytes", 0, "N", SECTION_LIMITS, RUNS,
	  "one value (default 16 MiB)", S_set_limit, LIMIT_VALUE },
	{ "max-record-bytes", 0, "N", SECTION_LIMITS, RUNS,
	  "one record (default 256 MiB)", S_set_limit, LIMIT_RECORD },
	{ "max-values", 0, "N", SECTION_LIMITS, RUNS,
	  "values of one attribute (default 500000)", S_set_limit,
	  LIMIT_VALUES },
	{ "max-depth", 0, "N", SECTION_LIMITS, RUNS,
	  "XML and JSON nesting (default 64)", S_set_limit, LIMIT_DEPTH },

	{ "help", 'h', NULL, SECTION_NONE, ~0u,
	  "this help", S_set_help, 0 },
};

const size_t option_table_count = ARRAY_SIZE(option_table);

_Static_assert(ARRAY_SIZE(option_table) <= OPTION_MAX,
    "optparse.c keeps one flag per option in OPTION_MAX");

void
options_init(struct options *o, const struct command *cmd)
{
	memset(o, 0, sizeof(*o));
	o->command = cmd;
	o->color = -1;
	o->fail_on = SEV_ERROR;
	o->anchor_mode = ANCHOR_AUTO;
	o->rule_opt.is_resiliency_on = true;
	o->rule_opt.delete_threshold = DELETE_THRESHOLD_DEFAULT;
	o->member_limit = SCOPE_MEMBER_LIMIT;
	o->cloud_type = OBJ_USER;
	limits_init(&o->limits);
}

void
options_release(struct options *o)
{
	free(o->args);
	free(o->inputs);
	free(o->only_rules);
	free(o->policy_files);
}

/* ----- what each option stores ----- */

static const char *
S_choices_text(const struct choice *choices, char *buf, size_t n)
{
	size_t	i, nshown = 0, len = 0, k;
	int	w;

	for (i = 0; choices[i].word != NULL; i++)
		nshown += choices[i].shown == NULL || *choices[i].shown != '\0';
	buf[0] = '\0';
	for (i = 0, k = 0; choices[i].word != NULL && len < n; i++) {
		if (choices[i].shown != NULL && *choices[i].shown == '\0')
			continue;
		w = snprintf(buf + len, n - len, "%s%s",
		    k == 0 ? "" : k + 1 == nshown ? " or " : ", ",
		    choices[i].shown ? choices[i].shown : choices[i].word);
		if (w < 0)
			break;
		len += (size_t)w;
		k++;
	}
	return buf;
}

/* The value of the word arg among choices, or a usage error. */
static int
S_choose(const struct options *o, const struct cli_option *opt,
    const char *arg, const struct choice *choices)
{
	struct suggest	s;
	char		list[256], near[160];
	size_t		i;

	suggest_init(&s, arg);
	for (i = 0; choices[i].word != NULL; i++) {
		if (strcasecmp(choices[i].word, arg) == 0)
			return choices[i].value;
		if (choices[i].shown == NULL || *choices[i].shown != '\0')
			suggest_add(&s, choices[i].word);
	}
	S_choices_text(choices, list, sizeof(list));
	if (*suggest_text(&s, "", near, sizeof(near)) != '\0')
		usage_error(o->command, "--%s expects %s, not '%s' (did you mean %s?)",
		    opt->name, list, arg, near);
	usage_error(o->command, "--%s expects %s, not '%s'", opt->name, list,
	    arg);
}

static size_t
S_positive(const struct options *o, const struct cli_option *opt,
    const char *s)
{
	char			*end;
	unsigned long long	 v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v == 0 || s[0] == '-')
		usage_error(o->command, "option '--%s' expects a positive whole number",
		    opt->name);
	return (size_t)v;
}

void
options_add_input(struct options *o, const char *path, const char *side,
    enum input_content content)
{
	struct input_request	*r;

	o->inputs = xreallocarray(o->inputs, o->ninputs + 1,
	    sizeof(*o->inputs));
	r = &o->inputs[o->ninputs++];
	memset(r, 0, sizeof(*r));
	r->path = path;
	r->side = side;
	r->content = content;
}

static void
S_set_input(struct options *o, const struct cli_option *opt,
    const char *arg)
{
	switch (opt->data) {
	case INPUT_ONPREM:
		options_add_input(o, arg, "onprem", CONTENT_OBJECTS);
		break;
	case INPUT_CLOUD:
		options_add_input(o, arg, "cloud", CONTENT_OBJECTS);
		break;
	case INPUT_ROLES:
		options_add_input(o, arg, NULL, CONTENT_ROLES);
		break;
	default:
		options_add_input(o, arg, NULL, CONTENT_DOMAINS);
		break;
	}
}

static void
S_set_verified(struct options *o, const struct cli_option *opt,
    const char *arg)
{
	(void)opt;
	o->verified_domains = arg;
}

static void
S_set_cloud_type(struct options *o, const struct cli_option *opt,
    const char *arg)
{
	static const struct choice	types[] = {
		{ "user", OBJ_USER, NULL },
		{ "group", OBJ_GROUP, NULL },
		{ "contact", OBJ_CONTACT, NULL },
		{ NULL, 0, NULL }
	};

	o->cloud_type = (enum object_type)S_choose(o, opt, arg, types);
	o->is_cloud_type_given = true;
}

static void
S_set_partial(struct options *o, const struct cli_option *opt,
    const char *arg)
{
	(void)opt;
	(void)arg;
	o->is_partial = true;
}

static void
S_set_anchor(struct options *o, const struct cli_option *opt,
    const char *arg)
{
	static const struct choice	anchors[] = {
		{ "auto", ANCHOR_AUTO, NULL },
		{ "objectGUID", ANCHOR_OBJECT_GUID, NULL },
		{ "mS-DS-ConsistencyGuid", ANCHOR_CONSISTENCY_GUID, NULL },
		{ NULL, 0, NULL }
	};

	o->anchor_mode = (enum anchor_mode)S_choose(o, opt, arg, anchors);
}

static void
S_set_resiliency(struct options *o, const struct cli_option *opt,
    const char *arg)
{
	static const struct choice	on_off[] = {
		{ "on", 1, NULL },
		{ "off", 0, NULL },
		{ NULL, 0, NULL }
	};

	o->rule_opt.is_resiliency_on = S_choose(o, opt, arg, on_off) == 1;
}

static void
S_set_flag(struct options *o, const struct cli_option *opt,
    const char *arg)
{
	(void)arg;
	switch (opt->data) {
	case FLAG_BLOCK_SOFT:
		o->rule_opt.is_soft_match_blocked = true;
		break;
	case FLAG_BLOCK_TAKEOVER:
		o->rule_opt.is_hard_match_takeover_blocked = true;
		break;
	case FLAG_REDACT:
		o->is_redacted = true;
		break;
	case FLAG_TIMINGS:
		o->is_timed = true;
		break;
	case FLAG_QUIET:
		o->is_quiet = true;
		break;
	default:
		o->is_predicted = true;
		break;
	}
}

static void
S_set_soft_keys(struct options *o, const struct cli_option *opt,
    const char *arg)
{
	static const struct choice	keys[] = {
		{ "primary", SOFT_KEYS_PRIMARY, NULL },
		{ "all", SOFT_KEYS_ALL, NULL },
		{ NULL, 0, NULL }
	};

	o->rule_opt.soft_match_keys =
	    (enum soft_match_keys)S_choose(o, opt, arg, keys);
}

static void
S_set_delete_threshold(struct options *o, const struct cli_option *opt,
    const char *arg)
{
	o->rule_opt.delete_threshold = strcmp(arg, "0") == 0 ? 0 :
	    S_positive(o, opt, arg);
}

static void
S_set_member_limit(struct options *o, const struct cli_option *opt,
    const char *arg)
{
	static const struct choice	limits[] = {
		{ "250000", SCOPE_MEMBER_LIMIT, "250000 (Connect 2.x)" },
		{ "v2", SCOPE_MEMBER_LIMIT, "" },
		{ "50000", SCOPE_MEMBER_LIMIT_V1, "50000 (1.x)" },
		{ "v1", SCOPE_MEMBER_LIMIT_V1, "" },
		{ NULL, 0, NULL }
	};

	o->member_limit = (unsigned long)S_choose(o, opt, arg, limits);
}

static void
S_set_group_anchor(struct options *o, const struct cli_option *opt,
    const char *arg)
{
	static const struct choice	anchors[] = {
		{ "auto", 0, NULL },
		{ "objectGUID", 1, NULL },
		{ NULL, 0, NULL }
	};

	o->is_group_anchor_object_guid = S_choose(o, opt, arg, anchors) == 1;
}

static void
S_set_forest_join(struct options *o, const struct cli_option *opt,
    const char *arg)
{
	static const struct choice	joins[] = {
		{ "none", FOREST_JOIN_NONE, NULL },
		{ "mail", FOREST_JOIN_MAIL, NULL },
		{ "sid", FOREST_JOIN_SID, NULL },
		{ "sam", FOREST_JOIN_SAM, NULL },
		{ NULL, 0, NULL }
	};

	o->forest_join = (enum forest_join)S_choose(o, opt, arg, joins);
}

static void
S_set_rule(struct options *o, const struct cli_option *opt,
    const char *arg)
{
	char	near[160];

	(void)opt;
	if (rule_find(arg) == NULL) {
		if (*suggest_rule(arg, NULL, near, sizeof(near)) != '\0')
			usage_error(o->command, "unknown rule '%s' (did you mean %s? see 'syncdoctor rules')",
			    arg, near);
		usage_error(o->command, "unknown rule '%s' (see 'syncdoctor rules')",
		    arg);
	}
	o->only_rules = xreallocarray(o->only_rules, o->nonly_rules + 1,
	    sizeof(*o->only_rules));
	o->only_rules[o->nonly_rules++] = arg;
}

static void
S_set_policy(struct options *o, const struct cli_option *opt,
    const char *arg)
{
	(void)opt;
	o->policy_files = xreallocarray(o->policy_files,
	    o->npolicy_files + 1, sizeof(*o->policy_files));
	o->policy_files[o->npolicy_files++] = arg;
}

/* cmd's own spelling of format, or NULL when it does not write it. */
static const char *
S_written_as(const struct command *cmd, const char *format)
{
	const struct report_format	*f;
	size_t				 i;

	if (cmd->formats == NULL)
		return (f = report_format_find(format)) != NULL ? f->name :
		    NULL;
	for (i = 0; cmd->formats[i] != NULL; i++)
		if (strcasecmp(cmd->formats[i], format) == 0)
			return cmd->formats[i];
	return NULL;
}

/* A format cmd does not write: unknown to all, or only to it. */
static _Noreturn void
S_refuse_format(const struct options *o, const char *format)
{
	const struct command	*cmd = o->command;
	struct suggest		 s;
	char			 list[256], near[160];
	size_t			 i;

	options_formats_text(cmd, false, list, sizeof(list));
	if (report_format_find(format) != NULL)
		usage_error(cmd, "%s does not write format '%s' (it writes %s)",
		    cmd->name, format, list);
	suggest_init(&s, format);
	if (cmd->formats == NULL)
		for (i = 0; report_formats[i] != NULL; i++)
			suggest_add(&s, report_formats[i]->name);
	else
		for (i = 0; cmd->formats[i] != NULL; i++)
			suggest_add(&s, cmd->formats[i]);
	if (*suggest_text(&s, "", near, sizeof(near)) != '\0')
		usage_error(cmd, "unknown format '%s' (did you mean %s? %s writes %s)",
		    format, near, cmd->name, list);
	usage_error(cmd, "unknown format '%s' (%s writes %s)", format,
	    cmd->name, list);
}

/* "text,json": each word stored as the command spells it. */
static void
S_set_format(struct options *o, const struct cli_option *opt,
    const char *arg)
{
	const struct report_format *f;
	const char	*p = arg, *name;
	char		 word[64];	/* longer: no format's name, refused */
	size_t		 len;

	(void)opt;
	for (;;) {
		len = strcspn(p, ",");
		if (o->nformats == ARRAY_SIZE(o->formats))
			usage_error(o->command, "too many formats in '%s'",
			    arg);
		/* On the stack: usage errors exit, and leaks fail the tests. */
		snprintf(word, sizeof(word), "%.*s", (int)len, p);
		if ((name = S_written_as(o->command, word)) == NULL)
			S_refuse_format(o, word);
		if ((f = report_format_find(name)) != NULL &&
		    f->unavailable != NULL)
			usage_error(o->command, "%s", f->unavailable);
		o->formats[o->nformats++] = name;
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
}

static void
S_set_path(struct options *o, const struct cli_option *opt,
    const char *arg)
{
	switch (opt->data) {
	case PATH_OUTPUT:
		o->output = arg;
		break;
	case PATH_BASELINE:
		o->baseline = arg;
		break;
	default:
		o->fix_ldif = arg;
		break;
	}
}

static void
S_set_cover(struct options *o, const struct cli_option *opt,
    const char *arg)
{
	switch (opt->data) {
	case COVER_TITLE:
		o->title = arg;
		break;
	case COVER_CUSTOMER:
		o->customer = arg;
		break;
	default:
		o->prepared_by = arg;
		break;
	}
}

static void
S_set_fail_on(struct options *o, const struct cli_option *opt,
    const char *arg)
{
	static const struct choice	levels[] = {
		{ "error", SEV_ERROR, NULL },
		{ "warning", SEV_WARNING, NULL },
		{ "info", SEV_INFO, NULL },
		{ "never", -1, NULL },
		{ NULL, 0, NULL }
	};

	o->fail_on = S_choose(o, opt, arg, levels);
}

static void
S_set_csv_separator(struct options *o, const struct cli_option *opt,
    const char *arg)
{
	static const struct choice	separators[] = {
		{ "comma", ',', NULL },
		{ "semicolon", ';', NULL },
		{ NULL, 0, NULL }
	};

	o->csv_separator = (char)S_choose(o, opt, arg, separators);
}

static const struct choice	when_choices[] = {
	{ "auto", PROGRESS_AUTO, NULL },
	{ "always", PROGRESS_ALWAYS, NULL },
	{ "never", PROGRESS_NEVER, NULL },
	{ NULL, 0, NULL }
};

static void
S_set_progress(struct options *o, const struct cli_option *opt,
    const char *arg)
{
	o->progress = (enum progress_when)S_choose(o, opt, arg, when_choices);
}

static void
S_set_color(struct options *o, const struct cli_option *opt,
    const char *arg)
{
	switch (S_choose(o, opt, arg, when_choices)) {
	case PROGRESS_ALWAYS:
		o->color = 1;
		break;
	case PROGRESS_NEVER:
		o->color = 0;
		break;
	default:
		o->color = -1;
		break;
	}
}

static void
S_set_threads(struct options *o, const struct cli_option *opt,
    const char *arg)
{
	size_t	n = S_positive(o, opt, arg);

	if (n > 64)
		usage_error(o->command, "%s", "--threads expects 1 to 64");
	o->threads = (unsigned)n;
}

static void
S_set_limit(struct options *o, const struct cli_option *opt,
    const char *arg)
{
	size_t	n = S_positive(o, opt, arg);

	switch (opt->data) {
	case LIMIT_VALUE:
		o->limits.max_value_bytes = n;
		break;
	case LIMIT_RECORD:
		o->limits.max_record_bytes = n;
		break;
	case LIMIT_VALUES:
		o->limits.max_values = n;
		break;
	default:
		o->limits.max_depth = n;
		break;
	}
}

static void
S_set_help(struct options *o, const struct cli_option *opt,
    const char *arg)
{
	(void)opt;
	(void)arg;
	help_command(stdout, o->command);
	exit(EXIT_CLEAN);
}

const char *
options_formats_text(const struct command *cmd, bool is_default,
    char *buf, size_t n)
{
	const char	*names[32];
	size_t		 i, nnames = 0, len = 0;
	int		 w;

	if (cmd == NULL || cmd->formats == NULL)
		for (i = 0; report_formats[i] != NULL && i < 32; i++)
			names[nnames++] = report_formats[i]->name;
	else
		for (i = 0; cmd->formats[i] != NULL && i < 32; i++)
			names[nnames++] = cmd->formats[i];
	buf[0] = '\0';
	for (i = 0; i < nnames && len < n; i++) {
		w = snprintf(buf + len, n - len, "%s%s%s",
		    i == 0 ? "" : i + 1 == nnames ? " or " : ", ", names[i],
		    i == 0 && is_default ? " (default)" : "");
		if (w < 0)
			break;
		len += (size_t)w;
	}
	return buf;
}

/*
 * A binary format (the workbook) written to a terminal would garble the
 * screen: it needs -o FILE there (a pipe or a file is fine).
 */
void
options_refuse_binary(const struct options *o)
{
	const struct report_format	*f;
	size_t				 i;

	if ((o->output != NULL && strcmp(o->output, "-") != 0) ||
	    !platform_is_terminal(stdout))
		return;
	for (i = 0; i < o->nformats; i++)
		if ((f = report_format_find(o->formats[i])) != NULL &&
		    f->is_binary)
			usage_error(o->command, "--format %s writes a binary file: give -o FILE.%s, or redirect the output",
			    f->name, f->extension);
}
