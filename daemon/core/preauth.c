// SPDX-License-Identifier: GPL-2.0
/*
 * Half-open objects counted per source address, with a per-source rate; see preauth.h.
 * A source is remembered while it holds something, and afterwards until its bucket is full
 * again (its rate must outlive a quick open-and-close), on an idle list oldest first. The
 * sources remembered are capped: past the cap, the oldest idle one is forgotten early.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>
#define LOG_TOPIC (pa->log_topic)
#include "core/log.h"
#include "core/loop.h"
#include "core/preauth.h"

#define MS_PER_TOKEN 1000u	/* a bucket's content is kept in token-milliseconds */
#define SOURCES_PER_SLOT 4u	/* sources remembered: this many per half-open slot */

static struct list_node guards = LIST_INIT(guards);

struct preauth_source {
	struct list_node node;		/* on busy or idle */
	uint32_t key;
	unsigned int held;		/* half-open objects */
	uint64_t credit;		/* tokens * MS_PER_TOKEN */
	uint64_t stamp_ms;		/* when credit was last brought up to date */
};

/*
 * A bijective mix of the address with a secret seed (murmur3's finaliser): spoofed sources
 * cannot be chosen to land in one chain of the table, and different addresses never merge.
 */
static uint32_t key_of(const struct preauth *pa, uint32_t addr)
{
	uint32_t h = addr ^ pa->seed;

	h ^= h >> 16;
	h *= 0x85ebca6b;
	h ^= h >> 13;
	h *= 0xc2b2ae35;
	h ^= h >> 16;
	return h ? h : 1;	/* u32map's key 0 is "empty": that one address shares slot 1 */
}

void preauth_init(struct preauth *pa, const char *what, uint32_t log_topic,
		  const struct preauth_limits *lim)
{
	*pa = (struct preauth){ .what = what, .log_topic = log_topic, .lim = *lim };
	list_init(&pa->busy);
	list_init(&pa->idle);
	list_append(&guards, &pa->node);
	if (getrandom(&pa->seed, sizeof(pa->seed), GRND_NONBLOCK) != sizeof(pa->seed))
		pa->seed = (uint32_t)time(NULL) * 2654435761u;
}

/* --- buckets */

static uint64_t full_credit(const struct preauth *pa)
{
	return (uint64_t)pa->lim.burst * MS_PER_TOKEN;
}

static void refill(const struct preauth *pa, struct preauth_source *s, uint64_t now)
{
	s->credit += (now - s->stamp_ms) * pa->lim.rate;
	if (s->credit > full_credit(pa))
		s->credit = full_credit(pa);
	s->stamp_ms = now;
}

static void forget(struct preauth *pa, struct preauth_source *s)
{
	list_del(&s->node);
	u32map_del(&pa->sources, s->key);
	pa->nsources--;
	free(s);
}

/* Idle sources whose bucket is full again tell us nothing; over the cap, the oldest goes. */
static void sweep(struct preauth *pa, uint64_t now)
{
	struct preauth_source *s;

	while (!list_empty(&pa->idle)) {
		s = list_entry(pa->idle.next, struct preauth_source, node);
		refill(pa, s, now);
		if (s->credit < full_credit(pa) &&
		    pa->nsources < SOURCES_PER_SLOT * pa->lim.global)
			break;	/* the rest of the list is younger */
		forget(pa, s);
	}
}

static struct preauth_source *source_get(struct preauth *pa, uint32_t addr, uint64_t now)
{
	uint32_t key = key_of(pa, addr);
	struct preauth_source *s = u32map_get(&pa->sources, key);

	if (s)
		return s;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	*s = (struct preauth_source){ .key = key, .credit = full_credit(pa), .stamp_ms = now };
	if (u32map_put(&pa->sources, key, s)) {
		free(s);
		return NULL;
	}
	pa->nsources++;
	list_append(&pa->idle, &s->node);
	return s;
}

/* --- the verdicts */

static enum preauth_verdict refuse(struct preauth *pa, enum preauth_verdict v,
				   uint64_t *counter, uint32_t addr, uint64_t now)
{
	const uint8_t *b = (const uint8_t *)&addr;

	(*counter)++;
	if (v == PREAUTH_TOO_FAST && now - pa->refusal_logged_ms >= 1000 && pa->keyed) {
		log_warn("%s refused: a host over %u a second (%llu refused so far)", pa->what,
			 pa->lim.rate, (unsigned long long)pa->n.too_fast);
		pa->refusal_logged_ms = now;
	} else if (v == PREAUTH_TOO_FAST && now - pa->refusal_logged_ms >= 1000) {
		log_warn("%s from %u.%u.%u.%u refused: over %u a second (%llu refused so far)",
			 pa->what, b[0], b[1], b[2], b[3], pa->lim.rate,
			 (unsigned long long)pa->n.too_fast);
		pa->refusal_logged_ms = now;
	}
	return v;
}

enum preauth_verdict preauth_admit(struct preauth *pa, uint32_t addr)
{
	uint64_t now = loop_now_ms();
	struct preauth_source *s;

	sweep(pa, now);
	s = source_get(pa, addr, now);
	if (!s)
		return refuse(pa, PREAUTH_FULL, &pa->n.full, addr, now);
	refill(pa, s, now);
	if (s->credit < MS_PER_TOKEN)
		return refuse(pa, PREAUTH_TOO_FAST, &pa->n.too_fast, addr, now);
	if (s->held >= pa->lim.per_source)
		return refuse(pa, PREAUTH_SOURCE_FULL, &pa->n.source_full, addr, now);
	if (pa->half_open >= pa->lim.global)
		return refuse(pa, PREAUTH_FULL, &pa->n.full, addr, now);
	s->credit -= MS_PER_TOKEN;
	if (!s->held++) {
		list_del(&s->node);
		list_append(&pa->busy, &s->node);
	}
	pa->half_open++;
	pa->n.admitted++;
	return PREAUTH_OK;
}

void preauth_done(struct preauth *pa, uint32_t addr)
{
	struct preauth_source *s = u32map_get(&pa->sources, key_of(pa, addr));

	if (!s || !s->held)
		return;
	pa->half_open--;
	if (--s->held)
		return;
	list_del(&s->node);
	list_append(&pa->idle, &s->node);
	sweep(pa, loop_now_ms());
}

void preauth_evicted(struct preauth *pa)
{
	uint64_t now = loop_now_ms();

	pa->n.evicted++;
	if (now - pa->eviction_logged_ms >= 1000) {
		log_warn("%s: the oldest half-open one evicted to make room (%llu so far)",
			 pa->what, (unsigned long long)pa->n.evicted);
		pa->eviction_logged_ms = now;
	}
}

unsigned int preauth_held(const struct preauth *pa, uint32_t addr)
{
	const struct preauth_source *s = u32map_get(&pa->sources, key_of(pa, addr));

	return s ? s->held : 0;
}

void preauth_free(struct preauth *pa)
{
	struct list_node *lists[] = { &pa->busy, &pa->idle };
	size_t i;

	for (i = 0; i < 2; i++) {
		while (!list_empty(lists[i])) {
			struct list_node *n = lists[i]->next;

			list_del(n);
			free(list_entry(n, struct preauth_source, node));
		}
	}
	u32map_free(&pa->sources);
	pa->half_open = pa->nsources = 0;
	if (list_linked(&pa->node))
		list_del(&pa->node);
}

const struct preauth *preauth_next(const struct preauth *prev)
{
	const struct list_node *n = prev ? prev->node.next : guards.next;

	return n == &guards ? NULL : list_entry(n, struct preauth, node);
}
