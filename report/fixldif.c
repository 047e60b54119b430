/* Fix and undo LDIF change files for certain remedies; see fixldif.h. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "fixldif.h"
#include "rule.h"
#include "xalloc.h"

/* RFC 2849 folds lines longer than this; continuation lines start ' '. */
#define LDIF_COLUMNS	76

static bool
is_safe_char(unsigned char c)
{
	return c != '\0' && c != '\n' && c != '\r' && c < 0x80;
}

/* RFC 2849 SAFE-STRING; a trailing space is base64 too, as it is lost. */
static bool
is_safe_string(const unsigned char *s, size_t len)
{
	size_t	i;

	if (len == 0)
		return true;
	if (s[0] == ' ' || s[0] == ':' || s[0] == '<' || s[len - 1] == ' ')
		return false;
	for (i = 0; i < len; i++)
		if (!is_safe_char(s[i]))
			return false;
	return true;
}

/* Write "name: value" or "name:: base64", folded at LDIF_COLUMNS. */
static void
put_line(FILE *out, const char *name, const unsigned char *value,
    size_t len)
{
	char	*line, *b64 = NULL;
	size_t	 n, i, col;

	if (is_safe_string(value, len)) {
		line = xasprintf("%s: %.*s", name, (int)len,
		    (const char *)value);
	} else {
		b64 = xmalloc(BASE64_ENCODED_SIZE(len));
		base64_encode(value, len, b64);
		line = xasprintf("%s:: %s", name, b64);
	}
	n = strlen(line);
	for (i = 0, col = LDIF_COLUMNS; i < n; i += col, col =
	    LDIF_COLUMNS - 1) {
		if (i > 0)
			fputc(' ', out);
		fwrite(line + i, 1, n - i < col ? n - i : col, out);
		fputc('\n', out);
	}
	free(line);
	free(b64);
}

/* A comment for people: controls made visible, hard-wrapped lines. */
static void
put_comment(FILE *out, const char *text)
{
	size_t	i, col = 0;

	fputs("# ", out);
	for (i = 0; text[i] != '\0'; i++) {
		unsigned char c = (unsigned char)text[i];

		if (col >= LDIF_COLUMNS - 2) {
			fputs("\n#  ", out);
			col = 1;
		}
		fputc(c < 0x20 || c == 0x7f ? '?' : c, out);
		col++;
	}
	fputc('\n', out);
}

static const char *
op_name(enum fix_op op)
{
	switch (op) {
	case FIX_DELETE:
	case FIX_CLEAR:
		return "delete";
	case FIX_ADD:
		return "add";
	case FIX_REPLACE:
		return "replace";
	}
	return "?";
}

static void
put_change(FILE *out, const struct fix_change *c)
{
	put_line(out, "dn", (const unsigned char *)c->dn, strlen(c->dn));
	fputs("changetype: modify\n", out);
	fprintf(out, "%s: %s\n", op_name(c->op), c->attribute);
	if (c->op != FIX_CLEAR)
		put_line(out, c->attribute, c->value, c->len);
	fputs("-\n\n", out);
}

static void
put_header(FILE *out, const char *what, const struct fixldif_stats *st)
{
	fprintf(out,
	    "# syncdoctor %s --fix-ldif: %s\n"
	    "# Review every change before applying it:\n"
	    "#   ldapmodify -H ldap://DC -D USER -W -f FILE\n"
	    "#   ldifde -i -f FILE -s DC\n"
	    "# %zu finding%s fixed with %zu change%s; %zu need%s a decision and\n"
	    "# are not written (%zu LargeObject certificate finding%s: the\n"
	    "# export keeps no certificate bytes, so nothing can be chosen).\n"
	    "# No version: line, which ldifde does not need.\n\n",
	    PACKAGE_VERSION, what, st->nfixed, st->nfixed == 1 ? "" : "s",
	    st->nchanges, st->nchanges == 1 ? "" : "s", st->ndecision,
	    st->ndecision == 1 ? "s" : "", st->ncertificates,
	    st->ncertificates == 1 ? "" : "s");
}

/* The undo records of one finding, in reverse, as one block of text. */
static char *
undo_block(const struct fix_plan *p, const char *comment)
{
	char	*buf = NULL;
	size_t	 len = 0, i;
	FILE	*mem;

	if ((mem = open_memstream(&buf, &len)) == NULL)
		abort();
	put_comment(mem, comment);
	for (i = p->n; i > 0; i--)
		put_change(mem, &p->undo[i - 1]);
	fclose(mem);
	return buf;
}

static bool
change_eq(const struct fix_change *a, const struct fix_change *b)
{
	return a->op == b->op && strcmp(a->dn, b->dn) == 0 &&
	    strcmp(a->attribute, b->attribute) == 0 && a->len == b->len &&
	    (a->len == 0 || memcmp(a->value, b->value, a->len) == 0);
}

/*
 * Drop from p the changes an earlier finding already wrote (two rules
 * can report the same duplicate address): deleting a value twice would
 * stop ldapmodify.  Remembers the rest in *done.
 */
static void
plan_dedupe(struct fix_plan *p, struct fix_change **done, size_t *ndone)
{
	size_t	i, k, kept = 0;

	for (i = 0; i < p->n; i++) {
		for (k = 0; k < *ndone; k++)
			if (change_eq(&p->changes[i], &(*done)[k]))
				break;
		if (k < *ndone)
			continue;
		*done = xreallocarray(*done, *ndone + 1, sizeof(**done));
		(*done)[(*ndone)++] = p->changes[i];
		p->changes[kept] = p->changes[i];
		p->undo[kept++] = p->undo[i];
	}
	p->n = kept;
}

void
fixldif_write(FILE *fix, FILE *undo, const struct analysis *an,
    const struct table *t, const struct baseline_marks *marks,
    struct fixldif_stats *st)
{
	char		**undos, *body = NULL, *comment;
	size_t		  nundos = 0, bodylen = 0, ndone = 0, i, k;
	struct fix_change *done = NULL;
	struct fix_context fc = { t, &an->findings };
	enum fix_result	  result;
	FILE		 *mem;

	memset(st, 0, sizeof(*st));
	undos = xcalloc(an->findings.n + 1, sizeof(*undos));
	if ((mem = open_memstream(&body, &bodylen)) == NULL)
		abort();
	for (i = 0; i < an->findings.n; i++) {
		const struct finding	*f = an->findings.list[i];
		struct fix_plan		 p;

		memset(&p, 0, sizeof(p));
		result = f->rule->fix != NULL ? f->rule->fix(&fc, f, &p) :
		    FIX_DECISION;
		if (result != FIX_PLANNED) {
			if (f->severity != SEV_INFO)
				st->ndecision++;
			if (result == FIX_NO_BYTES)
				st->ncertificates++;
			fix_plan_release(&p);
			continue;
		}
		plan_dedupe(&p, &done, &ndone);
		comment = xasprintf("%s%s: %s", marks != NULL &&
		    i < marks->n ? marks->ids[i] : f->rule->id,
		    p.n == 0 ? " (already written above)" : "", p.why);
		put_comment(mem, comment);
		for (k = 0; k < p.n; k++)
			put_change(mem, &p.changes[k]);
		if (p.n == 0)
			fputc('\n', mem);
		if (p.n > 0)
			undos[nundos++] = undo_block(&p, comment);
		st->nfixed++;
		st->nchanges += p.n;
		free(comment);
		fix_plan_release(&p);
	}
	fclose(mem);
	put_header(fix, "changes whose remedy is certain", st);
	fputs(body, fix);
	put_header(undo, "undoes the fix file, newest change first",
	    st);
	for (i = nundos; i > 0; i--) {
		fputs(undos[i - 1], undo);
		free(undos[i - 1]);
	}
	free(undos);
	free(done);
	free(body);
}
