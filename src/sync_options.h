/*
 * What the tenant and the run's options say about how Entra Connect and
 * Entra ID export: settings the sync simulation (match.h) reads and the
 * rules then read again.  Set from the command line (cli/main.c); no
 * functions.
 */
#ifndef SD_SYNC_OPTIONS_H
#define SD_SYNC_OPTIONS_H

#include <stdbool.h>

/*
 * Which values soft-match a cloud object.  Microsoft's pages on existing
 * tenants and on UPN matching: the primary SMTP address (mail where there
 * is no primary proxy), then the UPN.  The troubleshooting page's own
 * InvalidSoftMatch example matches on secondary smtp: values: the "all"
 * reading, offered as an option.
 */
enum soft_match_keys {
	SOFT_KEYS_PRIMARY,	/* primary SMTP or mail, then UPN */
	SOFT_KEYS_ALL		/* and every secondary smtp: address */
};

/* The accidental-delete threshold Entra Connect enables by default. */
#define DELETE_THRESHOLD_DEFAULT	500UL

/* Settings of the run that change what the export does (command line). */
struct sync_options {
	bool	is_resiliency_on;	/* duplicate attribute resiliency */
	bool	is_soft_match_blocked;	/* tenant blocks soft match */
	bool	is_hard_match_takeover_blocked;	/* tenant blocks takeover */
	enum soft_match_keys soft_match_keys;
	/* More pending deletes than this stop the export; 0: disabled. */
	unsigned long	delete_threshold;
};

#endif /* SD_SYNC_OPTIONS_H */
