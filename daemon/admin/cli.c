// SPDX-License-Identifier: GPL-2.0
/*
 * The command language: a menu path (`/ppp secret`, also written `/ppp/secret`), a verb,
 * then arguments: items (a name, numbers from print, `[find CONDITIONS]`) and key=value
 * properties. Conditions (print where, find) are prop=value, prop!=value, prop~regex, a
 * bare yes/no property or its !negation, joined by `and` (also implied) and `or`.
 * Errors name the bad word and list what would fit; a failed command changes nothing.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "admin/cli.h"
#include "admin/config.h"
#include "admin/config_text.h"
#include "admin/traffic.h"
#include "ctl.h"
#include "words.h"
#include "admin/system.h"

#define MAX_PAIRS 64
#define MAX_CONDS 32

struct menu;

struct verb;

struct cli_ctx {
	struct cli_session *s;
	struct words *ws;
	size_t arg;		/* first word after the verb */
	unsigned int flags;	/* CTL_F_* */
	struct strbuf *out;
	struct strbuf *err;
	const struct menu *menu;
	const struct verb *verb;
	struct cfg_menu *cfg;	/* the menu's table: configuration, or a view of live state */
};

struct verb {
	const char *name;
	int (*run)(struct cli_ctx *c);
	const char *args;	/* for completion: words this verb takes, "=" ones are properties */
	unsigned int flag;	/* CFG_V_*: which registered menus have it */
};

#define MAX_VERBS 16

/* A menu of the language: a registered one (config.h), or one of commands only (/system). */
struct menu {
	const char *path;
	const struct verb *verbs[MAX_VERBS];	/* NULL-terminated */
	struct cfg_menu *cfg;			/* NULL: commands only */
};

/* --- arguments */

static int bad_word(struct cli_ctx *c, size_t i, const char *what)
{
	sb_printf(c->err, "%s %s (column %zu)", what, c->ws->w[i].text, c->ws->w[i].col);
	return -1;
}

static int no_args(struct cli_ctx *c)
{
	return c->arg < c->ws->n ? bad_word(c, c->arg, "unexpected argument") : 0;
}

static void list_props(const struct cfg_menu *m, struct strbuf *err)
{
	size_t p;

	sb_printf(err, "; %s has:", m->path);
	for (p = 0; p < m->nprops; p++)
		sb_printf(err, "%s%s", p ? ", " : " ", m->props[p].name);
}

/*
 * RouterOS takes a property by any prefix that names only one (the IPsec page writes
 * `/ip pool add range=`): the full name, or the key as given when it is not such a prefix
 * (the store then says what is wrong with it).
 */
static const char *full_prop_name(const struct cfg_menu *m, const char *key)
{
	size_t p, len = strlen(key);
	const char *found = NULL;

	if (!m || cfg_prop_index(m, key) >= 0)
		return key;
	for (p = 0; p < m->nprops; p++) {
		if (strncmp(m->props[p].name, key, len))
			continue;
		if (found)
			return key;	/* ambiguous */
		found = m->props[p].name;
	}
	return found ? found : key;
}

/* key=value arguments in [from, to); 0 or -1 with the reason. props: the keys name the
 * menu's properties (add, set), which may be abbreviated; an action's are its own. */
static int pairs(struct cli_ctx *c, size_t from, size_t to, const char **keys,
		 const char **vals, size_t *n, bool props)
{
	size_t i;

	*n = 0;
	for (i = from; i < to; i++) {
		const struct word *w = &c->ws->w[i];

		if (!w->value || w->op != '=')
			return bad_word(c, i, "expected property=value, not");
		if (*n == MAX_PAIRS) {
			sb_puts(c->err, "too many properties");
			return -1;
		}
		keys[*n] = props ? full_prop_name(c->cfg, w->text) : w->text;
		vals[(*n)++] = w->value;
	}
	return 0;
}

/* --- conditions: print where, [find] */

struct cond {
	int prop;
	char op;	/* '=', '!' (!=) or '~' */
	bool neg, or_before;
	const char *val;
	regex_t re;
};

struct conds {
	struct cond c[MAX_CONDS];
	size_t n;
};

static void conds_free(struct conds *cs)
{
	size_t i;

	for (i = 0; i < cs->n; i++)
		if (cs->c[i].op == '~')
			regfree(&cs->c[i].re);
	cs->n = 0;
}

static int cond_prop(struct cli_ctx *c, size_t i, const char *key, struct cond *k)
{
	k->prop = cfg_prop_index(c->cfg, full_prop_name(c->cfg, key));
	/* a condition on a password would answer questions about it */
	if (k->prop >= 0 && !(c->cfg->props[k->prop].flags & CFG_P_SECRET))
		return 0;
	sb_printf(c->err, "unknown property %s (column %zu)", key, c->ws->w[i].col);
	list_props(c->cfg, c->err);
	return -1;
}

static bool has_backreference(const char *re)
{
	for (; *re; re++)
		if (re[0] == '\\' && re[1] >= '1' && re[1] <= '9')
			return true;
	return false;
}

/* One condition word: key=v, key!=v, key~re, key (=yes), !key (=no). */
static int parse_cond(struct cli_ctx *c, size_t i, struct cond *k)
{
	struct word *w = &c->ws->w[i];
	char *key = (char *)w->text;
	size_t len = strlen(key);

	if (!w->value) {
		k->neg = key[0] == '!';
		k->op = '=';
		k->val = "yes";
		return cond_prop(c, i, key + k->neg, k);
	}
	k->op = w->op;
	k->val = w->value;
	if (w->op == '=' && len > 1 && key[len - 1] == '!') {
		key[len - 1] = '\0';	/* the words are ours to cut */
		k->op = '!';
	}
	if (cond_prop(c, i, key, k))
		return -1;
	/* back-references make matching exponential: the loop would stall every session */
	/* and counted repetitions {m,n} multiply the compiled size: nested, they exhaust memory */
	if (k->op == '~' && (strlen(k->val) > 256 || has_backreference(k->val) ||
			     strchr(k->val, '{'))) {
		k->op = '=';
		sb_printf(c->err, "regular expression too long, or with a back-reference or {m,n} "
			  "(column %zu)", w->col);
		return -1;
	}
	if (k->op == '~' && regcomp(&k->re, k->val, REG_EXTENDED | REG_NOSUB)) {
		k->op = '=';
		sb_printf(c->err, "bad regular expression %s (column %zu)", k->val, w->col);
		return -1;
	}
	return 0;
}

/* Conditions joined by and/or: a joiner needs a condition on both sides. */
static int parse_conds(struct cli_ctx *c, size_t from, size_t to, struct conds *cs)
{
	bool or_next = false, joiner = false;
	size_t i;

	cs->n = 0;
	for (i = from; i < to; i++) {
		const char *t = c->ws->w[i].text;
		struct cond *k = &cs->c[cs->n];

		if (!c->ws->w[i].value && (!strcmp(t, "and") || !strcmp(t, "or"))) {
			if (!cs->n || joiner || i + 1 == to)
				goto misplaced;
			or_next = !strcmp(t, "or");
			joiner = true;
			continue;
		}
		if (cs->n == MAX_CONDS) {
			sb_puts(c->err, "too many conditions");
			conds_free(cs);
			return -1;
		}
		memset(k, 0, sizeof(*k));
		k->or_before = or_next;
		or_next = joiner = false;
		if (parse_cond(c, i, k)) {
			conds_free(cs);
			return -1;
		}
		cs->n++;
	}
	return 0;
misplaced:
	conds_free(cs);
	return bad_word(c, i, "a condition must come before and after");
}

static bool cond_true(const struct cfg_menu *m, const struct cfg_item *it, const struct cond *k)
{
	const char *v = cfg_get_i(m, it, (size_t)k->prop);
	bool r;

	if (k->op == '~')
		r = !regexec(&k->re, v, 0, NULL, 0);
	else
		r = !strcmp(v, k->val) == (k->op == '=');
	return r != k->neg;
}

/* and binds tighter than or: a or b and c = a or (b and c) */
static bool conds_true(const struct cfg_menu *m, const struct cfg_item *it,
		       const struct conds *cs)
{
	bool any = false, all = true;
	size_t i;

	for (i = 0; i < cs->n; i++) {
		if (cs->c[i].or_before) {
			any |= all;
			all = true;
		}
		all = all && cond_true(m, it, &cs->c[i]);
	}
	return any || all;
}

/* Rows of c->cfg that meet the conditions in [from, to); *idx is malloc'd. */
static int filter(struct cli_ctx *c, size_t from, size_t to, size_t **idx, size_t *n)
{
	struct conds cs;
	size_t i;

	*n = 0;
	*idx = malloc((c->cfg->n + 1) * sizeof(**idx));
	if (!*idx) {
		sb_puts(c->err, "out of memory");
		return -1;
	}
	if (parse_conds(c, from, to, &cs)) {
		free(*idx);
		*idx = NULL;
		return -1;
	}
	for (i = 0; i < c->cfg->n; i++)
		if (conds_true(c->cfg, &c->cfg->items[i], &cs))
			(*idx)[(*n)++] = i;
	conds_free(&cs);
	return 0;
}

/* --- selecting items: NAME, NUMBER, a comma list of them, or [find CONDITIONS] */

static int select_list(struct cli_ctx *c, size_t i, size_t **idx, size_t *n)
{
	char buf[WORDS_LINE_MAX], *save = NULL, *el;
	const struct cfg_menu *m = c->cfg;

	*n = 0;
	*idx = malloc((m->n + 1) * sizeof(**idx) * 2 + 64 * sizeof(**idx));
	if (!*idx) {
		sb_puts(c->err, "out of memory");
		return -1;
	}
	snprintf(buf, sizeof(buf), "%s", c->ws->w[i].text);
	for (el = strtok_r(buf, ",", &save); el; el = strtok_r(NULL, ",", &save)) {
		size_t before = *n, k;
		char *end;
		unsigned long num = strtoul(el, &end, 10);

		if (!*end && end != el && num < m->n && !m->unnumbered) {
			(*idx)[(*n)++] = num;
		} else if (cfg_prop_index(m, cfg_name_prop(m)) >= 0) {
			/* in a view a name may stand for several rows: a user's sessions */
			for (k = 0; k < m->n && *n < m->n * 2 + 64; k++)
				if (!strcmp(cfg_get(m, &m->items[k], cfg_name_prop(m)), el))
					(*idx)[(*n)++] = k;
		}
		if (*n == before || *n >= m->n * 2 + 64) {
			sb_printf(c->err, "no such item: %s (column %zu)", el, c->ws->w[i].col);
			free(*idx);
			*idx = NULL;
			return -1;
		}
	}
	return 0;
}

/* The items a set/remove/enable/disable names; *next: the first word after them. */
static int select_items(struct cli_ctx *c, size_t *next, size_t **idx, size_t *n)
{
	size_t i = c->arg, end;

	*next = i;
	if (c->cfg->singleton) {
		*n = 1;
		*idx = calloc(1, sizeof(**idx));
		return *idx ? 0 : -1;
	}
	if (i >= c->ws->n || c->ws->w[i].value) {
		sb_puts(c->err, "which item? name it, give its number from print, or use [find ...]");
		return -1;
	}
	if (strcmp(c->ws->w[i].text, "[")) {
		*next = i + 1;
		return select_list(c, i, idx, n);
	}
	if (i + 1 >= c->ws->n || strcmp(c->ws->w[i + 1].text, "find"))
		return bad_word(c, i + 1 < c->ws->n ? i + 1 : i, "expected find after [, not");
	i += 2;
	if (i < c->ws->n && !strcmp(c->ws->w[i].text, "where"))
		i++;
	for (end = i; end < c->ws->n && strcmp(c->ws->w[end].text, "]"); end++)
		;
	if (end >= c->ws->n) {
		sb_puts(c->err, "missing ] after find");
		return -1;
	}
	*next = end + 1;
	return filter(c, i, end, idx, n);
}

/* --- configuration verbs */

static int add_verb(struct cli_ctx *c)
{
	const char *keys[MAX_PAIRS], *vals[MAX_PAIRS];
	size_t n;

	if (pairs(c, c->arg, c->ws->n, keys, vals, &n, true))
		return -1;
	if (c->cfg->view_add)
		return c->cfg->view_add(c->cfg, keys, vals, n, c->err);
	return cfg_add(c->cfg, keys, vals, n, c->err);
}

/* Every item is checked before any changes. */
static int set_items(struct cli_ctx *c, const size_t *idx, size_t n, const char **keys,
		     const char **vals, size_t nk)
{
	struct strbuf scratch;
	size_t i;
	int ret = 0;

	if (n > 1) {
		for (i = 0; i < nk; i++)
			if (!strcmp(keys[i], cfg_name_prop(c->cfg)) && !c->cfg->names_repeat) {
				sb_puts(c->err, "one name cannot go to several items");
				return -1;
			}
	}
	for (i = 0; i < n && !ret && c->cfg->view_set; i++)
		ret = c->cfg->view_set(c->cfg, &c->cfg->items[idx[i]], keys, vals, nk, c->err);
	if (c->cfg->view_set)
		return ret;
	sb_init(&scratch);
	for (i = 0; i < n && !ret; i++)
		ret = cfg_check(c->cfg, &c->cfg->items[idx[i]], keys, vals, nk, c->err);
	for (i = 0; i < n && !ret; i++)
		ret = cfg_set(c->cfg, &c->cfg->items[idx[i]], keys, vals, nk, c->err);
	sb_free(&scratch);
	return ret;
}

static int set_verb(struct cli_ctx *c)
{
	const char *keys[MAX_PAIRS], *vals[MAX_PAIRS];
	size_t *idx = NULL, next, n, nk;
	int ret = -1;

	if (!select_items(c, &next, &idx, &n) && !pairs(c, next, c->ws->n, keys, vals, &nk, true)) {
		if (!nk)
			sb_puts(c->err, "set what? give property=value");
		else
			ret = set_items(c, idx, n, keys, vals, nk);
	}
	free(idx);
	return ret;
}

static int set_disabled(struct cli_ctx *c, const char *value)
{
	const char *keys[] = { "disabled" }, *vals[] = { value };
	size_t *idx = NULL, next, n;
	int ret = -1;

	if (!select_items(c, &next, &idx, &n)) {
		if (next < c->ws->n)
			bad_word(c, next, "unexpected argument");
		else
			ret = set_items(c, idx, n, keys, vals, 1);
	}
	free(idx);
	return ret;
}

static int enable_verb(struct cli_ctx *c)
{
	return set_disabled(c, "no");
}

static int disable_verb(struct cli_ctx *c)
{
	return set_disabled(c, "yes");
}

static int cmp_desc(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

static int remove_verb(struct cli_ctx *c)
{
	size_t *idx = NULL, next, n, i;
	int ret = -1;

	if (select_items(c, &next, &idx, &n))
		goto out;
	if (next < c->ws->n) {
		bad_word(c, next, "unexpected argument");
		goto out;
	}
	for (i = 0; i < n && c->menu->cfg->view_remove_check; i++)
		if (c->menu->cfg->view_remove_check(c->cfg, &c->cfg->items[idx[i]], c->err))
			goto out;
	if (c->menu->cfg->view_remove) {
		for (i = 0; i < n; i++)
			c->menu->cfg->view_remove(c->cfg, &c->cfg->items[idx[i]]);
		ret = 0;
		goto out;
	}
	for (i = 0; i < n; i++) {
		const struct cfg_item *it = &c->cfg->items[idx[i]];

		if (it->builtin || c->cfg->singleton) {
			sb_printf(c->err, "%s %s is built in and cannot be removed", c->cfg->path,
				  cfg_get(c->cfg, it, cfg_name_prop(c->cfg)));
			goto out;
		}
	}
	qsort(idx, n, sizeof(*idx), cmp_desc);	/* later items first: numbers stay valid */
	for (i = 0, ret = 0; i < n && !ret; i++)
		if (!i || idx[i] != idx[i - 1])
			ret = cfg_remove(c->cfg, &c->cfg->items[idx[i]], c->err);
out:
	free(idx);
	return ret;
}

/* print stats: the menu's rows with their counters, to stand in for the view (c->cfg) */
static struct cfg_menu *stats_rows(struct cli_ctx *c, size_t at)
{
	struct cfg_menu *sv;

	if (!c->menu->cfg || !c->menu->cfg->stats_view) {
		bad_word(c, at, "this menu has no counters:");
		return NULL;
	}
	sv = malloc(sizeof(*sv));
	if (!sv) {
		sb_puts(c->err, "out of memory");
		return NULL;
	}
	*sv = *c->menu->cfg;
	sv->items = NULL;
	sv->n = 0;
	c->menu->cfg->stats_view(sv);
	return sv;
}

#define PRINT_WORDS "expected detail, count-only, as-value, stats or where, not"

/* print [detail] [count-only] [as-value] [stats] [where CONDITIONS] */
static int print_verb(struct cli_ctx *c)
{
	bool detail = false, count = false, json = c->flags & CTL_F_JSON;
	size_t i, *idx = NULL, n, where = c->ws->n, stats = 0;
	struct cfg_menu *view = c->cfg, *sv = NULL;
	int ret = 0;

	for (i = c->arg; i < c->ws->n && where == c->ws->n; i++) {
		const char *t = c->ws->w[i].text;

		if (c->ws->w[i].value)
			return bad_word(c, i, PRINT_WORDS);
		if (!strcmp(t, "detail"))
			detail = true;
		else if (!strcmp(t, "count-only"))
			count = true;
		else if (!strcmp(t, "as-value"))
			json = true;
		else if (!strcmp(t, "stats"))
			stats = i;
		else if (!strcmp(t, "where"))
			where = i + 1;
		else if (strcmp(t, "terse") && strcmp(t, "brief") && strcmp(t, "without-paging"))
			return bad_word(c, i, PRINT_WORDS);
	}
	if (stats && !(sv = stats_rows(c, stats)))
		return -1;
	if (sv)
		c->cfg = sv;
	if (filter(c, where, c->ws->n, &idx, &n)) {
		ret = -1;
		goto out;
	}
	if (count)
		sb_printf(c->out, "%zu\n", n);
	else if (json)
		cfg_print_json(c->cfg, idx, n, c->out);
	else if (detail)
		cfg_print_detail(c->cfg, idx, n, c->out);
	else
		cfg_print_table(c->cfg, idx, n, c->out);
	free(idx);
out:
	if (sv) {
		cfg_view_free(sv);
		free(sv);
		c->cfg = view;
	}
	return ret;
}

/*
 * export [show-sensitive]: this menu's, or at the root everything. As on RouterOS 7 the
 * passwords and secrets are left out unless show-sensitive is given (hide-sensitive, v6's
 * word, is accepted and is the default); the file sluiced saves always has them.
 */
static int export_verb(struct cli_ctx *c)
{
	bool hide = true;
	size_t i;

	for (i = c->arg; i < c->ws->n; i++) {
		const struct word *w = &c->ws->w[i];

		if (!w->value && !strcmp(w->text, "show-sensitive"))
			hide = false;
		else if (w->value || (strcmp(w->text, "hide-sensitive") &&
				      strcmp(w->text, "terse") && strcmp(w->text, "compact")))
			return bad_word(c, i, "expected show-sensitive or hide-sensitive, not");
	}
	if (c->cfg && c->cfg->view)
		return 0;	/* live state (/certificate): nothing a script rebuilds */
	if (c->cfg)
		cfg_export_menu(c->cfg, hide, c->out);
	else
		config_export(hide, c->out);
	return 0;
}

static int import_verb(struct cli_ctx *c)
{
	(void)c;
	sb_puts(c->err, "import reads the file as the caller: run `pppctl -f FILE`, or "
		"/import file=FILE at pppctl's prompt");
	return -1;
}

static int reset_verb(struct cli_ctx *c)
{
	if (no_args(c))
		return -1;
	config_reset();
	return 0;
}

static int print_resource(struct cli_ctx *c)
{
	if (no_args(c))
		return -1;
	system_resource_print(c->out, c->flags & CTL_F_JSON);
	return 0;
}

/*
 * monitor ITEMS [once]: the live state of client interfaces, as RouterOS's monitor shows it
 * (status, uptime, encoding, addresses). Always once: a control request has one answer.
 */
static int monitor_verb(struct cli_ctx *c)
{
	size_t *idx = NULL, next, n, i;
	bool json = c->flags & CTL_F_JSON;
	int ret = -1;

	if (select_items(c, &next, &idx, &n))
		return -1;
	for (i = next; i < c->ws->n; i++)
		if (c->ws->w[i].value || (strcmp(c->ws->w[i].text, "once") &&
					  strcmp(c->ws->w[i].text, "without-paging")))
			break;
	if (i < c->ws->n) {
		bad_word(c, i, "expected once, not");
	} else {
		for (i = 0; i < n; i++) {
			const struct cfg_item *it = &c->cfg->items[idx[i]];

			if (n > 1 && !json && cfg_prop_index(c->cfg, cfg_name_prop(c->cfg)) >= 0)
				sb_printf(c->out, "%s%s:\n", i ? "\n" : "", cfg_get(c->cfg, it, cfg_name_prop(c->cfg)));
			if (c->cfg->monitor)
				c->cfg->monitor(c->cfg, it, c->out, json);
			else
				sb_puts(c->out, "  status: disabled\n");
		}
		ret = 0;
	}
	free(idx);
	return ret;
}

/*
 * monitor-traffic ITEMS [once] [as-value]: bits and packets a second, as RouterOS's
 * /interface monitor-traffic shows them, over a second: the answer comes after it
 * (admin/traffic.h). One answer per command; without once pppctl asks again after each.
 */
static int traffic_verb(struct cli_ctx *c)
{
	size_t *idx = NULL, next, n, i;
	bool json = c->flags & CTL_F_JSON;
	const char **names = NULL;
	int ret = -1;

	if (select_items(c, &next, &idx, &n))
		return -1;
	for (i = next; i < c->ws->n && !c->ws->w[i].value; i++) {
		const char *t = c->ws->w[i].text;

		if (!strcmp(t, "as-value"))
			json = true;
		else if (strcmp(t, "once") && strcmp(t, "without-paging"))
			break;
	}
	if (i < c->ws->n)
		bad_word(c, i, "expected once or as-value, not");
	else if (!c->s->may_wait)
		sb_puts(c->err, "monitor-traffic answers after a second: run it from pppctl");
	else if (!(names = calloc(n + 1, sizeof(*names))))
		sb_puts(c->err, "out of memory");
	else {
		for (i = 0; i < n; i++)
			names[i] = cfg_get(c->cfg, &c->cfg->items[idx[i]], cfg_name_prop(c->cfg));
		ret = traffic_start(c->menu->cfg->traffic, names, n, json, &c->s->later, c->err);
	}
	free(names);
	free(idx);
	return ret;
}

/*
 * A menu's own command (cfg_action): `NAME [ITEMS] key=value...`, run by the code behind
 * the menu with the rows named (of the view, for a view) and the pairs.
 */
static int run_action(struct cli_ctx *c)
{
	const struct cfg_action *a = c->menu->cfg->actions;
	const char *keys[MAX_PAIRS], *vals[MAX_PAIRS];
	const struct cfg_item **items = NULL;
	size_t *idx = NULL, next = c->arg, n = 0, nk, i;
	int ret = -1;

	while (strcmp(a->name, c->verb->name))
		a++;	/* the verb is one of them (add_menu) */
	if (a->takes_items && select_items(c, &next, &idx, &n))
		return -1;
	if (n && !(items = calloc(n, sizeof(*items)))) {
		sb_puts(c->err, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++)
		items[i] = &c->cfg->items[idx[i]];
	if (!pairs(c, next, c->ws->n, keys, vals, &nk, false))
		ret = a->run(c->cfg, items, n, keys, vals, nk, c->out, c->err);
out:
	free(items);
	free(idx);
	return ret;
}

#define PRINT_ARGS "detail,count-only,as-value,stats,where"
static const struct verb root_verbs[] = {
	{ "export", export_verb, "show-sensitive,hide-sensitive", 0 },
	{ "import", import_verb, "file=", 0 },
};
static const struct verb system_verbs[] = { { "reset-configuration", reset_verb, "", 0 } };
static const struct verb resource_verbs[] = { { "print", print_resource, "", 0 } };
/* what a registered menu has, in this order, as its CFG_V_* flags say */
static const struct verb menu_verbs[] = {
	{ "add", add_verb, "@props", CFG_V_ADD },
	{ "set", set_verb, "@item,@props", CFG_V_SET },
	{ "remove", remove_verb, "@item", CFG_V_REMOVE },
	{ "enable", enable_verb, "@item", CFG_V_ENABLE },
	{ "disable", disable_verb, "@item", CFG_V_ENABLE },
	{ "print", print_verb, PRINT_ARGS, CFG_V_PRINT },
	{ "monitor", monitor_verb, "@item,once", CFG_V_MONITOR },
	{ "monitor-traffic", traffic_verb, "@item,once,as-value", CFG_V_TRAFFIC },
	{ "export", export_verb, "show-sensitive,hide-sensitive", CFG_V_EXPORT },
};

#define NVERBS(v) (sizeof(v) / sizeof(v[0]))
#define MAX_MENUS 80
static struct menu menus[MAX_MENUS];
static size_t nmenus;
/* the menus' own commands as verbs, MAX_ACTIONS per menu */
#define MAX_ACTIONS 4
static struct verb action_verbs[MAX_MENUS][MAX_ACTIONS];

static void add_menu(const char *path, const struct verb *v, size_t nv, struct cfg_menu *cfg)
{
	struct verb *own = action_verbs[nmenus];
	struct menu *m = &menus[nmenus++];
	size_t i, k = 0;

	*m = (struct menu){ .path = path, .cfg = cfg };
	for (i = 0; i < nv && k + 1 < MAX_VERBS; i++)
		if (!cfg || (v[i].flag & cfg->verbs))
			m->verbs[k++] = &v[i];
	for (i = 0; cfg && i < cfg->nactions && i < MAX_ACTIONS && k + 1 < MAX_VERBS; i++) {
		own[i] = (struct verb){ cfg->actions[i].name, run_action, cfg->actions[i].args, 0 };
		m->verbs[k++] = &own[i];
	}
}

/* The commands-only menus, then every registered one (the registry is fixed at start). */
static void build_menus(void)
{
	struct cfg_menu *cm;
	size_t i;

	nmenus = 0;
	add_menu("/", root_verbs, NVERBS(root_verbs), NULL);
	add_menu("/system", system_verbs, NVERBS(system_verbs), NULL);
	add_menu("/system resource", resource_verbs, NVERBS(resource_verbs), NULL);
	for (i = 0; (cm = config_menu_at(i)) && nmenus < MAX_MENUS; i++)
		add_menu(cm->path, menu_verbs, NVERBS(menu_verbs), cm);
}

/* --- paths */

static const struct menu *menu_at(const char *path)
{
	size_t i;

	for (i = 0; i < nmenus; i++)
		if (!strcmp(menus[i].path, path))
			return &menus[i];
	return NULL;
}

/* Is `path` a menu or leads to one? */
static bool path_exists(const char *path)
{
	size_t i, n = strlen(path);

	for (i = 0; i < nmenus; i++)
		if (!strncmp(menus[i].path, path, n) && (!menus[i].path[n] || menus[i].path[n] == ' '))
			return true;
	return false;
}

/* false when it does not fit: no menu path is that long */
static bool path_join(char *out, size_t cap, const char *path, const char *el)
{
	int n = snprintf(out, cap, "%s%s%s", path, strcmp(path, "/") ? " " : "", el);

	return n >= 0 && (size_t)n < cap;
}

static void path_up(char *path)
{
	char *sp = strrchr(path, ' ');

	if (sp)
		*sp = '\0';
	else
		strcpy(path, "/");
}

/* The menus one step below path, each once (both /ppp profile and /ppp secret lead via ppp),
 * then the verbs of the menu at path. Calls fn for each. */
static void each_choice(const char *path, void (*fn)(void *arg, const char *w, int len),
			void *arg)
{
	size_t i, j, n = strcmp(path, "/") ? strlen(path) : 0;
	const struct menu *m = menu_at(path);

	for (i = 0; i < nmenus; i++) {
		const char *rest = menus[i].path + n, *end;
		int len;

		if (strncmp(menus[i].path, path, n) || (n && *rest != ' ') || !rest[0] ||
		    !rest[1])
			continue;
		rest++;		/* the blank, or the root's '/' */
		end = strchr(rest, ' ');
		len = (int)(end ? end - rest : (long)strlen(rest));
		for (j = 0; j < i; j++) {
			const char *r2 = menus[j].path + n;

			if (!strncmp(menus[j].path, path, n) && (!n || *r2 == ' ') && r2[0] &&
			    r2[1] && !strncmp(r2 + 1, rest, (size_t)len) &&
			    (r2[1 + len] == ' ' || !r2[1 + len]))
				break;
		}
		if (j == i)
			fn(arg, rest, len);
	}
	for (i = 0; m && m->verbs[i]; i++)
		fn(arg, m->verbs[i]->name, (int)strlen(m->verbs[i]->name));
}

static bool verb_named(const struct menu *m, const char *name)
{
	size_t i;

	for (i = 0; m->verbs[i]; i++)
		if (!strcmp(m->verbs[i]->name, name))
			return true;
	return false;
}

/* RouterOS takes a menu or command by any prefix that names only one of those at path
 * (`/ip ipsec mode-conf`, `/ip address pr`) */
struct abbrev {
	const char *word;
	size_t len;
	int n;				/* how many start with word */
	char full[64];
};

static void abbrev_cb(void *arg, const char *w, int len)
{
	struct abbrev *a = arg;

	if ((size_t)len > a->len && !strncmp(w, a->word, a->len) && (size_t)len < sizeof(a->full)) {
		if (!a->n++)
			snprintf(a->full, sizeof(a->full), "%.*s", len, w);
	}
}

/* the whole name el abbreviates at path, or el itself when none or several fit */
static const char *unabbreviate(const char *path, const char *el, struct abbrev *a)
{
	*a = (struct abbrev){ .word = el, .len = strlen(el) };
	if (a->len)
		each_choice(path, abbrev_cb, a);
	return a->n == 1 ? a->full : el;
}

struct choice_list {
	struct strbuf *sb;
	const char *sep;
};

static void add_choice(void *arg, const char *w, int len)
{
	struct choice_list *cl = arg;

	sb_printf(cl->sb, "%s%.*s", cl->sep, len, w);
	cl->sep = ", ";
}

static void list_choices(struct strbuf *err, const char *path)
{
	struct choice_list cl = { err, "" };

	sb_puts(err, "; expected one of: ");
	each_choice(path, add_choice, &cl);
}

static int run_verb(struct cli_ctx *c, const struct menu *m, const char *name, size_t col)
{
	struct cfg_menu view = { 0 };
	size_t i;
	int ret;

	for (i = 0; m->verbs[i]; i++) {
		if (strcmp(m->verbs[i]->name, name))
			continue;
		c->menu = m;
		c->verb = m->verbs[i];
		c->cfg = m->cfg;
		if (m->cfg && m->cfg->view) {
			view = *m->cfg;
			m->cfg->view(&view);
			c->cfg = &view;
		}
		ret = m->verbs[i]->run(c);
		if (c->cfg == &view)
			cfg_view_free(&view);
		return ret;
	}
	sb_printf(c->err, "bad command name %s (column %zu)", name, col);
	list_choices(c->err, m->path);
	return -1;
}

/*
 * Walks the words: path elements move, the first word that is not one is the verb and runs
 * with the rest as its arguments. No verb: the line moves the session there.
 */
int cli_exec(struct cli_session *s, const char *line, unsigned int ctl_flags,
	     struct strbuf *out, struct strbuf *err)
{
	struct words *ws = malloc(sizeof(*ws));
	struct cli_ctx c = { .s = s, .ws = ws, .flags = ctl_flags, .out = out, .err = err };
	char path[CLI_PATH_MAX], el_buf[WORDS_LINE_MAX];
	size_t i;

	s->moved = false;
	s->later = (struct cli_later){ 0 };
	if (!ws) {
		sb_puts(err, "out of memory");
		return -1;
	}
	build_menus();
	if (words_split(ws, line)) {
		sb_printf(err, "syntax error: %s", ws->err);
		goto fail;
	}
	snprintf(path, sizeof(path), "%s", s->path);
	for (i = 0; i < ws->n; i++) {
		const struct word *w = &ws->w[i];
		char *save = NULL, *el;

		if (w->quoted || w->value)
			goto not_a_verb;
		if (i == 0 && w->text[0] == '/')
			strcpy(path, "/");
		snprintf(el_buf, sizeof(el_buf), "%s", w->text);
		for (el = strtok_r(el_buf, "/", &save); el; el = strtok_r(NULL, "/", &save)) {
			char next[CLI_PATH_MAX];
			const struct menu *m = menu_at(path);
			struct abbrev ab;
			const char *name = el;

			if (!strcmp(el, "..")) {
				path_up(path);
				continue;
			}
			if (!(path_join(next, sizeof(next), path, el) && path_exists(next)) &&
			    !(m && verb_named(m, el)))
				name = unabbreviate(path, el, &ab);
			if (path_join(next, sizeof(next), path, name) && path_exists(next)) {
				strcpy(path, next);
				continue;
			}
			if (!m || (save && *save)) {	/* a verb is one whole word */
				sb_printf(err, "bad command name %s (column %zu)", el,
					  w->col + (size_t)(el - el_buf));
				list_choices(err, path);
				goto fail;
			}
			c.arg = i + 1;
			if (run_verb(&c, m, name, w->col))
				goto fail;
			free(ws);
			return 0;
		}
	}
	if (ws->n) {	/* only a path: go there */
		snprintf(s->path, sizeof(s->path), "%s", path);
		s->moved = true;
	}
	free(ws);
	return 0;
not_a_verb:
	sb_printf(err, "expected a menu or command, not %s (column %zu)", ws->w[i].text,
		  ws->w[i].col);
	list_choices(err, path);
fail:
	free(ws);
	return -1;
}

void cli_session_init(struct cli_session *s)
{
	*s = (struct cli_session){ .path = "/" };
}

/* --- completion */

struct completion {
	struct strbuf *out;
	const char *prefix;	/* the partial word */
	const char *lead;	/* written before each candidate ("key=" for values) */
};

static void offer(struct completion *k, const char *w, int len)
{
	size_t pl = strlen(k->prefix), ll = strlen(k->lead);
	char cand[256];

	snprintf(cand, sizeof(cand), "%s%.*s", k->lead, len, w);
	if (!strncmp(cand, k->prefix, pl) && strlen(cand) >= ll)
		sb_printf(k->out, "%s\n", cand);
}

static void offer_cb(void *arg, const char *w, int len)
{
	offer(arg, w, len);
}

/* The names of a menu's items: pools, profiles, secrets ... */
static void offer_names(struct completion *k, const struct cfg_menu *m)
{
	size_t i;

	for (i = 0; m && i < m->n; i++) {
		const char *name = cfg_get(m, &m->items[i], cfg_name_prop(m));

		offer(k, name, (int)strlen(name));
	}
}

/* ... and of a view's rows (/certificate's), filled for the purpose */
static void offer_view_names(struct completion *k, const struct cfg_menu *m)
{
	struct cfg_menu v = *m;

	v.items = NULL;
	v.n = 0;
	m->view(&v);
	offer_names(k, &v);
	cfg_view_free(&v);
}

/* A comma list "a,b" of choices. */
static void offer_list(struct completion *k, const char *list)
{
	const char *p = list;

	while (p && *p) {
		const char *e = strchr(p, ',');
		int len = (int)(e ? e - p : (long)strlen(p));

		if (*p != '@')	/* "@item": a placeholder, not a word to type */
			offer(k, p, len);
		p = e ? e + 1 : NULL;
	}
}

/* A property's values: its type's words, and the names of the items it may refer to. */
static void offer_values(struct completion *k, const struct cfg_prop *p)
{
	size_t i;

	if (!p->type)
		return;
	offer_list(k, p->type->choices);
	for (i = 0; !p->type->choices && p->type->words && p->type->words[i]; i++)
		offer(k, p->type->words[i], (int)strlen(p->type->words[i]));
	if (p->type->ref)
		offer_names(k, config_menu_by_path(p->type->ref));
}

/* "name=" for each property; conditions never offer the sensitive ones */
static void offer_props(struct completion *k, const struct cfg_menu *m, bool condition)
{
	size_t p;

	for (p = 0; m && p < m->nprops; p++) {
		char w[80];

		if (condition && (m->props[p].flags & CFG_P_SECRET))
			continue;
		snprintf(w, sizeof(w), "%s=", m->props[p].name);
		offer(k, w, (int)strlen(w));
	}
}

/* After `verb`: its arguments, property names, or a property's values after "name=". */
static void complete_args(struct completion *k, const struct menu *m, const struct verb *v,
			  const struct words *ws, size_t nargs)
{
	/* a view that takes add and set (/certificate) has properties to complete too */
	const struct cfg_menu *cm = m->cfg && (!m->cfg->view || m->cfg->view_add) ? m->cfg : NULL;
	const char *eq = strchr(k->prefix, '=');
	bool want_item = strstr(v->args, "@item") && nargs == 0 && !(cm && cm->singleton);
	bool props = strstr(v->args, "@props") != NULL, where = false;
	size_t i;

	for (i = ws->n - nargs; i < ws->n; i++) {
		if (!strcmp(ws->w[i].text, "where") || !strcmp(ws->w[i].text, "["))
			where = true;
		else if (!strcmp(ws->w[i].text, "]"))
			where = false;	/* after [find ...]: the properties to set */
	}
	if (eq && cm) {
		char key[64];
		int p;

		snprintf(key, sizeof(key), "%.*s", (int)(eq - k->prefix), k->prefix);
		p = cfg_prop_index(cm, key);
		if (p >= 0) {
			char lead[80];

			snprintf(lead, sizeof(lead), "%s=", key);
			k->lead = lead;
			offer_values(k, &cm->props[p]);
			k->lead = "";
		}
		return;
	}
	if (want_item) {
		if (cm && cm->view && cfg_prop_index(cm, cfg_name_prop(cm)) >= 0)
			offer_view_names(k, cm);
		else if (cm && cfg_prop_index(cm, cfg_name_prop(cm)) >= 0)
			offer_names(k, cm);
		offer(k, "[", 1);
		return;
	}
	if (where) {
		offer_props(k, cm, true);
		return;
	}
	if (props)
		offer_props(k, cm, false);
	else
		offer_list(k, v->args);
}

void cli_complete(const struct cli_session *s, const char *line, struct strbuf *out)
{
	struct words *ws = malloc(sizeof(*ws));
	size_t len = strlen(line), start = len, i;
	struct completion k = { out, "", "" };
	char path[CLI_PATH_MAX], head[WORDS_LINE_MAX];

	while (start && line[start - 1] != ' ' && line[start - 1] != '\t')
		start--;
	if (!ws || start >= sizeof(head))
		goto out;
	build_menus();
	memcpy(head, line, start);
	head[start] = '\0';
	k.prefix = line + start;
	if (words_split(ws, head))
		goto out;
	snprintf(path, sizeof(path), "%s", s->path);
	for (i = 0; i < ws->n; i++) {
		const char *t = ws->w[i].text;
		const struct menu *m = menu_at(path);
		char next[CLI_PATH_MAX];
		size_t v;

		if (i == 0 && t[0] == '/')
			strcpy(path, "/");
		if (t[0] == '/')
			t++;
		if (!strcmp(t, "..")) {
			path_up(path);
			continue;
		}
		if (*t && path_join(next, sizeof(next), path, t) && path_exists(next)) {
			snprintf(path, sizeof(path), "%s", next);
			continue;
		}
		for (v = 0; m && m->verbs[v]; v++)
			if (!strcmp(m->verbs[v]->name, t)) {
				complete_args(&k, m, m->verbs[v], ws, ws->n - i - 1);
				goto out;
			}
		goto out;	/* an unknown word: nothing fits after it */
	}
	if (k.prefix[0] == '/') {
		if (!ws->n)
			strcpy(path, "/");
		k.lead = "/";
	}
	each_choice(path, offer_cb, &k);
out:
	free(ws);
}
