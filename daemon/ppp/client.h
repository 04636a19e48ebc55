/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dial-out role of a PPP link (pptp-client, l2tp-client): the same link, automatons and
 * kernel push as the server's, with the roles turned round where they differ. LCP accepts the
 * peer's demand for authentication if the client's `allow` list has the method (and suggests
 * one it has if not) and never demands any itself; we answer the peer's challenge
 * (ppp/auth_peer.c); CCP asks for MPPE as the profile's use-encryption says; IPCP asks for
 * 0.0.0.0 and takes the address the peer names. The transport only makes the kernel session
 * and hands its ifindex over, so the link does not know PPTP from L2TP.
 */
#ifndef SLUICED_PPP_CLIENT_H
#define SLUICED_PPP_CLIENT_H

#include <stdbool.h>
#include <stdint.h>
#include "ppp/auth_peer.h"

struct ppp_link;

/* What the client's configuration item says; the link keeps a copy. */
struct ppp_client_conf {
	char ifname[16];		/* the interface's name: the item's name, "pptp-out1" */
	char user[65];
	char password[257];
	unsigned int allow;		/* CFG_AUTH_*: pap, chap, mschap1, mschap2 */
	char profile[65];
	unsigned int keepalive_s;	/* 0: none */
	uint16_t max_mtu, max_mru;
	bool add_default_route;
	unsigned int default_route_distance;	/* the default route's metric */
};

struct ppp_client {
	struct ppp_client_conf conf;
	struct ppp_auth_peer auth;
	bool default_route;		/* ours is installed: removed when the link ends */
	uint32_t route_metric;
	/* the server's own route, pinned to the gateway it had, so the default route through
	 * the tunnel does not carry the tunnel's own packets */
	bool server_route;
	uint32_t server_gw;
	int server_ifindex;
};

/*
 * Is addr (network order) an address, or a broadcast address, of one of this host's
 * interfaces other than except_ifindex (the session's own)? IPCP refuses such an address for
 * either end of the tunnel. getifaddrs() by default; tests put their own.
 */
extern bool (*ppp_client_addr_is_ours)(uint32_t addr, uint32_t except_ifindex);

/* The link uses this role through ppp_role_dial_out (ppp/link_int.h). */

#endif /* SLUICED_PPP_CLIENT_H */
