/*
 * Sync scope: which on-premises users, groups and contacts Entra Connect's
 * out-of-box "In from AD" sync rules bring into the metaverse and export,
 * decided here and nowhere else.  Each exclusion names the rule and the
 * scoping condition it comes from (concept-azure-ad-connect-sync-default-
 * configuration; docs/behaviour.md lists them with their tests).
 *
 * Two steps, for some conditions need the whole file: an absent attribute
 * only excludes an object when the file exports that attribute at all
 * (an ldapsearch that did not ask for sAMAccountName is not a directory
 * of users without one).  scope_decide() runs per record while loading;
 * scope_decide_file() runs once the file is read, over the objects whose
 * decision waited on it, and says what it could not decide.
 */
#ifndef SD_SCOPE_H
#define SD_SCOPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "table.h"

/*
 * The group member limit Entra ID enforces on a group's first sync:
 * 250,000 through the V2 endpoint (Connect 2.x); 50,000 before it.
 */
#define SCOPE_MEMBER_LIMIT	250000UL
#define SCOPE_MEMBER_LIMIT_V1	50000UL

/* What a record says about scope beyond the object's own fields. */
struct scope_facts {
	bool			 is_deleted;
	const char		*admin_description;	/* NULL: absent */
	enum tristate		 hide_from_address_lists;
};

/* Which attributes one on-premises file exports at all. */
struct scope_presence {
	bool			 sam_account_name;
	bool			 group_type;
	bool			 mail;		/* mail or proxyAddresses */
	bool			 member;
	bool			 recipient_type;
	unsigned long		 ngroups;
};

/*
 * One file's scope state: what it exports, and where its objects begin
 * in the table (objects whose decision waits on the file are marked
 * is_scope_pending, so nothing is allocated for them).
 */
struct scope_pending {
	size_t			  first;	/* table index of the first */
	struct scope_presence	  presence;
};

/*
 * Decide o's scope from its own fields and f (o's type is set).  An
 * object whose decision needs the file's presence is left in scope and
 * marked is_scope_pending.  member_limit is the group member limit.  A
 * cloud object is always in scope.
 */
void	scope_decide(struct table *t, struct object *o,
	    const struct scope_facts *f, unsigned long member_limit,
	    struct scope_pending *pending);

/*
 * Settle the file's pending objects now the file (named file) is read,
 * and record in t what could not be decided for want of an attribute in
 * the export (table_add_limitation).
 */
void	scope_decide_file(struct table *t, const char *file,
	    struct scope_pending *pending);

/*
 * Once every input is loaded and t indexed, the joins of the metaverse:
 * contacts join on mail (In from AD - Contact Join): a contact whose mail
 * an in-scope user has, or an earlier contact, becomes part of that
 * object and is not exported on its own (a joined user wins).  Users of
 * different forests (input files) join as table_forest_join() says: the
 * later one, or for SIDs the resource-forest mailbox, joins the other.
 * A joined object is SCOPE_JOINED with a note naming its partner.
 * Returns how many objects were joined.
 */
size_t	scope_join(struct table *t);

/* Is o mail-enabled as the default rules test it (mail or an smtp: proxy)? */
bool	scope_is_mail_enabled(const struct object *o);

#endif /* SD_SCOPE_H */
