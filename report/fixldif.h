/*
 * --fix-ldif: the on-premises changes whose remedy is certain, as an RFC
 * 2849 change file (changetype: modify) for review and `ldapmodify -f` or
 * `ldifde -i -f`, and the file that undoes them.  Each rule's .fix plans
 * the changes for its findings (rules/fix.h); this module writes them,
 * drops a change an earlier finding already wrote, and writes the undo
 * file.  Everything else needs a person's decision and is only counted.
 * Not for the cloud side.
 */
#ifndef SD_FIXLDIF_H
#define SD_FIXLDIF_H

#include <stddef.h>
#include <stdio.h>

#include "analysis.h"
#include "baseline.h"
#include "table.h"

struct fixldif_stats {
	size_t	nfixed;		/* findings with changes written */
	size_t	nchanges;	/* change records written */
	size_t	ndecision;	/* error and warning findings left to people */
	size_t	ncertificates;	/* of those, LargeObject certificate ones */
};

/*
 * Write the changes for an's findings to fix and the records undoing
 * them, in reverse order, to undo; each change is preceded by a comment
 * naming its finding (with its id from marks, which may be NULL).  Values
 * and DNs are base64 when not SAFE-STRING; lines are folded at 76
 * columns.  t must be the table an was made from.  Never fails: write
 * errors are the caller's to check on the streams.
 */
void	fixldif_write(FILE *fix, FILE *undo, const struct analysis *an,
	    const struct table *t, const struct baseline_marks *marks,
	    struct fixldif_stats *st);

#endif /* SD_FIXLDIF_H */
