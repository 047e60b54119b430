/*
 * The CSV row splitter (parsers/csvrow.c) against libcsv itself: every
 * line the splitter takes must come out of libcsv (the options the cloud
 * reader gives it, from a parser between rows) as the same fields, nulls
 * and one row, with libcsv between rows again after the line.  Hand-made
 * edge lines first, then lines of random bytes from the characters that
 * matter.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <csv.h>

#include "csvrow.h"
#include "xalloc.h"
#include "testutil.h"

#define CSV_OPTIONS	(CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | \
			 CSV_EMPTY_IS_NULL)

/* What libcsv gave for one line. */
struct libcsv_out {
	struct csvrow	row;
	int		nrows;
	size_t		fields_at_row;	/* fields when the first row ended */
};

static void
on_field(void *s, size_t len, void *arg)
{
	struct libcsv_out	*o = arg;

	csvrow_add(&o->row, s, len);
}

static void
on_row(int term, void *arg)
{
	struct libcsv_out	*o = arg;

	(void)term;
	if (o->nrows++ == 0)
		o->fields_at_row = o->row.n;
}

/*
 * Split s both ways.  Returns whether csvrow_split took it; when it did,
 * libcsv must agree field for field and end between rows.
 */
static bool
compare(const char *s, size_t len, unsigned char delim)
{
	struct csvrow		 fast;
	struct libcsv_out	 o;
	struct csv_parser	 csv;
	size_t			 n, i;
	bool			 is_taken;

	memset(&fast, 0, sizeof(fast));
	memset(&o, 0, sizeof(o));
	is_taken = csvrow_split(&fast, s, len, delim);
	if (!is_taken) {
		ck_assert_uint_eq(fast.n, 0);
		csvrow_release(&fast);
		return false;
	}
	ck_assert_int_eq(csv_init(&csv, CSV_OPTIONS), 0);
	csv_set_delim(&csv, delim);
	n = csv_parse(&csv, s, len, on_field, on_row, &o);
	ck_assert_msg(n == len, "libcsv refused '%.*s'", (int)len, s);
	ck_assert_msg(o.nrows == 1 && o.fields_at_row == o.row.n,
	    "'%.*s': libcsv made %d rows", (int)len, s, o.nrows);
	ck_assert_msg(csv.pstate == 0 && csv.entry_pos == 0,
	    "'%.*s': libcsv not between rows", (int)len, s);
	ck_assert_msg(fast.n == o.row.n, "'%.*s': %zu fields, libcsv %zu",
	    (int)len, s, fast.n, o.row.n);
	for (i = 0; i < fast.n; i++) {
		const struct csvrow_field *a = &fast.fields[i];
		const struct csvrow_field *b = &o.row.fields[i];

		ck_assert_msg(a->len == b->len && a->is_null == b->is_null &&
		    memcmp(fast.buf + a->off, o.row.buf + b->off, a->len) == 0,
		    "'%.*s': field %zu differs", (int)len, s, i);
		ck_assert_int_eq(fast.buf[a->off + a->len], '\0');
	}
	csv_free(&csv);
	csvrow_release(&fast);
	csvrow_release(&o.row);
	return true;
}

/* Lines and whether the splitter should take them (else libcsv reads). */
static const struct edge_case {
	const char	*line;
	bool		 is_taken;
} edge_cases[] = {
	{ "\"a\",\"b\",\"c\"\n",		true },
	{ "\"a\",\"b\",\"c\"\r\n",		true },
	{ "a,b,c\n",				true },
	{ "a,b,c\r\n",				true },
	{ "a,b,c\r",				true },	/* the last line */
	{ "a,b,c",				false },	/* no row end */
	{ "\"a\",\"b\",\"c\"",			false },
	{ ",,\n",				true },	/* three nulls */
	{ "\"\",\"\",\"\"\n",			true },	/* three empty */
	{ "a,\n",				true },
	{ "a,\r\n",				true },
	{ ",a\n",				true },
	{ "\"\"\n",				true },
	{ "\"x\"\"y\",\"\"\"\"\n",		true },	/* "" is a quote */
	{ "\"x\"\"\n",				false },	/* open */
	{ "\"a,b\",\"c;d\"\n",			true },
	{ "\"a\rb\",c\n",			true },	/* CR in quotes */
	{ "\"two\n",				false },	/* field goes on */
	{ "\"a\nb\"\n",				true },	/* two lines */
	{ "  a  ,\t b \t,  \"c\"  \n",		true },	/* blanks dropped */
	{ "\" a \",\"\t\"\n",			true },	/* kept in quotes */
	{ "a b,c\n",				true },
	{ "a\"b,c\n",				false },	/* strict: refused */
	{ "\"a\"b,c\n",				false },
	{ "\"a\" \"b\",c\n",			false },
	{ "\"a\" x,c\n",			false },
	{ "a,b\rc,d\n",				false },	/* two rows */
	{ "a,b\r\r\n",				true },
	{ "a,b\r \n",				true },
	{ "a,b\n\n",				true },
	{ "   \n",				false },	/* no row */
	{ "\r\n",				false },
	{ "\n",					false },
	{ "",					false },
	{ "\t\"a\"\t,b\n",			true },
	{ "a,b,\"\n",				false },
	{ "a,b,\"",				false },
	{ "a,b,\"c\"",				false },
	{ "\"a\",",				false },
	{ ",",					false },
	{ "\"a\"\"\"\n",			true },
};

START_TEST(test_csvrow_edge)
{
	const struct edge_case	*c = &edge_cases[_i];
	static const unsigned char delims[] = { ',', ';', '\t' };
	char			*line = xstrdup(c->line);
	size_t			 len = strlen(line), i, d;

	ck_assert_msg(compare(line, len, ',') == c->is_taken,
	    "'%s' taken: %d", c->line, !c->is_taken);
	/* The same line with ';' or a tab as the delimiter. */
	for (d = 1; d < sizeof(delims); d++) {
		for (i = 0; i < len; i++)
			if (c->line[i] == ',')
				line[i] = (char)delims[d];
		(void)compare(line, len, delims[d]);
		(void)compare(c->line, len, delims[d]);
	}
	free(line);
}
END_TEST

/* A field read as null, and one read as empty: the splitter's contract. */
START_TEST(test_csvrow_nulls)
{
	struct csvrow	row;

	memset(&row, 0, sizeof(row));
	ck_assert(csvrow_split(&row, ",\"\",a\n", 6, ','));
	ck_assert_uint_eq(row.n, 3);
	ck_assert(row.fields[0].is_null);
	ck_assert(!row.fields[1].is_null);
	ck_assert_uint_eq(row.fields[1].len, 0);
	ck_assert_str_eq(row.buf + row.fields[2].off, "a");
	csvrow_clear(&row);
	ck_assert(!csvrow_split(&row, "\"open\n", 6, ','));
	ck_assert_uint_eq(row.n, 0);
	csvrow_release(&row);
}
END_TEST

/*
 * Random lines of the characters that matter: for each delimiter, some
 * hundred thousand lines; the splitter must take a good share of them and
 * agree with libcsv on every one it takes.
 */
START_TEST(test_csvrow_random)
{
	static const char alphabet[] = "ab\"\",,;\t  \r";
	static const unsigned char delims[] = { ',', ';', '\t' };
	unsigned long	 seed = 18, taken = 0, tries = 0;
	char		 line[40];
	size_t		 len, i, d;

	for (d = 0; d < sizeof(delims); d++)
		for (tries = 0; tries < 100000; tries++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			len = (size_t)(seed >> 59);	/* 0..31 */
			for (i = 0; i < len; i++) {
				seed = seed * 6364136223846793005UL + 1;
				line[i] = alphabet[(seed >> 33) %
				    (sizeof(alphabet) - 1)];
			}
			/* Most lines end as a file's lines do. */
			if (seed >> 62 != 0)
				line[len++] = '\n';
			taken += compare(line, len, delims[d]);
		}
	ck_assert_msg(taken > 10000, "only %lu lines taken", taken);
}
END_TEST

static Suite *
csvrow_suite(void)
{
	Suite	*s = suite_create("csvrow");
	TCase	*tc = tcase_create("split");

	tcase_add_loop_test(tc, test_csvrow_edge, 0, ARRAY_SIZE(edge_cases));
	tcase_add_test(tc, test_csvrow_nulls);
	tcase_add_test(tc, test_csvrow_random);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(csvrow_suite());
}
