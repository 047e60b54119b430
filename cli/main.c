/*
 * The command line: parse options, load the inputs, run the analysis,
 * write the reports, and map the outcome to an exit code.  The only file
 * that exits; no analysis logic lives here.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analysis.h"
#include "scope.h"
#include "baseline.h"
#include "diag.h"
#include "escape.h"
#include "fixldif.h"
#include "input.h"
#include "inlimits.h"
#include "match.h"
#include "policy.h"
#include "platform.h"
#include "progress.h"
#include "timings.h"
#include "redact.h"
#include "report.h"
#include "rule.h"
#include "table.h"
#include "xalloc.h"

enum sd_exit {
	EXIT_CLEAN = 0,		/* no finding at or above --fail-on */
	EXIT_FINDINGS = 1,	/* findings at or above --fail-on */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_INPUT = 3		/* an input was unreadable or unusable */
};

struct options {
	struct input_request	*inputs;
	size_t			 ninputs;
	const char		*formats[8];
	size_t			 nformats;
	const char		*output;
	const char		**only_rules;
	size_t			 nonly_rules;
	const char		**policy_files;	/* --policy */
	size_t			 npolicy_files;
	const char		*verified_domains;
	bool			 is_quiet;
	int			 color;		/* -1 auto, 0 never, 1 always */
	int			 fail_on;	/* severity, or -1: never */
	enum anchor_mode	 anchor_mode;
	bool			 is_group_anchor_object_guid;
	enum forest_join	 forest_join;
	unsigned long		 member_limit;
	struct sync_options	 rule_opt;
	struct limits		 limits;
	enum object_type	 cloud_type;
	bool			 is_cloud_type_given;	/* --cloud-type */
	const char		*baseline;	/* --baseline: old JSON report */
	const char		*fix_ldif;	/* --fix-ldif: change file */
	bool			 is_redacted;	/* --redact */
	bool			 is_predicted;	/* objects --predict */
	bool			 is_timed;	/* --timings */
	bool			 is_partial;	/* --partial */
	unsigned		 threads;	/* --threads, 0: automatic */
	enum progress_when	 progress;
	int			 given[64];	/* option codes, as given */
	size_t			 ngiven;
};

static const char usage_text[] =
"usage: syncdoctor analyze [options] FILE...\n"
"       syncdoctor objects [options] FILE...\n"
"       syncdoctor rules\n"
"       syncdoctor explain RULE | POLICY-ID [--policy FILE]...\n"
"       syncdoctor policy check FILE...\n"
"       syncdoctor --help | --version\n"
"\n"
"Predicts which objects Microsoft Entra Connect will fail to export to\n"
"Entra ID, from offline exports: on-premises AD as LDIF (ldifde,\n"
"ldapsearch, ldbsearch) and Entra ID users, groups and contacts (CSV,\n"
"CLIXML, Graph JSON).  The kind of each FILE is recognised from its\n"
"content.\n"
"\n"
"inputs:\n"
"  --onprem FILE          read FILE as on-premises AD (LDIF)\n"
"  --cloud FILE           read FILE as an Entra ID export\n"
"  --roles FILE           admin role membership (CSV or JSON)\n"
"  --domains FILE         tenant domains (Get-MgDomain CSV or JSON)\n"
"  --verified-domains D   comma-separated verified domain names\n"
"  --cloud-type TYPE      user, group or contact, for cloud objects whose\n"
"                         type the file does not tell (without it, such\n"
"                         a file stops the run)\n"
"  --partial              when an input is unusable, analyse the others\n"
"                         (the report's first line names those left\n"
"                         out; the exit status stays 3); without it\n"
"                         nothing is analysed\n"
"\n"
"analysis:\n"
"  --source-anchor A      auto (default), objectGUID or\n"
"                         mS-DS-ConsistencyGuid\n"
"  --resiliency on|off    duplicate attribute resiliency (default on)\n"
"  --block-soft-match     the tenant blocks soft match (BlockSoftMatch)\n"
"  --block-hard-match-takeover\n"
"                         the tenant blocks hard match takeover of cloud\n"
"                         objects (BlockCloudObjectTakeoverThroughHardMatch)\n"
"  --soft-match-keys K    primary (default: primary SMTP or mail, then\n"
"                         UPN) or all (secondary smtp: addresses too)\n"
"  --delete-threshold N   accidental-delete threshold (default 500; 0 off)\n"
"  --member-limit N       group member limit: 250000 (default, Connect\n"
"                         2.x) or 50000 (Connect 1.x)\n"
"  --group-anchor A       auto (default: mS-DS-ConsistencyGuid when set,\n"
"                         Connect 1.5.18.0 and later) or objectGUID\n"
"  --forest-join J        how users of different forests match: none\n"
"                         (default, the wizard's), mail, sid\n"
"                         (objectSid = msExchMasterAccountSid) or sam\n"
"                         (sAMAccountName and mailNickname)\n"
"  --rule ID              run only this rule (repeatable)\n"
"  --policy FILE          also check the tenant policies of FILE\n"
"                         (repeatable; see docs/policy-example.ini)\n"
"\n"
"output:\n"
"  --format F[,F...]      text (default), json, html, csv, md, junit or\n"
"                         xlsx (a workbook: needs -o FILE on a terminal)\n"
"  -o, --output FILE      write to FILE (atomically); with several\n"
"                         formats, FILE.EXT for each\n"
"  --fail-on LEVEL        error (default), warning, info or never:\n"
"                         the lowest severity that sets exit code 1\n"
"  --baseline FILE        an earlier JSON report: mark findings new or\n"
"                         present, list the fixed ones; --fail-on then\n"
"                         counts only new findings\n"
"  --redact               pseudonyms for names, UPNs, addresses, DNs,\n"
"                         anchors and paths, to share a report\n"
"  --fix-ldif FILE        write the certain on-premises fixes as LDIF\n"
"                         (ldapmodify, ldifde -i) and FILE.undo.ldif\n"
"  --progress WHEN        auto (default: on a terminal, not in CI),\n"
"                         always or never; on stderr\n"
"  --timings              time and peak memory of each phase, on stderr\n"
"  --threads N            run the rules on N threads (default: one per\n"
"                         processor, at most 4)\n"
"  --color WHEN           auto (default: a terminal without NO_COLOR),\n"
"                         always or never\n"
"  -q, --quiet            findings and summary only, no input messages\n"
"  --predict              objects: each in-scope on-premises object's\n"
"                         predicted export outcome and its cloud match\n"
"\n"
"limits (a record over a limit is rejected and reported):\n"
"  --max-value-bytes N    one value (default 16 MiB)\n"
"  --max-record-bytes N   one record (default 256 MiB)\n"
"  --max-values N         values of one attribute (default 500000)\n"
"  --max-depth N          XML and JSON nesting (default 64)\n"
"\n"
"exit status: 0 no findings at the --fail-on level, 1 findings at that\n"
"level, 2 usage error, 3 an input was missing, unreadable, empty, of\n"
"the wrong kind or had every record rejected (nothing is analysed\n"
"unless --partial).\n";

static _Noreturn void	usage_error(const char *fmt, ...)
			    __attribute__((format(printf, 1, 2)));

static _Noreturn void
usage_error(const char *fmt, ...)
{
	va_list	ap;

	fputs("syncdoctor: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'syncdoctor --help'.\n", stderr);
	exit(EXIT_USAGE);
}

static size_t
parse_size(const char *opt, const char *s)
{
	char			*end;
	unsigned long long	 v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v == 0 || s[0] == '-')
		usage_error("option '%s' expects a positive whole number", opt);
	return (size_t)v;
}

static void
add_input(struct options *o, const char *path, const char *side,
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
parse_formats(struct options *o, char *list)
{
	char	*p = list, *comma;

	for (;;) {
		comma = strchr(p, ',');
		if (comma != NULL)
			*comma = '\0';
		if (report_format_find(p) == NULL && strcasecmp(p, "xlsx") == 0)
			usage_error("%s", "this build has no xlsx support: it was built without libxlsxwriter (Debian package libxlsxwriter-dev)");
		if (report_format_find(p) == NULL)
			usage_error("unknown format '%s' (expected text, json, html, csv, md, junit or xlsx)",
			    p);
		if (o->nformats == ARRAY_SIZE(o->formats))
			usage_error("too many formats in '%s'", list);
		o->formats[o->nformats++] = p;
		if (comma == NULL)
			break;
		p = comma + 1;
	}
}

enum long_only {
	OPT_ONPREM = 256, OPT_CLOUD, OPT_ROLES, OPT_DOMAINS, OPT_VERIFIED,
	OPT_CLOUD_TYPE, OPT_ANCHOR, OPT_RESILIENCY, OPT_RULE, OPT_FORMAT,
	OPT_FAIL_ON, OPT_COLOR, OPT_MAX_VALUE, OPT_MAX_RECORD, OPT_MAX_VALUES,
	OPT_MAX_DEPTH, OPT_BLOCK_SOFT, OPT_BLOCK_TAKEOVER, OPT_BASELINE,
	OPT_REDACT, OPT_FIX_LDIF, OPT_PROGRESS, OPT_PREDICT, OPT_TIMINGS, OPT_THREADS,
	OPT_SOFT_KEYS, OPT_DELETE_THRESHOLD, OPT_MEMBER_LIMIT, OPT_GROUP_ANCHOR,
	OPT_FOREST_JOIN,
	OPT_POLICY,
	OPT_PARTIAL
};

static const struct option long_options[] = {
	{ "onprem",		required_argument, NULL, OPT_ONPREM },
	{ "cloud",		required_argument, NULL, OPT_CLOUD },
	{ "roles",		required_argument, NULL, OPT_ROLES },
	{ "domains",		required_argument, NULL, OPT_DOMAINS },
	{ "verified-domains",	required_argument, NULL, OPT_VERIFIED },
	{ "cloud-type",		required_argument, NULL, OPT_CLOUD_TYPE },
	{ "source-anchor",	required_argument, NULL, OPT_ANCHOR },
	{ "resiliency",		required_argument, NULL, OPT_RESILIENCY },
	{ "block-soft-match",	no_argument,	   NULL, OPT_BLOCK_SOFT },
	{ "block-hard-match-takeover", no_argument, NULL, OPT_BLOCK_TAKEOVER },
	{ "soft-match-keys",	required_argument, NULL, OPT_SOFT_KEYS },
	{ "delete-threshold",	required_argument, NULL, OPT_DELETE_THRESHOLD },
	{ "member-limit",	required_argument, NULL, OPT_MEMBER_LIMIT },
	{ "group-anchor",	required_argument, NULL, OPT_GROUP_ANCHOR },
	{ "forest-join",	required_argument, NULL, OPT_FOREST_JOIN },
	{ "rule",		required_argument, NULL, OPT_RULE },
	{ "policy",		required_argument, NULL, OPT_POLICY },
	{ "format",		required_argument, NULL, OPT_FORMAT },
	{ "output",		required_argument, NULL, 'o' },
	{ "fail-on",		required_argument, NULL, OPT_FAIL_ON },
	{ "baseline",		required_argument, NULL, OPT_BASELINE },
	{ "redact",		no_argument,	   NULL, OPT_REDACT },
	{ "predict",		no_argument,	   NULL, OPT_PREDICT },
	{ "fix-ldif",		required_argument, NULL, OPT_FIX_LDIF },
	{ "progress",		required_argument, NULL, OPT_PROGRESS },
	{ "timings",		no_argument,	   NULL, OPT_TIMINGS },
	{ "threads",		required_argument, NULL, OPT_THREADS },
	{ "partial",		no_argument,	   NULL, OPT_PARTIAL },
	{ "color",		required_argument, NULL, OPT_COLOR },
	{ "quiet",		no_argument,	   NULL, 'q' },
	{ "max-value-bytes",	required_argument, NULL, OPT_MAX_VALUE },
	{ "max-record-bytes",	required_argument, NULL, OPT_MAX_RECORD },
	{ "max-values",		required_argument, NULL, OPT_MAX_VALUES },
	{ "max-depth",		required_argument, NULL, OPT_MAX_DEPTH },
	{ "help",		no_argument,	   NULL, 'h' },
	{ NULL,			0,		   NULL, 0 }
};

static void
parse_choice(struct options *o, int c, const char *arg)
{
	int	sev;

	switch (c) {
	case OPT_CLOUD_TYPE:
		o->is_cloud_type_given = true;
		if (strcasecmp(arg, "user") == 0)
			o->cloud_type = OBJ_USER;
		else if (strcasecmp(arg, "group") == 0)
			o->cloud_type = OBJ_GROUP;
		else if (strcasecmp(arg, "contact") == 0)
			o->cloud_type = OBJ_CONTACT;
		else
			usage_error("--cloud-type expects user, group or contact, not '%s'", arg);
		break;
	case OPT_ANCHOR:
		if (strcasecmp(arg, "auto") == 0)
			o->anchor_mode = ANCHOR_AUTO;
		else if (strcasecmp(arg, "objectGUID") == 0)
			o->anchor_mode = ANCHOR_OBJECT_GUID;
		else if (strcasecmp(arg, "mS-DS-ConsistencyGuid") == 0)
			o->anchor_mode = ANCHOR_CONSISTENCY_GUID;
		else
			usage_error("--source-anchor expects auto, objectGUID or mS-DS-ConsistencyGuid, not '%s'", arg);
		break;
	case OPT_SOFT_KEYS:
		if (strcasecmp(arg, "primary") == 0)
			o->rule_opt.soft_match_keys = SOFT_KEYS_PRIMARY;
		else if (strcasecmp(arg, "all") == 0)
			o->rule_opt.soft_match_keys = SOFT_KEYS_ALL;
		else
			usage_error("--soft-match-keys expects primary or all, not '%s'", arg);
		break;
	case OPT_FOREST_JOIN:
		if (strcasecmp(arg, "none") == 0)
			o->forest_join = FOREST_JOIN_NONE;
		else if (strcasecmp(arg, "mail") == 0)
			o->forest_join = FOREST_JOIN_MAIL;
		else if (strcasecmp(arg, "sid") == 0)
			o->forest_join = FOREST_JOIN_SID;
		else if (strcasecmp(arg, "sam") == 0)
			o->forest_join = FOREST_JOIN_SAM;
		else
			usage_error("--forest-join expects none, mail, sid or sam, not '%s'", arg);
		break;
	case OPT_GROUP_ANCHOR:
		if (strcasecmp(arg, "auto") == 0)
			o->is_group_anchor_object_guid = false;
		else if (strcasecmp(arg, "objectGUID") == 0)
			o->is_group_anchor_object_guid = true;
		else
			usage_error("--group-anchor expects auto or objectGUID, not '%s'", arg);
		break;
	case OPT_MEMBER_LIMIT:
		if (strcmp(arg, "250000") == 0 || strcasecmp(arg, "v2") == 0)
			o->member_limit = SCOPE_MEMBER_LIMIT;
		else if (strcmp(arg, "50000") == 0 || strcasecmp(arg, "v1") == 0)
			o->member_limit = SCOPE_MEMBER_LIMIT_V1;
		else
			usage_error("--member-limit expects 250000 (Connect 2.x) or 50000 (1.x), not '%s'", arg);
		break;
	case OPT_RESILIENCY:
		if (strcasecmp(arg, "on") == 0)
			o->rule_opt.is_resiliency_on = true;
		else if (strcasecmp(arg, "off") == 0)
			o->rule_opt.is_resiliency_on = false;
		else
			usage_error("--resiliency expects on or off, not '%s'", arg);
		break;
	case OPT_FAIL_ON:
		if (strcasecmp(arg, "never") == 0)
			o->fail_on = -1;
		else if ((sev = severity_parse(arg)) >= 0)
			o->fail_on = sev;
		else
			usage_error("--fail-on expects error, warning, info or never, not '%s'", arg);
		break;
	case OPT_PROGRESS:
		if ((sev = progress_when_parse(arg)) < 0)
			usage_error("--progress expects auto, always or never, not '%s'", arg);
		o->progress = (enum progress_when)sev;
		break;
	case OPT_COLOR:
		if (strcasecmp(arg, "auto") == 0)
			o->color = -1;
		else if (strcasecmp(arg, "always") == 0)
			o->color = 1;
		else if (strcasecmp(arg, "never") == 0)
			o->color = 0;
		else
			usage_error("--color expects auto, always or never, not '%s'", arg);
		break;
	}
}

/* Remember that option c was given, once, for refuse_unhonoured(). */
static void
note_given(struct options *o, int c)
{
	size_t	i;

	for (i = 0; i < o->ngiven; i++)
		if (o->given[i] == c)
			return;
	if (o->ngiven < ARRAY_SIZE(o->given))
		o->given[o->ngiven++] = c;
}

static void
parse_options(struct options *o, int argc, char **argv)
{
	int	c;

	while ((c = getopt_long(argc, argv, "o:qh", long_options, NULL)) != -1) {
		note_given(o, c);
		switch (c) {
		case OPT_ONPREM:
			add_input(o, optarg, "onprem", CONTENT_OBJECTS);
			break;
		case OPT_CLOUD:
			add_input(o, optarg, "cloud", CONTENT_OBJECTS);
			break;
		case OPT_ROLES:
			add_input(o, optarg, NULL, CONTENT_ROLES);
			break;
		case OPT_DOMAINS:
			add_input(o, optarg, NULL, CONTENT_DOMAINS);
			break;
		case OPT_VERIFIED:
			o->verified_domains = optarg;
			break;
		case OPT_BLOCK_SOFT:
			o->rule_opt.is_soft_match_blocked = true;
			break;
		case OPT_SOFT_KEYS:
		case OPT_FOREST_JOIN:
		case OPT_GROUP_ANCHOR:
		case OPT_MEMBER_LIMIT:
			parse_choice(o, c, optarg);
			break;
		case OPT_BLOCK_TAKEOVER:
			o->rule_opt.is_hard_match_takeover_blocked = true;
			break;
		case OPT_DELETE_THRESHOLD:
			o->rule_opt.delete_threshold = strcmp(optarg, "0") == 0 ?
			    0 : parse_size("--delete-threshold", optarg);
			break;
		case OPT_RULE:
			if (rule_find(optarg) == NULL)
				usage_error("unknown rule '%s' (see 'syncdoctor rules')", optarg);
			o->only_rules = xreallocarray(o->only_rules,
			    o->nonly_rules + 1, sizeof(*o->only_rules));
			o->only_rules[o->nonly_rules++] = optarg;
			break;
		case OPT_POLICY:
			o->policy_files = xreallocarray(o->policy_files,
			    o->npolicy_files + 1, sizeof(*o->policy_files));
			o->policy_files[o->npolicy_files++] = optarg;
			break;
		case OPT_FORMAT:
			parse_formats(o, optarg);
			break;
		case OPT_BASELINE:
			o->baseline = optarg;
			break;
		case OPT_REDACT:
			o->is_redacted = true;
			break;
		case OPT_PREDICT:
			o->is_predicted = true;
			break;
		case OPT_TIMINGS:
			o->is_timed = true;
			break;
		case OPT_PARTIAL:
			o->is_partial = true;
			break;
		case OPT_THREADS:
			if (parse_size("--threads", optarg) > 64)
				usage_error("%s", "--threads expects 1 to 64");
			o->threads = (unsigned)parse_size("--threads", optarg);
			break;
		case OPT_FIX_LDIF:
			o->fix_ldif = optarg;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'q':
			o->is_quiet = true;
			break;
		case OPT_MAX_VALUE:
			o->limits.max_value_bytes = parse_size("--max-value-bytes", optarg);
			break;
		case OPT_MAX_RECORD:
			o->limits.max_record_bytes = parse_size("--max-record-bytes", optarg);
			break;
		case OPT_MAX_VALUES:
			o->limits.max_values = parse_size("--max-values", optarg);
			break;
		case OPT_MAX_DEPTH:
			o->limits.max_depth = parse_size("--max-depth", optarg);
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(EXIT_CLEAN);
		case '?':
			fputs("Try 'syncdoctor --help'.\n", stderr);
			exit(EXIT_USAGE);
		default:
			parse_choice(o, c, optarg);
		}
	}
	for (; optind < argc; optind++)
		add_input(o, argv[optind], NULL, CONTENT_OBJECTS);
	if (o->nformats == 0)
		o->formats[o->nformats++] = "text";
}

/*
 * The options each command acts on.  Any other option it parses is
 * refused by name (exit 2): an option that is accepted and then ignored
 * misleads, and an ignored --redact leaks the data it was meant to hide.
 * NEEDSWORK: objects has no redacted view yet; until the report view
 * gives it one, objects refuses --redact.
 */
static const int analyze_honours[] = {
	OPT_ONPREM, OPT_CLOUD, OPT_ROLES, OPT_DOMAINS, OPT_VERIFIED,
	OPT_CLOUD_TYPE, OPT_ANCHOR, OPT_RESILIENCY, OPT_BLOCK_SOFT,
	OPT_BLOCK_TAKEOVER, OPT_RULE, OPT_FORMAT, 'o', OPT_FAIL_ON,
	OPT_BASELINE, OPT_REDACT, OPT_FIX_LDIF, OPT_PROGRESS, OPT_TIMINGS,
	OPT_THREADS, OPT_COLOR, 'q', OPT_MAX_VALUE, OPT_MAX_RECORD,
	OPT_MAX_VALUES, OPT_MAX_DEPTH, OPT_PARTIAL, OPT_SOFT_KEYS,
	OPT_DELETE_THRESHOLD, OPT_MEMBER_LIMIT, OPT_GROUP_ANCHOR,
	OPT_FOREST_JOIN, OPT_POLICY, 0
};

/* Scope and anchors are decided while loading: objects shows them. */
static const int objects_honours[] = {
	OPT_ONPREM, OPT_CLOUD, OPT_ROLES, OPT_DOMAINS, OPT_VERIFIED,
	OPT_CLOUD_TYPE, OPT_ANCHOR, OPT_FORMAT, 'o', OPT_PROGRESS, 'q',
	OPT_MAX_VALUE, OPT_MAX_RECORD, OPT_MAX_VALUES, OPT_MAX_DEPTH,
	OPT_PREDICT, OPT_PARTIAL, OPT_MEMBER_LIMIT, OPT_GROUP_ANCHOR,
	OPT_FOREST_JOIN, 0
};

/* objects uses these only to run the analysis of --predict. */
static const int objects_predict_honours[] = {
	OPT_RESILIENCY, OPT_BLOCK_SOFT, OPT_BLOCK_TAKEOVER, OPT_SOFT_KEYS,
	OPT_DELETE_THRESHOLD, OPT_THREADS, 0
};

static bool
option_is_in(int c, const int *list)
{
	for (; *list != 0; list++)
		if (*list == c)
			return true;
	return false;
}

/* The long name of option c, as long_options spells it. */
static const char *
option_name(int c)
{
	size_t	i;

	for (i = 0; long_options[i].name != NULL; i++)
		if (long_options[i].val == c)
			return long_options[i].name;
	return "?";
}

/* Exit 2 naming the first option given that cmd does not act on. */
static void
refuse_unhonoured(const struct options *o, const char *cmd,
    const int *honours, const int *predict_honours)
{
	size_t	i;
	int	c;

	for (i = 0; i < o->ngiven; i++) {
		c = o->given[i];
		if (option_is_in(c, honours))
			continue;
		if (predict_honours != NULL &&
		    option_is_in(c, predict_honours)) {
			if (o->is_predicted)
				continue;
			usage_error("%s uses '--%s' only with --predict",
			    cmd, option_name(c));
		}
		usage_error("%s does not honour '--%s'", cmd, option_name(c));
	}
}

/* Exit 2 naming the first format in o that cmd cannot write. */
static void
refuse_formats(const struct options *o, const char *cmd,
    const char *const *formats, const char *expected)
{
	size_t	i, k;

	for (i = 0; i < o->nformats; i++) {
		for (k = 0; formats[k] != NULL; k++)
			if (strcmp(o->formats[i], formats[k]) == 0)
				break;
		if (formats[k] == NULL)
			usage_error("%s does not write format '%s' (expected %s)",
			    cmd, o->formats[i], expected);
	}
}

/*
 * A workbook is binary: written to a terminal it would garble the
 * screen, so it needs -o FILE there (a pipe or a file is fine).
 */
static void
refuse_binary_to_terminal(const struct options *o)
{
	size_t	i;

	if (o->output != NULL && strcmp(o->output, "-") != 0)
		return;
	for (i = 0; i < o->nformats; i++)
		if (strcasecmp(o->formats[i], "xlsx") == 0 &&
		    platform_is_terminal(stdout))
			usage_error("%s", "--format xlsx writes a binary workbook: give -o FILE.xlsx, or redirect the output");
}

static void
add_verified_domains(struct table *t, const char *list)
{
	const char	*p = list;

	while (*p != '\0') {
		size_t		 len = strcspn(p, ",");
		struct domain	 d;

		while (len > 0 && (p[len - 1] == '.' || p[len - 1] == ' '))
			len--;
		while (len > 0 && *p == ' ') {
			p++;
			len--;
		}
		if (len > 0) {
			memset(&d, 0, sizeof(d));
			d.name = table_intern_lower(t, p, len);
			d.is_verified = TRI_TRUE;
			table_add_domain(t, &d);
		}
		p += strcspn(p, ",");
		if (*p == ',')
			p++;
	}
}

/*
 * A cloud file whose objects' type could not be told: without
 * --cloud-type, guessing would manufacture ObjectTypeMismatch errors, so
 * the run stops with a usage error naming the file and the option.
 */
static void
refuse_untyped(const struct options *o, const struct diag *dg)
{
	size_t	i;

	if (o->is_cloud_type_given)
		return;
	for (i = 0; i < dg->nmsgs; i++)
		if (dg->msgs[i].code == D_CSV_UNKNOWN_TYPE)
			usage_error("%s:%lu: cannot tell whether its objects are users, groups or contacts: give --cloud-type user, group or contact",
			    dg->msgs[i].file, dg->msgs[i].line);
}

/* Load every input; false when one was unusable. */
static bool
load_inputs(struct table *t, struct diag *dg, const struct options *o,
    struct timings *tm)
{
	struct input_options	iopt = {
		.limits = &o->limits,
		.default_cloud_type = o->cloud_type,
	};
	bool			is_all_ok = true;
	size_t			i;
	struct progress		pg;
	struct input_seen	seen;

	progress_init(&pg, progress_is_wanted(o->progress, stderr) ? stderr :
	    NULL);
	iopt.progress = pg.out != NULL ? &pg : NULL;
	input_seen_init(&seen);
	iopt.seen = &seen;
	for (i = 0; i < o->ninputs; i++) {
		progress_file_begin(&pg, o->inputs[i].path);
		if (input_load(t, dg, &o->inputs[i], &iopt) != 0)
			is_all_ok = false;
		progress_file_end(&pg, dg->ninputs > 0 ?
		    dg->inputs[dg->ninputs - 1].records : 0);
		timings_mark(tm, "read and load", o->inputs[i].path);
	}
	input_seen_release(&seen);
	refuse_untyped(o, dg);
	if (o->verified_domains != NULL)
		add_verified_domains(t, o->verified_domains);
	return is_all_ok;
}

/* The first fatal message said about path, or NULL. */
static const char *
unusable_reason(const struct diag *dg, const char *path)
{
	size_t	i;

	for (i = 0; i < dg->nmsgs; i++)
		if (diag_level(dg->msgs[i].code) == DL_FATAL &&
		    strcmp(dg->msgs[i].file, path) == 0)
			return dg->msgs[i].text;
	return NULL;
}

/*
 * Say plainly, on stderr and even with -q, which inputs are unusable and
 * what happens now.  Returns true when the run goes on (--partial and
 * some input is usable), false when nothing may be concluded.
 */
static bool
say_unusable(const struct options *o, const struct diag *dg,
    const char *cmd)
{
	const char	*reason;
	size_t		 i, nunusable = 0;

	for (i = 0; i < dg->ninputs; i++) {
		if (!dg->inputs[i].is_unusable)
			continue;
		nunusable++;
		reason = unusable_reason(dg, dg->inputs[i].path);
		fputs("syncdoctor: unusable input: ", stderr);
		escape_text(stderr, dg->inputs[i].path,
		    strlen(dg->inputs[i].path));
		if (reason != NULL) {
			fputs(": ", stderr);
			escape_text(stderr, reason, strlen(reason));
		}
		fputc('\n', stderr);
	}
	if (o->is_partial && nunusable < dg->ninputs) {
		fprintf(stderr, "syncdoctor: partial run (--partial): %zu of %zu input%s left out\n",
		    nunusable, dg->ninputs, dg->ninputs == 1 ? "" : "s");
		return true;
	}
	if (o->is_partial)
		fputs("syncdoctor: nothing left for --partial: no input is usable\n",
		    stderr);
	else
		fprintf(stderr, "syncdoctor: nothing %s: fix the input%s above, or add --partial to %s the others without %s\n",
		    strcmp(cmd, "analyze") == 0 ? "analysed" : "shown",
		    nunusable == 1 ? "" : "s",
		    strcmp(cmd, "analyze") == 0 ? "analyse" : "show",
		    nunusable == 1 ? "it" : "them");
	return false;
}

/*
 * Write with fn to path atomically: a temporary file in the same
 * directory, renamed over path once complete.  "-" or NULL is stdout.
 */
static int
write_output(const char *path, void (*fn)(FILE *, void *), void *arg)
{
	char	*tmp;
	FILE	*fp;

	if (path == NULL || strcmp(path, "-") == 0) {
		fn(stdout, arg);
		return fflush(stdout) == 0 ? 0 : -1;
	}
	if ((fp = platform_replace_open(path, &tmp)) == NULL) {
		fprintf(stderr, "syncdoctor: %s: cannot create: %s\n", path,
		    strerror(errno));
		free(tmp);
		return -1;
	}
	fn(fp, arg);
	if (platform_replace_commit(fp, tmp, path) != 0) {
		fprintf(stderr, "syncdoctor: %s: cannot write: %s\n", path,
		    strerror(errno));
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

struct report_job {
	const struct report_format	*format;
	const struct report_ctx		*ctx;
};

static void
write_report(FILE *out, void *arg)
{
	const struct report_job	*job = arg;

	job->format->write(out, job->ctx);
}

static bool
use_color(const struct options *o, const char *output)
{
	const char	*no_color = getenv("NO_COLOR");

	if (o->color >= 0)
		return o->color == 1;
	if (output != NULL && strcmp(output, "-") != 0)
		return false;
	return platform_is_terminal(stdout) &&
	    (no_color == NULL || *no_color == '\0');
}

static int
write_reports(const struct options *o, struct report_ctx *ctx)
{
	size_t	i;
	int	rc = 0;

	for (i = 0; i < o->nformats; i++) {
		struct report_job	 job;
		char			*path = NULL;

		job.format = report_format_find(o->formats[i]);
		job.ctx = ctx;
		if (o->output != NULL && o->nformats > 1)
			path = xasprintf("%s.%s", o->output,
			    job.format->extension);
		ctx->use_color = job.format == &report_format_text &&
		    use_color(o, path ? path : o->output);
		if (write_output(path ? path : o->output, write_report,
		    &job) != 0)
			rc = -1;
		free(path);
	}
	return rc;
}

/* With a baseline, only new findings count towards --fail-on. */
static int
exit_code(const struct options *o, const struct analysis *an,
    const struct baseline_marks *marks, bool is_inputs_ok)
{
	int	sev;

	if (!is_inputs_ok)
		return EXIT_INPUT;
	if (o->fail_on < 0)
		return EXIT_CLEAN;
	for (sev = SEV_ERROR; sev <= o->fail_on; sev++)
		if (baseline_count_new(marks, &an->findings,
		    (enum severity)sev) > 0)
			return EXIT_FINDINGS;
	return EXIT_CLEAN;
}

/* Read --baseline into b; false after a message when it is unusable. */
static bool
load_baseline(const struct options *o, struct baseline *b)
{
	char	err[256];

	if (o->baseline == NULL)
		return true;
	if (baseline_load(b, o->baseline, err, sizeof(err)) != 0) {
		fprintf(stderr, "syncdoctor: %s: cannot use as a baseline: %s\n",
		    o->baseline, err);
		return false;
	}
	if (b->is_redacted) {
		fprintf(stderr, "syncdoctor: %s: a redacted report cannot be a baseline (its ids are pseudonyms); use an unredacted one\n",
		    o->baseline);
		return false;
	}
	return true;
}

struct buffer_job {
	const char	*data;
	size_t		 len;
};

static void
write_buffer(FILE *out, void *arg)
{
	const struct buffer_job	*job = arg;

	fwrite(job->data, 1, job->len, out);
}

/* --fix-ldif: the fix file and FILE.undo.ldif, then a summary line. */
static int
write_fix_ldif(const struct options *o, const struct analysis *an,
    const struct table *t, const struct baseline_marks *marks)
{
	struct fixldif_stats	 st;
	struct buffer_job	 fix = { NULL, 0 }, undo = { NULL, 0 };
	char			*fixbuf = NULL, *undobuf = NULL, *undo_path;
	FILE			*fix_fp, *undo_fp;
	int			 rc = -1;

	if ((fix_fp = open_memstream(&fixbuf, &fix.len)) == NULL ||
	    (undo_fp = open_memstream(&undobuf, &undo.len)) == NULL) {
		fprintf(stderr, "syncdoctor: %s\n", strerror(errno));
		if (fix_fp != NULL)
			fclose(fix_fp);
		free(fixbuf);
		return -1;
	}
	fixldif_write(fix_fp, undo_fp, an, t, marks, &st);
	fclose(fix_fp);
	fclose(undo_fp);
	fix.data = fixbuf;
	undo.data = undobuf;
	undo_path = xasprintf("%s.undo.ldif", o->fix_ldif);
	if (write_output(o->fix_ldif, write_buffer, &fix) == 0 &&
	    write_output(undo_path, write_buffer, &undo) == 0) {
		fprintf(stderr, "syncdoctor: %s: %zu finding%s fixed with %zu "
		    "change%s (undo: %s); %zu need%s a decision\n",
		    o->fix_ldif, st.nfixed, st.nfixed == 1 ? "" : "s",
		    st.nchanges, st.nchanges == 1 ? "" : "s", undo_path,
		    st.ndecision, st.ndecision == 1 ? "s" : "");
		rc = 0;
	}
	free(undo_path);
	free(fixbuf);
	free(undobuf);
	return rc;
}

/*
 * Read and compile the policy files; NULL when none was given.  A file
 * with an error is a usage error: each is said with its file and line.
 */
static struct policy_set *
load_policies(const char *const *files, size_t nfiles)
{
	struct policy_set	*ps;
	size_t			 i, nerrors = 0;

	if (nfiles == 0)
		return NULL;
	ps = policy_set_new();
	for (i = 0; i < nfiles; i++)
		nerrors += policy_set_read(ps, files[i]);
	if (nerrors == 0)
		return ps;
	for (i = 0; i < policy_set_nerrors(ps); i++)
		fprintf(stderr, "syncdoctor: %s\n", policy_set_error(ps, i));
	if (policy_set_nerrors_said(ps) > policy_set_nerrors(ps))
		fprintf(stderr, "syncdoctor: ... and %zu more errors\n",
		    policy_set_nerrors_said(ps) - policy_set_nerrors(ps));
	policy_set_free(ps);
	fprintf(stderr, "syncdoctor: %zu error%s in the policy files; nothing was analysed\n",
	    nerrors, nerrors == 1 ? "" : "s");
	exit(EXIT_USAGE);
}

/*
 * The table analyze loads into: what the policies read beyond the
 * modelled fields is kept raw.  The policies must outlive it.
 */
/* What the table must know before loading: anchors and group scope. */
static void
configure_table(struct table *t, const struct options *o)
{
	table_set_anchor_mode(t, o->anchor_mode);
	table_set_group_anchor_object_guid(t, o->is_group_anchor_object_guid);
	table_set_member_limit(t, o->member_limit);
	table_set_forest_join(t, o->forest_join);
}

static struct table *
analysis_table(const struct options *o, const struct policy_set *policies)
{
	struct table		*t = table_new(0);
	const char *const	*raw;
	size_t			 nraw;

	configure_table(t, o);
	if (policies != NULL) {
		raw = policy_set_raw_names(policies, &nraw);
		table_keep_raw_of(t, raw, nraw);
	}
	return t;
}

static void
options_init(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->color = -1;
	o->fail_on = SEV_ERROR;
	o->anchor_mode = ANCHOR_AUTO;
	o->rule_opt.is_resiliency_on = true;
	o->rule_opt.delete_threshold = DELETE_THRESHOLD_DEFAULT;
	o->member_limit = SCOPE_MEMBER_LIMIT;
	o->cloud_type = OBJ_USER;
	limits_init(&o->limits);
}

/*
 * With SYNCDOCTOR_SELF_CHECK in the environment (the golden tests set
 * it), stop with exit 70 when a finding disagrees with the predicted
 * outcomes: an error that blocks an object predicted to export, a
 * blocked object without the finding that blocks it.
 */
static void
self_check(const struct analysis *an, const struct table *t,
    bool is_every_rule)
{
	char	why[1024];

	/* With --rule, refusals the match made have no finding to agree. */
	if (getenv("SYNCDOCTOR_SELF_CHECK") == NULL || !is_every_rule)
		return;
	if (!verdicts_agree(&an->verdicts, t, &an->findings, why,
	    sizeof(why))) {
		fprintf(stderr, "syncdoctor: self-check failed: %s\n", why);
		exit(70);
	}
}


static int
cmd_analyze(int argc, char **argv)
{
	struct options		 o;
	struct diag		 dg;
	struct table		*t;
	struct analysis		 an;
	struct report_ctx	 ctx, redacted;
	struct baseline		 old;
	struct baseline_marks	 marks;
	struct redact		*rd = NULL;
	struct timings		*tm;
	struct analysis_run_options ro = { 0 };
	struct policy_set	*policies;
	bool			 is_inputs_ok;
	int			 rc;

	options_init(&o);
	parse_options(&o, argc, argv);
	refuse_unhonoured(&o, "analyze", analyze_honours, NULL);
	if (o.ninputs == 0)
		usage_error("%s", "analyze needs at least one input file");
	if (o.fix_ldif != NULL && strcmp(o.fix_ldif, "-") == 0)
		usage_error("%s", "--fix-ldif needs a file name (it writes two files)");
	refuse_binary_to_terminal(&o);
	policies = load_policies(o.policy_files, o.npolicy_files);
	baseline_init(&old);
	if (!load_baseline(&o, &old)) {
		baseline_release(&old);
		policy_set_free(policies);
		free(o.policy_files);
		free(o.inputs);
		free(o.only_rules);
		return EXIT_INPUT;
	}
	tm = o.is_timed ? timings_new() : NULL;
	diag_init(&dg, o.is_quiet ? NULL : stderr);
	t = analysis_table(&o, policies);
	is_inputs_ok = load_inputs(t, &dg, &o, tm);
	if (!is_inputs_ok && !say_unusable(&o, &dg, "analyze")) {
		rc = EXIT_INPUT;
		goto out_release;
	}
	ro.threads = o.threads;
	ro.timings = tm;
	ro.policies = policies;
	analysis_run_with(&an, t, &o.rule_opt,
	    o.nonly_rules ? o.only_rules : NULL, o.nonly_rules, &ro);
	self_check(&an, t, o.nonly_rules == 0);
	memset(&ctx, 0, sizeof(ctx));
	ctx.table = t;
	ctx.diag = &dg;
	ctx.analysis = &an;
	ctx.options = &o.rule_opt;
	ctx.is_quiet = o.is_quiet;
	baseline_marks_init(&marks, &an.findings, o.baseline ? &old : NULL);
	ctx.marks = &marks;
	if (o.is_redacted) {
		rd = redact_new();
		redact_report(rd, &ctx, &redacted);
	}
	rc = write_reports(&o, rd != NULL ? &redacted : &ctx) == 0 ?
	    exit_code(&o, &an, &marks, is_inputs_ok) : EXIT_INPUT;
	/* The fix files name the real objects: never redacted. */
	if (o.fix_ldif != NULL && write_fix_ldif(&o, &an, t, &marks) != 0)
		rc = EXIT_INPUT;
	timings_mark(tm, "reports", NULL);
	redact_free(rd);
	baseline_marks_release(&marks);
	analysis_release(&an);
out_release:
	baseline_release(&old);
	table_free(t);
	policy_set_free(policies);
	timings_mark(tm, "release", NULL);
	timings_print(tm, stderr);
	timings_free(tm);
	diag_release(&dg);
	free(o.policy_files);
	free(o.inputs);
	free(o.only_rules);
	return rc;
}

struct objects_job {
	const struct table	*table;
	const struct diag	*diag;
	const struct analysis	*analysis;	/* --predict, else NULL */
	bool			 is_json;
};

/* objects text on a --partial run: the inputs left out, first. */
static void
objects_left_out(FILE *out, const struct diag *dg)
{
	const char	*sep = "Partial run: left out as unusable: ";
	size_t		 i;

	for (i = 0; i < dg->ninputs; i++) {
		if (!dg->inputs[i].is_unusable)
			continue;
		fputs(sep, out);
		escape_text(out, dg->inputs[i].path,
		    strlen(dg->inputs[i].path));
		sep = ", ";
	}
	if (*sep == ',')
		fputs("\n\n", out);
}

static void
write_objects(FILE *out, void *arg)
{
	const struct objects_job *job = arg;

	if (job->is_json) {
		report_objects_json(out, job->table, job->analysis);
		return;
	}
	objects_left_out(out, job->diag);
	report_objects_text(out, job->table, job->analysis);
}

static const char *const objects_formats[] = { "text", "json", NULL };

static int
cmd_objects(int argc, char **argv)
{
	struct options		 o;
	struct diag		 dg;
	struct objects_job	 job;
	struct analysis		 an;
	struct analysis_run_options ro = { 0 };
	struct table		*t;
	bool			 is_inputs_ok;
	int			 rc;

	options_init(&o);
	parse_options(&o, argc, argv);
	refuse_unhonoured(&o, "objects", objects_honours,
	    objects_predict_honours);
	if (o.ninputs == 0)
		usage_error("%s", "objects needs at least one input file");
	if (o.nformats != 1)
		usage_error("%s", "objects writes one format at a time");
	if (o.npolicy_files > 0)
		usage_error("%s", "--policy applies to analyze, not objects");
	refuse_formats(&o, "objects", objects_formats, "text or json");
	diag_init(&dg, o.is_quiet ? NULL : stderr);
	t = table_new(TABLE_KEEP_RAW);
	configure_table(t, &o);
	is_inputs_ok = load_inputs(t, &dg, &o, NULL);
	if (!is_inputs_ok && !say_unusable(&o, &dg, "objects")) {
		rc = EXIT_INPUT;
		goto out_release;
	}
	/* The same analysis as analyze: one prediction, whichever command. */
	if (o.is_predicted) {
		ro.threads = o.threads;
		ro.is_every_label = true;
		analysis_run_with(&an, t, &o.rule_opt, NULL, 0, &ro);
	} else {
		table_index(t);
		scope_join(t);
	}
	job.table = t;
	job.diag = &dg;
	job.analysis = o.is_predicted ? &an : NULL;
	job.is_json = strcmp(o.formats[0], "json") == 0;
	rc = write_output(o.output, write_objects, &job) != 0 ? EXIT_INPUT :
	    is_inputs_ok ? EXIT_CLEAN : EXIT_INPUT;
	if (o.is_predicted)
		analysis_release(&an);
out_release:
	table_free(t);
	diag_release(&dg);
	free(o.policy_files);
	free(o.inputs);
	free(o.only_rules);
	return rc;
}

static int
cmd_rules(int argc, char **argv)
{
	size_t	i;

	if (argc > 2)
		usage_error("rules takes no options or arguments, not '%s'",
		    argv[2]);
	for (i = 0; rule_table[i] != NULL; i++)
		printf("%-28s %-8s %s\n", rule_table[i]->id,
		    severity_name(rule_table[i]->severity),
		    rule_table[i]->title);
	return EXIT_CLEAN;
}

/* The --policy FILE (or --policy=FILE) pairs after argv[first]. */
static size_t
policy_arguments(int argc, char **argv, int first, const char **files)
{
	size_t	n = 0;
	int	i;

	for (i = first; i < argc; i++) {
		if (strncmp(argv[i], "--policy=", 9) == 0)
			files[n++] = argv[i] + 9;
		else if (strcmp(argv[i], "--policy") == 0 && i + 1 < argc)
			files[n++] = argv[++i];
		else
			usage_error("unexpected argument '%s' (expected --policy FILE)",
			    argv[i]);
	}
	return n;
}

static int
cmd_explain(int argc, char **argv)
{
	const struct rule	*r;
	const struct policy	*p = NULL;
	struct policy_set	*ps;
	const char		**files;
	size_t			 nfiles;

	if (argc < 3 || argv[2][0] == '-')
		usage_error("%s", "explain takes one rule or policy id");
	files = xcalloc((size_t)argc, sizeof(*files));
	nfiles = policy_arguments(argc, argv, 3, files);
	ps = load_policies(files, nfiles);
	free(files);
	if ((r = rule_find(argv[2])) == NULL && ps != NULL &&
	    (p = policy_set_find(ps, argv[2])) != NULL)
		r = &p->rule;
	if (r == NULL && ps == NULL)
		usage_error("unknown rule '%s' (see 'syncdoctor rules')",
		    argv[2]);
	if (r == NULL) {
		/* Freed first: usage_error() exits, and leaks are test failures. */
		policy_set_free(ps);
		usage_error("unknown rule or policy '%s' (see 'syncdoctor rules' and 'syncdoctor policy check')",
		    argv[2]);
	}
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
cmd_policy(int argc, char **argv)
{
	struct policy_set	*ps;
	size_t			 i;

	if (argc < 4 || strcmp(argv[2], "check") != 0)
		usage_error("%s", "usage: syncdoctor policy check FILE...");
	ps = load_policies((const char *const *)argv + 3, (size_t)argc - 3);
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

int
main(int argc, char **argv)
{
	const char	*cmd;

	platform_init(&argc, &argv);
	cmd = argc > 1 ? argv[1] : NULL;
	if (cmd == NULL)
		usage_error("%s", "a command is needed: analyze, objects, rules or explain");
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
	    strcmp(cmd, "help") == 0) {
		fputs(usage_text, stdout);
		return EXIT_CLEAN;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("syncdoctor %s\n", PACKAGE_VERSION);
		return EXIT_CLEAN;
	}
	/* getopt_long starts after the command word. */
	optind = 2;
	if (strcmp(cmd, "analyze") == 0)
		return cmd_analyze(argc, argv);
	if (strcmp(cmd, "objects") == 0)
		return cmd_objects(argc, argv);
	if (strcmp(cmd, "rules") == 0)
		return cmd_rules(argc, argv);
	if (strcmp(cmd, "explain") == 0)
		return cmd_explain(argc, argv);
	if (strcmp(cmd, "policy") == 0)
		return cmd_policy(argc, argv);
	usage_error("unknown command '%s' (expected analyze, objects, rules, explain or policy)", cmd);
}
