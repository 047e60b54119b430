/*
 * Writing what -o, --output and --fix-ldif name: to a file atomically
 * (a temporary file renamed over it, so a reader never sees half a
 * report) with the mode the file had or the one the umask gives, or to
 * standard output.
 */
#ifndef SD_OUTPUT_H
#define SD_OUTPUT_H

#include <stdio.h>

/*
 * Call fn(fp, arg) with fp open on path, then put the file in place;
 * path NULL or "-": standard output.  0, or -1 after a message naming
 * path on stderr (nothing is left behind).
 */
int	output_write(const char *path, void (*fn)(FILE *, void *), void *arg);

#endif /* SD_OUTPUT_H */
