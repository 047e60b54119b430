/*
 * Allocation that cannot fail: on exhaustion it prints "syncdoctor: out of
 * memory" and exits.  Hostile input sizes are stopped long before this by
 * struct limits; these wrappers only cover the machine running out.
 */
#ifndef SD_XALLOC_H
#define SD_XALLOC_H

#include <stddef.h>

void	*xmalloc(size_t size);
void	*xcalloc(size_t count, size_t size);
/* Like realloc(3); count * size is checked for overflow. */
void	*xreallocarray(void *ptr, size_t count, size_t size);
/* A NUL-terminated copy of the first len bytes of s; free(3) it. */
char	*xstrndup(const char *s, size_t len);
char	*xstrdup(const char *s);
/* A printf-formatted string; free(3) it. */
char	*xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Make room for one more element of arr (n used of cap), doubling. */
#define GROW(arr, n, cap) do {						\
	if ((n) == (cap)) {						\
		(cap) = (cap) ? (cap) * 2 : 8;				\
		(arr) = xreallocarray((arr), (cap), sizeof(*(arr)));	\
	}								\
} while (0)

#endif /* SD_XALLOC_H */
