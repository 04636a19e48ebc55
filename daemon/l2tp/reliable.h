/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reliable delivery of one tunnel's control messages (RFC 2661 section 5.8, with Appendix A's
 * slow start): Ns and Nr, the peer's receive window, retransmission with backoff, in-order
 * delivery, acknowledgements piggybacked or sent as ZLBs. The tunnel owns one struct l2tp_rel,
 * feeds it every control message it receives and hands it every one it sends; bytes leave
 * through ops->send (the tunnel's sendto) and in-order messages come back through
 * ops->deliver. Nothing here knows message types, sessions or sockets.
 *
 * Sending:
 *
 *	l2tp_rel_build_start(r, &b, buf, sizeof(buf), session_id, L2TP_ICRP);
 *	l2tp_put_u16(&b, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID, sid);
 *	...
 *	n = l2tp_build_finish(&b);
 *	if (n > 0)
 *		err = l2tp_rel_send(r, buf, n);
 *
 * l2tp_rel_send() copies the message, gives it the next Ns and queues it. It goes out when
 * the window allows (at once, usually); every transmission, the first and each retransmission,
 * carries the Nr of that moment, patched into the header (Ns and Nr sit at fixed offsets of a
 * control header, and neither hidden AVPs nor challenge responses cover the header).
 *
 * Receiving: for each control message whose header l2tp_msg_parse() accepted (any status but
 * the header reasons, so that a refused or unknown message still takes its place in the
 * sequence and is acknowledged), after parsing it with the secret:
 *
 *	l2tp_rel_input(r, buf, n, &m);
 *
 * Its Nr acknowledges our messages; then a ZLB ends there, the next expected message is
 * delivered (with any held ones it unblocks), one ahead within our window is held, a
 * duplicate is acknowledged again, anything else dropped. ops->deliver sees m.status: judging
 * the message (refusals, unknown types) is the tunnel's business, in sequence order.
 *
 * Timing (section 5.8's recommendations): a message unacknowledged for 1 s is sent again,
 * the wait doubling up to 8 s; after L2TP_REL_MAX_RETRANSMITS retransmissions of the same
 * message, 31 s after its first transmission, ops->dead() is called and the object goes
 * quiet. A message delivered without an answer from us within L2TP_REL_ACK_DELAY_MS is
 * acknowledged with a ZLB; any transmission of ours carries Nr and cancels that ZLB.
 *
 * Appendix A: the number of messages in flight is min(cwnd, the peer's window); cwnd starts
 * at 1 and grows by one per acknowledged message up to ssthresh (initially the peer's
 * window), then by one per cwnd acknowledged messages; a retransmission sets cwnd to 1 and,
 * the first time a given message is retransmitted, ssthresh to half of cwnd (at least 1).
 * Counting acknowledged messages rather than acknowledgements keeps a peer that acknowledges
 * several at once (delayed ZLBs) from slowing us down. On a timeout only the oldest message
 * is sent again; the others follow as acknowledgements open the window, each with its own
 * timer then, and the tunnel is declared dead on any one of them.
 *
 * Decisions where RFC 2661 leaves room:
 * - Ns is handed out when a message is queued; a ZLB carries the Ns of the first message
 *   not yet transmitted (what the peer expects next: xl2tpd ignores a ZLB whose Ns is not).
 * - A duplicate (Ns within the 32768 values before Nr) is re-acknowledged through the same
 *   delayed ZLB, so a burst of them costs one ZLB, well within the peer's 1 s timeout.
 * - A message whose Ns is neither a duplicate nor within our window is dropped whole, its
 *   Nr included: a sound peer never sends it. An Nr acknowledging a message we never
 *   transmitted is ignored (and counted), the rest of that message is processed; an Nr
 *   behind what was already acknowledged is a reordered datagram and changes nothing.
 * - ZLBs are never delivered and never answered; their Ns is not checked.
 *
 * After sending or receiving a StopCCN the tunnel should wait for l2tp_rel_pending() to turn
 * false (our StopCCN acknowledged, or ops->dead()), and, having received one, keep the tunnel
 * for L2TP_REL_LINGER_MS so that a retransmitted StopCCN is acknowledged again (section 5.7).
 *
 * Callbacks run inside l2tp_rel_send(), l2tp_rel_input() and the timers. ops->send must not
 * call back into the object (queue nothing, stop nothing). ops->deliver may call
 * l2tp_rel_send() (a reply piggybacks the acknowledgement), l2tp_rel_set_peer() and
 * l2tp_rel_stop(), but must not free r: free it later, as the daemon frees every object
 * (a 0 ms timer). ops->dead is the last thing the object does in that call: it may stop r
 * and even free it. Single-threaded, like the rest of the daemon.
 */
#ifndef SLUICED_L2TP_RELIABLE_H
#define SLUICED_L2TP_RELIABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "l2tp/msg.h"
#include "core/loop.h"

#define L2TP_REL_PEER_WINDOW 4		/* when the peer sends no Receive Window Size */
#define L2TP_REL_RECV_WINDOW 16		/* ours, by default: what the tunnel advertises */
#define L2TP_REL_RECV_WINDOW_MAX 64	/* held messages are indexed by Ns modulo this */
#define L2TP_REL_RTO_MS 1000		/* first retransmission timeout */
#define L2TP_REL_RTO_MAX_MS 8000	/* the doubling stops here */
#define L2TP_REL_MAX_RETRANSMITS 5
#define L2TP_REL_LINGER_MS 31000	/* 1 + 2 + 4 + 8 + 8 + 8 s: a full retransmission cycle */
#define L2TP_REL_ACK_DELAY_MS 200	/* before a ZLB acknowledges what we did not answer */
/* Hard caps: a peer that acknowledges nothing, or floods us, costs at most this much. */
#define L2TP_REL_SENDQ_MAX 1024		/* messages queued to send, in flight or waiting */
#define L2TP_REL_SENDQ_BYTES (1u << 20)
#define L2TP_REL_HOLD_BYTES (64u << 10)	/* out-of-order messages held, besides the window */

struct l2tp_rel_ops {
	/* One datagram to the peer: a control message of ours, or a ZLB. */
	void (*send)(void *ctx, const uint8_t *buf, size_t len);
	/* The next message in sequence; m points into buf (len bytes), valid for the call. */
	void (*deliver)(void *ctx, const struct l2tp_msg *m, const uint8_t *buf, size_t len);
	/* The peer stopped acknowledging: clear the tunnel (nothing is sent any more). */
	void (*dead)(void *ctx, const char *reason);
};

struct l2tp_rel_config {
	const struct l2tp_rel_ops *ops;	/* every callback required */
	void *ctx;
	const char *tag;		/* for logs, copied: "l2tp 192.0.2.1:1701 tunnel 7" */
	uint16_t peer_tunnel_id;	/* 0 until the peer assigned one (we sent the SCCRQ) */
	uint16_t peer_window;		/* its Receive Window Size; 0: L2TP_REL_PEER_WINDOW */
	uint16_t recv_window;		/* ours, 1..L2TP_REL_RECV_WINDOW_MAX; 0: the default */
};

/* What l2tp_rel_input() did with a message. */
enum l2tp_rel_verdict {
	L2TP_REL_DELIVERED = 0,		/* in sequence: delivered, with the held ones after it */
	L2TP_REL_ACK,			/* a ZLB: its Nr was all there was */
	L2TP_REL_HELD,			/* ahead of a gap, within our window: kept for later */
	L2TP_REL_DUPLICATE,		/* delivered before (acknowledged again), or held already */
	L2TP_REL_OUT_OF_WINDOW,		/* too far ahead: dropped, Nr ignored */
	L2TP_REL_HOLD_FULL,		/* would be held, but L2TP_REL_HOLD_BYTES are: dropped */
	L2TP_REL_REFUSED,		/* header not sound, or the object is dead or stopped */
};

/* Counters, for logs and the CLI; never reset by the object. */
struct l2tp_rel_stats {
	uint64_t sent;			/* transmissions of our messages, first ones */
	uint64_t retransmits;
	uint64_t zlbs_sent;
	uint64_t received;		/* messages accepted as sound, ZLBs included */
	uint64_t delivered;
	uint64_t duplicates;
	uint64_t out_of_window;
	uint64_t hold_full;		/* dropped: the out-of-order store was full */
	uint64_t sendq_full;		/* l2tp_rel_send() refused: our queue was full */
	uint64_t bad_acks;		/* an Nr acknowledging what we never sent */
};

struct l2tp_rel_out;			/* a queued message of ours */
struct l2tp_rel_in;			/* a held message of the peer's */

/* Members are private but for stats; embed it in the tunnel (it holds its own timers). */
struct l2tp_rel {
	const struct l2tp_rel_ops *ops;
	void *ctx;
	char tag[48];
	uint16_t peer_tunnel_id;
	uint16_t peer_window;
	uint16_t recv_window;
	/* sending: [head, unsent) in flight, [unsent, end) waiting for the window */
	uint16_t ns_next;		/* Ns of the next message queued */
	uint16_t ns_una;		/* Ns of head, the oldest unacknowledged */
	uint16_t in_flight;
	uint16_t cwnd, ssthresh, cwnd_acked;
	struct l2tp_rel_out *head, *unsent, **tail;
	size_t out_count, out_bytes;
	/* receiving */
	uint16_t nr;			/* Ns of the next message expected */
	uint16_t zlb_session_id;	/* the Session ID our next ZLB carries (see below) */
	struct l2tp_rel_in *held[L2TP_REL_RECV_WINDOW_MAX];
	size_t held_count, held_bytes;
	struct loop_timer rtx, ack;
	bool dead, stopped;
	unsigned int max_retransmits;	/* 0: L2TP_REL_MAX_RETRANSMITS (a half-open tunnel: less) */
	bool quiet;			/* its death is logged at debug (a half-open tunnel's) */
	struct l2tp_rel_stats stats;
};

/* Starts with Ns = Nr = 0, nothing queued. r needs no earlier state (a stopped one will do). */
void l2tp_rel_init(struct l2tp_rel *r, const struct l2tp_rel_config *c);
/*
 * The peer's Assigned Tunnel ID (stamped into ZLBs; our own messages carry what
 * l2tp_rel_build_start() put) and Receive Window Size (0 if it sent none), from its SCCRQ or
 * SCCRP. A larger window lets waiting messages go at once.
 */
void l2tp_rel_set_peer(struct l2tp_rel *r, uint16_t tunnel_id, uint16_t window);
/* l2tp_build_start() for a message to the peer's tunnel; Ns and Nr are l2tp_rel_send()'s. */
void l2tp_rel_build_start(const struct l2tp_rel *r, struct l2tp_build *b, void *buf, size_t cap,
			  uint16_t session_id, unsigned int type);
/*
 * Queues a copy of the control message in buf (len bytes, as l2tp_build_finish() returned it;
 * not a ZLB) and sends it if the window allows. 0, or -EINVAL (not such a message), -ENOBUFS
 * (the queue is at its cap; counted), -ENOMEM, -EPIPE (dead or stopped).
 */
int l2tp_rel_send(struct l2tp_rel *r, const void *buf, size_t len);
/*
 * One control message from the peer: buf (len bytes) as parsed into m (m->buf == buf). See
 * the top of this file.
 */
enum l2tp_rel_verdict l2tp_rel_input(struct l2tp_rel *r, const uint8_t *buf, size_t len,
				     const struct l2tp_msg *m);
/*
 * From the deliver callback: the ZLB acknowledging this message (if one goes) carries the
 * peer's session_id rather than 0. xl2tpd finishes closing a call only on a ZLB addressed to
 * that call, so the one acknowledging its CDN must carry its Session ID, or xl2tpd keeps the
 * call (and refuses to dial again in the tunnel) for good. Each delivery resets it to 0.
 */
void l2tp_rel_ack_session(struct l2tp_rel *r, uint16_t session_id);
/* Whether messages of ours still wait for an acknowledgement (false once dead or stopped). */
bool l2tp_rel_pending(const struct l2tp_rel *r);
/* Cancels the timers and frees every queued and held message; idempotent. No callbacks. */
void l2tp_rel_stop(struct l2tp_rel *r);
/* For logs: "delivered", "duplicate", ... */
const char *l2tp_rel_verdict_name(enum l2tp_rel_verdict v);

#endif /* SLUICED_L2TP_RELIABLE_H */
