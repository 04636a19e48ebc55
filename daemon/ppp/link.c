// SPDX-License-Identifier: GPL-2.0
/*
 * A link's life and phases: creation and freeing, the list of links, the session ids, the
 * frames in and out, and the steps from phase to phase as the automatons report them. The
 * jobs along the way live apart: bring-up (ppp/bringup.c), policy (ppp/policy.c), teardown
 * (ppp/teardown.c), the authenticator role (ppp/server.c), the dial-out role (ppp/client.c).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include "core/kernel.h"
#define LOG_TOPIC LOG_T_PPP
#include "core/log.h"
#include "ppp/link_log.h"
#include "ppp/link_int.h"
#include "ppp/views.h"

static struct ppp_link *links;

static unsigned int nlinks;

/*
 * Acct-Session-Id: counts up within a run from a random start, so a restart does not hand
 * out the ids of the last run again (a RADIUS server's acct_unique would merge sessions).
 */
static uint32_t next_id;
/* the sessions that share the links' table (ppp/views.h): IKE road warriors */
const struct ppp_other_sessions *ppp_other_sessions;

static struct loop_timer *fsm_timer(struct ppp_fsm *f)
{
	struct ppp_link *l = fsm_link(f);

	if (f == &l->lcp)
		return &l->timers.lcp;
	if (f == &l->ccp)
		return &l->timers.ccp;
	return f == &l->ipv6cp ? &l->timers.ipv6cp : &l->timers.ipcp;
}

static void lcp_timeout(struct loop_timer *t)
{
	ppp_fsm_timeout(&link_of_timer(t, timers.lcp)->lcp);
}

static void ccp_timeout(struct loop_timer *t)
{
	ppp_fsm_timeout(&link_of_timer(t, timers.ccp)->ccp);
}

static void ipcp_timeout(struct loop_timer *t)
{
	ppp_fsm_timeout(&link_of_timer(t, timers.ipcp)->ipcp);
}

static void ipv6cp_timeout(struct loop_timer *t)
{
	ppp_fsm_timeout(&link_of_timer(t, timers.ipv6cp)->ipv6cp);
}

void link_timer_start(struct ppp_fsm *f, unsigned int ms)
{
	loop_timer_arm(fsm_timer(f), ms);
}

void link_timer_stop(struct ppp_fsm *f)
{
	loop_timer_cancel(fsm_timer(f));
}

static void send_frame(struct ppp_link *l, uint16_t proto, const uint8_t *pkt, size_t len)
{
	uint8_t frame[2 + PPP_FSM_PKT_MAX];
	int ret;

	if (l->phase == PHASE_TERMINATE && proto != PPP_LCP)
		return;
	if (len > PPP_FSM_PKT_MAX)
		return;
	frame[0] = proto >> 8;
	frame[1] = proto & 0xff;
	memcpy(frame + 2, pkt, len);
	ret = kernel_ctrl_send(l->p.session, frame, len + 2);
	if (ret)
		link_debug(l, "sending a %04x frame: %s", proto, strerror(-ret));
}

void link_send_fsm(struct ppp_fsm *f, const uint8_t *pkt, size_t len)
{
	send_frame(fsm_link(f), f->proto, pkt, len);
}

void link_send_frame(struct ppp_link *l, uint16_t proto, const uint8_t *pkt, size_t len)
{
	send_frame(l, proto, pkt, len);
}

size_t opt_put(uint8_t *buf, size_t cap, uint8_t type, const void *val, size_t len)
{
	if (len + 2 > cap || len > 253)
		return 0;
	buf[0] = type;
	buf[1] = (uint8_t)(len + 2);
	if (len)
		memcpy(buf + 2, val, len);
	return len + 2;
}

size_t opt_put_u16(uint8_t *buf, size_t cap, uint8_t type, uint16_t v)
{
	uint16_t be = htons(v);

	return opt_put(buf, cap, type, &be, 2);
}

size_t opt_put_u32(uint8_t *buf, size_t cap, uint8_t type, uint32_t v)
{
	uint32_t be = htonl(v);

	return opt_put(buf, cap, type, &be, 4);
}

void link_lcp_finished(struct ppp_link *l)
{
	if (!l->cause[0])
		snprintf(l->cause, sizeof(l->cause), "%s",
			 l->phase == PHASE_LCP ? "lcp-failed" : "user-request");
	link_finish(l);
}

/*
 * LCP left Opened: the peer terminates, or renegotiates. Either way the link as it was
 * negotiated (authenticated user, keys, addresses) is over: end it, as pppd does.
 */
void link_lcp_down(struct ppp_link *l)
{
	ppp_fsm_down(&l->ipcp);
	ppp_fsm_down(&l->ipv6cp);
	ppp_fsm_down(&l->ccp);
	if (l->phase != PHASE_TERMINATE && !l->cause[0])
		snprintf(l->cause, sizeof(l->cause), "user-request");
	if (l->phase > PHASE_LCP)
		link_close_later(l, "user-request");
}

void link_protocol_rejected(struct ppp_link *l, uint16_t proto)
{
	if (proto == PPP_CCP)
		ppp_fsm_protocol_rejected(&l->ccp);
	else if (proto == PPP_IPCP)
		ppp_fsm_protocol_rejected(&l->ipcp);
	else if (proto == PPP_IPV6CP)
		ppp_fsm_protocol_rejected(&l->ipv6cp);
}

void link_lcp_up(struct ppp_link *l)
{
	if (l->phase != PHASE_LCP)
		return;		/* up again after a renegotiation: the close is on its way */
	l->phase = PHASE_AUTH;
	if (l->conf.keepalive_s)
		loop_timer_arm(&l->timers.keepalive, l->conf.keepalive_s * 1000);
	l->role->lcp_up(l);
}

/*
 * IPv6CP runs beside IPCP where the role knows it and the profile wants it, on a link that
 * can carry IPv6 at all: RFC 8200 wants an MTU of 1280 (Linux sets up no IPv6 below it).
 * The session's MTU is known by then: the NCPs wait for CCP, and MPPE takes 4 bytes.
 */
static bool ipv6_offered(const struct ppp_link *l)
{
	return l->role->ipv6cp && l->policy.ipv6 != PPP_IPV6_NO && ppp_link_mtu(l) >= 1280;
}

/* The NCPs the link needs open before it is up: IPCP, and IPv6CP under use-ipv6=require. */
static bool network_ready(const struct ppp_link *l)
{
	if (l->ipcp.state != PPP_FSM_OPENED)
		return false;
	return l->policy.ipv6 != PPP_IPV6_REQUIRE || l->ipv6cp.state == PPP_FSM_OPENED;
}

void link_network_changed(struct ppp_link *l)
{
	int ret;

	if (l->phase != PHASE_NETWORK || !l->neg.ccp_done)
		return;
	/* the NCPs start once CCP is settled, as clients expect (they ignore them before) */
	if (l->ipcp.state == PPP_FSM_INITIAL) {
		ppp_fsm_up(&l->ipcp);
		ppp_fsm_open(&l->ipcp);
	}
	if (ipv6_offered(l) && l->ipv6cp.state == PPP_FSM_INITIAL) {
		ppp_fsm_up(&l->ipv6cp);
		ppp_fsm_open(&l->ipv6cp);
	} else if (!ipv6_offered(l) && l->policy.ipv6 == PPP_IPV6_REQUIRE) {
		link_info(l, "use-ipv6=require, but an MTU under 1280 carries no IPv6");
		link_fail(l, "ipv6cp-failed");
		return;
	}
	if (!network_ready(l))
		return;
	ret = link_push_kernel(l);
	if (ret) {
		link_err(l, "handing the session to the kernel: %s", strerror(-ret));
		ppp_link_close(l, "nas-error");
		return;
	}
	l->phase = PHASE_UP;
	l->up_since = time(NULL);
	loop_timer_cancel(&l->timers.setup);
	l->role->up(l);
	if (l->ops->up)
		l->ops->up(l);
}

/* IPv6CP opened or closed on a link that is up: the kernel follows; before, the push does. */
void link_ipv6_changed(struct ppp_link *l, bool up)
{
	if (l->phase == PHASE_NETWORK) {
		link_network_changed(l);	/* use-ipv6=require may have waited for it */
		return;
	}
	if (l->phase == PHASE_UP)
		link_push_ipv6(l, up);
}

static void frame_in(void *owner, const uint8_t *frame, size_t len)
{
	struct ppp_link *l = owner;
	uint16_t proto;

	if (len < 2 || l->done)
		return;
	proto = (uint16_t)(frame[0] << 8 | frame[1]);
	frame += 2;
	len -= 2;
	if (proto == PPP_LCP) {
		ppp_fsm_input(&l->lcp, frame, len);
	} else if (proto == PPP_PAP || proto == PPP_CHAP) {
		if (l->phase >= PHASE_AUTH)	/* later too: a lost Success is repeated */
			l->role->auth_input(l, proto, frame, len);
	} else if (l->phase < PHASE_NETWORK) {
		return;		/* RFC 1661: network protocols wait for their phase */
	} else if (proto == PPP_IPCP) {
		ppp_fsm_input(&l->ipcp, frame, len);
	} else if (proto == PPP_IPV6CP && ipv6_offered(l)) {
		ppp_fsm_input(&l->ipv6cp, frame, len);
	} else if (proto == PPP_CCP && l->policy.encryption != PPP_ENCRYPTION_NO &&
		   l->role->have_keys(l)) {
		ppp_fsm_input(&l->ccp, frame, len);
	} else if (l->lcp.state == PPP_FSM_OPENED) {
		ppp_fsm_send_protocol_reject(&l->lcp, proto, frame, len);
	}
}

uint32_t ppp_new_session_id(void)
{
	static bool seeded;

	if (!seeded) {
		if (getrandom(&next_id, sizeof(next_id), GRND_NONBLOCK) != sizeof(next_id))
			next_id = (uint32_t)time(NULL);
		next_id &= 0x7fffffff;		/* room to count up */
		seeded = true;
	}
	if (!next_id)
		next_id = 1;			/* 0 is no session */
	return next_id++;
}

/* The module went away (core/kernel.c): its sessions, and so the links, are gone. */
static unsigned int module_gone(void)
{
	return ppp_link_lower_down_all("lost-service");
}

struct ppp_link *ppp_link_new(const struct ppp_link_params *p, const struct ppp_link_ops *ops,
			      void *ctx)
{
	struct ppp_link *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	kernel_on_module_gone(module_gone);	/* once would do; a store is cheaper than a flag */
	l->p = *p;
	l->ops = ops;
	l->ctx = ctx;
	l->id = ppp_new_session_id();
	l->started = time(NULL);
	l->neg.peer_mru = 1500;
	l->role = p->client ? &ppp_role_dial_out : &ppp_role_server;
	if (l->role->init(l, p)) {
		free(l);
		return NULL;
	}
	ppp_fsm_init(&l->lcp, PPP_LCP, &lcp_ops, l);
	ppp_fsm_init(&l->ccp, PPP_CCP, &ccp_ops, l);
	ppp_fsm_init(&l->ipcp, PPP_IPCP, l->role->ipcp, l);
	ppp_fsm_init(&l->ipv6cp, PPP_IPV6CP, l->role->ipv6cp ? l->role->ipv6cp : &ipv6cp_ops, l);
	loop_timer_init(&l->timers.lcp, lcp_timeout);
	loop_timer_init(&l->timers.ccp, ccp_timeout);
	loop_timer_init(&l->timers.ipcp, ipcp_timeout);
	loop_timer_init(&l->timers.ipv6cp, ipv6cp_timeout);
	loop_timer_init(&l->timers.keepalive, link_keepalive);
	loop_timer_init(&l->timers.hold, link_hold_expired);
	loop_timer_init(&l->timers.later, link_later_expired);
	loop_timer_init(&l->timers.setup, link_setup_expired);
	loop_timer_init(&l->timers.limit, link_limit_check);
	loop_timer_init(&l->timers.interim, link_interim);
	loop_timer_init(&l->timers.replace_wait, server_replace_wait_expired);
	loop_timer_arm(&l->timers.setup, SETUP_MS);
	if (kernel_ctrl_bind(p->session, frame_in, l)) {
		l->role->release(l);
		free(l);
		return NULL;
	}
	l->next = links;
	if (links)
		links->prev = l;
	links = l;
	nlinks++;
	ppp_fsm_up(&l->lcp);
	ppp_fsm_open(&l->lcp);
	return l;
}

void ppp_link_free(struct ppp_link *l)
{
	loop_timer_cancel(&l->timers.lcp);
	loop_timer_cancel(&l->timers.ccp);
	loop_timer_cancel(&l->timers.ipcp);
	loop_timer_cancel(&l->timers.ipv6cp);
	link_cancel_timers(l);
	kernel_ctrl_unbind(l->p.session);
	if (l->prev)
		l->prev->next = l->next;
	else
		links = l->next;
	if (l->next)
		l->next->prev = l->prev;
	nlinks--;
	l->role->release(l);
	free(l);
}

struct ppp_link *ppp_link_next(struct ppp_link *l)
{
	return l ? l->next : links;
}

bool ppp_link_outgoing(const struct ppp_link *l)
{
	return l->role->dials_out;
}

/* MPPE's, the IPsec SA's the transport rides, or both */
const char *ppp_link_encoding(const struct ppp_link *l)
{
	static char both[sizeof(l->p.ipsec) + 32];

	if (!l->p.ipsec[0])
		return l->neg.mppe_bits ? mppe_describe(l->neg.mppe_bits) : "";
	if (!l->neg.mppe_bits)
		return l->p.ipsec;
	snprintf(both, sizeof(both), "%s, %s", l->p.ipsec, mppe_describe(l->neg.mppe_bits));
	return both;
}

unsigned int ppp_active_count(void)
{
	return nlinks;
}
