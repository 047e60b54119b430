/*
 * --timings: where a run spends its time and memory, phase by phase
 * (each input's reading and loading, indexing, the match simulation,
 * each rule, the reports), as a table on stderr.  For the benchmark and
 * for a consultant wondering why a run is slow; never part of a report.
 * A NULL struct timings makes every call do nothing, so callers need no
 * test of their own.
 */
#ifndef SD_TIMINGS_H
#define SD_TIMINGS_H

#include <stddef.h>
#include <stdio.h>

struct timings;

/* Start the clock; the first phase runs from here. */
struct timings	*timings_new(void);
void		 timings_free(struct timings *tm);

/*
 * The phase that ran since the last mark (or timings_new) is called
 * "what detail" (detail may be NULL): its wall and cpu time, and the
 * peak resident memory of the process when it ended.
 */
void		 timings_mark(struct timings *tm, const char *what,
		    const char *detail);

/*
 * A part of the phase marked last, timed by the caller (a rule on its
 * own thread): shown under it, not added to the total.
 */
void		 timings_detail(struct timings *tm, const char *what,
		    const char *detail, double wall, double cpu);

/* Every phase and the total, one line each. */
void		 timings_print(const struct timings *tm, FILE *out);

#endif /* SD_TIMINGS_H */
