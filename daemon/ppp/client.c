// SPDX-License-Identifier: GPL-2.0
/*
 * The dial-out role of a link: authentication to the peer, the network phase as a client,
 * the interface's name and the default route. See ppp/client.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include "admin/config.h"
#include "ppp/profile_menu.h"
#include "core/kernel.h"
#define LOG_TOPIC LOG_T_PPP
#include "core/log.h"
#include "ppp/link_log.h"
#include "core/rtnl.h"
#include "ppp/client.h"
#include "ppp/link_int.h"

static bool addr_is_ours(uint32_t addr, uint32_t except_ifindex)
{
	struct ifaddrs *all, *i;
	bool found = false;

	if (getifaddrs(&all))
		return false;	/* cannot tell: the other checks still apply */
	for (i = all; i && !found; i = i->ifa_next) {
		const struct sockaddr_in *a = (const void *)i->ifa_addr;
		const struct sockaddr_in *b = (const void *)i->ifa_broadaddr;

		if (!a || a->sin_family != AF_INET)
			continue;
		found = (a->sin_addr.s_addr == addr ||
			 ((i->ifa_flags & IFF_BROADCAST) && b && b->sin_addr.s_addr == addr)) &&
			if_nametoindex(i->ifa_name) != except_ifindex;
	}
	freeifaddrs(all);
	return found;
}

bool (*ppp_client_addr_is_ours)(uint32_t addr, uint32_t except_ifindex) = addr_is_ours;

static void auth_send(struct ppp_auth_peer *a, uint16_t proto, const uint8_t *pkt, size_t len)
{
	link_send_frame(a->ctx, proto, pkt, len);
}

static bool client_have_keys(const struct ppp_link *l)
{
	return l->client->auth.have_keys;
}

/*
 * CCP and IPCP start together, as pppd does as a client: a server that sends its IPCP
 * request right after authentication (pppd, Windows) gets an answer at once.
 */
static void start_network(struct ppp_link *l)
{
	bool keys = client_have_keys(l);
	struct ppp_profile_cfg prof;

	if (l->done || l->phase == PHASE_TERMINATE)
		return;
	ppp_profile_resolve(l->profile, &prof);
	l->policy.encryption = ppp_encryption_of(&prof);
	l->neg.mppe_offer |= ppp_mppe_strengths_of(&prof);
	if (l->policy.encryption == PPP_ENCRYPTION_REQUIRED && !keys) {
		link_info(l, "encryption required, but %s gives no MPPE keys",
			  ppp_auth_name(l->neg.auth_method));
		ppp_link_close(l, "encryption-required");
		return;
	}
	l->phase = PHASE_NETWORK;
	l->neg.ccp_done = !(l->policy.encryption != PPP_ENCRYPTION_NO && keys);
	if (!l->neg.ccp_done) {
		ppp_fsm_up(&l->ccp);
		ppp_fsm_open(&l->ccp);
	}
	ppp_fsm_up(&l->ipcp);
	ppp_fsm_open(&l->ipcp);
	link_network_changed(l);
}

static void auth_done(struct ppp_auth_peer *a, bool ok, const char *why)
{
	struct ppp_link *l = a->ctx;
	char name[sizeof(l->user) * 4];

	log_escape(name, sizeof(name), l->user);
	if (!ok) {
		link_info(l, "authentication as %s (%s) failed: %s", name,
			  ppp_auth_name(l->neg.auth_method), why);
		ppp_link_close(l, "authentication-failure");
		return;
	}
	link_info(l, "authenticated as %s (%s)", name, ppp_auth_name(l->neg.auth_method));
	start_network(l);
}

static const struct ppp_auth_peer_ops auth_ops = { .send = auth_send, .done = auth_done };

static int client_link_init(struct ppp_link *l, const struct ppp_link_params *p)
{
	const struct ppp_client_conf *conf = p->client;
	struct ppp_profile_cfg prof;
	struct ppp_client *c = calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	c->conf = *conf;
	l->client = c;
	l->conf.keepalive_s = conf->keepalive_s;
	l->conf.max_mtu = conf->max_mtu;
	l->conf.max_mru = conf->max_mru;
	l->neg.auth_method = AUTH_NONE;	/* until the peer's LCP request asks for one */
	/* stateless first, as pppd and Windows; the strengths as the profile says (network) */
	l->neg.mppe_offer = MPPE_H;
	l->conf.allowed_auth = conf->allow;
	snprintf(l->user, sizeof(l->user), "%s", conf->user);
	snprintf(l->profile, sizeof(l->profile), "%s", conf->profile);
	ppp_profile_resolve(l->profile, &prof);
	snprintf(l->policy.rate_limit, sizeof(l->policy.rate_limit), "%s", prof.rate_limit);
	ppp_auth_peer_init(&c->auth, &auth_ops, l, c->conf.user, c->conf.password);
	return 0;
}

static void client_link_free(struct ppp_link *l)
{
	if (!l->client)
		return;
	ppp_auth_peer_stop(&l->client->auth);
	OPENSSL_cleanse(l->client, sizeof(*l->client));
	free(l->client);
	l->client = NULL;
}

/* LCP is up: answer the peer's challenge, or go on if it asked for no authentication. */
static void client_lcp_up(struct ppp_link *l)
{
	if (l->neg.auth_method == AUTH_NONE) {
		link_info(l, "the peer asks for no authentication");
		start_network(l);
		return;
	}
	ppp_auth_peer_start(&l->client->auth, l->neg.auth_method);
}

static void client_auth_input(struct ppp_link *l, uint16_t proto, const uint8_t *frame, size_t len)
{
	ppp_auth_peer_input(&l->client->auth, proto, frame, len);
}

/* RouterOS names a client's interface after the client: pptp-out1. */
static void client_name_interface(struct ppp_link *l)
{
	struct sluice_session_info si;
	int ret = rtnl_link_set((int)l->p.ifindex, false, 0, l->client->conf.ifname);

	if (!ret) {
		snprintf(l->ifname, sizeof(l->ifname), "%s", l->client->conf.ifname);
		return;
	}
	link_warn(l, "cannot name the interface %s: %s", l->client->conf.ifname,
		  strerror(-ret));
	if (!kernel_session_get(l->p.session, &si))
		snprintf(l->ifname, sizeof(l->ifname), "%s", si.p.ifname);
}

/*
 * add-default-route: a default route through the interface with the distance as its metric,
 * so an existing default route is never replaced: one with the same metric makes ours fail
 * (logged), one with a lower metric keeps the traffic.
 */
/*
 * Before the default route: the server's packets must keep the way they have now. If they
 * go through a gateway, a host route through it (if the server is on a link, the link's
 * route is more specific than any default already). One that exists is left alone, and kept.
 */
static void pin_server_route(struct ppp_link *l)
{
	struct ppp_client *c = l->client;
	char addr[16];
	int ret;

	if (!l->p.caller)	/* PPPoE: the server is on the link, no route to keep */
		return;
	ret = rtnl_route_get(l->p.caller, &c->server_gw, &c->server_ifindex);
	if (ret || !c->server_gw || c->server_ifindex == (int)l->p.ifindex)
		return;
	ret = rtnl_route(c->server_ifindex, l->p.caller, 32, c->server_gw, 0, true);
	inet_ntop(AF_INET, &l->p.caller, addr, sizeof(addr));
	if (ret && ret != -EEXIST)
		link_warn(l, "host route to the server %s: %s", addr, strerror(-ret));
	else if (!ret)
		link_info(l, "the server %s stays reachable through its gateway", addr);
	c->server_route = !ret;
}

static void client_up(struct ppp_link *l)
{
	struct ppp_client *c = l->client;
	int ret;

	if (!c->conf.add_default_route)
		return;
	pin_server_route(l);
	c->route_metric = c->conf.default_route_distance;
	ret = rtnl_route((int)l->p.ifindex, 0, 0, 0, c->route_metric, true);
	if (ret) {
		link_warn(l, "default route through %s (metric %u): %s%s", l->ifname,
			  c->route_metric, strerror(-ret),
			  ret == -EEXIST ? "; another default route has that metric: change "
			  "default-route-distance" : "");
		return;
	}
	c->default_route = true;
	link_info(l, "default route through %s, metric %u", l->ifname,
		  c->route_metric);
}

static void client_down(struct ppp_link *l)
{
	struct ppp_client *c = l->client;

	if (c->default_route) {
		rtnl_route((int)l->p.ifindex, 0, 0, 0, c->route_metric, false);
		c->default_route = false;
	}
	if (c->server_route) {
		rtnl_route(c->server_ifindex, l->p.caller, 32, c->server_gw, 0, false);
		c->server_route = false;
	}
	ppp_auth_peer_stop(&c->auth);
}

static void client_take_keys(struct ppp_link *l, uint8_t send[16], uint8_t recv[16])
{
	struct ppp_auth_peer *a = &l->client->auth;

	memcpy(send, a->send_key, sizeof(a->send_key));
	memcpy(recv, a->recv_key, sizeof(a->recv_key));
	OPENSSL_cleanse(a->send_key, sizeof(a->send_key));
	OPENSSL_cleanse(a->recv_key, sizeof(a->recv_key));
}

const struct ppp_role_ops ppp_role_dial_out = {
	.dials_out = true,
	.ipcp = &ipcp_client_ops,
	.init = client_link_init,
	.release = client_link_free,
	.lcp_up = client_lcp_up,
	.auth_input = client_auth_input,
	.have_keys = client_have_keys,
	.take_keys = client_take_keys,
	.name_interface = client_name_interface,
	.up = client_up,
	.down = client_down,
};
