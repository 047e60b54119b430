/* The platform layer on POSIX (Linux, the BSDs, macOS); see platform.h. */
#include "config.h"
/* madvise and MADV_HUGEPAGE are beyond POSIX.1-2008. */
#define _DEFAULT_SOURCE	1

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform.h"
#include "xalloc.h"

void
platform_init(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
}

FILE *
platform_fopen(const char *path, const char *mode)
{
	return fopen(path, mode);
}

FILE *
platform_tmpfile(void)
{
	return tmpfile();
}

FILE *
platform_replace_open(const char *path, char **tmp_path)
{
	FILE	*fp;
	int	 fd;
	int	 saved;

	*tmp_path = xasprintf("%s.tmpXXXXXX", path);
	if ((fd = mkstemp(*tmp_path)) == -1)
		return NULL;
	if ((fp = fdopen(fd, "w")) == NULL) {
		saved = errno;
		close(fd);
		unlink(*tmp_path);
		errno = saved;
	}
	return fp;
}

/*
 * The mode the finished file gets: the one of the file it replaces, or
 * what open(2) would give a new file, 0666 less the umask.  umask(2) can
 * only be read by setting it: reports are written when no other thread
 * creates files, so setting it back at once races with nothing.
 */
static mode_t
S_final_mode(const char *path)
{
	struct stat	st;
	mode_t		mask;

	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return st.st_mode & 07777;
	mask = umask(077);
	umask(mask);
	return 0666 & ~mask;
}

int
platform_replace_commit(FILE *fp, const char *tmp_path, const char *path)
{
	int	saved;

	/* Private while partly written; its final mode once complete. */
	if (fflush(fp) != 0 || ferror(fp) ||
	    fchmod(fileno(fp), S_final_mode(path)) != 0 ||
	    fsync(fileno(fp)) != 0) {
		saved = errno;
		fclose(fp);
		goto out_remove;
	}
	if (fclose(fp) != 0 || rename(tmp_path, path) != 0) {
		saved = errno;
		goto out_remove;
	}
	return 0;
out_remove:
	unlink(tmp_path);
	errno = saved;
	return -1;
}

void
platform_replace_abort(FILE *fp, const char *tmp_path)
{
	fclose(fp);
	unlink(tmp_path);
}

bool
platform_is_terminal(FILE *fp)
{
	return isatty(fileno(fp)) == 1;
}

unsigned long long
platform_file_size(const char *path)
{
	struct stat	st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) ?
	    (unsigned long long)st.st_size : 0;
}

bool
platform_file_id(const char *path, unsigned long long *volume,
    unsigned long long *index)
{
	struct stat	st;

	if (stat(path, &st) != 0)
		return false;
	*volume = (unsigned long long)st.st_dev;
	*index = (unsigned long long)st.st_ino;
	return true;
}

int
platform_ncpu(void)
{
	long	n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (int)n : 1;
}

void
platform_usage(double *cpu_seconds, double *peak_mib)
{
	struct rusage	ru;

	memset(&ru, 0, sizeof(ru));
	getrusage(RUSAGE_SELF, &ru);
	*cpu_seconds = (double)ru.ru_utime.tv_sec +
	    (double)ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
#ifdef __APPLE__
	*peak_mib = (double)ru.ru_maxrss / (1024.0 * 1024.0);	/* bytes */
#else
	*peak_mib = (double)ru.ru_maxrss / 1024.0;		/* KiB */
#endif
}

const char *
platform_basename(const char *path)
{
	const char	*slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

void
platform_advise_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t	huge = (uintptr_t)2 << 20;
	uintptr_t	b = ((uintptr_t)p + huge - 1) & ~(huge - 1);
	uintptr_t	e = ((uintptr_t)p + n) & ~(huge - 1);

	/* Only whole huge pages inside the range: the rest stays as it is. */
	if (e > b)
		(void)madvise((void *)b, e - b, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}
