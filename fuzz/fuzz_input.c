/*
 * libFuzzer harness for one input format (FUZZ_FORMAT, set at compile
 * time: "ldif", "graph-csv", "clixml", "graph-json"): parse the bytes,
 * load them into a table, run every rule and write the JSON and text
 * reports, so the parser, loader, rules and escaping are all exercised.
 * Aborts when the record accounting does not add up.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "diag.h"
#include "load.h"
#include "parser.h"
#include "report.h"
#include "table.h"

#ifndef FUZZ_FORMAT
#error "define FUZZ_FORMAT"
#endif
#ifndef FUZZ_CONTENT
#define FUZZ_CONTENT CONTENT_OBJECTS
#endif

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE	*devnull;

static void
write_reports(const struct table *t, const struct diag *dg,
    const struct analysis *an, const struct rule_options *opt)
{
	struct report_ctx	ctx;
	size_t			i;

	memset(&ctx, 0, sizeof(ctx));
	ctx.table = t;
	ctx.diag = dg;
	ctx.analysis = an;
	ctx.options = opt;
	for (i = 0; report_formats[i] != NULL; i++)
		report_formats[i]->write(devnull, &ctx);
	report_objects_json(devnull, t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct input_format	*fmt = input_format_find(FUZZ_FORMAT);
	struct rule_options		 opt = { .is_resiliency_on = true };
	struct limits			 lim;
	struct load_ctx			 ctx;
	struct analysis			 an;
	struct diag			 dg;
	struct table			*t;
	struct input_stats		*in;
	FILE				*fp;

	if (fmt == NULL)
		abort();
	if (devnull == NULL && (devnull = fopen("/dev/null", "w")) == NULL)
		abort();
	if (size == 0 || (fp = fmemopen((void *)data, size, "r")) == NULL)
		return 0;
	limits_init(&lim);
	/* Small limits so that the limit paths are reached too. */
	lim.max_value_bytes = 4096;
	lim.max_record_bytes = 65536;
	lim.max_values = 256;
	lim.max_depth = 16;
	diag_init(&dg, NULL);
	in = diag_input_begin(&dg, "fuzz", fmt->name, fmt->side);
	t = table_new(TABLE_KEEP_RAW);
	load_begin(&ctx, t, &dg, strcmp(fmt->side, "onprem") == 0 ?
	    SIDE_ONPREM : SIDE_CLOUD, FUZZ_CONTENT, "fuzz", "fuzz");
	fmt->parse(fp, ctx.file, &lim, &dg, FUZZ_CONTENT, load_record, &ctx);
	load_end(&ctx);
	fclose(fp);
	/* Nothing may be lost: every record is loaded or accounted for. */
	if (in->records != in->accepted + in->rejected + in->skipped)
		abort();
	analysis_run(&an, t, &opt, NULL, 0);
	write_reports(t, &dg, &an, &opt);
	analysis_release(&an);
	table_free(t);
	diag_release(&dg);
	return 0;
}
