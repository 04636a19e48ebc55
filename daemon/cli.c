// SPDX-License-Identifier: GPL-2.0
/*
 * The command language: a menu path (`/ppp secret`, also written `/ppp/secret`), a verb,
 * then arguments: an item (name, number from print, or `[find key=value ...]`) and
 * key=value properties. Errors name the bad word and list what would fit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "config.h"
#include "ctl.h"
#include "words.h"
#include "system.h"
#include "ppp/link.h"

#define MAX_PAIRS 64

struct cli_ctx {
	const struct words *ws;
	size_t arg;		/* first word after the verb */
	unsigned int flags;	/* CTL_F_* */
	struct strbuf *out;
	struct strbuf *err;
	struct cfg_menu *cfg;	/* the configuration menu, if the path is one */
};

struct verb {
	const char *name;
	int (*run)(struct cli_ctx *c);
};

struct menu {
	const char *path;
	const struct verb *verbs;
	enum cfg_menu_id cfg;	/* CFG_NMENUS: not a configuration menu */
};

static int no_args(struct cli_ctx *c)
{
	if (c->arg >= c->ws->n)
		return 0;
	sb_printf(c->err, "unexpected argument %s (line 1 column %zu)", c->ws->w[c->arg].text,
		  c->ws->w[c->arg].col);
	return -1;
}

static int print_resource(struct cli_ctx *c)
{
	if (no_args(c))
		return -1;
	system_resource_print(c->out, c->flags & CTL_F_JSON);
	return 0;
}

/* key=value arguments from word `from` on; 0 or -1 with the reason. */
static int pairs(struct cli_ctx *c, size_t from, const char **keys, const char **vals,
		 size_t *n)
{
	size_t i;

	*n = 0;
	for (i = from; i < c->ws->n; i++) {
		const struct word *w = &c->ws->w[i];

		if (!w->value) {
			sb_printf(c->err, "expected property=value, not %s (line 1 column %zu)",
				  w->text, w->col);
			return -1;
		}
		if (*n == MAX_PAIRS) {
			sb_puts(c->err, "too many properties");
			return -1;
		}
		keys[*n] = w->text;
		vals[(*n)++] = w->value;
	}
	return 0;
}

static bool matches(const struct cfg_menu *m, const struct cfg_item *it, const char **keys,
		    const char **vals, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(cfg_get(m, it, keys[i]), vals[i]))
			return false;
	return true;
}

/* `[find k=v ...]`: the first matching item; *next is the word after ']'. */
static struct cfg_item *find_item(struct cli_ctx *c, size_t *next)
{
	const char *keys[MAX_PAIRS], *vals[MAX_PAIRS];
	size_t i = c->arg + 1, n = 0, k;

	if (i >= c->ws->n || strcmp(c->ws->w[i].text, "find")) {
		sb_puts(c->err, "expected [find property=value ...]");
		return NULL;
	}
	for (i++; i < c->ws->n && strcmp(c->ws->w[i].text, "]") && n < MAX_PAIRS; i++) {
		if (!c->ws->w[i].value) {
			sb_printf(c->err, "expected property=value in find, not %s",
				  c->ws->w[i].text);
			return NULL;
		}
		keys[n] = c->ws->w[i].text;
		vals[n++] = c->ws->w[i].value;
	}
	if (i >= c->ws->n) {
		sb_puts(c->err, "missing ] after find");
		return NULL;
	}
	*next = i + 1;
	for (k = 0; k < c->cfg->n; k++)
		if (matches(c->cfg, &c->cfg->items[k], keys, vals, n))
			return &c->cfg->items[k];
	sb_printf(c->err, "no such item in %s", c->cfg->path);
	return NULL;
}

/* The item a set/remove names; *next is the first word after the selector. */
static struct cfg_item *select_item(struct cli_ctx *c, size_t *next)
{
	const struct word *w;
	struct cfg_item *it;
	char *end;
	unsigned long num;

	*next = c->arg;
	if (c->cfg->singleton)
		return &c->cfg->items[0];
	if (c->arg >= c->ws->n || c->ws->w[c->arg].value) {
		sb_printf(c->err, "which item? name it, give its number from print, or use [find ...]");
		return NULL;
	}
	w = &c->ws->w[c->arg];
	if (!strcmp(w->text, "["))
		return find_item(c, next);
	*next = c->arg + 1;
	num = strtoul(w->text, &end, 10);
	if (!*end && end != w->text && num < c->cfg->n)
		return &c->cfg->items[num];
	it = cfg_find(c->cfg, w->text);
	if (!it)
		sb_printf(c->err, "no such item: %s (line 1 column %zu)", w->text, w->col);
	return it;
}

static int cfg_add_verb(struct cli_ctx *c)
{
	const char *keys[MAX_PAIRS], *vals[MAX_PAIRS];
	size_t n;

	if (pairs(c, c->arg, keys, vals, &n))
		return -1;
	return cfg_add(c->cfg, keys, vals, n, c->err);
}

static int cfg_set_verb(struct cli_ctx *c)
{
	const char *keys[MAX_PAIRS], *vals[MAX_PAIRS];
	struct cfg_item *it;
	size_t next, n;

	it = select_item(c, &next);
	if (!it || pairs(c, next, keys, vals, &n))
		return -1;
	return cfg_set(c->cfg, it, keys, vals, n, c->err);
}

static int cfg_remove_verb(struct cli_ctx *c)
{
	struct cfg_item *it;
	size_t next;

	it = select_item(c, &next);
	if (!it)
		return -1;
	if (next < c->ws->n) {
		sb_printf(c->err, "unexpected argument %s", c->ws->w[next].text);
		return -1;
	}
	return cfg_remove(c->cfg, it, c->err);
}

static int cfg_print_verb(struct cli_ctx *c)
{
	if (no_args(c))
		return -1;
	cfg_print(c->cfg, c->out, c->flags & CTL_F_JSON);
	return 0;
}

static int active_print(struct cli_ctx *c)
{
	if (no_args(c))
		return -1;
	ppp_active_print(c->out, c->flags & CTL_F_JSON);
	return 0;
}

/* /ppp active remove NAME|NUMBER|[find name=NAME] */
static int active_remove(struct cli_ctx *c)
{
	const struct words *ws = c->ws;
	size_t i = c->arg;

	if (i < ws->n && !strcmp(ws->w[i].text, "[")) {
		for (i++; i < ws->n && !ws->w[i].value; i++)
			;
		if (i >= ws->n || strcmp(ws->w[i].text, "name")) {
			sb_puts(c->err, "expected [find name=USER]");
			return -1;
		}
		return ppp_active_remove(ws->w[i].value, c->err);
	}
	if (i >= ws->n || ws->w[i].value) {
		sb_puts(c->err, "which session? give its user name or number from print");
		return -1;
	}
	return ppp_active_remove(ws->w[i].text, c->err);
}

static int pool_used_print(struct cli_ctx *c)
{
	if (no_args(c))
		return -1;
	ppp_pool_used_print(c->out, c->flags & CTL_F_JSON);
	return 0;
}

static const struct verb pool_used_verbs[] = { { "print", pool_used_print }, { NULL, NULL } };

static const struct verb active_verbs[] = {
	{ "print", active_print }, { "remove", active_remove }, { NULL, NULL },
};

static const struct verb resource_verbs[] = { { "print", print_resource }, { NULL, NULL } };
static const struct verb cfg_verbs[] = {
	{ "add", cfg_add_verb }, { "set", cfg_set_verb }, { "remove", cfg_remove_verb },
	{ "print", cfg_print_verb }, { NULL, NULL },
};
static const struct verb singleton_verbs[] = {
	{ "set", cfg_set_verb }, { "print", cfg_print_verb }, { NULL, NULL },
};

static const struct menu menus[] = {
	{ "/system resource", resource_verbs, CFG_NMENUS },
	{ "/ip pool", cfg_verbs, CFG_POOL },
	{ "/ip pool used", pool_used_verbs, CFG_NMENUS },
	{ "/ppp profile", cfg_verbs, CFG_PROFILE },
	{ "/ppp secret", cfg_verbs, CFG_SECRET },
	{ "/ppp active", active_verbs, CFG_NMENUS },
	{ "/interface pptp-server server", singleton_verbs, CFG_PPTP_SERVER },
};

#define NMENUS (sizeof(menus) / sizeof(menus[0]))

/* Is `path` a menu, a strict prefix of one (1), or neither (0)? Menu: 2. */
static int path_kind(const char *path, const struct menu **m)
{
	size_t i, n = strlen(path);
	int kind = 0;

	for (i = 0; i < NMENUS; i++) {
		if (!strcmp(menus[i].path, path)) {
			*m = &menus[i];
			return 2;
		}
		if (!strncmp(menus[i].path, path, n) && menus[i].path[n] == ' ')
			kind = 1;
	}
	return kind;
}

/* What may follow `path`: the next path words, then the menu's verbs. */
static void list_choices(struct strbuf *err, const char *path, const struct menu *m)
{
	size_t i, n = strcmp(path, "/") ? strlen(path) : 0;
	const char *sep = "";

	const char *seen[NMENUS];
	int seen_len[NMENUS];
	size_t nseen = 0, j;

	sb_puts(err, "; expected one of: ");
	for (i = 0; i < NMENUS; i++) {
		const char *rest = menus[i].path + n, *end;
		int len;

		if (strncmp(menus[i].path, path, n) || (n && *rest != ' ') || !rest[0])
			continue;
		rest++;		/* the blank, or the root's '/' */
		end = strchr(rest, ' ');
		len = (int)(end ? end - rest : (long)strlen(rest));
		for (j = 0; j < nseen && (seen_len[j] != len || strncmp(seen[j], rest, len)); j++)
			;
		if (j < nseen)
			continue;	/* /ppp profile and /ppp secret both lead through ppp */
		seen[nseen] = rest;
		seen_len[nseen++] = len;
		sb_printf(err, "%s%.*s", sep, len, rest);
		sep = ", ";
	}
	for (i = 0; m && m->verbs[i].name; i++, sep = ", ")
		sb_printf(err, "%s%s", sep, m->verbs[i].name);
}

static int run_verb(struct cli_ctx *c, const struct menu *m, const char *name, size_t col)
{
	size_t i;

	for (i = 0; m->verbs[i].name; i++) {
		if (!strcmp(m->verbs[i].name, name)) {
			c->cfg = m->cfg < CFG_NMENUS ? config_menu(m->cfg) : NULL;
			return m->verbs[i].run(c);
		}
	}
	sb_printf(c->err, "bad command name %s (line 1 column %zu)", name, col);
	list_choices(c->err, m->path, m);
	return -1;
}

/*
 * Appends one path element, or runs it as the verb of the menu reached so far (a menu may
 * also lead further: /ip pool, /ip pool used). Returns 1 when done (status in *status).
 */
static int step(struct cli_ctx *c, char *path, size_t cap, const struct menu **m,
		const char *el, size_t col, int *status)
{
	const struct menu *longer = NULL;
	char next[256];
	int kind;

	snprintf(next, sizeof(next), "%s%s%s", path, strcmp(path, "/") ? " " : "", el);
	kind = path_kind(next, &longer);
	if (kind) {
		snprintf(path, cap, "%s", next);
		*m = kind == 2 ? longer : NULL;
		return 0;
	}
	if (*m) {
		*status = run_verb(c, *m, el, col);
		return 1;
	}
	sb_printf(c->err, "bad command name %s (line 1 column %zu)", el, col);
	list_choices(c->err, path, NULL);
	*status = -1;
	return 1;
}

int cli_exec(const char *line, unsigned int ctl_flags, struct strbuf *out, struct strbuf *err)
{
	struct words *ws = malloc(sizeof(*ws));
	struct cli_ctx c = { ws, 0, ctl_flags, out, err, NULL };
	const struct menu *m = NULL;
	char path[256] = "/";
	int status = -1;
	size_t i;

	if (!ws) {
		sb_puts(err, "out of memory");
		return -1;
	}
	if (words_split(ws, line)) {
		sb_printf(err, "syntax error: %s", ws->err);
		goto out;
	}
	for (i = 0; i < ws->n; i++) {
		char el_buf[WORDS_LINE_MAX], *save = NULL, *el;
		const struct word *w = &ws->w[i];

		if (w->quoted || w->value) {
			sb_printf(err, "expected a menu or command, not %s (line 1 column %zu)",
				  w->text, w->col);
			goto out;
		}
		snprintf(el_buf, sizeof(el_buf), "%s", w->text);
		for (el = strtok_r(el_buf, "/", &save); el; el = strtok_r(NULL, "/", &save)) {
			c.arg = i + 1;
			if (step(&c, path, sizeof(path), &m, el, w->col + (size_t)(el - el_buf), &status))
				goto out;
		}
	}
	status = 0;	/* an empty line does nothing, as at the console */
	if (ws->n) {
		sb_printf(err, "incomplete command: %s needs a command", path);
		list_choices(err, path, m);
		status = -1;
	}
out:
	free(ws);
	return status ? -1 : 0;
}
