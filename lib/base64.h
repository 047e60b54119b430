/*
 * Base64 (RFC 4648 alphabet, '=' padding) for LDIF '::' values and for the
 * immutableId form of source anchors.  GUIDs in their text forms are
 * guid.h's.
 */
#ifndef SD_BASE64_H
#define SD_BASE64_H

#include <stddef.h>

/* The value of hex digit c (either case), or -1. */
int	hex_digit(unsigned char c);

/* Bytes needed to encode len bytes, NUL included. */
#define BASE64_ENCODED_SIZE(len)	((((len) + 2) / 3) * 4 + 1)

/* Encode len bytes of in into out (BASE64_ENCODED_SIZE(len) bytes). */
void	base64_encode(const unsigned char *in, size_t len, char *out);

/*
 * Decode len characters of in into out, which may be in itself (decoding
 * never grows).  Spaces are ignored; padding is optional at the very end.
 * Returns the decoded length, or -1 on a character outside the alphabet, a
 * lone trailing character or data after padding.
 */
long	base64_decode(const char *in, size_t len, unsigned char *out);

/*
 * What base64_decode would return for in, without writing the bytes: the
 * decoded length, or -1 where it fails.  For values only measured.
 */
long	base64_measure(const char *in, size_t len);

/*
 * base64_measure over a value that comes in pieces (the lines of a folded
 * LDIF value): zero it, feed the pieces in order, then ask for the result,
 * which is base64_measure's for the pieces joined.
 */
struct base64_meter {
	size_t	ndigits;	/* alphabet characters so far */
	int	npad;		/* '=' so far */
	int	is_bad;		/* failed: nothing after changes that */
};

void	base64_meter_feed(struct base64_meter *m, const char *in, size_t len);
long	base64_meter_result(const struct base64_meter *m);

/*
 * NEEDSWORK: guid_parse() and guid_format() lived here; their callers
 * still reach them through this include.  Each should include guid.h
 * itself, and this line go, once the branches in flight have landed.
 */
#include "guid.h"

#endif /* SD_BASE64_H */
