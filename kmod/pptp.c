// SPDX-License-Identifier: GPL-2.0
/*
 * PPTP data: enhanced GRE (version 1) received through the kernel's GRE demultiplexer and
 * sent with a cached route. The receive path finds the session by (source address, call id)
 * under RCU, then holds only that session's rx lock; transmit holds only its tx lock, across
 * sequencing, encryption and output, so the session's packets leave in the order of their
 * sequence numbers and coherency counts.
 */
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <net/genetlink.h>
#include <net/gre.h>
#include <net/ip_tunnels.h>
#include <net/route.h>
#include "gre.h"
#include "ppp.h"
#include "pptp.h"
#include "sluice.h"

static const struct nla_policy pptp_nl_policy[SLUICE_PPTP_A_MAX + 1] = {
	[SLUICE_PPTP_A_LOCAL_ADDR] = { .type = NLA_BE32 },
	[SLUICE_PPTP_A_PEER_ADDR] = { .type = NLA_BE32 },
	[SLUICE_PPTP_A_LOCAL_CALL_ID] = { .type = NLA_U16 },
	[SLUICE_PPTP_A_PEER_CALL_ID] = { .type = NLA_U16 },
};

static const u8 gre_drop_reason[] = {
	[SLUICE_GRE_TRUNCATED] = SLUICE_DROP_GRE_TRUNCATED,
	[SLUICE_GRE_BAD_VERSION] = SLUICE_DROP_GRE_VERSION,
	[SLUICE_GRE_BAD_FLAGS] = SLUICE_DROP_GRE_FLAGS,
	[SLUICE_GRE_BAD_PROTO] = SLUICE_DROP_GRE_PROTO,
	[SLUICE_GRE_BAD_LENGTH] = SLUICE_DROP_GRE_LENGTH,
};

/* Under the rx lock: the GRE window, then the shared PPP receive path. */
static enum sluice_rx_action rx_locked(struct sluice_session *s, struct sk_buff *skb,
				       const struct sluice_gre_hdr *h, u16 *proto,
				       enum sluice_drop *why)
{
	enum sluice_seq_verdict sv;

	if (!h->has_seq)
		return SLUICE_RX_CONSUMED;	/* an acknowledgement alone */
	sv = sluice_seqwin_check(&s->rx_win, h->seq);
	if (sv == SLUICE_SEQ_DUPLICATE || sv == SLUICE_SEQ_OLD) {
		*why = sv == SLUICE_SEQ_OLD ? SLUICE_DROP_SEQ_OLD : SLUICE_DROP_SEQ_DUPLICATE;
		return SLUICE_RX_DROP;
	}
	if (sv == SLUICE_SEQ_NEXT) {
		WRITE_ONCE(s->ack_pending, h->seq);
		WRITE_ONCE(s->ack_due, true);
	}
	return sluice_rx_ppp_locked(s, skb, proto, why);
}

/* Under RCU: the session the peer at key.pptp.peer_addr calls key.pptp.call_id. */
static struct sluice_session *pptp_lookup_rcu(struct sluice_net *sn,
					      const union sluice_session_key *key)
{
	return sluice_session_lookup_key_rcu(sn, SLUICE_ENCAP_PPTP, key);
}

int sluice_pptp_rcv(struct sk_buff *skb)
{
	struct sluice_net *sn = sluice_net(dev_net(skb->dev));
	union sluice_session_key key = {};
	enum sluice_drop why = SLUICE_DROP_UNSPEC;
	struct sluice_gre_hdr h;
	enum sluice_gre_verdict gv;
	struct sluice_session *s;
	enum sluice_rx_action action;
	u16 proto = 0;

	/* the GRE demultiplexer takes broadcast and multicast too: not a call to us */
	if (skb->pkt_type != PACKET_HOST) {
		sluice_drop(&sn->drops, SLUICE_DROP_GRE_NOT_HOST);
		goto free;
	}
	if (!pskb_may_pull(skb, min_t(unsigned int, skb->len, SLUICE_GRE_HDR_MAX)))
		goto drop_module;
	gv = sluice_gre_parse(skb->data, skb->len, &h);
	if (gv != SLUICE_GRE_OK) {
		sluice_drop(&sn->drops, gre_drop_reason[gv]);
		net_dbg_ratelimited("GRE from %pI4 refused (reason %d)\n",
				    &ip_hdr(skb)->saddr, gv);
		goto free;
	}
	key.pptp.peer_addr = ip_hdr(skb)->saddr;
	key.pptp.call_id = h.call_id;
	s = pptp_lookup_rcu(sn, &key);	/* the GRE demux holds rcu_read_lock */
	if (!s) {
		sluice_drop(&sn->drops, SLUICE_DROP_NO_SESSION);
		goto free;
	}
	__skb_pull(skb, h.hdr_len);
	if (pskb_trim(skb, h.payload_len) ||
	    !pskb_may_pull(skb, min_t(unsigned int, skb->len, SLUICE_PPP_HDR_MAX))) {
		sluice_drop(&s->drops, SLUICE_DROP_PPP_MALFORMED);
		goto free;
	}

	spin_lock(&s->rx_lock);
	action = rx_locked(s, skb, &h, &proto, &why);
	spin_unlock(&s->rx_lock);
	return sluice_rx_finish(s, skb, action, proto, why);

free:
	kfree_skb(skb);
	return NET_RX_DROP;
drop_module:
	sluice_drop(&sn->drops, SLUICE_DROP_GRE_TRUNCATED);
	goto free;
}

static struct rtable *pptp_route(struct sluice_session *s, __be32 *saddr)
{
	struct rtable *rt = dst_cache_get_ip4(&s->dst_cache, saddr);
	struct flowi4 fl4 = {
		.daddr = s->key.pptp.peer_addr,
		.saddr = s->local_addr,
		.flowi4_proto = IPPROTO_GRE,
	};

	if (rt)
		return rt;
	rt = ip_route_output_key(s->net, &fl4);
	if (IS_ERR(rt))
		return NULL;
	if (rt->dst.dev == s->dev) {	/* the tunnel would carry itself */
		ip_rt_put(rt);
		return NULL;
	}
	dst_cache_set_ip4(&s->dst_cache, &rt->dst, fl4.saddr);
	*saddr = fl4.saddr;
	return rt;
}

/* Under the tx lock: the GRE header with the next sequence number and a piggybacked ack. */
static void pptp_send(struct sluice_session *s, struct sk_buff *skb, struct rtable *rt,
		      __be32 saddr)
{
	struct sluice_gre_hdr h = { .call_id = s->peer_call_id, .has_seq = true };

	h.payload_len = skb->len;
	h.seq = ++s->tx_seq;
	if (READ_ONCE(s->ack_due)) {
		h.has_ack = true;
		h.ack = READ_ONCE(s->ack_pending);
		WRITE_ONCE(s->ack_due, false);
	}
	sluice_gre_build(skb_push(skb, sluice_gre_hdr_len(&h)), &h);
	/* no skb->dev: iptunnel_xmit would count into per-CPU stats we do not keep */
	skb->dev = NULL;
	iptunnel_xmit(NULL, rt, skb, saddr, s->key.pptp.peer_addr, IPPROTO_GRE, 0,
		      ip4_dst_hoplimit(&rt->dst), 0, false);
}

/* --- netlink: the SLUICE_SESSION_A_PPTP nest */

static int pptp_nl_parse(const struct nlattr *attr, struct sluice_session_config *cfg,
			 struct netlink_ext_ack *extack)
{
	struct nlattr *a[SLUICE_PPTP_A_MAX + 1];
	int err = nla_parse_nested(a, SLUICE_PPTP_A_MAX, attr, pptp_nl_policy, extack);

	if (err)
		return err;
	if (!a[SLUICE_PPTP_A_LOCAL_ADDR] || !a[SLUICE_PPTP_A_PEER_ADDR] ||
	    !a[SLUICE_PPTP_A_LOCAL_CALL_ID] || !a[SLUICE_PPTP_A_PEER_CALL_ID]) {
		NL_SET_ERR_MSG(extack, "PPTP needs both addresses and both call ids");
		return -EINVAL;
	}
	cfg->local_addr = nla_get_be32(a[SLUICE_PPTP_A_LOCAL_ADDR]);
	cfg->key.pptp.peer_addr = nla_get_be32(a[SLUICE_PPTP_A_PEER_ADDR]);
	cfg->key.pptp.call_id = nla_get_u16(a[SLUICE_PPTP_A_LOCAL_CALL_ID]);
	cfg->peer_call_id = nla_get_u16(a[SLUICE_PPTP_A_PEER_CALL_ID]);
	return 0;
}

static int pptp_nl_fill(struct sk_buff *skb, const struct sluice_session *s)
{
	struct nlattr *nest = nla_nest_start(skb, SLUICE_SESSION_A_PPTP);

	if (!nest ||
	    nla_put_be32(skb, SLUICE_PPTP_A_LOCAL_ADDR, s->local_addr) ||
	    nla_put_be32(skb, SLUICE_PPTP_A_PEER_ADDR, s->key.pptp.peer_addr) ||
	    nla_put_u16(skb, SLUICE_PPTP_A_LOCAL_CALL_ID, s->key.pptp.call_id) ||
	    nla_put_u16(skb, SLUICE_PPTP_A_PEER_CALL_ID, s->peer_call_id))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* --- the session */

static void pptp_init_session(struct sluice_session *s, const struct sluice_session_config *cfg)
{
	s->key.pptp.zero = 0;
	s->peer_call_id = cfg->peer_call_id;
}

/* --- the module: GRE version 1 is ours while it is loaded */

static const struct gre_protocol pptp_gre_protocol = {
	.handler = sluice_pptp_rcv,
};

static int pptp_init(void)
{
	int err = gre_add_protocol(&pptp_gre_protocol, GREPROTO_PPTP);

	if (err)
		pr_err("GRE version 1 (PPTP) is taken by another module, most likely pptp: unload it first (rmmod pptp)\n");
	return err;
}

static void pptp_uninit(void)
{
	gre_del_protocol(&pptp_gre_protocol, GREPROTO_PPTP);
}

const struct sluice_encap_ops sluice_pptp_ops = {
	.id = SLUICE_ENCAP_PPTP,
	.init = pptp_init,
	.uninit = pptp_uninit,
	.nl_attr = SLUICE_SESSION_A_PPTP,
	.nl_policy = pptp_nl_policy,
	.nl_maxtype = SLUICE_PPTP_A_MAX,
	.nl_parse = pptp_nl_parse,
	.nl_fill = pptp_nl_fill,
	.exists_msg = "a session with this peer address and call id exists",
	.init_session = pptp_init_session,
	.lookup_rcu = pptp_lookup_rcu,
	.hash = sluice_session_hash_key,
	.unhash = sluice_session_unhash_key,
	.route = pptp_route,
	.send = pptp_send,
	.headroom = SLUICE_GRE_HDR_MAX,
};
