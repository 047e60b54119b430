/* Phase times and peak memory for --timings; see timings.h. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "escape.h"
#include "platform.h"
#include "timings.h"
#include "xalloc.h"

struct phase {
	char		*name;
	bool		 is_detail;	/* part of the phase before it */
	double		 wall, cpu;	/* seconds */
	double		 peak_mib;	/* of the process, at the phase's end */
};

struct timings {
	struct phase	*phases;
	size_t		 n, cap;
	struct timespec	 last_wall;
	double		 last_cpu;
};

static double
seconds_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

struct timings *
timings_new(void)
{
	struct timings	*tm = xcalloc(1, sizeof(*tm));
	double		 peak;

	clock_gettime(CLOCK_MONOTONIC, &tm->last_wall);
	platform_usage(&tm->last_cpu, &peak);
	return tm;
}

void
timings_free(struct timings *tm)
{
	size_t	i;

	if (tm == NULL)
		return;
	for (i = 0; i < tm->n; i++)
		free(tm->phases[i].name);
	free(tm->phases);
	free(tm);
}

static struct phase *
phase_add(struct timings *tm, const char *what, const char *detail)
{
	struct phase	*p;

	if (tm->n == tm->cap) {
		tm->cap = tm->cap ? tm->cap * 2 : 32;
		tm->phases = xreallocarray(tm->phases, tm->cap,
		    sizeof(*tm->phases));
	}
	p = &tm->phases[tm->n++];
	memset(p, 0, sizeof(*p));
	p->name = detail != NULL ? xasprintf("%s %s", what, detail) :
	    xstrdup(what);
	return p;
}

void
timings_detail(struct timings *tm, const char *what, const char *detail,
    double wall, double cpu)
{
	struct phase	*p;
	double		 now_cpu;

	if (tm == NULL)
		return;
	p = phase_add(tm, what, detail);
	platform_usage(&now_cpu, &p->peak_mib);
	p->is_detail = true;
	p->wall = wall;
	p->cpu = cpu;
}

void
timings_mark(struct timings *tm, const char *what, const char *detail)
{
	struct timespec	 now;
	struct phase	*p;
	double		 cpu;

	if (tm == NULL)
		return;
	p = phase_add(tm, what, detail);
	clock_gettime(CLOCK_MONOTONIC, &now);
	platform_usage(&cpu, &p->peak_mib);
	p->wall = seconds_between(&tm->last_wall, &now);
	p->cpu = cpu - tm->last_cpu;
	tm->last_wall = now;
	tm->last_cpu = cpu;
}

void
timings_print(const struct timings *tm, FILE *out)
{
	double	wall = 0, cpu = 0, peak = 0;
	size_t	i;

	if (tm == NULL)
		return;
	/* The name last: it is the only column of varying width. */
	fprintf(out, "%9s %9s %9s  %s\n", "wall s", "cpu s", "peak MiB",
	    "phase");
	for (i = 0; i < tm->n; i++) {
		const struct phase *p = &tm->phases[i];

		fprintf(out, "%9.3f %9.3f %9.0f  %s", p->wall, p->cpu,
		    p->peak_mib, p->is_detail ? "  " : "");
		/* Input paths are the user's own, but escaped all the same. */
		escape_text(out, p->name, strlen(p->name));
		fputc('\n', out);
		if (p->is_detail)
			continue;
		wall += p->wall;
		cpu += p->cpu;
		if (p->peak_mib > peak)
			peak = p->peak_mib;
	}
	fprintf(out, "%9.3f %9.3f %9.0f  total\n", wall, cpu, peak);
}
