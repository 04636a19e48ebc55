// SPDX-License-Identifier: GPL-2.0
/* Waits after failed logins, per address and per user name; see backoff.h. */
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include "aaa/backoff.h"
#include "core/loop.h"

#define SLOTS 4096		/* records: addresses and names together */
#define PROBE 8			/* slots a key may live in */

struct record {
	uint64_t key;		/* 0: free */
	unsigned int failures;	/* in a row */
	uint64_t last_ms;	/* last touched, for replacement */
	uint64_t until_ms;	/* no attempt before this */
};

static struct record table[SLOTS];
static uint64_t seed;

/* FNV-1a over a type byte and the bytes, then a mix with a secret seed. */
static uint64_t key_of(uint8_t type, const void *p, size_t n)
{
	const uint8_t *b = p;
	uint64_t h = 0xcbf29ce484222325ULL ^ seed;
	size_t i;

	if (!seed && getrandom(&seed, sizeof(seed), GRND_NONBLOCK) != sizeof(seed))
		seed = (uint64_t)time(NULL) * 0x9e3779b97f4a7c15ULL;
	h ^= type;
	h *= 0x100000001b3ULL;
	for (i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	h ^= seed;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h ? h : 1;
}

/* The record of key; with create, a free or the least recently used slot takes it. */
static struct record *find(uint64_t key, bool create)
{
	struct record *oldest = NULL, *r;
	size_t i;

	for (i = 0; i < PROBE; i++) {
		r = &table[(key + i) & (SLOTS - 1)];
		if (r->key == key)
			return r;
		if (!oldest || !r->key || (oldest->key && r->last_ms < oldest->last_ms))
			oldest = r;
	}
	if (!create)
		return NULL;
	*oldest = (struct record){ .key = key };
	return oldest;
}

static uint64_t addr_key(uint32_t addr)
{
	return key_of('a', &addr, sizeof(addr));
}

static uint64_t user_key(const char *user)
{
	return key_of('u', user, strlen(user));
}

static unsigned int wait_of(const struct record *r, uint64_t now)
{
	return r && r->until_ms > now ? (unsigned int)((r->until_ms - now + 999) / 1000) : 0;
}

unsigned int login_backoff_wait(const struct login_backoff_limits *lim, uint32_t addr,
				const char *user)
{
	uint64_t now = loop_now_ms();
	unsigned int a, u;

	if (!lim->max_failures)
		return 0;
	a = wait_of(find(addr_key(addr), false), now);
	u = wait_of(find(user_key(user), false), now);
	return a > u ? a : u;
}

static void failed(const struct login_backoff_limits *lim, struct record *r, uint64_t now)
{
	unsigned int over, wait_s = 1;

	r->failures++;
	r->last_ms = now;
	if (r->failures < lim->max_failures)
		return;
	over = r->failures - lim->max_failures;
	while (over-- && wait_s < lim->max_wait_s)
		wait_s *= 2;
	if (wait_s > lim->max_wait_s)
		wait_s = lim->max_wait_s;
	r->until_ms = now + (uint64_t)wait_s * 1000;
}

void login_backoff_record(const struct login_backoff_limits *lim, uint32_t addr,
			  const char *user, bool ok)
{
	uint64_t now = loop_now_ms();
	struct record *r;

	if (!lim->max_failures)
		return;
	if (ok) {
		if ((r = find(addr_key(addr), false)))
			r->key = 0;
		if ((r = find(user_key(user), false)))
			r->key = 0;
		return;
	}
	failed(lim, find(addr_key(addr), true), now);
	failed(lim, find(user_key(user), true), now);
}

void login_backoff_reset(void)
{
	memset(table, 0, sizeof(table));
}
