/* SPDX-License-Identifier: GPL-2.0 */
/* The transmit path every encapsulation shares (tx.c). */
#ifndef _SLUICE_TX_H
#define _SLUICE_TX_H

#include <linux/gfp.h>
#include <linux/types.h>

struct sk_buff;
struct sluice_session;

/* tx.c APIs: MRU, loop detection, the tx lock, MPPE, PPP framing; then s->ops->send */
int sluice_xmit(struct sluice_session *s, struct sk_buff *skb, u16 ppp_proto);
int sluice_xmit_ctrl(struct sluice_session *s, const u8 *frame, unsigned int len, gfp_t gfp);

#endif /* _SLUICE_TX_H */
