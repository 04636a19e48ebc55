/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the PPP links count for /system metrics (metrics/collect.c): the links that ended,
 * by service, cause and whether they had come up (teardown.c), and the authenticator's
 * verdicts by method, deciding backend and result (auth.c). Labels are program constants,
 * interned into fixed tables: a cause beyond the table's room counts as "other".
 */
#ifndef SLUICED_PPP_STATS_H
#define SLUICED_PPP_STATS_H

#include <stdbool.h>

/* fn once per (service, cause, was_up) that has ended links, with how many */
void ppp_link_end_counts(void (*fn)(void *arg, const char *service, const char *cause,
				    bool was_up, unsigned long n), void *arg);

enum ppp_auth_by { PPP_AUTH_BY_LOCAL, PPP_AUTH_BY_RADIUS, PPP_AUTH_BY_NONE, PPP_AUTH_BY_COUNT };
/* "local", "radius", "none" (refused before any check, or the peer never answered) */
const char *ppp_auth_by_name(enum ppp_auth_by by);
/* verdicts[method][by][ok]: method an enum ppp_auth_method (ppp/auth.h) */
#define PPP_AUTH_METHODS 5
typedef unsigned long ppp_auth_verdicts_t[PPP_AUTH_METHODS][PPP_AUTH_BY_COUNT][2];
const ppp_auth_verdicts_t *ppp_auth_verdicts(void);

#endif /* SLUICED_PPP_STATS_H */
