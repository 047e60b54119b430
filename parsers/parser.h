/*
 * The contract between input parsers and the rest of syncdoctor: a parser
 * turns bytes into records and hands each to a callback.  It knows nothing
 * of objects, rules or reports; problems go to struct diag.  Each input
 * format is one descriptor in the input_formats[] table (parsers/formats.c).
 */
#ifndef SD_PARSER_H
#define SD_PARSER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "inlimits.h"

/* Flags on one attribute value. */
enum attr_flags {
	ATTR_BASE64	= (1 << 0),	/* came as 'name:: base64' */
	ATTR_BINARY	= (1 << 1),	/* had the ;binary option */
	ATTR_TRUNCATED	= (1 << 2),	/* ;range= retrieval never reached '*' */
	ATTR_UNAVAILABLE = (1 << 3),	/* ':<' URL refused: no value bytes */
	ATTR_NULL	= (1 << 4),	/* cloud: property present but null */
	/*
	 * Checked and measured, not decoded (struct limits' measured): value
	 * is "" and len the size of the decoded bytes.
	 */
	ATTR_MEASURED	= (1 << 5)
};

/*
 * One value of one attribute.  A multi-valued attribute is several attrs
 * with the same name, in file order; ;range= pieces arrive already merged
 * under the base name.  name is the attribute's base name as found, with
 * its options removed: compare it with strcasecmp().
 */
struct attr {
	const char	*name;		/* NUL-terminated */
	const char	*value;		/* decoded bytes, NUL after len; "" when
					   ATTR_MEASURED */
	size_t		 len;
	unsigned	 flags;		/* enum attr_flags */
	unsigned long	 line;		/* where the value's line starts */
};

struct record {
	const char		*file;	/* path as given on the command line */
	unsigned long		 line;	/* where the record starts */
	const char		*dn;	/* LDIF: the entry's DN; cloud: NULL */
	const struct attr	*attrs;
	size_t			 nattrs;
};

/*
 * Called once per accepted record.  Everything *rec points to is borrowed
 * and reused after the call returns: copy or intern what you keep.  A
 * nonzero return stops the parse, which then returns -1.
 */
typedef int (*record_fn)(const struct record *rec, void *arg);

/*
 * Cloud parsers emit Microsoft Graph property names (camelCase) whatever
 * the column or property was called in the file (ObjectId, Object Id and
 * id all become "id").  These are the names the loader understands; an
 * unknown column is passed through under its own name.
 */
#define CLOUD_ID		"id"
#define CLOUD_OBJECT_TYPE	"objectType"	/* user, group, contact */
#define CLOUD_UPN		"userPrincipalName"
#define CLOUD_MAIL		"mail"
#define CLOUD_MAIL_NICKNAME	"mailNickname"
#define CLOUD_PROXY		"proxyAddresses"	/* one attr per value */
#define CLOUD_DISPLAY_NAME	"displayName"
#define CLOUD_GIVEN_NAME	"givenName"
#define CLOUD_SURNAME		"surname"
#define CLOUD_IMMUTABLE_ID	"onPremisesImmutableId"
#define CLOUD_SYNC_ENABLED	"onPremisesSyncEnabled"	/* true/false/"" */
#define CLOUD_ONPREM_SID	"onPremisesSecurityIdentifier"
#define CLOUD_ONPREM_DN		"onPremisesDistinguishedName"
/* Graph beta: the on-premises objectGUID a synced user is mapped to. */
#define CLOUD_ONPREM_OBJECT_ID	"onPremisesObjectIdentifier"
#define CLOUD_ONPREM_UPN	"onPremisesUserPrincipalName"
#define CLOUD_ONPREM_SAM	"onPremisesSamAccountName"
#define CLOUD_LAST_SYNC		"onPremisesLastSyncDateTime"
#define CLOUD_ACCOUNT_ENABLED	"accountEnabled"		/* true/false */
#define CLOUD_USER_TYPE		"userType"		/* Member, Guest */
#define CLOUD_MAIL_ENABLED	"mailEnabled"
#define CLOUD_SECURITY_ENABLED	"securityEnabled"
#define CLOUD_GROUP_TYPES	"groupTypes"		/* one attr per value */
/*
 * One attr per provisioning error, value "property\tvalue\tcategory\twhen"
 * (Graph onPremisesProvisioningErrors, MSOnline DirSyncProvisioningErrors).
 */
#define CLOUD_PROV_ERROR	"provisioningError"

/* Admin role inputs (--roles): one record per (role, member). */
#define ROLE_NAME		"roleName"
#define ROLE_MEMBER_ID		"memberId"
#define ROLE_MEMBER_UPN		"memberUserPrincipalName"
#define ROLE_TEMPLATE_ID	"roleTemplateId"	/* or a definition id */
#define ROLE_DIR_SCOPE		"directoryScopeId"	/* "/", an AU, ... */
#define ROLE_APP_SCOPE		"appScopeId"	/* a catalog: not directory */
#define ROLE_PROVIDER		"roleProvider"	/* RBAC provider of the page */

/* Domain inputs (--domains): one record per domain. */
#define DOMAIN_NAME		"id"
#define DOMAIN_VERIFIED		"isVerified"	/* true/false */
#define DOMAIN_INITIAL		"isInitial"
#define DOMAIN_DEFAULT		"isDefault"
#define DOMAIN_AUTH		"authenticationType"	/* Managed/Federated */

/* What the records of an input describe. */
enum input_content {
	CONTENT_OBJECTS,	/* directory objects (either side) */
	CONTENT_ROLES,		/* admin role membership */
	CONTENT_DOMAINS		/* tenant domains */
};

struct input_format {
	const char	*name;		/* "ldif", "graph-csv", ... */
	const char	*side;		/* "onprem", "cloud" or "tenant" */
	/*
	 * Look at the first bytes of a file (UTF-8, BOM removed) and answer
	 * how sure this format is that they are its own: 0 not mine, 1..100.
	 */
	int		(*sniff)(const char *head, size_t len);
	/*
	 * What a file of this format describes, from the same first bytes:
	 * a domains or role-membership export is told by its columns, its
	 * type name or its @odata.context.  NULL: directory objects.
	 */
	enum input_content (*sniff_content)(const char *head, size_t len);
	/*
	 * Parse in from its current position; file names the input in
	 * messages and records.  Returns 0 when the end was reached (bad
	 * records are reported and skipped, not fatal), -1 when the input
	 * could not be read on or emit asked to stop.
	 */
	int		(*parse)(FILE *in, const char *file,
			    const struct limits *lim, struct diag *dg,
			    enum input_content content, record_fn emit,
			    void *arg);
};

/* All formats, NULL-terminated (parsers/formats.c). */
extern const struct input_format *const input_formats[];

const struct input_format *input_format_find(const char *name);

#endif /* SD_PARSER_H */
