/*
 * Opening an input (open.h): a regular file, UTF-16 turned into UTF-8,
 * any BOM skipped, the format recognised from the content, a file given
 * twice read once.  The one place that opens files named on the command
 * line; nothing an input names is ever opened.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "open.h"
#include "platform.h"
#include "utf16.h"
#include "xalloc.h"

#define SNIFF_BYTES	8192

/* The file's name without directories or extension: the forest label. */
static char *
label_of(const char *path)
{
	const char	*base = platform_basename(path);
	const char	*dot;

	dot = strrchr(base, '.');
	return xstrndup(base, dot && dot != base ? (size_t)(dot - base) :
	    strlen(base));
}

/*
 * Copy in (UTF-16, BOM already read) to an anonymous temporary file as
 * UTF-8.  Streams: memory stays a few buffers whatever the file size.
 */
static FILE *
transcode_utf16(FILE *in, bool is_big_endian, struct diag *dg,
    const char *path)
{
	unsigned char	 inbuf[65536];
	char		 outbuf[4 * 65536];
	size_t		 have = 0, n, used, len;
	unsigned long	 offset = 0;
	bool		 is_invalid;
	FILE		*out;

	if ((out = platform_tmpfile()) == NULL) {
		diag(dg, D_ENCODING, path, 0, "no temporary file: %s",
		    strerror(errno));
		return NULL;
	}
	while ((n = fread(inbuf + have, 1, sizeof(inbuf) - have, in)) > 0 ||
	    have > 0) {
		bool	 is_eof = n == 0;

		len = utf16_to_utf8(inbuf, have + n, is_big_endian, outbuf,
		    &used, &is_invalid);
		if (is_invalid || (is_eof && used < have + n)) {
			diag(dg, D_ENCODING, path, 0,
			    "invalid UTF-16 near byte %lu",
			    offset + (unsigned long)used);
			fclose(out);
			return NULL;
		}
		fwrite(outbuf, 1, len, out);
		/* An incomplete sequence waits for the next block. */
		offset += (unsigned long)used;
		have = have + n - used;
		memmove(inbuf, inbuf + used, have);
		if (is_eof)
			break;
	}
	if (ferror(in)) {
		diag(dg, D_READ, path, 0, "%s", strerror(errno));
		fclose(out);
		return NULL;
	}
	rewind(out);
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

/* path opened for reading if it is a regular file, or NULL after a diag. */
static FILE *
open_regular(const char *path, struct diag *dg)
{
	struct stat	 st;
	FILE		*fp;

	if ((fp = platform_fopen(path, "rb")) == NULL) {
		/* Windows refuses to open a folder at all (platform.h). */
		if (errno == EISDIR)
			diag(dg, D_NOT_FILE, path, 0,
			    "expected a regular file, got a directory");
		else
			diag(dg, D_OPEN, path, 0, "%s", strerror(errno));
		return NULL;
	}
	if (fstat(fileno(fp), &st) == -1 || !S_ISREG(st.st_mode)) {
		diag(dg, D_NOT_FILE, path, 0, "expected a regular file%s",
		    S_ISDIR(st.st_mode) ? ", got a directory" : "");
		fclose(fp);
		return NULL;
	}
	return fp;
}

/*
 * fp, whose first *n bytes are in head, as UTF-8 positioned after any BOM,
 * with head and *n the first bytes of that; NULL after a diag (fp is then
 * closed).
 */
static FILE *
open_skip_bom(FILE *fp, const char *path, struct diag *dg, char *head,
    size_t *n)
{
	FILE	*utf8;

	if (*n >= 2 && ((unsigned char)head[0] == 0xff ||
	    (unsigned char)head[0] == 0xfe) &&
	    ((unsigned char)head[1] ^ (unsigned char)head[0]) == 0x01) {
		/* ldifde -u and Windows PowerShell write UTF-16 with a BOM. */
		fseek(fp, 2, SEEK_SET);
		utf8 = transcode_utf16(fp, (unsigned char)head[0] == 0xfe,
		    dg, path);
		fclose(fp);
		if (utf8 == NULL)
			return NULL;
		*n = fread(head, 1, SNIFF_BYTES, utf8);
		rewind(utf8);
		return utf8;
	}
	if (*n >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0) {
		memmove(head, head + 3, *n - 3);
		*n -= 3;
		fseek(fp, 3, SEEK_SET);
	} else
		rewind(fp);
	return fp;
}

/* Open path as UTF-8 positioned after any BOM, or NULL after a diag. */
static FILE *
open_text(const char *path, struct diag *dg, char *head, size_t *headlen)
{
	FILE	*fp;
	size_t	 n;

	if ((fp = open_regular(path, dg)) == NULL)
		return NULL;
	n = fread(head, 1, SNIFF_BYTES, fp);
	if (ferror(fp)) {
		diag(dg, D_READ, path, 0, "%s", strerror(errno));
		fclose(fp);
		return NULL;
	}
	if ((fp = open_skip_bom(fp, path, dg, head, &n)) == NULL)
		return NULL;
	if (memchr(head, '\0', n) != NULL) {
		diag(dg, D_BINARY, path, 0,
		    "NUL bytes in the first %zu bytes: not a text export", n);
		fclose(fp);
		return NULL;
	}
	*headlen = n;
	return fp;
}

/*
 * An input that loaded nothing is unusable, whatever the reason: a
 * header-only export, every row rejected, or every record of a kind
 * that is not loaded (Get-Process as CLIXML).  Said as a fatal message.
 */
static void
check_usable(struct diag *dg, const struct input_stats *stats,
    const struct input_request *req)
{
	/* Records merged into objects of an overlapping export count too. */
	if (stats->accepted > 0 || stats->merged > 0)
		return;
	if (stats->records == 0)
		diag(dg, D_INPUT_EMPTY, req->path, 0,
		    "nothing but a header or comments (%s)", stats->kind);
	else if (stats->rejected > 0)
		diag(dg, D_INPUT_ALL_REJECTED, req->path, 0,
		    "%lu rejected, %lu skipped", stats->rejected,
		    stats->skipped);
	else
		diag(dg, D_INPUT_NONE_LOADED, req->path, 0,
		    "%lu skipped (see the notes above)", stats->skipped);
}

void
input_seen_init(struct input_seen *seen)
{
	memset(seen, 0, sizeof(*seen));
}

void
input_seen_release(struct input_seen *seen)
{
	free(seen->files);
	memset(seen, 0, sizeof(*seen));
}

/* Do the files at a and b hold the same bytes?  false when unreadable. */
static bool
same_bytes(const char *a, const char *b)
{
	char	 abuf[65536], bbuf[65536];
	FILE	*af, *bf = NULL;
	size_t	 an, bn;
	bool	 is_same = false;

	if ((af = platform_fopen(a, "rb")) == NULL ||
	    (bf = platform_fopen(b, "rb")) == NULL)
		goto out_close;
	do {
		an = fread(abuf, 1, sizeof(abuf), af);
		bn = fread(bbuf, 1, sizeof(bbuf), bf);
		if (an != bn || memcmp(abuf, bbuf, an) != 0)
			goto out_close;
	} while (an > 0);
	is_same = !ferror(af) && !ferror(bf);
out_close:
	if (bf != NULL)
		fclose(bf);
	if (af != NULL)
		fclose(af);
	return is_same;
}

/*
 * The earlier input path is the same file as, or a copy of; NULL when it
 * is new (then it is remembered).  Sizes differ for nearly every pair,
 * so bytes are compared only for the rare equal size.
 */
static const char *
input_seen_earlier(struct input_seen *seen, const char *path, bool *is_copy)
{
	struct input_seen_file	*f;
	unsigned long long	 dev, ino, size;
	size_t			 i;

	if (!platform_file_id(path, &dev, &ino))
		return NULL;
	size = platform_file_size(path);
	for (i = 0; i < seen->n; i++) {
		f = &seen->files[i];
		if (f->dev == dev && f->ino == ino) {
			*is_copy = false;
			return f->path;
		}
		if (f->size == (long long)size && same_bytes(f->path, path)) {
			*is_copy = true;
			return f->path;
		}
	}
	seen->files = xreallocarray(seen->files, seen->n + 1,
	    sizeof(*seen->files));
	f = &seen->files[seen->n++];
	f->path = path;
	f->dev = dev;
	f->ino = ino;
	f->size = (long long)size;
	return NULL;
}

/*
 * The format of the input at req->path, whose first headlen bytes are in
 * head; NULL after a fatal diagnostic.
 */
static const struct input_format *
open_format(struct diag *dg, const struct input_request *req,
    const char *side, const char *head, size_t headlen)
{
	const struct input_format	*fmt;

	if (req->format != NULL)
		fmt = input_format_find(req->format);
	else
		fmt = sniff_format(head, headlen, side);
	if (fmt == NULL || !side_allows(side, fmt)) {
		diag(dg, D_FORMAT, req->path, 0, "%s", expected_formats(side));
		return NULL;
	}
	return fmt;
}

/* Is the input at req->path a repeat of an earlier one?  Said if so. */
static bool
open_is_repeat(struct diag *dg, const struct input_request *req,
    struct input_seen *seen, struct input_stats *stats)
{
	const char	*earlier;
	bool		 is_copy = false;

	if (seen == NULL || (earlier = input_seen_earlier(seen, req->path,
	    &is_copy)) == NULL)
		return false;
	stats->kind = "repeat";
	diag(dg, D_INPUT_DUPLICATE, req->path, 0, "%s '%s'",
	    is_copy ? "a copy of" : "the same file as", earlier);
	return true;
}

int
open_input(struct diag *dg, const struct input_request *req,
    struct input_seen *seen, struct input_opened *out)
{
	const char	*side = req->side;
	char		*head;
	size_t		 headlen = 0;
	int		 rc = -1;

	memset(out, 0, sizeof(*out));
	if (req->content != CONTENT_OBJECTS)
		side = "cloud";	/* roles and domains come from the tenant */
	out->stats = diag_input_begin(dg, req->path, "unknown",
	    req->content == CONTENT_OBJECTS ? (side ? side : "unknown") :
	    "tenant");
	head = xmalloc(SNIFF_BYTES);
	if ((out->fp = open_text(req->path, dg, head, &headlen)) == NULL)
		goto out_free;
	if (open_is_repeat(dg, req, seen, out->stats)) {
		rc = 0;
		goto out_close;
	}
	if (headlen == 0) {
		/* A CI gate on a broken export must fail: empty is unusable. */
		out->stats->kind = "empty";
		diag(dg, D_INPUT_EMPTY, req->path, 0, "the file is empty");
		goto out_close;
	}
	if ((out->fmt = open_format(dg, req, side, head, headlen)) == NULL)
		goto out_close;
	out->stats->kind = out->fmt->name;
	out->content = req->content;
	/* A domains or roles export given as a plain or --cloud input. */
	if (out->content == CONTENT_OBJECTS && out->fmt->sniff_content != NULL)
		out->content = out->fmt->sniff_content(head, headlen);
	out->stats->side = out->content == CONTENT_OBJECTS ? out->fmt->side :
	    "tenant";
	out->label = label_of(req->path);
	free(head);
	return 1;
out_close:
	fclose(out->fp);
	out->fp = NULL;
out_free:
	free(head);
	return rc;
}

int
open_finish(struct diag *dg, const struct input_request *req,
    struct input_opened *in, int rc)
{
	if (!in->stats->is_unusable)
		check_usable(dg, in->stats, req);
	if (in->stats->is_unusable)
		rc = -1;
	fclose(in->fp);
	free(in->label);
	memset(in, 0, sizeof(*in));
	return rc;
}
