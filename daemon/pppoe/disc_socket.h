/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A packet socket for PPPoE Discovery (ETH_P_PPP_DISC) on one interface, watched by the
 * loop: what the server (one per interface) and each client item share. Frames go and come
 * without their Ethernet header; the peer's MAC is the link-layer address.
 */
#ifndef SLUICED_PPPOE_DISC_SOCKET_H
#define SLUICED_PPPOE_DISC_SOCKET_H

#include <stdbool.h>
#include <stdint.h>
#include "core/loop.h"

/* Opens w on interface name (its index in *ifindex, its MTU in *mtu), reading with cb;
 * 0 or a negative errno (-ENODEV: no such interface). */
int pppoe_disc_socket_open(struct loop_fd *w, const char *name, loop_fd_cb cb, int *ifindex,
			   unsigned int *mtu);
void pppoe_disc_socket_close(struct loop_fd *w);
/* One frame to dst (6 bytes) on ifindex; len <= 0 sends nothing. False if it failed. */
bool pppoe_disc_send(const struct loop_fd *w, int ifindex, const uint8_t *dst,
		     const uint8_t *frame, int len);

#endif /* SLUICED_PPPOE_DISC_SOCKET_H */
