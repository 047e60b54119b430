/* Opening, transcoding and sniffing inputs; see input.h. */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "input.h"
#include "load.h"
#include "progress.h"
#include "xalloc.h"

#define SNIFF_BYTES	8192

/* The file's name without directories or extension: the forest label. */
static char *
label_of(const char *path)
{
	const char	*base = strrchr(path, '/');
	const char	*dot;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	return xstrndup(base, dot && dot != base ? (size_t)(dot - base) :
	    strlen(base));
}

/*
 * Copy in (UTF-16, BOM already read) to an anonymous temporary file as
 * UTF-8.  Streams: memory stays a few buffers whatever the file size.
 */
static FILE *
transcode_utf16(FILE *in, const char *from, struct diag *dg, const char *path)
{
	char		 inbuf[65536], outbuf[4 * 65536];
	size_t		 have = 0, n;
	unsigned long	 offset = 0;
	iconv_t		 cd;
	FILE		*out;

	if ((cd = iconv_open("UTF-8", from)) == (iconv_t)-1) {
		diag(dg, D_ENCODING, path, 0, "%s not supported by iconv", from);
		return NULL;
	}
	if ((out = tmpfile()) == NULL) {
		diag(dg, D_ENCODING, path, 0, "no temporary file: %s",
		    strerror(errno));
		goto out_close;
	}
	while ((n = fread(inbuf + have, 1, sizeof(inbuf) - have, in)) > 0 ||
	    have > 0) {
		char	*ip = inbuf, *op = outbuf;
		size_t	 ileft = have + n, oleft = sizeof(outbuf);
		bool	 is_eof = n == 0;

		if (iconv(cd, &ip, &ileft, &op, &oleft) == (size_t)-1 &&
		    (errno == EILSEQ || (errno == EINVAL && is_eof))) {
			diag(dg, D_ENCODING, path, 0,
			    "invalid UTF-16 near byte %lu",
			    offset + (unsigned long)(ip - inbuf));
			fclose(out);
			out = NULL;
			goto out_close;
		}
		fwrite(outbuf, 1, (size_t)(op - outbuf), out);
		/* An incomplete sequence waits for the next block. */
		offset += (unsigned long)(ip - inbuf);
		memmove(inbuf, ip, ileft);
		have = ileft;
		if (is_eof)
			break;
	}
	if (ferror(in)) {
		diag(dg, D_READ, path, 0, "%s", strerror(errno));
		fclose(out);
		out = NULL;
		goto out_close;
	}
	rewind(out);
out_close:
	iconv_close(cd);
	return out;
}

static bool
side_allows(const char *want, const struct input_format *f)
{
	return want == NULL || strcmp(want, f->side) == 0;
}

static const struct input_format *
sniff_format(const char *head, size_t len, const char *side)
{
	const struct input_format	*best = NULL;
	int				 best_score = 0, score;
	size_t				 i;

	for (i = 0; input_formats[i] != NULL; i++) {
		if (!side_allows(side, input_formats[i]))
			continue;
		score = input_formats[i]->sniff(head, len);
		if (score > best_score) {
			best_score = score;
			best = input_formats[i];
		}
	}
	return best;
}

static const char *
expected_formats(const char *side)
{
	if (side != NULL && strcmp(side, "onprem") == 0)
		return "expected LDIF (ldifde, ldapsearch or ldbsearch)";
	if (side != NULL && strcmp(side, "cloud") == 0)
		return "expected CSV, CLIXML or Graph JSON";
	return "expected LDIF, CSV, CLIXML or Graph JSON";
}

/* Open path as UTF-8 positioned after any BOM, or NULL after a diag. */
static FILE *
open_text(const char *path, struct diag *dg, char *head, size_t *headlen)
{
	struct stat	 st;
	FILE		*fp, *utf8;
	size_t		 n;

	if ((fp = fopen(path, "rb")) == NULL) {
		diag(dg, D_OPEN, path, 0, "%s", strerror(errno));
		return NULL;
	}
	if (fstat(fileno(fp), &st) == -1 || !S_ISREG(st.st_mode)) {
		diag(dg, D_NOT_FILE, path, 0, "expected a regular file%s",
		    S_ISDIR(st.st_mode) ? ", got a directory" : "");
		fclose(fp);
		return NULL;
	}
	n = fread(head, 1, SNIFF_BYTES, fp);
	if (ferror(fp)) {
		diag(dg, D_READ, path, 0, "%s", strerror(errno));
		fclose(fp);
		return NULL;
	}
	if (n >= 2 && ((unsigned char)head[0] == 0xff ||
	    (unsigned char)head[0] == 0xfe) &&
	    ((unsigned char)head[1] ^ (unsigned char)head[0]) == 0x01) {
		/* ldifde -u and Windows PowerShell write UTF-16 with a BOM. */
		fseek(fp, 2, SEEK_SET);
		utf8 = transcode_utf16(fp, (unsigned char)head[0] == 0xff ?
		    "UTF-16LE" : "UTF-16BE", dg, path);
		fclose(fp);
		if (utf8 == NULL)
			return NULL;
		fp = utf8;
		n = fread(head, 1, SNIFF_BYTES, fp);
		rewind(fp);
	} else if (n >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0) {
		memmove(head, head + 3, n - 3);
		n -= 3;
		fseek(fp, 3, SEEK_SET);
	} else
		rewind(fp);
	if (memchr(head, '\0', n) != NULL) {
		diag(dg, D_BINARY, path, 0,
		    "NUL bytes in the first %zu bytes: not a text export", n);
		fclose(fp);
		return NULL;
	}
	*headlen = n;
	return fp;
}

int
input_load(struct table *t, struct diag *dg, const struct input_request *req,
    const struct input_options *opt)
{
	const struct input_format	*fmt;
	struct input_stats		*stats;
	struct load_ctx			 ctx;
	const char			*side = req->side;
	char				*head, *label;
	size_t				 headlen = 0;
	FILE				*fp;
	int				 rc = -1;

	if (req->content != CONTENT_OBJECTS)
		side = "cloud";	/* roles and domains come from the tenant */
	stats = diag_input_begin(dg, req->path, "unknown",
	    req->content == CONTENT_OBJECTS ? (side ? side : "unknown") :
	    "tenant");
	head = xmalloc(SNIFF_BYTES);
	if ((fp = open_text(req->path, dg, head, &headlen)) == NULL)
		goto out_free;
	if (headlen == 0) {
		/* Nothing to recognise: worth a warning, not a failed run. */
		stats->kind = "empty";
		diag(dg, D_INPUT_EMPTY, req->path, 0, "the file is empty");
		rc = 0;
		goto out_close;
	}
	if (req->format != NULL)
		fmt = input_format_find(req->format);
	else
		fmt = sniff_format(head, headlen, side);
	if (fmt == NULL || !side_allows(side, fmt)) {
		diag(dg, D_FORMAT, req->path, 0, "%s", expected_formats(side));
		goto out_close;
	}
	stats->kind = fmt->name;
	if (req->content == CONTENT_OBJECTS)
		stats->side = fmt->side;
	label = label_of(req->path);
	load_begin(&ctx, t, dg, strcmp(fmt->side, "onprem") == 0 ?
	    SIDE_ONPREM : SIDE_CLOUD, req->content, req->path, label);
	free(label);
	ctx.default_cloud_type = opt->default_cloud_type;
	if (opt->progress != NULL) {
		/* Counts records and polls the file position as they pass. */
		struct progress_tap tap = { opt->progress, fp, load_record,
		    &ctx };

		rc = fmt->parse(fp, ctx.file, opt->limits, dg, req->content,
		    progress_tap_record, &tap);
	} else
		rc = fmt->parse(fp, ctx.file, opt->limits, dg, req->content,
		    load_record, &ctx);
	load_end(&ctx);
	if (stats->records == 0 && !stats->is_unusable)
		diag(dg, D_INPUT_EMPTY, req->path, 0, "%s",
		    expected_formats(side));
	if (stats->is_unusable)
		rc = -1;
out_close:
	fclose(fp);
out_free:
	free(head);
	return rc;
}
