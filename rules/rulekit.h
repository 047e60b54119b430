/*
 * Small helpers every rule shares: which objects Entra Connect exports,
 * how remediation text names an object, and the PowerShell pieces the
 * numbered steps quote.  Rules only; nothing here reads input or prints.
 */
#ifndef SD_RULEKIT_H
#define SD_RULEKIT_H

#include <stdbool.h>

#include "table.h"

/* An on-premises object in sync scope: Entra Connect exports it. */
bool		 rulekit_is_exported(const struct object *o);

/* How steps and summaries name o: DN, else UPN, display name or id. */
const char	*rulekit_object_name(const struct object *o);

/* The AD module cmdlet that edits objects of o's type (Set-ADUser, ...). */
const char	*rulekit_set_cmdlet(const struct object *o);

/*
 * s with every ' doubled, for a single-quoted PowerShell string.  The
 * caller owns the result and frees it with free().
 */
char		*rulekit_ps_quote(const char *s);

#endif /* SD_RULEKIT_H */
