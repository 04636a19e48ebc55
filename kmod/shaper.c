// SPDX-License-Identifier: GPL-2.0
/*
 * Rate limits, as RouterOS applies a PPP session's rate-limit: each limited direction of a
 * session shapes its packets to a rate, with RouterOS's burst (a higher rate while the
 * average over the last burst-time stays below a threshold).
 *
 * Why in the module and not tc on the session's interface: a session without a limit
 * costs one NULL pointer per direction and a test per packet, where a qdisc would put a
 * lock and an enqueue/dequeue on every packet of every session; and a limit needs no
 * ingress redirect to an ifb device for the client's upload. A limited direction costs a
 * shaper (a few hundred bytes) and, while packets wait, a high-resolution timer.
 *
 * A packet passes at once while the bucket holds tokens (up to 25 ms of the rate) and
 * nothing waits before it;
 * otherwise it waits in the shaper's queue, which the timer drains in order as tokens come
 * (softirq context). The queue holds about 100 ms of the rate (at least 32 KB, at most
 * 4 MB): a shaper, not a policer, so TCP sees delay before loss and gets its rate.
 *
 * Lifetime: the session points at its shapers under RCU (RTNL writers). A shaper being
 * replaced or ended is marked dead under its lock, so nothing queues or arms its timer
 * again; its timer is cancelled (waiting for a running callback), and it is freed after a
 * grace period, as packet paths may still hold it.
 */
#include <linux/math64.h>
#include <linux/slab.h>
#include <linux/if_ether.h>
#include "ppp.h"
#include "sluice.h"

#define SLUICE_QUEUE_MIN (32 * 1024)
#define SLUICE_QUEUE_MAX (4 * 1024 * 1024)
#define SLUICE_DEPTH_MIN 3000		/* two full-sized packets */

/* --- the arithmetic */

/*
 * The bucket's depth at a rate: 25 ms of it, at least two packets. It is also how late the
 * timer may fire without the session losing rate: a deeper bucket forgives a busier CPU
 * (the VM's emulated timers are late by milliseconds), a shallower one bursts less after
 * a pause.
 */
u64 sluice_tb_depth(u64 rate)
{
	return max_t(u64, rate / 40, SLUICE_DEPTH_MIN);
}

/* About 100 ms of the highest rate the limit allows. */
u32 sluice_shaper_queue_limit(const struct sluice_limit *lim)
{
	u64 top = max(lim->rate, lim->burst_rate);

	return clamp_t(u64, top / 10, SLUICE_QUEUE_MIN, SLUICE_QUEUE_MAX);
}

static bool has_burst(const struct sluice_limit *lim)
{
	return lim->burst_rate > lim->rate && lim->burst_time_ns >= SLUICE_BURST_SLICES;
}

/* Moves the slices on to now: those that ended start empty. */
static void advance_slices(struct sluice_tb *tb, u64 now)
{
	u64 len = div_u64(tb->lim.burst_time_ns, SLUICE_BURST_SLICES);
	unsigned int i;

	if (now < tb->slice_start + len)
		return;
	if (now - tb->slice_start >= SLUICE_BURST_SLICES * len) {
		memset(tb->sent, 0, sizeof(tb->sent));	/* a whole burst-time was quiet */
		tb->slice_start = now;
		return;
	}
	for (i = 0; i < SLUICE_BURST_SLICES && now >= tb->slice_start + len; i++) {
		tb->slice = (tb->slice + 1) % SLUICE_BURST_SLICES;
		tb->sent[tb->slice] = 0;
		tb->slice_start += len;
	}
}

/*
 * The rate in force: the burst rate while the average over the last burst-time is below
 * the threshold, else the rate (RouterOS: "burst can occur only if average-rate of the
 * queue for the last burst-time seconds is smaller than burst-threshold").
 */
u64 sluice_tb_rate_now(struct sluice_tb *tb, u64 now)
{
	u64 sum = 0;
	unsigned int i;

	if (!has_burst(&tb->lim))
		return tb->lim.rate;
	advance_slices(tb, now);
	for (i = 0; i < SLUICE_BURST_SLICES; i++)
		sum += tb->sent[i];
	/* average = sum / burst-time, compared without dividing */
	if (mul_u64_u64_div_u64(sum, NSEC_PER_SEC, tb->lim.burst_time_ns) <
	    tb->lim.burst_threshold)
		return tb->lim.burst_rate;
	return tb->lim.rate;
}

static void refill(struct sluice_tb *tb, u64 now)
{
	u64 rate = sluice_tb_rate_now(tb, now);
	u64 elapsed = now > tb->stamp ? now - tb->stamp : 0;
	s64 depth = sluice_tb_depth(rate);

	tb->stamp = now;
	/* a full bucket takes at most 25 ms at the rate: a second bounds the product */
	elapsed = min_t(u64, elapsed, NSEC_PER_SEC);
	tb->tokens += mul_u64_u64_div_u64(elapsed, rate, NSEC_PER_SEC);
	if (tb->tokens > depth)
		tb->tokens = depth;
}

void sluice_tb_init(struct sluice_tb *tb, const struct sluice_limit *lim, u64 now)
{
	memset(tb, 0, sizeof(*tb));
	tb->lim = *lim;
	tb->stamp = now;
	tb->slice_start = now;
	tb->tokens = sluice_tb_depth(lim->rate);
}

/* A new limit keeps what was sent (the burst's history) and at most a full bucket. */
void sluice_tb_set_limit(struct sluice_tb *tb, const struct sluice_limit *lim, u64 now)
{
	refill(tb, now);
	tb->lim = *lim;
	tb->tokens = min_t(s64, tb->tokens, sluice_tb_depth(lim->rate));
	if (has_burst(lim))
		advance_slices(tb, now);
}

bool sluice_tb_may_send(struct sluice_tb *tb, u64 now)
{
	refill(tb, now);
	return tb->tokens > 0;
}

void sluice_tb_charge(struct sluice_tb *tb, unsigned int len)
{
	tb->tokens -= len;
	tb->sent[tb->slice] += len;
}

/* How long until the bucket has a token again (0: it has one). */
u64 sluice_tb_wait_ns(struct sluice_tb *tb, u64 now)
{
	u64 rate;

	refill(tb, now);
	if (tb->tokens > 0)
		return 0;
	rate = sluice_tb_rate_now(tb, now);
	/* the deficit is at most a packet or so: no overflow */
	return div64_u64((u64)(1 - tb->tokens) * NSEC_PER_SEC + rate - 1, rate);
}

/* --- packets */

static void deliver(struct sluice_shaper *sh, struct sk_buff *skb)
{
	if (sh->dir == SLUICE_DIR_TX)
		sluice_xmit(sh->s, skb, skb->protocol == htons(ETH_P_IPV6) ? SLUICE_PPP_IPV6 :
									      SLUICE_PPP_IP);
	else
		sluice_device_rx(sh->s, skb, skb->protocol);
}

/* Under the lock: the timer for the queue's head, unless it is set or running to drain. */
static void arm(struct sluice_shaper *sh, u64 now)
{
	if (sh->draining || sh->dead || skb_queue_empty(&sh->queue) ||
	    hrtimer_is_queued(&sh->timer))
		return;
	hrtimer_start(&sh->timer, ns_to_ktime(sluice_tb_wait_ns(&sh->tb, now)),
		      HRTIMER_MODE_REL_SOFT);
}

/* Under the lock: what may go now, in order, onto out. */
static void take_ready(struct sluice_shaper *sh, u64 now, struct sk_buff_head *out)
{
	struct sk_buff *skb;

	while ((skb = skb_peek(&sh->queue)) && sluice_tb_may_send(&sh->tb, now)) {
		__skb_unlink(skb, &sh->queue);
		sh->queued -= skb->len;
		sluice_tb_charge(&sh->tb, skb->len);
		__skb_queue_tail(out, skb);
	}
}

static enum hrtimer_restart shaper_timer(struct hrtimer *t)
{
	struct sluice_shaper *sh = container_of(t, struct sluice_shaper, timer);
	struct sk_buff_head ready;
	struct sk_buff *skb;

	__skb_queue_head_init(&ready);
	spin_lock(&sh->lock);
	if (!sh->dead)
		take_ready(sh, ktime_get_ns(), &ready);
	/* while they are handed on without the lock, newcomers queue behind them */
	sh->draining = !skb_queue_empty(&ready);
	spin_unlock(&sh->lock);
	while ((skb = __skb_dequeue(&ready)))
		deliver(sh, skb);
	spin_lock(&sh->lock);
	sh->draining = false;
	arm(sh, ktime_get_ns());
	spin_unlock(&sh->lock);
	return HRTIMER_NORESTART;
}

/*
 * Any context with BH disabled or not. true: the shaper took skb (queued or dropped);
 * false: it may go on now, or the direction has no limit.
 */
bool sluice_shape(struct sluice_session *s, enum sluice_dir dir, struct sk_buff *skb)
{
	struct sluice_shaper *sh;
	bool taken = true;
	u64 now;

	rcu_read_lock_bh();
	sh = rcu_dereference_bh(s->shaper[dir]);
	if (!sh) {
		rcu_read_unlock_bh();
		return false;
	}
	spin_lock(&sh->lock);
	now = ktime_get_ns();
	if (sh->dead) {
		taken = false;		/* being replaced: this one goes unshaped */
	} else if (!sh->draining && skb_queue_empty(&sh->queue) &&
		   sluice_tb_may_send(&sh->tb, now)) {
		sluice_tb_charge(&sh->tb, skb->len);
		taken = false;
	} else if (sh->queued + skb->len > sh->queue_limit) {
		sluice_drop(&s->drops, dir == SLUICE_DIR_TX ? SLUICE_DROP_RATE_TX :
							      SLUICE_DROP_RATE_RX);
		kfree_skb(skb);
	} else {
		/* it outlives the caller's RCU section: no borrowed route may stay with it */
		skb_dst_force(skb);
		__skb_queue_tail(&sh->queue, skb);
		sh->queued += skb->len;
		arm(sh, now);
	}
	spin_unlock(&sh->lock);
	rcu_read_unlock_bh();
	return taken;
}

struct sluice_shaper *sluice_shaper_new(struct sluice_session *s, enum sluice_dir dir,
					const struct sluice_limit *lim)
{
	struct sluice_shaper *sh = kzalloc(sizeof(*sh), GFP_KERNEL);

	if (!sh)
		return NULL;
	spin_lock_init(&sh->lock);
	sluice_tb_init(&sh->tb, lim, ktime_get_ns());
	__skb_queue_head_init(&sh->queue);
	sh->queue_limit = sluice_shaper_queue_limit(lim);
	sh->dir = dir;
	sh->s = s;
	hrtimer_init(&sh->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	sh->timer.function = shaper_timer;
	return sh;
}

/* A new limit in place: what waits stays queued, and the timer recomputes from it. */
void sluice_shaper_set_limit(struct sluice_shaper *sh, const struct sluice_limit *lim)
{
	u64 now = ktime_get_ns();

	spin_lock_bh(&sh->lock);
	sluice_tb_set_limit(&sh->tb, lim, now);
	sh->queue_limit = sluice_shaper_queue_limit(lim);
	spin_unlock_bh(&sh->lock);
	/* the old timer may be far off at a lower rate: restart it at the new one */
	hrtimer_cancel(&sh->timer);
	spin_lock_bh(&sh->lock);
	arm(sh, now);
	spin_unlock_bh(&sh->lock);
}

/*
 * Process context, after the session stopped pointing at sh. flush: what waited goes on
 * unshaped (a limit lifted); else it is dropped (the session ends).
 */
void sluice_shaper_free(struct sluice_shaper *sh, bool flush)
{
	struct sk_buff_head left;
	struct sk_buff *skb;

	__skb_queue_head_init(&left);
	spin_lock_bh(&sh->lock);
	sh->dead = true;
	skb_queue_splice_init(&sh->queue, &left);
	sh->queued = 0;
	spin_unlock_bh(&sh->lock);
	hrtimer_cancel(&sh->timer);
	while ((skb = __skb_dequeue(&left))) {
		if (flush) {
			local_bh_disable();
			deliver(sh, skb);
			local_bh_enable();
		} else {
			kfree_skb(skb);
		}
	}
	kfree_rcu(sh, rcu);
}

/*
 * Under RTNL: the limits of both directions (rate 0: none). New shapers are made first, so
 * a failure changes nothing.
 */
int sluice_session_set_limits(struct sluice_session *s, const struct sluice_limit *lim)
{
	struct sluice_shaper *made[SLUICE_DIRS] = {}, *old;
	int d;

	ASSERT_RTNL();
	for (d = 0; d < SLUICE_DIRS; d++) {
		if (!lim[d].rate || rtnl_dereference(s->shaper[d]))
			continue;
		made[d] = sluice_shaper_new(s, d, &lim[d]);
		if (!made[d]) {
			while (d--)
				kfree(made[d]);
			return -ENOMEM;
		}
	}
	for (d = 0; d < SLUICE_DIRS; d++) {
		old = rtnl_dereference(s->shaper[d]);
		if (made[d]) {
			rcu_assign_pointer(s->shaper[d], made[d]);
		} else if (old && lim[d].rate) {
			sluice_shaper_set_limit(old, &lim[d]);
		} else if (old) {
			RCU_INIT_POINTER(s->shaper[d], NULL);
			sluice_shaper_free(old, true);
		}
	}
	return 0;
}

/* The session's end (process context, nobody reaches it any more): queued packets go. */
void sluice_session_free_shapers(struct sluice_session *s)
{
	struct sluice_shaper *sh;
	int d;

	for (d = 0; d < SLUICE_DIRS; d++) {
		sh = rcu_dereference_protected(s->shaper[d], true);
		RCU_INIT_POINTER(s->shaper[d], NULL);
		if (sh)
			sluice_shaper_free(sh, false);
	}
}
