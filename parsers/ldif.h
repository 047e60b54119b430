/*
 * LDIF content files (RFC 2849) as ldifde, ldapsearch and Samba ldbsearch
 * write them: the on-premises side of syncdoctor.  Streams records to a
 * callback; never opens a URL or file an input names.
 */
#ifndef SD_LDIF_H
#define SD_LDIF_H

#include <stddef.h>
#include <stdio.h>

#include "parser.h"

extern const struct input_format input_format_ldif;

/* How sure the first bytes are LDIF: 0..100 (see struct input_format). */
int	ldif_sniff(const char *head, size_t len);

/*
 * Parse LDIF from in, emitting each content record.  content is ignored
 * (LDIF always holds objects).  See struct input_format for the return.
 */
int	ldif_parse(FILE *in, const char *file, const struct limits *lim,
	    struct diag *dg, enum input_content content, record_fn emit,
	    void *arg);

#endif /* SD_LDIF_H */
