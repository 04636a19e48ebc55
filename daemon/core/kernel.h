/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon's link to the sluice kernel module: requests on one generic netlink socket,
 * PPP control frames from every session on a second one, subscribed to the "ctrl" group
 * and watched by the event loop.
 */
#ifndef SLUICED_KERNEL_H
#define SLUICED_KERNEL_H

#include "sluice_nl.h"

/* Receives one PPP control frame (protocol, information) for the session bound to it. */
typedef void (*kernel_frame_cb)(void *owner, const uint8_t *frame, size_t len);

/* Connects if the module is there; the daemon runs (and reports) without it. */
void kernel_init(void);
void kernel_done(void);
/*
 * Each returns 0 or a negative errno (-ENOENT: the module is not loaded). Requests
 * reconnect first if the module was reloaded since (a new family id).
 */
int kernel_module_info(struct sluice_module_info *info);
int kernel_session_new(struct sluice_session_params *p);
int kernel_session_set(const struct sluice_session_params *p);
/* A pending session (p->id) gets its interface: p->ifindex and p->ifname filled in. */
int kernel_session_attach(struct sluice_session_params *p);
/* The session's rate limits (API 7; -EOPNOTSUPP before it). */
int kernel_session_limit(uint32_t id, const struct sluice_nl_limits *l);
/* Sessions are named by their id (sluice_session_params.id) from here on. */
int kernel_session_del(uint32_t id);
/* Shutdown: deletions between the two go to the module in batches at the end. */
void kernel_batch_begin(void);
void kernel_batch_end(void);
int kernel_session_get(uint32_t id, struct sluice_session_info *out);
int kernel_ctrl_send(uint32_t id, const uint8_t *frame, size_t len);
/* Control frames received on session id go to cb(owner, ...) until unbound. */
int kernel_ctrl_bind(uint32_t id, kernel_frame_cb cb, void *owner);
void kernel_ctrl_unbind(uint32_t id);

/*
 * The module going away under a running sluiced (modprobe -r) takes every session with it.
 * nlctrl's notifications tell us (a socket of their own, watched from kernel_init on): one
 * log line says so and what was lost; gone() (registered by the PPP links) ends the links and
 * returns how many there were. Its coming back is logged too. Both counted.
 */
void kernel_on_module_gone(unsigned int (*gone)(void));
struct kernel_module_events {
	unsigned long unloads, loads;	/* the family removed, registered again */
	unsigned long sessions_lost;	/* links that were up or setting up at an unload */
};
void kernel_module_events(struct kernel_module_events *out);

#endif /* SLUICED_KERNEL_H */
