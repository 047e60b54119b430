/*
 * The xlsx workbook, for a consultant to work in: a Summary sheet, then
 * one sheet per grid (grid.h: Findings, Objects, Inputs, and Unpredicted
 * errors when the exports carry provisioning errors) with a frozen
 * header row, an autofilter, columns as wide as their content (within
 * each column's bound) and a drop-down list where a column offers
 * choices.  This file only lays the grids out: what each column holds is
 * grid.c's.  Every text cell is written with worksheet_write_string(),
 * which stores it as a string (shared or inline), never as a formula,
 * whatever its first character; numbers and dates are written as such.
 *
 * libxlsxwriter writes to a named file and 1.1.4 (Debian 12) has no
 * memory output, so the workbook is written to a private temporary file
 * (mkstemp, mode 0600, in $TMPDIR or /tmp), copied to the report's
 * stream and removed.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "escape.h"
#include "grid.h"
#include "report.h"
#include "rule.h"
#include "xalloc.h"

static void	xlsx_write(FILE *, const struct report_view *);

const struct report_format report_format_xlsx = {
	.name      = "xlsx",
	.extension = "xlsx",
	.write     = xlsx_write,
	.is_binary = true,
	.wants_every_object = true,
};

/* Excel's limits: characters in a cell, rows in a sheet. */
#define XLSX_CELL_MAX		32767
#define XLSX_CUT_NOTE		" [cut: longer than a cell holds]"
/* A row for the header; the last row says what was left out. */
#define XLSX_MAX_DATA_ROWS	((lxw_row_t)LXW_ROW_MAX - 2)

struct xlsx {
	lxw_workbook		*wb;
	lxw_format		*header;	/* bold, bottom border */
	lxw_format		*label;		/* bold */
	lxw_format		*count;		/* whole number, grouped */
	lxw_format		*date;		/* ISO 8601 date and time */
	lxw_error		 error;		/* the first error, or 0 */
	/* Rows each grid sheet left out at Excel's row limit. */
	unsigned long long	 left_out[8];
};

/* Rows of one grid sheet as they are written. */
struct xlsx_sheet {
	struct xlsx		*x;
	lxw_worksheet		*ws;
	const struct grid	*grid;
	lxw_row_t		 row;		/* the last row written */
	unsigned		*widths;	/* characters, per column */
	unsigned long long	 left_out;
	unsigned		 nlinks;	/* hyperlinks written */
};

static void
xlsx_check(struct xlsx *x, lxw_error e)
{
	if (e != LXW_NO_ERROR && x->error == LXW_NO_ERROR)
		x->error = e;
}

/* Characters (UTF-8 code points) in s, counted up to limit. */
static unsigned
text_width(const char *s, unsigned limit)
{
	unsigned	n = 0;

	for (; *s != '\0' && n < limit; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* U+FFFE and U+FFFF: valid UTF-8, but no character XML may hold. */
static bool
is_xml_nonchar(const unsigned char *s, size_t n)
{
	return n == 3 && s[0] == 0xef && s[1] == 0xbf &&
	    (s[2] == 0xbe || s[2] == 0xbf);
}

static bool
is_xml_safe(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, n;

	for (i = 0; i < len; i += n)
		if ((n = utf8_sequence_length(p + i, len - i)) == 0 ||
		    is_xml_nonchar(p + i, n))
			return false;
	return true;
}

/*
 * A copy of s that XML can carry, for a value that is not: invalid
 * UTF-8 bytes become "\xff" and U+FFFE and U+FFFF "\ufffe", as the text
 * report shows them.  libxlsxwriter escapes control characters itself
 * (_x001B_) but writes every other byte as it is, and one such byte
 * makes the whole sheet unreadable.  The caller frees the copy.
 */
static char *
xml_safe_copy(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			*buf = NULL;
	size_t			 size = 0, i, n;
	FILE			*mem;

	if ((mem = open_memstream(&buf, &size)) == NULL)
		return xstrdup("");
	for (i = 0; i < len; i += n) {
		n = utf8_sequence_length(p + i, len - i);
		if (n == 0) {
			fprintf(mem, "\\x%02x", p[i]);
			n = 1;
		} else if (is_xml_nonchar(p + i, n))
			fprintf(mem, "\\u%s", p[i + 2] == 0xbe ? "fffe" : "ffff");
		else
			fwrite(p + i, 1, n, mem);
	}
	fclose(mem);
	return buf != NULL ? buf : xstrdup("");
}

/*
 * Write s as a string cell, made safe for XML first when it must be.
 * Past Excel's cell size it is cut at a character boundary, and says
 * so: a value silently shortened would be taken for the real one.
 */
static void
put_string(struct xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
    const char *s, lxw_format *fmt)
{
	size_t	 len = strlen(s), keep;
	char	*safe = NULL, *cut;

	if (!is_xml_safe(s, len)) {
		s = safe = xml_safe_copy(s, len);
		len = strlen(s);
	}
	if (len <= XLSX_CELL_MAX) {
		xlsx_check(x, worksheet_write_string(ws, row, col, s, fmt));
		free(safe);
		return;
	}
	keep = XLSX_CELL_MAX - strlen(XLSX_CUT_NOTE);
	while (keep > 0 && ((unsigned char)s[keep] & 0xc0) == 0x80)
		keep--;
	cut = xasprintf("%.*s%s", (int)keep, s, XLSX_CUT_NOTE);
	xlsx_check(x, worksheet_write_string(ws, row, col, cut, fmt));
	free(cut);
	free(safe);
}

static void
put_number(struct xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
    unsigned long long n)
{
	xlsx_check(x, worksheet_write_number(ws, row, col, (double)n,
	    x->count));
}

/*
 * A link cell: a hyperlink while the sheet may hold more (Excel stops
 * at LXW_MAX_NUMBER_URLS), then plain text.  Only https: URLs are
 * links; anything else stays text.
 */
static void
put_link(struct xlsx_sheet *sh, lxw_col_t col, const char *url)
{
	if (strncmp(url, "https://", 8) == 0 && strlen(url) < 2000 &&
	    sh->nlinks < LXW_MAX_NUMBER_URLS) {
		sh->nlinks++;
		xlsx_check(sh->x, worksheet_write_url(sh->ws, sh->row, col, url,
		    NULL));
		return;
	}
	put_string(sh->x, sh->ws, sh->row, col, url, NULL);
}

/*
 * Parse an ISO 8601 time ("2026-11-03T10:40:00Z"; the time, seconds and
 * zone are optional) into dt; false for anything else.  Excel has no
 * time zones: the time is kept as written.
 */
static bool
parse_iso_time(const char *s, lxw_datetime *dt)
{
	int	n = 0;

	memset(dt, 0, sizeof(*dt));
	if (sscanf(s, "%4d-%2d-%2d%n", &dt->year, &dt->month, &dt->day,
	    &n) != 3 || (s[n] != '\0' && s[n] != 'T' && s[n] != ' '))
		return false;
	if (s[n] != '\0' && sscanf(s + n + 1, "%2d:%2d:%lf", &dt->hour,
	    &dt->min, &dt->sec) < 2)
		return false;
	return dt->year >= 1900 && dt->year <= 9999 && dt->month >= 1 &&
	    dt->month <= 12 && dt->day >= 1 && dt->day <= 31 &&
	    dt->hour >= 0 && dt->hour < 24 && dt->min >= 0 && dt->min < 60 &&
	    dt->sec >= 0 && dt->sec < 61;
}

/* A time as a date cell, so it sorts and filters as one; else text. */
static void
put_date(struct xlsx_sheet *sh, lxw_col_t col, const char *s)
{
	lxw_datetime	dt;

	if (parse_iso_time(s, &dt))
		xlsx_check(sh->x, worksheet_write_datetime(sh->ws, sh->row, col,
		    &dt, sh->x->date));
	else
		put_string(sh->x, sh->ws, sh->row, col, s, NULL);
}

/* One cell of the current row; returns its width in characters. */
static unsigned
put_cell(struct xlsx_sheet *sh, lxw_col_t c, const struct grid_cell *cell)
{
	const struct grid_column	*col = &sh->grid->columns[c];
	char				 digits[24];

	if (col->kind == GRID_NUMBER) {
		put_number(sh->x, sh->ws, sh->row, c, cell->number);
		return (unsigned)snprintf(digits, sizeof(digits), "%llu",
		    cell->number);
	}
	if (cell->text == NULL)
		return 0;
	if (col->kind == GRID_LINK)
		put_link(sh, c, cell->text);
	else if (col->kind == GRID_DATE)
		put_date(sh, c, cell->text);
	else
		put_string(sh->x, sh->ws, sh->row, c, cell->text, NULL);
	return text_width(cell->text, col->max_width);
}

/* One grid row below the header; past Excel's limit only counted. */
static int
sheet_row(const struct grid_cell *cells, void *arg)
{
	struct xlsx_sheet	*sh = arg;
	lxw_col_t		 c;
	unsigned		 w;

	if (sh->row >= XLSX_MAX_DATA_ROWS) {
		sh->left_out++;
		return 0;
	}
	sh->row++;
	for (c = 0; c < sh->grid->ncolumns; c++)
		if ((w = put_cell(sh, c, &cells[c])) > sh->widths[c])
			sh->widths[c] = w;
	return 0;
}

/* The drop-down list of a column that offers choices, on every row. */
static void
sheet_choices(struct xlsx_sheet *sh, lxw_col_t c)
{
	lxw_data_validation	dv;
	lxw_row_t		last = sh->row > 0 ? sh->row : 1;

	memset(&dv, 0, sizeof(dv));
	dv.validate = LXW_VALIDATION_TYPE_LIST;
	/* libxlsxwriter copies the list; it only reads the strings. */
	dv.value_list = (char **)(uintptr_t)sh->grid->columns[c].choices;
	dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
	xlsx_check(sh->x, worksheet_data_validation_range(sh->ws, 1, c, last,
	    c, &dv));
}

/* Header, freeze, filter and widths, once the rows are known. */
static void
sheet_finish(struct xlsx_sheet *sh)
{
	const struct grid	*g = sh->grid;
	lxw_col_t		 c;
	unsigned		 w;

	worksheet_freeze_panes(sh->ws, 1, 0);
	xlsx_check(sh->x, worksheet_autofilter(sh->ws, 0, 0, sh->row,
	    (lxw_col_t)(g->ncolumns - 1)));
	for (c = 0; c < g->ncolumns; c++) {
		/* Room for the filter button beside the header. */
		w = sh->widths[c] + 2;
		if (w > g->columns[c].max_width)
			w = g->columns[c].max_width;
		xlsx_check(sh->x, worksheet_set_column(sh->ws, c, c, w, NULL));
		if (g->columns[c].choices != NULL)
			sheet_choices(sh, c);
	}
	if (sh->left_out > 0) {
		char *note = xasprintf("%llu more rows left out: a sheet holds %u at most; the JSON and CSV reports have every row",
		    sh->left_out, (unsigned)LXW_ROW_MAX);

		put_string(sh->x, sh->ws, sh->row + 1, 0, note, sh->x->label);
		free(note);
	}
}

/* One sheet holding grid g; returns the rows it left out. */
static unsigned long long
xlsx_grid(struct xlsx *x, const struct report_view *v, const struct grid *g)
{
	struct xlsx_sheet	sh;
	lxw_col_t		c;

	memset(&sh, 0, sizeof(sh));
	sh.x = x;
	sh.grid = g;
	if ((sh.ws = workbook_add_worksheet(x->wb, g->title)) == NULL) {
		xlsx_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return 0;
	}
	sh.widths = xcalloc(g->ncolumns, sizeof(*sh.widths));
	for (c = 0; c < g->ncolumns; c++) {
		put_string(x, sh.ws, 0, c, g->columns[c].name, x->header);
		sh.widths[c] = text_width(g->columns[c].name, 255);
	}
	g->rows(v, sheet_row, &sh);
	sheet_finish(&sh);
	free(sh.widths);
	return sh.left_out;
}

/* A label in column A and a count in B, on row *row, then the next. */
static void
summary_count(struct xlsx *x, lxw_worksheet *ws, lxw_row_t *row,
    const char *label, unsigned long long n)
{
	put_string(x, ws, *row, 0, label, NULL);
	put_number(x, ws, *row, 1, n);
	(*row)++;
}

static void
summary_heading(struct xlsx *x, lxw_worksheet *ws, lxw_row_t *row,
    const char *text)
{
	if (*row > 0)
		(*row)++;
	put_string(x, ws, *row, 0, text, x->label);
	(*row)++;
}

/* The object types the outcome table has a column for. */
static const enum object_type summary_types[] = {
	OBJ_USER, OBJ_GROUP, OBJ_CONTACT, OBJ_COMPUTER, OBJ_FSP, OBJ_OTHER
};
#define NTYPES	ARRAY_SIZE(summary_types)

/* The column of outcome id in the view's outcome list; -1: none. */
static int
outcome_at(const struct report_view *v, const char *id)
{
	size_t	i;

	for (i = 0; id != NULL && i < v->noutcomes; i++)
		if (strcmp(v->outcomes[i].id, id) == 0)
			return (int)i;
	return -1;
}

/*
 * Simulated objects per outcome (rows) and object type (columns), from
 * the view's object rows (it has one for every simulated object when
 * built for this format: report_ctx.wants_every_object).
 */
static void
summary_outcomes(struct xlsx *x, lxw_worksheet *ws, lxw_row_t *row,
    const struct report_view *v)
{
	unsigned long long	 n[VIEW_MAX_OUTCOMES][NTYPES + 1];
	size_t			 i, t;
	int			 k;

	memset(n, 0, sizeof(n));
	for (i = 0; i < v->nby_index; i++) {
		const struct view_object *o = v->by_index[i];

		if (o == NULL || o->side != SIDE_ONPREM ||
		    (k = outcome_at(v, o->outcome_id)) < 0)
			continue;
		for (t = 0; t < NTYPES && summary_types[t] != o->type; t++)
			continue;
		n[k][t]++;
		n[k][NTYPES]++;
	}
	summary_heading(x, ws, row, "Predicted outcome per object type");
	put_string(x, ws, *row, 0, "Outcome", x->header);
	for (t = 0; t < NTYPES; t++)
		put_string(x, ws, *row, (lxw_col_t)(t + 1),
		    object_type_name(summary_types[t]), x->header);
	put_string(x, ws, *row, NTYPES + 1, "total", x->header);
	(*row)++;
	for (i = 0; i < v->noutcomes; i++) {
		put_string(x, ws, *row, 0, v->outcomes[i].name, NULL);
		for (t = 0; t <= NTYPES; t++)
			put_number(x, ws, *row, (lxw_col_t)(t + 1), n[i][t]);
		(*row)++;
	}
	if (v->export_stopped_by != NULL) {
		put_string(x, ws, *row, 0, "Export stopped", x->label);
		put_string(x, ws, *row, 1,
		    view_text(v->export_stopped_by->summary), NULL);
		(*row)++;
	}
}

static void
summary_findings(struct xlsx *x, lxw_worksheet *ws, lxw_row_t *row,
    const struct report_view *v)
{
	int	sev;

	summary_heading(x, ws, row, "Findings by severity");
	for (sev = 0; sev < VIEW_NSEVERITIES; sev++)
		summary_count(x, ws, row, view_severity_name(sev),
		    v->counts.by_severity[sev]);
	if (!v->has_policies)
		return;
	summary_heading(x, ws, row, "Tenant policy findings by severity");
	for (sev = 0; sev < VIEW_NSEVERITIES; sev++)
		summary_count(x, ws, row, view_severity_name(sev),
		    v->counts.policies[sev]);
}

/* The inputs in brief (the Inputs sheet has each file), domains, gaps. */
static void
summary_inputs(struct xlsx *x, lxw_worksheet *ws, lxw_row_t *row,
    const struct report_view *v)
{
	size_t	i;

	summary_heading(x, ws, row, "Inputs");
	summary_count(x, ws, row, "input files", v->ninputs);
	summary_count(x, ws, row, "input files left out (--partial)",
	    v->counts.left_out);
	summary_count(x, ws, row, "on-premises objects", v->counts.onprem);
	summary_count(x, ws, row, "on-premises objects in scope",
	    v->counts.onprem_in_scope);
	summary_count(x, ws, row, "cloud objects", v->counts.cloud);
	if (v->ndomains > 0) {
		summary_heading(x, ws, row, "Tenant domains");
		for (i = 0; i < v->ndomains; i++) {
			put_string(x, ws, *row, 0, view_text(v->domains[i].name),
			    NULL);
			put_string(x, ws, *row, 1, v->domains[i].traits, NULL);
			(*row)++;
		}
	}
	if (v->is_reconciled) {
		summary_heading(x, ws, row, "Provisioning errors in the exports");
		summary_count(x, ws, row, "findings confirmed by one",
		    v->counts.confirmed);
		summary_count(x, ws, row, "findings not yet seen",
		    v->counts.not_yet_seen);
		summary_count(x, ws, row, "errors no finding predicted",
		    v->counts.unpredicted);
	}
	if (v->nlimitations == 0)
		return;
	summary_heading(x, ws, row, "Checked only in part");
	for (i = 0; i < v->nlimitations; i++)
		put_string(x, ws, (*row)++, 0, view_text(v->limitations[i]),
		    NULL);
}

static void
xlsx_summary(struct xlsx *x, lxw_worksheet *ws, const struct report_view *v)
{
	lxw_row_t	row = 0;
	size_t		i;

	summary_findings(x, ws, &row, v);
	summary_outcomes(x, ws, &row, v);
	summary_inputs(x, ws, &row, v);
	for (i = 0; grid_table[i] != NULL && i < ARRAY_SIZE(x->left_out); i++)
		if (x->left_out[i] > 0) {
			char *note = xasprintf("%s: rows left out", grid_table[i]->title);

			summary_count(x, ws, &row, note, x->left_out[i]);
			free(note);
		}
	xlsx_check(x, worksheet_set_column(ws, 0, 0, 44, NULL));
	xlsx_check(x, worksheet_set_column(ws, 1, NTYPES + 1, 12, NULL));
}

static void
xlsx_formats(struct xlsx *x)
{
	x->header = workbook_add_format(x->wb);
	format_set_bold(x->header);
	format_set_bottom(x->header, LXW_BORDER_THIN);
	x->label = workbook_add_format(x->wb);
	format_set_bold(x->label);
	x->count = workbook_add_format(x->wb);
	format_set_num_format(x->count, "#,##0");
	x->date = workbook_add_format(x->wb);
	format_set_num_format(x->date, "yyyy-mm-dd hh:mm:ss");
}

/* The whole workbook into file path; the first error, or 0. */
static lxw_error
xlsx_build(const char *path, const char *tmpdir, const struct report_view *v)
{
	lxw_workbook_options	 opt;
	lxw_doc_properties	 props;
	struct xlsx		 x;
	lxw_worksheet		*summary;
	size_t			 i;

	memset(&x, 0, sizeof(x));
	memset(&opt, 0, sizeof(opt));
	/* Rows go to disk as they are written: a million objects fit. */
	opt.constant_memory = LXW_TRUE;
	opt.tmpdir = (char *)(uintptr_t)tmpdir;
	opt.use_zip64 = LXW_TRUE;
	if ((x.wb = workbook_new_opt(path, &opt)) == NULL)
		return LXW_ERROR_CREATING_XLSX_FILE;
	memset(&props, 0, sizeof(props));
	props.title = (char *)(uintptr_t)"syncdoctor report";
	props.comments = (char *)(uintptr_t)"written by syncdoctor "
	    PACKAGE_VERSION;
	xlsx_check(&x, workbook_set_properties(x.wb, &props));
	xlsx_formats(&x);
	/* `objects` has no findings to sum up: its sheets are the tables. */
	summary = v->is_objects ? NULL : workbook_add_worksheet(x.wb, "Summary");
	for (i = 0; grid_table[i] != NULL && i < ARRAY_SIZE(x.left_out); i++)
		if (grid_table[i]->applies == NULL ||
		    grid_table[i]->applies(v))
			x.left_out[i] = xlsx_grid(&x, v, grid_table[i]);
	if (summary != NULL)
		xlsx_summary(&x, summary, v);
	xlsx_check(&x, workbook_close(x.wb));
	return x.error;
}

/* Copy file path to out; -1 with errno set on a read error. */
static int
copy_file(const char *path, FILE *out)
{
	char	 buf[65536];
	size_t	 n;
	FILE	*in;
	int	 rc = 0;

	if ((in = fopen(path, "rb")) == NULL)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			break;
	if (ferror(in))
		rc = -1;
	fclose(in);
	return rc;
}

/*
 * NEEDSWORK: a writer returns nothing, so a failure here is said on
 * stderr but does not change the exit status; the report view's writer
 * interface should let a writer fail.
 */
static void
xlsx_write(FILE *out, const struct report_view *v)
{
	const char	*tmpdir = getenv("TMPDIR");
	char		*path;
	lxw_error	 e;
	int		 fd;

	if (tmpdir == NULL || *tmpdir == '\0')
		tmpdir = "/tmp";
	path = xasprintf("%s/syncdoctor-xlsx-XXXXXX", tmpdir);
	if ((fd = mkstemp(path)) < 0) {
		fprintf(stderr, "syncdoctor: %s: cannot create a temporary file for the workbook: %s\n",
		    tmpdir, strerror(errno));
		free(path);
		return;
	}
	close(fd);
	if ((e = xlsx_build(path, tmpdir, v)) != LXW_NO_ERROR)
		fprintf(stderr, "syncdoctor: cannot write the xlsx workbook: %s\n",
		    lxw_strerror(e));
	else if (copy_file(path, out) != 0)
		fprintf(stderr, "syncdoctor: %s: cannot read the workbook back: %s\n",
		    path, strerror(errno));
	remove(path);
	free(path);
}
