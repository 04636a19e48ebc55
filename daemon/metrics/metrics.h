/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sluiced's Prometheus endpoint (/system metrics; docs/daemon.md "Metrics"): the listener
 * and its connections on the event loop (server.c), the request parser (http.c), the text
 * format (expo.c) and what is exported (collect.c).
 */
#ifndef SLUICED_METRICS_H
#define SLUICED_METRICS_H

#include <stdbool.h>
#include "strbuf.h"

#define METRICS_CONNS_MAX 16		/* connections at once; more are answered 503 */
#define METRICS_REQUEST_MS 5000		/* for the whole request head */
#define METRICS_SEND_MS 30000		/* for the whole answer */
#define METRICS_LINGER_MS 1000		/* after it: the client's close awaited */
#define METRICS_BODY_MAX (16u << 20)	/* an answer larger is refused (500) */

/* /system metrics changed (its .apply): listen, move, or stop listening. */
void metrics_apply(void);
/* At exit: the listener and every connection closed. */
void metrics_stop(void);

/* How the HTTP side has fared, exported with the rest. */
enum metrics_refusal { MR_BAD_REQUEST, MR_NOT_FOUND, MR_METHOD, MR_TOO_BIG, MR_TIMEOUT,
		       MR_BUSY, MR_TOO_LARGE, MR_VERSION, MR_COUNT };
struct metrics_http_stats {
	unsigned long scrapes;			/* 200s sent whole */
	unsigned long refused[MR_COUNT];
	unsigned int conns;			/* open now */
	double last_render_s;			/* the last body's build time */
};
const struct metrics_http_stats *metrics_http_stats(void);
const char *metrics_refusal_name(enum metrics_refusal r);

/* The body of a scrape (collect.c): every family, the per-session ones if asked. */
void metrics_render(struct strbuf *out, bool per_session);

#endif /* SLUICED_METRICS_H */
