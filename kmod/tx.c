// SPDX-License-Identifier: GPL-2.0
/*
 * Transmit, shared by every encapsulation: under the session's tx lock only, a cached route,
 * MPPE, the PPP header, then the encapsulation's header and output (s->ops). The lock is held
 * across output so sequence numbers and coherency counts leave in order; sessions never share
 * a lock, even when they share an L2TP tunnel and its socket.
 */
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <net/route.h>
#include <asm/unaligned.h>
#include "ppp.h"
#include "sluice.h"

/* Under the tx lock: MPPE and the PPP header in front of the payload. */
static void ppp_encap(struct sluice_session *s, struct sk_buff *skb, u16 ppp_proto)
{
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
	sluice_stats_count(&s->tx_stats, len, ctrl);
}

int sluice_xmit(struct sluice_session *s, struct sk_buff *skb, u16 ppp_proto)
{
	unsigned int need = LL_MAX_HEADER + sizeof(struct iphdr) + s->ops->headroom +
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
	/* routed before encryption: a stateful key stream must not skip a count */
	rt = s->ops->route(s, &saddr);
	if (!rt) {
		why = SLUICE_DROP_TX_NO_ROUTE;
		goto unlock_drop;
	}
	ppp_encap(s, skb, ppp_proto);
	s->ops->send(s, skb, rt, saddr);
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

/* A PPP control frame from the daemon (or the module): protocol (2 bytes) and information. */
int sluice_xmit_ctrl(struct sluice_session *s, const u8 *frame, unsigned int len, gfp_t gfp)
{
	unsigned int room = LL_MAX_HEADER + sizeof(struct iphdr) + s->ops->headroom +
			    SLUICE_PPP_HDR_MAX;
	struct sk_buff *skb;

	if (len < 2)
		return -EINVAL;
	skb = alloc_skb(room + len, gfp);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, room);
	skb_put_data(skb, frame + 2, len - 2);
	return sluice_xmit(s, skb, get_unaligned_be16(frame));
}
