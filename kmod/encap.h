/* SPDX-License-Identifier: GPL-2.0 */
/* What differs between encapsulations: one ops table each. */
#ifndef _SLUICE_ENCAP_H
#define _SLUICE_ENCAP_H

#include <linux/types.h>

struct rtable;
struct sk_buff;
struct sluice_session;

enum sluice_encap { SLUICE_ENCAP_PPTP, SLUICE_ENCAP_L2TP };

/* What differs between encapsulations on transmit; both run under the session's tx lock. */
struct sluice_encap_ops {
	/* A route to the peer (held), its source in *saddr; NULL: none. */
	struct rtable *(*route)(struct sluice_session *s, __be32 *saddr);
	/* Adds the encapsulation in front of the PPP frame at skb->data and sends it. */
	void (*send)(struct sluice_session *s, struct sk_buff *skb, struct rtable *rt,
		     __be32 saddr);
	unsigned int headroom;		/* bytes send() adds below IP */
};

/* The most any encapsulation adds below IP: UDP + the L2TP header (GRE's max is 16). */
#define SLUICE_ENCAP_HDR_MAX 22

#endif /* _SLUICE_ENCAP_H */
