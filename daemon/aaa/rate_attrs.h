/* SPDX-License-Identifier: GPL-2.0 */
/* A RADIUS packet's rate-limit, from the attributes /ppp aaa rate-limit-attributes allows. */
#ifndef SLUICED_AAA_RATE_ATTRS_H
#define SLUICED_AAA_RATE_ATTRS_H

#include <stddef.h>
#include <stdint.h>

/*
 * pkt (rad_check accepted it): 1 with RouterOS's rate-limit text in out, 0 if the packet
 * gives none, -1 if the attribute that would is unusable (control bytes, too long, a
 * Cisco-AVPair rate-limit that does not parse).
 */
int auth_radius_rate_limit(const uint8_t *pkt, size_t len, char *out, size_t cap);

#endif /* SLUICED_AAA_RATE_ATTRS_H */
