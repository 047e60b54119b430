/*
 * libFuzzer harness for policy files (rules/policy.h): read the bytes as a
 * policy file, and when they are one, check its policies on a small
 * fixed directory and write every report, so the reader, the pattern
 * compiler, the limits, the checks and the escaping of policy text are
 * all exercised.  Aborts when the reader's accounting does not add up:
 * a file is either policies or errors, and every error names the file.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "diag.h"
#include "input.h"
#include "load.h"
#include "parser.h"
#include "policy.h"
#include "report.h"
#include "table.h"
#include "view.h"

/*
 * The text formats: a binary one (the workbook) writes temporary files
 * and is read back by tests/xlsx-check.sh instead, and a format this
 * build lacks has no writer.
 */
static int
is_fuzzed(const struct report_format *f)
{
	return f->write != NULL && !f->is_binary;
}

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Objects for the policies to judge: a bit of everything they read. */
static const char directory[] =
"dn: CN=Lima\\, Ana,OU=Staff,DC=contoso,DC=com\n"
"objectClass: user\n"
"objectGUID:: tCjmTRvDukmEu1cNDh9AHg==\n"
"userPrincipalName: ana.lima@contoso-legacy.com\n"
"mail: Ana.Lima@contoso.com\n"
"proxyAddresses: SMTP:Ana.Lima@contoso.com\n"
"proxyAddresses: smtp:alima@contoso.com\n"
"mailNickname: ana.lima\n"
"sAMAccountName: alima\n"
"displayName: Lima, Ana (ext)\n"
"extensionAttribute7: 12345\n"
"\n"
"dn: CN=svc-backup,OU=Staff,DC=contoso,DC=com\n"
"objectClass: user\n"
"objectGUID:: bjuQO9JOEk+AUjDlkuRAtQ==\n"
"userPrincipalName: svc-backup@contoso.com\n"
"sAMAccountName: svc-backup\n"
"displayName: Lima, Ana (ext)\n"
"description:: w6HDqcOtw7PDug==\n"
"\n"
"dn: CN=Sales,OU=Groups,DC=contoso,DC=com\n"
"objectClass: group\n"
"objectGUID:: jV3rmF58pU6RvTk5sUWNeA==\n"
"mail: sales@contoso.com\n"
"displayName: Sales\n";

static FILE	*devnull;

static void
load_directory(struct table *t, struct diag *dg)
{
	const struct input_format	*fmt = input_format_find("ldif");
	struct limits			 lim;
	struct load_ctx			 ctx;
	struct domain			 d;
	FILE				*fp;

	if (fmt == NULL || (fp = fmemopen((void *)(uintptr_t)directory,
	    sizeof(directory) - 1, "r")) == NULL)
		abort();
	limits_init(&lim);
	diag_input_begin(dg, "fuzz.ldf", fmt->name, "onprem");
	load_begin(&ctx, t, dg, SIDE_ONPREM, CONTENT_OBJECTS, "fuzz.ldf",
	    "fuzz");
	fmt->parse(fp, ctx.file, &lim, dg, CONTENT_OBJECTS, load_record, &ctx);
	load_end(&ctx);
	fclose(fp);
	memset(&d, 0, sizeof(d));
	d.name = table_intern_lower(t, "contoso.com", 11);
	d.is_verified = TRI_TRUE;
	table_add_domain(t, &d);
	d.name = table_intern_lower(t, "contoso.onmicrosoft.com", 23);
	d.is_initial = true;
	table_add_domain(t, &d);
}

/* Every policy on the directory, and every report of the findings. */
static void
run_policies(const struct policy_set *ps)
{
	struct sync_options		 opt = { .is_resiliency_on = true };
	struct analysis_run_options	 ro = { .threads = 1, .policies = ps };
	struct report_ctx		 ctx;
	struct report_view		*v;
	struct analysis			 an;
	struct diag			 dg;
	struct table			*t;
	size_t				 i;

	diag_init(&dg, NULL);
	t = table_new(TABLE_KEEP_RAW);
	load_directory(t, &dg);
	analysis_run(&an, t, &opt, NULL, 0, &ro);
	memset(&ctx, 0, sizeof(ctx));
	ctx.table = t;
	ctx.diag = &dg;
	ctx.analysis = &an;
	ctx.options = &opt;
	v = view_new(&ctx);
	for (i = 0; report_formats[i] != NULL; i++)
		if (is_fuzzed(report_formats[i]))
			report_formats[i]->write(devnull, v);
	view_free(v);
	analysis_release(&an);
	table_free(t);
	diag_release(&dg);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy_set	*ps;
	size_t			 nerrors, i;

	if (devnull == NULL && (devnull = fopen("/dev/null", "w")) == NULL)
		abort();
	ps = policy_set_new();
	nerrors = policy_set_read_buffer(ps, "fuzz.ini", (const char *)data,
	    size);
	if (nerrors != policy_set_nerrors_said(ps) ||
	    (nerrors == 0 && policy_set_count(ps) == 0))
		abort();
	for (i = 0; i < policy_set_nerrors(ps); i++)
		if (strncmp(policy_set_error(ps, i), "fuzz.ini:", 9) != 0)
			abort();
	if (nerrors == 0)
		run_policies(ps);
	policy_set_free(ps);
	return 0;
}
