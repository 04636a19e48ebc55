/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where sluice meets the differences between the kernels it builds for:
 * Debian 12's 6.1 series and the 6.12 series of its security archive. Everything else
 * includes this header and uses one spelling; no version tests outside this file.
 * Each shim says which kernel changed what, so it can go when 6.1 support is dropped.
 */
#ifndef SLUICE_COMPAT_H
#define SLUICE_COMPAT_H

#include <linux/netdevice.h>
#include <linux/version.h>

/*
 * 6.12 moved the unaligned accessors from asm/unaligned.h to linux/unaligned.h. (A version
 * test, not __has_include: sparse 0.6.4 cannot parse the latter.)
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/*
 * Lockless transmit: a feature bit (NETIF_F_LLTX) until 6.12 made it a field of its own
 * (dev->lltx, "netdev_features: convert NETIF_F_LLTX to dev->lltx").
 */
static inline void sluice_compat_set_lltx(struct net_device *dev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	dev->lltx = true;
#else
	dev->features |= NETIF_F_LLTX;
#endif
}

/*
 * An interface that may not move to another namespace: NETIF_F_NETNS_LOCAL until 6.12
 * (dev->netns_local), renamed dev->netns_immutable in 6.15 and in 6.12.114 (stable).
 */
static inline void sluice_compat_set_netns_immutable(struct net_device *dev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 114)
	dev->netns_immutable = true;
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	dev->netns_local = true;
#else
	dev->features |= NETIF_F_NETNS_LOCAL;
#endif
}

/* 6.4 moved skb_gso_segment() from linux/netdevice.h to net/gso.h. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#include <net/gso.h>
#endif

#endif /* SLUICE_COMPAT_H */
