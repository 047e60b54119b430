/*
 * Sync scope as the out-of-box "In from AD" sync rules decide it; see
 * scope.h.  The conditions and their rules are from Microsoft's page on
 * the default configuration (concept-azure-ad-connect-sync-default-
 * configuration) and the rules' own scoping filters and cloudFiltered
 * flows as Connect exports them; docs/behaviour.md has the links.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scope.h"
#include "xalloc.h"

/* groupType bit: a security group ([MS-ADTS] 2.2.12). */
#define GROUP_TYPE_SECURITY	((int32_t)0x80000000)

/*
 * msExchRecipientTypeDetails masks of the default rules: users whose
 * value has a bit of 0x21C07000 (public folder, system attendant, system
 * and arbitration mailboxes, mailbox plan, discovery mailbox) are not
 * synchronised; groups with 0x40000000 are Exchange role groups.
 */
#define RTD_USER_SYSTEM_MASK	0x21C07000ULL
#define RTD_ROLE_GROUP		0x40000000ULL
#define RTD_LINKED_MAILBOX	0x2ULL

static bool
starts_with_ci(const char *s, const char *prefix)
{
	return s != NULL && strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static bool
contains_ci(const char *s, const char *needle)
{
	size_t	n = strlen(needle);
	char	first[3];

	/* Compare only where the first character is: DNs are long. */
	first[0] = (char)tolower((unsigned char)needle[0]);
	first[1] = (char)toupper((unsigned char)needle[0]);
	first[2] = '\0';
	for (; s != NULL && (s = strpbrk(s, first)) != NULL; s++)
		if (strncasecmp(s, needle, n) == 0)
			return true;
	return false;
}

/* Is s hex digits and dashes only (a GUID's text)? */
static bool
is_guid_tail(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!isxdigit((unsigned char)*s) && *s != '-')
			return false;
	return true;
}

/*
 * Is the DN's first component a replication conflict ("\0ACNF:")?  The
 * rules test the first RDN only: a child of a conflict OU is exported.
 */
static bool
is_conflict_rdn(const char *dn)
{
	const char	*p;

	for (p = dn; p != NULL && *p != '\0' && *p != ','; p++) {
		if (*p != '\\')
			continue;
		if (strncasecmp(p, "\\0ACNF:", 7) == 0)
			return true;
		if (p[1] != '\0')
			p++;
	}
	return false;
}

/*
 * Exchange's discovery and arbitration mailboxes, for an export without
 * msExchRecipientTypeDetails: DiscoverySearchMailbox{...},
 * FederatedEmail.<guid>, Migration.<guid>.  Their recipient types are in
 * the 0x21C07000 mask the rules test; exact shapes only.  Health
 * mailboxes (monitoring, 0x8000000000) are outside that mask: the default
 * rules export them, and so they stay in scope.
 */
static bool
is_exchange_system_name(const char *s)
{
	if (s == NULL)
		return false;
	return starts_with_ci(s, "DiscoverySearchMailbox{") ||
	    (starts_with_ci(s, "FederatedEmail.") && strlen(s) == 15 + 36 &&
	    is_guid_tail(s + 15)) ||
	    (starts_with_ci(s, "Migration.") && strlen(s) == 10 + 36 &&
	    is_guid_tail(s + 10));
}

/* CAS_ and a '}' in the name: Exchange's CAS system mailboxes. */
static bool
is_cas_mailbox(const char *s)
{
	return starts_with_ci(s, "CAS_") && strchr(s, '}') != NULL;
}

/* Why a user is excluded by the User rules' filters, or NULL. */
static const char *
user_filter(const struct object *o, const struct scope_facts *f)
{
	/* inetOrgPerson has rules of its own, without this filter. */
	if (starts_with_ci(f->admin_description, "User_") &&
	    (o->object_class == NULL ||
	    strcasecmp(o->object_class, "inetOrgPerson") != 0))
		return "adminDescription starts with 'User_' (In from AD - "
		    "User Join scoping filter)";
	if (starts_with_ci(o->sam_account_name, "MSOL_") ||
	    starts_with_ci(o->sam_account_name, "AAD_"))
		return "Entra Connect service account: sAMAccountName starts "
		    "with AAD_ or MSOL_ (In from AD - User Common, "
		    "cloudFiltered)";
	if (o->sam_account_name != NULL &&
	    strcasecmp(o->sam_account_name, "SUPPORT_388945a0") == 0)
		return "built-in support account SUPPORT_388945a0 (In from AD "
		    "- User Common, cloudFiltered)";
	if (starts_with_ci(o->mail_nickname, "SystemMailbox{") ||
	    is_cas_mailbox(o->mail_nickname) ||
	    is_cas_mailbox(o->sam_account_name))
		return "Exchange system mailbox: mailNickname SystemMailbox{ "
		    "or CAS_...} (In from AD - User Common, cloudFiltered)";
	if (o->has_recipient_type &&
	    (object_recipient_type_details(o) & RTD_USER_SYSTEM_MASK) != 0)
		return "Exchange system mailbox: msExchRecipientTypeDetails "
		    "has a bit of 0x21C07000 (In from AD - User Common, "
		    "cloudFiltered)";
	if (o->has_recipient_type &&
	    object_recipient_type_details(o) == RTD_LINKED_MAILBOX)
		return "linked mailbox (msExchRecipientTypeDetails 2): it "
		    "contributes no sourceAnchor and provisions only when "
		    "its account-forest user joins it (In from AD - User "
		    "Join); export that forest too";
	if (!o->has_recipient_type &&
	    (is_exchange_system_name(o->mail_nickname) ||
	    is_exchange_system_name(o->sam_account_name)))
		return "Exchange discovery or arbitration mailbox, recognised "
		    "by its name (the export lacks msExchRecipientTypeDetails, "
		    "whose 0x21C07000 bits the In from AD - User Common rule "
		    "filters)";
	return NULL;
}

/* Why a group is excluded, or NULL (member limit and mail: see below). */
static const char *
group_filter(const struct object *o, const struct scope_facts *f)
{
	if (starts_with_ci(f->admin_description, "Group_"))
		return "adminDescription starts with 'Group_' (In from AD - "
		    "Group Join scoping filter)";
	if (o->has_recipient_type &&
	    (object_recipient_type_details(o) & RTD_ROLE_GROUP) != 0)
		return "Exchange role group: msExchRecipientTypeDetails has "
		    "0x40000000 (In from AD - Group Common, cloudFiltered)";
	if (o->sam_account_name != NULL &&
	    strcasecmp(o->sam_account_name, "MSOL_AD_Sync_RichCoexistence") ==
	    0)
		return "Entra Connect's own group MSOL_AD_Sync_RichCoexistence "
		    "(In from AD - Group Common, cloudFiltered)";
	return NULL;
}

/* Why a contact is excluded, or NULL (mail: see below). */
static const char *
contact_filter(const struct object *o, const struct scope_facts *f)
{
	if (is_cas_mailbox(o->mail_nickname))
		return "Exchange system object: mailNickname CAS_...} (In "
		    "from AD - Contact Common, cloudFiltered)";
	if (o->display_name != NULL && strstr(o->display_name, "(MSOL)") &&
	    f->hide_from_address_lists == TRI_TRUE)
		return "displayName holds '(MSOL)' and the contact is hidden "
		    "from address lists (In from AD - Contact Common, "
		    "cloudFiltered)";
	return NULL;
}

bool
scope_is_mail_enabled(const struct object *o)
{
	size_t	i;

	for (i = 0; i < o->nproxy_addresses; i++)
		if (strncasecmp(o->proxy_addresses[i], "smtp:", 5) == 0 &&
		    strchr(o->proxy_addresses[i], '@') != NULL)
			return true;
	return o->mail != NULL && strchr(o->mail, '@') != NULL;
}

static bool
is_distribution_group(const struct object *o)
{
	return o->rare->has_group_type &&
	    (o->rare->group_type & GROUP_TYPE_SECURITY) == 0;
}

/* Does o's decision wait on what the whole file exports? */
static bool
waits_on_file(const struct object *o)
{
	switch (o->type) {
	case OBJ_USER:
		return o->sam_account_name == NULL;
	case OBJ_GROUP:
		return is_distribution_group(o) && !scope_is_mail_enabled(o);
	case OBJ_CONTACT:
		return !scope_is_mail_enabled(o);
	default:
		return false;
	}
}

static void
exclude(struct table *t, struct object *o, enum scope scope,
    const char *note)
{
	o->scope = scope;
	if (note != NULL)
		table_rare(t, o)->scope_note = note;
}

static void
note_presence(struct scope_presence *p, const struct object *o)
{
	p->sam_account_name |= o->sam_account_name != NULL;
	p->mail |= o->mail != NULL || o->nproxy_addresses > 0;
	p->recipient_type |= o->has_recipient_type;
	if (o->type != OBJ_GROUP)
		return;
	p->ngroups++;
	p->group_type |= o->rare->has_group_type;
	p->member |= o->rare->nmembers > 0;
}

/* The first scoping decisions, in the order Connect's filters apply. */
static const char *
system_exclusion(const struct object *o, enum scope *scope)
{
	*scope = SCOPE_SYSTEM;
	if (is_conflict_rdn(o->dn))
		return "replication conflict object (CNF in its first DN "
		    "component; the default rules' cloudFiltered flows)";
	return NULL;
}

void
scope_decide(struct table *t, struct object *o, const struct scope_facts *f,
    unsigned long member_limit, struct scope_pending *pending)
{
	const char	*note = NULL;
	enum scope	 scope;

	if (o->side != SIDE_ONPREM) {
		/* The sync rules scope what Connect exports, not the cloud. */
		o->scope = SCOPE_IN;
		return;
	}
	if (f->is_deleted || contains_ci(o->dn, "\\0ADEL:")) {
		exclude(t, o, SCOPE_DELETED, NULL);
		return;
	}
	if (!object_is_sync_type(o->type)) {
		exclude(t, o, SCOPE_TYPE, object_type_name(o->type));
		return;
	}
	note_presence(&pending->presence, o);
	if (o->is_critical_system_object) {
		exclude(t, o, SCOPE_CRITICAL, NULL);
		return;
	}
	if ((note = system_exclusion(o, &scope)) != NULL) {
		exclude(t, o, scope, note);
		return;
	}
	if (o->type == OBJ_USER)
		note = user_filter(o, f);
	else if (o->type == OBJ_GROUP)
		note = group_filter(o, f);
	else
		note = contact_filter(o, f);
	if (note == NULL && o->type == OBJ_GROUP &&
	    o->rare->nmembers >= member_limit)
		note = member_limit == SCOPE_MEMBER_LIMIT_V1 ?
		    "group of 50,000 members or more (the limit before "
		    "Connect 2.x's V2 endpoint): Entra ID refuses it on its "
		    "first sync" :
		    "group of 250,000 members or more: Entra ID refuses it "
		    "on its first sync (default configuration, group scope)";
	if (note != NULL) {
		exclude(t, o, SCOPE_FILTERED, note);
		return;
	}
	o->scope = SCOPE_IN;
	o->is_scope_pending = waits_on_file(o);
}

/* Why pending object o is excluded now the file is known, or NULL. */
static const char *
file_exclusion(const struct object *o, const struct scope_presence *p)
{
	switch (o->type) {
	case OBJ_USER:
		if (p->sam_account_name)
			return "user without sAMAccountName (In from AD - "
			    "User Join: sAMAccountName must be present)";
		return NULL;
	case OBJ_GROUP:
		if (p->mail)
			return "distribution group that is not mail-enabled "
			    "(In from AD - Group Join: a distribution group "
			    "must be mail-enabled)";
		return NULL;
	case OBJ_CONTACT:
		if (p->mail)
			return "contact that is not mail-enabled (In from AD "
			    "- Contact Join: a contact must have mail)";
		return NULL;
	default:
		return NULL;
	}
}

static void
note_file_limitations(struct table *t, const char *file,
    const struct scope_presence *p, size_t nundecided, size_t nusers)
{
	if (nundecided > 0 && !p->mail)
		table_add_limitation(t, "%s exports neither mail nor "
		    "proxyAddresses: %zu distribution groups and contacts "
		    "were kept in scope, though the default rules export "
		    "only mail-enabled ones (add mail and proxyAddresses to "
		    "the export)", file, nundecided);
	if (!p->sam_account_name && nusers > 0)
		table_add_limitation(t, "%s exports no sAMAccountName: the "
		    "rule that excludes users without one was not applied "
		    "(add sAMAccountName to the export)", file);
	if (p->ngroups > 0 && !p->group_type)
		table_add_limitation(t, "%s exports no groupType: "
		    "distribution groups cannot be told from security groups, "
		    "so the rule that excludes distribution groups without "
		    "mail was not applied (add groupType to the export)",
		    file);
	if (p->ngroups > 0 && !p->member)
		table_add_limitation(t, "%s exports no group member: the "
		    "group member limit (250,000, or 50,000 before Connect "
		    "2.x) was not checked (add member to the export)", file);
}

void
scope_decide_file(struct table *t, const char *file,
    struct scope_pending *pending)
{
	size_t		 i, nundecided = 0, nusers = 0;

	for (i = pending->first; i < table_count(t); i++) {
		const struct object	*o = table_get(t, i);
		const char		*note;

		if (!o->is_scope_pending || o->scope != SCOPE_IN)
			continue;
		if ((note = file_exclusion(o, &pending->presence)) != NULL)
			table_set_scope(t, i, SCOPE_FILTERED, note);
		else if (o->type != OBJ_USER)
			nundecided++;
		else
			nusers++;
	}
	note_file_limitations(t, file, &pending->presence, nundecided,
	    nusers);
}

/* The note of a contact joined to object to, owned by the table. */
static const char *
join_note(struct table *t, const struct object *to)
{
	char		*s = xasprintf("joins %s '%s' (%s:%lu) in the "
			    "metaverse: contacts join on mail (In from AD - "
			    "Contact Join), so it is exported as part of that "
			    "object, not on its own", object_type_name(to->type),
			    to->dn != NULL ? to->dn : "?", to->origin->file, to->line);
	const char	*kept = table_strndup(t, s, strlen(s));

	free(s);
	return kept;
}

/*
 * The object a contact with this mail joins: an in-scope user with that
 * mail, else the first in-scope contact with it; NULL when it is c.
 */
static const struct object *
join_target(const struct table *t, const struct object *c)
{
	const struct posting	*p;
	const struct object	*first_contact = NULL;
	const char		*key = NULL;
	size_t			 n, i;

	for (i = 0; i < c->nsmtp_keys && c->mail != NULL; i++)
		if (strcasecmp(smtp_key_string(t, &c->smtp_keys[i]),
		    c->mail) == 0)
			key = smtp_key_string(t, &c->smtp_keys[i]);
	if (key == NULL)
		return NULL;
	p = table_lookup_interned(t, KEY_SMTP, key, &n);
	for (i = 0; i < n; i++) {
		const struct object *o = posting_object(t, &p[i]);

		/* A posting keeps its object's strongest source: compare. */
		if (o->side != SIDE_ONPREM || o->scope != SCOPE_IN ||
		    o->mail == NULL || strcasecmp(o->mail, key) != 0)
			continue;
		if (o->type == OBJ_USER)
			return o;
		if (o->type == OBJ_CONTACT && first_contact == NULL)
			first_contact = o;
	}
	return first_contact != c ? first_contact : NULL;
}

/* The key a forest join compares users on, or NULL (a new string). */
static char *
forest_key(const struct object *o, enum forest_join j, bool is_master)
{
	switch (j) {
	case FOREST_JOIN_MAIL:
		return o->mail != NULL ? xasprintf("%s", o->mail) : NULL;
	case FOREST_JOIN_SAM:
		return o->sam_account_name != NULL && o->mail_nickname != NULL ?
		    xasprintf("%s\t%s", o->sam_account_name, o->mail_nickname) :
		    NULL;
	case FOREST_JOIN_SID:
		if (is_master)
			return o->rare->master_sid != NULL ?
			    xasprintf("%s", o->rare->master_sid) : NULL;
		return o->rare->sid != NULL ? xasprintf("%s", o->rare->sid) :
		    NULL;
	default:
		return NULL;
	}
}

/* One user a forest join may find, by its key. */
struct keyed {
	char			*key;
	size_t			 index;
};

static int
keyed_cmp(const void *a, const void *b)
{
	const struct keyed	*x = a, *y = b;
	int			 c = strcasecmp(x->key, y->key);

	return c != 0 ? c : x->index < y->index ? -1 : x->index > y->index;
}

static bool
is_join_candidate(const struct object *o)
{
	/* A linked mailbox is out of scope alone, but joins its account. */
	return o->side == SIDE_ONPREM && o->type == OBJ_USER &&
	    (o->scope == SCOPE_IN || (o->scope == SCOPE_FILTERED &&
	    o->has_recipient_type && object_recipient_type_details(o) ==
	    RTD_LINKED_MAILBOX));
}

/* The in-scope users with a forest key, sorted; *n of them. */
static struct keyed *
keyed_users(const struct table *t, enum forest_join j, size_t *n)
{
	struct keyed	*list = NULL;
	size_t		 i, cap = 0;

	*n = 0;
	for (i = 0; i < table_count(t); i++) {
		const struct object *o = table_get(t, i);
		char *key;

		if (o->scope != SCOPE_IN || o->side != SIDE_ONPREM ||
		    o->type != OBJ_USER || (key = forest_key(o, j, false)) ==
		    NULL)
			continue;
		GROW(list, *n, cap);
		list[(*n)++] = (struct keyed){ key, i };
	}
	if (*n > 1)
		qsort(list, *n, sizeof(*list), keyed_cmp);
	return list;
}

/* The user of another forest (file) that o joins, or NULL. */
static const struct object *
forest_partner(const struct table *t, const struct object *o,
    enum forest_join j, const struct keyed *list, size_t n)
{
	char		*key = forest_key(o, j, j == FOREST_JOIN_SID);
	size_t		 lo = 0, hi = n;
	const struct object *found = NULL;

	if (key == NULL)
		return NULL;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (strcasecmp(list[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && found == NULL &&
	    strcasecmp(list[lo].key, key) == 0; lo++) {
		const struct object *p = table_get(t, list[lo].index);

		/* Another forest; by SIDs any order, else the earlier one. */
		if (p != o && p->origin->file != o->origin->file &&
		    (j == FOREST_JOIN_SID || p->index < o->index))
			found = p;
	}
	free(key);
	return found;
}

static const char *
forest_join_name(enum forest_join j)
{
	return j == FOREST_JOIN_MAIL ? "mail" : j == FOREST_JOIN_SID ?
	    "objectSid and msExchMasterAccountSid" :
	    "sAMAccountName and mailNickname";
}

/* Join users across forests as the wizard's matching option says. */
static size_t
join_forests(struct table *t)
{
	enum forest_join	 j = table_forest_join(t);
	struct keyed		*list;
	size_t			 i, n, njoined = 0;

	if (j == FOREST_JOIN_NONE)
		return 0;
	list = keyed_users(t, j, &n);
	for (i = 0; i < table_count(t); i++) {
		const struct object	*o = table_get(t, i);
		const struct object	*to;
		char			*note;

		if (!is_join_candidate(o) ||
		    (to = forest_partner(t, o, j, list, n)) == NULL)
			continue;
		note = xasprintf("joins user '%s' (%s:%lu) of another forest "
		    "in the metaverse, matched on %s (the Connect wizard's "
		    "user matching, --forest-join): exported as part of that "
		    "user, not on its own", to->dn != NULL ? to->dn : "?",
		    to->origin->file, to->line, forest_join_name(j));
		table_set_scope(t, i, SCOPE_JOINED, table_strndup(t, note,
		    strlen(note)));
		free(note);
		njoined++;
	}
	for (i = 0; i < n; i++)
		free(list[i].key);
	free(list);
	return njoined;
}

static size_t	join_contacts(struct table *);

size_t
scope_join(struct table *t)
{
	size_t	njoined = join_forests(t);

	return njoined + join_contacts(t);
}

static size_t
join_contacts(struct table *t)
{
	size_t	i, n = table_count(t), njoined = 0;

	for (i = 0; i < n; i++) {
		const struct object	*c = table_get(t, i);
		const struct object	*target;

		if (c->side != SIDE_ONPREM || c->type != OBJ_CONTACT ||
		    c->scope != SCOPE_IN || (target = join_target(t, c)) == NULL)
			continue;
		table_set_scope(t, i, SCOPE_JOINED, join_note(t, target));
		njoined++;
	}
	return njoined;
}
