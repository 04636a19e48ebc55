// SPDX-License-Identifier: GPL-2.0
/*
 * A session's network interface: point-to-point, no ARP, no queue of its own (tc can add
 * one), lockless transmit (the session's tx lock orders its packets). Routing, firewalling
 * and tc see it like any other interface.
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

static void sluice_dev_uninit(struct net_device *dev)
{
	sluice_session_unhash(netdev_priv(dev));
}

/* the session was made before its device was registered (session.c) and dies with it */
static void sluice_dev_destructor(struct net_device *dev)
{
	sluice_session_destroy(netdev_priv(dev));
}

static netdev_tx_t sluice_dev_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct sluice_session *s = netdev_priv(dev);

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
	skb->ip_summed = CHECKSUM_NONE;
	skb_reset_network_header(skb);
	skb_reset_mac_header(skb);
	skb_reset_transport_header(skb);
	/*
	 * The CPU's backlog, as ppp_generic does: per-session GRO cells cost a NAPI context
	 * per CPU per session (~0.5 KB each: 100k sessions on 16 cores would be 800 MB), and
	 * a cell shared by sessions could hold packets of a device being freed; the backlog
	 * is flushed of a device's packets when it goes.
	 */
	netif_rx(skb);
}
