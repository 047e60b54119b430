/*
 * Opening an input: refuse what is not a regular file, turn UTF-16 into
 * UTF-8, skip a BOM, recognise the format from the content (not the
 * name), and catch a file given twice.  The one place that opens files
 * named on the command line; nothing an input names is ever opened.  Not
 * for what the records become: the caller parses the stream it is given.
 */
#ifndef SD_OPEN_H
#define SD_OPEN_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "parser.h"

struct input_request {
	const char		*path;
	const char		*side;		/* NULL: from the content */
	enum input_content	 content;
	const char		*format;	/* NULL: sniff; else a format name */
};

/*
 * The inputs read so far in one run, to catch the same file given twice
 * (the same path, a link to it, or a copy: the same bytes), which would
 * double every object.  The caller owns it: input_seen_init() before the
 * first input, input_seen_release() after the last.
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

/* An input open_input() opened, until open_finish(). */
struct input_opened {
	FILE				*fp;	/* UTF-8, after any BOM */
	const struct input_format	*fmt;
	enum input_content		 content;	/* told by the head */
	char				*label;	/* name without folders or
						   extension: the forest */
	struct input_stats		*stats;	/* this input's accounting */
};

/*
 * Open req->path for parsing into *out.  Its accounting starts in dg
 * (diag_input_begin) whatever happens.  With seen, an input that is the
 * same file as, or has the same bytes as, an earlier one is not opened
 * again: a warning names the earlier one.  Returns 1 when *out is open,
 * 0 for such a repeat, -1 when the input is unusable (a fatal diagnostic
 * was said); *out needs open_finish() only after 1.
 */
int	open_input(struct diag *dg, const struct input_request *req,
	    struct input_seen *seen, struct input_opened *out);

/*
 * Close in once its records are read; rc is what the parse returned.  An
 * input that loaded nothing (empty, header only, every record rejected
 * or skipped) is unusable and said so.  Returns rc, or -1 when the input
 * was unusable.
 */
int	open_finish(struct diag *dg, const struct input_request *req,
	    struct input_opened *in, int rc);

#endif /* SD_OPEN_H */
