/* SPDX-License-Identifier: GPL-2.0 */
/* A session's network interface (device.c). */
#ifndef _SLUICE_DEVICE_H
#define _SLUICE_DEVICE_H

#include <linux/types.h>

struct net_device;
struct rtnl_link_ops;
struct sk_buff;
struct sluice_session;

/* device.c APIs: */
extern struct rtnl_link_ops sluice_link_ops;
struct net_device *sluice_device_alloc(const char *ifname, u32 mtu);
void sluice_device_rx(struct sluice_session *s, struct sk_buff *skb, __be16 proto);

#endif /* _SLUICE_DEVICE_H */
