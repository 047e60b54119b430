/*
 * --redact: names, UPNs, addresses, DNs, anchors, object ids and input
 * paths become stable pseudonyms (the same value gives the same
 * pseudonym throughout one report), so a report can go to a vendor.  A
 * pass over the report view's typed values (view.h), each hidden as its
 * kind says; writers only ever print the view, so none knows about it
 * and none can print a value the pass did not see.  Structure stays
 * readable: "CN=name-4,OU=name-2,DC=domain-1,DC=com",
 * "SMTP:user-3@domain-1.com", "guid-7" for anchors and ids.  Pseudonyms
 * are numbered in the order the view met the values, not hashed, so
 * they cannot be reversed by guessing.  Not for the --fix-ldif files,
 * which must name the real objects.
 *
 * Ownership: struct redact owns every pseudonym it hands out, until
 * redact_free().
 */
#ifndef SD_REDACT_H
#define SD_REDACT_H

#include "view.h"

struct redact;

/* An empty pseudonym map; free it with redact_free(). */
struct redact	*redact_new(void);
/* Free the map and every pseudonym; redact_free(NULL) does nothing. */
void		 redact_free(struct redact *r);

/*
 * Replace every customer string of v by its pseudonym: one pass over the
 * view's values in the order the view met them, each hidden as its kind
 * says (view.h), then the finding ids made again from the pseudonyms.
 * Writers then print v as they would any view.  The pseudonyms belong to
 * r: free v first, or at the same time.
 */
void		 redact_view(struct redact *r, struct report_view *v);

/*
 * The pseudonym of one value, recognised by its form: an e-mail address
 * or UPN, a proxy address ("smtp:..."), a DN, a GUID or base64 anchor,
 * else a name.  NULL for NULL.
 */
const char	*redact_value(struct redact *r, const char *s);

/*
 * s with every known value (anything redact_value or redact_view has
 * seen: values, their parts and quoted forms) and anything shaped like
 * an address, GUID, anchor or quoted DN replaced by its pseudonym.
 */
const char	*redact_text(struct redact *r, const char *s);

#endif /* SD_REDACT_H */
