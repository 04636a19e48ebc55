/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A session's counters, the same for every encapsulation: packets, bytes and control frames
 * each way, and drops by reason (SLUICE_DROP_*, which the namespace also keeps for packets
 * no session claimed).
 */
#ifndef _SLUICE_STATS_H
#define _SLUICE_STATS_H

#include <linux/atomic.h>
#include <linux/u64_stats_sync.h>
#include "uapi/sluice.h"

/* Counters that only ever grow, shared by everything that may drop a packet. */
struct sluice_drops {
	atomic64_t n[__SLUICE_DROP_MAX];
};

/* One direction's traffic counters, updated under that direction's lock. */
struct sluice_dir_stats {
	struct u64_stats_sync sync;
	u64_stats_t packets, bytes, ctrl;
};

static inline void sluice_drop(struct sluice_drops *d, enum sluice_drop why)
{
	atomic64_inc(&d->n[why]);
}

/* Does a reason count against transmit (the device's tx_dropped) rather than receive? */
static inline bool sluice_drop_is_tx(unsigned int why)
{
	return (why >= SLUICE_DROP_TX_NO_ROUTE && why <= SLUICE_DROP_TX_PROTO) ||
	       why == SLUICE_DROP_TX_NESTED || why == SLUICE_DROP_RATE_TX;
}

/* Under the direction's lock: one packet of len bytes, or one PPP control frame. */
static inline void sluice_stats_count(struct sluice_dir_stats *st, unsigned int len, bool ctrl)
{
	u64_stats_update_begin(&st->sync);
	if (ctrl) {
		u64_stats_inc(&st->ctrl);
	} else {
		u64_stats_inc(&st->packets);
		u64_stats_add(&st->bytes, len);
	}
	u64_stats_update_end(&st->sync);
}

/* Any context: a consistent snapshot of one direction. */
static inline void sluice_stats_read(const struct sluice_dir_stats *st, u64 *packets,
				     u64 *bytes, u64 *ctrl)
{
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(&st->sync);
		*packets = u64_stats_read(&st->packets);
		*bytes = u64_stats_read(&st->bytes);
		*ctrl = u64_stats_read(&st->ctrl);
	} while (u64_stats_fetch_retry(&st->sync, start));
}

#endif /* _SLUICE_STATS_H */
