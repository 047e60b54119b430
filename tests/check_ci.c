/*
 * check_ci: what CI use and sharing rely on.  Finding ids do not depend
 * on input order or line numbers; a run against its own JSON report is
 * all "present"; new and fixed findings are told apart; --redact leaks no
 * value of the fixture in any format; --fix-ldif output parses as LDIF
 * and its undo file restores every object; progress stays off in pipes;
 * --timings names every phase and rule once and escapes what it prints;
 * every command refuses, by name, each option it would not honour.
 * Fixtures: testdata/ci/.
 */
#include "config.h"

#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "analysis.h"
#include "base64.h"
#include "baseline.h"
#include "fixldif.h"
#include "input.h"
#include "ldif.h"
#include "progress.h"
#include "redact.h"
#include "view.h"
#include "report.h"
#include "testutil.h"
#include "timings.h"
#include "xalloc.h"

#define CI_DIR		SD_SRCDIR "/testdata/ci/"
#define CI_ONPREM	CI_DIR "onprem.ldif"
#define CI_CLOUD	CI_DIR "cloud-users.csv"

/* One analysis of an on-premises and a cloud file, with its ids. */
struct run {
	struct diag		 dg;
	struct table		*t;
	struct analysis		 an;
	struct sync_options	 opt;
	struct baseline_marks	 marks;
	struct report_ctx	 ctx;
	struct limits		 lim;
};

static void	run_init_threads(struct run *, const char *, const char *,
		    const struct baseline *, unsigned);

static void
run_init(struct run *r, const char *onprem, const char *cloud,
    const struct baseline *old)
{
	run_init_threads(r, onprem, cloud, old, 0);
}

/* The same, with the rules on this many threads (0: automatic). */
static void
run_init_threads(struct run *r, const char *onprem, const char *cloud,
    const struct baseline *old, unsigned threads)
{
	struct analysis_run_options ro = { .threads = threads };
	struct input_request	req[2];
	struct input_options	iopt;
	struct domain		d;
	size_t			i;

	memset(r, 0, sizeof(*r));
	diag_init(&r->dg, NULL);
	limits_init(&r->lim);
	r->t = table_new(0);
	memset(req, 0, sizeof(req));
	req[0].path = onprem;
	req[0].side = "onprem";
	req[1].path = cloud;
	req[1].side = "cloud";
	memset(&iopt, 0, sizeof(iopt));
	iopt.limits = &r->lim;
	iopt.default_cloud_type = OBJ_USER;
	for (i = 0; i < 2; i++)
		ck_assert_int_eq(input_load(r->t, &r->dg, &req[i], &iopt), 0);
	memset(&d, 0, sizeof(d));
	d.name = table_intern_lower(r->t, "northwind.test", 14);
	d.is_verified = TRI_TRUE;
	table_add_domain(r->t, &d);
	r->opt.is_resiliency_on = true;
	analysis_run(&r->an, r->t, &r->opt, NULL, 0, &ro);
	baseline_marks_init(&r->marks, &r->an.findings, old);
	r->ctx.table = r->t;
	r->ctx.diag = &r->dg;
	r->ctx.analysis = &r->an;
	r->ctx.options = &r->opt;
	r->ctx.marks = &r->marks;
}

static void
run_release(struct run *r)
{
	baseline_marks_release(&r->marks);
	analysis_release(&r->an);
	table_free(r->t);
	diag_release(&r->dg);
}

/*
 * The report of ctx in format name, as a string the caller frees;
 * redacted by rd when not NULL, as `analyze --redact` does.
 */
static char *
report_string_with(const char *name, const struct report_ctx *ctx,
    struct redact *rd)
{
	const struct report_format	*fmt = report_format_find(name);
	struct report_view		*v;
	char				*buf = NULL;
	size_t				 len = 0;
	FILE				*mem;

	ck_assert_ptr_nonnull(fmt);
	mem = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(mem);
	v = view_new(ctx);
	if (rd != NULL)
		redact_view(rd, v);
	fmt->write(mem, v);
	view_free(v);
	fclose(mem);
	return buf;
}

static char *
report_string(const char *name, const struct report_ctx *ctx)
{
	return report_string_with(name, ctx, NULL);
}

static char *
read_file(const char *path)
{
	FILE	*fp = fopen(path, "rb");
	char	*buf;
	long	 n;

	ck_assert_ptr_nonnull(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = xmalloc((size_t)n + 1);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/*
 * A copy of the on-premises fixture in a temporary file: records in
 * reverse order behind extra comment lines (so every line number moves),
 * without those whose DN contains skip (NULL: none).  Returns the path;
 * the caller unlinks and frees it.
 */
static char *
variant_file(bool is_reversed, const char *skip)
{
	char	*text = read_file(CI_ONPREM), *recs[64], *p, *path;
	size_t	 n = 0, i;
	FILE	*fp;
	int	 fd;

	for (p = text; p != NULL && n < ARRAY_SIZE(recs); ) {
		char *end = strstr(p, "\n\n");

		if (end != NULL)
			*end = '\0';
		recs[n++] = p;
		p = end != NULL ? end + 2 : NULL;
	}
	path = xstrdup("/tmp/check_ci_XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	fp = fdopen(fd, "w");
	fputs("# a comment that moves every record down\n\n\n", fp);
	for (i = 0; i < n; i++) {
		const char *r = recs[is_reversed ? n - 1 - i : i];

		if (skip != NULL && strstr(r, skip) != NULL)
			continue;
		fprintf(fp, "%s\n\n", r);
	}
	fclose(fp);
	free(text);
	return path;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

START_TEST(test_ids_ignore_order_and_lines)
{
	struct run	 a, b;
	char		*path = variant_file(true, NULL);
	const char	**ia, **ib;
	size_t		 i;

	run_init(&a, CI_ONPREM, CI_CLOUD, NULL);
	run_init(&b, path, CI_CLOUD, NULL);
	ck_assert_uint_gt(a.marks.n, 5);
	ck_assert_uint_eq(a.marks.n, b.marks.n);
	ia = xcalloc(a.marks.n, sizeof(*ia));
	ib = xcalloc(b.marks.n, sizeof(*ib));
	memcpy(ia, a.marks.ids, a.marks.n * sizeof(*ia));
	memcpy(ib, b.marks.ids, b.marks.n * sizeof(*ib));
	qsort(ia, a.marks.n, sizeof(*ia), str_cmp);
	qsort(ib, b.marks.n, sizeof(*ib), str_cmp);
	for (i = 0; i < a.marks.n; i++) {
		ck_assert_str_eq(ia[i], ib[i]);
		/* Unique within a report. */
		if (i > 0)
			ck_assert_str_ne(ia[i], ia[i - 1]);
	}
	free(ia);
	free(ib);
	run_release(&a);
	run_release(&b);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(test_id_normalised)
{
	struct arena	 a;
	const char	*k1[] = { "onprem:CN=A,DC=x", "cloud:1234" };
	const char	*k2[] = { "cloud:1234", "onprem:cn=a,dc=X " };

	arena_init(&a);
	ck_assert_str_eq(baseline_id(&a, "R", "mail", "A@B.com", k1, 2),
	    baseline_id(&a, "R", "Mail", " a@b.com", k2, 2));
	ck_assert_str_ne(baseline_id(&a, "R", "mail", "a@b.com", k1, 2),
	    baseline_id(&a, "R", "mail", "a@b.com", k1, 1));
	ck_assert_str_ne(baseline_id(&a, "R", "ab", "c", NULL, 0),
	    baseline_id(&a, "R", "a", "bc", NULL, 0));
	ck_assert(strncmp(baseline_id(&a, "R", "a", "b", NULL, 0), "R:", 2) ==
	    0);
	arena_release(&a);
}
END_TEST

/* Load the JSON report of r as a baseline into b. */
static void
baseline_of(struct run *r, struct baseline *b)
{
	char	*json = report_string("json", &r->ctx);
	char	 err[128];

	baseline_init(b);
	ck_assert_int_eq(baseline_load_buffer(b, json, strlen(json), err,
	    sizeof(err)), 0);
	free(json);
}

START_TEST(test_baseline_round_trip)
{
	struct run	 first, again;
	struct baseline	 old;
	char		*text;
	size_t		 i;

	run_init(&first, CI_ONPREM, CI_CLOUD, NULL);
	baseline_of(&first, &old);
	ck_assert_uint_eq(old.n, first.an.findings.n);
	run_init(&again, CI_ONPREM, CI_CLOUD, &old);
	for (i = 0; i < again.marks.n; i++)
		ck_assert_int_eq(again.marks.marks[i], BASELINE_PRESENT);
	ck_assert_uint_eq(again.marks.nfixed, 0);
	ck_assert_uint_eq(baseline_count_new(&again.marks,
	    &again.an.findings, SEV_ERROR), 0);
	ck_assert_uint_eq(baseline_count_new(&again.marks,
	    &again.an.findings, SEV_WARNING), 0);
	/* Without a baseline every finding counts, as before. */
	ck_assert_uint_eq(baseline_count_new(&first.marks,
	    &first.an.findings, SEV_ERROR),
	    findings_count(&first.an.findings, SEV_ERROR));
	text = report_string("text", &again.ctx);
	ck_assert_ptr_nonnull(strstr(text, "baseline: 0 new, 0 fixed"));
	ck_assert_ptr_null(strstr(text, "(new)"));
	free(text);
	run_release(&again);
	run_release(&first);
	baseline_release(&old);
}
END_TEST

static bool
has_fixed_rule(const struct baseline_marks *bm, const char *rule)
{
	size_t	i;

	for (i = 0; i < bm->nfixed; i++)
		if (strcmp(bm->fixed[i]->rule, rule) == 0)
			return true;
	return false;
}

START_TEST(test_baseline_new_and_fixed)
{
	char		*path = variant_file(false, "Ottoline");
	struct run	 reduced, full, later;
	struct baseline	 old_reduced, old_full;
	char		*json, *text;
	size_t		 i, nnew = 0;

	run_init(&reduced, path, CI_CLOUD, NULL);
	baseline_of(&reduced, &old_reduced);
	/* The certificates object arrives: its findings are new. */
	run_init(&full, CI_ONPREM, CI_CLOUD, &old_reduced);
	for (i = 0; i < full.marks.n; i++) {
		const struct finding *f = full.an.findings.list[i];
		bool is_otto = f->nobjects > 0 && f->objects[0].object->dn &&
		    strstr(f->objects[0].object->dn, "Ottoline") != NULL;

		ck_assert_int_eq(full.marks.marks[i], is_otto ?
		    BASELINE_NEW : BASELINE_PRESENT);
		nnew += is_otto;
	}
	ck_assert_uint_ge(nnew, 1);
	/* Its 17 certificates are not exported (a loss, not an error), and
	   its UPN suffix is rewritten: two warnings. */
	ck_assert_uint_eq(baseline_count_new(&full.marks, &full.an.findings,
	    SEV_ERROR), 0);
	ck_assert_uint_eq(baseline_count_new(&full.marks, &full.an.findings,
	    SEV_WARNING), 2);
	json = report_string("json", &full.ctx);
	ck_assert_ptr_nonnull(strstr(json, "\"baseline\": \"new\""));
	ck_assert_ptr_nonnull(strstr(json, "\"fixed\": []"));
	free(json);
	/* ... and leaves again: they are fixed, nothing is new. */
	baseline_of(&full, &old_full);
	run_init(&later, path, CI_CLOUD, &old_full);
	ck_assert_uint_eq(later.marks.nfixed, nnew);
	ck_assert(has_fixed_rule(&later.marks, "LargeObject"));
	ck_assert_uint_eq(baseline_count_new(&later.marks, &later.an.findings,
	    SEV_ERROR), 0);
	text = report_string("text", &later.ctx);
	ck_assert_ptr_nonnull(strstr(text, "Fixed since the baseline"));
	free(text);
	json = report_string("json", &later.ctx);
	ck_assert_ptr_nonnull(strstr(json, "\"fixed\": [\n"));
	free(json);
	run_release(&later);
	run_release(&full);
	run_release(&reduced);
	baseline_release(&old_full);
	baseline_release(&old_reduced);
	unlink(path);
	free(path);
}
END_TEST

/* Reports of earlier versions have no "id": it is recomputed. */
START_TEST(test_baseline_without_ids)
{
	struct run	 first, again;
	struct baseline	 old;
	json_t		*root, *findings;
	char		*json, *stripped, err[128];
	size_t		 i;

	run_init(&first, CI_ONPREM, CI_CLOUD, NULL);
	json = report_string("json", &first.ctx);
	root = json_loads(json, 0, NULL);
	ck_assert_ptr_nonnull(root);
	findings = json_object_get(root, "findings");
	for (i = 0; i < json_array_size(findings); i++)
		json_object_del(json_array_get(findings, i), "id");
	stripped = json_dumps(root, 0);
	ck_assert_ptr_null(strstr(stripped, "\"id\": \"InvalidSoftMatch"));
	baseline_init(&old);
	ck_assert_int_eq(baseline_load_buffer(&old, stripped,
	    strlen(stripped), err, sizeof(err)), 0);
	run_init(&again, CI_ONPREM, CI_CLOUD, &old);
	for (i = 0; i < again.marks.n; i++)
		ck_assert_int_eq(again.marks.marks[i], BASELINE_PRESENT);
	ck_assert_uint_eq(again.marks.nfixed, 0);
	run_release(&again);
	run_release(&first);
	baseline_release(&old);
	json_decref(root);
	free(stripped);
	free(json);
}
END_TEST

static const char *const bad_baselines[] = {
	"{\"findings\": []}",
	"[1, 2]",
	"{\"syncdoctor\": \"0.1.0\", \"findings\": [",
	"",
};

START_TEST(test_baseline_refuses)
{
	struct baseline	b;
	char		err[128] = "";

	baseline_init(&b);
	ck_assert_int_eq(baseline_load_buffer(&b, bad_baselines[_i],
	    strlen(bad_baselines[_i]), err, sizeof(err)), -1);
	ck_assert_str_ne(err, "");
	baseline_release(&b);
}
END_TEST

/* Append s to the list of values that must not appear. */
static void
add_secret(char ***list, size_t *n, const char *s, size_t len)
{
	/* The top-level domain stays readable on purpose (redact.h). */
	if (s == NULL || len < 4 || (len == 4 && strncmp(s, "test", 4) == 0))
		return;
	*list = xreallocarray(*list, *n + 1, sizeof(**list));
	(*list)[(*n)++] = xstrndup(s, len);
}

static void
add_address(char ***list, size_t *n, const char *s)
{
	const char	*at;

	if (s == NULL)
		return;
	if (strncasecmp(s, "smtp:", 5) == 0 || strncasecmp(s, "x500:", 5) == 0)
		s += 5;
	add_secret(list, n, s, strlen(s));
	if ((at = strchr(s, '@')) != NULL) {
		add_secret(list, n, s, (size_t)(at - s));
		add_secret(list, n, at + 1, strlen(at + 1));
	}
}

/* Every value of every object, its parts and other forms. */
static void
collect_secrets(const struct table *t, char ***list, size_t *n)
{
	size_t	i, k;
	char	guid[37];

	for (i = 0; i < table_count(t); i++) {
		const struct object	*o = table_get(t, i);
		const char		*names[] = { o->display_name,
					    o->given_name, o->surname,
					    o->sam_account_name,
					    o->mail_nickname, o->id,
					    object_anchor(o), object_guid_b64(o),
					    o->immutable_id };

		for (k = 0; k < ARRAY_SIZE(names); k++)
			if (names[k] != NULL)
				add_secret(list, n, names[k], strlen(names[k]));
		add_address(list, n, o->upn);
		add_address(list, n, o->mail);
		for (k = 0; k < o->nproxy_addresses; k++)
			add_address(list, n, o->proxy_addresses[k]);
		if (o->has_object_guid) {
			guid_format(o->object_guid, guid);
			add_secret(list, n, guid, 36);
		}
		if (o->has_immutable_id_bytes) {
			guid_format(o->immutable_id_bytes, guid);
			add_secret(list, n, guid, 36);
		}
		if (o->dn != NULL) {
			const char *p = o->dn;

			add_secret(list, n, o->dn, strlen(o->dn));
			while (*p != '\0') {
				size_t len = strcspn(p, ",");
				const char *eq = memchr(p, '=', len);

				if (eq != NULL)
					add_secret(list, n, eq + 1,
					    len - (size_t)(eq + 1 - p));
				p += len + (p[len] == ',');
			}
		}
	}
	add_secret(list, n, "onprem.ldif", 11);
	add_secret(list, n, "cloud-users", 11);
	add_secret(list, n, "testdata", 8);
	add_secret(list, n, "northwind", 9);
}

static bool
contains_ci(const char *hay, const char *needle)
{
	size_t	n = strlen(needle), i, k;

	for (i = 0; hay[i] != '\0'; i++) {
		for (k = 0; k < n && hay[i + k] != '\0' &&
		    tolower((unsigned char)hay[i + k]) ==
		    tolower((unsigned char)needle[k]); k++)
			;
		if (k == n)
			return true;
	}
	return false;
}

static const char *const formats[] = {
	"text", "json", "csv", "html", "md", "junit"
};

START_TEST(test_redact_leaks_nothing)
{
	struct run	  r;
	struct baseline	  old;
	struct redact	 *rd = redact_new();
	char		**secrets = NULL, *out, *plain;
	size_t		  nsecrets = 0, i;

	run_init(&r, CI_ONPREM, CI_CLOUD, NULL);
	/* A baseline too, so the fixed list is redacted as well. */
	baseline_of(&r, &old);
	baseline_marks_release(&r.marks);
	old.entries[0].id = "gone:0";
	baseline_marks_init(&r.marks, &r.an.findings, &old);
	ck_assert_uint_eq(r.marks.nfixed, 1);
	collect_secrets(r.t, &secrets, &nsecrets);
	ck_assert_uint_gt(nsecrets, 40);
	/* The plain report does have them: the check can fail. */
	plain = report_string(formats[_i], &r.ctx);
	ck_assert(contains_ci(plain, "Quartermaine"));
	free(plain);
	out = report_string_with(formats[_i], &r.ctx, rd);
	for (i = 0; i < nsecrets; i++)
		ck_assert_msg(!contains_ci(out, secrets[i]),
		    "%s report leaks '%s'", formats[_i], secrets[i]);
	ck_assert(contains_ci(out, "domain-1.test") ||
	    contains_ci(out, "domain-1"));
	for (i = 0; i < nsecrets; i++)
		free(secrets[i]);
	free(secrets);
	free(out);
	redact_free(rd);
	run_release(&r);
	baseline_release(&old);
}
END_TEST

START_TEST(test_redact_stable)
{
	struct redact		*rd = redact_new(), *again = redact_new();
	struct run		 r;
	char			*j1, *j2;
	const char		*a;

	a = redact_value(rd, "Zoe.Quint@Northwind.test");
	ck_assert_str_eq(a, "user-1@domain-1.test");
	ck_assert_str_eq(redact_value(rd, "zoe.quint@northwind.test"), a);
	ck_assert_str_eq(redact_value(rd, "SMTP:zoe.quint@northwind.test"),
	    "SMTP:user-1@domain-1.test");
	ck_assert_str_eq(redact_value(rd,
	    "CN=Zoe Quint,OU=Ledger,DC=eu,DC=northwind,DC=test"),
	    "CN=name-1,OU=name-2,DC=sub-1,DC=domain-1,DC=test");
	ck_assert_str_eq(redact_value(rd, "Zoe Quint"), "name-1");
	ck_assert_str_ne(redact_value(rd, "Another Name"), "name-1");
	ck_assert_str_eq(redact_value(rd, "4f129a97-5c3b-4ec4-9fdd-ef7479ad2c6b"),
	    "guid-1");
	ck_assert_str_eq(redact_text(rd,
	    "Set-ADUser -Identity 'CN=Zoe Quint,OU=Ledger,DC=eu,DC=northwind,"
	    "DC=test' for zoe.quint@northwind.test and x@y.example"),
	    "Set-ADUser -Identity 'CN=name-1,OU=name-2,DC=sub-1,DC=domain-1,"
	    "DC=test' for user-1@domain-1.test and user-2@domain-2.example");
	/* The same data, redacted twice: the same report. */
	run_init(&r, CI_ONPREM, CI_CLOUD, NULL);
	redact_free(rd);
	rd = redact_new();
	j1 = report_string_with("json", &r.ctx, rd);
	j2 = report_string_with("json", &r.ctx, again);
	ck_assert_str_eq(j1, j2);
	ck_assert_ptr_nonnull(strstr(j1, "\"redacted\": true"));
	free(j1);
	free(j2);
	redact_free(rd);
	redact_free(again);
	run_release(&r);
}
END_TEST

/* Each kind of view value, redacted alone: the form its pseudonym takes. */
static const struct kind_case {
	enum view_kind	 kind;
	const char	*text;
	const char	*want;
} kind_cases[] = {
	{ VK_DN, "CN=Zoe Quint,OU=Ledger,DC=northwind,DC=test",
	    "CN=name-1,OU=name-2,DC=domain-1,DC=test" },
	{ VK_UPN, "Zoe.Quint@Northwind.test", "user-1@domain-1.test" },
	{ VK_UPN, "zquint", "name-1" },
	{ VK_ADDRESS, "SMTP:zoe@northwind.test", "SMTP:user-1@domain-1.test" },
	{ VK_ANCHOR, "4f129a97-5c3b-4ec4-9fdd-ef7479ad2c6b", "guid-1" },
	{ VK_ANCHOR, "l5oSTztcxE6f3e90ea0saw==", "guid-1" },
	{ VK_ANCHOR, "EMP-0042", "anchor-1" },
	{ VK_ACCOUNT, "zquint", "user-1" },
	{ VK_NAME, "Zoe Quint", "name-1" },
	{ VK_DOMAIN, "eu.northwind.test", "sub-1.domain-1.test" },
	{ VK_DOMAIN, "northwind.onmicrosoft.com", "tenant-1.onmicrosoft.com" },
	{ VK_PATH, "/srv/exports/northwind.ldf", "input-1.ldf" },
	{ VK_LABEL, "Northwind forest", "input-1" },
	{ VK_DATA, "Ledger", "name-1" },
	{ VK_VALUE, "zoe@northwind.test", "user-1@domain-1.test" },
	{ VK_VALUE, "12.5", "12.5" },
	{ VK_PROSE, "mail zoe@northwind.test is taken",
	    "mail user-1@domain-1.test is taken" },
	{ VK_PROSE, "nothing to hide", "nothing to hide" },
};

/* A view of the given values only, as redact_view() walks them. */
static void
pool_view(struct report_view *v, struct view_value *values,
    struct view_value **pool, size_t n)
{
	size_t	i;

	memset(v, 0, sizeof(*v));
	for (i = 0; i < n; i++)
		pool[i] = &values[i];
	v->pool = pool;
	v->npool = n;
}

START_TEST(test_redact_kind)
{
	const struct kind_case	*c = &kind_cases[_i];
	struct view_value	 value = { c->kind, c->text };
	struct view_value	*pool[1];
	struct report_view	 v;
	struct redact		*rd = redact_new();

	pool_view(&v, &value, pool, 1);
	redact_view(rd, &v);
	ck_assert_str_eq(value.text, c->want);
	ck_assert(v.is_redacted);
	redact_free(rd);
}
END_TEST

/* A value met before a sentence is hidden in it; one met after is not. */
START_TEST(test_redact_pool_order)
{
	struct view_value	 values[] = {
		{ VK_NAME, "Zoe Quint" },
		{ VK_PROSE, "Zoe Quint keeps it, not Ann Ledger" },
		{ VK_NAME, "Ann Ledger" },
	};
	struct view_value	*pool[ARRAY_SIZE(values)];
	struct report_view	 v;
	struct redact		*rd = redact_new();

	pool_view(&v, values, pool, ARRAY_SIZE(values));
	redact_view(rd, &v);
	ck_assert_str_eq(values[0].text, "name-1");
	ck_assert_str_eq(values[1].text, "name-1 keeps it, not Ann Ledger");
	ck_assert_str_eq(values[2].text, "name-2");
	redact_free(rd);
}
END_TEST

/* ----- a small LDIF modify applier for the fix and undo files ----- */

struct model_value {
	char		*dn;
	char		*attribute;	/* lower case */
	char		*value;		/* bytes, NUL after len */
	size_t		 len;
};

struct model {
	struct model_value	*v;
	size_t			 n;
};

static void
model_add(struct model *m, const char *dn, const char *attribute,
    const void *value, size_t len)
{
	struct model_value	*mv;
	size_t			 i;

	m->v = xreallocarray(m->v, m->n + 1, sizeof(*m->v));
	mv = &m->v[m->n++];
	mv->dn = xstrdup(dn);
	mv->attribute = xstrdup(attribute);
	for (i = 0; mv->attribute[i] != '\0'; i++)
		mv->attribute[i] = (char)tolower((unsigned char)
		    mv->attribute[i]);
	mv->value = xmalloc(len + 1);
	memcpy(mv->value, value, len);
	mv->value[len] = '\0';
	mv->len = len;
}

/* Remove values of attribute on dn: all, or those equal to value. */
static size_t
model_delete(struct model *m, const char *dn, const char *attribute,
    const void *value, size_t len)
{
	size_t	i, kept = 0, removed = 0;

	for (i = 0; i < m->n; i++) {
		struct model_value *mv = &m->v[i];

		if (strcmp(mv->dn, dn) == 0 &&
		    strcasecmp(mv->attribute, attribute) == 0 &&
		    (value == NULL || (mv->len == len &&
		    memcmp(mv->value, value, len) == 0))) {
			free(mv->dn);
			free(mv->attribute);
			free(mv->value);
			removed++;
			continue;
		}
		m->v[kept++] = *mv;
	}
	m->n = kept;
	return removed;
}

static void
model_release(struct model *m)
{
	while (m->n > 0) {
		m->n--;
		free(m->v[m->n].dn);
		free(m->v[m->n].attribute);
		free(m->v[m->n].value);
	}
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* "name: value" or "name:: base64" into a decoded, NUL-ended value. */
static char *
line_value(const char *line, const char *name, size_t *len)
{
	size_t		 n = strlen(name);
	const char	*v;
	char		*out;
	long		 got;

	if (strncasecmp(line, name, n) != 0 || line[n] != ':')
		return NULL;
	v = line + n + 1;
	if (*v == ':') {
		v++;
		while (*v == ' ')
			v++;
		out = xmalloc(BASE64_ENCODED_SIZE(strlen(v)) + 1);
		got = base64_decode(v, strlen(v), (unsigned char *)out);
		ck_assert_int_ge(got, 0);
		out[got] = '\0';
		*len = (size_t)got;
		return out;
	}
	while (*v == ' ')
		v++;
	*len = strlen(v);
	return xstrdup(v);
}

/* Unfolded lines of an LDIF text, comments dropped; "" between records. */
static char **
ldif_lines(const char *text, size_t *n)
{
	char	**lines = NULL, *copy = xstrdup(text), *p, *nl;

	*n = 0;
	for (p = copy; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		ck_assert_ptr_nonnull(nl);
		*nl = '\0';
		ck_assert_uint_le(strlen(p), 76);
		if (*p == '#')
			continue;
		if (*p == ' ') {
			char *joined;

			ck_assert_uint_gt(*n, 0);
			joined = xasprintf("%s%s", lines[*n - 1], p + 1);
			free(lines[*n - 1]);
			lines[*n - 1] = joined;
			continue;
		}
		lines = xreallocarray(lines, *n + 1, sizeof(*lines));
		lines[(*n)++] = xstrdup(p);
	}
	free(copy);
	return lines;
}

/* Apply every change record of text to m; the number applied. */
static size_t
model_apply(struct model *m, const char *text)
{
	size_t	  n, i = 0, nrecords = 0, len;
	char	**lines = ldif_lines(text, &n), *dn = NULL, *v;

	while (i < n) {
		if (lines[i][0] == '\0') {
			i++;
			continue;
		}
		dn = line_value(lines[i++], "dn", &len);
		ck_assert_ptr_nonnull(dn);
		ck_assert_str_eq(lines[i++], "changetype: modify");
		while (i < n && lines[i][0] != '\0') {
			char	*op = lines[i++], *attribute = strchr(op, ':');
			size_t	 nvalues = 0;

			ck_assert_ptr_nonnull(attribute);
			*attribute = '\0';
			attribute += 2;
			if (strcmp(op, "replace") == 0)
				model_delete(m, dn, attribute, NULL, 0);
			for (; strcmp(lines[i], "-") != 0; i++, nvalues++) {
				v = line_value(lines[i], attribute, &len);
				ck_assert_ptr_nonnull(v);
				if (strcmp(op, "delete") == 0)
					ck_assert_uint_eq(model_delete(m, dn,
					    attribute, v, len), 1);
				else
					model_add(m, dn, attribute, v, len);
				free(v);
			}
			if (strcmp(op, "delete") == 0 && nvalues == 0)
				ck_assert_uint_gt(model_delete(m, dn,
				    attribute, NULL, 0), 0);
			i++;
		}
		free(dn);
		nrecords++;
	}
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	return nrecords;
}

/* The on-premises proxies and ConsistencyGuids of t. */
static void
model_of(struct model *m, const struct table *t)
{
	size_t	i, k;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < table_count(t); i++) {
		const struct object *o = table_get(t, i);

		if (o->side != SIDE_ONPREM || o->dn == NULL)
			continue;
		for (k = 0; k < o->nproxy_addresses; k++)
			model_add(m, o->dn, "proxyAddresses",
			    o->proxy_addresses[k],
			    strlen(o->proxy_addresses[k]));
		if (o->rare->consistency_guid_len > 0)
			model_add(m, o->dn, "mS-DS-ConsistencyGuid",
			    o->rare->consistency_guid, o->rare->consistency_guid_len);
	}
}

static int
model_value_cmp(const void *pa, const void *pb)
{
	const struct model_value	*a = pa, *b = pb;
	int				 c;

	if ((c = strcmp(a->dn, b->dn)) != 0 ||
	    (c = strcmp(a->attribute, b->attribute)) != 0)
		return c;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return memcmp(a->value, b->value, a->len);
}

static bool
model_eq(struct model *a, struct model *b)
{
	size_t	i;

	if (a->n != b->n)
		return false;
	qsort(a->v, a->n, sizeof(*a->v), model_value_cmp);
	qsort(b->v, b->n, sizeof(*b->v), model_value_cmp);
	for (i = 0; i < a->n; i++)
		if (model_value_cmp(&a->v[i], &b->v[i]) != 0)
			return false;
	return true;
}

static size_t
model_count(const struct model *m, const char *attribute, const char *needle)
{
	size_t	i, n = 0;

	for (i = 0; i < m->n; i++)
		if (strcasecmp(m->v[i].attribute, attribute) == 0 &&
		    (needle == NULL || contains_ci(m->v[i].value, needle)))
			n++;
	return n;
}

/* Write the fix and undo files of r into *fix and *undo. */
static void
fix_files(struct run *r, char **fix, char **undo, struct fixldif_stats *st)
{
	size_t	 lf = 0, lu = 0;
	FILE	*mf = open_memstream(fix, &lf);
	FILE	*mu = open_memstream(undo, &lu);

	ck_assert_ptr_nonnull(mf);
	ck_assert_ptr_nonnull(mu);
	fixldif_write(mf, mu, &r->an, r->t, &r->marks, st);
	fclose(mf);
	fclose(mu);
}

static size_t
count_substr(const char *hay, const char *needle)
{
	size_t	n = 0;

	for (; (hay = strstr(hay, needle)) != NULL; hay++)
		n++;
	return n;
}

START_TEST(test_fixldif_parses)
{
	struct run		 r;
	struct fixldif_stats	 st;
	char			*files[2];
	size_t			 i;

	run_init(&r, CI_ONPREM, CI_CLOUD, NULL);
	fix_files(&r, &files[0], &files[1], &st);
	ck_assert_uint_eq(st.nchanges, 2);
	ck_assert_uint_ge(st.nfixed, 2);
	ck_assert_uint_ge(st.ndecision, 2);	/* UPN duplicate, certs */
	ck_assert_uint_eq(st.ncertificates, 1);
	ck_assert_ptr_nonnull(strstr(files[0], "\ndelete: proxyAddresses\n"
	    "proxyAddresses: smtp:Shared.Desk@northwind.test\n-\n"));
	ck_assert_ptr_nonnull(strstr(files[0],
	    "\nreplace: mS-DS-ConsistencyGuid\nmS-DS-ConsistencyGuid:: "));
	/* The DN with a non-ASCII character is base64, and folded. */
	ck_assert_ptr_nonnull(strstr(files[0], "\ndn:: Q049xb1lbGprYSBC"));
	ck_assert_ptr_nonnull(strstr(files[0], "# InvalidSoftMatch:"));
	ck_assert_ptr_null(strstr(files[0], "quill.desk"));
	for (i = 0; i < 2; i++) {
		struct diag		 dg;
		struct input_stats	*in;
		struct limits		 lim;
		FILE			*fp;

		diag_init(&dg, NULL);
		limits_init(&lim);
		in = diag_input_begin(&dg, "fix.ldif", "ldif", "onprem");
		fp = fmemopen(files[i], strlen(files[i]), "r");
		ck_assert_ptr_nonnull(fp);
		ck_assert_int_eq(ldif_parse(fp, "fix.ldif", &lim, &dg,
		    CONTENT_OBJECTS, load_record, NULL), 0);
		fclose(fp);
		/* Every record is a change: skipped, none rejected. */
		ck_assert_uint_eq(in->rejected, 0);
		ck_assert_uint_eq(in->values_rejected, 0);
		ck_assert_uint_eq(in->skipped, count_substr(files[i],
		    "changetype: modify"));
		ck_assert_uint_eq(in->skipped, 2);
		diag_release(&dg);
		free(files[i]);
	}
	run_release(&r);
}
END_TEST

START_TEST(test_fixldif_undo_restores)
{
	struct run		 r;
	struct fixldif_stats	 st;
	struct model		 before, m;
	char			*fix, *undo;

	run_init(&r, CI_ONPREM, CI_CLOUD, NULL);
	fix_files(&r, &fix, &undo, &st);
	model_of(&before, r.t);
	model_of(&m, r.t);
	ck_assert_uint_eq(model_count(&m, "proxyAddresses", "shared.desk"), 2);
	ck_assert_uint_eq(model_count(&m, "mS-DS-ConsistencyGuid", NULL), 0);
	ck_assert_uint_eq(model_apply(&m, fix), st.nchanges);
	/* Only the keeper (SMTP: primary) holds the address now. */
	ck_assert_uint_eq(model_count(&m, "proxyAddresses", "shared.desk"), 1);
	ck_assert_uint_eq(model_count(&m, "proxyAddresses",
	    "SMTP:shared.desk"), 1);
	ck_assert_uint_eq(model_count(&m, "mS-DS-ConsistencyGuid", NULL), 1);
	ck_assert(!model_eq(&m, &before));
	ck_assert_uint_eq(model_apply(&m, undo), st.nchanges);
	ck_assert(model_eq(&m, &before));
	model_release(&m);
	model_release(&before);
	free(fix);
	free(undo);
	run_release(&r);
}
END_TEST

static bool
is_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/*
 * The proposed value a finding shows in JSON is the value --fix-ldif
 * writes for it: one source, so the two never differ.
 */
START_TEST(test_fixldif_writes_proposed)
{
	struct run		 r;
	struct fixldif_stats	 st;
	char			*files[2], *json, *want;
	const char		*old;
	json_t			*root, *findings, *f;
	size_t			 i, nproposed = 0;

	run_init(&r, SD_SRCDIR
	    "/testdata/rules/IdentityDataValidationFailed/proposed/onprem.ldif",
	    CI_CLOUD, NULL);
	json = report_string("json", &r.ctx);
	fix_files(&r, &files[0], &files[1], &st);
	root = json_loads(json, 0, NULL);
	ck_assert_ptr_nonnull(root);
	findings = json_object_get(root, "findings");
	json_array_foreach(findings, i, f) {
		const char *proposed = json_string_value(json_object_get(f,
		    "proposedValue"));
		const char *attribute = json_string_value(json_object_get(f,
		    "attribute"));

		if (proposed == NULL)
			continue;
		nproposed++;
		want = xasprintf("\nreplace: %s\n%s: %s\n-\n", attribute,
		    attribute, proposed);
		ck_assert_msg(strstr(files[0], want) != NULL,
		    "fix file lacks %s", want);
		free(want);
		/* the undo file puts the old value back (base64 if not ASCII) */
		old = json_string_value(json_object_get(json_array_get(
		    json_object_get(f, "objects"), 0), "value"));
		want = xasprintf("\nreplace: %s\n%s:", attribute, attribute);
		ck_assert_msg(strstr(files[1], want) != NULL,
		    "undo file lacks %s", want);
		free(want);
		want = xasprintf("\n%s: %s\n", attribute, old);
		ck_assert_msg(!is_ascii(old) || strstr(files[1], want) != NULL,
		    "undo file lacks %s", want);
		free(want);
	}
	/* a.b, bo.dahl, the two sAMAccountNames */
	ck_assert_uint_ge(nproposed, 4);
	ck_assert_uint_eq(st.nchanges, nproposed);
	json_decref(root);
	free(json);
	free(files[0]);
	free(files[1]);
	run_release(&r);
}
END_TEST

/*
 * --redact gives a proposed value the pseudonym the remediation steps
 * quote it with: the value and the steps stay in step.
 */
START_TEST(test_redact_proposed)
{
	struct run		 r;
	struct redact		*rd = redact_new();
	char			*json;
	json_t			*root, *f, *steps, *step;
	size_t			 i, k, nproposed = 0;

	run_init(&r, SD_SRCDIR
	    "/testdata/rules/IdentityDataValidationFailed/proposed/onprem.ldif",
	    CI_CLOUD, NULL);
	json = report_string_with("json", &r.ctx, rd);
	root = json_loads(json, 0, NULL);
	ck_assert_ptr_nonnull(root);
	json_array_foreach(json_object_get(root, "findings"), i, f) {
		const char *proposed = json_string_value(json_object_get(f,
		    "proposedValue"));
		bool is_quoted = false;

		if (proposed == NULL)
			continue;
		nproposed++;
		ck_assert_msg(strstr(proposed, "contoso") == NULL &&
		    strstr(proposed, "dahl") == NULL, "not redacted: %s",
		    proposed);
		steps = json_object_get(f, "remediation");
		json_array_foreach(steps, k, step)
			if (strstr(json_string_value(step), proposed) != NULL)
				is_quoted = true;
		ck_assert_msg(is_quoted, "no step quotes %s", proposed);
	}
	ck_assert_uint_ge(nproposed, 4);
	json_decref(root);
	free(json);
	redact_free(rd);
	run_release(&r);
}
END_TEST

static unsigned long	tapped;

static int
count_record(const struct record *rec, void *arg)
{
	(void)rec;
	(void)arg;
	tapped++;
	return 0;
}

START_TEST(test_progress)
{
	struct progress		p;
	struct progress_tap	tap;
	struct record		rec;
	char			*buf = NULL;
	size_t			 len = 0, i;
	FILE			*mem = open_memstream(&buf, &len);

	ck_assert_int_eq(progress_when_parse("auto"), PROGRESS_AUTO);
	ck_assert_int_eq(progress_when_parse("ALWAYS"), PROGRESS_ALWAYS);
	ck_assert_int_eq(progress_when_parse("never"), PROGRESS_NEVER);
	ck_assert_int_eq(progress_when_parse("sometimes"), -1);
	/* A pipe or file is no terminal: never in logs unless asked. */
	ck_assert(!progress_is_wanted(PROGRESS_AUTO, mem));
	ck_assert(progress_is_wanted(PROGRESS_ALWAYS, mem));
	ck_assert(!progress_is_wanted(PROGRESS_NEVER, stderr));
	progress_init(&p, NULL);
	progress_file_begin(&p, CI_ONPREM);
	progress_record(&p, NULL);
	progress_file_end(&p, 1);
	progress_init(&p, mem);
	progress_file_begin(&p, CI_ONPREM);
	memset(&rec, 0, sizeof(rec));
	tap.progress = &p;
	tap.in = NULL;
	tap.emit = count_record;
	tap.arg = NULL;
	for (i = 0; i < 3 * PROGRESS_EVERY; i++)
		ck_assert_int_eq(progress_tap_record(&rec, &tap), 0);
	ck_assert_uint_eq(tapped, 3 * PROGRESS_EVERY);
	ck_assert_uint_eq(p.records, 3 * PROGRESS_EVERY);
	fclose(mem);
	free(buf);
}
END_TEST

/* The report does not depend on how many threads ran the rules. */
START_TEST(test_threads_same_report)
{
	static const unsigned	 threads[] = { 1, 2, 3, 8 };
	struct run		 r;
	char			*first = NULL, *json;
	size_t			 i;

	for (i = 0; i < ARRAY_SIZE(threads); i++) {
		run_init_threads(&r, SD_SRCDIR "/testdata/sample/onprem.ldf",
		    SD_SRCDIR "/testdata/sample/cloud-users.csv", NULL,
		    threads[i]);
		ck_assert_uint_gt(r.an.findings.n, 20);
		json = report_string("json", &r.ctx);
		if (first == NULL)
			first = json;
		else {
			ck_assert_str_eq(json, first);
			free(json);
		}
		run_release(&r);
	}
	free(first);
}
END_TEST

/* The number of lines of s that end with suffix. */
static size_t
lines_ending(const char *s, const char *suffix)
{
	size_t		 n = 0, len = strlen(suffix);
	const char	*e;

	for (; (e = strchr(s, '\n')) != NULL; s = e + 1)
		if ((size_t)(e - s) >= len &&
		    memcmp(e - len, suffix, len) == 0)
			n++;
	return n;
}

START_TEST(test_timings)
{
	struct timings		*tm = timings_new();
	struct analysis_run_options ro = { 0 };
	struct run		 r;
	struct input_request	 req;
	struct input_options	 iopt;
	char			*buf = NULL;
	size_t			 len = 0, i, lines = 0;
	FILE			*mem = open_memstream(&buf, &len);

	/* A NULL struct timings is off: every call does nothing. */
	timings_mark(NULL, "index", NULL);
	timings_print(NULL, mem);
	timings_free(NULL);

	memset(&r, 0, sizeof(r));
	diag_init(&r.dg, NULL);
	limits_init(&r.lim);
	r.t = table_new(0);
	memset(&req, 0, sizeof(req));
	req.path = CI_ONPREM;
	req.side = "onprem";
	memset(&iopt, 0, sizeof(iopt));
	iopt.limits = &r.lim;
	ck_assert_int_eq(input_load(r.t, &r.dg, &req, &iopt), 0);
	timings_mark(tm, "read and load", "dir/\x1b[2Jname.ldif");
	r.opt.is_resiliency_on = true;
	ro.threads = 2;
	ro.timings = tm;
	analysis_run(&r.an, r.t, &r.opt, NULL, 0, &ro);
	timings_print(tm, mem);
	fclose(mem);

	ck_assert(strncmp(buf, "   wall s     cpu s  peak MiB  phase\n",
	    37) == 0);
	ck_assert_ptr_null(strchr(buf, '\x1b'));
	ck_assert_ptr_nonnull(strstr(buf, "read and load dir/"));
	ck_assert_uint_eq(lines_ending(buf, "  index"), 1);
	ck_assert_uint_eq(lines_ending(buf, "  rules on 2 threads"), 1);
	ck_assert_uint_eq(lines_ending(buf, "  match simulation"), 1);
	ck_assert_uint_eq(lines_ending(buf, "  sort and reconcile"), 1);
	ck_assert_uint_eq(lines_ending(buf, "  total"), 1);
	/* Every rule that ran, once; none that could not run. */
	for (i = 0; i < r.an.nruns; i++) {
		char *name = xasprintf("    rule %s", r.an.runs[i].rule->id);

		ck_assert_uint_eq(lines_ending(buf, name),
		    r.an.runs[i].did_run ? 1 : 0);
		lines += r.an.runs[i].did_run;
		free(name);
	}
	ck_assert_uint_gt(lines, 5);
	/* Header, load, index, match, rules and each rule, sort, total. */
	ck_assert_uint_eq(lines_ending(buf, ""), lines + 7);
	timings_free(tm);
	analysis_release(&r.an);
	table_free(r.t);
	diag_release(&r.dg);
	free(buf);
}
END_TEST


/*
 * Each command with each option: 'h' the command acts on it (runs, exit 0
 * or 1), 'r' it refuses it (exit 2, naming the option).  objects-p is
 * objects with --predict.  A row per option; a new option is a new row.
 */
enum { CMD_ANALYZE, CMD_OBJECTS, CMD_OBJECTS_PREDICT, CMD_RULES,
    CMD_EXPLAIN, CMD_MAX };

static const struct option_case {
	const char	*option;
	const char	*arg;		/* NULL: takes none; "@": a temp path */
	const char	 want[CMD_MAX + 1];	/* by CMD_*: 'h' or 'r' */
} option_cases[] = {
	{ "--onprem",		CI_ONPREM,	"hhhrr" },
	{ "--cloud",		CI_CLOUD,	"hhhrr" },
	{ "--roles",		SD_SRCDIR "/testdata/sample/roles.csv", "hhhrr" },
	{ "--domains",		SD_SRCDIR "/testdata/sample/domains.csv", "hhhrr" },
	{ "--verified-domains",	"northwind.test", "hhhrr" },
	{ "--cloud-type",	"user",		"hhhrr" },
	{ "--source-anchor",	"objectGUID",	"hhhrr" },
	{ "--resiliency",	"off",		"hrhrr" },
	{ "--block-soft-match",	NULL,		"hrhrr" },
	{ "--block-hard-match-takeover", NULL,	"hrhrr" },
	{ "--soft-match-keys",	"all",		"hrhrr" },
	{ "--delete-threshold",	"10",		"hrhrr" },
	{ "--member-limit",	"50000",	"hhhrr" },
	{ "--group-anchor",	"objectGUID",	"hhhrr" },
	{ "--forest-join",	"mail",		"hhhrr" },
	{ "--policy",		SD_SRCDIR "/docs/policy-example.ini", "hrrrh" },
	{ "--rule",		"LargeObject",	"hrrrr" },
	{ "--format",		"text",		"hhhhr" },
	{ "--format",		"json",		"hhhrr" },
	{ "--format",		"html",		"hhhrr" },
	{ "--format",		"csv",		"hhhrr" },
	{ "--format",		"md",		"hrrhr" },
	{ "--format",		"junit",	"hrrrr" },
	{ "--format",		"lint",		"hrrrr" },
	{ "--output",		"@",		"hhhrr" },
	{ "-o",			"@",		"hhhrr" },
	{ "--fail-on",		"never",	"hrrrr" },
	{ "--baseline",		SD_SRCDIR "/testdata/golden/baseline/baseline.json", "hrrrr" },
	{ "--redact",		NULL,		"hhhrr" },
	{ "--predict",		NULL,		"rhhrr" },
	{ "--fix-ldif",		"@",		"hrrrr" },
	{ "--progress",		"never",	"hhhrr" },
	{ "--timings",		NULL,		"hrrrr" },
	{ "--threads",		"1",		"hrhrr" },
	{ "--partial",		NULL,		"hhhrr" },
	{ "--color",		"never",	"hrrrr" },
	{ "--quiet",		NULL,		"hhhrr" },
	{ "-q",			NULL,		"hhhrr" },
	{ "--max-value-bytes",	"1000000",	"hhhrr" },
	{ "--max-record-bytes",	"1000000",	"hhhrr" },
	{ "--max-values",	"1000",		"hhhrr" },
	{ "--max-depth",	"32",		"hhhrr" },
};

/* Run argv with stdout and stderr to files in dir; its exit status. */
static int
run_program(char *const argv[], const char *dir)
{
	char	*out = xasprintf("%s/stdout", dir);
	char	*err = xasprintf("%s/stderr", dir);
	pid_t	 pid;
	int	 status;

	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		if (freopen(out, "w", stdout) == NULL ||
		    freopen(err, "w", stderr) == NULL)
			_exit(98);
		execv(argv[0], argv);
		_exit(99);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	free(out);
	free(err);
	ck_assert(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* The first 64 KiB of dir/name, as a string the caller frees. */
static char *
slurp(const char *dir, const char *name)
{
	char	*path = xasprintf("%s/%s", dir, name);
	FILE	*fp = fopen(path, "r");
	char	*buf = xcalloc(1, 65536);

	ck_assert_ptr_nonnull(fp);
	(void)fread(buf, 1, 65535, fp);
	fclose(fp);
	free(path);
	return buf;
}

/* Remove what a run may have left in dir, then dir. */
static void
remove_run_dir(const char *dir)
{
	static const char *const names[] = { "stdout", "stderr", "out",
	    "out.undo.ldif" };
	size_t	i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		char	*path = xasprintf("%s/%s", dir, names[i]);

		(void)unlink(path);
		free(path);
	}
	ck_assert_int_eq(rmdir(dir), 0);
}

/*
 * What -o and --fix-ldif write follows the umask, or keeps the mode of
 * the file it replaces (it was 0600 whatever the umask: mkstemp's).
 */
static const struct output_mode_case {
	const char	*option;	/* writes dir/out */
	mode_t		 umask;
	int		 old_mode;	/* of dir/out before; -1: none */
	mode_t		 want;		/* of dir/out (and out.undo.ldif) */
} output_mode_cases[] = {
	{ "-o",		022, -1,   0644 },
	{ "-o",		027, -1,   0640 },
	{ "-o",		022, 0664, 0664 },
	{ "--fix-ldif",	022, -1,   0644 },
	{ "--fix-ldif",	002, -1,   0664 },
};

static mode_t
mode_of(const char *dir, const char *name)
{
	char		*path = xasprintf("%s/%s", dir, name);
	struct stat	 st;

	ck_assert_int_eq(stat(path, &st), 0);
	free(path);
	return st.st_mode & 07777;
}

START_TEST(test_output_mode)
{
	const struct output_mode_case *c = &output_mode_cases[_i];
	const char	*program = getenv("SYNCDOCTOR");
	char		 dir[] = "/tmp/sd-modeXXXXXX";
	char		*argv[8], *out;
	mode_t		 saved;
	FILE		*fp;

	if (program == NULL)
		program = "../syncdoctor";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	out = xasprintf("%s/out", dir);
	if (c->old_mode >= 0) {
		ck_assert_ptr_nonnull(fp = fopen(out, "w"));
		fclose(fp);
		ck_assert_int_eq(chmod(out, (mode_t)c->old_mode), 0);
	}
	argv[0] = (char *)program;
	argv[1] = "analyze";
	argv[2] = (char *)c->option;
	argv[3] = out;
	argv[4] = CI_ONPREM;
	argv[5] = NULL;
	saved = umask(c->umask);
	ck_assert_int_le(run_program(argv, dir), 1);
	umask(saved);
	ck_assert_uint_eq(mode_of(dir, "out"), c->want);
	if (strcmp(c->option, "--fix-ldif") == 0)
		ck_assert_uint_eq(mode_of(dir, "out.undo.ldif"), c->want);
	free(out);
	remove_run_dir(dir);
}
END_TEST

/* How a refusal of c by cmd quotes it. */
static char *
refused_name(const struct option_case *c, int cmd)
{
	if (strcmp(c->option, "--format") == 0 && cmd != CMD_EXPLAIN)
		return xasprintf("'%s'", c->arg);
	if (strcmp(c->option, "-o") == 0)
		return xstrdup("'--output'");
	if (strcmp(c->option, "-q") == 0)
		return xstrdup("'--quiet'");
	return xasprintf("'%s'", c->option);
}

START_TEST(test_option_honoured_or_refused)
{
	const struct option_case *c = &option_cases[_i / CMD_MAX];
	int		 cmd = _i % CMD_MAX;
	const char	*program = getenv("SYNCDOCTOR");
	char		 dir[] = "/tmp/sd-optionsXXXXXX";
	char		*argv[12], *target = NULL, *err, *quoted;
	size_t		 n = 0;
	int		 rc;

	if (program == NULL)
		program = "../syncdoctor";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	argv[n++] = (char *)program;
	argv[n++] = cmd == CMD_ANALYZE ? "analyze" : cmd == CMD_RULES ?
	    "rules" : cmd == CMD_EXPLAIN ? "explain" : "objects";
	if (cmd == CMD_EXPLAIN)
		argv[n++] = "LargeObject";
	if (cmd == CMD_OBJECTS_PREDICT && strcmp(c->option, "--predict") != 0)
		argv[n++] = "--predict";
	argv[n++] = (char *)c->option;
	if (c->arg != NULL) {
		target = strcmp(c->arg, "@") == 0 ?
		    xasprintf("%s/out", dir) : xstrdup(c->arg);
		argv[n++] = target;
	}
	if (cmd != CMD_RULES && cmd != CMD_EXPLAIN)
		argv[n++] = CI_ONPREM;
	argv[n] = NULL;
	rc = run_program(argv, dir);
	err = slurp(dir, "stderr");
	quoted = refused_name(c, cmd);
	if (c->want[cmd] == 'r') {
		ck_assert_msg(rc == 2, "%s %s: exit %d, want 2", argv[1],
		    c->option, rc);
		ck_assert_msg(strstr(err, quoted) != NULL,
		    "%s %s: the refusal does not name %s: %s", argv[1],
		    c->option, quoted, err);
	} else
		ck_assert_msg(rc == 0 || rc == 1, "%s %s: exit %d: %s",
		    argv[1], c->option, rc, err);
	free(quoted);
	free(err);
	free(target);
	remove_run_dir(dir);
}
END_TEST

static Suite *
ci_suite(void)
{
	Suite	*s = suite_create("ci");
	TCase	*tc = tcase_create("ci");

	tcase_add_test(tc, test_ids_ignore_order_and_lines);
	tcase_add_test(tc, test_id_normalised);
	tcase_add_test(tc, test_baseline_round_trip);
	tcase_add_test(tc, test_baseline_new_and_fixed);
	tcase_add_test(tc, test_baseline_without_ids);
	tcase_add_loop_test(tc, test_baseline_refuses, 0,
	    ARRAY_SIZE(bad_baselines));
	tcase_add_loop_test(tc, test_redact_leaks_nothing, 0,
	    ARRAY_SIZE(formats));
	tcase_add_test(tc, test_redact_stable);
	tcase_add_loop_test(tc, test_redact_kind, 0, ARRAY_SIZE(kind_cases));
	tcase_add_test(tc, test_redact_pool_order);
	tcase_add_test(tc, test_fixldif_parses);
	tcase_add_test(tc, test_fixldif_undo_restores);
	tcase_add_test(tc, test_fixldif_writes_proposed);
	tcase_add_test(tc, test_redact_proposed);
	tcase_add_test(tc, test_progress);
	tcase_add_test(tc, test_timings);
	tcase_add_test(tc, test_threads_same_report);
	tcase_add_loop_test(tc, test_option_honoured_or_refused, 0,
	    ARRAY_SIZE(option_cases) * CMD_MAX);
	tcase_add_loop_test(tc, test_output_mode, 0,
	    ARRAY_SIZE(output_mode_cases));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(ci_suite());
}
