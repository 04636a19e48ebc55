// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/core/preauth.c: half-open objects per source and in all, the per-source rate, and
 * the memory a flood of spoofed sources may cost (capped, forgotten once their buckets are
 * full again), on a fake clock. ASan checks that nothing leaks.
 */
/* unit-test-sources: daemon/core/preauth.c daemon/core/u32map.c daemon/core/timer.c tests/unit/lib/fake_clock.c tests/unit/lib/fuzz_quiet.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include "core/log.h"
#include "core/preauth.h"
#include "fake_clock.h"

static const struct preauth_limits lim = { .global = 16, .per_source = 3, .rate = 2,
					   .burst = 5 };
static struct preauth pa;

static uint32_t ip(unsigned int n)
{
	return htonl(0x0a000000 + n);
}

static int setup(void **state)
{
	(void)state;
	preauth_init(&pa, "test", LOG_T_SYSTEM, &lim);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	preauth_free(&pa);
	return 0;
}

static void a_source_holds_at_most_per_source(void **state)
{
	(void)state;
	assert_int_equal(preauth_admit(&pa, ip(1)), PREAUTH_OK);
	assert_int_equal(preauth_admit(&pa, ip(1)), PREAUTH_OK);
	assert_int_equal(preauth_admit(&pa, ip(1)), PREAUTH_OK);
	assert_int_equal(preauth_admit(&pa, ip(1)), PREAUTH_SOURCE_FULL);
	assert_int_equal(preauth_admit(&pa, ip(2)), PREAUTH_OK);	/* others unaffected */
	assert_int_equal(preauth_held(&pa, ip(1)), 3);
	preauth_done(&pa, ip(1));
	assert_int_equal(preauth_admit(&pa, ip(1)), PREAUTH_OK);
	assert_int_equal(pa.n.source_full, 1);
	assert_int_equal(pa.half_open, 4);
}

static void all_sources_hold_at_most_global(void **state)
{
	unsigned int i;

	(void)state;
	for (i = 0; i < lim.global; i++)
		assert_int_equal(preauth_admit(&pa, ip(100 + i)), PREAUTH_OK);
	assert_int_equal(preauth_admit(&pa, ip(999)), PREAUTH_FULL);
	preauth_done(&pa, ip(100));		/* what an eviction does */
	assert_int_equal(preauth_admit(&pa, ip(999)), PREAUTH_OK);
	assert_int_equal(pa.half_open, lim.global);
}

/* Open and close at once, again and again: the rate holds where the count does not. */
static void quick_churn_is_held_to_the_rate(void **state)
{
	unsigned int i, ok = 0;

	(void)state;
	for (i = 0; i < 20; i++) {
		if (preauth_admit(&pa, ip(7)) == PREAUTH_OK) {
			ok++;
			preauth_done(&pa, ip(7));
		}
	}
	assert_int_equal(ok, lim.burst);
	assert_int_equal(pa.n.too_fast, 20 - lim.burst);
	fake_advance(1000);			/* two more a second */
	assert_int_equal(preauth_admit(&pa, ip(7)), PREAUTH_OK);
	assert_int_equal(preauth_admit(&pa, ip(7)), PREAUTH_OK);
	assert_int_equal(preauth_admit(&pa, ip(7)), PREAUTH_TOO_FAST);
	assert_int_equal(preauth_admit(&pa, ip(8)), PREAUTH_OK);	/* another source */
}

static void done_for_an_unknown_source_changes_nothing(void **state)
{
	(void)state;
	preauth_done(&pa, ip(5));
	assert_int_equal(preauth_admit(&pa, ip(5)), PREAUTH_OK);
	preauth_done(&pa, ip(5));
	preauth_done(&pa, ip(5));		/* once too often */
	assert_int_equal(pa.half_open, 0);
}

/* A spoofed flood of one-shot sources: memory stays capped and idle sources are forgotten. */
static void a_spoofed_flood_costs_capped_memory(void **state)
{
	unsigned int i;

	(void)state;
	for (i = 0; i < 100000; i++) {
		if (preauth_admit(&pa, ip(1000 + i)) == PREAUTH_OK)
			preauth_done(&pa, ip(1000 + i));
		assert_true(pa.nsources <= 4 * lim.global + 1);
	}
	assert_int_equal(pa.n.admitted, 100000);
	fake_advance(lim.burst * 1000 / lim.rate);
	assert_int_equal(preauth_admit(&pa, ip(1)), PREAUTH_OK);
	assert_int_equal(pa.nsources, 1);	/* every full bucket forgotten */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(a_source_holds_at_most_per_source),
		T(all_sources_hold_at_most_global),
		T(quick_churn_is_held_to_the_rate),
		T(done_for_an_unknown_source_changes_nothing),
		T(a_spoofed_flood_costs_capped_memory),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
