// SPDX-License-Identifier: GPL-2.0
/*
 * The links as the CLI sees them: /ppp active (print, where, remove) and /ip pool used,
 * rendered from the list of links as views (see admin/config.h).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "admin/config.h"
#include "ppp/counters.h"
#include "ppp/proto.h"
#include "ppp/views.h"

/* --- /ppp active */

static void duration(struct strbuf *out, time_t since)
{
	sb_duration(out, since ? (uint64_t)(time(NULL) - since) : 0);
}

static const char *phase_name(const struct ppp_link *l)
{
	static const char *const names[] = { "lcp", "authenticating", "network", "up", "ending" };

	return names[l->phase];
}

/* /ppp active as a view: print, where and remove work on it as on any menu */
static const struct cfg_prop active_props[] = {
	CFG_VIEW_PROP("name", CFG_P_COLUMN), CFG_VIEW_PROP("service", CFG_P_COLUMN),
	CFG_VIEW_PROP("caller-id", CFG_P_COLUMN), CFG_VIEW_PROP("address", CFG_P_COLUMN),
	CFG_VIEW_PROP("uptime", CFG_P_COLUMN), CFG_VIEW_PROP("encoding", CFG_P_COLUMN),
	CFG_VIEW_PROP("state", CFG_P_COLUMN), CFG_VIEW_PROP("session-id", 0),
	CFG_VIEW_PROP("interface", 0), CFG_VIEW_PROP("profile", 0),
	CFG_VIEW_PROP("rate-limit", 0),
	/* ours: yes for a session we dialled (pptp-client), whose address is the server's */
	CFG_VIEW_PROP("outgoing", 0),
};

static void active_row(struct cfg_menu *v, const struct ppp_link *l)
{
	struct cfg_item *it = cfg_view_add(v);
	char addr[INET_ADDRSTRLEN] = "", caller[PPP_CALLER_ID_SIZE], id[PPP_SESSION_ID_SIZE];
	struct strbuf up;

	if (!it)
		return;
	sb_init(&up);
	duration(&up, l->up_since);
	if (l->remote_addr)
		inet_ntop(AF_INET, &l->remote_addr, addr, sizeof(addr));
	ppp_link_caller_id(l, caller);
	ppp_session_id(l, id);
	cfg_view_set(v, it, "name", l->user);
	cfg_view_set(v, it, "service", l->p.service);
	cfg_view_set(v, it, "caller-id", caller);
	cfg_view_set(v, it, "address", addr);
	cfg_view_set(v, it, "uptime", up.p ? up.p : "0s");
	cfg_view_set(v, it, "encoding", ppp_link_encoding(l));
	cfg_view_set(v, it, "state", phase_name(l));
	cfg_view_set(v, it, "session-id", id);
	cfg_view_set(v, it, "interface", l->ifname);
	cfg_view_set(v, it, "profile", l->profile);
	cfg_view_set(v, it, "rate-limit", l->policy.rate_limit);
	cfg_view_set(v, it, "outgoing", ppp_link_outgoing(l) ? "yes" : "no");
	sb_free(&up);
}

void ppp_active_view(struct cfg_menu *v)
{
	struct ppp_link *l;

	*v = (struct cfg_menu){ .path = "/ppp active", .props = active_props,
				.nprops = sizeof(active_props) / sizeof(active_props[0]) };
	for (l = ppp_link_next(NULL); l; l = ppp_link_next(l))
		active_row(v, l);
	if (ppp_other_sessions)		/* IKE road warriors: one table */
		ppp_other_sessions->active_rows(v);
}

/*
 * print stats: the counters of the kernel session (what the peer sent is rx), the drops
 * split as /interface print stats splits them; IKE sessions' are charon's as last told.
 */
static const struct cfg_prop active_stats_props[] = {
	CFG_VIEW_PROP("name", CFG_P_COLUMN), CFG_VIEW_PROP("service", CFG_P_COLUMN),
	CFG_VIEW_PROP("rx-byte", CFG_P_COLUMN), CFG_VIEW_PROP("tx-byte", CFG_P_COLUMN),
	CFG_VIEW_PROP("rx-packet", CFG_P_COLUMN), CFG_VIEW_PROP("tx-packet", CFG_P_COLUMN),
	CFG_VIEW_PROP("rx-drop", CFG_P_COLUMN), CFG_VIEW_PROP("tx-drop", CFG_P_COLUMN),
	CFG_VIEW_PROP("tx-queue-drop", 0), CFG_VIEW_PROP("rx-error", 0),
	CFG_VIEW_PROP("tx-error", 0), CFG_VIEW_PROP("session-id", 0),
	CFG_VIEW_PROP("interface", 0),
};

void ppp_active_stats_view(struct cfg_menu *v)
{
	char id[PPP_SESSION_ID_SIZE];
	struct ppp_link *l;

	*v = (struct cfg_menu){ .path = "/ppp active", .props = active_stats_props,
				.nprops = sizeof(active_stats_props) / sizeof(active_stats_props[0]) };
	for (l = ppp_link_next(NULL); l; l = ppp_link_next(l)) {
		struct cfg_item *it = cfg_view_add(v);

		if (!it)
			return;
		ppp_session_id(l, id);
		cfg_view_set(v, it, "name", l->user);
		cfg_view_set(v, it, "service", l->p.service);
		cfg_view_set(v, it, "session-id", id);
		cfg_view_set(v, it, "interface", l->ifname);
		ppp_counters_row(v, it, l);
	}
	if (ppp_other_sessions && ppp_other_sessions->stats_rows)
		ppp_other_sessions->stats_rows(v);
}

void ppp_active_remove_id(const char *session_id)
{
	struct ppp_link *l;
	char id[PPP_SESSION_ID_SIZE];

	for (l = ppp_link_next(NULL); l; l = ppp_link_next(l)) {
		ppp_session_id(l, id);
		if (!strcmp(id, session_id) && !l->done) {
			ppp_link_close(l, "admin-reset");
			return;
		}
	}
	if (ppp_other_sessions)
		ppp_other_sessions->end((uint32_t)strtoul(session_id, NULL, 16), "admin-reset");
}

/* /ip pool used: the addresses sessions hold, and who holds them */
static const struct cfg_prop used_props[] = {
	CFG_VIEW_PROP("address", CFG_P_COLUMN), CFG_VIEW_PROP("owner", CFG_P_COLUMN),
	CFG_VIEW_PROP("info", CFG_P_COLUMN), CFG_VIEW_PROP("pool", 0),
};

void ppp_pool_used_view(struct cfg_menu *v)
{
	struct ppp_link *l;
	char addr[INET_ADDRSTRLEN];

	*v = (struct cfg_menu){ .path = "/ip pool used", .props = used_props,
				.nprops = sizeof(used_props) / sizeof(used_props[0]),
				.unnumbered = true };
	for (l = ppp_link_next(NULL); l; l = ppp_link_next(l)) {
		struct cfg_item *it;

		if (!l->remote_addr || ppp_link_outgoing(l) || !(it = cfg_view_add(v)))
			continue;
		inet_ntop(AF_INET, &l->remote_addr, addr, sizeof(addr));
		cfg_view_set(v, it, "address", addr);
		cfg_view_set(v, it, "owner", l->user);
		cfg_view_set(v, it, "info", l->addr_from_pool ? l->p.service : "fixed");
		cfg_view_set(v, it, "pool", l->addr_from_pool ? "yes" : "no");
	}
	if (ppp_other_sessions)
		ppp_other_sessions->pool_rows(v);
}
