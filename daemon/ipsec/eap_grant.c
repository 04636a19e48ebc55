// SPDX-License-Identifier: GPL-2.0
/*
 * EAP road warriors' grants (eap_grant.h): the hooks eap_server.c asks, and the addresses
 * held until session.c claims them.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include "aaa/ipam.h"
#include "aaa/local.h"
#include "core/loop.h"
#include "ipsec/conn.h"
#include "ipsec/eap_grant.h"
#include "ipsec/eap_server.h"
#include "ipsec/identity_menu.h"
#include "ipsec/mode_config_menu.h"
#include "ipsec/session.h"
#include "ppp/link.h"
#include "ppp/profile_menu.h"
#include "radius/client.h"
#define LOG_TOPIC LOG_T_IPSEC
#include "core/log.h"

struct grant {
	uint32_t ike_id;		/* 0: a free slot */
	uint32_t addr;			/* network order; 0: none of ours */
	uint64_t until;			/* loop ms */
	struct ipsec_eap_claim claim;
};

static struct grant grants[IPSEC_EAP_GRANTS_MAX];

static void drop(struct grant *g)
{
	if (g->addr)
		ipam_release(g->addr);
	memset(g, 0, sizeof(*g));
}

/* Unclaimed too long: the IKE SA never came up (or came up without our address). */
static void expire(void)
{
	uint64_t now = loop_now_ms();
	size_t i;

	for (i = 0; i < IPSEC_EAP_GRANTS_MAX; i++)
		if (grants[i].ike_id && now >= grants[i].until)
			drop(&grants[i]);
}

static struct grant *slot_for(uint32_t ike_id)
{
	struct grant *free_slot = NULL;
	size_t i;

	for (i = 0; i < IPSEC_EAP_GRANTS_MAX; i++) {
		if (grants[i].ike_id == ike_id) {
			drop(&grants[i]);	/* charon asked again for that IKE SA */
			return &grants[i];
		}
		if (!grants[i].ike_id && !free_slot)
			free_slot = &grants[i];
	}
	return free_slot;
}

/* Relayed when the /radius menu has servers for ipsec; else the /ppp secrets decide. */
static enum ipsec_eap_route route(const struct ipsec_eap_accept *a)
{
	(void)a;
	return rad_client_has_servers_for(CFG_RADIUS_IPSEC) ? IPSEC_EAP_RELAY : IPSEC_EAP_LOCAL;
}

/* only-one of the user's profile, across PPP links and IKE sessions: 0, or -EEXIST */
static int only_one(const char *user, const struct ppp_profile_cfg *prof)
{
	bool replace = prof->only_one == CFG_ONLY_ONE_REPLACE;
	struct ppp_link *l;
	size_t n;

	if (!replace && prof->only_one != CFG_ONLY_ONE_YES)
		return 0;
	n = ipsec_sessions_of_user(user, replace ? "replaced" : NULL);
	for (l = ppp_link_next(NULL); l; l = ppp_link_next(l)) {
		if (l->done || ppp_link_outgoing(l) || strcmp(l->user, user))
			continue;
		n++;
		if (replace)
			ppp_link_close(l, "replaced");
	}
	if (n && replace)
		log_info("ipsec: %s logged in again: %zu older sessions end (only-one=replace)",
			 user, n);
	return n && !replace ? -EEXIST : 0;
}

/* The address: the upstream's, the secret's remote-address, or the mode-config's pool. */
static int address(const struct ipsec_eap_accept *a, const char *fixed,
		   struct ipsec_eap_grant *g)
{
	const struct ipsec_identity_cfg *id = ipsec_conn_identity(a->nas_port_id);
	const struct ipsec_mode_config_cfg *mc =
		id && id->mode_config ? ipsec_mode_config_find(id->mode_config) : NULL;
	struct in_addr want;

	if (!g->framed_ip && fixed && *fixed && inet_pton(AF_INET, fixed, &want) == 1)
		g->framed_ip = want.s_addr;
	if (g->framed_ip)
		return ipam_reserve(g->framed_ip);
	if (mc && mc->responder && mc->address_pool)
		return ipam_alloc(mc->address_pool, &g->framed_ip);
	return 0;	/* none: charon's other pools (the mode-config's blocks) decide */
}

static int on_accept(const struct ipsec_eap_accept *a, struct ipsec_eap_grant *g)
{
	struct auth_secret sec = { 0 };
	struct ppp_profile_cfg prof;
	const char *why = NULL;
	struct grant *slot;
	int ret;

	expire();
	if (!a->relayed && auth_local_find(a->user, "ipsec", &sec, &why))
		return -EACCES;		/* eap_server checked it: the configuration changed */
	ppp_profile_resolve(sec.profile ? sec.profile : "default", &prof);
	if (only_one(a->user, &prof)) {
		log_info("ipsec: %s refused: already logged in (only-one=yes)", a->user);
		return -EEXIST;
	}
	if (!g->session_timeout)
		g->session_timeout = prof.session_timeout;
	slot = a->nas_port ? slot_for(a->nas_port) : NULL;
	if (!slot) {		/* no IKE SA to tie an address to: charon's pools decide */
		g->session_timeout = 0;
		return 0;
	}
	ret = address(a, sec.remote_address, g);
	if (ret) {
		log_warn("ipsec: %s refused: no address (%s)", a->user,
			 ret == -EADDRINUSE ? "its address is in use" : strerror(-ret));
		g->framed_ip = 0;
		return ret;
	}
	*slot = (struct grant){ .ike_id = a->nas_port, .addr = g->framed_ip,
				.until = loop_now_ms() + IPSEC_EAP_GRANT_MS,
				.claim = { .timeout = g->session_timeout,
					   .from_radius = a->relayed } };
	if (a->class_ && a->class_len <= sizeof(slot->claim.class_)) {
		memcpy(slot->claim.class_, a->class_, a->class_len);
		slot->claim.class_len = a->class_len;
	}
	/* the session's own timer ends it (as PPP's): charon would turn Session-Timeout into
	 * AUTH_LIFETIME, a re-authentication the client starts at once when it is short */
	g->session_timeout = 0;
	return 0;
}

bool ipsec_eap_grant_claim(uint32_t ike_id, uint32_t vip, struct ipsec_eap_claim *out)
{
	size_t i;

	for (i = 0; i < IPSEC_EAP_GRANTS_MAX; i++) {
		struct grant *g = &grants[i];

		if (g->ike_id != ike_id)
			continue;
		*out = g->claim;
		if (g->addr != vip) {	/* charon gave another: ours goes back */
			drop(g);
			return false;
		}
		memset(g, 0, sizeof(*g));	/* the session holds the address now */
		return true;
	}
	return false;
}

void ipsec_eap_grant_init(void)
{
	ipsec_eap_server_set_route(route);
	ipsec_eap_server_set_on_accept(on_accept);
}

void ipsec_eap_grant_done(void)
{
	size_t i;

	for (i = 0; i < IPSEC_EAP_GRANTS_MAX; i++)
		if (grants[i].ike_id)
			drop(&grants[i]);
	ipsec_eap_server_set_on_accept(NULL);
	ipsec_eap_server_set_route(NULL);
}
