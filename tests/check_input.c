/*
 * Check suite for the input layer's pipeline (parsers/pipe.c, through
 * src/input.c): every input is loaded twice, parsed here
 * (INPUT_PIPELINE_NEVER) and parsed on a thread of its own
 * (INPUT_PIPELINE_ALWAYS), and the two loads must say the same messages
 * in the same order, print the same stderr, count the same records and
 * build the same objects.  Not a test of what the parsers or the loader
 * decide: their own suites and the golden files are.  Then whole inputs:
 * each kind of unusable input gives its fatal message and -1, and an
 * input given twice is read once.  The parser thread is also run alone,
 * with no loader behind it, and two parses run at once.
 */
#include "config.h"

#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input.h"
#include "pipe.h"
#include "report.h"
#include "view.h"
#include "testutil.h"
#include "xalloc.h"

#define DATA	SD_SRCDIR "/testdata/"

static const struct input_case {
	const char		*path;		/* under testdata/, or generated */
	const char		*side;
	enum input_content	 content;
} input_cases[] = {
	{ "ldif/ldifde.ldf",			"onprem", CONTENT_OBJECTS },
	{ "ldif/ldapsearch.ldif",		"onprem", CONTENT_OBJECTS },
	{ "ldif/ldbsearch.ldif",		"onprem", CONTENT_OBJECTS },
	{ "golden/hostile/hostile.ldif",	"onprem", CONTENT_OBJECTS },
	{ "sample/onprem.ldf",			"onprem", CONTENT_OBJECTS },
	{ "sample/cloud-users.csv",		"cloud", CONTENT_OBJECTS },
	{ "hostile/clixml-empty-object.clixml",	"cloud", CONTENT_OBJECTS },
	{ "hostile/clixml-empty-string.clixml",	"cloud", CONTENT_OBJECTS },
	{ "hostile/csv-utf16-empty-buffer.csv",	"cloud", CONTENT_OBJECTS },
	{ "cloud/admin-center-users.csv",	"cloud", CONTENT_OBJECTS },
	{ "cloud/array.json",			"cloud", CONTENT_OBJECTS },
	{ "cloud/billion-laughs.clixml",	"cloud", CONTENT_OBJECTS },
	{ "cloud/broken.csv",			"cloud", CONTENT_OBJECTS },
	{ "cloud/deep.clixml",			"cloud", CONTENT_OBJECTS },
	{ "cloud/empty.csv",			"cloud", CONTENT_OBJECTS },
	{ "cloud/groups.csv",			"cloud", CONTENT_OBJECTS },
	{ "cloud/msonline-users.csv",		"cloud", CONTENT_OBJECTS },
	{ "cloud/pages-concat.json",		"cloud", CONTENT_OBJECTS },
	{ "cloud/truncated.json",		"cloud", CONTENT_OBJECTS },
	{ "cloud/users-page.json",		"cloud", CONTENT_OBJECTS },
	{ "cloud/users-ps51-utf16.csv",		"cloud", CONTENT_OBJECTS },
	{ "cloud/users-ps51.csv",		"cloud", CONTENT_OBJECTS },
	{ "cloud/users-ps7.csv",		"cloud", CONTENT_OBJECTS },
	{ "cloud/users-utf16.clixml",		"cloud", CONTENT_OBJECTS },
	{ "cloud/users.clixml",			"cloud", CONTENT_OBJECTS },
	{ "cloud/users.jsonl",			"cloud", CONTENT_OBJECTS },
	{ "cloud/xxe.clixml",			"cloud", CONTENT_OBJECTS },
	{ "cloud/roles.csv",			NULL, CONTENT_ROLES },
	{ "cloud/role-assignments.json",	NULL, CONTENT_ROLES },
	{ "cloud/domains-mg.csv",		NULL, CONTENT_DOMAINS },
	{ "cloud/domains.json",			NULL, CONTENT_DOMAINS },
	{ "input/nul-upn.ldif",			"onprem", CONTENT_OBJECTS },
	{ "ldif/concatenated.ldif",		"onprem", CONTENT_OBJECTS },
	{ "does-not-exist.ldif",		"onprem", CONTENT_OBJECTS },
	/* Made by setup: many batches, parser and loader messages mixed. */
	{ "@many.ldif",				"onprem", CONTENT_OBJECTS },
	{ "@many.csv",				"cloud", CONTENT_OBJECTS },
};

/* Everything one load produced, as text and numbers. */
struct loaded {
	struct table	*t;
	struct diag	 dg;
	char		*path;		/* the messages point to it */
	char		*echo;		/* what diag printed */
	size_t		 echolen;
	char		*objects;	/* report_objects_json of the table */
	size_t		 objectslen;
	int		 rc;
};

static char	 many_ldif[] = "/tmp/check_input_XXXXXX";
static char	 many_csv[] = "/tmp/check_input_XXXXXX";
static char	 wide_csv[] = "/tmp/check_input_XXXXXX";

/*
 * Enough LDIF records for many batches (PIPE_BATCH_ITEMS is 4096), with
 * the parser's messages (no colon, bad base64, change records) and the
 * loader's (same dn twice, invalid UTF-8) between them.
 */
static void
write_many_ldif(FILE *fp)
{
	int	i;

	fprintf(fp, "version: 1\n\n");
	for (i = 0; i < 30000; i++) {
		fprintf(fp, "dn: CN=User %d,OU=Staff,DC=contoso,DC=com\n",
		    i % 13 == 0 && i > 0 ? i - 1 : i);
		if (i % 11 == 0)
			fprintf(fp, "changetype: modify\nreplace: mail\n"
			    "mail: u%d@contoso.com\n-\n\n", i);
		fprintf(fp, "objectClass: top\nobjectClass: user\n"
		    "objectGUID:: AAECAwQFBgcICQoLDA0O%c%c==\n"
		    "sAMAccountName: user%d\n"
		    "userPrincipalName: user%d@contoso.com\n"
		    "proxyAddresses: SMTP:user%d@contoso.com\n"
		    "proxyAddresses: smtp:u%d@contoso.mail.onmicrosoft.com\n"
		    "description: a long value folded\n  over two lines %d\n",
		    'A' + i % 26, 'A' + i / 26 % 26, i, i, i, i, i);
		if (i % 7 == 0)
			fprintf(fp, "this line has no colon\n");
		if (i % 19 == 0)
			fprintf(fp, "mail:: !!not base64!!\n");
		if (i % 17 == 0)
			fprintf(fp, "displayName: bad \xff\xfe bytes\n");
		fputc('\n', fp);
	}
}

/* The same for CSV: short rows, and ids said twice (merged). */
static void
write_many_csv(FILE *fp)
{
	int	i;

	fprintf(fp, "\"Id\",\"UserPrincipalName\",\"Mail\",\"ProxyAddresses\","
	    "\"OnPremisesSyncEnabled\",\"DisplayName\"\n");
	for (i = 0; i < 30000; i++) {
		int id = i % 13 == 0 && i > 0 ? i - 1 : i;

		if (i % 7 == 0) {
			fprintf(fp, "\"short row %d\"\n", i);
			continue;
		}
		fprintf(fp, "\"3f2a9c1e-0000-4000-8000-%012d\","
		    "\"user%d@contoso.com\",\"user%d@contoso.com\","
		    "\"SMTP:user%d@contoso.com;smtp:u%d@contoso.com\","
		    "\"%s\",\"User %d\"\n", id, i, i, i, i,
		    i % 5 == 0 ? "maybe" : "True", i);
	}
}

/*
 * A CSV whose unread columns repeat in other case: the parser sorts them
 * by name to find the repeats (cloudcsv_mark_dups).
 */
static void
write_wide_csv(FILE *fp)
{
	int	i, j;

	fprintf(fp, "Id,UserPrincipalName");
	for (j = 0; j < 300; j++)
		fprintf(fp, ",Extra%d,EXTRA%d", j % 150, j);
	fputc('\n', fp);
	for (i = 0; i < 200; i++) {
		fprintf(fp, "3f2a9c1e-0000-4000-8000-%012d,u%d@contoso.com",
		    i, i);
		for (j = 0; j < 600; j++)
			fprintf(fp, ",%d", j);
		fputc('\n', fp);
	}
}

static void
make_file(char *path, void (*write)(FILE *))
{
	int	 fd = mkstemp(path);
	FILE	*fp;

	ck_assert_int_ge(fd, 0);
	ck_assert_ptr_nonnull(fp = fdopen(fd, "w"));
	write(fp);
	ck_assert_int_eq(fclose(fp), 0);
}

/* Once for the suite: every test forks from a process that made them. */
static void
setup(void)
{
	make_file(many_ldif, write_many_ldif);
	make_file(many_csv, write_many_csv);
	make_file(wide_csv, write_wide_csv);
}

static void
teardown(void)
{
	unlink(many_ldif);
	unlink(many_csv);
	unlink(wide_csv);
}

static void
load(struct loaded *l, const struct input_case *c, enum input_pipeline how)
{
	struct limits		 lim;
	struct input_options	 opt = { .limits = &lim,
				    .default_cloud_type = OBJ_USER,
				    .pipeline = how };
	struct input_request	 req = { .side = c->side,
				    .content = c->content };
	FILE			*echo, *objects;
	struct report_view	*view;

	memset(l, 0, sizeof(*l));
	if (strcmp(c->path, "@many.ldif") == 0)
		req.path = many_ldif;
	else if (strcmp(c->path, "@many.csv") == 0)
		req.path = many_csv;
	else
		req.path = l->path = xasprintf("%s%s", DATA, c->path);
	limits_init(&lim);
	ck_assert_ptr_nonnull(echo = open_memstream(&l->echo, &l->echolen));
	diag_init(&l->dg, echo);
	l->dg.max_echo = (unsigned long)-1;	/* compare every message */
	l->t = table_new(0);
	l->rc = input_load(l->t, &l->dg, &req, &opt);
	ck_assert_int_eq(fclose(echo), 0);
	table_index(l->t);
	ck_assert_ptr_nonnull(objects = open_memstream(&l->objects,
	    &l->objectslen));
	view = view_new_objects(l->t, &l->dg, NULL);
	report_objects_json(objects, view);
	view_free(view);
	ck_assert_int_eq(fclose(objects), 0);
}

static void
loaded_release(struct loaded *l)
{
	table_free(l->t);
	diag_release(&l->dg);
	free(l->path);
	free(l->echo);
	free(l->objects);
}

START_TEST(test_input_pipeline_same)
{
	const struct input_case		*c = &input_cases[_i];
	const struct input_stats	*a, *b;
	struct loaded			 direct, piped;
	size_t				 i;

	load(&direct, c, INPUT_PIPELINE_NEVER);
	load(&piped, c, INPUT_PIPELINE_ALWAYS);
	ck_assert_int_eq(direct.rc, piped.rc);

	ck_assert_uint_eq(direct.dg.nmsgs, piped.dg.nmsgs);
	ck_assert_uint_eq(direct.dg.dropped, piped.dg.dropped);
	for (i = 0; i < direct.dg.nmsgs; i++) {
		const struct diag_msg *m = &direct.dg.msgs[i];
		const struct diag_msg *n = &piped.dg.msgs[i];

		ck_assert_int_eq(m->code, n->code);
		ck_assert_str_eq(m->file, n->file);
		ck_assert_uint_eq(m->line, n->line);
		ck_assert_str_eq(m->text, n->text);
	}
	ck_assert_uint_eq(direct.echolen, piped.echolen);
	ck_assert_mem_eq(direct.echo, piped.echo, direct.echolen);

	ck_assert_uint_eq(direct.dg.ninputs, 1);
	ck_assert_uint_eq(piped.dg.ninputs, 1);
	a = &direct.dg.inputs[0];
	b = &piped.dg.inputs[0];
	ck_assert_str_eq(a->kind, b->kind);
	ck_assert_str_eq(a->side, b->side);
	ck_assert_uint_eq(a->records, b->records);
	ck_assert_uint_eq(a->accepted, b->accepted);
	ck_assert_uint_eq(a->rejected, b->rejected);
	ck_assert_uint_eq(a->skipped, b->skipped);
	ck_assert_uint_eq(a->values_rejected, b->values_rejected);
	ck_assert_uint_eq(a->warnings, b->warnings);
	ck_assert_int_eq(a->is_unusable, b->is_unusable);

	ck_assert_uint_eq(table_count(direct.t), table_count(piped.t));
	ck_assert_uint_eq(table_ndomains(direct.t), table_ndomains(piped.t));
	ck_assert_uint_eq(direct.objectslen, piped.objectslen);
	ck_assert_mem_eq(direct.objects, piped.objects, direct.objectslen);
	loaded_release(&direct);
	loaded_release(&piped);
}
END_TEST

/* The generated inputs do cross batches and do say both kinds of message. */
START_TEST(test_input_many_mixed)
{
	static const struct input_case	 c = { "@many.ldif", "onprem",
					    CONTENT_OBJECTS };
	const struct input_stats	*in;
	struct loaded			 l;
	bool				 has_parser = false, has_loader = false;
	size_t				 i;

	load(&l, &c, INPUT_PIPELINE_ALWAYS);
	in = &l.dg.inputs[0];
	ck_assert_uint_gt(in->accepted, 3 * 4096);
	ck_assert_uint_gt(in->rejected, 0);
	ck_assert_uint_gt(in->skipped, 0);
	ck_assert_uint_eq(in->records, in->accepted + in->rejected +
	    in->skipped);
	for (i = 0; i < l.dg.nmsgs; i++) {
		has_parser |= l.dg.msgs[i].code == D_LDIF_NO_COLON;
		has_loader |= l.dg.msgs[i].code == D_LOAD_DUP_DN;
	}
	ck_assert(has_parser);
	ck_assert(has_loader);
	loaded_release(&l);
}
END_TEST


/* Inputs that load nothing, and the fatal message each must give. */
static const struct unusable_case {
	const char		*path;		/* under testdata/ */
	const char		*side;
	enum diag_code		 want;
} unusable_cases[] = {
	{ "input/header-only.ldif",	NULL,		D_INPUT_EMPTY },
	{ "input/empty.ldif",		NULL,		D_INPUT_EMPTY },
	{ "input/all-rejected.csv",	NULL,		D_INPUT_ALL_REJECTED },
	{ "input/truncated.json",	"cloud",	D_INPUT_ALL_REJECTED },
	{ "input/not-json.json",	NULL,		D_INPUT_ALL_REJECTED },
	{ "cloud/get-process.clixml",	NULL,		D_INPUT_NONE_LOADED },
	{ "input/README.md",		NULL,		D_FORMAT },
	{ "input/does-not-exist.ldif",	NULL,		D_OPEN },
	{ "input",			NULL,		D_NOT_FILE },
};

START_TEST(test_input_unusable)
{
	const struct unusable_case	*c = &unusable_cases[_i];
	struct limits			 lim;
	struct input_options		 opt = { .limits = &lim,
					    .default_cloud_type = OBJ_USER };
	struct input_request		 req = { .side = c->side,
					    .content = CONTENT_OBJECTS };
	struct table			*t = table_new(0);
	struct diag			 dg;
	size_t				 i, nfatal = 0;

	limits_init(&lim);
	diag_init(&dg, NULL);
	req.path = xasprintf("%s%s", DATA, c->path);
	ck_assert_int_eq(input_load(t, &dg, &req, &opt), -1);
	ck_assert(dg.inputs[0].is_unusable);
	ck_assert_uint_eq(dg.inputs[0].accepted, 0);
	for (i = 0; i < dg.nmsgs; i++)
		if (diag_level(dg.msgs[i].code) == DL_FATAL) {
			ck_assert_int_eq(dg.msgs[i].code, c->want);
			nfatal++;
		}
	ck_assert_uint_eq(nfatal, 1);
	ck_assert_uint_eq(table_count(t), 0);
	free((char *)req.path);
	table_free(t);
	diag_release(&dg);
}
END_TEST

/*
 * The same input by another path, and a copy of it, are read once: one
 * warning each, naming the first, and the objects are not doubled.
 */
START_TEST(test_input_repeat)
{
	static const char *const paths[] = {
		DATA "ci/onprem.ldif",
		DATA "ci/../ci/onprem.ldif",
		DATA "input/twice-a.ldif",
		DATA "ci/cloud-users.csv",
	};
	struct limits		 lim;
	struct input_seen	 seen;
	struct input_options	 opt = { .limits = &lim,
				    .default_cloud_type = OBJ_USER,
				    .seen = &seen };
	struct input_request	 req = { .content = CONTENT_OBJECTS };
	struct table		*t = table_new(0);
	struct diag		 dg;
	size_t			 i, once;

	limits_init(&lim);
	diag_init(&dg, NULL);
	input_seen_init(&seen);
	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		req.path = paths[i];
		ck_assert_int_eq(input_load(t, &dg, &req, &opt), 0);
		if (i == 0)
			once = table_count(t);
	}
	ck_assert_uint_eq(dg.inputs[1].records, 0);
	ck_assert_uint_eq(dg.inputs[2].records, 0);
	ck_assert_uint_gt(dg.inputs[3].accepted, 0);
	ck_assert_uint_eq(table_count(t), once + dg.inputs[3].accepted);
	ck_assert_uint_eq(dg.nmsgs >= 2, 1);
	for (i = 1; i <= 2; i++) {
		const struct diag_msg *m = &dg.msgs[i - 1];

		ck_assert_int_eq(m->code, D_INPUT_DUPLICATE);
		ck_assert_str_eq(m->file, paths[i]);
		ck_assert_ptr_nonnull(strstr(m->text, paths[0]));
	}
	ck_assert_ptr_nonnull(strstr(dg.msgs[0].text, "the same file as"));
	ck_assert_ptr_nonnull(strstr(dg.msgs[1].text, "a copy of"));
	input_seen_release(&seen);
	table_free(t);
	diag_release(&dg);
}
END_TEST

/*
 * A text value holding a NUL is kept whole (escaped, table.h's C strings
 * cannot hold the NUL itself): 'ana@contoso.com' NUL 'x' is not
 * 'ana@contoso.com', and a warning names the NUL's byte offset.
 */
static const char *const nul_cases[] = {
	"input/nul-upn.ldif",
	"input/nul-upn.json",
};

START_TEST(test_input_nul)
{
	static const char	 want[] = "ana@contoso.com\xc0\x80x";
	struct limits		 lim;
	struct input_options	 opt = { .limits = &lim,
				    .default_cloud_type = OBJ_USER };
	struct input_request	 req = { .content = CONTENT_OBJECTS };
	struct table		*t = table_new(0);
	struct diag		 dg;
	const struct object	*o;
	size_t			 i, n = 0, nwarned = 0;

	limits_init(&lim);
	diag_init(&dg, NULL);
	req.path = xasprintf("%s%s", DATA, nul_cases[_i]);
	ck_assert_int_eq(input_load(t, &dg, &req, &opt), 0);
	table_index(t);
	ck_assert_uint_eq(table_count(t), 2);
	ck_assert_ptr_nonnull(table_lookup(t, KEY_UPN, "ana@contoso.com",
	    &n));
	ck_assert_uint_eq(n, 1);
	o = table_get(t, 1);
	ck_assert_str_eq(o->upn, want);
	ck_assert_ptr_nonnull(table_lookup(t, KEY_UPN, want, &n));
	ck_assert_uint_eq(n, 1);
	for (i = 0; i < dg.nmsgs; i++)
		if (dg.msgs[i].code == D_TEXT_NUL) {
			nwarned++;
			ck_assert_ptr_nonnull(strstr(dg.msgs[i].text,
			    "byte offset"));
		}
	ck_assert_uint_ge(nwarned, 1);
	ck_assert_ptr_nonnull(strstr(dg.msgs[0].text,
	    "'userPrincipalName', byte offset 15 of 17"));
	/* A NUL is no UTF-8 error; a C0 byte of the value still is. */
	for (i = 0, n = 0; i < dg.nmsgs; i++)
		if (dg.msgs[i].code == D_LOAD_UTF8) {
			ck_assert_ptr_nonnull(strstr(dg.msgs[i].text,
			    "'displayName'"));
			n++;
		}
	ck_assert_uint_eq(n, _i == 0 ? 1 : 0);
	free((char *)req.path);
	table_free(t);
	diag_release(&dg);
}
END_TEST

/*
 * A domains or roles export given as a plain input is read as what its
 * columns, #TYPE or @odata.context say: tenant facts, every row loaded.
 */
static const struct kind_case {
	const char	*path;		/* under testdata/ */
	unsigned long	 accepted;
} kind_cases[] = {
	{ "sample/roles.csv",			8 },
	{ "sample/domains.csv",			4 },
	{ "cloud/domains-msol.csv",		3 },
	{ "cloud/domains.json",			3 },
	{ "cloud/role-assignments.json",	2 },
	{ "cloud/domains.clixml",		2 },
	{ "cloud/roles-ids.csv",		2 },
};

START_TEST(test_input_kind)
{
	const struct kind_case	*c = &kind_cases[_i];
	struct limits		 lim;
	struct input_options	 opt = { .limits = &lim,
				    .default_cloud_type = OBJ_USER };
	struct input_request	 req = { .content = CONTENT_OBJECTS };
	struct table		*t = table_new(0);
	struct diag		 dg;

	limits_init(&lim);
	diag_init(&dg, NULL);
	req.path = xasprintf("%s%s", DATA, c->path);
	ck_assert_int_eq(input_load(t, &dg, &req, &opt), 0);
	ck_assert_str_eq(dg.inputs[0].side, "tenant");
	ck_assert_uint_eq(dg.inputs[0].accepted, c->accepted);
	ck_assert_uint_eq(dg.inputs[0].rejected, 0);
	ck_assert_uint_eq(dg.inputs[0].warnings, 0);
	ck_assert_uint_eq(table_count(t), 0);
	free((char *)req.path);
	table_free(t);
	diag_release(&dg);
}
END_TEST

/*
 * Role exports that carry template ids only still name the built-in
 * roles (Global Administrator, not 62e90394-...), and a catalog role is
 * attached to no one.
 */
static const char *const role_id_cases[] = {
	"cloud/roles-ids.csv",
	"cloud/role-assignments-mixed.json",
};

START_TEST(test_input_role_names)
{
	static const char	 users[] = "/tmp/check_input_roles_XXXXXX";
	char			 path[sizeof(users)];
	struct limits		 lim;
	struct input_options	 opt = { .limits = &lim,
				    .default_cloud_type = OBJ_USER };
	struct input_request	 req = { .side = "cloud",
				    .content = CONTENT_OBJECTS };
	struct table		*t = table_new(0);
	struct diag		 dg;
	const struct object	*o;
	FILE			*fp;
	int			 fd;
	size_t			 i;

	memcpy(path, users, sizeof(users));
	ck_assert_int_ge(fd = mkstemp(path), 0);
	ck_assert_ptr_nonnull(fp = fdopen(fd, "w"));
	fputs("Id,UserPrincipalName\n", fp);
	for (i = 1; i <= 3; i++)
		fprintf(fp, "3f2a9c1e-0000-4000-8000-00000000000%zu,"
		    "u%zu@contoso.com\n", i, i);
	ck_assert_int_eq(fclose(fp), 0);
	limits_init(&lim);
	diag_init(&dg, NULL);
	req.path = path;
	ck_assert_int_eq(input_load(t, &dg, &req, &opt), 0);
	req.side = NULL;
	req.content = CONTENT_ROLES;
	req.path = xasprintf("%s%s", DATA, role_id_cases[_i]);
	ck_assert_int_eq(input_load(t, &dg, &req, &opt), 0);
	ck_assert_uint_eq(dg.inputs[1].skipped, 1);
	table_index(t);
	ck_assert_uint_eq(table_count(t), 3);
	o = table_get(t, 0);
	ck_assert_uint_eq(o->rare->nroles, 1);
	ck_assert_str_eq(o->rare->roles[0], "Global Administrator");
	o = table_get(t, 1);
	ck_assert_uint_eq(o->rare->nroles, 1);
	ck_assert_str_eq(o->rare->roles[0], _i == 0 ? "Exchange Administrator" :
	    "User Administrator");
	o = table_get(t, 2);
	ck_assert(o->rare == NULL || o->rare->nroles == 0);
	unlink(path);
	free((char *)req.path);
	table_free(t);
	diag_release(&dg);
}
END_TEST

/* What the parser thread handed over, with no table or loader behind it. */
struct pipe_count {
	unsigned long	records;
	unsigned long	stop_at;	/* 0: never stop */
	unsigned long	renamed;	/* keep_name calls */
};

static int
pipe_count_record(const struct record *rec, void *arg)
{
	struct pipe_count	*pc = arg;

	ck_assert_ptr_nonnull(rec->dn);
	pc->records++;
	return pc->stop_at != 0 && pc->records == pc->stop_at;
}

static const char *
pipe_count_keep(void *arg, const char *name)
{
	struct pipe_count	*pc = arg;

	pc->renamed++;
	return name;
}

/* Parse many_ldif with the LDIF parser, directly or through pipe.h. */
static int
pipe_count_run(struct pipe_count *pc, struct diag *dg, bool is_piped)
{
	const struct input_format	*fmt = input_format_find("ldif");
	struct limits			 lim;
	struct pipe_request		 req;
	FILE				*fp;
	int				 rc;

	limits_init(&lim);
	ck_assert_ptr_nonnull(fp = fopen(many_ldif, "rb"));
	memset(&req, 0, sizeof(req));
	req.fmt = fmt;
	req.in = fp;
	req.file = many_ldif;
	req.limits = &lim;
	req.content = CONTENT_OBJECTS;
	req.dg = dg;
	req.emit = pipe_count_record;
	req.arg = pc;
	req.keep_name = pipe_count_keep;
	if (is_piped)
		rc = pipe_parse(&req);
	else
		rc = fmt->parse(fp, many_ldif, &lim, dg, CONTENT_OBJECTS,
		    pipe_count_record, pc);
	fclose(fp);
	return rc;
}

/*
 * The parser thread alone (parsers/pipe.h): it hands over every record
 * and message of a direct parse, and nothing after the record whose emit
 * asked to stop, though the parser has run on past it.
 */
START_TEST(test_pipe_alone)
{
	struct pipe_count	direct = { 0 }, piped = { 0 }, stopped = { 0 };
	struct diag		ddg, pdg, sdg;
	int			rc;

	diag_init(&ddg, NULL);
	diag_init(&pdg, NULL);
	diag_init(&sdg, NULL);
	rc = pipe_count_run(&direct, &ddg, false);
	ck_assert_int_eq(pipe_count_run(&piped, &pdg, true), rc);
	ck_assert_uint_gt(direct.records, 20000);
	ck_assert_uint_eq(piped.records, direct.records);
	ck_assert_uint_eq(pdg.nmsgs, ddg.nmsgs);
	ck_assert_uint_eq(piped.renamed, 0);
	stopped.stop_at = 7;
	ck_assert_int_eq(pipe_count_run(&stopped, &sdg, true), -1);
	ck_assert_uint_eq(stopped.records, 7);
	ck_assert_uint_lt(sdg.nmsgs, ddg.nmsgs);
	diag_release(&ddg);
	diag_release(&pdg);
	diag_release(&sdg);
}
END_TEST

/* One parse on a thread of its own: what it made, counted. */
struct parse_job {
	const char	*path;
	const char	*format;
	unsigned long	 records;
	size_t		 nmsgs;
	int		 rc;
};

static int
parse_job_record(const struct record *rec, void *arg)
{
	struct parse_job	*job = arg;

	job->records += rec->nattrs > 0;
	return 0;
}

static void *
parse_job_run(void *arg)
{
	struct parse_job		*job = arg;
	const struct input_format	*fmt = input_format_find(job->format);
	struct limits			 lim;
	struct diag			 dg;
	FILE				*fp;

	job->rc = -2;
	if (fmt == NULL || (fp = fopen(job->path, "rb")) == NULL)
		return NULL;
	limits_init(&lim);
	diag_init(&dg, NULL);
	job->rc = fmt->parse(fp, job->path, &lim, &dg, CONTENT_OBJECTS,
	    parse_job_record, job);
	job->nmsgs = dg.nmsgs;
	diag_release(&dg);
	fclose(fp);
	return NULL;
}

/*
 * Two inputs of one format parsed at once make what each makes alone:
 * the parsers keep no state outside their own (CLIXML's property sort
 * and CSV's column sort once kept their comparator's context in a
 * file-scope static; tests/tsan.sh runs this under ThreadSanitizer).
 */
static const struct parse_job parse_job_cases[] = {
	{ DATA "cloud/users.clixml", "clixml", 0, 0, 0 },
	{ DATA "cloud/users-ps7.csv", "graph-csv", 0, 0, 0 },
	{ NULL, "graph-csv", 0, 0, 0 },		/* wide_csv */
};

START_TEST(test_two_parses_at_once)
{
	struct parse_job	alone = parse_job_cases[_i], both[2];
	pthread_t		thread[2];
	int			i;

	if (alone.path == NULL)
		alone.path = wide_csv;
	parse_job_run(&alone);
	ck_assert_int_eq(alone.rc, 0);
	ck_assert_uint_gt(alone.records, 0);
	for (i = 0; i < 2; i++) {
		both[i] = alone;
		both[i].records = 0;
		both[i].nmsgs = 0;
		ck_assert_int_eq(pthread_create(&thread[i], NULL,
		    parse_job_run, &both[i]), 0);
	}
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(pthread_join(thread[i], NULL), 0);
		ck_assert_int_eq(both[i].rc, alone.rc);
		ck_assert_uint_eq(both[i].records, alone.records);
		ck_assert_uint_eq(both[i].nmsgs, alone.nmsgs);
	}
}
END_TEST

static Suite *
input_suite(void)
{
	Suite	*s = suite_create("input");
	TCase	*tc = tcase_create("pipeline");

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_input_pipeline_same, 0,
	    ARRAY_SIZE(input_cases));
	tcase_add_test(tc, test_input_many_mixed);
	tcase_add_test(tc, test_pipe_alone);
	tcase_add_loop_test(tc, test_two_parses_at_once, 0,
	    ARRAY_SIZE(parse_job_cases));
	suite_add_tcase(s, tc);
	tc = tcase_create("whole");
	tcase_add_loop_test(tc, test_input_unusable, 0,
	    ARRAY_SIZE(unusable_cases));
	tcase_add_test(tc, test_input_repeat);
	tcase_add_loop_test(tc, test_input_nul, 0, ARRAY_SIZE(nul_cases));
	tcase_add_loop_test(tc, test_input_kind, 0, ARRAY_SIZE(kind_cases));
	tcase_add_loop_test(tc, test_input_role_names, 0,
	    ARRAY_SIZE(role_id_cases));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(input_suite());
}
