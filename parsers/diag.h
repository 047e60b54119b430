/*
 * Diagnostics about the inputs: every message syncdoctor can say about a
 * file, in one catalogue grouped by level (mandoc's mandoc_msg.c), and the
 * per-input record accounting that follows from them.  A parser reports
 * through diag() only; the level of a code decides what happened to the
 * record, so the counts (records = accepted + rejected + skipped) and the
 * JSON "rejected" list come from one place.  Not for findings about the
 * directory data: those are rules' business (finding.h).
 */
#ifndef SD_DIAG_H
#define SD_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "arena.h"

enum diag_code {
	D_OK,

	D_WARNING,		/* ===== warnings: record kept as it is */
	D_LDIF_OPTION,		/* unknown attribute option ignored */
	D_LDIF_RANGE_OPEN,	/* ;range= retrieval stopped before '*' */
	/* D_LOAD_*: said by the loader, for a value from any input. */
	D_LOAD_DUP_DN,		/* same dn twice: files concatenated? */
	D_LOAD_UTF8,		/* text value is not valid UTF-8 */
	/* Said by the loader once an on-premises (LDIF) file is read. */
	D_LDIF_NO_ANCHOR,	/* objectGUID absent (ldifde -n or -m) */
	D_LDIF_PAGE_LIMIT,	/* exactly 1000 records: MaxPageSize hit? */
	D_LDIF_VERSION,		/* version other than 1 */
	D_LOAD_BAD_GUID,	/* objectGUID not 16 bytes / GUID text (loader) */
	D_LDIF_INCLUDE,		/* include: line not followed */
	D_LDIF_LATE_VERSION,	/* version: line after the first record */
	D_LDIF_CONTROL,		/* control: line in a content record */
	D_LDIF_ENTRY_ID,	/* legacy numeric entry id line */
	D_INPUT_DUPLICATE,	/* same file given again: read once */
	D_TEXT_NUL,		/* NUL inside a text value: kept, escaped */
	D_CLOUD_WARNING_FIRST,	/* ----- cloud parsers' warnings (issue 4) */
	D_CSV_SYSTEM_ARRAY,	/* 'System.String[]' written instead of values */
	D_CSV_HEADER_DUP,	/* the same column named twice */
	D_CSV_UNKNOWN_TYPE,	/* object type not derivable, assumed */
	D_CLIXML_DEPTH,		/* type name written: -Depth too small */
	D_CLOUD_UNMAPPED,	/* column looks like a known one, not read */
	D_CLOUD_WARNING_LAST,

	D_VALUE,		/* ===== value rejected, record kept */
	D_LDIF_URL,		/* ':<' URL value refused, not opened */
	D_CLOUD_VALUE_FIRST,	/* ----- cloud parsers' value errors */
	D_CLOUD_BAD_BOOL,	/* boolean column holds something else */
	D_CLIXML_BAD_REF,	/* <Ref RefId> to no finished object */
	D_CLOUD_VALUE_LAST,

	D_SKIP,			/* ===== record skipped: not directory content */
	D_LDIF_SKIP_CHANGE,	/* changetype modify/delete/modrdn */
	D_LDIF_SKIP_NO_DN,	/* search result trailer or referral */
	D_CLOUD_SKIP_FIRST,	/* ----- cloud parsers' skips */
	D_CLOUD_SKIP_TYPE,	/* servicePrincipal, device...: not loaded */
	D_CLOUD_NOT_OBJECT,	/* array item or pipeline item not an object */
	D_CLIXML_SKIP_REF,	/* same pipeline object written again */
	D_ROLE_NO_MEMBERS,	/* a role without its members */
	D_ROLE_NOT_DIRECTORY,	/* catalog or app role: not a directory role */
	D_CLOUD_MERGED,		/* same cloud id as an earlier record: merged */
	D_CLOUD_SKIP_LAST,

	D_ERROR,		/* ===== record rejected */
	D_LDIF_NO_COLON,	/* line has no ':' */
	D_LDIF_BASE64,		/* invalid base64 value */
	D_LDIF_STRAY_CONT,	/* continuation line outside any record */
	D_LDIF_NO_DN,		/* record does not start with dn: */
	D_LDIF_BAD_NAME,	/* attribute description is not valid */
	D_LDIF_CHANGETYPE,	/* unknown changetype */
	D_LDIF_NUL,		/* NUL byte in a plain (not base64) line */
	D_LIMIT_VALUE,		/* one value over --max-value-bytes */
	D_LIMIT_RECORD,		/* record over --max-record-bytes */
	D_LIMIT_VALUES,		/* attribute over --max-values */
	D_LIMIT_DEPTH,		/* nesting over --max-depth */
	D_CLOUD_ERROR_FIRST,	/* ----- cloud parsers' record errors */
	D_CSV_FIELDS,		/* row has another number of fields */
	D_CSV_SYNTAX,		/* unbalanced quotes and the like */
	D_XML_SYNTAX,		/* XML not well formed */
	D_JSON_SYNTAX,		/* JSON not well formed */
	D_CLOUD_NO_ID,		/* object without id or userPrincipalName */
	D_XML_DOCTYPE,		/* DOCTYPE declaring entities refused */
	D_CLOUD_NO_DOMAIN,	/* domain row without its name */
	D_CLOUD_ERROR_LAST,

	D_FATAL,		/* ===== input unusable */
	D_OPEN,			/* cannot open file */
	D_READ,			/* read error */
	D_NOT_FILE,		/* a directory or device given as a file */
	D_FORMAT,		/* format not recognised */
	D_BINARY,		/* binary data where text was expected */
	D_ENCODING,		/* cannot transcode UTF-16 */
	D_XML_DTD,		/* DOCTYPE declaring entities: file refused */
	D_INPUT_EMPTY,		/* file holds no records at all */
	D_INPUT_ALL_REJECTED,	/* every record rejected: none loaded */
	D_INPUT_NONE_LOADED,	/* every record skipped: none loaded */
	D_MAX
};

enum diag_level {
	DL_WARNING,
	DL_VALUE,
	DL_SKIP,
	DL_ERROR,
	DL_FATAL
};

/* Per-input accounting; records == accepted + rejected + skipped. */
struct input_stats {
	const char	*path;
	const char	*kind;		/* "ldif", "graph-csv", ... */
	const char	*side;		/* "onprem", "cloud", "tenant" */
	unsigned long	 records;
	unsigned long	 accepted;
	unsigned long	 rejected;
	unsigned long	 skipped;
	unsigned long	 merged;	/* of skipped: merged into an object */
	unsigned long	 values_rejected;
	unsigned long	 warnings;
	bool		 is_unusable;	/* a fatal message was said */
};

struct diag_msg {
	const char	*file;
	unsigned long	 line;
	enum diag_code	 code;
	const char	*text;		/* catalogue text + detail */
};

/*
 * Where a deferred diag sends each diag() call: code, file and line as
 * given, fmt and ap not yet formatted (ap is the caller's: va_copy it to
 * read it twice).
 */
typedef void (*diag_defer_fn)(void *arg, enum diag_code code,
    const char *file, unsigned long line, const char *fmt, va_list ap);

struct diag {
	struct arena		 arena;		/* message texts */
	struct diag_msg		*msgs;
	size_t			 nmsgs;
	size_t			 cap;
	size_t			 max_msgs;	/* stored; the rest counted */
	unsigned long		 dropped;	/* said but not stored */
	struct input_stats	*inputs;
	size_t			 ninputs;
	FILE			*echo;		/* where to print, NULL: silent */
	unsigned long		 echoed;	/* printed for the current input */
	unsigned long		 max_echo;	/* per input, then one notice */
	diag_defer_fn		 defer;		/* non-NULL: diag() only calls it */
	void			*defer_arg;
};

void	 diag_init(struct diag *dg, FILE *echo);
void	 diag_release(struct diag *dg);

/*
 * A diag that says, counts and stores nothing: every diag() on it is
 * handed to defer(arg, ...) instead.  For a parser that runs where the
 * real diag must not be touched (another thread): its owner replays the
 * messages, in order, with diag_say() on the real diag.  Released with
 * diag_release().
 */
void	 diag_init_deferred(struct diag *dg, diag_defer_fn defer, void *arg);

/*
 * Start the accounting for one input file; the strings must outlive dg.
 * Returns the stats that every later diag() and diag_accept() counts into.
 */
struct input_stats *
	 diag_input_begin(struct diag *dg, const char *path, const char *kind,
	    const char *side);
/* Count one record as loaded, in the current input. */
void	 diag_accept(struct diag *dg);
/*
 * Count, in the current input, a skipped record whose values went into
 * an object loaded before (an overlapping export): the input is usable.
 */
void	 diag_count_merged(struct diag *dg);

/*
 * Report a problem at file:line (line 0: the file as a whole).  The level
 * of code decides the accounting: DL_ERROR counts the record as rejected,
 * DL_SKIP as skipped, DL_VALUE a rejected value, DL_FATAL marks the input
 * unusable.  A parser says exactly one DL_ERROR or DL_SKIP per record it
 * does not emit.  Prints "file:line: error: text: detail" to the echo
 * stream.
 */
void	 diag(struct diag *dg, enum diag_code code, const char *file,
	    unsigned long line, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));

/*
 * diag() with its detail already formatted: detail NULL or "" says the
 * catalogue text alone.  detail is copied; file must outlive dg.
 */
void	 diag_say(struct diag *dg, enum diag_code code, const char *file,
	    unsigned long line, const char *detail);

enum diag_level	 diag_level(enum diag_code code);
const char	*diag_level_name(enum diag_level level);
/* The catalogue text of code, e.g. "invalid base64 value". */
const char	*diag_text(enum diag_code code);
/* Number of messages at level or above that were said. */
bool		 diag_any_fatal(const struct diag *dg);

#endif /* SD_DIAG_H */
