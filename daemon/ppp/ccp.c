// SPDX-License-Identifier: GPL-2.0
/*
 * CCP carrying MPPE only (RFC 3078). Both ends must settle on one strength and mode: we
 * offer every strength the profile allows plus stateless mode; to a peer that offers
 * several we answer with a Nak naming the strongest single one (keeping stateless if it
 * offered it, since stateless survives loss better). MPPC compression is never agreed.
 * What the peer's acked request says is what both directions use.
 */
#include <string.h>
#include <arpa/inet.h>
#define LOG_TOPIC LOG_T_PPP
#include "core/log.h"
#include "ppp/link_log.h"
#include "ppp/proto.h"

#define CCP_RESET_REQ 14
#define CCP_RESET_ACK 15

uint32_t mppe_strongest(uint32_t bits)
{
	if (bits & MPPE_S)
		return MPPE_S;
	if (bits & MPPE_M)
		return MPPE_M;
	return bits & MPPE_L;
}

const char *mppe_describe(uint32_t bits)
{
	static const char *const names[2][3] = {
		{ "MPPE128 stateful", "MPPE56 stateful", "MPPE40 stateful" },
		{ "MPPE128 stateless", "MPPE56 stateless", "MPPE40 stateless" },
	};
	int h = !!(bits & MPPE_H);

	switch (mppe_strongest(bits)) {
	case MPPE_S: return names[h][0];
	case MPPE_M: return names[h][1];
	case MPPE_L: return names[h][2];
	}
	return "";
}

static size_t build_request(struct ppp_fsm *f, uint8_t *buf, size_t cap)
{
	return opt_put_u32(buf, cap, MPPE_OPT, fsm_link(f)->neg.mppe_offer);
}

/* The bits we would agree to, given the peer's: one strength, maybe stateless, no MPPC. */
static uint32_t choose(const struct ppp_link *l, uint32_t peer)
{
	uint32_t s = mppe_strongest(peer & l->neg.mppe_offer & MPPE_STRENGTHS);

	if (!s)
		s = mppe_strongest(l->neg.mppe_offer);
	return s | (peer & MPPE_H & l->neg.mppe_offer);
}

static int check_request(struct ppp_fsm *f, const uint8_t *opts, size_t len, uint8_t *resp,
			 size_t cap, size_t *resp_len)
{
	struct ppp_link *l = fsm_link(f);
	uint32_t peer = 0, want;
	const uint8_t *val;
	size_t off = 0, vlen, rej = 0;
	uint8_t type;
	bool seen = false;

	while (ppp_opt_next(opts, len, &off, &type, &val, &vlen) == 1) {
		if (type == MPPE_OPT && vlen == 4) {
			memcpy(&peer, val, 4);
			peer = ntohl(peer);
			seen = true;
		} else {	/* Deflate, BSD, MPPC alone, ...: not ours */
			rej += opt_put(resp + rej, cap - rej, type, val, vlen);
		}
	}
	if (rej) {
		*resp_len = rej;
		return PPP_CONF_REJ;
	}
	want = choose(l, seen ? peer : 0);
	if (seen && peer == want) {
		l->neg.mppe_bits = peer;
		return PPP_CONF_ACK;
	}
	*resp_len = opt_put_u32(resp, cap, MPPE_OPT, want);
	return PPP_CONF_NAK;
}

static int got_nak(struct ppp_fsm *f, const uint8_t *opts, size_t len)
{
	struct ppp_link *l = fsm_link(f);
	const uint8_t *val;
	size_t off = 0, vlen;
	uint8_t type;

	while (ppp_opt_next(opts, len, &off, &type, &val, &vlen) == 1) {
		uint32_t bits;

		if (type != MPPE_OPT || vlen != 4)
			continue;
		memcpy(&bits, val, 4);
		bits = choose(l, ntohl(bits));
		if (!(bits & MPPE_STRENGTHS & ntohl(*(const uint32_t *)(const void *)val)))
			return 0;	/* nothing in common: keep asking; CCP gives up in time */
		l->neg.mppe_offer = bits;
	}
	return 0;
}

static int got_reject(struct ppp_fsm *f, const uint8_t *opts, size_t len)
{
	(void)opts;
	(void)len;
	link_info(fsm_link(f), "peer rejects MPPE");
	ppp_fsm_close(f, "MPPE rejected");
	return 0;
}

static int other_code(struct ppp_fsm *f, uint8_t code, uint8_t id, const uint8_t *data,
		      size_t len)
{
	(void)data;
	(void)len;
	if (code == CCP_RESET_REQ) {
		/* the kernel already rekeys our next packet; the peer wants its Reset-Ack */
		ppp_fsm_send_code(f, CCP_RESET_ACK, id, NULL, 0);
		return PPP_CODE_HANDLED;
	}
	if (code == CCP_RESET_ACK)
		return PPP_CODE_HANDLED;
	return PPP_CODE_UNKNOWN;
}

static void layer_up(struct ppp_fsm *f)
{
	struct ppp_link *l = fsm_link(f);

	l->neg.ccp_done = true;
	link_network_changed(l);
}

/* Once the kernel has the keys, MPPE going away (or changing) cannot be followed: end it. */
static void layer_down(struct ppp_fsm *f)
{
	struct ppp_link *l = fsm_link(f);

	if (l->phase == PHASE_UP)
		link_close_later(l, "ccp-down");
}

static void layer_finished(struct ppp_fsm *f)
{
	struct ppp_link *l = fsm_link(f);

	if (l->phase == PHASE_UP || l->phase == PHASE_TERMINATE)
		return;
	l->neg.mppe_bits = 0;
	if (l->policy.encryption == PPP_ENCRYPTION_REQUIRED) {
		link_info(l, "encryption is required and MPPE could not be agreed");
		link_fail(l, "encryption-required");
		return;
	}
	l->neg.ccp_done = true;
	link_network_changed(l);
}

const struct ppp_fsm_ops ccp_ops = {
	.build_request = build_request,
	.check_request = check_request,
	.got_nak = got_nak,
	.got_reject = got_reject,
	.layer_up = layer_up,
	.layer_down = layer_down,
	.layer_finished = layer_finished,
	.other_code = other_code,
	.send = link_send_fsm,
	.timer_start = link_timer_start,
	.timer_stop = link_timer_stop,
};
