// SPDX-License-Identifier: GPL-2.0
/*
 * The registry of menus and their items: add, set and remove with every value checked
 * before anything changes, references between items kept whole, each item's typed struct
 * parsed again after every change, built-in items and reset.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "admin/config.h"
#include "core/log.h"

/* The registrations (CFG_REGISTER); weak: a unit test may link no menu at all. */
extern struct cfg_menu *const __start_sluice_menus[] __attribute__((weak));
extern struct cfg_menu *const __stop_sluice_menus[] __attribute__((weak));

#define MAX_MENUS 64
static struct cfg_menu *menus[MAX_MENUS];	/* in export order */
static size_t nmenus;

static bool dirty;		/* changed since the file was written */
static unsigned long generation;	/* changes so far */
static bool defer_refs;		/* in a script: references are checked at its end */

struct cfg_menu *config_menu_at(size_t i)
{
	return i < nmenus ? menus[i] : NULL;
}

struct cfg_menu *config_menu_by_path(const char *path)
{
	size_t i;

	for (i = 0; i < nmenus; i++)
		if (!strcmp(menus[i]->path, path))
			return menus[i];
	return NULL;
}

bool config_dirty(void)
{
	return dirty;
}

void config_clean(void)
{
	dirty = false;
}

unsigned long config_generation(void)
{
	return generation;
}

/* Every menu's live effect runs: one may depend on another's items. */
static void changed(void)
{
	size_t i;

	dirty = true;
	generation++;
	for (i = 0; i < nmenus; i++)
		if (menus[i]->apply)
			menus[i]->apply();
}

int cfg_prop_index(const struct cfg_menu *m, const char *prop)
{
	size_t i;

	for (i = 0; i < m->nprops; i++)
		if (!strcmp(m->props[i].name, prop))
			return (int)i;
	return -1;
}

const void *cfg_typed(const struct cfg_menu *m, const struct cfg_item *it)
{
	(void)m;
	return it ? it->typed : NULL;
}

const char *cfg_base_i(const struct cfg_menu *m, const struct cfg_item *it, size_t prop)
{
	if (it && it->base && it->base[prop])
		return it->base[prop];
	return m->props[prop].def ? m->props[prop].def : "";
}

const char *cfg_get_i(const struct cfg_menu *m, const struct cfg_item *it, size_t prop)
{
	if (it && it->vals[prop])
		return it->vals[prop];
	return m->props[prop].def ? m->props[prop].def : "";
}

const char *cfg_get(const struct cfg_menu *m, const struct cfg_item *it, const char *prop)
{
	int i = cfg_prop_index(m, prop);

	if (i < 0 || !it)
		return "";
	return cfg_get_i(m, it, (size_t)i);
}

struct cfg_item *cfg_find(const struct cfg_menu *m, const char *name)
{
	int p = cfg_prop_index(m, cfg_name_prop(m));
	size_t i;

	if (m->singleton)
		return m->n ? &m->items[0] : NULL;
	if (!name || p < 0)
		return NULL;
	for (i = 0; i < m->n; i++)
		if (!strcmp(cfg_get_i(m, &m->items[i], (size_t)p), name))
			return &m->items[i];
	return NULL;
}

/* The typed struct again from the strings: after every change of the item. */
static void parse_item(const struct cfg_menu *m, struct cfg_item *it)
{
	size_t p;

	if (!it->typed)
		return;
	for (p = 0; p < m->nprops; p++)
		m->props[p].type->parse(m->props[p].type, cfg_get_i(m, it, p),
					(char *)it->typed + m->props[p].offset);
}

int cfg_resolve(const struct cfg_menu *m, const struct cfg_item *it,
		const struct cfg_item *fallback, void *out)
{
	size_t p;

	if (!it)
		it = fallback;
	if (!it || !it->typed)
		return -1;
	memcpy(out, it->typed, m->typed_size);
	if (!fallback || it == fallback)
		return 0;
	for (p = 0; p < m->nprops; p++) {
		const char *v = cfg_get_i(m, it, p);
		size_t off = m->props[p].offset;

		if (!*v || !strcmp(v, "default"))
			memcpy((char *)out + off, (const char *)fallback->typed + off,
			       m->props[p].type->size);
	}
	return 0;
}

bool cfg_disabled(const struct cfg_menu *m, const struct cfg_item *it)
{
	return !strcmp(cfg_get(m, it, "disabled"), "yes");
}

/* --- references between items */

/* The item that value names through property p, or NULL if p holds no reference there. */
static const char *ref_name(const struct cfg_prop *p, const char *v)
{
	if (!p->type || !p->type->ref || (p->type->not_ref && p->type->not_ref(v)))
		return NULL;
	return v;
}

/* A view's rows (/certificate's) are asked of the code that fills it. */
static bool ref_exists(const struct cfg_menu *to, const char *name)
{
	struct cfg_menu v;
	bool found;

	if (!to->view)
		return cfg_find(to, name) != NULL;
	v = *to;
	v.items = NULL;
	v.n = 0;
	to->view(&v);
	found = cfg_find(&v, name) != NULL;
	cfg_view_free(&v);
	return found;
}

static int ref_missing(const struct cfg_prop *p, const char *v, struct strbuf *err)
{
	const char *name = ref_name(p, v);
	const struct cfg_menu *to;

	if (!name)
		return 0;
	to = config_menu_by_path(p->type->ref);
	if (to && ref_exists(to, name))
		return 0;
	sb_printf(err, "input does not match any value of %s: no %s named %s", p->name,
		  p->type->ref, name);
	return -1;
}

/* Calls fn for every property value anywhere that names item `name` of menu `to`. */
static int each_referrer(const struct cfg_menu *to, const char *name,
			 int (*fn)(struct cfg_menu *m, struct cfg_item *it, size_t p, void *arg),
			 void *arg)
{
	size_t i, k, p;

	for (i = 0; i < nmenus; i++) {
		struct cfg_menu *m = menus[i];

		for (p = 0; p < m->nprops; p++) {
			if (!m->props[p].type || !m->props[p].type->ref ||
			    strcmp(m->props[p].type->ref, to->path))
				continue;
			for (k = 0; k < m->n; k++) {
				const char *v = cfg_get_i(m, &m->items[k], p);

				if (ref_name(&m->props[p], v) && !strcmp(v, name) &&
				    fn(m, &m->items[k], p, arg))
					return -1;
			}
		}
	}
	return 0;
}

static int refuse_use(struct cfg_menu *m, struct cfg_item *it, size_t p, void *arg)
{
	const char *who = cfg_get(m, it, cfg_name_prop(m));

	sb_printf(arg, "it is used by %s%s%s (%s)", m->path, *who ? " " : "", who,
		  m->props[p].name);
	return -1;
}

/* A rename carries over to what refers to the item, as RouterOS keeps references by id. */
static int follow_rename(struct cfg_menu *m, struct cfg_item *it, size_t p, void *arg)
{
	char *copy = strdup(arg);

	if (!copy)
		return -1;
	free(it->vals[p]);
	it->vals[p] = copy;
	parse_item(m, it);
	return 0;
}

static int rename_refs(const struct cfg_menu *m, const struct cfg_item *it, const char *to)
{
	const char *from = cfg_get(m, it, cfg_name_prop(m));

	return strcmp(from, to) ? each_referrer(m, from, follow_rename, (void *)to) : 0;
}

int cfg_rename_refs(const struct cfg_menu *m, const char *from, const char *to)
{
	if (!strcmp(from, to))
		return 0;
	if (each_referrer(m, from, follow_rename, (void *)to))
		return -1;
	changed();
	return 0;
}

int cfg_check_unused(const struct cfg_menu *m, const char *name, struct strbuf *err)
{
	struct strbuf why;
	int used;

	if (!*name)
		return 0;
	sb_init(&why);
	used = each_referrer(m, name, refuse_use, &why);
	if (used)
		sb_printf(err, "cannot remove %s %s: %s", m->path, name, why.p ? why.p : "");
	sb_free(&why);
	return used;
}

int config_check_refs(struct strbuf *err)
{
	size_t i, k, p;

	for (i = 0; i < nmenus; i++)
		for (k = 0; k < menus[i]->n; k++)
			for (p = 0; p < menus[i]->nprops; p++) {
				const struct cfg_menu *m = menus[i];
				const char *v = cfg_get_i(m, &m->items[k], p);

				struct strbuf why;
				int missing;

				sb_init(&why);
				missing = ref_missing(&m->props[p], v, &why);
				if (missing)
					sb_printf(err, "%s %s: %s", m->path,
						  cfg_get(m, &m->items[k], cfg_name_prop(m)), why.p);
				sb_free(&why);
				if (missing)
					return -1;
			}
	return 0;
}

void config_defer_refs(bool on)
{
	defer_refs = on;
}

/* --- add, set, remove */

static void list_props(const struct cfg_menu *m, struct strbuf *err)
{
	size_t j;

	for (j = 0; j < m->nprops; j++)
		sb_printf(err, "%s%s", j ? ", " : " ", m->props[j].name);
}

static bool has_control(const char *v)
{
	for (; *v; v++)
		if ((unsigned char)*v < 0x20 || *v == 0x7f)
			return true;
	return false;
}

/* Only these may hold any byte: a password is never shown, a comment is shown escaped. */
static bool free_text(const char *prop)
{
	return !strcmp(prop, "comment") || !strcmp(prop, "password");
}

static const char *why_bad(const struct cfg_prop *p, const char *v)
{
	if (strlen(v) > CFG_VALUE_MAX)
		return "at most " CFG_VALUE_MAX_TEXT " characters";
	if (has_control(v) && !free_text(p->name))
		return "no control characters (newlines, escapes) here";
	return p->type->check(p->type, v);
}

static int check_name(const struct cfg_menu *m, const struct cfg_item *self, const char *v,
		      struct strbuf *err)
{
	const struct cfg_item *other = m->names_repeat ? NULL : cfg_find(m, v);

	if (other && other != self) {
		sb_printf(err, "%s %s already exists", m->path, v);
		return -1;
	}
	if (self && self->builtin && strcmp(v, cfg_get(m, self, cfg_name_prop(m)))) {
		sb_puts(err, "a built-in item cannot be renamed");
		return -1;
	}
	return 0;
}

/* Checks every pair before anything changes, so a bad command changes nothing. */
static int check_pairs(const struct cfg_menu *m, const struct cfg_item *self,
		       const char *const *keys, const char *const *vals, size_t n,
		       struct strbuf *err)
{
	size_t k;

	for (k = 0; k < n; k++) {
		int i = cfg_prop_index(m, keys[k]);
		const char *why;

		if (i < 0 && m->unknown_hint && m->unknown_hint(keys[k])) {
			sb_printf(err, "unknown property %s: %s", keys[k], m->unknown_hint(keys[k]));
			return -1;
		}
		if (i < 0 || !m->props[i].type) {
			sb_printf(err, "unknown property %s; %s has:", keys[k], m->path);
			list_props(m, err);
			return -1;
		}
		if ((why = why_bad(&m->props[i], vals[k]))) {
			sb_printf(err, "bad value for %s: %s", keys[k], why);
			return -1;
		}
		if (!defer_refs && ref_missing(&m->props[i], vals[k], err))
			return -1;
		if (!strcmp(keys[k], cfg_name_prop(m)) && check_name(m, self, vals[k], err))
			return -1;
	}
	return 0;
}

/* The menu's check of the whole item, on the values it would have after the change. */
static int check_whole(const struct cfg_menu *m, const struct cfg_item *self,
		       const char *const *keys, const char *const *vals, size_t n,
		       struct strbuf *err)
{
	const char *merged[64];
	size_t p, k;

	if (!m->check_item || m->nprops > sizeof(merged) / sizeof(merged[0]))
		return 0;
	for (p = 0; p < m->nprops; p++)
		merged[p] = cfg_get_i(m, self, p);
	for (k = 0; k < n; k++)
		merged[cfg_prop_index(m, keys[k])] = vals[k];
	return m->check_item(m, self, merged, err);
}

/* Copies first, then swaps in: out of memory half-way changes nothing either. */
static int apply(const struct cfg_menu *m, struct cfg_item *it, const char *const *keys,
		 const char *const *vals, size_t n)
{
	char *copies[64];
	size_t k;

	if (n > sizeof(copies) / sizeof(copies[0]))
		return -1;
	for (k = 0; k < n; k++) {
		copies[k] = strdup(vals[k]);
		if (!copies[k]) {
			while (k--)
				free(copies[k]);
			return -1;
		}
	}
	for (k = 0; k < n; k++) {
		int i = cfg_prop_index(m, keys[k]);

		free(it->vals[i]);
		it->vals[i] = copies[k];
	}
	parse_item(m, it);
	return 0;
}

static struct cfg_item *new_item(struct cfg_menu *m)
{
	struct cfg_item *items = realloc(m->items, (m->n + 1) * sizeof(*items));
	struct cfg_item *it;

	if (!items)
		return NULL;
	m->items = items;
	it = &items[m->n];
	*it = (struct cfg_item){ .vals = calloc(m->nprops ? m->nprops : 1, sizeof(char *)) };
	if (m->typed_size)
		it->typed = calloc(1, m->typed_size);
	if (!it->vals || (m->typed_size && !it->typed)) {
		free(it->vals);
		free(it->typed);
		return NULL;
	}
	m->n++;
	parse_item(m, it);
	return it;
}

static void free_item(const struct cfg_menu *m, struct cfg_item *it)
{
	size_t i;

	for (i = 0; i < m->nprops; i++) {
		free(it->vals[i]);
		if (it->base)
			free(it->base[i]);
	}
	free(it->vals);
	free(it->base);
	free(it->typed);
	free(it->dynamic);
}

static void drop_item(struct cfg_menu *m, struct cfg_item *it)
{
	size_t i = (size_t)(it - m->items);

	free_item(m, it);
	memmove(it, it + 1, (m->n - i - 1) * sizeof(*it));
	m->n--;
}

static bool has_key(const char *const *keys, size_t n, const char *key)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (!strcmp(keys[k], key))
			return true;
	return false;
}

int cfg_add(struct cfg_menu *m, const char *const *keys, const char *const *vals, size_t n,
	    struct strbuf *err)
{
	struct cfg_item *it;
	size_t p;

	if (m->singleton || !(m->verbs & CFG_V_ADD)) {
		sb_printf(err, "%s has one item: use set", m->path);
		return -1;
	}
	if (check_pairs(m, NULL, keys, vals, n, err))
		return -1;
	for (p = 0; p < m->nprops; p++) {
		if (!m->props[p].def && !has_key(keys, n, m->props[p].name)) {
			sb_printf(err, "%s add needs %s=", m->path, m->props[p].name);
			return -1;
		}
	}
	if (check_whole(m, NULL, keys, vals, n, err))
		return -1;
	it = new_item(m);
	if (!it || apply(m, it, keys, vals, n)) {
		if (it)
			free_item(m, &m->items[--m->n]);
		sb_puts(err, "out of memory");
		return -1;
	}
	changed();
	return 0;
}

int cfg_check(const struct cfg_menu *m, const struct cfg_item *it, const char *const *keys,
	      const char *const *vals, size_t n, struct strbuf *err)
{
	return check_pairs(m, it, keys, vals, n, err) ? -1 : check_whole(m, it, keys, vals, n, err);
}

static int refuse_dynamic(const struct cfg_menu *m, const struct cfg_item *it,
			  struct strbuf *err)
{
	if (!it || !it->dynamic)
		return 0;
	sb_printf(err, "%s: can not change dynamic item (%s made it)", m->path, it->dynamic);
	return -1;
}

int cfg_set(struct cfg_menu *m, struct cfg_item *it, const char *const *keys,
	    const char *const *vals, size_t n, struct strbuf *err)
{
	size_t k;

	if (refuse_dynamic(m, it, err))
		return -1;
	if (check_pairs(m, it, keys, vals, n, err) || check_whole(m, it, keys, vals, n, err))
		return -1;
	for (k = 0; k < n; k++)
		if (!strcmp(keys[k], cfg_name_prop(m)) && rename_refs(m, it, vals[k])) {
			sb_puts(err, "out of memory");
			return -1;
		}
	if (apply(m, it, keys, vals, n)) {
		sb_puts(err, "out of memory");
		return -1;
	}
	changed();
	return 0;
}

int cfg_remove(struct cfg_menu *m, struct cfg_item *it, struct strbuf *err)
{
	const char *name = cfg_get(m, it, cfg_name_prop(m));

	if (refuse_dynamic(m, it, err))
		return -1;
	if (m->singleton || it->builtin) {
		sb_printf(err, "%s %s is built in and cannot be removed", m->path,
			  m->singleton ? "server" : name);
		return -1;
	}
	if (cfg_check_unused(m, name, err))
		return -1;
	drop_item(m, it);
	changed();
	return 0;
}

/* --- dynamic items */

static struct cfg_item *dynamic_item(struct cfg_menu *m, const char *owner)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->items[i].dynamic && !strcmp(m->items[i].dynamic, owner))
			return &m->items[i];
	return NULL;
}

/* Does the item hold exactly these values, every other property at its default? */
static bool dynamic_same(const struct cfg_menu *m, const struct cfg_item *it,
			 const char *const *keys, const char *const *vals, size_t n)
{
	size_t p, k;

	for (p = 0; p < m->nprops; p++) {
		const char *want = cfg_base_i(m, it, p);

		for (k = 0; k < n; k++)
			if (!strcmp(keys[k], m->props[p].name))
				want = vals[k];
		if (strcmp(cfg_get_i(m, it, p), want))
			return false;
	}
	return true;
}

int cfg_dynamic_put(struct cfg_menu *m, const char *owner, const char *const *keys,
		    const char *const *vals, size_t n, struct strbuf *err)
{
	struct cfg_item *it = dynamic_item(m, owner);
	char *key;

	if (it && dynamic_same(m, it, keys, vals, n))
		return 0;
	if (it)
		drop_item(m, it);
	if (check_pairs(m, NULL, keys, vals, n, err) || check_whole(m, NULL, keys, vals, n, err))
		return -1;
	key = strdup(owner);
	it = key ? new_item(m) : NULL;
	if (!it || apply(m, it, keys, vals, n)) {
		if (it)
			drop_item(m, it);
		free(key);
		sb_puts(err, "out of memory");
		return -1;
	}
	it->dynamic = key;
	return 0;
}

void cfg_dynamic_drop(struct cfg_menu *m, const char *owner)
{
	struct cfg_item *it = dynamic_item(m, owner);

	if (it)
		drop_item(m, it);
}

/* --- views */

struct cfg_item *cfg_view_add(struct cfg_menu *v)
{
	v->typed_size = 0;
	return new_item(v);
}

int cfg_view_set(const struct cfg_menu *v, struct cfg_item *it, const char *prop,
		 const char *value)
{
	int i = cfg_prop_index(v, prop);
	char *copy;

	if (i < 0 || !(copy = strdup(value)))
		return -1;
	free(it->vals[i]);
	it->vals[i] = copy;
	return 0;
}

void cfg_view_free(struct cfg_menu *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		free_item(v, &v->items[i]);
	free(v->items);
	v->items = NULL;
	v->n = 0;
}

/* --- built-in items: what a menu has after a reset */

/* "key=value" pairs, split into two arrays pointing into buf */
static size_t split_pairs(const struct cfg_builtin *b, char buf[][CFG_VALUE_MAX + 64],
			  const char **keys, const char **vals)
{
	size_t n;

	for (n = 0; n < 4 && b->pairs[n]; n++) {
		char *eq;

		snprintf(buf[n], sizeof(buf[n]), "%s", b->pairs[n]);
		eq = strchr(buf[n], '=');
		if (eq)
			*eq++ = '\0';
		keys[n] = buf[n];
		vals[n] = eq ? eq : "";
	}
	return n;
}

/* A built-in item remembers what it was built with: reset and export compare against it. */
static int add_builtin(struct cfg_menu *m, const struct cfg_builtin *b)
{
	char buf[4][CFG_VALUE_MAX + 64];
	const char *keys[4], *vals[4];
	size_t n = b ? split_pairs(b, buf, keys, vals) : 0, p;
	struct cfg_item *it = new_item(m);

	if (!it || apply(m, it, keys, vals, n))
		return -1;
	it->builtin = true;
	it->base = calloc(m->nprops, sizeof(char *));
	if (!it->base)
		return -1;
	for (p = 0; p < m->nprops; p++)
		if (it->vals[p] && !(it->base[p] = strdup(it->vals[p])))
			return -1;
	return 0;
}

static int add_builtins(void)
{
	size_t i, b;

	for (i = 0; i < nmenus; i++) {
		if (menus[i]->view)
			continue;
		if (menus[i]->singleton && add_builtin(menus[i], NULL))
			return -1;
		for (b = 0; b < menus[i]->nbuiltins; b++)
			if (add_builtin(menus[i], &menus[i]->builtins[b]))
				return -1;
	}
	return 0;
}

static void free_all(void)
{
	size_t m, i;

	for (m = 0; m < nmenus; m++) {
		for (i = 0; i < menus[m]->n; i++)
			free_item(menus[m], &menus[m]->items[i]);
		free(menus[m]->items);
		menus[m]->items = NULL;
		menus[m]->n = 0;
	}
}

/* --- the registry */

/* A registration's mistakes are the programmer's: found at start, never at a login. */
static int check_menu(const struct cfg_menu *m)
{
	size_t p;

	if (config_menu_by_path(m->path) != m) {
		log_err("config: menu %s registered twice", m->path);
		return -1;
	}
	for (p = 0; p < m->nprops && !m->view; p++) {
		const struct cfg_prop *pr = &m->props[p];

		if (cfg_prop_index(m, pr->name) != (int)p || !pr->type ||
		    (pr->def && why_bad(pr, pr->def)) ||
		    (pr->type->ref && !config_menu_by_path(pr->type->ref))) {
			log_err("config: %s %s: a duplicate, a bad default or an unknown menu",
				m->path, pr->name);
			return -1;
		}
	}
	return 0;
}

static int by_order(const void *a, const void *b)
{
	const struct cfg_menu *x = *(struct cfg_menu *const *)a, *y = *(struct cfg_menu *const *)b;

	return x->order - y->order;
}

static int collect_menus(void)
{
	struct cfg_menu *const *r;
	size_t i;

	nmenus = 0;
	for (r = __start_sluice_menus; r && r < __stop_sluice_menus; r++) {
		if (nmenus == MAX_MENUS)
			return -1;
		menus[nmenus++] = *r;
	}
	qsort(menus, nmenus, sizeof(menus[0]), by_order);
	for (i = 0; i < nmenus; i++)
		if (check_menu(menus[i]))
			return -1;
	return 0;
}

int config_init(void)
{
	dirty = false;
	defer_refs = false;
	if (collect_menus() || add_builtins())
		return -1;
	changed();
	dirty = false;
	return 0;
}

void config_reset(void)
{
	free_all();
	if (add_builtins())
		log_err("reset-configuration: out of memory rebuilding the built-in items");
	changed();
}

void config_done(void)
{
	free_all();
}
