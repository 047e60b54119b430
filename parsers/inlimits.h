/*
 * Ceilings on what one input may make syncdoctor hold in memory.  Every
 * parser buffer is bounded by one of these; past a limit the record is
 * rejected with a diagnostic and the parse goes on.  Set from the command
 * line (--max-value-bytes, ...).
 */
#ifndef SD_INLIMITS_H
#define SD_INLIMITS_H

#include <stddef.h>

struct limits {
	size_t	max_value_bytes;	/* one decoded value */
	size_t	max_record_bytes;	/* one record: all its lines together */
	size_t	max_values;		/* values of one attribute in a record */
	size_t	max_depth;		/* nesting of XML and JSON documents */
	/*
	 * Attribute names (lower case, NULL-ended; NULL: none) whose values
	 * the reader needs only the size of: an LDIF base64 value of one of
	 * them over LIMITS_MEASURE_MIN bytes is checked and measured, not
	 * decoded (ATTR_MEASURED).  Photos and certificates: most of an
	 * export's bytes.
	 */
	const char *const *measured;
};

/* Smaller values are decoded: a raw dump shows up to 64 bytes. */
#define LIMITS_MEASURE_MIN	64

/*
 * Defaults generous enough for real Active Directory: a thumbnailPhoto of
 * a few hundred KB, groups with hundreds of thousands of members, users with
 * thousands of proxyAddresses.
 */
#define LIMITS_DEFAULT_VALUE_BYTES	(16UL * 1024 * 1024)
#define LIMITS_DEFAULT_RECORD_BYTES	(256UL * 1024 * 1024)
#define LIMITS_DEFAULT_VALUES		500000UL
#define LIMITS_DEFAULT_DEPTH		64UL

static inline void
limits_init(struct limits *lim)
{
	lim->max_value_bytes = LIMITS_DEFAULT_VALUE_BYTES;
	lim->max_record_bytes = LIMITS_DEFAULT_RECORD_BYTES;
	lim->max_values = LIMITS_DEFAULT_VALUES;
	lim->max_depth = LIMITS_DEFAULT_DEPTH;
	lim->measured = NULL;
}

#endif /* SD_INLIMITS_H */
