// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "ctl.h"
#include "words.h"
#include "system.h"

struct cli_ctx {
	const struct words *ws;
	size_t arg;		/* first word after the verb */
	unsigned int flags;	/* CTL_F_* */
	struct strbuf *out;
	struct strbuf *err;
};

struct verb {
	const char *name;
	int (*run)(struct cli_ctx *c);
};

struct menu {
	const char *name;
	const struct menu *sub;		/* NULL-terminated by name */
	const struct verb *verbs;	/* NULL-terminated by name */
};

static int print_resource(struct cli_ctx *c)
{
	if (c->arg < c->ws->n) {
		sb_printf(c->err, "unexpected argument %s (line 1 column %zu)",
			  c->ws->w[c->arg].text, c->ws->w[c->arg].col);
		return -1;
	}
	system_resource_print(c->out, c->flags & CTL_F_JSON);
	return 0;
}

static const struct verb resource_verbs[] = { { "print", print_resource }, { NULL, NULL } };
static const struct menu system_menus[] = {
	{ "resource", NULL, resource_verbs },
	{ NULL, NULL, NULL },
};
static const struct menu root_menus[] = {
	{ "system", system_menus, NULL },
	{ NULL, NULL, NULL },
};

static void list_choices(struct strbuf *err, const struct menu *m)
{
	const char *sep = "";
	int i;

	sb_puts(err, "; expected one of: ");
	for (i = 0; m->sub && m->sub[i].name; i++, sep = ", ")
		sb_printf(err, "%s%s", sep, m->sub[i].name);
	for (i = 0; m->verbs && m->verbs[i].name; i++, sep = ", ")
		sb_printf(err, "%s%s", sep, m->verbs[i].name);
}

static const struct menu *find_menu(const struct menu *m, const char *name)
{
	int i;

	for (i = 0; m->sub && m->sub[i].name; i++)
		if (!strcmp(m->sub[i].name, name))
			return &m->sub[i];
	return NULL;
}

static const struct verb *find_verb(const struct menu *m, const char *name)
{
	int i;

	for (i = 0; m->verbs && m->verbs[i].name; i++)
		if (!strcmp(m->verbs[i].name, name))
			return &m->verbs[i];
	return NULL;
}

/* One path element: descend into a menu, or run a verb (returns 1 when a verb ran). */
static int step(struct cli_ctx *c, const struct menu **m, const char *name, size_t col,
		int *status)
{
	const struct menu *sub = find_menu(*m, name);
	const struct verb *v;

	if (sub) {
		*m = sub;
		return 0;
	}
	v = find_verb(*m, name);
	if (!v) {
		sb_printf(c->err, "bad command name %s (line 1 column %zu)", name, col);
		list_choices(c->err, *m);
		*status = -1;
		return 1;
	}
	*status = v->run(c);
	return 1;
}

/* Walks "/a/b/verb" written as one word, or as "/a b verb"; the path starts at the root. */
int cli_exec(const char *line, unsigned int ctl_flags, struct strbuf *out, struct strbuf *err)
{
	static const struct menu root = { "", root_menus, NULL };
	struct words ws;
	struct cli_ctx c = { &ws, 0, ctl_flags, out, err };
	const struct menu *m = &root;
	int status = 0;
	size_t i;

	if (words_split(&ws, line)) {
		sb_printf(err, "syntax error: %s", ws.err);
		return -1;
	}
	for (i = 0; i < ws.n; i++) {
		char path[WORDS_LINE_MAX], *save = NULL, *el;
		const struct word *w = &ws.w[i];

		if (w->quoted || w->value) {
			sb_printf(err, "expected a menu or command, not %s (line 1 column %zu)",
				  w->text, w->col);
			return -1;
		}
		snprintf(path, sizeof(path), "%s", w->text);
		for (el = strtok_r(path, "/", &save); el; el = strtok_r(NULL, "/", &save)) {
			c.arg = i + 1;
			if (step(&c, &m, el, w->col + (size_t)(el - path), &status))
				return status;
		}
	}
	if (ws.n == 0)
		return 0;	/* an empty line does nothing, as at the console */
	sb_printf(err, "incomplete command: %s needs a command", m->name);
	list_choices(err, m);
	return -1;
}
