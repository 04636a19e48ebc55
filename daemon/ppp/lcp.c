// SPDX-License-Identifier: GPL-2.0
/*
 * LCP (RFC 1661) for the server side of a link: we ask for our MRU, a magic number and the
 * authentication method; we accept the peer's MRU, ACCM (meaningless over a tunnel, but
 * clients send it), magic number, PFC and ACFC, and refuse to authenticate ourselves.
 * A dial-out link (l->role->dials_out) asks for no authentication and accepts the peer's demand for
 * a method its `allow` list has, suggesting the strongest it has otherwise.
 */
#include <string.h>
#include <sys/random.h>
#include <arpa/inet.h>
#define LOG_TOPIC LOG_T_PPP
#include "core/log.h"
#include "ppp/link_log.h"
#include "ppp/link_int.h"
#include "uapi/sluice.h"

#define LCP_MRU 1
#define LCP_ACCM 2
#define LCP_AUTH 3
#define LCP_MAGIC 5
#define LCP_PFC 7
#define LCP_ACFC 8

/*
 * The most the module holds frames to the peer to (SLUICE_PPP_A_MRU's range). A peer's MRU is
 * what it can take, and we may always send less (RFC 1661 6.1): a larger one is acked and
 * held to this, never refused nor a reason to end the session.
 */
#define KERNEL_MRU_MAX 16384

/* The options of ours the peer rejected: never asked again. */
#define NO_MRU 0x1
#define NO_MAGIC 0x2

static uint32_t random_magic(void)
{
	uint32_t m = 0;

	while (!m && getrandom(&m, sizeof(m), 0) == sizeof(m))
		;
	return m;
}

static unsigned int *rejected(struct ppp_link *l)
{
	return &l->neg.lcp_rejected;
}

static size_t build_request(struct ppp_fsm *f, uint8_t *buf, size_t cap)
{
	struct ppp_link *l = fsm_link(f);
	uint8_t auth[3];
	/* a client's auth_method is what the peer demands of us: never ours to ask */
	size_t n = 0, alen = l->role->dials_out ? 0 : ppp_auth_option(l->neg.auth_method, auth);

	if (!(*rejected(l) & NO_MRU))
		n += opt_put_u16(buf + n, cap - n, LCP_MRU, l->conf.max_mru);
	if (alen)	/* a client asks for none */
		n += opt_put(buf + n, cap - n, LCP_AUTH, auth, alen);
	if (!(*rejected(l) & NO_MAGIC)) {
		if (!f->magic)
			f->magic = random_magic();
		n += opt_put_u32(buf + n, cap - n, LCP_MAGIC, f->magic);
	}
	return n;
}

struct verdict {
	uint8_t *resp;
	size_t cap, nak_len, rej_len;
	uint8_t nak[256], rej[256];
};

static void nak(struct verdict *v, uint8_t type, const void *val, size_t len)
{
	v->nak_len += opt_put(v->nak + v->nak_len, sizeof(v->nak) - v->nak_len, type, val, len);
}

static void rej(struct verdict *v, uint8_t type, const uint8_t *val, size_t len)
{
	v->rej_len += opt_put(v->rej + v->rej_len, sizeof(v->rej) - v->rej_len, type, val, len);
}

static int finish(struct verdict *v, size_t *resp_len)
{
	const uint8_t *src = v->rej_len ? v->rej : v->nak;
	size_t n = v->rej_len ? v->rej_len : v->nak_len;

	if (!n)
		return PPP_CONF_ACK;
	if (n > v->cap)
		n = v->cap;
	memcpy(v->resp, src, n);
	*resp_len = n;
	return v->rej_len ? PPP_CONF_REJ : PPP_CONF_NAK;
}

/*
 * A client asked to authenticate itself: yes if `allow` has the method; else a Nak naming the
 * strongest method it has (RFC 1661 lets the Nak suggest; the peer may still insist).
 */
static void auth_demand(const struct ppp_link *l, struct verdict *v, const uint8_t *val,
			size_t vlen, enum ppp_auth_method *m)
{
	uint8_t want[3];
	size_t n;
	uint16_t proto = vlen >= 2 ? (uint16_t)(val[0] << 8 | val[1]) : 0;

	*m = vlen >= 2 ? ppp_auth_from_option(proto, vlen > 2 ? val[2] : 0, l->conf.allowed_auth)
		       : AUTH_NONE;
	if (*m != AUTH_NONE && vlen == (proto == PPP_PAP ? 2u : 3u))
		return;
	*m = AUTH_NONE;
	n = ppp_auth_option(ppp_auth_preferred(l->conf.allowed_auth), want);
	if (n)
		nak(v, LCP_AUTH, want, n);
	else
		rej(v, LCP_AUTH, val, vlen);
}

static int check_request(struct ppp_fsm *f, const uint8_t *opts, size_t len, uint8_t *resp,
			 size_t cap, size_t *resp_len)
{
	enum ppp_auth_method auth = AUTH_NONE;
	struct ppp_link *l = fsm_link(f);
	struct verdict v = { .resp = resp, .cap = cap };
	uint32_t flags = 0, magic = 0;
	uint16_t mru = 1500;
	const uint8_t *val;
	size_t off = 0, vlen;
	uint8_t type;
	int ret;

	while (ppp_opt_next(opts, len, &off, &type, &val, &vlen) == 1) {
		if (type == LCP_MRU && vlen == 2) {
			mru = (uint16_t)(val[0] << 8 | val[1]);
			if (mru < 128) {
				uint16_t want = htons(1500);

				nak(&v, LCP_MRU, &want, 2);
			}
		} else if (type == LCP_ACCM && vlen == 4) {
			continue;
		} else if (type == LCP_MAGIC && vlen == 4) {
			memcpy(&magic, val, 4);
			magic = ntohl(magic);
			if (!magic || magic == f->magic) {	/* a loop, or nonsense */
				uint32_t fresh = htonl(random_magic());

				nak(&v, LCP_MAGIC, &fresh, 4);
			}
		} else if (type == LCP_PFC && vlen == 0) {
			flags |= SLUICE_PPP_F_TX_PFC;
		} else if (type == LCP_ACFC && vlen == 0) {
			flags |= SLUICE_PPP_F_TX_ACFC;
		} else if (type == LCP_AUTH && l->role->dials_out) {
			auth_demand(l, &v, val, vlen, &auth);
		} else {
			rej(&v, type, val, vlen);	/* incl. asking us to authenticate */
		}
	}
	ret = finish(&v, resp_len);
	if (ret == PPP_CONF_ACK) {
		l->neg.peer_mru = mru < KERNEL_MRU_MAX ? mru : KERNEL_MRU_MAX;
		f->peer_mru = mru;	/* our Code- and Protocol-Rejects fit it */
		l->neg.peer_magic = magic;
		l->neg.tx_flags = flags;
		if (l->role->dials_out)
			l->neg.auth_method = auth;
	}
	return ret;
}

static int got_nak(struct ppp_fsm *f, const uint8_t *opts, size_t len)
{
	struct ppp_link *l = fsm_link(f);
	const uint8_t *val;
	size_t off = 0, vlen;
	uint8_t type;

	while (ppp_opt_next(opts, len, &off, &type, &val, &vlen) == 1) {
		if (type == LCP_MRU && vlen == 2) {
			uint16_t mru = (uint16_t)(val[0] << 8 | val[1]);

			if (mru >= 128 && mru < l->conf.max_mru)
				l->conf.max_mru = mru;
		} else if (type == LCP_MAGIC) {
			f->magic = random_magic();
		} else if (type == LCP_AUTH && vlen >= 2) {
			uint16_t proto = (uint16_t)(val[0] << 8 | val[1]);
			enum ppp_auth_method m;

			m = ppp_auth_from_option(proto, vlen > 2 ? val[2] : 0, l->conf.allowed_auth);
			if (m == AUTH_NONE) {
				link_info(l, "peer wants authentication we do not allow");
				link_fail(l, "auth-mismatch");
				return -1;
			}
			l->neg.auth_method = m;
		}
	}
	return 0;
}

static int got_reject(struct ppp_fsm *f, const uint8_t *opts, size_t len)
{
	struct ppp_link *l = fsm_link(f);
	const uint8_t *val;
	size_t off = 0, vlen;
	uint8_t type;

	while (ppp_opt_next(opts, len, &off, &type, &val, &vlen) == 1) {
		if (type == LCP_AUTH) {
			link_info(l, "peer refuses to authenticate");
			link_fail(l, "auth-refused");
			return -1;
		}
		if (type == LCP_MRU)
			*rejected(l) |= NO_MRU;
		if (type == LCP_MAGIC) {
			*rejected(l) |= NO_MAGIC;
			f->magic = 0;
		}
	}
	return 0;
}

static int other_code(struct ppp_fsm *f, uint8_t code, uint8_t id, const uint8_t *data,
		      size_t len)
{
	struct ppp_link *l = fsm_link(f);

	(void)id;
	switch (code) {
	case PPP_ECHO_REP:
		link_echo_reply(l);
		return PPP_CODE_RXR;
	case PPP_ECHO_REQ:
	case PPP_DISCARD_REQ:
		return PPP_CODE_RXR;
	case PPP_PROTO_REJ:
		if (len < 2)
			return PPP_CODE_HANDLED;
		if ((data[0] << 8 | data[1]) == PPP_LCP)
			return PPP_CODE_RXJ_MINUS;
		link_protocol_rejected(l, (uint16_t)(data[0] << 8 | data[1]));
		return PPP_CODE_HANDLED;
	}
	return PPP_CODE_UNKNOWN;
}

static void layer_up(struct ppp_fsm *f)
{
	link_lcp_up(fsm_link(f));
}

static void layer_down(struct ppp_fsm *f)
{
	link_lcp_down(fsm_link(f));
}

static void layer_finished(struct ppp_fsm *f)
{
	link_lcp_finished(fsm_link(f));
}

const struct ppp_fsm_ops lcp_ops = {
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
