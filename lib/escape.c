/* Escaping for text and JSON output; see escape.h. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"

size_t
utf8_sequence_length(const unsigned char *s, size_t len)
{
	uint32_t	cp;
	size_t		n, i;

	if (len == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, UTF-16 surrogates and values past U+10FFFF. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

int
utf8_is_valid(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n;
	uint64_t		 w;

	while (i < len) {
		/* Eight ASCII bytes at once: the loader checks every value. */
		if (len - i >= 8) {
			memcpy(&w, p + i, sizeof(w));
			if ((w & UINT64_C(0x8080808080808080)) == 0) {
				i += 8;
				continue;
			}
		}
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((n = utf8_sequence_length(p + i, len - i)) == 0)
			return 0;
		i += n;
	}
	return 1;
}

static uint32_t
utf8_decode(const unsigned char *s, size_t n)
{
	uint32_t	cp;
	size_t		i;

	if (n == 1)
		return s[0];
	cp = s[0] & (0xff >> (n + 1));
	for (i = 1; i < n; i++)
		cp = cp << 6 | (s[i] & 0x3f);
	return cp;
}

/* Code points that reorder or hide text on a terminal or in a page. */
static int
is_invisible_control(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) ||		/* C1 controls */
	    (cp >= 0x200b && cp <= 0x200f) ||		/* zero width, marks */
	    (cp >= 0x202a && cp <= 0x202e) ||		/* bidi embedding */
	    (cp >= 0x2066 && cp <= 0x2069) ||		/* bidi isolates */
	    cp == 0x2028 || cp == 0x2029 || cp == 0xfeff;
}

/* Printable ASCII JSON writes as it is (<>& escaped, safe in HTML). */
static inline bool
is_json_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '<' &&
	    c != '>' && c != '&';
}

void
escape_text(FILE *out, const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n;

	while (i < len) {
		unsigned char c = p[i];

		if (c >= 0x20 && c < 0x7f && c != '\\') {
			/* A run of printable ASCII in one write. */
			for (n = i + 1; n < len && p[n] >= 0x20 && p[n] < 0x7f &&
			    p[n] != '\\'; n++)
				;
			fwrite(p + i, 1, n - i, out);
			i = n;
			continue;
		}
		if (c == '\\') {
			fputs("\\\\", out);
			i++;
			continue;
		}
		if (c < 0x80) {
			if (c == '\n')
				fputs("\\n", out);
			else if (c == '\t')
				fputs("\\t", out);
			else if (c == '\r')
				fputs("\\r", out);
			else
				fprintf(out, "\\x%02x", c);
			i++;
			continue;
		}
		n = utf8_sequence_length(p + i, len - i);
		if (n == 0) {
			fprintf(out, "\\x%02x", c);
			i++;
			continue;
		}
		if (is_invisible_control(utf8_decode(p + i, n)))
			fprintf(out, "\\u%04x", (unsigned)utf8_decode(p + i, n));
		else
			fwrite(p + i, 1, n, out);
		i += n;
	}
}

void
escape_json(FILE *out, const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n;

	fputc('"', out);
	while (i < len) {
		unsigned char c = p[i];

		if (is_json_plain(c)) {
			/* A run of plain bytes in one write. */
			for (n = i + 1; n < len && is_json_plain(p[n]); n++)
				;
			fwrite(p + i, 1, n - i, out);
			i = n;
			continue;
		}
		if (c < 0x80) {
			switch (c) {
			case '"':
				fputs("\\\"", out);
				break;
			case '\\':
				fputs("\\\\", out);
				break;
			case '\n':
				fputs("\\n", out);
				break;
			case '\t':
				fputs("\\t", out);
				break;
			case '\r':
				fputs("\\r", out);
				break;
			default:
				/* Controls, DEL and <>& (safe to embed in HTML). */
				fprintf(out, "\\u%04x", c);
			}
			i++;
			continue;
		}
		n = utf8_sequence_length(p + i, len - i);
		if (n == 0) {
			fputs("\\ufffd", out);
			i++;
			continue;
		}
		{
			uint32_t cp = utf8_decode(p + i, n);

			/* U+2028/9 end lines in JavaScript: keep them escaped. */
			if (is_invisible_control(cp) && cp < 0x10000)
				fprintf(out, "\\u%04x", (unsigned)cp);
			else
				fwrite(p + i, 1, n, out);
		}
		i += n;
	}
	fputc('"', out);
}
