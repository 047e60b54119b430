/*
 * What the policy file reader (policy.c) and the checks (policy_check.c)
 * share: attribute lookup and compiled patterns.  Private to those two
 * files; everyone else uses policy.h.
 */
#ifndef SD_POLICY_INT_H
#define SD_POLICY_INT_H

#include <stdbool.h>
#include <stddef.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "policy.h"

/*
 * How a policy reads attribute name: a field the table models, one it
 * computes ("@entra-upn", "@primary-smtp", "@upn-suffix", "@ou"), or,
 * for any other name, the raw values the table keeps with
 * TABLE_KEEP_RAW.  Never NULL; NULL *is_raw is allowed.
 */
const struct policy_field *
	 policy_field_find(const char *name, bool *is_raw);
/* The computed attributes' names, for messages: "@entra-upn, ...". */
const char	*policy_field_computed_names(void);

/*
 * Compile text (UTF-8) with the set's match limits mctx, which must
 * outlive the result.  NULL with "at offset N: reason" in err (errlen
 * bytes) when it does not compile.  Free with policy_pattern_free().
 */
struct policy_pattern *
	 policy_pattern_compile(const char *text, pcre2_match_context *mctx,
	    char *err, size_t errlen);
void	 policy_pattern_free(struct policy_pattern *pt);

/*
 * 1 when pt matches the len bytes at s, 0 when not, else PCRE2's
 * negative error code (a limit hit).  md is the caller's, one per thread.
 * The JIT may read past s + len within the page: give it defined bytes
 * there (policy_check.c's padded copy) or valgrind complains.
 */
int	 policy_pattern_match(const struct policy_pattern *pt, const char *s,
	    size_t len, pcre2_match_data *md);

#endif /* SD_POLICY_INT_H */
