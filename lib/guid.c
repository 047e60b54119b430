/* GUID-based anchors in every text form; see guid.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base64.h"
#include "guid.h"

/* Byte k of the string form is stored at position text_order[k]. */
static const int text_order[GUID_SIZE] = {
	3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15
};

static const char hex_alphabet[] = "0123456789abcdef";

static const char *const form_names[GUID_FORM_MAX] = {
	[GUID_FORM_TEXT]	= "guid",
	[GUID_FORM_DIGITS]	= "guid-digits",
	[GUID_FORM_BASE64]	= "base64",
	[GUID_FORM_BASE64_BARE]	= "base64-unpadded",
	[GUID_FORM_HEX]		= "hex",
	[GUID_FORM_LDAP]	= "ldap-escaped",
};

/* The byte two hex digits at s make, or -1. */
static int
hex_pair(const char *s)
{
	int	hi = hex_digit((unsigned char)s[0]);
	int	lo = hex_digit((unsigned char)s[1]);

	return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
}

static bool
is_base64_digit(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '+' || c == '/';
}

bool
guid_parse(const char *s, size_t len, unsigned char out[GUID_SIZE])
{
	size_t	i, k = 0;
	int	b;

	if (len == 38 && s[0] == '{' && s[37] == '}') {
		s++;
		len -= 2;
	}
	if (len != 36)
		return false;
	for (i = 0; i < 36; ) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
			i++;
			continue;
		}
		if ((b = hex_pair(s + i)) < 0)
			return false;
		out[text_order[k++]] = (unsigned char)b;
		i += 2;
	}
	return true;
}

void
guid_format(const unsigned char in[GUID_SIZE], char out[GUID_TEXT_SIZE])
{
	snprintf(out, GUID_TEXT_SIZE,
	    "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x",
	    in[3], in[2], in[1], in[0], in[5], in[4], in[7], in[6],
	    in[8], in[9], in[10], in[11], in[12], in[13], in[14], in[15]);
}

void
guid_format_hex(const unsigned char in[GUID_SIZE], char out[GUID_HEX_SIZE])
{
	size_t	i;

	for (i = 0; i < GUID_SIZE; i++) {
		out[3 * i] = hex_alphabet[in[i] >> 4];
		out[3 * i + 1] = hex_alphabet[in[i] & 15];
		out[3 * i + 2] = ' ';
	}
	out[GUID_HEX_SIZE - 1] = '\0';
}

void
guid_format_ldap(const unsigned char in[GUID_SIZE], char out[GUID_LDAP_SIZE])
{
	size_t	i;

	for (i = 0; i < GUID_SIZE; i++) {
		out[3 * i] = '\\';
		out[3 * i + 1] = hex_alphabet[in[i] >> 4];
		out[3 * i + 2] = hex_alphabet[in[i] & 15];
	}
	out[GUID_LDAP_SIZE - 1] = '\0';
}

const char *
guid_form_name(enum guid_form form)
{
	return form < GUID_FORM_MAX ? form_names[form] : "?";
}

/* 32 hex digits: pair k is byte order[k] (NULL: byte k). */
static bool
read_digits(const char *s, size_t len, const int *order,
    unsigned char out[GUID_SIZE])
{
	size_t	k;
	int	b;

	if (len != 2 * GUID_SIZE)
		return false;
	for (k = 0; k < GUID_SIZE; k++) {
		if ((b = hex_pair(s + 2 * k)) < 0)
			return false;
		out[order != NULL ? (size_t)order[k] : k] = (unsigned char)b;
	}
	return true;
}

/* Between hex pairs: a space, or '-' or ':' when pairs have no "0x". */
static bool
is_pair_separator(char c, bool has_0x)
{
	return c == ' ' || (!has_0x && (c == '-' || c == ':'));
}

/*
 * 16 hex pairs, each separated from the next by the same one of ' ', '-'
 * or ':' ("1E-6A-..."), or "0x1e 0x6a ..." with spaces.
 */
static bool
read_hex_pairs(const char *s, size_t len, unsigned char out[GUID_SIZE])
{
	bool		 has_0x = len > 2 && s[0] == '0' &&
			    (s[1] == 'x' || s[1] == 'X');
	size_t		 step = has_0x ? 5 : 3, k;
	const char	*p;
	char		 sep = 0;
	int		 b;

	if (len != GUID_SIZE * step - 1)
		return false;
	for (k = 0; k < GUID_SIZE; k++) {
		p = s + k * step;
		if (has_0x) {
			if (p[0] != '0' || (p[1] != 'x' && p[1] != 'X'))
				return false;
			p += 2;
		}
		if ((b = hex_pair(p)) < 0)
			return false;
		out[k] = (unsigned char)b;
		if (k + 1 == GUID_SIZE)
			break;
		if (sep == 0)
			sep = p[2];
		if (p[2] != sep || !is_pair_separator(sep, has_0x))
			return false;
	}
	return true;
}

/* 22 base64 digits, with "==" after them (24) or without (22). */
static bool
read_base64(const char *s, size_t len, struct guid_reading *r)
{
	unsigned char	buf[BASE64_ENCODED_SIZE(GUID_SIZE)];
	char		again[BASE64_ENCODED_SIZE(GUID_SIZE)];
	size_t		i;

	if (len == 24 && s[22] == '=' && s[23] == '=')
		r->form = GUID_FORM_BASE64;
	else if (len == 22)
		r->form = GUID_FORM_BASE64_BARE;
	else
		return false;
	for (i = 0; i < 22; i++)
		if (!is_base64_digit(s[i]))
			return false;
	if (base64_decode(s, 22, buf) != GUID_SIZE)
		return false;
	memcpy(r->bytes, buf, GUID_SIZE);
	base64_encode(r->bytes, GUID_SIZE, again);
	r->is_canonical = memcmp(again, s, 22) == 0;
	return true;
}

static bool
is_attribute_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-';
}

/* "(name=" ... ")" around an LDAP value: the value; else s itself. */
static const char *
ldap_unwrap(const char *s, size_t *len)
{
	size_t	i;

	if (*len < 3 || s[0] != '(' || s[*len - 1] != ')')
		return s;
	for (i = 1; i < *len && is_attribute_char(s[i]); i++)
		continue;
	if (i == 1 || i == *len || s[i] != '=')
		return NULL;
	*len -= i + 2;
	return s + i + 1;
}

/* Is there a doubled backslash in s? */
static bool
has_double_backslash(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i + 1 < len; i++)
		if (s[i] == '\\' && s[i + 1] == '\\')
			return true;
	return false;
}

/*
 * RFC 4515 value: each byte \xx, or a plain printable character other
 * than ( ) * and \.  Escapes are all \\xx when any is (a C or JSON
 * string's doubling).  At least one escape, or it is just text.
 */
static bool
read_ldap(const char *s, size_t len, unsigned char out[GUID_SIZE])
{
	const char	*end;
	size_t		 n = 0, nesc = 0, slashes;
	int		 b;

	if ((s = ldap_unwrap(s, &len)) == NULL)
		return false;
	end = s + len;
	slashes = has_double_backslash(s, len) ? 2 : 1;
	while (s < end) {
		if (*s == '\\') {
			if ((size_t)(end - s) < slashes + 2 ||
			    (slashes == 2 && s[1] != '\\') ||
			    (b = hex_pair(s + slashes)) < 0)
				return false;
			s += slashes + 2;
			nesc++;
		} else if (*s > ' ' && *s < 0x7f && *s != '(' && *s != ')' &&
		    *s != '*')
			b = (unsigned char)*s++;
		else
			return false;
		if (n == GUID_SIZE)
			return false;
		out[n++] = (unsigned char)b;
	}
	return n == GUID_SIZE && nesc > 0;
}

/* Add r to out[] unless a reading with the same bytes is there. */
static size_t
add_reading(struct guid_reading *out, size_t n, const struct guid_reading *r)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (memcmp(out[i].bytes, r->bytes, GUID_SIZE) == 0)
			return n;
	if (n == GUID_MAX_READINGS)
		return n;
	out[n] = *r;
	return n + 1;
}

/* Why s is no GUID form: the nearest form and what it lacks. */
static void
explain(const char *s, size_t len, char *why, size_t why_size)
{
	unsigned char	buf[256];
	size_t		i, ndigits = 0, nother = 0, nb64 = 0;
	long		n = -1;

	for (i = 0; i < len; i++) {
		if (hex_digit((unsigned char)s[i]) >= 0)
			ndigits++;
		else if (s[i] == '\0' || strchr(" -:{}", s[i]) == NULL)
			nother++;
		if (is_base64_digit(s[i]) || s[i] == '=')
			nb64++;
	}
	if (len == 0)
		snprintf(why, why_size, "it is empty");
	else if (memchr(s, '\\', len) != NULL)
		snprintf(why, why_size, "LDAP escapes must make 16 bytes, each \\xx or a plain character");
	else if (nother == 0 && ndigits != 2 * GUID_SIZE)
		snprintf(why, why_size, "it has %zu hex digits, not 32", ndigits);
	else if (nother == 0)
		snprintf(why, why_size, "its 32 hex digits are grouped neither 8-4-4-4-12 nor in pairs");
	else if (nb64 == len && len <= sizeof(buf) / 3 * 4 &&
	    (n = base64_decode(s, len, buf)) == GUID_SIZE)
		snprintf(why, why_size, "its padding is wrong: 16 bytes are 22 base64 digits and '=='");
	else if (nb64 == len && len <= sizeof(buf) / 3 * 4 && n >= 0)
		snprintf(why, why_size, "it is base64 of %ld bytes, not 16: a custom anchor, not a GUID", n);
	else if (nb64 == len && len <= sizeof(buf) / 3 * 4)
		snprintf(why, why_size, "it is not valid base64");
	else
		snprintf(why, why_size, "it is not a GUID string, base64, hex or LDAP escapes");
}

size_t
guid_read(const char *s, size_t len, unsigned forms,
    struct guid_reading out[GUID_MAX_READINGS], char *why, size_t why_size)
{
	struct guid_reading	r;
	size_t			n = 0;

	memset(&r, 0, sizeof(r));
	r.is_canonical = true;
	r.form = GUID_FORM_TEXT;
	if ((forms & GUID_READ(r.form)) && guid_parse(s, len, r.bytes))
		n = add_reading(out, n, &r);
	if (read_base64(s, len, &r) && (forms & GUID_READ(r.form)))
		n = add_reading(out, n, &r);
	r.is_canonical = true;
	r.form = GUID_FORM_HEX;
	if ((forms & GUID_READ(r.form)) &&
	    (read_digits(s, len, NULL, r.bytes) ||
	    read_hex_pairs(s, len, r.bytes)))
		n = add_reading(out, n, &r);
	r.form = GUID_FORM_DIGITS;
	if ((forms & GUID_READ(r.form)) &&
	    read_digits(s, len, text_order, r.bytes))
		n = add_reading(out, n, &r);
	r.form = GUID_FORM_LDAP;
	if ((forms & GUID_READ(r.form)) && read_ldap(s, len, r.bytes))
		n = add_reading(out, n, &r);
	if (n == 0 && why != NULL && why_size > 0)
		explain(s, len, why, why_size);
	return n;
}
