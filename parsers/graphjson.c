/*
 * Microsoft Graph REST JSON through jansson: {"value": [...]} pages (one
 * or several back to back), bare arrays and JSON Lines, of users, groups,
 * orgContacts, directory roles and domains.  A small scanner finds where
 * each top-level document ends, so that memory stays one document
 * (--max-record-bytes) and a broken one costs only itself.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "cloudmap.h"
#include "xalloc.h"

static int	graphjson_sniff(const char *, size_t);
static enum input_content
		graphjson_sniff_content(const char *, size_t);
static int	graphjson_parse(FILE *, const char *, const struct limits *,
		    struct diag *, enum input_content, record_fn, void *);

const struct input_format input_format_graph_json = {
	.name  = "graph-json",
	.side  = "cloud",
	.sniff = graphjson_sniff,
	.sniff_content = graphjson_sniff_content,
	.parse = graphjson_parse,
};

#define GRAPHJSON_CHUNK		65536
/* NUL in a value is kept (lengths are passed on) and escaped by the loader. */
#define GRAPHJSON_FLAGS		(JSON_REJECT_DUPLICATES | JSON_DISABLE_EOF_CHECK | \
				 JSON_ALLOW_NUL)

/* Where the scanner is. */
enum graphjson_state {
	GS_BETWEEN,		/* between documents */
	GS_DOC,			/* in a document, outside strings */
	GS_STRING,
	GS_ESCAPE,
	GS_SKIP_LINE,		/* resynchronising: to the line's end */
	GS_LINE_START		/* resynchronising: at a line's start */
};

struct graphjson {
	struct cloudrec		 rec;
	FILE			*in;
	const char		*file;
	const struct limits	*lim;
	struct diag		*dg;
	enum input_content	 content;
	/*
	 * The RBAC provider a roles page names ("...#roleManagement/
	 * entitlementManagement/roleAssignments"): "directory", another, or
	 * NULL when the page does not say.  Static strings.
	 */
	const char		*role_provider;
	/* Input: the replay bytes first, then the file. */
	char			*chunk;
	size_t			 chunk_pos;
	size_t			 chunk_len;
	bool			 is_eof;
	bool			 is_read_error;
	char			*replay;
	size_t			 replay_pos;
	size_t			 replay_len;
	bool			 is_replay_byte; /* the last byte read was */
	unsigned long		 line;		/* of the next byte */
	unsigned long		 column;
	bool			 is_first_byte;
	bool			 is_resyncing;	/* after garbage: to a '{' line */
	/* The scanner. */
	enum graphjson_state	 state;
	size_t			 depth;
	char			*stack;		/* '{' or '[', max_depth deep */
	/* The document being read. */
	char			*doc;
	size_t			 doc_len;
	size_t			 doc_cap;
	unsigned long		 doc_line;
	unsigned long		 doc_column;
	bool			 is_doc_long;	/* over --max-record-bytes */
	bool			 is_doc_deep;	/* over --max-depth */
	bool			 is_doc_broken;	/* brackets do not match */
	bool			 is_doc_replayed; /* read from the replay */
	unsigned long		*obj_lines;	/* line of each '{', in order */
	size_t			 nobj_lines;
	size_t			 obj_lines_cap;
};

/* ----- sniffing ----- */

static int
graphjson_sniff(const char *head, size_t len)
{
	size_t	i = 0;

	if (len >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && (head[i] == ' ' || head[i] == '\t' ||
	    head[i] == '\r' || head[i] == '\n'))
		i++;
	if (i == len || (head[i] != '{' && head[i] != '['))
		return 0;
	/* Graph's own annotations make it sure; a bare array less so. */
	for (; i + 6 <= len; i++)
		if (memcmp(head + i, "@odata", 6) == 0)
			return 95;
	return 80;
}

/*
 * A domains or roles page given as a plain input, told by the set its
 * @odata.context names: "...$metadata#domains", "#directoryRoles(...)",
 * "#roleManagement/directory/roleAssignments(...)".
 */
static enum input_content
graphjson_sniff_content(const char *head, size_t len)
{
	static const struct {
		const char		*set;
		enum input_content	 content;
	} sets[] = {
		{ "domains", CONTENT_DOMAINS },
		{ "directoryRoles", CONTENT_ROLES },
		{ "roleManagement/directory/roleAssignments", CONTENT_ROLES },
	};
	const char	*end = head + len, *p;
	size_t		 i, n;

	for (p = head; p + 15 <= end; p++) {
		if (memcmp(p, "@odata.context", 14) != 0)
			continue;
		while (p < end && *p != '#' && *p != ',' && *p != '}')
			p++;
		if (p == end || *p != '#')
			return CONTENT_OBJECTS;
		p++;
		for (i = 0; i < ARRAY_SIZE(sets); i++) {
			n = strlen(sets[i].set);
			if ((size_t)(end - p) > n &&
			    strncmp(p, sets[i].set, n) == 0 &&
			    (p[n] == '"' || p[n] == '(' || p[n] == '/'))
				return sets[i].content;
		}
		return CONTENT_OBJECTS;
	}
	return CONTENT_OBJECTS;
}

/* ----- input ----- */

/* The next byte, or -1 at the end.  Replayed bytes come first. */
static int
graphjson_getc(struct graphjson *g)
{
	g->is_replay_byte = g->replay_pos < g->replay_len;
	if (g->is_replay_byte)
		return (unsigned char)g->replay[g->replay_pos++];
	if (g->chunk_pos == g->chunk_len) {
		if (g->is_eof)
			return -1;
		g->chunk_len = fread(g->chunk, 1, GRAPHJSON_CHUNK, g->in);
		g->chunk_pos = 0;
		if (g->chunk_len < GRAPHJSON_CHUNK) {
			g->is_eof = true;
			g->is_read_error = ferror(g->in) != 0;
		}
		if (g->chunk_len == 0)
			return -1;
	}
	return (unsigned char)g->chunk[g->chunk_pos++];
}

/* Is the byte being scanned one read again (JSON Lines rules)? */
static bool
graphjson_is_replaying(const struct graphjson *g)
{
	return g->is_replay_byte;
}

/*
 * Read the document's bytes after its first line again, one line at a
 * time: a broken JSON Lines entry swallows the lines after it, which may
 * be fine on their own.  Every byte is read again at most once.
 */
static void
graphjson_replay_rest(struct graphjson *g)
{
	const char	*nl;
	char		*rest;
	size_t		 n;

	if (g->is_doc_long || g->is_doc_replayed)
		return;
	nl = memchr(g->doc, '\n', g->doc_len);
	if (nl == NULL || (size_t)(nl + 1 - g->doc) == g->doc_len)
		return;
	n = g->doc_len - (size_t)(nl + 1 - g->doc);
	rest = xmalloc(n);
	memcpy(rest, nl + 1, n);
	free(g->replay);
	g->replay = rest;
	g->replay_pos = 0;
	g->replay_len = n;
	g->line = g->doc_line + 1;
	g->column = 0;
	g->state = GS_LINE_START;
}

/* ----- from JSON values to records ----- */

/* How many objects v holds, itself included: a pre-order count. */
static size_t
graphjson_count_objects(json_t *v)
{
	const char	*key;
	json_t		*item;
	size_t		 n = 0, i;

	if (json_is_object(v)) {
		n = 1;
		json_object_foreach(v, key, item)
			n += graphjson_count_objects(item);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, item)
			n += graphjson_count_objects(item);
	}
	return n;
}

/* The line of the object with pre-order index idx in the document. */
static unsigned long
graphjson_line_of(const struct graphjson *g, size_t idx)
{
	return idx < g->nobj_lines ? g->obj_lines[idx] : g->doc_line;
}

/* The pre-order index of the first item of obj[key], obj at idx. */
static size_t
graphjson_index_of(json_t *obj, size_t idx, const char *key)
{
	const char	*k;
	json_t		*v;

	idx++;
	json_object_foreach(obj, k, v) {
		if (strcmp(k, key) == 0)
			break;
		idx += graphjson_count_objects(v);
	}
	return idx;
}

/* A JSON scalar as text: "true", "12", "1.5"; NULL for others. */
static char *
graphjson_scalar(json_t *v)
{
	if (json_is_true(v))
		return xstrdup("true");
	if (json_is_false(v))
		return xstrdup("false");
	if (json_is_integer(v))
		return xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(v));
	if (json_is_real(v))
		return xasprintf("%.17g", json_real_value(v));
	return NULL;
}

static void	graphjson_put(struct graphjson *, const struct cloudmap_entry *,
		    const char *, json_t *, int);

/* One item of an array property. */
static void
graphjson_put_item(struct graphjson *g, const struct cloudmap_entry *e,
    const char *key, json_t *v)
{
	char	*s;

	if (json_is_string(v)) {
		cloudrec_put(&g->rec, e, key, json_string_value(v),
		    json_string_length(v), 0, false);
	} else if (json_is_object(v) && e != NULL && e->kind == CMK_PROV) {
		const char	*field[CMP_MAX] = { NULL };
		size_t		 flen[CMP_MAX] = { 0 };
		const char	*k;
		json_t		*fv;
		int		 f;

		json_object_foreach(v, k, fv) {
			if ((f = cloudmap_prov_field(k)) < 0 ||
			    !json_is_string(fv) || field[f] != NULL)
				continue;
			field[f] = json_string_value(fv);
			flen[f] = json_string_length(fv);
		}
		cloudrec_add_prov(&g->rec, field, flen);
	} else if (json_is_object(v) || json_is_array(v)) {
		/* assignedLicenses, identities...: kept as compact JSON. */
		s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		if (s != NULL)
			cloudrec_put(&g->rec, e, key, s, strlen(s), 0, false);
		free(s);
	} else if ((s = graphjson_scalar(v)) != NULL) {
		cloudrec_put(&g->rec, e, key, s, strlen(s), 0, false);
		free(s);
	}
}

/* Objects whose members are properties of the object itself. */
static bool
graphjson_is_flat(const char *key)
{
	char	folded[64];

	return cloudmap_fold(key, strlen(key), folded, sizeof(folded)) &&
	    (strcmp(folded, "onpremisesextensionattributes") == 0 ||
	    strcmp(folded, "additionalproperties") == 0);
}

/* Property key with value v, through its alias entry e (NULL: as is). */
static void
graphjson_put(struct graphjson *g, const struct cloudmap_entry *e,
    const char *key, json_t *v, int level)
{
	const char	*k;
	json_t		*item;
	size_t		 i;
	char		*s;
	bool		 is_joined;

	switch (json_typeof(v)) {
	case JSON_STRING:
		/* A joined string where Graph has an array: split it. */
		is_joined = e != NULL && (e->kind == CMK_MULTI ||
		    e->kind == CMK_PROXY || e->kind == CMK_PROV);
		cloudrec_put(&g->rec, e, key, json_string_value(v),
		    json_string_length(v), 0, is_joined);
		break;
	case JSON_NULL:
		if (e == NULL || e->kind != CMK_PROV)
			cloudrec_put(&g->rec, e, key, "", 0, ATTR_NULL, false);
		break;
	case JSON_ARRAY:
		if (json_array_size(v) == 0) {
			/* Present and empty; no error is no error attr. */
			if (e == NULL || e->kind != CMK_PROV)
				cloudrec_put(&g->rec, e, key, "", 0, 0, false);
			break;
		}
		json_array_foreach(v, i, item)
			graphjson_put_item(g, e, key, item);
		break;
	case JSON_OBJECT:
		if (level == 0 && e == NULL && graphjson_is_flat(key)) {
			json_object_foreach(v, k, item)
				graphjson_put(g, cloudmap_lookup(g->content, k,
				    strlen(k)), k, item, level + 1);
			break;
		}
		graphjson_put_item(g, e, key, v);
		break;
	default:
		if ((s = graphjson_scalar(v)) != NULL) {
			cloudrec_put(&g->rec, e, key, s, strlen(s), 0, false);
			free(s);
		}
		break;
	}
}

/* All members of obj through the alias table, except skip. */
static void
graphjson_put_members(struct graphjson *g, json_t *obj, const char *skip)
{
	const char	*key;
	json_t		*v;

	json_object_foreach(obj, key, v) {
		if (skip != NULL && strcmp(key, skip) == 0)
			continue;
		graphjson_put(g, cloudmap_lookup(g->content, key, strlen(key)),
		    key, v, 0);
	}
}

/* The type "@odata.context" names: "...$metadata#users(id,...)". */
static enum cloudmap_type
graphjson_context_type(json_t *page, const char **segment, size_t *seglen)
{
	static const struct {
		const char		*name;
		enum cloudmap_type	 type;
	} sets[] = {
		{ "users", CMT_USER }, { "groups", CMT_GROUP },
		{ "contacts", CMT_CONTACT }, { "orgContacts", CMT_CONTACT },
		{ "directoryObjects", CMT_NONE }, { "directoryRoles", CMT_NONE },
		{ "domains", CMT_NONE },
	};
	const char	*s = json_string_value(json_object_get(page,
			    "@odata.context"));
	const char	*hash;
	size_t		 n, i;

	if (s == NULL || (hash = strrchr(s, '#')) == NULL)
		return CMT_NONE;
	hash++;
	n = strcspn(hash, "(/");
	*segment = hash;
	*seglen = n;
	for (i = 0; i < ARRAY_SIZE(sets); i++)
		if (strlen(sets[i].name) == n &&
		    strncasecmp(hash, sets[i].name, n) == 0)
			return sets[i].type;
	/* servicePrincipals, devices, ...: not directory objects we load */
	return n > 0 ? CMT_OTHER : CMT_NONE;
}

/* The RBAC provider a roles page's @odata.context names, or NULL. */
static const char *
graphjson_role_provider(json_t *page)
{
	static const char *const providers[] = { "directory",
	    "entitlementManagement", "exchange", "cloudPC",
	    "deviceManagement", "enterpriseApps" };
	const char	*s = json_string_value(json_object_get(page,
			    "@odata.context"));
	const char	*at;
	size_t		 i, n;

	if (s == NULL || (at = strstr(s, "#roleManagement/")) == NULL)
		return NULL;
	at += 16;
	n = strcspn(at, "/(");
	for (i = 0; i < ARRAY_SIZE(providers); i++)
		if (strlen(providers[i]) == n &&
		    strncmp(at, providers[i], n) == 0)
			return providers[i];
	return "unknown";
}

/* A directory object (CONTENT_OBJECTS). */
static int
graphjson_object(struct graphjson *g, json_t *obj, unsigned long line,
    enum cloudmap_type hint, const char *segment, size_t seglen)
{
	cloudrec_begin(&g->rec, line);
	if (hint == CMT_OTHER) {
		/* The page names the set; the object's @odata.type may not. */
		g->rec.type = CMT_OTHER;
		g->rec.other_type = xasprintf("#%.*s", (int)seglen, segment);
		hint = CMT_NONE;
	}
	graphjson_put_members(g, obj, NULL);
	return cloudrec_finish(&g->rec, hint);
}

/* A role with its members ($expand=members): one record per member. */
static int
graphjson_role_members(struct graphjson *g, json_t *role, size_t idx)
{
	json_t		*members = json_object_get(role, "members");
	json_t		*name = json_object_get(role, "displayName");
	json_t		*template = json_object_get(role, "roleTemplateId");
	json_t		*m;
	size_t		 i, midx;

	midx = graphjson_index_of(role, idx, "members");
	json_array_foreach(members, i, m) {
		if (!json_is_object(m)) {
			diag(g->dg, D_CLOUD_NOT_OBJECT, g->file,
			    graphjson_line_of(g, idx),
			    "member %zu of a role: expected an object", i + 1);
			continue;
		}
		cloudrec_begin(&g->rec, graphjson_line_of(g, midx));
		if (json_is_string(name))
			cloudrec_add(&g->rec, ROLE_NAME, json_string_value(name),
			    json_string_length(name), 0);
		if (json_is_string(template))
			cloudrec_add(&g->rec, ROLE_TEMPLATE_ID,
			    json_string_value(template),
			    json_string_length(template), 0);
		graphjson_put_members(g, m, "displayName");
		if (cloudrec_finish(&g->rec, CMT_NONE) < 0)
			return -1;
		midx += graphjson_count_objects(m);
	}
	return 0;
}

/* A unifiedRoleAssignment, perhaps with principal and roleDefinition. */
static int
graphjson_role_assignment(struct graphjson *g, json_t *a, unsigned long line)
{
	json_t	*principal = json_object_get(a, "principal");
	json_t	*def = json_object_get(a, "roleDefinition");
	json_t	*v;

	cloudrec_begin(&g->rec, line);
	v = json_object_get(def, "displayName");
	if (json_is_string(v))
		cloudrec_add(&g->rec, ROLE_NAME, json_string_value(v),
		    json_string_length(v), 0);
	/* For a built-in role the definition id is the template id. */
	v = json_object_get(a, "roleDefinitionId");
	if (json_is_string(v))
		cloudrec_add(&g->rec, ROLE_TEMPLATE_ID, json_string_value(v),
		    json_string_length(v), 0);
	v = json_object_get(a, "principalId");
	if (!json_is_string(v))
		v = json_object_get(principal, "id");
	if (json_is_string(v))
		cloudrec_add(&g->rec, ROLE_MEMBER_ID, json_string_value(v),
		    json_string_length(v), 0);
	v = json_object_get(principal, "userPrincipalName");
	if (json_is_string(v))
		cloudrec_add(&g->rec, ROLE_MEMBER_UPN, json_string_value(v),
		    json_string_length(v), 0);
	v = json_object_get(a, "directoryScopeId");
	if (json_is_string(v) || json_is_null(v))
		cloudrec_add(&g->rec, ROLE_DIR_SCOPE, json_is_string(v) ?
		    json_string_value(v) : "", json_is_string(v) ?
		    json_string_length(v) : 0, 0);
	v = json_object_get(a, "appScopeId");
	if (json_is_string(v))
		cloudrec_add(&g->rec, ROLE_APP_SCOPE, json_string_value(v),
		    json_string_length(v), 0);
	if (g->role_provider != NULL)
		cloudrec_add(&g->rec, ROLE_PROVIDER, g->role_provider,
		    strlen(g->role_provider), 0);
	return cloudrec_finish(&g->rec, CMT_NONE);
}

/* An entry of a roles file: its shape tells which export it is. */
static int
graphjson_role(struct graphjson *g, json_t *obj, size_t idx)
{
	unsigned long	line = graphjson_line_of(g, idx);

	if (json_is_array(json_object_get(obj, "members")))
		return graphjson_role_members(g, obj, idx);
	if (json_object_get(obj, "principalId") != NULL ||
	    json_object_get(obj, "principal") != NULL)
		return graphjson_role_assignment(g, obj, line);
	if (json_object_get(obj, "roleTemplateId") != NULL ||
	    json_object_get(obj, "templateId") != NULL) {
		json_t *name = json_object_get(obj, "displayName");

		diag(g->dg, D_ROLE_NO_MEMBERS, g->file, line,
		    "'%s': expected its members (GET /directoryRoles?$expand=members)",
		    json_is_string(name) ? json_string_value(name) : "?");
		return 0;
	}
	/* A member list or a flat row: RoleName, MemberId, ... */
	cloudrec_begin(&g->rec, line);
	graphjson_put_members(g, obj, NULL);
	return cloudrec_finish(&g->rec, CMT_NONE);
}

/* One entity of a page or array, object at pre-order index idx. */
static int
graphjson_entity(struct graphjson *g, json_t *obj, size_t idx,
    enum cloudmap_type hint, const char *segment, size_t seglen)
{
	switch (g->content) {
	case CONTENT_ROLES:
		return graphjson_role(g, obj, idx);
	case CONTENT_DOMAINS:
		cloudrec_begin(&g->rec, graphjson_line_of(g, idx));
		graphjson_put_members(g, obj, NULL);
		return cloudrec_finish(&g->rec, CMT_NONE);
	case CONTENT_OBJECTS:
	default:
		return graphjson_object(g, obj, graphjson_line_of(g, idx), hint,
		    segment, seglen);
	}
}

/* The items of a page's "value" or of a bare array. */
static int
graphjson_items(struct graphjson *g, json_t *items, size_t idx,
    enum cloudmap_type hint, const char *segment, size_t seglen,
    bool may_be_page);

/* A top-level object at index idx: a page or one entity. */
static int
graphjson_top(struct graphjson *g, json_t *obj, size_t idx, bool may_be_page)
{
	json_t			*value = json_object_get(obj, "value");
	enum cloudmap_type	 hint = CMT_NONE;
	const char		*segment = NULL;
	size_t			 seglen = 0;

	if (!may_be_page || !json_is_array(value))
		return graphjson_entity(g, obj, idx, CMT_NONE, NULL, 0);
	/* @odata.nextLink, @odata.count...: the envelope is ignored. */
	if (g->content == CONTENT_OBJECTS)
		hint = graphjson_context_type(obj, &segment, &seglen);
	else if (g->content == CONTENT_ROLES)
		g->role_provider = graphjson_role_provider(obj);
	return graphjson_items(g, value, graphjson_index_of(obj, idx, "value"),
	    hint, segment, seglen, false);
}

static int
graphjson_items(struct graphjson *g, json_t *items, size_t idx,
    enum cloudmap_type hint, const char *segment, size_t seglen,
    bool may_be_page)
{
	json_t	*v;
	size_t	 i;
	int	 rc = 0;

	json_array_foreach(items, i, v) {
		if (!json_is_object(v))
			diag(g->dg, D_CLOUD_NOT_OBJECT, g->file, g->doc_line,
			    "item %zu is a JSON %s: expected an object", i + 1,
			    json_is_array(v) ? "array" : json_is_string(v) ?
			    "string" : json_is_null(v) ? "null" : "scalar");
		else if (may_be_page)
			rc = graphjson_top(g, v, idx, true);
		else
			rc = graphjson_entity(g, v, idx, hint, segment, seglen);
		if (rc < 0)
			return -1;
		idx += graphjson_count_objects(v);
	}
	return 0;
}

/* ----- documents ----- */

static void
graphjson_doc_reset(struct graphjson *g)
{
	g->doc_len = 0;
	g->depth = 0;
	g->nobj_lines = 0;
	g->is_doc_long = false;
	g->is_doc_deep = false;
	g->is_doc_broken = false;
}

/* A bare array may hold entities or pages; an object is either. */
static int
graphjson_walk(struct graphjson *g, json_t *root)
{
	if (json_is_array(root))
		return graphjson_items(g, root, 0, CMT_NONE, NULL, 0, true);
	return graphjson_top(g, root, 0, true);
}

/* A document ended (or the input did): parse it, hand on its records. */
static int
graphjson_document(struct graphjson *g, bool is_whole)
{
	json_error_t	 err;
	json_t		*root;
	unsigned long	 line;
	int		 rc;

	if (g->is_doc_long) {
		diag(g->dg, D_LIMIT_RECORD, g->file, g->doc_line,
		    "JSON document over %zu bytes", g->lim->max_record_bytes);
		return 0;
	}
	if (g->is_doc_deep) {
		diag(g->dg, D_LIMIT_DEPTH, g->file, g->doc_line,
		    "JSON nested deeper than %zu", g->lim->max_depth);
		return 0;
	}
	root = json_loadb(g->doc, g->doc_len, GRAPHJSON_FLAGS, &err);
	if (root == NULL || !is_whole) {
		if (root != NULL) {
			/* Defensive: the scanner saw no end, jansson did. */
			json_decref(root);
			err.line = 0;
			snprintf(err.text, sizeof(err.text), "%s",
			    "unexpected end of input");
		}
		line = err.line > 0 ? g->doc_line + (unsigned long)err.line -
		    1 : g->line;
		diag(g->dg, D_JSON_SYNTAX, g->file, line,
		    "column %lu: %s; the document starting on line %lu is not read",
		    err.line == 1 ? g->doc_column + (unsigned long)err.column -
		    1 : (unsigned long)(err.column > 0 ? err.column : 0),
		    err.text, g->doc_line);
		graphjson_replay_rest(g);
		return 0;
	}
	rc = graphjson_walk(g, root);
	json_decref(root);
	return rc;
}

/* ----- the scanner ----- */

static void
graphjson_doc_byte(struct graphjson *g, int ch)
{
	if (g->is_doc_long)
		return;
	if (g->doc_len + 1 > g->lim->max_record_bytes) {
		g->is_doc_long = true;
		return;
	}
	if (g->doc_len == g->doc_cap) {
		g->doc_cap = g->doc_cap ? g->doc_cap * 2 : 65536;
		g->doc = xreallocarray(g->doc, g->doc_cap, 1);
	}
	g->doc[g->doc_len++] = (char)ch;
}

static void
graphjson_open(struct graphjson *g, int ch)
{
	if (g->depth < g->lim->max_depth)
		g->stack[g->depth] = (char)ch;
	else
		g->is_doc_deep = true;
	g->depth++;
	if (ch == '{' && !g->is_doc_long) {
		if (g->nobj_lines == g->obj_lines_cap) {
			g->obj_lines_cap = g->obj_lines_cap ?
			    g->obj_lines_cap * 2 : 256;
			g->obj_lines = xreallocarray(g->obj_lines,
			    g->obj_lines_cap, sizeof(*g->obj_lines));
		}
		g->obj_lines[g->nobj_lines++] = g->line;
	}
}

/* A closing bracket; returns true when the document is complete. */
static bool
graphjson_close(struct graphjson *g, int ch)
{
	char	want = ch == '}' ? '{' : '[';

	if (g->depth == 0)
		return true;
	if (g->depth <= g->lim->max_depth && g->stack[g->depth - 1] != want)
		g->is_doc_broken = true;
	g->depth--;
	return g->depth == 0 || g->is_doc_broken;
}

static void
graphjson_start_doc(struct graphjson *g, int ch)
{
	graphjson_doc_reset(g);
	g->doc_line = g->line;
	g->doc_column = g->column;
	g->is_doc_replayed = graphjson_is_replaying(g);
	g->is_resyncing = false;
	g->state = GS_DOC;
	graphjson_doc_byte(g, ch);
	graphjson_open(g, ch);
}

/* Something between documents that cannot start one. */
static void
graphjson_garbage(struct graphjson *g, int ch)
{
	if (graphjson_is_replaying(g)) {
		g->state = ch == '\n' ? GS_LINE_START : GS_SKIP_LINE;
		return;		/* the rest of a document already reported */
	}
	diag(g->dg, D_JSON_SYNTAX, g->file, g->line,
	    "column %lu: unexpected '%c': expected '{' or '[' to start a document",
	    g->column, ch >= 0x20 && ch < 0x7f ? ch : '?');
	g->is_resyncing = true;
	g->state = GS_SKIP_LINE;
}

static int
graphjson_between(struct graphjson *g, int ch)
{
	if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n')
		return 0;
	if (g->is_first_byte && ch == 0xef)
		return 0;	/* a UTF-8 BOM the caller left */
	if ((ch == 0xbb || ch == 0xbf) && g->line == 1 && g->column <= 3)
		return 0;
	/* JSON Lines written as an array's items: "{...}," per line. */
	if (ch == ',' && graphjson_is_replaying(g))
		return 0;
	if (ch == '{' || ch == '[') {
		if (graphjson_is_replaying(g) && g->column != 1) {
			g->state = GS_SKIP_LINE;
			return 0;
		}
		graphjson_start_doc(g, ch);
		return 0;
	}
	graphjson_garbage(g, ch);
	return 0;
}

/* One byte of a document, outside strings. */
static int
graphjson_in_doc(struct graphjson *g, int ch)
{
	graphjson_doc_byte(g, ch);
	switch (ch) {
	case '"':
		g->state = GS_STRING;
		return 0;
	case '{':
	case '[':
		graphjson_open(g, ch);
		return 0;
	case '}':
	case ']':
		if (!graphjson_close(g, ch))
			return 0;
		g->state = GS_BETWEEN;
		if (!g->is_doc_broken)
			return graphjson_document(g, true);
		/* The rest of the broken document is no new one: skip it. */
		g->is_resyncing = !g->is_doc_replayed;
		g->state = GS_SKIP_LINE;
		return graphjson_document(g, false);
	case '\n':
		/* Replayed lines are JSON Lines: one document each. */
		if (graphjson_is_replaying(g)) {
			g->state = GS_LINE_START;
			return graphjson_document(g, false);
		}
		return 0;
	default:
		return 0;
	}
}

static int
graphjson_byte(struct graphjson *g, int ch)
{
	switch (g->state) {
	case GS_BETWEEN:
		return graphjson_between(g, ch);
	case GS_DOC:
		return graphjson_in_doc(g, ch);
	case GS_STRING:
		graphjson_doc_byte(g, ch);
		if (ch == '\\')
			g->state = GS_ESCAPE;
		else if (ch == '"')
			g->state = GS_DOC;
		else if (ch == '\n' && graphjson_is_replaying(g)) {
			g->state = GS_LINE_START;
			return graphjson_document(g, false);
		}
		return 0;
	case GS_ESCAPE:
		graphjson_doc_byte(g, ch);
		g->state = GS_STRING;
		return 0;
	case GS_SKIP_LINE:
		if (ch == '\n')
			g->state = GS_LINE_START;
		return 0;
	case GS_LINE_START:
		if (ch == '{' || ch == '[') {
			graphjson_start_doc(g, ch);
			return 0;
		}
		if (ch != '\n')
			g->state = GS_SKIP_LINE;
		return 0;
	}
	return 0;
}

static int
graphjson_scan(struct graphjson *g)
{
	int	ch, rc;

	while ((ch = graphjson_getc(g)) >= 0) {
		g->column++;
		rc = graphjson_byte(g, ch);
		g->is_first_byte = false;
		if (ch == '\n') {
			g->line++;
			g->column = 0;
		}
		if (rc < 0 || g->rec.is_stopped)
			return -1;
		/* The replay is over: back to reading documents anywhere. */
		if (g->replay_len > 0 && g->replay_pos == g->replay_len) {
			g->replay_len = g->replay_pos = 0;
			if (!g->is_resyncing && (g->state == GS_LINE_START ||
			    g->state == GS_SKIP_LINE))
				g->state = GS_BETWEEN;
		}
	}
	if (g->state == GS_DOC || g->state == GS_STRING ||
	    g->state == GS_ESCAPE) {
		/* The input ended inside a document: truncated. */
		g->state = GS_BETWEEN;
		if (graphjson_document(g, false) < 0)
			return -1;
		if (g->replay_pos < g->replay_len)
			return graphjson_scan(g);
	}
	return 0;
}

static int
graphjson_parse(FILE *in, const char *file, const struct limits *lim,
    struct diag *dg, enum input_content content, record_fn emit, void *arg)
{
	struct graphjson	 g;
	int			 rc;

	memset(&g, 0, sizeof(g));
	g.in = in;
	g.file = file;
	g.lim = lim;
	g.dg = dg;
	g.content = content;
	g.line = 1;
	g.is_first_byte = true;
	g.state = GS_BETWEEN;
	g.chunk = xmalloc(GRAPHJSON_CHUNK);
	g.stack = xmalloc(lim->max_depth > 0 ? lim->max_depth : 1);
	cloudrec_init(&g.rec, file, lim, dg, content, emit, arg);
	g.rec.type_name_code = D_CSV_SYSTEM_ARRAY;
	rc = graphjson_scan(&g);
	if (rc == 0 && g.is_read_error) {
		diag(dg, D_READ, file, g.line, "%s", strerror(errno));
		rc = -1;
	}
	cloudrec_release(&g.rec);
	free(g.chunk);
	free(g.stack);
	free(g.doc);
	free(g.replay);
	free(g.obj_lines);
	return rc;
}
