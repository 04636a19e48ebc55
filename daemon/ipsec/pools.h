/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The addresses /ip ipsec mode-config hands out (docs/ipsec.md "Road warriors"). charon
 * picks a road warrior's virtual IP itself, from a pool loaded over vici; no vici call lets
 * sluiced choose it per client, and a pool with leases cannot be changed. So sluiced's one
 * allocator (aaa/ipam.h) lends charon contiguous blocks of the mode-config's address-pool:
 * each is a vici pool "mc/<mode-config>/<n>", reserved in the allocator so that PPP never
 * takes those addresses. A mode-config starts with one block; when the sessions hold three
 * quarters of its blocks' addresses, another is lent and the conn names it too. A block no
 * session holds goes back when its mode-config no longer uses that pool. address= is a
 * block of one address. EAP clients get their address from sluiced itself (Framed-IP in
 * the RADIUS answer to charon), not from a block.
 */
#ifndef SLUICED_IPSEC_POOLS_H
#define SLUICED_IPSEC_POOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IPSEC_POOL_BLOCK 32	/* addresses per block */

struct ipsec_set;
struct ipsec_mode_config_cfg;

/*
 * The vici pools of a responder mode-config, comma-separated into out (the conn's
 * `pools`), lending its first block if it has none. 0, or -ENOSPC (the pool has no free
 * run of addresses: logged), -ENOENT (no such /ip pool, or no address at all).
 */
int ipsec_pools_names(const struct ipsec_mode_config_cfg *mc, char *out, size_t cap);
/* load-pool items for every block lent, with the mode-config's DNS and split-include;
 * blocks of mode-configs gone (or of a pool they no longer use) and unheld go back. */
int ipsec_pools_build(struct ipsec_set *s);
/* A session holds (up) or gave back a virtual IP (network order): a block that fills
 * lends the next; true if the configuration for charon changed (ipsec_apply). */
bool ipsec_pools_lease(uint32_t vip, bool up);
/* Is the address in a lent block? */
bool ipsec_pools_holds(uint32_t vip);
/* Everything back to the allocator (sluiced stops). */
void ipsec_pools_done(void);

#endif /* SLUICED_IPSEC_POOLS_H */
