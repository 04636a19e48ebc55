/* SPDX-License-Identifier: GPL-2.0 */
/* Module-wide state and the APIs each file offers the others. */
#ifndef _SLUICE_H
#define _SLUICE_H

#include <linux/atomic.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

/* Per network namespace: sessions belong to the namespace that created them. */
struct sluice_net {
	atomic_t sessions;
};

extern unsigned int sluice_net_id;

static inline struct sluice_net *sluice_net(const struct net *net)
{
	return net_generic(net, sluice_net_id);
}

/* netlink.c APIs: */
int sluice_genl_init(void);
void sluice_genl_uninit(void);

#endif /* _SLUICE_H */
