/*
 * The option table and its parser.  Every option is one row: its name,
 * its argument, its help, the commands that take it (enum cmd_bit) and
 * the function that stores it.  An option a command does not take, an
 * unknown option and a bad value are usage errors (exit 2) that name the
 * culprit and the nearest valid word; nothing is silently ignored.  The
 * help of every command is printed from the same rows.
 */
#ifndef SD_OPTIONS_H
#define SD_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "cli.h"

/* Defaults for cmd; the caller releases with options_release(). */
void	options_init(struct options *o, const struct command *cmd);
void	options_release(struct options *o);

/*
 * Parse argv[first..argc) for o->command: options anywhere before "--",
 * every other word a positional argument (o->args; for commands reading
 * inputs, also an input after those named by --onprem and the like).
 * --help prints the command's help and exits 0; any usage error exits 2.
 * Without --format, the command's first format.
 */
void	options_parse(struct options *o, int argc, char **argv, int first);

/* Does cmd take the option named name (without dashes) at all? */
bool	options_takes(const struct command *cmd, const char *name);

/*
 * The options cmd takes, by section, as --help shows them; cmd NULL:
 * every option.
 */
void	options_help(FILE *out, const struct command *cmd);

/*
 * The formats cmd writes, as "text (default), json or html" (is_default)
 * or "text, json or html"; cmd NULL or its formats NULL: every report
 * format.  Written into buf.
 */
const char *options_formats_text(const struct command *cmd,
		    bool is_default, char *buf, size_t n);

/*
 * Say "syncdoctor: " and the message on stderr, then where the help is
 * ("Try 'syncdoctor analyze --help'."; cmd NULL: the general help), and
 * exit with EXIT_USAGE.
 */
_Noreturn void	usage_error(const struct command *cmd, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/*
 * A binary format (the workbook) written to a terminal would garble the
 * screen: a usage error unless -o names a file or stdout is no terminal.
 */
void	options_refuse_binary(const struct options *o);

#endif /* SD_OPTIONS_H */
