// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include "words.h"

static int fail(struct words *ws, size_t col, const char *what)
{
	snprintf(ws->err, sizeof(ws->err), "%s (column %zu)", what, col);
	return -1;
}

static int escape_char(char c)
{
	switch (c) {
	case '"': return '"';
	case '\\': return '\\';
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	case '$': return '$';
	case '?': return '?';
	case '_': return ' ';
	}
	return -1;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* RouterOS's \XX: the byte with hexadecimal code XX (not 00); -1 if line is not one */
static int hex_escape(const char *line)
{
	int hi = hex_digit(line[0]), lo = hi < 0 ? -1 : hex_digit(line[1]);

	return lo < 0 || (hi | lo) == 0 ? -1 : hi << 4 | lo;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Copies one word starting at line[*i] into out (room for at least the rest of the line,
 * since unquoting only shrinks); notes the first unquoted '=' at *eq.
 */
static int scan_word(struct words *ws, const char *line, size_t *i, char *out,
		     long *eq, char *op, int *quoted)
{
	size_t o = 0, start = *i;
	int inq = 0, e;

	*eq = -1;
	*quoted = 0;
	while (line[*i] && (inq || (!is_blank(line[*i]) && line[*i] != '[' && line[*i] != ']'))) {
		char c = line[(*i)++];

		if (c == '"') {
			inq = !inq;
			*quoted = 1;
		} else if (c == '\\' && inq) {
			e = hex_escape(line + *i);
			if (e >= 0) {
				out[o++] = (char)e;
				*i += 2;
				continue;
			}
			e = escape_char(line[*i]);
			if (e < 0)
				return fail(ws, *i + 1, "unknown escape in quoted string");
			out[o++] = (char)e;
			(*i)++;
		} else {
			if ((c == '=' || c == '~') && !inq && *eq < 0) {
				*eq = (long)o;
				*op = c;
			}
			out[o++] = c;
		}
	}
	if (inq)
		return fail(ws, start + 1, "unterminated quoted string");
	out[o] = '\0';
	return (int)o;
}

int words_split(struct words *ws, const char *line)
{
	size_t len = strlen(line), i = 0, used = 0;

	ws->n = 0;
	ws->err[0] = '\0';
	if (len >= WORDS_LINE_MAX)
		return fail(ws, WORDS_LINE_MAX, "line too long");
	while (line[i]) {
		struct word *w;
		long eq;
		char op = 0;
		int n, quoted;

		while (is_blank(line[i]))
			i++;
		if (!line[i])
			break;
		if (ws->n == WORDS_MAX)
			return fail(ws, i + 1, "too many words");
		w = &ws->w[ws->n];
		w->col = i + 1;
		if (line[i] == '[' || line[i] == ']') {
			ws->buf[used] = line[i++];
			ws->buf[used + 1] = '\0';
			n = 1;
			eq = -1;
			quoted = 0;
		} else {
			n = scan_word(ws, line, &i, ws->buf + used, &eq, &op, &quoted);
			if (n < 0)
				return -1;
		}
		w->text = ws->buf + used;
		w->quoted = quoted;
		w->value = NULL;
		w->op = op;
		if (eq >= 0) {
			/* key=value (or key~regex): the value follows the operator, the key ends at it */
			ws->buf[used + eq] = '\0';
			w->value = ws->buf + used + eq + 1;
		}
		used += (size_t)n + 1;
		ws->n++;
	}
	return 0;
}
