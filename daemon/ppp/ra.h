/* SPDX-License-Identifier: GPL-2.0 */
/* Router Advertisements on PPP sessions: their /ipv6 pool prefix, for SLAAC (ppp/ra.c). */
#ifndef SLUICED_PPP_RA_H
#define SLUICED_PPP_RA_H

struct ppp_link;

/* The link carries IPv6 and is up: route its prefix (if any) to it and advertise. */
void ra_start(struct ppp_link *l);
/* No more RAs (IPv6CP closed, or the link ends); the interface takes the route with it. */
void ra_stop(struct ppp_link *l);
/* Router Solicitations dropped: not from a session that advertises, or not hop limit 255 */
unsigned long ra_solicitations_dropped(void);
void ra_done(void);

#endif /* SLUICED_PPP_RA_H */
