// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration as text: print's table for people, its detail and JSON forms, and
 * export, the script that rebuilds the configuration (also what the configuration file
 * holds). Export writes only what differs from what an item is built with, so an export
 * imported into a fresh daemon exports identically.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "admin/config_text.h"
#include "core/log.h"
#include "version.h"

static bool is_secret(const struct cfg_menu *m, size_t p)
{
	return m->props[p].flags & CFG_P_SECRET;
}

static bool is_control(char c)
{
	return (unsigned char)c < 0x20 || c == 0x7f;
}

static bool has_control(const char *v)
{
	for (; *v; v++)
		if (is_control(*v))
			return true;
	return false;
}

/*
 * As words.c reads it back: bare when that is unambiguous, else quoted with escapes; a
 * control byte (what a peer may have put in its user name) as RouterOS's \XX, so that
 * no value can move a terminal's cursor or start a line of its own.
 */
void cfg_quote(struct strbuf *out, const char *v)
{
	const char *c;

	if (*v && !v[strcspn(v, " \t\r\n\"\\[]=~#$?;{}")] && !has_control(v)) {
		sb_puts(out, v);
		return;
	}
	sb_puts(out, "\"");
	for (c = v; *c; c++) {
		switch (*c) {
		case '"': sb_puts(out, "\\\""); break;
		case '\\': sb_puts(out, "\\\\"); break;
		case '\n': sb_puts(out, "\\n"); break;
		case '\r': sb_puts(out, "\\r"); break;
		case '\t': sb_puts(out, "\\t"); break;
		case '$': sb_puts(out, "\\$"); break;
		case '?': sb_puts(out, "\\?"); break;
		default:
			if (is_control(*c))
				sb_printf(out, "\\%02X", (unsigned char)*c);
			else
				sb_add(out, c, 1);
		}
	}
	sb_puts(out, "\"");
}

/* A value for a table cell: control bytes as \XX, the rest (UTF-8 too) as it is. */
static const char *shown(const char *v)
{
	static char buf[CFG_VALUE_MAX * 3 + 1];
	size_t o = 0;

	if (!has_control(v))
		return v;
	for (; *v && o + 4 < sizeof(buf); v++) {
		if (is_control(*v))
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "\\%02X", (unsigned char)*v);
		else
			buf[o++] = *v;
	}
	buf[o] = '\0';
	return buf;
}

static const char *flags_of(const struct cfg_menu *m, const struct cfg_item *it)
{
	static char flags[8];
	int d = cfg_prop_index(m, "disabled");
	bool off = d >= 0 && !strcmp(cfg_get_i(m, it, (size_t)d), "yes");

	snprintf(flags, sizeof(flags), "%s%s%s%s", off ? "X" : "",
		 m->live_flags ? m->live_flags(m, it) : "", it->dynamic ? "D" : "",
		 it->builtin ? "*" : "");
	return flags;
}

static void flags_legend(const struct cfg_menu *m, struct strbuf *out)
{
	size_t i;
	bool builtins = false, dynamic = false;

	for (i = 0; i < m->n; i++) {
		builtins |= m->items[i].builtin;
		dynamic |= m->items[i].dynamic != NULL;
	}
	if (m->legend)
		sb_printf(out, "%s\n", m->legend);
	else if (cfg_prop_index(m, "disabled") >= 0)
		sb_printf(out, "Flags: X - disabled%s%s%s\n",
			  m->live_flags ? ", R - running" : "", dynamic ? ", D - dynamic" : "",
			  builtins ? ", * - default" : "");
	else if (builtins || dynamic)
		sb_printf(out, "Flags: %s%s%s\n", dynamic ? "D - dynamic" : "",
			  dynamic && builtins ? ", " : "", builtins ? "* - default" : "");
}

static void comment_line(const struct cfg_menu *m, const struct cfg_item *it,
			 struct strbuf *out)
{
	const char *c = cfg_get(m, it, "comment");
	char shown[CFG_VALUE_MAX * 4 + 1];

	if (!*c)
		return;
	/* a newline in a comment must not draw a row of its own */
	log_escape(shown, sizeof(shown), c);
	sb_printf(out, " ;;; %s\n", shown);
}

/* A singleton: "name: value" lines with the names right-aligned, as RouterOS prints them. */
static void print_singleton(const struct cfg_menu *m, struct strbuf *out)
{
	size_t p, w = 0;

	for (p = 0; p < m->nprops; p++)
		if (strlen(m->props[p].name) > w)
			w = strlen(m->props[p].name);
	for (p = 0; p < m->nprops; p++)
		if (!is_secret(m, p))
			sb_printf(out, "%*s: %s\n", (int)w + 2, m->props[p].name,
				  shown(cfg_get_i(m, &m->items[0], p)));
}

static bool line_start(const struct strbuf *out)
{
	return !out->len || out->p[out->len - 1] == '\n';
}

/* A table row ends without the last column's padding. */
static void end_row(struct strbuf *out)
{
	while (out->len && out->p[out->len - 1] == ' ')
		out->p[--out->len] = '\0';
	sb_puts(out, "\n");
}

static bool is_column(const struct cfg_menu *m, size_t p)
{
	return m->props[p].flags & CFG_P_COLUMN;
}

void cfg_print_table(const struct cfg_menu *m, const size_t *idx, size_t n, struct strbuf *out)
{
	size_t width[64] = { 0 }, p, i, fw = 0;

	if (m->singleton && m->n) {
		print_singleton(m, out);
		return;
	}
	for (p = 0; p < m->nprops && p < 64; p++) {
		width[p] = strlen(m->props[p].name);
		for (i = 0; i < n; i++) {
			size_t len = strlen(shown(cfg_get_i(m, &m->items[idx[i]], p)));

			width[p] = len > width[p] ? len : width[p];
		}
	}
	for (i = 0; i < n; i++)
		fw = strlen(flags_of(m, &m->items[idx[i]])) > fw ? strlen(flags_of(m, &m->items[idx[i]])) : fw;
	flags_legend(m, out);
	if (!m->unnumbered)
		sb_printf(out, " # %*s", (int)fw, "");
	for (p = 0; p < m->nprops && p < 64; p++) {
		char head[64];
		size_t k;

		if (!is_column(m, p))
			continue;
		for (k = 0; m->props[p].name[k] && k + 1 < sizeof(head); k++)
			head[k] = (char)toupper((unsigned char)m->props[p].name[k]);
		head[k] = '\0';
		/* unnumbered rows start with their first column, as /ip pool used did */
		sb_printf(out, "%s%-*s", line_start(out) ? "" : " ", (int)width[p], head);
	}
	end_row(out);
	for (i = 0; i < n; i++) {
		const struct cfg_item *it = &m->items[idx[i]];

		comment_line(m, it, out);
		if (!m->unnumbered)
			sb_printf(out, "%2zu %-*s", idx[i], (int)fw, flags_of(m, it));
		for (p = 0; p < m->nprops && p < 64; p++)
			if (is_column(m, p))
				sb_printf(out, "%s%-*s", line_start(out) ? "" : " ",
					  (int)width[p], shown(cfg_get_i(m, it, p)));
		end_row(out);
	}
}

void cfg_print_detail(const struct cfg_menu *m, const size_t *idx, size_t n,
		      struct strbuf *out)
{
	size_t i, p;

	if (m->singleton && m->n) {
		print_singleton(m, out);
		return;
	}
	flags_legend(m, out);
	for (i = 0; i < n; i++) {
		const struct cfg_item *it = &m->items[idx[i]];

		comment_line(m, it, out);
		if (!m->unnumbered)
			sb_printf(out, "%2zu %-2s", idx[i], flags_of(m, it));
		for (p = 0; p < m->nprops; p++) {
			if (is_secret(m, p) || !strcmp(m->props[p].name, "comment"))
				continue;
			sb_printf(out, " %s=", m->props[p].name);
			cfg_quote(out, cfg_get_i(m, it, p));
		}
		sb_puts(out, "\n");
	}
}

void cfg_print_json(const struct cfg_menu *m, const size_t *idx, size_t n, struct strbuf *out)
{
	size_t i, p;

	sb_puts(out, "[");
	for (i = 0; i < n; i++) {
		const struct cfg_item *it = &m->items[idx[i]];
		const char *sep = "";

		sb_puts(out, i ? ",{" : "{");
		for (p = 0; p < m->nprops; p++) {
			if (is_secret(m, p))
				continue;	/* secrets are never printed */
			sb_puts(out, sep);
			sb_json_str(out, m->props[p].name);
			sb_puts(out, ":");
			sb_json_str(out, cfg_get_i(m, it, p));
			sep = ",";
		}
		if (it->dynamic)	/* flag D, as RouterOS's as-value says dynamic */
			sb_printf(out, "%s\"dynamic\":\"yes\"", sep);
		sb_puts(out, "}");
	}
	sb_puts(out, "]\n");
}

/* One item's export line, or nothing when it is as built. */
static void export_item(const struct cfg_menu *m, size_t i, bool hide, struct strbuf *out)
{
	const struct cfg_item *it = &m->items[i];
	struct strbuf line;
	size_t p;

	if (it->dynamic)	/* its owner makes it again from what is exported */
		return;
	sb_init(&line);
	for (p = 0; p < m->nprops; p++) {
		const char *v = cfg_get_i(m, it, p);

		if ((hide && is_secret(m, p)) || !strcmp(v, cfg_base_i(m, it, p)))
			continue;
		sb_printf(&line, " %s=", m->props[p].name);
		cfg_quote(&line, v);
	}
	if (!it->builtin) {
		sb_printf(out, "add%s\n", line.p ? line.p : "");
	} else if (line.len) {
		if (m->singleton)
			sb_puts(out, "set");
		else if (cfg_prop_index(m, cfg_name_prop(m)) >= 0)
			sb_printf(out, "set [ find %s=%s ]", cfg_name_prop(m),
				  cfg_get(m, it, cfg_name_prop(m)));
		else
			sb_printf(out, "set %zu", i);	/* built-ins come first and stay */
		sb_printf(out, "%s\n", line.p);
	}
	sb_free(&line);
}

void cfg_export_menu(const struct cfg_menu *m, bool hide, struct strbuf *out)
{
	struct strbuf body;
	size_t i;

	sb_init(&body);
	for (i = 0; i < m->n; i++)
		export_item(m, i, hide, &body);
	if (body.len)
		sb_printf(out, "%s\n%s", m->path, body.p);
	sb_free(&body);
}

void config_export(bool hide, struct strbuf *out)
{
	const struct cfg_menu *m;
	size_t i;

	sb_printf(out, "# sluice %s configuration, as `pppctl /export` prints it\n", SLUICE_VERSION);
	for (i = 0; (m = config_menu_at(i)); i++)
		if (!m->view)
			cfg_export_menu(m, hide, out);
}
