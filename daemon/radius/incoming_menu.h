/* SPDX-License-Identifier: GPL-2.0 */
/* /radius incoming: Disconnect and CoA requests from the RADIUS servers (radius/dae.c). */
#ifndef SLUICED_RADIUS_INCOMING_MENU_H
#define SLUICED_RADIUS_INCOMING_MENU_H

#include "admin/config.h"

#define RADIUS_INCOMING_PROPS(P, S) \
	P(S, accept, "accept", bool, "no", 0) \
	P(S, port, "port", port, "3799", 0) \
	P(S, require_event_timestamp, "require-event-timestamp", bool, "no", 0)
CFG_MENU_DECLARE(radius_incoming, RADIUS_INCOMING_PROPS)

static inline const struct radius_incoming_cfg *radius_incoming_cfg(void)
{
	return radius_incoming_find(NULL);
}

#endif /* SLUICED_RADIUS_INCOMING_MENU_H */
