// SPDX-License-Identifier: GPL-2.0
/*
 * IPv6CP (RFC 5072), the authenticator's side: each end gets a 64-bit Interface-Identifier,
 * from which both link-local addresses follow (fe80::<identifier>). Ours is random; the
 * peer's is what it asks for unless that is zero or ours, when it gets a random one in a
 * Nak (RFC 5072 4.1). IPv6-Compression-Protocol is refused. use-ipv6=require in the profile
 * makes the session fail without IPv6CP; otherwise a peer that will not talk it keeps IPv4.
 */
#include <string.h>
#include <sys/random.h>
#include <time.h>
#define LOG_TOPIC LOG_T_PPP
#include "core/log.h"
#include "ppp/link_log.h"
#include "ppp/proto.h"

#define IPV6CP_IID 1
#define IPV6CP_COMPRESSION 2
#define IID_LEN 8
#define IPV6CP_MAX_REFUSALS 10

static bool iid_zero(const uint8_t *iid)
{
	static const uint8_t zero[IID_LEN];

	return !memcmp(iid, zero, IID_LEN);
}

/*
 * A random identifier, non-zero and unlike avoid; the universal/local bit says local. A
 * draw that is zero or avoid is nudged rather than drawn again: a few steps, never a loop.
 */
void ppp_random_iid(uint8_t iid[IID_LEN], const uint8_t avoid[IID_LEN])
{
	unsigned int i;

	if (getrandom(iid, IID_LEN, GRND_NONBLOCK) != IID_LEN) {
		uint64_t t = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)iid;

		memcpy(iid, &t, IID_LEN);
	}
	iid[0] &= (uint8_t)~0x02;
	for (i = 0; iid_zero(iid) || !memcmp(iid, avoid, IID_LEN); i++)
		iid[IID_LEN - 1 - i % 4]++;
}

static size_t build_request(struct ppp_fsm *f, uint8_t *buf, size_t cap)
{
	struct ppp_link *l = fsm_link(f);

	if (l->neg.ipv6cp_iid_rejected)
		return 0;
	if (iid_zero(l->local_iid))
		ppp_random_iid(l->local_iid, l->remote_iid);
	return opt_put(buf, cap, IPV6CP_IID, l->local_iid, IID_LEN);
}

/* The peer's identifier: taken, or a Nak with one it may use. */
static void check_iid(struct ppp_link *l, const uint8_t *val, uint8_t *nak, size_t *nlen)
{
	uint8_t offer[IID_LEN];

	if (!iid_zero(val) && memcmp(val, l->local_iid, IID_LEN)) {
		memcpy(l->remote_iid, val, IID_LEN);
		return;
	}
	ppp_random_iid(offer, l->local_iid);
	*nlen += opt_put(nak + *nlen, 256 - *nlen, IPV6CP_IID, offer, IID_LEN);
}

static int check_request(struct ppp_fsm *f, const uint8_t *opts, size_t len, uint8_t *resp,
			 size_t cap, size_t *resp_len)
{
	struct ppp_link *l = fsm_link(f);
	uint8_t nak[256], rej[256], offer[IID_LEN];
	size_t nlen = 0, rlen = 0, off = 0, vlen;
	bool named = false;
	const uint8_t *val;
	uint8_t type;

	while (ppp_opt_next(opts, len, &off, &type, &val, &vlen) == 1) {
		if (type == IPV6CP_IID && vlen == IID_LEN && !named) {
			named = true;
			check_iid(l, val, nak, &nlen);
		} else {
			rlen += opt_put(rej + rlen, sizeof(rej) - rlen, type, val, vlen);
		}
	}
	if (!named && !rlen && !ppp_fsm_naks_exhausted(f)) {
		/* RFC 1661 5.3: a Nak may name an option the peer left out, to have it asked */
		ppp_random_iid(offer, l->local_iid);
		nlen += opt_put(nak + nlen, sizeof(nak) - nlen, IPV6CP_IID, offer, IID_LEN);
	}
	return ppp_fsm_verdict(nak, nlen, rej, rlen, resp, cap, resp_len);
}

/* A Nak of our identifier names the one the peer would have us use: fine, unless it is its. */
static int got_nak(struct ppp_fsm *f, const uint8_t *opts, size_t len)
{
	struct ppp_link *l = fsm_link(f);
	size_t off = 0, vlen;
	const uint8_t *val;
	uint8_t type;

	while (ppp_opt_next(opts, len, &off, &type, &val, &vlen) == 1) {
		if (type != IPV6CP_IID || vlen != IID_LEN)
			continue;
		if (!iid_zero(val) && memcmp(val, l->remote_iid, IID_LEN))
			memcpy(l->local_iid, val, IID_LEN);
		else
			ppp_random_iid(l->local_iid, l->remote_iid);
	}
	if (++l->neg.ipv6cp_refusals >= IPV6CP_MAX_REFUSALS)
		ppp_fsm_close(f, NULL);		/* layer_finished decides what that costs */
	return 0;
}

/* Our only option refused: the peer's choice alone names the link (ours stays random). */
static int got_reject(struct ppp_fsm *f, const uint8_t *opts, size_t len)
{
	(void)opts;
	(void)len;
	fsm_link(f)->neg.ipv6cp_iid_rejected = true;
	return 0;
}

static void layer_up(struct ppp_fsm *f)
{
	struct ppp_link *l = fsm_link(f);

	if (iid_zero(l->remote_iid))	/* the peer never named one and took no offer */
		ppp_random_iid(l->remote_iid, l->local_iid);
	l->neg.ipv6cp_refusals = 0;	/* a renegotiation counts afresh */
	l->neg.ipv6cp_done = false;
	link_ipv6_changed(l, true);
}

static void layer_down(struct ppp_fsm *f)
{
	link_ipv6_changed(fsm_link(f), false);	/* still Opened while this runs */
}

static void layer_finished(struct ppp_fsm *f)
{
	struct ppp_link *l = fsm_link(f);

	if (l->phase == PHASE_TERMINATE || l->neg.ipv6cp_done)
		return;
	l->neg.ipv6cp_done = true;
	if (l->policy.ipv6 == PPP_IPV6_REQUIRE) {
		link_info(l, "use-ipv6=require and IPv6CP could not be agreed");
		link_fail(l, "ipv6cp-failed");
		return;
	}
	link_info(l, "IPv6CP could not be agreed: IPv4 only");
	link_network_changed(l);
}

const struct ppp_fsm_ops ipv6cp_ops = {
	.build_request = build_request,
	.check_request = check_request,
	.got_nak = got_nak,
	.got_reject = got_reject,
	.layer_up = layer_up,
	.layer_down = layer_down,
	.layer_finished = layer_finished,
	.send = link_send_fsm,
	.timer_start = link_timer_start,
	.timer_stop = link_timer_stop,
};
