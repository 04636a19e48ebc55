/* SPDX-License-Identifier: GPL-2.0 */
/* Test vectors for the PPP authentication tests: link vectors.c (cmocka). */
#ifndef SLUICE_TEST_VECTORS_H
#define SLUICE_TEST_VECTORS_H

#include <stddef.h>
#include <stdint.h>

/* Hex digits h (an even number of them) as bytes into out. */
void hex(const char *h, uint8_t *out);
/* RFC 2759 section 9.2's peer challenge, in place of randomness (n must be 16). */
int rfc2759_random(void *buf, size_t n);

#endif /* SLUICE_TEST_VECTORS_H */
