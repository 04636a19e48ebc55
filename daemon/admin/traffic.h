/* SPDX-License-Identifier: GPL-2.0 */
/*
 * monitor-traffic, as RouterOS's /interface monitor-traffic: bits and packets a second of
 * the rows named, from two samples of their counters (cfg_menu.traffic) a second apart. The
 * loop never waits: the first sample is taken now and the answer is finished from a timer
 * (cli_later), the session's next commands held until then.
 */
#ifndef SLUICED_ADMIN_TRAFFIC_H
#define SLUICED_ADMIN_TRAFFIC_H

#include <stdbool.h>
#include <stddef.h>
#include "admin/cli.h"
#include "admin/config.h"

#define TRAFFIC_INTERVAL_MS 1000
#define TRAFFIC_ROWS_MAX 64		/* rows one command may watch */

/* The first sample of names[0..n); later set to finish the answer. 0, or -1 and why. */
int traffic_start(int (*traffic)(const char *name, struct cfg_traffic *out),
		  const char *const *names, size_t n, bool json, struct cli_later *later,
		  struct strbuf *err);
/* "0bps", "980bps", "12.3kbps", "1.2Mbps", "1.0Gbps", as RouterOS shows a rate */
void traffic_bits_text(uint64_t bps, char *out, size_t cap);

#endif /* SLUICED_ADMIN_TRAFFIC_H */
