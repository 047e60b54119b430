/*
 * readbench: time one parser alone.  A first, untimed pass hashes all it
 * is given (names, values, flags, lines, then the messages), so two builds
 * can be shown to read a file the same way; the REPEAT timed passes only
 * count values and touch their last byte, so the hash does not hide the
 * parser's own cost.  Not part of make check; bench/readbench.sh builds
 * and runs it.  Usage: readbench FORMAT FILE [REPEAT]
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "inlimits.h"
#include "parser.h"

struct tally {
	unsigned long	 records;
	unsigned long	 values;
	unsigned long	 bytes;
	bool		 is_hashing;
	uint64_t	 hash;		/* or, timed, a sum of last bytes */
};

/* FNV-1a, 64 bits, continued from h. */
static uint64_t
fnv(uint64_t h, const void *data, size_t len)
{
	const unsigned char	*s = data;
	size_t			 i;

	for (i = 0; i < len; i++)
		h = (h ^ s[i]) * 1099511628211u;
	return h;
}

static int
count_record(const struct record *rec, void *arg)
{
	struct tally	*t = arg;
	size_t		 i;

	t->records++;
	if (t->is_hashing)
		t->hash = fnv(t->hash, &rec->line, sizeof(rec->line));
	if (t->is_hashing && rec->dn != NULL)
		t->hash = fnv(t->hash, rec->dn, strlen(rec->dn) + 1);
	for (i = 0; i < rec->nattrs; i++) {
		const struct attr *a = &rec->attrs[i];

		t->values++;
		t->bytes += a->len;
		if (!t->is_hashing) {
			t->hash += (unsigned char)a->value[a->len];
			continue;
		}
		t->hash = fnv(t->hash, a->name, strlen(a->name) + 1);
		/* The NUL after the value is part of the contract. */
		t->hash = fnv(t->hash, a->value, a->len + 1);
		t->hash = fnv(t->hash, &a->flags, sizeof(a->flags));
		t->hash = fnv(t->hash, &a->line, sizeof(a->line));
	}
	return 0;
}

static double
seconds(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

int
main(int argc, char *argv[])
{
	const struct input_format	*f;
	struct limits			 lim;
	struct diag			 dg;
	struct tally			 t;
	struct timespec			 t0, t1, c0, c1;
	FILE				*in;
	long				 repeat, i;
	size_t				 k;

	if (argc < 3 || (f = input_format_find(argv[1])) == NULL) {
		fprintf(stderr, "usage: readbench FORMAT FILE [REPEAT]\n");
		return 2;
	}
	repeat = argc > 3 ? strtol(argv[3], NULL, 10) : 1;
	limits_init(&lim);
	for (i = 0; i <= repeat; i++) {
		memset(&t, 0, sizeof(t));
		t.is_hashing = i == 0;
		t.hash = t.is_hashing ? 14695981039346656037u : 0;
		diag_init(&dg, NULL);
		diag_input_begin(&dg, argv[2], f->name, f->side);
		if ((in = fopen(argv[2], "rb")) == NULL) {
			perror(argv[2]);
			return 3;
		}
		clock_gettime(CLOCK_MONOTONIC, &t0);
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
		f->parse(in, argv[2], &lim, &dg, CONTENT_OBJECTS,
		    count_record, &t);
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		fclose(in);
		for (k = 0; t.is_hashing && k < dg.nmsgs; k++) {
			t.hash = fnv(t.hash, &dg.msgs[k].code,
			    sizeof(dg.msgs[k].code));
			t.hash = fnv(t.hash, &dg.msgs[k].line,
			    sizeof(dg.msgs[k].line));
			t.hash = fnv(t.hash, dg.msgs[k].text,
			    strlen(dg.msgs[k].text));
		}
		if (t.is_hashing)
			printf("%s: %lu records, %lu values, %lu value bytes, "
			    "%zu messages, hash %016llx\n", f->name,
			    t.records, t.values, t.bytes, dg.nmsgs,
			    (unsigned long long)t.hash);
		else
			printf("pass %ld: wall %.3f s, cpu %.3f s\n", i,
			    seconds(&t0, &t1), seconds(&c0, &c1));
		diag_release(&dg);
	}
	return 0;
}
