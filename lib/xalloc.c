/* Allocation wrappers that exit on exhaustion; see xalloc.h. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

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
	return p;
}

void *
xcalloc(size_t count, size_t size)
{
	void	*p = calloc(count ? count : 1, size ? size : 1);

	if (p == NULL)
		out_of_memory();
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
