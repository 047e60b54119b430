/* The UPN Entra ID writes in place of an unusable one; see entra_upn.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "entra_upn.h"
#include "xalloc.h"

/* RFC 5322 atext and '.': what an Exchange alias may hold. */
#define ALIAS_SYMBOLS	"!#$%&'*+-/=?^_`{|}~."

/* Top-level names no public DNS delegates: never verifiable suffixes. */
static const char *const private_tlds[] = {
	"corp", "example", "home", "internal", "intranet", "invalid", "lan",
	"local", "localdomain", "localhost", "test",
};

bool
entra_upn_is_private_suffix(const char *suffix)
{
	const char	*tld = strrchr(suffix, '.');
	size_t		 i;

	if (tld == NULL)
		return true;	/* a bare host name */
	/* The first letter before the whole name: most suffixes end in com. */
	for (i = 0; i < ARRAY_SIZE(private_tlds); i++)
		if ((tld[1] | 0x20) == private_tlds[i][0] &&
		    strcasecmp(tld + 1, private_tlds[i]) == 0)
			return true;
	return false;
}

/* Bytes of the UTF-8 sequence at s[i] (1 for a stray byte). */
static size_t
utf8_len(const char *s, size_t n, size_t i)
{
	unsigned char	c = (unsigned char)s[i];
	size_t		len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 :
			    c >= 0xc0 ? 2 : 1;
	size_t		k;

	for (k = 1; k < len; k++)
		if (i + k >= n || ((unsigned char)s[i + k] & 0xc0) != 0x80)
			return 1;
	return len;
}

static bool
is_alias_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' &&
	    strchr(ALIAS_SYMBOLS, c) != NULL);
}

char *
entra_alias_clean(const char *s, size_t n)
{
	char	*t = xmalloc(n + 1);
	size_t	 i, len, k = 0;

	for (i = 0; i < n; i += len) {
		len = utf8_len(s, n, i);
		t[k++] = len == 1 && is_alias_char((unsigned char)s[i]) ?
		    s[i] : '_';
	}
	t[k] = '\0';
	return t;
}

const char *
entra_local_part(const char *s, size_t *len)
{
	size_t	b = 0, n;

	if (s == NULL)
		return NULL;
	n = strcspn(s, "@");
	while (b < n && s[b] == ' ')
		b++;
	while (n > b && s[n - 1] == ' ')
		n--;
	*len = n - b;
	return n > b ? s + b : NULL;
}

/* The local part of o's first smtp proxy, primary ones or any. */
static const char *
proxy_local(const struct object *o, bool is_primary, size_t *len)
{
	const char	*a;
	size_t		 i;

	for (i = 0; i < o->nproxy_addresses; i++) {
		const char *p = o->proxy_addresses[i];

		if ((is_primary ? strncmp(p, "SMTP:", 5) :
		    strncasecmp(p, "smtp:", 5)) == 0 &&
		    (a = entra_local_part(p + 5, len)) != NULL)
			return a;
	}
	return NULL;
}

char *
entra_alias(const struct object *o)
{
	const char	*a;
	size_t		 len;

	if (o->mail_nickname != NULL && o->mail_nickname[0] != '\0')
		return entra_alias_clean(o->mail_nickname,
		    strlen(o->mail_nickname));
	if ((a = proxy_local(o, true, &len)) != NULL ||
	    (a = entra_local_part(o->mail, &len)) != NULL ||
	    (a = entra_local_part(o->upn, &len)) != NULL ||
	    (a = proxy_local(o, false, &len)) != NULL)
		return entra_alias_clean(a, len);
	return NULL;
}

char *
entra_moera_upn(const struct object *o, const char *initial)
{
	char	*alias = entra_alias(o), *upn;

	if (alias == NULL)
		return NULL;
	upn = xasprintf("%s@%s", alias, initial != NULL ? initial :
	    "<tenant>.onmicrosoft.com");
	free(alias);
	return upn;
}
