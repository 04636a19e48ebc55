// SPDX-License-Identifier: GPL-2.0
/*
 * What the configuration asks of a served session while it lives: keepalive, only-one,
 * encryption's level, session-timeout and idle-timeout, and the accounting records.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include "admin/config.h"
#include "aaa/aaa_menu.h"
#include "ppp/profile_menu.h"
#include "core/kernel.h"
#define LOG_TOPIC LOG_T_PPP
#include "core/log.h"
#include "ppp/link_int.h"
#include "ppp/link_log.h"
#include "ppp/views.h"

const struct ppp_link_acct_ops *ppp_link_acct;

/* /ppp aaa accounting=yes: start, interim and stop records */
static bool accounting(void)
{
	return ppp_aaa()->accounting;
}

void link_acct_stop(struct ppp_link *l)
{
	struct sluice_session_info si;
	char addr[INET_ADDRSTRLEN] = "-", caller[PPP_CALLER_ID_SIZE];
	time_t now = time(NULL);

	memset(&si, 0, sizeof(si));
	if (l->up_since)
		kernel_session_get(l->p.session, &si);
	if (l->remote_addr)
		inet_ntop(AF_INET, &l->remote_addr, addr, sizeof(addr));
	ppp_link_caller_id(l, caller);
	link_acct(l, "acct: stop session=" PPP_SESSION_ID_FMT " user=%s service=%s caller=%s address=%s "
		 "duration=%lds rx-bytes=%llu tx-bytes=%llu rx-packets=%llu tx-packets=%llu "
		 "cause=%s", l->id, l->user[0] ? l->user : "-", l->p.service, caller, addr,
		 l->up_since ? (long)(now - l->up_since) : 0L,
		 (unsigned long long)si.st.rx_bytes, (unsigned long long)si.st.tx_bytes,
		 (unsigned long long)si.st.rx_packets, (unsigned long long)si.st.tx_packets,
		 l->cause);
	if (ppp_link_acct)
		ppp_link_acct->stop(l, &si);
}

#define ECHO_PROBE_MS 1000

void link_echo_reply(struct ppp_link *l)
{
	l->neg.echo_unanswered = 0;
}

/*
 * RouterOS's rule: after keepalive-timeout seconds with nothing from the peer, an
 * Echo-Request every second, four times; still nothing, and the link is down. A link
 * that carries traffic costs one kernel query per keepalive-timeout and sends nothing.
 */
#define ECHO_PROBES 4

void link_keepalive(struct loop_timer *t)
{
	struct ppp_link *l = link_of_timer(t, timers.keepalive);
	struct sluice_session_info si;
	uint64_t limit = (uint64_t)l->conf.keepalive_s * 1000, idle;

	if (kernel_session_get(l->p.session, &si)) {
		ppp_link_lower_down(l, "lost-service");
		return;
	}
	idle = si.st.last_rx_ms;
	if (idle < limit) {
		l->neg.echo_unanswered = 0;
		loop_timer_arm(&l->timers.keepalive, (unsigned int)(limit - idle));
		return;
	}
	if (l->neg.echo_unanswered >= ECHO_PROBES) {
		/* a peer that answers nothing will not answer a Terminate-Request either */
		link_info(l, "no answer from the peer for %llu ms", (unsigned long long)idle);
		ppp_link_lower_down(l, "lost-carrier");
		return;
	}
	ppp_fsm_send_echo_request(&l->lcp, NULL, 0);
	l->neg.echo_unanswered++;
	loop_timer_arm(&l->timers.keepalive, ECHO_PROBE_MS);
}

/*
 * only-one: yes refuses a second login of the user; replace (ours) ends the older sessions
 * and lets the new one wait until they are gone, so their addresses are free again.
 * Returns 1 refused, 2 wait, 0 go on.
 */
int link_only_one(struct ppp_link *l)
{
	struct ppp_profile_cfg prof;
	bool replace, waiting = false;
	struct ppp_link *o;

	ppp_profile_resolve(l->profile, &prof);
	replace = prof.only_one == CFG_ONLY_ONE_REPLACE;
	if (!replace && prof.only_one != CFG_ONLY_ONE_YES)
		return 0;
	/* the user's IKE road warriors too: one session table (ppp/views.h) */
	if (ppp_other_sessions && ppp_other_sessions->of_user &&
	    ppp_other_sessions->of_user(l->user, replace ? "replaced" : NULL) && !replace)
		return 1;
	for (o = ppp_link_next(NULL); o; o = ppp_link_next(o)) {
		/* only earlier logins: a later one has replaced this one already */
		if (o == l || o->done || o->role->dials_out || strcmp(o->user, l->user) ||
		    (replace && o->policy.login_seq > l->policy.login_seq))
			continue;
		if (!replace && o->phase != PHASE_TERMINATE)
			return 1;
		if (replace && o->phase != PHASE_TERMINATE) {
			link_info(l, "%s logged in again: ending %s (only-one=replace)", l->user,
				  o->p.tag);
			ppp_link_close(o, "replaced");
		}
		waiting = true;
	}
	return waiting ? 2 : 0;
}

/* use-encryption: default (after the default profile's) is no, as in RouterOS */
enum ppp_encryption ppp_encryption_of(const struct ppp_profile_cfg *profile)
{
	return profile->use_encryption == CFG_ENC_REQUIRED ? PPP_ENCRYPTION_REQUIRED :
	       profile->use_encryption == CFG_ENC_YES ? PPP_ENCRYPTION_YES : PPP_ENCRYPTION_NO;
}

/* RouterOS: use-ipv6 left at default is yes */
enum ppp_ipv6 ppp_ipv6_of(const struct ppp_profile_cfg *profile)
{
	return profile->use_ipv6 == CFG_IPV6_NO ? PPP_IPV6_NO :
	       profile->use_ipv6 == CFG_IPV6_REQUIRE ? PPP_IPV6_REQUIRE : PPP_IPV6_YES;
}

/*
 * The MPPE strengths a session may agree: 128-bit only (RouterOS offers nothing weaker),
 * unless the profile allows 40 and 56-bit, whose keys are a brute force away. Applies at every
 * use-encryption level: under yes, a peer that cannot do 128-bit gets no encryption.
 */
uint32_t ppp_mppe_strengths_of(const struct ppp_profile_cfg *profile)
{
	return profile->allow_weak_mppe ? MPPE_STRENGTHS : MPPE_S;
}

/*
 * --- session-timeout and idle-timeout. Idle means no data packet from the peer: the
 * kernel counts data and control frames apart, so keepalive echoes, which the peer answers
 * however idle it is, do not keep an idle session up (RouterOS: "no activity").
 */
void link_limit_check(struct loop_timer *t)
{
	struct ppp_link *l = link_of_timer(t, timers.limit);
	time_t now = time(NULL), up = now - l->up_since;
	struct sluice_session_info si;
	unsigned int next = 3600;

	if (l->policy.session_timeout && up >= (time_t)l->policy.session_timeout) {
		ppp_link_close(l, "session-timeout");
		return;
	}
	if (l->policy.session_timeout)
		next = l->policy.session_timeout - (unsigned int)up;
	if (l->policy.idle_timeout && !kernel_session_get(l->p.session, &si)) {
		time_t idle;

		if (si.st.rx_packets != l->acct.idle_rx_packets || !l->acct.idle_since) {
			l->acct.idle_rx_packets = si.st.rx_packets;
			l->acct.idle_since = now;
		}
		idle = now - l->acct.idle_since;
		if (idle >= (time_t)l->policy.idle_timeout) {
			ppp_link_close(l, "idle-timeout");
			return;
		}
		/* idleness is only seen when we look: look every eighth of the timeout (at
		 * most every minute), so a session ends within that of its time */
		if (l->policy.idle_timeout - (unsigned int)idle < next)
			next = l->policy.idle_timeout - (unsigned int)idle;
		if (next > l->policy.idle_timeout / 8)
			next = l->policy.idle_timeout / 8 < 60 ? l->policy.idle_timeout / 8 : 60;
	}
	loop_timer_arm(&l->timers.limit, (next ? next : 1) * 1000);
}

void link_start_limits(struct ppp_link *l)
{
	struct ppp_profile_cfg prof;

	ppp_profile_resolve(l->profile, &prof);
	l->policy.session_timeout = prof.session_timeout;
	l->policy.idle_timeout = prof.idle_timeout;
	ppp_link_apply_overrides(l, &l->policy.overrides);
	if (l->policy.session_timeout || l->policy.idle_timeout)
		link_limit_check(&l->timers.limit);
}

/* The overrides in force over what the profile gave (read where each is needed). */
static void overlay(struct ppp_link *l)
{
	const struct ppp_overrides *o = &l->policy.overrides;

	if (o->rate_limit[0])
		snprintf(l->policy.rate_limit, sizeof(l->policy.rate_limit), "%s", o->rate_limit);
	if (o->session_timeout)
		l->policy.session_timeout = o->session_timeout;
	if (o->idle_timeout)
		l->policy.idle_timeout = o->idle_timeout;
	if (o->interim_s)
		l->acct.interim_s = o->interim_s;
	if (o->dns[0])
		memcpy(l->dns, o->dns, sizeof(l->dns));
}

/* Those o gives replace those in force; &l->policy.overrides: only lays them over again. */
static void take_overrides(struct ppp_overrides *in, const struct ppp_overrides *o)
{
	if (o->set & PPP_OVR_RATE_LIMIT)
		snprintf(in->rate_limit, sizeof(in->rate_limit), "%s", o->rate_limit);
	if (o->set & PPP_OVR_SESSION_TIMEOUT)
		in->session_timeout = o->session_timeout;
	if (o->set & PPP_OVR_IDLE_TIMEOUT)
		in->idle_timeout = o->idle_timeout;
	if (o->set & PPP_OVR_INTERIM)
		in->interim_s = o->interim_s;
	if (o->set & PPP_OVR_DNS)
		memcpy(in->dns, o->dns, sizeof(in->dns));
	in->set |= o->set;
}

void ppp_link_apply_overrides(struct ppp_link *l, const struct ppp_overrides *o)
{
	bool limits = o->set & (PPP_OVR_SESSION_TIMEOUT | PPP_OVR_IDLE_TIMEOUT);

	if (o == &l->policy.overrides) {
		overlay(l);
		return;
	}
	take_overrides(&l->policy.overrides, o);
	overlay(l);
	/* a CoA's Mikrotik-Rate-Limit: the kernel's shaper changes, the session stays */
	if ((o->set & PPP_OVR_RATE_LIMIT) && l->p.ifindex)
		link_push_rate(l);
	if (limits && l->phase == PHASE_UP) {	/* else start_limits takes them at up */
		loop_timer_cancel(&l->timers.limit);
		link_start_limits(l);
	}
}

void link_interim(struct loop_timer *t)
{
	struct ppp_link *l = link_of_timer(t, timers.interim);
	struct sluice_session_info si;

	memset(&si, 0, sizeof(si));
	kernel_session_get(l->p.session, &si);
	link_acct(l, "acct: interim session=" PPP_SESSION_ID_FMT " user=%s duration=%lds rx-bytes=%llu tx-bytes=%llu "
		 "rx-packets=%llu tx-packets=%llu", l->id, l->user, (long)(time(NULL) - l->up_since),
		 (unsigned long long)si.st.rx_bytes, (unsigned long long)si.st.tx_bytes,
		 (unsigned long long)si.st.rx_packets, (unsigned long long)si.st.tx_packets);
	if (ppp_link_acct)
		ppp_link_acct->interim(l, &si);
	loop_timer_arm(&l->timers.interim, l->acct.interim_s * 1000);
}

void link_acct_start(struct ppp_link *l)
{
	char addr[INET_ADDRSTRLEN], caller[PPP_CALLER_ID_SIZE];

	if (!accounting())
		return;
	l->acct.started = true;
	inet_ntop(AF_INET, &l->remote_addr, addr, sizeof(addr));
	ppp_link_caller_id(l, caller);
	link_acct(l, "acct: start session=" PPP_SESSION_ID_FMT " user=%s service=%s caller=%s address=%s "
		 "interface=%s encryption=%s", l->id, l->user, l->p.service, caller, addr,
		 l->ifname[0] ? l->ifname : "-",
		 l->neg.mppe_bits ? mppe_describe(l->neg.mppe_bits) : "none");
	l->acct.interim_s = ppp_aaa()->interim_update;
	ppp_link_apply_overrides(l, &l->policy.overrides);
	if (ppp_link_acct)
		ppp_link_acct->start(l);
	if (l->acct.interim_s)
		loop_timer_arm(&l->timers.interim, l->acct.interim_s * 1000);
}
