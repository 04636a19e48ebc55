// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: whatever a scraper sends to /system metrics. The parser answers only statuses
 * the server knows, never reads past what it is given, and is consistent across reads: once
 * a prefix of the request decided (the server answers then), the whole decides the same.
 * And the same bytes as a label value (a user name) come out of expo_label_value with no
 * raw newline, no unescaped quote and no control byte, so they cannot forge a series.
 */
/* unit-test-sources: daemon/metrics/http.c daemon/metrics/expo.c */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "metrics/expo.h"
#include "metrics/http.h"
#include "fuzz_quiet.h"

static bool known(int st)
{
	return st == 0 || st == 200 || st == 400 || st == 404 || st == 405 || st == 431 ||
	       st == 505;
}

static void parse_in_pieces(const uint8_t *data, size_t size)
{
	size_t n = size < METRICS_REQUEST_MAX ? size : METRICS_REQUEST_MAX, k;
	/* an exact-size copy: ASan sees any read past the end */
	char *buf = malloc(n ? n : 1);
	int whole, part;

	check(buf != NULL);
	memcpy(buf, data, n);
	whole = metrics_http_parse(buf, n);
	check(known(whole));
	check(n < METRICS_REQUEST_MAX || whole != 0);
	for (k = 0; k < n; k += 1 + k / 8) {
		part = metrics_http_parse(buf, k);
		check(known(part) && part != 431);
		check(part == 0 || part == whole);
	}
	free(buf);
}

static void label_value(const uint8_t *data, size_t size)
{
	char *v = malloc(size + 1);
	struct strbuf out;
	size_t i;

	check(v != NULL);
	memcpy(v, data, size);
	v[size] = '\0';
	sb_init(&out);
	expo_label_value(&out, v);
	for (i = 0; i < out.len; i++) {
		unsigned char c = (unsigned char)out.p[i];

		check(c >= 0x20 && c != 0x7f);
		if (c == '\\') {	/* an escape: \\, \" or \n, taken whole */
			check(i + 1 < out.len && out.p[i + 1] && strchr("\\\"n", out.p[i + 1]));
			i++;
		} else {
			check(c != '"');
		}
	}
	sb_free(&out);
	free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	parse_in_pieces(data, size);
	label_value(data, size);
	return 0;
}
