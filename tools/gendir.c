/*
 * gendir: writes a deterministic synthetic directory -- an ldifde-style
 * on-prem Active Directory export, Graph PowerShell CSV exports of the
 * matching Entra ID tenant, and a manifest of the sync problems planted in
 * them -- for syncdoctor's sample, tests and benchmark.  Standalone (C11 and
 * libc only); it shares no code with syncdoctor, so a parser bug cannot hide
 * itself by being in both.
 *
 * Every object is a pure function of (seed, index): the writers stream
 * objects as they make them, and any object can be rebuilt from its index
 * when another one refers to it (group members, planted collisions, the
 * cloud twin of an on-prem user).  Memory use does not grow with -n.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROGNAME	"gendir"

#define MAX_OBJECTS	100000000ULL	/* keeps RIDs and names in range */
#define DEFAULT_OBJECTS	1000
#define DEFAULT_SEED	1
#define DEFAULT_PERMILLE 20

#define LDIF_WIDTH	78		/* ldifde's folded line length */
#define OUT_BUFSIZE	(1U << 20)
#define BLOB_CHUNK	3072		/* a multiple of 3: base64 joins up */

#define PATH_LEN	4096
#define NAME_LEN	128
#define DN_LEN		512
#define ADDR_LEN	320
#define MAX_PROXY	8
#define MAX_SLOT_USERS	3

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Entra's hard limit is 15 certificates (sync-errors doc, LargeObject). */
#define PLANT_CERTS	18
/*
 * AD's schema caps thumbnailPhoto at 102400 bytes and syncdoctor flags
 * what is over it; the planted photo is larger, as one imported through a
 * forest whose schema limit was raised.
 */
#define PLANT_PHOTO	153600
/* ~300 SMTP proxies is the documented ceiling (332 measured): go past it. */
#define PLANT_PROXIES	345

#define ROLE_GLOBAL_ADMIN	"62e90394-69f5-4237-9190-012177145e10"
#define ROLE_USER_ADMIN		"fe930be7-5e62-47db-91af-98c3a49a38b1"
#define ROLE_HELPDESK_ADMIN	"729827e3-9c14-49f7-bb1b-9608f156bbb8"
#define ROLE_EXCHANGE_ADMIN	"29232cdf-9323-42fd-ade2-1d097af3e4de"
#define ROLE_DIRSYNC		"d29b2b05-8046-44ba-8758-1e26182fcf32"

#define UAC_DISABLED		0x2
#define UAC_NORMAL		0x200
#define UAC_WORKSTATION		0x1000
#define UAC_DONT_EXPIRE		0x10000

#define RTD_USER_MAILBOX	1ULL
#define RTD_MAIL_CONTACT	64ULL
#define RTD_MAIL_DL		256ULL
#define RTD_REMOTE_MAILBOX	2147483648ULL

/* Independent random streams per object, so adding a draw to one attribute
 * does not shift every other attribute of the object. */
enum stream {
	ST_OBJECT,		/* attributes and object GUID */
	ST_BLOB,		/* certificate and photo bytes */
	ST_CLOUD,		/* cloud object id */
	ST_SLOT,		/* planted-problem extras, indexed by slot */
	ST_EXTRA,		/* cloud-only users, indexed by number */
	ST_DOMAIN		/* domain SID, index 0 */
};

enum kind {
	K_USER,
	K_GROUP,
	K_CONTACT,
	K_COMPUTER
};

/* Planted problems, cycled through slot by slot; see write_planted(). */
enum plant {
	PL_UPN_DUP,		/* 2-3 users share a UPN */
	PL_PROXY_DUP,		/* A's SMTP: primary is B's smtp: secondary */
	PL_MAIL_DUP,		/* A's mail is B's smtp: secondary */
	PL_SOFT_MATCH,		/* re-created user, cloud twin has old anchor */
	PL_TYPE_MISMATCH,	/* user holds a cloud-only group's address */
	PL_UPN_SPACE,
	PL_UPN_PERCENT,
	PL_UPN_DOTS,
	PL_UPN_NO_AT,
	PL_UPN_ACCENT,
	PL_CERTS,
	PL_PHOTO,
	PL_PROXIES,
	PL_ADMIN,		/* UPN of a cloud-only Global Administrator */
	PL_CLOUD_MANAGED,	/* sync off on its twin, which holds a role */
	PL_MAX			/* also: not planted */
};

enum blob {
	BLOB_CERT,
	BLOB_JPEG
};

struct name {
	const char	*display;	/* UTF-8 */
	const char	*ascii;		/* for addresses; unique in its table */
};

struct options {
	uint64_t	 objects;
	uint64_t	 seed;
	uint64_t	 permille;
	const char	*domain;
	const char	*tenant;
	const char	*outdir;
};

struct rng {
	uint64_t	 state;
};

/* One output file behind a large buffer; col is the LDIF column or the CSV
 * field count of the current row. */
struct out {
	FILE		*fp;
	char		 path[PATH_LEN];
	char		*buf;
	size_t		 len;
	unsigned	 col;
};

struct gen {
	uint64_t	 seed;
	uint64_t	 n;
	const char	*domain;		/* forest DNS name */
	char		 upper_domain[NAME_LEN];
	char		 base_dn[DN_LEN];	/* DC=contoso,DC=com */
	char		 org[NAME_LEN];		/* X500 organisation */
	char		 initial[NAME_LEN];	/* <tenant>.onmicrosoft.com */
	char		 routing[NAME_LEN];	/* Exchange hybrid routing */
	char		 unverified[NAME_LEN];
	uint32_t	 sid_sub[3];		/* S-1-5-21-a-b-c */
	uint64_t	 nslots;		/* planted problems */
	uint64_t	 region;		/* indexes per slot */
	uint64_t	 own_case;		/* forced case-repeat user */
	uint64_t	 nextra;		/* cloud-only users */
};

struct user {
	uint64_t	 index;
	char		 given[NAME_LEN];
	char		 sn[NAME_LEN];
	char		 display[NAME_LEN];
	char		 cn[NAME_LEN];
	char		 dn[DN_LEN];
	char		 sam[24];
	char		 nick[ADDR_LEN];	/* "" when not mail-enabled */
	char		 upn[ADDR_LEN];
	char		 mail[ADDR_LEN];	/* "" when absent */
	char		 target[ADDR_LEN];	/* "" when absent */
	char		 proxy[MAX_PROXY][ADDR_LEN];
	unsigned	 nproxy;
	unsigned	 extra_proxies;		/* written on the fly */
	uint64_t	 recipient_type;	/* 0 when absent */
	unsigned	 uac;
	unsigned char	 guid[16];
	unsigned char	 cguid[16];		/* mS-DS-ConsistencyGuid */
	bool		 has_cguid;
	bool		 synced;		/* has a cloud twin */
	unsigned	 ncert;
	size_t		 photo;			/* thumbnailPhoto size */
	char		 created[24];
	char		 changed[24];
	enum plant	 plant;
	unsigned	 member;		/* position in its slot */
	uint64_t	 slot;
};

struct group {
	uint64_t	 index;
	char		 cn[NAME_LEN];
	char		 dn[DN_LEN];
	char		 mail[ADDR_LEN];	/* "" unless mail-enabled */
	char		 proxy[MAX_PROXY][ADDR_LEN];
	unsigned	 nproxy;
	long long	 group_type;
	unsigned	 span;			/* members: [i-span, i) */
	unsigned char	 guid[16];
	char		 created[24];
};

static const struct name first_names[] = {
	{ "Ana", "ana" },		{ "José", "jose" },
	{ "Sean", "sean" },		{ "Zoë", "zoe" },
	{ "Łukasz", "lukasz" },		{ "Søren", "soren" },
	{ "Emma", "emma" },		{ "Liam", "liam" },
	{ "François", "francois" },	{ "Mia", "mia" },
	{ "Björn", "bjorn" },		{ "Chloé", "chloe" },
	{ "Noah", "noah" },		{ "Aiko", "aiko" },
	{ "Priya", "priya" },		{ "Mateo", "mateo" },
	{ "Renée", "renee" },		{ "Omar", "omar" },
	{ "Ingrid", "ingrid" },		{ "Kwame", "kwame" },
	{ "Lucía", "lucia" },		{ "Hannah", "hannah" },
	{ "Dmitri", "dmitri" },		{ "Fatima", "fatima" },
	{ "Jürgen", "jurgen" },		{ "Grace", "grace" },
	{ "Tomás", "tomas" },		{ "Olivia", "olivia" },
	{ "Wei", "wei" },		{ "Siobhán", "siobhan" },
	{ "Ethan", "ethan" },		{ "Amélie", "amelie" },
};

static const struct name last_names[] = {
	{ "Lima", "lima" },		{ "O'Brien", "o'brien" },
	{ "Müller", "muller" },		{ "Smith", "smith" },
	{ "Núñez", "nunez" },		{ "Kowalski", "kowalski" },
	{ "Nguyễn", "nguyen" },		{ "Dvořák", "dvorak" },
	{ "Andersen", "andersen" },	{ "Tanaka", "tanaka" },
	{ "Johnson", "johnson" },	{ "García", "garcia" },
	{ "Rossi", "rossi" },		{ "Novak", "novak" },
	{ "Haddad", "haddad" },		{ "Okafor", "okafor" },
	{ "Larsen", "larsen" },		{ "Silva", "silva" },
	{ "Bianchi", "bianchi" },	{ "Schmidt", "schmidt" },
	{ "Dubois", "dubois" },		{ "Yılmaz", "yilmaz" },
	{ "Kim", "kim" },		{ "Patel", "patel" },
	{ "Fischer", "fischer" },	{ "Moreau", "moreau" },
	{ "Costa", "costa" },		{ "Walsh", "walsh" },
	{ "Berg", "berg" },		{ "Horvat", "horvat" },
	{ "Jansen", "jansen" },		{ "Çelik", "celik" },
};

static const char *const sites[] = { "Lisbon", "Oslo", "Warsaw", "Seattle" };
static const char *const depts[] = {
	"Sales", "Finance", "Engineering", "Marketing", "Legal", "Support",
	"HR", "Operations",
};
static const char *const partners[] = {
	"fabrikam.com", "adatum.com", "tailspintoys.com",
};
static const char *const projects[] = {
	"Apollo", "Borealis", "Cascade", "Delta", "Ember", "Falcon",
};

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void	die(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2), noreturn));
static void	str_fmt(char *buf, size_t size, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
static void	user_add_proxy(struct user *u, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
static void	bad_value(char opt, const char *value, const char *expected)
		    __attribute__((noreturn));

/*
 * Print "gendir: <message>" and exit 1.  A generator has nothing to clean
 * up that the exit does not.
 */
static void
die(const char *fmt, ...)
{
	va_list	ap;

	fputs(PROGNAME ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* snprintf that treats truncation as a bug: sizes are fixed by design. */
static void
str_fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size)
		die("internal error: value too long for its buffer: '%.40s'",
		    buf);
}

/* ------------------------------------------------------------------ */
/* Randomness: splitmix64, seeded per (seed, index, stream). */

static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
rng_init(struct rng *r, uint64_t seed, uint64_t index, enum stream stream)
{
	r->state = mix64(seed ^ mix64(index * 8 + (uint64_t)stream + 1));
}

static uint64_t
rng_next(struct rng *r)
{
	r->state += 0x9e3779b97f4a7c15ULL;
	return mix64(r->state);
}

/* Uniform in [0, n) by multiply-shift; bias is far below what matters. */
static uint32_t
rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

static uint32_t
rng_range(struct rng *r, uint32_t lo, uint32_t hi)
{
	return lo + rng_below(r, hi - lo + 1);
}

static void
rng_fill(struct rng *r, unsigned char *p, size_t len)
{
	uint64_t	v;
	size_t		i;

	for (i = 0; i + 8 <= len; i += 8) {
		v = rng_next(r);
		memcpy(p + i, &v, 8);
	}
	if (i < len) {
		v = rng_next(r);
		memcpy(p + i, &v, len - i);
	}
}

/* ------------------------------------------------------------------ */
/* Small formatting helpers. */

/* Write v in decimal to buf (at least 21 bytes); return the length. */
static size_t
fmt_u64(char *buf, uint64_t v)
{
	char	tmp[24];
	size_t	n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return n;
}

/* Encode len bytes as base64 into out (room for 4*ceil(len/3)); return
 * the number of characters, without a terminating NUL. */
static size_t
b64_encode(const unsigned char *in, size_t len, char *out)
{
	size_t	i, o = 0;

	for (i = 0; i + 2 < len; i += 3) {
		out[o++] = b64_alphabet[in[i] >> 2];
		out[o++] = b64_alphabet[((in[i] & 3) << 4) | (in[i + 1] >> 4)];
		out[o++] = b64_alphabet[((in[i + 1] & 15) << 2) |
		    (in[i + 2] >> 6)];
		out[o++] = b64_alphabet[in[i + 2] & 63];
	}
	if (i < len) {
		out[o++] = b64_alphabet[in[i] >> 2];
		if (i + 1 < len) {
			out[o++] = b64_alphabet[((in[i] & 3) << 4) |
			    (in[i + 1] >> 4)];
			out[o++] = b64_alphabet[(in[i + 1] & 15) << 2];
		} else {
			out[o++] = b64_alphabet[(in[i] & 3) << 4];
			out[o++] = '=';
		}
		out[o++] = '=';
	}
	return o;
}

/* A 16-byte anchor as immutableId text (25 bytes with the NUL). */
static void
anchor_text(const unsigned char *guid, char *buf)
{
	buf[b64_encode(guid, 16, buf)] = '\0';
}

/*
 * Random version-4 GUID in the stored Windows layout: Data1, Data2 and Data3
 * little-endian, Data4 as is ([MS-DTYP] 2.3.4), so byte 7 holds the version.
 */
static void
guid_make(struct rng *r, unsigned char *guid)
{
	rng_fill(r, guid, 16);
	guid[7] = (unsigned char)((guid[7] & 0x0f) | 0x40);
	guid[8] = (unsigned char)((guid[8] & 0x3f) | 0x80);
}

/* The string form of a stored GUID (37 bytes with the NUL). */
static void
guid_text(const unsigned char *g, char *buf, size_t size)
{
	str_fmt(buf, size,
	    "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x",
	    g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9],
	    g[10], g[11], g[12], g[13], g[14], g[15]);
}

/* A random cloud object id. */
static void
cloud_id(uint64_t seed, uint64_t index, enum stream stream, char *buf,
    size_t size)
{
	struct rng	r;
	unsigned char	g[16];

	rng_init(&r, seed, index, stream);
	guid_make(&r, g);
	guid_text(g, buf, size);
}

/* Binary SID S-1-5-21-a-b-c-rid: revision, count, 6-byte big-endian
 * authority, then little-endian sub-authorities ([MS-DTYP] 2.4.2.2). */
static size_t
sid_make(const struct gen *g, uint32_t rid, unsigned char *sid)
{
	uint32_t	sub[5];
	size_t		i;

	sub[0] = 21;
	sub[1] = g->sid_sub[0];
	sub[2] = g->sid_sub[1];
	sub[3] = g->sid_sub[2];
	sub[4] = rid;
	sid[0] = 1;
	sid[1] = 5;
	memset(sid + 2, 0, 5);
	sid[7] = 5;
	for (i = 0; i < 5; i++) {
		sid[8 + 4 * i] = (unsigned char)(sub[i] & 0xff);
		sid[9 + 4 * i] = (unsigned char)((sub[i] >> 8) & 0xff);
		sid[10 + 4 * i] = (unsigned char)((sub[i] >> 16) & 0xff);
		sid[11 + 4 * i] = (unsigned char)(sub[i] >> 24);
	}
	return 28;
}

static void
sid_text(const struct gen *g, uint32_t rid, char *buf, size_t size)
{
	str_fmt(buf, size, "S-1-5-21-%lu-%lu-%lu-%lu",
	    (unsigned long)g->sid_sub[0], (unsigned long)g->sid_sub[1],
	    (unsigned long)g->sid_sub[2], (unsigned long)rid);
}

/* Regular objects get RIDs above the built-in ones. */
static uint32_t
object_rid(uint64_t index)
{
	return (uint32_t)(1104 + index);
}

/* GeneralizedTime in a random year from first to last, as AD writes it;
 * returns the year so a later time can follow it. */
static unsigned
when_make(struct rng *r, unsigned first, unsigned last, char *buf,
    size_t size)
{
	unsigned	t[6];
	size_t		i;

	/* One draw per statement: argument evaluation order is unspecified,
	 * and the output must not depend on the compiler. */
	t[0] = rng_range(r, first, last);
	t[1] = rng_range(r, 1, 12);
	t[2] = rng_range(r, 1, 28);
	for (i = 3; i < 6; i++)
		t[i] = rng_below(r, i == 3 ? 24 : 60);
	str_fmt(buf, size, "%04u%02u%02u%02u%02u%02u.0Z", t[0], t[1], t[2],
	    t[3], t[4], t[5]);
	return t[0];
}

/* Copy an ASCII address part, capitalising the first letter of each
 * dot-separated word: "jose.lima" -> "Jose.Lima". */
static void
capitalise(const char *src, char *dst, size_t size)
{
	size_t	i;
	bool	start = true;

	for (i = 0; src[i] != '\0' && i + 1 < size; i++) {
		dst[i] = src[i];
		if (start && src[i] >= 'a' && src[i] <= 'z')
			dst[i] = (char)(src[i] - 'a' + 'A');
		start = src[i] == '.';
	}
	dst[i] = '\0';
}

static void
to_upper(const char *src, char *dst, size_t size)
{
	size_t	i;

	for (i = 0; src[i] != '\0' && i + 1 < size; i++)
		dst[i] = (src[i] >= 'a' && src[i] <= 'z') ?
		    (char)(src[i] - 'a' + 'A') : src[i];
	dst[i] = '\0';
}

static void
to_lower(const char *src, char *dst, size_t size)
{
	size_t	i;

	for (i = 0; src[i] != '\0' && i + 1 < size; i++)
		dst[i] = (src[i] >= 'A' && src[i] <= 'Z') ?
		    (char)(src[i] - 'A' + 'a') : src[i];
	dst[i] = '\0';
}

/* ------------------------------------------------------------------ */
/* Buffered output. */

static void
out_open(struct out *o, const char *dir, const char *name)
{
	str_fmt(o->path, sizeof(o->path), "%s/%s", dir, name);
	if ((o->fp = fopen(o->path, "wb")) == NULL)
		die("%s: cannot create: %s", o->path, strerror(errno));
	if ((o->buf = malloc(OUT_BUFSIZE)) == NULL)
		die("out of memory");
	o->len = 0;
	o->col = 0;
}

static void
out_flush(struct out *o)
{
	if (o->len > 0 && fwrite(o->buf, 1, o->len, o->fp) != o->len)
		die("%s: write error: %s", o->path, strerror(errno));
	o->len = 0;
}

static void
out_write(struct out *o, const void *p, size_t len)
{
	if (len > OUT_BUFSIZE - o->len) {
		out_flush(o);
		if (len > OUT_BUFSIZE) {
			if (fwrite(p, 1, len, o->fp) != len)
				die("%s: write error: %s", o->path,
				    strerror(errno));
			return;
		}
	}
	memcpy(o->buf + o->len, p, len);
	o->len += len;
}

static void
out_str(struct out *o, const char *s)
{
	out_write(o, s, strlen(s));
}

static void
out_close(struct out *o)
{
	out_flush(o);
	if (fclose(o->fp) != 0)
		die("%s: write error: %s", o->path, strerror(errno));
	free(o->buf);
	o->fp = NULL;
	o->buf = NULL;
}

/* ------------------------------------------------------------------ */
/* ldifde-style LDIF: CRLF, values folded at LDIF_WIDTH with CRLF SPACE. */

/* Append to the current logical line, folding only when more follows. */
static void
fold_put(struct out *o, const char *p, size_t len)
{
	size_t	k;

	while (len > 0) {
		if (o->col == LDIF_WIDTH) {
			out_write(o, "\r\n ", 3);
			o->col = 1;
		}
		k = LDIF_WIDTH - o->col;
		if (k > len)
			k = len;
		out_write(o, p, k);
		o->col += (unsigned)k;
		p += k;
		len -= k;
	}
}

static void
ldif_start(struct out *o, const char *name, bool base64)
{
	fold_put(o, name, strlen(name));
	fold_put(o, base64 ? ":: " : ": ", base64 ? 3 : 2);
}

static void
ldif_end(struct out *o)
{
	out_write(o, "\r\n", 2);
	o->col = 0;
}

/* ldifde exports in "ANSI": anything but plain printable ASCII is base64,
 * as are values RFC 2849 does not allow as SAFE-STRING. */
static bool
ldif_needs_base64(const char *v, size_t len)
{
	size_t	i;

	if (len == 0)
		return false;
	if (v[0] == ' ' || v[0] == ':' || v[0] == '<' || v[len - 1] == ' ')
		return true;
	for (i = 0; i < len; i++)
		if ((unsigned char)v[i] < 0x20 || (unsigned char)v[i] > 0x7e)
			return true;
	return false;
}

static void
ldif_bin(struct out *o, const char *name, const void *p, size_t len)
{
	const unsigned char	*in = p;
	char			 text[BLOB_CHUNK / 3 * 4];
	size_t			 k;

	ldif_start(o, name, true);
	while (len > 0) {
		k = len < BLOB_CHUNK ? len : BLOB_CHUNK;
		fold_put(o, text, b64_encode(in, k, text));
		in += k;
		len -= k;
	}
	ldif_end(o);
}

static void
ldif_str(struct out *o, const char *name, const char *value)
{
	size_t	len = strlen(value);

	if (ldif_needs_base64(value, len)) {
		ldif_bin(o, name, value, len);
		return;
	}
	ldif_start(o, name, false);
	fold_put(o, value, len);
	ldif_end(o);
}

static void
ldif_u64(struct out *o, const char *name, uint64_t v)
{
	char	buf[24];

	fmt_u64(buf, v);
	ldif_str(o, name, buf);
}

static void
ldif_i64(struct out *o, const char *name, long long v)
{
	char	buf[24];

	str_fmt(buf, sizeof(buf), "%lld", v);
	ldif_str(o, name, buf);
}

/* A blank line, then dn: and changetype: add -- ldifde puts the separator
 * before each record, so the file starts with an empty line. */
static void
ldif_record(struct out *o, const char *dn)
{
	out_write(o, "\r\n", 2);
	o->col = 0;
	ldif_str(o, "dn", dn);
	ldif_str(o, "changetype", "add");
}

static void
ldif_classes(struct out *o, const char *const *classes, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		ldif_str(o, "objectClass", classes[i]);
}

/* Fake DER (certificate) or JPEG bytes: a believable header over random
 * bytes, enough to look right in a hex dump. */
static void
blob_header(enum blob kind, unsigned char *p, size_t chunk, size_t size)
{
	static const unsigned char	cert[] = {
		0x30, 0x82, 0, 0, 0x30, 0x82, 0, 0, 0xa0, 0x03, 0x02, 0x01,
		0x02, 0x02, 0x10,
	};
	static const unsigned char	sigalg[] = {
		0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d,
		0x01, 0x01, 0x0b, 0x05, 0x00,
	};
	static const unsigned char	jfif[] = {
		0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00,
		0x01, 0x01, 0x01, 0x00, 0x48, 0x00, 0x48, 0x00, 0x00, 0xff,
		0xdb, 0x00, 0x43, 0x00,
	};
	size_t				tbs;

	if (kind == BLOB_JPEG) {
		if (chunk >= sizeof(jfif))
			memcpy(p, jfif, sizeof(jfif));
		return;
	}
	if (chunk < sizeof(cert) + 16 + sizeof(sigalg) || size < 300)
		return;
	memcpy(p, cert, sizeof(cert));
	p[2] = (unsigned char)((size - 4) >> 8);
	p[3] = (unsigned char)((size - 4) & 0xff);
	tbs = size - 4 - 4 - 270;	/* leave room for the signature */
	p[6] = (unsigned char)(tbs >> 8);
	p[7] = (unsigned char)(tbs & 0xff);
	/* serial number: the 16 random bytes after the header */
	memcpy(p + sizeof(cert) + 16, sigalg, sizeof(sigalg));
}

/* Stream size generated bytes as one base64 value without holding them. */
static void
ldif_blob(struct out *o, const char *name, enum blob kind, size_t size,
    struct rng *r)
{
	unsigned char	chunk[BLOB_CHUNK];
	char		text[BLOB_CHUNK / 3 * 4];
	size_t		off, k, i;

	ldif_start(o, name, true);
	for (off = 0; off < size; off += k) {
		k = size - off < BLOB_CHUNK ? size - off : BLOB_CHUNK;
		rng_fill(r, chunk, k);
		if (off == 0)
			blob_header(kind, chunk, k, size);
		if (kind == BLOB_JPEG && off + k + 2 > size) {
			/* end-of-image marker FF D9 */
			i = size - 2 < off ? 0 : size - 2 - off;
			for (; i < k; i++)
				chunk[i] = off + i == size - 2 ? 0xff : 0xd9;
		}
		fold_put(o, text, b64_encode(chunk, k, text));
	}
	ldif_end(o);
}

/* ------------------------------------------------------------------ */
/* PowerShell Export-Csv: every present field quoted, "" doubled, $null
 * written as nothing, CRLF. */

static void
csv_sep(struct out *o)
{
	if (o->col++ > 0)
		out_write(o, ",", 1);
}

static void
csv_field(struct out *o, const char *s)
{
	const char	*q;

	csv_sep(o);
	out_write(o, "\"", 1);
	while ((q = strchr(s, '"')) != NULL) {
		out_write(o, s, (size_t)(q - s + 1));
		out_write(o, "\"", 1);
		s = q + 1;
	}
	out_str(o, s);
	out_write(o, "\"", 1);
}

static void
csv_null(struct out *o)
{
	csv_sep(o);
}

/* A string property that Graph returns as null when empty. */
static void
csv_opt(struct out *o, const char *s)
{
	if (s == NULL || *s == '\0')
		csv_null(o);
	else
		csv_field(o, s);
}

static void
csv_end(struct out *o)
{
	out_write(o, "\r\n", 2);
	o->col = 0;
}

/* Export-Csv -Encoding UTF8 in Windows PowerShell 5.1: BOM, then #TYPE. */
static void
csv_begin(struct out *o, const char *type, const char *const *cols,
    size_t ncols)
{
	size_t	i;

	out_write(o, "\xef\xbb\xbf", 3);
	if (type != NULL) {
		out_str(o, "#TYPE ");
		out_str(o, type);
		out_write(o, "\r\n", 2);
	}
	for (i = 0; i < ncols; i++)
		csv_field(o, cols[i]);
	csv_end(o);
}

/* ------------------------------------------------------------------ */
/* The object model: kinds, names, planted slots. */

/*
 * About 85% users, 7% groups, 4% contacts, 3% computers.  37 is coprime
 * with 100 and moves a non-user residue (85..98) back below 85, so two
 * non-users are never adjacent: any 6 consecutive indexes hold 3 users.
 */
static enum kind
obj_kind(uint64_t i)
{
	unsigned	r = (unsigned)((i * 37) % 100);

	if (r < 85 || r == 99)
		return K_USER;
	if (r < 92)
		return K_GROUP;
	if (r < 96)
		return K_CONTACT;
	return K_COMPUTER;
}

/* first.last[k]: (first, last, k) is a bijection of the index, so names
 * and everything derived from them are unique unless planted. */
static void
person(uint64_t i, const struct name **first, const struct name **last,
    uint64_t *k)
{
	*first = &first_names[i % ARRAY_SIZE(first_names)];
	*last = &last_names[(i / ARRAY_SIZE(first_names)) %
	    ARRAY_SIZE(last_names)];
	*k = i / (ARRAY_SIZE(first_names) * ARRAY_SIZE(last_names));
}

/* The address local part every person-like object is named by. */
static void
person_nick(uint64_t i, char *buf, size_t size)
{
	const struct name	*first, *last;
	uint64_t		 k;
	char			 num[24] = "";

	person(i, &first, &last, &k);
	if (k > 0)
		fmt_u64(num, k);
	str_fmt(buf, size, "%s.%s%s", first->ascii, last->ascii, num);
}

static enum plant
slot_kind(uint64_t slot)
{
	return (enum plant)(slot % PL_MAX);
}

static unsigned
slot_size(uint64_t slot)
{
	switch (slot_kind(slot)) {
	case PL_UPN_DUP:
		return 3 - (unsigned)((slot / PL_MAX) % 2);
	case PL_PROXY_DUP:
	case PL_MAIL_DUP:
		return 2;
	default:
		return 1;
	}
}

/* The users a slot plants its problem on: the first users after the
 * start of its region (the region is at least 7 indexes long). */
static unsigned
slot_users(const struct gen *g, uint64_t slot, uint64_t *idx)
{
	unsigned	want = slot_size(slot), n = 0;
	uint64_t	i;

	for (i = slot * g->region + 1; n < want; i++)
		if (obj_kind(i) == K_USER)
			idx[n++] = i;
	return n;
}

/* Is user i planted?  Sets *slot and *member when it is. */
static bool
plant_find(const struct gen *g, uint64_t i, uint64_t *slot,
    unsigned *member)
{
	uint64_t	idx[MAX_SLOT_USERS];
	unsigned	n, m;

	if (g->nslots == 0 || i >= g->nslots * g->region)
		return false;
	*slot = i / g->region;
	n = slot_users(g, *slot, idx);
	for (m = 0; m < n; m++) {
		if (idx[m] == i) {
			*member = m;
			return true;
		}
	}
	return false;
}

static void
user_dn(const struct gen *g, uint64_t i, char *cn, size_t cn_size, char *dn,
    size_t dn_size)
{
	const struct name	*first, *last;
	uint64_t		 k;
	char			 num[24] = "";

	person(i, &first, &last, &k);
	if (k > 0) {
		num[0] = ' ';
		fmt_u64(num + 1, k);
	}
	str_fmt(cn, cn_size, "%s %s%s", first->display, last->display, num);
	str_fmt(dn, dn_size, "CN=%s,OU=%s,OU=Staff,%s", cn,
	    sites[(i / 3) % ARRAY_SIZE(sites)], g->base_dn);
}

static void
user_add_proxy(struct user *u, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	if (u->nproxy == MAX_PROXY)
		die("internal error: too many proxy addresses");
	va_start(ap, fmt);
	n = vsnprintf(u->proxy[u->nproxy], ADDR_LEN, fmt, ap);
	va_end(ap);
	if (n < 0 || n >= ADDR_LEN)
		die("internal error: proxy address too long");
	u->nproxy++;
}

/* The UPN a planted identity-data problem gives a user. */
static void
user_bad_upn(const struct gen *g, struct user *u)
{
	const struct name	*first, *last;
	uint64_t		 k;
	char			 *e;
	size_t			 at;

	person(u->index, &first, &last, &k);
	switch (u->plant) {
	case PL_UPN_SPACE:
		str_fmt(u->upn, ADDR_LEN, "%s %s@%s", first->ascii,
		    last->ascii, g->domain);
		break;
	case PL_UPN_PERCENT:
		str_fmt(u->upn, ADDR_LEN, "%s%%%s@%s", first->ascii,
		    last->ascii, g->domain);
		break;
	case PL_UPN_DOTS:
		str_fmt(u->upn, ADDR_LEN, "%s..@%s", u->nick, g->domain);
		break;
	case PL_UPN_NO_AT:
		str_fmt(u->upn, ADDR_LEN, "%s.%s", u->nick, g->domain);
		break;
	case PL_UPN_ACCENT:
		/* jose.lima -> josé.lima: the first e of the local part */
		at = strlen(u->nick);
		e = memchr(u->nick, 'e', at);
		if (e == NULL)
			str_fmt(u->upn, ADDR_LEN, "%s\xc3\xa9@%s", u->nick,
			    g->domain);
		else
			str_fmt(u->upn, ADDR_LEN, "%.*s\xc3\xa9%s@%s",
			    (int)(e - u->nick), u->nick, e + 1, g->domain);
		break;
	default:
		break;
	}
}

/* Exchange attributes of a mailbox user. */
static void
user_mailbox(const struct gen *g, struct user *u, struct rng *r)
{
	char	cap[ADDR_LEN];

	capitalise(u->nick, cap, sizeof(cap));
	str_fmt(u->mail, ADDR_LEN, "%s@%s", cap, g->domain);
	user_add_proxy(u, "SMTP:%s@%s", cap, g->domain);
	user_add_proxy(u, "smtp:%s@%s", u->sam, g->domain);
	user_add_proxy(u, "smtp:%s@%s", u->nick, g->routing);
	if (rng_below(r, 2) == 0)
		user_add_proxy(u, "X500:/o=%s/ou=Exchange Administrative Group "
		    "(FYDIBOHF23SPDLT)/cn=Recipients/cn=%s", g->org, u->sam);
	if (rng_below(r, 10) < 3 && u->plant == PL_MAX)
		user_add_proxy(u, "SIP:%s@%s", u->nick, g->domain);
	if (rng_below(r, 3) != 0) {
		u->recipient_type = RTD_REMOTE_MAILBOX;
		str_fmt(u->target, ADDR_LEN, "SMTP:%s@%s", u->nick,
		    g->routing);
	} else {
		u->recipient_type = RTD_USER_MAILBOX;
	}
}

/* Planted problems that need another user's values or extra addresses. */
static void
user_plant(const struct gen *g, struct user *u)
{
	uint64_t	idx[MAX_SLOT_USERS];
	char		a[ADDR_LEN], b[ADDR_LEN];

	slot_users(g, u->slot, idx);
	switch (u->plant) {
	case PL_UPN_DUP:
		/* Shared by the slot and held by no one's SMTP address. */
		person_nick(idx[0], a, sizeof(a));
		str_fmt(u->upn, ADDR_LEN, "%s.%llu@%s", a,
		    (unsigned long long)idx[0], g->domain);
		break;
	case PL_PROXY_DUP:
	case PL_MAIL_DUP:
		if (u->member == 0)
			break;
		/* A's address, the case changed: jose.lima@CONTOSO.COM */
		person_nick(idx[0], a, sizeof(a));
		if (u->plant == PL_PROXY_DUP) {
			user_add_proxy(u, "smtp:%s@%s", a, g->upper_domain);
		} else {
			to_upper(a, b, sizeof(b));
			user_add_proxy(u, "smtp:%s@%s", b, g->domain);
		}
		break;
	case PL_TYPE_MISMATCH:
		str_fmt(a, sizeof(a), "%s-Team%llu",
		    depts[u->slot % ARRAY_SIZE(depts)],
		    (unsigned long long)u->slot);
		user_add_proxy(u, "smtp:%s@%s", a, g->domain);
		break;
	case PL_CERTS:
		u->ncert = PLANT_CERTS;
		break;
	case PL_PHOTO:
		u->photo = PLANT_PHOTO;
		break;
	case PL_PROXIES:
		u->extra_proxies = PLANT_PROXIES - u->nproxy;
		break;
	case PL_CLOUD_MANAGED:
		/* Nothing on-prem: its cloud twin's sync flag is off. */
		break;
	default:
		user_bad_upn(g, u);
		break;
	}
}

/* Does the plant keep the user out of the cloud (not yet exported)? */
static bool
plant_unsynced(enum plant p)
{
	return p != PL_MAX && p != PL_CERTS && p != PL_PHOTO &&
	    p != PL_PROXIES && p != PL_CLOUD_MANAGED;
}

/* Build user i.  Pure: the same (seed, i) always gives the same user. */
static void
user_make(const struct gen *g, uint64_t i, struct user *u)
{
	const struct name	*first, *last;
	struct rng		 r;
	uint64_t		 k;
	unsigned		 mailkind, roll;
	size_t			 j, n;

	memset(u, 0, sizeof(*u));
	u->index = i;
	u->plant = PL_MAX;
	if (plant_find(g, i, &u->slot, &u->member))
		u->plant = slot_kind(u->slot);
	rng_init(&r, g->seed, i, ST_OBJECT);
	guid_make(&r, u->guid);
	person(i, &first, &last, &k);
	str_fmt(u->given, sizeof(u->given), "%s", first->display);
	str_fmt(u->sn, sizeof(u->sn), "%s", last->display);
	str_fmt(u->display, sizeof(u->display), "%s %s", first->display,
	    last->display);
	user_dn(g, i, u->cn, sizeof(u->cn), u->dn, sizeof(u->dn));

	/* sAMAccountName: initial, up to 10 letters of the surname, index */
	u->sam[0] = first->ascii[0];
	for (j = 0, n = 1; last->ascii[j] != '\0' && n < 11; j++)
		if (last->ascii[j] >= 'a' && last->ascii[j] <= 'z')
			u->sam[n++] = last->ascii[j];
	fmt_u64(u->sam + n, i);

	person_nick(i, u->nick, sizeof(u->nick));
	str_fmt(u->upn, sizeof(u->upn), "%s@%s", u->nick, g->domain);

	roll = rng_below(&r, 100);
	u->uac = UAC_NORMAL | (roll < 5 ? UAC_DISABLED : 0) |
	    (roll >= 5 && roll < 11 ? UAC_DONT_EXPIRE : 0) |
	    (roll == 10 ? UAC_DISABLED : 0);
	/* whenChanged is in a later year, so never before whenCreated */
	when_make(&r, when_make(&r, 2012, 2023, u->created,
	    sizeof(u->created)) + 1, 2024, u->changed, sizeof(u->changed));

	/* 5% no mail, 10% mail only (no Exchange), the rest mailboxes */
	mailkind = rng_below(&r, 100);
	if (u->plant == PL_MAIL_DUP)
		mailkind = u->member == 0 ? 10 : 50;
	else if (u->plant != PL_MAX)
		mailkind = 50;
	if (mailkind < 5) {
		u->nick[0] = '\0';
	} else if (mailkind < 15) {
		char	cap[ADDR_LEN];

		capitalise(u->nick, cap, sizeof(cap));
		str_fmt(u->mail, ADDR_LEN, "%s@%s", cap, g->domain);
		u->nick[0] = '\0';
	} else {
		user_mailbox(g, u, &r);
	}

	/* Anchors: 20% have the written-back ConsistencyGuid, 2% one from
	 * an earlier forest (migrated; the cloud twin holds that one). */
	roll = rng_below(&r, 100);
	if (roll < 22) {
		u->has_cguid = true;
		if (roll < 20)
			memcpy(u->cguid, u->guid, 16);
		else
			guid_make(&r, u->cguid);
	}
	roll = rng_below(&r, 100);
	u->ncert = roll < 15 ? 1 : roll < 20 ? 2 : 0;
	if (rng_below(&r, 100) < 4)
		u->photo = rng_range(&r, 2048, 40960);
	u->synced = rng_below(&r, 100) >= 4;	/* 4%: new, not yet synced */

	if (u->plant != PL_MAX) {
		if (plant_unsynced(u->plant))
			u->synced = false;
		else if (u->plant == PL_CLOUD_MANAGED)
			u->synced = true;
		user_plant(g, u);
	} else if (u->nproxy > 0 && (i == g->own_case ||
	    rng_below(&r, 400) == 0)) {
		/* Own primary repeated in lower case: one object, so not a
		 * uniqueness problem. */
		user_add_proxy(u, "smtp:%s@%s", u->nick, g->domain);
	}
}

static void
group_make(const struct gen *g, uint64_t i, struct group *gr)
{
	struct rng	r;
	const char	*dept;
	unsigned	roll;
	char		lower[NAME_LEN];

	memset(gr, 0, sizeof(*gr));
	gr->index = i;
	rng_init(&r, g->seed, i, ST_OBJECT);
	guid_make(&r, gr->guid);
	when_make(&r, 2012, 2024, gr->created, sizeof(gr->created));
	dept = depts[rng_below(&r, ARRAY_SIZE(depts))];
	gr->span = rng_range(&r, 2, 40);
	roll = rng_below(&r, 100);
	if (roll < 30) {
		/* mail-enabled universal distribution group */
		gr->group_type = 8;
		str_fmt(gr->cn, sizeof(gr->cn), "DL-%s-%llu", dept,
		    (unsigned long long)i);
		str_fmt(gr->mail, sizeof(gr->mail), "%s@%s", gr->cn, g->domain);
		to_lower(gr->cn, lower, sizeof(lower));
		str_fmt(gr->proxy[gr->nproxy++], ADDR_LEN, "SMTP:%s",
		    gr->mail);
		str_fmt(gr->proxy[gr->nproxy++], ADDR_LEN, "smtp:%s@%s",
		    lower, g->routing);
		str_fmt(gr->proxy[gr->nproxy++], ADDR_LEN,
		    "X500:/o=%s/ou=Exchange Administrative Group "
		    "(FYDIBOHF23SPDLT)/cn=Recipients/cn=%s", g->org, lower);
	} else {
		/* global or universal security group */
		gr->group_type = roll < 90 ? -2147483646LL : -2147483640LL;
		str_fmt(gr->cn, sizeof(gr->cn), "GRP-%s-%llu", dept,
		    (unsigned long long)i);
	}
	str_fmt(gr->dn, sizeof(gr->dn), "CN=%s,OU=Groups,%s", gr->cn,
	    g->base_dn);
}

/* Span of group j without building all of it. */
static unsigned
group_span(const struct gen *g, uint64_t j)
{
	struct group	gr;

	group_make(g, j, &gr);
	return gr.span;
}

/* Number of cloud-only users, see write_cloud_extras(). */
static uint64_t
extra_count(uint64_t n)
{
	return 3 + n / 100;
}

/* ------------------------------------------------------------------ */
/* onprem.ldf */

/* The fixed scenario objects (see write_scenarios()). */
static void	write_scenarios(const struct gen *, struct out *);
static void	write_cloud_scenarios(const struct gen *, struct out *);

static void
write_system(const struct gen *g, struct out *o)
{
	static const char *const domain_classes[] = {
		"top", "domain", "domainDNS",
	};
	static const char *const ou_classes[] = {
		"top", "organizationalUnit",
	};
	static const char *const container_classes[] = {
		"top", "container",
	};
	static const char *const user_classes[] = {
		"top", "person", "organizationalPerson", "user",
	};
	static const char *const group_classes[] = { "top", "group" };
	static const struct {
		const char	*cn;
		uint32_t	 rid;
		unsigned	 uac;
	} builtin[] = {
		{ "Administrator", 500, 66048 },
		{ "Guest", 501, 66082 },
		{ "krbtgt", 502, 514 },
	};
	struct rng	r;
	unsigned char	guid[16], sid[28];
	char		dn[DN_LEN], cat[DN_LEN];
	size_t		i;

	rng_init(&r, g->seed, 0, ST_DOMAIN);
	ldif_record(o, g->base_dn);
	ldif_classes(o, domain_classes, ARRAY_SIZE(domain_classes));
	ldif_str(o, "distinguishedName", g->base_dn);
	guid_make(&r, guid);
	ldif_bin(o, "objectGUID", guid, 16);
	/* the domain SID is the objects' SID without the RID */
	sid_make(g, 0, sid);
	sid[1] = 4;
	ldif_bin(o, "objectSid", sid, 24);
	ldif_str(o, "isCriticalSystemObject", "TRUE");

	for (i = 0; i < 2; i++) {
		str_fmt(dn, sizeof(dn), "CN=%s,%s", i == 0 ? "Users" :
		    "Computers", g->base_dn);
		ldif_record(o, dn);
		ldif_classes(o, container_classes,
		    ARRAY_SIZE(container_classes));
		ldif_str(o, "cn", i == 0 ? "Users" : "Computers");
		guid_make(&r, guid);
		ldif_bin(o, "objectGUID", guid, 16);
		ldif_str(o, "isCriticalSystemObject", "TRUE");
	}
	for (i = 0; i < 4 + ARRAY_SIZE(sites); i++) {
		static const char *const top_ous[] = {
			"Staff", "Groups", "Contacts", "Workstations",
		};

		if (i < 4)
			str_fmt(dn, sizeof(dn), "OU=%s,%s", top_ous[i],
			    g->base_dn);
		else
			str_fmt(dn, sizeof(dn), "OU=%s,OU=Staff,%s",
			    sites[i - 4], g->base_dn);
		ldif_record(o, dn);
		ldif_classes(o, ou_classes, ARRAY_SIZE(ou_classes));
		ldif_str(o, "ou", i < 4 ? top_ous[i] : sites[i - 4]);
		guid_make(&r, guid);
		ldif_bin(o, "objectGUID", guid, 16);
	}

	str_fmt(cat, sizeof(cat), "CN=Person,CN=Schema,CN=Configuration,%s",
	    g->base_dn);
	for (i = 0; i < ARRAY_SIZE(builtin); i++) {
		str_fmt(dn, sizeof(dn), "CN=%s,CN=Users,%s", builtin[i].cn,
		    g->base_dn);
		ldif_record(o, dn);
		ldif_classes(o, user_classes, ARRAY_SIZE(user_classes));
		ldif_str(o, "cn", builtin[i].cn);
		ldif_str(o, "description", i == 0 ?
		    "Built-in account for administering the computer/domain" :
		    i == 1 ? "Built-in account for guest access to the "
		    "computer/domain" : "Key Distribution Center Service "
		    "Account");
		guid_make(&r, guid);
		ldif_bin(o, "objectGUID", guid, 16);
		ldif_u64(o, "userAccountControl", builtin[i].uac);
		ldif_bin(o, "objectSid", sid, sid_make(g, builtin[i].rid, sid));
		ldif_str(o, "sAMAccountName", builtin[i].cn);
		ldif_str(o, "objectCategory", cat);
		ldif_str(o, "isCriticalSystemObject", "TRUE");
		if (i != 1)
			ldif_u64(o, "adminCount", 1);
	}

	str_fmt(dn, sizeof(dn), "CN=Domain Admins,CN=Users,%s", g->base_dn);
	ldif_record(o, dn);
	ldif_classes(o, group_classes, ARRAY_SIZE(group_classes));
	ldif_str(o, "cn", "Domain Admins");
	str_fmt(cat, sizeof(cat), "CN=Administrator,CN=Users,%s", g->base_dn);
	ldif_str(o, "member", cat);
	guid_make(&r, guid);
	ldif_bin(o, "objectGUID", guid, 16);
	ldif_bin(o, "objectSid", sid, sid_make(g, 512, sid));
	ldif_str(o, "sAMAccountName", "Domain Admins");
	ldif_i64(o, "groupType", -2147483646LL);
	ldif_str(o, "isCriticalSystemObject", "TRUE");
	ldif_u64(o, "adminCount", 1);
}

/* memberOf of user i: groups j after i whose member span reaches back to
 * i (see group_make). */
static void
write_member_of(const struct gen *g, struct out *o, uint64_t i)
{
	struct group	gr;
	uint64_t	j;

	for (j = i + 1; j < g->n && j <= i + 40; j++) {
		if (obj_kind(j) != K_GROUP || group_span(g, j) < j - i)
			continue;
		group_make(g, j, &gr);
		ldif_str(o, "memberOf", gr.dn);
	}
}

static void
write_user(const struct gen *g, struct out *o, uint64_t i)
{
	static const char *const classes[] = {
		"top", "person", "organizationalPerson", "user",
	};
	struct user	u;
	struct rng	r;
	unsigned char	sid[28];
	char		buf[DN_LEN];
	unsigned	c, p;

	user_make(g, i, &u);
	ldif_record(o, u.dn);
	ldif_classes(o, classes, ARRAY_SIZE(classes));
	ldif_str(o, "cn", u.cn);
	ldif_str(o, "sn", u.sn);
	ldif_str(o, "givenName", u.given);
	ldif_str(o, "distinguishedName", u.dn);
	ldif_u64(o, "instanceType", 4);
	ldif_str(o, "whenCreated", u.created);
	ldif_str(o, "whenChanged", u.changed);
	ldif_str(o, "displayName", u.display);
	ldif_u64(o, "uSNCreated", 12000 + 3 * i);
	write_member_of(g, o, i);
	ldif_u64(o, "uSNChanged", 12001 + 3 * i);
	for (p = 0; p < u.nproxy; p++)
		ldif_str(o, "proxyAddresses", u.proxy[p]);
	for (p = 0; p < u.extra_proxies; p++) {
		str_fmt(buf, sizeof(buf), "smtp:%s.alias%u@%s", u.nick, p,
		    g->domain);
		ldif_str(o, "proxyAddresses", buf);
	}
	ldif_str(o, "name", u.cn);
	ldif_bin(o, "objectGUID", u.guid, 16);
	ldif_u64(o, "userAccountControl", u.uac);
	ldif_u64(o, "primaryGroupID", 513);
	ldif_bin(o, "objectSid", sid, sid_make(g, object_rid(i), sid));
	ldif_str(o, "sAMAccountName", u.sam);
	ldif_u64(o, "sAMAccountType", 805306368);
	ldif_str(o, "userPrincipalName", u.upn);
	str_fmt(buf, sizeof(buf), "CN=Person,CN=Schema,CN=Configuration,%s",
	    g->base_dn);
	ldif_str(o, "objectCategory", buf);
	if (u.has_cguid)
		ldif_bin(o, "mS-DS-ConsistencyGuid", u.cguid, 16);
	if (u.mail[0] != '\0')
		ldif_str(o, "mail", u.mail);
	if (u.nick[0] != '\0')
		ldif_str(o, "mailNickname", u.nick);
	if (u.recipient_type != 0)
		ldif_u64(o, "msExchRecipientTypeDetails", u.recipient_type);
	if (u.target[0] != '\0')
		ldif_str(o, "targetAddress", u.target);
	rng_init(&r, g->seed, i, ST_BLOB);
	for (c = 0; c < u.ncert; c++)
		ldif_blob(o, "userCertificate", BLOB_CERT,
		    rng_range(&r, 800, 1500), &r);
	if (u.photo > 0)
		ldif_blob(o, "thumbnailPhoto", BLOB_JPEG, u.photo, &r);
}

static void
write_group(const struct gen *g, struct out *o, uint64_t i)
{
	static const char *const classes[] = { "top", "group" };
	struct group	gr;
	unsigned char	sid[28];
	char		cn[NAME_LEN], dn[DN_LEN];
	uint64_t	j;
	unsigned	p;

	group_make(g, i, &gr);
	ldif_record(o, gr.dn);
	ldif_classes(o, classes, ARRAY_SIZE(classes));
	ldif_str(o, "cn", gr.cn);
	ldif_str(o, "distinguishedName", gr.dn);
	ldif_str(o, "whenCreated", gr.created);
	ldif_str(o, "displayName", gr.cn);
	for (j = i > gr.span ? i - gr.span : 0; j < i; j++) {
		if (obj_kind(j) != K_USER)
			continue;
		user_dn(g, j, cn, sizeof(cn), dn, sizeof(dn));
		ldif_str(o, "member", dn);
	}
	for (p = 0; p < gr.nproxy; p++)
		ldif_str(o, "proxyAddresses", gr.proxy[p]);
	ldif_str(o, "name", gr.cn);
	ldif_bin(o, "objectGUID", gr.guid, 16);
	ldif_bin(o, "objectSid", sid, sid_make(g, object_rid(i), sid));
	ldif_str(o, "sAMAccountName", gr.cn);
	ldif_u64(o, "sAMAccountType", gr.group_type == 8 ? 268435457 :
	    268435456);
	ldif_i64(o, "groupType", gr.group_type);
	str_fmt(dn, sizeof(dn), "CN=Group,CN=Schema,CN=Configuration,%s",
	    g->base_dn);
	ldif_str(o, "objectCategory", dn);
	if (gr.mail[0] != '\0') {
		ldif_str(o, "mail", gr.mail);
		ldif_str(o, "mailNickname", gr.cn);
		ldif_u64(o, "msExchRecipientTypeDetails", RTD_MAIL_DL);
	}
}

static void
write_contact(const struct gen *g, struct out *o, uint64_t i)
{
	static const char *const classes[] = {
		"top", "person", "organizationalPerson", "contact",
	};
	const struct name	*first, *last;
	struct rng		 r;
	unsigned char		 guid[16];
	const char		*partner;
	char			 nick[ADDR_LEN], cn[NAME_LEN], dn[DN_LEN];
	char			 mail[ADDR_LEN], buf[DN_LEN], when[24];
	uint64_t		 k;

	rng_init(&r, g->seed, i, ST_OBJECT);
	guid_make(&r, guid);
	when_make(&r, 2012, 2024, when, sizeof(when));
	person(i, &first, &last, &k);
	person_nick(i, nick, sizeof(nick));
	partner = partners[i % ARRAY_SIZE(partners)];
	str_fmt(cn, sizeof(cn), "%s %s (%.*s)", first->display, last->display,
	    (int)strcspn(partner, "."), partner);
	if (k > 0)
		str_fmt(cn, sizeof(cn), "%s %s %llu (%.*s)", first->display,
		    last->display, (unsigned long long)k,
		    (int)strcspn(partner, "."), partner);
	str_fmt(dn, sizeof(dn), "CN=%s,OU=Contacts,%s", cn, g->base_dn);
	str_fmt(mail, sizeof(mail), "%s@%s", nick, partner);

	ldif_record(o, dn);
	ldif_classes(o, classes, ARRAY_SIZE(classes));
	ldif_str(o, "cn", cn);
	ldif_str(o, "sn", last->display);
	ldif_str(o, "givenName", first->display);
	ldif_str(o, "distinguishedName", dn);
	ldif_str(o, "whenCreated", when);
	ldif_str(o, "displayName", cn);
	str_fmt(buf, sizeof(buf), "SMTP:%s", mail);
	ldif_str(o, "proxyAddresses", buf);
	ldif_str(o, "targetAddress", buf);
	ldif_str(o, "name", cn);
	ldif_bin(o, "objectGUID", guid, 16);
	str_fmt(buf, sizeof(buf), "CN=Person,CN=Schema,CN=Configuration,%s",
	    g->base_dn);
	ldif_str(o, "objectCategory", buf);
	ldif_str(o, "mail", mail);
	str_fmt(buf, sizeof(buf), "%s_%.*s", nick, (int)strcspn(partner, "."),
	    partner);
	ldif_str(o, "mailNickname", buf);
	ldif_u64(o, "msExchRecipientTypeDetails", RTD_MAIL_CONTACT);
}

static void
write_computer(const struct gen *g, struct out *o, uint64_t i)
{
	static const char *const classes[] = {
		"top", "person", "organizationalPerson", "user", "computer",
	};
	struct rng	r;
	unsigned char	guid[16], sid[28];
	char		cn[NAME_LEN], dn[DN_LEN], buf[DN_LEN], when[24];

	rng_init(&r, g->seed, i, ST_OBJECT);
	guid_make(&r, guid);
	when_make(&r, 2012, 2024, when, sizeof(when));
	str_fmt(cn, sizeof(cn), "WS-%06llu", (unsigned long long)i);
	str_fmt(dn, sizeof(dn), "CN=%s,OU=Workstations,%s", cn, g->base_dn);

	ldif_record(o, dn);
	ldif_classes(o, classes, ARRAY_SIZE(classes));
	ldif_str(o, "cn", cn);
	ldif_str(o, "distinguishedName", dn);
	ldif_str(o, "whenCreated", when);
	ldif_str(o, "name", cn);
	ldif_bin(o, "objectGUID", guid, 16);
	ldif_u64(o, "userAccountControl", UAC_WORKSTATION);
	ldif_u64(o, "primaryGroupID", 515);
	ldif_bin(o, "objectSid", sid, sid_make(g, object_rid(i), sid));
	str_fmt(buf, sizeof(buf), "%s$", cn);
	ldif_str(o, "sAMAccountName", buf);
	ldif_u64(o, "sAMAccountType", 805306369);
	ldif_str(o, "operatingSystem", rng_below(&r, 4) == 0 ?
	    "Windows 10 Enterprise" : "Windows 11 Enterprise");
	str_fmt(buf, sizeof(buf), "%s.%s", cn, g->domain);
	ldif_str(o, "dNSHostName", buf);
	str_fmt(buf, sizeof(buf), "CN=Computer,CN=Schema,CN=Configuration,%s",
	    g->base_dn);
	ldif_str(o, "objectCategory", buf);
}

static void
write_ldif(const struct gen *g, const char *dir)
{
	struct out	o;
	uint64_t	i;

	out_open(&o, dir, "onprem.ldf");
	write_system(g, &o);
	for (i = 0; i < g->n; i++) {
		switch (obj_kind(i)) {
		case K_USER:
			write_user(g, &o, i);
			break;
		case K_GROUP:
			write_group(g, &o, i);
			break;
		case K_CONTACT:
			write_contact(g, &o, i);
			break;
		case K_COMPUTER:
			write_computer(g, &o, i);
			break;
		}
	}
	/* Last, so the lines of every other record stay where they were. */
	write_scenarios(g, &o);
	out_close(&o);
}

/* ------------------------------------------------------------------ */
/* cloud-users.csv */

/* Graph's proxyAddresses of a synced user, joined the usual way (-join
 * ';'), with the MOERA address Entra adds. */
static void
cloud_proxies(const struct gen *g, const struct user *u, char *buf,
    size_t size)
{
	size_t		len = 0;
	unsigned	p;

	buf[0] = '\0';
	for (p = 0; p < u->nproxy; p++) {
		str_fmt(buf + len, size - len, "%s%s", p > 0 ? ";" : "",
		    u->proxy[p]);
		len += strlen(buf + len);
	}
	if (u->nproxy == 0 && u->mail[0] != '\0') {
		str_fmt(buf + len, size - len, "SMTP:%s", u->mail);
		len += strlen(buf + len);
	}
	/* Entra's MOERA address: mailNickname at the initial domain */
	if (len > 0 && u->nick[0] != '\0')
		str_fmt(buf + len, size - len, ";smtp:%s@%s", u->nick,
		    g->initial);
	else if (len > 0)
		str_fmt(buf + len, size - len, ";smtp:%.*s@%s",
		    (int)strcspn(u->upn, "@"), u->upn, g->initial);
}

/* One row of the cloud-users export for an on-prem user's cloud twin. */
static void
cloud_user_row(const struct gen *g, struct out *o, const struct user *u,
    const char *id, const char *anchor)
{
	char	proxies[MAX_PROXY * ADDR_LEN + ADDR_LEN];
	char	nick[ADDR_LEN];

	cloud_proxies(g, u, proxies, sizeof(proxies));
	str_fmt(nick, sizeof(nick), "%.*s", (int)strcspn(u->upn, "@"),
	    u->upn);
	csv_field(o, id);
	csv_field(o, u->upn);
	csv_field(o, u->display);
	csv_opt(o, u->mail);
	csv_field(o, u->nick[0] != '\0' ? u->nick : nick);
	csv_field(o, proxies);
	csv_field(o, anchor);
	/* onPremisesSyncEnabled: off for a twin taken over by the cloud */
	csv_field(o, u->plant == PL_CLOUD_MANAGED ? "False" : "True");
	csv_field(o, (u->uac & UAC_DISABLED) ? "False" : "True");
	csv_field(o, "Member");
	csv_field(o, u->dn);
	csv_end(o);
}

/* A cloud-only user: no anchor, not synced. */
static void
cloud_only_row(struct out *o, const char *id, const char *upn,
    const char *display, const char *mail, const char *nick,
    const char *proxies, const char *type)
{
	csv_field(o, id);
	csv_field(o, upn);
	csv_field(o, display);
	csv_opt(o, mail);
	csv_field(o, nick);
	csv_field(o, proxies);
	csv_null(o);
	csv_null(o);
	csv_field(o, "True");
	csv_field(o, type);
	csv_null(o);
	csv_end(o);
}

/* The planted cloud objects: a synced twin with a stale anchor, and a
 * cloud-only Global Administrator. */
static void
write_cloud_planted(const struct gen *g, struct out *o)
{
	struct user	u;
	struct rng	r;
	uint64_t	s, idx[MAX_SLOT_USERS];
	unsigned char	old[16];
	char		id[40], anchor[32], nick[ADDR_LEN];

	for (s = 0; s < g->nslots; s++) {
		if (slot_kind(s) != PL_SOFT_MATCH && slot_kind(s) != PL_ADMIN)
			continue;
		slot_users(g, s, idx);
		user_make(g, idx[0], &u);
		cloud_id(g->seed, s, ST_SLOT, id, sizeof(id));
		if (slot_kind(s) == PL_SOFT_MATCH) {
			rng_init(&r, g->seed, s, ST_SLOT);
			rng_next(&r);
			guid_make(&r, old);
			anchor_text(old, anchor);
			cloud_user_row(g, o, &u, id, anchor);
		} else {
			str_fmt(nick, sizeof(nick), "%.*s",
			    (int)strcspn(u.upn, "@"), u.upn);
			cloud_only_row(o, id, u.upn, u.display, NULL, nick,
			    "", "Member");
		}
	}
}

/*
 * Cloud-only users: 0 tenant admin, 1 break-glass admin, 2 the Entra
 * Connect sync account, then guests and cloud-only members on the
 * initial domain.  Their UPNs collide with nothing on-prem.
 */
static void
cloud_extra(const struct gen *g, uint64_t k, char *upn, char *display,
    char *mail, char *type)
{
	struct rng	r;
	char		nick[ADDR_LEN];

	rng_init(&r, g->seed, k, ST_EXTRA);
	mail[0] = '\0';
	str_fmt(type, 8, "Member");
	if (k == 0) {
		str_fmt(upn, ADDR_LEN, "admin@%s", g->initial);
		str_fmt(display, NAME_LEN, "Tenant Admin");
	} else if (k == 1) {
		str_fmt(upn, ADDR_LEN, "breakglass01@%s", g->initial);
		str_fmt(display, NAME_LEN, "Break Glass 01");
	} else if (k == 2) {
		str_fmt(upn, ADDR_LEN, "Sync_DC01_%012llx@%s",
		    (unsigned long long)(rng_next(&r) & 0xffffffffffffULL),
		    g->initial);
		str_fmt(display, NAME_LEN, "On-Premises Directory "
		    "Synchronization Service Account");
	} else if (k % 2 == 1) {
		person_nick(k * 7919, nick, sizeof(nick));
		str_fmt(mail, ADDR_LEN, "%s@northwindtraders.com", nick);
		str_fmt(upn, ADDR_LEN, "%s_northwindtraders.com#EXT#@%s",
		    nick, g->initial);
		str_fmt(display, NAME_LEN, "%s (Northwind)", nick);
		str_fmt(type, 8, "Guest");
	} else {
		person_nick(k * 7919, nick, sizeof(nick));
		str_fmt(upn, ADDR_LEN, "%s.cloud%llu@%s", nick,
		    (unsigned long long)k, g->initial);
		str_fmt(mail, ADDR_LEN, "%s", upn);
		str_fmt(display, NAME_LEN, "%s (cloud)", nick);
	}
}

static void
write_cloud_users(const struct gen *g, const char *dir)
{
	static const char *const cols[] = {
		"Id", "UserPrincipalName", "DisplayName", "Mail",
		"MailNickname", "ProxyAddresses", "OnPremisesImmutableId",
		"OnPremisesSyncEnabled", "AccountEnabled", "UserType",
		"OnPremisesDistinguishedName",
	};
	struct out	o;
	struct user	u;
	uint64_t	i;
	char		id[40], anchor[32], upn[ADDR_LEN], display[NAME_LEN];
	char		mail[ADDR_LEN], proxies[2 * ADDR_LEN], type[8];
	char		nick[ADDR_LEN];

	out_open(&o, dir, "cloud-users.csv");
	csv_begin(&o, "Selected.Microsoft.Graph.PowerShell.Models."
	    "MicrosoftGraphUser", cols, ARRAY_SIZE(cols));
	for (i = 0; i < g->n; i++) {
		if (obj_kind(i) != K_USER)
			continue;
		user_make(g, i, &u);
		if (!u.synced)
			continue;
		cloud_id(g->seed, i, ST_CLOUD, id, sizeof(id));
		anchor_text(u.has_cguid ? u.cguid : u.guid, anchor);
		cloud_user_row(g, &o, &u, id, anchor);
	}
	write_cloud_planted(g, &o);
	write_cloud_scenarios(g, &o);
	for (i = 0; i < g->nextra; i++) {
		cloud_extra(g, i, upn, display, mail, type);
		cloud_id(g->seed, i, ST_EXTRA, id, sizeof(id));
		proxies[0] = '\0';
		if (mail[0] != '\0')
			str_fmt(proxies, sizeof(proxies), "SMTP:%s", mail);
		str_fmt(nick, sizeof(nick), "%.*s", (int)strcspn(upn, "@#"),
		    upn);
		cloud_only_row(&o, id, upn, display, mail, nick, proxies,
		    type);
	}
	out_close(&o);
}

/* ------------------------------------------------------------------ */
/* cloud-groups.csv */

static void
cloud_group_row(struct out *o, const char *id, const char *display,
    const char *mail, const char *nick, const char *proxies, bool mail_on,
    bool security, const char *types, const char *sid)
{
	csv_field(o, id);
	csv_field(o, display);
	csv_opt(o, mail);
	csv_field(o, nick);
	csv_field(o, proxies);
	csv_field(o, mail_on ? "True" : "False");
	csv_field(o, security ? "True" : "False");
	csv_field(o, types);
	if (sid != NULL) {
		csv_field(o, "True");
		csv_field(o, sid);
	} else {
		csv_null(o);
		csv_null(o);
	}
	csv_end(o);
}

/* A cloud-only Microsoft 365 group, mail on the forest's domain. */
static void
cloud_m365_group(const struct gen *g, struct out *o, const char *alias,
    const char *id)
{
	char	mail[ADDR_LEN], lower[ADDR_LEN], proxies[2 * ADDR_LEN + 16];

	to_lower(alias, lower, sizeof(lower));
	str_fmt(mail, sizeof(mail), "%s@%s", lower, g->domain);
	str_fmt(proxies, sizeof(proxies), "SMTP:%s;smtp:%s@%s", mail, lower,
	    g->initial);
	cloud_group_row(o, id, alias, mail, lower, proxies, true, false,
	    "Unified", NULL);
}

static void
write_cloud_groups(const struct gen *g, const char *dir)
{
	static const char *const cols[] = {
		"Id", "DisplayName", "Mail", "MailNickname", "ProxyAddresses",
		"MailEnabled", "SecurityEnabled", "GroupTypes",
		"OnPremisesSyncEnabled", "OnPremisesSecurityIdentifier",
	};
	struct out	o;
	struct group	gr;
	uint64_t	i, n;
	unsigned	p;
	size_t		len;
	char		id[40], sid[64], alias[NAME_LEN], lower[NAME_LEN];
	char		proxies[MAX_PROXY * ADDR_LEN + ADDR_LEN];

	out_open(&o, dir, "cloud-groups.csv");
	csv_begin(&o, "Selected.Microsoft.Graph.PowerShell.Models."
	    "MicrosoftGraphGroup", cols, ARRAY_SIZE(cols));
	for (i = 0; i < g->n; i++) {
		if (obj_kind(i) != K_GROUP)
			continue;
		group_make(g, i, &gr);
		cloud_id(g->seed, i, ST_CLOUD, id, sizeof(id));
		sid_text(g, object_rid(i), sid, sizeof(sid));
		proxies[0] = '\0';
		for (p = 0, len = 0; p < gr.nproxy; p++) {
			str_fmt(proxies + len, sizeof(proxies) - len, "%s%s",
			    p > 0 ? ";" : "", gr.proxy[p]);
			len += strlen(proxies + len);
		}
		to_lower(gr.cn, lower, sizeof(lower));
		if (gr.nproxy > 0)
			str_fmt(proxies + len, sizeof(proxies) - len,
			    ";smtp:%s@%s", lower, g->initial);
		cloud_group_row(&o, id, gr.cn, gr.mail, gr.cn, proxies,
		    gr.nproxy > 0, gr.nproxy == 0, "", sid);
	}
	/* the groups planted ObjectTypeMismatch users collide with */
	for (i = 0; i < g->nslots; i++) {
		if (slot_kind(i) != PL_TYPE_MISMATCH)
			continue;
		str_fmt(alias, sizeof(alias), "%s-Team%llu",
		    depts[i % ARRAY_SIZE(depts)], (unsigned long long)i);
		cloud_id(g->seed, i, ST_SLOT, id, sizeof(id));
		cloud_m365_group(g, &o, alias, id);
	}
	n = 2 + g->n / 150;
	for (i = 0; i < n; i++) {
		str_fmt(alias, sizeof(alias), "Project-%s-%llu",
		    projects[i % ARRAY_SIZE(projects)], (unsigned long long)i);
		cloud_id(g->seed, g->n + i, ST_CLOUD, id, sizeof(id));
		cloud_m365_group(g, &o, alias, id);
	}
	out_close(&o);
}

/* ------------------------------------------------------------------ */
/* domains.csv, roles.csv */

static void
write_domains(const struct gen *g, const char *dir)
{
	static const char *const cols[] = {
		"Id", "IsVerified", "IsDefault", "IsInitial",
		"AuthenticationType",
	};
	struct out	o;

	out_open(&o, dir, "domains.csv");
	csv_begin(&o, "Selected.Microsoft.Graph.PowerShell.Models."
	    "MicrosoftGraphDomain", cols, ARRAY_SIZE(cols));
	csv_field(&o, g->domain);
	csv_field(&o, "True");
	csv_field(&o, "True");
	csv_field(&o, "False");
	csv_field(&o, (g->seed & 1) ? "Managed" : "Federated");
	csv_end(&o);
	csv_field(&o, g->initial);
	csv_field(&o, "True");
	csv_field(&o, "False");
	csv_field(&o, "True");
	csv_field(&o, "Managed");
	csv_end(&o);
	csv_field(&o, g->routing);
	csv_field(&o, "True");
	csv_field(&o, "False");
	csv_field(&o, "False");
	csv_field(&o, "Managed");
	csv_end(&o);
	csv_field(&o, g->unverified);
	csv_field(&o, "False");
	csv_field(&o, "False");
	csv_field(&o, "False");
	csv_field(&o, "Managed");
	csv_end(&o);
	out_close(&o);
}

static void
role_row(struct out *o, const char *role, const char *template,
    const char *id, const char *upn)
{
	csv_field(o, role);
	csv_field(o, template);
	csv_field(o, id);
	csv_field(o, upn);
	csv_end(o);
}

/* Synced users with roles: harmless (hard-matched), but they make sure
 * the analyzer does not flag every admin. */
static void
write_synced_roles(const struct gen *g, struct out *o)
{
	static const char *const names[] = {
		"User Administrator", "Helpdesk Administrator",
	};
	static const char *const templates[] = {
		ROLE_USER_ADMIN, ROLE_HELPDESK_ADMIN,
	};
	struct user	u;
	uint64_t	i;
	unsigned	found = 0;
	char		id[40];

	for (i = 0; i < g->n && found < ARRAY_SIZE(names); i++) {
		if (obj_kind(i) != K_USER)
			continue;
		user_make(g, i, &u);
		if (!u.synced || u.plant != PL_MAX)
			continue;
		cloud_id(g->seed, i, ST_CLOUD, id, sizeof(id));
		role_row(o, names[found], templates[found], id, u.upn);
		found++;
	}
}

static void
write_roles(const struct gen *g, const char *dir)
{
	static const char *const cols[] = {
		"RoleName", "RoleTemplateId", "MemberId",
		"MemberUserPrincipalName",
	};
	struct out	o;
	struct user	u;
	uint64_t	k, idx[MAX_SLOT_USERS];
	char		id[40], upn[ADDR_LEN], display[NAME_LEN];
	char		mail[ADDR_LEN], type[8];

	out_open(&o, dir, "roles.csv");
	csv_begin(&o, NULL, cols, ARRAY_SIZE(cols));
	for (k = 0; k < g->nextra && k < 5; k++) {
		cloud_extra(g, k, upn, display, mail, type);
		cloud_id(g->seed, k, ST_EXTRA, id, sizeof(id));
		if (k < 2)
			role_row(&o, "Global Administrator",
			    ROLE_GLOBAL_ADMIN, id, upn);
		else if (k == 2)
			role_row(&o, "Directory Synchronization Accounts",
			    ROLE_DIRSYNC, id, upn);
		else if (k == 4)
			role_row(&o, "Exchange Administrator",
			    ROLE_EXCHANGE_ADMIN, id, upn);
	}
	write_synced_roles(g, &o);
	for (k = 0; k < g->nslots; k++) {
		/* No longer synced and holding a role: InvalidHardMatch. */
		if (slot_kind(k) == PL_CLOUD_MANAGED) {
			slot_users(g, k, idx);
			user_make(g, idx[0], &u);
			cloud_id(g->seed, idx[0], ST_CLOUD, id, sizeof(id));
			role_row(&o, "Exchange Administrator",
			    ROLE_EXCHANGE_ADMIN, id, u.upn);
		}
		if (slot_kind(k) != PL_ADMIN)
			continue;
		slot_users(g, k, idx);
		user_make(g, idx[0], &u);
		cloud_id(g->seed, k, ST_SLOT, id, sizeof(id));
		role_row(&o, "Global Administrator", ROLE_GLOBAL_ADMIN, id,
		    u.upn);
	}
	out_close(&o);
}

static void	planted_line(struct out *, const char *, const char *,
		    const char *);

/* ------------------------------------------------------------------ */
/*
 * Scenarios: a few fixed objects under OU=Scenarios for what the default
 * sync rules and joins decide without a finding (docs/behaviour.md): an
 * Exchange role group and a distribution group without mail (not
 * synced), a GALSync contact of a user and two contacts with one mail
 * (joined on mail), a user whose cloud twin stopped syncing (sync
 * resumes), two users on an unverified suffix with one UPN but their own
 * nicknames (no clash after the rewrite).  outcomes.tsv lists what each
 * must come to; planted.tsv the warnings they do raise.
 */
#define SCN_RETURNED	0x5c	/* GUID bytes of the returning user */

static void
scn_guid(unsigned char *guid, unsigned char b)
{
	memset(guid, b, 16);
	guid[7] = 0x40 | (b & 0x0f);
}

/* The first synced, unplanted user with mail: the GALSync contact's. */
static bool
scn_mail_user(const struct gen *g, struct user *u)
{
	uint64_t	i;

	for (i = 0; i < g->n; i++) {
		if (obj_kind(i) != K_USER)
			continue;
		user_make(g, i, u);
		if (u->synced && u->plant == PL_MAX && u->mail[0] != '\0')
			return true;
	}
	return false;
}

static void
scn_dn(const struct gen *g, const char *cn, char *dn, size_t n)
{
	str_fmt(dn, n, "CN=%s,OU=Scenarios,%s", cn, g->base_dn);
}

static void
scn_group(const struct gen *g, struct out *o, const char *cn, long long type,
    const char *mail, uint64_t rtd, unsigned char b)
{
	static const char *const classes[] = { "top", "group" };
	unsigned char	guid[16];
	char		dn[DN_LEN], buf[ADDR_LEN + 8];

	scn_dn(g, cn, dn, sizeof(dn));
	scn_guid(guid, b);
	ldif_record(o, dn);
	ldif_classes(o, classes, ARRAY_SIZE(classes));
	ldif_str(o, "cn", cn);
	ldif_bin(o, "objectGUID", guid, 16);
	ldif_str(o, "sAMAccountName", cn);
	ldif_i64(o, "groupType", type);
	if (mail != NULL) {
		ldif_str(o, "mail", mail);
		str_fmt(buf, sizeof(buf), "SMTP:%s", mail);
		ldif_str(o, "proxyAddresses", buf);
	}
	if (rtd != 0)
		ldif_u64(o, "msExchRecipientTypeDetails", rtd);
}

static void
scn_contact(const struct gen *g, struct out *o, const char *cn,
    const char *mail, unsigned char b)
{
	static const char *const classes[] = {
		"top", "person", "organizationalPerson", "contact",
	};
	unsigned char	guid[16];
	char		dn[DN_LEN], buf[ADDR_LEN + 8];

	scn_dn(g, cn, dn, sizeof(dn));
	scn_guid(guid, b);
	ldif_record(o, dn);
	ldif_classes(o, classes, ARRAY_SIZE(classes));
	ldif_str(o, "cn", cn);
	ldif_str(o, "displayName", cn);
	ldif_bin(o, "objectGUID", guid, 16);
	ldif_str(o, "mail", mail);
	str_fmt(buf, sizeof(buf), "SMTP:%s", mail);
	ldif_str(o, "targetAddress", buf);
}

static void
scn_user(const struct gen *g, struct out *o, const char *cn, const char *sam,
    const char *upn, const char *nick, unsigned char b)
{
	static const char *const classes[] = {
		"top", "person", "organizationalPerson", "user",
	};
	unsigned char	guid[16];
	char		dn[DN_LEN];

	scn_dn(g, cn, dn, sizeof(dn));
	scn_guid(guid, b);
	ldif_record(o, dn);
	ldif_classes(o, classes, ARRAY_SIZE(classes));
	ldif_str(o, "cn", cn);
	ldif_str(o, "displayName", cn);
	ldif_bin(o, "objectGUID", guid, 16);
	ldif_str(o, "sAMAccountName", sam);
	ldif_str(o, "userPrincipalName", upn);
	if (nick != NULL)
		ldif_str(o, "mailNickname", nick);
	ldif_u64(o, "userAccountControl", 512);
}

static void
write_scenarios(const struct gen *g, struct out *o)
{
	struct user	u;
	char		cn[NAME_LEN], addr[ADDR_LEN];

	scn_group(g, o, "Scenario Role Group", -2147483640LL, NULL,
	    0x40000000ULL, 0x51);
	scn_group(g, o, "Scenario Old List", 8, NULL, 0, 0x52);
	if (scn_mail_user(g, &u)) {
		str_fmt(cn, sizeof(cn), "%s (GALSync)", u.display);
		scn_contact(g, o, cn, u.mail, 0x53);
	}
	str_fmt(addr, sizeof(addr), "sales@partner-fabrikam.com");
	scn_contact(g, o, "Scenario Partner Sales", addr, 0x54);
	scn_contact(g, o, "Scenario Partner Sales (copy)", addr, 0x55);
	str_fmt(addr, sizeof(addr), "scenario.returned@%s", g->domain);
	scn_user(g, o, "Scenario Returned", "scnreturned", addr, NULL,
	    SCN_RETURNED);
	str_fmt(addr, sizeof(addr), "jsmith@%.*s.local",
	    (int)strcspn(g->domain, "."), g->domain);
	scn_user(g, o, "Scenario J Smith A", "scnjsmitha", addr, "jsmith.a",
	    0x57);
	scn_user(g, o, "Scenario J Smith B", "scnjsmithb", addr, "jsmith.b",
	    0x58);
}

/* The returning user's cloud twin: synced before, not now. */
static void
write_cloud_scenarios(const struct gen *g, struct out *o)
{
	unsigned char	guid[16];
	char		anchor[32], upn[ADDR_LEN], dn[DN_LEN];

	scn_guid(guid, SCN_RETURNED);
	anchor_text(guid, anchor);
	str_fmt(upn, sizeof(upn), "scenario.returned@%s", g->domain);
	scn_dn(g, "Scenario Returned", dn, sizeof(dn));
	csv_field(o, "5c5c5c5c-0000-4000-8000-00000000005c");
	csv_field(o, upn);
	csv_field(o, "Scenario Returned");
	csv_null(o);
	csv_field(o, "scenario.returned");
	csv_null(o);
	csv_field(o, anchor);
	csv_field(o, "False");
	csv_field(o, "True");
	csv_field(o, "Member");
	csv_field(o, dn);
	csv_end(o);
}

/* outcomes.tsv: DN, then the outcome check_sample expects. */
static void
write_outcomes(const struct gen *g, const char *dir)
{
	static const struct {
		const char	*cn;
		const char	*outcome;
	} want[] = {
		{ "Scenario Role Group", "out-of-scope" },
		{ "Scenario Old List", "out-of-scope" },
		{ "Scenario Partner Sales", "provisions" },
		{ "Scenario Partner Sales (copy)", "out-of-scope" },
		{ "Scenario Returned", "takes-over" },
		{ "Scenario J Smith A", "provisions" },
		{ "Scenario J Smith B", "provisions" },
	};
	struct out	o;
	struct user	u;
	char		dn[DN_LEN], cn[NAME_LEN];
	size_t		i;

	out_open(&o, dir, "outcomes.tsv");
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		scn_dn(g, want[i].cn, dn, sizeof(dn));
		out_str(&o, dn);
		out_write(&o, "\t", 1);
		out_str(&o, want[i].outcome);
		out_write(&o, "\n", 1);
	}
	if (scn_mail_user(g, &u)) {
		str_fmt(cn, sizeof(cn), "%s (GALSync)", u.display);
		scn_dn(g, cn, dn, sizeof(dn));
		out_str(&o, dn);
		out_str(&o, "\tout-of-scope\n");
	}
	out_close(&o);
}

/* The warnings the scenarios raise: the unverified suffix, twice. */
static void
write_scenario_planted(const struct gen *g, struct out *o)
{
	char	upn[ADDR_LEN], dn[DN_LEN];
	int	k;

	str_fmt(upn, sizeof(upn), "jsmith@%.*s.local",
	    (int)strcspn(g->domain, "."), g->domain);
	for (k = 0; k < 2; k++) {
		planted_line(o, "IdentityDataValidationFailed",
		    "userPrincipalName", upn);
		scn_dn(g, k == 0 ? "Scenario J Smith A" : "Scenario J Smith B",
		    dn, sizeof(dn));
		out_str(o, dn);
		out_write(o, "\n", 1);
	}
}

/* ------------------------------------------------------------------ */
/* planted.tsv: rule, attribute, value, objects (" | "-joined). */

/* The first three columns of a manifest line; objects follow. */
static void
planted_line(struct out *o, const char *rule, const char *attr,
    const char *value)
{
	out_str(o, rule);
	out_write(o, "\t", 1);
	out_str(o, attr);
	out_write(o, "\t", 1);
	out_str(o, value);
	out_write(o, "\t", 1);
}

static void
planted_slot(const struct gen *g, struct out *o, uint64_t s)
{
	static const char *const large_attr[] = {
		"userCertificate", "thumbnailPhoto", "proxyAddresses",
	};
	struct user	u;
	uint64_t	idx[MAX_SLOT_USERS];
	unsigned	n, m;
	char		value[ADDR_LEN], id[40], a[ADDR_LEN];
	enum plant	kind = slot_kind(s);

	n = slot_users(g, s, idx);
	user_make(g, idx[0], &u);
	value[0] = '\0';
	switch (kind) {
	case PL_UPN_DUP:
		to_lower(u.upn, value, sizeof(value));
		planted_line(o, "AttributeValueMustBeUnique",
		    "userPrincipalName", value);
		break;
	case PL_PROXY_DUP:
	case PL_MAIL_DUP:
		to_lower(u.mail, value, sizeof(value));
		planted_line(o, "AttributeValueMustBeUnique",
		    kind == PL_PROXY_DUP ? "proxyAddresses" : "mail", value);
		break;
	case PL_SOFT_MATCH:
		/* The primary SMTP address soft-matches before the UPN. */
		if (u.nproxy > 0) {
			to_lower(u.mail, value, sizeof(value));
			planted_line(o, "InvalidSoftMatch", "proxyAddresses",
			    value);
		} else
			planted_line(o, "InvalidSoftMatch",
			    "userPrincipalName", u.upn);
		break;
	case PL_TYPE_MISMATCH:
		str_fmt(a, sizeof(a), "%s-Team%llu@%s",
		    depts[s % ARRAY_SIZE(depts)], (unsigned long long)s,
		    g->domain);
		to_lower(a, value, sizeof(value));
		/* A secondary address is no soft-match key: the group keeps
		 * it, and a group is not quarantined against (known issue). */
		planted_line(o, "AttributeValueMustBeUnique", "proxyAddresses",
		    value);
		break;
	case PL_CERTS:
	case PL_PHOTO:
	case PL_PROXIES:
		fmt_u64(value, kind == PL_CERTS ? u.ncert : kind == PL_PHOTO ?
		    u.photo : u.nproxy + u.extra_proxies);
		planted_line(o, "LargeObject", large_attr[kind - PL_CERTS],
		    value);
		break;
	case PL_ADMIN:
		planted_line(o, "ExistingAdminRoleConflict",
		    "userPrincipalName", u.upn);
		break;
	case PL_CLOUD_MANAGED:
		anchor_text(u.has_cguid ? u.cguid : u.guid, a);
		planted_line(o, "InvalidHardMatch", "onPremisesImmutableId",
		    a);
		break;
	default:
		planted_line(o, "IdentityDataValidationFailed",
		    "userPrincipalName", u.upn);
		break;
	}
	for (m = 0; m < n; m++) {
		if (m > 0) {
			user_make(g, idx[m], &u);
			out_str(o, " | ");
		}
		out_str(o, u.dn);
	}
	if (kind == PL_SOFT_MATCH || kind == PL_TYPE_MISMATCH ||
	    kind == PL_ADMIN) {
		cloud_id(g->seed, s, ST_SLOT, id, sizeof(id));
		out_str(o, " | ");
		out_str(o, id);
	} else if (kind == PL_CLOUD_MANAGED) {
		/* its ordinary twin, under the user's own cloud id */
		cloud_id(g->seed, idx[0], ST_CLOUD, id, sizeof(id));
		out_str(o, " | ");
		out_str(o, id);
	}
	out_write(o, "\n", 1);
}

static void
write_planted(const struct gen *g, const char *dir)
{
	struct out	o;
	uint64_t	s;

	out_open(&o, dir, "planted.tsv");
	for (s = 0; s < g->nslots; s++)
		planted_slot(g, &o, s);
	write_scenario_planted(g, &o);
	out_close(&o);
}

/* ------------------------------------------------------------------ */
/* Command line. */

static void
usage(FILE *fp)
{
	fputs("usage: " PROGNAME " [-n objects] [-s seed] [-p permille] "
	    "[-f forest-domain] [-t tenant]\n"
	    "              -o outdir\n"
	    "Write a synthetic directory into the existing folder outdir:\n"
	    "  onprem.ldf        ldifde -f style export of the forest\n"
	    "  cloud-users.csv   Get-MgUser | Export-Csv (PowerShell 5.1)\n"
	    "  cloud-groups.csv  Get-MgGroup | Export-Csv\n"
	    "  domains.csv       Get-MgDomain | Export-Csv\n"
	    "  roles.csv         directory role members\n"
	    "  planted.tsv       the planted sync problems, one a line:\n"
	    "                    rule, attribute, value, objects\n"
	    "Options:\n"
	    "  -n objects   regular objects, 1..100000000 (default 1000),\n"
	    "               plus a dozen system objects\n"
	    "  -s seed      0..2^64-1 (default 1); same seed, same bytes\n"
	    "  -p permille  planted problems per 1000 objects, 0..1000\n"
	    "               (default 20); every kind once when -n >= 200\n"
	    "  -f domain    forest DNS domain (default contoso.com)\n"
	    "  -t tenant    tenant name before .onmicrosoft.com "
	    "(default contoso)\n"
	    "Exit status: 0 done, 1 cannot write, 2 bad usage.\n", fp);
}

/* Parse an unsigned decimal in [min, max]; strtoull alone would accept
 * leading blanks and a minus sign. */
static bool
parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	unsigned long long	v;
	char			*end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* Lower-case DNS name: labels of a-z, 0-9 and inner '-', at least two. */
static bool
valid_domain(const char *s)
{
	size_t	label = 0, labels = 1, i;

	if (strlen(s) > 100)
		return false;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == '.') {
			if (label == 0 || s[i - 1] == '-')
				return false;
			label = 0;
			labels++;
		} else if ((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') ||
		    (s[i] == '-' && label > 0)) {
			if (++label > 63)
				return false;
		} else {
			return false;
		}
	}
	return labels >= 2 && label > 0 && s[i - 1] != '-';
}

static bool
valid_tenant(const char *s)
{
	size_t	i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9')))
			return false;
	return i > 0 && i <= 27;
}

static void
bad_value(char opt, const char *value, const char *expected)
{
	fprintf(stderr, PROGNAME ": invalid value '%s' for -%c: expected "
	    "%s\n", value, opt, expected);
	usage(stderr);
	exit(2);
}

static void
parse_args(int argc, char **argv, struct options *opt)
{
	const char	*value;
	char		 c;
	int		 i;

	opt->objects = DEFAULT_OBJECTS;
	opt->seed = DEFAULT_SEED;
	opt->permille = DEFAULT_PERMILLE;
	opt->domain = "contoso.com";
	opt->tenant = "contoso";
	opt->outdir = NULL;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			exit(0);
		}
		if (argv[i][0] != '-' || argv[i][1] == '\0' ||
		    strchr("nspfto", argv[i][1]) == NULL) {
			fprintf(stderr, PROGNAME ": unknown argument '%s'\n",
			    argv[i]);
			usage(stderr);
			exit(2);
		}
		c = argv[i][1];
		if (argv[i][2] != '\0') {
			value = argv[i] + 2;
		} else if (i + 1 < argc) {
			value = argv[++i];
		} else {
			fprintf(stderr, PROGNAME ": option -%c needs a value\n",
			    c);
			usage(stderr);
			exit(2);
		}
		switch (c) {
		case 'n':
			if (!parse_u64(value, 1, MAX_OBJECTS, &opt->objects))
				bad_value(c, value, "a number from 1 to "
				    "100000000");
			break;
		case 's':
			if (!parse_u64(value, 0, UINT64_MAX, &opt->seed))
				bad_value(c, value, "a number from 0 to "
				    "18446744073709551615");
			break;
		case 'p':
			if (!parse_u64(value, 0, 1000, &opt->permille))
				bad_value(c, value, "a number from 0 to 1000");
			break;
		case 'f':
			if (!valid_domain(value))
				bad_value(c, value, "a lower-case DNS name "
				    "such as contoso.com");
			opt->domain = value;
			break;
		case 't':
			if (!valid_tenant(value))
				bad_value(c, value, "1 to 27 lower-case "
				    "letters and digits");
			opt->tenant = value;
			break;
		default:
			opt->outdir = value;
			break;
		}
	}
	if (opt->outdir == NULL || opt->outdir[0] == '\0') {
		fputs(PROGNAME ": missing -o outdir\n", stderr);
		usage(stderr);
		exit(2);
	}
}

/* Derived names and the planted-slot layout. */
static void
gen_init(struct gen *g, const struct options *opt)
{
	struct rng	r;
	const char	*p, *dot;
	size_t		len = 0, i;
	uint64_t	slot, u;
	unsigned	m;

	memset(g, 0, sizeof(*g));
	g->seed = opt->seed;
	g->n = opt->objects;
	g->domain = opt->domain;
	to_upper(g->domain, g->upper_domain, sizeof(g->upper_domain));
	for (p = g->domain; p != NULL; p = dot ? dot + 1 : NULL) {
		dot = strchr(p, '.');
		str_fmt(g->base_dn + len, sizeof(g->base_dn) - len, "%sDC=%.*s",
		    len > 0 ? "," : "",
		    (int)(dot ? (size_t)(dot - p) : strlen(p)), p);
		len += strlen(g->base_dn + len);
	}
	dot = strchr(g->domain, '.');
	capitalise(g->domain, g->org, sizeof(g->org));
	g->org[dot - g->domain] = '\0';
	str_fmt(g->initial, sizeof(g->initial), "%s.onmicrosoft.com",
	    opt->tenant);
	str_fmt(g->routing, sizeof(g->routing), "%s.mail.onmicrosoft.com",
	    opt->tenant);
	str_fmt(g->unverified, sizeof(g->unverified), "%.*s-legacy%s",
	    (int)(dot - g->domain), g->domain, dot);
	rng_init(&r, g->seed, 0, ST_DOMAIN);
	for (i = 0; i < 3; i++)
		g->sid_sub[i] = (uint32_t)rng_range(&r, 100000000,
		    4000000000U);

	g->nslots = g->n * opt->permille / 1000;
	if (g->n >= 200 && g->nslots < PL_MAX)
		g->nslots = PL_MAX;
	if (g->nslots > g->n / 7)
		g->nslots = g->n / 7;	/* a slot needs 7 indexes */
	g->region = g->nslots > 0 ? g->n / g->nslots : 0;
	g->nextra = extra_count(g->n);

	/* The forced case-repeat user: the last user that is not planted. */
	g->own_case = UINT64_MAX;
	for (u = g->n; u-- > 0; ) {
		if (obj_kind(u) == K_USER && !plant_find(g, u, &slot, &m)) {
			g->own_case = u;
			break;
		}
	}
}

int
main(int argc, char **argv)
{
	struct options	opt;
	struct gen	g;

	parse_args(argc, argv, &opt);
	gen_init(&g, &opt);
	write_planted(&g, opt.outdir);
	write_outcomes(&g, opt.outdir);
	write_domains(&g, opt.outdir);
	write_roles(&g, opt.outdir);
	write_cloud_groups(&g, opt.outdir);
	write_cloud_users(&g, opt.outdir);
	write_ldif(&g, opt.outdir);
	return 0;
}
