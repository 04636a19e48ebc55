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
	char allow[64];			/* "pap,chap,mschap1,mschap2" */
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

/* client.c APIs used by link.c: */
int client_link_init(struct ppp_link *l, const struct ppp_client_conf *conf);
void client_link_free(struct ppp_link *l);
void client_lcp_up(struct ppp_link *l);
void client_auth_input(struct ppp_link *l, uint16_t proto, const uint8_t *frame, size_t len);
bool client_have_keys(const struct ppp_link *l);
void client_name_interface(struct ppp_link *l);
void client_up(struct ppp_link *l);	/* in the kernel and up: the default route */
void client_down(struct ppp_link *l);	/* ending: the route goes, the keys are wiped */

#endif /* SLUICED_PPP_CLIENT_H */
