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

#endif /* _SLUICE_STATS_H */
