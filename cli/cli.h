/*
 * The command line's own types: the exit codes, the parsed options and
 * the command descriptor.  Each command lives in its own file and exports
 * one `const struct command` (tmux's cmd_entry); main.c lists them in
 * commands[], which dispatch, help and suggestions loop over.  Which
 * options a command takes is said once, in the option table of
 * options.c; which formats, in its descriptor.  Nothing here analyses.
 */
#ifndef SD_CLI_H
#define SD_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "input.h"
#include "inlimits.h"
#include "progress.h"
#include "sync_options.h"
#include "table.h"

/* The exit codes, documented in --help, README and syncdoctor.1. */
enum sd_exit {
	EXIT_CLEAN = 0,		/* no finding at or above --fail-on */
	EXIT_FINDINGS = 1,	/* findings at or above --fail-on */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_INPUT = 3		/* an input was unreadable or unusable */
};

/*
 * One bit per command, for the option table's "taken by" column.
 * CMD_PREDICT is objects with --predict: options that only change the
 * prediction are taken then and refused otherwise.
 */
enum cmd_bit {
	CMD_ANALYZE = 1 << 0,
	CMD_OBJECTS = 1 << 1,
	CMD_PREDICT = 1 << 2,
	CMD_RULES = 1 << 3,
	CMD_EXPLAIN = 1 << 4,
	CMD_POLICY = 1 << 5,
	CMD_ANCHOR = 1 << 6
};

struct options;

/* Why a command refuses one option, said with the refusal. */
struct command_refusal {
	const char	*option;	/* long name, without dashes */
	const char	*why;
};

struct command {
	const char	*name;
	const char	*summary;	/* one line, for the command list */
	const char	*usage;		/* after "syncdoctor ", as in --help */
	/* More about it for `CMD --help`, after the summary; may be NULL. */
	const char	*description;
	enum cmd_bit	 bit;		/* its column in the option table */
	/*
	 * The options it takes only with --predict (CMD_PREDICT); 0: none.
	 */
	enum cmd_bit	 predict_bit;
	/*
	 * The --format names it writes, NULL-terminated; NULL: every report
	 * format (report_formats[]).  Without --format, the first.
	 */
	const char *const *formats;
	/* Reasons for some refusals, ended by a NULL option; may be NULL. */
	const struct command_refusal *refusals;
	/* Positional arguments: at least min_args, at most max_args. */
	size_t		 min_args;
	size_t		 max_args;	/* (size_t)-1: no limit */
	int		(*run)(struct options *o);
};

extern const struct command command_analyze;
extern const struct command command_objects;
extern const struct command command_rules;
extern const struct command command_explain;
extern const struct command command_policy;
extern const struct command command_anchor;

/* Every command, NULL-terminated, in the order --help lists them. */
extern const struct command *const commands[];

struct options {
	const struct command	*command;	/* the one being run */
	const char		**args;		/* positional, in order */
	size_t			 nargs;
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
	char			 csv_separator;	/* ',' or ';' */
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
	const char		*title;		/* --title, NULL: default */
	const char		*customer;	/* --customer */
	const char		*prepared_by;	/* --prepared-by */
	bool			 is_redacted;	/* --redact */
	bool			 is_predicted;	/* objects --predict */
	bool			 is_timed;	/* --timings */
	bool			 is_partial;	/* --partial */
	unsigned		 threads;	/* --threads, 0: automatic */
	enum progress_when	 progress;
};

#endif /* SD_CLI_H */
