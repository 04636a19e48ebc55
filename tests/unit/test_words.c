// SPDX-License-Identifier: GPL-2.0
/* libshared/words.c: splitting RouterOS-style command lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "words.h"

struct split_case {
	const char *line;
	size_t n;
	const char *text[4];	/* the first words' text (the key, for key=value) */
	const char *value[4];	/* their values, NULL where none */
	size_t col[4];
};

static const struct split_case split_cases[] = {
	{ "", 0, { 0 }, { 0 }, { 0 } },
	{ "   \t ", 0, { 0 }, { 0 }, { 0 } },
	{ "/system resource print", 3, { "/system", "resource", "print" }, { 0 }, { 1, 9, 18 } },
	{ "/ppp/secret/add name=u password=p", 3, { "/ppp/secret/add", "name", "password" },
	  { NULL, "u", "p" }, { 1, 17, 24 } },
	{ "add comment=\"road warrior\"", 2, { "add", "comment" }, { NULL, "road warrior" },
	  { 1, 5 } },
	{ "set password=\"a\\\"b\\\\c\"", 2, { "set", "password" }, { NULL, "a\"b\\c" }, { 1, 5 } },
	{ "x=\"a=b\" y==", 2, { "x", "y" }, { "a=b", "=" }, { 1, 9 } },
	{ "remove [find name=u]", 5, { "remove", "[", "find", "name" }, { NULL, NULL, NULL, "u" },
	  { 1, 8, 9, 14 } },
	{ "a=\"\\_\\t\\n\"", 1, { "a" }, { " \t\n" }, { 1 } },
	{ "\"quoted verb\"", 1, { "quoted verb" }, { NULL }, { 1 } },
	{ "k=", 1, { "k" }, { "" }, { 1 } },
};

static void test_split_table(void **state)
{
	static struct words ws;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(split_cases) / sizeof(split_cases[0]); i++) {
		const struct split_case *c = &split_cases[i];

		assert_int_equal(words_split(&ws, c->line), 0);
		assert_int_equal(ws.n, c->n);
		for (j = 0; j < c->n && j < 4; j++) {
			assert_string_equal(ws.w[j].text, c->text[j]);
			if (c->value[j])
				assert_string_equal(ws.w[j].value, c->value[j]);
			else
				assert_null(ws.w[j].value);
			assert_int_equal(ws.w[j].col, c->col[j]);
		}
	}
}

static void test_quoted_flag(void **state)
{
	static struct words ws;

	(void)state;
	assert_int_equal(words_split(&ws, "print \"print\" x=\"1\""), 0);
	assert_false(ws.w[0].quoted);
	assert_true(ws.w[1].quoted);
	assert_true(ws.w[2].quoted);
}

struct bad_case {
	const char *line;
	const char *err;	/* a part of the message */
};

static const struct bad_case bad_cases[] = {
	{ "add comment=\"open", "unterminated quoted string (column 5)" },
	{ "\"", "unterminated" },
	{ "x=\"\\q\"", "unknown escape" },
	{ "x=\"\\", "unknown escape" },
};

static void test_split_errors(void **state)
{
	static struct words ws;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		assert_int_equal(words_split(&ws, bad_cases[i].line), -1);
		assert_non_null(strstr(ws.err, bad_cases[i].err));
	}
}

static void test_limits(void **state)
{
	static struct words ws;
	static char line[WORDS_LINE_MAX + 10];
	size_t i;

	(void)state;
	/* WORDS_MAX words fit, one more does not */
	line[0] = '\0';
	for (i = 0; i < WORDS_MAX; i++)
		strcat(line, "a ");
	assert_int_equal(words_split(&ws, line), 0);
	assert_int_equal(ws.n, WORDS_MAX);
	strcat(line, "b");
	assert_int_equal(words_split(&ws, line), -1);
	assert_non_null(strstr(ws.err, "too many words"));

	/* the longest line of brackets (each stored as two bytes) fits the storage */
	memset(line, '[', WORDS_LINE_MAX - 1);
	line[WORDS_LINE_MAX - 1] = '\0';
	assert_int_equal(words_split(&ws, line), -1);	/* too many words, not an overflow */
	memset(line, 'x', WORDS_LINE_MAX - 1);
	assert_int_equal(words_split(&ws, line), 0);
	assert_int_equal(strlen(ws.w[0].text), WORDS_LINE_MAX - 1);
	memset(line, 'x', WORDS_LINE_MAX);
	line[WORDS_LINE_MAX] = '\0';
	assert_int_equal(words_split(&ws, line), -1);
	assert_non_null(strstr(ws.err, "line too long"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_table),
		cmocka_unit_test(test_quoted_flag),
		cmocka_unit_test(test_split_errors),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests_name("words", tests, NULL, NULL);
}
