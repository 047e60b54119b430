/* Base64 and GUID conversions; see base64.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base64.h"

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

static int
base64_digit(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

long
base64_decode(const char *in, size_t len, unsigned char *out)
{
	unsigned long	 acc = 0;
	int		 bits = 0, d, npad = 0;
	size_t		 i, n = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];

		if (c == ' ')
			continue;
		if (c == '=') {
			npad++;
			continue;
		}
		if (npad > 0 || (d = base64_digit(c)) < 0)
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

static int
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

bool
guid_parse(const char *s, size_t len, unsigned char out[16])
{
	/* Byte i of the string form goes to stored position order[i]. */
	static const int order[16] = {
		3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15
	};
	size_t	i, k = 0;

	if (len == 38 && s[0] == '{' && s[37] == '}') {
		s++;
		len -= 2;
	}
	if (len != 36)
		return false;
	for (i = 0; i < 36; ) {
		int hi, lo;

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
			i++;
			continue;
		}
		hi = hex_digit((unsigned char)s[i]);
		lo = hex_digit((unsigned char)s[i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out[order[k++]] = (unsigned char)(hi << 4 | lo);
		i += 2;
	}
	return true;
}

void
guid_format(const unsigned char in[16], char out[37])
{
	snprintf(out, 37,
	    "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x",
	    in[3], in[2], in[1], in[0], in[5], in[4], in[7], in[6],
	    in[8], in[9], in[10], in[11], in[12], in[13], in[14], in[15]);
}
