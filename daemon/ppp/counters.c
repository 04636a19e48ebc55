// SPDX-License-Identifier: GPL-2.0
/* A session's counters as RouterOS names them (counters.h). */
#include <errno.h>
#include <string.h>
#include <stdio.h>
#include "admin/config.h"
#include "core/kernel.h"
#include "ppp/counters.h"
#include "ppp/link.h"

/* as kmod/stats.h's sluice_drop_is_tx(): what the interface counts as tx_dropped */
static bool drop_is_tx(unsigned int why)
{
	return (why >= SLUICE_DROP_TX_NO_ROUTE && why <= SLUICE_DROP_TX_PROTO) ||
	       why == SLUICE_DROP_TX_NESTED || why == SLUICE_DROP_RATE_TX;
}

void ppp_counters_of(const struct sluice_session_stats *st, struct ppp_counters *out)
{
	unsigned int i;

	*out = (struct ppp_counters){ .rx_byte = st->rx_bytes, .tx_byte = st->tx_bytes,
				      .rx_packet = st->rx_packets, .tx_packet = st->tx_packets };
	for (i = SLUICE_DROP_UNSPEC + 1; i < __SLUICE_DROP_MAX; i++) {
		if (i == SLUICE_DROP_PAD)	/* not a drop: the interface leaves it out too */
			continue;
		if (i == SLUICE_DROP_RATE_TX)
			out->tx_queue_drop += st->drops[i];
		else if (drop_is_tx(i))
			out->tx_drop += st->drops[i];
		else if (i == SLUICE_DROP_PPP_MALFORMED || i == SLUICE_DROP_MPPE_MALFORMED)
			out->rx_error += st->drops[i];
		else
			out->rx_drop += st->drops[i];
	}
}

int ppp_link_counters(const struct ppp_link *l, struct ppp_counters *out)
{
	struct sluice_session_info si;
	int ret;

	memset(out, 0, sizeof(*out));
	if (!l->p.session)
		return -ENOENT;
	ret = kernel_session_get(l->p.session, &si);
	if (!ret)
		ppp_counters_of(&si.st, out);
	return ret;
}

struct ppp_link *ppp_link_by_ifname(const char *ifname)
{
	struct ppp_link *l;

	for (l = ppp_link_next(NULL); l; l = ppp_link_next(l))
		if (l->p.ifindex && l->ifname[0] && !strcmp(l->ifname, ifname) && !l->done)
			return l;
	return NULL;
}

static void set_count(const struct cfg_menu *v, struct cfg_item *it, const char *prop,
		      uint64_t n)
{
	char text[24];

	snprintf(text, sizeof(text), "%llu", (unsigned long long)n);
	cfg_view_set(v, it, prop, text);
}

void ppp_counters_row(const struct cfg_menu *v, struct cfg_item *it, const struct ppp_link *l)
{
	struct ppp_counters c;

	if (ppp_link_counters(l, &c))
		return;
	set_count(v, it, "rx-byte", c.rx_byte);
	set_count(v, it, "tx-byte", c.tx_byte);
	set_count(v, it, "rx-packet", c.rx_packet);
	set_count(v, it, "tx-packet", c.tx_packet);
	set_count(v, it, "rx-drop", c.rx_drop);
	set_count(v, it, "tx-drop", c.tx_drop);
	set_count(v, it, "tx-queue-drop", c.tx_queue_drop);
	set_count(v, it, "rx-error", c.rx_error);
	set_count(v, it, "tx-error", c.tx_error);
}
