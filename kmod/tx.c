// SPDX-License-Identifier: GPL-2.0
/*
 * Transmit, shared by every encapsulation: under the session's tx lock only, a cached route,
 * MPPE, the PPP header, then the encapsulation's header and output (s->ops). Sessions never
 * share a lock, even when they share an L2TP tunnel and its socket.
 *
 * The lock is held across output, not only around the state it protects: stateful MPPE's
 * RC4 stream and coherency count, the GRE sequence number and the L2TP Ns are assigned
 * under it, and they must reach the wire in that order. A stateful MPPE receiver (pptp.ko,
 * Windows) takes a packet that overtook its predecessor for a loss, discards until a
 * flushed packet and sends a CCP Reset-Request; pptp.ko drops reordered GRE outright.
 * Dropping the lock before output would turn every race between two CPUs sending on one
 * session (the device is LLTX) into such a loss.
 *
 * Holding it across output means a session's output can enter another session's transmit
 * while the first lock is held: a tunnel carried inside another session, or routes that
 * lead two sessions' outer packets through each other. Two CPUs doing that in opposite
 * directions would each hold one lock and spin on the other's with BH disabled. So only
 * the outermost transmit on a CPU waits for its lock; a nested one (tx_nesting, per CPU,
 * read with BH disabled) only tries it and drops the packet if the session is busy: no CPU
 * ever waits for a tx lock while it holds one, and there is no cycle to deadlock on. The
 * price is a dropped packet in a tunnel-in-tunnel set-up when both CPUs send at once.
 */
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <net/route.h>
#include "compat.h"
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
	skb_push(skb, sluice_ppp_build(skb->data, ppp_proto, s->ppp_flags |
				       (s->ops->no_addr_ctrl ? SLUICE_PPP_NO_ADDR_CTRL : 0)));
	sluice_stats_count(&s->tx_stats, len, ctrl);
}

/* How many sluice transmits this CPU is inside; only touched with BH disabled. */
static DEFINE_PER_CPU(unsigned int, tx_nesting);

/*
 * With BH disabled: does this CPU hold the session's tx lock further out? Then a route led
 * its packet back into it: a loop. Told by tx_owner, which only the holder sets, because a
 * spinlock on a kernel with one CPU (and no lock debugging) cannot tell.
 */
static bool tx_loop(struct sluice_session *s)
{
	if (READ_ONCE(s->tx_owner) != smp_processor_id() + 1)
		return false;
	net_warn_ratelimited("%s: packet routed back into its own session\n", s->dev->name);
	return true;
}

/* With BH disabled and the tx lock held: route, MPPE, PPP header, send. */
static enum sluice_drop xmit_locked(struct sluice_session *s, struct sk_buff *skb,
				    u16 ppp_proto)
{
	struct rtable *rt;
	__be32 saddr;

	/*
	 * encryption works in place: the data must be linear and ours alone, decided under
	 * the lock because SET_SESSION may switch MPPE on meanwhile
	 */
	if (s->tx_mppe && skb_linearize_cow(skb))
		return SLUICE_DROP_TX_NOMEM;
	/* routed before encryption: a stateful key stream must not skip a count (PPPoE has
	 * no route: a device gone is a frame lost on the wire, which MPPE recovers from) */
	rt = NULL;
	saddr = 0;
	if (s->ops->route) {
		rt = s->ops->route(s, &saddr);
		if (!rt)
			return SLUICE_DROP_TX_NO_ROUTE;
	}
	ppp_encap(s, skb, ppp_proto);
	s->ops->send(s, skb, rt, saddr);
	return SLUICE_DROP_UNSPEC;
}

/* Any context (the device's transmit, netlink, the receive path). Consumes skb. */
int sluice_xmit(struct sluice_session *s, struct sk_buff *skb, u16 ppp_proto)
{
	unsigned int need = LL_MAX_HEADER + sizeof(struct iphdr) + s->ops->headroom +
			    SLUICE_PPP_HDR_MAX + SLUICE_MPPE_HDR_LEN + 2;
	enum sluice_drop why;

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
	 * The transport checksum the device was left (HW_CSUM), filled before the lock (it
	 * needs none): before encryption and before an outer header whose offloads would not
	 * know it. Not even a plain PPPoE frame leaves it to the device below: over a veth it
	 * would reach the other side unfilled, and rp-pppoe's server (a packet socket) takes
	 * frames as they are.
	 */
	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb)) {
		why = SLUICE_DROP_TX_NOMEM;
		goto drop;
	}
	/* BH off before tx_nesting and smp_processor_id: netlink calls us preemptible */
	local_bh_disable();
	if (tx_loop(s)) {
		why = SLUICE_DROP_TX_NO_ROUTE;
		goto enable_drop;
	}
	if (__this_cpu_read(tx_nesting)) {
		/* nested: never wait for a lock while holding one (see the top) */
		if (!spin_trylock(&s->tx_lock)) {
			why = SLUICE_DROP_TX_NESTED;
			goto enable_drop;
		}
	} else {
		spin_lock(&s->tx_lock);
	}
	__this_cpu_inc(tx_nesting);
	WRITE_ONCE(s->tx_owner, smp_processor_id() + 1);
	why = xmit_locked(s, skb, ppp_proto);
	WRITE_ONCE(s->tx_owner, 0);
	__this_cpu_dec(tx_nesting);
	spin_unlock(&s->tx_lock);
	local_bh_enable();
	if (!why)
		return 0;
	goto drop;
enable_drop:
	local_bh_enable();
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
