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
#include "baseline.h"
#include "diag.h"
#include "fixldif.h"
#include "input.h"
#include "limits.h"
#include "match.h"
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
	const char		*verified_domains;
	bool			 is_quiet;
	int			 color;		/* -1 auto, 0 never, 1 always */
	int			 fail_on;	/* severity, or -1: never */
	enum anchor_mode	 anchor_mode;
	struct rule_options	 rule_opt;
	struct limits		 limits;
	enum object_type	 cloud_type;
	const char		*baseline;	/* --baseline: old JSON report */
	const char		*fix_ldif;	/* --fix-ldif: change file */
	bool			 is_redacted;	/* --redact */
	bool			 is_predicted;	/* objects --predict */
	bool			 is_timed;	/* --timings */
	unsigned		 threads;	/* --threads, 0: automatic */
	enum progress_when	 progress;
};

static const char usage_text[] =
"usage: syncdoctor analyze [options] FILE...\n"
"       syncdoctor objects [options] FILE...\n"
"       syncdoctor rules\n"
"       syncdoctor explain RULE\n"
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
"  --cloud-type TYPE      user, group or contact, for cloud files that\n"
"                         do not say (default user)\n"
"\n"
"analysis:\n"
"  --source-anchor A      auto (default), objectGUID or\n"
"                         mS-DS-ConsistencyGuid\n"
"  --resiliency on|off    duplicate attribute resiliency (default on)\n"
"  --block-soft-match     the tenant blocks soft match (BlockSoftMatch)\n"
"  --block-hard-match-takeover\n"
"                         the tenant blocks hard match of cloud-managed\n"
"                         objects (BlockCloudObjectTakeoverThroughHardMatch)\n"
"  --rule ID              run only this rule (repeatable)\n"
"\n"
"output:\n"
"  --format F[,F...]      text (default), json, html, csv, md or junit\n"
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
"level, 2 usage error, 3 an input was unreadable or unusable.\n";

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
		if (report_format_find(p) == NULL)
			usage_error("unknown format '%s' (expected text, json, html, csv, md or junit)",
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
	OPT_REDACT, OPT_FIX_LDIF, OPT_PROGRESS, OPT_PREDICT, OPT_TIMINGS, OPT_THREADS
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
	{ "rule",		required_argument, NULL, OPT_RULE },
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

static void
parse_options(struct options *o, int argc, char **argv)
{
	int	c;

	while ((c = getopt_long(argc, argv, "o:qh", long_options, NULL)) != -1) {
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
		case OPT_BLOCK_TAKEOVER:
			o->rule_opt.is_hard_match_takeover_blocked = true;
			break;
		case OPT_RULE:
			if (rule_find(optarg) == NULL)
				usage_error("unknown rule '%s' (see 'syncdoctor rules')", optarg);
			o->only_rules = xreallocarray(o->only_rules,
			    o->nonly_rules + 1, sizeof(*o->only_rules));
			o->only_rules[o->nonly_rules++] = optarg;
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

	progress_init(&pg, progress_is_wanted(o->progress, stderr) ? stderr :
	    NULL);
	iopt.progress = pg.out != NULL ? &pg : NULL;
	for (i = 0; i < o->ninputs; i++) {
		progress_file_begin(&pg, o->inputs[i].path);
		if (input_load(t, dg, &o->inputs[i], &iopt) != 0)
			is_all_ok = false;
		progress_file_end(&pg, dg->ninputs > 0 ?
		    dg->inputs[dg->ninputs - 1].records : 0);
		timings_mark(tm, "read and load", o->inputs[i].path);
	}
	if (o->verified_domains != NULL)
		add_verified_domains(t, o->verified_domains);
	return is_all_ok;
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

static void
options_init(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->color = -1;
	o->fail_on = SEV_ERROR;
	o->anchor_mode = ANCHOR_AUTO;
	o->rule_opt.is_resiliency_on = true;
	o->cloud_type = OBJ_USER;
	limits_init(&o->limits);
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
	struct analysis_run_options ro;
	bool			 is_inputs_ok;
	int			 rc;

	options_init(&o);
	parse_options(&o, argc, argv);
	if (o.ninputs == 0)
		usage_error("%s", "analyze needs at least one input file");
	if (o.fix_ldif != NULL && strcmp(o.fix_ldif, "-") == 0)
		usage_error("%s", "--fix-ldif needs a file name (it writes two files)");
	baseline_init(&old);
	if (!load_baseline(&o, &old)) {
		baseline_release(&old);
		free(o.inputs);
		free(o.only_rules);
		return EXIT_INPUT;
	}
	tm = o.is_timed ? timings_new() : NULL;
	diag_init(&dg, o.is_quiet ? NULL : stderr);
	t = table_new(0);
	table_set_anchor_mode(t, o.anchor_mode);
	is_inputs_ok = load_inputs(t, &dg, &o, tm);
	ro.threads = o.threads;
	ro.timings = tm;
	analysis_run_with(&an, t, &o.rule_opt,
	    o.nonly_rules ? o.only_rules : NULL, o.nonly_rules, &ro);
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
	baseline_release(&old);
	analysis_release(&an);
	table_free(t);
	timings_mark(tm, "release", NULL);
	timings_print(tm, stderr);
	timings_free(tm);
	diag_release(&dg);
	free(o.inputs);
	free(o.only_rules);
	return rc;
}

struct objects_job {
	const struct table	*table;
	const struct match_set	*matches;	/* --predict, else NULL */
	bool			 is_json;
};

static void
write_objects(FILE *out, void *arg)
{
	const struct objects_job *job = arg;

	if (job->is_json)
		report_objects_json(out, job->table, job->matches);
	else
		report_objects_text(out, job->table, job->matches);
}

static int
cmd_objects(int argc, char **argv)
{
	struct options		 o;
	struct diag		 dg;
	struct objects_job	 job;
	struct match_set	*matches = NULL;
	struct table		*t;
	bool			 is_inputs_ok;
	int			 rc;

	options_init(&o);
	parse_options(&o, argc, argv);
	if (o.ninputs == 0)
		usage_error("%s", "objects needs at least one input file");
	if (o.nformats != 1)
		usage_error("%s", "objects writes one format at a time");
	diag_init(&dg, o.is_quiet ? NULL : stderr);
	t = table_new(TABLE_KEEP_RAW);
	table_set_anchor_mode(t, o.anchor_mode);
	is_inputs_ok = load_inputs(t, &dg, &o, NULL);
	table_index(t);
	if (o.is_predicted)
		matches = match_run(t, &o.rule_opt);
	job.table = t;
	job.matches = matches;
	job.is_json = strcmp(o.formats[0], "json") == 0;
	rc = write_output(o.output, write_objects, &job) != 0 ? EXIT_INPUT :
	    is_inputs_ok ? EXIT_CLEAN : EXIT_INPUT;
	match_set_free(matches);
	table_free(t);
	diag_release(&dg);
	free(o.inputs);
	free(o.only_rules);
	return rc;
}

static int
cmd_rules(void)
{
	size_t	i;

	for (i = 0; rule_table[i] != NULL; i++)
		printf("%-28s %-8s %s\n", rule_table[i]->id,
		    severity_name(rule_table[i]->severity),
		    rule_table[i]->title);
	return EXIT_CLEAN;
}

static int
cmd_explain(int argc, char **argv)
{
	const struct rule	*r;

	if (argc != 3)
		usage_error("%s", "explain takes one rule id");
	if ((r = rule_find(argv[2])) == NULL)
		usage_error("unknown rule '%s' (see 'syncdoctor rules')",
		    argv[2]);
	printf("%s: %s\nseverity: %s\n\n%s\nMicrosoft's documentation: %s\n",
	    r->id, r->title, severity_name(r->severity), r->explain, r->doc);
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
		return cmd_rules();
	if (strcmp(cmd, "explain") == 0)
		return cmd_explain(argc, argv);
	usage_error("unknown command '%s' (expected analyze, objects, rules or explain)", cmd);
}
