/* Files written by -o and --fix-ldif; see output.h. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "platform.h"

int
output_write(const char *path, void (*fn)(FILE *, void *), void *arg)
{
	char	*tmp;
	FILE	*fp;

	if (path == NULL || strcmp(path, "-") == 0) {
		fn(stdout, arg);
		return fflush(stdout) == 0 ? 0 : -1;
	}
	if ((fp = platform_replace_open(path, &tmp)) == NULL) {
		fprintf(stderr, "syncdoctor: %s: cannot create: %s\n", path,
		    strerror(errno));
		free(tmp);
		return -1;
	}
	fn(fp, arg);
	if (platform_replace_commit(fp, tmp, path) != 0) {
		fprintf(stderr, "syncdoctor: %s: cannot write: %s\n", path,
		    strerror(errno));
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}
