// SPDX-License-Identifier: GPL-2.0
/*
 * GRO for busy sessions: the TCP segments a session receives are merged before the stack
 * sees them (napi_gro_receive, through the kernel's gro_cells), so the receiving TCP takes
 * one large packet instead of dozens and acknowledges less often. The kernel's ppp device
 * has no GRO; the rest of our packets go through the CPU's backlog, as ppp_generic's do.
 *
 * GRO wants a NAPI context per CPU, about half a kilobyte each, per session: 100,000
 * sessions on 16 cores would be 800 MB. So a session gets its cells only once it is busy
 * (gro_rate TCP packets delivered within one second), from a work item under RTNL (NAPI
 * contexts are added there), and at most gro_sessions sessions hold them at once. They go
 * with the device, in ndo_uninit: the device is down by then and a grace period has
 * passed, so no receiver is still queueing into them (gro_cells_receive drops for a device
 * that is down), as IP tunnels rely on too.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/gro_cells.h>
#include "sluice.h"

static unsigned int gro_sessions = 1024;
module_param(gro_sessions, uint, 0644);
MODULE_PARM_DESC(gro_sessions, "sessions that may hold GRO cells at once, 0: none (1024)");
static unsigned int gro_rate = 1000;
module_param(gro_rate, uint, 0644);
MODULE_PARM_DESC(gro_rate, "TCP packets a second that make a session busy enough for GRO (1000)");

struct sluice_gro {
	struct gro_cells cells;
	struct rcu_head rcu;
};

static atomic_t gro_held = ATOMIC_INIT(0);

/* A place among the gro_sessions, or false. */
static bool take_slot(void)
{
	if (atomic_inc_return(&gro_held) <= READ_ONCE(gro_sessions))
		return true;
	atomic_dec(&gro_held);
	return false;
}

/* Under RTNL: cells for the session, if there is room; false if not (or no memory). */
static bool give_cells(struct sluice_session *s)
{
	struct sluice_gro *g;

	if (!take_slot())
		return false;
	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g || gro_cells_init(&g->cells, s->dev)) {
		kfree(g);
		atomic_dec(&gro_held);
		return false;
	}
	rcu_assign_pointer(s->gro.cells, g);	/* the cells are ready before anyone sees them */
	return true;
}

/* Work: a registered session without cells gets them; if it cannot, it may ask again. */
static void gro_start(struct work_struct *work)
{
	struct sluice_session *s = container_of(work, struct sluice_session, gro.start);

	rtnl_lock();
	if (s->dev->reg_state == NETREG_REGISTERED && !rtnl_dereference(s->gro.cells) &&
	    !give_cells(s))
		clear_bit(0, &s->gro.asked);	/* a later busy second asks again */
	rtnl_unlock();
	dev_put(s->dev);	/* taken when the work was queued */
}

void sluice_gro_init(struct sluice_session *s)
{
	INIT_WORK(&s->gro.start, gro_start);
	s->gro.stamp = jiffies;
}

/* Counts a delivered packet; the first time the session is busy, asks for cells. */
static void count_busy(struct sluice_session *s)
{
	unsigned long now = jiffies;
	u32 seen;

	/* CPUs race on the count: it only needs to be about right */
	if (time_after(now, READ_ONCE(s->gro.stamp) + HZ)) {
		WRITE_ONCE(s->gro.stamp, now);
		WRITE_ONCE(s->gro.seen, 0);
		return;
	}
	seen = READ_ONCE(s->gro.seen) + 1;
	WRITE_ONCE(s->gro.seen, seen);
	if (seen < READ_ONCE(gro_rate) || atomic_read(&gro_held) >= READ_ONCE(gro_sessions) ||
	    test_and_set_bit(0, &s->gro.asked))
		return;
	dev_hold(s->dev);
	if (!queue_work(sluice_wq, &s->gro.start))
		dev_put(s->dev);
}

/*
 * Only TCP gains: anything else merges with nothing, and UDP would pay GRO's socket lookup
 * on top of the stack's for every datagram.
 */
static bool is_tcp(const struct sk_buff *skb)
{
	unsigned int off = skb->protocol == htons(ETH_P_IP) ? offsetof(struct iphdr, protocol) :
			   offsetof(struct ipv6hdr, nexthdr);
	u8 buf, *proto = skb_header_pointer(skb, off, 1, &buf);

	return proto && *proto == IPPROTO_TCP;
}

void sluice_gro_rx(struct sluice_session *s, struct sk_buff *skb)
{
	struct sluice_gro *g;

	if (!is_tcp(skb)) {
		netif_rx(skb);
		return;
	}
	rcu_read_lock();
	g = rcu_dereference(s->gro.cells);
	if (g) {
		gro_cells_receive(&g->cells, skb);
		rcu_read_unlock();
		return;
	}
	rcu_read_unlock();
	count_busy(s);
	netif_rx(skb);
}

bool sluice_gro_on(struct sluice_session *s)
{
	return rcu_access_pointer(s->gro.cells);
}

void sluice_gro_stop(struct sluice_session *s)
{
	struct sluice_gro *g = rtnl_dereference(s->gro.cells);

	if (!g)
		return;
	RCU_INIT_POINTER(s->gro.cells, NULL);
	gro_cells_destroy(&g->cells);
	kfree_rcu(g, rcu);
	atomic_dec(&gro_held);
}
