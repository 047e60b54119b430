/*
 * LDIF content files (RFC 2849) as ldifde, ldapsearch and Samba's ldbsearch
 * write them, quirks included (formats.md 1.1 to 1.4).  Streams: reads big
 * blocks and parses each unfolded line where it lies in the block; only
 * folded lines and lines across a block end are joined in a reused
 * buffer.  A plain value of an unfolded line is handed to the callback in
 * place; base64 is decoded straight from the line into the record.
 * Never opens a URL or an include: file a record names, and never holds
 * more of a record than struct limits allows.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "diag.h"
#include "ldif.h"
#include "xalloc.h"

/* Bytes per fread(3).  The fuzz build makes it small, so that folds, base64
 * and UTF-8 sequences straddle block ends in short inputs too. */
#ifndef LDIF_BLOCK
#define LDIF_BLOCK	(1024 * 1024)
#endif
#define LDIF_DESC_MAX	1024		/* attribute name and options */
#define LDIF_QUOTE_MAX	40		/* bytes of a bad line quoted */

/* A growable byte buffer; its ceiling is enforced by its users. */
struct ldif_buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

/* What the logical line being joined is for. */
enum ldif_pending {
	LDIF_NONE,		/* none: after a blank line or at the start */
	LDIF_KEEP,		/* in the block or p->line, parsed when complete */
	LDIF_DISCARD,		/* a comment, or part of a dropped record */
	LDIF_STRAY		/* continuation lines with nothing before */
};

enum ldif_rec_state {
	REC_NONE,		/* between records */
	REC_OPEN,		/* dn: seen, collecting values */
	REC_SKIP		/* said why; ignoring it up to a blank line */
};

/* The three ways a value is written after the attribute description. */
enum ldif_sep {
	SEP_PLAIN,		/* name: text */
	SEP_BASE64,		/* name:: base64 */
	SEP_URL			/* name:< URL */
};

/* One logical line split in place; nothing is copied. */
struct ldif_desc {
	const char	*name;		/* base name, options excluded */
	size_t		 namelen;
	const char	*opts;		/* ";opt;opt" or empty */
	size_t		 optslen;
	const char	*value;		/* raw, after separator and spaces */
	size_t		 valuelen;
	enum ldif_sep	 sep;
};

/*
 * One value of the record being read.  Offsets, not pointers: rec.data
 * moves when it grows.  The pointers of struct attr are made at emit.  A
 * value in the block is copied to rec.data before the block is refilled
 * (ldif_spill), so a record that spans blocks stays whole.
 */
struct ldif_value {
	size_t		 name;		/* offset of the NUL-terminated name */
	size_t		 value;		/* offset of the bytes, NUL after len */
	size_t		 len;
	bool		 is_in_block;	/* value is in p->block, not rec.data */
	size_t		 slot;		/* index in rec.names */
	unsigned	 flags;		/* enum attr_flags */
	unsigned long	 line;
};

/* One attribute name of the record being read (case-insensitive). */
struct ldif_name {
	uint32_t	 hash;
	size_t		 name;		/* offset of the first spelling */
	size_t		 namelen;
	size_t		 nvalues;
	size_t		 first;		/* index of its first value */
	bool		 has_range;	/* some value came as ;range=L-H */
	bool		 has_last_range;	/* some piece ended in -* */
	bool		 is_truncated;
};

/* Hash bucket; empty unless gen is the current record's. */
struct ldif_bucket {
	unsigned long	 gen;
	size_t		 name;		/* index in rec.names */
};

/* The record being read; every buffer is reused for the next one. */
struct ldif_record {
	enum ldif_rec_state	 state;
	unsigned long		 line;		/* of the dn: line */
	size_t			 bytes;		/* its logical lines so far */
	bool			 is_head;	/* only dn: and control: yet */
	unsigned long		 control_line;	/* of its first control:, or 0 */
	size_t			 dn;		/* offset in data */
	size_t			 dnlen;
	bool			 has_guid;	/* extended dn had <GUID=> */
	size_t			 guid;		/* offset in data, no NUL */
	size_t			 guidlen;
	struct ldif_buf		 data;		/* names and values */
	struct ldif_value	*values;
	size_t			 nvalues;
	size_t			 values_cap;
	struct ldif_name	*names;
	size_t			 nnames;
	size_t			 names_cap;
	struct ldif_bucket	*buckets;
	size_t			 nbuckets;	/* a power of two */
	unsigned long		 gen;		/* counts records */
	struct attr		*attrs;		/* handed to emit */
	size_t			 attrs_cap;
};

struct ldif_parser {
	FILE			*in;
	const char		*file;
	const struct limits	*lim;
	struct diag		*dg;
	record_fn		 emit;
	void			*arg;

	char			*block;
	size_t			 pos;
	size_t			 end;
	bool			 has_read;	/* the first block is in */
	bool			 is_eof;
	bool			 is_error;
	bool			 is_stopped;	/* emit returned nonzero */
	bool			 has_record;	/* some dn: line was seen */
	int			 read_errno;	/* errno of the failed read */
	unsigned long		 lineno;	/* physical lines seen */

	enum ldif_pending	 pending;
	struct ldif_buf		 line;		/* logical line, unfolded */
	unsigned long		 line_start;
	size_t			 line_cap;	/* length that is checked */
	/*
	 * A kept first physical line that ended in its block is not copied
	 * to p->line unless a fold follows or the block is refilled.
	 */
	bool			 is_in_place;
	size_t			 in_place;	/* offset in block */
	size_t			 in_place_len;	/* without "\n" or "\r\n" */
	/* The complete logical line being parsed: in block or p->line. */
	const char		*text;
	size_t			 textlen;
	bool			 is_text_in_block;

	struct ldif_record	 rec;
};

static void	ldif_init(struct ldif_parser *, FILE *, const char *,
		    const struct limits *, struct diag *, record_fn, void *);
static void	ldif_release(struct ldif_parser *);
static bool	ldif_fill(struct ldif_parser *);
static int	ldif_peek(struct ldif_parser *);
static void	ldif_spill(struct ldif_parser *);
static size_t	ldif_read_line(struct ldif_parser *, bool);
static void	ldif_continuation(struct ldif_parser *);
static void	ldif_new_line(struct ldif_parser *, int);
static void	ldif_line_append(struct ldif_parser *, const char *, size_t);
static void	ldif_line_check(struct ldif_parser *);
static void	ldif_finish_line(struct ldif_parser *);
static void	ldif_drop(struct ldif_parser *);
static void	ldif_reject_line(struct ldif_parser *, enum diag_code,
		    const struct ldif_desc *, unsigned long);
static enum diag_code ldif_split(const char *, size_t, struct ldif_desc *);
static void	ldif_process_first(struct ldif_parser *);
static void	ldif_open_record(struct ldif_parser *,
		    const struct ldif_desc *);
static void	ldif_strip_extended_dn(struct ldif_parser *);
static void	ldif_process_attr(struct ldif_parser *);
static void	ldif_changetype(struct ldif_parser *,
		    const struct ldif_desc *);
static void	ldif_add_value(struct ldif_parser *,
		    const struct ldif_desc *);
static void	ldif_options(struct ldif_parser *, const struct ldif_desc *,
		    unsigned *, int *);
static bool	ldif_value_in_place(struct ldif_parser *,
		    const struct ldif_desc *, size_t *, size_t *);
static enum diag_code ldif_decode(struct ldif_parser *,
		    const struct ldif_desc *, size_t *, size_t *);
static size_t	ldif_name_slot(struct ldif_parser *, const char *, size_t,
		    bool *);
static bool	ldif_name_find(const struct ldif_record *, const char *,
		    size_t, size_t *);
static void	ldif_end_record(struct ldif_parser *);
static void	ldif_emit(struct ldif_parser *);

const struct input_format input_format_ldif = {
	.name  = "ldif",
	.side  = "onprem",
	.sniff = ldif_sniff,
	.parse = ldif_parse,
};

/* ----- small helpers ----- */

/* Make room for n more bytes; sizes are bounded by struct limits. */
static void
buf_reserve(struct ldif_buf *b, size_t n)
{
	size_t	cap;

	if (b->cap - b->len >= n)
		return;
	cap = b->cap ? b->cap : 256;
	while (cap - b->len < n) {
		/* Catch size_t overflow before doubling. */
		if (cap > SIZE_MAX / 2) {
			cap = b->len + n;
			break;
		}
		cap *= 2;
	}
	b->data = xreallocarray(b->data, cap, 1);
	b->cap = cap;
}

/* Append n bytes of s. */
static void
buf_append(struct ldif_buf *b, const char *s, size_t n)
{
	buf_reserve(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
}

/* Grow an array of *cap elements to hold one more than n. */
static void *
grow(void *ptr, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return ptr;
	*cap = *cap ? *cap * 2 : 16;
	return xreallocarray(ptr, *cap, size);
}

/* Locale-free tolower(3): attribute names are ASCII. */
static unsigned char
ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c;
}

/*
 * What each byte may be in an attribute description: LDIF_CH_FIRST a
 * name's first (ASCII letters and digits), LDIF_CH_NAME the rest of a name
 * (RFC 4512 keychars, dots for OIDs, '_' as OpenLDAP tolerates it),
 * LDIF_CH_OPT an option's (letters, digits, ';', '-', '=', '*').
 */
#define LDIF_CH_FIRST	1
#define LDIF_CH_NAME	2
#define LDIF_CH_OPT	4
static const unsigned char ldif_chars[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 6, 2, 0,
	7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 0, 4, 0, 4, 0, 0,
	0, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
	7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 0, 0, 0, 0, 2,
	0, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
	7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* Is byte c of class cls (LDIF_CH_*)? */
static bool
ldif_char_is(char c, unsigned cls)
{
	return (ldif_chars[(unsigned char)c] & cls) != 0;
}

/* Is s[0..n) the lower-case word, ignoring ASCII case? */
static bool
ascii_eq(const char *s, size_t n, const char *word)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (word[i] == '\0' ||
		    ascii_lower((unsigned char)s[i]) != (unsigned char)word[i])
			return false;
	return word[n] == '\0';
}

/* Does s[0..n) start with the lower-case prefix, ignoring ASCII case? */
static bool
ascii_prefix(const char *s, size_t n, const char *prefix)
{
	size_t	len = strlen(prefix);

	return n >= len && ascii_eq(s, len, prefix);
}

/*
 * A cheap hash of an attribute name that ignores ASCII case: its length and
 * its first and last four bytes.  A record has a few dozen names that
 * differ in length or at the ends (extensionAttribute1..15); setting bit
 * 0x20 folds letters and leaves the other bytes of a valid name distinct
 * enough, and a collision only costs a comparison.
 */
static uint32_t
name_hash(const char *s, size_t n)
{
	uint32_t	head = 0, tail = 0, h;
	size_t		i;

	if (n >= 4) {
		memcpy(&head, s, 4);
		memcpy(&tail, s + n - 4, 4);
		head |= 0x20202020u;
		tail |= 0x20202020u;
	} else
		for (i = 0; i < n; i++) {
			head = head << 8 | ((unsigned char)s[i] | 0x20);
			tail = tail << 8 | ((unsigned char)s[n - 1 - i] | 0x20);
		}
	/* murmur3's finaliser: every input bit reaches the low bits used. */
	h = head ^ (tail * 0x9e3779b1u) ^ (uint32_t)n;
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	return h;
}

/* Are a and b the same n bytes, ignoring ASCII case? */
static bool
ascii_same(const char *a, const char *b, size_t n)
{
	size_t	i;

	if (memcmp(a, b, n) == 0)
		return true;	/* the usual case: the same spelling */
	for (i = 0; i < n; i++)
		if (ascii_lower((unsigned char)a[i]) !=
		    ascii_lower((unsigned char)b[i]))
			return false;
	return true;
}

/* Is s[0..n) one or more decimal digits? */
static bool
is_digits(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

/* ----- reading: blocks, physical lines, logical lines ----- */

static void
ldif_init(struct ldif_parser *p, FILE *in, const char *file,
    const struct limits *lim, struct diag *dg, record_fn emit, void *arg)
{
	memset(p, 0, sizeof(*p));
	p->in = in;
	p->file = file;
	p->lim = lim;
	p->dg = dg;
	p->emit = emit;
	p->arg = arg;
	p->block = xmalloc(LDIF_BLOCK);
	p->rec.gen = 1;
}

/* Free every buffer of p. */
static void
ldif_release(struct ldif_parser *p)
{
	free(p->block);
	free(p->line.data);
	free(p->rec.data.data);
	free(p->rec.values);
	free(p->rec.names);
	free(p->rec.buckets);
	free(p->rec.attrs);
}

/* Read the next block; false at the end or on an error (is_error). */
static bool
ldif_fill(struct ldif_parser *p)
{
	size_t	n;

	if (!p->is_eof)
		ldif_spill(p);
	while (!p->is_eof) {
		n = fread(p->block, 1, LDIF_BLOCK, p->in);
		if (n < LDIF_BLOCK) {
			p->is_eof = true;
			if (ferror(p->in)) {
				p->read_errno = errno;
				p->is_error = true;
				return false;
			}
		}
		p->pos = 0;
		p->end = n;
		/* input.c removes a BOM, but not every caller goes there. */
		if (!p->has_read && n >= 3 &&
		    memcmp(p->block, "\xef\xbb\xbf", 3) == 0)
			p->pos = 3;
		p->has_read = true;
		if (p->pos < p->end)
			return true;
	}
	return false;
}

/* The next byte, not consumed, or EOF at the end or on an error. */
static int
ldif_peek(struct ldif_parser *p)
{
	if (p->pos == p->end && !ldif_fill(p))
		return EOF;
	return (unsigned char)p->block[p->pos];
}

/*
 * The block is about to be overwritten: copy into p->line the line kept in
 * place, and into rec.data the values of the open record still in the
 * block.  Happens once per block, not per line.
 */
static void
ldif_spill(struct ldif_parser *p)
{
	struct ldif_record	*r = &p->rec;
	struct ldif_value	*v;
	size_t			 i;

	if (p->is_in_place) {
		p->is_in_place = false;
		ldif_line_append(p, p->block + p->in_place, p->in_place_len);
	}
	for (i = 0; r->state == REC_OPEN && i < r->nvalues; i++) {
		v = &r->values[i];
		if (!v->is_in_block)
			continue;
		buf_reserve(&r->data, v->len + 1);
		memcpy(r->data.data + r->data.len, p->block + v->value, v->len);
		r->data.data[r->data.len + v->len] = '\0';
		v->value = r->data.len;
		v->is_in_block = false;
		r->data.len += v->len + 1;
	}
}

/*
 * Consume the rest of one physical line while the logical line is kept:
 * the first line of a logical line (is_first) is left in place when it
 * ends in this block and needs no limit check; other pieces are appended
 * to p->line.  Returns its length without "\n" or "\r\n".
 */
static size_t
ldif_read_line(struct ldif_parser *p, bool is_first)
{
	const char	*start, *nl;
	size_t		 n, total = 0;
	char		 last = '\0';

	for (;;) {
		if (p->pos == p->end && !ldif_fill(p))
			break;
		start = p->block + p->pos;
		nl = memchr(start, '\n', p->end - p->pos);
		n = nl != NULL ? (size_t)(nl - start) : p->end - p->pos;
		if (n > 0) {
			if (p->pending != LDIF_KEEP)
				;
			else if (is_first && nl != NULL && n <= p->line_cap) {
				p->is_in_place = true;
				p->in_place = p->pos;
				p->in_place_len = n;
			} else
				ldif_line_append(p, start, n);
			last = start[n - 1];
			total += n;
		}
		is_first = false;	/* the rest of a line is never in place */
		p->pos += n;
		if (nl != NULL) {
			p->pos++;
			break;
		}
	}
	/* Still kept, the '\r' is the last byte kept. */
	if (last == '\r') {
		total--;
		if (p->is_in_place)
			p->in_place_len--;
		else if (p->pending == LDIF_KEEP)
			p->line.len--;
	}
	return total;
}

/* A line starting with SPACE or TAB: it continues the logical line. */
static void
ldif_continuation(struct ldif_parser *p)
{
	p->pos++;	/* the one space (or tab) that marks the fold */
	if (p->pending == LDIF_NONE) {
		/* One rejected record per run of stray lines. */
		diag(p->dg, D_LDIF_STRAY_CONT, p->file, p->lineno,
		    "nothing before it to continue");
		p->pending = LDIF_STRAY;
	}
	/* A fold: the line joins the next one in p->line after all. */
	if (p->is_in_place) {
		p->is_in_place = false;
		ldif_line_append(p, p->block + p->in_place, p->in_place_len);
	}
	ldif_read_line(p, false);
}

/* Any other line: the previous logical line is complete. */
static void
ldif_new_line(struct ldif_parser *p, int c)
{
	size_t	room;

	ldif_finish_line(p);
	p->line.len = 0;
	p->line_start = p->lineno;
	room = p->lim->max_record_bytes - p->rec.bytes;
	p->line_cap = p->lim->max_value_bytes < room ?
	    p->lim->max_value_bytes : room;
	p->pending = c == '#' || p->rec.state == REC_SKIP ? LDIF_DISCARD :
	    LDIF_KEEP;
	if (ldif_read_line(p, true) == 0) {
		p->is_in_place = false;
		p->pending = LDIF_NONE;
		ldif_end_record(p);
	}
}

/*
 * Append to the logical line.  Past line_cap, look at what the line holds
 * so far: a record or value already over its limit drops the record now,
 * so a 100 MB line is never held whole; else raise line_cap.
 */
static void
ldif_line_append(struct ldif_parser *p, const char *s, size_t n)
{
	if (p->line.len + n <= p->line_cap) {
		buf_append(&p->line, s, n);
		return;
	}
	if (p->line.len + n > p->lim->max_record_bytes - p->rec.bytes) {
		diag(p->dg, D_LIMIT_RECORD, p->file, p->rec.state == REC_OPEN ?
		    p->rec.line : p->line_start, "over %zu bytes",
		    p->lim->max_record_bytes);
		ldif_drop(p);
		return;
	}
	buf_append(&p->line, s, n);
	ldif_line_check(p);
}

/* Has the partial line p->line passed max_value_bytes already? */
static void
ldif_line_check(struct ldif_parser *p)
{
	const char	*s = p->line.data, *end = s + p->line.len;
	const char	*colon, *v, *semi;
	size_t		 len = p->line.len, max = p->lim->max_value_bytes;
	size_t		 room, need, have = 0;
	bool		 is_base64;

	colon = memchr(s, ':', len < LDIF_DESC_MAX + 1 ? len :
	    LDIF_DESC_MAX + 1);
	if (colon == NULL && len > LDIF_DESC_MAX) {
		diag(p->dg, D_LDIF_NO_COLON, p->file, p->line_start,
		    "none in the first %d bytes", LDIF_DESC_MAX);
		ldif_drop(p);
		return;
	}
	need = 1;
	if (colon != NULL) {
		v = colon + 1;
		is_base64 = v < end && *v == ':';
		if (is_base64) {
			for (v++; v < end; v++)
				if (*v != ' ' && *v != '=')
					have++;
			/* Every 4 base64 digits are 3 bytes. */
			have = have / 4 * 3 + (have % 4 * 6) / 8;
		} else {
			if (v < end && *v == '<')
				v++;
			while (v < end && *v == ' ')
				v++;
			have = (size_t)(end - v);
		}
		if (have > max) {
			semi = memchr(s, ';', (size_t)(colon - s));
			diag(p->dg, D_LIMIT_VALUE, p->file, p->line_start,
			    "attribute '%.*s'",
			    (int)((semi != NULL ? semi : colon) - s), s);
			ldif_drop(p);
			return;
		}
		need = is_base64 ? (max - have) / 3 * 4 + 4 : max - have + 1;
	}
	/* Raise by half at least: checks of one line stay O(log n). */
	if (need < len / 2)
		need = len / 2;
	room = p->lim->max_record_bytes - p->rec.bytes;
	p->line_cap = need < room - len ? len + need : room;
}

/* The logical line is complete: parse it if it is kept. */
static void
ldif_finish_line(struct ldif_parser *p)
{
	p->is_text_in_block = p->is_in_place;
	p->text = p->is_in_place ? p->block + p->in_place : p->line.data;
	p->textlen = p->is_in_place ? p->in_place_len : p->line.len;
	p->is_in_place = false;
	if (p->pending == LDIF_KEEP) {
		if (p->rec.state == REC_NONE)
			ldif_process_first(p);
		else if (p->rec.state == REC_OPEN)
			ldif_process_attr(p);
	}
	p->pending = LDIF_NONE;
}

/* The record was reported: ignore the rest of it, holding none of it. */
static void
ldif_drop(struct ldif_parser *p)
{
	p->rec.state = REC_SKIP;
	if (p->pending == LDIF_KEEP)
		p->pending = LDIF_DISCARD;
	p->line.len = 0;
	p->is_in_place = false;
}

/* ----- parsing logical lines ----- */

/* Is the attribute description (name and options) well formed? */
static bool
ldif_valid_desc(const struct ldif_desc *d)
{
	size_t	i;

	if (d->namelen == 0 || !ldif_char_is(d->name[0], LDIF_CH_FIRST))
		return false;
	for (i = 1; i < d->namelen; i++)
		if (!ldif_char_is(d->name[i], LDIF_CH_NAME))
			return false;
	for (i = 0; i < d->optslen; i++) {
		if (d->opts[i] == ';' &&
		    (i + 1 == d->optslen || d->opts[i + 1] == ';'))
			return false;		/* empty option */
		if (!ldif_char_is(d->opts[i], LDIF_CH_OPT))
			return false;
	}
	return true;
}

/*
 * Split "name;options: value" in place.  Returns D_OK, D_LDIF_NO_COLON,
 * D_LDIF_BAD_NAME or D_LDIF_NUL; d is filled as far as it got.
 */
static enum diag_code
ldif_split(const char *s, size_t len, struct ldif_desc *d)
{
	const char	*end = s + len, *colon, *semi, *v;
	size_t		 i = 0;

	memset(d, 0, sizeof(*d));
	/* The usual line, a valid name and no options: one pass to ':'. */
	if (len > 0 && ldif_char_is(s[0], LDIF_CH_FIRST))
		for (i = 1; i < len && ldif_char_is(s[i], LDIF_CH_NAME); i++)
			;
	if (i > 0 && i < len && s[i] == ':' && i <= LDIF_DESC_MAX) {
		colon = s + i;
		d->name = s;
		d->namelen = i;
		d->opts = colon;
	} else if ((colon = memchr(s, ':', len)) == NULL)
		return D_LDIF_NO_COLON;
	else {
		d->name = s;
		d->namelen = (size_t)(colon - s);
		d->opts = colon;	/* no options: empty, but never NULL */
		if ((semi = memchr(s, ';', d->namelen)) != NULL) {
			d->opts = semi;
			d->optslen = (size_t)(colon - semi);
			d->namelen = (size_t)(semi - s);
		}
		if ((size_t)(colon - s) > LDIF_DESC_MAX || !ldif_valid_desc(d))
			return D_LDIF_BAD_NAME;
	}
	v = colon + 1;
	d->sep = SEP_PLAIN;
	if (v < end && *v == ':') {
		d->sep = SEP_BASE64;
		v++;
	} else if (v < end && *v == '<') {
		d->sep = SEP_URL;
		v++;
	}
	while (v < end && *v == ' ')
		v++;
	d->value = v;
	d->valuelen = (size_t)(end - v);
	if (memchr(v, '\0', d->valuelen) != NULL)
		return D_LDIF_NUL;
	return D_OK;
}

/* Say why a line split badly, and drop its record. */
static void
ldif_reject_line(struct ldif_parser *p, enum diag_code code,
    const struct ldif_desc *d, unsigned long line)
{
	const char	*s = p->text;
	size_t		 len = p->textlen;
	int		 n = len > LDIF_QUOTE_MAX ? LDIF_QUOTE_MAX : (int)len;

	if (code == D_LDIF_NO_COLON)
		diag(p->dg, code, p->file, line, "'%.*s%s'", n, s,
		    len > LDIF_QUOTE_MAX ? "..." : "");
	else if (code == D_LDIF_NUL)
		diag(p->dg, code, p->file, line, "attribute '%.*s'",
		    (int)d->namelen, d->name);
	else if (d->namelen == 0)
		diag(p->dg, code, p->file, line, "empty attribute name");
	else if (memchr(s, '\0', d->namelen + d->optslen) != NULL)
		diag(p->dg, code, p->file, line, "NUL byte in '%.*s'",
		    (int)d->namelen, d->name);
	else
		diag(p->dg, code, p->file, line, "'%.*s'",
		    (int)(d->namelen + d->optslen) > LDIF_QUOTE_MAX ?
		    LDIF_QUOTE_MAX : (int)(d->namelen + d->optslen), d->name);
	ldif_drop(p);
}

/*
 * A line between records: version:, a legacy entry number, include:, or
 * the first line of a record, which should be dn:.
 */
static void
ldif_process_first(struct ldif_parser *p)
{
	struct ldif_desc	 d;
	enum diag_code		 code;
	const char		*s = p->text;
	size_t			 len = p->textlen;
	unsigned long		 line = p->line_start;

	code = ldif_split(s, len, &d);
	if (code == D_LDIF_NO_COLON && is_digits(s, len)) {
		/* OpenLDAP's legacy entry id: passed over, but said. */
		diag(p->dg, D_LDIF_ENTRY_ID, p->file, line, "'%.*s'",
		    len > LDIF_QUOTE_MAX ? LDIF_QUOTE_MAX : (int)len, s);
		return;
	}
	if (code != D_OK) {
		ldif_reject_line(p, code, &d, line);
		return;
	}
	if (d.optslen == 0 && ascii_eq(d.name, d.namelen, "version")) {
		/* RFC 2849: version-spec opens the file, nowhere else. */
		if (p->has_record)
			diag(p->dg, D_LDIF_LATE_VERSION, p->file, line,
			    "'version: %.*s' after the first record: were two exports concatenated?",
			    d.valuelen > LDIF_QUOTE_MAX ? LDIF_QUOTE_MAX :
			    (int)d.valuelen, d.value);
		else if (d.sep != SEP_PLAIN || d.valuelen != 1 ||
		    d.value[0] != '1')
			diag(p->dg, D_LDIF_VERSION, p->file, line,
			    "version '%.*s', read as version 1",
			    d.valuelen > LDIF_QUOTE_MAX ? LDIF_QUOTE_MAX :
			    (int)d.valuelen, d.value);
		return;
	}
	if (d.optslen == 0 && ascii_eq(d.name, d.namelen, "include")) {
		diag(p->dg, D_LDIF_INCLUDE, p->file, line, "'%.*s'",
		    d.valuelen > LDIF_QUOTE_MAX ? LDIF_QUOTE_MAX :
		    (int)d.valuelen, d.value);
		return;
	}
	if (d.optslen == 0 && ascii_eq(d.name, d.namelen, "dn")) {
		ldif_open_record(p, &d);
		return;
	}
	/* ldapsearch's search:/result: trailer, referrals of both tools. */
	if (d.optslen == 0 && (ascii_eq(d.name, d.namelen, "search") ||
	    ascii_eq(d.name, d.namelen, "result") ||
	    ascii_eq(d.name, d.namelen, "ref")))
		diag(p->dg, D_LDIF_SKIP_NO_DN, p->file, line,
		    "starts with '%.*s:'", (int)d.namelen, d.name);
	else
		diag(p->dg, D_LDIF_NO_DN, p->file, line, "starts with '%.*s:'",
		    (int)d.namelen, d.name);
	ldif_drop(p);
}

/* The dn: line d starts a record: decode and keep its DN. */
static void
ldif_open_record(struct ldif_parser *p, const struct ldif_desc *d)
{
	struct ldif_record	*r = &p->rec;
	enum diag_code		 code;

	r->state = REC_OPEN;
	r->line = p->line_start;
	r->bytes = p->textlen;
	r->is_head = true;
	r->control_line = 0;
	p->has_record = true;
	if (d->sep == SEP_URL) {
		diag(p->dg, D_LDIF_NO_DN, p->file, r->line,
		    "dn given by URL, not opened");
		ldif_drop(p);
		return;
	}
	if ((code = ldif_decode(p, d, &r->dn, &r->dnlen)) != D_OK) {
		diag(p->dg, code, p->file, r->line, "attribute 'dn'");
		ldif_drop(p);
		return;
	}
	if (memchr(r->data.data + r->dn, '\0', r->dnlen) != NULL) {
		diag(p->dg, D_LDIF_NUL, p->file, r->line, "attribute 'dn'");
		ldif_drop(p);
		return;
	}
	ldif_strip_extended_dn(p);
}

/*
 * ldb (and AD with the extended-dn control) write <GUID=...>;<SID=...>;DN:
 * keep the DN, remember the GUID.
 */
static void
ldif_strip_extended_dn(struct ldif_parser *p)
{
	struct ldif_record	*r = &p->rec;
	const char		*dn = r->data.data + r->dn, *gt;
	size_t			 len = r->dnlen, k;

	while (len > 0 && dn[0] == '<') {
		if ((gt = memchr(dn, '>', len)) == NULL)
			return;
		k = (size_t)(gt - dn) + 1;
		if (k < len && dn[k] != ';')
			return;
		if (ascii_prefix(dn, k, "<guid=")) {
			r->has_guid = true;
			r->guid = (size_t)(dn - r->data.data) + 6;
			r->guidlen = k - 7;
		}
		if (k < len)
			k++;
		dn += k;
		len -= k;
		r->dn += k;
		r->dnlen -= k;
	}
}

/* A line of an open record: control:, changetype: or a value. */
static void
ldif_process_attr(struct ldif_parser *p)
{
	struct ldif_desc	 d;
	enum diag_code		 code;

	p->rec.bytes += p->textlen;
	code = ldif_split(p->text, p->textlen, &d);
	if (code != D_OK) {
		ldif_reject_line(p, code, &d, p->line_start);
		return;
	}
	if (p->rec.is_head && d.optslen == 0) {
		if (ascii_eq(d.name, d.namelen, "control")) {
			if (p->rec.control_line == 0)
				p->rec.control_line = p->line_start;
			return;
		}
		if (ascii_eq(d.name, d.namelen, "changetype")) {
			p->rec.is_head = false;
			ldif_changetype(p, &d);
			return;
		}
	}
	/* RFC 2849 gives control: to change records only. */
	if (p->rec.is_head && p->rec.control_line != 0)
		diag(p->dg, D_LDIF_CONTROL, p->file, p->rec.control_line,
		    "in a content record (no changetype: follows)");
	p->rec.is_head = false;
	ldif_add_value(p, &d);
}

/* add is content; the other RFC 2849 changetypes are skipped. */
static void
ldif_changetype(struct ldif_parser *p, const struct ldif_desc *d)
{
	static const char *const skipped[] = {
		"modify", "delete", "modrdn", "moddn"
	};
	const char	*v = d->value;
	size_t		 n = d->valuelen, i;

	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	if (d->sep == SEP_PLAIN && ascii_eq(v, n, "add"))
		return;
	for (i = 0; d->sep == SEP_PLAIN && i < ARRAY_SIZE(skipped); i++)
		if (ascii_eq(v, n, skipped[i])) {
			diag(p->dg, D_LDIF_SKIP_CHANGE, p->file, p->rec.line,
			    "changetype '%s'", skipped[i]);
			ldif_drop(p);
			return;
		}
	diag(p->dg, D_LDIF_CHANGETYPE, p->file, p->line_start, "'%.*s'",
	    n > LDIF_QUOTE_MAX ? LDIF_QUOTE_MAX : (int)n, v);
	ldif_drop(p);
}

/* Is s "L-H" with H a number or '*'?  *is_last when H is '*'. */
static bool
ldif_range(const char *s, size_t n, bool *is_last)
{
	const char	*dash = memchr(s, '-', n);
	size_t		 lo;

	if (dash == NULL || (lo = (size_t)(dash - s)) == 0 ||
	    !is_digits(s, lo))
		return false;
	*is_last = n - lo == 2 && dash[1] == '*';
	return *is_last || is_digits(dash + 1, n - lo - 1);
}

/*
 * Apply the options of d: ;binary sets ATTR_BINARY, ;lang-* is dropped,
 * ;range=L-H sets *range (1, or 2 for the last piece), others are said
 * and ignored.
 */
static void
ldif_options(struct ldif_parser *p, const struct ldif_desc *d,
    unsigned *flags, int *range)
{
	const char	*o = d->opts, *end = d->opts + d->optslen, *e;
	size_t		 n;
	bool		 is_last;

	while (o < end) {
		o++;		/* ';' */
		e = memchr(o, ';', (size_t)(end - o));
		if (e == NULL)
			e = end;
		n = (size_t)(e - o);
		if (ascii_eq(o, n, "binary"))
			*flags |= ATTR_BINARY;
		else if (ascii_prefix(o, n, "lang-"))
			;	/* language tags carry no meaning for sync */
		else if (ascii_prefix(o, n, "range=") &&
		    ldif_range(o + 6, n - 6, &is_last))
			*range = is_last ? 2 : 1;
		else
			diag(p->dg, D_LDIF_OPTION, p->file, p->line_start,
			    "option '%.*s' of attribute '%.*s'", (int)n, o,
			    (int)d->namelen, d->name);
		o = e;
	}
}

/*
 * Decode d's value into rec.data with a NUL after it.  Returns D_OK,
 * D_LDIF_BASE64 or D_LIMIT_VALUE; on failure rec.data is unchanged.
 */
static enum diag_code
ldif_decode(struct ldif_parser *p, const struct ldif_desc *d, size_t *off,
    size_t *len)
{
	struct ldif_buf	*b = &p->rec.data;
	long		 n = 0;

	if (d->sep == SEP_PLAIN && d->valuelen > p->lim->max_value_bytes)
		return D_LIMIT_VALUE;
	/* Decoding never grows, so valuelen + 1 is room enough. */
	buf_reserve(b, d->valuelen + 1);
	if (d->sep == SEP_PLAIN) {
		memcpy(b->data + b->len, d->value, d->valuelen);
		n = (long)d->valuelen;
	} else if (d->sep == SEP_BASE64) {
		n = base64_decode(d->value, d->valuelen,
		    (unsigned char *)b->data + b->len);
		if (n < 0)
			return D_LDIF_BASE64;
		if ((size_t)n > p->lim->max_value_bytes)
			return D_LIMIT_VALUE;
	}
	*off = b->len;
	*len = (size_t)n;
	b->data[b->len + (size_t)n] = '\0';
	b->len += (size_t)n + 1;
	return D_OK;
}

/* Is d's name one of struct limits' measured names (ASCII case)? */
static bool
ldif_is_measured_name(const struct ldif_parser *p, const struct ldif_desc *d)
{
	const char *const	*m;
	size_t			 i;

	for (m = p->lim->measured; *m != NULL; m++) {
		for (i = 0; i < d->namelen && (*m)[i] != '\0'; i++)
			if ((*m)[i] != (d->name[i] | 0x20))
				break;
		if (i == d->namelen && (*m)[i] == '\0')
			return true;
	}
	return false;
}

/*
 * A base64 value of a measured name over LIMITS_MEASURE_MIN bytes: checked
 * and measured (*len), not decoded; an empty string in rec.data (*off).
 * false for any other value, and for one that fails a check or a limit:
 * ldif_decode then says why, as for any value.
 */
static bool
ldif_measure(struct ldif_parser *p, const struct ldif_desc *d, size_t *off,
    size_t *len)
{
	struct ldif_buf	*b = &p->rec.data;
	long		 n;

	if (d->sep != SEP_BASE64 || p->lim->measured == NULL ||
	    d->valuelen <= LIMITS_MEASURE_MIN || !ldif_is_measured_name(p, d))
		return false;
	n = base64_measure(d->value, d->valuelen);
	if (n <= LIMITS_MEASURE_MIN || (size_t)n > p->lim->max_value_bytes)
		return false;
	buf_reserve(b, 1);
	*off = b->len;
	*len = (size_t)n;
	b->data[b->len++] = '\0';
	return true;
}

/*
 * Leave a plain value of an unfolded line where it is in the block: its
 * "\n" (or the "\r" before it), already consumed, becomes its NUL.
 */
static bool
ldif_value_in_place(struct ldif_parser *p, const struct ldif_desc *d,
    size_t *off, size_t *len)
{
	if (d->sep != SEP_PLAIN || !p->is_text_in_block ||
	    d->valuelen > p->lim->max_value_bytes)
		return false;
	*off = (size_t)(d->value - p->block);
	*len = d->valuelen;
	p->block[*off + *len] = '\0';
	return true;
}

/* Append one value of d to the record, counting it under its base name. */
static void
ldif_add_value(struct ldif_parser *p, const struct ldif_desc *d)
{
	struct ldif_record	*r = &p->rec;
	struct ldif_value	*v;
	struct ldif_name	*nm;
	enum diag_code		 code;
	unsigned		 flags = 0;
	int			 range = 0;
	size_t			 slot, off, len, name;
	bool			 is_in_block, is_measured, is_same;

	ldif_options(p, d, &flags, &range);
	slot = ldif_name_slot(p, d->name, d->namelen, &is_same);
	nm = &r->names[slot];
	if (++nm->nvalues > p->lim->max_values) {
		diag(p->dg, D_LIMIT_VALUES, p->file, p->line_start,
		    "attribute '%.*s' (over %zu values)", (int)d->namelen,
		    d->name, p->lim->max_values);
		ldif_drop(p);
		return;
	}
	nm->has_range |= range != 0;
	nm->has_last_range |= range == 2;
	is_in_block = ldif_value_in_place(p, d, &off, &len);
	is_measured = !is_in_block && ldif_measure(p, d, &off, &len);
	if (!is_in_block && !is_measured &&
	    (code = ldif_decode(p, d, &off, &len)) != D_OK) {
		diag(p->dg, code, p->file, p->line_start, "attribute '%.*s'",
		    (int)d->namelen, d->name);
		ldif_drop(p);
		return;
	}
	/* One copy of a name per record unless spelled another way. */
	name = nm->name;
	if (!is_same &&
	    memcmp(r->data.data + name, d->name, d->namelen) != 0) {
		buf_reserve(&r->data, d->namelen + 1);
		name = r->data.len;
		buf_append(&r->data, d->name, d->namelen);
		buf_append(&r->data, "", 1);
	}
	r->values = grow(r->values, r->nvalues, &r->values_cap,
	    sizeof(*r->values));
	v = &r->values[r->nvalues];
	v->name = name;
	v->value = off;
	v->len = len;
	v->is_in_block = is_in_block;
	v->slot = slot;
	v->flags = flags | (d->sep == SEP_BASE64 ? ATTR_BASE64 : 0) |
	    (d->sep == SEP_URL ? ATTR_UNAVAILABLE : 0) |
	    (is_measured ? ATTR_MEASURED : 0);
	v->line = p->line_start;
	if (r->names[slot].nvalues == 1)
		r->names[slot].first = r->nvalues;
	r->nvalues++;
}

/* ----- the per-record name table ----- */

/* Where name is, or the empty bucket it would go in. */
static size_t
ldif_bucket_of(const struct ldif_record *r, const char *name, size_t len,
    uint32_t hash)
{
	const struct ldif_name	*nm;
	size_t			 mask = r->nbuckets - 1, i = hash & mask;

	for (; r->buckets[i].gen == r->gen; i = (i + 1) & mask) {
		nm = &r->names[r->buckets[i].name];
		if (nm->hash == hash && nm->namelen == len &&
		    ascii_same(name, r->data.data + nm->name, len))
			return i;
	}
	return i;
}

/* Is name (any case) an attribute of the record?  *slot: its index. */
static bool
ldif_name_find(const struct ldif_record *r, const char *name, size_t len,
    size_t *slot)
{
	size_t	i;

	if (r->nbuckets == 0)
		return false;
	i = ldif_bucket_of(r, name, len, name_hash(name, len));
	if (r->buckets[i].gen != r->gen)
		return false;
	*slot = r->buckets[i].name;
	return true;
}

/* Double the buckets and put this record's names back in. */
static void
ldif_buckets_grow(struct ldif_record *r)
{
	size_t	i, b;

	free(r->buckets);
	r->nbuckets = r->nbuckets ? r->nbuckets * 2 : 64;
	r->buckets = xcalloc(r->nbuckets, sizeof(*r->buckets));
	for (i = 0; i < r->nnames; i++) {
		b = r->names[i].hash & (r->nbuckets - 1);
		while (r->buckets[b].gen == r->gen)
			b = (b + 1) & (r->nbuckets - 1);
		r->buckets[b].gen = r->gen;
		r->buckets[b].name = i;
	}
}

/*
 * The index of name in rec.names, added (and copied) when new.  *is_same
 * (unless NULL): the slot's copy is known to be spelled as name; false
 * when it may differ in case.
 */
static size_t
ldif_name_slot(struct ldif_parser *p, const char *name, size_t len,
    bool *is_same)
{
	struct ldif_record	*r = &p->rec;
	struct ldif_name	*nm;
	uint32_t		 hash;
	size_t			 i;
	bool			 is_known = true;

	if (is_same == NULL)
		is_same = &is_known;
	*is_same = true;
	/* The values of one attribute come together: the last one's name. */
	if (r->nvalues > 0) {
		i = r->values[r->nvalues - 1].slot;
		nm = &r->names[i];
		if (nm->namelen == len &&
		    memcmp(r->data.data + nm->name, name, len) == 0)
			return i;
	}
	hash = name_hash(name, len);
	if ((r->nnames + 1) * 2 > r->nbuckets)
		ldif_buckets_grow(r);
	i = ldif_bucket_of(r, name, len, hash);
	if (r->buckets[i].gen == r->gen) {
		*is_same = false;
		return r->buckets[i].name;
	}
	r->names = grow(r->names, r->nnames, &r->names_cap,
	    sizeof(*r->names));
	nm = &r->names[r->nnames];
	memset(nm, 0, sizeof(*nm));
	nm->hash = hash;
	nm->namelen = len;
	buf_reserve(&r->data, len + 1);
	nm->name = r->data.len;
	memcpy(r->data.data + r->data.len, name, len);
	r->data.data[r->data.len + len] = '\0';
	r->data.len += len + 1;
	r->buckets[i].gen = r->gen;
	r->buckets[i].name = r->nnames;
	return r->nnames++;
}

/* ----- ending records ----- */

/* A blank line or the end of the input: emit an open record, reset. */
static void
ldif_end_record(struct ldif_parser *p)
{
	struct ldif_record	*r = &p->rec;

	if (r->state == REC_OPEN && r->is_head && r->control_line != 0)
		diag(p->dg, D_LDIF_CONTROL, p->file, r->control_line,
		    "in a content record (no changetype: follows)");
	if (r->state == REC_OPEN)
		ldif_emit(p);
	r->state = REC_NONE;
	r->bytes = 0;
	r->has_guid = false;
	r->data.len = 0;
	r->nvalues = 0;
	r->nnames = 0;
	r->gen++;
}

/* ;range= pieces that never reached '*': flag every value, warn once. */
static void
ldif_mark_truncated(struct ldif_parser *p)
{
	struct ldif_record	*r = &p->rec;
	struct ldif_name	*nm;
	size_t			 i;
	bool			 any = false;

	for (i = 0; i < r->nnames; i++) {
		nm = &r->names[i];
		nm->is_truncated = nm->has_range && !nm->has_last_range;
		if (!nm->is_truncated)
			continue;
		any = true;
		diag(p->dg, D_LDIF_RANGE_OPEN, p->file,
		    r->values[nm->first].line, "attribute '%s' (%zu values)",
		    r->data.data + nm->name, nm->nvalues);
	}
	for (i = 0; any && i < r->nvalues; i++)
		if (r->names[r->values[i].slot].is_truncated)
			r->values[i].flags |= ATTR_TRUNCATED;
}

/* The value of one hex digit, or -1. */
static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)ascii_lower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/*
 * The extended dn's <GUID=...> as objectGUID when the record has none:
 * 32 hex digits (AD) are the 16 stored bytes, GUID text (ldb) stays text.
 */
static void
ldif_add_extended_guid(struct ldif_parser *p)
{
	struct ldif_record	*r = &p->rec;
	struct ldif_value	*v;
	char			 bytes[16];
	size_t			 slot, i, len = r->guidlen;
	const char		*g;
	int			 hi, lo;

	if (!r->has_guid || ldif_name_find(r, "objectGUID", 10, &slot))
		return;
	g = r->data.data + r->guid;
	if (len == 32) {
		for (i = 0; i < 16; i++) {
			hi = hex_value(g[2 * i]);
			lo = hex_value(g[2 * i + 1]);
			if (hi < 0 || lo < 0)
				return;
			bytes[i] = (char)(hi << 4 | lo);
		}
		g = bytes;
		len = 16;
	} else if (len != 36 && len != 38)
		return;
	slot = ldif_name_slot(p, "objectGUID", 10, NULL);
	r->names[slot].nvalues = 1;
	r->names[slot].first = r->nvalues;
	r->values = grow(r->values, r->nvalues, &r->values_cap,
	    sizeof(*r->values));
	v = &r->values[r->nvalues++];
	v->name = r->names[slot].name;
	v->is_in_block = false;
	v->slot = slot;
	v->flags = 0;
	v->line = r->line;
	v->len = len;
	/* Reserve first: the text form is copied from r->data itself. */
	buf_reserve(&r->data, len + 1);
	v->value = r->data.len;
	memcpy(r->data.data + r->data.len, g == bytes ? bytes :
	    r->data.data + r->guid, len);
	r->data.data[r->data.len + len] = '\0';
	r->data.len += len + 1;
}

/* Say the refused URLs, make the borrowed record and hand it over. */
static void
ldif_emit(struct ldif_parser *p)
{
	struct ldif_record	*r = &p->rec;
	struct record		 rec;
	struct attr		*a;
	size_t			 i;

	ldif_mark_truncated(p);
	ldif_add_extended_guid(p);
	if (r->nvalues > r->attrs_cap) {
		free(r->attrs);
		r->attrs_cap = r->nvalues * 2;
		r->attrs = xreallocarray(NULL, r->attrs_cap,
		    sizeof(*r->attrs));
	}
	for (i = 0; i < r->nvalues; i++) {
		a = &r->attrs[i];
		a->name = r->data.data + r->values[i].name;
		a->value = (r->values[i].is_in_block ? p->block :
		    r->data.data) + r->values[i].value;
		a->len = r->values[i].len;
		a->flags = r->values[i].flags;
		a->line = r->values[i].line;
		if (a->flags & ATTR_UNAVAILABLE)
			diag(p->dg, D_LDIF_URL, p->file, a->line,
			    "attribute '%s'", a->name);
	}
	rec.file = p->file;
	rec.line = r->line;
	rec.dn = r->data.data + r->dn;
	rec.attrs = r->attrs;
	rec.nattrs = r->nvalues;
	if (p->emit(&rec, p->arg) != 0)
		p->is_stopped = true;
}

/* ----- the interface ----- */

int
ldif_parse(FILE *in, const char *file, const struct limits *lim,
    struct diag *dg, enum input_content content, record_fn emit, void *arg)
{
	struct ldif_parser	 p;
	int			 c, rc = 0;

	(void)content;		/* LDIF always holds directory objects */
	ldif_init(&p, in, file, lim, dg, emit, arg);
	while (!p.is_stopped && (c = ldif_peek(&p)) != EOF) {
		p.lineno++;
		if (c == ' ' || c == '\t')
			ldif_continuation(&p);
		else
			ldif_new_line(&p, c);
	}
	if (p.is_error) {
		diag(dg, D_READ, file, p.lineno, "%s",
		    strerror(p.read_errno));
		rc = -1;
	} else if (!p.is_stopped) {
		ldif_finish_line(&p);
		ldif_end_record(&p);
	}
	if (p.is_stopped)
		rc = -1;
	ldif_release(&p);
	return rc;
}

/* How sure one non-comment line makes us; -1: look at the next line. */
static int
ldif_sniff_line(const char *s, size_t n)
{
	struct ldif_desc	d;

	if (is_digits(s, n))
		return -1;		/* OpenLDAP's legacy entry id */
	/* JSON, CLIXML, a quoted CSV header */
	if (*s == '{' || *s == '[' || *s == '<' || *s == '"')
		return 0;
	/* A CSV header has no ':' or commas in its first "name". */
	if (ldif_split(s, n, &d) != D_OK)
		return 0;
	/* "version:v1.0" opens an Entra bulk template (CSV), not LDIF. */
	if (d.optslen == 0 && ascii_eq(d.name, d.namelen, "version"))
		return d.valuelen > 0 && d.value[0] >= '0' &&
		    d.value[0] <= '9' ? 95 : 0;
	if (d.optslen == 0 && ascii_eq(d.name, d.namelen, "dn"))
		return 95;
	return 20;
}

/* See ldif.h: comments, blank lines and entry ids are looked past. */
int
ldif_sniff(const char *head, size_t len)
{
	const char	*s = head, *end = head + len, *nl;
	size_t		 n;
	int		 score;
	bool		 is_marked = false, has_comment = false;

	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;
	for (; s < end; s = nl != NULL ? nl + 1 : end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		n = (size_t)((nl != NULL ? nl : end) - s);
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (n == 0 || *s == ' ' || *s == '\t')
			continue;
		if (*s == '#') {
			has_comment = true;
			/* ldbsearch's and ldapsearch's own header comments */
			if (ascii_prefix(s, n, "# record ") ||
			    ascii_prefix(s, n, "# extended ldif"))
				is_marked = true;
			continue;
		}
		if ((score = ldif_sniff_line(s, n)) < 0)
			continue;
		return score > 0 && is_marked && score < 90 ? 90 : score;
	}
	return is_marked ? 90 : has_comment ? 5 : 0;
}
