/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Address pools (/ip pool): allocation for sessions, following next-pool when a pool is
 * exhausted, and release when a session ends. Addresses are IPv4, network byte order.
 */
#ifndef SLUICED_IPAM_H
#define SLUICED_IPAM_H

#include <stddef.h>
#include <stdint.h>

/* 0, -ENOENT (no such pool) or -ENOSPC (this pool and its next-pools are exhausted) */
int ipam_alloc(const char *pool, uint32_t *addr);
/* A fixed address (a secret's remote-address): -EADDRINUSE if a session holds it. */
int ipam_reserve(uint32_t addr);
void ipam_release(uint32_t addr);
/*
 * A run of up to want free consecutive addresses of the pool's own ranges (not its
 * next-pools), the longest there is if none is that long, reserved: the first in *first
 * (network order), how many in *got. 0, -ENOENT (no such pool), -ENOSPC (nothing free).
 */
int ipam_alloc_run(const char *pool, uint32_t want, uint32_t *first, uint32_t *got);
size_t ipam_in_use(void);
/*
 * /system metrics: how many addresses the pool's own ranges hold (not its next-pools') and
 * how many of them are in use (by sessions, or lent to IPsec). 0, or -ENOENT.
 */
int ipam_pool_usage(const char *pool, uint64_t *size, uint64_t *used);
void ipam_done(void);

#endif /* SLUICED_IPAM_H */
