/*
 * --progress: one line on stderr while inputs load, with bytes and
 * records per second for each file, only on a terminal (never in a pipe
 * or a CI log unless asked).  Polled from the record path every
 * PROGRESS_EVERY records, so parsing pays one compare per record; the
 * parsers know nothing of it.  Not for messages about the data: those go
 * through diag.
 */
#ifndef SD_PROGRESS_H
#define SD_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "parser.h"

/* Records between two looks at the clock and the file position. */
#define PROGRESS_EVERY	4096

enum progress_when {
	PROGRESS_AUTO,		/* a terminal, outside CI, TERM not dumb */
	PROGRESS_ALWAYS,
	PROGRESS_NEVER
};

struct progress {
	FILE			*out;		/* NULL: off */
	const char		*path;		/* the file being read */
	unsigned long long	 size;		/* its size, 0 unknown */
	unsigned long long	 bytes;		/* read so far */
	unsigned long		 records;
	unsigned long		 next_check;	/* records at the next poll */
	struct timespec		 start, last;
	bool			 has_line;	/* a line is on screen */
};

/* Parse "auto", "always", "never"; -1 for anything else. */
int	progress_when_parse(const char *s);

/* Should progress go to out?  ALWAYS yes, NEVER no, AUTO on a terminal. */
bool	progress_is_wanted(enum progress_when when, FILE *out);

/* Start; out NULL makes every other call do nothing. */
void	progress_init(struct progress *p, FILE *out);

/* A file starts loading: path is borrowed until progress_file_end. */
void	progress_file_begin(struct progress *p, const char *path);

/*
 * Count one record read from in; every PROGRESS_EVERY records, look at
 * in's position and the clock and redraw the line at most 4 times a
 * second.  in may be NULL (no byte count).
 */
void	progress_record(struct progress *p, FILE *in);

/*
 * The same, for a record whose file position is already known: pos is
 * how far the file was read when the record was (negative: unknown).
 * For records parsed on another thread, whose FILE is not ours to poll.
 */
void	progress_record_at(struct progress *p, long pos);

/*
 * The file is read: records in all (as the input's accounting says),
 * its whole size in bytes.  The line is replaced by a final one when
 * the file took long enough to have shown progress.
 */
void	progress_file_end(struct progress *p, unsigned long records);

/* Wraps a loader's record_fn so it counts for a progress line. */
struct progress_tap {
	struct progress	*progress;
	FILE		*in;		/* the stream being parsed */
	record_fn	 emit;		/* the wrapped callback */
	void		*arg;		/* and its argument */
};

/* A record_fn: arg is a struct progress_tap. */
int	progress_tap_record(const struct record *rec, void *arg);

#endif /* SD_PROGRESS_H */
