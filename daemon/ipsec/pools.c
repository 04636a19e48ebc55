// SPDX-License-Identifier: GPL-2.0
/*
 * Blocks of /ip pool lent to charon for /ip ipsec mode-config (pools.h). Kept in a small
 * array: a router has a few mode-configs, each with a few blocks.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aaa/ipam.h"
#include "ipsec/conn.h"
#include "ipsec/mode_config_menu.h"
#include "ipsec/pools.h"
#define LOG_TOPIC LOG_T_IPSEC
#include "core/log.h"

#define BLOCKS_MAX 1024
#define NAME_MAX_LEN 100		/* a longer mode-config or pool name is refused */

struct block {
	char mc[NAME_MAX_LEN + 1];	/* the mode-config */
	char pool[NAME_MAX_LEN + 1];	/* its address-pool; "" for address= */
	uint32_t first, n;		/* host order */
	uint32_t held;			/* sessions with an address in it */
	unsigned int seq;		/* the vici pool's name: mc/<mc>/<seq> */
	unsigned int wanted;		/* the pass that last named it */
};

static struct block *blocks;
static size_t nblocks;
static unsigned int next_seq, pass;

static const char *pool_of(const struct ipsec_mode_config_cfg *mc)
{
	return mc->address.family == AF_INET ? "" : mc->address_pool ? mc->address_pool : NULL;
}

static bool block_is(const struct block *b, const char *mc, const char *pool)
{
	return !strcmp(b->mc, mc) && !strcmp(b->pool, pool);
}

static void vici_name(const struct block *b, char *out, size_t cap)
{
	snprintf(out, cap, "mc/%.*s/%u", NAME_MAX_LEN, b->mc, b->seq);
}

static struct block *add_block(const char *mc, const char *pool, uint32_t first, uint32_t n)
{
	struct block *b;

	if (nblocks == BLOCKS_MAX || !(b = realloc(blocks, (nblocks + 1) * sizeof(*b))))
		return NULL;
	blocks = b;
	b = &blocks[nblocks++];
	memset(b, 0, sizeof(*b));
	snprintf(b->mc, sizeof(b->mc), "%s", mc);
	snprintf(b->pool, sizeof(b->pool), "%s", pool);
	b->first = first;
	b->n = n;
	b->seq = next_seq++;
	b->wanted = pass;
	return b;
}

static void give_back(struct block *b)
{
	uint32_t i;

	for (i = 0; i < b->n; i++)
		ipam_release(htonl(b->first + i));
	*b = blocks[--nblocks];
}

/* A new block of the mode-config's address-pool (or its one address=). */
static int lend(const struct ipsec_mode_config_cfg *mc, const char *pool)
{
	uint32_t first, got = 1;
	int ret;

	if (strlen(mc->name) > NAME_MAX_LEN || strlen(pool) > NAME_MAX_LEN) {
		log_warn("ipsec: mode-config %s: its name or pool's is over %d characters",
			 mc->name, NAME_MAX_LEN);
		return -ENAMETOOLONG;
	}
	if (!*pool) {
		memcpy(&first, mc->address.addr, 4);
		ret = ipam_reserve(first);
	} else {
		ret = ipam_alloc_run(pool, IPSEC_POOL_BLOCK, &first, &got);
	}
	if (ret) {
		log_warn("ipsec: mode-config %s: no addresses for charon from %s: %s", mc->name,
			 *pool ? pool : "address=", ret == -ENOSPC ? "the pool is full" :
			 ret == -EADDRINUSE ? "a session holds it" : strerror(-ret));
		return ret;
	}
	if (!add_block(mc->name, pool, ntohl(first), got)) {
		for (; got; got--)
			ipam_release(htonl(ntohl(first) + got - 1));
		return -ENOMEM;
	}
	return 0;
}

int ipsec_pools_names(const struct ipsec_mode_config_cfg *mc, char *out, size_t cap)
{
	const char *pool = pool_of(mc);
	size_t i, len = 0;
	bool any = false;
	char name[IPSEC_NAME_MAX];

	*out = '\0';
	if (!pool)
		return -ENOENT;
	for (i = 0; i < nblocks; i++)
		any |= block_is(&blocks[i], mc->name, pool);
	if (!any && lend(mc, pool))
		return -ENOSPC;
	for (i = 0; i < nblocks; i++) {
		if (!block_is(&blocks[i], mc->name, pool))
			continue;
		blocks[i].wanted = pass;
		vici_name(&blocks[i], name, sizeof(name));
		len += (size_t)snprintf(out + len, len < cap ? cap - len : 0, "%s%s",
					len ? "," : "", name);
	}
	return len < cap ? 0 : -ENOSPC;
}

/* static-dns's IPv6 servers go as INTERNAL_IP6_DNS: charon picks the attribute by family */
static void dns_list(struct vici_builder *b, const struct ipsec_mode_config_cfg *mc)
{
	uint32_t dns[8];
	char a[INET6_ADDRSTRLEN];
	size_t i, n = ipsec_mode_config_dns(mc, dns, 8);

	if (!n && !mc->static_dns.n6)
		return;
	vici_build_list(b, "dns");
	for (i = 0; i < n; i++)
		vici_build_item(b, inet_ntop(AF_INET, &dns[i], a, sizeof(a)));
	for (i = 0; i < mc->static_dns.n6; i++)
		vici_build_item(b, inet_ntop(AF_INET6, mc->static_dns.addr6[i], a, sizeof(a)));
	vici_build_list_end(b);
}

/* split-include: IKEv2's INTERNAL_IP4_SUBNET ("subnet"); Unity's (IKEv1 mode-config
 * with XAuth) will join it when sluice serves those clients */
static void split_lists(struct vici_builder *b, const struct ipsec_mode_config_cfg *mc)
{
	char buf[1024], *save, *p;

	if (!mc->split_include || !*mc->split_include)
		return;
	snprintf(buf, sizeof(buf), "%s", mc->split_include);
	vici_build_list(b, "subnet");
	for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save))
		vici_build_item(b, p);
	vici_build_list_end(b);
}

static int pool_item(struct ipsec_set *s, const struct block *b,
		     const struct ipsec_mode_config_cfg *mc)
{
	char name[IPSEC_NAME_MAX], lo[INET_ADDRSTRLEN], hi[INET_ADDRSTRLEN];
	struct in_addr a = { htonl(b->first) }, z = { htonl(b->first + b->n - 1) };
	struct ipsec_item *it;

	vici_name(b, name, sizeof(name));
	it = ipsec_set_add(s, IPSEC_POOL, name);
	if (!it)
		return -ENOMEM;
	vici_build_section(&it->msg, name);
	vici_build_kvf(&it->msg, "addrs", "%s-%s", inet_ntop(AF_INET, &a, lo, sizeof(lo)),
		       inet_ntop(AF_INET, &z, hi, sizeof(hi)));
	if (mc) {
		dns_list(&it->msg, mc);
		split_lists(&it->msg, mc);
	}
	vici_build_end(&it->msg);
	return vici_build_finish(&it->msg) == -ENOMEM ? -ENOMEM : 0;
}

int ipsec_pools_build(struct ipsec_set *s)
{
	size_t i = 0;

	while (i < nblocks) {
		struct block *b = &blocks[i];

		if (b->wanted != pass && !b->held) {
			log_info("ipsec: mode-config %s: %u addresses back to %s", b->mc, b->n,
				 *b->pool ? b->pool : "the allocator");
			give_back(b);
			continue;
		}
		if (pool_item(s, b, ipsec_mode_config_find(b->mc)))
			return -ENOMEM;
		i++;
	}
	pass++;		/* the next build starts a new pass */
	return 0;
}

static struct block *block_of(uint32_t vip)
{
	uint32_t a = ntohl(vip);
	size_t i;

	for (i = 0; i < nblocks; i++)
		if (a >= blocks[i].first && a - blocks[i].first < blocks[i].n)
			return &blocks[i];
	return NULL;
}

bool ipsec_pools_holds(uint32_t vip)
{
	return block_of(vip) != NULL;
}

/* Three quarters of a mode-config's addresses held: one more block. */
static bool fill_up(const struct block *full)
{
	const struct ipsec_mode_config_cfg *mc = ipsec_mode_config_find(full->mc);
	uint32_t n = 0, held = 0;
	size_t i;

	if (!mc || !*full->pool || strcmp(pool_of(mc) ? pool_of(mc) : "", full->pool))
		return false;
	for (i = 0; i < nblocks; i++)
		if (block_is(&blocks[i], full->mc, full->pool)) {
			n += blocks[i].n;
			held += blocks[i].held;
		}
	if ((uint64_t)held * 4 < (uint64_t)n * 3)
		return false;
	return lend(mc, pool_of(mc)) == 0;	/* not full->pool: lend() moves the blocks */
}

bool ipsec_pools_lease(uint32_t vip, bool up)
{
	struct block *b = block_of(vip);

	if (!b)
		return false;
	if (!up) {
		if (b->held)
			b->held--;
		return false;
	}
	b->held++;
	return fill_up(b);
}

void ipsec_pools_done(void)
{
	while (nblocks)
		give_back(&blocks[0]);
	free(blocks);
	blocks = NULL;
}
