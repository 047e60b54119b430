/*
 * The few things syncdoctor asks of the operating system that POSIX and
 * Windows spell differently: program start, opening files by UTF-8 name,
 * replacing a file atomically, terminals, processor count and resource
 * use.  One implementation per system, chosen by configure:
 * platform_posix.c or platform_win.c.  Everything else in the tree is
 * plain C11 and POSIX calls that mingw-w64 also provides; no module
 * carries an #ifdef for the system.
 *
 * Strings are UTF-8 on both sides: on Windows this layer converts to and
 * from UTF-16 at the system call.
 */
#ifndef SD_PLATFORM_H
#define SD_PLATFORM_H

#include <stdbool.h>
#include <stdio.h>

/*
 * Call first in main().  On Windows, replaces *argv with the command line
 * as UTF-8 (the C runtime's argv is in the ANSI code page and loses any
 * letter outside it), makes the console show UTF-8 until exit (its code
 * page is set back then), and puts stdout and stderr in binary mode so
 * the output is byte for byte the one on POSIX ("\n", never "\r\n").
 * The new argv lives until exit.  On POSIX, does nothing.
 */
void	platform_init(int *argc, char ***argv);

/*
 * fopen(3) for a UTF-8 path; files are always opened in binary mode.  A
 * folder: on POSIX it opens (fstat tells), Windows refuses it with EISDIR.
 */
FILE	*platform_fopen(const char *path, const char *mode);

/*
 * An anonymous read-write temporary file, gone once closed (tmpfile(3),
 * but in the user's temporary folder on Windows, where the C runtime's
 * tmpfile() writes to the root of the drive).  NULL with errno on failure.
 */
FILE	*platform_tmpfile(void);

/*
 * Replacing path atomically: platform_replace_open() creates a temporary
 * file in path's folder (mode 0600 on POSIX while it is written: reports
 * hold customer data) and returns it open for writing, with its name in
 * *tmp_path.  platform_replace_commit() gives it the mode of the file it
 * replaces, or 0666 less the umask for a new one (as fopen(3) would; on
 * Windows a new file takes its folder's permissions), flushes it to
 * disk, closes it and renames it over path (rename(2); MoveFileExW with
 * MOVEFILE_REPLACE_EXISTING on Windows), so readers see the old file or
 * the new one, never a part.
 * It always closes fp; on failure it removes the temporary file and
 * returns -1 with errno set.  platform_replace_abort() closes and removes
 * it.  *tmp_path is always set, even when the open fails (NULL with
 * errno): the caller free()s it at the end.
 */
FILE	*platform_replace_open(const char *path, char **tmp_path);
int	 platform_replace_commit(FILE *fp, const char *tmp_path,
	    const char *path);
void	 platform_replace_abort(FILE *fp, const char *tmp_path);

/*
 * Is fp a terminal that shows colour escapes?  On Windows, a console with
 * virtual terminal processing (turned on here when it can be).
 */
bool	platform_is_terminal(FILE *fp);

/*
 * The size of the regular file at a UTF-8 path; 0 when it is not one or
 * cannot be read (the progress line then shows no percentage).
 */
unsigned long long	platform_file_size(const char *path);

/*
 * The identity of the file at a UTF-8 path, in *volume and *index (a
 * link or another spelling of the path gives the same); false when the
 * file cannot be looked at.  POSIX: device and inode; Windows: the
 * volume serial number and the file index.
 */
bool	platform_file_id(const char *path, unsigned long long *volume,
	    unsigned long long *index);

/* Processors online, at least 1. */
int	platform_ncpu(void);

/*
 * The process's user plus system time in seconds and its peak resident
 * memory (Windows: peak working set) in MiB.
 */
void	platform_usage(double *cpu_seconds, double *peak_mib);

/*
 * Ask for huge pages (2 MiB) under the n bytes at p, where the system has
 * them: a table of a million objects faults in half a million 4 KiB
 * pages otherwise, and its random probes miss the TLB.  A hint only; the
 * memory is the same either way.
 */
void	platform_advise_huge(void *p, size_t n);

/* The last component of a path; on Windows '\\' and "C:" end folders too. */
const char	*platform_basename(const char *path);

#endif /* SD_PLATFORM_H */
