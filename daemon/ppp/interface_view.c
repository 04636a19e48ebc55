// SPDX-License-Identifier: GPL-2.0
/*
 * /interface: the sessions' interfaces, read-only, as RouterOS lists its dynamic pptp-in and
 * l2tp-in interfaces: print (name, type), print stats (counters.h, one kernel request a
 * row), monitor-traffic (admin/traffic.h). The router's other interfaces are the host's,
 * not sluiced's: `ip -s link` shows them; the counters here are the kernel session's, the
 * same accounting reports, split into RouterOS's columns.
 */
#include <stdio.h>
#include "admin/config.h"
#include "ppp/counters.h"
#include "ppp/link.h"
#include "ppp/views.h"

static const struct cfg_prop interface_props[] = {
	CFG_VIEW_PROP("name", CFG_P_COLUMN), CFG_VIEW_PROP("type", CFG_P_COLUMN),
	CFG_VIEW_PROP("user", 0), CFG_VIEW_PROP("session-id", 0),
};

static const struct cfg_prop interface_stats_props[] = {
	CFG_VIEW_PROP("name", CFG_P_COLUMN), CFG_VIEW_PROP("rx-byte", CFG_P_COLUMN),
	CFG_VIEW_PROP("tx-byte", CFG_P_COLUMN), CFG_VIEW_PROP("rx-packet", CFG_P_COLUMN),
	CFG_VIEW_PROP("tx-packet", CFG_P_COLUMN), CFG_VIEW_PROP("rx-drop", CFG_P_COLUMN),
	CFG_VIEW_PROP("tx-drop", CFG_P_COLUMN), CFG_VIEW_PROP("tx-queue-drop", CFG_P_COLUMN),
	CFG_VIEW_PROP("rx-error", CFG_P_COLUMN), CFG_VIEW_PROP("tx-error", CFG_P_COLUMN),
};

/* the links that have an interface, in /ppp active's order */
static struct ppp_link *next_with_interface(struct ppp_link *l)
{
	while ((l = ppp_link_next(l)) && (!l->p.ifindex || !l->ifname[0] || l->done))
		;
	return l;
}

static void interface_view(struct cfg_menu *v)
{
	struct ppp_link *l;
	char type[16], id[PPP_SESSION_ID_SIZE];

	v->props = interface_props;
	v->nprops = sizeof(interface_props) / sizeof(interface_props[0]);
	for (l = next_with_interface(NULL); l; l = next_with_interface(l)) {
		struct cfg_item *it = cfg_view_add(v);

		if (!it)
			return;
		/* RouterOS's words: pptp-in for a caller's, pptp-out for a client we dialled */
		snprintf(type, sizeof(type), "%s-%s", l->p.service,
			 ppp_link_outgoing(l) ? "out" : "in");
		ppp_session_id(l, id);
		cfg_view_set(v, it, "name", l->ifname);
		cfg_view_set(v, it, "type", type);
		cfg_view_set(v, it, "user", l->user);
		cfg_view_set(v, it, "session-id", id);
	}
}

static void interface_stats_view(struct cfg_menu *v)
{
	struct ppp_link *l;

	v->props = interface_stats_props;
	v->nprops = sizeof(interface_stats_props) / sizeof(interface_stats_props[0]);
	for (l = next_with_interface(NULL); l; l = next_with_interface(l)) {
		struct cfg_item *it = cfg_view_add(v);

		if (!it)
			return;
		cfg_view_set(v, it, "name", l->ifname);
		ppp_counters_row(v, it, l);
	}
}

static int interface_traffic(const char *name, struct cfg_traffic *out)
{
	const struct ppp_link *l = ppp_link_by_ifname(name);
	struct ppp_counters c;

	if (!l || ppp_link_counters(l, &c))
		return -1;
	*out = (struct cfg_traffic){ .rx_bytes = c.rx_byte, .tx_bytes = c.tx_byte,
				     .rx_packets = c.rx_packet, .tx_packets = c.tx_packet };
	return 0;
}

static const char *interface_flags(const struct cfg_menu *m, const struct cfg_item *it)
{
	(void)m;
	(void)it;
	return "DR";	/* made by a session, and up while it is listed */
}

CFG_VIEW_DEFINE(interface, .path = "/interface", .order = 57,
		.verbs = CFG_V_PRINT | CFG_V_TRAFFIC, .view = interface_view,
		.stats_view = interface_stats_view, .traffic = interface_traffic,
		.live_flags = interface_flags, .legend = "Flags: D - dynamic; R - running");
