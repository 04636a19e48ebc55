// SPDX-License-Identifier: GPL-2.0
/*
 * libshared/rate_limit.c: RouterOS's rate-limit grammar (/ppp profile rate-limit, RADIUS
 * Mikrotik-Rate-Limit) with its defaults: a missing tx is the rx, thresholds default to
 * the rates, burst-time to 1 s, min to the rate; every malformed field refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "rate_limit.h"

static struct rate_limit parse_ok(const char *text)
{
	struct rate_limit rl;
	const char *why = NULL;

	assert_int_equal(rate_limit_parse(text, &rl, &why), 0);
	assert_null(why);
	return rl;
}

static void test_rx_tx(void **state)
{
	struct rate_limit rl = parse_ok("2M/1M");

	(void)state;
	assert_int_equal(rl.rx.rate, 2000000);	/* the client's upload */
	assert_int_equal(rl.tx.rate, 1000000);	/* its download */
	assert_int_equal(rl.rx.burst_rate, 0);
	assert_false(rate_dir_has_burst(&rl.rx));
	assert_int_equal(rl.rx.burst_threshold, 2000000);
	assert_int_equal(rl.tx.burst_time_ms, 1000);
	assert_int_equal(rl.rx.min, 2000000);
	assert_int_equal(rl.tx.min, 1000000);
	assert_int_equal(rl.priority, 8);
}

/* RouterOS's examples: one rate for both, k/M/G and plain bits */
static void test_units(void **state)
{
	struct rate_limit rl = parse_ok("128k");

	(void)state;
	assert_int_equal(rl.rx.rate, 128000);
	assert_int_equal(rl.tx.rate, 128000);
	rl = parse_ok("64k/128M");
	assert_int_equal(rl.rx.rate, 64000);
	assert_int_equal(rl.tx.rate, 128000000);
	rl = parse_ok("1G/64000");
	assert_int_equal(rl.rx.rate, 1000000000);
	assert_int_equal(rl.tx.rate, 64000);
	rl = parse_ok("0/512K");	/* 0: no limit that way */
	assert_int_equal(rl.rx.rate, 0);
	assert_int_equal(rl.tx.rate, 512000);
	rl = parse_ok("");
	assert_int_equal(rl.rx.rate, 0);
	assert_int_equal(rl.tx.rate, 0);
}

/* Every field, each direction its own */
static void test_all_fields(void **state)
{
	struct rate_limit rl = parse_ok("1M/2M 2M/4M 1500k/3M 16/8s 5 256k/512k");

	(void)state;
	assert_int_equal(rl.rx.burst_rate, 2000000);
	assert_int_equal(rl.tx.burst_rate, 4000000);
	assert_int_equal(rl.rx.burst_threshold, 1500000);
	assert_int_equal(rl.tx.burst_threshold, 3000000);
	assert_int_equal(rl.rx.burst_time_ms, 16000);
	assert_int_equal(rl.tx.burst_time_ms, 8000);
	assert_int_equal(rl.priority, 5);
	assert_int_equal(rl.rx.min, 256000);
	assert_int_equal(rl.tx.min, 512000);
	assert_true(rate_dir_has_burst(&rl.rx));
	assert_true(rate_dir_has_burst(&rl.tx));
}

/* Burst without a threshold: the rates are the thresholds, 1 s the time */
static void test_burst_defaults(void **state)
{
	struct rate_limit rl = parse_ok("1M/2M 4M");

	(void)state;
	assert_int_equal(rl.rx.burst_rate, 4000000);
	assert_int_equal(rl.tx.burst_rate, 4000000);
	assert_int_equal(rl.rx.burst_threshold, 1000000);
	assert_int_equal(rl.tx.burst_threshold, 2000000);
	assert_int_equal(rl.rx.burst_time_ms, 1000);
	assert_true(rate_dir_has_burst(&rl.tx));
	/* RADIUS servers' "no burst" spelling */
	rl = parse_ok("384k/1536k 0/0 0/0 0/0 8 96k/384k");
	assert_false(rate_dir_has_burst(&rl.rx));
	assert_false(rate_dir_has_burst(&rl.tx));
	assert_int_equal(rl.rx.min, 96000);
	assert_int_equal(rl.tx.min, 384000);
	/* a burst rate not above the rate is no burst */
	rl = parse_ok("2M 1M 1M 4");
	assert_false(rate_dir_has_burst(&rl.rx));
}

static void refused(const char *text, const char *want_why)
{
	struct rate_limit rl;
	const char *why = NULL;

	assert_int_equal(rate_limit_parse(text, &rl, &why), -1);
	assert_non_null(why);
	if (want_why)
		assert_non_null(strstr(why, want_why));
}

static void test_refused(void **state)
{
	(void)state;
	refused("abc", "rate");
	refused("1X", "rate");
	refused("1M/", "rate");
	refused("/1M", "rate");
	refused("1M//2M", "rate");
	refused("-1M", "rate");
	refused("1.5M", "rate");
	refused("1k", "at least 8k");		/* below what the module shapes */
	refused("500G", "rate");		/* above 400 Gbit/s */
	refused("9999999999999G", "rate");	/* overflow */
	refused("1M 2M 1M 0/4000", "burst time");
	refused("1M 2M 1M 4 0", "priority");
	refused("1M 2M 1M 4 9", "priority");
	refused("1M 2M 1M 4 1/2", "priority");
	refused("1M 0 0 0 8 2M", "cannot exceed");
	refused("1M 0 0 0 8 1M 1M", "expected rx/tx");
	refused("1M 0 0 0 8 1M/1M 7", "expected rx/tx");
	refused("1000000000000000000000000000000000000000000000000000000000000000000", "too long");
}

/* Spaces around and between fields are RouterOS's separators, nothing more */
static void test_spaces(void **state)
{
	struct rate_limit rl = parse_ok("  1M/2M   4M  ");

	(void)state;
	assert_int_equal(rl.tx.rate, 2000000);
	assert_int_equal(rl.tx.burst_rate, 4000000);
}

static void test_rate_text(void **state)
{
	char b[24];

	(void)state;
	assert_string_equal(rate_text(2000000, b, sizeof(b)), "2M");
	assert_string_equal(rate_text(512000, b, sizeof(b)), "512k");
	assert_string_equal(rate_text(3000000000ULL, b, sizeof(b)), "3G");
	assert_string_equal(rate_text(1500, b, sizeof(b)), "1500");
	assert_string_equal(rate_text(1500000, b, sizeof(b)), "1500k");
	assert_string_equal(rate_text(0, b, sizeof(b)), "0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rx_tx),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_all_fields),
		cmocka_unit_test(test_burst_defaults),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_spaces),
		cmocka_unit_test(test_rate_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
