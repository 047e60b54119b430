/*
 * Check suite for the platform layer (lib/platform.h) as built for this
 * system, and the UTF-16 decoder (lib/utf16.h) that replaced iconv.  The
 * Windows build of the same layer is tested end to end under wine
 * (tests/golden-wine.sh).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "platform.h"
#include "testutil.h"
#include "utf16.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const struct utf16_case {
	const char	*in;		/* UTF-16 bytes */
	size_t		 len;
	bool		 is_big_endian;
	const char	*want;		/* UTF-8 decoded */
	size_t		 used;
	bool		 is_invalid;
} utf16_cases[] = {
	{ "a\0b\0", 4, false, "ab", 4, false },
	{ "\0a\0b", 4, true, "ab", 4, false },
	{ "\xe9\0", 2, false, "\xc3\xa9", 2, false },		/* é */
	{ "\xac\x20", 2, false, "\xe2\x82\xac", 2, false },	/* € */
	{ "\xff\xfe", 2, false, "\xef\xbb\xbf", 2, false },	/* U+FEFF */
	{ "=\xd8\0\xde", 4, false, "\xf0\x9f\x98\x80", 4, false },	/* 😀 */
	{ "\xd8=\xde\0", 4, true, "\xf0\x9f\x98\x80", 4, false },
	{ "a\0=\xd8", 4, false, "a", 2, false },	/* pair cut: carry it */
	{ "a\0b", 3, false, "a", 2, false },		/* odd byte: carry it */
	{ "a\0\0\xdc", 4, false, "a", 2, true },	/* lone low surrogate */
	{ "=\xd8" "a\0", 4, false, "", 0, true },	/* high, then no low */
};

START_TEST(test_utf16)
{
	const struct utf16_case	*c = &utf16_cases[_i];
	char			 out[64];
	size_t			 n, used;
	bool			 is_invalid;

	n = utf16_to_utf8((const unsigned char *)c->in, c->len,
	    c->is_big_endian, out, &used, &is_invalid);
	ck_assert_uint_eq(n, strlen(c->want));
	ck_assert_mem_eq(out, c->want, n);
	ck_assert_uint_eq(used, c->used);
	ck_assert_int_eq(is_invalid, c->is_invalid);
}
END_TEST

static const struct basename_case {
	const char	*path;
	const char	*want;
} basename_cases[] = {
	{ "contoso.ldf",		"contoso.ldf" },
	{ "exports/contoso.ldf",	"contoso.ldf" },
	{ "/a/b/",			"" },
};

START_TEST(test_basename)
{
	const struct basename_case	*c = &basename_cases[_i];

	ck_assert_str_eq(platform_basename(c->path), c->want);
}
END_TEST

/* The whole content of path, NUL-terminated; free() it. */
static char *
slurp(const char *path)
{
	FILE	*fp = platform_fopen(path, "r");
	char	*buf = calloc(1, 256);
	size_t	 n;

	ck_assert_ptr_nonnull(fp);
	n = fread(buf, 1, 255, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

START_TEST(test_replace)
{
	char	 dir[] = "/tmp/sd-platform-XXXXXX";
	char	 path[128], *tmp, *got;
	FILE	*fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/report.txt", dir);

	/* A new file, then the same name replaced whole. */
	ck_assert_ptr_nonnull(fp = platform_replace_open(path, &tmp));
	fputs("first\n", fp);
	ck_assert_int_eq(platform_replace_commit(fp, tmp, path), 0);
	free(tmp);
	ck_assert_ptr_nonnull(fp = platform_replace_open(path, &tmp));
	fputs("second\n", fp);
	ck_assert_int_eq(platform_replace_commit(fp, tmp, path), 0);
	ck_assert_ptr_null(platform_fopen(tmp, "r"));	/* renamed away */
	free(tmp);
	got = slurp(path);
	ck_assert_str_eq(got, "second\n");
	free(got);

	/* Aborted: the old content stays, no temporary file is left. */
	ck_assert_ptr_nonnull(fp = platform_replace_open(path, &tmp));
	fputs("third\n", fp);
	platform_replace_abort(fp, tmp);
	ck_assert_ptr_null(platform_fopen(tmp, "r"));
	free(tmp);
	got = slurp(path);
	ck_assert_str_eq(got, "second\n");
	free(got);

	/* A folder that does not exist: refused with errno. */
	snprintf(path, sizeof(path), "%s/none/report.txt", dir);
	errno = 0;
	ck_assert_ptr_null(platform_replace_open(path, &tmp));
	ck_assert_int_eq(errno, ENOENT);
	free(tmp);

	snprintf(path, sizeof(path), "%s/report.txt", dir);
	ck_assert_uint_eq(platform_file_size(path), strlen("second\n"));
	ck_assert_uint_eq(platform_file_size(dir), 0);		/* a folder */
	remove(path);
	ck_assert_uint_eq(platform_file_size(path), 0);		/* gone */
	remove(dir);
}
END_TEST

/*
 * The mode of a file platform_replace_open() wrote: the one of the file
 * it replaces, or 0666 less the umask for a new one, as fopen(3) gives
 * (mkstemp(3) alone leaves 0600).  A row per case.
 */
static const struct mode_case {
	mode_t	umask;
	int	old_mode;	/* the file replaced; -1: none */
	mode_t	want;
} mode_cases[] = {
	{ 022, -1, 0644 },
	{ 002, -1, 0664 },
	{ 077, -1, 0600 },
	{ 022, 0640, 0640 },	/* kept, not widened */
	{ 077, 0644, 0644 },	/* kept, not narrowed */
	{ 022, 0600, 0600 },
};

START_TEST(test_replace_mode)
{
	const struct mode_case	*c = &mode_cases[_i];
	char			 dir[] = "/tmp/sd-mode-XXXXXX";
	char			 path[128], *tmp;
	struct stat		 st;
	mode_t			 saved;
	FILE			*fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/report.json", dir);
	if (c->old_mode >= 0) {
		ck_assert_ptr_nonnull(fp = fopen(path, "w"));
		fclose(fp);
		ck_assert_int_eq(chmod(path, (mode_t)c->old_mode), 0);
	}
	saved = umask(c->umask);
	fp = platform_replace_open(path, &tmp);
	ck_assert_ptr_nonnull(fp);
	fputs("{}\n", fp);
	ck_assert_int_eq(platform_replace_commit(fp, tmp, path), 0);
	umask(saved);
	free(tmp);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_msg((st.st_mode & 07777) == c->want,
	    "umask %03o, old mode %03o (0: none): mode %03o, want %03o",
	    (unsigned)c->umask, c->old_mode < 0 ? 0u : (unsigned)c->old_mode,
	    (unsigned)(st.st_mode & 07777), (unsigned)c->want);
	remove(path);
	remove(dir);
}
END_TEST

START_TEST(test_tmpfile)
{
	FILE	*fp = platform_tmpfile();
	char	 buf[8] = "";

	ck_assert_ptr_nonnull(fp);
	fputs("abc", fp);
	rewind(fp);
	ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), fp));
	ck_assert_str_eq(buf, "abc");
	fclose(fp);
}
END_TEST

START_TEST(test_resources)
{
	double	cpu = -1, peak = -1;

	ck_assert_int_ge(platform_ncpu(), 1);
	platform_usage(&cpu, &peak);
	ck_assert(cpu >= 0);
	ck_assert(peak > 0);
}
END_TEST

static Suite *
platform_suite(void)
{
	Suite	*s = suite_create("platform");
	TCase	*tc = tcase_create("core");

	tcase_add_loop_test(tc, test_utf16, 0, ARRAY_SIZE(utf16_cases));
	tcase_add_loop_test(tc, test_basename, 0, ARRAY_SIZE(basename_cases));
	tcase_add_test(tc, test_replace);
	tcase_add_loop_test(tc, test_replace_mode, 0, ARRAY_SIZE(mode_cases));
	tcase_add_test(tc, test_tmpfile);
	tcase_add_test(tc, test_resources);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(platform_suite());
}
