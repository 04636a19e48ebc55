/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The AC-Cookie (RFC 2516 5.2, 5.3: "it is used ... as protection against denial of service
 * attacks"): a PADO's cookie proves, when the PADR brings it back, that the client received
 * our PADO at the MAC address it sends from, on the same interface, recently. Nothing is
 * kept per PADI: a flood of PADIs costs one HMAC each and no memory.
 *
 * A cookie is 20 bytes: the minute it was made (4 bytes, seconds / 60 on the monotonic
 * clock) and the first 16 bytes of HMAC-SHA256(secret, interface index | client MAC |
 * minute). The secret is 32 random bytes made at start, so a restart voids every cookie out
 * (a client then starts again from PADI, as after any lost PADR). A cookie is good during
 * the minute it was made and the whole next one: 60 to 120 s, plenty for a PADR that follows
 * its PADO within milliseconds.
 */
#ifndef SLUICED_PPPOE_COOKIE_H
#define SLUICED_PPPOE_COOKIE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PPPOE_COOKIE_LEN 20
#define PPPOE_MAC_LEN 6

/* A new secret: 0, or -1 if OpenSSL has no randomness (then no cookie verifies). */
int pppoe_cookie_init(void);
/* The cookie for a PADO to mac on ifindex at now_s (the monotonic clock's seconds): 0 or -1. */
int pppoe_cookie_make(int ifindex, const uint8_t mac[PPPOE_MAC_LEN], uint64_t now_s,
		      uint8_t out[PPPOE_COOKIE_LEN]);
/* Whether a PADR's cookie is one we made for mac on ifindex, no more than a minute ago. */
bool pppoe_cookie_valid(int ifindex, const uint8_t mac[PPPOE_MAC_LEN], uint64_t now_s,
			const uint8_t *cookie, size_t len);

#endif /* SLUICED_PPPOE_COOKIE_H */
