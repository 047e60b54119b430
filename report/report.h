/*
 * Report writers: one descriptor per output format, in report_formats[]
 * (report.c).  A writer turns a report view (view.h) into bytes; it never
 * decides what is an error, never counts (the view did), and every
 * customer value it writes goes through the escaping of its format.
 */
#ifndef SD_REPORT_H
#define SD_REPORT_H

#include <stdbool.h>
#include <stdio.h>

struct analysis;
struct baseline_marks;
struct diag;
struct report_view;
struct view_value;
struct sync_options;
struct table;

/*
 * What one analyze run produced, as view_new() (view.h) reads it to
 * build the report view.  Writers never see it: they read the view.
 */
struct report_ctx {
	const struct table		*table;
	const struct diag		*diag;
	const struct analysis		*analysis;
	const struct sync_options	*options;
	bool				 is_quiet;	/* findings only */
	/*
	 * Finding ids, and new/present marks and the fixed list when a
	 * baseline was given (baseline.h); NULL: none.  Index i belongs to
	 * analysis->findings.list[i].
	 */
	const struct baseline_marks	*marks;
	/*
	 * A row in the view for every simulated object, not only those the
	 * findings name (the workbook's Objects sheet); costs a row each.
	 */
	bool				 wants_every_object;
	/*
	 * --fail-on: the lowest severity (enum severity) that fails the
	 * run, or -1 for never.  With a baseline only new findings fail.
	 */
	int				 fail_on;
	/* The CSV field separator: ',' (0 too) or ';' (--csv-separator). */
	char				 csv_separator;
	/* The cover: --title, --customer, --prepared-by; NULL: not given. */
	const char			*title;
	const char			*customer;
	const char			*prepared_by;
};

/*
 * A writer lays out a report view (view.h), redacted or not: it reads
 * nothing else, so it cannot print a value --redact did not hide.
 */
struct report_format {
	const char	*name;		/* --format name */
	const char	*extension;	/* for -o with several formats */
	void		(*write)(FILE *out, const struct report_view *v);
	/* Bytes, not text: never written to a terminal. */
	bool		 is_binary;
	/* It lists every simulated object (report_ctx.wants_every_object). */
	bool		 wants_every_object;
	/*
	 * Why this build cannot write it (a library configure did not
	 * find), or NULL.  Such a format is still listed, the same in every
	 * build, and asking for it is a usage error saying why.
	 */
	const char	*unavailable;
};

extern const struct report_format report_format_text;
extern const struct report_format report_format_json;
extern const struct report_format report_format_html;
extern const struct report_format report_format_csv;
extern const struct report_format report_format_md;
extern const struct report_format report_format_junit;
extern const struct report_format report_format_lint;
extern const struct report_format report_format_xlsx;

/*
 * The view's input messages as the diagnostics print them while reading
 * ("file:line: warning: text"), for a redacted run, whose messages are
 * not printed as they are read (they name files and values).
 */
void	report_messages_text(FILE *out, const struct report_view *v);

/*
 * The first line of a --partial run's report, "LABEL path, path", then a
 * blank line: the inputs left out as unusable, each path written by put
 * (the format's escaping).  Nothing when none was left out.
 */
void	report_left_out(FILE *out, const struct report_view *v,
	    const char *label,
	    void (*put)(FILE *, const struct view_value *));

/* Every format, NULL-terminated. */
extern const struct report_format *const report_formats[];
const struct report_format *report_format_find(const char *name);

/*
 * `syncdoctor objects`: the objects' view (view_new_objects()), one JSON
 * object per line.  With --predict, each in-scope on-premises object also
 * gets its predicted outcome (the same verdict analyze reports) and the
 * cloud object it meets.
 */
void	report_objects_json(FILE *out, const struct report_view *v);
/* `syncdoctor objects --format text`: the same for people. */
void	report_objects_text(FILE *out, const struct report_view *v);

/*
 * The rule table, in report order (report_rules.c): one line per rule
 * (`syncdoctor rules`), the README's Markdown table (--format md) and the
 * man page's mdoc list (--format man).
 */
void	report_rules_text(FILE *out);
void	report_rules_md(FILE *out);
void	report_rules_man(FILE *out);

#endif /* SD_REPORT_H */
