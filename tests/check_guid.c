/*
 * Unit tests for lib/guid.c: a GUID-based anchor read from each form people
 * write it in, and written back in each.
 *
 * The expected values were computed apart from this code, with Python:
 *   b = uuid.UUID("2dc2be0b-2e5a-4b1b-9c62-f6b0f5d7f3a0").bytes_le
 *   base64.b64encode(b)  -> "C77CLVouG0ucYvaw9dfzoA=="
 *   b.hex()              -> "0bbec22d5a2e1b4b9c62f6b0f5d7f3a0"
 *   str(uuid.UUID(bytes_le=bytes.fromhex("0bbec22d5a2e1b4b9c62f6b0f5d7f3a0")))
 *                        -> "2dc2be0b-2e5a-4b1b-9c62-f6b0f5d7f3a0"
 * and uuid.UUID("0bbec22d5a2e1b4b9c62f6b0f5d7f3a0") (the same digits read
 * as the string form) -> "0bbec22d-5a2e-1b4b-9c62-f6b0f5d7f3a0".
 * bytes_le is Windows' stored order ([MS-DTYP] 2.3.4.2).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "base64.h"
#include "guid.h"
#include "testutil.h"
#include "xalloc.h"

#define G	"2dc2be0b-2e5a-4b1b-9c62-f6b0f5d7f3a0"
#define G_N	"0bbec22d-5a2e-1b4b-9c62-f6b0f5d7f3a0"

static const struct read_case {
	const char	*in;
	size_t		 n;		/* readings */
	enum guid_form	 form[2];
	const char	*guid[2];	/* each reading's string form */
	bool		 is_canonical;
} read_cases[] = {
	{ G, 1, { GUID_FORM_TEXT }, { G }, true },
	{ "{2DC2BE0B-2E5A-4B1B-9C62-F6B0F5D7F3A0}", 1, { GUID_FORM_TEXT },
	    { G }, true },
	{ "C77CLVouG0ucYvaw9dfzoA==", 1, { GUID_FORM_BASE64 }, { G }, true },
	{ "C77CLVouG0ucYvaw9dfzoA", 1, { GUID_FORM_BASE64_BARE }, { G },
	    true },
	/* The last digit's spare bits are not zero: same bytes, other text. */
	{ "C77CLVouG0ucYvaw9dfzoB==", 1, { GUID_FORM_BASE64 }, { G }, false },
	/* 32 bare digits: a hex dump, or the string form without dashes. */
	{ "0bbec22d5a2e1b4b9c62f6b0f5d7f3a0", 2,
	    { GUID_FORM_HEX, GUID_FORM_DIGITS }, { G, G_N }, true },
	{ "0BBEC22D5A2E1B4B9C62F6B0F5D7F3A0", 2,
	    { GUID_FORM_HEX, GUID_FORM_DIGITS }, { G, G_N }, true },
	/* All zero: both readings are the same bytes, so one. */
	{ "00000000000000000000000000000000", 1, { GUID_FORM_HEX },
	    { "00000000-0000-0000-0000-000000000000" }, true },
	{ "0B-BE-C2-2D-5A-2E-1B-4B-9C-62-F6-B0-F5-D7-F3-A0", 1,
	    { GUID_FORM_HEX }, { G }, true },
	{ "0b be c2 2d 5a 2e 1b 4b 9c 62 f6 b0 f5 d7 f3 a0", 1,
	    { GUID_FORM_HEX }, { G }, true },
	{ "0b:be:c2:2d:5a:2e:1b:4b:9c:62:f6:b0:f5:d7:f3:a0", 1,
	    { GUID_FORM_HEX }, { G }, true },
	{ "0x0B 0xBE 0xC2 0x2D 0x5A 0x2E 0x1B 0x4B 0x9C 0x62 0xF6 0xB0 0xF5 "
	    "0xD7 0xF3 0xA0", 1, { GUID_FORM_HEX }, { G }, true },
	{ "\\0b\\be\\c2\\2d\\5a\\2e\\1b\\4b\\9c\\62\\f6\\b0\\f5\\d7\\f3\\a0",
	    1, { GUID_FORM_LDAP }, { G }, true },
	{ "\\\\0B\\\\BE\\\\C2\\\\2D\\\\5A\\\\2E\\\\1B\\\\4B\\\\9C\\\\62\\\\F6"
	    "\\\\B0\\\\F5\\\\D7\\\\F3\\\\A0", 1, { GUID_FORM_LDAP }, { G }, true },
	{ "(objectGUID=\\0b\\be\\c2\\2d\\5a\\2e\\1b\\4b\\9c\\62\\f6\\b0\\f5\\d7"
	    "\\f3\\a0)", 1, { GUID_FORM_LDAP }, { G }, true },
	/* RFC 4515 lets printable bytes stand as themselves: 2d 5a 2e 4b 62. */
	{ "\\0b\\be\\c2-Z.\\1bK\\9cb\\f6\\b0\\f5\\d7\\f3\\a0", 1,
	    { GUID_FORM_LDAP }, { G }, true },
};

START_TEST(test_guid_read)
{
	const struct read_case	*c = &read_cases[_i];
	struct guid_reading	 r[GUID_MAX_READINGS];
	char			 text[GUID_TEXT_SIZE], why[128];
	size_t			 i, n;

	n = guid_read(c->in, strlen(c->in), GUID_READ_ALL, r, why,
	    sizeof(why));
	ck_assert_uint_eq(n, c->n);
	for (i = 0; i < n; i++) {
		ck_assert_str_eq(guid_form_name(r[i].form),
		    guid_form_name(c->form[i]));
		guid_format(r[i].bytes, text);
		ck_assert_str_eq(text, c->guid[i]);
		ck_assert(r[i].is_canonical == c->is_canonical);
	}
}
END_TEST

static const struct bad_case {
	const char	*in;
	const char	*why;		/* a part of the reason given */
} bad_cases[] = {
	{ "", "empty" },
	{ "2dc2be0b-2e5a-4b1b-9c62-f6b0f5d7f3a", "31 hex digits" },
	{ "2dc2be0b2e5a-4b1b-9c62-f6b0f5d7f3a0", "grouped neither" },
	{ "0b-be:c2-2d-5a-2e-1b-4b-9c-62-f6-b0-f5-d7-f3-a0", "grouped neither" },
	{ "0x0b-0xbe-0xc2-0x2d-0x5a-0x2e-0x1b-0x4b-0x9c-0x62-0xf6-0xb0-0xf5-"
	    "0xd7-0xf3-0xa0", "not a GUID" },
	{ "Zm9v", "base64 of 3 bytes" },
	{ "C77CLVouG0ucYvaw9dfzoA=", "padding" },
	{ "C77CLVouG0ucYvaw9dfz!A==", "not a GUID" },
	{ "ann@contoso.com", "not a GUID" },
	{ "\\0b\\be", "16 bytes" },
	/* One escape doubled, the others not. */
	{ "\\\\0b\\be\\c2\\2d\\5a\\2e\\1b\\4b\\9c\\62\\f6\\b0\\f5\\d7\\f3\\a0",
	    "16 bytes" },
	{ "\\0b\\be\\c2\\2d\\5a\\2e\\1b\\4b\\9c\\62\\f6\\b0\\f5\\d7\\f3\\a0\\00",
	    "16 bytes" },
	/* Sixteen plain characters are text, not an LDAP value. */
	{ "(objectGUID=abcdefghijklmnop)", "not a GUID" },
	{ "(=\\0b\\be\\c2\\2d\\5a\\2e\\1b\\4b\\9c\\62\\f6\\b0\\f5\\d7\\f3\\a0)",
	    "16 bytes" },
};

START_TEST(test_guid_read_refused)
{
	const struct bad_case	*c = &bad_cases[_i];
	struct guid_reading	 r[GUID_MAX_READINGS];
	char			 why[128] = "";

	ck_assert_uint_eq(guid_read(c->in, strlen(c->in), GUID_READ_ALL, r,
	    why, sizeof(why)), 0);
	ck_assert_msg(strstr(why, c->why) != NULL, "'%s': reason '%s'",
	    c->in, why);
}
END_TEST

/* The forms argument limits what is tried, ambiguity included. */
START_TEST(test_guid_read_forms)
{
	struct guid_reading	r[GUID_MAX_READINGS];
	const char		*digits = "0bbec22d5a2e1b4b9c62f6b0f5d7f3a0";

	ck_assert_uint_eq(guid_read(digits, 32,
	    GUID_READ(GUID_FORM_TEXT) | GUID_READ(GUID_FORM_BASE64), r,
	    NULL, 0), 0);
	ck_assert_uint_eq(guid_read(digits, 32, GUID_READ(GUID_FORM_DIGITS),
	    r, NULL, 0), 1);
	ck_assert_int_eq(r[0].form, GUID_FORM_DIGITS);
	ck_assert_uint_eq(guid_read("C77CLVouG0ucYvaw9dfzoA", 22,
	    GUID_READ(GUID_FORM_BASE64), r, NULL, 0), 0);
}
END_TEST

START_TEST(test_guid_format_forms)
{
	unsigned char	bytes[GUID_SIZE];
	char		hex[GUID_HEX_SIZE], ldap[GUID_LDAP_SIZE];
	char		b64[BASE64_ENCODED_SIZE(GUID_SIZE)];

	ck_assert(guid_parse(G, 36, bytes));
	guid_format_hex(bytes, hex);
	ck_assert_str_eq(hex, "0b be c2 2d 5a 2e 1b 4b 9c 62 f6 b0 f5 d7 f3 a0");
	guid_format_ldap(bytes, ldap);
	ck_assert_str_eq(ldap,
	    "\\0b\\be\\c2\\2d\\5a\\2e\\1b\\4b\\9c\\62\\f6\\b0\\f5\\d7\\f3\\a0");
	base64_encode(bytes, GUID_SIZE, b64);
	ck_assert_str_eq(b64, "C77CLVouG0ucYvaw9dfzoA==");
}
END_TEST

/* MS-DTYP's own illustration of the order: 00 11 22 ... ff stored. */
START_TEST(test_guid_byte_order)
{
	static const unsigned char stored[GUID_SIZE] = {
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
		0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff
	};
	unsigned char	bytes[GUID_SIZE];
	char		text[GUID_TEXT_SIZE];

	guid_format(stored, text);
	ck_assert_str_eq(text, "33221100-5544-7766-8899-aabbccddeeff");
	ck_assert(guid_parse(text, 36, bytes));
	ck_assert_mem_eq(bytes, stored, GUID_SIZE);
	/* formats.md 1.6: the worked example, both directions. */
	ck_assert(guid_parse("0c4b6a1e-5f2d-4e8a-9b7c-1d2e3f405162", 36,
	    bytes));
	guid_format(bytes, text);
	ck_assert_str_eq(text, "0c4b6a1e-5f2d-4e8a-9b7c-1d2e3f405162");
	ck_assert(!guid_parse("0c4b6a1e-5f2d-4e8a-9b7c-1d2e3f40516", 35,
	    bytes));
	ck_assert(!guid_parse("0c4b6a1e_5f2d-4e8a-9b7c-1d2e3f405162", 36,
	    bytes));
	ck_assert(!guid_parse("0c4b6a1e-5f2d-4e8a-9b7c-1d2e3f40516g", 36,
	    bytes));
}
END_TEST

static Suite *
guid_suite(void)
{
	Suite	*s = suite_create("guid");
	TCase	*tc = tcase_create("core");

	tcase_add_loop_test(tc, test_guid_read, 0, ARRAY_SIZE(read_cases));
	tcase_add_loop_test(tc, test_guid_read_refused, 0,
	    ARRAY_SIZE(bad_cases));
	tcase_add_test(tc, test_guid_read_forms);
	tcase_add_test(tc, test_guid_format_forms);
	tcase_add_test(tc, test_guid_byte_order);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(guid_suite());
}
