// SPDX-License-Identifier: GPL-2.0
/*
 * A small epoll core rather than libevent: the daemon needs descriptors, signals and (with
 * the PPP timers) one timer structure sized for 100k sessions; those are a few hundred lines
 * we can read, test and tune, without a second event model to learn.
 */
#include <errno.h>
#include <unistd.h>
#include "core/loop.h"

#define LOOP_BATCH 64

static int epfd = -1;
static int running;

int loop_init(void)
{
	epfd = epoll_create1(EPOLL_CLOEXEC);
	return epfd < 0 ? -errno : 0;
}

void loop_done(void)
{
	if (epfd >= 0)
		close(epfd);
	epfd = -1;
}

int loop_add(struct loop_fd *w)
{
	struct epoll_event ev = { .events = w->events, .data.ptr = w };

	return epoll_ctl(epfd, EPOLL_CTL_ADD, w->fd, &ev) ? -errno : 0;
}

int loop_mod(struct loop_fd *w, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = w };

	if (events == w->events)
		return 0;
	w->events = events;
	return epoll_ctl(epfd, EPOLL_CTL_MOD, w->fd, &ev) ? -errno : 0;
}

void loop_del(struct loop_fd *w)
{
	epoll_ctl(epfd, EPOLL_CTL_DEL, w->fd, NULL);
}

/*
 * Timers run before each wait, so a callback that arms a short timer is served promptly.
 * A callback may delete and free any loop_fd, including one whose event is still waiting
 * later in this batch; so callbacks that free others must defer it (none do yet, and the
 * session code that will is expected to free after the batch).
 */
/* One wait of at most timeout_ms (-1: none) and its callbacks; 0, or -errno but EINTR. */
static int run_once(int timeout_ms)
{
	struct epoll_event evs[LOOP_BATCH];
	int i, n = epoll_wait(epfd, evs, LOOP_BATCH, timeout_ms);

	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (i = 0; i < n && running; i++) {
		struct loop_fd *w = evs[i].data.ptr;

		w->cb(w, evs[i].events);
	}
	return 0;
}

int loop_run(void)
{
	int ret = 0;

	running = 1;
	while (running && !ret)
		ret = run_once(loop_run_timers());
	return ret;
}

int loop_run_once(void)
{
	int ret;

	running = 1;
	loop_run_timers();
	ret = run_once(0);
	running = 0;
	return ret;
}

void loop_stop(void)
{
	running = 0;
}
