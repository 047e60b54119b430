/*
 * The unified object table: every directory object from every input, on
 * premises and in the cloud, in one arena, with the normalised keys the
 * match simulation and the rules look values up by.  It is filled by the
 * loader (load.c) from parser records and read by match and rules; it knows
 * no file format and no rule.
 *
 * Ownership: the table owns every object and string it hands out; they are
 * valid until table_free().  Strings are interned: equal bytes, same pointer.
 */
#ifndef SD_TABLE_H
#define SD_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum side {
	SIDE_ONPREM,
	SIDE_CLOUD
};

enum object_type {
	OBJ_USER,
	OBJ_GROUP,
	OBJ_CONTACT,
	OBJ_COMPUTER,
	OBJ_FSP,		/* foreignSecurityPrincipal */
	OBJ_OTHER		/* OUs, containers, domain objects, ... */
};

/* Why an object is not exported by Entra Connect's default rules. */
enum scope {
	SCOPE_IN,
	SCOPE_TYPE,		/* computer, FSP, OU, ...: not a sync object */
	SCOPE_CRITICAL,		/* isCriticalSystemObject: TRUE */
	SCOPE_SYSTEM,		/* well-known system account or container */
	SCOPE_DELETED,		/* isDeleted: TRUE, tombstone or recycled */
	SCOPE_FILTERED,		/* a default sync rule's scoping filter:
				   rare->scope_note names the rule */
	SCOPE_JOINED		/* joins another object in the metaverse and
				   exports as part of it (contacts on mail) */
};

/* Where an address in the SMTP key space came from. */
enum addr_source {
	ADDR_MAIL,		/* the mail attribute */
	ADDR_PRIMARY,		/* SMTP: proxy (primary reply address) */
	ADDR_SECONDARY		/* smtp: proxy (any other casing) */
};

/* Which attribute an object's anchor is: see object_anchor_attribute(). */
enum anchor_source {
	ANCHOR_SOURCE_NONE,
	ANCHOR_SOURCE_OBJECT_GUID,
	ANCHOR_SOURCE_CONSISTENCY_GUID,
	ANCHOR_SOURCE_IMMUTABLE_ID	/* cloud: onPremisesImmutableId */
};

/* Tri-state for booleans an export may not carry. */
enum tristate {
	TRI_UNKNOWN,
	TRI_FALSE,
	TRI_TRUE
};

/*
 * One address of an object in the SMTP key space: 8 bytes, for there
 * are some three per object, so the key is the table's id of the string
 * (smtp_key_string() gives it).  The value as found is the object's mail
 * for ADDR_MAIL, else proxy_addresses[proxy]: see smtp_key_raw().
 */
struct smtp_key {
	uint32_t		 key_id;	/* interned, lower case, no prefix */
	uint32_t		 proxy : 24;	/* index in proxy_addresses */
	enum addr_source	 source : 8;
};

/*
 * Proxy addresses from this index on are not in the SMTP key space: a
 * key's proxy index and a posting's slot are 24-bit.  Only a raised
 * --max-values lets an object have so many.
 */
#define TABLE_MAX_PROXIES	((1UL << 24) - 1)

struct name_size {
	const char		*name;	/* interned attribute name */
	size_t			 len;	/* longest value in bytes */
	size_t			 count;
	/* The longest value when it is over NAME_SIZE_KEEP bytes, else NULL. */
	const char		*long_value;
};

/* Directory extension values longer than this are kept (truncation). */
#define NAME_SIZE_KEEP	250

/* One raw attribute value, kept only with TABLE_KEEP_RAW for `objects`. */
struct raw_value {
	const char		*name;
	const char		*value;	/* NULL for summarised binary values */
	size_t			 len;
	bool			 is_binary;
};

/*
 * What most objects lack, kept apart so the common object stays small.  An
 * object with none of it points at one shared all-zero instance, so
 * readers never test for NULL; writers go through table_rare().
 */
struct object_rare {
	const char		*scope_note;	/* why out of scope, in words */

	/* mS-DS-ConsistencyGuid, as bytes (any length) and as immutableId. */
	const unsigned char	*consistency_guid;
	const char		*consistency_guid_b64;
	uint32_t		 consistency_guid_len;

	/*
	 * Sizes Entra limits; the bytes themselves are not kept.  Counts of
	 * values are 32-bit, as struct limits bound them (--max-values).
	 */
	uint32_t		 ncertificates;
	size_t			 certificate_bytes;
	size_t			 smime_certificate_bytes;
	size_t			 thumbnail_photo_bytes;
	uint32_t		 nsmime_certificates;
	uint32_t		 nextensions;
	const struct name_size	*extensions;	/* extensionAttributeN, ... */

	/*
	 * Groups: groupType (has_group_type, below, when exported) and how
	 * many member values the export holds (ranged pieces added up).
	 */
	int32_t			 group_type;
	uint32_t		 nmembers;
	/*
	 * objectSid in its S-1-5-... form: on premises for groups (the
	 * security group join), onPremisesSecurityIdentifier in the cloud.
	 */
	const char		*sid;
	/* msExchMasterAccountSid: a resource-forest mailbox's account SID. */
	const char		*master_sid;

	/* Cloud side. */
	const char	*const	*roles;		/* admin roles held */
	const char	*const	*provisioning_errors;
	uint32_t		 nroles;
	uint32_t		 nprovisioning_errors;

	/* Everything as found, with TABLE_KEEP_RAW only. */
	const struct raw_value	*raw;
	uint32_t		 nraw;

	bool			 has_group_type;	/* here: no hole */
};

/* Where objects were read: one per input, shared by all its objects. */
struct object_origin {
	const char		*file;	/* interned input path */
	const char		*label;	/* forest or tenant label */
};

/*
 * One directory object.  Two million of them are held at once, so kinds
 * and flags are bit-fields, counts bounded by struct limits are 32-bit,
 * and fields few objects have live in *rare.
 */
struct object {
	enum side		 side : 1;
	enum object_type	 type : 3;
	enum scope		 scope : 3;
	enum tristate		 sync_enabled : 2;	/* onPremisesSyncEnabled */
	enum tristate		 account_enabled : 2;	/* cloud side */
	bool			 has_object_guid : 1;
	bool			 has_immutable_id_bytes : 1;	/* 16 bytes */
	bool			 has_uac : 1;
	bool			 is_disabled : 1;
	bool			 has_recipient_type : 1;
	bool			 is_critical_system_object : 1;
	bool			 is_scope_pending : 1;	/* scope.c, loading */
	enum anchor_source	 anchor_source : 2;	/* object_anchor() */
	uint32_t		 index;	/* position in the table */
	const struct object_origin *origin;	/* file and label */
	unsigned long		 line;	/* where the record starts */

	/* Identity. */
	const char		*dn;	/* on-prem DN */
	const char		*id;	/* cloud objectId */
	const char		*object_class;	/* most specific class */

	/*
	 * Source anchor candidates as bytes: objectGUID on premises, the
	 * decoded onPremisesImmutableId in the cloud (each side has only
	 * its own, as has_object_guid and has_immutable_id_bytes tell).
	 */
	union {
		unsigned char	 object_guid[16];
		unsigned char	 immutable_id_bytes[16];
	};
	const char		*immutable_id;	/* onPremisesImmutableId */

	/* Names and addresses, NULL when absent. */
	const char		*upn;
	const char		*mail;
	const char		*mail_nickname;
	const char		*sam_account_name;
	const char		*display_name;
	const char		*given_name;
	const char		*surname;
	const char	*const	*proxy_addresses;	/* as found, in order */
	uint32_t		 nproxy_addresses;
	uint32_t		 nsmtp_keys;

	/* Normalised keys, computed once on entry. */
	const char		*upn_key;	/* interned, lower case */
	const struct smtp_key	*smtp_keys;	/* mail and smtp proxies */

	const struct object_rare *rare;	/* never NULL */

	/*
	 * What only one side has shares one room: read it with the
	 * object_*() functions below, which give NULL or 0 for an object of
	 * the other side.  The loader writes only the object's own side.
	 */
	union {
		struct {
			/* objectGUID in immutableId form (interned) */
			const char	*object_guid_b64;
			const char	*target_address;
			uint64_t	 recipient_type_details;
			uint32_t	 user_account_control;	/* has_uac */
		} onprem;
		struct {
			const char	*id_key;	/* id, lower case */
			const char	*dn;	/* onPremisesDistinguishedName */
			/*
			 * onPremisesObjectIdentifier, the objectGUID of the
			 * on-premises object the user is mapped to (Graph
			 * beta), as text.
			 */
			const char	*object_id;
			const char	*user_type;
		} cloud;
	};
};

/* On premises: objectGUID in immutableId form, or NULL. */
static inline const char *
object_guid_b64(const struct object *o)
{
	return o->side == SIDE_ONPREM ? o->onprem.object_guid_b64 : NULL;
}

/* Cloud: the objectId in key form (interned, lower case), or NULL. */
static inline const char *
object_id_key(const struct object *o)
{
	return o->side == SIDE_CLOUD ? o->cloud.id_key : NULL;
}

/* On premises: targetAddress, or NULL. */
static inline const char *
object_target_address(const struct object *o)
{
	return o->side == SIDE_ONPREM ? o->onprem.target_address : NULL;
}

/* On premises: msExchRecipientTypeDetails (has_recipient_type), or 0. */
static inline uint64_t
object_recipient_type_details(const struct object *o)
{
	return o->side == SIDE_ONPREM ? o->onprem.recipient_type_details : 0;
}

/* On premises: userAccountControl (has_uac), or 0. */
static inline uint32_t
object_user_account_control(const struct object *o)
{
	return o->side == SIDE_ONPREM ? o->onprem.user_account_control : 0;
}

/* Cloud: onPremisesDistinguishedName, or NULL. */
static inline const char *
object_onprem_dn(const struct object *o)
{
	return o->side == SIDE_CLOUD ? o->cloud.dn : NULL;
}

/* Cloud: onPremisesObjectIdentifier as text, or NULL. */
static inline const char *
object_onprem_object_id(const struct object *o)
{
	return o->side == SIDE_CLOUD ? o->cloud.object_id : NULL;
}

/* Cloud: userType ("Member", "Guest"), or NULL. */
static inline const char *
object_user_type(const struct object *o)
{
	return o->side == SIDE_CLOUD ? o->cloud.user_type : NULL;
}

struct domain {
	const char		*name;		/* interned, lower case */
	enum tristate		 is_verified;
	bool			 is_initial;
	bool			 is_default;
	bool			 is_federated;
};

/* Which key space an index lookup is in. */
enum key_space {
	KEY_UPN,		/* userPrincipalName, lower case */
	KEY_SMTP,		/* mail and smtp: proxies, lower case */
	KEY_ANCHOR,		/* immutableId, case-sensitive */
	KEY_CLOUD_ID,		/* cloud objectId, lower case */
	KEY_MAX
};

/*
 * One holder of a key: 8 bytes, for there are ten million of them at
 * 1M + 1M, so the object is its table position (posting_object() gives
 * it) and the rest shares one word.  The value as held and its attribute
 * are derived from the object by posting_raw() and posting_attribute().
 */
struct posting {
	uint32_t		 object_index;	/* see posting_object() */
	uint32_t		 slot : 24;	/* KEY_SMTP: in smtp_keys */
	enum key_space		 space : 4;
	enum addr_source	 source : 4;	/* KEY_SMTP only */
};

/*
 * Which attribute Entra Connect computes the sourceAnchor from: with
 * mS-DS-ConsistencyGuid (auto, the default), users and groups use it when
 * set and objectGUID otherwise, contacts objectGUID; with objectGUID,
 * every object uses objectGUID.
 */
enum anchor_mode {
	ANCHOR_AUTO,
	ANCHOR_OBJECT_GUID,
	ANCHOR_CONSISTENCY_GUID	/* the same as auto: kept for the option */
};

enum table_flags {
	TABLE_KEEP_RAW	= (1 << 0)	/* keep every attribute for `objects` */
};

struct table;

/* An empty table; free it with table_free(). */
struct table	*table_new(unsigned flags);
/* Free every object, string and index; table_free(NULL) does nothing. */
void		 table_free(struct table *t);
bool		 table_keeps_raw(const struct table *t);
/*
 * Set before loading: keep the raw values of the n attributes names
 * (compared without regard to ASCII case), as TABLE_KEEP_RAW keeps every
 * attribute's: what tenant policies read beyond the modelled fields.
 * names is borrowed and must outlive t.
 */
void		 table_keep_raw_of(struct table *t, const char *const *names,
		    size_t n);
/* Whether the values of attribute name are kept raw. */
bool		 table_keeps_raw_of(const struct table *t, const char *name);
/* Set before loading: how on-prem anchors are chosen (default auto). */
void		 table_set_anchor_mode(struct table *t, enum anchor_mode mode);
enum anchor_mode table_anchor_mode(const struct table *t);
/*
 * How users in different forests (input files) are matched, as the
 * Connect wizard's "uniquely identifying your users" page sets it.  The
 * default, as the wizard's: each user is represented once.
 */
enum forest_join {
	FOREST_JOIN_NONE,
	FOREST_JOIN_MAIL,	/* the mail attribute */
	FOREST_JOIN_SID,	/* objectSid = msExchMasterAccountSid */
	FOREST_JOIN_SAM		/* sAMAccountName and mailNickname */
};
/* Set before loading (users keep their SIDs only for FOREST_JOIN_SID). */
void		 table_set_forest_join(struct table *t, enum forest_join j);
enum forest_join table_forest_join(const struct table *t);
/* Set before loading: groups anchor on objectGUID (Connect < 1.5.18.0). */
void		 table_set_group_anchor_object_guid(struct table *t, bool on);
/*
 * Set before loading: the group member limit Entra ID enforces (250,000;
 * 50,000 before Connect 2.x); groups at or over it are out of scope.
 */
void		 table_set_member_limit(struct table *t, unsigned long limit);
unsigned long	 table_member_limit(const struct table *t);
/*
 * Record, in words, a check loading could not make for want of an
 * attribute in an export; reports list them under limitations.
 */
void		 table_add_limitation(struct table *t, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
size_t		 table_nlimitations(const struct table *t);
const char	*table_limitation(const struct table *t, size_t i);

/* Same bytes, same pointer, until table_free. */
const char	*table_intern(struct table *t, const char *s, size_t len);
/*
 * Remember that an object with this DN (compared byte for byte, and kept
 * by the caller until table_free) was loaded; false when one already was:
 * the same entry exported twice.
 */
bool		 table_mark_dn(struct table *t, const char *dn);
/*
 * A proxy address "smtp:<address>" (prefix in any case) whose address is
 * already its own key (no upper case, no space at either end), stored
 * once with that key: proxy + 5 is the interned address, the very copy
 * table_commit() finds for it.  NULL when it cannot be: another form, or
 * the address was stored with another casing of "smtp:" (store a copy).
 */
const char	*table_intern_proxy(struct table *t, const char *proxy,
		    size_t len);
/*
 * Is s already its own key: no upper case, no NUL, and nothing at either
 * end for the key's trimming to take?
 */
bool		 table_is_key_form(const char *s, size_t len);
/* Intern the ASCII-lower-cased copy of s (the key form of names). */
const char	*table_intern_lower(struct table *t, const char *s, size_t len);
/* A NUL-terminated copy of len bytes of s, owned by the table. */
const char	*table_strndup(struct table *t, const char *s, size_t len);
/* Memory owned by the table, for arrays an object points to. */
void		*table_alloc(struct table *t, size_t size);
/*
 * o's rare fields, for writing: the first call gives o its own zeroed
 * copy, owned by the table.
 */
struct object_rare *
		 table_rare(struct table *t, struct object *o);

/* The origin of objects read from file with label, owned by the table. */
const struct object_origin *
		 table_origin(struct table *t, const char *file,
		    const char *label);
/*
 * A new zeroed object at the end of the table.  The caller fills it in,
 * then calls table_commit() so its keys are computed.
 */
struct object	*table_add(struct table *t, enum side side,
		    const struct object_origin *origin, unsigned long line);
/* Compute the normalised keys of o (call once, after filling it in). */
void		 table_commit(struct table *t, struct object *o);

/*
 * The cloud object loaded earlier with o's objectId (any case), or NULL
 * after recording o as the holder of that id.  Exports that overlap (two
 * files, a CSV and a JSON of the same tenant) name an object twice.
 */
struct object	*table_claim_cloud_id(struct table *t, struct object *o);
/*
 * The on-premises object committed with this anchor (interned, compared
 * by pointer), or NULL: how the loader finds a cloud object's twin by its
 * onPremisesImmutableId before table_index(), which forgets them.  When
 * two objects have one anchor, the first committed is found.
 */
const struct object *
		 table_find_onprem_anchor(const struct table *t,
		    const char *anchor);
/* Drop the object table_add returned last (a merged duplicate). */
void		 table_drop_last(struct table *t);

size_t		 table_count(const struct table *t);
/*
 * Take object i out of scope after loading, with a note (owned by the
 * table afterwards): the one change allowed on an indexed table, for the
 * joins scope.c decides once every object is known.
 */
void		 table_set_scope(struct table *t, size_t i, enum scope scope,
		    const char *note);
const struct object *
		 table_get(const struct table *t, size_t i);

/* Tenant facts from the domains and roles inputs. */
void		 table_add_domain(struct table *t, const struct domain *d);
size_t		 table_ndomains(const struct table *t);
const struct domain *
		 table_domain(const struct table *t, size_t i);
/* The domain named name (any case), or NULL. */
const struct domain *
		 table_find_domain(const struct table *t, const char *name);
/*
 * Record that the cloud user with objectId id or UPN upn (either may be
 * NULL) holds role.  Kept until table_index() attaches it to the object.
 */
void		 table_add_role(struct table *t, const char *role,
		    const char *id, const char *upn);

/*
 * Build the hash indexes over all objects, and attach roles to users.
 * Call once, after the last table_add; lookups before it find nothing.
 * It ends loading: the sets behind table_mark_dn() and
 * table_claim_cloud_id() are freed.  Roles naming no loaded user are
 * counted in table_unmatched_roles().
 */
void		 table_index(struct table *t);
size_t		 table_unmatched_roles(const struct table *t);
/*
 * Free the indexes and the intern set once the last lookup is made (the
 * rules are done): at 1M + 1M some 170 MB the reports do not need.
 * Objects, their keys (smtp_key_string()) and every string stay.  After
 * it lookups find nothing, as before table_index(), and interning a
 * string is an error that ends the program.
 */
void		 table_release_lookups(struct table *t);

/*
 * The holders of key (already in key form: lower case for KEY_UPN,
 * KEY_SMTP and KEY_CLOUD_ID) in space, in table order; *n is set to their
 * number.  NULL when none.
 */
const struct posting *
		 table_lookup(const struct table *t, enum key_space space,
		    const char *key, size_t *n);
/*
 * The same for a key the table itself handed out (an object's upn_key or
 * id_key, object_anchor(), smtp_key_string()): found by the string id in
 * front of it, with no hashing and no probe of the intern table.
 */
const struct posting *
		 table_lookup_interned(const struct table *t,
		    enum key_space space, const char *key, size_t *n);
/* Is o one of key's holders in space? */
bool		 table_holds(const struct table *t, enum key_space space,
		    const char *key, const struct object *o);

/*
 * Call fn for every distinct key of space that has at least min_holders
 * postings, in the order keys were first seen.  fn's arguments are
 * borrowed for the call.
 */
typedef void	(*key_fn)(const char *key, const struct posting *postings,
		    size_t n, void *arg);
void		 table_foreach_key(const struct table *t, enum key_space space,
		    size_t min_holders, key_fn fn, void *arg);

/* Key k of an object of t, in key form (interned). */
const char	*smtp_key_string(const struct table *t,
		    const struct smtp_key *k);
/* Key k of object o's smtp_keys as o holds it: mail, or a whole proxy. */
const char	*smtp_key_raw(const struct object *o,
		    const struct smtp_key *k);
/* The object holding p, an object of t. */
const struct object *
		 posting_object(const struct table *t, const struct posting *p);
/* The value as p's object holds it, as found (not in key form). */
const char	*posting_raw(const struct table *t, const struct posting *p);
/* Where that value is: "mail", "proxyAddresses", "objectGUID", ... */
const char	*posting_attribute(const struct table *t,
		    const struct posting *p);

/*
 * o's sourceAnchor as the anchor mode chooses it (KEY_ANCHOR's key), or
 * NULL: the value of one of o's anchor attributes, named by
 * object_anchor_attribute() ("objectGUID", "mS-DS-ConsistencyGuid",
 * "onPremisesImmutableId").
 */
const char	*object_anchor(const struct object *o);
const char	*object_anchor_attribute(const struct object *o);

/*
 * An SMTP address (without "smtp:") in a domain Microsoft reserves
 * (*.onmicrosoft.com, *.microsoftonline.com)?  Discarded: that, or not
 * a plain RFC 5322 address (a space, a control or non-ASCII character,
 * < > ( ) ; , [ ] " \, not one '@', dots out of place).  Entra Connect's
 * proxy calculation drops such on-premises addresses (KB 3190357), so
 * they are not in the on-premises SMTP key space.
 */
bool		 smtp_proxy_is_reserved(const char *address);
bool		 smtp_proxy_is_discarded(const char *address);

/*
 * Is an object of this type one Entra Connect synchronises (a user, a
 * group or a contact)?  Computers, foreign security principals and the
 * rest never are, whatever their scope.
 */
bool		 object_is_sync_type(enum object_type type);

/*
 * An object named for a person reading a finding: its dn, else its UPN,
 * display name, mail address or id, else "(unnamed object)".  Never NULL;
 * the text is o's own (or static).
 */
const char	*object_display_name(const struct object *o);

/* Names for reports: "user", "onprem", "computer (not synchronised)" ... */
const char	*object_type_name(enum object_type type);
const char	*side_name(enum side side);
const char	*scope_reason(enum scope scope);
const char	*addr_source_name(enum addr_source source);

#endif /* SD_TABLE_H */
