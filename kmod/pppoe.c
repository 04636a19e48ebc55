// SPDX-License-Identifier: GPL-2.0
/*
 * PPPoE session data (RFC 2516 section 6): Ethernet frames of type 0x8864 taken by a packet
 * handler, found by (peer MAC, session id) under RCU and checked against the device they
 * came in on, then the shared PPP receive path; sent straight to the device with the
 * Ethernet header (its address as the source) and the 6-byte PPPoE header, PPP without
 * its address and control field (RFC 2516 section 7). Discovery (0x8863) is sluiced's, on
 * a packet socket. The device is looked up by index at each send, so a session holds no
 * reference to it; a netdevice notifier ends a device's sessions when it goes.
 *
 * The kernel's own pppoe module may be loaded beside us: every handler of 0x8864 gets each
 * frame, so both take only their own sessions' (skb_share_check before we change one).
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/genetlink.h>
#include "ppp.h"
#include "pppoe.h"
#include "sluice.h"

static const struct nla_policy pppoe_nl_policy[SLUICE_PPPOE_A_MAX + 1] = {
	[SLUICE_PPPOE_A_IFINDEX] = { .type = NLA_U32 },
	[SLUICE_PPPOE_A_PEER_MAC] = NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[SLUICE_PPPOE_A_SESSION_ID] = { .type = NLA_U16 },
};

/* Under RCU: the session this peer MAC calls session_id. */
static struct sluice_session *pppoe_lookup_rcu(struct sluice_net *sn,
					       const union sluice_session_key *key)
{
	return sluice_session_lookup_key_rcu(sn, SLUICE_ENCAP_PPPOE, key);
}

/* The header: VER = TYPE = 1, CODE 0, and LENGTH within the frame; its payload length. */
static int pppoe_hdr_ok(const u8 *h, unsigned int len)
{
	unsigned int plen = get_unaligned_be16(h + 4);

	if (h[0] != 0x11 || h[1] != 0 || plen > len - SLUICE_PPPOE_HDR_LEN)
		return -1;
	return plen;
}

static int pppoe_drop(struct sk_buff *skb, struct sluice_drops *d, enum sluice_drop why)
{
	sluice_drop(d, why);
	kfree_skb(skb);
	return NET_RX_DROP;
}

int sluice_pppoe_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt,
		     struct net_device *orig_dev)
{
	struct sluice_net *sn = sluice_net(dev_net(dev));
	union sluice_session_key key = {};
	enum sluice_drop why = SLUICE_DROP_UNSPEC;
	enum sluice_rx_action action;
	struct sluice_session *s;
	u16 proto = 0;
	int plen;

	skb = skb_share_check(skb, GFP_ATOMIC);	/* the kernel's pppoe may hold it too */
	if (!skb)
		return NET_RX_DROP;
	/* 0x8864 from a device without an Ethernet header (a tun, a GRE tunnel): no MAC */
	if (skb_mac_header_len(skb) < ETH_HLEN)
		return pppoe_drop(skb, &sn->drops, SLUICE_DROP_PPPOE_TRUNCATED);
	if (skb->pkt_type != PACKET_HOST)
		return pppoe_drop(skb, &sn->drops, SLUICE_DROP_PPPOE_NOT_HOST);
	if (!pskb_may_pull(skb, SLUICE_PPPOE_HDR_LEN))
		return pppoe_drop(skb, &sn->drops, SLUICE_DROP_PPPOE_TRUNCATED);
	plen = pppoe_hdr_ok(skb->data, skb->len);
	if (plen < 0)
		return pppoe_drop(skb, &sn->drops, SLUICE_DROP_PPPOE_HEADER);
	ether_addr_copy(key.pppoe.peer_mac, eth_hdr(skb)->h_source);
	key.pppoe.session_id = get_unaligned((__be16 *)(skb->data + 2));
	s = pppoe_lookup_rcu(sn, &key);		/* the receive path holds rcu_read_lock */
	if (!s)
		return pppoe_drop(skb, &sn->drops, SLUICE_DROP_NO_SESSION);
	if (s->pppoe_ifindex != dev->ifindex)
		return pppoe_drop(skb, &s->drops, SLUICE_DROP_PPPOE_DEVICE);
	skb_pull_rcsum(skb, SLUICE_PPPOE_HDR_LEN);
	if (pskb_trim_rcsum(skb, plen) ||	/* Ethernet's padding goes */
	    !pskb_may_pull(skb, min_t(unsigned int, skb->len, SLUICE_PPP_HDR_MAX)))
		return pppoe_drop(skb, &s->drops, SLUICE_DROP_PPP_MALFORMED);

	spin_lock(&s->rx_lock);
	action = sluice_rx_ppp_locked(s, skb, &proto, &why);
	spin_unlock(&s->rx_lock);
	return sluice_rx_finish(s, skb, action, proto, why);
}

/* Under the tx lock: the PPPoE and Ethernet headers, out of the session's device. */
static void pppoe_send(struct sluice_session *s, struct sk_buff *skb, struct rtable *rt,
		       __be32 saddr)
{
	unsigned int plen = skb->len;
	enum sluice_drop why = SLUICE_DROP_UNSPEC;
	struct net_device *dev;
	u8 *h;

	/* what the session's own device and stack attached means nothing on the wire */
	skb_scrub_packet(skb, false);
	rcu_read_lock();
	dev = dev_get_by_index_rcu(s->net, s->pppoe_ifindex);
	if (!dev || !(dev->flags & IFF_UP) || dev->type != ARPHRD_ETHER)
		why = SLUICE_DROP_TX_NO_ROUTE;
	else if (plen + SLUICE_PPPOE_HDR_LEN > dev->mtu)
		why = SLUICE_DROP_TX_TOO_BIG;
	if (why) {
		rcu_read_unlock();
		sluice_drop(&s->drops, why);
		kfree_skb(skb);
		return;
	}
	h = skb_push(skb, SLUICE_PPPOE_HDR_LEN);
	h[0] = 0x11;
	h[1] = 0;
	put_unaligned(s->key.pppoe.session_id, (__be16 *)(h + 2));
	put_unaligned_be16(plen, h + 4);
	skb_reset_network_header(skb);
	skb->protocol = htons(ETH_P_PPP_SES);
	skb->dev = dev;
	if (dev_hard_header(skb, dev, ETH_P_PPP_SES, s->key.pppoe.peer_mac, NULL, skb->len) < 0) {
		rcu_read_unlock();
		sluice_drop(&s->drops, SLUICE_DROP_TX_NOMEM);
		kfree_skb(skb);
		return;
	}
	dev_queue_xmit(skb);
	rcu_read_unlock();
}

/* --- netlink: the SLUICE_SESSION_A_PPPOE nest */

static int pppoe_nl_parse(const struct nlattr *attr, struct sluice_session_config *cfg,
			  struct netlink_ext_ack *extack)
{
	struct nlattr *a[SLUICE_PPPOE_A_MAX + 1];
	int err = nla_parse_nested(a, SLUICE_PPPOE_A_MAX, attr, pppoe_nl_policy, extack);
	u16 sid;

	if (err)
		return err;
	if (!a[SLUICE_PPPOE_A_IFINDEX] || !a[SLUICE_PPPOE_A_PEER_MAC] ||
	    !a[SLUICE_PPPOE_A_SESSION_ID]) {
		NL_SET_ERR_MSG(extack, "PPPoE needs the device, the peer's MAC and the session id");
		return -EINVAL;
	}
	sid = nla_get_u16(a[SLUICE_PPPOE_A_SESSION_ID]);
	if (!sid || sid == 0xffff) {	/* RFC 2516: 0xffff is reserved, 0 is Discovery's */
		NL_SET_ERR_MSG(extack, "PPPoE session ids are 1 to 0xfffe");
		return -EINVAL;
	}
	memcpy(cfg->key.pppoe.peer_mac, nla_data(a[SLUICE_PPPOE_A_PEER_MAC]), ETH_ALEN);
	if (!is_valid_ether_addr(cfg->key.pppoe.peer_mac)) {
		NL_SET_ERR_MSG(extack, "the peer's MAC must be a unicast address");
		return -EINVAL;
	}
	cfg->key.pppoe.session_id = htons(sid);
	cfg->pppoe_ifindex = nla_get_u32(a[SLUICE_PPPOE_A_IFINDEX]);
	return 0;
}

/*
 * Under RTNL: the device is an Ethernet device of the namespace (it is not held: the
 * notifier below ends its sessions when it goes). A bridge's port or a bond's slave never
 * sees its frames (its master's rx_handler takes them): the master is the device to name.
 */
static int pppoe_get_config(struct net *net, struct sluice_session_config *cfg,
			    struct netlink_ext_ack *extack)
{
	struct net_device *dev = __dev_get_by_index(net, cfg->pppoe_ifindex);

	if (!dev) {
		NL_SET_ERR_MSG(extack, "no such device in this namespace");
		return -ENODEV;
	}
	if (dev->type != ARPHRD_ETHER || dev->addr_len != ETH_ALEN) {
		NL_SET_ERR_MSG(extack, "PPPoE needs an Ethernet device");
		return -EINVAL;
	}
	if (netif_is_bridge_port(dev) || netif_is_lag_port(dev) || (dev->flags & IFF_SLAVE)) {
		NL_SET_ERR_MSG(extack, "a bridge port or bond slave: name its master");
		return -EINVAL;
	}
	return 0;
}

/* nothing held: the device is looked up at each send */
static void pppoe_put_config(struct sluice_session_config *cfg)
{
}

static int pppoe_nl_fill(struct sk_buff *skb, const struct sluice_session *s)
{
	struct nlattr *nest = nla_nest_start(skb, SLUICE_SESSION_A_PPPOE);

	if (!nest ||
	    nla_put_u32(skb, SLUICE_PPPOE_A_IFINDEX, s->pppoe_ifindex) ||
	    nla_put(skb, SLUICE_PPPOE_A_PEER_MAC, ETH_ALEN, s->key.pppoe.peer_mac) ||
	    nla_put_u16(skb, SLUICE_PPPOE_A_SESSION_ID, ntohs(s->key.pppoe.session_id)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static void pppoe_init_session(struct sluice_session *s, const struct sluice_session_config *cfg)
{
	s->pppoe_ifindex = cfg->pppoe_ifindex;
}

/* --- a device that goes (unregistered, or moved to another namespace) ends its sessions,
 * so a later device that gets its index never carries them */

static int pppoe_netdev_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct sluice_session *s;
	struct sluice_kill k;
	bool any = false;

	if (event != NETDEV_UNREGISTER || dev->type != ARPHRD_ETHER)
		return NOTIFY_DONE;
	sluice_kill_init(&k);
	list_for_each_entry(s, &sluice_net(dev_net(dev))->list, list) {
		if (s->ops == &sluice_pppoe_ops && s->pppoe_ifindex == dev->ifindex) {
			sluice_kill_queue(&k, s);
			any = true;
		}
	}
	if (any)
		sluice_kill_many(&k);
	return NOTIFY_DONE;
}

static struct notifier_block pppoe_notifier = {
	.notifier_call = pppoe_netdev_event,
};

/* --- the module: frames of type 0x8864, beside the kernel's pppoe if it is loaded */

static struct packet_type pppoe_packet_type __read_mostly = {
	.type = cpu_to_be16(ETH_P_PPP_SES),
	.func = sluice_pppoe_rcv,
};

static int pppoe_init(void)
{
	int err = register_netdevice_notifier(&pppoe_notifier);

	if (err)
		return err;
	dev_add_pack(&pppoe_packet_type);
	return 0;
}

static void pppoe_uninit(void)
{
	dev_remove_pack(&pppoe_packet_type);
	unregister_netdevice_notifier(&pppoe_notifier);
}

const struct sluice_encap_ops sluice_pppoe_ops = {
	.id = SLUICE_ENCAP_PPPOE,
	.init = pppoe_init,
	.uninit = pppoe_uninit,
	.nl_attr = SLUICE_SESSION_A_PPPOE,
	.nl_policy = pppoe_nl_policy,
	.nl_maxtype = SLUICE_PPPOE_A_MAX,
	.nl_parse = pppoe_nl_parse,
	.nl_fill = pppoe_nl_fill,
	.exists_msg = "a session with this peer MAC and session id exists",
	.get_config = pppoe_get_config,
	.put_config = pppoe_put_config,
	.init_session = pppoe_init_session,
	.lookup_rcu = pppoe_lookup_rcu,
	.hash = sluice_session_hash_key,
	.unhash = sluice_session_unhash_key,
	.send = pppoe_send,
	.headroom = SLUICE_PPPOE_HDR_LEN,
	.no_addr_ctrl = true,
};
