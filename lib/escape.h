/*
 * Escaping customer values for each output.  Every byte a report writes
 * that came from an input goes through one of these: a value holding an
 * escape sequence, a bidi override or invalid UTF-8 must not drive a
 * terminal, break a JSON document or smuggle markup into HTML.
 */
#ifndef SD_ESCAPE_H
#define SD_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/*
 * For terminals and plain text: printable UTF-8 is written as it is; C0
 * and C1 controls, DEL, bidi controls and invalid UTF-8 bytes become
 * visible escapes (\n, \t, \x1b, \u202e).  A backslash is doubled.
 */
void	escape_text(FILE *out, const char *s, size_t len);

/*
 * A JSON string with its quotes.  Invalid UTF-8 bytes become U+FFFD, so
 * the document stays valid; controls are \u-escaped.
 */
void	escape_json(FILE *out, const char *s, size_t len);

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
size_t	utf8_sequence_length(const unsigned char *s, size_t len);

/* Is every byte of s valid UTF-8 (no overlongs, no surrogates)? */
int	utf8_is_valid(const char *s, size_t len);

#endif /* SD_ESCAPE_H */
