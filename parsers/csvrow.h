/*
 * One CSV row as libcsv reads it, without libcsv: the common rows of a
 * cloud export (every field on one line, quoted or not) split with memchr
 * instead of a state machine fed a byte at a time.  The rules are
 * libcsv's with CSV_STRICT | CSV_EMPTY_IS_NULL, from a parser between
 * rows: blanks (space or tab, unless the delimiter) around a field are
 * dropped, "" inside quotes is one '"', an empty unquoted field is null, a
 * CR or LF outside quotes ends the row.  A line this splitter cannot
 * prove it reads as libcsv does is refused, never guessed at: the caller
 * gives it to libcsv (tests/check_csvrow.c compares the two).
 */
#ifndef SD_CSVROW_H
#define SD_CSVROW_H

#include <stdbool.h>
#include <stddef.h>

/* One field: offsets into struct csvrow's buf, a NUL after its bytes. */
struct csvrow_field {
	size_t	off;
	size_t	len;
	bool	is_null;	/* empty and unquoted: PowerShell's $null */
};

/* The fields of a row; the buffers are reused for the next row. */
struct csvrow {
	char			*buf;
	size_t			 len;
	size_t			 cap;
	struct csvrow_field	*fields;
	size_t			 n;
	size_t			 cap_fields;
};

/*
 * Append a field of len bytes of s (NULL: a null field) to row, as
 * libcsv's field callback gives it.
 */
void	csvrow_add(struct csvrow *row, const char *s, size_t len);

/*
 * Split the physical line s (len bytes, its line end included) into row,
 * which must be empty, when it holds one whole row that libcsv would end
 * in it and nothing after but line ends and blanks.  Returns false, with
 * row empty again, for any other line: a quoted field going on past the
 * line, a quote libcsv refuses, a line without a row end, a second row
 * after a lone CR, a line of blanks.
 */
bool	csvrow_split(struct csvrow *row, const char *s, size_t len,
	    unsigned char delim);

/* Forget the fields, keeping the buffers. */
void	csvrow_clear(struct csvrow *row);
void	csvrow_release(struct csvrow *row);

#endif /* SD_CSVROW_H */
