/*
 * Small helpers every rule shares: which objects Entra Connect exports,
 * how remediation text names an object, and the PowerShell pieces the
 * numbered steps quote.  Rules only; nothing here reads input or prints.
 */
#ifndef SD_RULEKIT_H
#define SD_RULEKIT_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"
#include "rule.h"
#include "table.h"

/* An on-premises object in sync scope: Entra Connect exports it. */
bool		 rulekit_is_exported(const struct object *o);

/*
 * A finding of rule on one object o: attribute = value, the object listed
 * holding value as attribute.  Steps and summary are the caller's.
 */
struct finding	*rulekit_single(struct findings *out, const struct rule *rule,
		    enum severity severity, const struct object *o,
		    const char *attribute, const char *value);

/* The last step of a fix made in AD: check it, then let sync send it. */
void		 rulekit_add_rerun_step(struct findings *out,
		    struct finding *f);

/*
 * The tenant domain of user o's UPN when the domains input says it is
 * federated; NULL otherwise (not a user, no UPN, no domains input, or a
 * managed domain).  A federated user signs in with its anchor as the
 * ImmutableID claim, so a fix that writes an anchor says so.
 */
const struct domain *
		 rulekit_federated_domain(const struct table *t,
		    const struct object *o);

/*
 * When user o's UPN is in a federated domain, the step a fix that changes
 * its anchor needs: the federation server sends the anchor as the
 * ImmutableID claim, so its claim rule must read what the fix writes.
 * Nothing otherwise.
 */
void		 rulekit_federated_claim_step(struct findings *out,
		    struct finding *f, const struct table *t,
		    const struct object *o);

/* The AD module cmdlet that edits objects of o's type (Set-ADUser, ...). */
const char	*rulekit_set_cmdlet(const struct object *o);

/*
 * s with every ' doubled, for a single-quoted PowerShell string.  The
 * caller owns the result and frees it with free().
 */
char		*rulekit_ps_quote(const char *s);

/*
 * The character at s[i] (of n bytes): its code point in *cp, or -1 for a
 * byte that starts no valid UTF-8 sequence; returns its length in bytes.
 * Inline for ASCII, which is nearly every character the rules scan.
 */
size_t		 rulekit_utf8_decode(const char *s, size_t n, size_t i,
		    long *cp);
static inline size_t
rulekit_utf8_next(const char *s, size_t n, size_t i, long *cp)
{
	if ((unsigned char)s[i] < 0x80) {
		*cp = (unsigned char)s[i];
		return 1;
	}
	return rulekit_utf8_decode(s, n, i, cp);
}
/* Characters (not bytes) in s; an invalid byte counts as one. */
size_t		 rulekit_count_chars(const char *s);
/* The same for the n bytes at s. */
size_t		 rulekit_count_chars_n(const char *s, size_t n);
/*
 * Unicode White_Space and the C0 line controls.  Inline, as the two
 * below: the rules ask it of nearly every character they scan.
 */
static inline bool
rulekit_is_space(long cp)
{
	return cp == ' ' || (cp >= 0x09 && cp <= 0x0d) || cp == 0x85 ||
	    cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
	    cp == 0x3000;
}
/* C0, DEL and C1 controls, and invalid bytes (cp < 0). */
static inline bool
rulekit_is_control(long cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0);
}

/*
 * Characters Windows refuses in a pre-Windows 2000 logon name
 * (sAMAccountName): " / \ [ ] : ; | = , + * ? < > and control characters.
 */
bool		 rulekit_is_sam_char_invalid(long cp);
bool		 rulekit_sam_has_invalid(const char *sam);

/*
 * s with every accented Latin letter spelt in plain ASCII, by one
 * documented mapping: the letter without its marks (é -> e, ü -> u,
 * Ł -> L, ß -> ss, Æ -> AE, Œ -> OE, Þ -> TH), for Latin-1 and Latin
 * Extended-A (U+00C0 to U+017F).  ASCII is kept as it is.  NULL when s
 * holds any other non-ASCII character or a byte that is not UTF-8: no
 * letter is ever dropped.  The caller frees the result with free().
 */
char		*rulekit_transliterate(const char *s);

/*
 * A set of names compared without regard to ASCII case, for proposing
 * values no object holds yet.
 */
struct rulekit_names;
struct rulekit_names *rulekit_names_new(void);
void		 rulekit_names_free(struct rulekit_names *ns);
/* Add a copy of name; false when name was there already. */
bool		 rulekit_names_add(struct rulekit_names *ns, const char *name);
bool		 rulekit_names_has(const struct rulekit_names *ns,
		    const char *name);

/*
 * The names a proposal must not take: every value of one attribute on the
 * table's on-premises objects, in or out of scope, and the proposals
 * added since.  Compared without regard to ASCII case.  The table must
 * outlive the set; free it with rulekit_held_free().
 */
struct rulekit_held;
/* Every sAMAccountName. */
struct rulekit_held *rulekit_held_sam_names(const struct table *t);
/* Every mailNickname. */
struct rulekit_held *rulekit_held_nicknames(const struct table *t);
void		 rulekit_held_free(struct rulekit_held *h);
/* Add a copy of proposal; false when name was taken already. */
bool		 rulekit_held_add(struct rulekit_held *h, const char *proposal);
bool		 rulekit_held_has(const struct rulekit_held *h,
		    const char *name);

/* Whether candidate is taken; arg is the caller's. */
typedef bool	(*rulekit_taken_fn)(const char *candidate, void *arg);

/*
 * A value nobody holds: base + tail when is_taken says it is free, else
 * base + digit + tail with 2 ... 99, base cut so that the whole stays
 * within max characters.  NULL when every variant is taken or base would
 * be cut to nothing.  The caller frees the result with free().
 */
char		*rulekit_free_variant(const char *base, const char *tail,
		    size_t max, rulekit_taken_fn is_taken, void *arg);

/*
 * The sAMAccountNames proposed for the whole table, so that two rules
 * (InvalidCharacters, ValueTooLong) never propose one name: computed in
 * table order over every on-premises object in sync scope whose name
 * holds characters Windows refuses (those removed, with spaces and dots
 * at the ends; at most 20 characters for a user, 256 otherwise) or,
 * for a user, is longer than 20 characters (cut to 20).  Each proposal
 * is free among every sAMAccountName held and every earlier proposal (a
 * digit added when needed) and does not end with '.' or a space.  A pure
 * function of the table: each rule builds its own and they agree.
 */
struct rulekit_sam_plan;
struct rulekit_sam_plan *rulekit_sam_plan_new(const struct table *t);
/* The name proposed for o, or NULL: none needed, or none is free. */
const char	*rulekit_sam_plan_get(const struct rulekit_sam_plan *sp,
		    const struct object *o);
void		 rulekit_sam_plan_free(struct rulekit_sam_plan *sp);
/* The most characters of a user's logon name (Microsoft 365 guide). */
#define RULEKIT_SAM_USER_MAX	20
/* AD schema: sAMAccountName's rangeUpper, for other objects. */
#define RULEKIT_SAM_OTHER_MAX	256

/* A step removing proxy address proxy (as written) from on-prem o. */
void	rulekit_remove_proxy_step(struct findings *out, struct finding *f,
	    const struct object *o, const char *proxy);

#endif /* SD_RULEKIT_H */
