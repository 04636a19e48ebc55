// SPDX-License-Identifier: GPL-2.0
/*
 * /ip ipsec active-peers: the IKE SAs charon holds (ipsec/sas.h), one row each, as RouterOS
 * shows them; remove and kill-connections end them (vici terminate).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "admin/config.h"
#include "ipsec/ipsec.h"
#include "ipsec/sas.h"
#include "ipsec/session.h"
#include "strbuf.h"

static const struct cfg_prop peer_props[] = {
	CFG_VIEW_PROP("id", CFG_P_COLUMN), CFG_VIEW_PROP("state", CFG_P_COLUMN),
	CFG_VIEW_PROP("uptime", CFG_P_COLUMN), CFG_VIEW_PROP("ph2-total", CFG_P_COLUMN),
	CFG_VIEW_PROP("remote-address", CFG_P_COLUMN), CFG_VIEW_PROP("port", 0),
	CFG_VIEW_PROP("local-address", 0), CFG_VIEW_PROP("side", 0),
	CFG_VIEW_PROP("exchange-mode", 0), CFG_VIEW_PROP("peer", 0),
	/* ours: charon's IKE SA number (remove ends that one), the SAs' algorithms */
	CFG_VIEW_PROP("ike-sa", 0), CFG_VIEW_PROP("ph2-algorithms", 0),
};

static void set_uint(struct cfg_menu *v, struct cfg_item *it, const char *prop,
		     unsigned long n)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lu", n);
	cfg_view_set(v, it, prop, buf);
}

/* the conn is "<peer>/<n>" (conn.h): the peer's name */
static void peer_name(const struct ipsec_ike_sa *s, char *out, size_t cap)
{
	char *slash;

	snprintf(out, cap, "%s", s->conn);
	slash = strrchr(out, '/');
	if (slash)
		*slash = '\0';
}

static void row(struct cfg_menu *v, const struct ipsec_ike_sa *s)
{
	struct cfg_item *it = cfg_view_add(v);
	char name[sizeof(s->conn)];
	struct strbuf up;

	if (!it)
		return;
	sb_init(&up);
	sb_duration(&up, s->established ? (uint64_t)(time(NULL) - s->established) : 0);
	peer_name(s, name, sizeof(name));
	cfg_view_set(v, it, "id", s->remote_id);
	cfg_view_set(v, it, "state", s->established ? "established" : "connecting");
	cfg_view_set(v, it, "uptime", up.p ? up.p : "0s");
	set_uint(v, it, "ph2-total", s->nchild);
	cfg_view_set(v, it, "remote-address", s->remote_host);
	set_uint(v, it, "port", s->remote_port);
	cfg_view_set(v, it, "local-address", s->local_host);
	cfg_view_set(v, it, "side", s->initiator ? "initiator" : "responder");
	cfg_view_set(v, it, "exchange-mode", s->version == 2 ? "ike2" : "main");
	cfg_view_set(v, it, "peer", name);
	set_uint(v, it, "ike-sa", s->uniqueid);
	cfg_view_set(v, it, "ph2-algorithms", s->nchild ? s->child[0].algs : "");
	sb_free(&up);
}

static void fill(struct cfg_menu *v)
{
	size_t i;

	for (i = 0; i < ipsec_sas_count(); i++)
		row(v, ipsec_sas_at(i));
}

/* an IKE SA that is a road warrior's session: its Stop says Admin-Reset */
static void end_ike(uint32_t uniqueid)
{
	ipsec_session_ending(uniqueid, "admin-reset");
	ipsec_terminate_ike(uniqueid);
}

static void remove_row(const struct cfg_menu *v, const struct cfg_item *it)
{
	end_ike((uint32_t)strtoul(cfg_get(v, it, "ike-sa"), NULL, 10));
}

static int kill_connections(const struct cfg_menu *m, const struct cfg_item *const *items,
			    size_t nitems, const char *const *keys, const char *const *vals,
			    size_t n, struct strbuf *out, struct strbuf *err)
{
	size_t i;

	(void)m, (void)items, (void)nitems, (void)keys, (void)vals, (void)out;
	if (n) {
		sb_puts(err, "kill-connections takes no arguments");
		return -1;
	}
	for (i = 0; i < ipsec_sas_count(); i++)
		end_ike(ipsec_sas_at(i)->uniqueid);
	return 0;
}

static const struct cfg_action actions[] = {
	{ "kill-connections", false, "", kill_connections },
};

CFG_VIEW_DEFINE(ipsec_active_peers, .path = "/ip ipsec active-peers", .order = 139,
		.verbs = CFG_V_PRINT | CFG_V_REMOVE, .props = peer_props,
		.nprops = sizeof(peer_props) / sizeof(peer_props[0]), .view = fill,
		.view_remove = remove_row, .actions = actions,
		.nactions = sizeof(actions) / sizeof(actions[0]));
