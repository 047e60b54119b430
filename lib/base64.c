/* Base64; see base64.h. */
#include "config.h"

#include "base64.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void
base64_encode(const unsigned char *in, size_t len, char *out)
{
	size_t	i;
	char	*o = out;

	for (i = 0; i + 2 < len; i += 3) {
		*o++ = alphabet[in[i] >> 2];
		*o++ = alphabet[((in[i] & 3) << 4) | (in[i + 1] >> 4)];
		*o++ = alphabet[((in[i + 1] & 15) << 2) | (in[i + 2] >> 6)];
		*o++ = alphabet[in[i + 2] & 63];
	}
	if (i < len) {
		*o++ = alphabet[in[i] >> 2];
		if (i + 1 < len) {
			*o++ = alphabet[((in[i] & 3) << 4) | (in[i + 1] >> 4)];
			*o++ = alphabet[(in[i + 1] & 15) << 2];
		} else {
			*o++ = alphabet[(in[i] & 3) << 4];
			*o++ = '=';
		}
		*o++ = '=';
	}
	*o = '\0';
}

/* Value of each byte as a base64 digit: -1 invalid, -2 '=', -3 space. */
static const signed char b64_digit[256] = {
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-3, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 62, -1, -1, -1, 63,
	52, 53, 54, 55, 56, 57, 58, 59, 60, 61, -1, -1, -1, -2, -1, -1,
	-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
	15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, -1, -1, -1, -1, -1,
	-1, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
	41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
};

/*
 * Decoding is on every objectGUID, SID and certificate of a large export:
 * whole groups of four digits take the fast path, anything else (spaces,
 * padding, errors) the careful one.
 */
long
base64_decode(const char *in, size_t len, unsigned char *out)
{
	const unsigned char	*p = (const unsigned char *)in;
	unsigned long		 acc = 0;
	int			 bits = 0, d, npad = 0;
	size_t			 i = 0, n = 0;

	while (i + 4 <= len && bits == 0) {
		int a = b64_digit[p[i]], b = b64_digit[p[i + 1]];
		int c = b64_digit[p[i + 2]], e = b64_digit[p[i + 3]];

		if ((a | b | c | e) < 0)
			break;
		out[n++] = (unsigned char)(a << 2 | b >> 4);
		out[n++] = (unsigned char)((b & 15) << 4 | c >> 2);
		out[n++] = (unsigned char)((c & 3) << 6 | e);
		i += 4;
	}
	for (; i < len; i++) {
		d = b64_digit[p[i]];
		if (d == -3)
			continue;
		if (d == -2) {
			npad++;
			continue;
		}
		if (npad > 0 || d < 0)
			return -1;
		acc = (acc << 6) | (unsigned long)d;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits);
			acc &= (1UL << bits) - 1;
		}
	}
	/* 6 leftover bits cannot come from whole bytes; nor can 3 pads. */
	if (bits >= 6 || npad > 2)
		return -1;
	return (long)n;
}

int
hex_digit(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#ifdef __SSE2__
/*
 * Are the 16 bytes at p all alphabet characters?  Letters are one range
 * once bit 0x20 is set (no other byte lands in 'a'..'z' so), '/' and the
 * digits another; a byte is in [lo, lo + k] when (byte - lo), saturated
 * down by k, is 0.  Bytes over 0x7f are in none.
 */
static int
base64_digits16(const unsigned char *p)
{
	const __m128i	zero = _mm_setzero_si128();
	__m128i		v = _mm_loadu_si128((const __m128i *)p);
	__m128i		letter, digit;

	letter = _mm_or_si128(v, _mm_set1_epi8(0x20));
	letter = _mm_sub_epi8(letter, _mm_set1_epi8('a'));
	letter = _mm_cmpeq_epi8(_mm_subs_epu8(letter, _mm_set1_epi8(25)),
	    zero);
	digit = _mm_sub_epi8(v, _mm_set1_epi8('/'));
	digit = _mm_cmpeq_epi8(_mm_subs_epu8(digit, _mm_set1_epi8('9' - '/')),
	    zero);
	letter = _mm_or_si128(letter, digit);
	letter = _mm_or_si128(letter, _mm_cmpeq_epi8(v, _mm_set1_epi8('+')));
	return _mm_movemask_epi8(letter) == 0xffff;
}
#endif

/*
 * How many of the first len bytes of p, in whole groups of 16 (SSE2) or 4,
 * are all alphabet characters: the run base64_meter_feed() need not look
 * at one by one.
 */
static size_t
base64_digit_run(const unsigned char *p, size_t len)
{
	size_t	i = 0;

#ifdef __SSE2__
	while (i + 16 <= len && base64_digits16(p + i))
		i += 16;
	/* The last 16 bytes, overlapping those checked: a line's tail. */
	if (i + 16 > len && len >= 16 && i < len &&
	    base64_digits16(p + len - 16))
		return len;
#endif
	while (i + 4 <= len && (b64_digit[p[i]] | b64_digit[p[i + 1]] |
	    b64_digit[p[i + 2]] | b64_digit[p[i + 3]]) >= 0)
		i += 4;
	return i;
}

/*
 * base64_decode's checks without its output: whole runs of digits first,
 * then one character at a time.  n digits decode to n * 6 / 8 bytes; a
 * lone last digit (n % 4 == 1) leaves 6 bits, which fails.
 */
void
base64_meter_feed(struct base64_meter *m, const char *in, size_t len)
{
	const unsigned char	*p = (const unsigned char *)in;
	size_t			 i = 0;
	int			 d;

	if (m->is_bad)
		return;
	if (m->npad == 0) {
		i = base64_digit_run(p, len);
		m->ndigits += i;
	}
	for (; i < len; i++) {
		d = b64_digit[p[i]];
		if (d == -3)
			continue;
		if (d == -2) {
			m->npad++;
			continue;
		}
		if (m->npad > 0 || d < 0) {
			m->is_bad = 1;
			return;
		}
		m->ndigits++;
	}
}

long
base64_meter_result(const struct base64_meter *m)
{
	if (m->is_bad || m->ndigits % 4 == 1 || m->npad > 2)
		return -1;
	return (long)(m->ndigits * 6 / 8);
}

long
base64_measure(const char *in, size_t len)
{
	struct base64_meter	m = { 0, 0, 0 };

	base64_meter_feed(&m, in, len);
	return base64_meter_result(&m);
}
