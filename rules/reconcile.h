/*
 * Reconciliation of the prediction with what Entra ID already reports:
 * the provisioning errors a cloud export carries (Graph
 * onPremisesProvisioningErrors, MSOnline DirSyncProvisioningErrors).
 * Each finding becomes confirmed (an involved cloud object carries an
 * error of its rule, attribute and value) or not yet seen, and each
 * actual error no finding predicted is listed: a gap in the rules.  Runs
 * after the rules, before the reports; it adds no findings.
 *
 * Ownership: struct reconcile owns its arrays and strings (one arena)
 * until reconcile_release(); objects are borrowed from the table.
 */
#ifndef SD_RECONCILE_H
#define SD_RECONCILE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "finding.h"
#include "match.h"
#include "table.h"

enum reconcile_status {
	RECONCILE_NONE,		/* no input carries provisioning errors */
	RECONCILE_CONFIRMED,	/* an actual error matches the finding */
	RECONCILE_NOT_SEEN	/* predicted, not (yet) reported by Entra ID */
};

/* One provisioning error a cloud object carries; NULL: not exported. */
struct actual_error {
	const struct object	*object;	/* the cloud object */
	const char		*category;	/* "PropertyConflict" */
	const char		*property;	/* "UserPrincipalName", ... */
	const char		*value;		/* as exported */
	const char		*when;
	bool			 is_predicted;	/* a finding matches it */
};

struct reconcile {
	struct arena		 arena;
	/* True when some cloud object carries a sync provisioning error. */
	bool			 is_active;
	/* One per finding, in findings list order (after findings_sort). */
	enum reconcile_status	*status;
	size_t			 nstatus;
	struct actual_error	*errors;	/* table order */
	size_t			 nerrors;
	size_t			 nconfirmed, nnot_seen, nunpredicted;
};

/*
 * Compare the findings fs (sorted) with the provisioning errors of t's
 * cloud objects; ms gives each on-premises object's cloud twin.  Fills
 * rc, which the caller releases with reconcile_release().  Exchange
 * service errors (serviceProvisioningErrors) are no sync errors and are
 * left out.
 */
void	reconcile_run(struct reconcile *rc, const struct table *t,
	    const struct match_set *ms, const struct findings *fs);
void	reconcile_release(struct reconcile *rc);

/* "confirmed", "not-yet-seen"; NULL for RECONCILE_NONE. */
const char	*reconcile_status_id(enum reconcile_status status);
/* "confirmed", "not yet seen"; NULL for RECONCILE_NONE. */
const char	*reconcile_status_name(enum reconcile_status status);

/* The status of finding number at (list order); RECONCILE_NONE if none. */
enum reconcile_status
		 reconcile_status_at(const struct reconcile *rc, size_t at);

#endif /* SD_RECONCILE_H */
