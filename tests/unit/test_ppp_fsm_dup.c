// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/ppp/fsm.c: a retransmitted Configure-Request that reaches an Opened automaton
 * after its Ack (a race seen with real pppd clients under load) is acked again and does not
 * take the layer down; a changed request still renegotiates, as RFC 1661 says. Likewise the
 * second Ack of a request sent twice (a retransmission crossing the first Ack, seen in the
 * VM under load: the dial-out link went down for a crossed connection) is stale and dropped.
 */
/* unit-test-sources: daemon/ppp/fsm.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "ppp/fsm.h"

struct side {
	struct ppp_fsm f;
	struct side *peer;
	int ups, downs;
	uint8_t last[64];
	size_t last_len;
};

static uint8_t queue[32][64];
static size_t qlen[32];
static struct side *qto[32];
static int qn;

static void enqueue(struct ppp_fsm *f, const uint8_t *pkt, size_t len)
{
	struct side *s = f->ctx;

	memcpy(queue[qn], pkt, len);
	qlen[qn] = len;
	qto[qn++] = s->peer;
	memcpy(s->last, pkt, len);
	s->last_len = len;
}

static void drain(void)
{
	int i;

	for (i = 0; i < qn; i++)
		ppp_fsm_input(&qto[i]->f, queue[i], qlen[i]);
	qn = 0;
}

static size_t build(struct ppp_fsm *f, uint8_t *buf, size_t cap)
{
	(void)f;
	(void)cap;
	buf[0] = 5;	/* a magic-number-like option */
	buf[1] = 6;
	memcpy(buf + 2, "\\1\\2\\3\\4", 4);
	return 6;
}

static int accept_all(struct ppp_fsm *f, const uint8_t *opts, size_t len, uint8_t *resp,
		      size_t cap, size_t *resp_len)
{
	(void)f; (void)opts; (void)len; (void)resp; (void)cap; (void)resp_len;
	return PPP_CONF_ACK;
}

static void up(struct ppp_fsm *f)
{
	((struct side *)f->ctx)->ups++;
}

static void down(struct ppp_fsm *f)
{
	((struct side *)f->ctx)->downs++;
}

static void timer(struct ppp_fsm *f, unsigned int ms)
{
	(void)f;
	(void)ms;
}

static void timer_stop(struct ppp_fsm *f)
{
	(void)f;
}

static const struct ppp_fsm_ops ops = {
	.build_request = build, .check_request = accept_all, .layer_up = up,
	.layer_down = down, .send = enqueue, .timer_start = timer, .timer_stop = timer_stop,
};

static void test_duplicate_request_after_open(void **state)
{
	static struct side a, b;
	uint8_t dup[64], changed[64];
	size_t n;

	(void)state;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a.peer = &b;
	b.peer = &a;
	ppp_fsm_init(&a.f, 0xc021, &ops, &a);
	ppp_fsm_init(&b.f, 0xc021, &ops, &b);
	ppp_fsm_up(&a.f);
	ppp_fsm_open(&a.f);
	memcpy(dup, a.last, a.last_len);	/* a's Configure-Request, as first sent */
	n = a.last_len;
	ppp_fsm_up(&b.f);
	ppp_fsm_open(&b.f);
	drain();
	drain();
	assert_int_equal(a.f.state, PPP_FSM_OPENED);
	assert_int_equal(b.f.state, PPP_FSM_OPENED);
	assert_int_equal(b.ups, 1);

	ppp_fsm_input(&b.f, dup, n);		/* a's retransmission arrives late */
	assert_int_equal(b.f.state, PPP_FSM_OPENED);
	assert_int_equal(b.downs, 0);
	assert_int_equal(b.f.stats.dup_req, 1);
	assert_int_equal(qn, 1);
	assert_int_equal(queue[0][0], PPP_CONF_ACK);	/* acked again, same identifier */
	assert_int_equal(queue[0][1], dup[1]);
	qn = 0;

	memcpy(changed, dup, n);
	changed[n - 1] ^= 0xff;			/* same identifier, other options */
	ppp_fsm_input(&b.f, changed, n);
	assert_int_equal(b.downs, 1);		/* a real renegotiation */
	assert_int_not_equal(b.f.state, PPP_FSM_OPENED);
}

static void test_duplicate_ack_after_open(void **state)
{
	static struct side a, b;

	(void)state;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a.peer = &b;
	b.peer = &a;
	ppp_fsm_init(&a.f, 0xc021, &ops, &a);
	ppp_fsm_init(&b.f, 0xc021, &ops, &b);
	ppp_fsm_up(&a.f);
	ppp_fsm_open(&a.f);
	ppp_fsm_timeout(&a.f);			/* a retransmits: b will ack twice */
	ppp_fsm_up(&b.f);
	ppp_fsm_open(&b.f);
	drain();
	drain();
	drain();
	assert_int_equal(a.f.state, PPP_FSM_OPENED);
	assert_int_equal(b.f.state, PPP_FSM_OPENED);
	assert_int_equal(a.ups, 1);
	assert_int_equal(a.downs, 0);		/* the second Ack changed nothing */
	assert_true(a.f.stats.rx_bad_id >= 1);
	assert_int_equal(a.f.stats.crossed, 0);
	assert_int_equal(qn, 0);		/* and sent nothing */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duplicate_request_after_open),
		cmocka_unit_test(test_duplicate_ack_after_open),
	};

	return cmocka_run_group_tests_name("ppp_fsm_dup", tests, NULL, NULL);
}
