/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The configuration: RouterOS menus as tables of items whose properties are validated
 * strings. Commands (`add`, `set`, `remove`, ...) change it through cli.c; the protocol
 * code reads typed values through the helpers below when a session starts, so a change
 * applies to the next session without touching running ones. Every change marks the
 * configuration dirty; config_file.c writes it back (config_save) after each request.
 */
#ifndef SLUICED_CONFIG_H
#define SLUICED_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "strbuf.h"

/* in the order export writes them */
enum cfg_menu_id {
	CFG_LOGGING, CFG_POOL, CFG_PROFILE, CFG_SECRET, CFG_AAA, CFG_PPTP_SERVER,
	CFG_RADIUS, CFG_RADIUS_INCOMING, CFG_PPTP_CLIENT, CFG_L2TP_SERVER, CFG_L2TP_CLIENT,
	CFG_NMENUS
};

/* A value's length limit: an item's export line (every value quoted and escaped, at most
 * twice as long) must stay within the script reader's line limit. */
#define CFG_VALUE_MAX 512
#define CFG_VALUE_MAX_TEXT "512"

#define CFG_P_COLUMN 0x1	/* a column of print's table */
#define CFG_P_SECRET 0x2	/* never printed; exported unless hide-sensitive */

struct cfg_prop {
	const char *name;
	const char *def;	/* the default, printed when unset; NULL: none */
	/* returns NULL if value is acceptable, else what is wrong with it */
	const char *(*check)(const char *value);
	/* for completion: "a,b,c", with @pool / @profile standing for the items' names */
	const char *choices;
	unsigned int flags;	/* CFG_P_* */
};

struct cfg_item {
	char **vals;		/* one per property; NULL: the default */
	char **base;		/* built-in items: their values as built (reset, export) */
	bool builtin;		/* built-in items cannot be removed or renamed */
};

struct cfg_menu {
	const char *path;	/* "/ppp profile" */
	const struct cfg_prop *props;
	size_t nprops;
	bool singleton;		/* one item, only `set` and `print` */
	bool unnumbered;	/* a view whose rows have no numbers (/ip pool used) */
	struct cfg_item *items;
	size_t n;
	/*
	 * Live state of an item, for menus whose items run something (/interface pptp-client):
	 * print's extra flags ("R" running) and monitor's lines. Set by the code that runs the
	 * items; NULL otherwise.
	 */
	const char *(*live_flags)(const struct cfg_menu *m, const struct cfg_item *it);
	void (*monitor)(const struct cfg_menu *m, const struct cfg_item *it, struct strbuf *out);
};

int config_init(void);
void config_done(void);
struct cfg_menu *config_menu(enum cfg_menu_id id);
struct cfg_menu *config_menu_by_path(const char *path);
int cfg_prop_index(const struct cfg_menu *m, const char *prop);
/* An item's property value, or its default ("" when it has none). */
const char *cfg_get(const struct cfg_menu *m, const struct cfg_item *it, const char *prop);
const char *cfg_get_i(const struct cfg_menu *m, const struct cfg_item *it, size_t prop);
/* the value an item is built with: the property's default, or a built-in item's own */
const char *cfg_base_i(const struct cfg_menu *m, const struct cfg_item *it, size_t prop);
struct cfg_item *cfg_find(const struct cfg_menu *m, const char *name);
/* Add/set from key=value pairs; 0, or -1 with the reason in err (nothing changed then). */
int cfg_add(struct cfg_menu *m, const char *const *keys, const char *const *vals, size_t n,
	    struct strbuf *err);
/* What cfg_set would say, without changing anything. */
int cfg_check(const struct cfg_menu *m, const struct cfg_item *it, const char *const *keys,
	      const char *const *vals, size_t n, struct strbuf *err);
int cfg_set(struct cfg_menu *m, struct cfg_item *it, const char *const *keys,
	    const char *const *vals, size_t n, struct strbuf *err);
int cfg_remove(struct cfg_menu *m, struct cfg_item *it, struct strbuf *err);
/* Back to the built-in configuration (/system reset-configuration). */
void config_reset(void);

/* Views: menus filled on demand from live state (/ppp active); free with cfg_view_free. */
struct cfg_item *cfg_view_add(struct cfg_menu *v);
int cfg_view_set(const struct cfg_menu *v, struct cfg_item *it, const char *prop,
		 const char *value);
void cfg_view_free(struct cfg_menu *v);

/* Changes: cli.c and config_file.c use these; a hook runs after every change. */
bool config_dirty(void);
unsigned long config_generation(void);	/* counts changes: did a request change anything? */
void config_clean(void);
void config_on_change(void (*hook)(void));

/* Typed readers for the protocol code. */
bool cfg_bool(const char *v);		/* "yes" */
unsigned int cfg_milliseconds(const char *v);	/* "300ms", "1s", "2"; 0 if bad */
unsigned int cfg_seconds(const char *v);	/* "30", "30s", "5m", "1h", "1d"; 0 if unset */
bool cfg_list_has(const char *list, const char *word);	/* comma-separated */
/* the effective value of a profile property, following RouterOS's "default" */
const char *cfg_profile_get(const char *profile, const char *prop);

#endif /* SLUICED_CONFIG_H */
