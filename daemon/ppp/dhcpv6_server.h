/* SPDX-License-Identifier: GPL-2.0 */
/* DHCPv6 on PPP sessions: the socket (ppp/dhcpv6_server.c) around ppp/dhcpv6.c's answers. */
#ifndef SLUICED_PPP_DHCPV6_SERVER_H
#define SLUICED_PPP_DHCPV6_SERVER_H

#include "ppp/dhcpv6.h"

struct ppp_link;

struct dhcpv6_server_stats {
	unsigned long answered;
	unsigned long strangers;	/* not from a session's interface, or not link-local */
	unsigned long dropped[DHCPV6_DROP_MAX];
};

/* The link carries IPv6: its interface hears ff02::1:2 and its client is answered. */
void dhcpv6_server_start(struct ppp_link *l);
/* No more (IPv6CP closed, or the link ends); the delegated prefix's route goes. */
void dhcpv6_server_stop(struct ppp_link *l);
const struct dhcpv6_server_stats *dhcpv6_server_stats(void);
void dhcpv6_server_done(void);

#endif /* SLUICED_PPP_DHCPV6_SERVER_H */
