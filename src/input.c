/* Opening, transcoding and sniffing inputs; see input.h. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "arena.h"
#include "input.h"
#include "load.h"
#include "platform.h"
#include "progress.h"
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

/* Open path as UTF-8 positioned after any BOM, or NULL after a diag. */
static FILE *
open_text(const char *path, struct diag *dg, char *head, size_t *headlen)
{
	struct stat	 st;
	FILE		*fp, *utf8;
	size_t		 n;

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
		utf8 = transcode_utf16(fp, (unsigned char)head[0] == 0xfe,
		    dg, path);
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

/* Parse fp with fmt here, loading each record as it is emitted. */
static int
input_parse_direct(FILE *fp, const struct input_format *fmt,
    const struct input_options *opt, struct load_ctx *ctx)
{
	if (opt->progress != NULL) {
		/* Counts records and polls the file position as they pass. */
		struct progress_tap tap = { opt->progress, fp, load_record,
		    ctx };

		return fmt->parse(fp, ctx->file, opt->limits, ctx->diag,
		    ctx->content, progress_tap_record, &tap);
	}
	return fmt->parse(fp, ctx->file, opt->limits, ctx->diag,
	    ctx->content, load_record, ctx);
}

/*
 * The pipeline: the parser runs on a thread of its own and copies each
 * record it emits, and each message it says, into batches; this thread
 * takes the batches in order, says the messages through the real diag
 * and loads the records.  One ordered stream keeps every message where
 * the direct parse says it, so stderr and the report do not change.  The
 * parser thread touches only its parser, its deferred diag and its
 * batches; the table, the real diag and the loader stay on this thread.
 *
 * Memory: at most PIPE_DEPTH sealed batches wait, plus the one being
 * filled, the one being loaded and PIPE_SPARES kept for reuse.  A batch
 * holds whole records, so one record larger than PIPE_BATCH_BYTES makes
 * one batch that large (a second copy of what the parser holds).
 */
#define PIPE_MIN_BYTES		(4L * 1024 * 1024)	/* AUTO: smaller direct */
#define PIPE_BATCH_BYTES	(1024 * 1024)
#define PIPE_BATCH_ITEMS	4096
#define PIPE_BATCH_ATTRS	(64 * 1024)	/* kept when reused */
#define PIPE_DEPTH		4
#define PIPE_SPARES		2

enum pipe_kind {
	PIPE_RECORD,
	PIPE_DIAG
};

/* One record or message, in the order the parser made them. */
struct pipe_item {
	enum pipe_kind	 kind;
	enum diag_code	 code;		/* PIPE_DIAG */
	bool		 is_copied_file; /* file is not the input's name */
	const char	*file;
	unsigned long	 line;
	const char	*text;		/* record: dn; message: detail */
	size_t		 first;		/* record: its attrs in the batch */
	size_t		 nattrs;
};

struct pipe_batch {
	struct pipe_batch	*next;
	struct arena		 bytes;		/* names, values, dns, details */
	size_t			 nbytes;
	struct pipe_item	*items;
	size_t			 nitems;
	size_t			 items_cap;
	struct attr		*attrs;
	size_t			 nattrs;
	size_t			 attrs_cap;
	long			 pos;		/* how far the file was read */
};

struct pipe {
	pthread_mutex_t		 lock;
	pthread_cond_t		 can_put;	/* room in the queue, or stop */
	pthread_cond_t		 can_get;	/* a batch, or the end */
	struct pipe_batch	*head;		/* sealed, oldest first */
	struct pipe_batch	*tail;
	size_t			 nqueued;
	struct pipe_batch	*spares;
	size_t			 nspares;
	bool			 is_done;	/* the parse returned rc */
	bool			 is_stopped;	/* emit asked for no more */
	int			 rc;
	/* The parser thread's alone while it runs. */
	const struct input_format *fmt;
	FILE			*in;
	const char		*file;		/* interned: outlives the parse */
	const struct limits	*limits;
	enum input_content	 content;
	struct diag		 dg;		/* deferred into the batches */
	struct pipe_batch	*fill;
};

static struct pipe_batch *
pipe_batch_new(void)
{
	struct pipe_batch	*b = xcalloc(1, sizeof(*b));

	arena_init(&b->bytes);
	b->bytes.block_size = PIPE_BATCH_BYTES;	/* one block, usually */
	return b;
}

/* Empty b for reuse; arrays a hostile record made huge are not kept. */
static void
pipe_batch_clear(struct pipe_batch *b)
{
	arena_reset(&b->bytes, PIPE_BATCH_BYTES);
	b->bytes.block_size = PIPE_BATCH_BYTES;
	b->nbytes = 0;
	b->nitems = 0;
	b->nattrs = 0;
	if (b->items_cap > PIPE_BATCH_ITEMS) {
		free(b->items);
		b->items = NULL;
		b->items_cap = 0;
	}
	if (b->attrs_cap > PIPE_BATCH_ATTRS) {
		free(b->attrs);
		b->attrs = NULL;
		b->attrs_cap = 0;
	}
	b->next = NULL;
}

static void
pipe_batch_free(struct pipe_batch *b)
{
	if (b == NULL)
		return;
	arena_release(&b->bytes);
	free(b->items);
	free(b->attrs);
	free(b);
}

/* len bytes of s and a NUL, in b. */
static char *
pipe_copy(struct pipe_batch *b, const char *s, size_t len)
{
	char	*p = arena_alloc_bytes(&b->bytes, len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	b->nbytes += len + 1;
	return p;
}

static struct pipe_item *
pipe_item_new(struct pipe *p, enum pipe_kind kind, const char *file,
    unsigned long line)
{
	struct pipe_batch	*b = p->fill;
	struct pipe_item	*it;

	if (b->nitems == b->items_cap) {
		b->items_cap = b->items_cap ? b->items_cap * 2 : 256;
		b->items = xreallocarray(b->items, b->items_cap,
		    sizeof(*b->items));
	}
	it = &b->items[b->nitems++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->line = line;
	it->file = file;
	/* Parsers name the input they were given; anything else is copied. */
	if (file != NULL && file != p->file) {
		it->file = pipe_copy(b, file, strlen(file));
		it->is_copied_file = true;
	}
	return it;
}

/*
 * Queue the batch being filled, waiting for room, and start another
 * (unless is_last).  Returns 0, or -1 when the loader asked to stop: the
 * batch is then dropped and the parse should end.
 */
static int
pipe_put(struct pipe *p, bool is_last)
{
	struct pipe_batch	*b = p->fill, *fresh = NULL;
	int			 rc = 0;

	b->pos = ftell(p->in);
	pthread_mutex_lock(&p->lock);
	while (p->nqueued >= PIPE_DEPTH && !p->is_stopped)
		pthread_cond_wait(&p->can_put, &p->lock);
	if (p->is_stopped)
		rc = -1;
	else {
		if (p->tail != NULL)
			p->tail->next = b;
		else
			p->head = b;
		p->tail = b;
		p->nqueued++;
		pthread_cond_signal(&p->can_get);
		b = NULL;
		if (!is_last && p->spares != NULL) {
			fresh = p->spares;
			p->spares = fresh->next;
			p->nspares--;
			fresh->next = NULL;
		}
	}
	pthread_mutex_unlock(&p->lock);
	if (b != NULL)
		pipe_batch_clear(b);	/* stopped: refill it, unseen */
	else if (fresh == NULL && !is_last)
		fresh = pipe_batch_new();
	p->fill = b != NULL ? b : fresh;
	return rc;
}

static int
pipe_put_if_full(struct pipe *p)
{
	if (p->fill->nbytes < PIPE_BATCH_BYTES &&
	    p->fill->nitems < PIPE_BATCH_ITEMS)
		return 0;
	return pipe_put(p, false);
}

/* The parser's record_fn: copies what rec borrows into the batch. */
static int
pipe_emit(const struct record *rec, void *arg)
{
	struct pipe		*p = arg;
	struct pipe_batch	*b = p->fill;
	struct pipe_item	*it;
	const struct attr	*from;
	struct attr		*to;
	size_t			 i;

	it = pipe_item_new(p, PIPE_RECORD, rec->file, rec->line);
	if (rec->dn != NULL)
		it->text = pipe_copy(b, rec->dn, strlen(rec->dn));
	it->first = b->nattrs;
	it->nattrs = rec->nattrs;
	if (rec->nattrs > b->attrs_cap - b->nattrs) {
		while (rec->nattrs > b->attrs_cap - b->nattrs)
			b->attrs_cap = b->attrs_cap ? b->attrs_cap * 2 : 1024;
		b->attrs = xreallocarray(b->attrs, b->attrs_cap,
		    sizeof(*b->attrs));
	}
	for (i = 0; i < rec->nattrs; i++) {
		from = &rec->attrs[i];
		to = &b->attrs[b->nattrs++];
		*to = *from;
		/* The values of one attribute share their name: copy it once. */
		if (i > 0 && from->name == from[-1].name)
			to->name = to[-1].name;
		else
			to->name = pipe_copy(b, from->name, strlen(from->name));
		if (from->value != NULL)
			to->value = pipe_copy(b, from->value, from->len);
	}
	return pipe_put_if_full(p);
}

/* The deferred diag's hook: the message, formatted, into the batch. */
static void __attribute__((format(printf, 5, 0)))
pipe_defer(void *arg, enum diag_code code, const char *file,
    unsigned long line, const char *fmt, va_list ap)
{
	struct pipe		*p = arg;
	struct pipe_item	*it;
	char			*detail;
	va_list			 aq;
	int			 n;

	it = pipe_item_new(p, PIPE_DIAG, file, line);
	it->code = code;
	if (fmt != NULL && *fmt != '\0') {
		va_copy(aq, ap);
		n = vsnprintf(NULL, 0, fmt, aq);
		va_end(aq);
		if (n > 0) {
			detail = arena_alloc_bytes(&p->fill->bytes,
			    (size_t)n + 1);
			vsnprintf(detail, (size_t)n + 1, fmt, ap);
			p->fill->nbytes += (size_t)n + 1;
			it->text = detail;
		}
	}
	/* A stop is seen by the next record's emit. */
	(void)pipe_put_if_full(p);
}

/* The parser thread. */
static void *
pipe_parse(void *arg)
{
	struct pipe	*p = arg;
	int		 rc;

	rc = p->fmt->parse(p->in, p->file, p->limits, &p->dg, p->content,
	    pipe_emit, p);
	if (p->fill->nitems > 0)
		(void)pipe_put(p, true);
	pipe_batch_free(p->fill);
	p->fill = NULL;
	pthread_mutex_lock(&p->lock);
	p->rc = rc;
	p->is_done = true;
	pthread_cond_signal(&p->can_get);
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* The next sealed batch, waiting for it; NULL when the parse is over. */
static struct pipe_batch *
pipe_get(struct pipe *p)
{
	struct pipe_batch	*b;

	pthread_mutex_lock(&p->lock);
	while (p->head == NULL && !p->is_done)
		pthread_cond_wait(&p->can_get, &p->lock);
	if ((b = p->head) != NULL) {
		if ((p->head = b->next) == NULL)
			p->tail = NULL;
		p->nqueued--;
		pthread_cond_signal(&p->can_put);
	}
	pthread_mutex_unlock(&p->lock);
	return b;
}

static void
pipe_recycle(struct pipe *p, struct pipe_batch *b)
{
	pipe_batch_clear(b);
	pthread_mutex_lock(&p->lock);
	if (p->nspares < PIPE_SPARES) {
		b->next = p->spares;
		p->spares = b;
		p->nspares++;
		b = NULL;
	}
	pthread_mutex_unlock(&p->lock);
	pipe_batch_free(b);
}

static void
pipe_stop(struct pipe *p)
{
	pthread_mutex_lock(&p->lock);
	p->is_stopped = true;
	pthread_cond_signal(&p->can_put);
	pthread_mutex_unlock(&p->lock);
}

/*
 * Say b's messages and load its records, in order, as the direct parse
 * would have.  Returns 0, or -1 when emit asked to stop.
 */
static int
pipe_replay(struct pipe_batch *b, struct load_ctx *ctx,
    struct progress *progress)
{
	const struct pipe_item	*it;
	struct record		 rec;
	const char		*file;
	size_t			 i;

	for (i = 0; i < b->nitems; i++) {
		it = &b->items[i];
		file = it->file;
		if (it->is_copied_file)
			file = table_intern(ctx->table, file, strlen(file));
		if (it->kind == PIPE_DIAG) {
			diag_say(ctx->diag, it->code, file, it->line, it->text);
			continue;
		}
		rec.file = file;
		rec.line = it->line;
		rec.dn = it->text;
		rec.attrs = b->attrs + it->first;
		rec.nattrs = it->nattrs;
		if (progress != NULL)
			progress_record_at(progress, b->pos);
		if (load_record(&rec, ctx) != 0)
			return -1;
	}
	return 0;
}

/*
 * Parse fp with fmt on a thread of its own while this one loads.
 * Returns what the parse returns, or -2 when no thread could be started
 * (nothing was read: parse directly).
 */
static int
input_parse_pipelined(FILE *fp, const struct input_format *fmt,
    const struct input_options *opt, struct load_ctx *ctx)
{
	struct pipe		 p;
	struct pipe_batch	*b;
	pthread_t		 parser;
	bool			 is_stopped = false;
	int			 rc = -2;

	memset(&p, 0, sizeof(p));
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.can_put, NULL);
	pthread_cond_init(&p.can_get, NULL);
	p.fmt = fmt;
	p.in = fp;
	p.file = ctx->file;
	p.limits = opt->limits;
	p.content = ctx->content;
	diag_init_deferred(&p.dg, pipe_defer, &p);
	p.fill = pipe_batch_new();
	if (pthread_create(&parser, NULL, pipe_parse, &p) != 0) {
		pipe_batch_free(p.fill);
		goto out_release;
	}
	while ((b = pipe_get(&p)) != NULL) {
		/*
		 * After a stop the parser runs on to its next batch: what it
		 * made past the stopping record is dropped unsaid.
		 */
		if (!is_stopped && pipe_replay(b, ctx, opt->progress) != 0) {
			is_stopped = true;
			pipe_stop(&p);
		}
		pipe_recycle(&p, b);
	}
	pthread_join(parser, NULL);
	rc = is_stopped ? -1 : p.rc;
	while ((b = p.spares) != NULL) {
		p.spares = b->next;
		pipe_batch_free(b);
	}
out_release:
	diag_release(&p.dg);
	pthread_cond_destroy(&p.can_get);
	pthread_cond_destroy(&p.can_put);
	pthread_mutex_destroy(&p.lock);
	return rc;
}

/* Is the overlap worth a thread for fp? */
static bool
input_is_pipelined(FILE *fp, enum input_pipeline how)
{
	struct stat	st;

	if (how != INPUT_PIPELINE_AUTO)
		return how == INPUT_PIPELINE_ALWAYS;
	if (platform_ncpu() < 2)
		return false;
	return fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size >= PIPE_MIN_BYTES;
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

int
input_load(struct table *t, struct diag *dg, const struct input_request *req,
    const struct input_options *opt)
{
	const struct input_format	*fmt;
	struct input_stats		*stats;
	struct load_ctx			 ctx;
	const char			*side = req->side, *earlier;
	char				*head, *label;
	bool				 is_copy = false;
	enum input_content		 content;
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
	if (opt->seen != NULL &&
	    (earlier = input_seen_earlier(opt->seen, req->path,
	    &is_copy)) != NULL) {
		stats->kind = "repeat";
		diag(dg, D_INPUT_DUPLICATE, req->path, 0, "%s '%s'",
		    is_copy ? "a copy of" : "the same file as", earlier);
		rc = 0;
		goto out_close;
	}
	if (headlen == 0) {
		/* A CI gate on a broken export must fail: empty is unusable. */
		stats->kind = "empty";
		diag(dg, D_INPUT_EMPTY, req->path, 0, "the file is empty");
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
	content = req->content;
	/* A domains or roles export given as a plain or --cloud input. */
	if (content == CONTENT_OBJECTS && fmt->sniff_content != NULL)
		content = fmt->sniff_content(head, headlen);
	stats->side = content == CONTENT_OBJECTS ? fmt->side : "tenant";
	label = label_of(req->path);
	load_begin(&ctx, t, dg, strcmp(fmt->side, "onprem") == 0 ?
	    SIDE_ONPREM : SIDE_CLOUD, content, req->path, label);
	free(label);
	ctx.default_cloud_type = opt->default_cloud_type;
	rc = -2;
	if (input_is_pipelined(fp, opt->pipeline))
		rc = input_parse_pipelined(fp, fmt, opt, &ctx);
	if (rc == -2)
		rc = input_parse_direct(fp, fmt, opt, &ctx);
	load_end(&ctx);
	if (!stats->is_unusable)
		check_usable(dg, stats, req);
	if (stats->is_unusable)
		rc = -1;
out_close:
	fclose(fp);
out_free:
	free(head);
	return rc;
}
