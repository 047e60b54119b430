/*
 * --help, printed from the tables: the usage line of every command
 * (commands[]), its options (options.c) and its formats
 * (report_formats[] or the command's own list).  Nothing is typed twice.
 */
#ifndef SD_HELP_H
#define SD_HELP_H

#include <stdio.h>

#include "cli.h"

/* `syncdoctor --help`: every command and every option. */
void	help_general(FILE *out);

/* `syncdoctor CMD --help`: its usage, what it does, what it takes. */
void	help_command(FILE *out, const struct command *cmd);

#endif /* SD_HELP_H */
