// SPDX-License-Identifier: GPL-2.0
/*
 * Each pool's prefixes are numbered from 0 within the pool's own prefix, and a bitmap per
 * pool says which are out; a cursor moves on from the last one given, so a released prefix
 * is not handed out again at once, and a free one is found 64 at a time. A pool whose
 * prefix or prefix-length is changed gets a fresh bitmap; prefixes of the old one still go
 * back to it. Why a bitmap, where /ip pool uses a hash set: a pool is one contiguous range
 * here, so a bit per prefix (128 KB for the 2^20 at most) is both smaller and simpler.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aaa/ipam6.h"
#include "aaa/ipv6_pool_menu.h"

struct pool6 {
	char name[65];
	uint8_t base[16];
	unsigned int base_len, len;	/* the pool's prefix length, the handed-out one's */
	uint64_t *bits;
	uint32_t n, used, cursor;
};

static struct pool6 *pools;
static size_t npools;

static uint32_t pool_size(unsigned int base_len, unsigned int len)
{
	return len - base_len >= 20 ? IPAM6_MAX_PREFIXES : 1u << (len - base_len);
}

static struct pool6 *state_of(const char *name, const struct cfg_ip_prefix *pfx, unsigned int len)
{
	struct pool6 *p;
	size_t i;

	for (i = 0; i < npools; i++) {
		p = &pools[i];
		if (!strcmp(p->name, name) && p->base_len == pfx->len && p->len == len &&
		    !memcmp(p->base, pfx->a.addr, 16))
			return p;
	}
	p = realloc(pools, (npools + 1) * sizeof(*pools));
	if (!p)
		return NULL;
	pools = p;
	p = &pools[npools];
	memset(p, 0, sizeof(*p));
	p->n = pool_size(pfx->len, len);
	p->bits = calloc((p->n + 63) / 64, sizeof(uint64_t));
	if (!p->bits)
		return NULL;
	snprintf(p->name, sizeof(p->name), "%s", name);
	memcpy(p->base, pfx->a.addr, 16);
	p->base_len = pfx->len;
	p->len = len;
	npools++;
	return p;
}

/* The prefix numbered i of the pool: its number in bits base_len..len of the address. */
static void prefix_of(const struct pool6 *p, uint32_t i, struct ipam6_prefix *out)
{
	unsigned int bit;

	memcpy(out->addr, p->base, 16);
	for (bit = 0; bit < p->len - p->base_len && bit < 32; bit++)
		if (i & (1u << bit)) {
			unsigned int pos = p->len - 1 - bit;

			out->addr[pos / 8] |= (uint8_t)(0x80 >> (pos % 8));
		}
	out->len = p->len;
}

static int index_of(const struct pool6 *p, const struct ipam6_prefix *x, uint32_t *i)
{
	struct ipam6_prefix back;
	unsigned int bit;

	if (x->len != p->len)
		return -1;
	*i = 0;
	for (bit = 0; bit < p->len - p->base_len && bit < 32; bit++) {
		unsigned int pos = p->len - 1 - bit;

		if (x->addr[pos / 8] & (0x80 >> (pos % 8)))
			*i |= 1u << bit;
	}
	if (*i >= p->n)
		return -1;
	prefix_of(p, *i, &back);
	return memcmp(back.addr, x->addr, 16) ? -1 : 0;
}

/*
 * The number of the pool's prefix that holds x (x as long as the pool's prefixes, or
 * longer: a RADIUS prefix inside one of them); -1 if none does.
 */
static int holder_of(const struct pool6 *p, const struct ipam6_prefix *x, uint32_t *i)
{
	struct ipam6_prefix t = { .len = p->len };
	unsigned int bit;

	if (x->len < p->len)
		return -1;
	memcpy(t.addr, x->addr, 16);
	for (bit = p->len; bit < 128; bit++)
		t.addr[bit / 8] &= (uint8_t)~(0x80 >> (bit % 8));
	return index_of(p, &t, i);
}

static bool taken(const struct pool6 *p, uint32_t i)
{
	return p->bits[i / 64] >> (i % 64) & 1;
}

/* The first free number from the cursor on, wrapping once; -ENOSPC if none. */
static int take_free(struct pool6 *p, uint32_t *out)
{
	uint32_t i = p->cursor, seen;

	for (seen = 0; seen < p->n; ) {
		if (i % 64 == 0 && p->bits[i / 64] == UINT64_MAX && p->n - i >= 64) {
			seen += 64;			/* a whole word out: skip it */
			i = i + 64 >= p->n ? 0 : i + 64;
			continue;
		}
		if (!taken(p, i)) {
			p->bits[i / 64] |= 1ull << (i % 64);
			p->used++;
			p->cursor = i + 1 >= p->n ? 0 : i + 1;
			*out = i;
			return 0;
		}
		seen++;
		i = i + 1 >= p->n ? 0 : i + 1;
	}
	return -ENOSPC;
}

int ipam6_alloc(const char *pool, struct ipam6_prefix *out)
{
	const struct ipv6_pool_cfg *c = pool ? ipv6_pool_find(pool) : NULL;
	struct pool6 *p;
	uint32_t i;
	int ret;

	if (!c)
		return -ENOENT;
	p = state_of(pool, &c->prefix, c->prefix_length);
	if (!p)
		return -ENOMEM;
	ret = take_free(p, &i);
	if (!ret)
		prefix_of(p, i, out);
	return ret;
}

int ipam6_reserve(const struct ipam6_prefix *x, char *pool)
{
	const struct ipv6_pool_cfg *c;
	struct pool6 *p;
	uint32_t i;
	size_t k;

	pool[0] = '\0';
	for (k = 0; (c = ipv6_pool_at(k)); k++) {
		p = state_of(c->name, &c->prefix, c->prefix_length);
		if (!p)
			return -ENOMEM;
		if (holder_of(p, x, &i))
			continue;
		if (taken(p, i))
			return -EADDRINUSE;
		p->bits[i / 64] |= 1ull << (i % 64);
		p->used++;
		snprintf(pool, 65, "%s", c->name);
		return 0;
	}
	return 0;
}

void ipam6_release(const char *pool, const struct ipam6_prefix *x)
{
	uint32_t i;
	size_t k;

	for (k = 0; pool && x->len && k < npools; k++) {
		struct pool6 *p = &pools[k];

		if (strcmp(p->name, pool) || holder_of(p, x, &i) || !taken(p, i))
			continue;
		p->bits[i / 64] &= ~(1ull << (i % 64));
		p->used--;
		return;
	}
}

int ipam6_pool_usage(const char *pool, uint64_t *size, uint64_t *used)
{
	const struct ipv6_pool_cfg *c = ipv6_pool_find(pool);
	size_t k;

	if (!c)
		return -ENOENT;
	*size = pool_size(c->prefix.len, c->prefix_length);
	*used = 0;
	for (k = 0; k < npools; k++)
		if (!strcmp(pools[k].name, pool))
			*used += pools[k].used;
	return 0;
}

void ipam6_done(void)
{
	size_t k;

	for (k = 0; k < npools; k++)
		free(pools[k].bits);
	free(pools);
	pools = NULL;
	npools = 0;
}
