/*
 * Opening an input: refuse what is not a regular file, turn UTF-16 into
 * UTF-8, recognise the format from the content (not the name), then parse
 * it into the table through the loader.  The one place that opens files
 * named on the command line; nothing an input names is ever opened.
 */
#ifndef SD_INPUT_H
#define SD_INPUT_H

#include "diag.h"
#include "inlimits.h"
#include "parser.h"
#include "table.h"

struct input_request {
	const char		*path;
	const char		*side;		/* NULL: from the content */
	enum input_content	 content;
	const char		*format;	/* NULL: sniff; else a format name */
};

struct progress;

/*
 * Whether the parser runs on a thread of its own while this one loads
 * the records it made.  The output is the same either way; AUTO does it
 * for regular files big enough for the overlap to pay.
 */
enum input_pipeline {
	INPUT_PIPELINE_AUTO,
	INPUT_PIPELINE_ALWAYS,		/* tests: whatever the size */
	INPUT_PIPELINE_NEVER
};

/*
 * The inputs read so far in one run, to catch the same file given twice
 * (the same path, a link to it, or a copy: the same bytes), which would
 * double every object.  The caller owns it: input_seen_init() before the
 * first input_load(), input_seen_release() after the last.
 */
struct input_seen_file {
	const char	*path;		/* borrowed from the request */
	unsigned long long dev;
	unsigned long long ino;
	long long	 size;
};

struct input_seen {
	struct input_seen_file	*files;
	size_t			 n;
};

void	input_seen_init(struct input_seen *seen);
void	input_seen_release(struct input_seen *seen);

struct input_options {
	const struct limits	*limits;
	struct input_seen	*seen;		/* NULL: no repeat check */
	enum object_type	 default_cloud_type;	/* --cloud-type */
	struct progress		*progress;	/* NULL: no progress line */
	enum input_pipeline	 pipeline;
};

/*
 * Load one input into t.  Its accounting starts in dg (diag_input_begin)
 * whatever happens.  An input that loads nothing (empty, header only,
 * every record rejected or skipped) is unusable.  With opt->seen, an
 * input that is the same file as, or has the same bytes as, an earlier
 * one is not read again: a warning names the earlier one.  Returns 0,
 * or -1 when the input was unusable (a fatal diagnostic was said).
 */
int	input_load(struct table *t, struct diag *dg,
	    const struct input_request *req, const struct input_options *opt);

#endif /* SD_INPUT_H */
