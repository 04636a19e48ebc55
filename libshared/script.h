/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading RouterOS scripts line by line, as `import` and the configuration file do: a line
 * ending in a backslash continues on the next; '#' starts a comment at the start of a line
 * or after a blank, outside double quotes. Each complete command comes out as one line,
 * with the number of the physical line it began on, for error messages.
 */
#ifndef SLUICE_SCRIPT_H
#define SLUICE_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include "words.h"

struct script {
	char cmd[WORDS_LINE_MAX];	/* the command being assembled, NUL-terminated */
	size_t len;
	size_t lineno;			/* physical lines fed so far */
	size_t first;			/* the line the current command began on */
	bool pending;			/* a continuation is open */
	bool overflow;			/* the command grew past WORDS_LINE_MAX */
};

enum script_status { SCRIPT_MORE = 0, SCRIPT_CMD = 1, SCRIPT_TOO_LONG = -1 };

void script_init(struct script *s);
/* Feeds one physical line (a trailing newline is ignored). SCRIPT_CMD: s->cmd holds a
 * command (possibly empty: nothing to run) that began on line s->first. */
enum script_status script_feed(struct script *s, const char *line);
/* At the end of input: SCRIPT_CMD if a continued command is still open. */
enum script_status script_end(struct script *s);

#endif /* SLUICE_SCRIPT_H */
