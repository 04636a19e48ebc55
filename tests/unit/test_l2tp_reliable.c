// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/l2tp/reliable.c: one tunnel's control channel against a scripted peer, and two of
 * them back to back, on a fake clock. Every test ends with l2tp_rel_stop() and checks that no
 * timer is left armed; ASan checks that nothing leaks.
 *
 * The clock: daemon/core/timer.c reads CLOCK_MONOTONIC through clock_gettime(), which
 * tests/unit/lib/fake_clock.c defines, so the timer heap runs on fake_now and fake_advance()
 * steps it from deadline to deadline. Other clocks go to the kernel.
 */
/* unit-test-sources: daemon/l2tp/reliable.c daemon/l2tp/msg.c daemon/l2tp/build.c daemon/l2tp/hide.c daemon/core/timer.c tests/unit/lib/fake_clock.c tests/unit/lib/l2tp_log.c */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include "l2tp/reliable.h"
#include "fake_clock.h"
#include "core/log.h"
#include "l2tp_log.h"

#define OUR_TID 7
#define PEER_TID 42
#define MAXPKT 16384
#define MAXLOG 1024

/* ---- the fake clock and the log */

static uint64_t t_base;			/* the fake clock when the test started */

/* ---- an endpoint: a struct l2tp_rel, what it sent, what it delivered */

struct pkt {
	uint8_t data[MAXPKT];
	size_t len;
	uint64_t at;			/* ms since the test started */
	struct l2tp_hdr h;
	unsigned int type;		/* 0: ZLB */
};

struct ep {
	struct l2tp_rel rel;
	struct pkt *out;		/* what went on the wire, oldest first */
	size_t nout, cap;
	uint16_t delivered[MAXLOG];	/* Ns of each delivery (the first MAXLOG) */
	unsigned int types[MAXLOG];
	int statuses[MAXLOG];
	size_t ndelivered;
	bool order_broken;		/* a delivery that was not the Ns after the last one */
	bool any_delivered;
	uint16_t last_ns;
	unsigned int ndead;
	char dead_reason[128];
	/* what the tunnel does in deliver() */
	unsigned int reply_type;	/* answer every message with one of these */
	bool learn_peer;		/* l2tp_rel_set_peer(PEER_TID, 4) first */
	bool stop_in_deliver;
	bool stop_in_dead;
	uint16_t session_seen;		/* Assigned Session ID of the last delivery */
};

static struct ep us, them;

static void queue_msg(struct ep *e, unsigned int type);

static void ep_send(void *ctx, const uint8_t *buf, size_t len)
{
	struct ep *e = ctx;
	struct pkt *p;

	assert_true(len <= MAXPKT);
	if (e->nout == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 64;
		e->out = realloc(e->out, e->cap * sizeof(*e->out));
		assert_non_null(e->out);
	}
	p = &e->out[e->nout++];
	memcpy(p->data, buf, len);
	p->len = len;
	p->at = fake_now - t_base;
	assert_int_equal(l2tp_hdr_parse(buf, len, &p->h), L2TP_OK);
	p->type = len > L2TP_CTRL_HDR_LEN ? (unsigned int)(buf[18] << 8 | buf[19]) : 0;
}

static void ep_deliver(void *ctx, const struct l2tp_msg *m, const uint8_t *buf, size_t len)
{
	struct ep *e = ctx;

	assert_ptr_equal(m->buf, buf);
	assert_int_equal(m->hdr.length, len);
	if (e->any_delivered && m->hdr.ns != (uint16_t)(e->last_ns + 1))
		e->order_broken = true;
	e->any_delivered = true;
	e->last_ns = m->hdr.ns;
	if (e->ndelivered < MAXLOG) {
		e->delivered[e->ndelivered] = m->hdr.ns;
		e->types[e->ndelivered] = m->type;
		e->statuses[e->ndelivered] = m->status;
	}
	e->ndelivered++;
	if (l2tp_get_assigned_session_id(m, &e->session_seen))
		e->session_seen = 0;
	if (e->learn_peer)
		l2tp_rel_set_peer(&e->rel, PEER_TID, 4);
	if (e->stop_in_deliver)
		l2tp_rel_stop(&e->rel);
	else if (e->reply_type)
		queue_msg(e, e->reply_type);
}

static void ep_dead(void *ctx, const char *reason)
{
	struct ep *e = ctx;

	e->ndead++;
	snprintf(e->dead_reason, sizeof(e->dead_reason), "%s", reason);
	if (e->stop_in_dead)
		l2tp_rel_stop(&e->rel);
}

static const struct l2tp_rel_ops ops = {
	.send = ep_send, .deliver = ep_deliver, .dead = ep_dead,
};

static void ep_init(struct ep *e, const char *tag, uint16_t peer_tid)
{
	struct l2tp_rel_config c = { .ops = &ops, .ctx = e, .tag = tag,
				     .peer_tunnel_id = peer_tid };

	free(e->out);
	memset(e, 0, sizeof(*e));
	l2tp_rel_init(&e->rel, &c);
}

static void ep_done(struct ep *e)
{
	l2tp_rel_stop(&e->rel);
	free(e->out);
	memset(e, 0, sizeof(*e));
}

static const struct pkt *last(const struct ep *e)
{
	assert_true(e->nout > 0);
	return &e->out[e->nout - 1];
}

/* A message of ours, through the tunnel's path: build, finish, l2tp_rel_send(). */
static int send_sized(struct ep *e, unsigned int type, size_t extra)
{
	static uint8_t big[L2TP_AVP_VALUE_MAX];
	uint8_t buf[L2TP_MSG_MAX];
	struct l2tp_build b;
	int n;

	l2tp_rel_build_start(&e->rel, &b, buf, sizeof(buf), 0, type);
	while (extra) {			/* a vendor's AVPs, M=0: padding a receiver skips */
		size_t k = extra < sizeof(big) ? extra : sizeof(big);

		l2tp_put(&b, 0, 311, 1, big, k);
		extra -= k;
	}
	n = l2tp_build_finish(&b);
	assert_true(n > 0);
	return l2tp_rel_send(&e->rel, buf, (size_t)n);
}

static void queue_msg(struct ep *e, unsigned int type)
{
	assert_int_equal(send_sized(e, type, 0), 0);
}

/* ---- a scripted peer: its datagrams as the tunnel hands them to us */

static uint8_t inbuf[L2TP_MSG_MAX];

static enum l2tp_rel_verdict input_raw(struct ep *e, uint8_t *buf, size_t n)
{
	struct l2tp_msg m;

	l2tp_msg_parse(buf, n, NULL, 0, &m);
	return l2tp_rel_input(&e->rel, buf, n, &m);
}

/* A message of type (0: a ZLB) with Ns and Nr, extra bytes of skippable AVPs, a session id. */
static size_t build_peer(uint8_t *buf, size_t cap, unsigned int type, uint16_t ns, uint16_t nr,
			 size_t extra, uint16_t sid)
{
	static uint8_t big[L2TP_AVP_VALUE_MAX];
	struct l2tp_build b;
	int n;

	l2tp_build_start(&b, buf, cap, OUR_TID, 0, ns, nr, type);
	if (sid)
		l2tp_put_u16(&b, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID, sid);
	while (extra) {
		size_t k = extra < sizeof(big) ? extra : sizeof(big);

		l2tp_put(&b, 0, 311, 1, big, k);
		extra -= k;
	}
	n = l2tp_build_finish(&b);
	assert_true(n >= L2TP_CTRL_HDR_LEN);
	return (size_t)n;
}

static enum l2tp_rel_verdict peer(struct ep *e, unsigned int type, uint16_t ns, uint16_t nr)
{
	return input_raw(e, inbuf, build_peer(inbuf, sizeof(inbuf), type, ns, nr, 0, 0));
}

static enum l2tp_rel_verdict peer_zlb(struct ep *e, uint16_t ns, uint16_t nr)
{
	return peer(e, 0, ns, nr);
}

/* Moves what from sent to to's input, in order, and forgets it. */
static void wire(struct ep *from, struct ep *to)
{
	size_t i;

	for (i = 0; i < from->nout; i++)
		input_raw(to, from->out[i].data, from->out[i].len);
	from->nout = 0;
}

static int setup(void **state)
{
	(void)state;
	ep_init(&us, "l2tp 192.0.2.1:1701 tunnel 7", PEER_TID);
	ep_init(&them, "peer", OUR_TID);
	last_warning[0] = '\0';
	t_base = fake_now;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ep_done(&us);
	ep_done(&them);
	assert_int_equal(loop_run_timers(), -1);	/* nothing armed after stop */
	return 0;
}

/* ---- tests */

/*
 * SCCRQ in, SCCRP out carrying the acknowledgement (no ZLB), SCCCN in acknowledging the
 * SCCRP, and nothing of ours to say: a ZLB 200 ms later, never retransmitted.
 */
static void test_in_order_exchange(void **state)
{
	(void)state;
	ep_init(&us, "tunnel 7", 0);	/* the peer's tunnel id comes with its SCCRQ */
	us.learn_peer = true;
	us.reply_type = L2TP_SCCRP;
	assert_int_equal(peer(&us, L2TP_SCCRQ, 0, 0), L2TP_REL_DELIVERED);
	assert_int_equal(us.ndelivered, 1);
	assert_int_equal(us.types[0], L2TP_SCCRQ);
	assert_int_equal(us.statuses[0], L2TP_E_AVP_MISSING);	/* the tunnel judges that */
	assert_int_equal(us.nout, 1);
	assert_int_equal(last(&us)->type, L2TP_SCCRP);
	assert_int_equal(last(&us)->h.tunnel_id, PEER_TID);
	assert_int_equal(last(&us)->h.ns, 0);
	assert_int_equal(last(&us)->h.nr, 1);
	assert_true(l2tp_rel_pending(&us.rel));
	fake_advance(300);
	assert_int_equal(us.nout, 1);	/* the SCCRP carried the acknowledgement */

	us.reply_type = 0;
	assert_int_equal(peer(&us, L2TP_SCCCN, 1, 1), L2TP_REL_DELIVERED);
	assert_false(l2tp_rel_pending(&us.rel));
	fake_advance(199);
	assert_int_equal(us.nout, 1);
	fake_advance(1);
	assert_int_equal(us.nout, 2);
	assert_int_equal(last(&us)->type, 0);	/* ZLB */
	assert_int_equal(last(&us)->len, L2TP_CTRL_HDR_LEN);
	assert_int_equal(last(&us)->h.tunnel_id, PEER_TID);
	assert_int_equal(last(&us)->h.session_id, 0);
	assert_int_equal(last(&us)->h.ns, 1);
	assert_int_equal(last(&us)->h.nr, 2);
	fake_advance(60000);
	assert_int_equal(us.nout, 2);
	assert_int_equal(us.rel.stats.sent, 1);
	assert_int_equal(us.rel.stats.zlbs_sent, 1);
	assert_int_equal(us.rel.stats.delivered, 2);
	assert_int_equal(us.rel.stats.retransmits, 0);
}

/* A ZLB's Nr frees our message; a ZLB is never delivered nor answered. */
static void test_zlb_ack(void **state)
{
	(void)state;
	queue_msg(&us, L2TP_HELLO);
	assert_int_equal(us.nout, 1);
	assert_int_equal(last(&us)->h.ns, 0);
	assert_int_equal(last(&us)->h.nr, 0);
	assert_true(l2tp_rel_pending(&us.rel));
	assert_int_equal(peer_zlb(&us, 0, 1), L2TP_REL_ACK);
	assert_false(l2tp_rel_pending(&us.rel));
	assert_int_equal(us.ndelivered, 0);
	fake_advance(60000);
	assert_int_equal(us.nout, 1);	/* no retransmission, no ZLB for a ZLB */
	queue_msg(&us, L2TP_HELLO);
	assert_int_equal(last(&us)->h.ns, 1);	/* a ZLB took no Ns */
}

/* Anything we send carries Nr and cancels the delayed ZLB; so does a retransmission. */
static void test_piggybacked_ack(void **state)
{
	(void)state;
	assert_int_equal(peer(&us, L2TP_ICRQ, 0, 0), L2TP_REL_DELIVERED);
	fake_advance(100);
	queue_msg(&us, L2TP_ICRP);	/* the tunnel answers later, within the delay */
	assert_int_equal(us.nout, 1);
	assert_int_equal(last(&us)->h.nr, 1);
	fake_advance(500);
	assert_int_equal(us.nout, 1);	/* no ZLB */

	/* the peer's ICCN arrives while our ICRP is unacknowledged (its ack was lost) */
	assert_int_equal(peer(&us, L2TP_ICCN, 1, 0), L2TP_REL_DELIVERED);
	fake_advance(499);			/* 1 ms before the ICRP's retransmission; a ZLB went */
	assert_int_equal(us.nout, 2);
	assert_int_equal(last(&us)->type, 0);
	assert_int_equal(last(&us)->h.nr, 2);
	assert_int_equal(peer(&us, L2TP_HELLO, 2, 0), L2TP_REL_DELIVERED);
	fake_advance(1);			/* the ICRP again, before the ZLB: it carries Nr */
	assert_int_equal(us.nout, 3);
	assert_int_equal(last(&us)->type, L2TP_ICRP);
	assert_int_equal(last(&us)->h.ns, 0);
	assert_int_equal(last(&us)->h.nr, 3);
	fake_advance(300);
	assert_int_equal(us.nout, 3);	/* the retransmission was the acknowledgement */
}

/* Retransmissions 1, 2, 4, 8, 8 s apart, each with the Nr of its moment. */
static void test_retransmission_backoff(void **state)
{
	static const uint64_t at[] = { 0, 1000, 3000, 7000, 15000, 23000 };
	size_t i;

	(void)state;
	queue_msg(&us, L2TP_HELLO);
	fake_advance(2900);
	assert_int_equal(peer(&us, L2TP_HELLO, 0, 0), L2TP_REL_DELIVERED);	/* acks nothing */
	fake_advance(23500 - 2900);
	assert_int_equal(us.nout, 6);
	for (i = 0; i < 6; i++) {
		assert_int_equal(us.out[i].at, at[i]);
		assert_int_equal(us.out[i].type, L2TP_HELLO);
		assert_int_equal(us.out[i].h.ns, 0);
		assert_int_equal(us.out[i].h.nr, i < 2 ? 0 : 1);	/* no ZLB: piggybacked */
	}
	assert_int_equal(us.rel.stats.retransmits, 5);
	assert_int_equal(peer_zlb(&us, 1, 1), L2TP_REL_ACK);
	assert_false(l2tp_rel_pending(&us.rel));
	fake_advance(60000);
	assert_int_equal(us.nout, 6);
	assert_int_equal(us.ndead, 0);
}

/* Five retransmissions unanswered: dead 31 s after the first transmission, then silent. */
static void test_dead_after_five_retransmissions(void **state)
{
	(void)state;
	queue_msg(&us, L2TP_STOPCCN);
	queue_msg(&us, L2TP_HELLO);	/* waits behind it: cwnd is 1 */
	fake_advance(L2TP_REL_LINGER_MS - 1);
	assert_int_equal(us.nout, 6);
	assert_int_equal(us.ndead, 0);
	assert_true(l2tp_rel_pending(&us.rel));
	fake_advance(1);
	assert_int_equal(us.ndead, 1);
	assert_string_equal(us.dead_reason, "control messages unacknowledged");
	assert_non_null(strstr(last_warning, "l2tp 192.0.2.1:1701 tunnel 7"));
	assert_non_null(strstr(last_warning, "StopCCN"));
	assert_false(l2tp_rel_pending(&us.rel));
	assert_int_equal(send_sized(&us, L2TP_HELLO, 0), -EPIPE);
	assert_int_equal(peer(&us, L2TP_HELLO, 0, 1), L2TP_REL_REFUSED);
	assert_int_equal(loop_run_timers(), -1);
	fake_advance(100000);
	assert_int_equal(us.nout, 6);
	assert_int_equal(us.ndead, 1);
}

/* ops->dead may stop the object (and could free it). */
static void test_stop_from_dead(void **state)
{
	(void)state;
	us.stop_in_dead = true;
	queue_msg(&us, L2TP_HELLO);
	queue_msg(&us, L2TP_HELLO);
	assert_int_equal(peer(&us, L2TP_HELLO, 1, 0), L2TP_REL_HELD);
	fake_advance(L2TP_REL_LINGER_MS);
	assert_int_equal(us.ndead, 1);
	assert_int_equal(us.rel.out_count, 0);
	assert_int_equal(us.rel.held_count, 0);
	assert_int_equal(loop_run_timers(), -1);
}

/* Slow start within the peer's window of 4: 1, then 2, then 4 in flight, never more. */
static void test_window_limits(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < 10; i++)
		queue_msg(&us, L2TP_HELLO);
	assert_int_equal(us.nout, 1);
	assert_int_equal(peer_zlb(&us, 0, 1), L2TP_REL_ACK);	/* cwnd 2 */
	assert_int_equal(us.nout, 3);
	assert_int_equal(us.out[1].h.ns, 1);
	assert_int_equal(us.out[2].h.ns, 2);
	assert_int_equal(peer_zlb(&us, 0, 3), L2TP_REL_ACK);	/* cwnd 4 */
	assert_int_equal(us.nout, 7);
	assert_int_equal(last(&us)->h.ns, 6);
	assert_int_equal(us.rel.in_flight, 4);
	assert_int_equal(peer_zlb(&us, 0, 4), L2TP_REL_ACK);	/* 4 is the window */
	assert_int_equal(us.nout, 8);
	assert_int_equal(last(&us)->h.ns, 7);
	assert_int_equal(us.rel.in_flight, 4);
	assert_int_equal(peer_zlb(&us, 0, 8), L2TP_REL_ACK);
	assert_int_equal(us.nout, 10);
	assert_int_equal(last(&us)->h.ns, 9);
	assert_int_equal(peer_zlb(&us, 0, 10), L2TP_REL_ACK);
	assert_false(l2tp_rel_pending(&us.rel));
	for (i = 0; i < 10; i++)
		assert_int_equal(us.out[i].h.ns, i);	/* each sent once, in order */

	/* a window of 1 from the peer's SCCRP: one at a time, even with cwnd grown */
	l2tp_rel_set_peer(&us.rel, PEER_TID, 1);
	queue_msg(&us, L2TP_HELLO);
	queue_msg(&us, L2TP_HELLO);
	assert_int_equal(us.nout, 11);
	assert_int_equal(peer_zlb(&us, 0, 11), L2TP_REL_ACK);
	assert_int_equal(us.nout, 12);
	assert_int_equal(last(&us)->h.ns, 11);

	/* a larger window lets what waits go at once, up to cwnd */
	l2tp_rel_set_peer(&us.rel, PEER_TID, 8);
	for (i = 0; i < 3; i++)
		queue_msg(&us, L2TP_HELLO);
	assert_int_equal(us.nout, 12);	/* cwnd is 1 (capped by the old window) */
	assert_int_equal(peer_zlb(&us, 0, 12), L2TP_REL_ACK);
	assert_int_equal(us.nout, 14);
}

/* A timeout: only the oldest goes again, cwnd 1, ssthresh half; then congestion avoidance. */
static void test_congestion_after_timeout(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < 3; i++)
		queue_msg(&us, L2TP_HELLO);
	peer_zlb(&us, 0, 1);
	peer_zlb(&us, 0, 3);		/* cwnd 4 */
	for (i = 0; i < 8; i++)
		queue_msg(&us, L2TP_HELLO);
	assert_int_equal(us.nout, 7);	/* Ns 3..6 in flight */
	fake_advance(1000);
	assert_int_equal(us.nout, 8);
	assert_int_equal(last(&us)->h.ns, 3);
	assert_int_equal(us.rel.cwnd, 1);
	assert_int_equal(us.rel.ssthresh, 2);
	peer_zlb(&us, 0, 7);		/* 4 acknowledged: cwnd 2, then 1 of 2 towards 3 */
	assert_int_equal(us.rel.cwnd, 3);
	assert_int_equal(us.nout, 11);
	assert_int_equal(last(&us)->h.ns, 9);
	assert_int_equal(us.rel.in_flight, 3);
}

/* Ahead of a gap: held, then delivered in order when the gap fills; one ZLB for it all. */
static void test_out_of_order_held(void **state)
{
	(void)state;
	assert_int_equal(peer(&us, L2TP_HELLO, 2, 0), L2TP_REL_HELD);
	assert_int_equal(peer(&us, L2TP_HELLO, 1, 0), L2TP_REL_HELD);
	assert_int_equal(peer(&us, L2TP_HELLO, 2, 0), L2TP_REL_DUPLICATE);
	assert_int_equal(us.ndelivered, 0);
	fake_advance(1000);
	assert_int_equal(us.nout, 0);	/* nothing to acknowledge yet */
	assert_int_equal(peer(&us, L2TP_HELLO, 0, 0), L2TP_REL_DELIVERED);
	assert_int_equal(us.ndelivered, 3);
	assert_int_equal(us.delivered[0], 0);
	assert_int_equal(us.delivered[1], 1);
	assert_int_equal(us.delivered[2], 2);
	assert_false(us.order_broken);
	fake_advance(200);
	assert_int_equal(us.nout, 1);
	assert_int_equal(last(&us)->h.nr, 3);
	assert_int_equal(us.rel.held_count, 0);

	/* our window is 16: Nr + 15 is held, Nr + 16 is not */
	assert_int_equal(peer(&us, L2TP_HELLO, 3 + 15, 0), L2TP_REL_HELD);
	assert_int_equal(peer(&us, L2TP_HELLO, 3 + 16, 0), L2TP_REL_OUT_OF_WINDOW);
	assert_int_equal(peer(&us, L2TP_HELLO, 3 + 32767, 0), L2TP_REL_OUT_OF_WINDOW);
	assert_int_equal(us.rel.stats.out_of_window, 2);
	assert_int_equal(us.rel.stats.duplicates, 1);
}

/* A held message keeps its parsed view after the tunnel reuses its receive buffer. */
static void test_held_view_survives(void **state)
{
	size_t n;

	(void)state;
	n = build_peer(inbuf, sizeof(inbuf), L2TP_ICRP, 1, 0, 0, 0xbeef);
	assert_int_equal(input_raw(&us, inbuf, n), L2TP_REL_HELD);
	memset(inbuf, 0xa5, sizeof(inbuf));
	assert_int_equal(peer(&us, L2TP_HELLO, 0, 0), L2TP_REL_DELIVERED);
	assert_int_equal(us.ndelivered, 2);
	assert_int_equal(us.types[1], L2TP_ICRP);
	assert_int_equal(us.statuses[1], L2TP_OK);
	assert_int_equal(us.session_seen, 0xbeef);
}

/* Duplicates are acknowledged again (one ZLB for a burst), never delivered twice. */
static void test_duplicates(void **state)
{
	int i;

	(void)state;
	queue_msg(&us, L2TP_HELLO);	/* Ns 0, in flight */
	assert_int_equal(peer(&us, L2TP_SCCRQ, 0, 0), L2TP_REL_DELIVERED);
	fake_advance(200);
	assert_int_equal(us.nout, 2);
	assert_int_equal(last(&us)->type, 0);
	assert_int_equal(last(&us)->h.nr, 1);
	assert_int_equal(last(&us)->h.ns, 1);	/* the next one we will send */
	/* the ZLB was lost: the peer retransmits, with an Nr that now acknowledges ours */
	for (i = 0; i < 5; i++)
		assert_int_equal(peer(&us, L2TP_SCCRQ, 0, 1), L2TP_REL_DUPLICATE);
	assert_false(l2tp_rel_pending(&us.rel));
	assert_int_equal(us.ndelivered, 1);
	fake_advance(200);
	assert_int_equal(us.nout, 3);
	assert_int_equal(last(&us)->type, 0);
	assert_int_equal(last(&us)->h.nr, 1);
	assert_int_equal(us.rel.stats.duplicates, 5);
	assert_int_equal(us.rel.stats.zlbs_sent, 2);
	/* the farthest behind that still counts as a duplicate: Nr - 32768 */
	assert_int_equal(peer(&us, L2TP_HELLO, (uint16_t)(1 - 32768), 1), L2TP_REL_DUPLICATE);
}

/*
 * Two endpoints back to back through 65536 + messages: Ns and Nr wrap; around the wrap,
 * a burst arrives reversed and one message twice.
 */
static void test_wrap(void **state)
{
	unsigned int i, total = 0;
	static struct pkt burst[4];

	(void)state;
	l2tp_rel_set_peer(&us.rel, PEER_TID, 4);
	while (total < 65534) {	/* bursts of up to 4, acknowledged by ZLBs */
		for (i = 0; i < 4 && total < 65534; i++, total++)
			queue_msg(&us, L2TP_HELLO);
		while (l2tp_rel_pending(&us.rel)) {
			wire(&us, &them);
			fake_advance(200);
			wire(&them, &us);
		}
	}
	assert_int_equal(them.ndelivered, 65534);
	assert_false(them.order_broken);
	assert_int_equal(us.rel.stats.retransmits, 0);
	assert_int_equal(us.rel.ns_next, 65534);
	assert_int_equal(us.rel.cwnd, 4);

	for (i = 0; i < 4; i++)		/* Ns 65534, 65535, 0, 1 */
		queue_msg(&us, L2TP_HELLO);
	assert_int_equal(us.nout, 4);
	memcpy(burst, us.out, sizeof(burst));
	us.nout = 0;
	assert_int_equal(burst[2].h.ns, 0);
	for (i = 4; i-- > 1;)
		assert_int_equal(input_raw(&them, burst[i].data, burst[i].len), L2TP_REL_HELD);
	assert_int_equal(input_raw(&them, burst[0].data, burst[0].len), L2TP_REL_DELIVERED);
	assert_int_equal(them.ndelivered, 65538);
	assert_false(them.order_broken);
	assert_int_equal(them.last_ns, 1);
	assert_int_equal(them.rel.nr, 2);
	assert_int_equal(input_raw(&them, burst[1].data, burst[1].len), L2TP_REL_DUPLICATE);
	fake_advance(200);
	assert_int_equal(them.nout, 1);
	assert_int_equal(them.out[0].h.nr, 2);
	wire(&them, &us);		/* Nr 2 acknowledges 65534..1 */
	assert_false(l2tp_rel_pending(&us.rel));
	assert_int_equal(us.rel.stats.bad_acks, 0);
	assert_int_equal(peer_zlb(&us, 0, 3), L2TP_REL_ACK);	/* past the wrap: never sent */
	assert_int_equal(us.rel.stats.bad_acks, 1);
	queue_msg(&us, L2TP_HELLO);
	assert_int_equal(last(&us)->h.ns, 2);
}

/* An Nr beyond what we sent is ignored and counted; an old one changes nothing. */
static void test_ack_of_unsent(void **state)
{
	(void)state;
	l2tp_rel_set_peer(&us.rel, PEER_TID, 1);
	queue_msg(&us, L2TP_HELLO);	/* Ns 0 in flight */
	queue_msg(&us, L2TP_HELLO);	/* Ns 1 waits for the window */
	assert_int_equal(us.nout, 1);
	assert_int_equal(peer_zlb(&us, 0, 2), L2TP_REL_ACK);	/* 1 was never sent */
	assert_int_equal(peer_zlb(&us, 0, 100), L2TP_REL_ACK);
	assert_int_equal(us.rel.stats.bad_acks, 2);
	assert_int_equal(peer_zlb(&us, 0, 65535), L2TP_REL_ACK);	/* behind: stale */
	assert_int_equal(us.rel.stats.bad_acks, 2);
	assert_int_equal(us.rel.out_count, 2);
	/* the rest of such a message still counts */
	assert_int_equal(peer(&us, L2TP_HELLO, 0, 7), L2TP_REL_DELIVERED);
	assert_int_equal(us.rel.stats.bad_acks, 3);
	fake_advance(1000);			/* a ZLB at 200 ms; still unacknowledged at 1 s */
	assert_int_equal(us.nout, 3);
	assert_int_equal(us.out[1].type, 0);
	assert_int_equal(us.out[1].h.ns, 1);
	assert_int_equal(us.out[1].h.nr, 1);
	assert_int_equal(last(&us)->type, L2TP_HELLO);
	assert_int_equal(last(&us)->h.ns, 0);
	assert_int_equal(last(&us)->h.nr, 1);
	assert_int_equal(peer_zlb(&us, 1, 1), L2TP_REL_ACK);
	assert_int_equal(us.nout, 4);
	assert_int_equal(last(&us)->h.ns, 1);
}

/* Stopping with messages queued, held and a ZLB due frees everything, cancels every timer. */
static void test_stop_with_pending(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < 20; i++)
		queue_msg(&us, L2TP_HELLO);
	assert_int_equal(peer(&us, L2TP_HELLO, 0, 0), L2TP_REL_DELIVERED);	/* ZLB armed */
	for (i = 2; i < 5; i++)
		assert_int_equal(peer(&us, L2TP_HELLO, (uint16_t)i, 0), L2TP_REL_HELD);
	assert_true(loop_timer_armed(&us.rel.rtx));
	assert_true(loop_timer_armed(&us.rel.ack));
	l2tp_rel_stop(&us.rel);
	assert_false(loop_timer_armed(&us.rel.rtx));
	assert_false(loop_timer_armed(&us.rel.ack));
	assert_int_equal(us.rel.out_count, 0);
	assert_int_equal(us.rel.held_count, 0);
	assert_false(l2tp_rel_pending(&us.rel));
	assert_int_equal(send_sized(&us, L2TP_HELLO, 0), -EPIPE);
	assert_int_equal(peer(&us, L2TP_HELLO, 1, 0), L2TP_REL_REFUSED);
	l2tp_rel_stop(&us.rel);		/* again: nothing happens */
	fake_advance(100000);
	assert_int_equal(us.nout, 1);
	assert_int_equal(us.ndelivered, 1);
}

/* The tunnel may stop the object from deliver: what is held behind is not delivered. */
static void test_stop_from_deliver(void **state)
{
	(void)state;
	queue_msg(&us, L2TP_HELLO);
	assert_int_equal(peer(&us, L2TP_HELLO, 1, 0), L2TP_REL_HELD);
	assert_int_equal(peer(&us, L2TP_HELLO, 2, 0), L2TP_REL_HELD);
	us.stop_in_deliver = true;
	assert_int_equal(peer(&us, L2TP_STOPCCN, 0, 1), L2TP_REL_DELIVERED);
	assert_int_equal(us.ndelivered, 1);
	assert_int_equal(loop_run_timers(), -1);
}

/* The caps: our queue by count and bytes, the held messages by bytes. */
static void test_caps(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < L2TP_REL_SENDQ_MAX; i++)
		queue_msg(&us, L2TP_HELLO);
	assert_int_equal(send_sized(&us, L2TP_HELLO, 0), -ENOBUFS);
	assert_int_equal(us.rel.stats.sendq_full, 1);
	assert_int_equal(us.rel.out_count, L2TP_REL_SENDQ_MAX);
	l2tp_rel_stop(&us.rel);

	ep_init(&us, "tunnel 7", PEER_TID);
	for (i = 0; i < 100; i++) {	/* messages of ~16 KiB: 1 MiB of them at most */
		if (send_sized(&us, L2TP_HELLO, 16000))
			break;
	}
	assert_int_equal(i, (int)(L2TP_REL_SENDQ_BYTES / us.out[0].len));
	assert_int_equal(us.rel.stats.sendq_full, 1);
	assert_true(us.rel.out_bytes <= L2TP_REL_SENDQ_BYTES);
	l2tp_rel_stop(&us.rel);

	/* held: 20 KB messages, 64 KiB of them at most; the dropped one comes again */
	ep_init(&us, "tunnel 7", PEER_TID);
	for (i = 1; i <= 4; i++) {
		size_t n = build_peer(inbuf, sizeof(inbuf), L2TP_HELLO, (uint16_t)i, 0, 20000, 0);

		assert_int_equal(input_raw(&us, inbuf, n),
				 i < 4 ? L2TP_REL_HELD : L2TP_REL_HOLD_FULL);
	}
	assert_int_equal(us.rel.stats.hold_full, 1);
	assert_int_equal(peer(&us, L2TP_HELLO, 0, 0), L2TP_REL_DELIVERED);
	assert_int_equal(us.ndelivered, 4);
	assert_int_equal(us.rel.nr, 4);
	assert_int_equal(us.rel.held_bytes, 0);
	assert_int_equal(peer(&us, L2TP_HELLO, 4, 0), L2TP_REL_DELIVERED);
	assert_false(us.order_broken);
}

/* l2tp_rel_send() takes only a finished control message with a body. */
static void test_send_refuses(void **state)
{
	uint8_t buf[64];
	size_t n;

	(void)state;
	n = (size_t)l2tp_build_zlb(buf, sizeof(buf), PEER_TID, 0, 0, 0);
	assert_int_equal(l2tp_rel_send(&us.rel, buf, n), -EINVAL);	/* ZLBs are ours */
	n = build_peer(buf, sizeof(buf), L2TP_HELLO, 0, 0, 0, 0);
	assert_int_equal(l2tp_rel_send(&us.rel, buf, n - 1), -EINVAL);	/* Length */
	assert_int_equal(l2tp_rel_send(&us.rel, buf, 5), -EINVAL);
	assert_int_equal(l2tp_rel_send(&us.rel, NULL, n), -EINVAL);
	buf[0] &= (uint8_t)~(L2TP_HDR_T >> 8);				/* a data message */
	assert_int_equal(l2tp_rel_send(&us.rel, buf, n), -EINVAL);
	assert_int_equal(us.nout, 0);
	assert_int_equal(us.rel.out_count, 0);
}

/* A datagram whose header the codec refused is not sequenced; a refused body is. */
static void test_input_refuses(void **state)
{
	struct l2tp_msg m;
	size_t n;

	(void)state;
	n = build_peer(inbuf, sizeof(inbuf), L2TP_HELLO, 0, 0, 0, 0);
	assert_int_equal(input_raw(&us, inbuf, n - 1), L2TP_REL_REFUSED);	/* Length */
	assert_int_equal(l2tp_msg_parse(inbuf, n, NULL, 0, &m), L2TP_OK);
	assert_int_equal(l2tp_rel_input(&us.rel, inbuf, n - 1, &m), L2TP_REL_REFUSED);
	assert_int_equal(l2tp_rel_input(&us.rel, NULL, n, &m), L2TP_REL_REFUSED);
	assert_int_equal(us.rel.stats.received, 0);
	assert_int_equal(peer(&us, L2TP_ICRP, 0, 0), L2TP_REL_DELIVERED);	/* no session id */
	assert_int_equal(us.statuses[0], L2TP_E_AVP_MISSING);
	assert_int_equal(us.rel.nr, 1);
	assert_string_equal(l2tp_rel_verdict_name(L2TP_REL_HOLD_FULL), "hold full");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_in_order_exchange),
		T(test_zlb_ack),
		T(test_piggybacked_ack),
		T(test_retransmission_backoff),
		T(test_dead_after_five_retransmissions),
		T(test_stop_from_dead),
		T(test_window_limits),
		T(test_congestion_after_timeout),
		T(test_out_of_order_held),
		T(test_held_view_survives),
		T(test_duplicates),
		T(test_wrap),
		T(test_ack_of_unsent),
		T(test_stop_with_pending),
		T(test_stop_from_deliver),
		T(test_caps),
		T(test_send_refuses),
		T(test_input_refuses),
#undef T
	};
	int ret = cmocka_run_group_tests_name("l2tp_reliable", tests, NULL, NULL);

	loop_timers_done();
	return ret;
}
