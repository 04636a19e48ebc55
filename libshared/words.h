/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Splitting a RouterOS-style command line into words:
 *   /ppp secret add name="road warrior" password=s\"x [find name=u]
 * Words are separated by blanks; double quotes group, with the escapes \" \\ \n \r \t \$ \?
 * and \_ (a space); '[' and ']' stand alone; a word's first unquoted '=' splits key and value
 * ('~' too, for `where name~regex`; the operator is kept in op).
 */
#ifndef SLUICE_WORDS_H
#define SLUICE_WORDS_H

#include <stddef.h>

#define WORDS_MAX 256
#define WORDS_LINE_MAX 16384

struct word {
	const char *text;	/* unquoted, NUL-terminated, in the words' own storage */
	const char *value;	/* after the first unquoted '=' or '~', or NULL */
	char op;		/* '=' or '~' when value is set, else 0 */
	size_t col;		/* 1-based column of the word's first character */
	int quoted;		/* any part was quoted: never a menu path or a verb */
};

struct words {
	struct word w[WORDS_MAX];
	size_t n;
	char buf[WORDS_LINE_MAX * 2];	/* each word's text, then each key's copy */
	char err[128];			/* set when words_split fails */
};

/* Splits line into ws; returns 0, or -1 with ws->err saying what and where. */
int words_split(struct words *ws, const char *line);

#endif /* SLUICE_WORDS_H */
