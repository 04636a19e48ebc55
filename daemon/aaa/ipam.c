// SPDX-License-Identifier: GPL-2.0
/*
 * Addresses in use live in one open-addressing hash set; each pool keeps a cursor that
 * moves on from the last address it gave, so allocation is amortised O(1) even with tens of
 * thousands of sessions, and a released address is not handed out again at once.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "admin/config.h"
#include "aaa/pool_menu.h"
#include "aaa/ipam.h"

#define EMPTY 0u
#define GONE 0xffffffffu	/* a deleted slot; never a session address */

static uint32_t *set;		/* host byte order */
static size_t set_cap, set_used, set_live;

struct cursor {
	char pool[65];
	uint32_t next;		/* host byte order */
};
static struct cursor *cursors;
static size_t ncursors;

static size_t slot_of(uint32_t a)
{
	return (a * 2654435761u) & (set_cap - 1);
}

static bool in_use(uint32_t a)
{
	size_t i;

	if (!set_cap)
		return false;
	for (i = slot_of(a); set[i] != EMPTY; i = (i + 1) & (set_cap - 1))
		if (set[i] == a)
			return true;
	return false;
}

static int grow(void)
{
	uint32_t *old = set;
	size_t i, old_cap = set_cap;

	set_cap = set_cap ? set_cap * 2 : 1024;
	set = calloc(set_cap, sizeof(*set));
	if (!set) {
		set = old;
		set_cap = old_cap;
		return -ENOMEM;
	}
	set_used = set_live = 0;
	for (i = 0; i < old_cap; i++) {
		if (old[i] != EMPTY && old[i] != GONE) {
			size_t j = slot_of(old[i]);

			while (set[j] != EMPTY)
				j = (j + 1) & (set_cap - 1);
			set[j] = old[i];
			set_used++;
			set_live++;
		}
	}
	free(old);
	return 0;
}

static int mark(uint32_t a)
{
	size_t i;

	if ((set_used + 1) * 2 > set_cap && grow())
		return -ENOMEM;
	for (i = slot_of(a); set[i] != EMPTY && set[i] != GONE; i = (i + 1) & (set_cap - 1))
		;
	if (set[i] == EMPTY)
		set_used++;
	set[i] = a;
	set_live++;
	return 0;
}

void ipam_release(uint32_t addr)
{
	uint32_t a = ntohl(addr);
	size_t i;

	if (!set_cap)
		return;
	for (i = slot_of(a); set[i] != EMPTY; i = (i + 1) & (set_cap - 1)) {
		if (set[i] == a) {
			set[i] = GONE;
			set_live--;
			return;
		}
	}
}

int ipam_reserve(uint32_t addr)
{
	uint32_t a = ntohl(addr);

	if (a == EMPTY || a == GONE)
		return -EINVAL;
	return in_use(a) ? -EADDRINUSE : mark(a);
}

size_t ipam_in_use(void)
{
	return set_live;
}

/* One range of a pool's ranges= list, host order, inclusive. */
static bool parse_range(const char *r, uint32_t *lo, uint32_t *hi)
{
	char a[32];
	const char *dash = strchr(r, '-'), *slash = strchr(r, '/');
	size_t n = dash ? (size_t)(dash - r) : slash ? (size_t)(slash - r) : strlen(r);

	if (n >= sizeof(a))
		return false;
	memcpy(a, r, n);
	a[n] = '\0';
	*lo = ntohl(inet_addr(a));
	*hi = *lo;
	if (dash) {
		*hi = ntohl(inet_addr(dash + 1));
	} else if (slash) {
		int len = atoi(slash + 1);
		uint32_t mask = len ? ~0u << (32 - len) : 0;

		*lo &= mask;
		*hi = *lo | ~mask;
		if (len < 31) {		/* not the network and broadcast addresses */
			(*lo)++;
			(*hi)--;
		}
	}
	return *lo <= *hi;
}

#define USAGE_RANGES 128	/* a ranges= value (CFG_VALUE_MAX bytes) holds fewer */

int ipam_pool_usage(const char *pool, uint64_t *size, uint64_t *used)
{
	const struct ip_pool_cfg *p = ip_pool_find(pool);
	uint32_t lo[USAGE_RANGES], hi[USAGE_RANGES];
	char buf[1024], *save = NULL, *r;
	size_t n = 0, i, k;

	if (!p)
		return -ENOENT;
	*size = *used = 0;
	if (strlen(p->ranges) >= sizeof(buf))
		return 0;
	strcpy(buf, p->ranges);
	for (r = strtok_r(buf, ",", &save); r && n < USAGE_RANGES; r = strtok_r(NULL, ",", &save)) {
		if (!parse_range(r, &lo[n], &hi[n]))
			continue;
		*size += (uint64_t)hi[n] - lo[n] + 1;
		n++;
	}
	/* the addresses in use, each looked for in the ranges: O(in use), not O(pool size) */
	for (i = 0; i < set_cap; i++) {
		if (set[i] == EMPTY || set[i] == GONE)
			continue;
		for (k = 0; k < n; k++)
			if (set[i] >= lo[k] && set[i] <= hi[k]) {
				(*used)++;
				break;
			}
	}
	return 0;
}

static struct cursor *cursor_for(const char *pool)
{
	struct cursor *c;
	size_t i;

	for (i = 0; i < ncursors; i++)
		if (!strcmp(cursors[i].pool, pool))
			return &cursors[i];
	c = realloc(cursors, (ncursors + 1) * sizeof(*c));
	if (!c)
		return NULL;
	cursors = c;
	c = &cursors[ncursors++];
	snprintf(c->pool, sizeof(c->pool), "%s", pool);
	c->next = 0;
	return c;
}

/* Tries the ranges from the cursor onward, wrapping once. */
static int alloc_from(const char *ranges, struct cursor *cur, uint32_t *addr)
{
	char buf[1024], *save = NULL, *r;
	int pass;

	if (strlen(ranges) >= sizeof(buf))
		return -ENOSPC;
	for (pass = 0; pass < 2; pass++) {
		strcpy(buf, ranges);
		for (r = strtok_r(buf, ",", &save); r; r = strtok_r(NULL, ",", &save)) {
			uint32_t lo, hi, a;

			if (!parse_range(r, &lo, &hi))
				continue;
			a = pass == 0 && cur->next > lo && cur->next <= hi ? cur->next : lo;
			if (pass == 0 && cur->next > hi)
				continue;
			for (; ; a++) {
				if (!in_use(a) && a != GONE && a != EMPTY) {
					cur->next = a + 1;
					*addr = htonl(a);
					return mark(a);
				}
				if (a == hi)
					break;
			}
		}
		cur->next = 0;
	}
	return -ENOSPC;
}

int ipam_alloc(const char *pool, uint32_t *addr)
{
	const char *name = pool;
	int hops, ret = -ENOENT;

	/* next-pool chains end at none; a loop is cut after as many hops as there are pools */
	for (hops = 0; hops <= (int)ip_pool_menu.n && name; hops++) {
		const struct ip_pool_cfg *p = ip_pool_find(name);
		struct cursor *cur;

		if (!p)
			return hops ? -ENOSPC : -ENOENT;
		cur = cursor_for(name);
		if (!cur)
			return -ENOMEM;
		ret = alloc_from(p->ranges, cur, addr);
		if (ret != -ENOSPC)
			return ret;
		name = p->next_pool;
	}
	return ret;
}

/* The longest free run (up to want) in lo..hi, host order: its length, its start in *at. */
static uint32_t free_run(uint32_t lo, uint32_t hi, uint32_t want, uint32_t *at)
{
	uint32_t a = lo, best = 0, run = 0;

	for (;; a++) {
		run = in_use(a) || a == GONE || a == EMPTY ? 0 : run + 1;
		if (run > best) {
			best = run;
			*at = a - run + 1;
		}
		if (best == want || a == hi)
			return best;
	}
}

int ipam_alloc_run(const char *pool, uint32_t want, uint32_t *first, uint32_t *got)
{
	const struct ip_pool_cfg *p = ip_pool_find(pool);
	char buf[1024], *save = NULL, *r;
	uint32_t best = 0, at = 0, i;

	if (!p)
		return -ENOENT;
	if (!want || strlen(p->ranges) >= sizeof(buf))
		return -ENOSPC;
	strcpy(buf, p->ranges);
	for (r = strtok_r(buf, ",", &save); r && best < want; r = strtok_r(NULL, ",", &save)) {
		uint32_t lo, hi, start = 0, n;

		if (!parse_range(r, &lo, &hi))
			continue;
		n = free_run(lo, hi, want, &start);
		if (n > best) {
			best = n;
			at = start;
		}
	}
	if (!best)
		return -ENOSPC;
	for (i = 0; i < best; i++)
		if (mark(at + i)) {
			while (i--)
				ipam_release(htonl(at + i));
			return -ENOMEM;
		}
	*first = htonl(at);
	*got = best;
	return 0;
}

void ipam_done(void)
{
	free(set);
	free(cursors);
	set = NULL;
	cursors = NULL;
	set_cap = set_used = set_live = ncursors = 0;
}
