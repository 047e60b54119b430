/*
 * The option table's row, shared by options.c (the table, what each
 * option stores) and optparse.c (the parser and help).  Private to cli/.
 */
#ifndef SD_OPTIONS_INT_H
#define SD_OPTIONS_INT_H

#include "cli.h"

enum option_section {
	SECTION_INPUTS,
	SECTION_ANALYSIS,
	SECTION_OUTPUT,
	SECTION_LIMITS,
	SECTION_NONE		/* --help: in the usage line, not a section */
};

struct cli_option;

typedef void (*option_set_fn)(struct options *o,
		    const struct cli_option *opt, const char *arg);

struct cli_option {
	const char		*name;		/* long name, no dashes */
	char			 short_name;	/* 'o', or 0 */
	const char		*arg;		/* "FILE"; NULL: takes none */
	enum option_section	 section;
	unsigned		 commands;	/* enum cmd_bit: who takes it */
	/* Help lines, '\n' between; NULL: the formats of the command. */
	const char		*help;
	option_set_fn		 set;
	int			 data;		/* for set(): which field */
};

/* Every option, in the order --help lists them: OPTION_COUNT rows. */
extern const struct cli_option option_table[];
extern const size_t option_table_count;

#define OPTION_COUNT	option_table_count
#define OPTION_MAX	64	/* at least OPTION_COUNT (options.c checks) */

/* Add path as an input of o (side "onprem", "cloud" or NULL: sniffed). */
void	options_add_input(struct options *o, const char *path,
	    const char *side, enum input_content content);

#endif /* SD_OPTIONS_INT_H */
