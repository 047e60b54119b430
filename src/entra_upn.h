/*
 * The UPN Entra ID holds for a user whose own it cannot take, in one
 * place: matching, uniqueness, the IdentityDataValidationFailed finding,
 * proposed values and `objects --predict` all call it, so they agree.
 * Microsoft's UPN planning page (plan-connect-userprincipalname): when the
 * suffix is not a verified domain (or the UPN is unusable), Entra ID
 * writes <MailNickName>@<initial domain>, MailNickName being on first sync
 * the on-premises mailNickname, else the local part of the primary SMTP
 * address, mail, the UPN, a secondary SMTP address.
 */
#ifndef SD_ENTRA_UPN_H
#define SD_ENTRA_UPN_H

#include <stdbool.h>
#include <stddef.h>

#include "table.h"

/*
 * The part of address s before '@', spaces trimmed: its first byte, with
 * its length in *len; NULL when empty.  Points into s.
 */
const char *entra_local_part(const char *s, size_t *len);

/* The suffix no public DNS delegates (.local, .corp, a bare host name)? */
bool	entra_upn_is_private_suffix(const char *suffix);

/*
 * s (n bytes) as an Exchange alias: every character an alias may not
 * hold (anything but ASCII letters, digits and RFC 5322 atext) becomes
 * one '_'.  A new string; free() it.
 */
char	*entra_alias_clean(const char *s, size_t n);

/*
 * The alias Entra ID derives for o on first sync, cleaned; a new string,
 * or NULL when o has none of the attributes it is taken from.
 */
char	*entra_alias(const struct object *o);

/*
 * <alias>@<initial> for o, or NULL without an alias; initial NULL gives
 * "<tenant>.onmicrosoft.com".  A new string; free() it.
 */
char	*entra_moera_upn(const struct object *o, const char *initial);

#endif /* SD_ENTRA_UPN_H */
