// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 1661 section 4: the option negotiation automaton. The state transition table of
 * section 4.1 is transcribed below cell by cell; everything else turns packets and calls
 * into the table's events and carries out the table's actions.
 *
 * Where the RFC leaves a choice:
 * - '-' (illegal) cells: the event is ignored, counted in stats.illegal, nothing else.
 * - Footnote r (Open in Stopped, Closing, Stopping, Opened): the table's plain transition;
 *   a caller that wants to renegotiate calls ppp_fsm_down then ppp_fsm_up itself.
 * - Footnote p (TO- in Req-Sent, Ack-Rcvd, Ack-Sent): tlf, unless f->passive is set.
 * - Footnote x (Ack/Nak/Rej in Ack-Rcvd or Opened, a crossed connection): the table's
 *   transition, counted in stats.crossed so the caller can log it as the RFC asks.
 * - A retransmission on TO+ keeps the Identifier and the options; a Configure-Request sent
 *   for any other reason, or after a valid reply (TO+ in Ack-Rcvd), gets a fresh one.
 * - zrc pauses one restart_ms before Stopping gives way to Stopped.
 * - Only the first reply to a Configure-Request counts: a second one with the same
 *   Identifier (the Ack of a request we sent twice) is stale and dropped (stats.rx_bad_id),
 *   since any request sent after a valid reply has a fresh Identifier (RFC 1661 5.1). The
 *   table's crossed-connection cells then see only replies to a request still outstanding.
 * - A Terminate-Ack is accepted with any Identifier: it also serves to resynchronise
 *   (RFC 1661 4.3 RTA) and carries nothing to match.
 * - Max-Failure counts Configure-Naks sent since the last Configure-Ack sent, and starts
 *   over with each negotiation: it is zero in every state before Req-Sent.
 */
#include <string.h>
#include "fsm.h"

/* The events of RFC 1661 section 4.3, in the table's row order. */
enum ppp_fsm_event {
	EV_UP, EV_DOWN, EV_OPEN, EV_CLOSE, EV_TO_PLUS, EV_TO_MINUS,
	EV_RCR_PLUS, EV_RCR_MINUS, EV_RCA, EV_RCN, EV_RTR, EV_RTA,
	EV_RUC, EV_RXJ_PLUS, EV_RXJ_MINUS, EV_RXR, EV_COUNT
};

/* The actions of RFC 1661 section 4.4, and two of the table's footnotes. */
enum {
	TLU = 1 << 0, TLD = 1 << 1, TLS = 1 << 2, TLF = 1 << 3,
	IRC = 1 << 4, ZRC = 1 << 5, SCR = 1 << 6, SCA = 1 << 7, SCN = 1 << 8,
	STR = 1 << 9, STA = 1 << 10, SCJ = 1 << 11, SER = 1 << 12,
	FP = 1 << 13,		/* footnote p: the passive option */
	FX = 1 << 14,		/* footnote x: a crossed connection */
};

struct ppp_fsm_cell {
	uint16_t actions;
	int8_t next;		/* the new state, -1 for an illegal transition */
};

#define C(next, actions) { (actions), (next) }
#define __ { 0, -1 }

/*
 * RFC 1661 section 4.1, one row per event, each on two lines like the RFC's two halves:
 * states 0..5, then 6..9. "irc,scr/6" is C(6, IRC | SCR), '-' is __. Footnote r (Open)
 * needs no mark: we take the plain transition.
 */
static const struct ppp_fsm_cell ppp_fsm_table[EV_COUNT][PPP_FSM_NSTATES] = {
	/* Initial, Starting, Closed, Stopped, Closing, Stopping */
	/* Req-Sent, Ack-Rcvd, Ack-Sent, Opened */
	[EV_UP] = {
		C(2, 0), C(6, IRC | SCR), __, __, __, __,
		__, __, __, __ },
	[EV_DOWN] = {
		__, __, C(0, 0), C(1, TLS), C(0, 0), C(1, 0),
		C(1, 0), C(1, 0), C(1, 0), C(1, TLD) },
	[EV_OPEN] = {
		C(1, TLS), C(1, 0), C(6, IRC | SCR), C(3, 0), C(5, 0), C(5, 0),
		C(6, 0), C(7, 0), C(8, 0), C(9, 0) },
	[EV_CLOSE] = {
		C(0, 0), C(0, TLF), C(2, 0), C(2, 0), C(4, 0), C(4, 0),
		C(4, IRC | STR), C(4, IRC | STR), C(4, IRC | STR), C(4, TLD | IRC | STR) },
	[EV_TO_PLUS] = {
		__, __, __, __, C(4, STR), C(5, STR),
		C(6, SCR), C(6, SCR), C(8, SCR), __ },
	[EV_TO_MINUS] = {
		__, __, __, __, C(2, TLF), C(3, TLF),
		C(3, TLF | FP), C(3, TLF | FP), C(3, TLF | FP), __ },
	[EV_RCR_PLUS] = {
		__, __, C(2, STA), C(8, IRC | SCR | SCA), C(4, 0), C(5, 0),
		C(8, SCA), C(9, SCA | TLU), C(8, SCA), C(8, TLD | SCR | SCA) },
	[EV_RCR_MINUS] = {
		__, __, C(2, STA), C(6, IRC | SCR | SCN), C(4, 0), C(5, 0),
		C(6, SCN), C(7, SCN), C(6, SCN), C(6, TLD | SCR | SCN) },
	[EV_RCA] = {
		__, __, C(2, STA), C(3, STA), C(4, 0), C(5, 0),
		C(7, IRC), C(6, SCR | FX), C(9, IRC | TLU), C(6, TLD | SCR | FX) },
	[EV_RCN] = {
		__, __, C(2, STA), C(3, STA), C(4, 0), C(5, 0),
		C(6, IRC | SCR), C(6, SCR | FX), C(8, IRC | SCR), C(6, TLD | SCR | FX) },
	[EV_RTR] = {
		__, __, C(2, STA), C(3, STA), C(4, STA), C(5, STA),
		C(6, STA), C(6, STA), C(6, STA), C(5, TLD | ZRC | STA) },
	[EV_RTA] = {
		__, __, C(2, 0), C(3, 0), C(2, TLF), C(3, TLF),
		C(6, 0), C(6, 0), C(8, 0), C(6, TLD | SCR) },
	[EV_RUC] = {
		__, __, C(2, SCJ), C(3, SCJ), C(4, SCJ), C(5, SCJ),
		C(6, SCJ), C(7, SCJ), C(8, SCJ), C(9, SCJ) },
	[EV_RXJ_PLUS] = {
		__, __, C(2, 0), C(3, 0), C(4, 0), C(5, 0),
		C(6, 0), C(6, 0), C(8, 0), C(9, 0) },
	[EV_RXJ_MINUS] = {
		__, __, C(2, TLF), C(3, TLF), C(2, TLF), C(3, TLF),
		C(3, TLF), C(3, TLF), C(3, TLF), C(5, TLD | IRC | STR) },
	[EV_RXR] = {
		__, __, C(2, 0), C(3, 0), C(4, 0), C(5, 0),
		C(6, 0), C(7, 0), C(8, 0), C(9, SER) },
};

#undef C
#undef __

/* A received packet, and the answer to it once the protocol has judged it. */
struct ppp_rx {
	uint8_t code, id;
	const uint8_t *pkt;	/* header included, padding not */
	size_t pkt_len;
	const uint8_t *data;	/* after the header */
	size_t len;
	uint8_t resp_code;	/* scn: Configure-Nak or Configure-Reject */
	const uint8_t *resp;	/* sca/scn: the options to send */
	size_t resp_len;
};

static uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put_be16(uint8_t *p, size_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	put_be16(p, v >> 16);
	put_be16(p + 2, v & 0xffff);
}

int ppp_opt_next(const uint8_t *opts, size_t len, size_t *off, uint8_t *type,
		 const uint8_t **val, size_t *vlen)
{
	size_t o = *off, olen;

	if (o == len)
		return 0;
	if (o > len || len - o < 2)
		return -1;
	olen = opts[o + 1];
	if (olen < 2 || olen > len - o)
		return -1;
	*type = opts[o];
	*val = opts + o + 2;
	*vlen = olen - 2;
	*off = o + olen;
	return 1;
}

int ppp_opts_valid(const uint8_t *opts, size_t len)
{
	const uint8_t *val;
	size_t off = 0, vlen;
	uint8_t type;
	int r;

	while ((r = ppp_opt_next(opts, len, &off, &type, &val, &vlen)) == 1)
		;
	return r == 0;
}

void ppp_fsm_init(struct ppp_fsm *f, uint16_t proto, const struct ppp_fsm_ops *ops, void *ctx)
{
	memset(f, 0, sizeof(*f));
	f->max_terminate = PPP_FSM_MAX_TERMINATE;
	f->max_configure = PPP_FSM_MAX_CONFIGURE;
	f->max_failure = PPP_FSM_MAX_FAILURE;
	f->restart_ms = PPP_FSM_RESTART_MS;
	f->peer_mru = PPP_FSM_PKT_MAX;
	f->proto = proto;
	f->ops = ops;
	f->ctx = ctx;
	f->state = PPP_FSM_INITIAL;
	f->next_id = 1;
}

const char *ppp_fsm_state_name(enum ppp_fsm_state s)
{
	static const char *const names[PPP_FSM_NSTATES] = {
		"Initial", "Starting", "Closed", "Stopped", "Closing",
		"Stopping", "Req-Sent", "Ack-Rcvd", "Ack-Sent", "Opened",
	};

	return (unsigned int)s < PPP_FSM_NSTATES ? names[s] : "?";
}

uint8_t ppp_fsm_next_id(struct ppp_fsm *f)
{
	return f->next_id++;
}

int ppp_fsm_verdict(const uint8_t *nak, size_t nlen, const uint8_t *rej, size_t rlen,
		    uint8_t *resp, size_t cap, size_t *resp_len)
{
	if (!rlen && !nlen)
		return PPP_CONF_ACK;
	*resp_len = rlen ? rlen : nlen;
	if (*resp_len > cap)
		*resp_len = cap;
	memcpy(resp, rlen ? rej : nak, *resp_len);
	return rlen ? PPP_CONF_REJ : PPP_CONF_NAK;
}

int ppp_fsm_naks_exhausted(const struct ppp_fsm *f)
{
	return f->failures >= f->max_failure;
}

int ppp_fsm_send_code(struct ppp_fsm *f, uint8_t code, uint8_t id, const uint8_t *data,
		      size_t len)
{
	uint8_t pkt[PPP_FSM_PKT_MAX];

	if (len > sizeof(pkt) - PPP_FSM_HDR_LEN)
		return -1;
	pkt[0] = code;
	pkt[1] = id;
	put_be16(pkt + 2, PPP_FSM_HDR_LEN + len);
	if (len)
		memcpy(pkt + PPP_FSM_HDR_LEN, data, len);
	if (f->ops->send)
		f->ops->send(f, pkt, PPP_FSM_HDR_LEN + len);
	return 0;
}

/* Data bytes a reject may carry: RFC 1661 5.7/5.8 cut the rejected packet to the peer's MRU. */
static size_t reject_room(const struct ppp_fsm *f)
{
	size_t mru = f->peer_mru < PPP_FSM_PKT_MAX ? f->peer_mru : PPP_FSM_PKT_MAX;

	return mru > PPP_FSM_HDR_LEN ? mru - PPP_FSM_HDR_LEN : 0;
}

void ppp_fsm_send_code_reject(struct ppp_fsm *f, const uint8_t *pkt, size_t len)
{
	size_t room = reject_room(f);

	ppp_fsm_send_code(f, PPP_CODE_REJ, ppp_fsm_next_id(f), pkt, len < room ? len : room);
}

int ppp_fsm_send_protocol_reject(struct ppp_fsm *f, uint16_t proto, const uint8_t *info,
				 size_t len)
{
	uint8_t data[PPP_FSM_PKT_MAX - PPP_FSM_HDR_LEN];
	size_t room = reject_room(f);
	uint8_t id;

	/* RFC 1661 5.7: only in the LCP Opened state */
	if (f->state != PPP_FSM_OPENED || room < 2)
		return -1;
	if (len > room - 2)
		len = room - 2;
	put_be16(data, proto);
	if (len)
		memcpy(data + 2, info, len);
	id = ppp_fsm_next_id(f);
	ppp_fsm_send_code(f, PPP_PROTO_REJ, id, data, 2 + len);
	return id;
}

int ppp_fsm_send_echo_request(struct ppp_fsm *f, const uint8_t *data, size_t len)
{
	uint8_t buf[PPP_FSM_PKT_MAX - PPP_FSM_HDR_LEN];
	uint8_t id;

	/* RFC 1661 5.8: Echo-Requests only in the LCP Opened state */
	if (f->state != PPP_FSM_OPENED || len > sizeof(buf) - 4)
		return -1;
	put_be32(buf, f->magic);
	if (len)
		memcpy(buf + 4, data, len);
	id = ppp_fsm_next_id(f);
	ppp_fsm_send_code(f, PPP_ECHO_REQ, id, buf, 4 + len);
	return id;
}

/* The states with TO events in the table: Closing through Ack-Sent. */
static int timer_runs(enum ppp_fsm_state s)
{
	return s >= PPP_FSM_CLOSING && s <= PPP_FSM_ACK_SENT;
}

/* scr, str and zrc (re)start the Restart timer; scr and str count a transmission. */
static void restart(struct ppp_fsm *f, int transmission)
{
	if (transmission && f->restart_count)
		f->restart_count--;
	if (f->ops->timer_start)
		f->ops->timer_start(f, f->restart_ms);
}

static void irc(struct ppp_fsm *f)
{
	int terminating = f->state == PPP_FSM_CLOSING || f->state == PPP_FSM_STOPPING;

	f->restart_count = terminating ? f->max_terminate : f->max_configure;
}

static void scr(struct ppp_fsm *f, int retransmit)
{
	if (!retransmit) {
		size_t n = 0;

		if (f->ops->build_request)
			n = f->ops->build_request(f, f->req_opts, sizeof(f->req_opts));
		f->req_len = n < sizeof(f->req_opts) ? n : sizeof(f->req_opts);
		f->req_id = ppp_fsm_next_id(f);
		f->reply_seen = 0;
	}
	ppp_fsm_send_code(f, PPP_CONF_REQ, f->req_id, f->req_opts, f->req_len);
	restart(f, 1);
}

static void str(struct ppp_fsm *f, int retransmit)
{
	if (!retransmit)
		f->term_id = ppp_fsm_next_id(f);
	ppp_fsm_send_code(f, PPP_TERM_REQ, f->term_id, f->reason, f->reason_len);
	restart(f, 1);
}

static void sca(struct ppp_fsm *f, const struct ppp_rx *rx)
{
	f->failures = 0;
	f->acked_valid = rx->resp_len <= sizeof(f->acked_opts);
	if (f->acked_valid) {
		f->acked_id = rx->id;
		f->acked_len = rx->resp_len;
		memcpy(f->acked_opts, rx->resp, rx->resp_len);
	}
	ppp_fsm_send_code(f, PPP_CONF_ACK, rx->id, rx->resp, rx->resp_len);
}

static int is_acked_duplicate(const struct ppp_fsm *f, const struct ppp_rx *rx)
{
	return f->state == PPP_FSM_OPENED && f->acked_valid && rx->id == f->acked_id &&
	       rx->len == f->acked_len && !memcmp(rx->data, f->acked_opts, rx->len);
}

static void scn(struct ppp_fsm *f, const struct ppp_rx *rx)
{
	if (rx->resp_code == PPP_CONF_NAK)
		f->failures++;
	ppp_fsm_send_code(f, rx->resp_code, rx->id, rx->resp, rx->resp_len);
}

/* RXR in Opened: only an Echo-Request is answered; the reply carries our Magic-Number. */
static void ser(struct ppp_fsm *f, const struct ppp_rx *rx)
{
	uint8_t buf[PPP_FSM_PKT_MAX - PPP_FSM_HDR_LEN];

	if (rx->code != PPP_ECHO_REQ)
		return;
	if (rx->len < 4) {
		f->stats.rx_bad++;
		return;
	}
	if (rx->len > sizeof(buf)) {
		f->stats.rx_too_long++;
		return;
	}
	put_be32(buf, f->magic);
	memcpy(buf + 4, rx->data + 4, rx->len - 4);
	ppp_fsm_send_code(f, PPP_ECHO_REP, rx->id, buf, rx->len);
}

/* Everything but the layer callbacks, in the table's order, with the new state already set. */
static void send_actions(struct ppp_fsm *f, unsigned int a, enum ppp_fsm_event ev,
			 enum ppp_fsm_state old, const struct ppp_rx *rx)
{
	/* a valid reply already came for the request TO+ repeats in Ack-Rcvd: not a retransmit */
	int retransmit = ev == EV_TO_PLUS && old != PPP_FSM_ACK_RCVD;

	if (a & IRC)
		irc(f);
	if (a & ZRC) {
		f->restart_count = 0;
		restart(f, 0);
	}
	if (a & SCR)
		scr(f, retransmit);
	if (a & SCA)
		sca(f, rx);
	if (a & SCN)
		scn(f, rx);
	if (a & STR)
		str(f, retransmit);
	if (a & STA)
		ppp_fsm_send_code(f, PPP_TERM_ACK, rx->id, NULL, 0);
	if (a & SCJ)
		ppp_fsm_send_code_reject(f, rx->pkt, rx->pkt_len);
	if (a & SER)
		ser(f, rx);
}

/* The layer callbacks come last, so they may call back into this automaton. */
static void layer_actions(struct ppp_fsm *f, unsigned int a)
{
	const struct ppp_fsm_ops *o = f->ops;

	if ((a & TLU) && o->layer_up)
		o->layer_up(f);
	if ((a & TLS) && o->layer_started)
		o->layer_started(f);
	if ((a & TLF) && o->layer_finished)
		o->layer_finished(f);
}

/* One event: the table's cell for the current state, minus the actions already done. */
static void run(struct ppp_fsm *f, enum ppp_fsm_event ev, const struct ppp_rx *rx,
		unsigned int done)
{
	const struct ppp_fsm_cell *c = &ppp_fsm_table[ev][f->state];
	enum ppp_fsm_state old = f->state;
	unsigned int a = c->actions & ~done;

	if (c->next < 0) {
		f->stats.illegal++;
		return;
	}
	if ((a & FP) && f->passive)
		a &= ~TLF;
	if (a & FX)
		f->stats.crossed++;
	if ((a & TLD) && f->ops->layer_down)
		f->ops->layer_down(f);
	f->state = (enum ppp_fsm_state)c->next;
	if (f->state < PPP_FSM_REQ_SENT)	/* no negotiation: Max-Failure starts over */
		f->failures = 0;
	send_actions(f, a, ev, old, rx);
	if (timer_runs(old) && !timer_runs(f->state) && f->ops->timer_stop)
		f->ops->timer_stop(f);
	layer_actions(f, a);
}

void ppp_fsm_up(struct ppp_fsm *f)
{
	run(f, EV_UP, NULL, 0);
}

void ppp_fsm_down(struct ppp_fsm *f)
{
	run(f, EV_DOWN, NULL, 0);
}

void ppp_fsm_open(struct ppp_fsm *f)
{
	run(f, EV_OPEN, NULL, 0);
}

/*
 * The Terminate-Request's Data changes only when a new one starts: its retransmissions keep
 * the Identifier, so they must keep the content too (RFC 1661 5.5).
 */
static void set_reason(struct ppp_fsm *f, enum ppp_fsm_event ev, const char *reason)
{
	size_t n = reason ? strlen(reason) : 0;

	if (!(ppp_fsm_table[ev][f->state].actions & STR))
		return;
	f->reason_len = n < sizeof(f->reason) ? n : sizeof(f->reason);
	if (f->reason_len)
		memcpy(f->reason, reason, f->reason_len);
}

void ppp_fsm_close(struct ppp_fsm *f, const char *reason)
{
	set_reason(f, EV_CLOSE, reason);
	run(f, EV_CLOSE, NULL, 0);
}

void ppp_fsm_timeout(struct ppp_fsm *f)
{
	run(f, f->restart_count > 0 ? EV_TO_PLUS : EV_TO_MINUS, NULL, 0);
}

void ppp_fsm_protocol_rejected(struct ppp_fsm *f)
{
	set_reason(f, EV_RXJ_MINUS, NULL);
	run(f, EV_RXJ_MINUS, NULL, 0);
}

/*
 * Max-Failure (RFC 1661 4.6): the Nak becomes a Reject of the peer's own options of the
 * types the Nak named; options the Nak only appended are dropped. Writes into resp, which
 * holds the Nak on entry and has room for the whole request.
 */
static size_t nak_to_reject(const uint8_t *req, size_t req_len, uint8_t *resp, size_t n)
{
	uint8_t named[256 / 8] = { 0 };
	const uint8_t *val;
	size_t off = 0, out = 0, vlen;
	uint8_t type;

	while (ppp_opt_next(resp, n, &off, &type, &val, &vlen) == 1)
		named[type / 8] |= (uint8_t)(1 << (type % 8));
	off = 0;
	while (ppp_opt_next(req, req_len, &off, &type, &val, &vlen) == 1) {
		if (!(named[type / 8] & (1 << (type % 8))))
			continue;
		memcpy(resp + out, val - 2, vlen + 2);
		out += vlen + 2;
	}
	return out;
}

/*
 * The protocol's verdict on a Configure-Request: RCR+ or RCR-. A verdict that makes no
 * sense (a protocol bug) is counted and answered with a Reject of the whole request, the
 * one answer that commits us to nothing.
 */
static enum ppp_fsm_event judge(struct ppp_fsm *f, struct ppp_rx *rx, uint8_t *resp,
				size_t cap)
{
	size_t n = 0;
	int v = PPP_CONF_ACK;

	if (f->ops->check_request)
		v = f->ops->check_request(f, rx->data, rx->len, resp, cap, &n);
	if (v == PPP_CONF_NAK && n <= cap && ppp_fsm_naks_exhausted(f)) {
		n = nak_to_reject(rx->data, rx->len, resp, n);
		v = n ? PPP_CONF_REJ : PPP_CONF_ACK;
	}
	rx->resp_code = (uint8_t)v;
	rx->resp = resp;
	rx->resp_len = n;
	if (v == PPP_CONF_ACK) {
		rx->resp = rx->data;
		rx->resp_len = rx->len;
		return EV_RCR_PLUS;
	}
	if ((v != PPP_CONF_NAK && v != PPP_CONF_REJ) || n > cap) {
		f->stats.rx_bad++;
		rx->resp_code = PPP_CONF_REJ;
		rx->resp = rx->data;
		rx->resp_len = rx->len;
	}
	return EV_RCR_MINUS;
}

static void rx_conf_req(struct ppp_fsm *f, struct ppp_rx *rx)
{
	uint8_t resp[PPP_FSM_PKT_MAX - PPP_FSM_HDR_LEN];
	unsigned int done = 0;

	if (!ppp_opts_valid(rx->data, rx->len)) {
		f->stats.rx_bad++;
		return;
	}
	if (rx->len > sizeof(resp)) {
		f->stats.rx_too_long++;
		return;
	}
	if (is_acked_duplicate(f, rx)) {
		f->stats.dup_req++;
		ppp_fsm_send_code(f, PPP_CONF_ACK, rx->id, rx->data, rx->len);
		return;
	}
	/* Closed, Closing, Stopping: RCR+ and RCR- do the same; the protocol is not asked */
	if (f->state != PPP_FSM_STOPPED && f->state < PPP_FSM_REQ_SENT) {
		run(f, EV_RCR_PLUS, rx, 0);
		return;
	}
	/* Opened: the layer goes down with the options it came up with, before they change */
	if ((ppp_fsm_table[EV_RCR_PLUS][f->state].actions & TLD) && f->ops->layer_down) {
		f->ops->layer_down(f);
		done = TLD;
	}
	run(f, judge(f, rx, resp, sizeof(resp)), rx, done);
}

/* Every option of sub is in all, unmodified and in the same order (a Configure-Reject). */
static int opts_in_order(const uint8_t *sub, size_t slen, const uint8_t *all, size_t alen)
{
	const uint8_t *sv, *av;
	size_t s = 0, a = 0, sn, an;
	uint8_t st, at;

	while (ppp_opt_next(sub, slen, &s, &st, &sv, &sn) == 1) {
		do {
			if (ppp_opt_next(all, alen, &a, &at, &av, &an) != 1)
				return 0;
		} while (at != st || an != sn || memcmp(av, sv, sn));
	}
	return 1;
}

/* Whether an Ack, Nak or Reject answering our last request is valid, protocol included. */
static int reply_ok(struct ppp_fsm *f, const struct ppp_rx *rx)
{
	const struct ppp_fsm_ops *o = f->ops;

	if (!ppp_opts_valid(rx->data, rx->len))
		return 0;
	switch (rx->code) {
	case PPP_CONF_ACK:
		/* RFC 1661 5.2: exactly the options we sent, not reordered nor modified */
		if (rx->len != f->req_len || memcmp(rx->data, f->req_opts, rx->len))
			return 0;
		return !o->got_ack || o->got_ack(f, rx->data, rx->len) == 0;
	case PPP_CONF_NAK:
		return !o->got_nak || o->got_nak(f, rx->data, rx->len) == 0;
	default:
		if (!opts_in_order(rx->data, rx->len, f->req_opts, f->req_len))
			return 0;
		return !o->got_reject || o->got_reject(f, rx->data, rx->len) == 0;
	}
}

static void rx_conf_reply(struct ppp_fsm *f, const struct ppp_rx *rx)
{
	enum ppp_fsm_event ev = rx->code == PPP_CONF_ACK ? EV_RCA : EV_RCN;

	/* before Req-Sent no request is outstanding: sta resynchronises, or nothing happens */
	if (f->state < PPP_FSM_REQ_SENT) {
		run(f, ev, rx, 0);
		return;
	}
	if (rx->id != f->req_id || f->reply_seen) {
		f->stats.rx_bad_id++;
		return;
	}
	if (!reply_ok(f, rx)) {
		f->stats.rx_bad++;
		return;
	}
	f->reply_seen = 1;	/* before run(): a fresh request there clears it */
	run(f, ev, rx, 0);
}

static void rx_code_reject(struct ppp_fsm *f, const struct ppp_rx *rx)
{
	int permitted;
	uint8_t code;

	if (rx->len < 1) {	/* not even the rejected packet's Code */
		f->stats.rx_bad++;
		return;
	}
	code = rx->data[0];
	if (f->ops->code_rejected)
		permitted = f->ops->code_rejected(f, code) == 0;
	else
		permitted = code < PPP_CONF_REQ || code > PPP_CODE_REJ;
	if (!permitted)
		set_reason(f, EV_RXJ_MINUS, NULL);
	run(f, permitted ? EV_RXJ_PLUS : EV_RXJ_MINUS, rx, 0);
}

static void rx_other(struct ppp_fsm *f, const struct ppp_rx *rx)
{
	int v = PPP_CODE_UNKNOWN;

	if (f->ops->other_code)
		v = f->ops->other_code(f, rx->code, rx->id, rx->data, rx->len);
	switch (v) {
	case PPP_CODE_HANDLED:
		return;
	case PPP_CODE_RXR:
		run(f, EV_RXR, rx, 0);
		return;
	case PPP_CODE_RXJ_MINUS:
		set_reason(f, EV_RXJ_MINUS, NULL);
		run(f, EV_RXJ_MINUS, rx, 0);
		return;
	default:
		run(f, EV_RUC, rx, 0);
	}
}

void ppp_fsm_input(struct ppp_fsm *f, const uint8_t *pkt, size_t len)
{
	struct ppp_rx rx = { 0 };
	size_t plen;

	if (len < PPP_FSM_HDR_LEN) {
		f->stats.rx_short++;
		return;
	}
	plen = get_be16(pkt + 2);
	if (plen < PPP_FSM_HDR_LEN) {
		f->stats.rx_bad_len++;
		return;
	}
	if (plen > len) {
		f->stats.rx_short++;
		return;
	}
	/* Initial and Starting: the lower layer is Down, every receive event is '-' */
	if (f->state < PPP_FSM_CLOSED) {
		f->stats.illegal++;
		return;
	}
	rx.code = pkt[0];
	rx.id = pkt[1];
	rx.pkt = pkt;
	rx.pkt_len = plen;
	rx.data = pkt + PPP_FSM_HDR_LEN;
	rx.len = plen - PPP_FSM_HDR_LEN;
	switch (rx.code) {
	case PPP_CONF_REQ:
		rx_conf_req(f, &rx);
		break;
	case PPP_CONF_ACK:
	case PPP_CONF_NAK:
	case PPP_CONF_REJ:
		rx_conf_reply(f, &rx);
		break;
	case PPP_TERM_REQ:
		run(f, EV_RTR, &rx, 0);
		break;
	case PPP_TERM_ACK:
		run(f, EV_RTA, &rx, 0);
		break;
	case PPP_CODE_REJ:
		rx_code_reject(f, &rx);
		break;
	default:
		rx_other(f, &rx);
	}
}
