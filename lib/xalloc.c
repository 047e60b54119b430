/* Allocation wrappers that exit on exhaustion; see xalloc.h. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"
#include "xalloc.h"

/*
 * From this size on a block is asked to sit on huge pages: the table's
 * arenas, intern table and postings run to hundreds of MiB, and faulting
 * them in 4 KiB at a time cost some 12% of the user time at 100k objects.
 */
#define XALLOC_HUGE	((size_t)4 << 20)

static void
out_of_memory(void)
{
	fputs("syncdoctor: out of memory\n", stderr);
	exit(3);
}

void *
xmalloc(size_t size)
{
	void	*p = malloc(size ? size : 1);

	if (p == NULL)
		out_of_memory();
	if (size >= XALLOC_HUGE)
		platform_advise_huge(p, size);
	return p;
}

void *
xcalloc(size_t count, size_t size)
{
	void	*p = calloc(count ? count : 1, size ? size : 1);

	if (p == NULL)
		out_of_memory();
	/* calloc checked count * size for overflow. */
	if (count * size >= XALLOC_HUGE)
		platform_advise_huge(p, count * size);
	return p;
}

void *
xreallocarray(void *ptr, size_t count, size_t size)
{
	void	*p;

	/* Catch size_t overflow before it turns into a short buffer. */
	if (size != 0 && count > SIZE_MAX / size)
		out_of_memory();
	p = realloc(ptr, count * size != 0 ? count * size : 1);
	if (p == NULL)
		out_of_memory();
	if (count * size >= XALLOC_HUGE)
		platform_advise_huge(p, count * size);
	return p;
}

char *
xstrndup(const char *s, size_t len)
{
	char	*p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	int	 n;
	char	*p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		out_of_memory();
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
