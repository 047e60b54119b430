/* The message catalogue and the per-input accounting; see diag.h. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "escape.h"
#include "xalloc.h"

/* One text per code, in enum order; the level comes from the group. */
static const char *const diag_texts[D_MAX] = {
	[D_OK] = "no problem",

	[D_WARNING] = "warning",
	[D_LDIF_OPTION] = "unknown attribute option ignored",
	[D_LDIF_RANGE_OPEN] = "ranged retrieval stopped before the last range: values may be missing",
	[D_LOAD_DUP_DN] = "the same dn appears again: were two exports concatenated?",
	[D_LOAD_UTF8] = "text value is not valid UTF-8",
	[D_LDIF_NO_ANCHOR] = "no objectGUID in this file: source anchors cannot be computed (exported with ldifde -n or -m?)",
	[D_LDIF_PAGE_LIMIT] = "exactly 1000 records: the export may have stopped at the server's MaxPageSize",
	[D_LDIF_VERSION] = "unsupported LDIF version",
	[D_LOAD_BAD_GUID] = "objectGUID is neither 16 bytes nor a GUID string",
	[D_LDIF_INCLUDE] = "include: line ignored, never followed",
	[D_LDIF_LATE_VERSION] = "version: line ignored",
	[D_LDIF_CONTROL] = "control: line ignored",
	[D_LDIF_ENTRY_ID] = "legacy entry number line ignored",
	[D_INPUT_DUPLICATE] = "input given twice: read once",
	[D_TEXT_NUL] = "text value holds a NUL byte",
	[D_CLOUD_WARNING_FIRST] = "warning",
	[D_CSV_SYSTEM_ARRAY] = "column holds 'System.String[]' instead of its values: join the array in Select-Object (@{n='ProxyAddresses';e={$_.ProxyAddresses -join ';'}})",
	[D_CSV_HEADER_DUP] = "column named twice",
	[D_CSV_UNKNOWN_TYPE] = "object type not derivable from the file",
	[D_CLIXML_DEPTH] = "property holds a type name instead of its values: re-export with Export-Clixml -Depth 4",
	[D_CLOUD_UNMAPPED] = "column not read",
	[D_CLOUD_WARNING_LAST] = "warning",

	[D_VALUE] = "value rejected",
	[D_LDIF_URL] = "value given by URL refused, not opened",
	[D_CLOUD_VALUE_FIRST] = "value rejected",
	[D_CLOUD_BAD_BOOL] = "not a boolean",
	[D_CLIXML_BAD_REF] = "reference to no finished object",
	[D_CLOUD_VALUE_LAST] = "value rejected",

	[D_SKIP] = "record skipped",
	[D_LDIF_SKIP_CHANGE] = "change record skipped: not directory content",
	[D_LDIF_SKIP_NO_DN] = "record without dn skipped",
	[D_CLOUD_SKIP_FIRST] = "record skipped",
	[D_CLOUD_SKIP_TYPE] = "object type not loaded",
	[D_CLOUD_NOT_OBJECT] = "entry is not an object",
	[D_CLIXML_SKIP_REF] = "object written again by reference, loaded once",
	[D_ROLE_NO_MEMBERS] = "role listed without its members",
	[D_ROLE_NOT_DIRECTORY] = "role assignment skipped: not a directory role",
	[D_CLOUD_MERGED] = "same cloud object as an earlier record: merged into it, not counted twice",
	[D_CLOUD_SKIP_LAST] = "record skipped",

	[D_ERROR] = "record rejected",
	[D_LDIF_NO_COLON] = "line has no ':'",
	[D_LDIF_BASE64] = "invalid base64 value",
	[D_LDIF_STRAY_CONT] = "continuation line outside any record",
	[D_LDIF_NO_DN] = "record does not start with 'dn:'",
	[D_LDIF_BAD_NAME] = "invalid attribute description",
	[D_LDIF_CHANGETYPE] = "unknown changetype",
	[D_LDIF_NUL] = "NUL byte in a text line",
	[D_LIMIT_VALUE] = "value larger than --max-value-bytes",
	[D_LIMIT_RECORD] = "record larger than --max-record-bytes",
	[D_LIMIT_VALUES] = "attribute has more values than --max-values",
	[D_LIMIT_DEPTH] = "nesting deeper than --max-depth",
	[D_CLOUD_ERROR_FIRST] = "record rejected",
	[D_CSV_FIELDS] = "row has a different number of fields than the header",
	[D_CSV_SYNTAX] = "CSV syntax error",
	[D_XML_SYNTAX] = "XML is not well formed",
	[D_JSON_SYNTAX] = "JSON is not well formed",
	[D_CLOUD_NO_ID] = "object has neither an id nor a userPrincipalName",
	[D_XML_DOCTYPE] = "DOCTYPE declaring entities refused",
	[D_CLOUD_NO_DOMAIN] = "domain without a name",
	[D_CLOUD_ERROR_LAST] = "record rejected",

	[D_FATAL] = "input unusable",
	[D_OPEN] = "cannot open",
	[D_READ] = "read error",
	[D_NOT_FILE] = "not a regular file",
	[D_FORMAT] = "input format not recognised",
	[D_BINARY] = "binary data where text was expected",
	[D_ENCODING] = "cannot convert from UTF-16",
	[D_XML_DTD] = "DOCTYPE declaring entities: file refused",
	[D_INPUT_EMPTY] = "no records found",
	[D_INPUT_ALL_REJECTED] = "every record was rejected: nothing loaded",
	[D_INPUT_NONE_LOADED] = "every record was skipped: nothing loaded",
};

#define DIAG_DEFAULT_MAX_MSGS	100000
#define DIAG_DEFAULT_MAX_ECHO	50

void
diag_init(struct diag *dg, FILE *echo)
{
	memset(dg, 0, sizeof(*dg));
	arena_init(&dg->arena);
	dg->echo = echo;
	dg->max_msgs = DIAG_DEFAULT_MAX_MSGS;
	dg->max_echo = DIAG_DEFAULT_MAX_ECHO;
}

void
diag_init_deferred(struct diag *dg, diag_defer_fn defer, void *arg)
{
	diag_init(dg, NULL);
	dg->defer = defer;
	dg->defer_arg = arg;
}

void
diag_release(struct diag *dg)
{
	arena_release(&dg->arena);
	free(dg->msgs);
	free(dg->inputs);
	memset(dg, 0, sizeof(*dg));
}

struct input_stats *
diag_input_begin(struct diag *dg, const char *path, const char *kind,
    const char *side)
{
	struct input_stats	*in;

	dg->inputs = xreallocarray(dg->inputs, dg->ninputs + 1,
	    sizeof(*dg->inputs));
	in = &dg->inputs[dg->ninputs++];
	memset(in, 0, sizeof(*in));
	in->path = path;
	in->kind = kind;
	in->side = side;
	dg->echoed = 0;
	return in;
}

static struct input_stats *
diag_current(struct diag *dg)
{
	/* Messages said before any input (option errors) count nowhere. */
	return dg->ninputs ? &dg->inputs[dg->ninputs - 1] : NULL;
}

void
diag_accept(struct diag *dg)
{
	struct input_stats	*in = diag_current(dg);

	if (in != NULL) {
		in->records++;
		in->accepted++;
	}
}

enum diag_level
diag_level(enum diag_code code)
{
	if (code >= D_FATAL)
		return DL_FATAL;
	if (code >= D_ERROR)
		return DL_ERROR;
	if (code >= D_SKIP)
		return DL_SKIP;
	if (code >= D_VALUE)
		return DL_VALUE;
	return DL_WARNING;
}

const char *
diag_level_name(enum diag_level level)
{
	switch (level) {
	case DL_WARNING:
		return "warning";
	case DL_VALUE:
		return "value rejected";
	case DL_SKIP:
		return "skipped";
	case DL_ERROR:
		return "rejected";
	case DL_FATAL:
		return "fatal";
	}
	return "?";
}

const char *
diag_text(enum diag_code code)
{
	if (code >= D_MAX || diag_texts[code] == NULL)
		return "unknown problem";
	return diag_texts[code];
}

void
diag_count_merged(struct diag *dg)
{
	struct input_stats	*in = diag_current(dg);

	if (in != NULL)
		in->merged++;
}

static void
diag_count(struct diag *dg, enum diag_level level)
{
	struct input_stats	*in = diag_current(dg);

	if (in == NULL)
		return;
	switch (level) {
	case DL_WARNING:
		in->warnings++;
		break;
	case DL_VALUE:
		in->values_rejected++;
		break;
	case DL_SKIP:
		in->records++;
		in->skipped++;
		break;
	case DL_ERROR:
		in->records++;
		in->rejected++;
		break;
	case DL_FATAL:
		in->is_unusable = true;
		break;
	}
}

static void
diag_echo(struct diag *dg, const struct diag_msg *m)
{
	enum diag_level	 level = diag_level(m->code);

	if (dg->echo == NULL)
		return;
	if (dg->echoed++ == dg->max_echo) {
		fprintf(dg->echo, "%s: further messages about this input are not printed; all are in the JSON report\n",
		    m->file);
		return;
	}
	if (dg->echoed > dg->max_echo)
		return;
	/* Paths and details may hold customer bytes: escape them. */
	escape_text(dg->echo, m->file, strlen(m->file));
	if (m->line)
		fprintf(dg->echo, ":%lu", m->line);
	fprintf(dg->echo, ": %s: ", level == DL_WARNING ? "warning" :
	    level == DL_SKIP ? "note" : level == DL_FATAL ? "fatal" : "error");
	escape_text(dg->echo, m->text, strlen(m->text));
	fputc('\n', dg->echo);
}

void
diag_say(struct diag *dg, enum diag_code code, const char *file,
    unsigned long line, const char *detail)
{
	struct diag_msg	 m;

	diag_count(dg, diag_level(code));
	if (dg->nmsgs >= dg->max_msgs) {
		/* Hostile input can say millions: count them, keep a bound. */
		dg->dropped++;
		return;
	}
	m.file = file ? file : "-";
	m.line = line;
	m.code = code;
	m.text = detail != NULL && *detail != '\0' ?
	    arena_printf(&dg->arena, "%s: %s", diag_text(code), detail) :
	    diag_text(code);

	diag_echo(dg, &m);
	if (dg->nmsgs == dg->cap) {
		dg->cap = dg->cap ? dg->cap * 2 : 64;
		dg->msgs = xreallocarray(dg->msgs, dg->cap, sizeof(*dg->msgs));
	}
	dg->msgs[dg->nmsgs++] = m;
}

void
diag(struct diag *dg, enum diag_code code, const char *file,
    unsigned long line, const char *fmt, ...)
{
	va_list		 ap;
	char		*detail = NULL;
	int		 n;

	if (dg->defer != NULL) {
		va_start(ap, fmt);
		dg->defer(dg->defer_arg, code, file, line, fmt, ap);
		va_end(ap);
		return;
	}
	/* Past max_msgs the text would be dropped: do not format it. */
	if (fmt != NULL && *fmt != '\0' && dg->nmsgs < dg->max_msgs) {
		va_start(ap, fmt);
		n = vsnprintf(NULL, 0, fmt, ap);
		va_end(ap);
		if (n > 0) {
			detail = xmalloc((size_t)n + 1);
			va_start(ap, fmt);
			vsnprintf(detail, (size_t)n + 1, fmt, ap);
			va_end(ap);
		}
	}
	diag_say(dg, code, file, line, detail);
	free(detail);
}

bool
diag_any_fatal(const struct diag *dg)
{
	size_t	i;

	for (i = 0; i < dg->ninputs; i++)
		if (dg->inputs[i].is_unusable)
			return true;
	return false;
}
