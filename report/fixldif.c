/* Fix and undo LDIF change files for certain remedies; see fixldif.h. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base64.h"
#include "fixldif.h"
#include "rule.h"
#include "xalloc.h"

/* RFC 2849 folds lines longer than this; continuation lines start ' '. */
#define LDIF_COLUMNS	76

enum change_op {
	OP_DELETE,		/* delete: the one value */
	OP_ADD,			/* add: the one value */
	OP_REPLACE,		/* replace: with the one value */
	OP_CLEAR		/* delete: every value of the attribute */
};

/* One modify record on one object. */
struct change {
	const char		*dn;
	enum change_op		 op;
	const char		*attribute;
	const unsigned char	*value;
	size_t			 len;
};

/* What one finding's fix comes to, before anything is written. */
struct plan {
	struct change		 changes[16];
	struct change		 undo[16];
	size_t			 n;
	const char		*why;	/* comment: what the change does */
};

static bool
is_safe_char(unsigned char c)
{
	return c != '\0' && c != '\n' && c != '\r' && c < 0x80;
}

/* RFC 2849 SAFE-STRING; a trailing space is base64 too, as it is lost. */
static bool
is_safe_string(const unsigned char *s, size_t len)
{
	size_t	i;

	if (len == 0)
		return true;
	if (s[0] == ' ' || s[0] == ':' || s[0] == '<' || s[len - 1] == ' ')
		return false;
	for (i = 0; i < len; i++)
		if (!is_safe_char(s[i]))
			return false;
	return true;
}

/* Write "name: value" or "name:: base64", folded at LDIF_COLUMNS. */
static void
put_line(FILE *out, const char *name, const unsigned char *value,
    size_t len)
{
	char	*line, *b64 = NULL;
	size_t	 n, i, col;

	if (is_safe_string(value, len)) {
		line = xasprintf("%s: %.*s", name, (int)len,
		    (const char *)value);
	} else {
		b64 = xmalloc(BASE64_ENCODED_SIZE(len));
		base64_encode(value, len, b64);
		line = xasprintf("%s:: %s", name, b64);
	}
	n = strlen(line);
	for (i = 0, col = LDIF_COLUMNS; i < n; i += col, col =
	    LDIF_COLUMNS - 1) {
		if (i > 0)
			fputc(' ', out);
		fwrite(line + i, 1, n - i < col ? n - i : col, out);
		fputc('\n', out);
	}
	free(line);
	free(b64);
}

/* A comment for people: controls made visible, hard-wrapped lines. */
static void
put_comment(FILE *out, const char *text)
{
	size_t	i, col = 0;

	fputs("# ", out);
	for (i = 0; text[i] != '\0'; i++) {
		unsigned char c = (unsigned char)text[i];

		if (col >= LDIF_COLUMNS - 2) {
			fputs("\n#  ", out);
			col = 1;
		}
		fputc(c < 0x20 || c == 0x7f ? '?' : c, out);
		col++;
	}
	fputc('\n', out);
}

static const char *
op_name(enum change_op op)
{
	switch (op) {
	case OP_DELETE:
	case OP_CLEAR:
		return "delete";
	case OP_ADD:
		return "add";
	case OP_REPLACE:
		return "replace";
	}
	return "?";
}

static void
put_change(FILE *out, const struct change *c)
{
	put_line(out, "dn", (const unsigned char *)c->dn, strlen(c->dn));
	fputs("changetype: modify\n", out);
	fprintf(out, "%s: %s\n", op_name(c->op), c->attribute);
	if (c->op != OP_CLEAR)
		put_line(out, c->attribute, c->value, c->len);
	fputs("-\n\n", out);
}

static bool
plan_add(struct plan *p, const char *dn, enum change_op op,
    enum change_op undo_op, const char *attribute,
    const unsigned char *value, size_t len, const unsigned char *old,
    size_t oldlen)
{
	if (p->n == ARRAY_SIZE(p->changes))
		return false;
	p->changes[p->n] = (struct change){ dn, op, attribute, value, len };
	p->undo[p->n] = (struct change){ dn, undo_op, attribute,
	    undo_op == OP_ADD ? value : old, undo_op == OP_ADD ? len : oldlen };
	p->n++;
	return true;
}

/*
 * Plan deleting every smtp: proxy of o that is key.  False when that is
 * not certain: o has it as its primary (SMTP:) address or in mail, which
 * need a new value someone must choose, or o has no DN.
 */
static bool
plan_proxy_delete(struct plan *p, const struct object *o, const char *key)
{
	size_t	i, n = 0;

	if (o->side != SIDE_ONPREM || o->dn == NULL ||
	    (o->mail != NULL && strcasecmp(o->mail, key) == 0))
		return false;
	for (i = 0; i < o->nproxy_addresses; i++) {
		const char *v = o->proxy_addresses[i];

		if (strncasecmp(v, "smtp:", 5) != 0 ||
		    strcasecmp(v + 5, key) != 0)
			continue;
		if (strncmp(v, "SMTP:", 5) == 0)
			return false;
		if (!plan_add(p, o->dn, OP_DELETE, OP_ADD, "proxyAddresses",
		    (const unsigned char *)v, strlen(v), NULL, 0))
			return false;
		n++;
	}
	return n > 0;
}

static bool
has_role(const struct finding_object *fo, const char *prefix)
{
	return fo->role != NULL && strncmp(fo->role, prefix,
	    strlen(prefix)) == 0;
}

static const char *
object_name(const struct object *o)
{
	if (o->dn != NULL)
		return o->dn;
	if (o->upn != NULL)
		return o->upn;
	return o->id != NULL ? o->id : "?";
}

/*
 * AttributeValueMustBeUnique on an SMTP address: the keeper advice's
 * holders that give it up lose their secondary smtp: copies.  Nothing
 * for a tie (a person picks the keeper), nor when a holder that gives it
 * up is a cloud object or holds it as mail or primary address.
 */
static bool
plan_unique(struct plan *p, const struct finding *f)
{
	const struct finding_keeper	*k = f->keeper;
	size_t				 i;

	if (k == NULL || k->object == NULL || k->nlosers == 0 ||
	    strcmp(f->attribute, "userPrincipalName") == 0)
		return false;
	for (i = 0; i < k->nlosers; i++)
		if (!plan_proxy_delete(p, k->losers[i], f->value))
			return false;
	p->why = xasprintf("remove '%s' from every holder but '%s', which "
	    "keeps it (keeper advice: %s)", f->value, object_name(k->object),
	    k->reason);
	return p->n > 0;
}

/* Does another re-link finding write the same cloud object's anchor? */
static bool
is_anchor_claimed_twice(const struct analysis *an, const struct finding *f)
{
	size_t	i;

	for (i = 0; i < an->findings.n; i++) {
		const struct finding *g = an->findings.list[i];

		if (g != f && g->rule == f->rule && g->nobjects >= 2 &&
		    g->objects[1].object == f->objects[1].object &&
		    g->objects[0].object != f->objects[0].object)
			return true;
	}
	return false;
}

/*
 * InvalidSoftMatch.  A duplicate (another loaded object is the cloud
 * object's source) loses the address; a re-created object gets the
 * cloud object's immutableId as its mS-DS-ConsistencyGuid.
 */
static bool
plan_soft_match(struct plan *p, const struct analysis *an,
    const struct table *t, const struct finding *f)
{
	const struct object	*o, *cloud;
	size_t			 i;

	if (f->nobjects < 2)
		return false;
	o = f->objects[0].object;
	cloud = f->objects[1].object;
	for (i = 2; i < f->nobjects; i++)
		if (has_role(&f->objects[i], "on-premises source"))
			break;
	if (i < f->nobjects) {
		if (strcmp(f->attribute, "userPrincipalName") == 0 ||
		    !plan_proxy_delete(p, o, f->value))
			return false;
		p->why = xasprintf("'%s' keeps '%s' (its cloud object has it)",
		    f->objects[i].object->dn != NULL ?
		    f->objects[i].object->dn : "?", f->value);
		return true;
	}
	/* With objectGUID as the anchor, writing the attribute does nothing. */
	if (o->side != SIDE_ONPREM || o->dn == NULL ||
	    cloud->side != SIDE_CLOUD || !cloud->has_immutable_id_bytes ||
	    table_anchor_mode(t) == ANCHOR_OBJECT_GUID ||
	    (o->rare->consistency_guid_b64 != NULL &&
	    strcmp(o->rare->consistency_guid_b64, cloud->immutable_id) == 0) ||
	    is_anchor_claimed_twice(an, f))
		return false;
	plan_add(p, o->dn, OP_REPLACE, o->rare->consistency_guid_len > 0 ?
	    OP_REPLACE : OP_CLEAR, "mS-DS-ConsistencyGuid",
	    cloud->immutable_id_bytes, 16, o->rare->consistency_guid,
	    o->rare->consistency_guid_len);
	p->why = xasprintf("re-link to cloud object '%s' (immutableId '%s'); "
	    "only if it is the same %s", cloud->upn != NULL ? cloud->upn :
	    cloud->id != NULL ? cloud->id : "?", cloud->immutable_id,
	    object_type_name(o->type));
	return true;
}

static bool
plan_finding(struct plan *p, const struct analysis *an,
    const struct table *t, const struct finding *f)
{
	if (strcmp(f->rule->id, "AttributeValueMustBeUnique") == 0)
		return plan_unique(p, f);
	if (strcmp(f->rule->id, "InvalidSoftMatch") == 0)
		return plan_soft_match(p, an, t, f);
	return false;
}

static void
put_header(FILE *out, const char *what, const struct fixldif_stats *st)
{
	fprintf(out,
	    "# syncdoctor %s --fix-ldif: %s\n"
	    "# Review every change before applying it:\n"
	    "#   ldapmodify -H ldap://DC -D USER -W -f FILE\n"
	    "#   ldifde -i -f FILE -s DC\n"
	    "# %zu finding%s fixed with %zu change%s; %zu need%s a decision and\n"
	    "# are not written (%zu LargeObject certificate finding%s: the\n"
	    "# export keeps no certificate bytes, so nothing can be chosen).\n"
	    "# No version: line, which ldifde does not need.\n\n",
	    PACKAGE_VERSION, what, st->nfixed, st->nfixed == 1 ? "" : "s",
	    st->nchanges, st->nchanges == 1 ? "" : "s", st->ndecision,
	    st->ndecision == 1 ? "s" : "", st->ncertificates,
	    st->ncertificates == 1 ? "" : "s");
}

static bool
is_certificate_finding(const struct finding *f)
{
	return strcmp(f->rule->id, "LargeObject") == 0 &&
	    f->attribute != NULL &&
	    (strcasecmp(f->attribute, "userCertificate") == 0 ||
	    strcasecmp(f->attribute, "userSMIMECertificate") == 0);
}

/* The undo records of one finding, in reverse, as one block of text. */
static char *
undo_block(const struct plan *p, const char *comment)
{
	char	*buf = NULL;
	size_t	 len = 0, i;
	FILE	*mem;

	if ((mem = open_memstream(&buf, &len)) == NULL)
		abort();
	put_comment(mem, comment);
	for (i = p->n; i > 0; i--)
		put_change(mem, &p->undo[i - 1]);
	fclose(mem);
	return buf;
}

static bool
change_eq(const struct change *a, const struct change *b)
{
	return a->op == b->op && strcmp(a->dn, b->dn) == 0 &&
	    strcmp(a->attribute, b->attribute) == 0 && a->len == b->len &&
	    (a->len == 0 || memcmp(a->value, b->value, a->len) == 0);
}

/*
 * Drop from p the changes an earlier finding already wrote (two rules
 * can report the same duplicate address): deleting a value twice would
 * stop ldapmodify.  Remembers the rest in *done.
 */
static void
plan_dedupe(struct plan *p, struct change **done, size_t *ndone)
{
	size_t	i, k, kept = 0;

	for (i = 0; i < p->n; i++) {
		for (k = 0; k < *ndone; k++)
			if (change_eq(&p->changes[i], &(*done)[k]))
				break;
		if (k < *ndone)
			continue;
		*done = xreallocarray(*done, *ndone + 1, sizeof(**done));
		(*done)[(*ndone)++] = p->changes[i];
		p->changes[kept] = p->changes[i];
		p->undo[kept++] = p->undo[i];
	}
	p->n = kept;
}

static void
plan_release(struct plan *p)
{
	free((char *)p->why);
	memset(p, 0, sizeof(*p));
}

void
fixldif_write(FILE *fix, FILE *undo, const struct analysis *an,
    const struct table *t, const struct baseline_marks *marks,
    struct fixldif_stats *st)
{
	char		**undos, *body = NULL, *comment;
	size_t		  nundos = 0, bodylen = 0, ndone = 0, i, k;
	struct change	 *done = NULL;
	FILE		 *mem;

	memset(st, 0, sizeof(*st));
	undos = xcalloc(an->findings.n + 1, sizeof(*undos));
	if ((mem = open_memstream(&body, &bodylen)) == NULL)
		abort();
	for (i = 0; i < an->findings.n; i++) {
		const struct finding	*f = an->findings.list[i];
		struct plan		 p;

		memset(&p, 0, sizeof(p));
		if (!plan_finding(&p, an, t, f)) {
			if (f->severity != SEV_INFO)
				st->ndecision++;
			if (is_certificate_finding(f))
				st->ncertificates++;
			plan_release(&p);
			continue;
		}
		plan_dedupe(&p, &done, &ndone);
		comment = xasprintf("%s%s: %s", marks != NULL &&
		    i < marks->n ? marks->ids[i] : f->rule->id,
		    p.n == 0 ? " (already written above)" : "", p.why);
		put_comment(mem, comment);
		for (k = 0; k < p.n; k++)
			put_change(mem, &p.changes[k]);
		if (p.n == 0)
			fputc('\n', mem);
		if (p.n > 0)
			undos[nundos++] = undo_block(&p, comment);
		st->nfixed++;
		st->nchanges += p.n;
		free(comment);
		plan_release(&p);
	}
	fclose(mem);
	put_header(fix, "changes whose remedy is certain", st);
	fputs(body, fix);
	put_header(undo, "undoes the fix file, newest change first",
	    st);
	for (i = nundos; i > 0; i--) {
		fputs(undos[i - 1], undo);
		free(undos[i - 1]);
	}
	free(undos);
	free(done);
	free(body);
}
