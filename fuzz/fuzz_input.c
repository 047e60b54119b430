/*
 * libFuzzer harness for one input format (FUZZ_FORMAT, set at compile
 * time: "ldif", "graph-csv", "clixml", "graph-json"): parse the bytes,
 * load them into a table, run every rule and write every report, so the
 * parser, loader, rules and escaping are all exercised.  Aborts when the
 * record accounting does not add up.  Not a test of the command line:
 * main.c is not linked.  Built with FUZZ_PARSE_ONLY, it stops after the
 * table is loaded and checked: several times faster, for long runs aimed
 * at the parsers.
 */
#define _GNU_SOURCE	/* memfd_create */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "analysis.h"
#include "diag.h"
#include "input.h"
#include "load.h"
#include "parser.h"
#include "redact.h"
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

#ifndef FUZZ_FORMAT
#error "define FUZZ_FORMAT"
#endif

/*
 * A last byte of 1 or 2 (removed before parsing) reads a cloud input as
 * the tenant's admin roles or domains instead of directory objects, so one
 * corpus reaches all three loaders; run.sh marks the seeds that way.
 */
#define FUZZ_MARK_ROLES		1
#define FUZZ_MARK_DOMAINS	2

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE	*devnull;
static int	 memfd = -1;
static char	 memfd_path[64];

static void
write_reports(const struct table *t, const struct diag *dg,
    const struct analysis *an, const struct sync_options *opt,
    bool use_color)
{
	struct report_ctx	 ctx;
	struct report_view	*v;
	struct redact		*rd;
	size_t			 i;
	int			 pass;

	memset(&ctx, 0, sizeof(ctx));
	ctx.table = t;
	ctx.diag = dg;
	ctx.analysis = an;
	ctx.options = opt;
	v = view_new(&ctx);
	v->use_color = use_color;
	for (i = 0; report_formats[i] != NULL; i++)
		if (is_fuzzed(report_formats[i]))
			report_formats[i]->write(devnull, v);
	/* The same, redacted. */
	rd = redact_new();
	redact_view(rd, v);
	for (i = 0; report_formats[i] != NULL; i++)
		if (is_fuzzed(report_formats[i]))
			report_formats[i]->write(devnull, v);
	view_free(v);
	redact_free(rd);
	/* objects --predict, and plain objects, each plain and redacted */
	for (pass = 0; pass < 4; pass++) {
		v = view_new_objects(t, dg, pass < 2 ? an : NULL);
		rd = pass % 2 ? redact_new() : NULL;
		if (rd != NULL)
			redact_view(rd, v);
		report_objects_json(devnull, v);
		report_objects_text(devnull, v);
		view_free(v);
		redact_free(rd);
	}
}

/* Small limits so that the limit paths are reached too. */
static void
fuzz_limits(struct limits *lim)
{
	limits_init(lim);
	lim->max_value_bytes = 4096;
	lim->max_record_bytes = 65536;
	lim->max_values = 256;
	lim->max_depth = 16;
}

/* Nothing may be lost: every record is loaded or accounted for. */
static void
check_accounting(const struct diag *dg)
{
	const struct input_stats	*in;
	size_t				 i;

	for (i = 0; i < dg->ninputs; i++) {
		in = &dg->inputs[i];
		if (in->records != in->accepted + in->rejected + in->skipped)
			abort();
	}
}

static bool
has_bom(const uint8_t *data, size_t size)
{
	return (size >= 2 && ((data[0] == 0xff && data[1] == 0xfe) ||
	    (data[0] == 0xfe && data[1] == 0xff))) ||
	    (size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0);
}

/*
 * Input that starts with a byte order mark goes through input_load, as a
 * file named on the command line does: BOM removal, UTF-16 transcoding and
 * the binary check are fuzzed too.  It needs a path, so the bytes go to a
 * memory file.  Anything else is handed to the parser straight, so that
 * NUL bytes and the like reach it (input_load refuses them up front).
 */
static void
load_as_file(struct table *t, struct diag *dg, const uint8_t *data,
    size_t size, enum input_content content)
{
	struct input_request	 req = { memfd_path, NULL, content,
				     FUZZ_FORMAT };
	struct input_options	 opt;
	struct limits		 lim;

	if (memfd == -1) {
		if ((memfd = memfd_create("fuzz", 0)) == -1)
			abort();
		snprintf(memfd_path, sizeof(memfd_path), "/proc/self/fd/%d",
		    memfd);
	}
	if (ftruncate(memfd, 0) == -1 ||
	    pwrite(memfd, data, size, 0) != (ssize_t)size)
		abort();
	fuzz_limits(&lim);
	memset(&opt, 0, sizeof(opt));
	opt.limits = &lim;
	input_load(t, dg, &req, &opt);
}

static void
load_direct(struct table *t, struct diag *dg, const uint8_t *data,
    size_t size, enum input_content content)
{
	const struct input_format	*fmt = input_format_find(FUZZ_FORMAT);
	struct limits			 lim;
	struct load_ctx			 ctx;
	FILE				*fp;

	if (fmt == NULL)
		abort();
	/* What input_load would ask first: the sniffers see the bytes too. */
	(void)fmt->sniff((const char *)data, size < 8192 ? size : 8192);
	if (content == CONTENT_OBJECTS && fmt->sniff_content != NULL)
		content = fmt->sniff_content((const char *)data,
		    size < 8192 ? size : 8192);
	if ((fp = fmemopen((void *)(uintptr_t)data, size, "r")) == NULL)
		return;
	fuzz_limits(&lim);
	diag_input_begin(dg, "fuzz", fmt->name, content == CONTENT_OBJECTS ?
	    fmt->side : "tenant");
	load_begin(&ctx, t, dg, strcmp(fmt->side, "onprem") == 0 ?
	    SIDE_ONPREM : SIDE_CLOUD, content, "fuzz", "fuzz");
	fmt->parse(fp, ctx.file, &lim, dg, content, load_record, &ctx);
	load_end(&ctx);
	fclose(fp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sync_options		 opt = { .is_resiliency_on = true };
	const struct input_format	*fmt = input_format_find(FUZZ_FORMAT);
	enum input_content		 content = CONTENT_OBJECTS;
	struct analysis			 an;
	struct diag			 dg;
	struct table			*t;

	if (fmt == NULL)
		abort();
	if (devnull == NULL && (devnull = fopen("/dev/null", "w")) == NULL)
		abort();
	if (size > 0 && strcmp(fmt->side, "onprem") != 0) {
		if (data[size - 1] == FUZZ_MARK_ROLES)
			content = CONTENT_ROLES;
		else if (data[size - 1] == FUZZ_MARK_DOMAINS)
			content = CONTENT_DOMAINS;
		if (content != CONTENT_OBJECTS)
			size--;
	}
	if (size == 0)
		return 0;
	diag_init(&dg, NULL);
	t = table_new(TABLE_KEEP_RAW);
	if (has_bom(data, size))
		load_as_file(t, &dg, data, size, content);
	else
		load_direct(t, &dg, data, size, content);
	check_accounting(&dg);
#ifndef FUZZ_PARSE_ONLY
	/* One thread: a thread per rule per input would halve the rate. */
	analysis_run(&an, t, &opt, NULL, 0,
	    &(struct analysis_run_options){ .threads = 1 });
	write_reports(t, &dg, &an, &opt, size % 2 == 1);
	analysis_release(&an);
#else
	(void)an;
	(void)opt;
#endif
	table_free(t);
	diag_release(&dg);
	return 0;
}
