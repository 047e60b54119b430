/*
 * Unit tests for the small pure modules: base64, UTF-8 validation, and
 * the escaping every report relies on (GUIDs: check_guid.c).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "escape.h"
#include "testutil.h"
#include "xalloc.h"

static const struct b64_case {
	const char	*text;
	size_t		 len;
	const char	*b64;
} b64_cases[] = {
	{ "", 0, "" },
	{ "f", 1, "Zg==" },
	{ "fo", 2, "Zm8=" },
	{ "foo", 3, "Zm9v" },
	{ "foob", 4, "Zm9vYg==" },
	{ " ", 1, "IA==" },
	{ "An\xc3\xa1 Lima", 9, "QW7DoSBMaW1h" },
	{ "\x00\xff\x10", 3, "AP8Q" },
};

START_TEST(test_base64_roundtrip)
{
	const struct b64_case	*c = &b64_cases[_i];
	char			 enc[64];
	unsigned char		 dec[64];
	long			 n;

	base64_encode((const unsigned char *)c->text, c->len, enc);
	ck_assert_str_eq(enc, c->b64);
	n = base64_decode(c->b64, strlen(c->b64), dec);
	ck_assert_int_eq(n, (long)c->len);
	ck_assert_mem_eq(dec, c->text, c->len);
	ck_assert_int_eq(base64_measure(c->b64, strlen(c->b64)), n);
}
END_TEST

static const char *const bad_b64[] = {
	"Zg=a", "Z", "Zm9v!", "Zg===", "Zm9vY", "Zm9vZm9v!Zm9v", "Zm9vZg==Zg",
};

START_TEST(test_base64_invalid)
{
	unsigned char	dec[64];

	ck_assert_int_eq(base64_decode(bad_b64[_i], strlen(bad_b64[_i]), dec),
	    -1);
	ck_assert_int_eq(base64_measure(bad_b64[_i], strlen(bad_b64[_i])), -1);
}
END_TEST

START_TEST(test_base64_spaces_ignored)
{
	unsigned char	dec[16];

	ck_assert_int_eq(base64_decode(" Zm 9v", 6, dec), 3);
	ck_assert_mem_eq(dec, "foo", 3);
	ck_assert_int_eq(base64_measure(" Zm 9v", 6), 3);
	ck_assert_int_eq(base64_measure("Zm9vZm9v Zm9v Zg", 16), 10);
}
END_TEST

/*
 * The meter against base64_decode: a 40-digit value with one byte made
 * bad (a character outside the alphabet, a space, a pad, a byte over
 * 0x7f, a NUL) at each position in turn, for every length up to 40, fed
 * whole and in two pieces split at every point.  Runs of 16 and 4 digits
 * take the fast paths; the bad byte lands in and after each.
 */
START_TEST(test_base64_meter)
{
	static const char	 good[] =
	    "QUJD+EVGR0hJ/ktMTU5PUFFSU1RVVldYWVpBQ9z/";
	/* Each side of each range of the alphabet, and what else matters. */
	static const char	 bad[] = { '!', ' ', '=', '\xc3', '\0', '\r',
	    '@', '[', '`', '{', '.', ':', ',', '*', '\x8b', '\xe1', '\x01',
	    '0', '\x80', '\xff', 'A' };
	char			 in[41];
	unsigned char		 out[41];
	struct base64_meter	 m;
	size_t			 len, at, cut;
	long			 want;

	for (len = 0; len <= 40; len++)
		for (at = 0; at <= len; at++) {
			memcpy(in, good, len);
			if (at < len)
				in[at] = bad[(len + at) % sizeof(bad)];
			want = base64_decode(in, len, out);
			ck_assert_int_eq(base64_measure(in, len), want);
			for (cut = 0; cut <= len; cut++) {
				memset(&m, 0, sizeof(m));
				base64_meter_feed(&m, in, cut);
				base64_meter_feed(&m, in + cut, len - cut);
				ck_assert_msg(base64_meter_result(&m) == want,
				    "'%.*s' cut at %zu: %ld, want %ld",
				    (int)len, in, cut,
				    base64_meter_result(&m), want);
			}
		}
}
END_TEST

/* Every byte value at every place of 16- to 20-byte values. */
START_TEST(test_base64_every_byte)
{
	char		 in[20];
	unsigned char	 out[20];
	size_t		 len, at;
	int		 c;

	for (len = 16; len <= 20; len++)
		for (at = 0; at < len; at++)
			for (c = 0; c < 256; c++) {
				memset(in, 'Q', len);
				in[at] = (char)c;
				ck_assert_msg(base64_measure(in, len) ==
				    base64_decode(in, len, out),
				    "byte 0x%02x at %zu of %zu", c, at, len);
			}
}
END_TEST

static const struct utf8_case {
	const char	*s;
	int		 valid;
} utf8_cases[] = {
	{ "plain", 1 },
	{ "Zo\xc3\xab", 1 },
	{ "\xe2\x82\xac", 1 },
	{ "\xf0\x9f\x98\x80", 1 },
	{ "\xc3", 0 },			/* truncated */
	{ "\xc0\xaf", 0 },		/* overlong '/' */
	{ "\xed\xa0\x80", 0 },		/* UTF-16 surrogate */
	{ "\xf4\x90\x80\x80", 0 },	/* past U+10FFFF */
	{ "\xff", 0 },
};

START_TEST(test_utf8_valid)
{
	const struct utf8_case *c = &utf8_cases[_i];

	ck_assert_int_eq(utf8_is_valid(c->s, strlen(c->s)), c->valid);
}
END_TEST

/* Run an escaper over s into a string the caller frees. */
static char *
escaped(void (*fn)(FILE *, const char *, size_t), const char *s, size_t len)
{
	char	*buf = NULL;
	size_t	 n = 0;
	FILE	*mem = open_memstream(&buf, &n);

	ck_assert_ptr_nonnull(mem);
	fn(mem, s, len);
	fclose(mem);
	return buf;
}

static const struct escape_case {
	const char	*in;
	const char	*text;
	const char	*json;
} escape_cases[] = {
	{ "plain@contoso.com", "plain@contoso.com", "\"plain@contoso.com\"" },
	{ "\033[31mred", "\\x1b[31mred", "\"\\u001b[31mred\"" },
	{ "a\nb\tc\rd", "a\\nb\\tc\\rd", "\"a\\nb\\tc\\rd\"" },
	{ "back\\slash\"q", "back\\\\slash\"q", "\"back\\\\slash\\\"q\"" },
	{ "Jos\xc3\xa9", "Jos\xc3\xa9", "\"Jos\xc3\xa9\"" },
	{ "bad\xff", "bad\\xff", "\"bad\\ufffd\"" },
	/* U+202E RIGHT-TO-LEFT OVERRIDE hides what follows. */
	{ "x\xe2\x80\xaey", "x\\u202ey", "\"x\\u202ey\"" },
	/* C1 control U+009B (CSI) as UTF-8. */
	{ "\xc2\x9b" "2J", "\\u009b2J", "\"\\u009b2J\"" },
	{ "<script>&", "<script>&", "\"\\u003cscript\\u003e\\u0026\"" },
	{ "\x7f", "\\x7f", "\"\\u007f\"" },
};

START_TEST(test_escape)
{
	const struct escape_case	*c = &escape_cases[_i];
	char				*t, *j;

	t = escaped(escape_text, c->in, strlen(c->in));
	j = escaped(escape_json, c->in, strlen(c->in));
	ck_assert_str_eq(t, c->text);
	ck_assert_str_eq(j, c->json);
	free(t);
	free(j);
}
END_TEST

START_TEST(test_escape_nul_byte)
{
	char	*t = escaped(escape_text, "a\0b", 3);

	ck_assert_str_eq(t, "a\\x00b");
	free(t);
}
END_TEST

static Suite *
base64_suite(void)
{
	Suite	*s = suite_create("base64");
	TCase	*tc = tcase_create("core");

	tcase_add_loop_test(tc, test_base64_roundtrip, 0, ARRAY_SIZE(b64_cases));
	tcase_add_loop_test(tc, test_base64_invalid, 0, ARRAY_SIZE(bad_b64));
	tcase_add_test(tc, test_base64_spaces_ignored);
	tcase_add_test(tc, test_base64_meter);
	tcase_add_test(tc, test_base64_every_byte);
	tcase_add_loop_test(tc, test_utf8_valid, 0, ARRAY_SIZE(utf8_cases));
	tcase_add_loop_test(tc, test_escape, 0, ARRAY_SIZE(escape_cases));
	tcase_add_test(tc, test_escape_nul_byte);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(base64_suite());
}
