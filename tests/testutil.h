/*
 * Helpers shared by the Check suites: the source directory for fixtures
 * and a main() that runs one suite.
 */
#ifndef SD_TESTUTIL_H
#define SD_TESTUTIL_H

#include <check.h>
#include <stdlib.h>

#ifndef SD_SRCDIR
#define SD_SRCDIR "."
#endif

/* Run suite s; exit status for automake's test driver. */
static inline int
testutil_run(Suite *s)
{
	SRunner	*sr = srunner_create(s);
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif /* SD_TESTUTIL_H */
