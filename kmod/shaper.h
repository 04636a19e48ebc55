/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-session rate limits (shaper.c): one shaper per limited direction, a token bucket with
 * RouterOS's burst and a small queue of its own, drained by a timer.
 */
#ifndef _SLUICE_SHAPER_H
#define _SLUICE_SHAPER_H

#include <linux/hrtimer.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>

struct sluice_session;

#define SLUICE_BURST_SLICES 16		/* RouterOS averages over burst-time in 16 parts */

/* One direction's limit, in bytes per second and nanoseconds (0: that part unused). */
struct sluice_limit {
	u64 rate;
	u64 burst_rate;			/* > rate, or 0 */
	u64 burst_threshold;
	u64 burst_time_ns;
};

/*
 * The arithmetic, apart from packets and timers so KUnit can drive it with any clock: a
 * token bucket at the rate in force, and the bytes sent in each slice of the last
 * burst-time, whose sum decides whether the burst rate is in force.
 */
struct sluice_tb {
	struct sluice_limit lim;
	s64 tokens;			/* bytes; a packet may take it below zero */
	u64 stamp;			/* ns of the last refill */
	u64 slice_start;		/* ns */
	unsigned int slice;		/* the current one in sent[] */
	u64 sent[SLUICE_BURST_SLICES];	/* bytes */
};

void sluice_tb_init(struct sluice_tb *tb, const struct sluice_limit *lim, u64 now);
void sluice_tb_set_limit(struct sluice_tb *tb, const struct sluice_limit *lim, u64 now);
u64 sluice_tb_rate_now(struct sluice_tb *tb, u64 now);
bool sluice_tb_may_send(struct sluice_tb *tb, u64 now);
void sluice_tb_charge(struct sluice_tb *tb, unsigned int len);
u64 sluice_tb_wait_ns(struct sluice_tb *tb, u64 now);
u64 sluice_tb_depth(u64 rate);
u32 sluice_shaper_queue_limit(const struct sluice_limit *lim);

enum sluice_dir { SLUICE_DIR_RX, SLUICE_DIR_TX, SLUICE_DIRS };

/*
 * A limited direction of a session. Packets pass at once while the bucket has tokens and
 * nothing waits; else they queue (up to queue_limit bytes) and the timer lets them go in
 * order. dead: the shaper is being replaced or its session ends; nothing queues any more.
 */
struct sluice_shaper {
	spinlock_t lock;
	struct sluice_tb tb;
	struct sk_buff_head queue;
	u32 queued;			/* bytes in queue */
	u32 queue_limit;
	bool draining;			/* the timer is handing packets on: newcomers queue */
	bool dead;
	enum sluice_dir dir;
	struct sluice_session *s;
	struct hrtimer timer;
	struct rcu_head rcu;
};

struct sluice_shaper *sluice_shaper_new(struct sluice_session *s, enum sluice_dir dir,
					const struct sluice_limit *lim);
void sluice_shaper_set_limit(struct sluice_shaper *sh, const struct sluice_limit *lim);
void sluice_shaper_free(struct sluice_shaper *sh, bool flush);
bool sluice_shape(struct sluice_session *s, enum sluice_dir dir, struct sk_buff *skb);
int sluice_session_set_limits(struct sluice_session *s, const struct sluice_limit *lim);
void sluice_session_free_shapers(struct sluice_session *s);

#endif /* _SLUICE_SHAPER_H */
