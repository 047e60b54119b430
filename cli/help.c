/* The help texts, from the command and option tables; see help.h. */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "help.h"
#include "options.h"
#include "parser.h"

static const char description[] =
"Predicts which objects Microsoft Entra Connect will fail to export to\n"
"Entra ID, from offline exports: on-premises AD as LDIF (ldifde,\n"
"ldapsearch, ldbsearch) and Entra ID users, groups and contacts (CSV,\n"
"CLIXML, Graph JSON).  The kind of each FILE is recognised from its\n"
"content.\n";

static const char exit_status[] =
"exit status: 0 no findings at the --fail-on level, 1 findings at that\n"
"level, 2 usage error, 3 an input was missing, unreadable, empty, of\n"
"the wrong kind or had every record rejected (nothing is analysed\n"
"unless --partial).\n";

static void
S_usage_lines(FILE *out)
{
	size_t	i;

	for (i = 0; commands[i] != NULL; i++)
		fprintf(out, "%s syncdoctor %s\n", i == 0 ? "usage:" : "      ",
		    commands[i]->usage);
	fputs("       syncdoctor --help | --version\n", out);
}

/*
 * "input formats: ldif (onprem); graph-csv, clixml, graph-json (cloud)",
 * from input_formats[], whose rows are grouped by side.
 */
static void
S_input_formats(FILE *out)
{
	const struct input_format	*f, *next;
	size_t				 i;
	bool				 is_first = true;

	fputs("\ninput formats:", out);
	for (i = 0; (f = input_formats[i]) != NULL; i++) {
		next = input_formats[i + 1];
		fprintf(out, "%s %s", is_first ? "" : ",", f->name);
		is_first = next != NULL && strcmp(next->side, f->side) != 0;
		if (next == NULL || is_first)
			fprintf(out, " (%s)%s", f->side, next ? ";" : "\n");
	}
}

void
help_general(FILE *out)
{
	size_t	i;

	S_usage_lines(out);
	fprintf(out, "\n%s", description);
	S_input_formats(out);
	fputs("\ncommands:\n", out);
	for (i = 0; commands[i] != NULL; i++)
		fprintf(out, "  %-22s %s\n", commands[i]->name,
		    commands[i]->summary);
	fputs("'syncdoctor COMMAND --help' lists the options COMMAND takes.\n",
	    out);
	options_help(out, NULL);
	fprintf(out, "\n%s", exit_status);
}

void
help_command(FILE *out, const struct command *cmd)
{
	fprintf(out, "usage: syncdoctor %s\n\n%c%s.\n", cmd->usage,
	    toupper((unsigned char)cmd->summary[0]), cmd->summary + 1);
	if (cmd->description != NULL)
		fprintf(out, "\n%s", cmd->description);
	if (options_takes(cmd, "onprem"))
		S_input_formats(out);
	options_help(out, cmd);
	/* Only the commands that read inputs can exit 1 or 3. */
	if (options_takes(cmd, "onprem"))
		fprintf(out, "\n%s", exit_status);
}
