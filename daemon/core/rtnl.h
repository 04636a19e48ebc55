/* SPDX-License-Identifier: GPL-2.0 */
/* Route netlink for sessions: point-to-point addresses, link state and name, routes. */
#ifndef SLUICED_RTNL_H
#define SLUICED_RTNL_H

#include <stdbool.h>
#include <stdint.h>

/* Each returns 0 or a negative errno; addresses are IPv4 in network byte order. */
int rtnl_init(void);
void rtnl_done(void);
/* local/32 with peer as the other end, as pppd sets a PPP link's addresses */
int rtnl_addr_p2p(int ifindex, uint32_t local, uint32_t peer);
/* fe80::local_iid/128 with fe80::peer_iid as the other end, as pppd sets IPv6CP's; or away */
int rtnl_addr6_link_local(int ifindex, const uint8_t local_iid[8], const uint8_t peer_iid[8],
			  bool add);
int rtnl_link_set(int ifindex, bool up, uint32_t mtu, const char *new_name);
/* dst/prefix through the session (gateway 0) or through gw, with a metric */
int rtnl_route(int ifindex, uint32_t dst, unsigned int prefix, uint32_t gw, uint32_t metric,
	       bool add);
/* an IPv6 prefix (network order) through the session */
int rtnl_route6(int ifindex, const uint8_t dst[16], unsigned int prefix, bool add);
/* How the main table reaches dst now: the gateway (0: on link) and the interface. */
int rtnl_route_get(uint32_t dst, uint32_t *gw, int *ifindex);

#endif /* SLUICED_RTNL_H */
