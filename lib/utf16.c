/* UTF-16 to UTF-8 without iconv; see utf16.h. */
#include "config.h"

#include <stdint.h>

#include "utf16.h"

static unsigned
unit_at(const unsigned char *p, bool is_big_endian)
{
	return is_big_endian ? (unsigned)p[0] << 8 | p[1] :
	    (unsigned)p[1] << 8 | p[0];
}

/* One code point (at most U+10FFFF, no surrogate) as UTF-8; its length. */
static size_t
put_utf8(char *out, uint32_t c)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | c >> 12);
		out[1] = (char)(0x80 | (c >> 6 & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | c >> 18);
	out[1] = (char)(0x80 | (c >> 12 & 0x3f));
	out[2] = (char)(0x80 | (c >> 6 & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

size_t
utf16_to_utf8(const unsigned char *in, size_t len, bool is_big_endian,
    char *out, size_t *used, bool *is_invalid)
{
	size_t		i = 0, n = 0;
	unsigned	hi, lo;

	*is_invalid = false;
	while (i + 2 <= len) {
		hi = unit_at(in + i, is_big_endian);
		if (hi < 0xd800 || hi > 0xdfff) {
			n += put_utf8(out + n, hi);
			i += 2;
			continue;
		}
		if (hi > 0xdbff) {		/* a low surrogate first */
			*is_invalid = true;
			break;
		}
		if (i + 4 > len)		/* its pair is in the next block */
			break;
		lo = unit_at(in + i + 2, is_big_endian);
		if (lo < 0xdc00 || lo > 0xdfff) {
			*is_invalid = true;
			break;
		}
		n += put_utf8(out + n, 0x10000 +
		    ((uint32_t)(hi - 0xd800) << 10) + (lo - 0xdc00));
		i += 4;
	}
	*used = i;
	return n;
}
