// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include "admin/config.h"
#include "aaa/ipam.h"
#include "core/kernel.h"
#define LOG_TOPIC LOG_T_PPP
#include "core/log.h"
#include "core/rtnl.h"
#include "aaa/local.h"
#include "ppp/client.h"
#include "ppp/proto.h"

#define ECHO_PROBE_MS 1000
#define TERMINATE_HOLD_MS 3000	/* how long we wait for the Terminate-Ack */
#define SETUP_MS 60000		/* from the call to the link being up */

const struct ppp_link_acct_ops *ppp_link_acct;
/* The server menu whose settings a served call follows: its transport's. */
static const struct cfg_menu *server_menu(const struct ppp_link *l)
{
	return config_menu(strcmp(l->p.service, "l2tp") ? CFG_PPTP_SERVER : CFG_L2TP_SERVER);
}

static struct ppp_link *links;
static unsigned int nlinks;
/*
 * Acct-Session-Id: counts up within a run from a random start, so a restart does not hand
 * out the ids of the last run again (a RADIUS server's acct_unique would merge sessions).
 */
static uint32_t next_id;
static unsigned long login_seq;

/* --- plumbing shared by the protocols */

static struct ppp_link *link_of_timer(struct loop_timer *t, size_t off)
{
	return (struct ppp_link *)((char *)t - off);
}

static struct loop_timer *fsm_timer(struct ppp_fsm *f)
{
	struct ppp_link *l = fsm_link(f);

	return f == &l->lcp ? &l->lcp_timer : f == &l->ccp ? &l->ccp_timer : &l->ipcp_timer;
}

static void lcp_timeout(struct loop_timer *t)
{
	ppp_fsm_timeout(&link_of_timer(t, offsetof(struct ppp_link, lcp_timer))->lcp);
}

static void ccp_timeout(struct loop_timer *t)
{
	ppp_fsm_timeout(&link_of_timer(t, offsetof(struct ppp_link, ccp_timer))->ccp);
}

static void ipcp_timeout(struct loop_timer *t)
{
	ppp_fsm_timeout(&link_of_timer(t, offsetof(struct ppp_link, ipcp_timer))->ipcp);
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
	ret = kernel_ctrl_send(l->p.ifindex, frame, len + 2);
	if (ret)
		log_debug("%s: sending a %04x frame: %s", l->p.tag, proto, strerror(-ret));
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

/* --- the end of a link */

/* /ppp aaa accounting=yes: start, interim and stop records */
static bool accounting(void)
{
	const struct cfg_menu *m = config_menu(CFG_AAA);

	return cfg_bool(cfg_get(m, cfg_find(m, NULL), "accounting"));
}

static void acct_stop(struct ppp_link *l)
{
	struct sluice_session_info si;
	char addr[INET_ADDRSTRLEN] = "-", caller[INET_ADDRSTRLEN];
	time_t now = time(NULL);

	memset(&si, 0, sizeof(si));
	if (l->up_since)
		kernel_session_get(l->p.ifindex, &si);
	if (l->remote_addr)
		inet_ntop(AF_INET, &l->remote_addr, addr, sizeof(addr));
	inet_ntop(AF_INET, &l->p.caller, caller, sizeof(caller));
	log_acct("acct: stop session=%08x user=%s service=%s caller=%s address=%s "
		 "duration=%lds rx-bytes=%llu tx-bytes=%llu rx-packets=%llu tx-packets=%llu "
		 "cause=%s", l->id, l->user[0] ? l->user : "-", l->p.service, caller, addr,
		 l->up_since ? (long)(now - l->up_since) : 0L,
		 (unsigned long long)si.st.rx_bytes, (unsigned long long)si.st.tx_bytes,
		 (unsigned long long)si.st.rx_packets, (unsigned long long)si.st.tx_packets,
		 l->cause);
	if (ppp_link_acct)
		ppp_link_acct->stop(l, &si);
}

/* The link's own timers (the automatons' stay with them until the link is freed). */
static void cancel_link_timers(struct ppp_link *l)
{
	loop_timer_cancel(&l->keepalive);
	loop_timer_cancel(&l->hold);
	loop_timer_cancel(&l->later);
	loop_timer_cancel(&l->setup);
	loop_timer_cancel(&l->limit);
	loop_timer_cancel(&l->interim);
	loop_timer_cancel(&l->replace_wait);
	ppp_auth_stop(&l->auth);
}

/* Everything is down: give the address back, log, and let the transport clear the call. */
static void finish(struct ppp_link *l)
{
	if (l->done)
		return;
	l->done = true;
	if (!l->cause[0])
		snprintf(l->cause, sizeof(l->cause), "user-request");
	cancel_link_timers(l);
	if (l->up_since && l->acct_started)	/* a stop for every start, and only then */
		acct_stop(l);
	if (l->client)
		client_down(l);
	else if (l->remote_addr)	/* pool or fixed, it goes back */
		ipam_release(l->remote_addr);
	l->remote_addr = 0;
	l->phase = PHASE_TERMINATE;
	l->ops->finished(l, l->cause);
}

static void hold_expired(struct loop_timer *t)
{
	finish(link_of_timer(t, offsetof(struct ppp_link, hold)));
}

void ppp_link_close(struct ppp_link *l, const char *cause)
{
	if (l->phase == PHASE_TERMINATE)
		return;
	if (!l->cause[0])
		snprintf(l->cause, sizeof(l->cause), "%s", cause);
	log_info("%s: closing (%s)", l->p.tag, l->cause);
	l->phase = PHASE_TERMINATE;	/* first: the NCPs' callbacks see we are ending */
	loop_timer_cancel(&l->replace_wait);	/* a closing link starts nothing */
	ppp_fsm_close(&l->ipcp, NULL);
	ppp_fsm_close(&l->ccp, NULL);
	ppp_fsm_close(&l->lcp, l->cause);
	/* the peer may never answer: LCP's own retries end in layer_finished, this is a net */
	loop_timer_arm(&l->hold, TERMINATE_HOLD_MS * 3);
}

void link_fail(struct ppp_link *l, const char *cause)
{
	ppp_link_close(l, cause);
}

static void close_later_expired(struct loop_timer *t)
{
	struct ppp_link *l = link_of_timer(t, offsetof(struct ppp_link, later));

	ppp_link_close(l, l->later_cause);
}

void link_close_later(struct ppp_link *l, const char *cause)
{
	if (l->done || l->phase == PHASE_TERMINATE || loop_timer_armed(&l->later))
		return;
	l->later_cause = cause;
	loop_timer_arm(&l->later, 0);
}

static void setup_expired(struct loop_timer *t)
{
	struct ppp_link *l = link_of_timer(t, offsetof(struct ppp_link, setup));

	log_info("%s: not up after %d s", l->p.tag, SETUP_MS / 1000);
	ppp_link_close(l, "setup-timeout");
}

void ppp_link_lower_down(struct ppp_link *l, const char *cause)
{
	if (l->done)
		return;
	if (!l->cause[0])
		snprintf(l->cause, sizeof(l->cause), "%s", cause);
	l->phase = PHASE_TERMINATE;
	ppp_fsm_down(&l->ipcp);
	ppp_fsm_down(&l->ccp);
	ppp_fsm_down(&l->lcp);
	loop_timer_cancel(&l->lcp_timer);
	finish(l);
}

void link_lcp_finished(struct ppp_link *l)
{
	if (!l->cause[0])
		snprintf(l->cause, sizeof(l->cause), "%s",
			 l->phase == PHASE_LCP ? "lcp-failed" : "user-request");
	finish(l);
}

/*
 * LCP left Opened: the peer terminates, or renegotiates. Either way the link as it was
 * negotiated (authenticated user, keys, addresses) is over: end it, as pppd does.
 */
void link_lcp_down(struct ppp_link *l)
{
	ppp_fsm_down(&l->ipcp);
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
}

/* --- keepalive: the kernel knows when the peer last sent anything */

void link_echo_reply(struct ppp_link *l)
{
	l->echo_unanswered = 0;
}

/*
 * RouterOS's rule: after keepalive-timeout seconds with nothing from the peer, an
 * Echo-Request every second, four times; still nothing, and the link is down. A link
 * that carries traffic costs one kernel query per keepalive-timeout and sends nothing.
 */
#define ECHO_PROBES 4

static void keepalive(struct loop_timer *t)
{
	struct ppp_link *l = link_of_timer(t, offsetof(struct ppp_link, keepalive));
	struct sluice_session_info si;
	uint64_t limit = (uint64_t)l->keepalive_s * 1000, idle;

	if (kernel_session_get(l->p.ifindex, &si)) {
		ppp_link_lower_down(l, "lost-service");
		return;
	}
	idle = si.st.last_rx_ms;
	if (idle < limit) {
		l->echo_unanswered = 0;
		loop_timer_arm(&l->keepalive, (unsigned int)(limit - idle));
		return;
	}
	if (l->echo_unanswered >= ECHO_PROBES) {
		/* a peer that answers nothing will not answer a Terminate-Request either */
		log_info("%s: no answer from the peer for %llu ms", l->p.tag,
			 (unsigned long long)idle);
		ppp_link_lower_down(l, "lost-carrier");
		return;
	}
	ppp_fsm_send_echo_request(&l->lcp, NULL, 0);
	l->echo_unanswered++;
	loop_timer_arm(&l->keepalive, ECHO_PROBE_MS);
}

/* --- authentication to network phase */

static void auth_send(struct ppp_auth *a, uint16_t proto, const uint8_t *pkt, size_t len)
{
	send_frame(a->ctx, proto, pkt, len);
}

/*
 * only-one: yes refuses a second login of the user; replace (ours) ends the older sessions
 * and lets the new one wait until they are gone, so their addresses are free again.
 * Returns 1 refused, 2 wait, 0 go on.
 */
static int only_one(struct ppp_link *l)
{
	const char *mode = cfg_profile_get(l->profile, "only-one");
	bool replace = !strcmp(mode, "replace"), waiting = false;
	struct ppp_link *o;

	if (!replace && !cfg_bool(mode))
		return 0;
	for (o = links; o; o = o->next) {
		/* only earlier logins: a later one has replaced this one already */
		if (o == l || o->done || o->client || strcmp(o->user, l->user) ||
		    (replace && o->login_seq > l->login_seq))
			continue;
		if (!replace && o->phase != PHASE_TERMINATE)
			return 1;
		if (replace && o->phase != PHASE_TERMINATE) {
			log_info("%s: %s logged in again: ending %s (only-one=replace)", l->p.tag,
				 l->user, o->p.tag);
			ppp_link_close(o, "replaced");
		}
		waiting = true;
	}
	return waiting ? 2 : 0;
}

static int encryption_level(const char *v)
{
	return !strcmp(v, "required") ? 2 : !strcmp(v, "yes") ? 1 : 0;
}

/* Addresses: the secret's, else the profile's (an address or a pool). */
static int assign_addresses(struct ppp_link *l, const struct auth_secret *s)
{
	const char *local = *s->local_address ? s->local_address :
			    cfg_profile_get(l->profile, "local-address");
	const char *remote = *s->remote_address ? s->remote_address :
			     cfg_profile_get(l->profile, "remote-address");
	const char *dns = cfg_profile_get(l->profile, "dns-server");
	struct in_addr a;
	int ret;

	if (inet_pton(AF_INET, local, &a) != 1)
		return -EDESTADDRREQ;
	l->local_addr = a.s_addr;
	if (inet_pton(AF_INET, remote, &a) == 1) {
		ret = ipam_reserve(a.s_addr);
	} else {
		ret = ipam_alloc(remote, &a.s_addr);
		l->addr_from_pool = !ret;
	}
	if (ret)
		return ret;
	l->remote_addr = a.s_addr;
	if (dns[0]) {
		char two[64], *comma;

		snprintf(two, sizeof(two), "%s", dns);
		comma = strchr(two, ',');
		if (comma)
			*comma++ = '\0';
		inet_pton(AF_INET, two, &l->dns[0]);
		if (comma)
			inet_pton(AF_INET, comma, &l->dns[1]);
	}
	return ret;
}

static void start_network(struct ppp_link *l, const struct auth_secret *s)
{
	int ret;

	if (l->done || l->phase == PHASE_TERMINATE)
		return;
	l->encryption = encryption_level(cfg_profile_get(l->profile, "use-encryption"));
	if (l->encryption == 2 && !l->auth.have_keys) {
		log_info("%s: encryption required, but %s gives no MPPE keys", l->p.tag,
			 ppp_auth_name(l->auth_method));
		ppp_link_close(l, "encryption-required");
		return;
	}
	switch (only_one(l)) {
	case 1:
		log_info("%s: %s is already connected and only-one=yes", l->p.tag, l->user);
		ppp_link_close(l, "only-one");
		return;
	case 2:
		loop_timer_arm(&l->replace_wait, 100);	/* the setup watchdog bounds this */
		return;
	}
	ret = assign_addresses(l, s);
	if (ret) {
		log_warn("%s: no address for %s: %s", l->p.tag, l->user,
			 ret == -ENOSPC ? "the pool is exhausted" :
			 ret == -ENOENT ? "no such pool" :
			 ret == -EADDRINUSE ? "its fixed address is in use" :
			 "no local-address in the profile");
		ppp_link_close(l, "no-address");
		return;
	}
	if (l->auth.attrs.dns[0])	/* RADIUS's MS-Primary/Secondary-DNS-Server win */
		memcpy(l->dns, l->auth.attrs.dns, sizeof(l->dns));
	l->phase = PHASE_NETWORK;
	l->ccp_done = !(l->encryption && l->auth.have_keys);
	if (!l->ccp_done) {
		ppp_fsm_up(&l->ccp);
		ppp_fsm_open(&l->ccp);
	}
	link_network_changed(l);
}

static void replace_wait_expired(struct loop_timer *t)
{
	struct ppp_link *l = link_of_timer(t, offsetof(struct ppp_link, replace_wait));
	struct auth_secret s;
	const char *unused;

	if (auth_link_secret(&l->auth, &s, &unused))
		ppp_link_close(l, "authentication-failure");	/* removed meanwhile */
	else
		start_network(l, &s);
}

static void auth_done(struct ppp_auth *a, bool ok, const char *why)
{
	struct ppp_link *l = a->ctx;
	struct auth_secret s;
	const char *unused;

	if (!ok) {
		char name[sizeof(a->user) * 4];

		log_escape(name, sizeof(name), a->user);
		log_info("%s: authentication of %s (%s) failed: %s", l->p.tag,
			 name[0] ? name : "-", ppp_auth_name(l->auth_method), why);
		ppp_link_close(l, "authentication-failure");
		return;
	}
	snprintf(l->user, sizeof(l->user), "%s", a->user);	/* a known secret's name */
	l->login_seq = ++login_seq;	/* only-one=replace: the order of logins, not of calls */
	log_info("%s: %s authenticated (%s)", l->p.tag, a->user, ppp_auth_name(l->auth_method));
	snprintf(l->profile, sizeof(l->profile), "%s", a->profile);
	if (!strcmp(l->profile, "default"))	/* the server's default-profile stands in */
		snprintf(l->profile, sizeof(l->profile), "%s",
			 cfg_get(server_menu(l), cfg_find(server_menu(l), NULL), "default-profile"));
	snprintf(l->rate_limit, sizeof(l->rate_limit), "%s",
		 a->attrs.rate_limit[0] ? a->attrs.rate_limit :	/* RADIUS's, else the profile's */
		 cfg_profile_get(l->profile, "rate-limit"));
	if (auth_link_secret(&l->auth, &s, &unused)) {
		ppp_link_close(l, "authentication-failure");	/* removed meanwhile */
		return;
	}
	start_network(l, &s);
}

static const struct ppp_auth_ops auth_ops = { .send = auth_send, .done = auth_done };

void link_lcp_up(struct ppp_link *l)
{
	if (l->phase != PHASE_LCP)
		return;		/* up again after a renegotiation: the close is on its way */
	l->phase = PHASE_AUTH;
	if (l->keepalive_s)
		loop_timer_arm(&l->keepalive, l->keepalive_s * 1000);
	if (l->client)
		client_lcp_up(l);
	else
		ppp_auth_start(&l->auth, l->auth_method);
}

/*
 * --- session-timeout and idle-timeout. Idle means no data packet from the peer: the
 * kernel counts data and control frames apart, so keepalive echoes, which the peer answers
 * however idle it is, do not keep an idle session up (RouterOS: "no activity").
 */
static void limit_check(struct loop_timer *t)
{
	struct ppp_link *l = link_of_timer(t, offsetof(struct ppp_link, limit));
	time_t now = time(NULL), up = now - l->up_since;
	struct sluice_session_info si;
	unsigned int next = 3600;

	if (l->session_timeout && up >= (time_t)l->session_timeout) {
		ppp_link_close(l, "session-timeout");
		return;
	}
	if (l->session_timeout)
		next = l->session_timeout - (unsigned int)up;
	if (l->idle_timeout && !kernel_session_get(l->p.ifindex, &si)) {
		time_t idle;

		if (si.st.rx_packets != l->idle_rx_packets || !l->idle_since) {
			l->idle_rx_packets = si.st.rx_packets;
			l->idle_since = now;
		}
		idle = now - l->idle_since;
		if (idle >= (time_t)l->idle_timeout) {
			ppp_link_close(l, "idle-timeout");
			return;
		}
		/* idleness is only seen when we look: look every eighth of the timeout (at
		 * most every minute), so a session ends within that of its time */
		if (l->idle_timeout - (unsigned int)idle < next)
			next = l->idle_timeout - (unsigned int)idle;
		if (next > l->idle_timeout / 8)
			next = l->idle_timeout / 8 < 60 ? l->idle_timeout / 8 : 60;
	}
	loop_timer_arm(&l->limit, (next ? next : 1) * 1000);
}

static void start_limits(struct ppp_link *l)
{
	l->session_timeout = cfg_seconds(cfg_profile_get(l->profile, "session-timeout"));
	l->idle_timeout = cfg_seconds(cfg_profile_get(l->profile, "idle-timeout"));
	if (l->auth.attrs.session_timeout)	/* RADIUS's Session-Timeout, Idle-Timeout win */
		l->session_timeout = l->auth.attrs.session_timeout;
	if (l->auth.attrs.idle_timeout)
		l->idle_timeout = l->auth.attrs.idle_timeout;
	if (l->session_timeout || l->idle_timeout)
		limit_check(&l->limit);
}

/* --- accounting */

static void interim(struct loop_timer *t)
{
	struct ppp_link *l = link_of_timer(t, offsetof(struct ppp_link, interim));
	struct sluice_session_info si;

	memset(&si, 0, sizeof(si));
	kernel_session_get(l->p.ifindex, &si);
	log_acct("acct: interim session=%08x user=%s duration=%lds rx-bytes=%llu tx-bytes=%llu "
		 "rx-packets=%llu tx-packets=%llu", l->id, l->user, (long)(time(NULL) - l->up_since),
		 (unsigned long long)si.st.rx_bytes, (unsigned long long)si.st.tx_bytes,
		 (unsigned long long)si.st.rx_packets, (unsigned long long)si.st.tx_packets);
	if (ppp_link_acct)
		ppp_link_acct->interim(l, &si);
	loop_timer_arm(&l->interim, l->interim_s * 1000);
}

static void acct_start(struct ppp_link *l)
{
	const struct cfg_menu *m = config_menu(CFG_AAA);
	char addr[INET_ADDRSTRLEN], caller[INET_ADDRSTRLEN];

	if (!accounting())
		return;
	l->acct_started = true;
	inet_ntop(AF_INET, &l->remote_addr, addr, sizeof(addr));
	inet_ntop(AF_INET, &l->p.caller, caller, sizeof(caller));
	log_acct("acct: start session=%08x user=%s service=%s caller=%s address=%s "
		 "interface=%s encryption=%s", l->id, l->user, l->p.service, caller, addr,
		 l->ifname[0] ? l->ifname : "-",
		 l->mppe_bits ? mppe_describe(l->mppe_bits) : "none");
	l->interim_s = cfg_seconds(cfg_get(m, cfg_find(m, NULL), "interim-update"));
	if (l->auth.attrs.interim)	/* RADIUS's Acct-Interim-Interval wins */
		l->interim_s = l->auth.attrs.interim;
	if (ppp_link_acct)
		ppp_link_acct->start(l);
	if (l->interim_s)
		loop_timer_arm(&l->interim, l->interim_s * 1000);
}

/* --- the network phase done: one push into the kernel */

static void install_routes(struct ppp_link *l, const char *routes)
{
	char buf[1024], *save = NULL, *r;

	snprintf(buf, sizeof(buf), "%s", routes);
	for (r = strtok_r(buf, ",", &save); r; r = strtok_r(NULL, ",", &save)) {
		char dst[32] = "", gw[32] = "";
		unsigned int metric = 0, prefix = 32;
		struct in_addr d = { 0 }, g = { 0 };
		char *slash;
		int ret;

		sscanf(r, "%31s %31s %u", dst, gw, &metric);
		slash = strchr(dst, '/');
		if (slash) {
			*slash = '\0';
			prefix = (unsigned int)atoi(slash + 1);
		}
		inet_pton(AF_INET, dst, &d);
		if (gw[0])
			inet_pton(AF_INET, gw, &g);
		ret = rtnl_route((int)l->p.ifindex, d.s_addr, prefix, g.s_addr, metric, true);
		if (ret)
			log_warn("%s: route %s: %s", l->p.tag, r, strerror(-ret));
	}
}

/*
 * RouterOS names dynamic interfaces <service-user>, and <service-user-N> for a user's
 * further sessions; a name that will not fit or is taken leaves the kernel's own.
 */
static void name_interface(struct ppp_link *l, char *name)
{
	struct sluice_session_info si;
	int n;

	for (n = 1; n <= 16; n++) {
		char num[8] = "";
		int room;

		if (n > 1)
			snprintf(num, sizeof(num), "-%d", n);
		/* '<' service '-' user num '>' and the NUL in 16 bytes */
		room = 16 - 4 - (int)strnlen(l->p.service, 6) - (int)strlen(num);
		if (room < 1)
			break;
		if ((size_t)snprintf(name, 16, "<%.6s-%.*s%s>", l->p.service, room, l->user,
				     num) >= 16)
			break;
		if (!rtnl_link_set((int)l->p.ifindex, false, 0, name)) {
			snprintf(l->ifname, sizeof(l->ifname), "%s", name);
			return;
		}
	}
	if (!kernel_session_get(l->p.ifindex, &si))
		snprintf(l->ifname, sizeof(l->ifname), "%s", si.p.ifname);
}

static int push_kernel(struct ppp_link *l)
{
	struct sluice_session_params sp = { .ifindex = l->p.ifindex };
	uint16_t mtu = l->peer_mru < l->max_mtu ? l->peer_mru : l->max_mtu;
	char name[16];
	int ret;

	sp.mtu = mtu;
	sp.ppp_flags = l->tx_flags;
	sp.mru = l->peer_mru;
	if (l->mppe_bits) {
		uint32_t s = mppe_strongest(l->mppe_bits);

		sp.mppe_bits = s == MPPE_S ? 128 : s == MPPE_M ? 56 : 40;
		sp.mppe_flags = l->mppe_bits & MPPE_H ? SLUICE_MPPE_F_STATELESS : 0;
		memcpy(sp.send_key, l->client ? l->client->auth.send_key : l->auth.send_key,
		       sizeof(sp.send_key));
		memcpy(sp.recv_key, l->client ? l->client->auth.recv_key : l->auth.recv_key,
		       sizeof(sp.recv_key));
	}
	ret = kernel_session_set(&sp);
	memset(&sp, 0, sizeof(sp));
	if (ret)
		return ret;
	if (l->client)
		client_name_interface(l);
	else
		name_interface(l, name);
	ret = rtnl_addr_p2p((int)l->p.ifindex, l->local_addr, l->remote_addr);
	if (!ret)
		ret = rtnl_link_set((int)l->p.ifindex, true, 0, NULL);
	return ret;
}

void link_network_changed(struct ppp_link *l)
{
	struct auth_secret s;
	const char *unused;
	int ret;

	if (l->phase != PHASE_NETWORK || !l->ccp_done)
		return;
	/* IPCP starts once CCP is settled, as clients expect (they ignore it before) */
	if (l->ipcp.state == PPP_FSM_INITIAL) {
		ppp_fsm_up(&l->ipcp);
		ppp_fsm_open(&l->ipcp);
	}
	if (l->ipcp.state != PPP_FSM_OPENED)
		return;
	ret = push_kernel(l);
	if (ret) {
		log_err("%s: handing the session to the kernel: %s", l->p.tag, strerror(-ret));
		ppp_link_close(l, "nas-error");
		return;
	}
	if (l->client)
		client_up(l);
	else if (!auth_link_secret(&l->auth, &s, &unused))
		install_routes(l, s.routes);
	l->phase = PHASE_UP;
	l->up_since = time(NULL);
	loop_timer_cancel(&l->setup);
	if (!l->client) {	/* limits and accounting are for the users we serve */
		start_limits(l);
		acct_start(l);
	}
	if (l->ops->up)
		l->ops->up(l);
}

/* --- frames from the peer */

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
		if (l->phase >= PHASE_AUTH && l->client)
			client_auth_input(l, proto, frame, len);
		else if (l->phase >= PHASE_AUTH)	/* later too: a lost Success is repeated */
			ppp_auth_input(&l->auth, proto, frame, len);
	} else if (l->phase < PHASE_NETWORK) {
		return;		/* RFC 1661: network protocols wait for their phase */
	} else if (proto == PPP_IPCP) {
		ppp_fsm_input(&l->ipcp, frame, len);
	} else if (proto == PPP_CCP && l->encryption &&
		   (l->client ? client_have_keys(l) : l->auth.have_keys)) {
		ppp_fsm_input(&l->ccp, frame, len);
	} else if (l->lcp.state == PPP_FSM_OPENED) {
		ppp_fsm_send_protocol_reject(&l->lcp, proto, frame, len);
	}
}

/* --- life cycle */

static void read_server_settings(struct ppp_link *l)
{
	const struct cfg_menu *m = server_menu(l);
	const struct cfg_item *it = cfg_find(m, NULL);

	snprintf(l->allowed_auth, sizeof(l->allowed_auth), "%s", cfg_get(m, it, "authentication"));
	l->keepalive_s = (unsigned int)atoi(cfg_get(m, it, "keepalive-timeout"));
	l->max_mtu = (uint16_t)atoi(cfg_get(m, it, "max-mtu"));
	l->max_mru = (uint16_t)atoi(cfg_get(m, it, "max-mru"));
	l->auth_method = ppp_auth_preferred(l->allowed_auth);
	l->mppe_offer = MPPE_STRENGTHS;
	if (!strcmp(cfg_get(m, it, "mppe-mode"), "stateless"))
		l->mppe_offer |= MPPE_H;
}

static uint32_t new_session_id(void)
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

struct ppp_link *ppp_link_new(const struct ppp_link_params *p, const struct ppp_link_ops *ops,
			      void *ctx)
{
	struct ppp_link *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	l->p = *p;
	l->ops = ops;
	l->ctx = ctx;
	l->id = new_session_id();
	l->started = time(NULL);
	l->peer_mru = 1500;
	if (p->client && client_link_init(l, p->client)) {
		free(l);
		return NULL;
	}
	if (!p->client)
		read_server_settings(l);
	ppp_fsm_init(&l->lcp, PPP_LCP, &lcp_ops, l);
	ppp_fsm_init(&l->ccp, PPP_CCP, &ccp_ops, l);
	ppp_fsm_init(&l->ipcp, PPP_IPCP, p->client ? &ipcp_client_ops : &ipcp_ops, l);
	loop_timer_init(&l->lcp_timer, lcp_timeout);
	loop_timer_init(&l->ccp_timer, ccp_timeout);
	loop_timer_init(&l->ipcp_timer, ipcp_timeout);
	loop_timer_init(&l->keepalive, keepalive);
	loop_timer_init(&l->hold, hold_expired);
	loop_timer_init(&l->later, close_later_expired);
	loop_timer_init(&l->setup, setup_expired);
	loop_timer_init(&l->limit, limit_check);
	loop_timer_init(&l->interim, interim);
	loop_timer_init(&l->replace_wait, replace_wait_expired);
	loop_timer_arm(&l->setup, SETUP_MS);
	ppp_auth_init(&l->auth, &auth_ops, l, p->service, "sluice");
	if (kernel_ctrl_bind(p->ifindex, frame_in, l)) {
		client_link_free(l);
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
	loop_timer_cancel(&l->lcp_timer);
	loop_timer_cancel(&l->ccp_timer);
	loop_timer_cancel(&l->ipcp_timer);
	cancel_link_timers(l);
	kernel_ctrl_unbind(l->p.ifindex);
	if (l->prev)
		l->prev->next = l->next;
	else
		links = l->next;
	if (l->next)
		l->next->prev = l->prev;
	nlinks--;
	client_link_free(l);
	free(l);
}

/* --- for RADIUS Dynamic Authorization */

struct ppp_link *ppp_link_next(struct ppp_link *l)
{
	return l ? l->next : links;
}

void ppp_link_set_session_timeout(struct ppp_link *l, unsigned int seconds)
{
	l->auth.attrs.session_timeout = seconds;
	if (l->phase != PHASE_UP)
		return;		/* start_limits takes it when the link comes up */
	loop_timer_cancel(&l->limit);
	start_limits(l);
}

const char *ppp_link_encoding(const struct ppp_link *l)
{
	return l->mppe_bits ? mppe_describe(l->mppe_bits) : "";
}

unsigned int ppp_active_count(void)
{
	return nlinks;
}
