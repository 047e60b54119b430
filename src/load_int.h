/*
 * Private to the loader's files (load.c, twin.c, tenant.c): what one
 * record contributes before it becomes an object, and the functions the
 * files call across.  load.h is the loader's public side.
 */
#ifndef SD_LOAD_INT_H
#define SD_LOAD_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "load.h"

/*
 * Everything one record contributes before it becomes an object.  The
 * names and addresses a cloud object mostly shares with its on-premises
 * twin are borrowed from the record (the last value of each) and stored
 * by twin_store_text, once the twin is known.
 */
struct pending {
	struct object		*o;
	const struct attr	*upn;
	const struct attr	*mail;
	const struct attr	*mail_nickname;
	const struct attr	*display_name;
	const struct attr	*given_name;
	const struct attr	*surname;
	const struct attr	*onprem_dn;	/* cloud: the twin's DN */
	const struct attr	**proxies;
	size_t			  nproxies, proxies_cap;
	const char		**prov_errors;
	size_t			  nprov_errors, prov_cap;
	struct name_size	*ext;
	size_t			  next, ext_cap;
	struct raw_value	*raw;
	size_t			  nraw, raw_cap;
	const char		*classes[8];	/* the last few objectClass values */
	size_t			  nclasses;
	const char		*object_type;	/* cloud objectType */
	bool			  has_sync_enabled;	/* the field is there */
	bool			  has_last_sync;	/* a last sync time */
	struct scope_facts	  scope;
	const struct attr	 *sid;		/* objectSid, S-1-... or bytes */
	const struct attr	 *master_sid;	/* msExchMasterAccountSid */
	int32_t			  group_type;
	bool			  has_group_type;
	uint32_t		  nmembers;
};

/* load.c: "true"/"1", "false"/"0" (any case), else unknown. */
enum tristate	load_parse_bool(const char *s, size_t len);

/*
 * twin.c: store pd's names and addresses on pd->o, each shared with the
 * on-premises twin of a cloud object (its anchor is the cloud object's
 * onPremisesImmutableId) where the two hold the same bytes: synced objects
 * mostly do, and the text would otherwise be stored twice.
 */
void	twin_store_text(struct load_ctx *ctx, struct pending *pd);

/* tenant.c: one record of a roles export, as a table role. */
void	tenant_load_role(struct load_ctx *ctx, const struct record *rec);
/* tenant.c: one record of a domains export, as a table domain. */
void	tenant_load_domain(struct load_ctx *ctx, const struct record *rec);
/*
 * tenant.c: when o, just loaded from rec, is a cloud object whose id was
 * loaded before, merge it into that first copy, drop it from the table
 * and say so (counted as merged).  Returns whether it did.
 */
bool	tenant_merge_duplicate(struct load_ctx *ctx, const struct record *rec,
	    struct object *o);

#endif /* SD_LOAD_INT_H */
