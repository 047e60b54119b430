/*
 * A grid as CSV (grid.h): the layout only; what each column holds is
 * grid.c's.  For the CSV report once it prints the grids, with the
 * separator a semicolon locale needs.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "escape_doc.h"
#include "grid.h"

struct csv_out {
	FILE			*out;
	const struct grid	*grid;
	char			 separator;
};

static int
csv_row(const struct grid_cell *cells, void *arg)
{
	const struct csv_out	*co = arg;
	size_t			 c;

	for (c = 0; c < co->grid->ncolumns; c++) {
		if (c > 0)
			fputc(co->separator, co->out);
		if (co->grid->columns[c].kind == GRID_NUMBER)
			fprintf(co->out, "%llu", cells[c].number);
		else if (cells[c].text != NULL)
			escape_csv(co->out, cells[c].text, strlen(cells[c].text));
	}
	fputs("\r\n", co->out);
	return 0;
}

void
grid_write_csv(FILE *out, const struct grid *g, const struct report_view *v,
    char separator)
{
	struct csv_out	co = { out, g, separator };
	size_t		c;

	for (c = 0; c < g->ncolumns; c++) {
		if (c > 0)
			fputc(separator, out);
		escape_csv(out, g->columns[c].name, strlen(g->columns[c].name));
	}
	fputs("\r\n", out);
	g->rows(v, csv_row, &co);
}
