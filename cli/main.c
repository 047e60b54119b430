/*
 * The command line: find the command in commands[], parse its options
 * from the option table, run it, and return its exit code (enum sd_exit
 * in cli.h).  Each command is a descriptor in a file of its own; help,
 * the command list and suggestions loop over the tables, never over a
 * chain of comparisons.  No analysis logic lives in cli/.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "help.h"
#include "options.h"
#include "platform.h"
#include "suggest.h"

/* Every command, in the order --help lists them.  Add a command here. */
const struct command *const commands[] = {
	&command_analyze,
	&command_objects,
	&command_rules,
	&command_explain,
	&command_policy,
	&command_anchor,
	NULL
};

/* "analyze, objects, rules, explain or policy" */
static const char *
S_command_list(char *buf, size_t n)
{
	size_t	i, len = 0;
	int	w;

	buf[0] = '\0';
	for (i = 0; commands[i] != NULL && len < n; i++) {
		w = snprintf(buf + len, n - len, "%s%s",
		    i == 0 ? "" : commands[i + 1] == NULL ? " or " : ", ",
		    commands[i]->name);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	return buf;
}

/* The command named name, or exit 2 with the nearest names. */
static const struct command *
S_find_command(const char *name)
{
	struct suggest	s;
	char		near[160], list[160];
	size_t		i;

	for (i = 0; commands[i] != NULL; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	suggest_init(&s, name);
	if (name[0] == '-') {
		suggest_add(&s, "--help");
		suggest_add(&s, "--version");
		if (*suggest_text(&s, "", near, sizeof(near)) != '\0')
			usage_error(NULL, "unknown option '%s' (did you mean %s?)",
			    name, near);
		usage_error(NULL, "unknown option '%s': a command comes first (%s)",
		    name, S_command_list(list, sizeof(list)));
	}
	for (i = 0; commands[i] != NULL; i++)
		suggest_add(&s, commands[i]->name);
	if (*suggest_text(&s, "", near, sizeof(near)) != '\0')
		usage_error(NULL, "unknown command '%s' (did you mean %s?)",
		    name, near);
	usage_error(NULL, "unknown command '%s' (expected %s)", name,
	    S_command_list(list, sizeof(list)));
}

/* Too few or too many positional arguments for o->command. */
static void
S_check_args(const struct options *o)
{
	const struct command	*cmd = o->command;

	if (o->nargs < cmd->min_args)
		usage_error(cmd, "missing argument; usage: syncdoctor %s",
		    cmd->usage);
	if (o->nargs > cmd->max_args)
		usage_error(cmd, "unexpected argument '%s'; usage: syncdoctor %s",
		    o->args[cmd->max_args], cmd->usage);
}

int
main(int argc, char **argv)
{
	const struct command	*cmd;
	struct options		 o;
	char			 list[160];
	int			 rc;

	platform_init(&argc, &argv);
	if (argc < 2)
		usage_error(NULL, "a command is needed: %s",
		    S_command_list(list, sizeof(list)));
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		if (argc > 2)
			help_command(stdout, S_find_command(argv[2]));
		else
			help_general(stdout);
		return EXIT_CLEAN;
	}
	if (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "version") == 0) {
		printf("syncdoctor %s\n", PACKAGE_VERSION);
		return EXIT_CLEAN;
	}
	cmd = S_find_command(argv[1]);
	options_init(&o, cmd);
	options_parse(&o, argc, argv, 2);
	S_check_args(&o);
	rc = cmd->run(&o);
	options_release(&o);
	return rc;
}
