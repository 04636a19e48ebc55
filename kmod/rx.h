/* SPDX-License-Identifier: GPL-2.0 */
/* The receive path every encapsulation shares once it found the session (rx.c). */
#ifndef _SLUICE_RX_H
#define _SLUICE_RX_H

#include <linux/types.h>
#include "uapi/sluice.h"

struct sk_buff;
struct sluice_session;

/* What the shared receive path decided about one packet (rx.c). */
enum sluice_rx_action { SLUICE_RX_DROP, SLUICE_RX_DROP_RESYNC, SLUICE_RX_DELIVER,
			SLUICE_RX_CONTROL, SLUICE_RX_CONTROL_LIMITED, SLUICE_RX_CONSUMED };

/* rx.c APIs: PPP framing, MPPE, counting, delivery */
void sluice_rx_ctrl_init(struct sluice_session *s);
enum sluice_rx_action sluice_rx_ppp_locked(struct sluice_session *s, struct sk_buff *skb,
					   u16 *proto, enum sluice_drop *why);
int sluice_rx_finish(struct sluice_session *s, struct sk_buff *skb,
		     enum sluice_rx_action action, u16 proto, enum sluice_drop why);

#endif /* _SLUICE_RX_H */
