/*
 * The parser thread (pipe.h): the parser runs on a thread of its own and
 * copies each record it emits, and each message it says, into batches;
 * the calling thread takes the batches in order, says the messages
 * through the real diag and emits the records.  One ordered stream keeps
 * every message where the direct parse says it, so stderr and the report
 * do not change.  The parser thread touches only its parser, its deferred
 * diag and its batches; the real diag and the records' consumer stay on
 * the calling thread.
 *
 * Memory: at most PIPE_DEPTH sealed batches wait, plus the one being
 * filled, the one being emitted and PIPE_SPARES kept for reuse.  A batch
 * holds whole records, so one record larger than PIPE_BATCH_BYTES makes
 * one batch that large (a second copy of what the parser holds).
 */
#include "config.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "pipe.h"
#include "platform.h"
#include "xalloc.h"

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
	const struct pipe_request *req;
	struct diag		 dg;		/* deferred into the batches */
	struct pipe_batch	*fill;
	size_t			*namelens;	/* pipe_emit's, by attr */
	size_t			 namelens_cap;
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
	if (file != NULL && file != p->req->file) {
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

	b->pos = ftell(p->req->in);
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

/* len bytes of s and a NUL at *at, which moves past them. */
static char *
pipe_put_bytes(char **at, const char *s, size_t len)
{
	char	*p = *at;

	memcpy(p, s, len);
	p[len] = '\0';
	*at = p + len + 1;
	return p;
}

/*
 * The parser's record_fn: copies what rec borrows into the batch, all its
 * bytes in one piece of the arena.  A name's length is measured once and
 * kept in p->namelens for the copy.
 */
static int
pipe_emit(const struct record *rec, void *arg)
{
	struct pipe		*p = arg;
	struct pipe_batch	*b = p->fill;
	struct pipe_item	*it;
	const struct attr	*from;
	struct attr		*to;
	size_t			 i, dnlen = 0, total = 0, *namelen;
	char			*at;

	it = pipe_item_new(p, PIPE_RECORD, rec->file, rec->line);
	it->first = b->nattrs;
	it->nattrs = rec->nattrs;
	if (rec->nattrs > b->attrs_cap - b->nattrs) {
		while (rec->nattrs > b->attrs_cap - b->nattrs)
			b->attrs_cap = b->attrs_cap ? b->attrs_cap * 2 : 1024;
		b->attrs = xreallocarray(b->attrs, b->attrs_cap,
		    sizeof(*b->attrs));
	}
	if (rec->nattrs > p->namelens_cap) {
		free(p->namelens);
		p->namelens_cap = rec->nattrs * 2;
		p->namelens = xreallocarray(NULL, p->namelens_cap,
		    sizeof(*p->namelens));
	}
	if (rec->dn != NULL)
		total += (dnlen = strlen(rec->dn)) + 1;
	for (i = 0; i < rec->nattrs; i++) {
		from = &rec->attrs[i];
		namelen = &p->namelens[i];
		/* The values of one attribute share their name: copy it once. */
		if (i > 0 && from->name == from[-1].name)
			*namelen = SIZE_MAX;
		else
			total += (*namelen = strlen(from->name)) + 1;
		/* A measured value has no bytes: its len is a size. */
		if (from->value != NULL)
			total += (from->flags & ATTR_MEASURED ? 0 : from->len) + 1;
	}
	at = arena_alloc_bytes(&b->bytes, total);
	b->nbytes += total;
	if (rec->dn != NULL)
		it->text = pipe_put_bytes(&at, rec->dn, dnlen);
	for (i = 0; i < rec->nattrs; i++) {
		from = &rec->attrs[i];
		to = &b->attrs[b->nattrs++];
		*to = *from;
		if (p->namelens[i] == SIZE_MAX)
			to->name = to[-1].name;
		else
			to->name = pipe_put_bytes(&at, from->name,
			    p->namelens[i]);
		if (from->value != NULL)
			to->value = pipe_put_bytes(&at, from->value,
			    from->flags & ATTR_MEASURED ? 0 : from->len);
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
pipe_run_parser(void *arg)
{
	struct pipe			*p = arg;
	const struct pipe_request	*req = p->req;
	int				 rc;

	rc = req->fmt->parse(req->in, req->file, req->limits, &p->dg,
	    req->content, pipe_emit, p);
	if (p->fill->nitems > 0)
		(void)pipe_put(p, true);
	pipe_batch_free(p->fill);
	p->fill = NULL;
	free(p->namelens);
	p->namelens = NULL;
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
 * Say b's messages and emit its records, in order, as the direct parse
 * would have.  Returns 0, or -1 when emit asked to stop.
 */
static int
pipe_replay(const struct pipe_request *req, struct pipe_batch *b)
{
	const struct pipe_item	*it;
	struct record		 rec;
	const char		*file;
	size_t			 i;

	for (i = 0; i < b->nitems; i++) {
		it = &b->items[i];
		file = it->file;
		if (it->is_copied_file)
			file = req->keep_name(req->arg, file);
		if (it->kind == PIPE_DIAG) {
			diag_say(req->dg, it->code, file, it->line, it->text);
			continue;
		}
		rec.file = file;
		rec.line = it->line;
		rec.dn = it->text;
		rec.attrs = b->attrs + it->first;
		rec.nattrs = it->nattrs;
		if (req->progress != NULL)
			progress_record_at(req->progress, b->pos);
		if (req->emit(&rec, req->arg) != 0)
			return -1;
	}
	return 0;
}

/* Take the batches as they come; stop the parser when emit says so. */
static bool
pipe_drain(struct pipe *p)
{
	struct pipe_batch	*b;
	bool			 is_stopped = false;

	while ((b = pipe_get(p)) != NULL) {
		/*
		 * After a stop the parser runs on to its next batch: what it
		 * made past the stopping record is dropped unsaid.
		 */
		if (!is_stopped && pipe_replay(p->req, b) != 0) {
			is_stopped = true;
			pipe_stop(p);
		}
		pipe_recycle(p, b);
	}
	return is_stopped;
}

int
pipe_parse(const struct pipe_request *req)
{
	struct pipe		 p;
	struct pipe_batch	*b;
	pthread_t		 parser;
	int			 rc = -2;

	memset(&p, 0, sizeof(p));
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.can_put, NULL);
	pthread_cond_init(&p.can_get, NULL);
	p.req = req;
	diag_init_deferred(&p.dg, pipe_defer, &p);
	p.fill = pipe_batch_new();
	if (pthread_create(&parser, NULL, pipe_run_parser, &p) != 0) {
		pipe_batch_free(p.fill);
		goto out_release;
	}
	rc = pipe_drain(&p) ? -1 : 0;
	pthread_join(parser, NULL);
	if (rc == 0)
		rc = p.rc;
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

bool
pipe_is_worth(FILE *in)
{
	struct stat	st;

	if (platform_ncpu() < 2)
		return false;
	return fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size >= PIPE_MIN_BYTES;
}
