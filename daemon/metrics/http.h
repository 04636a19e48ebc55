/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one HTTP request sluiced answers: `GET /metrics` (or `/`), HTTP/1.0 or 1.1. The
 * daemon links no HTTP library, and a scrape endpoint needs none: the request's head is
 * read whole (at most METRICS_REQUEST_MAX bytes), checked strictly and answered once, with
 * `Connection: close`. Everything else is refused by status: 400 malformed, 404 another
 * path, 405 another method, 431 too big, 505 another HTTP version. Pure, for the fuzzer.
 */
#ifndef SLUICED_METRICS_HTTP_H
#define SLUICED_METRICS_HTTP_H

#include <stddef.h>

#define METRICS_REQUEST_MAX 4096

/*
 * The request's head so far (len bytes; a request split across reads is given whole again
 * with more): 0 while it is incomplete and may still be good, else the status to answer,
 * 200 for the scrape. Nothing before the end of the head is trusted or kept.
 */
int metrics_http_parse(const char *buf, size_t len);
/* "OK", "Not Found", ... for the statuses metrics_http_parse returns (and 408, 500, 503) */
const char *metrics_http_reason(int status);

#endif /* SLUICED_METRICS_HTTP_H */
