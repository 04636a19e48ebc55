/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Dynamic Authorization (RFC 5176): Disconnect-Request and CoA-Request on UDP
 * (/radius incoming accept=yes port=3799), from the addresses of /radius servers only, each
 * checked with that server's secret. A request names sessions by Acct-Session-Id, User-Name
 * and/or Framed-IP-Address (all given must match). Disconnect ends them (admin-reset); CoA
 * sets Session-Timeout (counted from the session's start) and Mikrotik-Rate-Limit (stored).
 * NAKs carry Error-Cause: 402 nothing names a session, 503 no such session, 401 a CoA
 * attribute we cannot apply (then nothing changes), 404 a bad authenticator. Requests from
 * other addresses are dropped unanswered. Against replays (RFC 5176 6.3): a request whose
 * Event-Timestamp is more than 300 s from our clock is dropped, and so is one without when
 * require-event-timestamp=yes; a request that verified is remembered for 300 s by client,
 * Identifier and authenticator (not port): from the same port again it is a retransmission
 * and gets the cached answer without a second action, from another port it is a replay and
 * is dropped.
 */
#ifndef SLUICED_RADIUS_DAE_H
#define SLUICED_RADIUS_DAE_H

#include <stdbool.h>
#include <stdint.h>
#include "radius/packet.h"

struct rad_dae_stats {
	unsigned long requests, acks, naks, bad_authenticators, unknown_clients, malformed,
		duplicates, replays, stale, no_timestamp, evictions;
};

/* Opens, moves or closes the socket as /radius incoming says. */
void rad_dae_apply(void);
void rad_dae_done(void);
const struct rad_dae_stats *rad_dae_stats(void);
/* /radius incoming monitor: the counters, as a block or JSON */
struct strbuf;
void rad_dae_monitor(struct strbuf *out, int json);

/*
 * One request from src (network order) and port (host order) into a reply in out: true to
 * send it, false to drop the request unanswered. Acts on the sessions. For the listener,
 * tests and the fuzzer.
 */
bool rad_dae_process(const uint8_t *buf, size_t len, uint32_t src, uint16_t port,
		     struct rad_packet *out);

#endif /* SLUICED_RADIUS_DAE_H */
