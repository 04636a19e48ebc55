/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A session's counters as RouterOS's `/interface print stats` names them, from its kernel
 * session (the same counters its interface shows in `ip -s link` and accounting reports):
 * rx is what the router received from the peer. The module's drop reasons are split as
 * its interface splits them (kmod/device.c): rx-drop + rx-error is ip's rx dropped (the
 * errors: frames that did not parse), tx-drop + tx-queue-drop is ip's tx dropped (the
 * queue: the rate limit's own queue was full).
 */
#ifndef SLUICED_PPP_COUNTERS_H
#define SLUICED_PPP_COUNTERS_H

#include <stdint.h>
#include "sluice_nl.h"

struct ppp_link;

struct ppp_counters {
	uint64_t rx_byte, tx_byte, rx_packet, tx_packet;
	uint64_t rx_drop, tx_drop, tx_queue_drop, rx_error, tx_error;
};

void ppp_counters_of(const struct sluice_session_stats *st, struct ppp_counters *out);
/* l's kernel session's counters now: 0, or a negative errno (no kernel session) */
int ppp_link_counters(const struct ppp_link *l, struct ppp_counters *out);
struct cfg_menu;
struct cfg_item;
/*
 * The counters into a print stats row (rx-byte ... tx-error: those of its properties the
 * view has); left empty where the kernel has no session (the module went away).
 */
void ppp_counters_row(const struct cfg_menu *v, struct cfg_item *it, const struct ppp_link *l);
/* The link whose interface is named ifname (/interface's rows), or NULL. */
struct ppp_link *ppp_link_by_ifname(const char *ifname);

#endif /* SLUICED_PPP_COUNTERS_H */
