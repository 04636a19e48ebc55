/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The configuration: RouterOS menus whose items are kept twice, as the validated strings the
 * commands set (print and export show them as given) and as a typed struct parsed from them
 * after every change, which is what the protocol code reads. A protocol reads its settings
 * when a session starts, so a change applies to the next session without touching running
 * ones. Every change marks the configuration dirty; config_file.c writes it back after each
 * request.
 *
 * A menu is registered once, in a <menu>_menu.h / <menu>_menu.c pair next to the code that
 * runs it (daemon/ppp/profile_menu.h is /ppp profile): the .h lists its properties with
 * their types and defaults (CFG_MENU_DECLARE makes the typed struct from that list), the .c
 * places the menu in the registry (CFG_MENU_DEFINE: path, verbs, export order, built-in
 * items). Nothing else names a menu: the CLI, print, export, completion and the file find it
 * in the registry. The code that runs a menu's items is hooked in at start (main.c)
 * (cfg_menu.apply, .live_flags, .monitor).
 */
#ifndef SLUICED_CONFIG_H
#define SLUICED_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "admin/config_types.h"
#include "strbuf.h"

/* A value's length limit: an item's export line (every value quoted and escaped, at most
 * twice as long) must stay within the script reader's line limit. */
#define CFG_VALUE_MAX 512
#define CFG_VALUE_MAX_TEXT "512"

#define CFG_P_COLUMN 0x1	/* a column of print's table */
#define CFG_P_SECRET 0x2	/* never printed; exported unless hide-sensitive */

struct cfg_prop {
	const char *name;
	const struct cfg_type *type;	/* NULL in views: any text, not parsed */
	const char *def;	/* the default, printed when unset; NULL: add must give it */
	unsigned int flags;	/* CFG_P_* */
	size_t offset;		/* of the typed field in the menu's struct */
};

struct cfg_item {
	char **vals;		/* one per property; NULL: the default */
	char **base;		/* built-in items: their values as built (reset, export) */
	void *typed;		/* the menu's struct, parsed from vals after every change */
	bool builtin;		/* built-in items cannot be removed or renamed */
	char *dynamic;		/* flag D: its owner's key (cfg_dynamic_put); NULL: configured */
};

/* The verbs a menu has (cli.c runs them the same way for every menu). */
#define CFG_V_ADD	0x01
#define CFG_V_SET	0x02
#define CFG_V_REMOVE	0x04
#define CFG_V_ENABLE	0x08	/* enable and disable: the items have `disabled` */
#define CFG_V_MONITOR	0x10
#define CFG_V_PRINT	0x20
#define CFG_V_EXPORT	0x40
#define CFG_V_TRAFFIC	0x80	/* monitor-traffic: the menu has .traffic */
#define CFG_V_LIST	(CFG_V_ADD | CFG_V_SET | CFG_V_REMOVE | CFG_V_PRINT | CFG_V_EXPORT)
#define CFG_V_ONE	(CFG_V_SET | CFG_V_PRINT | CFG_V_EXPORT)

/* A built-in item: what the menu has after a reset, "key=value" pairs. */
struct cfg_builtin {
	const char *pairs[4];
};

struct cfg_menu;

/* monitor-traffic's sample of one row: counters since it was made (rx: what it received) */
struct cfg_traffic {
	uint64_t rx_bytes, tx_bytes, rx_packets, tx_packets;
};

/*
 * A command of one menu beyond the common verbs (/certificate sign, import, ...):
 * `NAME [ITEMS] key=value...`. items: the rows named, when the command takes them.
 */
struct cfg_action {
	const char *name;
	bool takes_items;	/* `sign NAME ...`: the first argument names items */
	const char *args;	/* for completion: "name=,ca=" */
	int (*run)(const struct cfg_menu *m, const struct cfg_item *const *items,
		   size_t nitems, const char *const *keys, const char *const *vals, size_t n,
		   struct strbuf *out, struct strbuf *err);
};

struct cfg_menu {
	/* the registration (CFG_MENU_DEFINE) */
	const char *path;	/* "/ppp profile" */
	const struct cfg_prop *props;
	size_t nprops;
	size_t typed_size;	/* sizeof the menu's struct; 0 for views */
	int order;		/* export order: what an item refers to comes first */
	unsigned int verbs;	/* CFG_V_* */
	bool singleton;		/* one item, built in: only `set`, `print`, `monitor` */
	bool unnumbered;	/* a view whose rows have no numbers (/ip pool used) */
	/* the property that names items, when not "name" (/interface pppoe-server server:
	 * service-name); names_repeat: several items may share one (on other interfaces) */
	const char *name_prop;
	bool names_repeat;
	/* what an unknown property key is told instead of the list (another system's word) */
	const char *(*unknown_hint)(const char *key);
	const struct cfg_builtin *builtins;	/* NULL-terminated by an empty entry */
	size_t nbuiltins;
	/* views: menus filled from live state on each command (/ppp active) */
	void (*view)(struct cfg_menu *v);
	void (*view_remove)(const struct cfg_menu *v, const struct cfg_item *it);
	/* before any view_remove: may the row go (and what goes with it)? 0, or -1 and why */
	int (*view_remove_check)(const struct cfg_menu *v, const struct cfg_item *it,
				 struct strbuf *err);
	/*
	 * print stats: the same rows in the same order (their numbers stay), with counters as
	 * columns; built only when asked, as a row may cost a request to the kernel.
	 */
	void (*stats_view)(struct cfg_menu *v);
	/* monitor-traffic: the row named name's counters now; 0, or -1 if it is gone */
	int (*traffic)(const char *name, struct cfg_traffic *out);
	/* views whose rows are changed by their own code (/certificate): add and set go here */
	int (*view_add)(const struct cfg_menu *v, const char *const *keys,
			const char *const *vals, size_t n, struct strbuf *err);
	int (*view_set)(const struct cfg_menu *v, const struct cfg_item *it,
			const char *const *keys, const char *const *vals, size_t n,
			struct strbuf *err);
	/*
	 * A check of the item as a whole, for combinations one value's type cannot see
	 * (RouterOS: "system-dns and static-dns cannot be used together"): vals[p] is what
	 * property p would hold after the add or set of item self (NULL: an add). 0, or -1
	 * and why; nothing changes then.
	 */
	int (*check_item)(const struct cfg_menu *m, const struct cfg_item *self,
			  const char *const *vals, struct strbuf *err);
	const struct cfg_action *actions;	/* the menu's own commands */
	size_t nactions;
	const char *legend;	/* print's "Flags:" line, when live_flags has its own */
	/*
	 * Set at start by the code that runs the items. apply: after any change of the
	 * configuration (it may depend on other menus). live_flags: print's extra flags ("R"
	 * running). monitor: the monitor verb's lines for one item.
	 */
	void (*apply)(void);
	const char *(*live_flags)(const struct cfg_menu *m, const struct cfg_item *it);
	void (*monitor)(const struct cfg_menu *m, const struct cfg_item *it, struct strbuf *out,
			int json);
	/* the items */
	struct cfg_item *items;
	size_t n;
};

/*
 * A menu's property list is an X-macro: P(S, field, "name", type, default, flags) per
 * property, S being the menu's struct. The field's C type is the type's (cfg_<type>_t).
 */
#define CFG_FIELD_(S, field, name, type, def, flags) cfg_##type##_t field;
#define CFG_PROP_(S, field, name, type, def, flags) \
	{ name, &cfg_##type##_type, def, flags, offsetof(S, field) },
#define CFG_MENU_DECLARE(id, PROPS) \
	struct id##_cfg { PROPS(CFG_FIELD_, struct id##_cfg) }; \
	extern struct cfg_menu id##_menu; \
	static inline const struct id##_cfg *id##_find(const char *name) \
	{ return cfg_typed(&id##_menu, cfg_find(&id##_menu, name)); } \
	static inline const struct id##_cfg *id##_at(size_t i) \
	{ return i < id##_menu.n ? id##_menu.items[i].typed : NULL; }

/* Registration: placed in a linker section that config_init() collects. */
#define CFG_REGISTER(var) \
	static struct cfg_menu *const var##_reg_ \
	__attribute__((used, section("sluice_menus"), aligned(sizeof(void *)))) = &var
#define CFG_MENU_DEFINE(id, PROPS, ...) \
	static const struct cfg_prop id##_props_[] = { PROPS(CFG_PROP_, struct id##_cfg) }; \
	struct cfg_menu id##_menu = { .props = id##_props_, \
		.nprops = sizeof(id##_props_) / sizeof(id##_props_[0]), \
		.typed_size = sizeof(struct id##_cfg), __VA_ARGS__ }; \
	CFG_REGISTER(id##_menu)
/* A view: its properties are plain text rows filled by .view. */
#define CFG_VIEW_PROP(name, flags) { name, NULL, "", flags, 0 }
#define CFG_VIEW_DEFINE(id, ...) \
	struct cfg_menu id##_menu = { __VA_ARGS__ }; \
	CFG_REGISTER(id##_menu)

int config_init(void);
void config_done(void);
/* The registered menus in export order; NULL past the last. */
struct cfg_menu *config_menu_at(size_t i);
struct cfg_menu *config_menu_by_path(const char *path);
int cfg_prop_index(const struct cfg_menu *m, const char *prop);
/* The property that names a menu's items ("name" but in a few menus). */
static inline const char *cfg_name_prop(const struct cfg_menu *m)
{
	return m->name_prop ? m->name_prop : "name";
}
/* The typed struct of an item (NULL for none): what protocol code reads. */
const void *cfg_typed(const struct cfg_menu *m, const struct cfg_item *it);
/*
 * Text access for the generic code (print, export, conditions, views): an item's property
 * value, or its default ("" when it has none, or when the menu has no such property).
 */
const char *cfg_get(const struct cfg_menu *m, const struct cfg_item *it, const char *prop);
const char *cfg_get_i(const struct cfg_menu *m, const struct cfg_item *it, size_t prop);
/* the value an item is built with: the property's default, or a built-in item's own */
const char *cfg_base_i(const struct cfg_menu *m, const struct cfg_item *it, size_t prop);
/* By name; a singleton's one item whatever the name. */
struct cfg_item *cfg_find(const struct cfg_menu *m, const char *name);
/* Add/set from key=value pairs; 0, or -1 with the reason in err (nothing changed then). */
int cfg_add(struct cfg_menu *m, const char *const *keys, const char *const *vals, size_t n,
	    struct strbuf *err);
/* What cfg_set would say, without changing anything. */
int cfg_check(const struct cfg_menu *m, const struct cfg_item *it, const char *const *keys,
	      const char *const *vals, size_t n, struct strbuf *err);
int cfg_set(struct cfg_menu *m, struct cfg_item *it, const char *const *keys,
	    const char *const *vals, size_t n, struct strbuf *err);
/* Refused while another item refers to it. */
int cfg_remove(struct cfg_menu *m, struct cfg_item *it, struct strbuf *err);
/*
 * For views whose rows items refer to (an IPsec identity's certificate=): is the row named
 * `name` unused (0, or -1 saying by what), and a rename carried over to what refers to it.
 */
int cfg_check_unused(const struct cfg_menu *m, const char *name, struct strbuf *err);
int cfg_rename_refs(const struct cfg_menu *m, const char *from, const char *to);
/*
 * Dynamic items (RouterOS's flag D): made by the code that runs another menu (the L2TP
 * server's use-ipsec makes an IPsec peer and identity), shown by print and find, never
 * exported or saved, refused by set, remove, enable and disable. owner keys them: put adds
 * the item or replaces the owner's item when a value differs (checked like an add; -1 and
 * why). Neither runs the apply hooks: call them from an apply hook, whose effects the
 * other menus see at their own apply. drop removes the owner's item if there is one.
 */
int cfg_dynamic_put(struct cfg_menu *m, const char *owner, const char *const *keys,
		    const char *const *vals, size_t n, struct strbuf *err);
void cfg_dynamic_drop(struct cfg_menu *m, const char *owner);
/* Back to the built-in configuration (/system reset-configuration). */
void config_reset(void);

/*
 * References to other items (profile=, next-pool=, ...) must name an item that exists;
 * a script defers that check to its end (config_file.h): config_defer_refs(true) lets them
 * dangle until config_check_refs() names the first still missing (0 if none).
 */
void config_defer_refs(bool on);
int config_check_refs(struct strbuf *err);
/*
 * Into out (the menu's struct): item it, with each property it leaves empty or at
 * "default" taken from fallback (RouterOS's default profile). -1 if neither exists.
 */
int cfg_resolve(const struct cfg_menu *m, const struct cfg_item *it,
		const struct cfg_item *fallback, void *out);
/* Does the item have disabled=yes (menus with enable/disable)? */
bool cfg_disabled(const struct cfg_menu *m, const struct cfg_item *it);

/* Views: menus filled on demand from live state (/ppp active); free with cfg_view_free. */
struct cfg_item *cfg_view_add(struct cfg_menu *v);
int cfg_view_set(const struct cfg_menu *v, struct cfg_item *it, const char *prop,
		 const char *value);
void cfg_view_free(struct cfg_menu *v);

/* Changes: cli.c and config_file.c use these; each menu's apply hook runs after every change. */
bool config_dirty(void);
unsigned long config_generation(void);	/* counts changes: did a request change anything? */
void config_clean(void);

#endif /* SLUICED_CONFIG_H */
