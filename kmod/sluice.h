/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Module-wide state (main.c: the per-namespace part, the workqueue, the SHA-1 transform), and
 * every file's header, so that a .c includes this one.
 */
#ifndef _SLUICE_H
#define _SLUICE_H

#include <linux/atomic.h>
#include <linux/netdevice.h>
#include <linux/refcount.h>
#include <linux/rhashtable.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <net/dst_cache.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include "device.h"
#include "encap.h"
#include "gro.h"
#include "l2tp.h"
#include "mppe.h"
#include "netlink.h"
#include "pppoe.h"
#include "pptp.h"
#include "rx.h"
#include "seqwin.h"
#include "session.h"
#include "shaper.h"
#include "stats.h"
#include "tx.h"
#include "uapi/sluice.h"

/* Per network namespace: sessions belong to the namespace that created them. */
struct sluice_net {
	/* each encapsulation's sessions by key, for its receive path: only its ops use its
	 * own (sluice_session_*_key); RCU readers, RTNL writers */
	struct rhashtable by_key[SLUICE_ENCAP_COUNT];
	struct list_head list;		/* every session, in creation order; RTNL */
	struct xarray ids;		/* every session by id; RCU readers, RTNL writers */
	u32 next_id;			/* the cyclic allocator's cursor */
	u64 next_serial;		/* RTNL */
	unsigned int count;		/* RTNL */
	unsigned int pending;		/* of count, not attached; RTNL */
	unsigned int generation;	/* bumped on every change, for dump consistency; RTNL */
	struct sluice_drops drops;	/* before a session is known */
};

extern unsigned int sluice_net_id;
extern struct workqueue_struct *sluice_wq;
extern struct crypto_shash *sluice_sha1;

static inline struct sluice_net *sluice_net(const struct net *net)
{
	return net_generic(net, sluice_net_id);
}

#endif /* _SLUICE_H */
