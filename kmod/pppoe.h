/* SPDX-License-Identifier: GPL-2.0 */
/* PPPoE sessions (pppoe.c): PPP in Ethernet frames of type 0x8864 (RFC 2516 section 6). */
#ifndef _SLUICE_PPPOE_H
#define _SLUICE_PPPOE_H

#include <linux/if_ether.h>
#include <linux/types.h>

struct net_device;
struct packet_type;
struct sk_buff;
struct sluice_encap_ops;

#define SLUICE_PPPOE_HDR_LEN 6		/* VER/TYPE, CODE, SESSION_ID, LENGTH */

/* 8 bytes, as every key: the device is checked after the lookup (ids are per MAC) */
struct sluice_pppoe_key {
	u8 peer_mac[ETH_ALEN];
	__be16 session_id;
};

/* pppoe.c APIs: */
extern const struct sluice_encap_ops sluice_pppoe_ops;
/* the packet handler for ETH_P_PPP_SES (and KUnit's way in), under RCU */
int sluice_pppoe_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt,
		     struct net_device *orig_dev);

#endif /* _SLUICE_PPPOE_H */
