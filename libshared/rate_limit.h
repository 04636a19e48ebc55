/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RouterOS's rate-limit text (/ppp profile rate-limit, RADIUS Mikrotik-Rate-Limit), parsed
 * into numbers once:
 *
 *   rx[/tx] [rx-burst[/tx-burst] [rx-threshold[/tx-threshold] [rx-time[/tx-time]
 *   [priority] [rx-min[/tx-min]]]]]
 *
 * "from the point of view of the router": rx is what the router receives from the client
 * (the client's upload), tx what it sends to the client (its download). Rates are bits per
 * second, with k (1000), M (10^6) or G (10^9); 0 is no limit. A missing tx is the rx; burst
 * thresholds left out are the rates; burst times left out are 1 s; min left out is the rate
 * and may not exceed it; priority is 1 (highest) .. 8 (default).
 */
#ifndef SLUICE_RATE_LIMIT_H
#define SLUICE_RATE_LIMIT_H

#include <stdbool.h>
#include <stdint.h>

#define RATE_LIMIT_MIN_BPS 8000		/* the module's least rate (kmod/uapi/sluice.h) */
#define RATE_LIMIT_MAX_BPS 400000000000ULL
#define RATE_LIMIT_TEXT_MAX 64		/* as stored in profiles and RADIUS attributes */

struct rate_dir {
	uint64_t rate;			/* bits per second, 0: none */
	uint64_t burst_rate;		/* 0: no burst */
	uint64_t burst_threshold;
	uint32_t burst_time_ms;
	uint64_t min;			/* limit-at: shown; only a parent queue would use it */
};

struct rate_limit {
	struct rate_dir rx, tx;
	unsigned int priority;
};

/* 0 and *rl filled, or -1 with *why; "" is no limit either way. */
int rate_limit_parse(const char *text, struct rate_limit *rl, const char **why);
/* Does the direction shape with burst (a burst rate above the rate and a threshold)? */
bool rate_dir_has_burst(const struct rate_dir *d);
struct sluice_nl_limits;
/* What the module takes of a parsed rate-limit: rates, and burst only where it applies. */
void sluice_nl_limits_of(struct sluice_nl_limits *out, const struct rate_limit *rl);
/* A rate as RouterOS prints it: 512k, 2M, 1500 (bits per second); buf of at least 24. */
const char *rate_text(uint64_t bps, char *buf, unsigned int len);

#endif /* SLUICE_RATE_LIMIT_H */
