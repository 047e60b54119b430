/*
 * Escaping for the HTML, XML, CSV and Markdown reports; see escape_doc.h.
 * One walk over the UTF-8 does the common part (what is made visible);
 * each format supplies how it escapes printable ASCII and how it frames
 * a made-visible character.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "escape.h"
#include "escape_doc.h"

/* How one format writes text. */
struct doc_style {
	/* Write the printable ASCII byte s[i]; the rest is for context. */
	void		(*ascii)(FILE *out, const unsigned char *s, size_t i,
			    size_t len);
	const char	*visible_open;	/* around "\x1b" and the like */
	const char	*visible_close;
};

static uint32_t
decode(const unsigned char *s, size_t n)
{
	uint32_t	cp;
	size_t		i;

	cp = s[0] & (0xff >> (n + 1));
	for (i = 1; i < n; i++)
		cp = cp << 6 | (s[i] & 0x3f);
	return cp;
}

/*
 * Code points that reorder or hide text, and the noncharacters XML 1.0
 * forbids.  Keep in step with is_invisible_control() in escape.c.
 */
static int
is_hidden(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) ||		/* C1 controls */
	    (cp >= 0x200b && cp <= 0x200f) ||		/* zero width, marks */
	    (cp >= 0x202a && cp <= 0x202e) ||		/* bidi embedding */
	    (cp >= 0x2066 && cp <= 0x2069) ||		/* bidi isolates */
	    cp == 0x2028 || cp == 0x2029 || cp == 0xfeff ||
	    cp == 0xfffe || cp == 0xffff;
}

static void
visible(FILE *out, const struct doc_style *st, const char *text)
{
	fputs(st->visible_open, out);
	fputs(text, out);
	fputs(st->visible_close, out);
}

static void
visible_byte(FILE *out, const struct doc_style *st, unsigned char c)
{
	char	buf[8];

	switch (c) {
	case '\n':
		visible(out, st, "\\n");
		return;
	case '\t':
		visible(out, st, "\\t");
		return;
	case '\r':
		visible(out, st, "\\r");
		return;
	default:
		snprintf(buf, sizeof(buf), "\\x%02x", c);
		visible(out, st, buf);
	}
}

static void
doc_walk(FILE *out, const struct doc_style *st, const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			 buf[16];
	size_t			 i = 0, n;

	while (i < len) {
		unsigned char c = p[i];

		if (c >= 0x20 && c < 0x7f) {
			st->ascii(out, p, i, len);
			i++;
			continue;
		}
		if (c < 0x80 || (n = utf8_sequence_length(p + i, len - i)) == 0) {
			visible_byte(out, st, c);
			i++;
			continue;
		}
		if (is_hidden(decode(p + i, n))) {
			snprintf(buf, sizeof(buf), "\\u%04x",
			    (unsigned)decode(p + i, n));
			visible(out, st, buf);
		} else
			fwrite(p + i, 1, n, out);
		i += n;
	}
}

/* The five characters that are markup in both HTML and XML. */
static const char *
markup_entity(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

static void
markup_ascii(FILE *out, const unsigned char *s, size_t i, size_t len)
{
	const char	*entity = markup_entity(s[i]);

	(void)len;
	if (entity != NULL)
		fputs(entity, out);
	else
		fputc(s[i], out);
}

void
escape_html(FILE *out, const char *s, size_t len, bool is_attribute)
{
	static const struct doc_style	content = {
		markup_ascii, "<span class=\"ctl\">", "</span>"
	};
	static const struct doc_style	attribute = { markup_ascii, "", "" };

	doc_walk(out, is_attribute ? &attribute : &content, s, len);
}

void
escape_xml(FILE *out, const char *s, size_t len)
{
	static const struct doc_style	xml = { markup_ascii, "", "" };

	doc_walk(out, &xml, s, len);
}

static void
csv_ascii(FILE *out, const unsigned char *s, size_t i, size_t len)
{
	(void)len;
	if (s[i] == '"')
		fputc('"', out);
	fputc(s[i], out);
}

void
escape_csv(FILE *out, const char *s, size_t len)
{
	static const struct doc_style	csv = { csv_ascii, "", "" };

	fputc('"', out);
	if (s != NULL) {
		if (len > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' ||
		    s[0] == '@' || s[0] == '\t' || s[0] == '\r'))
			fputc('\'', out);
		doc_walk(out, &csv, s, len);
	}
	fputc('"', out);
}

/* GFM makes links of "scheme://..." and "www.example" by themselves. */
static bool
is_autolink_start(const unsigned char *s, size_t i, size_t len)
{
	if (s[i] == ':')
		return i + 1 < len && s[i + 1] == '/';
	return s[i] == '.' && i >= 3 &&
	    strncasecmp((const char *)s + i - 3, "www", 3) == 0;
}

static void
md_ascii(FILE *out, const unsigned char *s, size_t i, size_t len)
{
	static const char	active[] = "\\`*_[]<>#|~&!";

	if (strchr(active, s[i]) != NULL || is_autolink_start(s, i, len))
		fputc('\\', out);
	fputc(s[i], out);
}

void
escape_md(FILE *out, const char *s, size_t len)
{
	static const struct doc_style	md = { md_ascii, "", "" };

	doc_walk(out, &md, s, len);
}
