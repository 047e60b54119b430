/*
 * What the three cloud parsers (CSV, CLIXML, Graph JSON) share: the table
 * of column and property aliases that turns ObjectId, "Object Id" and id
 * into the one canonical name of parser.h, the spelling of booleans, the
 * splitting of joined multi-values, and the record builder that applies
 * struct limits and says the one diagnostic of a record that is not
 * emitted.  Not a parser: it never reads a file.
 */
#ifndef SD_CLOUDMAP_H
#define SD_CLOUDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "inlimits.h"
#include "parser.h"

extern const struct input_format input_format_graph_csv;
extern const struct input_format input_format_clixml;
extern const struct input_format input_format_graph_json;

/* What a property of the file becomes in a record. */
enum cloudmap_kind {
	CMK_TEXT,		/* one value, as it is */
	CMK_BOOL,		/* True/False/1/0 become "true"/"false" */
	CMK_BOOL_INVERSE,	/* BlockCredential: the opposite of the name */
	CMK_VERIFIED,		/* Get-MsolDomain Status: Verified/Unverified */
	CMK_MULTI,		/* several values: groupTypes */
	CMK_PROXY,		/* several "type:address" values */
	CMK_TYPE,		/* object type: @odata.type, ObjectType */
	CMK_PROV,		/* provisioning errors, whole */
	CMK_PROV_FIELD,		/* one field of an error (MSOnline rows) */
	CMK_IGNORE		/* @odata.context, @odata.nextLink, ... */
};

/* The fields of CLOUD_PROV_ERROR's value, in its order. */
enum cloudmap_prov_field {
	CMP_PROPERTY,		/* propertyCausingError, PropertyName */
	CMP_VALUE,		/* value, PropertyValue */
	CMP_CATEGORY,		/* category, ErrorCategory */
	CMP_WHEN,		/* occurredDateTime, WhenStarted */
	CMP_MAX
};

struct cloudmap_entry {
	const char		*alias;	/* folded: see cloudmap_fold() */
	const char		*name;	/* canonical name (parser.h) */
	enum cloudmap_kind	 kind;
	int			 field;	/* CMK_PROV_FIELD: a cloudmap_prov_field */
};

/* An object type as a file tells it. */
enum cloudmap_type {
	CMT_NONE,		/* nothing said */
	CMT_USER,
	CMT_GROUP,
	CMT_CONTACT,
	CMT_OTHER		/* servicePrincipal, device...: not loaded */
};

/*
 * Fold a column or property name for lookup into buf (size n): lower
 * case, without spaces, '-', '_' and '.', so that "User principal name",
 * "UserPrincipalName" and "userPrincipalName" meet.  A header cell of an
 * Entra bulk template, "Name [displayName] Required", folds the name in
 * brackets.  Returns false when the name does not fit.
 */
bool	cloudmap_fold(const char *name, size_t len, char *buf, size_t n);

/*
 * The entry for a column or property name as found in a file of the given
 * content, or NULL: an unknown name, passed through as it is.
 */
const struct cloudmap_entry *
	cloudmap_lookup(enum input_content content, const char *name,
	    size_t len);

/*
 * The canonical name a column or property that cloudmap_lookup() does not
 * know looks like (one typo or a plural away, or a known name with a few
 * characters added), or NULL.  For the warning that no such column is
 * dropped in silence.
 */
const char	*cloudmap_lookalike(enum input_content content,
		    const char *name, size_t len);

/*
 * Which field of a provisioning error a member is named for, any case:
 * Graph's propertyCausingError, value, category, occurredDateTime;
 * MSOnline's PropertyName, PropertyValue, ErrorCategory, WhenStarted; a
 * service error's serviceInstance, errorDetail, createdDateTime.  -1: none.
 */
int	cloudmap_prov_field(const char *name);

/* 1 for True/true/1/Yes, 0 for False/false/0/No, -1 for anything else. */
int	cloudmap_bool(const char *s, size_t len);

/*
 * The type an explicit type value names: "#microsoft.graph.user", "User",
 * "orgContact", "Microsoft.Graph.PowerShell.Models.MicrosoftGraphGroup".
 * A name that is none of the three is CMT_OTHER when is_explicit (an
 * ObjectType column), CMT_NONE when it is only a hint (a .NET type name
 * such as PSCustomObject).
 */
enum cloudmap_type
	cloudmap_type_of(const char *s, size_t len, bool is_explicit);
const char	*cloudmap_type_name(enum cloudmap_type type);

/*
 * Is s what PowerShell writes for a value it could not export:
 * "System.String[]", "System.Collections.Generic.List`1[System.String]",
 * "Microsoft.Graph.PowerShell.Models.IMicrosoftGraph...Error[]"?
 */
bool	cloudmap_is_type_name(const char *s, size_t len);

/*
 * The record under construction, with the state of one input file.  The
 * builder owns its buffers; attrs handed to emit point into them and are
 * valid until the next cloudrec_begin().
 */
struct cloudrec_slot {
	size_t		 name;		/* offsets into buf */
	size_t		 value;
	size_t		 len;
	unsigned	 flags;
};

struct cloudrec_count {
	size_t		 name;		/* offset into buf */
	size_t		 namelen;
	size_t		 hash;		/* of the name, case folded */
	size_t		 count;
	unsigned	 note;		/* what name says of the type */
};

/* A hash slot over the counts: valid when gen is the record's. */
struct cloudrec_bucket {
	unsigned	 gen;
	size_t		 count;		/* index into counts */
};

/*
 * The count a name pointer had last in this record, and what the record
 * does not change: the name's hash, length and type note.  Callers pass
 * the same pointer for a column or property on every row (a header cell,
 * a map entry's name), so this spares hashing the name; a hit is still
 * compared byte for byte (with copy, across records), as a caller may
 * reuse its buffer.
 */
#define CLOUDREC_RECENT	64		/* a power of two */
struct cloudrec_recent {
	const char	*name;
	unsigned	 gen;		/* count is this record's */
	size_t		 count;		/* index into counts */
	char		*copy;		/* name's bytes when hashed */
	size_t		 namelen;
	size_t		 hash;
	unsigned	 note;
};

struct cloudrec {
	/* The file. */
	const char		*file;
	const struct limits	*lim;
	struct diag		*dg;
	enum input_content	 content;
	record_fn		 emit;
	void			*arg;
	/* Said for a type-name value (CSV: D_CSV_SYSTEM_ARRAY); D_OK: not */
	enum diag_code		 type_name_code;
	const char		*type_name_fix;	/* detail: what to do */
	char			**warned;	/* names already warned about */
	size_t			 nwarned;
	bool			 is_untyped_said;
	unsigned long		 nbegun;	/* records begun in the file */
	bool			 is_stopped;	/* emit returned nonzero */
	/* The record. */
	unsigned long		 line;
	char			*buf;
	size_t			 len;
	size_t			 cap;
	/*
	 * What --max-record-bytes measures: every name and value with a NUL,
	 * as if each value had its own copy of its name (one is shared).
	 */
	size_t			 charged;
	struct cloudrec_slot	*slots;
	size_t			 nslots;
	size_t			 slots_cap;
	struct cloudrec_count	*counts;
	size_t			 ncounts;
	size_t			 counts_cap;
	size_t			 last_count;	/* index of the last name added */
	struct cloudrec_bucket	*buckets;	/* counts by name, hashed */
	size_t			 nbuckets;	/* a power of two, or 0 */
	unsigned		 gen;		/* this record's bucket mark */
	struct cloudrec_recent	 recent[CLOUDREC_RECENT];
	struct attr		*attrs;
	size_t			 attrs_cap;
	enum diag_code		 error;		/* first problem: not emitted */
	char			*error_detail;
	enum cloudmap_type	 type;		/* from the record itself */
	char			*other_type;	/* CMT_OTHER: the name */
	bool			 has_user_prop;	/* UPN, userType... present */
	bool			 has_group_prop;	/* securityEnabled... present */
	bool			 has_user_value;	/* ... and not empty */
	bool			 has_group_value;
	char			*prov[CMP_MAX];	/* MSOnline error row fields */
	bool			 has_prov_field;
};

void	cloudrec_init(struct cloudrec *r, const char *file,
	    const struct limits *lim, struct diag *dg,
	    enum input_content content, record_fn emit, void *arg);
void	cloudrec_release(struct cloudrec *r);

/* Start a record at line; forgets the previous one. */
void	cloudrec_begin(struct cloudrec *r, unsigned long line);

/*
 * Add one value under name (canonical or passed through), copied.  A
 * value over a limit rejects the record (the first reason is kept).
 */
void	cloudrec_add(struct cloudrec *r, const char *name, const char *value,
	    size_t len, unsigned flags);

/*
 * Add the value of property srcname through its alias entry e (NULL: pass
 * through under srcname).  is_joined: value is a cell that may hold
 * several values joined by ';', '|', ',' or as a JSON array (CSV, a
 * CLIXML string); otherwise it is one value of an array already split.
 */
void	cloudrec_put(struct cloudrec *r, const struct cloudmap_entry *e,
	    const char *srcname, const char *value, size_t len,
	    unsigned flags, bool is_joined);

/*
 * Add one provisioning error from its fields (NULL or empty: not known);
 * tabs and line ends inside a field become spaces.
 */
void	cloudrec_add_prov(struct cloudrec *r, const char *const field[CMP_MAX],
	    const size_t flen[CMP_MAX]);

/* Reject the record: code (DL_ERROR or DL_SKIP) unless one is set. */
void	cloudrec_reject(struct cloudrec *r, enum diag_code code,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * End the record: emit it, or say its one diagnostic.  hint is the type
 * the file tells for all its objects (CMT_NONE: nothing).  Returns -1 when
 * emit asked to stop, else 0.
 */
int	cloudrec_finish(struct cloudrec *r, enum cloudmap_type hint);

/*
 * Split a joined cell into values, calling fn for each: a JSON array of
 * strings, else pieces separated by ';', '|', ',' or line ends.  With
 * is_proxy a piece that does not start with "type:" is glued back to the
 * one before (an X.400 address holds ';'), and '+' separates too.  An
 * empty cell gives no value.
 */
typedef void (*cloudmap_value_fn)(const char *value, size_t len, void *arg);
void	cloudmap_split(const char *cell, size_t len, bool is_proxy,
	    cloudmap_value_fn fn, void *arg);

#endif /* SD_CLOUDMAP_H */
