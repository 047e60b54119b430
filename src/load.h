/*
 * The loader: turns parser records into table objects (or tenant facts:
 * roles, domains).  This is where attribute names meet object fields and
 * the object type is decided (load.c), text is shared with on-premises
 * twins (twin.c), and tenant records and merged cloud duplicates are
 * handled (tenant.c).  Sync scope is scope.c's; the loader gives it the
 * facts.  load_record is the record_fn every input is parsed with.
 */
#ifndef SD_LOAD_H
#define SD_LOAD_H

#include <stdbool.h>

#include "diag.h"
#include "parser.h"
#include "scope.h"
#include "table.h"

/*
 * An attribute name already looked up, found again by its bytes (every
 * record of a file repeats the same thirty names, but parsers may pass
 * them from a different buffer each time).
 */
struct load_name {
	char			 copy[32];	/* the name; "": a free slot */
	unsigned char		 field;		/* load.c's enum field */
	bool			 is_extension;	/* extensionAttribute1, ... */
	bool			 is_kept_raw;	/* table_keeps_raw_of() */
};

#define LOAD_NAMES	64	/* a power of two */

struct load_ctx {
	struct table		*table;
	struct diag		*diag;
	enum side		 side;
	enum input_content	 content;
	const char		*file;		/* interned in the table */
	const char		*label;		/* forest or tenant label */
	const struct object_origin *origin;	/* the two, for objects */
	enum object_type	 default_cloud_type;	/* --cloud-type */
	/* What the file held, for per-file warnings after the parse. */
	unsigned long		 nobjects;
	unsigned long		 nsync_candidates;	/* users, groups, contacts */
	unsigned long		 nwith_guid;
	/* Objects whose scope waits on the whole file (scope.h). */
	struct scope_pending	 scope;
	struct load_name	 names[LOAD_NAMES];
};

/* Prepare ctx for one input; file and label are interned into t. */
void	load_begin(struct load_ctx *ctx, struct table *t, struct diag *dg,
	    enum side side, enum input_content content, const char *file,
	    const char *label);

/*
 * The attribute names (lower case, NULL-ended) whose values the loader
 * only counts and measures: what input.c gives parsers as struct limits'
 * measured.
 */
extern const char *const load_measured_names[];

/* The record_fn: arg is a struct load_ctx.  Always returns 0. */
int	load_record(const struct record *rec, void *arg);

/* Per-file warnings once the whole input is read (no anchors, ...). */
void	load_end(struct load_ctx *ctx);

#endif /* SD_LOAD_H */
