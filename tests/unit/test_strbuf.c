// SPDX-License-Identifier: GPL-2.0
/* libshared/strbuf.c: growth, JSON strings and RouterOS durations. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "strbuf.h"

static void test_growth(void **state)
{
	struct strbuf sb;
	int i;

	(void)state;
	sb_init(&sb);
	for (i = 0; i < 1000; i++)
		sb_printf(&sb, "%04d,", i);
	assert_int_equal(sb.len, 5000);
	assert_int_equal(strlen(sb.p), 5000);
	assert_memory_equal(sb.p + 4995, "0999,", 5);
	sb_reset(&sb);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.p, "");
	sb_free(&sb);
}

static void test_json(void **state)
{
	struct strbuf sb;

	(void)state;
	sb_init(&sb);
	sb_json_str(&sb, "a\"b\\c\nd\x01");
	assert_string_equal(sb.p, "\"a\\\"b\\\\c\\u000ad\\u0001\"");
	sb_free(&sb);
}

static void test_duration(void **state)
{
	static const struct { uint64_t s; const char *want; } cases[] = {
		{ 0, "0s" }, { 59, "59s" }, { 60, "1m" }, { 61, "1m1s" }, { 3600, "1h" },
		{ 86399, "23h59m59s" }, { 86400 + 5, "1d5s" }, { 694861, "1w1d1h1m1s" },
		{ 604800 * 100, "100w" },
	};
	struct strbuf sb;
	size_t i;

	(void)state;
	sb_init(&sb);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sb_reset(&sb);
		sb_duration(&sb, cases[i].s);
		assert_string_equal(sb.p, cases[i].want);
	}
	sb_free(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_duration),
	};

	return cmocka_run_group_tests_name("strbuf", tests, NULL, NULL);
}
