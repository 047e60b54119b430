/*
 * A streaming JSON writer: nesting, commas and indentation are its job,
 * escaping is escape_json's.  Output only; syncdoctor reads JSON with
 * jansson.
 */
#ifndef SD_JSONW_H
#define SD_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define JSONW_MAX_DEPTH	32

struct jsonw {
	FILE	*out;
	bool	 is_pretty;
	int	 depth;
	bool	 has_items[JSONW_MAX_DEPTH];
	bool	 after_key;
};

void	jsonw_init(struct jsonw *w, FILE *out, bool is_pretty);
void	jsonw_object_begin(struct jsonw *w);
void	jsonw_object_end(struct jsonw *w);
void	jsonw_array_begin(struct jsonw *w);
void	jsonw_array_end(struct jsonw *w);
void	jsonw_key(struct jsonw *w, const char *key);
/* A string value; NULL writes null. */
void	jsonw_string(struct jsonw *w, const char *s);
void	jsonw_stringn(struct jsonw *w, const char *s, size_t len);
void	jsonw_uint(struct jsonw *w, unsigned long long v);
void	jsonw_bool(struct jsonw *w, bool v);
void	jsonw_null(struct jsonw *w);

/* key: value pairs. */
void	jsonw_kv_string(struct jsonw *w, const char *key, const char *s);
void	jsonw_kv_uint(struct jsonw *w, const char *key, unsigned long long v);
void	jsonw_kv_bool(struct jsonw *w, const char *key, bool v);

#endif /* SD_JSONW_H */
