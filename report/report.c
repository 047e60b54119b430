/* The table of report formats and what writers share; see report.h. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "escape.h"
#include "report.h"
#include "view.h"

const struct report_format *const report_formats[] = {
	&report_format_text,
	&report_format_json,
	&report_format_html,
	&report_format_csv,
	&report_format_md,
	&report_format_junit,
	&report_format_lint,
	&report_format_xlsx,
	NULL
};

#ifndef HAVE_XLSXWRITER
/* Without libxlsxwriter (report_xlsx.c is not built): listed, refused. */
const struct report_format report_format_xlsx = {
	.name        = "xlsx",
	.extension   = "xlsx",
	.is_binary   = true,
	.unavailable = "this build has no xlsx support: it was built without "
	    "libxlsxwriter (Debian package libxlsxwriter-dev)",
};
#endif

void
report_messages_text(FILE *out, const struct report_view *v)
{
	size_t	i;

	for (i = 0; i < v->nmessages; i++) {
		const struct view_message	*m = &v->messages[i];
		const char			*file = view_text(m->file);

		escape_text(out, file, strlen(file));
		if (m->line)
			fprintf(out, ":%lu", m->line);
		fprintf(out, ": %s: ", m->level == DL_WARNING ? "warning" :
		    m->level == DL_SKIP ? "note" : m->level == DL_FATAL ?
		    "fatal" : "error");
		escape_text(out, m->text->text, strlen(m->text->text));
		fputc('\n', out);
	}
}

const struct report_format *
report_format_find(const char *name)
{
	size_t	i;

	for (i = 0; report_formats[i] != NULL; i++)
		if (strcasecmp(report_formats[i]->name, name) == 0)
			return report_formats[i];
	return NULL;
}

void
report_left_out(FILE *out, const struct report_view *v, const char *label,
    void (*put)(FILE *, const struct view_value *))
{
	const char	*sep = label;
	size_t		 i;

	for (i = 0; i < v->ninputs; i++) {
		if (!v->inputs[i].is_unusable)
			continue;
		fputs(sep, out);
		put(out, v->inputs[i].path);
		sep = ", ";
	}
	if (sep != label)
		fputs("\n\n", out);
}
