/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PPPoE access concentrator (/interface pppoe-server server, RFC 2516): Discovery on
 * a packet socket per interface that has an enabled item (ac.h decides the answers), and
 * for each PADR it accepts a session in the module (kmod/pppoe.c carries its frames) with a
 * PPP link over it. Session ids are unique among all our sessions, so the module's key
 * (peer MAC, session id) is too. PADT ends a session either way; a session whose interface
 * goes away ends with it.
 *
 * Before authentication a session is half-open (core/preauth.h), counted per client MAC: a
 * flood evicts its own oldest half-open sessions, not established ones. PADIs cost nothing
 * but a PADO (the AC-Cookie keeps no state) and are rate-limited per interface and per MAC.
 * Disabling or removing an item stops its answers; its sessions stay up, as PPTP's and
 * L2TP's do.
 */
#ifndef SLUICED_PPPOE_SERVER_H
#define SLUICED_PPPOE_SERVER_H

#include <stdint.h>
#include "strbuf.h"

struct cfg_menu;
struct cfg_item;

/* Opens and closes the interfaces' sockets as the items say; after configuration changes. */
void pppoe_server_apply(void);
/* Ends every session (daemon shutdown). */
void pppoe_server_stop(void);
/* monitor: an item's interface, its sessions and Discovery's counters */
void pppoe_server_monitor(const struct cfg_menu *m, const struct cfg_item *it,
			  struct strbuf *out, int json);

/* What Discovery saw, for monitor and the tests. */
struct pppoe_server_counters {
	uint64_t rx, malformed, padi, pado, padi_limited, padr, pads, padr_bad_cookie,
		 pads_refused, padr_repeated, padt_rx, padt_tx, padt_unknown, not_for_us;
};
void pppoe_server_counters(struct pppoe_server_counters *out);

#endif /* SLUICED_PPPOE_SERVER_H */
