/*
 * Reading the command line against the option table (options.c):
 * finding each option by what was typed, refusing what the command does
 * not take with the nearest valid word, and printing help from the rows.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "options_int.h"
#include "report.h"
#include "suggest.h"
#include "xalloc.h"

static const char *const section_titles[] = {
	[SECTION_INPUTS] = "inputs:",
	[SECTION_ANALYSIS] = "analysis:",
	[SECTION_OUTPUT] = "output:",
	[SECTION_LIMITS] =
	    "limits (a record over a limit is rejected and reported):",
};

/* The column where help text starts, as in every Unix tool's --help. */
#define HELP_COLUMN 25

_Noreturn void
usage_error(const struct command *cmd, const char *fmt, ...)
{
	va_list	ap;

	fputs("syncdoctor: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cmd != NULL)
		fprintf(stderr, "\nTry 'syncdoctor %s --help'.\n", cmd->name);
	else
		fputs("\nTry 'syncdoctor --help'.\n", stderr);
	exit(EXIT_USAGE);
}


/* ----- finding an option by what was typed ----- */

static bool
S_is_taken(const struct command *cmd, const struct cli_option *opt)
{
	return (opt->commands & (cmd->bit | cmd->predict_bit)) != 0;
}

bool
options_takes(const struct command *cmd, const char *name)
{
	size_t	i;

	for (i = 0; i < OPTION_COUNT; i++)
		if (strcmp(option_table[i].name, name) == 0)
			return S_is_taken(cmd, &option_table[i]);
	return false;
}

static _Noreturn void
S_unknown_option(const struct command *cmd, const char *typed,
    size_t len)
{
	struct suggest	 s;
	char		 near[160], word[128];
	size_t		 i;

	/* On the stack: usage errors exit, and leaks fail the tests. */
	snprintf(word, sizeof(word), "%.*s", (int)len, typed);
	/* The word without its dashes, weighed against the command's own. */
	suggest_init(&s, word + strspn(word, "-"));
	for (i = 0; i < OPTION_COUNT; i++)
		if (S_is_taken(cmd, &option_table[i]))
			suggest_add(&s, option_table[i].name);
	if (*suggest_text(&s, "--", near, sizeof(near)) != '\0')
		usage_error(cmd, "unknown option '%s' (did you mean %s?)",
		    word, near);
	usage_error(cmd, "unknown option '%s'", word);
}

/* The row of --name (len bytes): exact, else a unique prefix. */
static const struct cli_option *
S_find_long(const struct command *cmd, const char *name, size_t len,
    const char *typed)
{
	const struct cli_option	*found = NULL;
	char			 list[512];
	size_t			 i, k, n = 0, at = 0;
	int			 w;

	for (i = 0; i < OPTION_COUNT; i++) {
		if (strncmp(option_table[i].name, name, len) != 0)
			continue;
		if (option_table[i].name[len] == '\0')
			return &option_table[i];
		found = &option_table[i];
		n++;
	}
	if (n == 1)
		return found;
	if (n == 0)
		S_unknown_option(cmd, typed, strcspn(typed, "="));
	list[0] = '\0';
	for (i = 0, k = 0; i < OPTION_COUNT && at < sizeof(list);
	    i++) {
		if (strncmp(option_table[i].name, name, len) != 0)
			continue;
		w = snprintf(list + at, sizeof(list) - at, "%s--%s",
		    k == 0 ? "" : k + 1 == n ? " or " : ", ",
		    option_table[i].name);
		if (w < 0)
			break;
		at += (size_t)w;
		k++;
	}
	usage_error(cmd, "option '--%.*s' is ambiguous (%s)", (int)len, name,
	    list);
}

static const struct cli_option *
S_find_short(const struct command *cmd, char c, const char *typed)
{
	size_t	i;

	for (i = 0; i < OPTION_COUNT; i++)
		if (option_table[i].short_name == c)
			return &option_table[i];
	/* "-format": one dash for two, weighed as the long name it was. */
	if (strlen(typed) > 2)
		S_unknown_option(cmd, typed, strlen(typed));
	usage_error(cmd, "unknown option '-%c'", c);
}

/* "analyze", "analyze and objects", "analyze, objects and explain" */
static const char *
S_takers(const struct cli_option *opt, char *buf, size_t n)
{
	size_t	i, k = 0, ntakers = 0, len = 0;
	int	w;

	for (i = 0; commands[i] != NULL; i++)
		ntakers += (opt->commands & commands[i]->bit) != 0;
	buf[0] = '\0';
	for (i = 0; commands[i] != NULL && len < n; i++) {
		if ((opt->commands & commands[i]->bit) == 0)
			continue;
		w = snprintf(buf + len, n - len, "%s%s",
		    k == 0 ? "" : k + 1 == ntakers ? " and " : ", ",
		    commands[i]->name);
		if (w < 0)
			break;
		len += (size_t)w;
		k++;
	}
	return buf;
}

/* The options cmd takes, when they are few enough to name inline. */
static const char *
S_few_taken(const struct command *cmd, char *buf, size_t n)
{
	size_t	i, k = 0, ntaken = 0, len = 0;
	int	w;

	for (i = 0; i < OPTION_COUNT; i++)
		ntaken += option_table[i].section != SECTION_NONE &&
		    S_is_taken(cmd, &option_table[i]);
	if (ntaken > 3)
		return NULL;
	snprintf(buf, n, "%s", ntaken == 0 ? "it takes no options" :
	    "it takes only ");
	len = strlen(buf);
	for (i = 0; i < OPTION_COUNT && len < n; i++) {
		if (option_table[i].section == SECTION_NONE ||
		    !S_is_taken(cmd, &option_table[i]))
			continue;
		w = snprintf(buf + len, n - len, "%s--%s",
		    k == 0 ? "" : k + 1 == ntaken ? " and " : ", ",
		    option_table[i].name);
		if (w < 0)
			break;
		len += (size_t)w;
		k++;
	}
	return buf;
}

/* An option cmd does not take: say why, or what it and others take. */
static _Noreturn void
S_refuse_option(const struct command *cmd, const struct cli_option *opt)
{
	const struct command_refusal	*r;
	char				 buf[512];

	for (r = cmd->refusals; r != NULL && r->option != NULL; r++)
		if (strcmp(r->option, opt->name) == 0)
			usage_error(cmd, "%s does not take '--%s': %s", cmd->name,
			    opt->name, r->why);
	if (S_few_taken(cmd, buf, sizeof(buf)) != NULL)
		usage_error(cmd, "%s does not take '--%s' (%s)", cmd->name,
		    opt->name, buf);
	S_takers(opt, buf, sizeof(buf));
	usage_error(cmd, "%s does not take '--%s' (only %s %s it)", cmd->name,
	    opt->name, buf, strchr(buf, ' ') != NULL ? "take" : "takes");
}

/* ----- the parser ----- */

static void
S_add_arg(struct options *o, const char *word)
{
	o->args = xreallocarray(o->args, o->nargs + 1, sizeof(*o->args));
	o->args[o->nargs++] = word;
}

static void
S_apply(struct options *o, const struct cli_option *opt, const char *arg,
    unsigned *given)
{
	if (!S_is_taken(o->command, opt))
		S_refuse_option(o->command, opt);
	given[opt - option_table] = 1;
	opt->set(o, opt, arg);
}

/* One "--name[=value]" word at argv[*i]; *i moves past its argument. */
static void
S_parse_long(struct options *o, int argc, char **argv, int *i,
    unsigned *given)
{
	const char		*word = argv[*i], *name = word + 2;
	const char		*eq = strchr(name, '=');
	size_t			 len = eq ? (size_t)(eq - name) : strlen(name);
	const struct cli_option	*opt;

	opt = S_find_long(o->command, name, len, word);
	if (opt->arg == NULL && eq != NULL)
		usage_error(o->command, "option '--%s' takes no value, not '%s'",
		    opt->name, eq + 1);
	if (opt->arg == NULL) {
		S_apply(o, opt, NULL, given);
		return;
	}
	if (eq != NULL) {
		S_apply(o, opt, eq + 1, given);
		return;
	}
	if (*i + 1 >= argc)
		usage_error(o->command, "option '--%s' needs a value (%s)",
		    opt->name, opt->arg);
	*i += 1;
	S_apply(o, opt, argv[*i], given);
}

/* "-q", "-o FILE", "-oFILE", "-qo FILE" at argv[*i]. */
static void
S_parse_short(struct options *o, int argc, char **argv, int *i,
    unsigned *given)
{
	const char		*word = argv[*i], *p;
	const struct cli_option	*opt;

	for (p = word + 1; *p != '\0'; p++) {
		opt = S_find_short(o->command, *p, word);
		if (opt->arg == NULL) {
			S_apply(o, opt, NULL, given);
			continue;
		}
		if (p[1] != '\0') {
			S_apply(o, opt, p + 1, given);
			return;
		}
		if (*i + 1 >= argc)
			usage_error(o->command, "option '-%c' needs a value (%s)",
			    *p, opt->arg);
		*i += 1;
		S_apply(o, opt, argv[*i], given);
		return;
	}
}

/* Options taken only with --predict, given without it. */
static void
S_check_conditional(const struct options *o, const unsigned *given)
{
	const struct command	*cmd = o->command;
	size_t			 i;

	if (cmd->predict_bit == 0 || o->is_predicted)
		return;
	for (i = 0; i < OPTION_COUNT; i++)
		if (given[i] && (option_table[i].commands & cmd->bit) == 0)
			usage_error(cmd, "%s takes '--%s' only with --predict",
			    cmd->name, option_table[i].name);
}

void
options_parse(struct options *o, int argc, char **argv, int first)
{
	unsigned	given[OPTION_MAX] = { 0 };
	bool		is_options_done = false;
	int		i;

	for (i = first; i < argc; i++) {
		if (is_options_done || argv[i][0] != '-' ||
		    argv[i][1] == '\0')
			S_add_arg(o, argv[i]);
		else if (strcmp(argv[i], "--") == 0)
			is_options_done = true;
		else if (argv[i][1] == '-')
			S_parse_long(o, argc, argv, &i, given);
		else
			S_parse_short(o, argc, argv, &i, given);
	}
	S_check_conditional(o, given);
	/* After those --onprem and the like named, as getopt permuted them. */
	if (options_takes(o->command, "onprem"))
		for (i = 0; (size_t)i < o->nargs; i++)
			options_add_input(o, o->args[i], NULL, CONTENT_OBJECTS);
	if (o->nformats == 0)
		o->formats[o->nformats++] = o->command->formats != NULL ?
		    o->command->formats[0] : report_formats[0]->name;
}

/* ----- help ----- */

/* One row: "  -o, --output FILE" then its help from HELP_COLUMN. */
static void
S_help_row(FILE *out, const struct command *cmd,
    const struct cli_option *opt)
{
	char		 left[64], formats[256];
	const char	*help = opt->help, *line, *nl;
	const char	*arg = opt->arg != NULL ? opt->arg : "";
	int		 w;

	if (help == NULL)
		help = options_formats_text(cmd, true, formats,
		    sizeof(formats));
	if (opt->short_name != 0)
		w = snprintf(left, sizeof(left), "  -%c, --%s%s%s",
		    opt->short_name, opt->name, *arg ? " " : "", arg);
	else
		w = snprintf(left, sizeof(left), "  --%s%s%s", opt->name,
		    *arg ? " " : "", arg);
	if (w < HELP_COLUMN)
		fprintf(out, "%-*s", HELP_COLUMN, left);
	else
		fprintf(out, "%s\n%*s", left, HELP_COLUMN, "");
	for (line = help; ; line = nl + 1) {
		nl = strchr(line, '\n');
		if (line != help)
			fprintf(out, "%*s", HELP_COLUMN, "");
		fprintf(out, "%.*s\n",
		    nl != NULL ? (int)(nl - line) : (int)strlen(line), line);
		if (nl == NULL)
			break;
	}
}

/* The rows of one section whose commands match mask; false: none. */
static bool
S_help_section(FILE *out, const struct command *cmd,
    enum option_section section, unsigned mask, const char *title)
{
	size_t	i;
	bool	is_any = false;

	for (i = 0; i < OPTION_COUNT; i++) {
		if (option_table[i].section != section ||
		    (option_table[i].commands & mask) == 0)
			continue;
		if (!is_any)
			fprintf(out, "\n%s\n", title);
		is_any = true;
		S_help_row(out, cmd, &option_table[i]);
	}
	return is_any;
}

void
options_help(FILE *out, const struct command *cmd)
{
	size_t	s, i;
	bool	is_any = false;

	for (s = SECTION_INPUTS; s < SECTION_NONE; s++)
		S_help_section(out, cmd, (enum option_section)s,
		    cmd != NULL ? cmd->bit : ~0u, section_titles[s]);
	if (cmd == NULL || cmd->predict_bit == 0)
		return;
	/* What it takes only with --predict, after the rest. */
	for (i = 0; i < OPTION_COUNT; i++) {
		if ((option_table[i].commands & cmd->predict_bit) == 0 ||
		    (option_table[i].commands & cmd->bit) != 0)
			continue;
		if (!is_any)
			fputs("\nonly with --predict:\n", out);
		is_any = true;
		S_help_row(out, cmd, &option_table[i]);
	}
}
