// SPDX-License-Identifier: GPL-2.0
/* The event loop's timers: a binary min-heap of deadlines. */
#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include "core/loop.h"

static struct loop_timer **heap;
static size_t used, cap;

uint64_t loop_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void loop_timer_init(struct loop_timer *t, loop_timer_cb cb)
{
	t->when_ms = 0;
	t->slot = 0;
	t->cb = cb;
}

static void place(size_t i, struct loop_timer *t)
{
	heap[i] = t;
	t->slot = i + 1;
}

static void sift_up(size_t i)
{
	struct loop_timer *t = heap[i];

	while (i > 0 && heap[(i - 1) / 2]->when_ms > t->when_ms) {
		place(i, heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	place(i, t);
}

static void sift_down(size_t i)
{
	struct loop_timer *t = heap[i];

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= used)
			break;
		if (c + 1 < used && heap[c + 1]->when_ms < heap[c]->when_ms)
			c++;
		if (heap[c]->when_ms >= t->when_ms)
			break;
		place(i, heap[c]);
		i = c;
	}
	place(i, t);
}

void loop_timer_cancel(struct loop_timer *t)
{
	size_t i;

	if (!t->slot)
		return;
	i = t->slot - 1;
	t->slot = 0;
	if (--used == i)
		return;
	place(i, heap[used]);	/* the last one fills the hole, then finds its place */
	sift_down(i);
	sift_up(heap[i]->slot - 1);
}

int loop_timer_arm(struct loop_timer *t, unsigned int ms)
{
	loop_timer_cancel(t);
	if (used == cap) {
		size_t ncap = cap ? cap * 2 : 256;
		struct loop_timer **n = realloc(heap, ncap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		heap = n;
		cap = ncap;
	}
	t->when_ms = loop_now_ms() + ms;
	heap[used] = t;
	used++;
	sift_up(used - 1);
	return 0;
}

int loop_run_timers(void)
{
	uint64_t now = loop_now_ms();

	while (used && heap[0]->when_ms <= now) {
		struct loop_timer *t = heap[0];

		loop_timer_cancel(t);
		t->cb(t);	/* may re-arm t or arm others */
	}
	if (!used)
		return -1;
	return (int)(heap[0]->when_ms - now);
}

void loop_timers_done(void)
{
	free(heap);
	heap = NULL;
	used = cap = 0;
}
