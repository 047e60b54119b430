/*
 * What the Microsoft C runtime lacks and the modules use as POSIX has it:
 * open_memstream(3).  config.h includes this on Windows only, so the
 * modules call open_memstream() and fclose() as on POSIX; the code is in
 * platform_win.c.  Not for anything with a different meaning on Windows:
 * that goes in platform.h.
 */
#ifndef SD_COMPAT_WIN_H
#define SD_COMPAT_WIN_H

#include <stdio.h>

/*
 * A stream whose bytes are in *bufp (NUL-terminated, the caller's to
 * free()) and their count in *sizep once platform_fclose() has closed it.
 * Unlike POSIX, *bufp and *sizep are only set by the close, not by
 * fflush(): every caller here reads them after fclose().
 */
FILE	*platform_open_memstream(char **bufp, size_t *sizep);

/* fclose(3), which also completes a memory stream. */
int	 platform_fclose(FILE *fp);

#define open_memstream	platform_open_memstream
#define fclose		platform_fclose

#endif /* SD_COMPAT_WIN_H */
