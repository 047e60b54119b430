/*
 * Helpers shared by the Check suites: the source directory for fixtures
 * and a main() that runs one suite.
 */
#ifndef SD_TESTUTIL_H
#define SD_TESTUTIL_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "load.h"
#include "parser.h"
#include "table.h"

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

/* "name", "value" pairs ending with NULL: one object's attributes. */
#define TU_MAX_ATTRS	64

/*
 * Load one object into t as if a parser had emitted it from file at
 * line; pairs holds name, value, name, value, ..., NULL.  Values are
 * text; a name starting with '*' is given as 16 raw bytes in hex
 * ("*objectGUID", "1e6a4b0c...").
 */
static inline void
testutil_load(struct table *t, struct diag *dg, enum side side,
    const char *file, unsigned long line, const char *dn,
    const char *const *pairs)
{
	static unsigned char	bytes[TU_MAX_ATTRS][16];
	struct attr		attrs[TU_MAX_ATTRS];
	struct record		rec;
	struct load_ctx		ctx;
	size_t			n = 0, i, k;

	for (i = 0; pairs[i] != NULL && n < TU_MAX_ATTRS; i += 2, n++) {
		memset(&attrs[n], 0, sizeof(attrs[n]));
		attrs[n].line = line + 1 + n;
		if (pairs[i][0] == '*') {
			for (k = 0; k < 16; k++) {
				unsigned int b = 0;

				sscanf(pairs[i + 1] + 2 * k, "%2x", &b);
				bytes[n][k] = (unsigned char)b;
			}
			attrs[n].name = pairs[i] + 1;
			attrs[n].value = (const char *)bytes[n];
			attrs[n].len = 16;
			attrs[n].flags = ATTR_BASE64;
		} else {
			attrs[n].name = pairs[i];
			attrs[n].value = pairs[i + 1];
			attrs[n].len = strlen(pairs[i + 1]);
		}
	}
	rec.file = file;
	rec.line = line;
	rec.dn = dn;
	rec.attrs = attrs;
	rec.nattrs = n;
	load_begin(&ctx, t, dg, side, CONTENT_OBJECTS, file, "test");
	load_record(&rec, &ctx);
}

#endif /* SD_TESTUTIL_H */
