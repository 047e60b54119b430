/*
 * Tests of IdentityDataValidationFailed and LargeObject: one table row per
 * case, each loading one on-premises object (and tenant domains when the
 * row names some), running the two rules, and checking the findings:
 * rule, severity, attribute and a phrase of the summary, or none at all.
 * Near misses (an apostrophe, X500 punctuation, exact limits) are rows.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "rule.h"
#include "rulekit.h"
#include "testutil.h"
#include "xalloc.h"

#define IDV	"IdentityDataValidationFailed"
#define LO	"LargeObject"

struct vcase {
	const char	*name;		/* what the row shows */
	const char	*attrs[13];	/* pairs; "x{5}" expands to "xxxxx" */
	const char	*domains;	/* "name=flags,...": v verified, i initial */
	size_t		 ncerts, nsmime, nproxies, photo, nextensions;
	const char	*rule;		/* NULL: neither rule finds anything */
	enum severity	 severity;
	const char	*attribute;
	size_t		 nfindings;	/* of rule, all attributes */
	const char	*summary_has;	/* NULL: not checked */
	const char	*step_has;	/* NULL: not checked */
	/* The finding's proposed value; NULL: not checked, "": none. */
	const char	*proposed;
};

#define USER	"objectClass", "user"

static const struct vcase cases[] = {
	/* userPrincipalName: valid shapes, including IdFix's false alarms */
	{ .name = "plain UPN", .attrs = { USER, "userPrincipalName", "ana@contoso.com" } },
	{ .name = "apostrophe", .attrs = { USER, "userPrincipalName", "o'brien@contoso.com" } },
	{ .name = "new gTLD", .attrs = { USER, "userPrincipalName", "ana@contoso.consulting" } },
	{ .name = "allowed symbols", .attrs = { USER, "userPrincipalName",
	    "a.b-c_d!e#f^g~h@contoso.com" } },
	{ .name = "113 characters", .attrs = { USER, "userPrincipalName", "a{64}@d{44}.com" } },
	{ .name = "114 characters", .attrs = { USER, "userPrincipalName", "a{64}@d{45}.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "userPrincipalName",
	    .nfindings = 1, .summary_has = "114 characters long" },
	{ .name = "prefix 65", .attrs = { USER, "userPrincipalName", "a{65}@contoso.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "userPrincipalName",
	    .nfindings = 1, .summary_has = "before the '@' is 65 characters" },
	{ .name = "percent", .attrs = { USER, "userPrincipalName", "an%a@contoso.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "userPrincipalName",
	    .nfindings = 1, .summary_has = "character '%' at position 3" },
	{ .name = "no at", .attrs = { USER, "userPrincipalName", "ana.contoso.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "userPrincipalName",
	    .nfindings = 1, .summary_has = "no '@'" },
	{ .name = "two at", .attrs = { USER, "userPrincipalName", "ana@x@contoso.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "userPrincipalName",
	    .nfindings = 1, .summary_has = "2 '@' characters" },
	{ .name = "empty prefix", .attrs = { USER, "userPrincipalName", "@contoso.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "userPrincipalName",
	    .nfindings = 1, .summary_has = "nothing before the '@'" },
	{ .name = "dot before at", .attrs = { USER, "userPrincipalName", "ana.@contoso.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "userPrincipalName",
	    .nfindings = 1, .summary_has = "'.' comes right before the '@'",
	    .step_has = "to 'ana@contoso.com'" },
	{ .name = "two dots before at: one finding", .attrs = { USER,
	    "userPrincipalName", "ana..@contoso.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "userPrincipalName",
	    .nfindings = 1, .summary_has = "'.' comes right before the '@'",
	    .proposed = "ana@contoso.com" },
	{ .name = "a..b: one finding, proposed", .attrs = { USER,
	    "userPrincipalName", "a..b@contoso.com" },
	    .rule = IDV, .severity = SEV_WARNING,
	    .attribute = "userPrincipalName", .nfindings = 1,
	    .summary_has = "'..' at position 2", .proposed = "a.b@contoso.com" },
	{ .name = "accents spelt in ASCII", .attrs = { USER, "userPrincipalName",
	    "Jos\xc3\xa9.M\xc3\xbcller@contoso.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "userPrincipalName",
	    .nfindings = 1, .proposed = "Jose.Muller@contoso.com" },
	{ .name = "stroke and ligature letters", .attrs = { USER,
	    "userPrincipalName", "\xc5\x81ukasz.Stra\xc3\x9f"
	    "e.\xc3\x86sa.\xc5\x93@contoso.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "userPrincipalName",
	    .nfindings = 1, .proposed = "Lukasz.Strasse.AEsa.oe@contoso.com" },
	{ .name = "a letter with no spelling: no proposal", .attrs = { USER,
	    "userPrincipalName", "\xce\xb1na@contoso.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "userPrincipalName",
	    .nfindings = 1, .proposed = "" },
	{ .name = "symbol at the end: removed", .attrs = { USER,
	    "userPrincipalName", "ana%@contoso.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "userPrincipalName",
	    .nfindings = 1, .proposed = "ana@contoso.com" },
	{ .name = "symbol between words: no proposal", .attrs = { USER,
	    "userPrincipalName", "ana%smith@contoso.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "userPrincipalName",
	    .nfindings = 1, .proposed = "" },
	{ .name = "space beside a dot: removed", .attrs = { USER,
	    "userPrincipalName", "ana. smith@contoso.com" },
	    .rule = IDV, .severity = SEV_WARNING,
	    .attribute = "userPrincipalName", .nfindings = 1,
	    .proposed = "ana.smith@contoso.com" },
	{ .name = "leading dot", .attrs = { USER, "userPrincipalName", ".ana@contoso.com" },
	    .rule = IDV, .severity = SEV_WARNING,
	    .attribute = "userPrincipalName", .nfindings = 1,
	    .summary_has = "starts with '.'" },
	{ .name = "doubled dot", .attrs = { USER, "userPrincipalName", "a..na@contoso.com" },
	    .rule = IDV, .severity = SEV_WARNING,
	    .attribute = "userPrincipalName", .nfindings = 1,
	    .summary_has = "'..' at position 2" },
	{ .name = "accent", .attrs = { USER, "userPrincipalName", "jos\xc3\xa9@contoso.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "userPrincipalName",
	    .nfindings = 1, .summary_has = "(U+00E9) at position 4" },
	{ .name = "surrounding spaces", .attrs = { USER, "userPrincipalName",
	    " ana@contoso.com " }, .domains = "contoso.com=v,"
	    "contoso.onmicrosoft.com=vi",
	    .rule = IDV, .severity = SEV_WARNING,
	    .attribute = "userPrincipalName", .nfindings = 1,
	    .summary_has = "'ana@contoso.onmicrosoft.com'",
	    .step_has = "to 'ana@contoso.com'" },
	{ .name = "inner space, no proposal", .attrs = { USER, "userPrincipalName",
	    "ana smith@contoso.com", "mailNickname", "asmith" },
	    .rule = IDV, .severity = SEV_WARNING,
	    .attribute = "userPrincipalName", .nfindings = 1,
	    .summary_has = "'asmith@<tenant>.onmicrosoft.com'",
	    .step_has = "Remove the whitespace", .proposed = "" },
	{ .name = "suffix label", .attrs = { USER, "userPrincipalName", "ana@-contoso.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "userPrincipalName",
	    .nfindings = 1, .summary_has = "starts or ends with '-'" },
	{ .name = "suffix underscore", .attrs = { USER, "userPrincipalName",
	    "ana@con_toso.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "userPrincipalName",
	    .nfindings = 1, .summary_has = "'_' at position 8" },

	/* userPrincipalName suffix against the tenant's domains */
	{ .name = ".local, no domains", .attrs = { USER, "userPrincipalName",
	    "ana@contoso.local" },
	    .rule = IDV, .severity = SEV_WARNING,
	    .attribute = "userPrincipalName", .nfindings = 1,
	    .summary_has = "not routable" },
	{ .name = "bare host", .attrs = { USER, "userPrincipalName", "ana@server01" },
	    .rule = IDV, .severity = SEV_WARNING,
	    .attribute = "userPrincipalName", .nfindings = 1,
	    .summary_has = "not routable" },
	{ .name = "unknown suffix, no domains", .attrs = { USER, "userPrincipalName",
	    "ana@tailspin.com" } },
	{ .name = "verified suffix", .attrs = { USER, "userPrincipalName", "ana@Contoso.com" },
	    .domains = "contoso.com=v,contoso.onmicrosoft.com=vi" },
	{ .name = "unverified suffix", .attrs = { USER, "userPrincipalName",
	    "ana@fabrikam.com" },
	    .domains = "contoso.com=v,fabrikam.com=,contoso.onmicrosoft.com=vi",
	    .rule = IDV, .severity = SEV_WARNING,
	    .attribute = "userPrincipalName", .nfindings = 1,
	    .summary_has = "not verified; Entra ID keeps the user but replaces "
	    "its UPN with 'ana@contoso.onmicrosoft.com'" },
	{ .name = "suffix not in tenant", .attrs = { USER, "userPrincipalName",
	    "ana@tailspin.com", "mailNickname", "asmith" },
	    .domains = "contoso.com=v,contoso.onmicrosoft.com=vi",
	    .rule = IDV, .severity = SEV_WARNING,
	    .attribute = "userPrincipalName", .nfindings = 1,
	    .summary_has = "'asmith@contoso.onmicrosoft.com'" },
	{ .name = "subdomain of verified", .attrs = { USER, "userPrincipalName",
	    "ana@eu.contoso.com" },
	    .domains = "contoso.com=v,contoso.onmicrosoft.com=vi",
	    .rule = IDV, .severity = SEV_WARNING,
	    .attribute = "userPrincipalName", .nfindings = 1,
	    .step_has = "subdomain of the verified contoso.com" },
	{ .name = "out of scope", .attrs = { USER, "userPrincipalName", "an%a@contoso.local",
	    "isDeleted", "TRUE", "userCertificate", "x" }, .ncerts = 20 },
	{ .name = "contact UPN not judged", .attrs = { "objectClass", "contact",
	    "userPrincipalName", "an%a@contoso.com" } },

	/* proxyAddresses */
	{ .name = "X500 punctuation", .attrs = { USER, "proxyAddresses",
	    "X500:/o=Contoso/ou=Exchange Administrative Group "
	    "(FYDIBOHF23SPDLT)/cn=Recipients/cn=ana;x=1" } },
	{ .name = "X400", .attrs = { USER, "proxyAddresses",
	    "X400:C=US;A= ;P=Contoso;O=Exchange;S=Lima;G=Ana;" } },
	{ .name = "SIP", .attrs = { USER, "proxyAddresses", "SIP:ana@contoso.com" } },
	{ .name = "SMTP apostrophe, gTLD", .attrs = { USER, "proxyAddresses",
	    "SMTP:o'brien@contoso.consulting" } },
	{ .name = "SMTP 256", .attrs = { USER, "proxyAddresses", "SMTP:a{200}@d{46}.com" } },
	{ .name = "SMTP 257", .attrs = { USER, "proxyAddresses", "SMTP:a{200}@d{47}.com" },
	    .rule = IDV, .severity = SEV_WARNING, .attribute = "proxyAddresses",
	    .nfindings = 1, .summary_has = "257 characters" },
	{ .name = "SMTP space", .attrs = { USER, "proxyAddresses", "SMTP:ana smith@contoso.com" },
	    .rule = IDV, .severity = SEV_WARNING, .attribute = "proxyAddresses",
	    .nfindings = 1, .summary_has = "a space at position 9" },
	{ .name = "SMTP space after type", .attrs = { USER, "proxyAddresses",
	    "SMTP: ana@contoso.com" },
	    .rule = IDV, .severity = SEV_WARNING, .attribute = "proxyAddresses",
	    .nfindings = 1, .step_has = "'SMTP:ana@contoso.com'" },
	{ .name = "SMTP parenthesis", .attrs = { USER, "proxyAddresses",
	    "SMTP:ana(x)@contoso.com" },
	    .rule = IDV, .severity = SEV_WARNING, .attribute = "proxyAddresses",
	    .nfindings = 1, .summary_has = "character '(' at position 9" },
	{ .name = "SMTP no type", .attrs = { USER, "proxyAddresses", "ana@contoso.com" },
	    .rule = IDV, .severity = SEV_WARNING,
	    .attribute = "proxyAddresses", .nfindings = 1,
	    .summary_has = "type:address" },
	{ .name = "X500 quote", .attrs = { USER, "proxyAddresses", "X500:/o=Contoso/cn=\"ana\"" },
	    .rule = IDV, .severity = SEV_WARNING,
	    .attribute = "proxyAddresses", .nfindings = 1,
	    .summary_has = "'\"' at position 20" },
	{ .name = "two primaries", .attrs = { USER, "proxyAddresses", "SMTP:a@contoso.com",
	    "proxyAddresses", "SMTP:b@contoso.com" },
	    .rule = IDV, .severity = SEV_WARNING,
	    .attribute = "proxyAddresses", .nfindings = 1,
	    .summary_has = "2 primary" },
	{ .name = "no primary", .attrs = { USER, "proxyAddresses", "smtp:a@contoso.com",
	    "proxyAddresses", "smtp:b@contoso.com", "mail", "b@contoso.com",
	    "mailNickname", "b" },
	    .rule = IDV, .severity = SEV_WARNING,
	    .attribute = "proxyAddresses", .nfindings = 1,
	    .step_has = "'SMTP:b@contoso.com'" },

	{ .name = "no primary, not mail-enabled", .attrs = { USER,
	    "proxyAddresses", "smtp:a@contoso.com" } },

	/* mailNickname */
	{ .name = "alias apostrophe", .attrs = { USER, "mailNickname", "o'brien" } },
	{ .name = "alias 64", .attrs = { USER, "mailNickname", "a{64}" } },
	{ .name = "alias 65", .attrs = { USER, "mailNickname", "a{65}" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "mailNickname",
	    .nfindings = 1, .summary_has = "65 characters" },
	{ .name = "alias space", .attrs = { USER, "mailNickname", "ana smith" },
	    .rule = IDV, .severity = SEV_WARNING, .attribute = "mailNickname",
	    .nfindings = 1, .summary_has = "becomes 'ana_smith'" },
	{ .name = "alias leading dot", .attrs = { USER, "mailNickname", ".ana" },
	    .rule = IDV, .severity = SEV_WARNING, .attribute = "mailNickname",
	    .nfindings = 1, .summary_has = "starts with '.'" },

	/* mail, targetAddress */
	{ .name = "mail apostrophe", .attrs = { USER, "mail", "o'brien@contoso.com" } },
	/* The edges of the one-pass scan for plain values (scan_plain). */
	{ .name = "mail label 63", .attrs = { USER, "mail", "ana@d{63}.com" } },
	{ .name = "mail label 64", .attrs = { USER, "mail", "ana@d{64}.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "mail",
	    .nfindings = 1, .summary_has = "longer than 63 characters" },
	{ .name = "mail label ends with -", .attrs = { USER, "mail", "ana@contoso-.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "mail",
	    .nfindings = 1, .summary_has = "starts or ends with '-'" },
	{ .name = "mail nothing before @", .attrs = { USER, "mail", "@contoso.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "mail",
	    .nfindings = 1, .summary_has = "nothing before the '@'" },
	{ .name = "mail nothing after @", .attrs = { USER, "mail", "ana@" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "mail",
	    .nfindings = 1, .summary_has = "nothing after the '@'" },
	{ .name = "mail 256 characters", .attrs = { USER, "mail", "a{64}@d{63}.e{63}.f{59}.com" } },
	{ .name = "mail 257 characters", .attrs = { USER, "mail", "a{64}@d{63}.e{63}.f{60}.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "mail",
	    .nfindings = 1, .summary_has = "257 characters long" },
	{ .name = "mail plus", .attrs = { USER, "mail", "ana+news@contoso.com" } },
	{ .name = "UPN plus", .attrs = { USER, "userPrincipalName", "ana+news@contoso.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "userPrincipalName",
	    .nfindings = 1, .summary_has = "character '+' at position 4" },
	{ .name = "mail DEL", .attrs = { USER, "mail", "an\x7f" "a@contoso.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "mail",
	    .nfindings = 1, .summary_has = "position 3" },
	{ .name = "mail tab inside", .attrs = { USER, "mail", "an\ta@contoso.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "mail",
	    .nfindings = 1, .summary_has = "a tab at position 3" },
	{ .name = "mail symbol after @", .attrs = { USER, "mail", "ana@conto_so.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "mail",
	    .nfindings = 1, .summary_has = "character '_' at position 10" },
	{ .name = "mail empty label", .attrs = { USER, "mail", "ana@contoso..com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "mail",
	    .nfindings = 1, .summary_has = "empty label" },
	{ .name = "mail leading space", .attrs = { USER, "mail", " ana@contoso.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "mail",
	    .nfindings = 1, .step_has = "to 'ana@contoso.com'" },
	{ .name = "mail with a type", .attrs = { USER, "mail",
	    "smtp:ana@contoso.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "mail",
	    .nfindings = 1, .summary_has = "character ':' at position 5" },
	{ .name = "targetAddress", .attrs = { USER, "targetAddress",
	    "SMTP:ana@contoso.mail.onmicrosoft.com" } },
	{ .name = "targetAddress semicolon", .attrs = { USER, "targetAddress",
	    "SMTP:ana;x@contoso.com" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "targetAddress",
	    .nfindings = 1, .summary_has = "';'" },

	/* names */
	{ .name = "displayName 256", .attrs = { USER, "displayName", "d{256}" } },
	{ .name = "displayName 257", .attrs = { USER, "displayName", "d{257}" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "displayName",
	    .nfindings = 1, .summary_has = "257 characters" },
	{ .name = "displayName blank", .attrs = { USER, "displayName", "   " },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "displayName",
	    .nfindings = 1, .summary_has = "only whitespace" },
	{ .name = "givenName 65", .attrs = { USER, "givenName", "g{65}", "sn", "s{64}" },
	    .rule = IDV, .severity = SEV_ERROR, .attribute = "givenName",
	    .nfindings = 1 },
	{ .name = "accented names fit", .attrs = { USER, "sn", "\xc3\xa9{64}" } },

	/* LargeObject: certificates */
	{ .name = "15 certificates", .attrs = { USER }, .ncerts = 15, .nsmime = 15 },
	{ .name = "16 certificates", .attrs = { USER }, .ncerts = 16,
	    .rule = LO, .severity = SEV_WARNING, .attribute = "userCertificate",
	    .nfindings = 1, .summary_has = "16 certificates",
	    .step_has = "Remove at least 1 " },
	{ .name = "16 S/MIME certificates", .attrs = { USER }, .nsmime = 16,
	    .rule = LO, .severity = SEV_WARNING,
	    .attribute = "userSMIMECertificate", .nfindings = 1 },

	/* LargeObject: proxyAddresses and the size estimate */
	{ .name = "300 addresses", .attrs = { USER }, .nproxies = 300 },
	{ .name = "301 addresses", .attrs = { USER }, .nproxies = 301,
	    .rule = LO, .severity = SEV_WARNING, .attribute = "proxyAddresses",
	    .nfindings = 1, .summary_has = "room for about 332 in an otherwise empty",
	    .step_has = "Remove at least 1 of the values" },
	{ .name = "332 addresses", .attrs = { USER }, .nproxies = 332,
	    .rule = LO, .severity = SEV_WARNING, .attribute = "proxyAddresses",
	    .nfindings = 1 },
	{ .name = "333 addresses", .attrs = { USER }, .nproxies = 333,
	    .rule = LO, .severity = SEV_ERROR, .attribute = "proxyAddresses",
	    .nfindings = 1, .summary_has = "room for about 332" },
	{ .name = "certificates eat the room", .attrs = { USER }, .nproxies = 330,
	    .ncerts = 12,
	    .rule = LO, .severity = SEV_ERROR, .attribute = "proxyAddresses",
	    .nfindings = 1, .summary_has = "with 12 certificates the estimated "
	    "room is about 328", .step_has = "12 certificates also use the budget" },

	/* LargeObject: thumbnailPhoto */
	{ .name = "photo 100 KB", .attrs = { USER }, .photo = 102400 },
	{ .name = "photo over 100 KB", .attrs = { USER }, .photo = 102401,
	    .rule = LO, .severity = SEV_ERROR, .attribute = "thumbnailPhoto",
	    .nfindings = 1, .summary_has = "102401 bytes" },

	/* LargeObject: extensions */
	{ .name = "extension 250", .attrs = { USER, "extension_1a2b_costCenter", "x{250}" } },
	{ .name = "extension 251", .attrs = { USER, "extension_1a2b_costCenter", "x{251}" },
	    .rule = LO, .severity = SEV_WARNING,
	    .attribute = "extension_1a2b_costCenter", .nfindings = 1,
	    .summary_has = "251 bytes" },
	{ .name = "cloud extension 251", .attrs = { USER, "msDS-cloudExtensionAttribute3",
	    "x{251}" },
	    .rule = LO, .severity = SEV_WARNING,
	    .attribute = "msDS-cloudExtensionAttribute3", .nfindings = 1 },
	{ .name = "extensionAttribute 1024", .attrs = { USER, "extensionAttribute7",
	    "x{1024}" } },
	{ .name = "extensionAttribute 1025", .attrs = { USER, "extensionAttribute7",
	    "x{1025}" },
	    .rule = LO, .severity = SEV_ERROR, .attribute = "extensionAttribute7",
	    .nfindings = 1, .summary_has = "onPremisesExtensionAttributes" },
	{ .name = "100 extensions", .attrs = { USER }, .nextensions = 100 },
	{ .name = "101 extensions", .attrs = { USER }, .nextensions = 101,
	    .rule = LO, .severity = SEV_ERROR,
	    .attribute = "directory extensions", .nfindings = 1,
	    .summary_has = "101 directory extension attributes" },
};

static struct table	*t;
static struct diag	 dg;
static struct analysis	 an;
static char		*owned[4096];	/* strings built for one case */
static size_t		 nowned;

static void
setup(void)
{
	t = table_new(0);
	diag_init(&dg, NULL);
	diag_input_begin(&dg, "test.ldf", "ldif", "onprem");
	nowned = 0;
}

static void
teardown(void)
{
	analysis_release(&an);
	table_free(t);
	diag_release(&dg);
	while (nowned > 0)
		free(owned[--nowned]);
}

static char *
keep(char *s)
{
	ck_assert_uint_lt(nowned, ARRAY_SIZE(owned));
	owned[nowned++] = s;
	return s;
}

/* "ab{3}c" is "abbbc": the character before {N} is repeated N times. */
static const char *
expand(const char *s)
{
	char	*out = xmalloc(strlen(s) + 2048);
	size_t	 k = 0;

	while (*s != '\0') {
		if (*s == '{' && k > 0) {
			char	*end;
			long	 n = strtol(s + 1, &end, 10);
			size_t	 width = 1, i;

			/* Repeat a whole UTF-8 sequence, not its last byte. */
			while (width < k && ((unsigned char)out[k - width] &
			    0xc0) == 0x80)
				width++;
			ck_assert(*end == '}' && n > 0 && n * width < 2000);
			for (i = 1; i < (size_t)n; i++) {
				memcpy(out + k, out + k - width, width);
				k += width;
			}
			s = end + 1;
			continue;
		}
		out[k++] = *s++;
	}
	out[k] = '\0';
	return keep(out);
}

/* prefix, n and suffix as one kept string. */
static const char *
numbered(const char *prefix, size_t n, const char *suffix)
{
	char	buf[64];

	snprintf(buf, sizeof(buf), "%s%zu%s", prefix, n, suffix);
	return keep(xstrdup(buf));
}

static void
add_attr(struct attr *attrs, size_t *n, const char *name, const char *value,
    size_t len)
{
	memset(&attrs[*n], 0, sizeof(attrs[*n]));
	attrs[*n].name = name;
	attrs[*n].value = value;
	attrs[*n].len = len;
	attrs[*n].line = 2 + *n;
	(*n)++;
}

/*
 * Load a row with hundreds of values, past testutil_load's 64 pairs: the
 * record is built here and given to the loader the same way.
 */
static void
load_bulk(const struct vcase *c)
{
	static char	 blob[102401];	/* certificate and photo bytes */
	struct attr	*attrs;
	struct record	 rec;
	struct load_ctx	 ctx;
	size_t		 n = 0, i, cap;

	cap = 16 + c->ncerts + c->nsmime + c->nproxies + c->nextensions;
	attrs = xcalloc(cap, sizeof(*attrs));
	for (i = 0; c->attrs[i] != NULL; i += 2)
		add_attr(attrs, &n, c->attrs[i], expand(c->attrs[i + 1]),
		    strlen(expand(c->attrs[i + 1])));
	for (i = 0; i < c->ncerts; i++)
		add_attr(attrs, &n, "userCertificate", blob, 1200);
	for (i = 0; i < c->nsmime; i++)
		add_attr(attrs, &n, "userSMIMECertificate", blob, 1200);
	for (i = 0; i < c->nproxies; i++) {
		const char *v = numbered(i == 0 ? "SMTP:u" : "smtp:u", i,
		    "@contoso.com");

		add_attr(attrs, &n, "proxyAddresses", v, strlen(v));
	}
	if (c->photo > 0)
		add_attr(attrs, &n, "thumbnailPhoto", blob, c->photo);
	for (i = 0; i < c->nextensions; i++)
		add_attr(attrs, &n, numbered("extension_1a2b_attr", i, ""),
		    "x", 1);
	rec.file = "test.ldf";
	rec.line = 1;
	rec.dn = "CN=Ana,OU=Staff,DC=contoso,DC=com";
	rec.attrs = attrs;
	rec.nattrs = n;
	load_begin(&ctx, t, &dg, SIDE_ONPREM, CONTENT_OBJECTS, "test.ldf",
	    "test");
	load_record(&rec, &ctx);
	free(attrs);
}

static void
load_row(const struct vcase *c)
{
	const char	*pairs[ARRAY_SIZE(c->attrs)];
	size_t		 i;

	if (c->ncerts + c->nsmime + c->nproxies + c->photo +
	    c->nextensions > 0) {
		load_bulk(c);
		return;
	}
	for (i = 0; c->attrs[i] != NULL; i += 2) {
		pairs[i] = c->attrs[i];
		pairs[i + 1] = expand(c->attrs[i + 1]);
	}
	pairs[i] = NULL;
	testutil_load(t, &dg, SIDE_ONPREM, "test.ldf", 1,
	    "CN=Ana,OU=Staff,DC=contoso,DC=com", pairs);
}

/* "contoso.com=v,x.onmicrosoft.com=vi": v verified, i initial. */
static void
load_domains(const char *spec)
{
	const char	*p = spec;

	while (p != NULL && *p != '\0') {
		struct domain	 d;
		size_t		 len = strcspn(p, "=");
		size_t		 flen;

		memset(&d, 0, sizeof(d));
		d.name = table_intern_lower(t, p, len);
		p += len + 1;
		flen = strcspn(p, ",");
		d.is_verified = memchr(p, 'v', flen) ? TRI_TRUE : TRI_FALSE;
		d.is_initial = memchr(p, 'i', flen) != NULL;
		d.is_default = d.is_verified == TRI_TRUE && !d.is_initial;
		table_add_domain(t, &d);
		p += flen;
		if (*p == ',')
			p++;
	}
}

static bool
has_text(const struct finding *f, const char *needle, bool is_step)
{
	size_t	i;

	if (!is_step)
		return strstr(f->summary, needle) != NULL;
	for (i = 0; i < f->nsteps; i++)
		if (strstr(f->steps[i], needle) != NULL)
			return true;
	return false;
}

/*
 * match proposes c->proposed, its steps quote it and its .fix writes the
 * very same value (one source of truth for the report and --fix-ldif).
 */
static void
check_proposed(const struct vcase *c, const struct finding *match)
{
	struct fix_context	 fc = { t, &an.findings };
	struct fix_plan		 p;
	char			*quoted;

	ck_assert_msg(match->proposed != NULL, "%s: no proposal", c->name);
	ck_assert_str_eq(match->proposed, c->proposed);
	quoted = xasprintf("to '%s'", c->proposed);
	ck_assert_msg(has_text(match, quoted, true), "%s: no step says %s",
	    c->name, quoted);
	free(quoted);
	memset(&p, 0, sizeof(p));
	ck_assert_ptr_nonnull(match->rule->fix);
	ck_assert_int_eq(match->rule->fix(&fc, match, &p), FIX_PLANNED);
	ck_assert_uint_eq(p.n, 1);
	ck_assert_int_eq(p.changes[0].op, FIX_REPLACE);
	ck_assert_uint_eq(p.changes[0].len, strlen(c->proposed));
	ck_assert(memcmp(p.changes[0].value, c->proposed,
	    p.changes[0].len) == 0);
	fix_plan_release(&p);
}

START_TEST(test_validation_row)
{
	static const char *const only[] = { IDV, LO };
	static const struct sync_options opt = { .is_resiliency_on = true };
	const struct vcase	*c = &cases[_i];
	const struct finding	*match = NULL;
	size_t			 i, nrule = 0;

	load_row(c);
	load_domains(c->domains);
	analysis_run(&an, t, &opt, only, ARRAY_SIZE(only), NULL);
	if (c->rule == NULL) {
		ck_assert_msg(an.findings.n == 0, "%s: unexpected finding: %s",
		    c->name, an.findings.n ? an.findings.list[0]->summary : "");
		return;
	}
	for (i = 0; i < an.findings.n; i++) {
		const struct finding *f = an.findings.list[i];

		if (strcmp(f->rule->id, c->rule) != 0)
			continue;
		nrule++;
		if (f->severity == c->severity &&
		    strcmp(f->attribute, c->attribute) == 0)
			match = f;
	}
	ck_assert_msg(match != NULL, "%s: no %s %s finding on %s (%zu "
	    "findings, first: %s)", c->name, severity_name(c->severity),
	    c->rule, c->attribute, an.findings.n,
	    an.findings.n ? an.findings.list[0]->summary : "-");
	ck_assert_msg(nrule == c->nfindings, "%s: %zu %s findings, want %zu",
	    c->name, nrule, c->rule, c->nfindings);
	ck_assert_uint_eq(match->nobjects, 1);
	ck_assert_uint_ge(match->nsteps, 2);
	if (c->summary_has != NULL)
		ck_assert_msg(has_text(match, c->summary_has, false),
		    "%s: summary lacks \"%s\": %s", c->name, c->summary_has,
		    match->summary);
	if (c->step_has != NULL)
		ck_assert_msg(has_text(match, c->step_has, true),
		    "%s: no step says \"%s\"", c->name, c->step_has);
	if (c->proposed != NULL && c->proposed[0] == '\0')
		ck_assert_msg(match->proposed == NULL, "%s: proposes '%s'",
		    c->name, match->proposed);
	else if (c->proposed != NULL)
		check_proposed(c, match);
}
END_TEST

/* The proposal of the IDV finding on object dn, or NULL. */
static const char *
proposal_on(const char *dn)
{
	size_t	i;

	for (i = 0; i < an.findings.n; i++) {
		const struct finding *f = an.findings.list[i];

		if (strcmp(f->rule->id, IDV) == 0 &&
		    strcmp(f->objects[0].object->dn, dn) == 0)
			return f->proposed;
	}
	ck_abort_msg("no finding on %s", dn);
	return NULL;
}

/*
 * A proposal is unique against the whole table: not another object's
 * UPN or SMTP address, and never the proposal of another object.
 */
START_TEST(test_proposal_unique)
{
	static const char *const only[] = { IDV };
	static const struct sync_options opt = { .is_resiliency_on = true };
	static const char *const users[][5] = {
		{ "CN=A", "userPrincipalName", "ana..b@contoso.com", NULL },
		{ "CN=B", "userPrincipalName", "x@contoso.com",
		    "proxyAddresses", "smtp:Ana.B@contoso.com" },
		{ "CN=C", "userPrincipalName", "bo..b@contoso.com", NULL },
		{ "CN=D", "userPrincipalName", "bo.b.@contoso.com", NULL },
		{ "CN=E", "userPrincipalName", "cy..d@contoso.com",
		    "mail", "cy.d@contoso.com" },
	};
	const char	*pairs[8];
	size_t		 i, k;

	for (i = 0; i < ARRAY_SIZE(users); i++) {
		pairs[0] = "objectClass";
		pairs[1] = "user";
		for (k = 1; k < 5 && users[i][k] != NULL; k++)
			pairs[k + 1] = users[i][k];
		pairs[k + 1] = NULL;
		testutil_load(t, &dg, SIDE_ONPREM, "test.ldf", 10 * i + 1,
		    users[i][0], pairs);
	}
	analysis_run(&an, t, &opt, only, ARRAY_SIZE(only), NULL);
	/* B holds it as a proxy address (in another case) */
	ck_assert_ptr_null(proposal_on("CN=A"));
	/* C and D repair to one name: the first in table order has it */
	ck_assert_str_eq(proposal_on("CN=C"), "bo.b@contoso.com");
	ck_assert_ptr_null(proposal_on("CN=D"));
	/* E holds it itself, as mail: still free for E */
	ck_assert_str_eq(proposal_on("CN=E"), "cy.d@contoso.com");
}
END_TEST

/* Transliteration keeps every letter, or refuses. */
START_TEST(test_transliterate)
{
	static const char *const rows[][2] = {
		{ "Jos\xc3\xa9 M\xc3\xbcller", "Jose Muller" },
		{ "\xc3\x85se \xc3\x98stby", "Ase Ostby" },
		{ "Stra\xc3\x9f" "e \xc3\x86 \xc5\x92 \xc5\x82 \xc4\x91 \xc3\xbe",
		    "Strasse AE OE l d th" },
		{ "plain", "plain" },
		{ "\xce\xb1", NULL },		/* Greek alpha: no spelling */
		{ "a\xc3\x97" "b", NULL },	/* multiplication sign */
		{ "\xff", NULL },		/* not UTF-8 */
	};
	size_t	i;
	char	*got;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		got = rulekit_transliterate(rows[i][0]);
		if (rows[i][1] == NULL)
			ck_assert_msg(got == NULL, "row %zu: got '%s'", i, got);
		else
			ck_assert_str_eq(got, rows[i][1]);
		free(got);
	}
}
END_TEST

/* Both rules are in the table, in the issue's report order. */
START_TEST(test_validation_table_order)
{
	int	unique = rule_index(rule_find("AttributeValueMustBeUnique"));
	int	idv = rule_index(rule_find(IDV));
	int	lo = rule_index(rule_find(LO));

	ck_assert_ptr_nonnull(rule_find(IDV));
	ck_assert_ptr_nonnull(rule_find(LO));
	ck_assert_int_lt(unique, idv);
	ck_assert_int_lt(idv, lo);
	ck_assert_ptr_nonnull(strstr(rule_find(LO)->doc,
	    "#largeobject-or-exceededallowedlength"));
	ck_assert_ptr_nonnull(strstr(rule_find(IDV)->doc,
	    "#identitydatavalidationfailed"));
}
END_TEST

static Suite *
validation_suite(void)
{
	Suite	*s = suite_create("validation");
	TCase	*tc = tcase_create("rows");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_validation_row, 0, ARRAY_SIZE(cases));
	tcase_add_test(tc, test_validation_table_order);
	tcase_add_test(tc, test_proposal_unique);
	tcase_add_test(tc, test_transliterate);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testutil_run(validation_suite());
}
