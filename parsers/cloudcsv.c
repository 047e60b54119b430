/*
 * Entra ID exports as CSV, through libcsv: Graph PowerShell Export-Csv
 * (with or without its #TYPE line), the admin center's "Download users"
 * file, MSOnline Get-MsolUser exports, and role and domain lists.  Columns
 * are found by name through cloudmap.h, never by position.  Not for
 * Entra Connect's own CSVs (CSExportAnalyzer).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>

#include "cloudmap.h"
#include "csvrow.h"
#include "xalloc.h"

static int	cloudcsv_sniff(const char *, size_t);
static enum input_content
		cloudcsv_sniff_content(const char *, size_t);
static int	cloudcsv_parse(FILE *, const char *, const struct limits *,
		    struct diag *, enum input_content, record_fn, void *);

const struct input_format input_format_graph_csv = {
	.name  = "graph-csv",
	.side  = "cloud",
	.sniff = cloudcsv_sniff,
	.sniff_content = cloudcsv_sniff_content,
	.parse = cloudcsv_parse,
};

#define CLOUDCSV_CHUNK		65536
/* libcsv's state between rows (libcsv.c), set by csv_init and each row. */
#define CLOUDCSV_ROW_NOT_BEGUN	0
#define CLOUDCSV_OPTIONS	(CSV_STRICT | CSV_STRICT_FINI | \
				 CSV_APPEND_NULL | CSV_EMPTY_IS_NULL)

/* One header cell and what it maps to. */
struct cloudcsv_column {
	char				*name;	/* as written (bracket name) */
	const struct cloudmap_entry	*entry;	/* NULL: passed through */
	bool				 is_dup; /* named before: ignored */
};

/* A physical line kept for replay, offsets into a byte buffer. */
struct cloudcsv_line {
	size_t		off;
	size_t		len;
	unsigned long	line;
};

/* A list of lines: the record being read, or the lines to read again. */
struct cloudcsv_lines {
	char			*buf;
	size_t			 len;
	size_t			 cap;
	struct cloudcsv_line	*lines;
	size_t			 n;
	size_t			 cap_lines;
	size_t			 next;		/* replay: first unread */
};

struct cloudcsv {
	struct cloudrec		 rec;
	struct csv_parser	 csv;
	FILE			*in;
	const char		*file;
	const struct limits	*lim;
	struct diag		*dg;
	enum input_content	 content;
	/* Reading physical lines. */
	char			*chunk;
	size_t			 chunk_pos;
	size_t			 chunk_len;
	bool			 is_eof;
	bool			 is_read_error;
	unsigned long		 lineno;	/* lines read from the file */
	char			*line;		/* the current physical line */
	size_t			 line_len;
	size_t			 line_cap;
	bool			 is_line_long;	/* over the record limit */
	unsigned long		 line_quotes;	/* '"' in the line, all kept */
	bool			 is_skipping;	/* inside an oversized field */
	struct cloudcsv_lines	 raw;		/* the record's lines so far */
	struct cloudcsv_lines	 replay;	/* lines to read again */
	/* The row libcsv or csvrow_split() is giving. */
	struct csvrow		 row;
	bool			 is_row_done;
	unsigned long		 row_line;	/* where the row started */
	bool			 is_in_row;
	/* The header. */
	struct cloudcsv_column	*cols;
	size_t			 ncols;
	bool			 has_header;
	bool			 is_first_line;
	unsigned char		 delim;
	enum cloudmap_type	 hint;		/* from #TYPE or the columns */
	char			*type_line;	/* the #TYPE name */
};

/* ----- sniffing ----- */

/* How many cells of the first line name a known column? */
static int
cloudcsv_known_cells(const char *line, size_t len)
{
	size_t	i, start = 0;
	int	known = 0;
	char	delim = ',';

	if (memchr(line, ',', len) == NULL)
		delim = memchr(line, ';', len) != NULL ? ';' : '\t';
	for (i = 0; i <= len; i++) {
		const char	*cell;
		size_t		 n;

		if (i < len && line[i] != delim)
			continue;
		cell = line + start;
		n = i - start;
		while (n > 0 && (*cell == '"' || *cell == ' ')) {
			cell++;
			n--;
		}
		while (n > 0 && (cell[n - 1] == '"' || cell[n - 1] == ' ' ||
		    cell[n - 1] == '\r'))
			n--;
		if (n > 0 && (cloudmap_lookup(CONTENT_OBJECTS, cell, n) ||
		    cloudmap_lookup(CONTENT_ROLES, cell, n) ||
		    cloudmap_lookup(CONTENT_DOMAINS, cell, n)))
			known++;
		start = i + 1;
	}
	return known;
}

/* The columns that tell a role-membership or domains export. */
struct cloudcsv_kind {
	bool	has_role;	/* RoleName, RoleTemplateId, ... */
	bool	has_member;	/* MemberId, PrincipalId, ... */
	bool	has_domain;	/* IsVerified, AuthenticationType, ... */
	bool	has_msol_domain[2];	/* Get-MsolDomain: Status, Authentication */
	bool	has_upn;
};

static bool
cloudcsv_is_one_of(const char *folded, const char *const *names)
{
	for (; *names != NULL; names++)
		if (strcmp(folded, *names) == 0)
			return true;
	return false;
}

static void
cloudcsv_kind_cell(struct cloudcsv_kind *k, const char *cell, size_t n)
{
	static const char *const roles[] = { "role", "rolename",
	    "roledefinitionname", "roledisplayname", "roletemplateid",
	    "roledefinitionid", NULL };
	static const char *const members[] = { "memberid", "memberobjectid",
	    "memberupn", "memberuserprincipalname", "principalid",
	    "principaluserprincipalname", NULL };
	static const char *const domains[] = { "isverified",
	    "authenticationtype", "isinitial", "isdefault", "domainname",
	    "supportedservices", NULL };
	char	folded[64];

	if (!cloudmap_fold(cell, n, folded, sizeof(folded)))
		return;
	k->has_role |= cloudcsv_is_one_of(folded, roles);
	k->has_member |= cloudcsv_is_one_of(folded, members);
	k->has_domain |= cloudcsv_is_one_of(folded, domains);
	k->has_msol_domain[0] |= strcmp(folded, "status") == 0;
	k->has_msol_domain[1] |= strcmp(folded, "authentication") == 0;
	k->has_upn |= strcmp(folded, "userprincipalname") == 0;
}

/* What the header line tells of the file's content. */
static enum input_content
cloudcsv_header_content(const char *line, size_t len)
{
	struct cloudcsv_kind	 k;
	size_t			 i, start = 0, n;
	const char		*cell;
	char			 delim = ',';

	memset(&k, 0, sizeof(k));
	if (memchr(line, ',', len) == NULL)
		delim = memchr(line, ';', len) != NULL ? ';' : '\t';
	for (i = 0; i <= len; i++) {
		if (i < len && line[i] != delim)
			continue;
		cell = line + start;
		n = i - start;
		while (n > 0 && (*cell == '"' || *cell == ' ')) {
			cell++;
			n--;
		}
		while (n > 0 && (cell[n - 1] == '"' || cell[n - 1] == ' ' ||
		    cell[n - 1] == '\r'))
			n--;
		cloudcsv_kind_cell(&k, cell, n);
		start = i + 1;
	}
	/*
	 * No object export has a role column: a role list without members
	 * (Get-MgDirectoryRole: Id, DisplayName, RoleTemplateId) is a roles
	 * file whose rows say no member, not a file of contacts.
	 */
	if (k.has_role || (k.has_member && !k.has_upn))
		return CONTENT_ROLES;
	if (!k.has_upn && (k.has_domain ||
	    (k.has_msol_domain[0] && k.has_msol_domain[1])))
		return CONTENT_DOMAINS;
	return CONTENT_OBJECTS;
}

/*
 * A domains or role-membership export given as a plain input: told by
 * its #TYPE (MicrosoftGraphDomain, MsolDomain) or its header's columns.
 */
static enum input_content
cloudcsv_sniff_content(const char *head, size_t len)
{
	const char	*nl;
	size_t		 n;

	if (len >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0) {
		head += 3;
		len -= 3;
	}
	for (;;) {
		nl = memchr(head, '\n', len);
		n = nl != NULL ? (size_t)(nl - head) : len;
		if (n >= 6 && memcmp(head, "#TYPE ", 6) == 0) {
			while (n > 0 && (head[n - 1] == '\r' ||
			    head[n - 1] == ' '))
				n--;
			if (n >= 6 && strncasecmp(head + n - 6, "Domain", 6) == 0)
				return CONTENT_DOMAINS;
		} else if (!(n >= 8 && strncasecmp(head, "version:", 8) == 0))
			break;
		if (nl == NULL)
			return CONTENT_OBJECTS;
		len -= (size_t)(nl + 1 - head);
		head = nl + 1;
	}
	return cloudcsv_header_content(head, n > 4096 ? 4096 : n);
}

static int
cloudcsv_sniff(const char *head, size_t len)
{
	const char	*nl;
	size_t		 n;
	int		 known;

	if (len >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0) {
		head += 3;
		len -= 3;
	}
	if (len >= 6 && memcmp(head, "#TYPE ", 6) == 0)
		return 95;
	if (len >= 12 && strncasecmp(head, "version:v1.0", 12) == 0)
		return 90;
	/* LDIF: dn:, version: 1, # comments. */
	if (len == 0 || head[0] == '#' || head[0] == '{' || head[0] == '[' ||
	    head[0] == '<')
		return 0;
	nl = memchr(head, '\n', len);
	n = nl ? (size_t)(nl - head) : len;
	if (n > 4096)
		n = 4096;	/* a very wide header: judge its start */
	if ((memchr(head, ',', n) == NULL &&
	    memchr(head, ';', n) == NULL && memchr(head, '\t', n) == NULL))
		return 0;
	if (n >= 3 && strncasecmp(head, "dn:", 3) == 0)
		return 0;
	known = cloudcsv_known_cells(head, n);
	if (known == 0)
		return 0;
	return known >= 2 ? 70 : 50;
}

/* ----- line lists ----- */

static void
cloudcsv_lines_add(struct cloudcsv_lines *l, const char *s, size_t len,
    unsigned long line)
{
	if (l->cap - l->len < len) {
		size_t cap = l->cap ? l->cap : 4096;

		while (cap - l->len < len)
			cap *= 2;
		l->buf = xreallocarray(l->buf, cap, 1);
		l->cap = cap;
	}
	if (len > 0)	/* an empty line of an empty buffer: both NULL */
		memcpy(l->buf + l->len, s, len);
	if (l->n == l->cap_lines) {
		l->cap_lines = l->cap_lines ? l->cap_lines * 2 : 16;
		l->lines = xreallocarray(l->lines, l->cap_lines,
		    sizeof(*l->lines));
	}
	l->lines[l->n].off = l->len;
	l->lines[l->n].len = len;
	l->lines[l->n].line = line;
	l->n++;
	l->len += len;
}

static void
cloudcsv_lines_clear(struct cloudcsv_lines *l)
{
	l->len = 0;
	l->n = 0;
	l->next = 0;
}

static void
cloudcsv_lines_release(struct cloudcsv_lines *l)
{
	free(l->buf);
	free(l->lines);
	memset(l, 0, sizeof(*l));
}

/*
 * Read the record's lines after its first again: an unbalanced quote made
 * libcsv take them into a field, but they may well be rows of their own.
 */
static void
cloudcsv_replay_rest(struct cloudcsv *c)
{
	struct cloudcsv_lines	 next;
	size_t			 i;

	if (c->raw.n < 2)
		return;
	memset(&next, 0, sizeof(next));
	for (i = 1; i < c->raw.n; i++)
		cloudcsv_lines_add(&next, c->raw.buf + c->raw.lines[i].off,
		    c->raw.lines[i].len, c->raw.lines[i].line);
	for (i = c->replay.next; i < c->replay.n; i++)
		cloudcsv_lines_add(&next, c->replay.buf +
		    c->replay.lines[i].off, c->replay.lines[i].len,
		    c->replay.lines[i].line);
	cloudcsv_lines_release(&c->replay);
	c->replay = next;
}

/* ----- reading physical lines ----- */

static unsigned long
cloudcsv_quotes(const char *s, size_t len)
{
	unsigned long	n = 0;
	const char	*q;

	if (len == 0)	/* s may be NULL: an empty buffer */
		return 0;
	while ((q = memchr(s, '"', len)) != NULL) {
		n++;
		len -= (size_t)(q + 1 - s);
		s = q + 1;
	}
	return n;
}

/* Append len bytes to the current line, unless it is over the limit. */
static void
cloudcsv_line_append(struct cloudcsv *c, const char *s, size_t len)
{
	if (c->is_line_long)
		return;
	if (c->line_len + len > c->lim->max_record_bytes) {
		c->is_line_long = true;
		return;
	}
	if (c->line_cap - c->line_len < len) {
		size_t cap = c->line_cap ? c->line_cap : 4096;

		while (cap - c->line_len < len)
			cap *= 2;
		c->line = xreallocarray(c->line, cap, 1);
		c->line_cap = cap;
	}
	memcpy(c->line + c->line_len, s, len);
	c->line_len += len;
}

/*
 * The next physical line, '\n' included, from the replay list or the
 * file: in c->line, its number in *lineno.  Returns false at the end.
 */
static bool
cloudcsv_next_line(struct cloudcsv *c, unsigned long *lineno)
{
	c->line_len = 0;
	c->is_line_long = false;
	c->line_quotes = 0;
	if (c->replay.next < c->replay.n) {
		const struct cloudcsv_line *l =
		    &c->replay.lines[c->replay.next++];

		c->line_quotes = cloudcsv_quotes(c->replay.buf + l->off,
		    l->len);
		cloudcsv_line_append(c, c->replay.buf + l->off, l->len);
		*lineno = l->line;
		return true;
	}
	for (;;) {
		const char	*nl;
		size_t		 n;

		if (c->chunk_pos == c->chunk_len) {
			if (c->is_eof)
				break;
			c->chunk_len = fread(c->chunk, 1, CLOUDCSV_CHUNK,
			    c->in);
			c->chunk_pos = 0;
			if (c->chunk_len < CLOUDCSV_CHUNK) {
				c->is_eof = true;
				c->is_read_error = ferror(c->in) != 0;
			}
			if (c->chunk_len == 0)
				break;
		}
		nl = memchr(c->chunk + c->chunk_pos, '\n',
		    c->chunk_len - c->chunk_pos);
		n = nl ? (size_t)(nl - (c->chunk + c->chunk_pos)) + 1 :
		    c->chunk_len - c->chunk_pos;
		c->line_quotes += cloudcsv_quotes(c->chunk + c->chunk_pos, n);
		cloudcsv_line_append(c, c->chunk + c->chunk_pos, n);
		c->chunk_pos += n;
		if (nl != NULL) {
			*lineno = ++c->lineno;
			return true;
		}
	}
	if (c->line_len == 0 && !c->is_line_long)
		return false;
	*lineno = ++c->lineno;	/* the last line, without '\n' */
	return true;
}

/* ----- libcsv callbacks ----- */

static void
cloudcsv_on_field(void *s, size_t len, void *arg)
{
	struct cloudcsv	*c = arg;

	csvrow_add(&c->row, s, len);
}

static void
cloudcsv_on_row(int term, void *arg)
{
	struct cloudcsv	*c = arg;

	(void)term;
	c->is_row_done = true;
}

/* ----- header and rows ----- */

static const char *
cloudcsv_field(const struct cloudcsv *c, size_t i, size_t *len)
{
	*len = c->row.fields[i].len;
	return c->row.buf + c->row.fields[i].off;
}

/* An unmapped column's name beside its index: a sort key that needs no
 * context, so two parses may sort at once. */
struct cloudcsv_name_key {
	const char	*name;
	size_t		 index;
};

/* Unmapped columns by name, case-insensitively, then by position. */
static int
cloudcsv_name_cmp(const void *a, const void *b)
{
	const struct cloudcsv_name_key	*x = a, *y = b;
	int				 d = strcasecmp(x->name, y->name);

	if (d != 0)
		return d;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Does mapped column b give what mapped column a gives? */
static bool
cloudcsv_same_entry(const struct cloudcsv_column *a,
    const struct cloudcsv_column *b)
{
	return strcmp(a->entry->name, b->entry->name) == 0 &&
	    a->entry->field == b->entry->field;
}

/*
 * Mark the columns that repeat what an earlier column gives.  Mapped
 * columns are compared with the distinct mapped columns seen so far (a
 * few dozen at most); unmapped ones by name, case-insensitively, through a
 * sorted index, so that a header of 100,000 columns costs n log n.
 */
static void
cloudcsv_mark_dups(struct cloudcsv *c)
{
	struct cloudcsv_name_key	*order;
	size_t				*seen, nseen = 0, n = 0, i, j;

	seen = xcalloc(c->ncols ? c->ncols : 1, sizeof(*seen));
	order = xcalloc(c->ncols ? c->ncols : 1, sizeof(*order));
	for (i = 0; i < c->ncols; i++) {
		struct cloudcsv_column	*col = &c->cols[i];

		if (col->entry == NULL) {
			order[n].name = col->name;
			order[n++].index = i;
			continue;
		}
		if (col->entry->kind == CMK_IGNORE)
			continue;
		for (j = 0; j < nseen; j++)
			if (cloudcsv_same_entry(&c->cols[seen[j]], col))
				break;
		if (j < nseen)
			col->is_dup = true;
		else
			seen[nseen++] = i;
	}
	qsort(order, n, sizeof(*order), cloudcsv_name_cmp);
	for (i = 1; i < n; i++)
		if (strcasecmp(order[i - 1].name, order[i].name) == 0)
			c->cols[order[i].index].is_dup = true;
	free(order);
	free(seen);
}

/* The type every row has when the columns tell (issue 4). */
/*
 * Columns passed through unread that only users or only groups have:
 * evidence for the type, so that such an export is not taken for
 * contacts (orgContact has givenName, jobTitle, department too, but no
 * usage location or licence; the M365 admin center's groups export has a
 * "Group type" whose values are not Graph's groupTypes).
 */
static const char *const cloudcsv_user_only[] = { "usagelocation",
    "passwordprofile", "islicensed", "licenses", "signinname", "agegroup",
    NULL };
static const char *const cloudcsv_group_only[] = { "grouptype",
    "membershiptype", "membershiprule", "visibility", NULL };

static enum cloudmap_type
cloudcsv_unmapped_evidence(const struct cloudcsv_column *col)
{
	char	folded[64];

	if (!cloudmap_fold(col->name, strlen(col->name), folded,
	    sizeof(folded)))
		return CMT_NONE;
	if (cloudcsv_is_one_of(folded, cloudcsv_user_only))
		return CMT_USER;
	if (cloudcsv_is_one_of(folded, cloudcsv_group_only))
		return CMT_GROUP;
	return CMT_NONE;
}

static enum cloudmap_type
cloudcsv_columns_type(const struct cloudcsv *c)
{
	bool	is_user = false, is_group = false;
	size_t	i;

	for (i = 0; i < c->ncols; i++) {
		const char *name;

		if (c->cols[i].entry == NULL) {
			enum cloudmap_type t = cloudcsv_unmapped_evidence(
			    &c->cols[i]);

			is_user |= t == CMT_USER;
			is_group |= t == CMT_GROUP;
			continue;
		}
		if (c->cols[i].entry->kind == CMK_TYPE)
			return CMT_NONE;	/* each row says */
		name = c->cols[i].entry->name;
		if (strcmp(name, CLOUD_GROUP_TYPES) == 0 ||
		    strcmp(name, CLOUD_SECURITY_ENABLED) == 0 ||
		    strcmp(name, CLOUD_MAIL_ENABLED) == 0)
			is_group = true;
		else if (strcmp(name, CLOUD_UPN) == 0 ||
		    strcmp(name, CLOUD_USER_TYPE) == 0 ||
		    strcmp(name, CLOUD_ACCOUNT_ENABLED) == 0 ||
		    strcmp(name, CLOUD_IMMUTABLE_ID) == 0)
			is_user = true;
	}
	if (is_group && !is_user)
		return CMT_GROUP;
	if (is_user && !is_group)
		return CMT_USER;
	/*
	 * No type column and nothing a user or a group must have: Graph's
	 * orgContact has no userPrincipalName, accountEnabled or
	 * onPremisesImmutableId, and no group property: contacts.
	 */
	if (!is_user && !is_group)
		return CMT_CONTACT;
	return CMT_NONE;
}

static void
cloudcsv_header(struct cloudcsv *c)
{
	size_t	i;

	c->cols = xcalloc(c->row.n, sizeof(*c->cols));
	c->ncols = c->row.n;
	for (i = 0; i < c->ncols; i++) {
		struct cloudcsv_column	*col = &c->cols[i];
		const char		*s, *open, *close;
		size_t			 len;

		s = cloudcsv_field(c, i, &len);
		while (len > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			len--;
		}
		while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		/*
		 * "Name [displayName] Required" (Entra bulk templates): the
		 * whole label is looked up, as its words can negate the
		 * bracketed name ("Block sign in (Yes/No) [accountEnabled]");
		 * the bracketed name is the column's name.
		 */
		col->entry = cloudmap_lookup(c->content, s, len);
		open = memchr(s, '[', len);
		close = open ? memchr(open, ']', len - (size_t)(open - s)) :
		    NULL;
		if (open != NULL && close != NULL && close > open + 1) {
			len = (size_t)(close - open - 1);
			s = open + 1;
		}
		col->name = xstrndup(s, len);
	}
	cloudcsv_mark_dups(c);
	for (i = 0; i < c->ncols; i++)
		if (c->cols[i].is_dup)
			diag(c->dg, D_CSV_HEADER_DUP, c->file, c->row_line,
			    "'%s' (column %zu) gives what an earlier column gives: the earlier one is used",
			    c->cols[i].name, i + 1);
	c->has_header = true;
	if (c->hint == CMT_NONE)
		c->hint = cloudcsv_columns_type(c);
}

/* A line holding nothing: no record, nothing to say. */
static bool
cloudcsv_is_blank_row(const struct cloudcsv *c)
{
	size_t	i;

	for (i = 0; i < c->row.n; i++)
		if (c->row.fields[i].len > 0)
			return false;
	return c->row.n <= 1;
}

static int
cloudcsv_row(struct cloudcsv *c)
{
	size_t	i;

	if (!c->has_header) {
		cloudcsv_header(c);
		return 0;
	}
	if (cloudcsv_is_blank_row(c))
		return 0;
	if (c->row.n != c->ncols) {
		diag(c->dg, D_CSV_FIELDS, c->file, c->row_line,
		    "expected %zu, found %zu",
		    c->ncols, c->row.n);
		return 0;
	}
	cloudrec_begin(&c->rec, c->row_line);
	for (i = 0; i < c->ncols; i++) {
		const char	*v;
		size_t		 len;

		if (c->cols[i].is_dup)
			continue;
		v = cloudcsv_field(c, i, &len);
		cloudrec_put(&c->rec, c->cols[i].entry, c->cols[i].name, v,
		    len, c->row.fields[i].is_null ? ATTR_NULL : 0, true);
	}
	return cloudrec_finish(&c->rec, c->hint);
}

static void
cloudcsv_reset(struct cloudcsv *c)
{
	csv_free(&c->csv);
	if (csv_init(&c->csv, CLOUDCSV_OPTIONS) != 0) {
		fputs("syncdoctor: out of memory\n", stderr);
		exit(EXIT_FAILURE);
	}
	csv_set_delim(&c->csv, c->delim);
	csvrow_clear(&c->row);
	c->is_row_done = false;
	c->is_in_row = false;
	cloudcsv_lines_clear(&c->raw);
}

/* A row ended inside the last feed: hand it on, start the next. */
static int
cloudcsv_end_row(struct cloudcsv *c)
{
	int	rc;

	rc = cloudcsv_row(c);
	csvrow_clear(&c->row);
	c->is_row_done = false;
	c->is_in_row = false;
	cloudcsv_lines_clear(&c->raw);
	return rc;
}

static void
cloudcsv_syntax_error(struct cloudcsv *c, unsigned long at)
{
	if (at == c->row_line)
		diag(c->dg, D_CSV_SYNTAX, c->file, c->row_line,
		    "stray '\"' in a field: expected quotes only around whole fields");
	else
		diag(c->dg, D_CSV_SYNTAX, c->file, c->row_line,
		    "quoted field still open on line %lu: expected a closing '\"'",
		    at);
	cloudcsv_replay_rest(c);
	cloudcsv_reset(c);
}

/* The delimiter of the header line: the most frequent outside quotes. */
static unsigned char
cloudcsv_delimiter(const char *s, size_t len)
{
	size_t	comma = 0, semi = 0, tab = 0, i;
	bool	is_quoted = false;

	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			is_quoted = !is_quoted;
		else if (is_quoted)
			continue;
		else if (s[i] == ',')
			comma++;
		else if (s[i] == ';')
			semi++;
		else if (s[i] == '\t')
			tab++;
	}
	if (semi > comma && semi >= tab)
		return ';';
	if (tab > comma && tab > semi)
		return '\t';
	return ',';
}

/*
 * Lines before the header: a UTF-8 BOM, Export-Csv's "#TYPE name", the
 * bulk template's "version:v1.0".  Returns true when the line is used up.
 */
static bool
cloudcsv_preamble(struct cloudcsv *c)
{
	char	*s = c->line;
	size_t	 len = c->line_len;

	if (c->is_first_line && len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		memmove(s, s + 3, len - 3);
		c->line_len = len -= 3;
	}
	c->is_first_line = false;
	if (len >= 6 && memcmp(s, "#TYPE ", 6) == 0) {
		size_t n = len - 6;

		while (n > 0 && (s[6 + n - 1] == '\n' || s[6 + n - 1] == '\r'))
			n--;
		free(c->type_line);
		c->type_line = xstrndup(s + 6, n);
		c->hint = cloudmap_type_of(s + 6, n, false);
		return true;
	}
	if (len >= 8 && strncasecmp(s, "version:", 8) == 0)
		return true;
	c->delim = cloudcsv_delimiter(s, len);
	csv_set_delim(&c->csv, c->delim);
	return false;
}

static bool
cloudcsv_is_blank_line(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if (s[i] != '\r' && s[i] != '\n')
			return false;
	return true;
}

/* Feed one physical line to libcsv.  Returns -1 when emit stops us. */
static int
cloudcsv_feed(struct cloudcsv *c, unsigned long lineno)
{
	size_t	n;

	if (c->is_skipping) {
		/* An odd number of quotes closes the field we are in. */
		if (c->line_quotes % 2 == 1)
			c->is_skipping = false;
		return 0;
	}
	if (!c->is_in_row) {
		if (cloudcsv_is_blank_line(c->line, c->line_len))
			return 0;
		c->is_in_row = true;
		c->row_line = lineno;
	}
	if (c->is_line_long || c->raw.len + c->line_len >
	    c->lim->max_record_bytes) {
		diag(c->dg, D_LIMIT_RECORD, c->file, c->row_line,
		    "row still open on line %lu", lineno);
		/* Inside a quoted field: its remaining lines are no rows. */
		c->is_skipping = (cloudcsv_quotes(c->raw.buf, c->raw.len) +
		    c->line_quotes) % 2 == 1;
		cloudcsv_reset(c);
		return 0;
	}
	/*
	 * A row on one line, libcsv between rows: split here.  The rest,
	 * and every line of a row libcsv has begun, goes to libcsv.
	 */
	if (c->csv.pstate == CLOUDCSV_ROW_NOT_BEGUN && c->row.n == 0 &&
	    csvrow_split(&c->row, c->line, c->line_len, c->delim))
		return cloudcsv_end_row(c);
	cloudcsv_lines_add(&c->raw, c->line, c->line_len, lineno);
	n = csv_parse(&c->csv, c->line, c->line_len, cloudcsv_on_field,
	    cloudcsv_on_row, c);
	if (n != c->line_len) {
		if (csv_error(&c->csv) != CSV_EPARSE) {
			fputs("syncdoctor: out of memory\n", stderr);
			exit(EXIT_FAILURE);
		}
		cloudcsv_syntax_error(c, lineno);
		return 0;
	}
	if (c->is_row_done)
		return cloudcsv_end_row(c);
	return 0;
}

/* The end of the input: the last row may lack its line end. */
static int
cloudcsv_finish(struct cloudcsv *c)
{
	if (csv_fini(&c->csv, cloudcsv_on_field, cloudcsv_on_row, c) != 0) {
		cloudcsv_syntax_error(c, c->raw.n ? c->raw.lines[c->raw.n -
		    1].line : c->row_line);
		return 0;
	}
	if (c->is_row_done)
		return cloudcsv_end_row(c);
	return 0;
}

static void
cloudcsv_release(struct cloudcsv *c)
{
	size_t	i;

	csv_free(&c->csv);
	cloudrec_release(&c->rec);
	cloudcsv_lines_release(&c->raw);
	cloudcsv_lines_release(&c->replay);
	for (i = 0; i < c->ncols; i++)
		free(c->cols[i].name);
	free(c->cols);
	free(c->chunk);
	free(c->line);
	csvrow_release(&c->row);
	free(c->type_line);
}

static int
cloudcsv_parse(FILE *in, const char *file, const struct limits *lim,
    struct diag *dg, enum input_content content, record_fn emit, void *arg)
{
	struct cloudcsv	 c;
	unsigned long	 lineno;
	int		 rc = 0;

	memset(&c, 0, sizeof(c));
	c.in = in;
	c.file = file;
	c.lim = lim;
	c.dg = dg;
	c.content = content;
	c.delim = ',';
	c.is_first_line = true;
	c.chunk = xmalloc(CLOUDCSV_CHUNK);
	cloudrec_init(&c.rec, file, lim, dg, content, emit, arg);
	c.rec.type_name_code = D_CSV_SYSTEM_ARRAY;
	if (csv_init(&c.csv, CLOUDCSV_OPTIONS) != 0) {
		fputs("syncdoctor: out of memory\n", stderr);
		exit(EXIT_FAILURE);
	}
	for (;;) {
		while (rc == 0 && cloudcsv_next_line(&c, &lineno)) {
			if (!c.has_header && !c.is_in_row &&
			    cloudcsv_preamble(&c))
				continue;
			rc = cloudcsv_feed(&c, lineno);
		}
		if (rc != 0)
			break;
		rc = cloudcsv_finish(&c);
		/* A syntax error at the end may have queued lines again. */
		if (rc != 0 || c.replay.next == c.replay.n)
			break;
	}
	if (rc == 0 && c.is_read_error) {
		diag(dg, D_READ, file, c.lineno, "%s", strerror(errno));
		rc = -1;
	}
	cloudcsv_release(&c);
	return rc;
}
