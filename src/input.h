/*
 * Loading an input into the table: open it (open.h: regular files only,
 * UTF-16 and BOMs, the format from the content, repeats caught), then
 * parse it through the loader, directly or on a parser thread (pipe.h).
 * The loader's one caller.
 */
#ifndef SD_INPUT_H
#define SD_INPUT_H

#include "diag.h"
#include "inlimits.h"
#include "open.h"
#include "parser.h"
#include "table.h"

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
