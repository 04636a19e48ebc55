/* SPDX-License-Identifier: GPL-2.0 */
/* For fuzzers: check(), and a silent log (link fuzz_quiet.c in place of daemon/core/log.c). */
#ifndef SLUICE_TEST_FUZZ_QUIET_H
#define SLUICE_TEST_FUZZ_QUIET_H

#include <stdlib.h>

/* An invariant the fuzzer checks: abort() is what libFuzzer reports as a crash. */
static inline void check(int ok)
{
	if (!ok)
		abort();
}

#endif /* SLUICE_TEST_FUZZ_QUIET_H */
