// SPDX-License-Identifier: GPL-2.0
/* daemon/core/timer.c: the timer heap keeps order through arm, re-arm and cancel. */
/* unit-test-sources: daemon/core/timer.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <cmocka.h>
#include "core/loop.h"

#define N 2000

static struct loop_timer timers[N];
static int fired[N], order[N], nfired;

static void cb(struct loop_timer *t)
{
	int i = (int)(t - timers);

	fired[i]++;
	order[nfired++] = i;
}

static void reset(void)
{
	int i;

	for (i = 0; i < N; i++) {
		loop_timer_init(&timers[i], cb);
		fired[i] = 0;
	}
	nfired = 0;
}

/* Timers fire in deadline order; cancelled ones never fire; re-arming moves a timer. */
static void test_order_and_cancel(void **state)
{
	int i, left;

	(void)state;
	reset();
	for (i = 0; i < N; i++)		/* deadlines 0..N-1 ms ahead, scrambled */
		assert_int_equal(loop_timer_arm(&timers[i], (unsigned int)((i * 7919) % N) / 4), 0);
	for (i = 0; i < N; i += 3)
		loop_timer_cancel(&timers[i]);
	for (i = 1; i < N; i += 5)	/* re-arm some live ones further out */
		if (i % 3)
			loop_timer_arm(&timers[i], N / 4 + 1);
	while ((left = loop_run_timers()) >= 0)
		nanosleep(&(struct timespec){ 0, left * 1000000L }, NULL);
	for (i = 0; i < N; i++)
		assert_int_equal(fired[i], i % 3 ? 1 : 0);
	assert_int_equal(nfired, N - (N + 2) / 3);
	for (i = 1; i < nfired; i++)
		assert_true(timers[order[i - 1]].when_ms <= timers[order[i]].when_ms);
}

static struct loop_timer rearm;
static int rearm_count;

static void rearm_cb(struct loop_timer *t)
{
	if (++rearm_count < 3)
		loop_timer_arm(t, 0);
}

/* A callback may re-arm its own timer. */
static void test_rearm_from_callback(void **state)
{
	(void)state;
	loop_timer_init(&rearm, rearm_cb);
	loop_timer_arm(&rearm, 0);
	while (loop_timer_armed(&rearm))
		loop_run_timers();
	assert_int_equal(rearm_count, 3);
	loop_timers_done();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_and_cancel),
		cmocka_unit_test(test_rearm_from_callback),
	};

	return cmocka_run_group_tests_name("timer", tests, NULL, NULL);
}
