// SPDX-License-Identifier: GPL-2.0
/* monitor-traffic (traffic.h): two samples a second apart, the rates between them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "admin/traffic.h"

struct traffic_row {
	char name[64];
	struct cfg_traffic first;
};

struct traffic_watch {
	int (*traffic)(const char *name, struct cfg_traffic *out);
	bool json;
	uint64_t t0_ms;
	size_t n;
	struct traffic_row row[];
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void traffic_bits_text(uint64_t bps, char *out, size_t cap)
{
	static const char *const units[] = { "kbps", "Mbps", "Gbps", "Tbps" };
	double v = (double)bps;
	size_t u = 0;

	if (bps < 1000) {
		snprintf(out, cap, "%llubps", (unsigned long long)bps);
		return;
	}
	for (v /= 1000; v >= 1000 && u + 1 < sizeof(units) / sizeof(units[0]); u++)
		v /= 1000;
	snprintf(out, cap, "%.1f%s", v, units[u]);
}

/* per second over ms; a counter that went back (a new session of that name) gives 0 */
static uint64_t per_second(uint64_t before, uint64_t after, uint64_t ms)
{
	return after > before ? (after - before) * 1000 / ms : 0;
}

static void print_rates(const struct traffic_watch *w, const struct traffic_row *r,
			const struct cfg_traffic *now, uint64_t ms, struct strbuf *out)
{
	const char *const names[] = { "rx-packets-per-second", "rx-bits-per-second",
				      "tx-packets-per-second", "tx-bits-per-second" };
	uint64_t v[4] = {
		per_second(r->first.rx_packets, now->rx_packets, ms),
		per_second(r->first.rx_bytes, now->rx_bytes, ms) * 8,
		per_second(r->first.tx_packets, now->tx_packets, ms),
		per_second(r->first.tx_bytes, now->tx_bytes, ms) * 8,
	};
	char text[32];
	size_t i;

	if (w->json) {
		sb_puts(out, "{\"name\":");
		sb_json_str(out, r->name);
		for (i = 0; i < 4; i++)
			sb_printf(out, ",\"%s\":%llu", names[i], (unsigned long long)v[i]);
		sb_puts(out, "}\n");
		return;
	}
	sb_printf(out, "%23s: %s\n", "name", r->name);
	for (i = 0; i < 4; i++) {
		if (i % 2)
			traffic_bits_text(v[i], text, sizeof(text));
		else
			snprintf(text, sizeof(text), "%llu", (unsigned long long)v[i]);
		sb_printf(out, "%23s: %s\n", names[i], text);
	}
	sb_puts(out, "\n");
}

static int traffic_finish(void *state, struct strbuf *out, struct strbuf *err)
{
	struct traffic_watch *w = state;
	uint64_t ms = now_ms() - w->t0_ms;
	struct cfg_traffic now;
	size_t i;
	int ret = 0;

	for (i = 0; i < w->n && !ret; i++) {
		if (w->traffic(w->row[i].name, &now)) {
			sb_printf(err, "%s is gone", w->row[i].name);
			ret = -1;
		} else {
			print_rates(w, &w->row[i], &now, ms ? ms : 1, out);
		}
	}
	free(w);
	return ret;
}

static void traffic_cancel(void *state)
{
	free(state);
}

int traffic_start(int (*traffic)(const char *name, struct cfg_traffic *out),
		  const char *const *names, size_t n, bool json, struct cli_later *later,
		  struct strbuf *err)
{
	struct traffic_watch *w;
	size_t i;

	if (!n || n > TRAFFIC_ROWS_MAX) {
		sb_printf(err, "monitor-traffic watches 1 to %d interfaces", TRAFFIC_ROWS_MAX);
		return -1;
	}
	w = calloc(1, sizeof(*w) + n * sizeof(w->row[0]));
	if (!w) {
		sb_puts(err, "out of memory");
		return -1;
	}
	*w = (struct traffic_watch){ .traffic = traffic, .json = json, .n = n,
				     .t0_ms = now_ms() };
	for (i = 0; i < n; i++) {
		snprintf(w->row[i].name, sizeof(w->row[i].name), "%s", names[i]);
		if (traffic(names[i], &w->row[i].first)) {
			sb_printf(err, "no such interface: %s", names[i]);
			free(w);
			return -1;
		}
	}
	*later = (struct cli_later){ .ms = TRAFFIC_INTERVAL_MS, .finish = traffic_finish,
				     .cancel = traffic_cancel, .state = w };
	return 0;
}
