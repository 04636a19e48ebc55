/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stand-ins for what a PPP link asks of the kernel (daemon/core/kernel.c: the control-frame
 * channel, pushing a session) and of route netlink (daemon/core/rtnl.c), for tests that link
 * daemon/ppp/link.c without a kernel: link kernel_stub.c. They record what they were asked
 * in stub; a test resets the counts it reads.
 */
#ifndef SLUICE_TEST_KERNEL_STUB_H
#define SLUICE_TEST_KERNEL_STUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/kernel.h"

#define STUB_FRAMES 128

struct kernel_stub {
	kernel_frame_cb frame_cb;	/* the bound receiver: call it to deliver a frame */
	void *frame_owner;
	uint8_t sent[STUB_FRAMES][256];	/* the first control frames sent */
	size_t sent_len[STUB_FRAMES], nsent;
	struct sluice_session_params pushed;	/* the last kernel_session_set() or _attach() */
	struct sluice_session_params created;	/* the last kernel_session_new() */
	int npushed, nattached, routes_added, routes_deleted;	/* routes: the default route only */
	char renamed[16];
	uint32_t addr_local, addr_peer, route_metric;
	uint8_t iid_local[8], iid_peer[8];	/* the last rtnl_addr6_link_local() */
	int naddr6, routes6;	/* link-locals and IPv6 routes added less those removed */
	bool via_gateway;	/* rtnl_route_get: the server through a gateway, not on a link */
	unsigned int (*module_gone)(void);	/* kernel_on_module_gone's: call it to unload */
	unsigned int sessions;		/* made by kernel_session_new, not yet deleted */
	uint32_t next_ifindex;		/* the last id made; an attached one's ifindex: + 1000 */
	struct sluice_nl_limits limits;	/* the last kernel_session_limit() */
	int nlimits;
	/* kernel_session_get: session id's counters (id < STUB_STATS; 0s otherwise); gone:
	 * that session is not in the kernel (-ENOENT) */
#define STUB_STATS 16
	struct sluice_session_stats stats[STUB_STATS];
	bool gone[STUB_STATS];
};

extern struct kernel_stub stub;

#endif /* SLUICE_TEST_KERNEL_STUB_H */
