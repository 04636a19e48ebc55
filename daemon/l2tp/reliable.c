// SPDX-License-Identifier: GPL-2.0
/*
 * The reliable control channel of one tunnel (see reliable.h). Sequence numbers are compared
 * by their difference as a signed 16-bit value, so everything keeps working across the wrap
 * from 65535 to 0; the caps keep every distance we compute far below 32768.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define LOG_TOPIC LOG_T_L2TP
#include "core/log.h"
#include "l2tp/reliable.h"

#define OFF_LENGTH 2			/* in a control header: T, L and S set, O clear */
#define OFF_NS 8
#define OFF_NR 10
#define OFF_MSG_TYPE (L2TP_CTRL_HDR_LEN + L2TP_AVP_HDR_LEN)	/* the first AVP's value */

struct l2tp_rel_out {
	struct l2tp_rel_out *next;
	uint16_t ns;
	uint8_t retransmits;
	size_t len;
	uint8_t data[];
};

struct l2tp_rel_in {
	uint16_t ns;
	size_t len;
	struct l2tp_msg m;		/* its buf rebased onto data */
	uint8_t data[];
};

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* How far b is ahead of a (negative: behind), modulo 2^16. */
static int seq_diff(uint16_t b, uint16_t a)
{
	return (int16_t)(uint16_t)(b - a);
}

static struct l2tp_rel *rel_of(struct loop_timer *t, size_t off)
{
	return (struct l2tp_rel *)((char *)t - off);
}

static const char *out_name(const struct l2tp_rel_out *o)
{
	return o->len >= OFF_MSG_TYPE + 2 ? l2tp_msg_name(get16(o->data + OFF_MSG_TYPE))
					  : "unknown";
}

/* --- sending */

static unsigned int rto_ms(unsigned int retransmits)
{
	unsigned int ms = L2TP_REL_RTO_MS;

	while (retransmits-- && ms < L2TP_REL_RTO_MAX_MS)
		ms *= 2;
	return ms < L2TP_REL_RTO_MAX_MS ? ms : L2TP_REL_RTO_MAX_MS;
}

static void arm(struct l2tp_rel *r, struct loop_timer *t, unsigned int ms)
{
	if (loop_timer_arm(t, ms))
		log_err("%s: control channel: no memory for a timer", r->tag);
}

/* Every transmission carries the Nr of the moment, which acknowledges all we received. */
static void transmit(struct l2tp_rel *r, struct l2tp_rel_out *o)
{
	put16(o->data + OFF_NR, r->nr);
	loop_timer_cancel(&r->ack);
	r->ops->send(r->ctx, o->data, o->len);
}

/* Sends what waits while the window has room; the oldest in flight owns the timer. */
static void push(struct l2tp_rel *r)
{
	unsigned int limit = r->cwnd < r->peer_window ? r->cwnd : r->peer_window;

	while (r->unsent && r->in_flight < limit) {
		struct l2tp_rel_out *o = r->unsent;

		r->unsent = o->next;
		r->in_flight++;
		r->stats.sent++;
		log_debug("%s: sent %s Ns %u", r->tag, out_name(o), o->ns);
		transmit(r, o);
		if (!loop_timer_armed(&r->rtx))
			arm(r, &r->rtx, rto_ms(r->head->retransmits));
	}
}

static void cwnd_grow(struct l2tp_rel *r)
{
	if (r->cwnd < r->ssthresh) {
		r->cwnd++;
	} else if (++r->cwnd_acked >= r->cwnd) {
		r->cwnd++;
		r->cwnd_acked = 0;
	}
	if (r->cwnd > r->peer_window)
		r->cwnd = r->peer_window;
}

/* The peer's Nr: frees what it acknowledges, restarts the timer for what is left in flight. */
static void acknowledge(struct l2tp_rel *r, uint16_t nr)
{
	int n = seq_diff(nr, r->ns_una);

	if (n <= 0)
		return;			/* nothing new, or a reordered old acknowledgement */
	if (n > r->in_flight) {
		r->stats.bad_acks++;
		log_debug("%s: Nr %u acknowledges what was never sent (next unsent Ns %u): ignored",
			  r->tag, nr, (uint16_t)(r->ns_una + r->in_flight));
		return;
	}
	while (n--) {
		struct l2tp_rel_out *o = r->head;

		r->head = o->next;
		r->out_count--;
		r->out_bytes -= o->len;
		r->in_flight--;
		r->ns_una++;
		cwnd_grow(r);
		free(o);
	}
	if (!r->head)
		r->tail = &r->head;
	if (r->in_flight)
		arm(r, &r->rtx, rto_ms(r->head->retransmits));
	else
		loop_timer_cancel(&r->rtx);
	push(r);
}

static void die(struct l2tp_rel *r)
{
	const struct l2tp_rel_out *o = r->head;

	if (r->quiet)		/* a tunnel that may be forged: its end is no news */
		log_debug("%s: control channel dead: %s Ns %u unacknowledged after %u "
			  "retransmissions", r->tag, out_name(o), o->ns, o->retransmits);
	else
		log_warn("%s: control channel dead: %s Ns %u unacknowledged after %u "
			 "retransmissions", r->tag, out_name(o), o->ns, o->retransmits);
	r->dead = true;
	loop_timer_cancel(&r->rtx);
	loop_timer_cancel(&r->ack);
	r->ops->dead(r->ctx, "control messages unacknowledged");	/* may free r */
}

static void rtx_expired(struct loop_timer *t)
{
	struct l2tp_rel *r = rel_of(t, offsetof(struct l2tp_rel, rtx));
	struct l2tp_rel_out *o = r->head;

	if (!o || !r->in_flight)
		return;
	if (o->retransmits >= (r->max_retransmits ? r->max_retransmits : L2TP_REL_MAX_RETRANSMITS)) {
		die(r);
		return;
	}
	if (!o->retransmits)		/* Appendix A: congestion; halve once per message */
		r->ssthresh = r->cwnd / 2 > 1 ? r->cwnd / 2 : 1;
	r->cwnd = 1;
	r->cwnd_acked = 0;
	o->retransmits++;
	r->stats.retransmits++;
	log_debug("%s: retransmission %u of %s Ns %u", r->tag, o->retransmits, out_name(o),
		  o->ns);
	transmit(r, o);
	arm(r, &r->rtx, rto_ms(o->retransmits));
}

/* The delayed acknowledgement: nothing of ours went out to carry Nr. */
static void ack_expired(struct loop_timer *t)
{
	struct l2tp_rel *r = rel_of(t, offsetof(struct l2tp_rel, ack));
	uint8_t zlb[L2TP_CTRL_HDR_LEN];
	uint16_t ns = (uint16_t)(r->ns_una + r->in_flight);

	if (l2tp_build_zlb(zlb, sizeof(zlb), r->peer_tunnel_id, r->zlb_session_id, ns, r->nr) < 0)
		return;
	r->stats.zlbs_sent++;
	log_debug("%s: sent ZLB Ns %u Nr %u%s", r->tag, ns, r->nr,
		  r->zlb_session_id ? " to the peer's session" : "");
	r->ops->send(r->ctx, zlb, sizeof(zlb));
}

static void ack_soon(struct l2tp_rel *r)
{
	if (!loop_timer_armed(&r->ack))
		arm(r, &r->ack, L2TP_REL_ACK_DELAY_MS);
}

void l2tp_rel_build_start(const struct l2tp_rel *r, struct l2tp_build *b, void *buf, size_t cap,
			  uint16_t session_id, unsigned int type)
{
	l2tp_build_start(b, buf, cap, r->peer_tunnel_id, session_id, 0, 0, type);
}

/* A control message as our builder writes it: T, L, S, no O, Length right, a body. */
static bool sendable(const uint8_t *p, size_t len)
{
	return len > L2TP_CTRL_HDR_LEN && len <= L2TP_MSG_MAX &&
	       (get16(p) & (L2TP_HDR_CONTROL | L2TP_HDR_O | L2TP_HDR_VER)) == L2TP_HDR_CONTROL &&
	       get16(p + OFF_LENGTH) == len;
}

int l2tp_rel_send(struct l2tp_rel *r, const void *buf, size_t len)
{
	struct l2tp_rel_out *o;

	if (r->dead || r->stopped)
		return -EPIPE;
	if (!buf || !sendable(buf, len))
		return -EINVAL;
	if (r->out_count >= L2TP_REL_SENDQ_MAX || r->out_bytes + len > L2TP_REL_SENDQ_BYTES) {
		r->stats.sendq_full++;
		log_debug("%s: control queue full (%zu messages): %s dropped", r->tag,
			  r->out_count, len >= OFF_MSG_TYPE + 2 ?
			  l2tp_msg_name(get16((const uint8_t *)buf + OFF_MSG_TYPE)) : "message");
		return -ENOBUFS;
	}
	o = malloc(sizeof(*o) + len);
	if (!o)
		return -ENOMEM;
	o->next = NULL;
	o->ns = r->ns_next++;
	o->retransmits = 0;
	o->len = len;
	memcpy(o->data, buf, len);
	put16(o->data + OFF_NS, o->ns);
	*r->tail = o;
	r->tail = &o->next;
	if (!r->unsent)
		r->unsent = o;
	r->out_count++;
	r->out_bytes += len;
	push(r);
	return 0;
}

/* --- receiving */

/*
 * In sequence: Nr moves on before the tunnel sees the message, so that a reply sent from
 * deliver acknowledges it (and cancels the ZLB armed here).
 */
static void deliver(struct l2tp_rel *r, const struct l2tp_msg *m, const uint8_t *buf,
		    size_t len)
{
	r->nr++;
	r->stats.delivered++;
	r->zlb_session_id = 0;
	ack_soon(r);
	r->ops->deliver(r->ctx, m, buf, len);
}

void l2tp_rel_ack_session(struct l2tp_rel *r, uint16_t session_id)
{
	r->zlb_session_id = session_id;
}

/* Then whatever was held right behind it, for as long as the tunnel does not stop us. */
static void deliver_held(struct l2tp_rel *r)
{
	struct l2tp_rel_in *h;

	while (!r->stopped && (h = r->held[r->nr % L2TP_REL_RECV_WINDOW_MAX]) && h->ns == r->nr) {
		r->held[r->nr % L2TP_REL_RECV_WINDOW_MAX] = NULL;
		r->held_count--;
		r->held_bytes -= h->len;
		deliver(r, &h->m, h->data, h->len);
		free(h);
	}
}

static enum l2tp_rel_verdict hold(struct l2tp_rel *r, const struct l2tp_msg *m,
				  const uint8_t *buf, size_t len)
{
	struct l2tp_rel_in **slot = &r->held[m->hdr.ns % L2TP_REL_RECV_WINDOW_MAX];
	struct l2tp_rel_in *h;

	if (*slot) {			/* the window is smaller than the ring: same Ns */
		r->stats.duplicates++;
		return L2TP_REL_DUPLICATE;
	}
	if (r->held_bytes + len > L2TP_REL_HOLD_BYTES || !(h = malloc(sizeof(*h) + len))) {
		r->stats.hold_full++;
		log_debug("%s: Ns %u ahead of Nr %u dropped: %zu messages held", r->tag,
			  m->hdr.ns, r->nr, r->held_count);
		return L2TP_REL_HOLD_FULL;
	}
	h->ns = m->hdr.ns;
	h->len = len;
	memcpy(h->data, buf, len);
	h->m = *m;
	h->m.buf = h->data;		/* the parsed view holds offsets into its buffer */
	*slot = h;
	r->held_count++;
	r->held_bytes += len;
	log_debug("%s: Ns %u held, Nr %u expected", r->tag, m->hdr.ns, r->nr);
	return L2TP_REL_HELD;
}

/* A header l2tp_msg_parse() accepted: the status is not one of the header reasons. */
static bool sound(const uint8_t *buf, size_t len, const struct l2tp_msg *m)
{
	return buf && m && m->buf == buf && m->hdr.length == len && len >= L2TP_CTRL_HDR_LEN &&
	       (m->hdr.flags & L2TP_HDR_CONTROL) == L2TP_HDR_CONTROL &&
	       !(m->status <= L2TP_E_SHORT && m->status >= L2TP_E_CONTROL);
}

enum l2tp_rel_verdict l2tp_rel_input(struct l2tp_rel *r, const uint8_t *buf, size_t len,
				     const struct l2tp_msg *m)
{
	int ahead;

	if (r->dead || r->stopped || !sound(buf, len, m))
		return L2TP_REL_REFUSED;
	ahead = seq_diff(m->hdr.ns, r->nr);
	if (!m->zlb && ahead >= r->recv_window) {
		r->stats.out_of_window++;
		log_debug("%s: Ns %u out of window (Nr %u, window %u): dropped", r->tag, m->hdr.ns,
			  r->nr, r->recv_window);
		return L2TP_REL_OUT_OF_WINDOW;
	}
	r->stats.received++;
	acknowledge(r, m->hdr.nr);
	if (m->zlb)
		return L2TP_REL_ACK;
	if (ahead < 0) {
		r->stats.duplicates++;
		log_debug("%s: duplicate Ns %u (Nr %u): acknowledged again", r->tag, m->hdr.ns,
			  r->nr);
		ack_soon(r);
		return L2TP_REL_DUPLICATE;
	}
	if (ahead > 0)
		return hold(r, m, buf, len);
	deliver(r, m, buf, len);
	deliver_held(r);
	return L2TP_REL_DELIVERED;
}

/* --- the object */

void l2tp_rel_init(struct l2tp_rel *r, const struct l2tp_rel_config *c)
{
	memset(r, 0, sizeof(*r));
	r->ops = c->ops;
	r->ctx = c->ctx;
	snprintf(r->tag, sizeof(r->tag), "%s", c->tag ? c->tag : "l2tp");
	r->peer_tunnel_id = c->peer_tunnel_id;
	r->recv_window = c->recv_window ? c->recv_window : L2TP_REL_RECV_WINDOW;
	if (r->recv_window > L2TP_REL_RECV_WINDOW_MAX)
		r->recv_window = L2TP_REL_RECV_WINDOW_MAX;
	r->peer_window = L2TP_REL_PEER_WINDOW;
	r->cwnd = 1;
	r->tail = &r->head;
	loop_timer_init(&r->rtx, rtx_expired);
	loop_timer_init(&r->ack, ack_expired);
	l2tp_rel_set_peer(r, c->peer_tunnel_id, c->peer_window);
}

void l2tp_rel_set_peer(struct l2tp_rel *r, uint16_t tunnel_id, uint16_t window)
{
	if (!window)
		window = L2TP_REL_PEER_WINDOW;
	if (window > L2TP_REL_SENDQ_MAX)
		window = L2TP_REL_SENDQ_MAX;	/* more can never be in flight anyway */
	r->peer_tunnel_id = tunnel_id;
	r->peer_window = window;
	r->ssthresh = window;
	if (r->cwnd > window)
		r->cwnd = window;
	if (!r->dead && !r->stopped)
		push(r);
}

bool l2tp_rel_pending(const struct l2tp_rel *r)
{
	return !r->dead && !r->stopped && r->head;
}

void l2tp_rel_stop(struct l2tp_rel *r)
{
	struct l2tp_rel_out *o;
	size_t i;

	loop_timer_cancel(&r->rtx);
	loop_timer_cancel(&r->ack);
	while ((o = r->head)) {
		r->head = o->next;
		free(o);
	}
	r->tail = &r->head;
	r->unsent = NULL;
	r->out_count = r->out_bytes = 0;
	r->in_flight = 0;
	r->ns_una = r->ns_next;		/* nothing outstanding, as far as anyone can tell */
	for (i = 0; i < L2TP_REL_RECV_WINDOW_MAX; i++) {
		free(r->held[i]);
		r->held[i] = NULL;
	}
	r->held_count = r->held_bytes = 0;
	r->stopped = true;
}

const char *l2tp_rel_verdict_name(enum l2tp_rel_verdict v)
{
	static const char *const names[] = {
		[L2TP_REL_DELIVERED] = "delivered",
		[L2TP_REL_ACK] = "acknowledgement",
		[L2TP_REL_HELD] = "held",
		[L2TP_REL_DUPLICATE] = "duplicate",
		[L2TP_REL_OUT_OF_WINDOW] = "out of window",
		[L2TP_REL_HOLD_FULL] = "hold full",
		[L2TP_REL_REFUSED] = "refused",
	};

	return (unsigned int)v < sizeof(names) / sizeof(names[0]) ? names[v] : "unknown";
}
