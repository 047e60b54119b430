/*
 * Tests of the document reports (html, csv, md, junit) and their
 * escapers.  The escapers are checked value by value; the writers end to
 * end: two on-premises users share a hostile userPrincipalName, the
 * analysis runs, each format is written to memory and read back with a
 * real parser (libxml2 for HTML and JUnit, libcsv for CSV, a pipe count
 * for Markdown tables) to show no value broke out of its place.
 */
#include "config.h"

#include <check.h>
#include <csv.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analysis.h"
#include "escape.h"
#include "escape_doc.h"
#include "match.h"
#include "report.h"
#include "view.h"
#include "rule.h"
#include "testutil.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define CSV_COLUMNS	26

/* ----- the escapers, value by value ----- */

static const struct escape_case {
	const char	*in;
	const char	*html;
	const char	*xml;
	const char	*csv;
	const char	*md;
} escape_cases[] = {
	{ "plain", "plain", "plain", "\"plain\"", "plain" },
	{ "<script>alert(1)</script>",
	  "&lt;script&gt;alert(1)&lt;/script&gt;",
	  "&lt;script&gt;alert(1)&lt;/script&gt;",
	  "\"<script>alert(1)</script>\"",
	  "\\<script\\>alert(1)\\</script\\>" },
	{ "a\"b'c&d", "a&quot;b&#39;c&amp;d", "a&quot;b&#39;c&amp;d",
	  "\"a\"\"b'c&d\"", "a\"b'c\\&d" },
	{ "=cmd|' /C calc'!A0", "=cmd|&#39; /C calc&#39;!A0",
	  "=cmd|&#39; /C calc&#39;!A0", "\"'=cmd|' /C calc'!A0\"",
	  "=cmd\\|' /C calc'\\!A0" },
	{ "+1", "+1", "+1", "\"'+1\"", "+1" },
	{ "-2", "-2", "-2", "\"'-2\"", "-2" },
	{ "@SUM(1)", "@SUM(1)", "@SUM(1)", "\"'@SUM(1)\"", "@SUM(1)" },
	{ "\tx", "<span class=\"ctl\">\\t</span>x", "\\tx", "\"'\\tx\"",
	  "\\tx" },
	{ "\rx", "<span class=\"ctl\">\\r</span>x", "\\rx", "\"'\\rx\"",
	  "\\rx" },
	{ "a\nb", "a<span class=\"ctl\">\\n</span>b", "a\\nb", "\"a\\nb\"",
	  "a\\nb" },
	{ "\x1b[2J", "<span class=\"ctl\">\\x1b</span>[2J", "\\x1b[2J",
	  "\"\\x1b[2J\"", "\\x1b\\[2J" },
	{ "\x01", "<span class=\"ctl\">\\x01</span>", "\\x01", "\"\\x01\"",
	  "\\x01" },
	{ "\xe2\x80\xaegpj.exe", "<span class=\"ctl\">\\u202e</span>gpj.exe",
	  "\\u202egpj.exe", "\"\\u202egpj.exe\"", "\\u202egpj.exe" },
	{ "\xff\xfe", "<span class=\"ctl\">\\xff</span>"
	  "<span class=\"ctl\">\\xfe</span>", "\\xff\\xfe", "\"\\xff\\xfe\"",
	  "\\xff\\xfe" },
	{ "a|b*c_d`e", "a|b*c_d`e", "a|b*c_d`e", "\"a|b*c_d`e\"",
	  "a\\|b\\*c\\_d\\`e" },
	{ "[x](http://e.example) ![i](y) www.e.example # ~h~",
	  "[x](http://e.example) ![i](y) www.e.example # ~h~",
	  "[x](http://e.example) ![i](y) www.e.example # ~h~",
	  "\"[x](http://e.example) ![i](y) www.e.example # ~h~\"",
	  "\\[x\\](http\\://e.example) \\!\\[i\\](y) www\\.e.example \\# "
	  "\\~h\\~" },
	{ "CN=Smith\\, John", "CN=Smith\\, John", "CN=Smith\\, John",
	  "\"CN=Smith\\, John\"", "CN=Smith\\\\, John" },
	{ "Zo\xc3\xab", "Zo\xc3\xab", "Zo\xc3\xab", "\"Zo\xc3\xab\"",
	  "Zo\xc3\xab" },
};

static char *
escaped(void (*fn)(FILE *, const char *, size_t), const char *in)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*mem = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(mem);
	fn(mem, in, strlen(in));
	fclose(mem);
	return buf;
}

static void
html_content(FILE *out, const char *s, size_t len)
{
	escape_html(out, s, len, false);
}

static void
html_attribute(FILE *out, const char *s, size_t len)
{
	escape_html(out, s, len, true);
}

START_TEST(test_escape)
{
	const struct escape_case	*c = &escape_cases[_i];
	struct {
		void		(*fn)(FILE *, const char *, size_t);
		const char	*want;
	} formats[] = {
		{ html_content, c->html }, { escape_xml, c->xml },
		{ escape_csv, c->csv }, { escape_md, c->md },
		{ html_attribute, c->xml },	/* same as XML: no spans */
	};
	size_t	i;

	for (i = 0; i < ARRAY_SIZE(formats); i++) {
		char *got = escaped(formats[i].fn, c->in);

		ck_assert_msg(strcmp(got, formats[i].want) == 0,
		    "format %zu: got '%s', want '%s'", i, got, formats[i].want);
		ck_assert(utf8_is_valid(got, strlen(got)));
		free(got);
	}
}
END_TEST

/* ----- the writers, end to end on hostile data ----- */

/*
 * Each case: a UPN prefix two users share.  formula: the CSV cells that
 * start with it must be neutralised.  html, md: how the report shows it.
 */
static const struct hostile_case {
	const char	*upn;		/* + "@contoso.com" */
	int		 is_formula;
	const char	*html;
	const char	*md;
} hostile_cases[] = {
	{ "<script>alert(1)</script>", 0,
	  "&lt;script&gt;alert(1)&lt;/script&gt;@contoso.com",
	  "\\<script\\>alert(1)\\</script\\>@contoso.com" },
	{ "a\"b'c", 0, "a&quot;b&#39;c@contoso.com", "a\"b'c@contoso.com" },
	{ "=cmd|' /C calc'!A0", 1, "=cmd|&#39; /C calc&#39;!A0@contoso.com",
	  "=cmd\\|' /C calc'\\!A0@contoso.com" },
	{ "+1", 1, "+1@contoso.com", "+1@contoso.com" },
	{ "-2", 1, "-2@contoso.com", "-2@contoso.com" },
	{ "@SUM(1)", 1, "@SUM(1)@contoso.com", "@SUM(1)@contoso.com" },
	{ "\x1b[2J", 0, "<span class=\"ctl\">\\x1b</span>[2J@contoso.com",
	  "\\x1b\\[2J@contoso.com" },
	{ "\x01x", 0, "<span class=\"ctl\">\\x01</span>x@contoso.com",
	  "\\x01x@contoso.com" },
	{ "\xe2\x80\xaemoc", 0,
	  "<span class=\"ctl\">\\u202e</span>moc@contoso.com",
	  "\\u202emoc@contoso.com" },
	{ "\tt", 1, "<span class=\"ctl\">\\t</span>t@contoso.com",
	  "\\tt@contoso.com" },
	{ "\rr", 1, "<span class=\"ctl\">\\r</span>r@contoso.com",
	  "\\rr@contoso.com" },
	{ "n\nn", 0, "n<span class=\"ctl\">\\n</span>n@contoso.com",
	  "n\\nn@contoso.com" },
	{ "a|b*c_d", 0, "a|b*c_d@contoso.com", "a\\|b\\*c\\_d@contoso.com" },
	{ "x\xff\xfe", 0, "x<span class=\"ctl\">\\xff</span>"
	  "<span class=\"ctl\">\\xfe</span>@contoso.com",
	  "x\\xff\\xfe@contoso.com" },
	{ "[a](http://e.example)", 0, "[a](http://e.example)@contoso.com",
	  "\\[a\\](http\\://e.example)@contoso.com" },
};

static struct table		*t;
static struct diag		 dg;
static struct analysis		 an;
static struct sync_options	 opt;
static struct report_ctx	 ctx;
static char			 upn[128];

/* A file name that is itself hostile: every writer prints it. */
static const char	 hostile_file[] = "in<b>put\x1b.ldf";

static void
setup(void)
{
	t = table_new(0);
	diag_init(&dg, NULL);
	diag_input_begin(&dg, hostile_file, "ldif", "onprem");
	opt.is_resiliency_on = true;
	memset(&ctx, 0, sizeof(ctx));
}

static void
teardown(void)
{
	analysis_release(&an);
	table_free(t);
	diag_release(&dg);
}

/* Two users sharing c's UPN, one bystander; then the analysis. */
static void
load_hostile(const struct hostile_case *c)
{
	const char	*a[] = { "objectClass", "user", "userPrincipalName", upn,
	    "mail", upn, NULL };
	const char	*b[] = { "objectClass", "user", "userPrincipalName", upn,
	    NULL };
	const char	*bystander[] = { "objectClass", "user",
	    "userPrincipalName", "carol@contoso.com", NULL };
	char		 dn[192];

	snprintf(upn, sizeof(upn), "%s@contoso.com", c->upn);
	snprintf(dn, sizeof(dn), "CN=%s 1,DC=contoso,DC=com", c->upn);
	testutil_load(t, &dg, SIDE_ONPREM, hostile_file, 1, dn, a);
	snprintf(dn, sizeof(dn), "CN=%s 2,DC=contoso,DC=com", c->upn);
	testutil_load(t, &dg, SIDE_ONPREM, hostile_file, 20, dn, b);
	testutil_load(t, &dg, SIDE_ONPREM, hostile_file, 40,
	    "CN=Carol,DC=contoso,DC=com", bystander);
	analysis_run(&an, t, &opt, NULL, 0, NULL);
	ctx.table = t;
	ctx.diag = &dg;
	ctx.analysis = &an;
	ctx.options = &opt;
}

struct rendered {
	char	*buf;
	size_t	 len;
};

static void
render(const char *format, struct rendered *r)
{
	const struct report_format	*fmt = report_format_find(format);
	struct report_view		*v;
	FILE				*mem;

	ck_assert_ptr_nonnull(fmt);
	r->buf = NULL;
	mem = open_memstream(&r->buf, &r->len);
	ck_assert_ptr_nonnull(mem);
	v = view_new(&ctx);
	fmt->write(mem, v);
	view_free(v);
	fclose(mem);
}

static const struct finding *
unique_finding(void)
{
	size_t	i;

	for (i = 0; i < an.findings.n; i++)
		if (strcmp(an.findings.list[i]->rule->id,
		    "AttributeValueMustBeUnique") == 0)
			return an.findings.list[i];
	ck_abort_msg("no AttributeValueMustBeUnique finding");
	return NULL;
}

static size_t
count_substring(const char *s, const char *needle, bool is_nocase)
{
	size_t	n = 0, len = strlen(needle);

	for (; *s != '\0'; s++)
		if ((is_nocase ? strncasecmp(s, needle, len) :
		    strncmp(s, needle, len)) == 0)
			n++;
	return n;
}

/* No raw control byte but line ends, no bidi override, valid UTF-8. */
static void
assert_clean_bytes(const struct rendered *r, bool is_tab_ok)
{
	size_t	i;

	ck_assert(utf8_is_valid(r->buf, r->len));
	ck_assert_ptr_null(strstr(r->buf, "\xe2\x80\xae"));
	for (i = 0; i < r->len; i++) {
		unsigned char c = (unsigned char)r->buf[i];

		if (c == '\n' || c == '\r' || (c == '\t' && is_tab_ok))
			continue;
		ck_assert_msg(c >= 0x20 && c != 0x7f,
		    "raw control byte 0x%02x at offset %zu", c, i);
	}
}

/* ----- libxml2: HTML and JUnit parse back ----- */

static int	xml_errors;

static void
count_error(void *arg, xmlErrorPtr e)
{
	(void)arg;
	/* libxml2's HTML 4 parser does not know <main>, <section>, ... */
	if (e->code == XML_HTML_UNKNOWN_TAG)
		return;
	xml_errors++;
	fprintf(stderr, "libxml2: %d: %s", e->code, e->message);
}

static char *
xpath_string(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr	 xc = xmlXPathNewContext(doc);
	xmlXPathObjectPtr	 res;
	char			*s;

	res = xmlXPathEvalExpression((const xmlChar *)expr, xc);
	ck_assert_ptr_nonnull(res);
	s = (char *)xmlXPathCastToString(res);
	xmlXPathFreeObject(res);
	xmlXPathFreeContext(xc);
	return s;
}

static void
assert_xpath_eq(xmlDocPtr doc, const char *expr, const char *want)
{
	char	*got = xpath_string(doc, expr);

	ck_assert_msg(strcmp(got, want) == 0, "%s: got '%s', want '%s'", expr,
	    got, want);
	xmlFree(got);
}

static void
assert_xpath_count(xmlDocPtr doc, const char *expr, size_t want)
{
	char	buf[256], num[32];

	snprintf(buf, sizeof(buf), "count(%s)", expr);
	snprintf(num, sizeof(num), "%zu", want);
	assert_xpath_eq(doc, buf, num);
}

static void
check_html(const struct hostile_case *c)
{
	struct rendered	r;
	htmlDocPtr	doc;
	char		want[32];
	const char	*p;
	size_t		i, nsections = 0;

	for (i = 0; i < an.nruns; i++)
		nsections += an.runs[i].did_run && an.runs[i].nfindings > 0;
	render("html", &r);
	assert_clean_bytes(&r, false);
	ck_assert_uint_eq(count_substring(r.buf, "<script", true), 1);
	ck_assert_ptr_nonnull(strstr(r.buf, c->html));
	ck_assert_ptr_nonnull(strstr(r.buf, "in&lt;b&gt;put<span class=\"ctl\">"
	    "\\x1b</span>.ldf"));
	/* Self-contained: nothing the page could fetch. */
	ck_assert_ptr_nonnull(strstr(r.buf, "Content-Security-Policy\" "
	    "content=\"default-src 'none';"));
	ck_assert_ptr_null(strstr(r.buf, " src="));
	ck_assert_ptr_null(strstr(r.buf, "<link"));
	/* url() only names the page's own SVG patterns ("url(#p-error)"). */
	for (p = strstr(r.buf, "url("); p != NULL; p = strstr(p + 1, "url("))
		ck_assert_int_eq(p[4], '#');
	ck_assert_ptr_null(strstr(r.buf, "@import"));

	xml_errors = 0;
	xmlSetStructuredErrorFunc(NULL, count_error);
	doc = htmlReadMemory(r.buf, (int)r.len, "report.html", "UTF-8",
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	xmlSetStructuredErrorFunc(NULL, NULL);
	ck_assert_ptr_nonnull(doc);
	ck_assert_int_eq(xml_errors, 0);
	assert_xpath_count(doc, "//script", 1);
	snprintf(want, sizeof(want), "%zu",
	    findings_count(&an.findings, SEV_ERROR));
	assert_xpath_eq(doc, "//div[@class='tile sev-error']/span[@class='n']",
	    want);
	snprintf(want, sizeof(want), "%zu", an.nin_scope);
	assert_xpath_eq(doc, "//div[@class='tile objects']/span[@class='n']", want);
	assert_xpath_count(doc, "//section[@id='rule-AttributeValueMustBeUnique"
	    "']//article[@class='finding sev-warning']", 1);
	/* Both holders, each with file:line. */
	assert_xpath_count(doc, "//section[@id='rule-AttributeValueMustBeUnique"
	    "']//table[@class='objects']/tbody/tr", 2);
	assert_xpath_count(doc, "//section[@id='rule-AttributeValueMustBeUnique"
	    "']//tr[td[4]/code[contains(., ':20')]]", 1);
	/*
	 * One section per rule with findings, each linking Microsoft's doc
	 * and its explanation, which the appendix gives once per rule.
	 */
	assert_xpath_count(doc, "//section[@class='rule']", nsections);
	assert_xpath_count(doc, "//section[@class='rule']/p[@class='about']/"
	    "a[starts-with(@href, 'https://learn.microsoft.com/')]", nsections);
	assert_xpath_count(doc, "//section[@class='rule']/p[@class='about']/"
	    "a[starts-with(@href, '#about-')]", nsections);
	assert_xpath_count(doc, "//section[@id='appendix']/h3[starts-with(@id, "
	    "'about-')]", nsections);
	assert_xpath_count(doc, "//section[@id='appendix']/p[@class='doc']/"
	    "a[starts-with(@href, 'https://learn.microsoft.com/')]", nsections);
	assert_xpath_count(doc, "//section[@id='appendix']/div[@class="
	    "'explain'][p]", nsections);
	assert_xpath_count(doc, "//div[@class='explain']", nsections);
	xmlFreeDoc(doc);
	free(r.buf);
}

static void
check_junit(void)
{
	struct rendered	 r;
	xmlDocPtr	 doc;
	char		 expr[160], test[192];
	size_t		 i, skipped = 0;

	render("junit", &r);
	assert_clean_bytes(&r, false);
	ck_assert_uint_eq(count_substring(r.buf, "<script", true), 0);
	xml_errors = 0;
	xmlSetStructuredErrorFunc(NULL, count_error);
	doc = xmlReadMemory(r.buf, (int)r.len, "report.xml", NULL,
	    XML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	ck_assert_ptr_nonnull(doc);
	ck_assert_int_eq(xml_errors, 0);
	/* One suite per rule, the prediction and the inputs. */
	assert_xpath_count(doc, "/testsuites/testsuite", an.nruns + 2);
	/* Every outcome but "not simulated" is counted, even at zero. */
	assert_xpath_count(doc, "//testsuite[@name='prediction']/properties/"
	    "property[starts-with(@name, 'predicted.')]",
	    VERDICT_BLOCKED - VERDICT_NOT_PREDICTED + 1);
	/*
	 * One testcase for the one finding (both holders in its text), a
	 * warning below --fail-on error: skipped, not failed.  The bystander
	 * is in no finding.
	 */
	assert_xpath_count(doc, "//testsuite[@name='AttributeValueMustBeUnique'"
	    "]/testcase[skipped[@type='warning']]", 1);
	/* Only error findings fail at the default --fail-on error. */
	assert_xpath_count(doc, "//testcase/failure[@type!='error']", 0);
	assert_xpath_count(doc, "//testcase[contains(@name, 'CN=Carol')]", 0);
	/*
	 * Ran and clean: one passing case; not run: one skipped case; ran
	 * and found: one case per finding, failed or skipped.
	 */
	for (i = 0; i < an.nruns; i++) {
		const struct rule_run *run = &an.runs[i];

		snprintf(expr, sizeof(expr), "//testsuite[@name='%s']/testcase%s",
		    run->rule->id, !run->did_run ? "[skipped]" :
		    run->nfindings == 0 ? "[not(failure)]" :
		    "[failure or skipped]");
		assert_xpath_count(doc, expr, !run->did_run ||
		    run->nfindings == 0 ? 1 : (int)run->nfindings);
		skipped += !run->did_run;
	}
	snprintf(test, sizeof(test), "count(//testsuite[not(@name='prediction')]"
	    "/testcase[@name='not checked']/skipped) = %zu", skipped);
	assert_xpath_eq(doc, test, "true");
	assert_xpath_eq(doc, "sum(//testsuite/@failures) = /testsuites/@failures",
	    "true");
	assert_xpath_eq(doc, "sum(//testsuite/@tests) = /testsuites/@tests",
	    "true");
	assert_xpath_eq(doc, "count(//testcase) = /testsuites/@tests", "true");
	xmlFreeDoc(doc);
	free(r.buf);
}

/* ----- libcsv: the CSV parses back, field for field ----- */

struct csv_rows {
	size_t	nrows;
	size_t	nfields;		/* in the current row */
	bool	is_width_ok;		/* every row had CSV_COLUMNS */
	bool	is_crlf;		/* every row ended by CR */
	char	first[CSV_COLUMNS][64];	/* first bytes of each field */
	bool	is_formula_ok;
	int	is_formula;		/* the case's expectation */
};

static void
csv_field_cb(void *s, size_t len, void *arg)
{
	struct csv_rows	*rows = arg;

	if (rows->nfields < CSV_COLUMNS)
		snprintf(rows->first[rows->nfields], 64, "%.*s",
		    (int)(len < 63 ? len : 63), (const char *)s);
	rows->nfields++;
}

/*
 * userPrincipalName and object_value hold the UPN as loaded; value holds
 * it normalised (white space trimmed), so is not checked here.
 */
static void
csv_row_cb(int end, void *arg)
{
	/* The grid's userPrincipalName and Value (grid.c findings_columns). */
	static const int	 upn_columns[] = { 8, 11 };
	struct csv_rows		*rows = arg;
	size_t			 i;

	if (rows->nfields != CSV_COLUMNS)
		rows->is_width_ok = false;
	if (end != '\r')
		rows->is_crlf = false;
	if (rows->nrows > 0 && strcmp(rows->first[1],
	    "AttributeValueMustBeUnique") == 0)
		for (i = 0; i < ARRAY_SIZE(upn_columns); i++)
			if ((rows->first[upn_columns[i]][0] == '\'') !=
			    (rows->is_formula != 0))
				rows->is_formula_ok = false;
	rows->nrows++;
	rows->nfields = 0;
}

static void
check_csv(const struct hostile_case *c)
{
	struct csv_rows		rows = { 0, 0, true, true, { "" }, true, 0 };
	struct csv_parser	p;
	struct rendered		r;
	size_t			i, want_rows = 1;

	render("csv", &r);
	ck_assert(memcmp(r.buf, "\xef\xbb\xbf", 3) == 0);
	assert_clean_bytes(&r, false);
	for (i = 0; i < r.len; i++)
		if (r.buf[i] == '\n')
			ck_assert(i > 0 && r.buf[i - 1] == '\r');
	rows.is_formula = c->is_formula;
	ck_assert_int_eq(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
	ck_assert_uint_eq(csv_parse(&p, r.buf + 3, r.len - 3, csv_field_cb,
	    csv_row_cb, &rows), r.len - 3);
	ck_assert_int_eq(csv_fini(&p, csv_field_cb, csv_row_cb, &rows), 0);
	csv_free(&p);
	for (i = 0; i < an.findings.n; i++)
		want_rows += an.findings.list[i]->nobjects > 0 ?
		    an.findings.list[i]->nobjects : 1;
	want_rows += an.reconcile.nunpredicted;
	ck_assert_uint_eq(rows.nrows, want_rows);
	ck_assert(rows.is_width_ok);
	ck_assert(rows.is_crlf);
	ck_assert(rows.is_formula_ok);
	free(r.buf);
}

/* ----- Markdown: every table row keeps its cells ----- */

/* '|' not escaped by an odd run of backslashes. */
static size_t
count_pipes(const char *line, size_t len)
{
	size_t	i, n = 0, backslashes = 0;

	for (i = 0; i < len; i++) {
		if (line[i] == '|' && backslashes % 2 == 0)
			n++;
		backslashes = line[i] == '\\' ? backslashes + 1 : 0;
	}
	return n;
}

/* Occurrences of needle not made literal by an odd run of backslashes. */
static size_t
count_unescaped(const char *s, const char *needle)
{
	const char	*p, *q;
	size_t		 n = 0;

	for (p = s; (p = strstr(p, needle)) != NULL; p++) {
		for (q = p; q > s && q[-1] == '\\'; q--)
			continue;
		if ((p - q) % 2 == 0)
			n++;
	}
	return n;
}

static void
check_md(const struct hostile_case *c)
{
	struct rendered	 r;
	const char	*line, *end;
	size_t		 header = 0, ntables = 0, nrows = 0;

	render("md", &r);
	assert_clean_bytes(&r, false);
	ck_assert_uint_eq(count_unescaped(r.buf, "<script"), 0);
	/* The only links are ours. */
	ck_assert_uint_eq(count_unescaped(r.buf, "]("),
	    count_substring(r.buf, "[Microsoft documentation](https://", false));
	ck_assert_ptr_nonnull(strstr(r.buf, c->md));
	for (line = r.buf; *line != '\0'; line = end + 1) {
		end = strchr(line, '\n');
		ck_assert_ptr_nonnull(end);
		if (*line != '|') {
			header = 0;
			continue;
		}
		if (header == 0) {
			header = count_pipes(line, (size_t)(end - line));
			ntables++;
			continue;
		}
		ck_assert_msg(count_pipes(line, (size_t)(end - line)) == header,
		    "table row has other cells than its header: %.*s",
		    (int)(end - line), line);
		nrows++;
	}
	/* Summary, predicted outcomes, inputs, each finding's objects. */
	ck_assert_uint_eq(ntables, 3 + an.findings.n);
	ck_assert_uint_ge(nrows, an.nruns + dg.ninputs + 2);
	free(r.buf);
}

START_TEST(test_hostile)
{
	const struct hostile_case	*c = &hostile_cases[_i];
	const struct finding		*f;

	load_hostile(c);
	f = unique_finding();
	ck_assert_uint_eq(f->nobjects, 2);
	check_html(c);
	check_junit();
	check_csv(c);
	check_md(c);
}
END_TEST

/* Every format is in the table, with its own extension. */
START_TEST(test_formats)
{
	static const struct {
		const char	*name;
		const char	*extension;
	} want[] = {
		{ "html", "html" }, { "csv", "csv" }, { "md", "md" },
		{ "junit", "xml" },
	};
	size_t	i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		const struct report_format *f = report_format_find(want[i].name);

		ck_assert_ptr_nonnull(f);
		ck_assert_str_eq(f->extension, want[i].extension);
	}
}
END_TEST

/* Nothing loaded: every writer still writes a valid, empty report. */
START_TEST(test_empty)
{
	struct rendered	r;
	xmlDocPtr	doc;

	analysis_run(&an, t, &opt, NULL, 0, NULL);
	ctx.table = t;
	ctx.diag = &dg;
	ctx.analysis = &an;
	ctx.options = &opt;
	render("junit", &r);
	doc = xmlReadMemory(r.buf, (int)r.len, "report.xml", NULL,
	    XML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	assert_xpath_eq(doc, "string(/testsuites/@failures)", "0");
	xmlFreeDoc(doc);
	free(r.buf);
	render("html", &r);
	ck_assert_ptr_nonnull(strstr(r.buf, "No problems found."));
	free(r.buf);
	render("csv", &r);
	ck_assert_uint_eq(count_substring(r.buf, "\r\n", false), 1);
	free(r.buf);
	render("md", &r);
	ck_assert_ptr_nonnull(strstr(r.buf, "**0 errors, 0 warnings, 0 info.**"));
	free(r.buf);
}
END_TEST

static Suite *
reports_suite(void)
{
	Suite	*s = suite_create("reports");
	TCase	*tc;

	tc = tcase_create("escape");
	tcase_add_loop_test(tc, test_escape, 0, ARRAY_SIZE(escape_cases));
	suite_add_tcase(s, tc);
	tc = tcase_create("writers");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_hostile, 0, ARRAY_SIZE(hostile_cases));
	tcase_add_test(tc, test_formats);
	tcase_add_test(tc, test_empty);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(reports_suite());
}
