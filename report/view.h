/*
 * The report view: everything a report shows, built once from one run
 * (the analysis, the diagnostics, the baseline marks) or, for `syncdoctor
 * objects`, from the object table, so that writers only lay it out.
 * Counts are computed here, once; writers never walk the table, the
 * findings or the analysis.  Not for deciding what is an error: the
 * rules do; and not for the --fix-ldif files, which must name the real
 * objects (fixldif.h).
 *
 * Every customer string in the view is a typed value, struct view_value:
 * its kind says what it is (a DN, a UPN, an anchor, prose that may quote
 * any of them), and every value is also listed in the view's pool, in the
 * order the view met it.  --redact is one pass over that pool
 * (redact_view() in redact.h) that replaces each text by its pseudonym,
 * so a writer cannot print a value unredacted by forgetting it: it has
 * no other copy to print.  Strings that are not customer data (rule ids,
 * attribute names, severities, kinds of input) are plain const char *.
 *
 * The order of the pool is a contract with the redaction pass: values
 * are numbered in it ("user-1", "user-2", ...), and a value the pass has
 * met is hidden in every sentence met after it.  So the builders meet
 * each object's names before the sentences that quote them, and values
 * of unknown form (raw attributes) after every sentence they might
 * otherwise eat words from ("user", "true").  analyze meets values in
 * report order: tenant domains, then each finding's objects, values and
 * sentences, actual errors, outcome sentences, limitations, inputs and
 * messages, the fixed list, then the cover (customer, author, title, a
 * tenant domain not met before, forests).
 *
 * Ownership: the view owns its rows and values (one arena) until
 * view_free().  A value's text is borrowed from the table, the analysis
 * or the diagnostics until redaction replaces it with a pseudonym owned
 * by the struct redact that made it: the view must not outlive any of
 * them.
 */
#ifndef SD_VIEW_H
#define SD_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "report.h"
#include "table.h"

/*
 * What a customer string is: tells the redaction pass how to hide it
 * (the pseudonym's form in brackets).
 */
enum view_kind {
	VK_DN,		/* a DN ("CN=name-1,OU=name-2,DC=domain-1,DC=com") */
	VK_UPN,		/* a UPN or mail ("user-1@domain-1.com", else a name) */
	VK_ADDRESS,	/* a proxy or target address ("SMTP:user-1@...") */
	VK_ANCHOR,	/* objectGUID, immutableId, cloud id ("guid-1"; both
			   forms of 16 bytes alike), else "anchor-1" */
	VK_ACCOUNT,	/* sAMAccountName, mailNickname ("user-1") */
	VK_NAME,	/* display, given and surname ("name-1") */
	VK_DOMAIN,	/* a tenant domain ("sub-1.domain-2.com") */
	VK_PATH,	/* an input file's path ("input-1.ldif") */
	VK_LABEL,	/* a forest or tenant label ("input-2") */
	VK_DATA,	/* any attribute's value: recognised by its form */
	VK_VALUE,	/* a finding's value: as prose when it quotes a known
			   value, else by its form */
	VK_ATTRIBUTE,	/* an attribute's name: the directory schema's and Graph's
			   own names stay, any other (a customer's schema
			   extension, "contosoBadge") becomes "attribute-1" */
	VK_PROSE	/* sentences: every known value and anything shaped
			   like an address, GUID or quoted DN replaced */
};

struct view_value {
	enum view_kind	 kind;
	const char	*text;	/* never NULL: absent values are NULL values */
};

/* The text of v, NULL for a NULL v: writers print through this. */
const char	*view_text(const struct view_value *v);

/* One attribute as read (objects only), as TABLE_KEEP_RAW kept it. */
struct view_attribute {
	const struct view_value	*name;	/* VK_ATTRIBUTE */
	const struct view_value	*value;	/* NULL: too large, see bytes */
	bool			 is_binary;	/* value is base64 */
	size_t			 bytes;
};

struct view_extension {
	const struct view_value	*name;	/* VK_ATTRIBUTE */
	size_t		 longest;
	size_t		 count;
};

struct view_object;
struct view_name_slot;

/* A value another cloud object keeps (objects --predict). */
struct view_conflict {
	const char			*attribute;
	const struct view_value		*value;
	const struct view_value		*placeholder;	/* NULL: none */
	const struct view_object	*holder;
};

/* What the simulation predicts for one on-premises object's export. */
struct view_prediction {
	const struct view_object	*cloud;		/* NULL: a new one */
	const char			*matched_on;	/* attribute, or NULL */
	const struct view_value		*value;
	const struct view_value		*upn_in_entra;	/* NULL: unchanged */
	const char			*error;		/* an error's name */
	struct view_conflict		*conflicts;
	size_t				 nconflicts;
	const char			*contested_attribute;
	const struct view_value		*contested_value;
	const struct view_object	*contested_with; /* NULL: none */
};

/*
 * One object as reports show it.  Findings, keeper advice and actual
 * errors point at these rows, one per object, so a value has one
 * pseudonym however often it is named.
 */
struct view_object {
	size_t			 index;		/* in the table */
	enum side		 side;
	enum object_type	 type;
	bool			 is_in_scope;
	const char		*scope_reason;	/* out of scope: why, in words */
	const struct view_value	*scope_note;	/* the same from the data */
	const struct view_value	*file;
	unsigned long		 line;
	const struct view_value	*label;
	const struct view_value	*dn;
	const struct view_value	*id;
	const struct view_value	*upn;
	const struct view_value	*mail;
	const struct view_value	*mail_nickname;
	const struct view_value	*sam_account_name;
	const struct view_value	*display_name;
	const struct view_value	*given_name;
	const struct view_value	*surname;
	const struct view_value	*target_address;
	const struct view_value	**proxy_addresses;
	size_t			 nproxy_addresses;
	/* Anchors: objectGUID as GUID text and in immutableId form, ... */
	const struct view_value	*object_guid;
	const struct view_value	*object_guid_b64;
	const struct view_value	*consistency_guid_b64;
	const struct view_value	*immutable_id;
	const struct view_value	*anchor;	/* one of the three above */
	const char		*anchor_attribute;
	const struct view_value	**provisioning_errors;
	size_t			 nprovisioning_errors;
	/* Plain facts: no customer text. */
	const char		*object_class;
	const char		*user_type;
	const char		*sync_enabled;	/* "true", "false", NULL */
	const char		*account_enabled;
	bool			 is_disabled;
	bool			 is_critical_system_object;
	bool			 is_immutable_id_guid;
	bool			 has_uac;
	unsigned long		 user_account_control;
	bool			 has_recipient_type;
	unsigned long long	 recipient_type_details;
	size_t			 ncertificates, certificate_bytes;
	size_t			 nsmime_certificates, smime_certificate_bytes;
	size_t			 thumbnail_photo_bytes;
	const char *const	*roles;		/* role names, not customer's */
	size_t			 nroles;
	const struct view_extension *extensions;
	size_t			 nextensions;
	const struct view_attribute *attributes;	/* objects only */
	size_t			 nattributes;
	/* The predicted outcome: "blocked" and a sentence; NULL: none. */
	const char		*outcome_id;
	const struct view_value	*outcome;
	const struct view_prediction *prediction;	/* objects --predict */
};

/* How people name o: its DN, else UPN, else id, else "(unnamed object)". */
const char	*view_object_name(const struct view_object *o);

/* One object in a finding, with the part it plays. */
struct view_finding_object {
	const struct view_object *object;
	const struct view_value	*value;		/* as this object holds it */
	const struct view_value	*held_as;	/* "proxyAddresses (...)" */
	const struct view_value	*role;		/* "keeps the value" */
	const char		*effect;	/* "blocked", "loss", NULL */
};

/* Keeper advice (finding.h struct finding_keeper), as rows. */
struct view_keeper {
	const char			*reason;	/* "synced", "tie" */
	const struct view_object	*object;	/* NULL: a tie */
	const struct view_object	**tied;
	size_t				 ntied;
	const struct view_object	**losers;
	size_t				 nlosers;
	const struct view_object	*predicted;
	const struct view_value		*text;
};

struct view_finding {
	const char		*id;		/* baseline.h; of the pseudonyms */
	const char		*mark;		/* "new", "present", NULL */
	const char		*rule;		/* the rule's id */
	const char		*rule_title;
	const char		*doc;
	bool			 is_policy;
	int			 severity;	/* enum severity */
	const char		*severity_name;
	const struct view_value	*attribute;
	const struct view_value	*value;
	/* The value proposed in its place (finding.h), of value's kind so
	   --redact gives it the same pseudonym; NULL: none is certain. */
	const struct view_value	*proposed;
	struct view_finding_object *objects;
	size_t			 nobjects;
	const struct view_keeper *keeper;	/* NULL: no advice */
	const struct view_value	*summary;
	const struct view_value	**steps;
	size_t			 nsteps;
	/*
	 * It fails the run (exit status 1): its severity is at the
	 * --fail-on level or above and, with a baseline, it is new.
	 */
	bool			 is_failing;
	const char		*reconcile_id;	/* "confirmed", NULL */
	const char		*reconcile_name;	/* "not yet seen" */
};

/* A baseline finding this run no longer makes. */
struct view_fixed {
	const char		*id;
	const char		*rule;
	const char		*severity;
	const struct view_value	*attribute;
	const struct view_value	*value;
	const struct view_value	*summary;
};

/* An actual provisioning error a cloud object carries (reconcile.h). */
struct view_error {
	const struct view_object *object;
	bool			 is_predicted;
	const struct view_value	*category;
	const struct view_value	*property;
	const struct view_value	*value;
	const char		*since;
};

struct view_input {
	const struct view_value	*path;
	const char		*kind;		/* "ldif", "graph-csv", ... */
	const char		*side;
	size_t			 records, accepted, rejected, skipped;
	size_t			 values_rejected, warnings;
	bool			 is_unusable;
	/* The first fatal message about it (a message's text), or NULL. */
	const struct view_value	*why_unusable;
};

struct view_domain {
	const struct view_value	*name;
	int			 is_verified;	/* 1, 0, -1: unknown */
	bool			 is_default, is_initial, is_federated;
	const char		*traits;	/* "verified, default, managed" */
};

/* An input message (diag.h). */
struct view_message {
	const struct view_value	*file;
	unsigned long		 line;
	int			 level;		/* enum diag_level */
	const char		*level_name;
	const struct view_value	*text;
};

/* Severities, in enum severity order (finding.h). */
enum view_severity { VIEW_ERRORS, VIEW_WARNINGS, VIEW_INFO, VIEW_NSEVERITIES };

/* "error", "warning", "info" for a view_severity. */
const char	*view_severity_name(int severity);

/* What one rule did: ran, or not and why. */
struct view_run {
	const char	*rule;
	const char	*title;
	const char	*doc;
	const char	*explain;	/* what it checks, lines of text */
	bool		 is_selected;	/* not left out with --rule */
	bool		 did_run;
	bool		 is_policy;
	const char	*why_not;
	size_t		 nfindings;
	size_t		 by_severity[VIEW_NSEVERITIES];	/* its findings */
	/* Its checks made in part: limitations[first_limitation ...]. */
	size_t		 first_limitation, nlimitations;
};

/* One predicted outcome and how many in-scope objects get it. */
struct view_outcome {
	const char	*id;		/* "blocked" */
	const char	*name;		/* "blocked", "updates its cloud twin" */
	size_t		 n;
};

/* Every count a report prints, computed once by the view. */
struct view_counts {
	size_t	onprem, onprem_in_scope, cloud;
	size_t	by_severity[VIEW_NSEVERITIES];	/* rules' findings */
	size_t	policies[VIEW_NSEVERITIES];	/* tenant policies' */
	size_t	new_by_severity[VIEW_NSEVERITIES];	/* with a baseline */
	/* Distinct objects the rules' findings of each severity name. */
	size_t	objects_by_severity[VIEW_NSEVERITIES];
	size_t	not_run;			/* rules that could not run */
	size_t	npredicted;			/* objects with an outcome */
	size_t	simulated;			/* exports simulated */
	size_t	confirmed, not_yet_seen, unpredicted;	/* reconciliation */
	size_t	left_out;			/* unusable inputs */
	size_t	failing;			/* findings failing the run */
};

#define VIEW_MAX_OUTCOMES	16

/* The report's name when --title does not give one, in every format. */
#define VIEW_DEFAULT_TITLE	"Entra Connect export readiness report"

/*
 * Who the report is for and what it covers (analyze): the --title,
 * --customer and --prepared-by values (NULL: not given; a title as
 * prose, the others as names, so --redact hides them), the tenant's
 * initial domain and the on-premises forests' DNS names (from the DC=
 * parts of their DNs), read from the inputs.
 */
struct view_cover {
	const struct view_value	*title;
	const struct view_value	*customer;
	const struct view_value	*prepared_by;
	const struct view_value	*tenant;	/* NULL: not known */
	const struct view_value	**forests;
	size_t			 nforests;
};

/* v's title: --title, else VIEW_DEFAULT_TITLE. */
struct report_view;
const char	*view_title(const struct report_view *v);

struct report_view {
	struct arena		 arena;
	bool			 is_redacted;
	bool			 is_quiet;	/* findings only */
	bool			 use_color;	/* set per writer by the caller */
	bool			 has_analysis;	/* false: objects alone */
	bool			 is_objects;	/* `objects`: every object a row */
	bool			 has_baseline;
	bool			 has_policies;	/* some tenant policy ran */
	bool			 is_reconciled;	/* some input carried errors */
	int			 fail_on;	/* report_ctx's */
	char			 csv_separator;	/* report_ctx's */
	struct view_input	*inputs;
	size_t			 ninputs;
	struct view_domain	*domains;
	size_t			 ndomains;
	struct view_message	*messages;
	size_t			 nmessages;
	size_t			 nmessages_dropped;
	struct view_run		*runs;
	size_t			 nruns;
	const struct view_value	**limitations;
	size_t			 nlimitations;
	struct view_finding	*findings;
	size_t			 nfindings;
	struct view_fixed	*fixed;
	size_t			 nfixed;
	struct view_error	*errors;
	size_t			 nerrors;
	/* The finding that stops the export (delete threshold); NULL. */
	const struct view_finding *export_stopped_by;
	struct view_outcome	 outcomes[VIEW_MAX_OUTCOMES];
	size_t			 noutcomes;
	struct view_counts	 counts;
	struct view_cover	 cover;
	/*
	 * Rows for objects: every object named by a finding, an error or an
	 * outcome; for `objects`, every object of the table, in table order.
	 */
	struct view_object	**objects;
	size_t			 nobjects;
	size_t			 ntable;	/* a row's index is below it */
	/*
	 * Private to view.c and redact.c: every value in the order the
	 * view met it (redact_view() walks it), and the rows by table
	 * index (NULL: no row), nby_index being the table's size.
	 */
	struct view_value	**pool;
	size_t			 npool;
	size_t			 pool_cap;
	struct view_object	**by_index;
	size_t			 nby_index;
	/*
	 * One VK_ATTRIBUTE value per attribute name (the table interns them,
	 * so by pointer): a million objects share a few hundred names.
	 */
	struct view_name_slot	*names;
	size_t			 names_cap;	/* a power of 2, or 0 */
	size_t			 nnames;
};

/*
 * The view of one analyze run: ctx's diagnostics, analysis, baseline
 * marks and tenant domains, as they are (redact it with redact_view(),
 * redact.h).  Free it with view_free().
 */
struct report_view *view_new(const struct report_ctx *ctx);

/*
 * The view of `syncdoctor objects`: a row for every object of t, in
 * table order, with its raw attributes, and with an analysis (objects
 * --predict; NULL: none) each in-scope on-premises object's outcome and
 * predicted export.  dg gives the inputs.  Free it with view_free().
 */
struct report_view *view_new_objects(const struct table *t,
		    const struct diag *dg, const struct analysis *an);

/* Free v and its rows; view_free(NULL) does nothing. */
void		 view_free(struct report_view *v);

#endif /* SD_VIEW_H */
