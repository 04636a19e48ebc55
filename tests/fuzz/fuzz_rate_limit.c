// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: any byte string as a rate-limit (a RADIUS server's Mikrotik-Rate-Limit reaches
 * rate_limit_parse as sent); ASan and UBSan watch, and what it accepts must hold RouterOS's
 * bounds and print back to the same rate.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "rate_limit.h"

static void check_dir(const struct rate_dir *d)
{
	struct rate_limit again;
	const char *why;
	char text[24];

	if (d->rate > RATE_LIMIT_MAX_BPS || (d->rate && d->rate < RATE_LIMIT_MIN_BPS))
		abort();
	if (d->rate && d->min > d->rate)
		abort();
	if (d->burst_time_ms < 1000 || d->burst_time_ms > 3600000)
		abort();
	if (rate_limit_parse(rate_text(d->rate, text, sizeof(text)), &again, &why) ||
	    again.rx.rate != d->rate)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rate_limit rl;
	const char *why = NULL;
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (rate_limit_parse(text, &rl, &why) == 0) {
		if (rl.priority < 1 || rl.priority > 8)
			abort();
		check_dir(&rl.rx);
		check_dir(&rl.tx);
	} else if (!why) {
		abort();
	}
	free(text);
	return 0;
}
