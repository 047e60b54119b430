/*
 * Loading the inputs a command names into a table, for analyze and
 * objects alike, and saying which are unusable and what happens then.
 * Decides nothing about the objects: the loader (src/) does.
 */
#ifndef SD_INPUTS_H
#define SD_INPUTS_H

#include <stdbool.h>

#include "cli.h"
#include "diag.h"
#include "table.h"
#include "timings.h"

/* What the table must know before loading: anchors and group scope. */
void	inputs_configure(struct table *t, const struct options *o);

/*
 * Load every input of o into t, messages into dg (printed unless -q);
 * false when one was unusable.  A cloud file whose objects' type cannot
 * be told stops the run with a usage error unless --cloud-type was given.
 */
bool	inputs_load(struct table *t, struct diag *dg,
	    const struct options *o, struct timings *tm);

/*
 * After inputs_load() returned false: name each unusable input and its
 * reason on stderr (even with -q) and say what happens now.  True when
 * the run goes on (--partial, some input usable and none unreadable);
 * false when nothing may be concluded.  --partial leaves out an export
 * that opened but holds nothing usable, never a file that could not be
 * opened or read (missing, no permission): a mistyped path is not a
 * partial export.
 */
bool	inputs_say_unusable(const struct options *o, const struct diag *dg);

struct policy_set;

/*
 * Read and compile the tenant policy files (--policy, policy check);
 * NULL when there are none.  A file with an error is a usage error: each
 * error is said with its file and line, and the program exits 2.  The
 * caller frees the set with policy_set_free().
 */
struct policy_set *inputs_load_policies(const char *const *files,
		    size_t nfiles);

#endif /* SD_INPUTS_H */
