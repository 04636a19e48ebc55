// SPDX-License-Identifier: GPL-2.0
/*
 * /queue simple: the dynamic queue RouterOS shows for each PPP session with a rate-limit,
 * read-only. The kernel shapes the session itself (kmod/shaper.c); this is its limit as
 * RouterOS prints it, upload/download from the client's side: max-limit is rx/tx.
 */
#include <stdio.h>
#include "admin/config.h"
#include "ppp/link_int.h"
#include "ppp/views.h"
#include "rate_limit.h"

static const struct cfg_prop queue_props[] = {
	CFG_VIEW_PROP("name", CFG_P_COLUMN), CFG_VIEW_PROP("target", CFG_P_COLUMN),
	CFG_VIEW_PROP("max-limit", CFG_P_COLUMN), CFG_VIEW_PROP("burst-limit", 0),
	CFG_VIEW_PROP("burst-threshold", 0), CFG_VIEW_PROP("burst-time", 0),
	CFG_VIEW_PROP("limit-at", 0), CFG_VIEW_PROP("priority", 0),
	CFG_VIEW_PROP("dynamic", 0),
};

/* "rx/tx" of one field, as RouterOS prints a pair */
static void pair(struct cfg_menu *v, struct cfg_item *it, const char *name, uint64_t rx,
		 uint64_t tx)
{
	char a[24], b[24], out[52];

	snprintf(out, sizeof(out), "%s/%s", rate_text(rx, a, sizeof(a)), rate_text(tx, b, sizeof(b)));
	cfg_view_set(v, it, name, out);
}

static void queue_row(struct cfg_menu *v, const struct ppp_link *l, const struct rate_limit *rl)
{
	struct cfg_item *it = cfg_view_add(v);
	char buf[48];

	if (!it)
		return;
	cfg_view_set(v, it, "name", l->ifname);
	cfg_view_set(v, it, "target", l->ifname);
	pair(v, it, "max-limit", rl->rx.rate, rl->tx.rate);
	pair(v, it, "burst-limit", rate_dir_has_burst(&rl->rx) ? rl->rx.burst_rate : 0,
	     rate_dir_has_burst(&rl->tx) ? rl->tx.burst_rate : 0);
	pair(v, it, "burst-threshold", rl->rx.burst_threshold, rl->tx.burst_threshold);
	snprintf(buf, sizeof(buf), "%us/%us", rl->rx.burst_time_ms / 1000,
		 rl->tx.burst_time_ms / 1000);
	cfg_view_set(v, it, "burst-time", buf);
	pair(v, it, "limit-at", rl->rx.min, rl->tx.min);
	snprintf(buf, sizeof(buf), "%u/%u", rl->priority, rl->priority);
	cfg_view_set(v, it, "priority", buf);
	cfg_view_set(v, it, "dynamic", "yes");
}

static void queue_view(struct cfg_menu *v)
{
	const struct ppp_link *l;
	struct rate_limit rl;
	const char *why;

	*v = (struct cfg_menu){ .path = "/queue simple", .props = queue_props,
				.nprops = sizeof(queue_props) / sizeof(queue_props[0]) };
	for (l = ppp_link_next(NULL); l; l = ppp_link_next((struct ppp_link *)l)) {
		if (l->policy.rate_pushed && !rate_limit_parse(l->policy.rate_limit, &rl, &why))
			queue_row(v, l, &rl);
	}
}

CFG_VIEW_DEFINE(queue_simple, .path = "/queue simple", .order = 56, .verbs = CFG_V_PRINT,
		.view = queue_view);
