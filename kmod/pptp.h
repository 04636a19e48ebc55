/* SPDX-License-Identifier: GPL-2.0 */
/* PPTP data (pptp.c): enhanced GRE to and from the peer. */
#ifndef _SLUICE_PPTP_H
#define _SLUICE_PPTP_H

#include <linux/types.h>

struct sk_buff;
struct sluice_encap_ops;

struct sluice_pptp_key {
	__be32 peer_addr;
	u16 call_id;			/* ours: the one the peer puts in its GRE key */
	u16 zero;			/* keys are compared as bytes */
};

/* pptp.c APIs: */
extern const struct sluice_encap_ops sluice_pptp_ops;
/* the GRE demultiplexer's handler (and KUnit's way in), under RCU */
int sluice_pptp_rcv(struct sk_buff *skb);

#endif /* _SLUICE_PPTP_H */
