/* A bump allocator with geometric block growth; see arena.h. */
#include "config.h"

#include <stdalign.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "xalloc.h"

struct arena_block {
	struct arena_block	*next;
	size_t			 size;
	size_t			 off;
	alignas(max_align_t) unsigned char data[];
};

#define ARENA_MIN_BLOCK	(64 * 1024)
#define ARENA_MAX_BLOCK	(8 * 1024 * 1024)

void
arena_init(struct arena *a)
{
	a->head = NULL;
	a->block_size = ARENA_MIN_BLOCK;
	a->used = 0;
}

void
arena_release(struct arena *a)
{
	struct arena_block	*b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	arena_init(a);
}

void
arena_reset(struct arena *a, size_t keep)
{
	struct arena_block	*b = a->head;
	size_t			 block_size = a->block_size;

	if (b == NULL || b->size > keep) {
		arena_release(a);
		return;
	}
	a->head = b->next;
	b->next = NULL;
	arena_release(a);
	b->off = 0;
	a->head = b;
	a->block_size = block_size;
}

void
arena_adopt(struct arena *a, struct arena *from)
{
	struct arena_block	*tail;

	if (from->head == NULL)
		return;
	/* a's head stays the block it allocates from. */
	for (tail = from->head; tail->next != NULL; tail = tail->next)
		continue;
	if (a->head == NULL)
		a->head = from->head;
	else {
		tail->next = a->head->next;
		a->head->next = from->head;
	}
	a->used += from->used;
	arena_init(from);
}

static struct arena_block *
arena_grow(struct arena *a, size_t need)
{
	struct arena_block	*b;
	size_t			 size = a->block_size;

	if (need > size)
		size = need;
	if (size > SIZE_MAX - sizeof(*b))
		size = need;	/* xmalloc reports the failure below */
	b = xmalloc(sizeof(*b) + size);
	b->size = size;
	b->off = 0;
	b->next = a->head;
	a->head = b;
	/* Double the block size up to a ceiling: few mallocs, little waste. */
	if (a->block_size < ARENA_MAX_BLOCK)
		a->block_size *= 2;
	return b;
}

/* size bytes at a multiple of align (a power of two). */
static void *
arena_alloc_align(struct arena *a, size_t size, size_t align)
{
	struct arena_block	*b = a->head;
	size_t			 off;

	if (size == 0)
		size = 1;
	if (size > SIZE_MAX - align)
		size = SIZE_MAX - align;	/* fails in arena_grow */
	if (b != NULL) {
		off = (b->off + align - 1) & ~(align - 1);
		if (off <= b->size && b->size - off >= size) {
			b->off = off + size;
			a->used += size;
			return b->data + off;
		}
	}
	b = arena_grow(a, size);
	b->off = size;
	a->used += size;
	return b->data;
}

void *
arena_alloc(struct arena *a, size_t size)
{
	return arena_alloc_align(a, size, alignof(max_align_t));
}

void *
arena_alloc_bytes(struct arena *a, size_t size)
{
	return arena_alloc_align(a, size, 1);
}

void *
arena_calloc(struct arena *a, size_t count, size_t size)
{
	void	*p;

	if (size != 0 && count > SIZE_MAX / size) {
		fputs("syncdoctor: out of memory\n", stderr);
		exit(3);
	}
	p = arena_alloc(a, count * size);
	memset(p, 0, count * size);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
	char	*p = arena_alloc_bytes(a, len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void *
arena_memdup(struct arena *a, const void *src, size_t len)
{
	void	*p = arena_alloc(a, len);

	if (len)
		memcpy(p, src, len);
	return p;
}

char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list	 copy;
	int	 n;
	char	*p;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		n = 0;
	p = arena_alloc_bytes(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}
