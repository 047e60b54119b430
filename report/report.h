/*
 * Report writers: one descriptor per output format, in report_formats[]
 * (report.c).  A writer turns an analysis into bytes; it never decides
 * what is an error, and every customer value it writes goes through the
 * escaping of its format.
 */
#ifndef SD_REPORT_H
#define SD_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "analysis.h"
#include "diag.h"
#include "table.h"

struct baseline_marks;
struct match;
struct match_set;

struct report_ctx {
	const struct table		*table;
	const struct diag		*diag;
	const struct analysis		*analysis;
	const struct sync_options	*options;
	bool				 use_color;	/* text on a terminal */
	bool				 is_quiet;	/* findings only */
	/*
	 * Finding ids, and new/present marks and the fixed list when a
	 * baseline was given (baseline.h); NULL: none.  Index i belongs to
	 * analysis->findings.list[i].
	 */
	const struct baseline_marks	*marks;
	bool				 is_redacted;	/* --redact (redact.h) */
	/* The tenant domains' names by table index; NULL: the table's. */
	const char *const		*domain_names;
	/*
	 * With --redact, the pseudonymised copy of table object o, made
	 * when first asked for (redact.c), called with redact_arg; NULL
	 * otherwise.  Read through report_object().
	 */
	const struct object		*(*redact_object)(void *redact_arg,
					    const struct object *o);
	void				*redact_arg;
};

struct report_format {
	const char	*name;		/* --format name */
	const char	*extension;	/* for -o with several formats */
	void		(*write)(FILE *out, const struct report_ctx *ctx);
};

extern const struct report_format report_format_text;
extern const struct report_format report_format_json;
extern const struct report_format report_format_html;
extern const struct report_format report_format_csv;
extern const struct report_format report_format_md;
extern const struct report_format report_format_junit;
/* Only in a build with libxlsxwriter (HAVE_XLSXWRITER, configure.ac). */
extern const struct report_format report_format_xlsx;

/* Every format, NULL-terminated. */
extern const struct report_format *const report_formats[];
const struct report_format *report_format_find(const char *name);

/*
 * "new" or "present" for finding number at (list order) when a baseline
 * was given; NULL otherwise.  Every writer shows the mark this way.
 */
const char	*report_mark(const struct report_ctx *ctx, size_t at);

/*
 * The predicted export of on-premises object o (match.h), also for a
 * redacted copy of it; NULL for cloud and out-of-scope objects.  Writers
 * may show its outcome, never its strings (they are not redacted).
 */
const struct match *report_match(const struct report_ctx *ctx,
		    const struct object *o);
/*
 * The one predicted outcome of on-premises object o (verdict.h), also
 * for a redacted copy of it; NULL for cloud and out-of-scope objects.
 */
const struct verdict *report_verdict(const struct report_ctx *ctx,
		    const struct object *o);
/* verdict_kind_id() of o's outcome: "blocked"; NULL when o has none. */
const char	*report_outcome_id(const struct report_ctx *ctx,
		    const struct object *o);
/* o's outcome in a sentence (redacted with --redact); NULL: none. */
const char	*report_outcome_name(const struct report_ctx *ctx,
		    const struct object *o);
/* How many on-premises objects have a predicted outcome. */
size_t		 report_npredicted(const struct report_ctx *ctx);
/* The outcome kinds reports count, in order, for loops over kinds. */
#define REPORT_FIRST_KIND	VERDICT_NOT_PREDICTED
#define REPORT_LAST_KIND	VERDICT_BLOCKED

/*
 * "confirmed" or "not-yet-seen" for finding number at when some input
 * carries provisioning errors (reconcile.h); NULL otherwise.
 */
const char	*report_reconcile_id(const struct report_ctx *ctx, size_t at);
/* The same in words: "confirmed", "not yet seen"; NULL otherwise. */
const char	*report_reconcile_name(const struct report_ctx *ctx, size_t at);

/*
 * The number of inputs the run left out as unusable.  Reports are only
 * written with some left out on a --partial run, and then each writer
 * that can (text, Markdown, JSON) names them on its first line.
 */
size_t		 report_nleft_out(const struct report_ctx *ctx);

/*
 * The name of tenant domain i (table_domain()) as the report shows it:
 * its pseudonym in a redacted report.
 */
const char	*report_domain_name(const struct report_ctx *ctx, size_t i);

/*
 * "verified, default, federated": what domain i is, in words, into buf
 * (size n); for the inputs section of every format.
 */
const char	*report_domain_traits(const struct report_ctx *ctx, size_t i,
		    char *buf, size_t n);

/*
 * Table object o as the report may show it: o itself, or with --redact
 * its pseudonymised copy; NULL when a redacted report has no copy of o
 * (then nothing of it may be shown).
 */
const struct object *report_object(const struct report_ctx *ctx,
		    const struct object *o);

/* The name of an object for people: DN, else UPN, else id. */
const char	*report_object_name(const struct object *o);

/*
 * `syncdoctor objects`: the table, one JSON object per line.  With an
 * analysis (objects --predict), each in-scope on-premises object also
 * gets its predicted outcome (the same verdict analyze reports) and the
 * cloud object it meets.
 */
void	report_objects_json(FILE *out, const struct table *t,
	    const struct analysis *an);
/* `syncdoctor objects --format text`: the table for people. */
void	report_objects_text(FILE *out, const struct table *t,
	    const struct analysis *an);

#endif /* SD_REPORT_H */
