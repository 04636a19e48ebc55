/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon's one event loop: epoll over every descriptor, callbacks run to completion,
 * nothing blocks. Signals arrive through a signalfd as ordinary events.
 */
#ifndef SLUICED_LOOP_H
#define SLUICED_LOOP_H

#include <stdint.h>
#include <sys/epoll.h>

struct loop_fd;
typedef void (*loop_fd_cb)(struct loop_fd *w, uint32_t events);

struct loop_fd {
	int fd;
	uint32_t events;	/* EPOLLIN, EPOLLOUT, ... */
	loop_fd_cb cb;
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

#endif /* SLUICED_LOOP_H */
