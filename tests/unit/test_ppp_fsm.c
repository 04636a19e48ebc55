// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/ppp/fsm.c: RFC 1661's state transition table cell by cell, two automatons back to
 * back, the restart counter, Max-Failure, hostile packets, the option iterator.
 */
/* unit-test-sources: daemon/ppp/fsm.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "ppp/fsm.h"

/*
 * A test protocol. Option 1 carries one byte, the only value of it we take from the peer
 * is `accept` and we Nak others with it (and append it if the peer left it out); any other
 * option is rejected. We ask for option 1 = `want`, and option 2 if `extra`.
 */
#define OPT_VALUE 1
#define OPT_EXTRA 2

struct tp {
	struct ppp_fsm f;
	struct tp *peer;		/* back to back: what we send goes to the queue for it */
	uint8_t want, accept, got;	/* got: the peer's value we acked */
	int extra, omit_value;
	int ack_ret;			/* what got_ack returns */
	int close_on_reject;		/* got_reject gives up, as CCP does without MPPE */
	/* what the automaton did */
	unsigned int tx[256], ntx;
	uint8_t last[PPP_FSM_PKT_MAX];	/* the last packet sent */
	size_t last_len;
	unsigned int up, down, started, finished, tstart, tstop, last_ms;
	int timer_on;
	char log[256];			/* callbacks in order */
};

static void note(struct tp *t, const char *what)
{
	size_t n = strlen(t->log);

	snprintf(t->log + n, sizeof(t->log) - n, "%s%s", n ? "," : "", what);
}

static size_t tp_build(struct ppp_fsm *f, uint8_t *buf, size_t cap)
{
	struct tp *t = f->ctx;
	size_t n = 0;

	assert_true(cap >= 6);
	if (!t->omit_value) {
		memcpy(buf, (uint8_t[]){ OPT_VALUE, 3, t->want }, 3);
		n = 3;
	}
	if (t->extra) {
		memcpy(buf + n, (uint8_t[]){ OPT_EXTRA, 3, 0x99 }, 3);
		n += 3;
	}
	return n;
}

static void add_opt(uint8_t *buf, size_t *n, const uint8_t *opt, size_t len)
{
	memcpy(buf + *n, opt, len);
	*n += len;
}

static int tp_check(struct ppp_fsm *f, const uint8_t *opts, size_t len, uint8_t *resp,
		    size_t cap, size_t *resp_len)
{
	struct tp *t = f->ctx;
	uint8_t nak[64], rej[64];
	size_t off = 0, vlen, nn = 0, nr = 0;
	const uint8_t *val;
	uint8_t type;
	int seen = 0;

	note(t, "check");
	assert_true(cap >= sizeof(nak));
	while (ppp_opt_next(opts, len, &off, &type, &val, &vlen) == 1) {
		if (type != OPT_VALUE || vlen != 1) {
			add_opt(rej, &nr, val - 2, vlen + 2);
			continue;
		}
		seen = 1;
		if (val[0] != t->accept)
			add_opt(nak, &nn, (uint8_t[]){ OPT_VALUE, 3, t->accept }, 3);
	}
	if (!seen)	/* a desired option the peer left out: appended to the Nak */
		add_opt(nak, &nn, (uint8_t[]){ OPT_VALUE, 3, t->accept }, 3);
	if (nr) {
		memcpy(resp, rej, nr);
		*resp_len = nr;
		return PPP_CONF_REJ;
	}
	if (nn) {
		memcpy(resp, nak, nn);
		*resp_len = nn;
		return PPP_CONF_NAK;
	}
	t->got = t->accept;
	return PPP_CONF_ACK;
}

static int tp_ack(struct ppp_fsm *f, const uint8_t *opts, size_t len)
{
	struct tp *t = f->ctx;

	(void)opts;
	(void)len;
	return t->ack_ret;
}

static int tp_nak(struct ppp_fsm *f, const uint8_t *opts, size_t len)
{
	struct tp *t = f->ctx;
	size_t off = 0, vlen;
	const uint8_t *val;
	uint8_t type;

	while (ppp_opt_next(opts, len, &off, &type, &val, &vlen) == 1)
		if (type == OPT_VALUE && vlen == 1)
			t->want = val[0];
	return 0;
}

static int tp_reject(struct ppp_fsm *f, const uint8_t *opts, size_t len)
{
	struct tp *t = f->ctx;
	size_t off = 0, vlen;
	const uint8_t *val;
	uint8_t type;

	while (ppp_opt_next(opts, len, &off, &type, &val, &vlen) == 1) {
		if (type == OPT_EXTRA)
			t->extra = 0;
		if (type == OPT_VALUE)
			t->omit_value = 1;
	}
	if (t->close_on_reject)
		ppp_fsm_close(f, "rejected");
	return 0;
}

static void tp_up(struct ppp_fsm *f)
{
	((struct tp *)f->ctx)->up++;
	note(f->ctx, "up");
}

static void tp_down(struct ppp_fsm *f)
{
	((struct tp *)f->ctx)->down++;
	note(f->ctx, "down");
}

static void tp_started(struct ppp_fsm *f)
{
	((struct tp *)f->ctx)->started++;
}

static void tp_finished(struct ppp_fsm *f)
{
	((struct tp *)f->ctx)->finished++;
}

#define CODE_RXJ_MINUS_TEST 0x77	/* stands for a Protocol-Reject of this protocol */

static int tp_other(struct ppp_fsm *f, uint8_t code, uint8_t id, const uint8_t *data,
		    size_t len)
{
	(void)f;
	(void)id;
	(void)data;
	(void)len;
	switch (code) {
	case PPP_ECHO_REQ:
	case PPP_ECHO_REP:
	case PPP_DISCARD_REQ:
		return PPP_CODE_RXR;
	case PPP_PROTO_REJ:
		return PPP_CODE_HANDLED;
	case CODE_RXJ_MINUS_TEST:
		return PPP_CODE_RXJ_MINUS;
	}
	return PPP_CODE_UNKNOWN;
}

/* Back-to-back packets wait here, so no automaton is ever entered from its own send. */
#define QUEUE_MAX 64
static struct {
	struct tp *to;
	uint8_t pkt[PPP_FSM_PKT_MAX];
	size_t len;
} queue[QUEUE_MAX];
static unsigned int q_head, q_tail;

static void tp_send(struct ppp_fsm *f, const uint8_t *pkt, size_t len)
{
	struct tp *t = f->ctx;

	assert_true(len >= 4 && len <= PPP_FSM_PKT_MAX);
	assert_int_equal((size_t)(pkt[2] << 8 | pkt[3]), len);
	t->tx[pkt[0]]++;
	t->ntx++;
	memcpy(t->last, pkt, len);
	t->last_len = len;
	if (!t->peer)
		return;
	assert_true(q_tail - q_head < QUEUE_MAX);
	queue[q_tail % QUEUE_MAX].to = t->peer;
	memcpy(queue[q_tail % QUEUE_MAX].pkt, pkt, len);
	queue[q_tail % QUEUE_MAX].len = len;
	q_tail++;
}

static void tp_timer_start(struct ppp_fsm *f, unsigned int ms)
{
	struct tp *t = f->ctx;

	t->tstart++;
	t->last_ms = ms;
	t->timer_on = 1;
}

static void tp_timer_stop(struct ppp_fsm *f)
{
	struct tp *t = f->ctx;

	assert_true(t->timer_on);	/* only a running timer is stopped */
	t->tstop++;
	t->timer_on = 0;
}

static const struct ppp_fsm_ops tp_ops = {
	.build_request = tp_build,
	.check_request = tp_check,
	.got_ack = tp_ack,
	.got_nak = tp_nak,
	.got_reject = tp_reject,
	.layer_up = tp_up,
	.layer_down = tp_down,
	.layer_started = tp_started,
	.layer_finished = tp_finished,
	.other_code = tp_other,
	.send = tp_send,
	.timer_start = tp_timer_start,
	.timer_stop = tp_timer_stop,
};

static void tp_init(struct tp *t)
{
	memset(t, 0, sizeof(*t));
	ppp_fsm_init(&t->f, 0x8021, &tp_ops, t);
	t->want = 7;
	t->accept = 7;
	q_head = q_tail = 0;
}

/* Forget what happened so far, keep the state. */
static void tp_forget(struct tp *t)
{
	memset(t->tx, 0, sizeof(t->tx));
	t->ntx = t->up = t->down = t->started = t->finished = t->tstart = t->tstop = 0;
	t->log[0] = 0;
	memset(&t->f.stats, 0, sizeof(t->f.stats));
}

/* In a buffer of exactly len bytes, so AddressSanitizer sees any read past it. */
static void feed(struct tp *t, const uint8_t *pkt, size_t len)
{
	uint8_t *copy = malloc(len ? len : 1);

	assert_non_null(copy);
	if (len)
		memcpy(copy, pkt, len);
	ppp_fsm_input(&t->f, copy, len);
	free(copy);
}

#define FEED(t, ...) feed((t), (const uint8_t[]){ __VA_ARGS__ }, \
			  sizeof((const uint8_t[]){ __VA_ARGS__ }))

static void pump(void)
{
	unsigned int n = 0;

	while (q_head != q_tail) {
		unsigned int i = q_head++ % QUEUE_MAX;

		assert_true(++n < 200);
		feed(queue[i].to, queue[i].pkt, queue[i].len);
	}
}

/* Drives t to Opened the ordinary way: our request acked, the peer's acked. */
static void reach_opened(struct tp *t)
{
	uint8_t ack[4 + PPP_FSM_OPTS_MAX] = { PPP_CONF_ACK };

	ppp_fsm_open(&t->f);
	ppp_fsm_up(&t->f);
	FEED(t, PPP_CONF_REQ, 0x40, 0, 7, OPT_VALUE, 3, t->accept);
	assert_int_equal(t->f.state, PPP_FSM_ACK_SENT);
	ack[1] = t->f.req_id;
	ack[3] = (uint8_t)(4 + t->f.req_len);
	memcpy(ack + 4, t->f.req_opts, t->f.req_len);
	feed(t, ack, 4 + t->f.req_len);
	assert_int_equal(t->f.state, PPP_FSM_OPENED);
	tp_forget(t);
}

/* ---- RFC 1661 section 4.1, transcribed: "actions/new-state", footnote letters kept. ---- */

enum {
	UP, DOWN, OPEN, CLOSE, TO_PLUS, TO_MINUS, RCR_PLUS, RCR_MINUS, RCA, RCN, RTR, RTA,
	RUC, RXJ_PLUS, RXJ_MINUS, RXR, NEVENTS
};

static const char *const event_names[NEVENTS] = {
	"Up", "Down", "Open", "Close", "TO+", "TO-", "RCR+", "RCR-", "RCA", "RCN", "RTR",
	"RTA", "RUC", "RXJ+", "RXJ-", "RXR",
};

static const char *const rfc1661_table[NEVENTS][PPP_FSM_NSTATES] = {
	/*	   Initial  Starting     Closed       Stopped        Closing  Stopping */
	/*	   Req-Sent     Ack-Rcvd     Ack-Sent     Opened */
	[UP] =	{ "2", "irc,scr/6", "-", "-", "-", "-",
		  "-", "-", "-", "-" },
	[DOWN] = { "-", "-", "0", "tls/1", "0", "1",
		   "1", "1", "1", "tld/1" },
	[OPEN] = { "tls/1", "1", "irc,scr/6", "3r", "5r", "5r",
		   "6", "7", "8", "9r" },
	[CLOSE] = { "0", "tlf/0", "2", "2", "4", "4",
		    "irc,str/4", "irc,str/4", "irc,str/4", "tld,irc,str/4" },
	[TO_PLUS] = { "-", "-", "-", "-", "str/4", "str/5",
		      "scr/6", "scr/6", "scr/8", "-" },
	[TO_MINUS] = { "-", "-", "-", "-", "tlf/2", "tlf/3",
		       "tlf/3p", "tlf/3p", "tlf/3p", "-" },
	[RCR_PLUS] = { "-", "-", "sta/2", "irc,scr,sca/8", "4", "5",
		       "sca/8", "sca,tlu/9", "sca/8", "tld,scr,sca/8" },
	[RCR_MINUS] = { "-", "-", "sta/2", "irc,scr,scn/6", "4", "5",
			"scn/6", "scn/7", "scn/6", "tld,scr,scn/6" },
	[RCA] = { "-", "-", "sta/2", "sta/3", "4", "5",
		  "irc/7", "scr/6x", "irc,tlu/9", "tld,scr/6x" },
	[RCN] = { "-", "-", "sta/2", "sta/3", "4", "5",
		  "irc,scr/6", "scr/6x", "irc,scr/8", "tld,scr/6x" },
	[RTR] = { "-", "-", "sta/2", "sta/3", "sta/4", "sta/5",
		  "sta/6", "sta/6", "sta/6", "tld,zrc,sta/5" },
	[RTA] = { "-", "-", "2", "3", "tlf/2", "tlf/3",
		  "6", "6", "8", "tld,scr/6" },
	[RUC] = { "-", "-", "scj/2", "scj/3", "scj/4", "scj/5",
		  "scj/6", "scj/7", "scj/8", "scj/9" },
	[RXJ_PLUS] = { "-", "-", "2", "3", "4", "5",
		       "6", "6", "8", "9" },
	[RXJ_MINUS] = { "-", "-", "tlf/2", "tlf/3", "tlf/2", "tlf/3",
			"tlf/3", "tlf/3", "tlf/3", "tld,irc,str/5" },
	[RXR] = { "-", "-", "2", "3", "4", "5",
		  "6", "7", "8", "ser/9" },
};

enum { TLU, TLD, TLS, TLF, IRC, ZRC, SCR, SCA, SCN, STR, STA, SCJ, SER, NACTIONS };

static const char *const action_names[NACTIONS] = {
	"tlu", "tld", "tls", "tlf", "irc", "zrc", "scr", "sca", "scn", "str", "sta", "scj", "ser",
};

struct cell {
	int legal;
	unsigned int actions;		/* 1 << TLU ... */
	int next;
	char footnote;
};

static struct cell parse_cell(const char *s)
{
	struct cell c = { 0 };
	const char *slash = strchr(s, '/'), *p = s;
	int i;

	if (!strcmp(s, "-"))
		return c;
	c.legal = 1;
	while (slash && p < slash) {
		for (i = 0; i < NACTIONS; i++)
			if (!strncmp(p, action_names[i], 3))
				c.actions |= 1u << i;
		p += 4;		/* "xyz," or "xyz/" */
	}
	c.next = p[0] - '0';
	c.footnote = p[1];
	return c;
}

static int has(unsigned int actions, int a)
{
	return !!(actions & (1u << a));
}

static int timer_state(int s)
{
	return s >= PPP_FSM_CLOSING && s <= PPP_FSM_ACK_SENT;
}

/* One line saying what an automaton did, so a failing cell shows both sides in full. */
static void describe(char *buf, size_t cap, int state, const unsigned int counts[NACTIONS],
		     unsigned int tstart, unsigned int tstop, unsigned int restart,
		     unsigned long crossed, unsigned long illegal)
{
	size_t n = (size_t)snprintf(buf, cap, "-> %d:", state);
	int i;

	for (i = 0; i < NACTIONS; i++)
		if (counts[i] && i != IRC && i != ZRC)
			n += (size_t)snprintf(buf + n, cap - n, " %s*%u", action_names[i],
					      counts[i]);
	n += (size_t)snprintf(buf + n, cap - n, " | timer start %u stop %u", tstart, tstop);
	snprintf(buf + n, cap - n, " | restart %u | crossed %lu illegal %lu", restart, crossed,
		 illegal);
}

static void observed(const struct tp *t, char *buf, size_t cap)
{
	unsigned int counts[NACTIONS] = {
		[TLU] = t->up, [TLD] = t->down, [TLS] = t->started, [TLF] = t->finished,
		[SCR] = t->tx[PPP_CONF_REQ], [SCA] = t->tx[PPP_CONF_ACK],
		[SCN] = t->tx[PPP_CONF_NAK] + t->tx[PPP_CONF_REJ],
		[STR] = t->tx[PPP_TERM_REQ], [STA] = t->tx[PPP_TERM_ACK],
		[SCJ] = t->tx[PPP_CODE_REJ], [SER] = t->tx[PPP_ECHO_REP],
	};
	unsigned int i, sum = 0;

	for (i = 0; i < NACTIONS; i++)
		sum += counts[i] * (i >= SCR);
	assert_int_equal(sum, t->ntx);	/* nothing sent beyond the actions */
	describe(buf, cap, t->f.state, counts, t->tstart, t->tstop, t->f.restart_count,
		 t->f.stats.crossed, t->f.stats.illegal);
}

/* What the cell says should be seen, starting from restart counter `restart`. */
static void expected(const struct cell *c, int state, unsigned int restart, char *buf,
		     size_t cap)
{
	unsigned int counts[NACTIONS] = { 0 };
	int i, next = c->legal ? c->next : state;

	for (i = 0; i < NACTIONS; i++)
		counts[i] = has(c->actions, i);
	if (counts[IRC])
		restart = next == PPP_FSM_CLOSING || next == PPP_FSM_STOPPING ?
			  PPP_FSM_MAX_TERMINATE : PPP_FSM_MAX_CONFIGURE;
	if (counts[ZRC])
		restart = 0;
	if ((counts[SCR] || counts[STR]) && restart)
		restart--;
	describe(buf, cap, next, counts, counts[SCR] || counts[STR] || counts[ZRC],
		 c->legal && timer_state(state) && !timer_state(next), restart,
		 c->footnote == 'x', !c->legal);
}

/* A fresh automaton with a Configure-Request out, then put straight into `state`. */
static void enter(struct tp *t, int state)
{
	tp_init(t);
	t->f.magic = 0x01020304;
	ppp_fsm_open(&t->f);
	ppp_fsm_up(&t->f);
	t->f.state = (enum ppp_fsm_state)state;
	t->f.restart_count = 1;
	tp_forget(t);
}

/* The packet standing for each receive event; RCA and RCN get our request's Identifier. */
static const struct {
	uint8_t bytes[12];
	size_t len;
} event_pkts[NEVENTS] = {
	[RCR_PLUS] = { { PPP_CONF_REQ, 0x50, 0, 7, OPT_VALUE, 3, 7 }, 7 },
	[RCR_MINUS] = { { PPP_CONF_REQ, 0x51, 0, 7, OPT_VALUE, 3, 0xee }, 7 },
	[RCA] = { { PPP_CONF_ACK, 0, 0, 7, OPT_VALUE, 3, 7 }, 7 },	/* enter()'s request */
	[RCN] = { { PPP_CONF_NAK, 0, 0, 7, OPT_VALUE, 3, 0x33 }, 7 },
	[RTR] = { { PPP_TERM_REQ, 0x52, 0, 4 }, 4 },
	[RTA] = { { PPP_TERM_ACK, 0x53, 0, 4 }, 4 },
	[RUC] = { { 0x42, 0x54, 0, 5, 0xaa }, 5 },
	[RXJ_PLUS] = { { PPP_CODE_REJ, 0x55, 0, 8, PPP_ECHO_REQ, 9, 0, 8 }, 8 },
	[RXJ_MINUS] = { { PPP_CODE_REJ, 0x56, 0, 8, PPP_CONF_REQ, 9, 0, 4 }, 8 },
	[RXR] = { { PPP_ECHO_REQ, 0x57, 0, 10, 0xa, 0xb, 0xc, 0xd, 'h', 'i' }, 10 },
};

static void deliver(struct tp *t, int ev)
{
	uint8_t pkt[12];

	switch (ev) {
	case UP:
		ppp_fsm_up(&t->f);
		return;
	case DOWN:
		ppp_fsm_down(&t->f);
		return;
	case OPEN:
		ppp_fsm_open(&t->f);
		return;
	case CLOSE:
		ppp_fsm_close(&t->f, "admin");
		return;
	case TO_MINUS:
		t->f.restart_count = 0;
		/* fall through */
	case TO_PLUS:
		ppp_fsm_timeout(&t->f);
		return;
	}
	memcpy(pkt, event_pkts[ev].bytes, sizeof(pkt));
	if (ev == RCA || ev == RCN)
		pkt[1] = t->f.req_id;
	feed(t, pkt, event_pkts[ev].len);
}

static unsigned int check_cell(int state, int ev, int passive)
{
	struct cell c = parse_cell(rfc1661_table[ev][state]);
	char want[256], got[256];
	struct tp t;

	if (passive && c.footnote == 'p')
		c.actions &= ~(1u << TLF);
	enter(&t, state);
	t.f.passive = passive;
	deliver(&t, ev);
	observed(&t, got, sizeof(got));
	expected(&c, state, ev == TO_MINUS ? 0 : 1, want, sizeof(want));
	if (strcmp(want, got))
		fail_msg("%s in %s%s (\"%s\"):\n want %s\n  got %s", event_names[ev],
			 ppp_fsm_state_name((enum ppp_fsm_state)state), passive ? ", passive" : "",
			 rfc1661_table[ev][state], want, got);
	return (unsigned int)c.legal;
}

static void test_state_table(void **state)
{
	unsigned int s, ev, legal = 0;

	(void)state;
	for (ev = 0; ev < NEVENTS; ev++)
		for (s = 0; s < PPP_FSM_NSTATES; s++)
			legal += check_cell((int)s, (int)ev, 0);
	assert_int_equal(legal, 120);	/* and 40 '-' cells, each ignored and counted */
	for (s = PPP_FSM_REQ_SENT; s <= PPP_FSM_ACK_SENT; s++)
		check_cell((int)s, TO_MINUS, 1);
}

/* Opened: the layer goes down before the peer's new request is judged. */
static void test_renegotiation_order(void **state)
{
	struct tp t;

	(void)state;
	tp_init(&t);
	reach_opened(&t);
	FEED(&t, PPP_CONF_REQ, 0x60, 0, 7, OPT_VALUE, 3, t.accept);
	assert_string_equal(t.log, "down,check");
	assert_int_equal(t.f.state, PPP_FSM_ACK_SENT);
	assert_int_equal(t.tx[PPP_CONF_REQ], 1);
	assert_int_equal(t.tx[PPP_CONF_ACK], 1);
}

/* ---- two automatons back to back ---- */

static void test_back_to_back(void **state)
{
	static struct tp a, b;

	(void)state;
	tp_init(&a);
	tp_init(&b);
	a.peer = &b;
	b.peer = &a;
	a.want = 1;		/* b wants 2 from a: one Nak */
	a.extra = 1;		/* b knows no option 2: one Reject */
	a.accept = 7;
	b.want = 5;		/* a wants 7 from b: one Nak */
	b.accept = 2;
	ppp_fsm_open(&a.f);
	ppp_fsm_open(&b.f);
	ppp_fsm_up(&a.f);
	ppp_fsm_up(&b.f);
	pump();
	assert_int_equal(a.f.state, PPP_FSM_OPENED);
	assert_int_equal(b.f.state, PPP_FSM_OPENED);
	assert_int_equal(a.up, 1);
	assert_int_equal(b.up, 1);
	assert_int_equal(a.want, 2);
	assert_int_equal(a.extra, 0);
	assert_int_equal(b.want, 7);
	assert_int_equal(a.got, 7);
	assert_int_equal(b.got, 2);
	assert_true(b.tx[PPP_CONF_NAK] >= 1 && b.tx[PPP_CONF_REJ] >= 1 && a.tx[PPP_CONF_NAK] >= 1);
	assert_int_equal(a.f.stats.rx_bad + b.f.stats.rx_bad + a.f.stats.illegal, 0);

	ppp_fsm_close(&a.f, "admin");
	pump();
	assert_int_equal(a.f.state, PPP_FSM_CLOSED);
	assert_int_equal(b.f.state, PPP_FSM_STOPPING);
	assert_int_equal(a.down, 1);
	assert_int_equal(b.down, 1);
	assert_int_equal(a.finished, 1);
	assert_int_equal(a.tx[PPP_TERM_REQ], 1);
	assert_int_equal(b.tx[PPP_TERM_ACK], 1);
	ppp_fsm_timeout(&b.f);	/* zrc let it wait one interval */
	assert_int_equal(b.f.state, PPP_FSM_STOPPED);
	assert_int_equal(b.finished, 1);
	assert_false(a.timer_on);
	assert_false(b.timer_on);
	assert_int_equal(q_head, q_tail);
}

/* The peer is Up but not yet Open: it answers with Terminate-Acks until it opens. */
static void test_back_to_back_late_open(void **state)
{
	static struct tp a, b;

	(void)state;
	tp_init(&a);
	tp_init(&b);
	a.peer = &b;
	b.peer = &a;
	ppp_fsm_up(&b.f);
	ppp_fsm_open(&a.f);
	ppp_fsm_up(&a.f);
	pump();
	assert_int_equal(b.f.state, PPP_FSM_CLOSED);
	assert_int_equal(b.tx[PPP_TERM_ACK], 1);
	assert_int_equal(a.f.state, PPP_FSM_REQ_SENT);
	ppp_fsm_open(&b.f);
	pump();
	ppp_fsm_timeout(&a.f);	/* a's request was answered by a Terminate-Ack only */
	pump();
	assert_int_equal(a.f.state, PPP_FSM_OPENED);
	assert_int_equal(b.f.state, PPP_FSM_OPENED);
}

/* ---- the restart counter ---- */

static void test_timeout_configure(void **state)
{
	struct tp t;
	uint8_t id;
	int i;

	(void)state;
	tp_init(&t);
	ppp_fsm_open(&t.f);
	ppp_fsm_up(&t.f);
	id = t.f.req_id;
	assert_int_equal(t.last_ms, PPP_FSM_RESTART_MS);
	for (i = 1; i < PPP_FSM_MAX_CONFIGURE; i++) {
		ppp_fsm_timeout(&t.f);
		assert_int_equal(t.f.state, PPP_FSM_REQ_SENT);
		assert_int_equal(t.f.req_id, id);	/* a retransmission keeps its Identifier */
		assert_int_equal(t.last[1], id);
	}
	assert_int_equal(t.tx[PPP_CONF_REQ], PPP_FSM_MAX_CONFIGURE);
	assert_int_equal(t.finished, 0);
	ppp_fsm_timeout(&t.f);
	assert_int_equal(t.f.state, PPP_FSM_STOPPED);
	assert_int_equal(t.tx[PPP_CONF_REQ], PPP_FSM_MAX_CONFIGURE);
	assert_int_equal(t.finished, 1);
	assert_int_equal(t.tstop, 1);
	assert_int_equal(t.tstart, PPP_FSM_MAX_CONFIGURE);

	/* configurable */
	tp_init(&t);
	t.f.max_configure = 3;
	t.f.restart_ms = 500;
	ppp_fsm_open(&t.f);
	ppp_fsm_up(&t.f);
	for (i = 0; i < 3; i++)
		ppp_fsm_timeout(&t.f);
	assert_int_equal(t.tx[PPP_CONF_REQ], 3);
	assert_int_equal(t.f.state, PPP_FSM_STOPPED);
	assert_int_equal(t.last_ms, 500);
}

static void test_timeout_terminate(void **state)
{
	struct tp t;
	uint8_t id;

	(void)state;
	tp_init(&t);
	reach_opened(&t);
	ppp_fsm_close(&t.f, "bye");
	assert_int_equal(t.f.state, PPP_FSM_CLOSING);
	assert_int_equal(t.last_len, 7);
	assert_memory_equal(t.last + 4, "bye", 3);
	id = t.last[1];
	ppp_fsm_close(&t.f, "something else");	/* no new request: the content must not change */
	ppp_fsm_timeout(&t.f);
	assert_int_equal(t.tx[PPP_TERM_REQ], PPP_FSM_MAX_TERMINATE);
	assert_int_equal(t.last[1], id);
	assert_int_equal(t.last_len, 7);
	assert_memory_equal(t.last + 4, "bye", 3);
	ppp_fsm_timeout(&t.f);
	assert_int_equal(t.f.state, PPP_FSM_CLOSED);
	assert_int_equal(t.tx[PPP_TERM_REQ], PPP_FSM_MAX_TERMINATE);
	assert_int_equal(t.finished, 1);
	assert_int_equal(t.down, 1);
	assert_int_equal(t.tstop, 1);
}

/* Ack-Rcvd: our request had a valid reply, so repeating it takes a fresh Identifier. */
static void test_timeout_ack_rcvd(void **state)
{
	struct tp t;
	uint8_t id;

	(void)state;
	tp_init(&t);
	ppp_fsm_open(&t.f);
	ppp_fsm_up(&t.f);
	id = t.f.req_id;
	feed(&t, (uint8_t[]){ PPP_CONF_ACK, id, 0, 7, OPT_VALUE, 3, 7 }, 7);
	assert_int_equal(t.f.state, PPP_FSM_ACK_RCVD);
	assert_int_equal(t.f.restart_count, PPP_FSM_MAX_CONFIGURE);
	ppp_fsm_timeout(&t.f);
	assert_int_equal(t.f.state, PPP_FSM_REQ_SENT);
	assert_int_not_equal(t.f.req_id, id);
}

static void test_max_failure(void **state)
{
	static const uint8_t bad[] = { PPP_CONF_REQ, 0x10, 0, 7, OPT_VALUE, 3, 9 };
	struct tp t;
	int i;

	(void)state;
	tp_init(&t);
	ppp_fsm_open(&t.f);
	ppp_fsm_up(&t.f);
	for (i = 0; i < PPP_FSM_MAX_FAILURE; i++) {
		assert_false(ppp_fsm_naks_exhausted(&t.f));
		feed(&t, bad, sizeof(bad));
		assert_int_equal(t.last[0], PPP_CONF_NAK);
		assert_memory_equal(t.last + 4, ((uint8_t[]){ OPT_VALUE, 3, 7 }), 3);
	}
	assert_true(ppp_fsm_naks_exhausted(&t.f));
	feed(&t, bad, sizeof(bad));
	assert_int_equal(t.tx[PPP_CONF_NAK], PPP_FSM_MAX_FAILURE);
	assert_int_equal(t.tx[PPP_CONF_REJ], 1);
	assert_int_equal(t.last_len, sizeof(bad));	/* the peer's own option, as it sent it */
	assert_memory_equal(t.last + 1, bad + 1, sizeof(bad) - 1);
	assert_int_equal(t.f.state, PPP_FSM_REQ_SENT);

	/* a Nak only appending a desired option has nothing to reject: the request is acked */
	FEED(&t, PPP_CONF_REQ, 0x11, 0, 4);
	assert_int_equal(t.last[0], PPP_CONF_ACK);
	assert_int_equal(t.last_len, 4);
	assert_int_equal(t.f.state, PPP_FSM_ACK_SENT);

	/* the Configure-Ack sent starts the count over */
	assert_false(ppp_fsm_naks_exhausted(&t.f));
	feed(&t, bad, sizeof(bad));
	assert_int_equal(t.last[0], PPP_CONF_NAK);
	assert_int_equal(t.f.state, PPP_FSM_REQ_SENT);

	/* a new negotiation starts the count over too, even one begun by the peer in Stopped */
	for (i = 0; i < PPP_FSM_MAX_FAILURE; i++)
		feed(&t, bad, sizeof(bad));
	assert_true(ppp_fsm_naks_exhausted(&t.f));
	for (i = 0; i < PPP_FSM_MAX_CONFIGURE; i++)
		ppp_fsm_timeout(&t.f);
	assert_int_equal(t.f.state, PPP_FSM_STOPPED);
	feed(&t, bad, sizeof(bad));
	assert_int_equal(t.last[0], PPP_CONF_NAK);
	assert_int_equal(t.f.state, PPP_FSM_REQ_SENT);

	/* configurable: 0 means never Nak */
	tp_init(&t);
	t.f.max_failure = 0;
	ppp_fsm_open(&t.f);
	ppp_fsm_up(&t.f);
	feed(&t, bad, sizeof(bad));
	assert_int_equal(t.last[0], PPP_CONF_REJ);
}

/* ---- hostile and broken packets ---- */

static void test_truncated_request(void **state)
{
	static const uint8_t req[] = { PPP_CONF_REQ, 0x20, 0, 10, OPT_VALUE, 3, 7, 3, 3, 1 };
	uint8_t padded[sizeof(req) + 3];
	struct tp t;
	size_t n;

	(void)state;
	tp_init(&t);
	ppp_fsm_open(&t.f);
	ppp_fsm_up(&t.f);
	tp_forget(&t);
	for (n = 0; n < sizeof(req); n++)
		feed(&t, req, n);
	assert_int_equal(t.f.stats.rx_short, sizeof(req));
	assert_int_equal(t.ntx, 0);
	assert_int_equal(t.f.state, PPP_FSM_REQ_SENT);

	/* whole, with padding after the Length field's end: the padding is not answered */
	memcpy(padded, req, sizeof(req));
	memset(padded + sizeof(req), 0xff, 3);
	feed(&t, padded, sizeof(padded));
	assert_int_equal(t.last[0], PPP_CONF_REJ);	/* option 3 is unknown */
	assert_int_equal(t.last[1], 0x20);
	assert_int_equal(t.last_len, 4 + 3);
	assert_memory_equal(t.last + 4, ((uint8_t[]){ 3, 3, 1 }), 3);
}

static void test_bad_length_field(void **state)
{
	struct tp t;

	(void)state;
	tp_init(&t);
	ppp_fsm_open(&t.f);
	ppp_fsm_up(&t.f);
	tp_forget(&t);
	FEED(&t, PPP_CONF_REQ, 1, 0, 0, OPT_VALUE, 3, 7);
	FEED(&t, PPP_CONF_REQ, 1, 0, 3, OPT_VALUE, 3, 7);
	assert_int_equal(t.f.stats.rx_bad_len, 2);
	FEED(&t, PPP_CONF_REQ, 1, 0, 8, OPT_VALUE, 3, 7);
	FEED(&t, PPP_CONF_REQ, 1, 0xff, 0xff, OPT_VALUE, 3, 7);
	assert_int_equal(t.f.stats.rx_short, 2);
	/* too small for the option it cuts: the option list is malformed */
	FEED(&t, PPP_CONF_REQ, 1, 0, 6, OPT_VALUE, 3, 7);
	FEED(&t, PPP_CONF_REQ, 1, 0, 5, OPT_VALUE, 3, 7);
	assert_int_equal(t.f.stats.rx_bad, 2);
	/* options with Length 0 and 1 */
	FEED(&t, PPP_CONF_REQ, 1, 0, 6, OPT_VALUE, 0);
	FEED(&t, PPP_CONF_REQ, 1, 0, 6, OPT_VALUE, 1);
	assert_int_equal(t.f.stats.rx_bad, 4);
	/* Code-Reject without even the rejected Code */
	FEED(&t, PPP_CODE_REJ, 1, 0, 4);
	assert_int_equal(t.f.stats.rx_bad, 5);
	assert_int_equal(t.ntx, 0);
	assert_int_equal(t.f.state, PPP_FSM_REQ_SENT);
}

static void test_unknown_code(void **state)
{
	static const uint8_t pkt[] = { 0x42, 0x30, 0, 8, 1, 2, 3, 4, 0xee, 0xee };
	struct tp t;
	uint8_t id;

	(void)state;
	tp_init(&t);
	ppp_fsm_open(&t.f);
	ppp_fsm_up(&t.f);
	tp_forget(&t);
	id = t.f.next_id;
	feed(&t, pkt, sizeof(pkt));
	assert_int_equal(t.f.state, PPP_FSM_REQ_SENT);
	assert_int_equal(t.ntx, 1);
	assert_int_equal(t.last[0], PPP_CODE_REJ);
	assert_int_equal(t.last[1], id);
	assert_int_equal(t.last_len, 4 + 8);		/* the packet, not its padding */
	assert_memory_equal(t.last + 4, pkt, 8);

	/* cut to the peer's MRU */
	t.f.peer_mru = 10;
	feed(&t, pkt, sizeof(pkt));
	assert_int_equal(t.last_len, 10);
	assert_int_equal(t.last[1], (uint8_t)(id + 1));	/* a fresh Identifier each time */
	assert_memory_equal(t.last + 4, pkt, 6);

	/* no other_code at all: codes past 7 are all unknown */
	tp_init(&t);
	t.f.ops = &(const struct ppp_fsm_ops){ .send = tp_send };
	ppp_fsm_up(&t.f);
	FEED(&t, PPP_ECHO_REQ, 1, 0, 8, 0, 0, 0, 0);
	assert_int_equal(t.last[0], PPP_CODE_REJ);
}

static void test_bad_replies(void **state)
{
	struct tp t;
	uint8_t id;

	(void)state;
	tp_init(&t);
	t.extra = 1;
	ppp_fsm_open(&t.f);
	ppp_fsm_up(&t.f);
	tp_forget(&t);
	id = t.f.req_id;
	/* wrong Identifier: silently discarded */
	FEED(&t, PPP_CONF_ACK, (uint8_t)(id + 1), 0, 10, OPT_VALUE, 3, 7, OPT_EXTRA, 3, 0x99);
	FEED(&t, PPP_CONF_NAK, (uint8_t)(id - 1), 0, 7, OPT_VALUE, 3, 8);
	assert_int_equal(t.f.stats.rx_bad_id, 2);
	/* an Ack not of exactly our options, a Reject of an option we did not send */
	FEED(&t, PPP_CONF_ACK, id, 0, 7, OPT_VALUE, 3, 7);
	FEED(&t, PPP_CONF_ACK, id, 0, 10, OPT_EXTRA, 3, 0x99, OPT_VALUE, 3, 7);
	FEED(&t, PPP_CONF_REJ, id, 0, 7, OPT_VALUE, 3, 8);
	FEED(&t, PPP_CONF_REJ, id, 0, 10, OPT_EXTRA, 3, 0x99, OPT_VALUE, 3, 7);
	/* an Ack the protocol refuses */
	t.ack_ret = -1;
	FEED(&t, PPP_CONF_ACK, id, 0, 10, OPT_VALUE, 3, 7, OPT_EXTRA, 3, 0x99);
	assert_int_equal(t.f.stats.rx_bad, 5);
	assert_int_equal(t.ntx, 0);
	assert_int_equal(t.f.state, PPP_FSM_REQ_SENT);
	/* a Reject of a proper subset, in order, is fine: a fresh request without it */
	t.ack_ret = 0;
	FEED(&t, PPP_CONF_REJ, id, 0, 7, OPT_EXTRA, 3, 0x99);
	assert_int_equal(t.f.state, PPP_FSM_REQ_SENT);
	assert_int_equal(t.extra, 0);
	assert_int_equal(t.f.req_len, 3);
	assert_int_not_equal(t.f.req_id, id);
	/* the right Ack of that request; a second reply to it is stale (RFC 1661 5.1: a
	 * request after a valid reply has a fresh Identifier), however well formed */
	id = t.f.req_id;
	FEED(&t, PPP_CONF_ACK, id, 0, 7, OPT_VALUE, 3, 7);
	assert_int_equal(t.f.state, PPP_FSM_ACK_RCVD);
	FEED(&t, PPP_CONF_REJ, id, 0, 7, OPT_VALUE, 3, 7);
	FEED(&t, PPP_CONF_ACK, id, 0, 7, OPT_VALUE, 3, 7);
	assert_int_equal(t.f.state, PPP_FSM_ACK_RCVD);
	assert_int_equal(t.f.stats.crossed, 0);
	assert_int_equal(t.f.stats.rx_bad_id, 4);
}

/* got_reject closing the automaton from inside: the Reject then meets Closing, which ignores it */
static void test_close_from_reject(void **state)
{
	struct tp t;

	(void)state;
	tp_init(&t);
	t.close_on_reject = 1;
	ppp_fsm_open(&t.f);
	ppp_fsm_up(&t.f);
	tp_forget(&t);
	FEED(&t, PPP_CONF_REJ, t.f.req_id, 0, 7, OPT_VALUE, 3, 7);
	assert_int_equal(t.f.state, PPP_FSM_CLOSING);
	assert_int_equal(t.ntx, 1);
	assert_int_equal(t.last[0], PPP_TERM_REQ);
	assert_int_equal(t.tstart, 1);
	assert_int_equal(t.f.restart_count, PPP_FSM_MAX_TERMINATE - 1);
	assert_true(t.timer_on);
}

static void test_packets_while_down(void **state)
{
	struct tp t;

	(void)state;
	tp_init(&t);
	FEED(&t, PPP_CONF_REQ, 1, 0, 4);
	ppp_fsm_open(&t.f);
	FEED(&t, PPP_TERM_REQ, 1, 0, 4);
	assert_int_equal(t.f.state, PPP_FSM_STARTING);
	assert_int_equal(t.f.stats.illegal, 2);
	assert_int_equal(t.ntx, 0);
}

static void close_admin(struct ppp_fsm *f)
{
	ppp_fsm_close(f, "admin");
}

static void (*const api_events[])(struct ppp_fsm *f) = {
	ppp_fsm_up, ppp_fsm_down, ppp_fsm_open, close_admin, ppp_fsm_timeout,
};

static uint32_t lcg(uint32_t *seed)
{
	*seed = *seed * 1103515245 + 12345;
	return *seed >> 8;
}

/* Small random bytes, so codes, lengths and option lengths often look plausible. */
static void random_packet(struct tp *t, uint32_t *seed)
{
	uint8_t pkt[48];
	size_t len = lcg(seed) % sizeof(pkt), i;

	for (i = 0; i < len; i++)
		pkt[i] = (uint8_t)(lcg(seed) % 12);
	if (len >= 4 && (lcg(seed) & 1)) {
		pkt[1] = t->f.req_id;
		pkt[2] = 0;
		pkt[3] = (uint8_t)len;
	}
	feed(t, pkt, len);
}

/* Random packets and events: nothing read out of bounds, the timer runs iff the table says. */
static void test_random_input(void **state)
{
	uint32_t seed = 12345, r;
	struct tp t;
	int i;

	(void)state;
	tp_init(&t);
	for (i = 0; i < 50000; i++) {
		r = lcg(&seed) % 16;
		if (r < 5)
			api_events[r](&t.f);
		else if (r == 5)
			FEED(&t, PPP_CONF_REQ, 1, 0, 7, OPT_VALUE, 3, 7);
		else if (r == 6)
			deliver(&t, RCA);
		else
			random_packet(&t, &seed);
		assert_true(t.f.state < PPP_FSM_NSTATES);
		assert_int_equal(t.timer_on, timer_state(t.f.state));
	}
	assert_true(t.up > 10);		/* it did get somewhere */
}

/* ---- LCP's extras ---- */

static void test_echo(void **state)
{
	struct tp t;
	int id;

	(void)state;
	tp_init(&t);
	t.f.magic = 0xcafef00d;
	assert_int_equal(ppp_fsm_send_echo_request(&t.f, NULL, 0), -1);	/* not Opened */
	reach_opened(&t);
	FEED(&t, PPP_ECHO_REQ, 0x70, 0, 10, 1, 2, 3, 4, 'h', 'i');
	assert_int_equal(t.ntx, 1);
	assert_int_equal(t.last_len, 10);
	assert_memory_equal(t.last, ((uint8_t[]){ PPP_ECHO_REP, 0x70, 0, 10, 0xca, 0xfe, 0xf0,
						  0x0d, 'h', 'i' }), 10);
	FEED(&t, PPP_ECHO_REQ, 0x71, 0, 7, 1, 2, 3);		/* no room for a Magic-Number */
	FEED(&t, PPP_ECHO_REP, 0x72, 0, 8, 1, 2, 3, 4);
	FEED(&t, PPP_DISCARD_REQ, 0x73, 0, 8, 1, 2, 3, 4);
	assert_int_equal(t.ntx, 1);
	assert_int_equal(t.f.stats.rx_bad, 1);

	id = ppp_fsm_send_echo_request(&t.f, (const uint8_t *)"xy", 2);
	assert_true(id >= 0);
	assert_memory_equal(t.last, ((uint8_t[]){ PPP_ECHO_REQ, (uint8_t)id, 0, 10, 0xca, 0xfe,
						  0xf0, 0x0d, 'x', 'y' }), 10);
	assert_int_equal(t.f.state, PPP_FSM_OPENED);
}

static void test_protocol_reject(void **state)
{
	uint8_t info[100];
	struct tp t;
	int id;

	(void)state;
	memset(info, 0x5a, sizeof(info));
	tp_init(&t);
	assert_int_equal(ppp_fsm_send_protocol_reject(&t.f, 0x8057, info, 10), -1);
	reach_opened(&t);
	t.f.peer_mru = 20;
	id = ppp_fsm_send_protocol_reject(&t.f, 0x8057, info, sizeof(info));
	assert_true(id >= 0);
	assert_int_equal(t.last_len, 20);
	assert_memory_equal(t.last, ((uint8_t[]){ PPP_PROTO_REJ, (uint8_t)id, 0, 20, 0x80, 0x57 }),
			    6);
	assert_memory_equal(t.last + 6, info, 14);

	/* received: the protocol handles it, nothing changes here */
	tp_forget(&t);
	FEED(&t, PPP_PROTO_REJ, 0x74, 0, 6, 0x80, 0x57);
	assert_int_equal(t.f.state, PPP_FSM_OPENED);
	assert_int_equal(t.ntx, 0);

	/* this protocol rejected: RXJ-, a Terminate-Request with no reason */
	ppp_fsm_protocol_rejected(&t.f);
	assert_int_equal(t.f.state, PPP_FSM_STOPPING);
	assert_int_equal(t.down, 1);
	assert_int_equal(t.last[0], PPP_TERM_REQ);
	assert_int_equal(t.last_len, 4);
	assert_int_equal(t.f.restart_count, PPP_FSM_MAX_TERMINATE - 1);

	/* the same through other_code */
	tp_init(&t);
	reach_opened(&t);
	FEED(&t, CODE_RXJ_MINUS_TEST, 0x75, 0, 4);
	assert_int_equal(t.f.state, PPP_FSM_STOPPING);
	assert_int_equal(t.tx[PPP_CODE_REJ], 0);
}

static void test_state_names(void **state)
{
	(void)state;
	assert_string_equal(ppp_fsm_state_name(PPP_FSM_INITIAL), "Initial");
	assert_string_equal(ppp_fsm_state_name(PPP_FSM_ACK_RCVD), "Ack-Rcvd");
	assert_string_equal(ppp_fsm_state_name(PPP_FSM_OPENED), "Opened");
	assert_string_equal(ppp_fsm_state_name(PPP_FSM_NSTATES), "?");
}

/* ---- the option iterator ---- */

static void test_opt_next(void **state)
{
	static const uint8_t good[] = { 1, 3, 7, 2, 2, 3, 4, 0xa, 0xb };
	const uint8_t *val;
	size_t off = 0, vlen;
	uint8_t type;

	(void)state;
	assert_int_equal(ppp_opt_next(good, sizeof(good), &off, &type, &val, &vlen), 1);
	assert_int_equal(type, 1);
	assert_int_equal(vlen, 1);
	assert_int_equal(val[0], 7);
	assert_int_equal(ppp_opt_next(good, sizeof(good), &off, &type, &val, &vlen), 1);
	assert_int_equal(type, 2);
	assert_int_equal(vlen, 0);
	assert_int_equal(ppp_opt_next(good, sizeof(good), &off, &type, &val, &vlen), 1);
	assert_int_equal(type, 3);
	assert_int_equal(vlen, 2);
	assert_memory_equal(val, ((uint8_t[]){ 0xa, 0xb }), 2);
	assert_int_equal(off, sizeof(good));
	assert_int_equal(ppp_opt_next(good, sizeof(good), &off, &type, &val, &vlen), 0);
	assert_true(ppp_opts_valid(good, sizeof(good)));
	off = 0;
	assert_int_equal(ppp_opt_next(good, 0, &off, &type, &val, &vlen), 0);
	assert_true(ppp_opts_valid(good, 0));
}

struct bad_opts {
	uint8_t bytes[8];
	size_t len;
	size_t good;		/* well-formed options before the bad one */
};

static const struct bad_opts bad_opts[] = {
	{ { 1, 0 }, 2, 0 },			/* length 0 */
	{ { 1, 1 }, 2, 0 },			/* length 1 */
	{ { 1, 4, 0 }, 3, 0 },			/* past the end */
	{ { 1, 255, 0, 0 }, 4, 0 },
	{ { 1 }, 1, 0 },			/* not even a length */
	{ { 1, 3, 7, 2 }, 4, 1 },		/* a good one, then a lone type */
	{ { 1, 3, 7, 2, 0 }, 5, 1 },
	{ { 1, 2, 1, 2, 9, 9 }, 6, 2 },
};

static void test_opt_next_malformed(void **state)
{
	const uint8_t *val;
	size_t i, off, vlen, n;
	uint8_t type;

	(void)state;
	for (i = 0; i < sizeof(bad_opts) / sizeof(bad_opts[0]); i++) {
		const struct bad_opts *b = &bad_opts[i];
		uint8_t *copy = malloc(b->len);
		size_t before;

		assert_non_null(copy);
		memcpy(copy, b->bytes, b->len);
		off = 0;
		n = 0;
		while (ppp_opt_next(copy, b->len, &off, &type, &val, &vlen) == 1)
			n++;
		assert_int_equal(n, b->good);
		before = off;
		assert_int_equal(ppp_opt_next(copy, b->len, &off, &type, &val, &vlen), -1);
		assert_int_equal(off, before);		/* left alone */
		assert_false(ppp_opts_valid(copy, b->len));
		free(copy);
	}
	off = 5;	/* an offset past the end is the caller's bug, not the end */
	assert_int_equal(ppp_opt_next(bad_opts[0].bytes, 2, &off, &type, &val, &vlen), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_table),
		cmocka_unit_test(test_renegotiation_order),
		cmocka_unit_test(test_back_to_back),
		cmocka_unit_test(test_back_to_back_late_open),
		cmocka_unit_test(test_timeout_configure),
		cmocka_unit_test(test_timeout_terminate),
		cmocka_unit_test(test_timeout_ack_rcvd),
		cmocka_unit_test(test_max_failure),
		cmocka_unit_test(test_truncated_request),
		cmocka_unit_test(test_bad_length_field),
		cmocka_unit_test(test_unknown_code),
		cmocka_unit_test(test_bad_replies),
		cmocka_unit_test(test_close_from_reject),
		cmocka_unit_test(test_packets_while_down),
		cmocka_unit_test(test_random_input),
		cmocka_unit_test(test_echo),
		cmocka_unit_test(test_protocol_reject),
		cmocka_unit_test(test_state_names),
		cmocka_unit_test(test_opt_next),
		cmocka_unit_test(test_opt_next_malformed),
	};

	return cmocka_run_group_tests_name("ppp_fsm", tests, NULL, NULL);
}
