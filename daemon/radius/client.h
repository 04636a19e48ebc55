/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RADIUS client engine: requests to the servers of `/radius` (service=ppp, enabled), in
 * their order, over non-blocking UDP sockets in the daemon's event loop.
 *
 * - Identifiers: a socket has 256; a request holds one from its first send on a server to its
 *   end there. More than 256 outstanding requests open another socket (up to RAD_SOCKETS).
 * - Retransmission (RFC 5080 2.2.1): to the same server, the very same packet (same
 *   Identifier and Request Authenticator), after timeout, 2 x timeout, ...; RAD_TRIES sends
 *   per server. An Accounting-Request's first wait is at least twice the server's smoothed
 *   answer time (up to 5 s): a server that forgets an answered Accounting-Request accounts
 *   a retransmission read after it again. Failover to the next server builds a new packet: a new Identifier, a new
 *   authenticator, the server's secret, and for accounting an Acct-Delay-Time brought up to
 *   date. A server that used up its tries is passed over for RAD_DEAD_MS by new requests
 *   (all dead: all are tried anyway).
 * - Replies are matched by socket, Identifier and source address/port; then the Response
 *   Authenticator and Message-Authenticator are checked; anything else is counted as a bad
 *   reply and dropped (a forged reply cannot end a request).
 * - Per-server counters for `/radius print stats` and `/radius monitor`.
 */
#ifndef SLUICED_RADIUS_CLIENT_H
#define SLUICED_RADIUS_CLIENT_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include "core/loop.h"
#include "radius/packet.h"

#define RAD_TRIES 3
#define RAD_SOCKETS 64
#define RAD_DEAD_MS 10000

enum rad_kind { RAD_KIND_AUTH, RAD_KIND_ACCT };

struct rad_server_stats {
	unsigned long requests, accepts, rejects, challenges, resends, timeouts, bad_replies;
	unsigned long acct_requests, acct_responses;
	unsigned int pending;
	unsigned int last_rtt_ms;
	unsigned long long rtt_ms_sum;	/* of every answer counted (/system metrics) */
};

/* What the callback gets: a reply that passed every check, valid during the call. */
struct rad_reply {
	const uint8_t *pkt;
	size_t len;
	const uint8_t *req_auth;	/* the request's authenticator (MPPE keys need it) */
	const char *secret;		/* the answering server's */
	const char *server;		/* its address, for logs */
};

struct rad_request;
/* reply NULL: no server answered. The request is freed after the callback returns. */
typedef void (*rad_done_fn)(void *ctx, const struct rad_reply *reply);

/*
 * Starts a request: attrs (already encoded attributes, attrs_len bytes) go out with the
 * header, a User-Password hidden with each server's secret if password is not NULL, a
 * Message-Authenticator, and for accounting an Acct-Delay-Time counted from `created`
 * (seconds, CLOCK_REALTIME; 0: now). Returns NULL if there is no server (done is not called
 * then) or no memory.
 */
struct rad_request *rad_request_start(enum rad_kind kind, uint8_t code, const uint8_t *attrs,
				      size_t attrs_len, const char *password, long created,
				      rad_done_fn done, void *ctx);
/* The same for the servers of another service (CFG_RADIUS_IPSEC: IKE sessions). */
struct rad_request *rad_request_start_for(unsigned int service, enum rad_kind kind,
					  uint8_t code, const uint8_t *attrs, size_t attrs_len,
					  const char *password, long created, rad_done_fn done,
					  void *ctx);
/* Forgets a request: no callback follows. */
void rad_request_cancel(struct rad_request *r);

/* Are servers configured for PPP at all? For a service (CFG_RADIUS_*)? */
bool rad_client_has_servers(void);
bool rad_client_has_servers_for(unsigned int service);
/* The counters of the /radius item with this address and ports (zeros if never used). */
void rad_client_stats(const char *address, unsigned int auth_port, unsigned int acct_port,
		      struct rad_server_stats *out);
/* The source address requests to server leave from (NAS-IP-Address), network order. */
uint32_t rad_client_nas_ip(void);
void rad_client_done(void);
/* /radius monitor: one server item's counters, as a block or JSON */
struct cfg_menu;
struct cfg_item;
struct strbuf;
void rad_client_monitor(const struct cfg_menu *m, const struct cfg_item *it, struct strbuf *out,
			int json);

#endif /* SLUICED_RADIUS_CLIENT_H */
