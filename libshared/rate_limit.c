// SPDX-License-Identifier: GPL-2.0
/* RouterOS's rate-limit text into numbers (rate_limit.h says the grammar and its defaults). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rate_limit.h"
#include "sluice_nl.h"

enum field { F_RATE, F_BURST, F_THRESHOLD, F_TIME, F_PRIORITY, F_MIN, F_COUNT };

/* A whole number of at most 12 digits (no sign, no spaces): 0, or -1. */
static int whole(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (!n || n > 12)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return 0;
}

/* "512k", "10M", "1G", "64000": bits per second within the module's range, or 0. */
static int one_rate(const char *s, size_t n, uint64_t *bps)
{
	uint64_t mult = 1, v;

	if (n && strchr("kKMG", s[n - 1])) {
		mult = s[n - 1] == 'G' ? 1000000000ULL : s[n - 1] == 'M' ? 1000000 : 1000;
		n--;
	}
	if (whole(s, n, &v) || v > (uint64_t)RATE_LIMIT_MAX_BPS / mult)
		return -1;
	v *= mult;
	if (v && (v < RATE_LIMIT_MIN_BPS || v > RATE_LIMIT_MAX_BPS))
		return -1;
	*bps = v;
	return 0;
}

/* A burst-time: seconds, "8" or "8s", 1 .. 3600 (0: none given). */
static int one_time(const char *s, size_t n, uint64_t *ms)
{
	uint64_t v;

	if (n && s[n - 1] == 's')
		n--;
	if (whole(s, n, &v) || v > 3600)
		return -1;
	*ms = v * 1000;
	return 0;
}

static int one_value(enum field f, const char *s, size_t n, uint64_t *v)
{
	if (f == F_TIME)
		return one_time(s, n, v);
	if (f == F_PRIORITY)
		return whole(s, n, v) || *v < 1 || *v > 8 ? -1 : 0;
	return one_rate(s, n, v);
}

static const char *const field_why[F_COUNT] = {
	[F_RATE] = "expected a rate like 512k, 10M or 1G (at least 8k; 0: none)",
	[F_BURST] = "expected a burst rate like 2M",
	[F_THRESHOLD] = "expected a burst threshold like 1500k",
	[F_TIME] = "expected a burst time in seconds, 1 to 3600",
	[F_PRIORITY] = "expected a priority from 1 to 8",
	[F_MIN] = "expected a minimum rate like 256k",
};

/* One word, "rx" or "rx/tx" (priority: a single number): v[0], v[1] (= v[0] if alone). */
static int one_word(enum field f, const char *w, size_t n, uint64_t v[2])
{
	const char *slash = memchr(w, '/', n);

	if (!slash)
		return one_value(f, w, n, &v[0]) ? -1 : (v[1] = v[0], 0);
	if (f == F_PRIORITY)
		return -1;
	return one_value(f, w, (size_t)(slash - w), &v[0]) ||
			       one_value(f, slash + 1, n - (size_t)(slash - w) - 1, &v[1]) ?
		       -1 :
		       0;
}

static void put_field(struct rate_limit *rl, enum field f, const uint64_t v[2])
{
	struct rate_dir *d[2] = { &rl->rx, &rl->tx };
	int i;

	for (i = 0; i < 2; i++) {
		switch (f) {
		case F_RATE: d[i]->rate = v[i]; break;
		case F_BURST: d[i]->burst_rate = v[i]; break;
		case F_THRESHOLD: d[i]->burst_threshold = v[i]; break;
		case F_TIME: d[i]->burst_time_ms = (uint32_t)v[i]; break;
		case F_MIN: d[i]->min = v[i]; break;
		default: rl->priority = (unsigned int)v[0]; break;
		}
	}
}

/* RouterOS's defaults for what the text left out; -1 with *why if min exceeds the rate. */
static int fill_defaults(struct rate_dir *d, int fields, const char **why)
{
	if (fields <= F_THRESHOLD)
		d->burst_threshold = d->rate;
	if (fields <= F_TIME || !d->burst_time_ms)
		d->burst_time_ms = 1000;
	if (fields <= F_MIN)
		d->min = d->rate;
	if (d->rate && d->min > d->rate) {
		*why = "the minimum rate cannot exceed the rate";
		return -1;
	}
	return 0;
}

int rate_limit_parse(const char *text, struct rate_limit *rl, const char **why)
{
	const char *p = text;
	int f = F_RATE;

	memset(rl, 0, sizeof(*rl));
	rl->priority = 8;
	if (strlen(text) >= RATE_LIMIT_TEXT_MAX) {
		*why = "rate-limit too long";
		return -1;
	}
	for (;;) {
		uint64_t v[2];
		size_t n;

		p += strspn(p, " ");
		if (!*p)
			break;
		n = strcspn(p, " ");
		if (f == F_COUNT) {
			*why = "expected rx/tx [burst [threshold [time [priority [min]]]]]";
			return -1;
		}
		if (one_word((enum field)f, p, n, v)) {
			*why = field_why[f];
			return -1;
		}
		put_field(rl, (enum field)f++, v);
		p += n;
	}
	return fill_defaults(&rl->rx, f, why) || fill_defaults(&rl->tx, f, why) ? -1 : 0;
}

bool rate_dir_has_burst(const struct rate_dir *d)
{
	return d->rate && d->burst_rate > d->rate && d->burst_threshold;
}

const char *rate_text(uint64_t bps, char *buf, unsigned int len)
{
	if (bps && bps % 1000000000 == 0)
		snprintf(buf, len, "%" PRIu64 "G", bps / (uint64_t)1000000000);
	else if (bps && bps % 1000000 == 0)
		snprintf(buf, len, "%" PRIu64 "M", bps / 1000000);
	else if (bps && bps % 1000 == 0)
		snprintf(buf, len, "%" PRIu64 "k", bps / 1000);
	else
		snprintf(buf, len, "%" PRIu64, bps);
	return buf;
}

static void limit_of(struct sluice_nl_limit *out, const struct rate_dir *d)
{
	memset(out, 0, sizeof(*out));
	out->rate = d->rate;
	if (!rate_dir_has_burst(d))
		return;
	out->burst_rate = d->burst_rate;
	out->burst_threshold = d->burst_threshold;
	out->burst_time_ms = d->burst_time_ms;
}

void sluice_nl_limits_of(struct sluice_nl_limits *out, const struct rate_limit *rl)
{
	limit_of(&out->rx, &rl->rx);
	limit_of(&out->tx, &rl->tx);
}
