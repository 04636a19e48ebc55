/* SPDX-License-Identifier: GPL-2.0 */
/* The generic netlink family (netlink.c). */
#ifndef _SLUICE_NETLINK_H
#define _SLUICE_NETLINK_H

#include <linux/types.h>

struct sk_buff;
struct sluice_session;

/* netlink.c APIs: */
int sluice_genl_init(void);
void sluice_genl_uninit(void);
void sluice_genl_ctrl_frame(struct sluice_session *s, struct sk_buff *skb, u16 proto);

#endif /* _SLUICE_NETLINK_H */
