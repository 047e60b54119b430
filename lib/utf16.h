/*
 * UTF-16 to UTF-8, block by block, for the exports Windows writes in
 * UTF-16 (ldifde -u, Windows PowerShell 5.1's Export-Csv -Encoding Unicode
 * and Export-Clixml).  Plain C, the same on every platform: no iconv.  Not
 * a general transcoder: nothing else is read but UTF-8.
 */
#ifndef SD_UTF16_H
#define SD_UTF16_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Decode the UTF-16 in in[0..len) (big-endian when is_big_endian, else
 * little-endian; no BOM handling: U+FEFF is a character here) into out,
 * which must have room for 3 * len / 2 + 4 bytes.  Returns the number of
 * bytes written.  *used is how many input bytes were decoded: a last odd
 * byte or a high surrogate whose pair is not in this block is left for
 * the caller to carry into the next block.
 *
 * An unpaired surrogate stops the decoding: *is_invalid is set and *used
 * is the offset of the bad unit.  At the end of the input, bytes left
 * over (used < len) are invalid too: that check is the caller's.
 */
size_t	utf16_to_utf8(const unsigned char *in, size_t len, bool is_big_endian,
	    char *out, size_t *used, bool *is_invalid);

#endif /* SD_UTF16_H */
