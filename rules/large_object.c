/*
 * LargeObject (also reported as ExceededAllowedLength): on-premises objects
 * whose values pass one of Entra ID's count or length limits, or whose
 * proxyAddresses leave no room in the size budget of the whole object.
 * Only counts and sizes are judged here; whether a value is well formed is
 * IdentityDataValidationFailed's business.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "finding.h"
#include "rule.h"
#include "rulekit.h"
#include "table.h"
#include "xalloc.h"

static void	large_object_check(const struct rule_context *,
		    struct findings *);
static enum fix_result large_object_fix(const struct fix_context *,
		    const struct finding *, struct fix_plan *);

const struct rule rule_large_object = {
	.id       = "LargeObject",
	.title    = "an object passes an Entra ID count or size limit",
	.doc      = DOC_SYNC_ERRORS "#largeobject-or-exceededallowedlength",
	.severity = SEV_ERROR,
	.needs    = RULE_NEEDS_ONPREM,
	.predicts =
	    "proxyAddresses past the ~300 rule of thumb or the estimated "
	    "room left by certificates, thumbnailPhoto over 100 KB, more "
	    "than 100 directory extension attributes (errors); more than 15 "
	    "userCertificate or userSMIMECertificate values (not exported "
	    "since Connect 1.1.524.0) and directory extension values over "
	    "250 characters (truncated, with the value the cloud gets): "
	    "warnings, exported with loss",
	.explain  =
	    "Entra ID caps a few attributes by count or length and the whole\n"
	    "object by size.  An export that breaks a cap fails with LargeObject\n"
	    "or ExceededAllowedLength and the object stops syncing.  Checked on\n"
	    "every on-premises object in sync scope:\n"
	    "\n"
	    "- userCertificate and userSMIMECertificate: more than 15 values is\n"
	    "  a warning.  Microsoft's sync-errors article gives 15 as a limit\n"
	    "  that fails the export with LargeObject; its LargeObject article\n"
	    "  for certificates says that since Entra Connect 1.1.524.0 the\n"
	    "  default rules simply do not export the attribute then.  The\n"
	    "  newer, more specific page wins: the object is exported with loss\n"
	    "  (none of its certificates reach the cloud).\n"
	    "- proxyAddresses: there is no per-attribute cap, but every value\n"
	    "  uses part of the object's size budget.  Microsoft measured about\n"
	    "  332 addresses for an otherwise empty user, 329 with mailNickname\n"
	    "  and 10 certificates, and 311 once licences were assigned, and\n"
	    "  advises staying near 300.  syncdoctor estimates the room as 332\n"
	    "  minus one address for every 3 certificates (userCertificate and\n"
	    "  userSMIMECertificate together; in Microsoft's example three\n"
	    "  certificates made room for one address).  More addresses than\n"
	    "  that estimate is an error; more than 300 is a warning, because\n"
	    "  licences assigned in the cloud (invisible in an AD export) take\n"
	    "  about 18 more.  It is an estimate, not Entra's exact arithmetic.\n"
	    "- thumbnailPhoto: Entra ID publishes no figure; Active Directory's\n"
	    "  own schema stops the attribute at 102400 bytes (100 KB, [MS-ADLS]\n"
	    "  thumbnailPhoto rangeUpper), and a larger value is an error.\n"
	    "- Directory extensions (msDS-cloudExtensionAttributeN and\n"
	    "  extension_* attributes): more than 100 attributes on one object\n"
	    "  is an error; a value longer than 250 characters is a warning:\n"
	    "  the directory extensions article says the sync engine truncates\n"
	    "  it, and the finding shows the value the cloud gets.  Lengths\n"
	    "  are measured in UTF-8 bytes, cut at 250 characters.\n"
	    "- extensionAttribute1-15 are not directory extensions: they sync to\n"
	    "  onPremisesExtensionAttributes, which holds up to 1024 characters\n"
	    "  (Microsoft Graph reference), and only a longer value is an error.\n"
	    "\n"
	    "Exactly 15 certificates or exactly 300 addresses is within bounds.\n"
	    "\n"
	    "Fix: remove values that are no longer needed: expired or revoked\n"
	    "certificates first; addresses of retired mail systems (X400, old\n"
	    "X500, MSMail, CcMail) and secondary SMTP addresses nobody writes to.\n"
	    "Shrink photos to a small thumbnail.  Each finding says how many\n"
	    "values must go.\n",
	.check    = large_object_check,
	.fix      = large_object_fix,
};

/* Hard limit on userCertificate and userSMIMECertificate (sync-errors doc). */
#define CERT_MAX		15
/* Microsoft's rule of thumb for proxyAddresses (sync-errors doc, note). */
#define PROXY_RULE_OF_THUMB	300
/* Measured ceiling for an otherwise empty user (sync-errors doc example). */
#define PROXY_ROOM_EMPTY	332
/* Removing 3 certificates made room for one address (same example). */
#define CERTS_PER_ADDRESS	3
/* 332 - 329 (10 certificates) vs 311 (plus 4 subscriptions): 18 addresses. */
#define LICENCE_COST		18
/* AD schema: thumbnailPhoto rangeUpper ([MS-ADLS] 2.364). */
#define PHOTO_MAX		102400
/* Directory extensions: 100 values, 250 characters each (sync-errors doc). */
#define EXTENSION_COUNT_MAX	100
#define EXTENSION_VALUE_MAX	250
/* onPremisesExtensionAttributes: 1024 characters each (Graph reference). */
#define EXCHANGE_EXTENSION_MAX	1024

/* What proxyAddresses holds, by address type. */
struct proxy_mix {
	size_t	primary;	/* SMTP: */
	size_t	secondary;	/* smtp: in any other casing */
	size_t	x500;
	size_t	x400;
	size_t	other;		/* SIP, EUM, MSMAIL, malformed, ... */
};

static void
check_certificates(struct findings *out, const struct object *o,
    const char *attribute, size_t n, size_t bytes)
{
	struct finding	*f;
	char		 value[64];
	char		*dn;

	if (n <= CERT_MAX)
		return;
	snprintf(value, sizeof(value), "%zu certificates", n);
	f = rulekit_single(out, &rule_large_object,
	    SEV_WARNING, o, attribute, value);
	finding_set_effect(f, o, EFFECT_LOSS);
	finding_set_summary(out, f,
	    "%s holds %zu certificates (%zu bytes), more than %d: since "
	    "Entra Connect 1.1.524.0 the default sync rules do not export "
	    "the attribute then, so the object exports without any of them "
	    "(S/MIME to this %s and certificate-based sign-in that rely on "
	    "the cloud copy break; before that version the export failed "
	    "with LargeObject)", attribute, n, bytes, CERT_MAX,
	    object_type_name(o->type));
	dn = rulekit_ps_quote(object_display_name(o));
	finding_add_step(out, f,
	    "List the certificates with their expiry dates: (Get-ADObject "
	    "-Identity '%s' -Properties %s).%s | ForEach-Object "
	    "{ [Security.Cryptography.X509Certificates.X509Certificate2]::new"
	    "($_) } | Select-Object Thumbprint, NotAfter, Subject", dn,
	    attribute, attribute);
	finding_add_step(out, f,
	    "Remove at least %zu of them, expired and revoked certificates "
	    "first, then those superseded by a newer one for the same purpose "
	    "(Set-ADObject -Identity '%s' -Remove @{%s=$cert.RawData}).",
	    n - CERT_MAX, dn, attribute);
	finding_add_step(out, f,
	    "Find what keeps publishing certificates to the account (a "
	    "certificate template with \"Publish certificate in Active "
	    "Directory\", smart-card or S/MIME enrolment) so the count does "
	    "not climb back over %d.", CERT_MAX);
	finding_add_step(out, f,
	    "Run syncdoctor again on a fresh export, then let the next sync "
	    "cycle export the object.");
	free(dn);
}

static void
proxy_mix_count(const struct object *o, struct proxy_mix *mix)
{
	size_t	i;

	memset(mix, 0, sizeof(*mix));
	for (i = 0; i < o->nproxy_addresses; i++) {
		const char *p = o->proxy_addresses[i];

		if (strncmp(p, "SMTP:", 5) == 0)
			mix->primary++;
		else if (strncasecmp(p, "smtp:", 5) == 0)
			mix->secondary++;
		else if (strncasecmp(p, "x500:", 5) == 0)
			mix->x500++;
		else if (strncasecmp(p, "x400:", 5) == 0)
			mix->x400++;
		else
			mix->other++;
	}
}

/*
 * Addresses an object can hold by Microsoft's measurements: 332 for an
 * otherwise empty user, one fewer for every 3 certificates.
 */
static size_t
exported_certs(size_t n)
{
	return n <= CERT_MAX ? n : 0;
}

static size_t
proxy_room(const struct object *o)
{
	size_t	cost;

	/* More than 15 certificates are not exported: they take no room. */
	cost = (exported_certs(o->rare->ncertificates) +
	    exported_certs(o->rare->nsmime_certificates)) / CERTS_PER_ADDRESS;
	return cost < PROXY_ROOM_EMPTY ? PROXY_ROOM_EMPTY - cost : 0;
}

static void
add_proxy_steps(struct findings *out, struct finding *f,
    const struct object *o, const struct proxy_mix *mix)
{
	size_t	 n = o->nproxy_addresses;
	size_t	 certs = o->rare->ncertificates + o->rare->nsmime_certificates;
	char	*dn;

	finding_add_step(out, f,
	    "Remove at least %zu of the values to come down to %d.  The object "
	    "holds "
	    "%zu X400, %zu X500, %zu secondary smtp: and %zu other addresses "
	    "besides %zu primary SMTP:.", n - PROXY_RULE_OF_THUMB,
	    PROXY_RULE_OF_THUMB, mix->x400, mix->x500, mix->secondary,
	    mix->other, mix->primary);
	finding_add_step(out, f,
	    "Start with X400 addresses and addresses of retired systems "
	    "(MSMail, CcMail, Notes), then secondary smtp: addresses of old "
	    "domains or names nobody writes to.  Keep X500 values that hold "
	    "the legacyExchangeDN of a migrated mailbox: replies to old mail "
	    "are delivered through them.");
	dn = rulekit_ps_quote(object_display_name(o));
	finding_add_step(out, f,
	    "Remove each value in on-premises AD: %s -Identity '%s' -Remove "
	    "@{proxyAddresses='<value>'} (or with the Exchange tools when "
	    "Exchange manages the recipient).", rulekit_set_cmdlet(o), dn);
	free(dn);
	if (certs >= CERTS_PER_ADDRESS)
		finding_add_step(out, f,
		    "The object's %zu certificates also use the budget (about "
		    "one address for every %d): removing expired ones from "
		    "userCertificate and userSMIMECertificate makes room too.",
		    certs, CERTS_PER_ADDRESS);
	finding_add_step(out, f,
	    "Run syncdoctor again on a fresh export, then let the next sync "
	    "cycle export the object.");
}

static void
check_proxy_count(struct findings *out, const struct object *o)
{
	struct finding		*f;
	struct proxy_mix	 mix;
	size_t			 n = o->nproxy_addresses;
	size_t			 room = proxy_room(o);
	size_t			 certs = o->rare->ncertificates +
				    o->rare->nsmime_certificates;
	char			 value[64];
	char			 photo[160] = "";
	char			 room_text[160];

	if (n <= PROXY_RULE_OF_THUMB && n <= room)
		return;
	proxy_mix_count(o, &mix);
	snprintf(value, sizeof(value), "%zu values", n);
	if (o->rare->thumbnail_photo_bytes > 0)
		snprintf(photo, sizeof(photo), "; its %zu-byte thumbnailPhoto "
		    "takes more, by an amount Microsoft does not publish",
		    o->rare->thumbnail_photo_bytes);
	if (certs == 0)
		snprintf(room_text, sizeof(room_text), "Microsoft measured room "
		    "for about %zu in an otherwise empty user", room);
	else
		snprintf(room_text, sizeof(room_text), "with %zu certificates "
		    "the estimated room is about %zu (%d for an otherwise empty "
		    "user, one fewer per %d certificates)", certs, room,
		    PROXY_ROOM_EMPTY, CERTS_PER_ADDRESS);
	if (n > room) {
		f = rulekit_single(out, &rule_large_object,
		    SEV_ERROR, o, "proxyAddresses", value);
		finding_set_summary(out, f,
		    "proxyAddresses holds %zu values; %s%s, so the export is "
		    "expected to fail with LargeObject (an estimate)", n,
		    room_text, photo);
	} else {
		f = rulekit_single(out, &rule_large_object,
		    SEV_WARNING, o, "proxyAddresses", value);
		finding_set_summary(out, f,
		    "proxyAddresses holds %zu values, more than the %d Microsoft "
		    "advises; %s, and licences assigned in the cloud take about "
		    "%d more%s, so the object may fail with LargeObject", n,
		    PROXY_RULE_OF_THUMB, room_text, LICENCE_COST, photo);
	}
	add_proxy_steps(out, f, o, &mix);
}

static void
check_photo(struct findings *out, const struct object *o)
{
	struct finding	*f;
	char		 value[64];
	char		*dn;

	if (o->rare->thumbnail_photo_bytes <= PHOTO_MAX)
		return;
	snprintf(value, sizeof(value), "%zu bytes", o->rare->thumbnail_photo_bytes);
	f = rulekit_single(out, &rule_large_object,
	    SEV_ERROR, o, "thumbnailPhoto", value);
	finding_set_summary(out, f,
	    "thumbnailPhoto is %zu bytes, over the %d bytes (100 KB) Active "
	    "Directory's schema allows; a photo this large is a documented "
	    "LargeObject cause", o->rare->thumbnail_photo_bytes, PHOTO_MAX);
	dn = rulekit_ps_quote(object_display_name(o));
	finding_add_step(out, f,
	    "Replace the picture with a small thumbnail: a 96x96 JPEG of a "
	    "few KB is enough for the address book (%s -Identity '%s' "
	    "-Replace @{thumbnailPhoto=[IO.File]::ReadAllBytes('<file>')}).",
	    rulekit_set_cmdlet(o), dn);
	finding_add_step(out, f,
	    "Upload high-resolution photos in the cloud instead (Exchange "
	    "Online or Microsoft Graph profile photo): they do not go through "
	    "sync.");
	finding_add_step(out, f,
	    "Run syncdoctor again on a fresh export, then let the next sync "
	    "cycle export the object.");
	free(dn);
}

/* extensionAttribute1-15: Exchange custom attributes, not extensions. */
static bool
is_exchange_extension(const char *name)
{
	return strncasecmp(name, "extensionAttribute", 18) == 0;
}

/* Bytes of s that fit in limit characters, cut at a UTF-8 boundary. */
static size_t
cut_length(const char *s, size_t limit)
{
	size_t	i, chars = 0;

	if (s == NULL)
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && chars++ == limit)
			return i;
	}
	return i;
}

static void
check_extension_length(struct findings *out, const struct object *o,
    const struct name_size *e)
{
	struct finding	*f;
	size_t		 limit;
	char		 value[64];
	char		*dn;

	limit = is_exchange_extension(e->name) ? EXCHANGE_EXTENSION_MAX :
	    EXTENSION_VALUE_MAX;
	if (e->len <= limit)
		return;
	snprintf(value, sizeof(value), "%zu bytes", e->len);
	if (limit == EXCHANGE_EXTENSION_MAX) {
		f = rulekit_single(out, &rule_large_object,
		    SEV_ERROR, o, e->name, value);
		finding_set_summary(out, f,
		    "%s holds a value of %zu bytes; it syncs to "
		    "onPremisesExtensionAttributes, which holds at most %zu "
		    "characters", e->name, e->len, limit);
	} else {
		char *cut = xasprintf("%.*s", (int)cut_length(e->long_value,
		    limit), e->long_value != NULL ? e->long_value : "");

		/* The cut value goes with the object: --redact treats it so. */
		f = findings_add(out, &rule_large_object, SEV_WARNING,
		    e->name, value);
		finding_add_object(out, f, o, cut, e->name, "the cloud gets "
		    "this truncated value");
		finding_set_effect(f, o, EFFECT_LOSS);
		finding_set_summary(out, f,
		    "%s holds a value of %zu bytes; a directory extension "
		    "value may have at most %zu characters and the sync "
		    "engine truncates a longer one: the cloud gets only its "
		    "first %zu characters", e->name, e->len, limit, limit);
		free(cut);
	}
	dn = rulekit_ps_quote(object_display_name(o));
	finding_add_step(out, f,
	    "Shorten the value of %s to %zu characters or fewer (%s "
	    "-Identity '%s' -Replace @{%s='<shorter value>'}), or move long "
	    "data out of the directory.", e->name, limit, rulekit_set_cmdlet(o), dn,
	    e->name);
	free(dn);
	if (limit == EXTENSION_VALUE_MAX)
		finding_add_step(out, f,
		    "If no application reads %s in the cloud, remove it from "
		    "the directory extensions chosen in the Entra Connect "
		    "wizard instead.", e->name);
	finding_add_step(out, f,
	    "Run syncdoctor again on a fresh export, then let the next sync "
	    "cycle export the object.");
}

static void
check_extensions(struct findings *out, const struct object *o)
{
	struct finding	*f;
	size_t		 i, nvalues = 0;
	char		 value[64];

	/* The limit is on attributes (how-to-connect-sync-feature-directory-
	   extensions: "up to 100 attributes"), not on their values. */
	for (i = 0; i < o->rare->nextensions; i++) {
		check_extension_length(out, o, &o->rare->extensions[i]);
		if (!is_exchange_extension(o->rare->extensions[i].name))
			nvalues++;
	}
	if (nvalues <= EXTENSION_COUNT_MAX)
		return;
	snprintf(value, sizeof(value), "%zu attributes", nvalues);
	f = rulekit_single(out, &rule_large_object,
	    SEV_ERROR, o, "directory extensions", value);
	finding_set_summary(out, f,
	    "the object holds %zu directory extension attributes; Entra ID "
	    "keeps at most %d per object", nvalues, EXTENSION_COUNT_MAX);
	finding_add_step(out, f,
	    "Clear at least %zu directory extension attributes on this "
	    "object, or drop attributes no cloud application reads from the "
	    "directory extensions chosen in the Entra Connect wizard.",
	    nvalues - EXTENSION_COUNT_MAX);
	finding_add_step(out, f,
	    "Run syncdoctor again on a fresh export, then let the next sync "
	    "cycle export the object.");
}

static void
large_object_check(const struct rule_context *rc, struct findings *out)
{
	size_t	i, n = table_count(rc->table);

	for (i = 0; i < n; i++) {
		const struct object *o = table_get(rc->table, i);

		if (!rulekit_is_exported(o))
			continue;
		check_certificates(out, o, "userCertificate",
		    o->rare->ncertificates, o->rare->certificate_bytes);
		check_certificates(out, o, "userSMIMECertificate",
		    o->rare->nsmime_certificates, o->rare->smime_certificate_bytes);
		check_proxy_count(out, o);
		check_photo(out, o);
		check_extensions(out, o);
	}
}

/*
 * Which surplus certificates to drop is a choice among values the export
 * holds only as counts and sizes (the table keeps no certificate bytes).
 */
static enum fix_result
large_object_fix(const struct fix_context *ctx, const struct finding *f,
    struct fix_plan *p)
{
	(void)ctx;
	(void)p;
	if (f->attribute != NULL &&
	    (strcasecmp(f->attribute, "userCertificate") == 0 ||
	    strcasecmp(f->attribute, "userSMIMECertificate") == 0))
		return FIX_NO_BYTES;
	return FIX_DECISION;
}
