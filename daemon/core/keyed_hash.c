// SPDX-License-Identifier: GPL-2.0
/*
 * FNV-1a from a secret offset, then murmur3's finaliser: enough to spread names over
 * tables and counters; nothing here is a MAC in the cryptographic sense.
 */
#include <stdlib.h>
#include <sys/random.h>
#include "core/keyed_hash.h"

static uint32_t seed;

uint32_t keyed_hash32(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t h;
	size_t i;

	while (!seed)
		if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) != sizeof(seed))
			seed = (uint32_t)random() | 1;
	h = seed;
	for (i = 0; i < len; i++)
		h = (h ^ p[i]) * 16777619u;
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h ? h : 1;
}
