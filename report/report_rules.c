/*
 * The rule table for people: `syncdoctor rules` as text, as the README's
 * Markdown table and as the man page's mdoc list.  The README and
 * syncdoctor.1 hold copies of the last two between marker comments, and
 * tests/rules-doc.sh fails when a copy differs from this output.  Our own
 * text only: no customer value is written here.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>

#include "report.h"
#include "rule.h"

void
report_rules_text(FILE *out)
{
	size_t	i;

	for (i = 0; rule_table[i] != NULL; i++)
		fprintf(out, "%-28s %-8s %s\n", rule_table[i]->id,
		    severity_name(rule_table[i]->severity),
		    rule_table[i]->title);
}

void
report_rules_md(FILE *out)
{
	const struct rule	*r;
	size_t			 i;

	fputs("| rule | what it predicts |\n|---|---|\n", out);
	for (i = 0; (r = rule_table[i]) != NULL; i++)
		fprintf(out, "| `%s` | %s |\n", r->id,
		    r->predicts != NULL ? r->predicts : r->title);
}

/* A title as an mdoc sentence: capital first, full stop, no escapes. */
static void
put_man_sentence(FILE *out, const char *s)
{
	size_t	i;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == '\\')
			fputs("\\e", out);
		else if (i == 0 && (s[i] == '.' || s[i] == '\''))
			fprintf(out, "\\&%c", s[i]);
		else
			fputc(i == 0 ? toupper((unsigned char)s[i]) : s[i], out);
	}
	fputs(".\n", out);
}

void
report_rules_man(FILE *out)
{
	size_t	i;

	fputs(".Bl -tag -width Ds\n", out);
	for (i = 0; rule_table[i] != NULL; i++) {
		fprintf(out, ".It Cm %s Pq %s\n", rule_table[i]->id,
		    severity_name(rule_table[i]->severity));
		put_man_sentence(out, rule_table[i]->title);
	}
	fputs(".El\n", out);
}
