// SPDX-License-Identifier: GPL-2.0
/*
 * What every encapsulation's receive path shares once it has found the session: the PPP
 * header, MPPE decryption, counting, and handing the packet on (IP to the session's device,
 * everything else to the daemon). The encapsulation holds the session's rx lock around
 * sluice_rx_ppp_locked, together with its own sequence state, and calls sluice_rx_finish
 * after dropping it.
 */
#include <linux/moduleparam.h>
#include <linux/skbuff.h>
#include "ppp.h"
#include "sluice.h"

#define CCP_RESET_REQUEST 14
#define RESET_RETRY (HZ / 10)

/*
 * Control frames to sluiced, per session, through a token bucket: every session's frames
 * share one netlink socket in sluiced, and one peer flooding them right after its call
 * would starve every other session's LCP echoes. Negotiation comes in a burst: LCP's
 * Configure-Requests, Acks, Naks and Rejects, Identification, authentication (CHAP:
 * challenge, response, success), CCP and IPCP with their Naks, a Protocol-Reject or two:
 * 15 to 25 frames from the peer in the first seconds, some more when it retransmits. Then
 * LCP echoes (one a second from the most eager clients), the odd renegotiation. A burst
 * of 32 and 20 a second after it take all of that with room to spare; a flooding peer gets
 * 20 frames a second through, which sluiced reads in passing.
 */
static unsigned int ctrl_burst = 32;
module_param(ctrl_burst, uint, 0644);
MODULE_PARM_DESC(ctrl_burst, "control frames a session may pass to sluiced at once (32)");
static unsigned int ctrl_rate = 20;
module_param(ctrl_rate, uint, 0644);
MODULE_PARM_DESC(ctrl_rate, "control frames a second a session may pass to sluiced (20)");
/* a longer silence refills no more than this (and keeps the product below in 64 bits) */
#define CTRL_REFILL_MAX (60UL * HZ)

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
	skb->ip_summed = CHECKSUM_NONE;	/* whatever was said of the bytes before */
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

void sluice_rx_ctrl_init(struct sluice_session *s)
{
	s->ctrl_tokens = (u64)READ_ONCE(ctrl_burst) * HZ;
	s->ctrl_stamp = jiffies;
}

/* Under the rx lock: may a control frame with len bytes of information go to sluiced? */
static enum sluice_drop ctrl_admit(struct sluice_session *s, unsigned int len)
{
	unsigned long elapsed = min(jiffies - s->ctrl_stamp, CTRL_REFILL_MAX);
	u64 cap = (u64)READ_ONCE(ctrl_burst) * HZ;

	if (len + 2 > SLUICE_CTRL_FRAME_MAX)
		return SLUICE_DROP_CTRL_TOO_BIG;
	s->ctrl_stamp = jiffies;
	s->ctrl_tokens = min(s->ctrl_tokens + (u64)elapsed * READ_ONCE(ctrl_rate), cap);
	if (s->ctrl_tokens < HZ)
		return SLUICE_DROP_CTRL_RATE;
	s->ctrl_tokens -= HZ;
	return SLUICE_DROP_UNSPEC;
}

static bool is_ip(u16 proto)
{
	return proto == SLUICE_PPP_IP || proto == SLUICE_PPP_IPV6;
}

/* Has the daemon opened this network protocol (its NCP) on the session? */
static bool carried(const struct sluice_session *s, u16 proto)
{
	u32 open = READ_ONCE(s->ppp_protocols);

	return (proto == SLUICE_PPP_IP && (open & SLUICE_PPP_PROTO_IPV4)) ||
	       (proto == SLUICE_PPP_IPV6 && (open & SLUICE_PPP_PROTO_IPV6));
}

/*
 * Under the rx lock: an MPPE datagram decrypted, skb left at its IP payload and *proto set.
 * SLUICE_RX_DELIVER means it goes on; anything else is the verdict.
 */
static enum sluice_rx_action rx_decrypt(struct sluice_session *s, struct sk_buff *skb,
					u16 *proto, enum sluice_drop *why)
{
	bool lost = false;
	int n;

	*why = rx_mppe(s, skb, &lost);
	if (*why)
		return lost ? SLUICE_RX_DROP_RESYNC : SLUICE_RX_DROP;
	n = sluice_ppp_parse(skb->data, skb->len, proto);
	if (n < 0 || !is_ip(*proto)) {
		*why = SLUICE_DROP_PPP_MALFORMED;
		return rx_garbage(s) ? SLUICE_RX_DROP_RESYNC : SLUICE_RX_DROP;
	}
	s->rx_mppe->garbage = 0;
	__skb_pull(skb, n);
	return SLUICE_RX_DELIVER;
}

/*
 * Under the rx lock, skb at the PPP frame (at least SLUICE_PPP_HDR_MAX bytes pulled, or all
 * there is): framing and decryption. Returns what to do with skb. Only a frame that passed
 * every check counts as a sign of life (last_rx): garbage from a forger keeps no dead
 * session up.
 */
enum sluice_rx_action sluice_rx_ppp_locked(struct sluice_session *s, struct sk_buff *skb,
					   u16 *proto, enum sluice_drop *why)
{
	enum sluice_rx_action action;
	int n;

	n = sluice_ppp_parse(skb->data, skb->len, proto);
	if (n < 0) {
		*why = SLUICE_DROP_PPP_MALFORMED;
		return SLUICE_RX_DROP;
	}
	__skb_pull(skb, n);
	if (*proto == SLUICE_PPP_COMP) {
		action = rx_decrypt(s, skb, proto, why);
		if (action != SLUICE_RX_DELIVER)
			return action;
	} else if (is_ip(*proto) && s->rx_mppe) {
		*why = SLUICE_DROP_PPP_UNEXPECTED;	/* plain text where encryption is due */
		return SLUICE_RX_DROP;
	}
	if (is_ip(*proto)) {
		if (!carried(s, *proto)) {
			*why = SLUICE_DROP_PPP_PROTO_CLOSED;
			return SLUICE_RX_DROP;
		}
		sluice_stats_count(&s->rx_stats, skb->len, false);
		WRITE_ONCE(s->last_rx, jiffies);
		return SLUICE_RX_DELIVER;
	}
	sluice_stats_count(&s->rx_stats, skb->len, true);
	*why = ctrl_admit(s, skb->len);
	if (*why)
		return SLUICE_RX_CONTROL_LIMITED;
	WRITE_ONCE(s->last_rx, jiffies);
	return SLUICE_RX_CONTROL;
}

/*
 * The peer lost our MPPE stream: our next packet rekeys and says so (RFC 3078 8.2). Done
 * here even for a frame sluiced does not get: it costs a flag.
 */
static void note_reset_request(struct sluice_session *s, struct sk_buff *skb, u16 proto)
{
	if (is_ccp_reset_request(skb, proto)) {
		spin_lock(&s->tx_lock);
		if (s->tx_mppe)
			s->tx_mppe->flush_pending = true;
		spin_unlock(&s->tx_lock);
	}
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
		if (!READ_ONCE(s->attached)) {	/* no interface before authentication */
			sluice_drop(&s->drops, SLUICE_DROP_PENDING);
			break;
		}
		/* the shaper hands it to sluice_device_rx() later, by this protocol */
		skb->protocol = proto == SLUICE_PPP_IP ? htons(ETH_P_IP) : htons(ETH_P_IPV6);
		if (!sluice_shape(s, SLUICE_DIR_RX, skb))
			sluice_device_rx(s, skb, skb->protocol);
		return NET_RX_SUCCESS;
	case SLUICE_RX_CONTROL:
		note_reset_request(s, skb, proto);
		sluice_genl_ctrl_frame(s, skb, proto);
		return NET_RX_SUCCESS;
	case SLUICE_RX_CONTROL_LIMITED:
		note_reset_request(s, skb, proto);
		sluice_drop(&s->drops, why);
		break;
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
