/*
 * What IdentityDataValidationFailed (identity_validation.c) reports, for
 * the IdFix-parity rules: they check what it does not, and skip a value it
 * already reports, so no object, attribute and value is reported twice.
 */
#ifndef SD_IDENTITY_VALIDATION_H
#define SD_IDENTITY_VALIDATION_H

#include <stdbool.h>

/*
 * Whether IdentityDataValidationFailed reports value of attribute
 * ("proxyAddresses", "mail", "targetAddress", "mailNickname",
 * "displayName", "givenName", "sn") on an object in sync scope.  False for
 * other attributes, and for NULL or empty values, which it never judges.
 */
bool	identity_reports_value(const char *attribute, const char *value);

#endif /* SD_IDENTITY_VALIDATION_H */
