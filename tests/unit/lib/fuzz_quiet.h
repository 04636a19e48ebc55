/* SPDX-License-Identifier: GPL-2.0 */
/* For fuzzers: check(), and a silent log (link fuzz_quiet.c in place of daemon/core/log.c). */
#ifndef SLUICE_TEST_FUZZ_QUIET_H
#define SLUICE_TEST_FUZZ_QUIET_H

#include <stdio.h>
#include <stdlib.h>

/* An invariant the fuzzer checks: abort() is what libFuzzer reports as a crash; where it
 * failed goes to stderr first (the checks are inlined: a stack shows only the fuzzer). */
static inline void check_at(int ok, const char *file, int line)
{
	if (!ok) {
		fprintf(stderr, "%s:%d: check failed\n", file, line);
		abort();
	}
}
#define check(ok) check_at(!!(ok), __FILE__, __LINE__)

#endif /* SLUICE_TEST_FUZZ_QUIET_H */
