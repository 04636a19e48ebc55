/* SPDX-License-Identifier: GPL-2.0 */
/* GRO for busy sessions (gro.c). */
#ifndef _SLUICE_GRO_H
#define _SLUICE_GRO_H

#include <linux/types.h>
#include <linux/workqueue.h>

struct sk_buff;
struct sluice_gro;
struct sluice_session;

/* A session's part: NULL until it is busy, then its cells (RCU readers, RTNL writers). */
struct sluice_session_gro {
	struct sluice_gro __rcu *cells;
	struct work_struct start;	/* gives it cells, under RTNL */
	unsigned long stamp;		/* jiffies: the second being counted began */
	u32 seen;			/* TCP packets delivered in that second */
	unsigned long asked;		/* bit 0: start queued, or the cells given */
};

/* gro.c APIs: */
void sluice_gro_init(struct sluice_session *s);
/* BH off: the decapsulated packet to the stack; TCP through GRO once the session is busy. */
void sluice_gro_rx(struct sluice_session *s, struct sk_buff *skb);
/* Under RTNL, the device down for a grace period (ndo_uninit): the cells go. */
void sluice_gro_stop(struct sluice_session *s);
bool sluice_gro_on(struct sluice_session *s);

#endif /* _SLUICE_GRO_H */
