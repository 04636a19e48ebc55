// SPDX-License-Identifier: GPL-2.0
/* The fake clock (fake_clock.h): daemon/core/timer.c reads it through clock_gettime(). */
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "core/loop.h"
#include "fake_clock.h"

uint64_t fake_now = FAKE_CLOCK_START;

int clock_gettime(clockid_t clk, struct timespec *ts)
{
	if (clk != CLOCK_MONOTONIC)
		return (int)syscall(SYS_clock_gettime, clk, ts);
	ts->tv_sec = (time_t)(fake_now / 1000);
	ts->tv_nsec = (long)(fake_now % 1000) * 1000000;
	return 0;
}

void fake_advance_each(unsigned int ms, void (*each)(void))
{
	uint64_t end = fake_now + ms;
	int left;

	while ((left = loop_run_timers()) >= 0 && fake_now + (uint64_t)left <= end) {
		fake_now += (uint64_t)left;
		if (each)
			each();
	}
	fake_now = end;
	loop_run_timers();
	if (each)
		each();
}

void fake_advance(unsigned int ms)
{
	fake_advance_each(ms, NULL);
}
