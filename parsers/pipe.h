/*
 * The parser thread: one input parsed on a thread of its own while the
 * calling thread takes what it made, record by record and message by
 * message, in the order the parser made them.  The output is that of a
 * direct parse, so it is only a question of speed: for large files the
 * parse and the loading overlap.  Knows formats, records and diagnostics,
 * nothing of what the records become.
 *
 * Ownership: the parser thread touches only its parser, a deferred diag
 * and its batches; req->emit, req->keep_name and req->dg are used on the
 * calling thread alone.
 */
#ifndef SD_PIPE_H
#define SD_PIPE_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "inlimits.h"
#include "parser.h"
#include "progress.h"

/* A file name a parser said other than the input's, kept past the parse. */
typedef const char	*(*pipe_keep_fn)(void *arg, const char *name);

struct pipe_request {
	const struct input_format *fmt;
	FILE			*in;
	const char		*file;		/* must outlive the parse */
	const struct limits	*limits;
	enum input_content	 content;
	struct diag		*dg;		/* messages are said here */
	record_fn		 emit;		/* each record, with arg */
	void			*arg;
	pipe_keep_fn		 keep_name;	/* with arg */
	struct progress		*progress;	/* NULL: none */
};

/*
 * Is a thread worth it for in: more than one processor and a regular file
 * large enough for the overlap to pay?
 */
bool	pipe_is_worth(FILE *in);

/*
 * Parse req->in with req->fmt on a thread of its own, saying each message
 * through req->dg and handing each record to req->emit on this thread, as
 * the direct parse would.  When emit returns nonzero, nothing after that
 * record is said or emitted.  Returns what the parse returns, -1 when
 * emit asked to stop, or -2 when no thread could be started (nothing was
 * read: parse directly).
 */
int	pipe_parse(const struct pipe_request *req);

#endif /* SD_PIPE_H */
