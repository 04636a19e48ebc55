/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PPP authentication through RADIUS (/ppp aaa use-radius=yes): PAP (User-Password), CHAP
 * (CHAP-Password, CHAP-Challenge), MS-CHAPv1 and v2 (RFC 2548 MS-CHAP-Challenge,
 * MS-CHAP-Response, MS-CHAP2-Response). An Access-Accept's attributes go to the session
 * (auth/attrs.h), its MPPE keys (MS-MPPE-Send/Recv-Key, MS-CHAP-MPPE-Keys) to the link and
 * MS-CHAP2-Success to the peer. Policy: an Access-Reject is final; when no server answers,
 * /ppp aaa radius-fallback=if-unreachable lets the local secrets decide.
 */
#ifndef SLUICED_AUTH_RADIUS_H
#define SLUICED_AUTH_RADIUS_H

#include <stddef.h>
#include <stdint.h>
#include "aaa/attrs.h"

/* Registers the backend with ppp/auth.c. */
void auth_radius_init(void);

/*
 * An Access-Accept's attributes into out (zeroed first); pure, for tests and the fuzzer.
 * Unusable values (a route that does not parse, an empty pool) are left out and logged.
 */
void auth_radius_parse_accept(const uint8_t *pkt, size_t len, struct auth_attrs *out);

/*
 * An Access-Accept (checked by the engine) for the request a made: attributes into a->attrs,
 * MPPE keys into a, the profile (Mikrotik-Group if it exists), and in msg what the peer is
 * told (MS-CHAPv2: "S=... M=..."). -1 with why if the accept is unusable (no valid
 * MS-CHAP2-Success, keys that do not decrypt): the user is refused then.
 */
struct ppp_auth;
struct rad_reply;
int auth_radius_accept(struct ppp_auth *a, const struct rad_reply *r, char *msg, size_t cap,
		       const char **why);

/* Framed-Route ("10.1.0.0/24 0.0.0.0 1", RFC 2865 5.22) as routes= writes it, or -1. */
int auth_radius_route(const uint8_t *val, size_t len, char *out, size_t cap);

#endif /* SLUICED_AUTH_RADIUS_H */
