// SPDX-License-Identifier: GPL-2.0
#include <time.h>
#include <unistd.h>
#include "core/loop.h"
#include "real_loop.h"

uint64_t real_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

bool real_loop_until(bool (*cond)(void), unsigned int ms)
{
	uint64_t end = real_now_ms() + ms;

	while (!cond() && real_now_ms() < end) {
		loop_run_once();
		usleep(2000);
	}
	return cond();
}
