// SPDX-License-Identifier: GPL-2.0
/*
 * The authenticator role of a link (we serve the peer): the server's settings, the
 * authentication's verdict, and from there the network phase.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include "admin/config.h"
#include "l2tp/server_menu.h"
#include "pptp/server_menu.h"
#include "aaa/aaa_menu.h"
#include "aaa/backoff.h"
#include "aaa/ipam.h"
#include "aaa/ipam6.h"
#include "aaa/local.h"
#include "core/keyed_hash.h"
#define LOG_TOPIC LOG_T_PPP
#include "core/log.h"
#include "ppp/link_log.h"
#include "ppp/link_int.h"

/*
 * The settings a served call follows, read when it starts: its transport's server menu's
 * (the common part), or the transport's own (PPPoE: the item that answered the PADR).
 */
static const struct ppp_server_cfg *server_cfg(const struct ppp_link *l,
					       enum cfg_mppe_mode *mppe_mode)
{
	const struct pptp_server_cfg *pptp = pptp_server_cfg();
	const struct l2tp_server_cfg *l2tp = l2tp_server_cfg();

	if (l->p.server) {
		*mppe_mode = CFG_MPPE_STATELESS;	/* what Windows and pppd ask for */
		return l->p.server;
	}
	if (!strcmp(l->p.service, "l2tp")) {
		*mppe_mode = l2tp->mppe_mode;
		return (const struct ppp_server_cfg *)l2tp;
	}
	*mppe_mode = pptp->mppe_mode;
	return (const struct ppp_server_cfg *)pptp;
}

static unsigned long login_seq;

static void server_auth_send(struct ppp_auth *a, uint16_t proto, const uint8_t *pkt, size_t len)
{
	link_send_frame(a->ctx, proto, pkt, len);
}

static void server_start_network(struct ppp_link *l, const struct auth_secret *s)
{
	struct ppp_profile_cfg prof;
	int ret;

	if (l->done || l->phase == PHASE_TERMINATE)
		return;
	ppp_profile_resolve(l->profile, &prof);
	l->policy.encryption = ppp_encryption_of(&prof);
	l->policy.ipv6 = ppp_ipv6_of(&prof);
	l->neg.mppe_offer |= ppp_mppe_strengths_of(&prof);
	if (l->policy.encryption == PPP_ENCRYPTION_REQUIRED && !l->auth.have_keys) {
		link_info(l, "encryption required, but %s gives no MPPE keys",
			  ppp_auth_name(l->neg.auth_method));
		ppp_link_close(l, "encryption-required");
		return;
	}
	switch (link_only_one(l)) {
	case 1:
		link_info(l, "%s is already connected and only-one=yes", l->user);
		ppp_link_close(l, "only-one");
		return;
	case 2:
		loop_timer_arm(&l->timers.replace_wait, 100);	/* the setup watchdog bounds this */
		return;
	}
	ret = link_assign_addresses(l, s);
	if (ret) {
		link_warn(l, "no address for %s: %s", l->user,
			  ret == -ENOSPC ? "the pool is exhausted" :
			  ret == -ENOENT ? "no such pool" :
			  ret == -EADDRINUSE ? "its fixed address is in use" :
			  "no local-address in the profile");
		ppp_link_close(l, "no-address");
		return;
	}
	ppp_link_apply_overrides(l, &l->policy.overrides);	/* RADIUS's DNS servers */
	l->phase = PHASE_NETWORK;
	l->neg.ccp_done = !(l->policy.encryption != PPP_ENCRYPTION_NO && l->auth.have_keys);
	if (!l->neg.ccp_done) {
		ppp_fsm_up(&l->ccp);
		ppp_fsm_open(&l->ccp);
	}
	link_network_changed(l);
}

void server_replace_wait_expired(struct loop_timer *t)
{
	struct ppp_link *l = link_of_timer(t, timers.replace_wait);
	struct auth_secret s;
	const char *unused;

	if (auth_link_secret(&l->auth, &s, &unused))
		ppp_link_close(l, "authentication-failure");	/* removed meanwhile */
	else
		server_start_network(l, &s);
}

/* The Access-Accept's word over the profile (zeros after local authentication): all of it. */
static void overrides_from_accept(struct ppp_link *l, const struct auth_attrs *at)
{
	struct ppp_overrides o = {
		.set = PPP_OVR_RATE_LIMIT | PPP_OVR_SESSION_TIMEOUT | PPP_OVR_IDLE_TIMEOUT |
		       PPP_OVR_INTERIM | PPP_OVR_DNS,
		.session_timeout = at->session_timeout, .idle_timeout = at->idle_timeout,
		.interim_s = at->interim,
	};

	snprintf(o.rate_limit, sizeof(o.rate_limit), "%s", at->rate_limit);
	memcpy(o.dns, at->dns, sizeof(o.dns));
	ppp_link_apply_overrides(l, &o);
}

/*
 * Whom failed logins count against: the caller's address, or for a caller known by its MAC
 * (PPPoE) a keyed hash of that, so that no one can pick MACs that share another's count.
 */
static uint32_t backoff_source(const struct ppp_link *l)
{
	if (l->p.caller || !l->p.caller_id[0])
		return l->p.caller;
	return keyed_hash32(l->p.caller_id, strlen(l->p.caller_id));
}

static struct login_backoff_limits backoff_limits(void)
{
	const struct ppp_aaa_cfg *c = ppp_aaa();

	return (struct login_backoff_limits){ .max_failures = c->max_login_failures,
					      .max_wait_s = c->login_backoff_max };
}

/* After failed logins the address or the name waits: refused before any password check. */
static const char *server_auth_admit(struct ppp_auth *a)
{
	struct ppp_link *l = a->ctx;
	struct login_backoff_limits lim = backoff_limits();
	unsigned int wait_s = login_backoff_wait(&lim, backoff_source(l), a->user);

	if (!wait_s)
		return NULL;
	snprintf(l->backoff_why, sizeof(l->backoff_why),
		 "too many failed logins: refused for %u s more", wait_s);
	l->backed_off = true;
	return l->backoff_why;
}

static void server_auth_done(struct ppp_auth *a, bool ok, const char *why)
{
	struct ppp_link *l = a->ctx;
	struct login_backoff_limits lim = backoff_limits();
	struct ppp_profile_cfg prof;
	struct auth_secret s;
	const char *unused;

	if (!l->backed_off)	/* a refusal while backing off is not one more guess */
		login_backoff_record(&lim, backoff_source(l), a->user, ok);
	if (!ok) {
		char name[sizeof(a->user) * 4];

		log_escape(name, sizeof(name), a->user);
		link_info_as(l, a->user, "authentication of %s (%s) failed: %s",
			     name[0] ? name : "-", ppp_auth_name(l->neg.auth_method), why);
		ppp_link_close(l, "authentication-failure");
		return;
	}
	snprintf(l->user, sizeof(l->user), "%s", a->user);	/* a known secret's name */
	l->policy.login_seq = ++login_seq;	/* only-one=replace: the order of logins, not of calls */
	link_info(l, "%s authenticated (%s)", a->user, ppp_auth_name(l->neg.auth_method));
	snprintf(l->profile, sizeof(l->profile), "%s", a->profile);
	if (!strcmp(l->profile, "default"))	/* the server's default-profile stands in */
		snprintf(l->profile, sizeof(l->profile), "%s", l->conf.default_profile);
	ppp_profile_resolve(l->profile, &prof);
	snprintf(l->policy.rate_limit, sizeof(l->policy.rate_limit), "%s", prof.rate_limit);
	overrides_from_accept(l, &a->attrs);
	if (auth_link_secret(&l->auth, &s, &unused)) {
		ppp_link_close(l, "authentication-failure");	/* removed meanwhile */
		return;
	}
	server_start_network(l, &s);
}

static const struct ppp_auth_ops auth_ops = {
	.send = server_auth_send, .done = server_auth_done, .admit = server_auth_admit,
};

static void read_settings(struct ppp_link *l)
{
	enum cfg_mppe_mode mode;
	const struct ppp_server_cfg *s = server_cfg(l, &mode);

	l->conf.allowed_auth = s->authentication;
	l->conf.keepalive_s = s->keepalive_timeout;
	l->conf.max_mtu = (uint16_t)s->max_mtu;
	l->conf.max_mru = (uint16_t)s->max_mru;
	snprintf(l->conf.default_profile, sizeof(l->conf.default_profile), "%s",
		 s->default_profile);
	l->neg.auth_method = ppp_auth_preferred(l->conf.allowed_auth);
	/* the strengths come from the profile, known once the peer has authenticated */
	l->neg.mppe_offer = mode == CFG_MPPE_STATELESS ? MPPE_H : 0;
}

static int server_init(struct ppp_link *l, const struct ppp_link_params *p)
{
	read_settings(l);
	ppp_auth_init(&l->auth, &auth_ops, l, p->service, "sluice");
	return 0;
}

static void server_release(struct ppp_link *l)
{
	(void)l;	/* the authenticator's state is the link's own (l->auth) */
}

static void server_lcp_up(struct ppp_link *l)
{
	ppp_auth_start(&l->auth, l->neg.auth_method);
}

static void server_auth_input(struct ppp_link *l, uint16_t proto, const uint8_t *frame,
			      size_t len)
{
	ppp_auth_input(&l->auth, proto, frame, len);
}

static bool server_have_keys(const struct ppp_link *l)
{
	return l->auth.have_keys;
}

static void server_take_keys(struct ppp_link *l, uint8_t send[16], uint8_t recv[16])
{
	memcpy(send, l->auth.send_key, sizeof(l->auth.send_key));
	memcpy(recv, l->auth.recv_key, sizeof(l->auth.recv_key));
	OPENSSL_cleanse(l->auth.send_key, sizeof(l->auth.send_key));
	OPENSSL_cleanse(l->auth.recv_key, sizeof(l->auth.recv_key));
}

/* The secret's routes, then the limits and accounting of the user we serve. */
static void server_up(struct ppp_link *l)
{
	struct auth_secret s;
	const char *unused;

	if (!auth_link_secret(&l->auth, &s, &unused))
		link_install_routes(l, s.routes);
	link_start_limits(l);
	link_acct_start(l);
}

static void server_down(struct ppp_link *l)
{
	if (l->remote_addr)	/* pool or fixed, it goes back */
		ipam_release(l->remote_addr);
	ipam6_release(l->prefix6_pool, &l->prefix6);
	ipam6_release(l->pd6_pool, &l->pd6);
	l->prefix6.len = l->pd6.len = 0;
}

const struct ppp_role_ops ppp_role_server = {
	.dials_out = false,
	.ipcp = &ipcp_ops,
	.ipv6cp = &ipv6cp_ops,
	.init = server_init,
	.release = server_release,
	.lcp_up = server_lcp_up,
	.auth_input = server_auth_input,
	.have_keys = server_have_keys,
	.take_keys = server_take_keys,
	.name_interface = link_name_interface,
	.up = server_up,
	.down = server_down,
};
