/* SPDX-License-Identifier: GPL-2.0 */
/* PPTP data (pptp.c): enhanced GRE to and from the peer. */
#ifndef _SLUICE_PPTP_H
#define _SLUICE_PPTP_H

#include <linux/types.h>
#include <net/netlink.h>
#include "uapi/sluice.h"

struct genl_info;
struct sk_buff;
struct sluice_session;
struct sluice_session_config;
struct sluice_encap_ops;

struct sluice_pptp_key {
	__be32 peer_addr;
	u16 call_id;			/* ours: the one the peer puts in its GRE key */
	u16 zero;			/* keys are compared as bytes */
};

/* pptp.c APIs: */
extern const struct sluice_encap_ops sluice_pptp_ops;
int sluice_pptp_init(void);
void sluice_pptp_uninit(void);
int sluice_pptp_rcv(struct sk_buff *skb);
extern const struct nla_policy sluice_pptp_nl_policy[SLUICE_PPTP_A_MAX + 1];
int sluice_pptp_nl_parse(struct genl_info *info, struct nlattr *attr,
			 struct sluice_session_config *cfg);
int sluice_pptp_nl_fill(struct sk_buff *skb, struct sluice_session *s);

#endif /* _SLUICE_PPTP_H */
