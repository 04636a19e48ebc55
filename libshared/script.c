// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include "script.h"

void script_init(struct script *s)
{
	memset(s, 0, sizeof(*s));
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The length of line without its comment; *cont: it ends in a continuation backslash. */
static size_t content_len(const char *line, size_t len, bool *cont)
{
	bool inq = false;
	size_t i;

	for (i = 0; i < len; i++) {
		if (inq && line[i] == '\\' && i + 1 < len) {
			i++;		/* an escape: \" does not end the string */
		} else if (line[i] == '"') {
			inq = !inq;
		} else if (!inq && line[i] == '#' && (i == 0 || blank(line[i - 1]))) {
			len = i;
			break;
		}
	}
	while (len && blank(line[len - 1]))
		len--;
	*cont = !inq && len && line[len - 1] == '\\';
	return *cont ? len - 1 : len;
}

static void start(struct script *s)
{
	s->len = 0;
	s->cmd[0] = '\0';
	s->first = s->lineno;
	s->overflow = false;
}

enum script_status script_feed(struct script *s, const char *line)
{
	size_t len = strlen(line), n;
	bool cont;

	s->lineno++;
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (!s->pending)
		start(s);
	n = content_len(line, len, &cont);
	if (s->len + n + 2 > sizeof(s->cmd)) {
		s->overflow = true;
	} else {
		memcpy(s->cmd + s->len, line, n);
		s->len += n;
		if (cont)
			s->cmd[s->len++] = ' ';	/* the words either side stay apart */
		s->cmd[s->len] = '\0';
	}
	s->pending = cont;
	if (cont)
		return SCRIPT_MORE;
	return s->overflow ? SCRIPT_TOO_LONG : SCRIPT_CMD;
}

enum script_status script_end(struct script *s)
{
	if (!s->pending)
		return SCRIPT_MORE;
	s->pending = false;
	return s->overflow ? SCRIPT_TOO_LONG : SCRIPT_CMD;
}
