/*
 * The platform layer on Windows (mingw-w64); see platform.h.  Also the
 * open_memstream(3) that the Microsoft C runtime lacks (compat_win.h):
 * a temporary file read back into memory by fclose().
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wchar.h>
#include <windows.h>
#include <psapi.h>
#include <shellapi.h>

#include "platform.h"
#include "xalloc.h"

/* Paths this long go through the \\?\ prefix, which lifts MAX_PATH. */
#define LONG_PATH	(MAX_PATH - 12)

/* UTF-8 to a new UTF-16 string (free()), or NULL with errno EILSEQ. */
static wchar_t *
utf8_to_wide(const char *s)
{
	int		 n;
	wchar_t		*w;

	n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
	if (n <= 0) {
		errno = EILSEQ;
		return NULL;
	}
	w = xcalloc((size_t)n, sizeof(*w));
	MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, n);
	return w;
}

/* UTF-16 to a new UTF-8 string (free()); unpaired surrogates become U+FFFD. */
static char *
wide_to_utf8(const wchar_t *w)
{
	int	 n;
	char	*s;

	n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
	s = xcalloc(n > 0 ? (size_t)n : 1, 1);
	if (n > 0)
		WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL);
	return s;
}

/* errno for the last Win32 error, for the strerror() in our messages. */
static int
errno_from_win32(void)
{
	switch (GetLastError()) {
	case ERROR_FILE_NOT_FOUND:
	case ERROR_PATH_NOT_FOUND:
		return ENOENT;
	case ERROR_ACCESS_DENIED:
	case ERROR_SHARING_VIOLATION:
	case ERROR_LOCK_VIOLATION:
		return EACCES;
	case ERROR_ALREADY_EXISTS:
	case ERROR_FILE_EXISTS:
		return EEXIST;
	case ERROR_DISK_FULL:
		return ENOSPC;
	default:
		return EIO;
	}
}

/*
 * A UTF-8 path as the UTF-16 one to hand to Windows (free()), NULL with
 * errno.  A long one is made absolute and prefixed with \\?\ (\\?\UNC\
 * for \\server\share), the form that is not cut at MAX_PATH characters.
 */
static wchar_t *
wide_path(const char *path)
{
	wchar_t		*w, *full, *out;
	DWORD		 n;
	bool		 is_unc;

	if ((w = utf8_to_wide(path)) == NULL || wcslen(w) < LONG_PATH ||
	    wcsncmp(w, L"\\\\?\\", 4) == 0)
		return w;
	if ((n = GetFullPathNameW(w, 0, NULL, NULL)) == 0)
		return w;
	full = xcalloc(n, sizeof(*full));
	GetFullPathNameW(w, n, full, NULL);
	free(w);
	is_unc = wcsncmp(full, L"\\\\", 2) == 0;
	out = xcalloc(wcslen(full) + 8, sizeof(*out));
	wcscpy(out, is_unc ? L"\\\\?\\UNC\\" : L"\\\\?\\");
	wcscat(out, is_unc ? full + 2 : full);
	free(full);
	return out;
}

/* Let a console show colours; false when fd is no console or cannot. */
static bool
enable_vt(int fd)
{
	HANDLE	h = (HANDLE)_get_osfhandle(fd);
	DWORD	mode;

	if (h == INVALID_HANDLE_VALUE || !GetConsoleMode(h, &mode))
		return false;
	return (mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0 ||
	    SetConsoleMode(h, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING);
}

/* The console's code page before ours, given back at exit. */
static UINT	saved_output_cp;

static void
restore_output_cp(void)
{
	SetConsoleOutputCP(saved_output_cp);
}

void
platform_init(int *argc, char ***argv)
{
	wchar_t	**wargv;
	char	**args;
	int	  n, i;

	/* The console outlives us: leave it in the code page it had. */
	if ((saved_output_cp = GetConsoleOutputCP()) != 0 &&
	    saved_output_cp != CP_UTF8 && SetConsoleOutputCP(CP_UTF8))
		atexit(restore_output_cp);
	_setmode(_fileno(stdout), _O_BINARY);
	_setmode(_fileno(stderr), _O_BINARY);
	if ((wargv = CommandLineToArgvW(GetCommandLineW(), &n)) == NULL)
		return;
	args = xcalloc((size_t)n + 1, sizeof(*args));
	for (i = 0; i < n; i++)
		args[i] = wide_to_utf8(wargv[i]);
	LocalFree(wargv);
	*argc = n;
	*argv = args;
}

FILE *
platform_fopen(const char *path, const char *mode)
{
	wchar_t		 wmode[8];
	wchar_t		*wpath;
	FILE		*fp;
	size_t		 i;

	for (i = 0; mode[i] != '\0' && i < 5; i++)
		wmode[i] = (wchar_t)(unsigned char)mode[i];
	if (strchr(mode, 'b') == NULL)
		wmode[i++] = L'b';
	wmode[i] = L'\0';
	if ((wpath = wide_path(path)) == NULL)
		return NULL;
	fp = _wfopen(wpath, wmode);
	if (fp == NULL && errno == EACCES) {
		DWORD	attrs = GetFileAttributesW(wpath);

		if (attrs != INVALID_FILE_ATTRIBUTES &&
		    (attrs & FILE_ATTRIBUTE_DIRECTORY) != 0)
			errno = EISDIR;
	}
	free(wpath);
	return fp;
}

FILE *
platform_tmpfile(void)
{
	wchar_t	dir[MAX_PATH + 1], name[MAX_PATH + 1];
	FILE	*fp;

	if (GetTempPathW(MAX_PATH + 1, dir) == 0 ||
	    GetTempFileNameW(dir, L"sd", 0, name) == 0) {
		errno = errno_from_win32();
		return NULL;
	}
	/* T: keep it in the cache if it fits; D: delete it on close. */
	if ((fp = _wfopen(name, L"w+bTD")) == NULL)
		_wremove(name);
	return fp;
}

FILE *
platform_replace_open(const char *path, char **tmp_path)
{
	static LONG	 counter;
	wchar_t		*wtmp;
	FILE		*fp;
	int		 fd = -1;
	int		 tries;

	*tmp_path = NULL;
	for (tries = 0; fd == -1 && tries < 100; tries++) {
		free(*tmp_path);
		*tmp_path = xasprintf("%s.tmp%lu-%ld", path,
		    (unsigned long)GetCurrentProcessId(),
		    (long)InterlockedIncrement(&counter));
		if ((wtmp = wide_path(*tmp_path)) == NULL)
			return NULL;
		fd = _wopen(wtmp, _O_CREAT | _O_EXCL | _O_WRONLY | _O_BINARY,
		    _S_IREAD | _S_IWRITE);
		free(wtmp);
		if (fd == -1 && errno != EEXIST)
			return NULL;
	}
	if (fd == -1)
		return NULL;
	if ((fp = _fdopen(fd, "wb")) == NULL) {
		_close(fd);
		platform_replace_abort(NULL, *tmp_path);
	}
	return fp;
}

int
platform_replace_commit(FILE *fp, const char *tmp_path, const char *path)
{
	wchar_t	*wtmp = NULL, *wpath = NULL;
	int	 saved = 0;

	if (fflush(fp) != 0 || ferror(fp) ||
	    !FlushFileBuffers((HANDLE)_get_osfhandle(_fileno(fp))))
		saved = errno != 0 ? errno : EIO;
	if (fclose(fp) != 0 && saved == 0)
		saved = errno;
	if (saved == 0 && ((wtmp = wide_path(tmp_path)) == NULL ||
	    (wpath = wide_path(path)) == NULL))
		saved = errno;
	if (saved == 0 && !MoveFileExW(wtmp, wpath,
	    MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
		saved = errno_from_win32();
	free(wtmp);
	free(wpath);
	if (saved == 0)
		return 0;
	platform_replace_abort(NULL, tmp_path);
	errno = saved;
	return -1;
}

void
platform_replace_abort(FILE *fp, const char *tmp_path)
{
	wchar_t	*wtmp;

	if (fp != NULL)
		fclose(fp);
	if ((wtmp = wide_path(tmp_path)) != NULL)
		_wremove(wtmp);
	free(wtmp);
}

bool
platform_is_terminal(FILE *fp)
{
	return enable_vt(_fileno(fp));
}

unsigned long long
platform_file_size(const char *path)
{
	WIN32_FILE_ATTRIBUTE_DATA	 fa;
	wchar_t				*wpath;
	BOOL				 is_read;

	if ((wpath = wide_path(path)) == NULL)
		return 0;
	is_read = GetFileAttributesExW(wpath, GetFileExInfoStandard, &fa);
	free(wpath);
	if (!is_read || (fa.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0)
		return 0;
	return (unsigned long long)fa.nFileSizeHigh << 32 | fa.nFileSizeLow;
}

bool
platform_file_id(const char *path, unsigned long long *volume,
    unsigned long long *index)
{
	BY_HANDLE_FILE_INFORMATION	 fi;
	HANDLE				 h;
	wchar_t				*wpath;
	BOOL				 is_read;

	if ((wpath = wide_path(path)) == NULL)
		return false;
	h = CreateFileW(wpath, 0, FILE_SHARE_READ | FILE_SHARE_WRITE |
	    FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
	    FILE_FLAG_BACKUP_SEMANTICS, NULL);
	free(wpath);
	if (h == INVALID_HANDLE_VALUE)
		return false;
	is_read = GetFileInformationByHandle(h, &fi);
	CloseHandle(h);
	if (!is_read)
		return false;
	*volume = fi.dwVolumeSerialNumber;
	*index = (unsigned long long)fi.nFileIndexHigh << 32 |
	    fi.nFileIndexLow;
	return true;
}

int
platform_ncpu(void)
{
	SYSTEM_INFO	si;

	GetSystemInfo(&si);
	return si.dwNumberOfProcessors > 0 ? (int)si.dwNumberOfProcessors : 1;
}

static double
filetime_seconds(const FILETIME *ft)
{
	ULARGE_INTEGER	u;

	u.LowPart = ft->dwLowDateTime;
	u.HighPart = ft->dwHighDateTime;
	return (double)u.QuadPart / 1e7;	/* 100 ns units */
}

void
platform_usage(double *cpu_seconds, double *peak_mib)
{
	FILETIME			created, exited, kernel, user;
	PROCESS_MEMORY_COUNTERS		pmc;

	*cpu_seconds = 0;
	*peak_mib = 0;
	if (GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel,
	    &user))
		*cpu_seconds = filetime_seconds(&kernel) +
		    filetime_seconds(&user);
	memset(&pmc, 0, sizeof(pmc));
	if (GetProcessMemoryInfo(GetCurrentProcess(), &pmc, sizeof(pmc)))
		*peak_mib = (double)pmc.PeakWorkingSetSize / (1024.0 * 1024.0);
}

const char *
platform_basename(const char *path)
{
	const char	*base = path;
	const char	*p;

	if (((path[0] >= 'A' && path[0] <= 'Z') ||
	    (path[0] >= 'a' && path[0] <= 'z')) && path[1] == ':')
		base = path + 2;
	for (p = base; *p != '\0'; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	return base;
}

/* ----- open_memstream(3) for compat_win.h ----- */

/*
 * The open memory streams, found by their FILE, and the temporary files
 * of closed ones, emptied for reuse: reports open a stream per value,
 * and creating and deleting a file each time made a report of 50,000
 * objects take 22 s instead of 0.3 s under wine.  The files never reach
 * the disk unless memory is short (the T flag), and go at exit (D).
 */
struct memstream {
	FILE			*fp;
	char			**bufp;
	size_t			*sizep;
	struct memstream	*next;
};

static SRWLOCK		 memstreams_lock = SRWLOCK_INIT;
static struct memstream	*memstreams;	/* open */
static struct memstream	*spares;	/* closed, fp empty for reuse */

FILE *
platform_open_memstream(char **bufp, size_t *sizep)
{
	struct memstream	*m;

	AcquireSRWLockExclusive(&memstreams_lock);
	if ((m = spares) != NULL)
		spares = m->next;
	ReleaseSRWLockExclusive(&memstreams_lock);
	if (m == NULL) {
		m = xcalloc(1, sizeof(*m));
		if ((m->fp = platform_tmpfile()) == NULL) {
			free(m);
			return NULL;
		}
	}
	m->bufp = bufp;
	m->sizep = sizep;
	*bufp = NULL;
	*sizep = 0;
	AcquireSRWLockExclusive(&memstreams_lock);
	m->next = memstreams;
	memstreams = m;
	ReleaseSRWLockExclusive(&memstreams_lock);
	return m->fp;
}

/* Unlink fp's memory stream from the open list and return it, or NULL. */
static struct memstream *
memstream_take(FILE *fp)
{
	struct memstream	**mp, *m = NULL;

	AcquireSRWLockExclusive(&memstreams_lock);
	for (mp = &memstreams; *mp != NULL; mp = &(*mp)->next)
		if ((*mp)->fp == fp) {
			m = *mp;
			*mp = m->next;
			break;
		}
	ReleaseSRWLockExclusive(&memstreams_lock);
	return m;
}

/* Empty m's file and keep it for the next stream; else close it. */
static int
memstream_recycle(struct memstream *m)
{
	rewind(m->fp);
	if (_chsize_s(_fileno(m->fp), 0) != 0 || ferror(m->fp)) {
		int	rc = fclose(m->fp);

		free(m);
		return rc;
	}
	AcquireSRWLockExclusive(&memstreams_lock);
	m->next = spares;
	spares = m;
	ReleaseSRWLockExclusive(&memstreams_lock);
	return 0;
}

#undef fclose
int
platform_fclose(FILE *fp)
{
	struct memstream	*m = memstream_take(fp);
	long			 size;
	char			*buf;
	int			 rc = 0;

	if (m == NULL)
		return fclose(fp);
	/* POSIX: the buffer holds what was written, NUL-terminated. */
	if (fflush(fp) != 0 || (size = ftell(fp)) < 0) {
		rc = EOF;
		size = 0;
	}
	buf = xmalloc((size_t)size + 1);
	rewind(fp);
	if (fread(buf, 1, (size_t)size, fp) != (size_t)size)
		rc = EOF;
	buf[size] = '\0';
	*m->bufp = buf;
	*m->sizep = (size_t)size;
	return memstream_recycle(m) == 0 ? rc : EOF;
}

void
platform_advise_huge(void *p, size_t n)
{
	/* Large pages need a privilege a user seldom has: none asked for. */
	(void)p;
	(void)n;
}
