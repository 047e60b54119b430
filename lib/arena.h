/*
 * A bump allocator: many small allocations, freed together in one call
 * (git's mem-pool).  Used by the object table and the findings list so that
 * a million objects cost a handful of malloc calls.  Not for memory that is
 * freed one piece at a time.
 */
#ifndef SD_ARENA_H
#define SD_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block	*head;
	size_t			 block_size;	/* default size of new blocks */
	size_t			 used;		/* bytes handed out, for stats */
};

/* Prepare an empty arena; nothing is allocated until the first call. */
void	 arena_init(struct arena *a);
/* Free every block; the arena can be used again afterwards. */
void	 arena_release(struct arena *a);
/*
 * Free what a handed out but keep its newest block, when it is no larger
 * than keep bytes, for the next allocations: an arena filled and emptied
 * over and over costs no malloc and no fresh pages each round.
 */
void	 arena_reset(struct arena *a, size_t keep);
/* Take over from's blocks, which then live as long as a's; from is empty. */
void	 arena_adopt(struct arena *a, struct arena *from);

/* size bytes aligned for any type; valid until arena_release. */
void	*arena_alloc(struct arena *a, size_t size);
/*
 * size bytes with no alignment: for text and byte strings, which would
 * otherwise waste half of a max_align_t slot each on average.
 */
void	*arena_alloc_bytes(struct arena *a, size_t size);
void	*arena_calloc(struct arena *a, size_t count, size_t size);
/* A NUL-terminated copy of len bytes of s. */
char	*arena_strndup(struct arena *a, const char *s, size_t len);
char	*arena_strdup(struct arena *a, const char *s);
void	*arena_memdup(struct arena *a, const void *p, size_t len);
/* A printf-formatted string in the arena (ap is used up). */
char	*arena_vprintf(struct arena *a, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));
/* A printf-formatted string in the arena. */
char	*arena_printf(struct arena *a, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif /* SD_ARENA_H */
