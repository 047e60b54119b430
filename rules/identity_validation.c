/*
 * IdentityDataValidationFailed: on-premises values Entra ID refuses, or
 * silently replaces, because of their form: userPrincipalName first, and
 * also mailNickname, proxyAddresses, mail, targetAddress and the name
 * attributes.  Each value is judged alone; values shared by two objects
 * are AttributeValueMustBeUnique's business, sizes LargeObject's.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "escape.h"
#include "entra_upn.h"
#include "finding.h"
#include "identity_validation.h"
#include "rule.h"
#include "rulekit.h"
#include "table.h"
#include "xalloc.h"

static void	identity_validation_check(const struct rule_context *,
		    struct findings *);

static const struct rule_partial identity_validation_partial[] = {
	{ RULE_NEEDS_DOMAINS, "does not check userPrincipalName suffixes "
	    "against the tenant's verified domains: UPNs Entra ID will "
	    "rewrite to the onmicrosoft.com domain are not predicted" },
	{ 0, NULL }
};

const struct rule rule_identity_validation = {
	.id       = "IdentityDataValidationFailed",
	.title    = "a value breaks Entra ID's format or character rules",
	.doc      = DOC_SYNC_ERRORS "#identitydatavalidationfailed",
	.severity = SEV_ERROR,
	.needs    = RULE_NEEDS_ONPREM,
	.predicts =
	    "a value Entra ID refuses or rewrites because of its form: "
	    "userPrincipalName (characters, one `@`, 64/48/113 lengths, "
	    "dots, non-ASCII, whitespace, non-routable or unverified suffix "
	    "with the predicted `<alias>@<tenant>.onmicrosoft.com`), SMTP "
	    "proxyAddresses, mail, targetAddress, mailNickname, "
	    "displayName, givenName, sn; X500/X400 grammar and apostrophes "
	    "are not flagged",
	.explain  =
	    "Entra ID checks the form of several values before it writes an\n"
	    "object.  A value it cannot take makes the export fail with\n"
	    "IdentityDataValidationFailed (an error here); a few it replaces\n"
	    "instead (a warning, with the value it will use).  Checked on every\n"
	    "on-premises object in sync scope:\n"
	    "\n"
	    "userPrincipalName (users): exactly one '@' with text on both sides;\n"
	    "before the '@' only letters A-Z, digits and ' . - _ ! # ^ ~, not\n"
	    "ending with '.'; no accented or other non-ASCII letters; at most 64\n"
	    "characters before the '@', 48 after it and 113 in all; after the\n"
	    "'@' a DNS name (letters, digits, '-' and '.', any top-level\n"
	    "domain: .consulting is as good as .com).  Sources: Entra's username\n"
	    "policy (concept-sspr-policy), Microsoft 365's directory sync\n"
	    "preparation guide, the Graph user resource.  A leading or doubled\n"
	    "'.' is a warning: RFC 5322 forbids it and Microsoft's lists are\n"
	    "silent.  Whitespace is a warning: Entra drops such a UPN and uses\n"
	    "<mailNickname>@<initial domain>.onmicrosoft.com instead (Entra\n"
	    "Connect's UPN planning article), as it does for a suffix the\n"
	    "tenant has not verified.  Suffixes that can never be verified\n"
	    "(.local, .corp, .lan and other private names, or a bare host name)\n"
	    "are reported always; other unverified suffixes only when the\n"
	    "tenant's domains are given (--domains or --verified-domains).\n"
	    "The apostrophe is valid (o'brien@contoso.com): IdFix's report of\n"
	    "it is a false positive.\n"	    "Invalid characters in a UPN: Microsoft's pages disagree.  The\n"
	    "troubleshooting page (tshoot-connect-sync-errors) and the\n"
	    "Microsoft 365 preparation guide say the export fails; the UPN\n"
	    "planning page (plan-connect-userprincipalname) says Entra ID\n"
	    "computes a new UPN instead.  syncdoctor follows the first, the\n"
	    "error named by the specific troubleshooting page, and predicts\n"
	    "the object blocked; either way the user does not get this name.\n"
	    "\n"
	    "proxyAddresses: each value is type:address.  SMTP values are held\n"
	    "to 256 characters, no whitespace, none of < > ( ) ; , [ ] \" or ':'\n"
	    "in the address, no non-ASCII letters, an RFC 5322 local part and a\n"
	    "DNS domain (Microsoft 365 preparation guide).  Entra Connect's\n"
	    "proxy calculation discards such an address (KB 3190357): the\n"
	    "object exports without it (a warning, exported with loss), and so\n"
	    "does an address in another tenant's onmicrosoft.com domain.  X500 and X400\n"
	    "values have a grammar of their own in which spaces, parentheses,\n"
	    "';', '=' and '/' are normal; only control characters and [ ] \"\n"
	    "are reported there (warning).  Several SMTP: primaries, or\n"
	    "secondary smtp: addresses without a primary on a mail-enabled\n"
	    "object (one with a mailNickname), is a warning.\n"
	    "mail and targetAddress follow the SMTP rules (256 characters).\n"
	    "\n"
	    "mailNickname: at most 64 characters (error, Graph user resource);\n"
	    "characters an Exchange alias may not hold are turned into '_' by\n"
	    "the sync pipeline, and a leading, trailing or doubled '.' is\n"
	    "refused by Exchange (warnings, with the value Entra will use).\n"
	    "displayName: at most 256 characters and not blank; givenName and\n"
	    "sn: at most 64 (errors; Graph user resource, preparation guide).\n"
	    "\n"
	    "The IdFix-parity rules (those that link Microsoft 365's directory\n"
	    "preparation guide) never report a value this rule reports;\n"
	    "they warn about what Entra ID accepts but Windows, mail or people\n"
	    "cannot use.  IdFix's own limits for\n"
	    "givenName (63) and displayName (255) are one short: this rule uses\n"
	    "Entra ID's 64 and 256.\n"
	    "\n"
	    "Fix: correct the value in on-premises AD (each finding gives the\n"
	    "command, and the corrected value when only one is possible) and let\n"
	    "the next sync cycle export it.\n"
	    "\n"
	    "Proposed value: for a userPrincipalName, the same name with its\n"
	    "whitespace and the characters a UPN may not hold removed, leading,\n"
	    "doubled and final dots before the '@' dropped, and accented Latin\n"
	    "letters spelt without their marks (e for \xc3\xa9, u for \xc3\xbc, "
	    "L for \xc5\x81,\n"
	    "ss for \xc3\x9f, ae for \xc3\xa6, oe for \xc5\x93); an address "
	    "with the whitespace at\n"
	    "its ends removed.  It is proposed only when it passes these checks\n"
	    "and no other object, on premises or in the cloud, holds it as a UPN\n"
	    "or SMTP address, nor has it been proposed to another object; a\n"
	    "character with no such spelling, a bad domain or a length leaves\n"
	    "the choice to a person.  --fix-ldif writes the proposed value.\n",
	.check    = identity_validation_check,
	.fix      = fix_plan_proposed,
	.partial  = identity_validation_partial,
};

/* Entra's username policy (concept-sspr-policy): 64 + '@' + 48 = 113. */
#define UPN_MAX			113
#define UPN_PREFIX_MAX		64
#define UPN_SUFFIX_MAX		48
/* Microsoft 365 preparation guide: proxyAddresses, mail, targetAddress. */
#define ADDRESS_MAX		256
/* Graph user resource: mailNickname, givenName, surname; displayName. */
#define ALIAS_MAX		64
#define NAME_MAX_CHARS		64
#define DISPLAY_NAME_MAX	256
/* RFC 1035: one DNS label. */
#define LABEL_MAX		63

/* ASCII symbols allowed before the '@' (concept-sspr-policy). */
#define UPN_SYMBOLS		"'.-_!#^~"
/* RFC 5322 atext, and '.' (dot-atom). */
#define SMTP_SYMBOLS		"!#$%&'*+-/=?^_`{|}~."
/* An Exchange alias: atext and '.', as RFC 5322. */
#define ALIAS_SYMBOLS		SMTP_SYMBOLS


/* What can be wrong with one value; each kind makes one finding. */
enum problem {
	PR_SPACE,		/* whitespace */
	PR_FORM,		/* proxy value without type:address */
	PR_SHAPE,		/* '@' missing or repeated, a side empty */
	PR_CHARS,		/* characters not allowed */
	PR_NON_ASCII,		/* accented letters, other scripts, bad UTF-8 */
	PR_DOT_END,		/* '.' right before the '@' */
	PR_DOTS,		/* leading, trailing or doubled '.' */
	PR_DOMAIN,		/* the part after the '@' is no DNS name */
	PR_LENGTH,
	PR_MAX
};

struct problems {
	size_t	count[PR_MAX];
	size_t	nlocal, ndomain, nchars;	/* characters, when scanned */
	bool	is_space_inside;	/* not only at the ends */
	/* Last: problems_clear leaves it, as what[k] is read when count[k]. */
	char	what[PR_MAX][200];	/* the first of each kind, in words */
};

/*
 * Ready p for a value.  Every value of every object comes here, so the
 * 1.8 KB of messages are not cleared: note() writes what[k] before any
 * reader looks at it.
 */
static void
problems_clear(struct problems *p)
{
	memset(p, 0, offsetof(struct problems, what));
}

/* One kind of attribute: how its problems weigh and how to fix them. */
struct family {
	/* The value is dropped, the object exported (EFFECT_LOSS). */
	bool		 is_loss;
	enum severity	 severity[PR_MAX];
	const char	*effect[PR_MAX];	/* what Entra ID then does */
	const char	*advice[PR_MAX];	/* how to choose a good value */
};

struct vctx {
	const struct table	*table;
	struct findings		*out;
	const struct domain	*initial;	/* NULL when not known */
	const struct domain	*preferred;	/* default verified domain */
	/* Proposed addresses (lower case), and "<object index>\t<same>". */
	struct rulekit_names	*proposed, *own;
};

static const struct family upn_family = {
	.severity = {
		[PR_SPACE] = SEV_WARNING, [PR_DOTS] = SEV_WARNING,
	},
	.effect = {
		[PR_SHAPE] = "Entra ID refuses the object",
		[PR_CHARS] = "Entra ID refuses the object",
		[PR_NON_ASCII] = "Entra ID takes no accented or other non-ASCII "
		    "letters in a UPN and refuses the object (Microsoft 365's "
		    "preparation guide says they may be turned into '_' "
		    "instead: either way the user does not get this name)",
		[PR_DOT_END] = "Entra ID refuses the object",
		[PR_DOTS] = "RFC 5322 does not allow it and Microsoft's lists "
		    "are silent: expect the object to be refused",
		[PR_DOMAIN] = "Entra ID refuses the object",
		[PR_LENGTH] = "Entra ID refuses the object",
	},
	.advice = {
		[PR_SPACE] = "Remove the whitespace from the userPrincipalName.",
		[PR_SHAPE] = "Give the user a userPrincipalName of the form "
		    "name@domain, with exactly one '@'.",
		[PR_CHARS] = "Choose a userPrincipalName whose part before the "
		    "'@' holds only letters A-Z, digits and ' . - _ ! # ^ ~.",
		[PR_NON_ASCII] = "Spell the userPrincipalName with plain ASCII "
		    "letters (e for \xc3\xa9, ue or u for \xc3\xbc, ss for "
		    "\xc3\x9f).",
		[PR_DOT_END] = "Remove the '.' before the '@'.",
		[PR_DOTS] = "Remove the leading or doubled '.' from the part "
		    "before the '@'.",
		[PR_DOMAIN] = "Use a UPN suffix that is a domain name verified "
		    "in the tenant.",
		[PR_LENGTH] = "Shorten the userPrincipalName: at most 64 "
		    "characters before the '@', 48 after it, 113 in all.",
	},
};

/* How to fix an SMTP address, whatever Entra ID then does with it. */
#define SMTP_ADVICE { \
	[PR_SPACE] = "Remove the whitespace from the address.", \
	[PR_FORM] = "Write the value as type:address, for example " \
	    "smtp:name@contoso.com.", \
	[PR_SHAPE] = "Write the address as name@domain, with exactly " \
	    "one '@'.", \
	[PR_CHARS] = "Correct or remove the address: no spaces and none " \
	    "of < > ( ) ; , [ ] \" : \\ before or after the '@'.", \
	[PR_NON_ASCII] = "Spell the address with plain ASCII letters.", \
	[PR_DOT_END] = "Remove the '.' before the '@'.", \
	[PR_DOTS] = "Remove the leading, trailing or doubled '.' " \
	    "before the '@'.", \
	[PR_DOMAIN] = "Correct the domain after the '@': letters, " \
	    "digits, '-' and '.' only, no empty or '-'-edged labels.", \
	[PR_LENGTH] = "Shorten the address to 256 characters or remove " \
	    "it.", \
}

static const struct family smtp_family = {
	.severity = { [PR_FORM] = SEV_WARNING },
	.effect = {
		[PR_SPACE] = "Entra ID refuses the value",
		[PR_FORM] = "Entra ID cannot tell what kind of address it is",
		[PR_SHAPE] = "Entra ID refuses the value",
		[PR_CHARS] = "Entra ID refuses the value",
		[PR_NON_ASCII] = "Entra ID refuses the value",
		[PR_DOT_END] = "RFC 5322 does not allow it: Entra ID refuses "
		    "the value",
		[PR_DOTS] = "RFC 5322 does not allow it: Entra ID refuses the "
		    "value",
		[PR_DOMAIN] = "Entra ID refuses the value",
		[PR_LENGTH] = "Entra ID refuses the value",
	},
	.advice = SMTP_ADVICE,
};

/*
 * An SMTP proxy address: Entra Connect's proxy calculation discards a
 * malformed one (not RFC 5322, a space, a diacritic) and exports the
 * object without it (KB 3190357, proxyaddresses-attribute-populate).
 */
#define PROXY_DISCARDED	"the proxy calculation discards it: the address " \
	"does not reach Entra ID, the object is exported without it"
static const struct family smtp_proxy_family = {
	.is_loss = true,
	.severity = {
		[PR_SPACE] = SEV_WARNING, [PR_FORM] = SEV_WARNING,
		[PR_SHAPE] = SEV_WARNING, [PR_CHARS] = SEV_WARNING,
		[PR_NON_ASCII] = SEV_WARNING, [PR_DOT_END] = SEV_WARNING,
		[PR_DOTS] = SEV_WARNING, [PR_DOMAIN] = SEV_WARNING,
		[PR_LENGTH] = SEV_WARNING,
	},
	.effect = {
		[PR_SPACE] = PROXY_DISCARDED,
		[PR_FORM] = PROXY_DISCARDED,
		[PR_SHAPE] = PROXY_DISCARDED,
		[PR_CHARS] = PROXY_DISCARDED,
		[PR_NON_ASCII] = PROXY_DISCARDED,
		[PR_DOT_END] = PROXY_DISCARDED,
		[PR_DOTS] = PROXY_DISCARDED,
		[PR_DOMAIN] = PROXY_DISCARDED,
		[PR_LENGTH] = PROXY_DISCARDED,
	},
	.advice = SMTP_ADVICE,
};

/* X400, X500 and other non-SMTP proxy values: only controls and [ ] ". */
static const struct family other_proxy_family = {
	.severity = { [PR_CHARS] = SEV_WARNING, [PR_SPACE] = SEV_WARNING },
	.effect = {
		[PR_SPACE] = "the value is likely to be refused",
		[PR_CHARS] = "the value is likely to be refused",
	},
	.advice = {
		[PR_SPACE] = "Remove the whitespace around the value.",
		[PR_CHARS] = "Correct the value, or remove it when no mail "
		    "system uses it any more.",
	},
};

static const struct family alias_family = {
	.severity = { [PR_CHARS] = SEV_WARNING, [PR_DOTS] = SEV_WARNING },
	.effect = {
		[PR_DOTS] = "Exchange refuses such an alias and Microsoft 365's "
		    "preparation guide forbids a leading '.'",
		[PR_LENGTH] = "Entra ID keeps at most 64 characters and "
		    "refuses the object",
	},
	.advice = {
		[PR_CHARS] = "Choose an alias of letters, digits and "
		    "! # $ % & ' * + - / = ? ^ _ ` { | } ~ . only.",
		[PR_DOTS] = "Remove the leading, trailing or doubled '.'.",
		[PR_LENGTH] = "Shorten the alias to 64 characters.",
	},
};

static bool
is_alnum_ascii(long cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	    (cp >= '0' && cp <= '9');
}

/* is_alnum_ascii for a byte, in two comparisons: the scanners' hot path. */
static inline bool
is_alnum_byte(unsigned char c)
{
	return (unsigned)((c | 0x20) - 'a') < 26 || (unsigned)(c - '0') < 10;
}

/* The character s[i..i+len) as a reader should see it in a message. */
static void
describe(char *buf, size_t size, const char *s, size_t i, size_t len,
    long cp)
{
	if (cp < 0)
		snprintf(buf, size, "invalid UTF-8 byte 0x%02X",
		    (unsigned)(unsigned char)s[i]);
	else if (cp == ' ')
		snprintf(buf, size, "a space");
	else if (cp == '\t')
		snprintf(buf, size, "a tab");
	else if (cp == 0xa0)
		snprintf(buf, size, "a no-break space (U+00A0)");
	else if (rulekit_is_space(cp) || rulekit_is_control(cp))
		snprintf(buf, size, "character U+%04lX", (unsigned long)cp);
	else if (cp < 0x80)
		snprintf(buf, size, "character '%c'", (int)cp);
	else
		snprintf(buf, size, "character '%.*s' (U+%04lX)", (int)len,
		    s + i, (unsigned long)cp);
}

/* Record a problem of kind k; the first one of each kind is kept. */
static void __attribute__((format(printf, 3, 4)))
note(struct problems *p, enum problem k, const char *fmt, ...)
{
	va_list	ap;

	if (p->count[k]++ > 0)
		return;
	va_start(ap, fmt);
	vsnprintf(p->what[k], sizeof(p->what[k]), fmt, ap);
	va_end(ap);
}

static void
note_char(struct problems *p, enum problem k, const char *s, size_t i,
    size_t len, long cp, size_t pos, const char *where)
{
	char	c[64];

	describe(c, sizeof(c), s, i, len, cp);
	note(p, k, "%s at position %zu is not allowed %s", c, pos, where);
}

/*
 * Trim whitespace around s[*b..*e), noting it as PR_SPACE with its
 * position (*pos is the character position of s[*b], advanced with it).
 */
static void
trim_spaces(const char *s, size_t *b, size_t *e, size_t *pos,
    struct problems *p)
{
	size_t	len, i;
	long	cp;
	char	c[64];

	while (*b < *e) {
		len = rulekit_utf8_next(s, *e, *b, &cp);
		if (!rulekit_is_space(cp))
			break;
		describe(c, sizeof(c), s, *b, len, cp);
		note(p, PR_SPACE, "%s at position %zu", c, *pos);
		*b += len;
		(*pos)++;
	}
	for (;;) {
		/* Step back over one UTF-8 sequence. */
		for (i = *e; i > *b && ((unsigned char)s[i - 1] & 0xc0) == 0x80;
		    i--)
			continue;
		if (i == *b)
			break;
		i--;
		len = rulekit_utf8_next(s, *e, i, &cp);
		if (i + len != *e || !rulekit_is_space(cp))
			break;
		describe(c, sizeof(c), s, i, len, cp);
		note(p, PR_SPACE, "%s at position %zu", c,
		    *pos + rulekit_count_chars_n(s + *b, i - *b));
		*e = i;
	}
}

/* The part after the '@' as a DNS name: labels, hyphens, dots. */
static void
scan_domain(const char *s, size_t b, size_t e, struct problems *p)
{
	size_t	label, i;

	for (label = b, i = b; i <= e; i++) {
		if (i < e && s[i] != '.')
			continue;
		if (i == label)
			note(p, PR_DOMAIN, "the domain '%.*s' has an empty "
			    "label (a leading, trailing or doubled '.')",
			    (int)(e - b), s + b);
		else if (s[label] == '-' || s[i - 1] == '-')
			note(p, PR_DOMAIN, "the domain label '%.*s' starts or "
			    "ends with '-'", (int)(i - label), s + label);
		else if (i - label > LABEL_MAX)
			note(p, PR_DOMAIN, "the domain label '%.*s' is longer "
			    "than %d characters", (int)(i - label), s + label,
			    LABEL_MAX);
		label = i + 1;
	}
}

/* Dots before the '@' (RFC 5322 dot-atom; UPN: no '.' before '@'). */
static void
scan_local_dots(const char *s, size_t b, size_t at, size_t pos,
    struct problems *p)
{
	size_t	i, end = at;

	/* Dots right before the '@' are one problem, PR_DOT_END's. */
	while (end > b && s[end - 1] == '.')
		end--;
	if (s[b] == '.' && end > b)
		note(p, PR_DOTS, "the part before the '@' starts with '.'");
	if (s[at - 1] == '.')
		note(p, PR_DOT_END, "'.' comes right before the '@'");
	for (i = b; i + 1 < end; i++)
		if (s[i] == '.' && s[i + 1] == '.')
			note(p, PR_DOTS, "'..' at position %zu",
			    pos + rulekit_count_chars_n(s + b, i - b));
}

/*
 * Judge s[b..e) as local@domain; pos is the character position of s[b]
 * in the value as found.  symbols lists the ASCII symbols allowed before
 * the '@' besides letters and digits.
 */
static void
scan_address(const char *s, size_t b, size_t e, size_t pos,
    const char *symbols, struct problems *p)
{
	size_t	i, len, at = e, nat = 0, c = pos;
	long	cp;

	for (i = b; i < e; i += len, c++) {
		len = 1;
		if (is_alnum_byte((unsigned char)s[i]))	/* the common case */
			continue;
		len = rulekit_utf8_next(s, e, i, &cp);
		if (cp == '@') {
			nat++;
			at = i;
		} else if (rulekit_is_space(cp)) {
			p->is_space_inside = true;
			note_char(p, PR_SPACE, s, i, len, cp, c,
			    "inside the value");
		} else if (cp < 0 || cp >= 0x80)
			note_char(p, PR_NON_ASCII, s, i, len, cp, c,
			    "(ASCII only)");
		else if (nat == 0 && cp != 0 && strchr(symbols, (int)cp))
			continue;
		else if (nat > 0 && (cp == '-' || cp == '.'))
			continue;
		else
			note_char(p, nat == 0 ? PR_CHARS : PR_DOMAIN, s, i, len,
			    cp, c, nat == 0 ? "before the '@'" :
			    "in a domain name");
	}
	p->nchars = c - pos;
	if (nat == 0)
		note(p, PR_SHAPE, "there is no '@'");
	else if (nat > 1)
		note(p, PR_SHAPE, "there are %zu '@' characters; exactly one "
		    "is allowed", nat);
	else if (at == b)
		note(p, PR_SHAPE, "there is nothing before the '@'");
	else if (at + 1 == e)
		note(p, PR_SHAPE, "there is nothing after the '@'");
	if (p->count[PR_SHAPE] > 0)
		return;
	p->nlocal = rulekit_count_chars_n(s + b, at - b);
	p->ndomain = p->nchars - p->nlocal - 1;
	scan_local_dots(s, b, at, pos, p);
	scan_domain(s, at + 1, e, p);
}

/*
 * The common case in one pass over the bytes: s[b..e) is ASCII with no
 * blank or control, one '@' with something on each side, symbols before
 * it and only '-' and '.' after it, no '.' at either end of the part
 * before it or doubled there, and every domain label 1 to 63 characters
 * with no '-' at either end.  Such a value is one scan_address finds
 * nothing in; its lengths are set as scan_address would set them.  False
 * sends the value the long way, which words whatever it finds.
 */
static bool
scan_plain(const char *s, size_t b, size_t e, const char *symbols,
    struct problems *p)
{
	size_t	i, at = 0, nat = 0, label;

	for (i = b; i < e; i++) {
		unsigned char	c = (unsigned char)s[i];

		if (is_alnum_byte(c))
			continue;
		if (c == '@') {
			nat++;
			at = i;
		} else if (c <= ' ' || c >= 0x7f)
			return false;
		else if (nat == 0 ? strchr(symbols, c) == NULL :
		    c != '-' && c != '.')
			return false;
	}
	if (nat != 1 || at == b || at + 1 == e || s[b] == '.' ||
	    s[at - 1] == '.')
		return false;
	for (i = b; i + 1 < at; i++)
		if (s[i] == '.' && s[i + 1] == '.')
			return false;
	for (label = at + 1, i = at + 1; i <= e; i++) {
		if (i < e && s[i] != '.')
			continue;
		if (i == label || s[label] == '-' || s[i - 1] == '-' ||
		    i - label > LABEL_MAX)
			return false;
		label = i + 1;
	}
	p->nchars = e - b;
	p->nlocal = at - b;
	p->ndomain = e - at - 1;
	return true;
}

static void
analyze_upn(const char *s, size_t n, struct problems *p)
{
	size_t	b = 0, e = n, pos = 1;

	problems_clear(p);
	if (!scan_plain(s, b, e, UPN_SYMBOLS, p)) {
		trim_spaces(s, &b, &e, &pos, p);
		if (b == e)
			return;
		scan_address(s, b, e, pos, UPN_SYMBOLS, p);
		if (p->count[PR_SHAPE] > 0)
			return;
	}
	if (p->nchars > UPN_MAX)
		note(p, PR_LENGTH, "it is %zu characters long; at most %d are "
		    "allowed", p->nchars, UPN_MAX);
	if (p->nlocal > UPN_PREFIX_MAX)
		note(p, PR_LENGTH, "the part before the '@' is %zu characters "
		    "long; at most %d are allowed", p->nlocal, UPN_PREFIX_MAX);
	if (p->ndomain > UPN_SUFFIX_MAX)
		note(p, PR_LENGTH, "the part after the '@' is %zu characters "
		    "long; at most %d are allowed", p->ndomain, UPN_SUFFIX_MAX);
}

/* An SMTP address in s[b..n); the limit counts the whole value. */
static void
analyze_smtp(const char *s, size_t b, size_t n, struct problems *p)
{
	size_t	e = n, pos, total;

	if (!scan_plain(s, b, e, SMTP_SYMBOLS, p)) {
		pos = 1 + rulekit_count_chars_n(s, b);
		trim_spaces(s, &b, &e, &pos, p);
		if (b < e)
			scan_address(s, b, e, pos, SMTP_SYMBOLS, p);
	}
	total = rulekit_count_chars_n(s, n);
	if (total > ADDRESS_MAX)
		note(p, PR_LENGTH, "it is %zu characters long; at most %d are "
		    "allowed", total, ADDRESS_MAX);
}

/* Length of the type in "type:address", or 0 when s has none. */
static size_t
address_type_len(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n && is_alnum_ascii((unsigned char)s[i]); i++)
		continue;
	return i > 0 && i < n && s[i] == ':' ? i : 0;
}

/* X400, X500 and the rest: a grammar of their own; [ ] " and controls. */
static void
analyze_other_address(const char *s, size_t n, struct problems *p)
{
	size_t	i, len, pos = 1, b = 0, e = n;
	long	cp;

	trim_spaces(s, &b, &e, &pos, p);
	for (i = b; i < e; i += len, pos++) {
		len = rulekit_utf8_next(s, e, i, &cp);
		if (cp == '[' || cp == ']' || cp == '"' ||
		    (rulekit_is_control(cp) && !rulekit_is_space(cp)))
			note_char(p, PR_CHARS, s, i, len, cp, pos,
			    "in this address");
	}
}

static void
analyze_proxy(const char *s, size_t n, struct problems *p, bool *is_smtp)
{
	size_t	b = 0, e = n, pos = 1, tlen;

	problems_clear(p);
	*is_smtp = false;
	trim_spaces(s, &b, &e, &pos, p);
	tlen = address_type_len(s + b, e - b);
	if (tlen == 0) {
		note(p, PR_FORM, "it is not in type:address form (no 'smtp:', "
		    "'X500:' or other prefix)");
		return;
	}
	if (tlen == 4 && strncasecmp(s + b, "smtp", 4) == 0) {
		*is_smtp = true;
		analyze_smtp(s, b + tlen + 1, e, p);
	} else
		analyze_other_address(s, n, p);
}

static void
analyze_alias(const char *s, size_t n, struct problems *p)
{
	size_t	i, len, pos = 1;
	long	cp;

	problems_clear(p);
	for (i = 0; i < n; i += len, pos++) {
		len = rulekit_utf8_next(s, n, i, &cp);
		if (!is_alnum_ascii(cp) && (cp <= 0 || cp >= 0x80 ||
		    strchr(ALIAS_SYMBOLS, (int)cp) == NULL))
			note_char(p, PR_CHARS, s, i, len, cp, pos,
			    "in an alias");
	}
	if (s[0] == '.')
		note(p, PR_DOTS, "it starts with '.'");
	else if (s[n - 1] == '.')
		note(p, PR_DOTS, "it ends with '.'");
	else if (strstr(s, "..") != NULL)
		note(p, PR_DOTS, "it holds '..'");
	if (pos - 1 > ALIAS_MAX)
		note(p, PR_LENGTH, "it is %zu characters long; at most %d are "
		    "allowed", pos - 1, ALIAS_MAX);
}

static bool
is_clean(const struct problems *p)
{
	size_t	k;

	for (k = 0; k < PR_MAX; k++)
		if (p->count[k] > 0)
			return false;
	return true;
}

/* Whether upn[i] (ASCII) goes: whitespace, or a symbol before the '@'. */
static bool
upn_drops(const char *upn, size_t i, size_t at)
{
	char	c = upn[i];

	return c == ' ' || (i < at && !is_alnum_ascii((unsigned char)c) &&
	    strchr(UPN_SYMBOLS, c) == NULL);
}

/*
 * Whether dropping upn[i] is certain: it does not stand between two
 * letters or digits, where it parts two words ("ana smith", "ana%smith")
 * and the name meant (ana.smith? anasmith?) is a guess.
 */
static bool
upn_drop_is_certain(const char *upn, size_t n, size_t i, size_t at)
{
	size_t	j = i, k = i + 1;

	while (j > 0 && upn_drops(upn, j - 1, at))
		j--;
	while (k < n && upn_drops(upn, k, at))
		k++;
	return j == 0 || k == n || !is_alnum_ascii((unsigned char)upn[j - 1]) ||
	    !is_alnum_ascii((unsigned char)upn[k]);
}

/*
 * The UPN s as it was surely meant: whitespace and characters a UPN
 * prefix may not hold removed where they part no words, accented letters
 * spelt in ASCII (rulekit_transliterate), and leading, doubled and final
 * dots dropped before the '@'.  NULL when that is not certain: not one
 * '@', a character with no ASCII spelling, a character parting two
 * words, or a result that still fails analyze_upn (a bad domain, a
 * length).  The caller frees the result with free().
 */
static char *
upn_repaired(const char *s)
{
	size_t		 n = strlen(s), i, len, k = 0, at;
	char		*spaced = xmalloc(n + 1), *ascii, *t;
	long		 cp;
	struct problems	 q;

	for (i = 0; i < n; i += len) {
		len = rulekit_utf8_next(s, n, i, &cp);
		if (rulekit_is_space(cp))
			spaced[k++] = ' ';
		else {
			memcpy(spaced + k, s + i, len);
			k += len;
		}
	}
	spaced[k] = '\0';
	ascii = rulekit_transliterate(spaced);
	free(spaced);
	if (ascii == NULL || strchr(ascii, '@') == NULL ||
	    strchr(ascii, '@') != strrchr(ascii, '@')) {
		free(ascii);
		return NULL;
	}
	n = strlen(ascii);
	at = (size_t)(strchr(ascii, '@') - ascii);
	t = xmalloc(n + 1);
	for (i = 0, k = 0; i < n; i++) {
		char c = ascii[i];

		if (upn_drops(ascii, i, at)) {
			if (!upn_drop_is_certain(ascii, n, i, at))
				goto uncertain;
			continue;
		}
		if (c == '@')
			while (k > 0 && t[k - 1] == '.')
				k--;
		else if (i < at && c == '.' && (k == 0 || t[k - 1] == '.'))
			continue;
		t[k++] = c;
	}
	t[k] = '\0';
	free(ascii);
	analyze_upn(t, k, &q);
	if (!is_clean(&q)) {
		free(t);
		return NULL;
	}
	return t;
uncertain:
	free(ascii);
	free(t);
	return NULL;
}

/* Is holder o itself, or o's cloud twin (the same anchor)? */
static bool
is_self(const struct object *holder, const struct object *o)
{
	const char	*anchor = object_anchor(o);

	return holder == o || (holder->side != o->side && anchor != NULL &&
	    object_anchor(holder) == anchor);
}

/* Does an object other than o (or its twin) hold key in space? */
static bool
is_held_by_other(const struct table *t, enum key_space space,
    const char *key, const struct object *o)
{
	const struct posting	*ps;
	size_t			 n, i;

	ps = table_lookup(t, space, key, &n);
	for (i = 0; i < n; i++)
		if (!is_self(posting_object(t, &ps[i]), o))
			return true;
	return false;
}

/*
 * Claim address (a UPN or an SMTP address, without type) as o's proposal:
 * false when another object holds it as a UPN or an SMTP address, on
 * either side, or this rule proposed it to another object already.  The
 * two namespaces are one here, as Entra ID compares a UPN with others'
 * proxy addresses too.
 */
static bool
proposal_claim(struct vctx *vc, const struct object *o, const char *address)
{
	char	*key = xstrdup(address), *own;
	size_t	 i;
	bool	 is_free;

	for (i = 0; key[i] != '\0'; i++)
		if (key[i] >= 'A' && key[i] <= 'Z')
			key[i] = (char)(key[i] - 'A' + 'a');
	own = xasprintf("%lu\t%s", (unsigned long)o->index, key);
	is_free = !is_held_by_other(vc->table, KEY_UPN, key, o) &&
	    !is_held_by_other(vc->table, KEY_SMTP, key, o) &&
	    (!rulekit_names_has(vc->proposed, key) ||
	    rulekit_names_has(vc->own, own));
	if (is_free) {
		rulekit_names_add(vc->proposed, key);
		rulekit_names_add(vc->own, own);
	}
	free(key);
	free(own);
	return is_free;
}

static struct finding *
add_finding(struct vctx *vc, const struct object *o, enum severity sev,
    const char *attribute, const char *value)
{
	struct finding	*f;

	f = findings_add(vc->out, &rule_identity_validation, sev, attribute,
	    value);
	finding_add_object(vc->out, f, o, value, attribute, NULL);
	return f;
}

/* "<cmdlet> -Identity '<DN>' -Replace @{attr='<value>'}" into a step. */
static void
add_set_step(struct vctx *vc, struct finding *f, const struct object *o,
    const char *attribute, const char *old, const char *proposal)
{
	char	*dn = rulekit_ps_quote(object_display_name(o));
	char	*nv = rulekit_ps_quote(proposal != NULL ? proposal : "<new value>");
	char	*ov = rulekit_ps_quote(old);

	if (proposal != NULL)
		finding_add_step(vc->out, f, "Set %s to '%s' in on-premises "
		    "AD:", attribute, proposal);
	if (strcmp(attribute, "proxyAddresses") == 0)
		finding_add_step(vc->out, f, "%s -Identity '%s' -Remove "
		    "@{proxyAddresses='%s'} -Add @{proxyAddresses='%s'}",
		    rulekit_set_cmdlet(o), dn, ov, nv);
	else
		finding_add_step(vc->out, f, "%s -Identity '%s' -Replace "
		    "@{%s='%s'}", rulekit_set_cmdlet(o), dn, attribute, nv);
	free(dn);
	free(nv);
	free(ov);
}

/*
 * One finding per problem of value: what is wrong, what Entra ID does,
 * and the fix.  proposals[k] is a corrected value known to be clean, or
 * NULL; extra[k] is appended to the summary when set.
 */
static void
report_problems(struct vctx *vc, const struct object *o,
    const struct family *fam, const char *attribute, const char *value,
    const struct problems *p, const char *const *proposals,
    const char *const *extra)
{
	struct finding	*f;
	size_t		 k;

	for (k = 0; k < PR_MAX; k++) {
		if (p->count[k] == 0)
			continue;
		f = add_finding(vc, o, fam->severity[k], attribute, value);
		if (fam->is_loss)
			finding_set_effect(f, o, EFFECT_LOSS);
		finding_set_summary(vc->out, f, "%s '%s': %s%s%s%s%s%s",
		    attribute, value, p->what[k],
		    p->count[k] > 1 ? " (and more like it)" : "",
		    fam->effect[k] != NULL ? "; " : "",
		    fam->effect[k] != NULL ? fam->effect[k] : "",
		    extra != NULL && extra[k] != NULL ? "; " : "",
		    extra != NULL && extra[k] != NULL ? extra[k] : "");
		if (proposals != NULL && proposals[k] != NULL)
			finding_set_proposed(vc->out, f, "%s", proposals[k]);
		else
			finding_add_step(vc->out, f, "%s", fam->advice[k]);
		add_set_step(vc, f, o, attribute, value,
		    proposals != NULL ? proposals[k] : NULL);
		rulekit_add_rerun_step(vc->out, f);
	}
}


/*
 * The UPN Entra ID gives o when it cannot use o's own, quoted:
 * <alias>@<initial domain>, the alias cleaned as the sync pipeline does.
 */
static void
moera_upn(const struct vctx *vc, const struct object *o, char *buf,
    size_t size)
{
	const char	*domain = vc->initial != NULL ? vc->initial->name :
			    NULL;
	char		*upn = entra_moera_upn(o, domain);
	size_t		 i;
	bool		 is_upn_safe = true;

	if (upn == NULL) {
		snprintf(buf, size, "'<mailNickname>@%s'", domain != NULL ?
		    domain : "<tenant>.onmicrosoft.com");
		return;
	}
	for (i = 0; upn[i] != '@' && upn[i] != '\0'; i++)
		if (!is_alnum_ascii((unsigned char)upn[i]) &&
		    strchr(UPN_SYMBOLS, upn[i]) == NULL)
			is_upn_safe = false;
	snprintf(buf, size, "'%s'%s", upn, is_upn_safe ? "" :
	    " (or close to it: Entra also replaces symbols a UPN may not "
	    "hold)");
	free(upn);
}


/* A verified domain of the tenant that suffix is a subdomain of. */
static const struct domain *
verified_parent(const struct vctx *vc, const char *suffix)
{
	const struct domain	*d;
	const char		*p;

	for (p = strchr(suffix, '.'); p != NULL; p = strchr(p + 1, '.')) {
		d = table_find_domain(vc->table, p + 1);
		if (d != NULL && d->is_verified == TRI_TRUE)
			return d;
	}
	return NULL;
}

static void
add_suffix_steps(struct vctx *vc, struct finding *f, const struct object *o,
    const char *suffix, const struct domain *d, bool is_private,
    bool is_upn_clean)
{
	const struct domain	*parent = verified_parent(vc, suffix);
	const char		*example = vc->preferred != NULL ?
				    vc->preferred->name : "<verified domain>";
	size_t			 len;
	const char		*prefix = is_upn_clean ?
				    entra_local_part(o->upn, &len) : NULL;
	char			*dn = rulekit_ps_quote(object_display_name(o));

	if (!is_private && d != NULL)
		finding_add_step(vc->out, f, "Verify %s in the tenant (Entra "
		    "admin center, Domain names: add the DNS record it shows), "
		    "or move the user to a verified suffix:", suffix);
	else if (!is_private && parent != NULL)
		finding_add_step(vc->out, f, "%s is a subdomain of the verified "
		    "%s: add it to the tenant (Entra admin center, Domain "
		    "names) and it is verified at once.", suffix, parent->name);
	else
		finding_add_step(vc->out, f, "Give the user a UPN in a domain "
		    "verified in the tenant; add that suffix in Active "
		    "Directory Domains and Trusts (UPN suffixes) if it is "
		    "missing:");
	finding_add_step(vc->out, f, "Set-ADUser -Identity '%s' "
	    "-UserPrincipalName '%.*s@%s'", dn, prefix != NULL ? (int)len : 6,
	    prefix != NULL ? prefix : "<name>", example);
	finding_add_step(vc->out, f, "The cloud UPN is computed again when "
	    "the on-premises UPN changes; tell the user the new sign-in name.");
	rulekit_add_rerun_step(vc->out, f);
	free(dn);
}

/* The suffix must be a verified domain; else Entra uses the MOERA. */
static void
check_upn_suffix(struct vctx *vc, const struct object *o, const char *at,
    bool is_upn_clean)
{
	const struct domain	*d;
	struct finding		*f;
	char			*suffix = xstrdup(at + 1);
	char			 moera[256];
	size_t			 n = strlen(suffix);
	bool			 is_private;

	while (n > 0 && rulekit_is_space((unsigned char)suffix[n - 1]))
		suffix[--n] = '\0';
	d = table_find_domain(vc->table, suffix);
	is_private = entra_upn_is_private_suffix(suffix);
	if (d != NULL && d->is_verified != TRI_FALSE && !is_private)
		goto out;
	if (!is_private && table_ndomains(vc->table) == 0)
		goto out;
	moera_upn(vc, o, moera, sizeof(moera));
	f = add_finding(vc, o, SEV_WARNING, "userPrincipalName", o->upn);
	finding_set_summary(vc->out, f, "userPrincipalName '%s': the suffix "
	    "'%s' %s; Entra ID keeps the user but replaces its UPN with %s, "
	    "so it cannot sign in with the name it knows", o->upn, suffix,
	    is_private ? "is not routable on the internet, so no tenant can "
	    "verify it" : d != NULL ? "is in the tenant but not verified" :
	    "is not a domain of the tenant", moera);
	add_suffix_steps(vc, f, o, suffix, d, is_private, is_upn_clean);
out:
	free(suffix);
}

static void
check_upn(struct vctx *vc, const struct object *o)
{
	struct problems	 p;
	const char	*proposals[PR_MAX] = { NULL };
	const char	*extra[PR_MAX] = { NULL };
	char		 moera[256], effect[384];
	char		*repaired = NULL;
	const char	*at;
	size_t		 k;

	if (o->type != OBJ_USER || o->upn == NULL || o->upn[0] == '\0')
		return;
	analyze_upn(o->upn, strlen(o->upn), &p);
	if (!is_clean(&p) && (repaired = upn_repaired(o->upn)) != NULL &&
	    proposal_claim(vc, o, repaired))
		for (k = 0; k < PR_MAX; k++)
			proposals[k] = repaired;
	if (p.count[PR_SPACE] > 0) {
		moera_upn(vc, o, moera, sizeof(moera));
		snprintf(effect, sizeof(effect), "Entra ID takes no UPN with "
		    "whitespace: it keeps the user but gives it %s instead",
		    moera);
		extra[PR_SPACE] = effect;
	}
	report_problems(vc, o, &upn_family, "userPrincipalName", o->upn, &p,
	    proposals, extra);
	at = strrchr(o->upn, '@');
	if (at != NULL && p.count[PR_SHAPE] == 0 && p.count[PR_DOMAIN] == 0 &&
	    p.count[PR_NON_ASCII] == 0)
		check_upn_suffix(vc, o, at, is_clean(&p));
	free(repaired);
}

static void
check_alias(struct vctx *vc, const struct object *o)
{
	const char	*s = o->mail_nickname;
	const char	*extra[PR_MAX] = { NULL };
	struct problems	 p;
	char		 effect[384];
	char		*predicted = NULL;

	if (s == NULL || s[0] == '\0')
		return;
	analyze_alias(s, strlen(s), &p);
	/* The predicted alias is read only with a PR_CHARS finding. */
	if (p.count[PR_CHARS] > 0) {
		predicted = entra_alias_clean(s, strlen(s));
		snprintf(effect, sizeof(effect), "the sync pipeline turns each "
		    "such character into '_', so the cloud alias becomes '%s'",
		    predicted);
		extra[PR_CHARS] = effect;
	}
	report_problems(vc, o, &alias_family, "mailNickname", s, &p, NULL,
	    extra);
	free(predicted);
}

/*
 * A copy of the proxy or address s without whitespace at its ends or
 * right after its type.  The caller frees it with free().
 */
static char *
address_tidy(const char *s)
{
	size_t		 n = strlen(s), b = 0, e = n, pos = 1, tlen;
	struct problems	 scratch;
	char		*t;

	problems_clear(&scratch);
	trim_spaces(s, &b, &e, &pos, &scratch);
	tlen = address_type_len(s + b, e - b);
	t = xmalloc(e - b + 1);
	memcpy(t, s + b, tlen > 0 ? tlen + 1 : 0);
	if (tlen > 0) {
		b += tlen + 1;
		trim_spaces(s, &b, &e, &pos, &scratch);
		memcpy(t + tlen + 1, s + b, e - b);
		t[tlen + 1 + e - b] = '\0';
	} else {
		memcpy(t, s + b, e - b);
		t[e - b] = '\0';
	}
	return t;
}

/* Whitespace at the ends is the only problem: the tidy value is certain. */
static char *
space_proposal(const char *s, const struct problems *p, bool is_proxy)
{
	struct problems	 q;
	char		*t;
	bool		 is_smtp;

	if (p->count[PR_SPACE] == 0 || p->is_space_inside)
		return NULL;
	t = address_tidy(s);
	if (is_proxy)
		analyze_proxy(t, strlen(t), &q, &is_smtp);
	else {
		problems_clear(&q);
		analyze_smtp(t, 0, strlen(t), &q);
	}
	if (is_clean(&q) && strcmp(t, s) != 0)
		return t;
	free(t);
	return NULL;
}

/*
 * One primary SMTP: address per object; a mail-enabled one (Exchange
 * gives every recipient a mailNickname) needs one.
 */
static void
check_proxy_primaries(struct vctx *vc, const struct object *o)
{
	const char	*first = NULL, *second = NULL, *secondary = NULL;
	struct finding	*f;
	size_t		 i, nprimary = 0, nsecondary = 0;
	char		 value[64];

	for (i = 0; i < o->nproxy_addresses; i++) {
		const char *v = o->proxy_addresses[i];

		if (strncmp(v, "SMTP:", 5) == 0) {
			if (nprimary == 0)
				first = v;
			else if (nprimary == 1)
				second = v;
			nprimary++;
		} else if (strncasecmp(v, "smtp:", 5) == 0) {
			/* The address mail shows is the natural primary. */
			if (secondary == NULL || (o->mail != NULL &&
			    strcasecmp(v + 5, o->mail) == 0))
				secondary = v;
			nsecondary++;
		}
	}
	if (nprimary > 1) {
		snprintf(value, sizeof(value), "%zu SMTP: primaries", nprimary);
		f = add_finding(vc, o, SEV_WARNING, "proxyAddresses", value);
		finding_set_summary(vc->out, f, "proxyAddresses holds %zu "
		    "primary (SMTP:) addresses, among them '%s' and '%s'; an "
		    "object has one reply address, and the cloud picks one of "
		    "them on its own", nprimary, first, second);
		finding_add_step(vc->out, f, "Decide which address is the "
		    "reply address and write every other one with a lower-case "
		    "smtp: prefix, for example for '%s':", second);
		add_set_step(vc, f, o, "proxyAddresses", second, NULL);
		rulekit_add_rerun_step(vc->out, f);
	} else if (nprimary == 0 && nsecondary > 0 &&
	    o->mail_nickname != NULL && o->mail_nickname[0] != '\0') {
		snprintf(value, sizeof(value), "no SMTP: primary");
		f = add_finding(vc, o, SEV_WARNING, "proxyAddresses", value);
		finding_set_summary(vc->out, f, "proxyAddresses holds %zu "
		    "secondary smtp: addresses and no primary SMTP: one; the "
		    "cloud picks a reply address on its own", nsecondary);
		finding_add_step(vc->out, f, "Make the intended reply address "
		    "primary by writing its prefix in upper case, for example "
		    "'SMTP:%s':", secondary + 5);
		add_set_step(vc, f, o, "proxyAddresses", secondary, NULL);
		rulekit_add_rerun_step(vc->out, f);
	}
}

/*
 * Is address in a reserved domain that is not this tenant's own?  The
 * tenant's <name>.onmicrosoft.com and <name>.mail.onmicrosoft.com (the
 * hybrid routing address) are kept by Exchange Online whatever the
 * proxy calculation drops; another tenant's (left over from a migration)
 * is lost.  Without the tenant's domains nothing can be told.
 */
static bool
is_foreign_reserved(const struct vctx *vc, const char *address)
{
	const char	*domain = strrchr(address, '@') + 1;
	const char	*initial;
	size_t		 n;

	if (vc->initial == NULL ||
	    table_find_domain(vc->table, domain) != NULL)
		return false;
	initial = vc->initial->name;
	n = strlen(initial) - strlen(".onmicrosoft.com");
	if (strcasecmp(domain, initial) == 0)
		return false;
	/* <name>.mail.onmicrosoft.com beside <name>.onmicrosoft.com */
	return !(strncasecmp(domain, initial, n) == 0 &&
	    strcasecmp(domain + n, ".mail.onmicrosoft.com") == 0);
}

/*
 * An on-premises address in a reserved domain (*.onmicrosoft.com,
 * *.microsoftonline.com): the proxy calculation discards it, so it is
 * neither exported nor a clash (KB 3190357).
 */
static void
report_reserved(struct vctx *vc, const struct object *o, const char *v)
{
	struct finding	*f;

	f = add_finding(vc, o, SEV_WARNING, "proxyAddresses", v);
	finding_set_effect(f, o, EFFECT_LOSS);
	finding_set_summary(vc->out, f, "proxyAddresses '%s' is in a domain "
	    "Microsoft reserves (onmicrosoft.com, microsoftonline.com): the "
	    "proxy calculation discards on-premises addresses there, so it "
	    "does not reach Entra ID (Exchange Online adds the tenant's own)",
	    v);
	finding_add_step(vc->out, f, "Nothing blocks the export.  If mail "
	    "must reach this address, let Exchange Online add it (it does "
	    "for mailboxes), and remove it from on-premises AD to keep the "
	    "two in step:");
	rulekit_remove_proxy_step(vc->out, f, o, v);
}

static void
check_proxies(struct vctx *vc, const struct object *o)
{
	const char	*proposals[PR_MAX] = { NULL };
	struct problems	 p;
	char		*tidy;
	size_t		 i;
	bool		 is_smtp;

	for (i = 0; i < o->nproxy_addresses; i++) {
		const char *v = o->proxy_addresses[i];

		analyze_proxy(v, strlen(v), &p, &is_smtp);
		tidy = space_proposal(v, &p, true);
		if (tidy != NULL && is_smtp &&
		    !proposal_claim(vc, o, strchr(tidy, ':') + 1)) {
			free(tidy);
			tidy = NULL;
		}
		proposals[PR_SPACE] = tidy;
		report_problems(vc, o, is_smtp || p.count[PR_FORM] > 0 ?
		    &smtp_proxy_family : &other_proxy_family,
		    "proxyAddresses", v, &p, proposals, NULL);
		free(tidy);
		if (is_smtp && is_clean(&p) && smtp_proxy_is_reserved(v + 5) &&
		    is_foreign_reserved(vc, v + 5))
			report_reserved(vc, o, v);
	}
	check_proxy_primaries(vc, o);
}

/*
 * mail, or targetAddress (is_typed: it may carry a type: prefix, and only
 * an SMTP one is held to the SMTP rules).
 */
static size_t
analyze_address(const char *s, bool is_typed, struct problems *p)
{
	size_t	n = strlen(s), tlen;

	problems_clear(p);
	tlen = is_typed ? address_type_len(s, n) : 0;
	if (tlen == 0)
		analyze_smtp(s, 0, n, p);
	else if (tlen == 4 && strncasecmp(s, "smtp", 4) == 0)
		analyze_smtp(s, tlen + 1, n, p);
	else {
		analyze_other_address(s, n, p);
		if (rulekit_count_chars_n(s, n) > ADDRESS_MAX)
			note(p, PR_LENGTH, "it is %zu characters long; at "
			    "most %d are allowed", rulekit_count_chars_n(s, n),
			    ADDRESS_MAX);
	}
	return tlen;
}

static void
check_address(struct vctx *vc, const struct object *o, const char *attribute,
    const char *s, bool is_typed)
{
	const char	*proposals[PR_MAX] = { NULL };
	struct problems	 p;
	char		*tidy = NULL;
	size_t		 tlen;

	if (s == NULL || s[0] == '\0')
		return;
	tlen = analyze_address(s, is_typed, &p);
	if (tlen == 0)
		tidy = space_proposal(s, &p, false);
	if (tidy != NULL && !proposal_claim(vc, o, tidy)) {
		free(tidy);
		tidy = NULL;
	}
	proposals[PR_SPACE] = tidy;
	report_problems(vc, o, &smtp_family, attribute, s, &p, proposals,
	    NULL);
	free(tidy);
}

/* Characters in s; *is_blank when all of them are whitespace. */
static size_t
name_chars(const char *s, bool *is_blank)
{
	size_t	i, n = strlen(s), len, nchars = 0;
	long	cp;

	*is_blank = true;
	for (i = 0; i < n; i += len, nchars++) {
		len = rulekit_utf8_next(s, n, i, &cp);
		if (!rulekit_is_space(cp))
			*is_blank = false;
	}
	return nchars;
}

static void
check_name(struct vctx *vc, const struct object *o, const char *attribute,
    const char *s, size_t max)
{
	struct finding	*f;
	size_t		 nchars;
	bool		 is_blank;

	if (s == NULL || s[0] == '\0')
		return;
	nchars = name_chars(s, &is_blank);
	if (nchars <= max && !is_blank)
		return;
	f = add_finding(vc, o, SEV_ERROR, attribute, s);
	if (is_blank) {
		finding_set_summary(vc->out, f, "%s holds only whitespace; "
		    "Entra ID refuses a blank %s", attribute, attribute);
		finding_add_step(vc->out, f, "Give %s a real value, or clear "
		    "it if the object needs none:", attribute);
	} else {
		finding_set_summary(vc->out, f, "%s is %zu characters long; "
		    "Entra ID keeps at most %zu and refuses the object",
		    attribute, nchars, max);
		finding_add_step(vc->out, f, "Shorten %s to %zu characters or "
		    "fewer:", attribute, max);
	}
	add_set_step(vc, f, o, attribute, s, NULL);
	rulekit_add_rerun_step(vc->out, f);
}

static void
identity_validation_check(const struct rule_context *rc,
    struct findings *out)
{
	struct vctx	 vc = { .table = rc->table, .out = out };
	size_t		 i, n = table_ndomains(rc->table);

	for (i = 0; i < n; i++) {
		const struct domain *d = table_domain(rc->table, i);

		if (d->is_initial)
			vc.initial = d;
		if (d->is_default && d->is_verified == TRI_TRUE)
			vc.preferred = d;
	}
	vc.proposed = rulekit_names_new();
	vc.own = rulekit_names_new();
	n = table_count(rc->table);
	for (i = 0; i < n; i++) {
		const struct object *o = table_get(rc->table, i);

		if (!rulekit_is_exported(o))
			continue;
		check_upn(&vc, o);
		check_alias(&vc, o);
		check_proxies(&vc, o);
		check_address(&vc, o, "mail", o->mail, false);
		check_address(&vc, o, "targetAddress", object_target_address(o),
		    true);
		check_name(&vc, o, "displayName", o->display_name,
		    DISPLAY_NAME_MAX);
		check_name(&vc, o, "givenName", o->given_name, NAME_MAX_CHARS);
		check_name(&vc, o, "sn", o->surname, NAME_MAX_CHARS);
	}
	rulekit_names_free(vc.proposed);
	rulekit_names_free(vc.own);
}

bool
identity_reports_value(const char *attribute, const char *value)
{
	struct problems	 p;
	bool		 is_smtp, is_blank;
	size_t		 nchars;

	if (value == NULL || value[0] == '\0')
		return false;
	if (strcmp(attribute, "proxyAddresses") == 0) {
		analyze_proxy(value, strlen(value), &p, &is_smtp);
		return !is_clean(&p);
	}
	if (strcmp(attribute, "mail") == 0 ||
	    strcmp(attribute, "targetAddress") == 0) {
		analyze_address(value, attribute[0] == 't', &p);
		return !is_clean(&p);
	}
	if (strcmp(attribute, "mailNickname") == 0) {
		analyze_alias(value, strlen(value), &p);
		return !is_clean(&p);
	}
	if (strcmp(attribute, "displayName") == 0 ||
	    strcmp(attribute, "givenName") == 0 ||
	    strcmp(attribute, "sn") == 0) {
		nchars = name_chars(value, &is_blank);
		return is_blank || nchars > (attribute[0] == 'd' ?
		    DISPLAY_NAME_MAX : NAME_MAX_CHARS);
	}
	/* userPrincipalName also depends on the tenant: never claimed here. */
	return false;
}
