/* SPDX-License-Identifier: GPL-2.0 */
/* Tests on the real loop and clock (a real charon): run it until a condition holds. */
#ifndef SLUICE_TEST_REAL_LOOP_H
#define SLUICE_TEST_REAL_LOOP_H

#include <stdbool.h>
#include <stdint.h>

/* Milliseconds on the monotonic clock. */
uint64_t real_now_ms(void);
/* loop_run_once() every 2 ms until cond() or ms pass; cond()'s last answer. */
bool real_loop_until(bool (*cond)(void), unsigned int ms);

#endif
