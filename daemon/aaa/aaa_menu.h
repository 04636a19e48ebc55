/* SPDX-License-Identifier: GPL-2.0 */
/* /ppp aaa: RADIUS or local users, and accounting. */
#ifndef SLUICED_AAA_MENU_H
#define SLUICED_AAA_MENU_H

#include "admin/config.h"

/*
 * max-login-failures and login-backoff-max are not in RouterOS either: after that many
 * failed logins in a row from an address or for a name, the next waits (aaa/backoff.h).
 *
 * radius-fallback is not in RouterOS (whose page says it falls back when RADIUS is
 * unreachable): when no server answers, local secrets decide (if-unreachable) or nobody gets
 * in (never); a RADIUS reject is final either way.
 *
 * rate-limit-attributes is not in RouterOS, which reads Mikrotik-Rate-Limit only: RADIUS
 * servers set up for other NASes send the rate as Filter-Id (RouterOS's rate-limit text
 * here) or as Cisco-AVPair "...rate-limit input|output BPS ..." (aaa/rate_attrs.c); each
 * word allows one, Mikrotik-Rate-Limit winning, then Filter-Id, then Cisco-AVPair.
 */
#define PPP_AAA_PROPS(P, S) \
	P(S, use_radius, "use-radius", bool, "no", 0) \
	P(S, accounting, "accounting", bool, "yes", 0) \
	P(S, interim_update, "interim-update", interim, "0s", 0) \
	P(S, radius_fallback, "radius-fallback", radius_fallback, "if-unreachable", 0) \
	P(S, max_login_failures, "max-login-failures", u16, "5", 0) \
	P(S, login_backoff_max, "login-backoff-max", seconds, "1m", 0) \
	P(S, rate_limit_attributes, "rate-limit-attributes", rate_attrs, "mikrotik-rate-limit", 0)
CFG_MENU_DECLARE(ppp_aaa, PPP_AAA_PROPS)

static inline const struct ppp_aaa_cfg *ppp_aaa(void)
{
	return ppp_aaa_find(NULL);
}

#endif /* SLUICED_AAA_MENU_H */
