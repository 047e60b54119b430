/*
 * Base64 (RFC 4648 alphabet, '=' padding) for LDIF '::' values and for the
 * immutableId form of source anchors; and Windows GUID text <-> bytes.
 */
#ifndef SD_BASE64_H
#define SD_BASE64_H

#include <stdbool.h>
#include <stddef.h>

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
 * Parse a GUID string "0c4b6a1e-5f2d-4e8a-9b7c-1d2e3f405162", braces
 * optional, into the 16 bytes Windows stores (Data1..3 little-endian).
 */
bool	guid_parse(const char *s, size_t len, unsigned char out[16]);
/* Format 16 stored GUID bytes as the 36-character string form. */
void	guid_format(const unsigned char in[16], char out[37]);

#endif /* SD_BASE64_H */
