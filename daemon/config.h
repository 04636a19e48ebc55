/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The configuration: RouterOS menus as tables of items whose properties are validated
 * strings. Commands (`add`, `set`, `remove`, `print`) change it through cli.c; the protocol
 * code reads typed values through the helpers below when a session starts, so a change
 * applies to the next session without touching running ones.
 */
#ifndef SLUICED_CONFIG_H
#define SLUICED_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "strbuf.h"

enum cfg_menu_id { CFG_POOL, CFG_PROFILE, CFG_SECRET, CFG_PPTP_SERVER, CFG_NMENUS };

struct cfg_prop {
	const char *name;
	const char *def;	/* the default, printed when unset; NULL: none */
	/* returns NULL if value is acceptable, else what is wrong with it */
	const char *(*check)(const char *value);
};

struct cfg_item {
	char **vals;		/* one per property; NULL: the default */
	bool builtin;		/* built-in items cannot be removed or renamed */
};

struct cfg_menu {
	const char *path;	/* "/ppp profile" */
	const struct cfg_prop *props;
	size_t nprops;
	bool singleton;		/* one item, only `set` and `print` */
	struct cfg_item *items;
	size_t n;
};

int config_init(void);
void config_done(void);
struct cfg_menu *config_menu(enum cfg_menu_id id);
struct cfg_menu *config_menu_by_path(const char *path);
/* An item's property value, or its default ("" when it has none). */
const char *cfg_get(const struct cfg_menu *m, const struct cfg_item *it, const char *prop);
struct cfg_item *cfg_find(const struct cfg_menu *m, const char *name);
/* Add/set from key=value pairs; 0, or -1 with the reason in err. */
int cfg_add(struct cfg_menu *m, const char *const *keys, const char *const *vals, size_t n,
	    struct strbuf *err);
int cfg_set(struct cfg_menu *m, struct cfg_item *it, const char *const *keys,
	    const char *const *vals, size_t n, struct strbuf *err);
int cfg_remove(struct cfg_menu *m, struct cfg_item *it, struct strbuf *err);
void cfg_print(const struct cfg_menu *m, struct strbuf *out, bool json);

/* Typed readers for the protocol code. */
bool cfg_bool(const char *v);		/* "yes" */
unsigned int cfg_seconds(const char *v);	/* "30", "30s", "5m", "1h", "1d"; 0 if unset */
bool cfg_list_has(const char *list, const char *word);	/* comma-separated */
/* the effective value of a profile property, following RouterOS's "default" */
const char *cfg_profile_get(const char *profile, const char *prop);

#endif /* SLUICED_CONFIG_H */
