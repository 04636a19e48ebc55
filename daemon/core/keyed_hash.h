/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A 32-bit hash of a peer's name that is not an IPv4 address (a PPPoE client's MAC, a
 * caller-id), keyed with a secret drawn at the first use: what core/preauth.h, the login
 * back-off and the per-peer log limits count against. No one can choose names that share
 * another's count without knowing the key. Never 0 (0 reads as "no peer").
 */
#ifndef SLUICED_KEYED_HASH_H
#define SLUICED_KEYED_HASH_H

#include <stddef.h>
#include <stdint.h>

uint32_t keyed_hash32(const void *data, size_t len);

#endif /* SLUICED_KEYED_HASH_H */
