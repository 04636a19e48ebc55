// SPDX-License-Identifier: GPL-2.0
/*
 * IPCP (RFC 1332) with the DNS options of RFC 1877: our address goes in our request; the
 * peer gets the address the secret or the profile's pool chose for it, and the profile's
 * DNS servers, whatever it asks for; VJ compression and the old IP-Addresses are refused.
 */
#include <string.h>
#include <arpa/inet.h>
#define LOG_TOPIC LOG_T_PPP
#include "core/log.h"
#include "ppp/link_log.h"
#include "ppp/client.h"
#include "ppp/proto.h"

#define IPCP_ADDRESSES 1
#define IPCP_COMPRESSION 2
#define IPCP_ADDRESS 3
#define IPCP_DNS1 129
#define IPCP_DNS2 131

static size_t build_request(struct ppp_fsm *f, uint8_t *buf, size_t cap)
{
	struct ppp_link *l = fsm_link(f);

	return opt_put(buf, cap, IPCP_ADDRESS, &l->local_addr, 4);
}

/* An address option: ack it if it is what we assign, else nak with ours; 0 means reject. */
static void check_addr(uint8_t type, const uint8_t *val, uint32_t ours, uint8_t *nak,
		       size_t *nlen, uint8_t *rej, size_t *rlen)
{
	if (!ours)
		*rlen += opt_put(rej + *rlen, 256 - *rlen, type, val, 4);
	else if (memcmp(val, &ours, 4))
		*nlen += opt_put(nak + *nlen, 256 - *nlen, type, &ours, 4);
}

static int check_request(struct ppp_fsm *f, const uint8_t *opts, size_t len, uint8_t *resp,
			 size_t cap, size_t *resp_len)
{
	struct ppp_link *l = fsm_link(f);
	uint8_t nak[256], rej[256];
	size_t nlen = 0, rlen = 0, off = 0, vlen;
	const uint8_t *val;
	uint8_t type;

	while (ppp_opt_next(opts, len, &off, &type, &val, &vlen) == 1) {
		if (type == IPCP_ADDRESS && vlen == 4)
			check_addr(type, val, l->remote_addr, nak, &nlen, rej, &rlen);
		else if (type == IPCP_DNS1 && vlen == 4)
			check_addr(type, val, l->dns[0], nak, &nlen, rej, &rlen);
		else if (type == IPCP_DNS2 && vlen == 4)
			check_addr(type, val, l->dns[1], nak, &nlen, rej, &rlen);
		else
			rlen += opt_put(rej + rlen, sizeof(rej) - rlen, type, val, vlen);
	}
	return ppp_fsm_verdict(nak, nlen, rej, rlen, resp, cap, resp_len);
}

#define IPCP_MAX_REFUSALS 10

/* The peer may not choose our address: a Nak changes nothing; refusing it for long ends it. */
static int got_nak(struct ppp_fsm *f, const uint8_t *opts, size_t len)
{
	struct ppp_link *l = fsm_link(f);

	(void)opts;
	(void)len;
	if (++l->neg.ipcp_refusals >= IPCP_MAX_REFUSALS)
		link_close_later(l, "ipcp-failed");
	return 0;
}

static int got_reject(struct ppp_fsm *f, const uint8_t *opts, size_t len)
{
	return got_nak(f, opts, len);
}

static void layer_up(struct ppp_fsm *f)
{
	link_network_changed(fsm_link(f));
}

static void layer_finished(struct ppp_fsm *f)
{
	struct ppp_link *l = fsm_link(f);

	if (l->phase != PHASE_TERMINATE) {
		link_info(l, "IPCP could not be agreed");
		link_fail(l, "ipcp-failed");
	}
}

const struct ppp_fsm_ops ipcp_ops = {
	.build_request = build_request,
	.check_request = check_request,
	.got_nak = got_nak,
	.got_reject = got_reject,
	.layer_up = layer_up,
	.layer_finished = layer_finished,
	.send = link_send_fsm,
	.timer_start = link_timer_start,
	.timer_stop = link_timer_stop,
};

/*
 * --- the dial-out role: we ask for 0.0.0.0 and take the address the peer's Nak names; the
 * peer's own address is whatever it asks for (a server that names none is refused: a point-
 * to-point link needs the other end). Everything else the peer asks for is rejected. Neither
 * end may be an address that would shadow a host we reach otherwise (address_refused): the
 * server has no business handing those out, so the link ends with a clear cause.
 */
#define ADDRESS_REFUSED "ipcp-address-refused"
static size_t client_build_request(struct ppp_fsm *f, uint8_t *buf, size_t cap)
{
	return opt_put(buf, cap, IPCP_ADDRESS, &fsm_link(f)->local_addr, 4);
}

/* Why addr (network order) cannot be an end of the tunnel; NULL if it can. */
static const char *address_refused(const struct ppp_link *l, uint32_t addr)
{
	uint32_t h = ntohl(addr);

	if (h >> 24 == 0)
		return "in 0.0.0.0/8";
	if (h >> 24 == 127)
		return "a loopback address";
	if (h >= 0xe0000000)
		return h < 0xf0000000 ? "a multicast address" : "a reserved or broadcast address";
	if (addr == l->p.caller)
		return "the server's own address, which the tunnel would then carry";
	if (ppp_client_addr_is_ours(addr, l->p.ifindex))
		return "an address of one of this host's interfaces";
	return NULL;
}

/* Ends the link, once, saying what the server did wrong. */
static void refuse(struct ppp_link *l, const char *what)
{
	if (l->phase == PHASE_TERMINATE || loop_timer_armed(&l->timers.later))
		return;		/* already ending: one line per link, however many packets */
	link_warn(l, "the server %s: refused", what);
	link_close_later(l, ADDRESS_REFUSED);
}

/*
 * An address the server offers for an end of the tunnel (whose: "itself", "us"); false, and
 * the link ends, if it is no good.
 */
static bool acceptable(struct ppp_link *l, const char *whose, uint32_t addr)
{
	const char *why = address_refused(l, addr);
	char text[INET_ADDRSTRLEN], what[160];

	if (!why)
		return true;
	inet_ntop(AF_INET, &addr, text, sizeof(text));
	snprintf(what, sizeof(what), "gives %s %s, %s", whose, text, why);
	refuse(l, what);
	return false;
}

static int client_check_request(struct ppp_fsm *f, const uint8_t *opts, size_t len, uint8_t *resp,
				size_t cap, size_t *resp_len)
{
	struct ppp_link *l = fsm_link(f);
	uint32_t peer = 0, a;
	size_t rlen = 0, off = 0, vlen;
	const uint8_t *val;
	uint8_t type;

	while (ppp_opt_next(opts, len, &off, &type, &val, &vlen) == 1) {
		if (type == IPCP_ADDRESS && vlen == 4) {
			memcpy(&a, val, 4);
			if (acceptable(l, "itself", a)) {
				peer = a;
				continue;
			}
		}
		rlen += opt_put(resp + rlen, cap - rlen, type, val, vlen);
	}
	if (rlen) {
		*resp_len = rlen;
		return PPP_CONF_REJ;
	}
	l->remote_addr = peer;
	return PPP_CONF_ACK;
}

/* An Ack of our request stands only once it names a real address. */
static int client_got_ack(struct ppp_fsm *f, const uint8_t *opts, size_t len)
{
	(void)opts;
	(void)len;
	return fsm_link(f)->local_addr ? 0 : -1;
}

static int client_got_nak(struct ppp_fsm *f, const uint8_t *opts, size_t len)
{
	struct ppp_link *l = fsm_link(f);
	const uint8_t *val;
	size_t off = 0, vlen;
	uint32_t a;
	uint8_t type;

	while (ppp_opt_next(opts, len, &off, &type, &val, &vlen) == 1) {
		if (type != IPCP_ADDRESS || vlen != 4)
			continue;
		memcpy(&a, val, 4);
		if (!acceptable(l, "us", a))
			return 0;
		l->local_addr = a;
	}
	if (++l->neg.ipcp_refusals >= IPCP_MAX_REFUSALS)
		link_close_later(l, "ipcp-failed");
	return 0;
}

static int client_got_reject(struct ppp_fsm *f, const uint8_t *opts, size_t len)
{
	struct ppp_link *l = fsm_link(f);

	(void)opts;
	(void)len;
	link_info(l, "the peer will not give us an address");
	link_close_later(l, "ipcp-failed");
	return 0;
}

/* Both ends known and distinct before anything is pushed or addressed. */
static void client_layer_up(struct ppp_fsm *f)
{
	struct ppp_link *l = fsm_link(f);

	if (!l->remote_addr)
		refuse(l, "names no address for its end");
	else if (l->remote_addr == l->local_addr)
		refuse(l, "gives us the address of its own end");
	else if (acceptable(l, "itself", l->remote_addr) && acceptable(l, "us", l->local_addr))
		link_network_changed(l);
}

const struct ppp_fsm_ops ipcp_client_ops = {
	.build_request = client_build_request,
	.check_request = client_check_request,
	.got_ack = client_got_ack,
	.got_nak = client_got_nak,
	.got_reject = client_got_reject,
	.layer_up = client_layer_up,
	.layer_finished = layer_finished,
	.send = link_send_fsm,
	.timer_start = link_timer_start,
	.timer_stop = link_timer_stop,
};
