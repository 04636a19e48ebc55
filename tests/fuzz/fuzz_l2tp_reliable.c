// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: one tunnel's control channel (daemon/l2tp/reliable.c) driven by a hostile peer.
 * The input is a starting point in the sequence space (so the 65535 -> 0 wrap is near), our
 * receive window and the delivery at which the tunnel stops the object (0xff: never), then
 * 4-byte steps: a message or ZLB from the peer with Ns and Nr chosen around the edges
 * (duplicates, gaps, out of window, acknowledgements of the never sent), a message of ours,
 * a window change, either timer firing (in any order, as a loaded host would have it). The
 * peer's message bodies are a function of their Ns, so a delivery shows whether it is the
 * right message. Invariants, checked after every step and in every callback:
 * - deliveries come in Ns order from the start, none twice, each with its own body;
 * - a first transmission happens only within min(cwnd, the peer's window); a retransmission
 *   is of the oldest unacknowledged message; everything we send carries the current Nr, a
 *   ZLB the next Ns we will send;
 * - the queues stay within their caps and agree with the sequence numbers;
 * - after l2tp_rel_stop() no timer is armed (ASan sees whether anything leaked).
 */
/* unit-test-sources: daemon/l2tp/reliable.c daemon/l2tp/msg.c daemon/l2tp/build.c daemon/l2tp/hide.c daemon/core/timer.c tests/unit/lib/fuzz_quiet.c */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "l2tp/reliable.h"
#include "core/log.h"
#include "fuzz_quiet.h"

#define OUR_TID 7
#define PEER_TID 42

struct state {
	struct l2tp_rel rel;
	uint16_t expect;		/* Ns of the next delivery */
	uint16_t next_new;		/* Ns of our next first transmission */
	bool reply;			/* the tunnel answers each delivery */
	bool stop;			/* the tunnel stops the object delivering stop_ns */
	uint16_t stop_ns;
	unsigned int dead;
};

static struct state st;

/* The peer's message with Ns ns: a HELLO whose vendor AVP (M=0, skipped) spells ns. */
static size_t peer_msg(uint8_t *buf, size_t cap, unsigned int type, uint16_t ns, uint16_t nr)
{
	uint8_t v[64];
	struct l2tp_build b;
	size_t i, len = 2 + ns % 50;
	int n;

	for (i = 0; i < len; i++)
		v[i] = (uint8_t)(ns >> (8 * (i & 1)));
	l2tp_build_start(&b, buf, cap, OUR_TID, 0, ns, nr, type);
	if (type)
		l2tp_put(&b, 0, 311, 1, v, len);
	n = l2tp_build_finish(&b);
	check(n >= L2TP_CTRL_HDR_LEN);
	return (size_t)n;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void our_send(size_t extra)
{
	static const uint8_t pad[L2TP_AVP_VALUE_MAX];
	static uint8_t buf[20000];	/* up to 255 * 64 bytes of padding */
	struct l2tp_build b;
	int n, err;

	l2tp_rel_build_start(&st.rel, &b, buf, sizeof(buf), 0, L2TP_HELLO);
	while (extra) {
		size_t k = extra < sizeof(pad) ? extra : sizeof(pad);

		l2tp_put(&b, 0, 311, 2, pad, k);
		extra -= k;
	}
	n = l2tp_build_finish(&b);
	check(n > 0);
	err = l2tp_rel_send(&st.rel, buf, (size_t)n);
	check(!err || err == -ENOBUFS || err == -EPIPE);
}

static void cb_send(void *ctx, const uint8_t *buf, size_t len)
{
	const struct l2tp_rel *r = &st.rel;
	uint16_t ns = get16(buf + 8), nr = get16(buf + 10);
	unsigned int limit = r->cwnd < r->peer_window ? r->cwnd : r->peer_window;

	check(ctx == &st && len >= L2TP_CTRL_HDR_LEN && get16(buf + 2) == len);
	check(get16(buf + 4) == PEER_TID);
	check(nr == r->nr);
	if (len == L2TP_CTRL_HDR_LEN) {			/* ZLB */
		check(ns == (uint16_t)(r->ns_una + r->in_flight));
		return;
	}
	if (ns == st.next_new) {			/* first transmission */
		st.next_new++;
		check(r->in_flight <= limit);
		return;
	}
	check(ns == r->ns_una && r->in_flight > 0);	/* only the oldest is retransmitted */
}

static void cb_deliver(void *ctx, const struct l2tp_msg *m, const uint8_t *buf, size_t len)
{
	uint8_t want[128];
	size_t n;

	check(ctx == &st && m->buf == buf && m->hdr.length == len && !m->zlb);
	check(m->hdr.ns == st.expect);
	check(st.rel.nr == (uint16_t)(st.expect + 1));	/* Nr moved before delivery */
	n = peer_msg(want, sizeof(want), m->type, m->hdr.ns, 0);
	check(n == len && !memcmp(want + L2TP_CTRL_HDR_LEN, buf + L2TP_CTRL_HDR_LEN,
				  n - L2TP_CTRL_HDR_LEN));
	check(m->status == L2TP_OK && m->nignored == 1);
	st.expect++;
	if (st.stop && m->hdr.ns == st.stop_ns)
		l2tp_rel_stop(&st.rel);
	else if (st.reply)
		our_send(0);
}

static void cb_dead(void *ctx, const char *reason)
{
	check(ctx == &st && reason && st.rel.dead);
	st.dead++;
}

static const struct l2tp_rel_ops ops = {
	.send = cb_send, .deliver = cb_deliver, .dead = cb_dead,
};

static void invariants(void)
{
	const struct l2tp_rel *r = &st.rel;

	check(r->out_count <= L2TP_REL_SENDQ_MAX && r->out_bytes <= L2TP_REL_SENDQ_BYTES);
	check(r->held_bytes <= L2TP_REL_HOLD_BYTES && r->held_count < r->recv_window);
	check(r->nr == st.expect);
	check(r->cwnd >= 1 && r->cwnd <= r->peer_window && r->ssthresh >= 1);
	check(r->in_flight <= r->out_count);
	check((uint16_t)(r->ns_next - r->ns_una) == r->out_count);
	check((uint16_t)(r->ns_una + r->in_flight) == st.next_new || r->stopped);
	check(!r->head == !r->out_count);
	check(!r->in_flight || loop_timer_armed(&r->rtx) || r->dead || r->stopped);
	check(!(r->dead || r->stopped) || (!loop_timer_armed(&r->rtx) &&
					   !loop_timer_armed(&r->ack)));
}

static void fire(struct loop_timer *t)
{
	if (loop_timer_armed(t)) {
		loop_timer_cancel(t);	/* as loop_run_timers() does */
		t->cb(t);
	}
}

static void step(const uint8_t *p)
{
	static uint8_t buf[256];
	struct l2tp_rel *r = &st.rel;
	unsigned int type = L2TP_HELLO;
	uint16_t ns, nr = (uint16_t)(r->ns_una + (int8_t)p[2]);
	struct l2tp_msg m;
	size_t n;

	st.reply = p[0] & 0x80;
	switch (p[0] & 7) {
	case 0:		/* the peer's message around our Nr, acknowledging around ours */
	case 1:
		ns = (uint16_t)(r->nr + (int8_t)p[1]);
		break;
	case 2:		/* a ZLB, its Ns anything */
		ns = (uint16_t)(p[1] << 8 | p[3]);
		type = 0;
		break;
	case 3:		/* anywhere in the sequence space */
		ns = (uint16_t)(p[1] << 8 | p[3]);
		break;
	case 4:
		our_send((size_t)p[1] * (p[0] & 0x40 ? 64 : 1));
		return;
	case 5:
		fire(p[1] & 1 ? &r->rtx : &r->ack);
		return;
	case 6:
		l2tp_rel_set_peer(r, PEER_TID, p[1]);
		return;
	default:	/* a retransmission of something delivered long ago */
		ns = (uint16_t)(r->nr - 1 - p[1] * 256 - p[3]);
		break;
	}
	n = peer_msg(buf, sizeof(buf), type, ns, nr);
	check(l2tp_msg_parse(buf, n, NULL, 0, &m) == L2TP_OK);
	l2tp_rel_input(r, buf, n, &m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct l2tp_rel_config c = { .ops = &ops, .ctx = &st, .tag = "fuzz",
				     .peer_tunnel_id = PEER_TID };

	if (size < 6)
		return 0;
	memset(&st, 0, sizeof(st));
	c.recv_window = data[4] % (L2TP_REL_RECV_WINDOW_MAX + 8);	/* 0 and too large too */
	l2tp_rel_init(&st.rel, &c);
	/* as if this many messages had gone each way already */
	st.rel.ns_next = st.rel.ns_una = st.next_new = (uint16_t)(data[0] << 8 | data[1]);
	st.rel.nr = st.expect = (uint16_t)(data[2] << 8 | data[3]);
	st.stop = data[5] != 0xff;
	st.stop_ns = (uint16_t)(st.expect + data[5]);
	for (data += 6, size -= 6; size >= 4; data += 4, size -= 4) {
		step(data);
		invariants();
	}
	l2tp_rel_stop(&st.rel);
	check(!loop_timer_armed(&st.rel.rtx) && !loop_timer_armed(&st.rel.ack));
	check(!l2tp_rel_pending(&st.rel) && !st.rel.out_count && !st.rel.held_count);
	return 0;
}
