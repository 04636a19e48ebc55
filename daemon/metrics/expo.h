/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Prometheus's text exposition format, version 0.0.4: a family's HELP and TYPE lines, then
 * its samples, `name{label="value",...} value`. Label values may come from peers (a user
 * name): they are escaped as the format says (backslash, double quote, newline), and bytes
 * that are not printable UTF-8 become '?', so a scraper always parses what we write.
 */
#ifndef SLUICED_METRICS_EXPO_H
#define SLUICED_METRICS_EXPO_H

#include <stddef.h>
#include <stdint.h>
#include "strbuf.h"

#define EXPO_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

struct expo_label {
	const char *name;	/* ours: [a-z_]+ */
	const char *value;	/* anything; escaped */
};

/* "# HELP name help" and "# TYPE name type" (counter, gauge, summary) */
void expo_family(struct strbuf *out, const char *name, const char *type, const char *help);
void expo_u64(struct strbuf *out, const char *name, const struct expo_label *l, size_t n,
	      uint64_t v);
void expo_double(struct strbuf *out, const char *name, const struct expo_label *l, size_t n,
		 double v);
/* A label value as the format wants it (no quotes around it). */
void expo_label_value(struct strbuf *out, const char *v);

#endif /* SLUICED_METRICS_EXPO_H */
