/*
 * The grids: the report as rows and columns, for the formats that are
 * tables (the xlsx workbook today; CSV later).  Each grid is a
 * descriptor naming its columns and a function that walks the report
 * and hands every row to a callback, so which columns there are and what
 * each cell holds is decided here, once, and a tabular writer only lays
 * the rows out.  Not for the prose reports (text, Markdown, HTML), and
 * never a place that decides what is an error.
 *
 * A grid reads only the report view (view.h), so a redacted view gives
 * redacted rows.
 *
 * Ownership: every string a row holds is borrowed from the view (or from
 * static text) and valid only until the callback returns.
 */
#ifndef SD_GRID_H
#define SD_GRID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "view.h"

enum grid_kind {
	GRID_TEXT,		/* text: customer values are never formulas */
	GRID_NUMBER,		/* a count or a line number */
	GRID_LINK,		/* a URL of ours (Microsoft's documentation) */
	GRID_DATE,		/* ISO 8601 time, "2026-11-03T10:40:00Z" */
	GRID_ENTRY		/* left empty for people to fill in */
};

struct grid_column {
	const char		*name;		/* the header */
	enum grid_kind		 kind;
	unsigned		 max_width;	/* characters a layout shows */
	/* GRID_ENTRY: the values offered, NULL-terminated; NULL: free. */
	const char *const	*choices;
};

struct grid_cell {
	const char		*text;		/* NULL: empty */
	unsigned long long	 number;	/* GRID_NUMBER */
};

/* One row, a cell per column; nonzero stops the walk. */
typedef int	(*grid_row_fn)(const struct grid_cell *cells, void *arg);

struct grid {
	const char			*title;	/* "Findings" */
	const struct grid_column	*columns;
	size_t				 ncolumns;
	/*
	 * Hand each row of v to fn, in report order; returns what fn
	 * returned when it stopped the walk, else 0.
	 */
	int	(*rows)(const struct report_view *v, grid_row_fn fn,
		    void *arg);
	/* Does v have this grid at all?  NULL: always. */
	bool	(*applies)(const struct report_view *v);
};

/*
 * One row per finding and object it names (one with the object cells
 * empty for a finding that names none): its id, rule, severity, the
 * object, attribute and value, the proposed value, the object's one
 * predicted outcome, keeper advice, the first remediation step, the
 * doc link, where the object was read, and Owner, Decision and Status
 * for people to fill in.  With a baseline, each row says whether the
 * finding is new; with provisioning errors, whether one confirms it.
 * Actual provisioning errors no finding predicted come last, a row each,
 * with no finding id or rule and "unpredicted" as the reconciliation.
 */
extern const struct grid grid_findings;
/*
 * One row per simulated (in-scope on-premises) object, in table order:
 * its predicted outcome and the cloud object it meets.  The view has a
 * row for every one only when built with every object (report_ctx
 * .wants_every_object); otherwise, for those the findings name.
 */
extern const struct grid grid_objects;
/*
 * `objects`: one row per object of the table, both sides, in table
 * order: what was read, whether Entra Connect exports it (and why not),
 * and with --predict its outcome and the cloud object it meets.  Only a
 * view of `objects` has it; the analyze grids apply to analyze's.
 */
extern const struct grid grid_table_objects;
/* One row per input file: what was read and what was rejected. */
extern const struct grid grid_inputs;
/*
 * One row per provisioning error an export carries that no finding
 * predicted; only when some input carries provisioning errors.
 */
extern const struct grid grid_unpredicted;

/*
 * The grids in the order a workbook shows them, NULL-terminated; a
 * writer leaves out those whose applies() says no.
 */
extern const struct grid *const grid_table[];

/*
 * The grid a one-table format (CSV) writes for v: the findings for
 * analyze, the objects for `objects`.
 */
const struct grid *grid_main(const struct report_view *v);

/*
 * Grid g of v as CSV (RFC 4180, grid_csv.c): the header row, then
 * every row, fields separated by separator (',' or, where the decimal
 * mark is a comma, ';'), CRLF row ends.  Every text field is quoted by
 * escape_csv(), which also keeps a value from running as a formula, so
 * any separator is safe; numbers are bare.  No byte order mark: a caller
 * writing for Excel puts one first.  Write errors are the caller's to
 * check on out.
 */
void	grid_write_csv(FILE *out, const struct grid *g,
	    const struct report_view *v, char separator);

#endif /* SD_GRID_H */
