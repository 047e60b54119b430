/*
 * The CSV report, for a spreadsheet: the findings grid (grid.h; for
 * `objects`, the objects grid, one row per object read), the
 * same rows and columns as the workbook's Findings sheet, one row per
 * (finding, object), so a filter on any column keeps whole rows; actual
 * provisioning errors no finding predicted last.  UTF-8 with a byte
 * order mark (Excel otherwise reads it as the ANSI code page), RFC 4180
 * quoting, CRLF row ends, fields separated by the view's csv_separator
 * (',', or ';' where the decimal mark is a comma: --csv-separator);
 * every field goes through escape_csv(), which also keeps a value from
 * being run as a formula.  Inputs, diagnostics and the counts per
 * predicted outcome are in the other reports.
 */
#include "config.h"

#include <stdio.h>

#include "grid.h"
#include "report.h"
#include "view.h"

static void	csv_write(FILE *, const struct report_view *);

const struct report_format report_format_csv = {
	.name      = "csv",
	.extension = "csv",
	.write     = csv_write,
};

static void
csv_write(FILE *out, const struct report_view *v)
{
	fputs("\xef\xbb\xbf", out);
	grid_write_csv(out, grid_main(v), v,
	    v->csv_separator != '\0' ? v->csv_separator : ',');
}
