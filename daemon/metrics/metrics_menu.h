/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /system metrics: the Prometheus endpoint (metrics/server.c). Off by default; a change
 * applies at once (enabling, disabling or moving the address rebinds the listener).
 * per-session adds a series per session and counter, labelled by session id, user and
 * service: off by default, since its cardinality is the number of sessions.
 */
#ifndef SLUICED_METRICS_MENU_H
#define SLUICED_METRICS_MENU_H

#include "admin/config.h"

#define SYSTEM_METRICS_PROPS(P, S) \
	P(S, enabled, "enabled", bool, "no", 0) \
	P(S, address, "address", ip_addr, "127.0.0.1", 0) \
	P(S, port, "port", port, "9661", 0) \
	P(S, per_session, "per-session", bool, "no", 0)
CFG_MENU_DECLARE(system_metrics, SYSTEM_METRICS_PROPS)

static inline const struct system_metrics_cfg *system_metrics_cfg(void)
{
	return system_metrics_find(NULL);
}

#endif /* SLUICED_METRICS_MENU_H */
