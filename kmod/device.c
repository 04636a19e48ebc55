// SPDX-License-Identifier: GPL-2.0
/*
 * A session's network interface: point-to-point, no ARP, no queue of its own (tc can add
 * one), lockless transmit (the session's tx lock orders its packets). Routing, firewalling
 * and tc see it like any other interface.
 *
 * It takes the stack's large packets (GSO: TCP in up to 64 KB, in pages) and cuts them
 * itself, as WireGuard does: one trip through TCP, IP and netfilter for many segments
 * instead of one each, and no copy into a linear buffer. Each segment then goes through
 * PPP, MPPE and the encapsulation alone. The transport checksum is left to the device
 * (HW_CSUM) and filled in tx.c, in one pass over the segment's pages.
 */
#include <linux/if_arp.h>
#include <linux/ip.h>
#include <linux/rtnetlink.h>
#include <net/rtnetlink.h>
#include "compat.h"
#include "gre.h"
#include "ppp.h"
#include "sluice.h"

#define SLUICE_OVERHEAD (sizeof(struct iphdr) + SLUICE_ENCAP_HDR_MAX + SLUICE_PPP_HDR_MAX + \
			 SLUICE_MPPE_HDR_LEN + 2)
#define SLUICE_DEFAULT_MTU 1400
#define SLUICE_DEV_FEATURES (NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_HIGHDMA | \
			     NETIF_F_GSO_SOFTWARE)

static void sluice_dev_uninit(struct net_device *dev)
{
	sluice_session_unhash(netdev_priv(dev));
	sluice_gro_stop(netdev_priv(dev));
}

/* the session was made before its device was registered (session.c) and dies with it */
static void sluice_dev_destructor(struct net_device *dev)
{
	sluice_session_destroy(netdev_priv(dev));
}

/* One packet of the stack's, at most the MTU: what its NCP carries, shaped, sent. */
static void dev_xmit_one(struct sluice_session *s, struct sk_buff *skb)
{
	u32 carried = READ_ONCE(s->ppp_protocols);

	/* only what the daemon opened (its NCP): IPv6 without IPv6CP is not PPP */
	if (skb->protocol == htons(ETH_P_IP) && (carried & SLUICE_PPP_PROTO_IPV4)) {
		if (!sluice_shape(s, SLUICE_DIR_TX, skb))
			sluice_xmit(s, skb, SLUICE_PPP_IP);
	} else if (skb->protocol == htons(ETH_P_IPV6) && (carried & SLUICE_PPP_PROTO_IPV6)) {
		if (!sluice_shape(s, SLUICE_DIR_TX, skb))
			sluice_xmit(s, skb, SLUICE_PPP_IPV6);
	} else {
		sluice_drop(&s->drops, SLUICE_DROP_TX_PROTO);
		kfree_skb(skb);
	}
}

static netdev_tx_t sluice_dev_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct sluice_session *s = netdev_priv(dev);
	struct sk_buff *segs, *next;

	if (!skb_is_gso(skb)) {
		dev_xmit_one(s, skb);
		return NETDEV_TX_OK;
	}
	/* segments keep the pages and the checksum to fill, as the device said it takes them */
	segs = skb_gso_segment(skb, NETIF_F_SG | NETIF_F_HW_CSUM);
	if (IS_ERR_OR_NULL(segs)) {
		sluice_drop(&s->drops, SLUICE_DROP_TX_NOMEM);
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, skb, next) {
		skb_mark_not_on_list(skb);
		dev_xmit_one(s, skb);
	}
	return NETDEV_TX_OK;
}

static void sluice_dev_get_stats64(struct net_device *dev, struct rtnl_link_stats64 *st)
{
	struct sluice_session *s = netdev_priv(dev);
	u64 ctrl;
	int i;

	sluice_stats_read(&s->rx_stats, &st->rx_packets, &st->rx_bytes, &ctrl);
	sluice_stats_read(&s->tx_stats, &st->tx_packets, &st->tx_bytes, &ctrl);
	/* a session counts only its own reasons: the module's stay 0 here */
	for (i = SLUICE_DROP_UNSPEC + 1; i < __SLUICE_DROP_MAX; i++) {
		if (i == SLUICE_DROP_PAD)
			continue;
		if (sluice_drop_is_tx(i))
			st->tx_dropped += atomic64_read(&s->drops.n[i]);
		else
			st->rx_dropped += atomic64_read(&s->drops.n[i]);
	}
}

static const struct net_device_ops sluice_netdev_ops = {
	.ndo_uninit = sluice_dev_uninit,
	.ndo_start_xmit = sluice_dev_xmit,
	.ndo_get_stats64 = sluice_dev_get_stats64,
};

static void sluice_dev_setup(struct net_device *dev)
{
	dev->netdev_ops = &sluice_netdev_ops;
	dev->type = ARPHRD_PPP;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP | IFF_MULTICAST;
	dev->priv_flags |= IFF_NO_QUEUE;
	sluice_compat_set_lltx(dev);
	dev->features |= SLUICE_DEV_FEATURES;
	dev->hw_features |= SLUICE_DEV_FEATURES;	/* ethtool -K may turn them off */
	/* sessions are hashed per namespace: they stay where they were made */
	sluice_compat_set_netns_immutable(dev);
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->needed_headroom = LL_MAX_HEADER + SLUICE_OVERHEAD;
	dev->mtu = SLUICE_DEFAULT_MTU;
	dev->min_mtu = 68;
	dev->max_mtu = IP_MAX_MTU - SLUICE_OVERHEAD;
	dev->needs_free_netdev = true;
	dev->priv_destructor = sluice_dev_destructor;
	dev->rtnl_link_ops = &sluice_link_ops;
	netif_keep_dst(dev);
}

/* Sessions are made through the sluice netlink family, never by `ip link add`. */
static int sluice_link_validate(struct nlattr *tb[], struct nlattr *data[],
				struct netlink_ext_ack *extack)
{
	NL_SET_ERR_MSG(extack, "sluice sessions are created through the sluice netlink family");
	return -EOPNOTSUPP;
}

struct rtnl_link_ops sluice_link_ops __read_mostly = {
	.kind = KBUILD_MODNAME,
	.priv_size = sizeof(struct sluice_session),
	.setup = sluice_dev_setup,
	.validate = sluice_link_validate,
	.dellink = unregister_netdevice_queue,
};

struct net_device *sluice_device_alloc(const char *ifname, u32 mtu)
{
	struct net_device *dev;

	dev = alloc_netdev(sizeof(struct sluice_session), ifname ?: "sluice%d",
			   ifname ? NET_NAME_USER : NET_NAME_ENUM, sluice_dev_setup);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	if (mtu)
		dev->mtu = clamp_t(u32, mtu, dev->min_mtu, dev->max_mtu);
	return dev;
}

/* Hands a decapsulated IPv4/IPv6 packet to the stack as received on the session's device. */
void sluice_device_rx(struct sluice_session *s, struct sk_buff *skb, __be16 proto)
{
	skb_scrub_packet(skb, false);
	skb->dev = s->dev;
	skb->protocol = proto;
	skb->pkt_type = PACKET_HOST;
	/*
	 * What the lower device checked was the outer frame: the stack checks the packet
	 * again. Except a frame of this host's (over a veth) whose checksum is still to be
	 * filled at the packet inside (CHECKSUM_PARTIAL there: sluice's own frames never are,
	 * tx.c): it never crossed a wire, and the stack fills it in if it sends it on.
	 */
	if (skb->ip_summed != CHECKSUM_PARTIAL || skb_checksum_start_offset(skb) < 0)
		skb->ip_summed = CHECKSUM_NONE;
	skb_reset_network_header(skb);
	skb_reset_mac_header(skb);
	skb_reset_transport_header(skb);
	sluice_gro_rx(s, skb);	/* GRO for a busy session, else the CPU's backlog */
}
