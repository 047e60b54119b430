/* CSV rows split without libcsv; see csvrow.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "csvrow.h"
#include "xalloc.h"

/*
 * Room for a field of up to len bytes and its NUL at the end of row->buf;
 * the bytes go where this points, then csvrow_end() counts them.
 */
static char *
csvrow_begin(struct csvrow *row, size_t len)
{
	if (row->cap - row->len < len + 1) {
		size_t cap = row->cap ? row->cap : 4096;

		while (cap - row->len < len + 1)
			cap *= 2;
		row->buf = xreallocarray(row->buf, cap, 1);
		row->cap = cap;
	}
	if (row->n == row->cap_fields) {
		row->cap_fields = row->cap_fields ? row->cap_fields * 2 : 32;
		row->fields = xreallocarray(row->fields, row->cap_fields,
		    sizeof(*row->fields));
	}
	return row->buf + row->len;
}

/* The field begun last holds len bytes. */
static void
csvrow_end(struct csvrow *row, size_t len, bool is_null)
{
	struct csvrow_field	*f = &row->fields[row->n++];

	f->off = row->len;
	f->len = len;
	f->is_null = is_null;
	row->buf[row->len + len] = '\0';
	row->len += len + 1;
}

void
csvrow_add(struct csvrow *row, const char *s, size_t len)
{
	char	*to;

	if (s == NULL)
		len = 0;
	to = csvrow_begin(row, len);
	if (len > 0)
		memcpy(to, s, len);
	csvrow_end(row, len, s == NULL);
}

void
csvrow_clear(struct csvrow *row)
{
	row->len = 0;
	row->n = 0;
}

void
csvrow_release(struct csvrow *row)
{
	free(row->buf);
	free(row->fields);
	memset(row, 0, sizeof(*row));
}

/* libcsv's blank: a space or a tab, unless it is the delimiter. */
static bool
csvrow_is_blank(unsigned char ch, unsigned char delim)
{
	return (ch == ' ' || ch == '\t') && ch != delim;
}

/*
 * The quoted field whose opening quote is before s[*pos]: its bytes, each
 * "" one '"', and *pos past the closing quote.  false when the line ends
 * inside it (libcsv would go on into the next line).
 */
static bool
csvrow_quoted(struct csvrow *row, const char *s, size_t len, size_t *pos)
{
	const char	*q;
	char		*to = csvrow_begin(row, len - *pos);
	size_t		 i = *pos, n = 0, k;

	for (;;) {
		if ((q = memchr(s + i, '"', len - i)) == NULL)
			return false;
		k = (size_t)(q - (s + i));
		memcpy(to + n, s + i, k);
		n += k;
		i += k + 1;
		if (i == len || s[i] != '"')
			break;
		to[n++] = '"';		/* "" inside quotes */
		i++;
	}
	csvrow_end(row, n, false);
	*pos = i;
	return true;
}

/*
 * The unquoted field starting at s[*pos], up to the delimiter or line end
 * it stops at, its trailing blanks dropped.  false at a quote (libcsv's
 * strict mode refuses it) or when the line has no such end.
 */
static bool
csvrow_plain(struct csvrow *row, const char *s, size_t len, size_t *pos,
    unsigned char delim)
{
	size_t		 start = *pos, i, end;
	unsigned char	 ch;

	for (i = start; i < len; i++) {
		ch = (unsigned char)s[i];
		if (ch == delim || ch == '\r' || ch == '\n')
			break;
		if (ch == '"')
			return false;
	}
	if (i == len)
		return false;
	for (end = i; end > start &&
	    csvrow_is_blank((unsigned char)s[end - 1], delim); end--)
		;
	memcpy(csvrow_begin(row, end - start), s + start, end - start);
	csvrow_end(row, end - start, false);
	*pos = i;
	return true;
}

/* Split one row's fields; the row end is at s[*pos] on success. */
static bool
csvrow_fields(struct csvrow *row, const char *s, size_t len, size_t *pos,
    unsigned char delim)
{
	size_t		 i = 0;
	unsigned char	 ch;
	bool		 is_begun = false;	/* libcsv: past ROW_NOT_BEGUN */

	for (;;) {
		while (i < len && csvrow_is_blank((unsigned char)s[i], delim))
			i++;
		if (i == len)
			return false;
		ch = (unsigned char)s[i];
		if (ch == '\r' || ch == '\n') {
			/* Before any field libcsv passes line ends over. */
			if (!is_begun)
				return false;
			csvrow_add(row, NULL, 0);	/* after a delimiter */
			break;
		}
		is_begun = true;
		if (ch == delim) {
			csvrow_add(row, NULL, 0);
			i++;
			continue;
		}
		if (ch == '"') {
			i++;
			if (!csvrow_quoted(row, s, len, &i))
				return false;
			/* Blanks after the closing quote are dropped. */
			while (i < len &&
			    csvrow_is_blank((unsigned char)s[i], delim))
				i++;
		} else if (!csvrow_plain(row, s, len, &i, delim))
			return false;
		if (i == len)
			return false;
		ch = (unsigned char)s[i];
		if (ch == '\r' || ch == '\n')
			break;
		if (ch != delim)
			return false;	/* a character after a closing quote */
		i++;
	}
	*pos = i;
	return true;
}

bool
csvrow_split(struct csvrow *row, const char *s, size_t len,
    unsigned char delim)
{
	size_t	i;

	if (!csvrow_fields(row, s, len, &i, delim)) {
		csvrow_clear(row);
		return false;
	}
	/* After the row libcsv passes over line ends and blanks only. */
	for (i++; i < len; i++)
		if (s[i] != '\r' && s[i] != '\n' &&
		    !csvrow_is_blank((unsigned char)s[i], delim)) {
			csvrow_clear(row);
			return false;
		}
	return true;
}
