/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPv6 prefixes for sessions from /ipv6 pool: allocation and release. A prefix is 16 bytes
 * in network order with its length; a pool's prefixes are at most 64 bits long, and a pool
 * hands out at most IPAM6_MAX_PREFIXES of them (the first ones of its prefix).
 */
#ifndef SLUICED_IPAM6_H
#define SLUICED_IPAM6_H

#include <stddef.h>
#include <stdint.h>

#define IPAM6_MAX_PREFIXES (1u << 20)

struct ipam6_prefix {
	uint8_t addr[16];
	unsigned int len;		/* 0: none */
};

/* 0, -ENOENT (no such pool), -ENOSPC (all its prefixes are out), -ENOMEM */
int ipam6_alloc(const char *pool, struct ipam6_prefix *out);
/*
 * A prefix given from elsewhere (RADIUS): if an /ipv6 pool's prefix holds it, that one is
 * taken so the pool gives it to no one else, and pool (65 bytes) names the pool for
 * ipam6_release; "" if no pool holds it. 0, -EADDRINUSE (a session has it), -ENOMEM.
 */
int ipam6_reserve(const struct ipam6_prefix *x, char *pool);
/* A prefix ipam6_alloc or ipam6_reserve took (pool names it) goes back; else ignored. */
void ipam6_release(const char *pool, const struct ipam6_prefix *p);
/* /system metrics and /ipv6 pool: how many prefixes the pool has and how many are out */
int ipam6_pool_usage(const char *pool, uint64_t *size, uint64_t *used);
void ipam6_done(void);

#endif /* SLUICED_IPAM6_H */
