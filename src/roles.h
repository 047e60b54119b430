/*
 * The built-in Microsoft Entra directory roles by template id, so that a
 * role export carrying only ids still names its roles.  Not a list of
 * the tenant's roles: custom roles have ids of their own and keep them.
 */
#ifndef SD_ROLES_H
#define SD_ROLES_H

/*
 * The display name of the built-in directory role whose template id
 * (any case) is id, e.g. "Global Administrator" for
 * 62e90394-69f5-4237-9190-012177145e10; NULL for any other string.  The
 * name is static.
 */
const char	*role_template_name(const char *id);

#endif /* SD_ROLES_H */
