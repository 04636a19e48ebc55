// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/aaa/backoff.c: waits after failed logins, per address and per name, on a fake
 * clock: none below the threshold, then 1 s doubling up to the cap, cleared by a success,
 * off when max-failures is 0, and a flood of names costs no more than the fixed table.
 */
/* unit-test-sources: daemon/aaa/backoff.c daemon/core/timer.c tests/unit/lib/fake_clock.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include "aaa/backoff.h"
#include "fake_clock.h"

static const struct login_backoff_limits lim = { .max_failures = 3, .max_wait_s = 8 };
static const uint32_t A = 0x0100000a, B = 0x0200000a;	/* 10.0.0.1, 10.0.0.2 */

static int setup(void **state)
{
	(void)state;
	login_backoff_reset();
	return 0;
}

static void fail_n(uint32_t addr, const char *user, unsigned int n)
{
	while (n--)
		login_backoff_record(&lim, addr, user, false);
}

static void waits_start_at_the_threshold_and_double(void **state)
{
	(void)state;
	fail_n(A, "alice", 2);
	assert_int_equal(login_backoff_wait(&lim, A, "alice"), 0);
	fail_n(A, "alice", 1);
	assert_int_equal(login_backoff_wait(&lim, A, "alice"), 1);
	fake_advance(1000);
	assert_int_equal(login_backoff_wait(&lim, A, "alice"), 0);
	fail_n(A, "alice", 1);
	assert_int_equal(login_backoff_wait(&lim, A, "alice"), 2);
	fail_n(A, "alice", 1);
	assert_int_equal(login_backoff_wait(&lim, A, "alice"), 4);
	fail_n(A, "alice", 5);
	assert_int_equal(login_backoff_wait(&lim, A, "alice"), 8);	/* the cap */
}

/* One address guessing many names waits; so does one name guessed from many addresses. */
static void address_and_name_each_count(void **state)
{
	char name[16];
	unsigned int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "user%u", i);
		fail_n(A, name, 1);
	}
	assert_int_equal(login_backoff_wait(&lim, A, "someone-else"), 1);
	assert_int_equal(login_backoff_wait(&lim, B, "someone-else"), 0);
	for (i = 0; i < 3; i++)
		fail_n(htonl(0x0a010000 + i), "bob", 1);
	assert_int_equal(login_backoff_wait(&lim, B, "bob"), 1);
	assert_int_equal(login_backoff_wait(&lim, B, "carol"), 0);
}

static void a_success_clears_both(void **state)
{
	(void)state;
	fail_n(A, "alice", 3);
	fake_advance(1000);
	login_backoff_record(&lim, A, "alice", true);
	fail_n(A, "alice", 2);
	assert_int_equal(login_backoff_wait(&lim, A, "alice"), 0);
}

static void zero_failures_means_off(void **state)
{
	const struct login_backoff_limits off = { .max_failures = 0, .max_wait_s = 8 };
	unsigned int i;

	(void)state;
	for (i = 0; i < 100; i++)
		login_backoff_record(&off, A, "alice", false);
	assert_int_equal(login_backoff_wait(&off, A, "alice"), 0);
	assert_int_equal(login_backoff_wait(&lim, A, "alice"), 0);	/* nothing was kept */
}

/* 100,000 names and addresses: the table keeps the recent ones, memory does not grow. */
static void a_flood_of_names_is_bounded(void **state)
{
	char name[16];
	unsigned int i;

	(void)state;
	fail_n(A, "alice", 3);
	for (i = 0; i < 100000; i++) {
		snprintf(name, sizeof(name), "n%u", i);
		fail_n(htonl(0x0b000000 + i), name, 1);
	}
	fail_n(B, "dave", 3);	/* the latest are kept */
	assert_int_equal(login_backoff_wait(&lim, B, "x"), 1);
	assert_int_equal(login_backoff_wait(&lim, 0x0300000a, "dave"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(waits_start_at_the_threshold_and_double, setup),
		cmocka_unit_test_setup(address_and_name_each_count, setup),
		cmocka_unit_test_setup(a_success_clears_both, setup),
		cmocka_unit_test_setup(zero_failures_means_off, setup),
		cmocka_unit_test_setup(a_flood_of_names_is_bounded, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
