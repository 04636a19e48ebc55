/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon's one event loop: epoll over every descriptor, callbacks run to completion,
 * nothing blocks. Signals arrive through a signalfd as ordinary events.
 */
#ifndef SLUICED_LOOP_H
#define SLUICED_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/epoll.h>

struct loop_fd;
typedef void (*loop_fd_cb)(struct loop_fd *w, uint32_t events);

struct loop_fd {
	int fd;
	uint32_t events;	/* EPOLLIN, EPOLLOUT, ... */
	loop_fd_cb cb;
};

/*
 * A timer: one-shot, re-armable, in a binary heap (O(log n) arm and cancel), so 100k
 * sessions with a keepalive and a restart timer each cost a few megabytes and no syscalls.
 */
struct loop_timer;
typedef void (*loop_timer_cb)(struct loop_timer *t);

struct loop_timer {
	uint64_t when_ms;	/* deadline on loop_now_ms()'s clock */
	size_t slot;		/* position in the heap + 1; 0 when not armed */
	loop_timer_cb cb;
};

int loop_init(void);
void loop_done(void);
/* Each returns 0 or a negative errno. */
int loop_add(struct loop_fd *w);
int loop_mod(struct loop_fd *w, uint32_t events);
void loop_del(struct loop_fd *w);
/* Runs until loop_stop(); returns 0, or a negative errno if epoll itself failed. */
int loop_run(void);
void loop_stop(void);
/* The timers due, then the events ready now and their callbacks, without waiting (tests). */
int loop_run_once(void);

/* Milliseconds on the monotonic clock. */
uint64_t loop_now_ms(void);
void loop_timer_init(struct loop_timer *t, loop_timer_cb cb);
/* (Re)arms t to fire once, ms from now; 0 or -ENOMEM. */
int loop_timer_arm(struct loop_timer *t, unsigned int ms);
void loop_timer_cancel(struct loop_timer *t);
static inline bool loop_timer_armed(const struct loop_timer *t)
{
	return t->slot != 0;
}
/* Runs the timers that are due; returns ms until the next one, or -1 if none (for tests). */
int loop_run_timers(void);
/* Frees the heap (at exit, after every timer was cancelled or fired). */
void loop_timers_done(void);

#endif /* SLUICED_LOOP_H */
