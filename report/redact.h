/*
 * --redact: a copy of a report's data in which names, UPNs, addresses,
 * DNs, anchors, object ids and input paths are stable pseudonyms (the
 * same value gives the same pseudonym throughout one report), so a
 * report can go to a vendor.  Applied once, to the report context every
 * writer reads: no writer knows about it.  Structure stays readable:
 * "CN=name-4,OU=name-2,DC=domain-1,DC=com", "SMTP:user-3@domain-1.com",
 * "guid-7" for anchors and ids.  Pseudonyms are numbered in report order,
 * not hashed, so they cannot be reversed by guessing.  Not for the
 * --fix-ldif files, which must name the real objects.
 *
 * Ownership: struct redact owns every pseudonym, copied object, finding
 * and message it hands out, until redact_free().
 */
#ifndef SD_REDACT_H
#define SD_REDACT_H

#include "report.h"
#include "view.h"

struct redact;

/* An empty pseudonym map; free it with redact_free(). */
struct redact	*redact_new(void);
/* Free the map and every copy; redact_free(NULL) does nothing. */
void		 redact_free(struct redact *r);

/*
 * Fill out with a copy of in whose customer strings are pseudonyms:
 * findings (values, summaries, steps, the objects they name), input
 * messages and paths, and the baseline marks (ids recomputed from the
 * pseudonyms, the "fixed" list rewritten).  out points into r.
 */
void		 redact_report(struct redact *r, const struct report_ctx *in,
		    struct report_ctx *out);

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
 * s with every known value (anything redact_value or redact_report has
 * seen: values, their parts and quoted forms) and anything shaped like
 * an address, GUID, anchor or quoted DN replaced by its pseudonym.
 */
const char	*redact_text(struct redact *r, const char *s);

#endif /* SD_REDACT_H */
