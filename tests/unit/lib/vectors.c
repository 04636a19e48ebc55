// SPDX-License-Identifier: GPL-2.0
/* Test vectors (vectors.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
#include "vectors.h"

void hex(const char *h, uint8_t *out)
{
	unsigned int b;

	for (; h[0] && h[1]; h += 2, out++) {
		sscanf(h, "%2x", &b);
		*out = (uint8_t)b;
	}
}

int rfc2759_random(void *buf, size_t n)
{
	assert_int_equal(n, 16);
	hex("21402324255E262A28295F2B3A337C7E", buf);
	return 0;
}
