/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fake monotonic clock for tests of code on daemon/core/timer.c: link fake_clock.c and
 * CLOCK_MONOTONIC reads fake_now (in ms); other clocks go to the kernel.
 */
#ifndef SLUICE_TEST_FAKE_CLOCK_H
#define SLUICE_TEST_FAKE_CLOCK_H

#include <stdint.h>

#define FAKE_CLOCK_START 1000000	/* fake_now's start: not 0, on purpose */

extern uint64_t fake_now;

/* Runs every timer due up to ms from now, each at its own deadline. */
void fake_advance(unsigned int ms);
/* ... and each() after every step (a loop's sockets served, say); each may be NULL. */
void fake_advance_each(unsigned int ms, void (*each)(void));

#endif /* SLUICE_TEST_FAKE_CLOCK_H */
