/*
 * Tests of the grids (report/grid.h): two users share a userPrincipalName
 * that starts with '=', a third is clean; the analysis runs and each
 * grid's rows are checked against the analysis, with and without
 * --redact, then written as CSV with either separator and read back with
 * libcsv.  The workbook laid out from the grids is read back in
 * tests/xlsx-check.sh.
 */
#include "config.h"

#include <check.h>
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "baseline.h"
#include "grid.h"
#include "redact.h"
#include "report.h"
#include "testutil.h"
#include "view.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define SHARED_UPN	"=1+1@contoso.com"

static const char	 grid_file[] = "grid.ldf";
static struct table	*t;
static struct diag	 dg;
static struct analysis	 an;
static struct sync_options opt;
static struct baseline_marks marks;
static struct report_ctx ctx;
static struct report_view *view;	/* every simulated object a row */

static void
setup(void)
{
	const char	*a[] = { "objectClass", "user", "userPrincipalName",
	    SHARED_UPN, NULL };
	const char	*clean[] = { "objectClass", "user",
	    "userPrincipalName", "carol@contoso.com", NULL };

	t = table_new(0);
	diag_init(&dg, NULL);
	diag_input_begin(&dg, grid_file, "ldif", "onprem");
	testutil_load(t, &dg, SIDE_ONPREM, grid_file, 1,
	    "CN=Ann Formula,DC=contoso,DC=com", a);
	testutil_load(t, &dg, SIDE_ONPREM, grid_file, 10,
	    "CN=Bob Formula,DC=contoso,DC=com", a);
	testutil_load(t, &dg, SIDE_ONPREM, grid_file, 20,
	    "CN=Carol,DC=contoso,DC=com", clean);
	opt.is_resiliency_on = true;
	analysis_run(&an, t, &opt, NULL, 0, NULL);
	baseline_marks_init(&marks, &an.findings, NULL);
	memset(&ctx, 0, sizeof(ctx));
	ctx.table = t;
	ctx.diag = &dg;
	ctx.analysis = &an;
	ctx.options = &opt;
	ctx.marks = &marks;
	ctx.wants_every_object = true;
	view = view_new(&ctx);
}

static void
teardown(void)
{
	view_free(view);
	baseline_marks_release(&marks);
	analysis_release(&an);
	table_free(t);
	diag_release(&dg);
}

/* What a walk saw: rows, and a copy of the cells of a chosen column. */
struct seen {
	const struct grid	*grid;
	size_t			 nrows;
	size_t			 column;
	char			*texts[16];
	bool			 is_entry_empty;
};

static int
seen_row(const struct grid_cell *cells, void *arg)
{
	struct seen	*s = arg;
	size_t		 c;

	for (c = 0; c < s->grid->ncolumns; c++)
		if (s->grid->columns[c].kind == GRID_ENTRY &&
		    cells[c].text != NULL)
			s->is_entry_empty = false;
	if (s->nrows < ARRAY_SIZE(s->texts) && cells[s->column].text != NULL)
		s->texts[s->nrows] = strdup(cells[s->column].text);
	s->nrows++;
	return 0;
}

static size_t
column_of(const struct grid *g, const char *name)
{
	size_t	c;

	for (c = 0; c < g->ncolumns; c++)
		if (strcmp(g->columns[c].name, name) == 0)
			return c;
	ck_abort_msg("grid %s has no column '%s'", g->title, name);
	return 0;
}

static void
walk(const struct grid *g, const struct report_view *v, const char *column,
    struct seen *s)
{
	memset(s, 0, sizeof(*s));
	s->grid = g;
	s->column = column_of(g, column);
	s->is_entry_empty = true;
	ck_assert_int_eq(g->rows(v, seen_row, s), 0);
}

static void
seen_release(struct seen *s)
{
	size_t	i;

	for (i = 0; i < ARRAY_SIZE(s->texts); i++)
		free(s->texts[i]);
}

/* A row per finding and object, in report order, with the report's ids. */
START_TEST(test_findings_rows)
{
	struct seen	s;
	size_t		i, k, row = 0;

	walk(&grid_findings, view, "Finding id", &s);
	ck_assert_uint_ge(an.findings.n, 1);
	for (i = 0; i < an.findings.n; i++)
		for (k = 0; k < an.findings.list[i]->nobjects ||
		    (k == 0 && an.findings.list[i]->nobjects == 0); k++)
			ck_assert_str_eq(s.texts[row++], marks.ids[i]);
	ck_assert_uint_eq(s.nrows, row);
	ck_assert(s.is_entry_empty);
	seen_release(&s);
	walk(&grid_findings, view, "Value", &s);
	ck_assert_str_eq(s.texts[0], SHARED_UPN);
	seen_release(&s);
}
END_TEST

/* A row per simulated object, with the report's one outcome. */
START_TEST(test_objects_rows)
{
	struct seen	s;
	size_t		i;

	walk(&grid_objects, view, "Predicted outcome", &s);
	ck_assert_uint_eq(s.nrows, 3);
	ck_assert_uint_eq(s.nrows, an.verdicts.n);
	for (i = 0; i < s.nrows; i++)
		ck_assert_str_eq(s.texts[i], verdict_kind_id(
		    an.verdicts.list[i].kind));
	seen_release(&s);
}
END_TEST

/* --redact: every object row is there, under its pseudonyms only. */
START_TEST(test_objects_redacted)
{
	struct redact		*rd = redact_new();
	struct report_view	*redacted = view_new(&ctx);
	struct seen		 s;
	size_t			 i;

	redact_view(rd, redacted);
	walk(&grid_objects, redacted, "DN", &s);
	ck_assert_uint_eq(s.nrows, an.verdicts.n);
	for (i = 0; i < s.nrows; i++) {
		ck_assert_ptr_nonnull(s.texts[i]);
		ck_assert_ptr_null(strstr(s.texts[i], "Formula"));
		ck_assert_ptr_null(strstr(s.texts[i], "Carol"));
	}
	seen_release(&s);
	walk(&grid_objects, redacted, "userPrincipalName", &s);
	for (i = 0; i < s.nrows; i++)
		ck_assert_ptr_null(strstr(s.texts[i], "contoso"));
	seen_release(&s);
	view_free(redacted);
	redact_free(rd);
}
END_TEST

/* Without wants_every_object, only the objects findings name get rows. */
START_TEST(test_objects_named_only)
{
	struct report_view	*v;
	struct seen		 s;

	ctx.wants_every_object = false;
	v = view_new(&ctx);
	walk(&grid_objects, v, "DN", &s);
	ck_assert_uint_eq(s.nrows, 2);
	seen_release(&s);
	view_free(v);
	ctx.wants_every_object = true;
}
END_TEST

/* ----- CSV: either separator, read back with libcsv ----- */

struct csv_read {
	size_t		 nfields, nrows;
	size_t		 ncolumns;
	bool		 is_width_ok;
};

static void
csv_field(void *field, size_t len, void *arg)
{
	struct csv_read	*r = arg;

	(void)field;
	(void)len;
	r->nfields++;
}

static void
csv_end(int end, void *arg)
{
	struct csv_read	*r = arg;

	(void)end;
	if (r->nfields != r->ncolumns)
		r->is_width_ok = false;
	r->nfields = 0;
	r->nrows++;
}

static const char separators[] = { ',', ';' };

START_TEST(test_csv)
{
	char			 sep = separators[_i];
	struct csv_parser	 p;
	struct csv_read		 r = { 0, 0, grid_findings.ncolumns, true };
	struct seen		 s;
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*mem = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(mem);
	grid_write_csv(mem, &grid_findings, view, sep);
	fclose(mem);
	ck_assert_int_eq(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
	csv_set_delim(&p, (unsigned char)sep);
	ck_assert_uint_eq(csv_parse(&p, buf, len, csv_field, csv_end, &r),
	    len);
	ck_assert_int_eq(csv_fini(&p, csv_field, csv_end, &r), 0);
	csv_free(&p);
	walk(&grid_findings, view, "Rule", &s);
	ck_assert_uint_eq(r.nrows, s.nrows + 1);
	ck_assert(r.is_width_ok);
	/* A value starting with '=' is quoted and cannot run as a formula. */
	ck_assert_ptr_nonnull(strstr(buf, "\"'" SHARED_UPN "\""));
	ck_assert_ptr_null(strstr(buf, "\"" SHARED_UPN));
	ck_assert(strncmp(buf, "\"Finding id\"", 12) == 0);
	ck_assert_int_eq(buf[12], sep);
	seen_release(&s);
	free(buf);
}
END_TEST

static Suite *
grid_suite(void)
{
	Suite	*s = suite_create("grid");
	TCase	*tc = tcase_create("grid");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_findings_rows);
	tcase_add_test(tc, test_objects_rows);
	tcase_add_test(tc, test_objects_redacted);
	tcase_add_test(tc, test_objects_named_only);
	tcase_add_loop_test(tc, test_csv, 0, ARRAY_SIZE(separators));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(grid_suite());
}
