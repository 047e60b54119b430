/*
 * Loading an input into the table: open it (open.h), then parse it,
 * directly or on a parser thread (pipe.h), through the loader; see
 * input.h.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "input.h"
#include "load.h"
#include "open.h"
#include "pipe.h"
#include "progress.h"

/* Parse fp with fmt here, loading each record as it is emitted. */
static int
input_parse_direct(FILE *fp, const struct input_format *fmt,
    const struct input_options *opt, const struct limits *lim,
    struct load_ctx *ctx)
{
	if (opt->progress != NULL) {
		/* Counts records and polls the file position as they pass. */
		struct progress_tap tap = { opt->progress, fp, load_record,
		    ctx };

		return fmt->parse(fp, ctx->file, lim, ctx->diag,
		    ctx->content, progress_tap_record, &tap);
	}
	return fmt->parse(fp, ctx->file, lim, ctx->diag, ctx->content,
	    load_record, ctx);
}

/* The loader's copy of a file name a parser said: interned in the table. */
static const char *
input_keep_name(void *arg, const char *name)
{
	struct load_ctx	*ctx = arg;

	return table_intern(ctx->table, name, strlen(name));
}

/*
 * Parse fp with fmt on a thread of its own while this one loads (pipe.h).
 * Returns what the parse returns, -1 when loading stopped it, or -2 when
 * no thread could be started (nothing was read: parse directly).
 */
static int
input_parse_pipelined(FILE *fp, const struct input_format *fmt,
    const struct input_options *opt, const struct limits *lim,
    struct load_ctx *ctx)
{
	struct pipe_request	req = {
		.fmt = fmt,
		.in = fp,
		.file = ctx->file,
		.limits = lim,
		.content = ctx->content,
		.dg = ctx->diag,
		.emit = load_record,
		.arg = ctx,
		.keep_name = input_keep_name,
		.progress = opt->progress,
	};

	return pipe_parse(&req);
}

/* Is the overlap worth a thread for fp? */
static bool
input_is_pipelined(FILE *fp, enum input_pipeline how)
{
	if (how != INPUT_PIPELINE_AUTO)
		return how == INPUT_PIPELINE_ALWAYS;
	return pipe_is_worth(fp);
}

int
input_load(struct table *t, struct diag *dg, const struct input_request *req,
    const struct input_options *opt)
{
	struct input_opened	 in;
	struct load_ctx		 ctx;
	struct limits		 lim = *opt->limits;
	int			 rc;

	if ((rc = open_input(dg, req, opt->seen, &in)) <= 0)
		return rc;
	load_begin(&ctx, t, dg, strcmp(in.fmt->side, "onprem") == 0 ?
	    SIDE_ONPREM : SIDE_CLOUD, in.content, req->path, in.label);
	ctx.default_cloud_type = opt->default_cloud_type;
	/* Photos and certificates: the loader keeps only their sizes. */
	lim.measured = load_measured_names;
	rc = -2;
	if (input_is_pipelined(in.fp, opt->pipeline))
		rc = input_parse_pipelined(in.fp, in.fmt, opt, &lim, &ctx);
	if (rc == -2)
		rc = input_parse_direct(in.fp, in.fmt, opt, &lim, &ctx);
	load_end(&ctx);
	return open_finish(dg, req, &in, rc);
}
