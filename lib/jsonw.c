/* A streaming JSON writer; see jsonw.h. */
#include "config.h"

#include <string.h>

#include "escape.h"
#include "jsonw.h"

void
jsonw_init(struct jsonw *w, FILE *out, bool is_pretty)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->is_pretty = is_pretty;
}

static void
newline(struct jsonw *w)
{
	int	i;

	if (!w->is_pretty)
		return;
	fputc('\n', w->out);
	for (i = 0; i < w->depth; i++)
		fputs("  ", w->out);
}

/* Before any value: the comma and line break its place needs. */
static void
before_value(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth > 0) {
		if (w->has_items[w->depth])
			fputc(',', w->out);
		w->has_items[w->depth] = true;
		newline(w);
	}
}

static void
open_container(struct jsonw *w, int c)
{
	before_value(w);
	fputc(c, w->out);
	/* Deeper than any report needs: keep writing, flat. */
	if (w->depth + 1 < JSONW_MAX_DEPTH)
		w->depth++;
	w->has_items[w->depth] = false;
}

static void
close_container(struct jsonw *w, int c)
{
	bool	had_items = w->has_items[w->depth];

	if (w->depth > 0)
		w->depth--;
	if (had_items)
		newline(w);
	fputc(c, w->out);
	if (w->depth == 0 && w->is_pretty)
		fputc('\n', w->out);
}

void
jsonw_object_begin(struct jsonw *w)
{
	open_container(w, '{');
}

void
jsonw_object_end(struct jsonw *w)
{
	close_container(w, '}');
}

void
jsonw_array_begin(struct jsonw *w)
{
	open_container(w, '[');
}

void
jsonw_array_end(struct jsonw *w)
{
	close_container(w, ']');
}

void
jsonw_key(struct jsonw *w, const char *key)
{
	before_value(w);
	escape_json(w->out, key, strlen(key));
	fputs(w->is_pretty ? ": " : ":", w->out);
	w->after_key = true;
}

void
jsonw_stringn(struct jsonw *w, const char *s, size_t len)
{
	before_value(w);
	escape_json(w->out, s, len);
}

void
jsonw_string(struct jsonw *w, const char *s)
{
	if (s == NULL)
		jsonw_null(w);
	else
		jsonw_stringn(w, s, strlen(s));
}

void
jsonw_uint(struct jsonw *w, unsigned long long v)
{
	before_value(w);
	fprintf(w->out, "%llu", v);
}

void
jsonw_bool(struct jsonw *w, bool v)
{
	before_value(w);
	fputs(v ? "true" : "false", w->out);
}

void
jsonw_null(struct jsonw *w)
{
	before_value(w);
	fputs("null", w->out);
}

void
jsonw_kv_string(struct jsonw *w, const char *key, const char *s)
{
	jsonw_key(w, key);
	jsonw_string(w, s);
}

void
jsonw_kv_uint(struct jsonw *w, const char *key, unsigned long long v)
{
	jsonw_key(w, key);
	jsonw_uint(w, v);
}

void
jsonw_kv_bool(struct jsonw *w, const char *key, bool v)
{
	jsonw_key(w, key);
	jsonw_bool(w, v);
}
