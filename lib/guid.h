/*
 * The 16 bytes of a GUID-based source anchor (objectGUID,
 * mS-DS-ConsistencyGuid, an Entra immutableId) and every text form people
 * write them in: the GUID string, base64, hex and LDAP filter escapes.
 * Not for anchors of other lengths (a custom sourceAnchor is base64 of
 * any bytes: lib/base64.h).
 *
 * Byte order is the one trap.  Windows stores a GUID as its packet
 * representation ([MS-DTYP] 2.3.4.2): Data1 (4 bytes), Data2 and Data3
 * (2 bytes each) little-endian, then Data4's 8 bytes as they are.  The
 * string form ([MS-DTYP] 2.3.4.3) prints Data1..Data3 as numbers, so the
 * stored bytes 00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff read
 * "33221100-5544-7766-8899-aabbccddeeff".  objectGUID in LDIF, the base64
 * of an immutableId, hex dumps and LDAP escapes are all the stored bytes.
 * (MS-DTYP: learn.microsoft.com/openspecs/windows_protocols/ms-dtyp,
 * 2.3.4 GUID and UUID.)
 */
#ifndef SD_GUID_H
#define SD_GUID_H

#include <stdbool.h>
#include <stddef.h>

#define GUID_SIZE	16
/* "0c4b6a1e-5f2d-4e8a-9b7c-1d2e3f405162" and its NUL. */
#define GUID_TEXT_SIZE	37
/* "1e 6a 4b 0c ... 62": 16 pairs, 15 spaces and a NUL. */
#define GUID_HEX_SIZE	48
/* "\1e\6a\4b\0c...\62": 16 escapes of 3 characters and a NUL. */
#define GUID_LDAP_SIZE	49

/*
 * Parse a GUID string "0c4b6a1e-5f2d-4e8a-9b7c-1d2e3f405162", braces
 * optional, digits in either case, into the 16 stored bytes.
 */
bool	guid_parse(const char *s, size_t len, unsigned char out[GUID_SIZE]);

/* 16 stored bytes as the 36-character string form, lower case. */
void	guid_format(const unsigned char in[GUID_SIZE],
	    char out[GUID_TEXT_SIZE]);

/* 16 stored bytes in order, as lower-case hex pairs separated by spaces. */
void	guid_format_hex(const unsigned char in[GUID_SIZE],
	    char out[GUID_HEX_SIZE]);

/*
 * 16 stored bytes as the value of an LDAP filter (RFC 4515): every byte
 * escaped as \xx, so "(objectGUID=" out ")" finds the object.
 */
void	guid_format_ldap(const unsigned char in[GUID_SIZE],
	    char out[GUID_LDAP_SIZE]);

/* The forms guid_read() recognises. */
enum guid_form {
	GUID_FORM_TEXT,		/* 8-4-4-4-12 digits, braces optional */
	GUID_FORM_DIGITS,	/* the string form's 32 digits, no dashes */
	GUID_FORM_BASE64,	/* 24 characters ending "==" (immutableId) */
	GUID_FORM_BASE64_BARE,	/* the same without its "==" (22) */
	GUID_FORM_HEX,		/* the stored bytes in order, 32 digits */
	GUID_FORM_LDAP,		/* RFC 4515 \xx escapes, 16 bytes */
	GUID_FORM_MAX
};

/* A set of forms for guid_read(): GUID_READ(GUID_FORM_TEXT) | ... */
#define GUID_READ(form)	(1u << (form))
#define GUID_READ_ALL	((1u << GUID_FORM_MAX) - 1)

/* At most two forms fit one string: 32 bare hex digits (HEX, DIGITS). */
#define GUID_MAX_READINGS	2

struct guid_reading {
	enum guid_form	form;
	unsigned char	bytes[GUID_SIZE];
	/*
	 * Base64 only: false when the bits past the last byte are not zero
	 * (RFC 4648 3.5), so encoding the bytes again gives other text.
	 */
	bool		is_canonical;
};

/*
 * Read s (len bytes, no blanks around it) in each form of forms it can be
 * read as, into out[], and return how many readings there are.  Two
 * readings mean s is ambiguous: 32 hex digits without separators are both
 * a hex dump of the stored bytes and the string form's digits without
 * dashes ([guid]::ToString('N')); readings that give the same bytes count
 * once.  Hex is 32 digits, bare or in pairs each separated by the same one
 * of ' ', '-' or ':' (BitConverter prints "1E-6A-..."), a pair optionally
 * "0x"-prefixed with ' ' between them ("0x1e 0x6a ...").  The string form
 * with its dashes is read only as a GUID string.  LDAP escapes are \xx or,
 * as a C or JSON string shows them, \\xx; bytes may also be plain
 * characters (RFC 4515), and "(attribute=...)" around them is allowed.
 * Returns 0 when s is none of these and, if why is not NULL, writes
 * there (at most why_size bytes) what was wrong, as a phrase.
 */
size_t	guid_read(const char *s, size_t len, unsigned forms,
	    struct guid_reading out[GUID_MAX_READINGS],
	    char *why, size_t why_size);

/* A form's stable name ("guid", "base64", ...), for JSON and tests. */
const char	*guid_form_name(enum guid_form form);

#endif /* SD_GUID_H */
