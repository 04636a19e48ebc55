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
#include <net/gre.h>
#include <net/ip_tunnels.h>
#include <net/route.h>
#include "gre.h"
#include "ppp.h"
#include "sluice.h"

#define CCP_RESET_REQUEST 14
#define RESET_RETRY (HZ / 10)

static const u8 gre_drop_reason[] = {
	[SLUICE_GRE_TRUNCATED] = SLUICE_DROP_GRE_TRUNCATED,
	[SLUICE_GRE_BAD_VERSION] = SLUICE_DROP_GRE_VERSION,
	[SLUICE_GRE_BAD_FLAGS] = SLUICE_DROP_GRE_FLAGS,
	[SLUICE_GRE_BAD_PROTO] = SLUICE_DROP_GRE_PROTO,
	[SLUICE_GRE_BAD_LENGTH] = SLUICE_DROP_GRE_LENGTH,
};

static const u8 mppe_drop_reason[] = {
	[SLUICE_MPPE_MALFORMED] = SLUICE_DROP_MPPE_MALFORMED,
	[SLUICE_MPPE_LOST] = SLUICE_DROP_MPPE_COHERENCY,
	[SLUICE_MPPE_DISCARD] = SLUICE_DROP_MPPE_COHERENCY,
	[SLUICE_MPPE_LATE] = SLUICE_DROP_MPPE_LATE,
};

static void count(struct sluice_dir_stats *st, unsigned int len, bool ctrl)
{
	u64_stats_update_begin(&st->sync);
	if (ctrl) {
		u64_stats_inc(&st->ctrl);
	} else {
		u64_stats_inc(&st->packets);
		u64_stats_add(&st->bytes, len);
	}
	u64_stats_update_end(&st->sync);
}

/* What the receive path decided about one packet, acted on after the rx lock is dropped. */
enum rx_action { RX_DROP, RX_DROP_RESYNC, RX_DELIVER, RX_CONTROL, RX_CONSUMED };

static bool is_ccp_reset_request(struct sk_buff *skb, u16 proto)
{
	return proto == SLUICE_PPP_CCP && pskb_may_pull(skb, 1) &&
	       skb->data[0] == CCP_RESET_REQUEST;
}

/*
 * Decrypts an MPPE datagram in place; leaves skb at the inner protocol field. *lost says
 * the stateful stream just lost sync and the peer must be asked to reset it.
 */
static enum sluice_drop rx_mppe(struct sluice_session *s, struct sk_buff *skb, bool *lost)
{
	enum sluice_mppe_verdict v;
	u8 hdr[SLUICE_MPPE_HDR_LEN];

	if (!s->rx_mppe)
		return SLUICE_DROP_PPP_UNEXPECTED;
	if (skb->len <= SLUICE_MPPE_HDR_LEN || skb_ensure_writable(skb, skb->len))
		return SLUICE_DROP_MPPE_MALFORMED;
	memcpy(hdr, skb->data, sizeof(hdr));
	__skb_pull(skb, SLUICE_MPPE_HDR_LEN);
	v = sluice_mppe_decrypt(s->rx_mppe, hdr, skb->data, skb->len);
	/*
	 * Ask at once when sync is lost, and again every RESET_RETRY while we still discard:
	 * the request or the flushed answer may be lost too, and a stalled flow would not
	 * reach the sender's next flag packet. Extra requests cost the sender one more flush.
	 */
	*lost = v == SLUICE_MPPE_LOST ||
		(v == SLUICE_MPPE_DISCARD && time_after(jiffies, s->reset_sent + RESET_RETRY));
	if (*lost)
		s->reset_sent = jiffies;
	if (v != SLUICE_MPPE_OK)
		return mppe_drop_reason[v];
	return SLUICE_DROP_UNSPEC;
}

/* Under the rx lock: window, framing, decryption. Returns what to do with skb. */
static enum rx_action rx_locked(struct sluice_session *s, struct sk_buff *skb,
				const struct sluice_gre_hdr *h, u16 *proto, enum sluice_drop *why)
{
	enum sluice_seq_verdict sv;
	int n;

	if (!h->has_seq)
		return RX_CONSUMED;	/* an acknowledgement alone */
	sv = sluice_seqwin_check(&s->rx_win, h->seq);
	if (sv == SLUICE_SEQ_DUPLICATE || sv == SLUICE_SEQ_OLD) {
		*why = sv == SLUICE_SEQ_OLD ? SLUICE_DROP_SEQ_OLD : SLUICE_DROP_SEQ_DUPLICATE;
		return RX_DROP;
	}
	if (sv == SLUICE_SEQ_NEXT) {
		WRITE_ONCE(s->ack_pending, h->seq);
		WRITE_ONCE(s->ack_due, true);
	}
	WRITE_ONCE(s->last_rx, jiffies);

	n = sluice_ppp_parse(skb->data, skb->len, proto);
	if (n < 0) {
		*why = SLUICE_DROP_PPP_MALFORMED;
		return RX_DROP;
	}
	__skb_pull(skb, n);
	if (*proto == SLUICE_PPP_COMP) {
		bool lost = false;

		*why = rx_mppe(s, skb, &lost);
		if (*why)
			return lost ? RX_DROP_RESYNC : RX_DROP;
		n = sluice_ppp_parse(skb->data, skb->len, proto);
		if (n < 0 || (*proto != SLUICE_PPP_IP && *proto != SLUICE_PPP_IPV6)) {
			*why = SLUICE_DROP_PPP_MALFORMED;
			return RX_DROP;
		}
		__skb_pull(skb, n);
	} else if ((*proto == SLUICE_PPP_IP || *proto == SLUICE_PPP_IPV6) && s->rx_mppe) {
		*why = SLUICE_DROP_PPP_UNEXPECTED;	/* plain text where encryption is due */
		return RX_DROP;
	}
	if (*proto == SLUICE_PPP_IP || *proto == SLUICE_PPP_IPV6) {
		count(&s->rx_stats, skb->len, false);
		return RX_DELIVER;
	}
	count(&s->rx_stats, skb->len, true);
	return RX_CONTROL;
}

static void rx_control(struct sluice_session *s, struct sk_buff *skb, u16 proto)
{
	/* The peer lost our MPPE stream: our next packet rekeys and says so (RFC 3078 8.2). */
	if (is_ccp_reset_request(skb, proto)) {
		spin_lock(&s->tx_lock);
		if (s->tx_mppe)
			s->tx_mppe->flush_pending = true;
		spin_unlock(&s->tx_lock);
	}
	sluice_genl_ctrl_frame(s, skb, proto);
}

/* CCP Reset-Request: the peer rekeys and sets the flushed bit on its next packet. */
static void send_reset_request(struct sluice_session *s)
{
	u8 frame[6] = { SLUICE_PPP_CCP >> 8, SLUICE_PPP_CCP & 0xff, CCP_RESET_REQUEST, 0, 0, 4 };

	frame[3] = (u8)atomic_inc_return(&s->ccp_reset_id);
	net_dbg_ratelimited("%s: MPPE lost sync, asking the peer to reset\n", s->dev->name);
	sluice_pptp_xmit_ctrl(s, frame, sizeof(frame), GFP_ATOMIC);
}

int sluice_pptp_rcv(struct sk_buff *skb)
{
	struct sluice_net *sn = sluice_net(dev_net(skb->dev));
	struct sluice_pptp_key key = {};
	enum sluice_drop why = SLUICE_DROP_UNSPEC;
	struct sluice_gre_hdr h;
	enum sluice_gre_verdict gv;
	struct sluice_session *s;
	enum rx_action action;
	u16 proto = 0;

	if (!pskb_may_pull(skb, min_t(unsigned int, skb->len, SLUICE_GRE_HDR_MAX)))
		goto drop_module;
	gv = sluice_gre_parse(skb->data, skb->len, &h);
	if (gv != SLUICE_GRE_OK) {
		sluice_drop(&sn->drops, gre_drop_reason[gv]);
		net_dbg_ratelimited("GRE from %pI4 refused (reason %d)\n",
				    &ip_hdr(skb)->saddr, gv);
		goto free;
	}
	key.peer_addr = ip_hdr(skb)->saddr;
	key.call_id = h.call_id;
	s = sluice_session_lookup_rcu(sn, &key);	/* the GRE demux holds rcu_read_lock */
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

	switch (action) {
	case RX_DELIVER:
		sluice_device_rx(s, skb, proto == SLUICE_PPP_IP ? htons(ETH_P_IP) : htons(ETH_P_IPV6));
		return NET_RX_SUCCESS;
	case RX_CONTROL:
		rx_control(s, skb, proto);
		return NET_RX_SUCCESS;
	case RX_CONSUMED:
		consume_skb(skb);
		return NET_RX_SUCCESS;
	case RX_DROP_RESYNC:
		send_reset_request(s);
		fallthrough;
	case RX_DROP:
		sluice_drop(&s->drops, why);
		break;
	}
free:
	kfree_skb(skb);
	return NET_RX_DROP;
drop_module:
	sluice_drop(&sn->drops, SLUICE_DROP_GRE_TRUNCATED);
	goto free;
}

static struct rtable *route(struct sluice_session *s, __be32 *saddr)
{
	struct rtable *rt = dst_cache_get_ip4(&s->dst_cache, saddr);
	struct flowi4 fl4 = {
		.daddr = s->key.peer_addr,
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

/* Under the tx lock: PPP header, MPPE, GRE header with sequence and piggybacked ack. */
static void tx_encap(struct sluice_session *s, struct sk_buff *skb, u16 ppp_proto)
{
	struct sluice_gre_hdr h = { .call_id = s->peer_call_id, .has_seq = true };
	/* RFC 3078: MPPE carries datagrams 0x0021..0x00fa; control protocols go in clear */
	bool ctrl = ppp_proto < 0x21 || ppp_proto > 0xfa;
	unsigned int len = skb->len;

	if (s->tx_mppe && !ctrl) {
		u8 *hdr;

		put_unaligned_be16(ppp_proto, skb_push(skb, 2));
		hdr = skb_push(skb, SLUICE_MPPE_HDR_LEN);
		sluice_mppe_encrypt(s->tx_mppe, hdr, hdr + SLUICE_MPPE_HDR_LEN,
				    skb->len - SLUICE_MPPE_HDR_LEN);
		ppp_proto = SLUICE_PPP_COMP;
	}
	skb_push(skb, sluice_ppp_build(skb->data, ppp_proto, s->ppp_flags));
	h.payload_len = skb->len;
	h.seq = ++s->tx_seq;
	if (READ_ONCE(s->ack_due)) {
		h.has_ack = true;
		h.ack = READ_ONCE(s->ack_pending);
		WRITE_ONCE(s->ack_due, false);
	}
	sluice_gre_build(skb_push(skb, sluice_gre_hdr_len(&h)), &h);
	count(&s->tx_stats, len, ctrl);
}

int sluice_pptp_xmit(struct sluice_session *s, struct sk_buff *skb, u16 ppp_proto)
{
	unsigned int need = LL_MAX_HEADER + sizeof(struct iphdr) + SLUICE_GRE_HDR_MAX +
			    SLUICE_PPP_HDR_MAX + SLUICE_MPPE_HDR_LEN + 2;
	enum sluice_drop why;
	struct rtable *rt;
	__be32 saddr;

	if (skb_cow_head(skb, need)) {
		why = SLUICE_DROP_TX_NOMEM;
		goto drop;
	}
	/* the peer's MRU bounds the information field of what we send it */
	if (READ_ONCE(s->mru) && skb->len > READ_ONCE(s->mru)) {
		why = SLUICE_DROP_TX_TOO_BIG;
		goto drop;
	}
	/*
	 * A route that leads back into this session (through another tunnel, or another
	 * session) would find us holding our own lock: drop instead of spinning forever.
	 */
	if (READ_ONCE(s->tx_owner) == smp_processor_id() + 1) {
		why = SLUICE_DROP_TX_NO_ROUTE;
		net_warn_ratelimited("%s: packet routed back into its own session\n",
				     s->dev->name);
		goto drop;
	}
	spin_lock_bh(&s->tx_lock);
	WRITE_ONCE(s->tx_owner, smp_processor_id() + 1);
	/* encryption works in place: the data must be linear and ours alone, decided under
	 * the lock because SET_SESSION may switch MPPE on meanwhile */
	if (s->tx_mppe && skb_linearize_cow(skb)) {
		why = SLUICE_DROP_TX_NOMEM;
		goto unlock_drop;
	}
	rt = route(s, &saddr);
	if (!rt) {
		why = SLUICE_DROP_TX_NO_ROUTE;
		goto unlock_drop;
	}
	tx_encap(s, skb, ppp_proto);
	/* no skb->dev: iptunnel_xmit would count into per-CPU stats we do not keep */
	skb->dev = NULL;
	iptunnel_xmit(NULL, rt, skb, saddr, s->key.peer_addr, IPPROTO_GRE, 0,
		      ip4_dst_hoplimit(&rt->dst), 0, false);
	WRITE_ONCE(s->tx_owner, 0);
	spin_unlock_bh(&s->tx_lock);
	return 0;

unlock_drop:
	WRITE_ONCE(s->tx_owner, 0);
	spin_unlock_bh(&s->tx_lock);
drop:
	sluice_drop(&s->drops, why);
	kfree_skb(skb);
	return -ENOBUFS;
}

/* A PPP control frame from the daemon: protocol (2 bytes) and information. */
int sluice_pptp_xmit_ctrl(struct sluice_session *s, const u8 *frame, unsigned int len,
			  gfp_t gfp)
{
	unsigned int room = LL_MAX_HEADER + sizeof(struct iphdr) + SLUICE_GRE_HDR_MAX +
			    SLUICE_PPP_HDR_MAX;
	struct sk_buff *skb;

	if (len < 2)
		return -EINVAL;
	skb = alloc_skb(room + len, gfp);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, room);
	skb_put_data(skb, frame + 2, len - 2);
	return sluice_pptp_xmit(s, skb, get_unaligned_be16(frame));
}

static const struct gre_protocol pptp_gre_protocol = {
	.handler = sluice_pptp_rcv,
};

int sluice_pptp_init(void)
{
	int err = gre_add_protocol(&pptp_gre_protocol, GREPROTO_PPTP);

	if (err)
		pr_err("GRE version 1 (PPTP) is taken by another module, most likely pptp: unload it first (rmmod pptp)\n");
	return err;
}

void sluice_pptp_uninit(void)
{
	gre_del_protocol(&pptp_gre_protocol, GREPROTO_PPTP);
}
