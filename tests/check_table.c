/*
 * Tests of the object table and the loader: interning, object type and
 * scope, normalised keys, anchors, indexes, roles and domains.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "rulekit.h"
#include "table.h"
#include "testutil.h"
#include "xalloc.h"

static struct table	*t;
static struct diag	 dg;

static void
setup(void)
{
	t = table_new(0);
	diag_init(&dg, NULL);
	diag_input_begin(&dg, "test.ldf", "ldif", "onprem");
}

static void
teardown(void)
{
	table_free(t);
	diag_release(&dg);
}

static const struct object *
load(enum side side, const char *dn, const char *const *pairs)
{
	testutil_load(t, &dg, side, "test.ldf", 10, dn, pairs);
	return table_get(t, table_count(t) - 1);
}

START_TEST(test_intern)
{
	const char	*a = table_intern(t, "Bob@Contoso.com", 15);
	const char	*b = table_intern(t, "Bob@Contoso.com", 15);
	const char	*c = table_intern(t, "bob@contoso.com", 15);
	size_t		 i;

	ck_assert_ptr_eq(a, b);
	ck_assert_ptr_ne(a, c);
	ck_assert_ptr_eq(table_intern_lower(t, a, 15), c);
	ck_assert_str_eq(a, "Bob@Contoso.com");
	/* Growing the set keeps every pointer valid. */
	for (i = 0; i < 5000; i++) {
		char buf[32];

		snprintf(buf, sizeof(buf), "k%zu", i);
		table_intern(t, buf, strlen(buf));
	}
	ck_assert_ptr_eq(table_intern(t, "Bob@Contoso.com", 15), a);
}
END_TEST

static const struct type_case {
	const char	*classes[5];
	const char	*extra_name;
	const char	*extra_value;
	enum object_type type;
	enum scope	 scope;
} type_cases[] = {
	{ { "top", "person", "organizationalPerson", "user" }, NULL, NULL,
	    OBJ_USER, SCOPE_IN },
	{ { "top", "person", "organizationalPerson", "user", "computer" },
	    NULL, NULL, OBJ_COMPUTER, SCOPE_TYPE },
	{ { "top", "person", "organizationalPerson", "contact" }, NULL, NULL,
	    OBJ_CONTACT, SCOPE_IN },
	{ { "top", "group" }, NULL, NULL, OBJ_GROUP, SCOPE_IN },
	{ { "top", "foreignSecurityPrincipal" }, NULL, NULL, OBJ_FSP,
	    SCOPE_TYPE },
	{ { "top", "organizationalUnit" }, NULL, NULL, OBJ_OTHER, SCOPE_TYPE },
	{ { "top", "person", "organizationalPerson", "user" },
	    "isCriticalSystemObject", "TRUE", OBJ_USER, SCOPE_CRITICAL },
	{ { "top", "person", "organizationalPerson", "user" },
	    "sAMAccountName", "MSOL_0123456789ab", OBJ_USER, SCOPE_FILTERED },
	{ { "top", "person", "organizationalPerson", "user" },
	    "isDeleted", "TRUE", OBJ_USER, SCOPE_DELETED },
	{ { "top", "person", "organizationalPerson", "user" },
	    "mailNickname", "SystemMailbox{1f05a927-0000}", OBJ_USER,
	    SCOPE_FILTERED },
	/* IdFix's well-known exclusions, as Entra Connect applies them. */
	{ { "top", "person", "organizationalPerson", "user" },
	    "sAMAccountName", "AAD_0123456789ab", OBJ_USER, SCOPE_FILTERED },
	{ { "top", "person", "organizationalPerson", "user" },
	    "msExchRecipientTypeDetails", "536870912", OBJ_USER,
	    SCOPE_FILTERED },
	{ { "top", "person", "organizationalPerson", "user" },
	    "msExchRecipientTypeDetails", "8388608", OBJ_USER, SCOPE_FILTERED },
	{ { "top", "person", "organizationalPerson", "user" },
	    "msExchRecipientTypeDetails", "1", OBJ_USER, SCOPE_IN },
	{ { "top", "person", "organizationalPerson", "user" },
	    "msExchRecipientTypeDetails", "0x20000000", OBJ_USER, SCOPE_IN },
	{ { "top", "person", "organizationalPerson", "user" },
	    "mailNickname", "DiscoverySearchMailbox{D919BA05-46A6-415f-80AD}",
	    OBJ_USER, SCOPE_FILTERED },
	/* Monitoring mailboxes are outside the rules' 0x21C07000 mask. */
	{ { "top", "person", "organizationalPerson", "user" },
	    "sAMAccountName", "HealthMailbox0c4b6a1e5f2d4e8a", OBJ_USER,
	    SCOPE_IN },
	{ { "top", "person", "organizationalPerson", "user" },
	    "mailNickname", "FederatedEmail.4c1f4d8b-8179-4148-93bf-00a95fa1e042",
	    OBJ_USER, SCOPE_FILTERED },
	/* IdFix skips these names too; Entra Connect exports them. */
	{ { "top", "person", "organizationalPerson", "user" },
	    "mailNickname", "HealthMailboxTeam", OBJ_USER, SCOPE_IN },
	{ { "top", "person", "organizationalPerson", "user" },
	    "sAMAccountName", "Administration", OBJ_USER, SCOPE_IN },
	{ { "top", "group" }, "sAMAccountName", "support_desk", OBJ_GROUP,
	    SCOPE_IN },
	/* The AAD_ and MSOL_ filter is the user rules': groups export. */
	{ { "top", "group" }, "sAMAccountName", "AAD_License_E5", OBJ_GROUP,
	    SCOPE_IN },
	{ { "top", "group" }, "sAMAccountName", "MSOL_AD_Sync_RichCoexistence",
	    OBJ_GROUP, SCOPE_FILTERED },
	{ { "top", "group" }, "msExchRecipientTypeDetails", "1073741824",
	    OBJ_GROUP, SCOPE_FILTERED },
	{ { "top", "group" }, "adminDescription", "Group_123", OBJ_GROUP,
	    SCOPE_FILTERED },
	{ { "top", "group" }, "adminDescription", "User_123", OBJ_GROUP,
	    SCOPE_IN },
	{ { "top", "person", "organizationalPerson", "user" },
	    "adminDescription", "User_abc", OBJ_USER, SCOPE_FILTERED },
	{ { "top", "person", "organizationalPerson", "user" },
	    "adminDescription", "Usr_abc", OBJ_USER, SCOPE_IN },
	{ { "top", "person", "organizationalPerson", "user" },
	    "msExchRecipientTypeDetails", "2", OBJ_USER, SCOPE_FILTERED },
	{ { "top", "person", "organizationalPerson", "user" },
	    "isCriticalSystemObject", "FALSE", OBJ_USER, SCOPE_CRITICAL },
	/* Contacts have no adminDescription filter. */
	{ { "top", "person", "organizationalPerson", "contact" },
	    "adminDescription", "Contact_x", OBJ_CONTACT, SCOPE_IN },
};

START_TEST(test_type_and_scope)
{
	const struct type_case	*c = &type_cases[_i];
	const char		*pairs[16];
	const struct object	*o;
	size_t			 n = 0, i;

	for (i = 0; i < 5 && c->classes[i] != NULL; i++) {
		pairs[n++] = "objectClass";
		pairs[n++] = c->classes[i];
	}
	if (c->extra_name != NULL) {
		pairs[n++] = c->extra_name;
		pairs[n++] = c->extra_value;
	}
	pairs[n] = NULL;
	o = load(SIDE_ONPREM, "CN=x,DC=contoso,DC=com", pairs);
	ck_assert_int_eq(o->type, c->type);
	ck_assert_int_eq(o->scope, c->scope);
	/* Only the exclusions that reports explain in words carry a note. */
	ck_assert_int_eq(o->rare->scope_note != NULL,
	    c->scope == SCOPE_TYPE || c->scope == SCOPE_SYSTEM ||
	    c->scope == SCOPE_FILTERED);
}
END_TEST

START_TEST(test_keys)
{
	static const char *const pairs[] = {
		"objectClass", "user",
		"userPrincipalName", " Bob.Smith@Contoso.COM ",
		"mail", "Bob@Contoso.com",
		"proxyAddresses", "smtp:bob@contoso.com",
		"proxyAddresses", "SMTP:Bob.Smith@contoso.com",
		"proxyAddresses", "X500:/o=Contoso/ou=Exchange/cn=bob",
		"proxyAddresses", "sip:bob@contoso.com",
		"proxyAddresses", "Smtp:Robert@contoso.com",
		NULL
	};
	const struct object	*o = load(SIDE_ONPREM, "CN=Bob,DC=c", pairs);

	ck_assert_str_eq(o->upn_key, "bob.smith@contoso.com");
	/* mail and smtp:bob are one key; X500 and SIP are not SMTP. */
	ck_assert_uint_eq(o->nsmtp_keys, 3);
	ck_assert_str_eq(smtp_key_string(t, &o->smtp_keys[0]), "bob@contoso.com");
	ck_assert_int_eq(o->smtp_keys[0].source, ADDR_MAIL);
	ck_assert_str_eq(smtp_key_string(t, &o->smtp_keys[1]), "bob.smith@contoso.com");
	ck_assert_int_eq(o->smtp_keys[1].source, ADDR_PRIMARY);
	/* Only upper-case SMTP: marks the primary address. */
	ck_assert_str_eq(smtp_key_string(t, &o->smtp_keys[2]), "robert@contoso.com");
	ck_assert_int_eq(o->smtp_keys[2].source, ADDR_SECONDARY);
	ck_assert_uint_eq(o->nproxy_addresses, 5);
}
END_TEST

START_TEST(test_primary_outranks_mail)
{
	static const char *const pairs[] = {
		"objectClass", "user",
		"mail", "ana@contoso.com",
		"proxyAddresses", "SMTP:Ana@Contoso.com",
		NULL
	};
	const struct object	*o = load(SIDE_ONPREM, "CN=Ana,DC=c", pairs);

	ck_assert_uint_eq(o->nsmtp_keys, 1);
	ck_assert_int_eq(o->smtp_keys[0].source, ADDR_PRIMARY);
	ck_assert_str_eq(smtp_key_raw(o, &o->smtp_keys[0]),
	    "SMTP:Ana@Contoso.com");
}
END_TEST

#define GUID_HEX	"1e6a4b0c2d5f8a4e9b7c1d2e3f405162"
#define GUID_B64	"HmpLDC1fik6bfB0uP0BRYg=="
#define CGUID_HEX	"00112233445566778899aabbccddeeff"
#define CGUID_B64	"ABEiM0RVZneImaq7zN3u/w=="

START_TEST(test_anchor_modes)
{
	static const char *const both[] = {
		"objectClass", "user", "*objectGUID", GUID_HEX,
		"*mS-DS-ConsistencyGuid", CGUID_HEX, NULL
	};
	static const char *const guid_only[] = {
		"objectClass", "user", "*objectGUID", GUID_HEX, NULL
	};
	const struct object	*o;

	o = load(SIDE_ONPREM, "CN=a,DC=c", both);
	ck_assert_str_eq(object_anchor(o), CGUID_B64);
	ck_assert_str_eq(object_anchor_attribute(o), "mS-DS-ConsistencyGuid");
	ck_assert_str_eq(object_guid_b64(o), GUID_B64);
	o = load(SIDE_ONPREM, "CN=b,DC=c", guid_only);
	ck_assert_str_eq(object_anchor(o), GUID_B64);
	ck_assert_str_eq(object_anchor_attribute(o), "objectGUID");

	table_set_anchor_mode(t, ANCHOR_OBJECT_GUID);
	o = load(SIDE_ONPREM, "CN=c,DC=c", both);
	ck_assert_str_eq(object_anchor(o), GUID_B64);
	/* Connect writes objectGUID into an empty mS-DS-ConsistencyGuid. */
	table_set_anchor_mode(t, ANCHOR_CONSISTENCY_GUID);
	o = load(SIDE_ONPREM, "CN=d,DC=c", guid_only);
	ck_assert_str_eq(object_anchor(o), GUID_B64);
}
END_TEST

/* A group at the member limit is out of scope; one below it is not. */
START_TEST(test_member_limit)
{
	static const char *const three[] = { "objectClass", "group",
	    "member", "CN=a", "member", "CN=b", "member", "CN=c", NULL };
	static const char *const two[] = { "objectClass", "group",
	    "member", "CN=a", "member", "CN=b", NULL };
	const struct object	*o;

	table_set_member_limit(t, 3);
	o = load(SIDE_ONPREM, "CN=g3,DC=c", three);
	ck_assert_int_eq(o->scope, SCOPE_FILTERED);
	ck_assert_uint_eq(o->rare->nmembers, 3);
	o = load(SIDE_ONPREM, "CN=g2,DC=c", two);
	ck_assert_int_eq(o->scope, SCOPE_IN);
}
END_TEST

/* Contacts anchor on objectGUID; groups as users unless told otherwise. */
START_TEST(test_anchor_by_type)
{
	static const char *const contact[] = {
		"objectClass", "contact", "*objectGUID", GUID_HEX,
		"*mS-DS-ConsistencyGuid", CGUID_HEX, NULL
	};
	static const char *const group[] = {
		"objectClass", "group", "*objectGUID", GUID_HEX,
		"*mS-DS-ConsistencyGuid", CGUID_HEX, NULL
	};
	const struct object	*o;

	o = load(SIDE_ONPREM, "CN=a,DC=c", contact);
	ck_assert_str_eq(object_anchor_attribute(o), "objectGUID");
	o = load(SIDE_ONPREM, "CN=b,DC=c", group);
	ck_assert_str_eq(object_anchor_attribute(o), "mS-DS-ConsistencyGuid");
	table_set_group_anchor_object_guid(t, true);
	o = load(SIDE_ONPREM, "CN=c,DC=c", group);
	ck_assert_str_eq(object_anchor(o), GUID_B64);
}
END_TEST

/* Samba's ldbsearch prints objectGUID as text: same anchor. */
START_TEST(test_guid_text)
{
	static const char *const pairs[] = {
		"objectClass", "user",
		"objectGUID", "0c4b6a1e-5f2d-4e8a-9b7c-1d2e3f405162", NULL
	};
	static const char *const bad[] = {
		"objectClass", "user", "objectGUID", "not-a-guid", NULL
	};
	const struct object	*o = load(SIDE_ONPREM, "CN=a,DC=c", pairs);

	ck_assert_str_eq(object_anchor(o), GUID_B64);
	o = load(SIDE_ONPREM, "CN=b,DC=c", bad);
	ck_assert(!o->has_object_guid);
	ck_assert_ptr_null(object_anchor(o));
	ck_assert_uint_eq(dg.inputs[0].warnings, 1);
	ck_assert_int_eq(dg.msgs[0].code, D_LOAD_BAD_GUID);
}
END_TEST

START_TEST(test_account_state)
{
	static const char *const pairs[] = {
		"objectClass", "user", "userAccountControl", "514",
		"msExchRecipientTypeDetails", "34359738368",
		"userCertificate", "abc", "userCertificate", "defg",
		"thumbnailPhoto", "12345", "extensionAttribute7", "xyz",
		NULL
	};
	const struct object	*o = load(SIDE_ONPREM, "CN=a,DC=c", pairs);

	ck_assert(o->is_disabled);
	ck_assert_uint_eq(object_user_account_control(o), 514);
	ck_assert(object_recipient_type_details(o) == 34359738368ULL);
	ck_assert_uint_eq(o->rare->ncertificates, 2);
	ck_assert_uint_eq(o->rare->certificate_bytes, 7);
	ck_assert_uint_eq(o->rare->thumbnail_photo_bytes, 5);
	ck_assert_uint_eq(o->rare->nextensions, 1);
	ck_assert_uint_eq(o->rare->extensions[0].len, 3);
}
END_TEST

/*
 * Objects without rare fields share one all-zero instance; the first write
 * gives an object its own, and only that object changes.
 */
START_TEST(test_rare_fields)
{
	static const char *const plain[] = {
		"objectClass", "user", "sAMAccountName", "plain", NULL
	};
	static const char *const certified[] = {
		"objectClass", "user", "userCertificate", "abc", NULL
	};
	const struct object	*a = load(SIDE_ONPREM, "CN=a,DC=c", plain);
	const struct object	*b = load(SIDE_ONPREM, "CN=b,DC=c", plain);
	const struct object	*c = load(SIDE_ONPREM, "CN=c,DC=c", certified);
	struct object_rare	*rare;

	ck_assert_ptr_nonnull(a->rare);
	ck_assert_ptr_eq(a->rare, b->rare);
	ck_assert_ptr_ne(c->rare, a->rare);
	ck_assert_uint_eq(c->rare->ncertificates, 1);
	rare = table_rare(t, (struct object *)b);
	ck_assert_ptr_eq(b->rare, rare);
	ck_assert_ptr_ne(b->rare, a->rare);
	ck_assert_uint_eq(rare->ncertificates, 0);
	rare->nroles = 3;
	ck_assert_ptr_eq(table_rare(t, (struct object *)b), rare);
	ck_assert_uint_eq(a->rare->nroles, 0);
	ck_assert_uint_eq(c->rare->nroles, 0);
}
END_TEST

/*
 * The rules' name sets: proposals are copied (the caller frees its own),
 * and names compare without ASCII case.
 */
START_TEST(test_names_copy)
{
	struct rulekit_names	*ns = rulekit_names_new();
	char			 proposal[16] = "jsmith2";
	size_t			 i;

	ck_assert(rulekit_names_add(ns, "JSmith"));
	ck_assert(!rulekit_names_add(ns, "JSMITH"));
	ck_assert(rulekit_names_has(ns, "jsmith"));
	ck_assert(rulekit_names_add(ns, proposal));
	memset(proposal, 'x', sizeof(proposal) - 1);
	ck_assert(rulekit_names_has(ns, "JSmith2"));
	ck_assert(!rulekit_names_has(ns, proposal));
	/* Past the first growth, every name is still found. */
	for (i = 0; i < 100; i++) {
		char	name[16];

		snprintf(name, sizeof(name), "user%zu", i);
		ck_assert(rulekit_names_add(ns, name));
	}
	ck_assert(rulekit_names_has(ns, "USER99"));
	ck_assert(rulekit_names_has(ns, "jsmith2"));
	rulekit_names_free(ns);
}
END_TEST

/*
 * The names on-premises objects hold, read from the objects, in or out
 * of scope, any case; cloud objects' names are not taken.  Proposals
 * join them.
 */
START_TEST(test_held_names)
{
	static const char *const	 jsmith[] = {
		"objectClass", "user", "sAMAccountName", "JSmith",
		"mailNickname", "john", NULL
	};
	static const char *const	 computer[] = {
		"objectClass", "computer", "sAMAccountName", "PC1$", NULL
	};
	static const char *const	 cloud[] = {
		"mailNickname", "cloudy", NULL
	};
	struct rulekit_held		*sams, *nicks;
	size_t				 i;

	load(SIDE_ONPREM, "CN=j,DC=c", jsmith);
	load(SIDE_ONPREM, "CN=pc,DC=c", computer);
	load(SIDE_CLOUD, NULL, cloud);
	for (i = 0; i < 100; i++) {
		const char	*pairs[] = { "sAMAccountName", NULL, NULL };
		char		 dn[32], name[16];

		snprintf(dn, sizeof(dn), "CN=u%zu,DC=c", i);
		snprintf(name, sizeof(name), "user%zu", i);
		pairs[1] = name;
		load(SIDE_ONPREM, dn, pairs);
	}
	sams = rulekit_held_sam_names(t);
	nicks = rulekit_held_nicknames(t);
	ck_assert(rulekit_held_has(sams, "jsmith"));
	ck_assert(rulekit_held_has(sams, "pc1$"));
	ck_assert(rulekit_held_has(sams, "USER99"));
	ck_assert(!rulekit_held_has(sams, "john"));
	ck_assert(rulekit_held_has(nicks, "JOHN"));
	ck_assert(!rulekit_held_has(nicks, "cloudy"));
	ck_assert(!rulekit_held_add(sams, "JSMITH"));
	ck_assert(rulekit_held_add(sams, "jsmith2"));
	ck_assert(!rulekit_held_add(sams, "JSmith2"));
	ck_assert(rulekit_held_has(sams, "JSMITH2"));
	ck_assert(!rulekit_held_has(nicks, "jsmith2"));
	rulekit_held_free(sams);
	rulekit_held_free(nicks);
}
END_TEST

/*
 * A mail value that repeats an SMTP proxy address is stored once, inside
 * the proxy's copy, whichever comes first in the record; any other value
 * has its own copy, and a key-form one is the interned key.
 */
START_TEST(test_mail_shares_proxy)
{
	static const char *const after[] = {
		"objectClass", "user",
		"proxyAddresses", "smtp:Other@contoso.com",
		"proxyAddresses", "SMTP:Ana.Lima@contoso.com",
		"mail", "Ana.Lima@contoso.com", NULL
	};
	static const char *const before[] = {
		"id", "1", "mail", "Ana.Lima@contoso.com",
		"proxyAddresses", "SMTP:Ana.Lima@contoso.com", NULL
	};
	static const char *const other_case[] = {
		"objectClass", "user", "mail", "ANA.Lima@contoso.com",
		"proxyAddresses", "SMTP:Ana.Lima@contoso.com", NULL
	};
	static const char *const key_form[] = {
		"objectClass", "user", "mail", "ana.lima@contoso.com",
		"proxyAddresses", "SMTP:Ana.Lima@contoso.com", NULL
	};
	const struct object	*o;

	o = load(SIDE_ONPREM, "CN=a,DC=c", after);
	ck_assert_ptr_eq(o->mail, o->proxy_addresses[1] + 5);
	ck_assert_str_eq(o->mail, "Ana.Lima@contoso.com");
	o = load(SIDE_CLOUD, NULL, before);
	ck_assert_ptr_eq(o->mail, o->proxy_addresses[0] + 5);
	o = load(SIDE_ONPREM, "CN=b,DC=c", other_case);
	ck_assert_str_eq(o->mail, "ANA.Lima@contoso.com");
	ck_assert_ptr_ne(o->mail, o->proxy_addresses[0] + 5);
	o = load(SIDE_ONPREM, "CN=c,DC=c", key_form);
	ck_assert_ptr_eq(o->mail, table_intern(t, "ana.lima@contoso.com",
	    20));
	ck_assert_ptr_eq(smtp_key_string(t, &o->smtp_keys[0]), o->mail);
}
END_TEST

START_TEST(test_duplicate_dn)
{
	static const char *const pairs[] = { "objectClass", "user", NULL };

	load(SIDE_ONPREM, "CN=a,DC=c", pairs);
	load(SIDE_ONPREM, "CN=b,DC=c", pairs);
	ck_assert_uint_eq(dg.nmsgs, 0);
	load(SIDE_ONPREM, "CN=a,DC=c", pairs);
	ck_assert_uint_eq(dg.nmsgs, 1);
	ck_assert_int_eq(dg.msgs[0].code, D_LOAD_DUP_DN);
	ck_assert_uint_eq(table_count(t), 3);
}
END_TEST

static const struct posting *
lookup(enum key_space space, const char *key, size_t *n)
{
	return table_lookup(t, space, key, n);
}

static void
count_key(const char *key, const struct posting *p, size_t n, void *arg)
{
	size_t	*seen = arg;

	(void)p;
	ck_assert_str_eq(key, "shared@contoso.com");
	ck_assert_uint_eq(n, 3);
	(*seen)++;
}

START_TEST(test_index)
{
	static const char *const a[] = {
		"objectClass", "user", "userPrincipalName", "a@contoso.com",
		"proxyAddresses", "SMTP:Shared@contoso.com", NULL
	};
	static const char *const b[] = {
		"objectClass", "group", "mail", "shared@CONTOSO.com", NULL
	};
	static const char *const c[] = {
		"id", "7d2c0b53-3c86-4d8c-9a0f-2f7b2c0e6a11",
		"userPrincipalName", "A@Contoso.com",
		"proxyAddresses", "smtp:shared@contoso.com", NULL
	};
	const struct posting	*p;
	size_t			 n, seen = 0;

	load(SIDE_ONPREM, "CN=a,DC=c", a);
	load(SIDE_ONPREM, "CN=b,DC=c", b);
	load(SIDE_CLOUD, NULL, c);
	ck_assert_ptr_null(lookup(KEY_SMTP, "shared@contoso.com", &n));
	table_index(t);
	p = lookup(KEY_SMTP, "shared@contoso.com", &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(posting_object(t, &p[0])->dn, "CN=a,DC=c");
	ck_assert_int_eq(p[0].source, ADDR_PRIMARY);
	ck_assert_str_eq(posting_attribute(t, &p[1]), "mail");
	ck_assert_int_eq(posting_object(t, &p[2])->side, SIDE_CLOUD);
	p = lookup(KEY_UPN, "a@contoso.com", &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_ptr_null(lookup(KEY_UPN, "nobody@contoso.com", &n));
	ck_assert_uint_eq(n, 0);
	p = lookup(KEY_CLOUD_ID, "7d2c0b53-3c86-4d8c-9a0f-2f7b2c0e6a11", &n);
	ck_assert_uint_eq(n, 1);
	table_foreach_key(t, KEY_SMTP, 2, count_key, &seen);
	ck_assert_uint_eq(seen, 1);
}
END_TEST

/*
 * Once the lookups are released, lookups find nothing, but every object,
 * its keys and its text stay as they were for the reports.
 */
START_TEST(test_release_lookups)
{
	static const char *const a[] = {
		"objectClass", "user", "userPrincipalName", "A@contoso.com",
		"proxyAddresses", "SMTP:Shared@contoso.com", NULL
	};
	const struct object	*o;
	const struct posting	*p;
	size_t			 n = 1, seen = 0;

	o = load(SIDE_ONPREM, "CN=a,DC=c", a);
	table_index(t);
	ck_assert_ptr_nonnull(lookup(KEY_SMTP, "shared@contoso.com", &n));
	table_release_lookups(t);
	p = lookup(KEY_SMTP, "shared@contoso.com", &n);
	ck_assert_ptr_null(p);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(table_lookup_interned(t, KEY_UPN, o->upn_key, &n));
	ck_assert(!table_holds(t, KEY_UPN, "a@contoso.com", o));
	table_foreach_key(t, KEY_SMTP, 1, count_key, &seen);
	ck_assert_uint_eq(seen, 0);
	ck_assert_ptr_eq(table_get(t, 0), o);
	ck_assert_str_eq(o->upn_key, "a@contoso.com");
	ck_assert_uint_eq(o->nsmtp_keys, 1);
	ck_assert_str_eq(smtp_key_string(t, &o->smtp_keys[0]),
	    "shared@contoso.com");
	ck_assert_str_eq(smtp_key_raw(o, &o->smtp_keys[0]),
	    "SMTP:Shared@contoso.com");
}
END_TEST

#define ONPREM_OBJECT_ID	"0c4b6a1e-5f2d-4e8a-9b7c-1d2e3f405162"

/*
 * Fields one side only has share their room in struct object: a value
 * the other side's export carries is not kept, and cannot overwrite the
 * object's own (a cloud targetAddress would land on its onPremises DN).
 */
START_TEST(test_side_only_fields)
{
	static const char *const cloud[] = {
		"id", "c1", "userType", "Guest",
		"onPremisesDistinguishedName", "CN=x,DC=c",
		"onPremisesObjectIdentifier", ONPREM_OBJECT_ID,
		"targetAddress", "SMTP:x@fabrikam.com",
		"msExchRecipientTypeDetails", "2147483648",
		"userAccountControl", "514", NULL
	};
	static const char *const onprem[] = {
		"objectClass", "user", "userType", "Member", "id", "Y1",
		"onPremisesDistinguishedName", "CN=y,DC=c",
		"targetAddress", "SMTP:y@fabrikam.com",
		"msExchRecipientTypeDetails", "1",
		"userAccountControl", "512", NULL
	};
	const struct object	*c, *o;
	size_t			 n;

	c = load(SIDE_CLOUD, NULL, cloud);
	o = load(SIDE_ONPREM, "CN=y,DC=c", onprem);
	ck_assert_str_eq(object_user_type(c), "Guest");
	ck_assert_str_eq(object_onprem_dn(c), "CN=x,DC=c");
	ck_assert_str_eq(object_onprem_object_id(c), ONPREM_OBJECT_ID);
	ck_assert_ptr_null(object_target_address(c));
	ck_assert(!c->has_recipient_type);
	ck_assert_uint_eq(object_recipient_type_details(c), 0);
	ck_assert(!c->has_uac);
	ck_assert_uint_eq(object_user_account_control(c), 0);
	ck_assert(c->is_disabled);
	ck_assert_str_eq(object_target_address(o), "SMTP:y@fabrikam.com");
	ck_assert(o->has_recipient_type);
	ck_assert(object_recipient_type_details(o) == 1);
	ck_assert(o->has_uac);
	ck_assert_uint_eq(object_user_account_control(o), 512);
	ck_assert_ptr_null(object_user_type(o));
	ck_assert_ptr_null(object_onprem_dn(o));
	ck_assert_ptr_null(object_onprem_object_id(o));
	ck_assert_str_eq(object_id_key(c), "c1");
	ck_assert_ptr_null(object_guid_b64(c));
	ck_assert_str_eq(o->id, "Y1");
	ck_assert_ptr_null(object_id_key(o));
	table_index(t);
	ck_assert_ptr_null(lookup(KEY_CLOUD_ID, "y1", &n));
	ck_assert_ptr_nonnull(lookup(KEY_CLOUD_ID, "c1", &n));
}
END_TEST

/* File and label are the input's, shared by its objects. */
START_TEST(test_origin)
{
	const struct object_origin	*origin;
	struct object			*a, *b;
	char				 file[] = "forest.ldf";

	origin = table_origin(t, file, "corp");
	a = table_add(t, SIDE_ONPREM, origin, 3);
	b = table_add(t, SIDE_ONPREM, origin, 9);
	file[0] = 'F';
	ck_assert_ptr_eq(a->origin, b->origin);
	ck_assert_str_eq(a->origin->file, "forest.ldf");
	ck_assert_ptr_eq(a->origin->file, table_intern(t, "forest.ldf", 10));
	ck_assert_str_eq(b->origin->label, "corp");
	ck_assert_uint_eq(a->line, 3);
	ck_assert_uint_eq(b->line, 9);
}
END_TEST

/*
 * A proxy whose address is its own key is one copy with that key (a UPN
 * interned before it included); one whose address needs lower-casing, or
 * whose key already follows another casing of "smtp:", is its own copy.
 */
START_TEST(test_proxy_shares_key)
{
	static const char *const a[] = {
		"objectClass", "user", "userPrincipalName", "bob@contoso.com",
		"proxyAddresses", "SMTP:Ana@contoso.com",
		"proxyAddresses", "smtp:alima@contoso.com",
		"proxyAddresses", "smtp:bob@contoso.com",
		"proxyAddresses", "X500:/o=contoso/cn=alima", NULL
	};
	static const char *const b[] = {
		"objectClass", "user",
		"proxyAddresses", "SMTP:alima@contoso.com", NULL
	};
	const struct object	*o, *ob;

	o = load(SIDE_ONPREM, "CN=a,DC=c", a);
	ob = load(SIDE_ONPREM, "CN=b,DC=c", b);
	ck_assert_uint_eq(o->nsmtp_keys, 3);
	ck_assert_str_eq(o->proxy_addresses[1], "smtp:alima@contoso.com");
	ck_assert_ptr_eq(smtp_key_string(t, &o->smtp_keys[1]),
	    o->proxy_addresses[1] + 5);
	ck_assert_ptr_eq(smtp_key_string(t, &o->smtp_keys[2]),
	    o->proxy_addresses[2] + 5);
	ck_assert_ptr_eq(o->upn_key, o->proxy_addresses[2] + 5);
	ck_assert_str_eq(smtp_key_string(t, &o->smtp_keys[0]),
	    "ana@contoso.com");
	ck_assert_str_eq(o->proxy_addresses[0], "SMTP:Ana@contoso.com");
	ck_assert_str_eq(ob->proxy_addresses[0], "SMTP:alima@contoso.com");
	ck_assert_ptr_ne(ob->proxy_addresses[0] + 5,
	    o->proxy_addresses[1] + 5);
	ck_assert_uint_eq(ob->smtp_keys[0].key_id, o->smtp_keys[1].key_id);
	ck_assert_ptr_null(table_intern_proxy(t, "X500:/o=x", 9));
	ck_assert_ptr_null(table_intern_proxy(t, "smtp: sp@x", 10));
	ck_assert_ptr_null(table_intern_proxy(t, "smtp:", 5));
}
END_TEST

/*
 * What a posting derives from its object: the value as held and where it
 * is, for every key space.  The SMTP rows hold one key twice (mail and a
 * proxy): the posting keeps the primary proxy, its slot and its casing.
 */
static const struct posting_case {
	enum side		 side;
	enum key_space		 space;
	const char		*key;
	const char		*raw;
	const char		*attribute;
} posting_cases[] = {
	{ SIDE_ONPREM, KEY_UPN, "u@contoso.com", "U@Contoso.com",
	    "userPrincipalName" },
	{ SIDE_ONPREM, KEY_SMTP, "m@contoso.com", "SMTP:M@contoso.com",
	    "proxyAddresses" },
	{ SIDE_ONPREM, KEY_SMTP, "only@contoso.com", "Only@contoso.com",
	    "mail" },
	{ SIDE_ONPREM, KEY_SMTP, "x@contoso.com", "smtp:X@Contoso.com",
	    "proxyAddresses" },
	{ SIDE_ONPREM, KEY_ANCHOR, GUID_B64, GUID_B64, "objectGUID" },
	{ SIDE_CLOUD, KEY_CLOUD_ID, "abc-def", "ABC-def", "id" },
	{ SIDE_CLOUD, KEY_ANCHOR, GUID_B64, GUID_B64,
	    "onPremisesImmutableId" },
};

START_TEST(test_posting_derived)
{
	static const char *const onprem[] = {
		"objectClass", "user", "userPrincipalName", "U@Contoso.com",
		"*objectGUID", GUID_HEX, "mail", "m@contoso.com",
		"proxyAddresses", "smtp:X@Contoso.com",
		"proxyAddresses", "SMTP:M@contoso.com", NULL
	};
	static const char *const contact[] = {
		"objectClass", "contact", "mail", "Only@contoso.com", NULL
	};
	static const char *const cloud[] = {
		"id", "ABC-def", "onPremisesImmutableId", GUID_B64, NULL
	};
	const struct posting_case	*c = &posting_cases[_i];
	const struct posting		*p;
	size_t				 n;

	load(SIDE_ONPREM, "CN=u,DC=c", onprem);
	load(SIDE_ONPREM, "CN=only,DC=c", contact);
	load(SIDE_CLOUD, NULL, cloud);
	table_index(t);
	p = lookup(c->space, c->key, &n);
	ck_assert_uint_eq(n, c->space == KEY_ANCHOR ? 2 : 1);
	if (c->side == SIDE_CLOUD)
		p += n - 1;
	ck_assert_int_eq(posting_object(t, p)->side, c->side);
	ck_assert_str_eq(posting_raw(t, p), c->raw);
	ck_assert_str_eq(posting_attribute(t, p), c->attribute);
}
END_TEST

/* Collects the keys of a space in the order table_foreach_key gives. */
struct key_list {
	const char	*keys[8];
	size_t		 counts[8];
	size_t		 n;
};

static void
list_key(const char *key, const struct posting *p, size_t n, void *arg)
{
	struct key_list	*l = arg;

	(void)p;
	ck_assert_uint_lt(l->n, ARRAY_SIZE(l->keys));
	l->keys[l->n] = key;
	l->counts[l->n++] = n;
}

/*
 * The indexes are rows by string id: keys interned in one order but first
 * held in another still come back in first-held order, rows do not bleed
 * into their neighbours, and a rebuild sees objects loaded since.
 */
START_TEST(test_index_rows)
{
	static const char *const x[] = {
		"objectClass", "user", "mail", "x@contoso.com",
		"proxyAddresses", "smtp:w@contoso.com", NULL
	};
	static const char *const y[] = {
		"objectClass", "user", "mail", "w@contoso.com",
		"proxyAddresses", "smtp:x@contoso.com",
		"proxyAddresses", "smtp:v@contoso.com", NULL
	};
	struct key_list		 l = { .n = 0 };
	const struct posting	*p;
	size_t			 n;

	/* Interned before any object holds them, in reverse order. */
	table_intern(t, "v@contoso.com", 13);
	table_intern(t, "w@contoso.com", 13);
	load(SIDE_ONPREM, "CN=x,DC=c", x);
	load(SIDE_ONPREM, "CN=y,DC=c", y);
	table_index(t);
	table_foreach_key(t, KEY_SMTP, 1, list_key, &l);
	ck_assert_uint_eq(l.n, 3);
	ck_assert_str_eq(l.keys[0], "x@contoso.com");
	ck_assert_str_eq(l.keys[1], "w@contoso.com");
	ck_assert_str_eq(l.keys[2], "v@contoso.com");
	ck_assert_uint_eq(l.counts[0], 2);
	ck_assert_uint_eq(l.counts[2], 1);
	/* Two holders or more: listed by the index, the same order. */
	l.n = 0;
	table_foreach_key(t, KEY_SMTP, 2, list_key, &l);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_str_eq(l.keys[0], "x@contoso.com");
	ck_assert_str_eq(l.keys[1], "w@contoso.com");
	ck_assert_uint_eq(l.counts[1], 2);
	p = lookup(KEY_SMTP, "v@contoso.com", &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(posting_object(t, &p[0])->dn, "CN=y,DC=c");
	p = lookup(KEY_SMTP, "w@contoso.com", &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(p[0].source, ADDR_SECONDARY);
	ck_assert_int_eq(p[1].source, ADDR_MAIL);
	/* Interned after indexing: a string, but held by nobody. */
	table_intern(t, "late@contoso.com", 16);
	ck_assert_ptr_null(lookup(KEY_SMTP, "late@contoso.com", &n));
	ck_assert_uint_eq(n, 0);
	/* The same key space rebuilt with a third holder. */
	load(SIDE_CLOUD, NULL, x);
	table_index(t);
	ck_assert_ptr_nonnull(lookup(KEY_SMTP, "x@contoso.com", &n));
	ck_assert_uint_eq(n, 3);
}
END_TEST

/* Interned strings carry a head in front: odd lengths must not matter. */
/*
 * The key spaces share one row per string: a string that is a UPN for
 * some objects and an address of others comes back split by space, each
 * part in table order, and each space lists its keys in its own order.
 */
START_TEST(test_index_shared_rows)
{
	static const char *const a[] = {
		"objectClass", "user", "userPrincipalName", "x@contoso.com",
		"proxyAddresses", "smtp:y@contoso.com", NULL
	};
	static const char *const b[] = {
		"objectClass", "user", "mail", "x@contoso.com",
		"userPrincipalName", "y@contoso.com", NULL
	};
	static const char *const c[] = {
		"id", "3", "userPrincipalName", "X@contoso.com",
		"proxyAddresses", "SMTP:x@contoso.com", NULL
	};
	struct key_list		 l = { .n = 0 };
	const struct posting	*p;
	size_t			 n;

	load(SIDE_ONPREM, "CN=a,DC=c", a);
	load(SIDE_ONPREM, "CN=b,DC=c", b);
	load(SIDE_CLOUD, NULL, c);
	table_index(t);
	p = lookup(KEY_UPN, "x@contoso.com", &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(posting_object(t, &p[0])->dn, "CN=a,DC=c");
	ck_assert_str_eq(posting_object(t, &p[1])->id, "3");
	ck_assert_str_eq(posting_raw(t, &p[1]), "X@contoso.com");
	p = lookup(KEY_SMTP, "x@contoso.com", &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(posting_object(t, &p[0])->dn, "CN=b,DC=c");
	ck_assert_str_eq(posting_attribute(t, &p[0]), "mail");
	ck_assert_str_eq(posting_raw(t, &p[1]), "SMTP:x@contoso.com");
	p = lookup(KEY_UPN, "y@contoso.com", &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(posting_object(t, &p[0])->dn, "CN=b,DC=c");
	p = lookup(KEY_SMTP, "y@contoso.com", &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(posting_object(t, &p[0])->dn, "CN=a,DC=c");
	ck_assert_ptr_null(lookup(KEY_ANCHOR, "x@contoso.com", &n));
	ck_assert_uint_eq(n, 0);
	table_foreach_key(t, KEY_SMTP, 1, list_key, &l);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_str_eq(l.keys[0], "y@contoso.com");
	ck_assert_uint_eq(l.counts[0], 1);
	ck_assert_str_eq(l.keys[1], "x@contoso.com");
	ck_assert_uint_eq(l.counts[1], 2);
	l.n = 0;
	table_foreach_key(t, KEY_UPN, 2, list_key, &l);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_str_eq(l.keys[0], "x@contoso.com");
}
END_TEST

START_TEST(test_intern_lengths)
{
	const char	*s[40];
	char		 buf[64];
	size_t		 i;

	for (i = 0; i < ARRAY_SIZE(s); i++) {
		memset(buf, 'a' + (int)(i % 26), i);
		s[i] = table_intern(t, buf, i);
		ck_assert_uint_eq(strlen(s[i]), i);
	}
	for (i = 0; i < ARRAY_SIZE(s); i++) {
		memset(buf, 'a' + (int)(i % 26), i);
		ck_assert_ptr_eq(table_intern(t, buf, i), s[i]);
		ck_assert_ptr_ne(table_strndup(t, buf, i), s[i]);
	}
}
END_TEST

/*
 * A value already in key form is stored once, shared with its key; any
 * other is copied, and its key is a separate lower-case string.
 */
static const struct key_form_case {
	const char	*name;
	const char	*value;
	bool		 is_shared;
} key_form_cases[] = {
	{ "userPrincipalName",	"ana.lima@contoso.com",		true },
	{ "userPrincipalName",	"Ana.Lima@contoso.com",		false },
	{ "userPrincipalName",	" ana.lima@contoso.com",	false },
	{ "userPrincipalName",	"ana.lima@contoso.com\t",	false },
	{ "mail",		"ana.lima@contoso.com",		true },
	{ "mail",		"ANA@contoso.com",		false },
	{ "id",			"7d2c0b53-3c86-4d8c-9a0f",	true },
	{ "id",			"7D2C0B53-3C86-4D8C-9A0F",	false },
};

START_TEST(test_key_form)
{
	const struct key_form_case	*c = &key_form_cases[_i];
	const char *const		 pairs[] = { "objectClass", "user",
					    c->name, c->value, NULL };
	const struct object		*o;
	const char			*value, *key;

	o = load(c->name[0] == 'i' ? SIDE_CLOUD : SIDE_ONPREM,
	    c->name[0] == 'i' ? NULL : "CN=a,DC=c", pairs);
	if (c->name[0] == 'u') {
		value = o->upn;
		key = o->upn_key;
	} else if (c->name[0] == 'm') {
		value = o->mail;
		key = smtp_key_string(t, &o->smtp_keys[0]);
	} else {
		value = o->id;
		key = object_id_key(o);
	}
	ck_assert_str_eq(value, c->value);
	ck_assert_int_eq(value == key, c->is_shared);
}
END_TEST

/* smtp_keys holds mail and the smtp proxies only, sized to them. */
START_TEST(test_smtp_keys_exact)
{
	static const char *const none[] = {
		"objectClass", "user", "proxyAddresses", "X500:/o=Contoso/cn=a",
		"proxyAddresses", "SIP:a@contoso.com", NULL
	};
	static const char *const some[] = {
		"objectClass", "user", "proxyAddresses", "X500:/o=Contoso/cn=b",
		"proxyAddresses", "smtp:b@contoso.com", "mail", "B@contoso.com",
		NULL
	};
	const struct object	*o;

	o = load(SIDE_ONPREM, "CN=a,DC=c", none);
	ck_assert_uint_eq(o->nsmtp_keys, 0);
	ck_assert_uint_eq(o->nproxy_addresses, 2);
	o = load(SIDE_ONPREM, "CN=b,DC=c", some);
	ck_assert_uint_eq(o->nsmtp_keys, 1);
	ck_assert_int_eq(o->smtp_keys[0].source, ADDR_MAIL);
	ck_assert_str_eq(smtp_key_string(t, &o->smtp_keys[0]), "b@contoso.com");
}
END_TEST

START_TEST(test_roles)
{
	static const char *const admin[] = {
		"id", "11111111-2222-3333-4444-555555555555",
		"userPrincipalName", "Admin@contoso.com", NULL
	};
	const struct object	*o;

	o = load(SIDE_CLOUD, NULL, admin);
	table_add_role(t, "Global Administrator",
	    "11111111-2222-3333-4444-555555555555", NULL);
	table_add_role(t, "User Administrator", NULL, "admin@CONTOSO.com");
	table_add_role(t, "Global Administrator", NULL, "admin@contoso.com");
	table_add_role(t, "Global Reader", "00000000-0000-0000-0000-000000000000",
	    NULL);
	table_index(t);
	ck_assert_uint_eq(o->rare->nroles, 2);
	ck_assert_str_eq(o->rare->roles[0], "Global Administrator");
	ck_assert_str_eq(o->rare->roles[1], "User Administrator");
	ck_assert_uint_eq(table_unmatched_roles(t), 1);
}
END_TEST

START_TEST(test_cloud_immutable_id)
{
	static const char *const good[] = {
		"id", "1", "onPremisesImmutableId", GUID_B64,
		"onPremisesSyncEnabled", "True", "accountEnabled", "false", NULL
	};
	static const char *const odd[] = {
		"id", "2", "onPremisesImmutableId", "bob@contoso.com", NULL
	};
	const struct object	*o;

	o = load(SIDE_CLOUD, NULL, good);
	ck_assert(o->has_immutable_id_bytes);
	ck_assert_str_eq(object_anchor(o), GUID_B64);
	ck_assert_int_eq(o->sync_enabled, TRI_TRUE);
	ck_assert(o->is_disabled);
	ck_assert_int_eq(o->type, OBJ_USER);
	o = load(SIDE_CLOUD, NULL, odd);
	ck_assert(!o->has_immutable_id_bytes);
	ck_assert_str_eq(o->immutable_id, "bob@contoso.com");
}
END_TEST

/* Which on-premises SMTP proxies the proxy calculation discards. */
static const struct discard_case {
	const char	*address;
	bool		 is_discarded;
	bool		 is_reserved;
} discard_cases[] = {
	{ "ana@contoso.com", false, false },
	{ "o'brien+news@mail.contoso.com", false, false },
	{ "", true, false },
	{ "ana.contoso.com", true, false },
	{ "@contoso.com", true, false },
	{ "ana@", true, false },
	{ "ana@x@contoso.com", true, false },
	{ ".ana@contoso.com", true, false },
	{ "ana.@contoso.com", true, false },
	{ "a..na@contoso.com", true, false },
	{ "ana@contoso..com", true, false },
	{ "ana smith@contoso.com", true, false },
	{ "ana@contoso.com\x7f", true, false },
	{ "jos\xc3\xa9@contoso.com", true, false },
	{ "ana;b@contoso.com", true, false },
	{ "ana@contoso.onmicrosoft.com", true, true },
	{ "ana@CONTOSO.OnMicrosoft.COM", true, true },
	{ "ana@onmicrosoft.com", true, true },
	{ "ana@contoso.mail.onmicrosoft.com", true, true },
	{ "ana@contoso.microsoftonline.com", true, true },
	{ "ana@xonmicrosoft.com", false, false },
	{ "ana@onmicrosoft.com.contoso.com", false, false },
	{ "ana@nmicrosoft.com", false, false },
};

START_TEST(test_smtp_proxy_discarded)
{
	const struct discard_case	*c = &discard_cases[_i];

	ck_assert_msg(smtp_proxy_is_discarded(c->address) == c->is_discarded,
	    "'%s': discarded should be %d", c->address, c->is_discarded);
	ck_assert_msg(smtp_proxy_is_reserved(c->address) == c->is_reserved,
	    "'%s': reserved should be %d", c->address, c->is_reserved);
}
END_TEST

/*
 * A cloud object stores a value it shares byte for byte with its on-prem
 * twin (whose anchor is its onPremisesImmutableId) as the twin's copy,
 * near the same position for proxies; any other value is its own copy.
 * Values and keys read the same as those of a cloud object that has no
 * twin: loaded before the on-prem one, it finds none.
 */
START_TEST(test_cloud_shares_twin)
{
	static const char *const onprem[] = {
		"objectClass", "user", "*objectGUID", GUID_HEX,
		"userPrincipalName", "Ana.Lima@contoso.com",
		"displayName", "Ana Lima", "mailNickname", "ana.lima",
		"mail", "Ana.Lima@contoso.com",
		"proxyAddresses", "SMTP:Ana.Lima@contoso.com",
		"proxyAddresses", "smtp:alima@contoso.com",
		"proxyAddresses", "X500:/o=Contoso/cn=alima", NULL
	};
	const char *cloud[] = {
		"id", "1", "onPremisesImmutableId", GUID_B64,
		"userPrincipalName", "Ana.Lima@contoso.com",
		"displayName", "Ana Lima", "mailNickname", "ana.lima2",
		"mail", "Ana.Lima@contoso.com",
		"proxyAddresses", "smtp:ana@contoso.onmicrosoft.com",
		"proxyAddresses", "SMTP:Ana.Lima@contoso.com",
		"proxyAddresses", "X500:/o=Contoso/cn=alima",
		"proxyAddresses", "smtp:ALIMA@contoso.com",
		"onPremisesDistinguishedName", "CN=Ana Lima,DC=c", NULL
	};
	const struct object	*alone, *twin, *o, *moved;
	uint32_t		 i;

	alone = load(SIDE_CLOUD, NULL, cloud);
	twin = load(SIDE_ONPREM, "CN=Ana Lima,DC=c", onprem);
	cloud[1] = "2";
	o = load(SIDE_CLOUD, NULL, cloud);
	/* A DN that differs from the twin's (moved since) is its own. */
	cloud[1] = "3";
	cloud[ARRAY_SIZE(cloud) - 2] = "CN=Ana Lima,OU=Lisbon,DC=c";
	moved = load(SIDE_CLOUD, NULL, cloud);

	ck_assert_ptr_eq(object_onprem_dn(o), twin->dn);
	ck_assert_ptr_ne(object_onprem_dn(alone), twin->dn);
	ck_assert_str_eq(object_onprem_dn(alone), twin->dn);
	ck_assert_str_eq(object_onprem_dn(moved), "CN=Ana Lima,OU=Lisbon,DC=c");

	ck_assert_ptr_eq(o->upn, twin->upn);
	ck_assert_ptr_eq(o->display_name, twin->display_name);
	ck_assert_ptr_eq(o->mail, twin->mail);
	ck_assert_ptr_ne(o->mail_nickname, twin->mail_nickname);
	ck_assert_ptr_eq(o->proxy_addresses[1], twin->proxy_addresses[0]);
	ck_assert_ptr_eq(o->proxy_addresses[2], twin->proxy_addresses[2]);
	ck_assert_ptr_ne(o->proxy_addresses[3], twin->proxy_addresses[1]);
	ck_assert_ptr_ne(alone->upn, twin->upn);
	ck_assert_ptr_ne(alone->display_name, twin->display_name);

	ck_assert_str_eq(o->upn, alone->upn);
	ck_assert_str_eq(o->display_name, alone->display_name);
	ck_assert_str_eq(o->mail_nickname, "ana.lima2");
	ck_assert_str_eq(o->mail, alone->mail);
	ck_assert_uint_eq(o->nproxy_addresses, alone->nproxy_addresses);
	for (i = 0; i < o->nproxy_addresses; i++)
		ck_assert_str_eq(o->proxy_addresses[i],
		    alone->proxy_addresses[i]);
	ck_assert_ptr_eq(o->upn_key, alone->upn_key);
	ck_assert_ptr_eq(object_anchor(o), object_anchor(alone));
	ck_assert_uint_eq(o->nsmtp_keys, alone->nsmtp_keys);
	for (i = 0; i < o->nsmtp_keys; i++) {
		ck_assert_uint_eq(o->smtp_keys[i].key_id,
		    alone->smtp_keys[i].key_id);
		ck_assert_uint_eq(o->smtp_keys[i].proxy,
		    alone->smtp_keys[i].proxy);
		ck_assert_int_eq(o->smtp_keys[i].source,
		    alone->smtp_keys[i].source);
	}
}
END_TEST

START_TEST(test_domains)
{
	struct domain	d;

	memset(&d, 0, sizeof(d));
	d.name = table_intern_lower(t, "Contoso.com", 11);
	d.is_verified = TRI_TRUE;
	table_add_domain(t, &d);
	ck_assert_ptr_nonnull(table_find_domain(t, "CONTOSO.COM."));
	ck_assert_ptr_null(table_find_domain(t, "fabrikam.com"));
	d.is_federated = true;
	table_add_domain(t, &d);
	ck_assert_uint_eq(table_ndomains(t), 1);
	ck_assert(table_find_domain(t, "contoso.com")->is_federated);
}
END_TEST

/* Hundreds of domains, each found by its name in any case, and no other. */
START_TEST(test_many_domains)
{
	struct domain	d;
	char		name[64], other[64];
	size_t		i;

	memset(&d, 0, sizeof(d));
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "d%zu.Contoso.com", i);
		d.name = table_intern_lower(t, name, strlen(name));
		table_add_domain(t, &d);
	}
	ck_assert_uint_eq(table_ndomains(t), 300);
	for (i = 0; i < 300; i++) {
		const struct domain	*found;

		snprintf(name, sizeof(name), "D%zu.CONTOSO.COM", i);
		found = table_find_domain(t, name);
		ck_assert_ptr_nonnull(found);
		ck_assert_ptr_eq(found, table_domain(t, i));
		snprintf(other, sizeof(other), "d%zu.contoso.co", i);
		ck_assert_ptr_null(table_find_domain(t, other));
		snprintf(other, sizeof(other), "x.d%zu.contoso.com", i);
		ck_assert_ptr_null(table_find_domain(t, other));
	}
	ck_assert_ptr_null(table_find_domain(t, ""));
}
END_TEST

/* Overlapping exports name a cloud object twice: one object, merged. */
START_TEST(test_cloud_merge_by_id)
{
	static const char *const first[] = {
		"id", "AAAA-1", "displayName", "Ana", NULL
	};
	static const char *const again[] = {
		"id", "aaaa-1", "userPrincipalName", "ana@contoso.com",
		"displayName", "Ana Lima", "proxyAddresses", "SMTP:ana@contoso.com",
		NULL
	};
	static const char *const other[] = { "id", "BBBB-2", NULL };
	const struct object	*o;

	load(SIDE_CLOUD, NULL, first);
	load(SIDE_CLOUD, NULL, again);
	load(SIDE_CLOUD, NULL, other);
	ck_assert_uint_eq(table_count(t), 2);
	o = table_get(t, 0);
	ck_assert_str_eq(o->display_name, "Ana");	/* the first wins */
	ck_assert_str_eq(o->upn, "ana@contoso.com");	/* gaps are filled */
	ck_assert_str_eq(o->upn_key, "ana@contoso.com");
	ck_assert_uint_eq(o->nsmtp_keys, 1);
	ck_assert_uint_eq(dg.inputs[0].records, 3);
	ck_assert_uint_eq(dg.inputs[0].accepted, 2);
	ck_assert_uint_eq(dg.inputs[0].skipped, 1);
	ck_assert_int_eq(dg.msgs[0].code, D_CLOUD_MERGED);
}
END_TEST

/*
 * Connect's sync rules scope what it exports, not what Entra ID holds: a
 * cloud object is in scope whatever it says (scope_decide).
 */
START_TEST(test_cloud_scope)
{
	static const char *const pairs[] = {
		"id", "c-1", "objectType", "Computer", "isDeleted", "TRUE",
		"isCriticalSystemObject", "TRUE", NULL
	};
	const struct object	*o = load(SIDE_CLOUD, NULL, pairs);

	ck_assert_int_eq(o->type, OBJ_OTHER);
	ck_assert_int_eq(o->scope, SCOPE_IN);
	ck_assert_ptr_null(o->rare->scope_note);
}
END_TEST

/*
 * One name for an object in every finding and report line: each field
 * stands in only when the ones before it are missing.
 */
static const struct display_name_case {
	const char	*dn, *upn, *display_name, *mail, *id;
	const char	*want;
} display_name_cases[] = {
	{ "CN=Ana,DC=x", "ana@x.com", "Ana", "a@x.com", "1", "CN=Ana,DC=x" },
	{ NULL, "ana@x.com", "Ana", "a@x.com", "1", "ana@x.com" },
	{ NULL, NULL, "Ana", "a@x.com", "1", "Ana" },
	{ NULL, NULL, NULL, "a@x.com", "1", "a@x.com" },
	{ NULL, NULL, NULL, NULL, "1", "1" },
	{ NULL, NULL, NULL, NULL, NULL, "(unnamed object)" },
};

START_TEST(test_display_name)
{
	const struct display_name_case	*c = &display_name_cases[_i];
	struct object			 o;

	memset(&o, 0, sizeof(o));
	o.dn = c->dn;
	o.upn = c->upn;
	o.display_name = c->display_name;
	o.mail = c->mail;
	o.id = c->id;
	ck_assert_str_eq(object_display_name(&o), c->want);
}
END_TEST

/* Users, groups and contacts are synchronised; nothing else is. */
START_TEST(test_sync_type)
{
	ck_assert(object_is_sync_type(OBJ_USER));
	ck_assert(object_is_sync_type(OBJ_GROUP));
	ck_assert(object_is_sync_type(OBJ_CONTACT));
	ck_assert(!object_is_sync_type(OBJ_COMPUTER));
	ck_assert(!object_is_sync_type(OBJ_FSP));
	ck_assert(!object_is_sync_type(OBJ_OTHER));
}
END_TEST

static Suite *
table_suite(void)
{
	Suite	*s = suite_create("table");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_intern);
	tcase_add_loop_test(tc, test_type_and_scope, 0,
	    ARRAY_SIZE(type_cases));
	tcase_add_test(tc, test_keys);
	tcase_add_test(tc, test_primary_outranks_mail);
	tcase_add_test(tc, test_anchor_modes);
	tcase_add_test(tc, test_anchor_by_type);
	tcase_add_test(tc, test_member_limit);
	tcase_add_test(tc, test_guid_text);
	tcase_add_test(tc, test_account_state);
	tcase_add_test(tc, test_rare_fields);
	tcase_add_test(tc, test_names_copy);
	tcase_add_test(tc, test_held_names);
	tcase_add_test(tc, test_mail_shares_proxy);
	tcase_add_test(tc, test_duplicate_dn);
	tcase_add_test(tc, test_index);
	tcase_add_test(tc, test_release_lookups);
	tcase_add_test(tc, test_side_only_fields);
	tcase_add_test(tc, test_origin);
	tcase_add_test(tc, test_proxy_shares_key);
	tcase_add_loop_test(tc, test_posting_derived, 0,
	    ARRAY_SIZE(posting_cases));
	tcase_add_test(tc, test_index_rows);
	tcase_add_test(tc, test_index_shared_rows);
	tcase_add_test(tc, test_intern_lengths);
	tcase_add_loop_test(tc, test_key_form, 0, ARRAY_SIZE(key_form_cases));
	tcase_add_test(tc, test_smtp_keys_exact);
	tcase_add_test(tc, test_roles);
	tcase_add_test(tc, test_cloud_immutable_id);
	tcase_add_test(tc, test_cloud_shares_twin);
	tcase_add_test(tc, test_domains);
	tcase_add_test(tc, test_many_domains);
	tcase_add_test(tc, test_cloud_merge_by_id);
	tcase_add_loop_test(tc, test_display_name, 0,
	    ARRAY_SIZE(display_name_cases));
	tcase_add_test(tc, test_sync_type);
	tcase_add_test(tc, test_cloud_scope);
	tcase_add_loop_test(tc, test_smtp_proxy_discarded, 0,
	    sizeof(discard_cases) / sizeof(discard_cases[0]));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(table_suite());
}
