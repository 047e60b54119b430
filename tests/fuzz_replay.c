/*
 * fuzz_replay: feed each file named on the command line to a fuzz
 * harness (fuzz/fuzz_input.c, linked in with its FUZZ_FORMAT), as
 * libFuzzer does with a crash file.  Built by every `make check`, with
 * whatever compiler and sanitizers the build uses, so the harness keeps
 * compiling and the fuzzers' regression fixtures run in every build, not
 * only where clang and libFuzzer are installed.  The harness aborts on a
 * record accounting mismatch; sanitizers catch the rest.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The whole file, or NULL after a message. */
static uint8_t *
slurp(const char *path, size_t *size)
{
	FILE	*fp;
	uint8_t	*buf = NULL;
	size_t	 cap = 0, n = 0, got;

	if ((fp = fopen(path, "rb")) == NULL) {
		perror(path);
		return NULL;
	}
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			if ((buf = realloc(buf, cap)) == NULL) {
				perror("realloc");
				exit(99);
			}
		}
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
	} while (got > 0);
	if (ferror(fp)) {
		perror(path);
		free(buf);
		buf = NULL;
	}
	fclose(fp);
	*size = n;
	return buf;
}

int
main(int argc, char *argv[])
{
	uint8_t	*data;
	size_t	 size;
	int	 i, status = 0;

	for (i = 1; i < argc; i++) {
		if ((data = slurp(argv[i], &size)) == NULL) {
			status = 1;
			continue;
		}
		LLVMFuzzerTestOneInput(data, size);
		free(data);
	}
	return status;
}
