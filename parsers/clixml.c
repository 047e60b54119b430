/*
 * PowerShell Export-Clixml files ([MS-PSRP] 2.2.5 serialization) through
 * libxml2's streaming xmlTextReader: each top-level <Obj> of <Objs> is one
 * record.  Properties from <Props> and <MS>, arrays from <LST>, repeated
 * objects from <Ref RefId>.  No DTD, no entity, no network: a document
 * whose DOCTYPE declares entities is refused before anything is read.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "base64.h"
#include "cloudmap.h"
#include "xalloc.h"

static int	clixml_sniff(const char *, size_t);
static enum input_content
		clixml_sniff_content(const char *, size_t);
static int	clixml_parse(FILE *, const char *, const struct limits *,
		    struct diag *, enum input_content, record_fn, void *);

const struct input_format input_format_clixml = {
	.name  = "clixml",
	.side  = "cloud",
	.sniff = clixml_sniff,
	.sniff_content = clixml_sniff_content,
	.parse = clixml_parse,
};

/*
 * No XML_PARSE_NOENT (no substitution), no XML_PARSE_DTDLOAD, no
 * XML_PARSE_HUGE (libxml2 keeps its own caps).  IGNORE_ENC: the input is
 * UTF-8 by now even where the declaration still says utf-16.
 */
#define CLIXML_OPTIONS	(XML_PARSE_NONET | XML_PARSE_NOERROR | \
			 XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC | \
			 XML_PARSE_BIG_LINES | XML_PARSE_COMPACT)

/* The elements of the serialization that matter here. */
enum clixml_tag {
	CT_OBJS,
	CT_OBJ,
	CT_REF,		/* <Ref RefId="n"/>: an Obj written before */
	CT_TN,		/* type names */
	CT_TNREF,
	CT_T,
	CT_TOSTRING,
	CT_PROPS,	/* <Props> and <MS> */
	CT_LIST,	/* <LST>, <IE>, <STK>, <QUE> */
	CT_DCT,
	CT_EN,		/* a dictionary entry: Key and Value */
	CT_STRING,	/* <S>: _xHHHH_ escapes */
	CT_PRIM,	/* B, I32, I64, G, DT, ...: text as it is */
	CT_NIL,
	CT_SECRET,	/* <SS>: never read */
	CT_OTHER
};

/* Where an Obj sits, which decides what its contents become. */
enum clixml_role {
	CR_RECORD,	/* a child of <Objs>: one record */
	CR_PROPERTY,	/* the value of one of the record's properties */
	CR_ITEM,	/* an item of a property's list */
	CR_DEEP		/* anything deeper: flattened */
};

struct clixml_frame {
	enum clixml_tag		 tag;
	enum clixml_role	 role;		/* CT_OBJ */
	char			*name;		/* N="", owned; NULL: none */
	long			 refid;		/* RefId=""; -1: none */
	const char		*prop;		/* the record's property */
	long			 elem;		/* item index in it; -1 */
	long			 next_index;	/* CT_LIST: for its items */
	size_t			 leaf_start;	/* CT_OBJ: first leaf inside */
	bool			 has_list;	/* CT_OBJ: had LST, DCT, ... */
	char			*tostring;	/* CT_OBJ: <ToString>, owned */
	char			*fallback;	/* CT_OBJ: unnamed value */
	char			*key;		/* CT_EN: the Key */
	enum cloudmap_type	 type;		/* CT_TN: from its <T>s */
	char			*type_name;	/* CT_TN: CMT_OTHER's T, owned */
};

/* One value found in a record, before it is mapped. */
struct clixml_leaf {
	size_t		 prop;		/* offsets into leaf_buf */
	size_t		 sub;		/* SIZE_MAX: none */
	size_t		 value;
	size_t		 len;
	long		 elem;
	unsigned	 flags;		/* ATTR_NULL */
	bool		 is_joined;	/* one string: may hold several */
	bool		 is_empty_list;
};

/* An Obj kept for <Ref>: its leaves, relative to itself, in one blob. */
struct clixml_kept {
	long		 refid;
	char		*blob;		/* NULL: a record, never copied */
	size_t		 len;
};

/* The header of one leaf in a blob; sub and value bytes follow. */
struct clixml_kept_leaf {
	long		 elem;
	size_t		 sub_len;	/* SIZE_MAX: none */
	size_t		 len;
	unsigned	 flags;
	bool		 is_joined;
	bool		 is_empty_list;
};

struct clixml {
	struct cloudrec		 rec;
	xmlTextReaderPtr	 reader;
	FILE			*in;
	const char		*file;
	const struct limits	*lim;
	struct diag		*dg;
	enum input_content	 content;
	struct clixml_frame	*frames;
	size_t			 nframes;
	size_t			 frames_cap;
	char			*text;		/* of the open S, T, ... */
	size_t			 text_len;
	size_t			 text_cap;
	bool			 is_text_long;
	struct clixml_leaf	*leaves;
	size_t			 nleaves;
	size_t			 leaves_cap;
	char			*leaf_buf;
	size_t			 leaf_len;
	size_t			 leaf_cap;
	bool			 is_in_record;
	enum cloudmap_type	 hint;		/* the record's TN */
	char			*hint_name;	/* CMT_OTHER: its T, owned */
	struct clixml_kept	*kept;		/* by increasing RefId */
	size_t			 nkept;
	size_t			 kept_cap;
	size_t			 kept_bytes;
	enum cloudmap_type	*tn_types;	/* by TN RefId */
	char			**tn_names;	/* CMT_OTHER's T, by RefId */
	size_t			 ntn_types;
	bool			 has_root;
	/* The first parser error libxml2 reported. */
	bool			 has_error;
	int			 error_line;
	int			 error_column;
	int			 error_code;
	char			*error_text;
};

#define CLIXML_MAX_TN	65536		/* distinct type-name lists kept */

/* ----- sniffing ----- */

/* Is needle (n bytes) in the len bytes at s? */
static bool
clixml_has(const char *s, size_t len, const char *needle)
{
	size_t	n = strlen(needle), i;

	for (i = 0; i + n <= len; i++)
		if (s[i] == needle[0] && memcmp(s + i, needle, n) == 0)
			return true;
	return false;
}

/*
 * A domains or roles export given as a plain input, told by the first
 * object's type name: Get-MgDomain, Get-MsolDomain; Get-MgDirectoryRole
 * members lists and role assignments.
 */
static enum input_content
clixml_sniff_content(const char *head, size_t len)
{
	const char	*obj;
	size_t		 i;

	/* The first <T> of the first <Obj> names the pipeline's type. */
	for (i = 0, obj = NULL; i + 5 <= len; i++)
		if (memcmp(head + i, "<Obj ", 5) == 0) {
			obj = head + i;
			break;
		}
	if (obj == NULL)
		return CONTENT_OBJECTS;
	len -= (size_t)(obj - head);
	if (len > 512)
		len = 512;
	if (clixml_has(obj, len, "MicrosoftGraphDomain</T>") ||
	    clixml_has(obj, len, "Administration.Domain</T>"))
		return CONTENT_DOMAINS;
	if (clixml_has(obj, len, "MicrosoftGraphUnifiedRoleAssignment</T>") ||
	    clixml_has(obj, len, "Administration.RoleMember</T>"))
		return CONTENT_ROLES;
	return CONTENT_OBJECTS;
}

static int
clixml_sniff(const char *head, size_t len)
{
	size_t	i = 0;

	if (len >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	for (;;) {
		while (i < len && (head[i] == ' ' || head[i] == '\t' ||
		    head[i] == '\r' || head[i] == '\n'))
			i++;
		if (i + 5 <= len && memcmp(head + i, "<Objs", 5) == 0)
			return 100;
		/* A DOCTYPE naming the root: CLIXML that the parser refuses
		 * with its own diagnostic (its internal subset may hold '>'
		 * and be longer than the head). */
		if (i + 9 <= len && memcmp(head + i, "<!DOCTYPE", 9) == 0) {
			size_t	j = i + 9;

			while (j < len && (head[j] == ' ' || head[j] == '\t' ||
			    head[j] == '\r' || head[j] == '\n'))
				j++;
			if (j + 4 <= len && memcmp(head + j, "Objs", 4) == 0)
				return 100;
		}
		/* An XML declaration or a comment before the root. */
		if (i + 2 <= len && head[i] == '<' &&
		    (head[i + 1] == '?' || head[i + 1] == '!')) {
			const char *gt = memchr(head + i, '>', len - i);

			if (gt == NULL)
				return 0;
			i = (size_t)(gt - head) + 1;
			continue;
		}
		return 0;
	}
}

/* ----- small helpers ----- */

static void
clixml_on_error(void *arg, xmlErrorPtr err)
{
	struct clixml	*c = arg;
	size_t		 n;

	if (err == NULL || err->level < XML_ERR_ERROR || c->has_error)
		return;
	c->has_error = true;
	c->error_code = err->code;
	c->error_line = err->line;
	c->error_column = err->int2;
	c->error_text = xstrdup(err->message ? err->message : "parse error");
	n = strlen(c->error_text);
	while (n > 0 && (c->error_text[n - 1] == '\n' ||
	    c->error_text[n - 1] == ' '))
		c->error_text[--n] = '\0';
}

static int
clixml_read(void *arg, char *buf, int len)
{
	struct clixml	*c = arg;
	size_t		 n;

	n = fread(buf, 1, (size_t)len, c->in);
	if (n == 0 && ferror(c->in))
		return -1;
	return (int)n;
}

static int
clixml_close(void *arg)
{
	(void)arg;
	return 0;		/* the caller owns the FILE */
}

/* The line of the reader's current node, as exact as libxml2 knows it. */
static unsigned long
clixml_line(const struct clixml *c)
{
	xmlNodePtr	node = xmlTextReaderCurrentNode(c->reader);
	long		line = node != NULL ? xmlGetLineNo(node) : -1;

	/* Element lines stop at 65535: the parser's position is close. */
	if (line <= 0 || line >= 65535)
		line = xmlTextReaderGetParserLineNumber(c->reader);
	return line > 0 ? (unsigned long)line : 0;
}

static char *
clixml_attr(const struct clixml *c, const char *name)
{
	xmlChar	*v = xmlTextReaderGetAttribute(c->reader, BAD_CAST name);
	char	*s;

	if (v == NULL)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

static long
clixml_refid(const struct clixml *c, const char *name)
{
	char	*s = clixml_attr(c, name), *end;
	long	 v;

	if (s == NULL)
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 0)
		v = -1;
	free(s);
	return v;
}

static enum clixml_tag
clixml_tag_of(const char *name)
{
	static const struct {
		const char	*name;
		enum clixml_tag	 tag;
	} tags[] = {
		{ "Objs", CT_OBJS }, { "Obj", CT_OBJ }, { "Ref", CT_REF },
		{ "TN", CT_TN }, { "TNRef", CT_TNREF }, { "T", CT_T },
		{ "ToString", CT_TOSTRING }, { "Props", CT_PROPS },
		{ "MS", CT_PROPS }, { "LST", CT_LIST }, { "IE", CT_LIST },
		{ "STK", CT_LIST }, { "QUE", CT_LIST }, { "DCT", CT_DCT },
		{ "En", CT_EN }, { "S", CT_STRING }, { "Nil", CT_NIL },
		{ "SS", CT_SECRET },
		{ "B", CT_PRIM }, { "I32", CT_PRIM }, { "I64", CT_PRIM },
		{ "I16", CT_PRIM }, { "U16", CT_PRIM }, { "U32", CT_PRIM },
		{ "U64", CT_PRIM }, { "By", CT_PRIM }, { "SB", CT_PRIM },
		{ "G", CT_PRIM }, { "DT", CT_PRIM }, { "TS", CT_PRIM },
		{ "Db", CT_PRIM }, { "Sg", CT_PRIM }, { "D", CT_PRIM },
		{ "C", CT_PRIM }, { "URI", CT_PRIM }, { "Version", CT_PRIM },
		{ "BA", CT_PRIM }, { "XD", CT_PRIM }, { "SBK", CT_PRIM },
	};
	size_t	i;

	for (i = 0; i < ARRAY_SIZE(tags); i++)
		if (strcmp(tags[i].name, name) == 0)
			return tags[i].tag;
	return CT_OTHER;
}

/* The code unit of an _xHHHH_ escape at s, or -1. */
static long
clixml_escape_at(const char *s, size_t len)
{
	long	v = 0;
	size_t	i;

	if (len < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
		return -1;
	for (i = 2; i < 6; i++) {
		int h = hex_digit((unsigned char)s[i]);

		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

static size_t
clixml_put_utf8(char *out, unsigned long cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * Decode the _xHHHH_ escapes of a serialized string in place ([MS-PSRP]
 * 2.2.5.3.2): controls, surrogates and a literal "_x" (as _x005F_).  A
 * lone surrogate becomes U+FFFD.  Returns the new length.
 */
static size_t
clixml_unescape(char *s, size_t len)
{
	size_t	i = 0, o = 0;

	while (i < len) {
		long		 u = clixml_escape_at(s + i, len - i);
		unsigned long	 cp;

		if (u < 0) {
			s[o++] = s[i++];
			continue;
		}
		i += 7;
		cp = (unsigned long)u;
		if (u >= 0xd800 && u <= 0xdbff) {
			long lo = clixml_escape_at(s + i, len - i);

			if (lo >= 0xdc00 && lo <= 0xdfff) {
				cp = 0x10000 + (((unsigned long)u - 0xd800) <<
				    10) + ((unsigned long)lo - 0xdc00);
				i += 7;
			} else
				cp = 0xfffd;
		} else if (u >= 0xdc00 && u <= 0xdfff)
			cp = 0xfffd;
		/* Seven bytes in, at most four out: in place is safe. */
		o += clixml_put_utf8(s + o, cp);
	}
	s[o] = '\0';
	return o;
}

/* ----- leaves ----- */

static size_t
clixml_leaf_store(struct clixml *c, const char *s, size_t len)
{
	size_t	off = c->leaf_len;

	if (c->leaf_cap - c->leaf_len < len + 1) {
		size_t cap = c->leaf_cap ? c->leaf_cap : 4096;

		while (cap - c->leaf_len < len + 1)
			cap *= 2;
		c->leaf_buf = xreallocarray(c->leaf_buf, cap, 1);
		c->leaf_cap = cap;
	}
	memcpy(c->leaf_buf + off, s, len);
	c->leaf_buf[off + len] = '\0';
	c->leaf_len += len + 1;
	return off;
}

static void
clixml_add_leaf(struct clixml *c, const char *prop, long elem,
    const char *sub, size_t sub_len, const char *value, size_t len,
    unsigned flags, bool is_joined, bool is_empty_list)
{
	struct clixml_leaf	*l;

	if (!c->is_in_record || prop == NULL || c->rec.error != D_OK)
		return;
	if (c->leaf_len + len + sub_len + strlen(prop) >
	    c->lim->max_record_bytes) {
		cloudrec_reject(&c->rec, D_LIMIT_RECORD, "at property '%s'",
		    prop);
		return;
	}
	if (c->nleaves == c->leaves_cap) {
		c->leaves_cap = c->leaves_cap ? c->leaves_cap * 2 : 64;
		c->leaves = xreallocarray(c->leaves, c->leaves_cap,
		    sizeof(*c->leaves));
	}
	l = &c->leaves[c->nleaves];
	l->prop = clixml_leaf_store(c, prop, strlen(prop));
	l->sub = sub != NULL ? clixml_leaf_store(c, sub, sub_len) : SIZE_MAX;
	l->value = clixml_leaf_store(c, value, len);
	l->len = len;
	l->elem = elem;
	l->flags = flags;
	l->is_joined = is_joined;
	l->is_empty_list = is_empty_list;
	c->nleaves++;
}

/* ----- kept objects, for <Ref> ----- */

static struct clixml_kept *
clixml_find_kept(const struct clixml *c, long refid)
{
	size_t	lo = 0, hi = c->nkept;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->kept[mid].refid == refid)
			return &c->kept[mid];
		if (c->kept[mid].refid < refid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * Keep the leaves [start, nleaves) of a finished Obj under refid, relative
 * to it (item indexes dropped unless is_property).  The whole store stays
 * under --max-record-bytes; past it, later Refs are reported unresolved.
 * NEEDSWORK: keeps every Obj while room lasts; an LRU would keep more.
 */
static void
clixml_keep(struct clixml *c, long refid, size_t start, bool is_property,
    bool is_record)
{
	struct clixml_kept	*k;
	size_t			 i, size = 0, o = 0;

	if (refid < 0 || (c->nkept > 0 && c->kept[c->nkept - 1].refid >= refid))
		return;		/* RefIds grow in document order */
	for (i = start; !is_record && i < c->nleaves; i++)
		size += sizeof(struct clixml_kept_leaf) + c->leaves[i].len +
		    (c->leaves[i].sub != SIZE_MAX ?
		    strlen(c->leaf_buf + c->leaves[i].sub) : 0);
	if (c->kept_bytes + size + sizeof(*k) > c->lim->max_record_bytes)
		return;
	if (c->nkept == c->kept_cap) {
		c->kept_cap = c->kept_cap ? c->kept_cap * 2 : 64;
		c->kept = xreallocarray(c->kept, c->kept_cap, sizeof(*c->kept));
	}
	k = &c->kept[c->nkept++];
	k->refid = refid;
	k->len = size;
	k->blob = is_record ? NULL : xmalloc(size > 0 ? size : 1);
	c->kept_bytes += size + sizeof(*k);
	for (i = start; !is_record && i < c->nleaves; i++) {
		const struct clixml_leaf	*l = &c->leaves[i];
		struct clixml_kept_leaf		 h;
		const char			*sub = l->sub != SIZE_MAX ?
						    c->leaf_buf + l->sub : NULL;

		h.elem = is_property ? l->elem : -1;
		h.sub_len = sub != NULL ? strlen(sub) : SIZE_MAX;
		h.len = l->len;
		h.flags = l->flags;
		h.is_joined = l->is_joined;
		h.is_empty_list = l->is_empty_list;
		memcpy(k->blob + o, &h, sizeof(h));
		o += sizeof(h);
		if (sub != NULL) {
			memcpy(k->blob + o, sub, h.sub_len);
			o += h.sub_len;
		}
		memcpy(k->blob + o, c->leaf_buf + l->value, l->len);
		o += l->len;
	}
}

/* A <Ref> inside a record: copy what the Obj it names held. */
static void
clixml_copy_kept(struct clixml *c, const struct clixml_frame *f)
{
	const struct clixml_kept	*k = clixml_find_kept(c, f->refid);
	size_t				 o = 0;
	char				*value;

	if (k == NULL) {
		diag(c->dg, D_CLIXML_BAD_REF, c->file, clixml_line(c),
		    "property '%s': RefId '%ld' names no finished object (unknown, still open, or not kept past --max-record-bytes)",
		    f->prop ? f->prop : "?", f->refid);
		return;
	}
	if (k->blob == NULL)
		return;		/* a link to another record, not a value */
	while (o < k->len) {
		struct clixml_kept_leaf	 h;
		const char		*sub = NULL;
		size_t			 sub_len = 0;

		memcpy(&h, k->blob + o, sizeof(h));
		o += sizeof(h);
		if (h.sub_len != SIZE_MAX) {
			sub = k->blob + o;
			sub_len = h.sub_len;
			o += h.sub_len;
		}
		/* Leaf values are NUL-terminated in leaf_buf, not here. */
		value = xstrndup(k->blob + o, h.len);
		o += h.len;
		clixml_add_leaf(c, f->prop, f->role == CR_PROPERTY ? h.elem :
		    f->elem, sub, sub_len, value, h.len, h.flags, h.is_joined,
		    h.is_empty_list);
		free(value);
	}
}

/* ----- frames ----- */

static struct clixml_frame *
clixml_top(struct clixml *c)
{
	return c->nframes ? &c->frames[c->nframes - 1] : NULL;
}

/* The nearest Obj at or above frame index i, or NULL. */
static struct clixml_frame *
clixml_owner(struct clixml *c, size_t i)
{
	while (i-- > 0)
		if (c->frames[i].tag == CT_OBJ)
			return &c->frames[i];
	return NULL;
}

static void
clixml_free_frame(struct clixml_frame *f)
{
	free(f->name);
	free(f->tostring);
	free(f->fallback);
	free(f->key);
	free(f->type_name);
}

/* Where a child of the top frame sits; fills prop, elem and role. */
static void
clixml_place(struct clixml *c, struct clixml_frame *f)
{
	struct clixml_frame	*p = clixml_top(c);
	struct clixml_frame	*owner = clixml_owner(c, c->nframes);

	f->prop = p ? p->prop : NULL;
	f->elem = p ? p->elem : -1;
	f->role = CR_DEEP;
	if (p == NULL)
		return;
	if (p->tag == CT_LIST && owner != NULL && owner->role == CR_PROPERTY)
		f->elem = p->next_index++;
	if (p->tag == CT_OBJS)
		f->role = CR_RECORD;
	else if (p->tag == CT_PROPS && owner != NULL &&
	    owner->role == CR_RECORD) {
		f->role = CR_PROPERTY;
		f->prop = f->name;
		f->elem = -1;
	} else if (p->tag == CT_LIST && owner != NULL &&
	    owner->role == CR_PROPERTY)
		f->role = CR_ITEM;
}

/* The record's type from its TN; name: the T of a CMT_OTHER, copied. */
static void
clixml_set_hint(struct clixml *c, enum cloudmap_type type, const char *name)
{
	c->hint = type;
	free(c->hint_name);
	c->hint_name = type == CMT_OTHER && name != NULL ? xstrdup(name) :
	    NULL;
}

static void
clixml_start_record(struct clixml *c, const struct clixml_frame *f,
    unsigned long line)
{
	(void)f;
	c->is_in_record = true;
	c->nleaves = 0;
	c->leaf_len = 0;
	clixml_set_hint(c, CMT_NONE, NULL);
	cloudrec_begin(&c->rec, line);
}

/* A primitive ended: put its text where it belongs. */
static void
clixml_primitive(struct clixml *c, struct clixml_frame *f, const char *v,
    size_t len, unsigned flags)
{
	struct clixml_frame	*p = clixml_top(c);
	struct clixml_frame	*owner = clixml_owner(c, c->nframes);
	const char		*sub;

	if (p == NULL)
		return;
	switch (p->tag) {
	case CT_OBJS:
		diag(c->dg, D_CLOUD_NOT_OBJECT, c->file, clixml_line(c),
		    "a pipeline value '%.*s': expected <Obj>",
		    (int)(len > 60 ? 60 : len), v);
		break;
	case CT_PROPS:
		if (owner != NULL && owner->role == CR_RECORD)
			clixml_add_leaf(c, f->name, -1, NULL, 0, v, len, flags,
			    f->tag == CT_STRING, false);
		else if (f->name != NULL)
			clixml_add_leaf(c, f->prop, f->elem, f->name,
			    strlen(f->name), v, len, flags, false, false);
		break;
	case CT_LIST:
		sub = owner == NULL || owner->role == CR_PROPERTY ? NULL :
		    owner->name;
		clixml_add_leaf(c, f->prop, f->elem, sub, sub ? strlen(sub) : 0,
		    v, len, flags, false, false);
		break;
	case CT_EN:
		if (f->name != NULL && strcmp(f->name, "Key") == 0) {
			free(p->key);
			p->key = xstrndup(v, len);
		} else if (p->key != NULL)
			clixml_add_leaf(c, f->prop, f->elem, p->key,
			    strlen(p->key), v, len, flags, false, false);
		break;
	case CT_OBJ:
		/* An enum's number beside its <ToString>: a fallback only. */
		if (p->fallback == NULL && !(flags & ATTR_NULL))
			p->fallback = xstrndup(v, len);
		break;
	default:
		break;
	}
}

/* A nested Obj ended: an empty list or a ToString may be its value. */
static void
clixml_end_nested(struct clixml *c, struct clixml_frame *f)
{
	bool	is_empty = c->nleaves == f->leaf_start;

	if (is_empty && (f->role == CR_PROPERTY || f->role == CR_ITEM)) {
		const char *v = f->tostring ? f->tostring : f->fallback;

		if (f->has_list)
			clixml_add_leaf(c, f->prop, f->elem, NULL, 0, "", 0, 0,
			    false, true);
		else if (v != NULL)
			clixml_add_leaf(c, f->prop, f->elem, NULL, 0, v,
			    strlen(v), 0, true, false);
	}
	clixml_keep(c, f->refid, f->leaf_start, f->role == CR_PROPERTY, false);
}

/* ----- from leaves to a record ----- */

/* Leaves [i, j) share prop: provisioning errors, grouped by item. */
static void
clixml_put_prov(struct clixml *c, const struct cloudmap_entry *e,
    const char *prop, size_t i, size_t j)
{
	while (i < j) {
		const char	*field[CMP_MAX] = { NULL };
		size_t		 flen[CMP_MAX] = { 0 };
		long		 elem = c->leaves[i].elem;
		bool		 has_field = false;

		for (; i < j && c->leaves[i].elem == elem; i++) {
			const struct clixml_leaf *l = &c->leaves[i];
			int f;

			if (l->sub == SIZE_MAX) {
				cloudrec_put(&c->rec, e, prop,
				    c->leaf_buf + l->value, l->len, l->flags,
				    l->is_joined && !l->is_empty_list);
				continue;
			}
			f = cloudmap_prov_field(c->leaf_buf + l->sub);
			if (f >= 0 && l->len > 0) {
				field[f] = c->leaf_buf + l->value;
				flen[f] = l->len;
				has_field = true;
			}
		}
		if (has_field)
			cloudrec_add_prov(&c->rec, field, flen);
	}
}

/* Leaves [i, j) share prop: map them through the alias table. */
static void
clixml_put_prop(struct clixml *c, const char *prop, size_t i, size_t j)
{
	const struct cloudmap_entry	*e;
	char				 folded[64];
	bool				 is_flat;

	e = cloudmap_lookup(c->content, prop, strlen(prop));
	if (e != NULL && e->kind == CMK_PROV) {
		clixml_put_prov(c, e, prop, i, j);
		return;
	}
	/* Dictionaries whose keys are properties of the object itself. */
	is_flat = cloudmap_fold(prop, strlen(prop), folded, sizeof(folded)) &&
	    (strcmp(folded, "additionalproperties") == 0 ||
	    strcmp(folded, "onpremisesextensionattributes") == 0);
	for (; i < j; i++) {
		const struct clixml_leaf	*l = &c->leaves[i];
		const char			*v = c->leaf_buf + l->value;
		const char			*sub;
		char				*name;

		if (l->sub == SIZE_MAX) {
			cloudrec_put(&c->rec, e, prop, v, l->len, l->flags,
			    l->is_joined);
			continue;
		}
		sub = c->leaf_buf + l->sub;
		if (is_flat) {
			cloudrec_put(&c->rec, cloudmap_lookup(c->content, sub,
			    strlen(sub)), sub, v, l->len, l->flags, false);
			continue;
		}
		name = xasprintf("%s.%s", prop, sub);
		cloudrec_put(&c->rec, NULL, name, v, l->len, l->flags, false);
		free(name);
	}
}

static int
clixml_leaf_cmp(const void *a, const void *b)
{
	const struct clixml_leaf	*x = a, *y = b;

	if (x->prop != y->prop)
		return x->prop < y->prop ? -1 : 1;
	/* Values are stored in document order: keep it within a property. */
	return x->value < y->value ? -1 : x->value > y->value;
}

/* A leaf's property name beside its index: a sort key that needs no
 * context, so two parses may sort at once. */
struct clixml_prop_key {
	const char	*name;
	size_t		 index;
};

/* Leaf indexes by property name, case-insensitively, then by position. */
static int
clixml_prop_cmp(const void *a, const void *b)
{
	const struct clixml_prop_key	*x = a, *y = b;
	int				 d;

	d = strcasecmp(x->name, y->name);
	if (d != 0)
		return d;
	return x->index < y->index ? -1 : x->index > y->index;
}

/*
 * Make leaves of the same property (Props and MS may both name it, in any
 * case) share one prop offset, the first one's.  Sorted, not compared
 * pairwise: an object may carry 100,000 properties.
 */
static void
clixml_group_leaves(struct clixml *c)
{
	struct clixml_prop_key	*order;
	size_t			 i, first;

	if (c->nleaves < 2)
		return;
	order = xreallocarray(NULL, c->nleaves, sizeof(*order));
	for (i = 0; i < c->nleaves; i++) {
		order[i].name = c->leaf_buf + c->leaves[i].prop;
		order[i].index = i;
	}
	qsort(order, c->nleaves, sizeof(*order), clixml_prop_cmp);
	first = c->leaves[order[0].index].prop;
	for (i = 1; i < c->nleaves; i++) {
		if (strcasecmp(c->leaf_buf + first, order[i].name) != 0)
			first = c->leaves[order[i].index].prop;
		else
			c->leaves[order[i].index].prop = first;
	}
	free(order);
}

static int
clixml_end_record(struct clixml *c)
{
	size_t	i, j;

	c->is_in_record = false;
	clixml_group_leaves(c);
	/* An object without properties has no leaves array at all. */
	if (c->nleaves > 1)
		qsort(c->leaves, c->nleaves, sizeof(*c->leaves),
		    clixml_leaf_cmp);
	for (i = 0; i < c->nleaves; i = j) {
		for (j = i + 1; j < c->nleaves &&
		    c->leaves[j].prop == c->leaves[i].prop; j++)
			continue;
		clixml_put_prop(c, c->leaf_buf + c->leaves[i].prop, i, j);
	}
	/* A type the object's own properties do not override. */
	if (c->hint == CMT_OTHER) {
		if (c->rec.type == CMT_NONE) {
			c->rec.type = CMT_OTHER;
			free(c->rec.other_type);
			c->rec.other_type = xstrdup(c->hint_name ?
			    c->hint_name : "?");
		}
		return cloudrec_finish(&c->rec, CMT_NONE);
	}
	return cloudrec_finish(&c->rec, c->hint);
}

/* ----- elements ----- */

/* Refuse a DOCTYPE that declares entities: nothing after it is read. */
static bool
clixml_doctype_ok(struct clixml *c)
{
	xmlNodePtr	node = xmlTextReaderCurrentNode(c->reader);
	xmlDtdPtr	dtd = (xmlDtdPtr)node;

	if (node == NULL || node->type != XML_DTD_NODE)
		return true;
	if (dtd->entities == NULL && dtd->pentities == NULL)
		return true;
	diag(c->dg, D_XML_DTD, c->file, clixml_line(c),
	    "'%s': Export-Clixml writes no DOCTYPE; nothing in this file was read",
	    dtd->name ? (const char *)dtd->name : "?");
	return false;
}

static void
clixml_tn_done(struct clixml *c, struct clixml_frame *f,
    enum cloudmap_type type)
{
	struct clixml_frame	*owner = clixml_owner(c, c->nframes);

	if (f->refid >= 0 && f->refid < CLIXML_MAX_TN) {
		if ((size_t)f->refid >= c->ntn_types) {
			size_t n = (size_t)f->refid + 1;

			c->tn_types = xreallocarray(c->tn_types, n,
			    sizeof(*c->tn_types));
			memset(c->tn_types + c->ntn_types, 0,
			    (n - c->ntn_types) * sizeof(*c->tn_types));
			c->tn_names = xreallocarray(c->tn_names, n,
			    sizeof(*c->tn_names));
			memset(c->tn_names + c->ntn_types, 0,
			    (n - c->ntn_types) * sizeof(*c->tn_names));
			c->ntn_types = n;
		}
		c->tn_types[f->refid] = type;
		free(c->tn_names[f->refid]);
		c->tn_names[f->refid] = f->type_name != NULL ?
		    xstrdup(f->type_name) : NULL;
	}
	if (owner != NULL && owner->role == CR_RECORD && type != CMT_NONE)
		clixml_set_hint(c, type, f->type_name);
}

/*
 * Type names that say nothing of the object: a Select-Object or
 * [pscustomobject] row, a member of a mixed list.  The next <T> decides.
 */
static bool
clixml_is_neutral_type(const char *s, size_t len)
{
	static const char *const neutral[] = { "PSCustomObject", "PSObject",
	    "Object", "MicrosoftGraphDirectoryObject", "DirectoryObject",
	    "Hashtable" };
	size_t	i, n;

	for (i = len; i > 0 && s[i - 1] != '.'; i--)
		continue;
	for (n = 0; n < ARRAY_SIZE(neutral); n++)
		if (len - i == strlen(neutral[n]) &&
		    strncasecmp(s + i, neutral[n], len - i) == 0)
			return true;
	return false;
}

/*
 * One <T> of a <TN>, most derived first, as Graph JSON's @odata.type:
 * the first that is not neutral decides.  A user, group or contact type
 * is that; any other (System.Diagnostics.Process, HistoryInfo) is
 * CMT_OTHER, so its objects are skipped and counted, never users.
 */
static void
clixml_t_done(struct clixml_frame *tn, const char *s, size_t len)
{
	enum cloudmap_type	type;

	if (tn->type != CMT_NONE || clixml_is_neutral_type(s, len))
		return;
	type = cloudmap_type_of(s, len, true);
	tn->type = type;
	if (type == CMT_OTHER)
		tn->type_name = xstrndup(s, len > 200 ? 200 : len);
}

static bool
clixml_keeps_text(enum clixml_tag tag)
{
	return tag == CT_STRING || tag == CT_PRIM || tag == CT_T ||
	    tag == CT_TOSTRING;
}

/* An element ended (or was empty): finish what it opened. */
static int
clixml_end(struct clixml *c)
{
	struct clixml_frame	 f = c->frames[--c->nframes];
	struct clixml_frame	*p = clixml_top(c);
	size_t			 len = c->text_len;
	int			 rc = 0;

	if (clixml_keeps_text(f.tag))
		c->text[len] = '\0';
	switch (f.tag) {
	case CT_STRING:
		len = clixml_unescape(c->text, len);
		clixml_primitive(c, &f, c->text, len, 0);
		break;
	case CT_PRIM:
		clixml_primitive(c, &f, c->text, len, 0);
		break;
	case CT_NIL:
		clixml_primitive(c, &f, "", 0, ATTR_NULL);
		break;
	case CT_T:
		if (p != NULL && p->tag == CT_TN)
			clixml_t_done(p, c->text, len);
		break;
	case CT_TN:
		clixml_tn_done(c, &f, f.type);
		break;
	case CT_TOSTRING:
		if (p != NULL && p->tag == CT_OBJ && p->tostring == NULL) {
			len = clixml_unescape(c->text, len);
			p->tostring = xstrndup(c->text, len);
		}
		break;
	case CT_PROPS:
	case CT_LIST:
	case CT_DCT:
		if (p != NULL && p->tag == CT_OBJ && f.tag != CT_PROPS)
			p->has_list = true;
		break;
	case CT_OBJ:
		if (f.role == CR_RECORD) {
			clixml_keep(c, f.refid, 0, false, true);
			rc = clixml_end_record(c);
		} else
			clixml_end_nested(c, &f);
		break;
	default:
		break;
	}
	clixml_free_frame(&f);
	c->text_len = 0;
	c->is_text_long = false;
	return rc;
}

/* TNRef and Ref, always empty: resolve them now. */
static void
clixml_reference(struct clixml *c, struct clixml_frame *f)
{
	struct clixml_frame	*owner = clixml_owner(c, c->nframes);
	struct clixml_frame	*p = clixml_top(c);

	if (f->tag == CT_TNREF) {
		if (owner != NULL && owner->role == CR_RECORD &&
		    f->refid >= 0 && (size_t)f->refid < c->ntn_types)
			clixml_set_hint(c, c->tn_types[f->refid],
			    c->tn_names[f->refid]);
		return;
	}
	if (p != NULL && p->tag == CT_OBJS) {
		diag(c->dg, D_CLIXML_SKIP_REF, c->file, clixml_line(c),
		    "RefId '%ld'", f->refid);
		return;
	}
	if (c->is_in_record && f->role != CR_RECORD)
		clixml_copy_kept(c, f);
}

static int
clixml_start(struct clixml *c, unsigned long line)
{
	const char		*name;
	struct clixml_frame	 f;
	bool			 is_empty;

	name = (const char *)xmlTextReaderConstLocalName(c->reader);
	is_empty = xmlTextReaderIsEmptyElement(c->reader) == 1;
	if (!c->has_root) {
		c->has_root = true;
		if (name == NULL || strcmp(name, "Objs") != 0) {
			diag(c->dg, D_XML_SYNTAX, c->file, line,
			    "root element '%s': expected 'Objs' (Export-Clixml)",
			    name ? name : "?");
			return -1;
		}
	}
	memset(&f, 0, sizeof(f));
	f.tag = clixml_tag_of(name ? name : "");
	f.name = clixml_attr(c, "N");
	f.refid = clixml_refid(c, "RefId");
	clixml_place(c, &f);
	if (f.tag == CT_OBJ && f.role == CR_RECORD)
		clixml_start_record(c, &f, line);
	f.leaf_start = c->nleaves;
	if (f.tag == CT_TNREF || f.tag == CT_REF) {
		clixml_reference(c, &f);
		clixml_free_frame(&f);
		return 0;
	}
	if (c->nframes == c->frames_cap) {
		c->frames_cap = c->frames_cap ? c->frames_cap * 2 : 16;
		c->frames = xreallocarray(c->frames, c->frames_cap,
		    sizeof(*c->frames));
	}
	c->frames[c->nframes++] = f;
	c->text_len = 0;
	c->is_text_long = false;
	return is_empty ? clixml_end(c) : 0;
}

static void
clixml_text(struct clixml *c)
{
	struct clixml_frame	*f = clixml_top(c);
	const char		*v;
	size_t			 len;

	if (f == NULL || !clixml_keeps_text(f->tag) || c->is_text_long)
		return;
	v = (const char *)xmlTextReaderConstValue(c->reader);
	len = v ? strlen(v) : 0;
	if (c->text_len + len > c->lim->max_value_bytes) {
		c->is_text_long = true;
		if (c->is_in_record)
			cloudrec_reject(&c->rec, D_LIMIT_VALUE,
			    "'%s' is over %zu bytes", f->name ? f->name :
			    (f->prop ? f->prop : "?"), c->lim->max_value_bytes);
		return;
	}
	if (c->text_cap - c->text_len < len + 1) {
		size_t cap = c->text_cap ? c->text_cap : 1024;

		while (cap - c->text_len < len + 1)
			cap *= 2;
		c->text = xreallocarray(c->text, cap, 1);
		c->text_cap = cap;
	}
	memcpy(c->text + c->text_len, v, len);
	c->text_len += len;
}

/*
 * An element deeper than --max-depth: reject the record it is in and skip
 * its subtree.  Returns true when the caller must skip.
 */
static bool
clixml_too_deep(struct clixml *c, unsigned long line)
{
	int	depth = xmlTextReaderDepth(c->reader);

	if (depth < 0 || (size_t)depth <= c->lim->max_depth)
		return false;
	if (c->is_in_record)
		cloudrec_reject(&c->rec, D_LIMIT_DEPTH,
		    "element at depth %d on line %lu, over %zu", depth, line,
		    c->lim->max_depth);
	return true;
}

/* An entity reference: never expanded; the document is refused. */
static void
clixml_entity_ref(struct clixml *c)
{
	const char	*name = (const char *)xmlTextReaderConstLocalName(
			    c->reader);

	if (c->is_in_record) {
		cloudrec_reject(&c->rec, D_XML_DOCTYPE,
		    "entity reference '&%s;' refused; the rest of the file is not read",
		    name ? name : "?");
		cloudrec_finish(&c->rec, CMT_NONE);
		c->is_in_record = false;
		return;
	}
	diag(c->dg, D_XML_DOCTYPE, c->file, clixml_line(c),
	    "entity reference '&%s;' refused; the rest of the file is not read",
	    name ? name : "?");
}

/* One node of the reader.  Returns 1: skip its subtree, -1: stop. */
static int
clixml_node(struct clixml *c)
{
	unsigned long	line;

	switch (xmlTextReaderNodeType(c->reader)) {
	case XML_READER_TYPE_DOCUMENT_TYPE:
		return clixml_doctype_ok(c) ? 0 : -1;
	case XML_READER_TYPE_ENTITY_REFERENCE:
		clixml_entity_ref(c);
		return -1;
	case XML_READER_TYPE_ELEMENT:
		line = clixml_line(c);
		if (clixml_too_deep(c, line))
			return xmlTextReaderIsEmptyElement(c->reader) == 1 ?
			    0 : 1;
		return clixml_start(c, line) < 0 ? -1 : 0;
	case XML_READER_TYPE_END_ELEMENT:
		if (c->nframes == 0)
			return 0;
		return clixml_end(c) < 0 ? -1 : 0;
	case XML_READER_TYPE_TEXT:
	case XML_READER_TYPE_CDATA:
	case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
		clixml_text(c);
		return 0;
	default:
		return 0;
	}
}

/*
 * Did libxml2 stop on entities (a loop, an undeclared one)?  It finds
 * billion-laughs declarations before the reader shows us the DOCTYPE.
 */
static bool
clixml_is_entity_error(const struct clixml *c)
{
	return c->has_error && (c->error_code == XML_ERR_ENTITY_LOOP ||
	    c->error_code == XML_ERR_UNDECLARED_ENTITY ||
	    c->error_code == XML_WAR_UNDECLARED_ENTITY ||
	    c->error_code == XML_ERR_ENTITY_PE_INTERNAL);
}

/* libxml2 stopped on an error: the rest of the document is lost. */
static void
clixml_syntax_error(struct clixml *c)
{
	unsigned long	line = c->has_error && c->error_line > 0 ?
			    (unsigned long)c->error_line :
			    (unsigned long)xmlTextReaderGetParserLineNumber(
			    c->reader);
	const char	*text = c->has_error ? c->error_text : "parse error";
	int		 column = c->has_error ? c->error_column : 0;

	if (c->is_in_record && c->rec.error == D_OK) {
		/* The record in progress is what could not be read. */
		cloudrec_reject(&c->rec, D_XML_SYNTAX,
		    "line %lu, column %d: %s; the rest of the file is not read",
		    line, column, text);
		cloudrec_finish(&c->rec, CMT_NONE);
		c->is_in_record = false;
		return;
	}
	if (c->is_in_record)
		cloudrec_finish(&c->rec, CMT_NONE);
	c->is_in_record = false;
	if (clixml_is_entity_error(c)) {
		diag(c->dg, D_XML_DTD, c->file,
		    (unsigned long)xmlTextReaderGetParserLineNumber(c->reader),
		    "%s; nothing after it was read", text);
		return;
	}
	diag(c->dg, D_XML_SYNTAX, c->file, line,
	    "column %d: %s; the rest of the file is not read", column, text);
}

static void
clixml_release(struct clixml *c)
{
	size_t	i;

	if (c->reader != NULL)
		xmlFreeTextReader(c->reader);
	for (i = 0; i < c->nframes; i++)
		clixml_free_frame(&c->frames[i]);
	for (i = 0; i < c->nkept; i++)
		free(c->kept[i].blob);
	free(c->kept);
	free(c->frames);
	free(c->text);
	free(c->leaves);
	free(c->leaf_buf);
	for (i = 0; i < c->ntn_types; i++)
		free(c->tn_names[i]);
	free(c->tn_names);
	free(c->tn_types);
	free(c->hint_name);
	free(c->error_text);
	cloudrec_release(&c->rec);
}

/*
 * libxml2 sets up its global state on first use, unguarded: two first
 * parses on two threads race (ThreadSanitizer sees it in
 * xmlInitializeGlobalState).  Its documentation asks for xmlInitParser()
 * once before threads use it; pthread_once makes that true whoever calls.
 */
static pthread_once_t	clixml_once = PTHREAD_ONCE_INIT;

static void
clixml_init_libxml(void)
{
	xmlInitParser();
}

static int
clixml_parse(FILE *in, const char *file, const struct limits *lim,
    struct diag *dg, enum input_content content, record_fn emit, void *arg)
{
	struct clixml	 c;
	int		 ret, rc = 0, step;

	pthread_once(&clixml_once, clixml_init_libxml);
	memset(&c, 0, sizeof(c));
	c.in = in;
	c.file = file;
	c.lim = lim;
	c.dg = dg;
	c.content = content;
	/* Never NULL: an element with no text at all still gets its '\0'. */
	c.text_cap = 1024;
	c.text = xmalloc(c.text_cap);
	cloudrec_init(&c.rec, file, lim, dg, content, emit, arg);
	c.rec.type_name_code = D_CLIXML_DEPTH;
	c.reader = xmlReaderForIO(clixml_read, clixml_close, &c, file,
	    "UTF-8", CLIXML_OPTIONS);
	if (c.reader == NULL) {
		fputs("syncdoctor: out of memory\n", stderr);
		exit(EXIT_FAILURE);
	}
	xmlTextReaderSetStructuredErrorHandler(c.reader, clixml_on_error, &c);
	ret = xmlTextReaderRead(c.reader);
	while (ret == 1) {
		step = clixml_node(&c);
		if (step < 0)
			break;
		if (c.rec.is_stopped) {
			rc = -1;
			break;
		}
		ret = step == 1 ? xmlTextReaderNext(c.reader) :
		    xmlTextReaderRead(c.reader);
	}
	if (ret < 0 && !c.rec.is_stopped)
		clixml_syntax_error(&c);
	if (c.rec.is_stopped)
		rc = -1;
	if (ferror(in)) {
		diag(dg, D_READ, file, 0, "%s", strerror(errno));
		rc = -1;
	}
	clixml_release(&c);
	return rc;
}
