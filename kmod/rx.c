// SPDX-License-Identifier: GPL-2.0
/*
 * What every encapsulation's receive path shares once it has found the session: the PPP
 * header, MPPE decryption, counting, and handing the packet on (IP to the session's device,
 * everything else to the daemon). The encapsulation holds the session's rx lock around
 * sluice_rx_ppp_locked, together with its own sequence state, and calls sluice_rx_finish
 * after dropping it.
 */
#include <linux/skbuff.h>
#include "ppp.h"
#include "sluice.h"

#define CCP_RESET_REQUEST 14
#define RESET_RETRY (HZ / 10)

static const u8 mppe_drop_reason[] = {
	[SLUICE_MPPE_MALFORMED] = SLUICE_DROP_MPPE_MALFORMED,
	[SLUICE_MPPE_LOST] = SLUICE_DROP_MPPE_COHERENCY,
	[SLUICE_MPPE_DISCARD] = SLUICE_DROP_MPPE_COHERENCY,
	[SLUICE_MPPE_LATE] = SLUICE_DROP_MPPE_LATE,
	/* as when it was delivered decrypted and then found to be no IP */
	[SLUICE_MPPE_GARBAGE] = SLUICE_DROP_PPP_MALFORMED,
	[SLUICE_MPPE_REKEY_LIMIT] = SLUICE_DROP_MPPE_REKEY_LIMIT,
};

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
	sluice_mppe_rx_refill(s->rx_mppe, jiffies);
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

/*
 * A stateful stream that decrypts to garbage lost its key somewhere no header shows (a
 * forged packet taken for a flushed one, say): after a few in a row, resynchronise.
 */
static bool rx_garbage(struct sluice_session *s)
{
	struct sluice_mppe_dir *d = s->rx_mppe;

	if (d->stateless || ++d->garbage < SLUICE_MPPE_GARBAGE_RUN || !sluice_mppe_lost(d))
		return false;
	d->garbage = 0;
	s->reset_sent = jiffies;
	return true;
}

/*
 * Under the rx lock, skb at the PPP frame (at least SLUICE_PPP_HDR_MAX bytes pulled, or all
 * there is): framing and decryption. Returns what to do with skb.
 */
enum sluice_rx_action sluice_rx_ppp_locked(struct sluice_session *s, struct sk_buff *skb,
					   u16 *proto, enum sluice_drop *why)
{
	int n;

	WRITE_ONCE(s->last_rx, jiffies);
	n = sluice_ppp_parse(skb->data, skb->len, proto);
	if (n < 0) {
		*why = SLUICE_DROP_PPP_MALFORMED;
		return SLUICE_RX_DROP;
	}
	__skb_pull(skb, n);
	if (*proto == SLUICE_PPP_COMP) {
		bool lost = false;

		*why = rx_mppe(s, skb, &lost);
		if (*why)
			return lost ? SLUICE_RX_DROP_RESYNC : SLUICE_RX_DROP;
		n = sluice_ppp_parse(skb->data, skb->len, proto);
		if (n < 0 || (*proto != SLUICE_PPP_IP && *proto != SLUICE_PPP_IPV6)) {
			*why = SLUICE_DROP_PPP_MALFORMED;
			return rx_garbage(s) ? SLUICE_RX_DROP_RESYNC : SLUICE_RX_DROP;
		}
		s->rx_mppe->garbage = 0;
		__skb_pull(skb, n);
	} else if ((*proto == SLUICE_PPP_IP || *proto == SLUICE_PPP_IPV6) && s->rx_mppe) {
		*why = SLUICE_DROP_PPP_UNEXPECTED;	/* plain text where encryption is due */
		return SLUICE_RX_DROP;
	}
	if (*proto == SLUICE_PPP_IP || *proto == SLUICE_PPP_IPV6) {
		sluice_stats_count(&s->rx_stats, skb->len, false);
		return SLUICE_RX_DELIVER;
	}
	sluice_stats_count(&s->rx_stats, skb->len, true);
	return SLUICE_RX_CONTROL;
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
	sluice_xmit_ctrl(s, frame, sizeof(frame), GFP_ATOMIC);
}

/* After the rx lock: acts on the decision. Returns NET_RX_SUCCESS or NET_RX_DROP. */
int sluice_rx_finish(struct sluice_session *s, struct sk_buff *skb,
		     enum sluice_rx_action action, u16 proto, enum sluice_drop why)
{
	switch (action) {
	case SLUICE_RX_DELIVER:
		sluice_device_rx(s, skb, proto == SLUICE_PPP_IP ? htons(ETH_P_IP) :
								 htons(ETH_P_IPV6));
		return NET_RX_SUCCESS;
	case SLUICE_RX_CONTROL:
		rx_control(s, skb, proto);
		return NET_RX_SUCCESS;
	case SLUICE_RX_CONSUMED:
		consume_skb(skb);
		return NET_RX_SUCCESS;
	case SLUICE_RX_DROP_RESYNC:
		send_reset_request(s);
		fallthrough;
	case SLUICE_RX_DROP:
		sluice_drop(&s->drops, why);
		break;
	}
	kfree_skb(skb);
	return NET_RX_DROP;
}
