/* The progress line on a terminal while inputs load; see progress.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "platform.h"
#include "progress.h"

/* Redraw at most this often, and only for files that take this long. */
#define PROGRESS_REDRAW_NS	250000000LL

int
progress_when_parse(const char *s)
{
	if (strcasecmp(s, "auto") == 0)
		return PROGRESS_AUTO;
	if (strcasecmp(s, "always") == 0)
		return PROGRESS_ALWAYS;
	if (strcasecmp(s, "never") == 0)
		return PROGRESS_NEVER;
	return -1;
}

bool
progress_is_wanted(enum progress_when when, FILE *out)
{
	const char	*term = getenv("TERM");
	const char	*ci = getenv("CI");

	switch (when) {
	case PROGRESS_ALWAYS:
		return true;
	case PROGRESS_NEVER:
		return false;
	case PROGRESS_AUTO:
		break;
	}
	/* CI runners set CI=true and often give jobs a pseudo-terminal. */
	if ((ci != NULL && *ci != '\0') ||
	    (term != NULL && strcmp(term, "dumb") == 0))
		return false;
	return platform_is_terminal(out);
}

void
progress_init(struct progress *p, FILE *out)
{
	memset(p, 0, sizeof(*p));
	p->out = out;
}

static long long
elapsed_ns(const struct timespec *from, const struct timespec *to)
{
	return (long long)(to->tv_sec - from->tv_sec) * 1000000000LL +
	    (to->tv_nsec - from->tv_nsec);
}

void
progress_file_begin(struct progress *p, const char *path)
{
	if (p->out == NULL)
		return;
	p->path = path;
	p->size = platform_file_size(path);
	p->bytes = 0;
	p->records = 0;
	p->next_check = PROGRESS_EVERY;
	p->has_line = false;
	clock_gettime(CLOCK_MONOTONIC, &p->start);
	p->last = p->start;
}

/* "12.3 MiB" into buf. */
static void
format_bytes(char *buf, size_t len, double bytes)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	size_t	u = 0;

	while (bytes >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
		bytes /= 1024;
		u++;
	}
	snprintf(buf, len, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
}

static void
draw(struct progress *p, const struct timespec *now, bool is_final)
{
	double	secs = (double)elapsed_ns(&p->start, now) / 1e9;
	char	done[32], total[32], rate[32];

	if (secs <= 0)
		secs = 1e-9;
	format_bytes(done, sizeof(done), (double)p->bytes);
	format_bytes(total, sizeof(total), (double)p->size);
	format_bytes(rate, sizeof(rate), (double)p->bytes / secs);
	/* \r and erase to the end of line: redraw in place. */
	fprintf(p->out, "\r\033[K%s: %s", p->path, done);
	if (!is_final && p->size > 0)
		fprintf(p->out, " of %s (%.0f%%)", total,
		    100.0 * (double)p->bytes / (double)p->size);
	fprintf(p->out, ", %lu records%s %.1f s, %s/s, %.0f records/s",
	    p->records, is_final ? " in" : ",", secs, rate,
	    (double)p->records / secs);
	if (is_final)
		fputc('\n', p->out);
	fflush(p->out);
	p->has_line = !is_final;
}

/* Count a record; true every PROGRESS_EVERY, when a poll is due. */
static bool
progress_is_due(struct progress *p)
{
	if (p->out == NULL || ++p->records < p->next_check)
		return false;
	p->next_check = p->records + PROGRESS_EVERY;
	return true;
}

static void
progress_poll(struct progress *p, long pos)
{
	struct timespec	now;

	if (pos >= 0)
		p->bytes = (unsigned long long)pos;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (elapsed_ns(&p->last, &now) < PROGRESS_REDRAW_NS)
		return;
	p->last = now;
	draw(p, &now, false);
}

void
progress_record(struct progress *p, FILE *in)
{
	if (progress_is_due(p))
		progress_poll(p, in != NULL ? ftell(in) : -1);
}

void
progress_record_at(struct progress *p, long pos)
{
	if (progress_is_due(p))
		progress_poll(p, pos);
}

void
progress_file_end(struct progress *p, unsigned long records)
{
	struct timespec	now;

	if (p->out == NULL || p->path == NULL)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	p->records = records;
	p->bytes = p->size;
	/* A quick file leaves no line behind: nothing was slow. */
	if (p->has_line || elapsed_ns(&p->start, &now) >= PROGRESS_REDRAW_NS)
		draw(p, &now, true);
	p->path = NULL;
}

int
progress_tap_record(const struct record *rec, void *arg)
{
	struct progress_tap	*tap = arg;

	progress_record(tap->progress, tap->in);
	return tap->emit(rec, tap->arg);
}
