/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DHCPv6 (RFC 8415) for PPP sessions, the message side: one datagram a session's client
 * sent to the server port, and what we answer, given what the session holds: the prefix
 * delegated to it (IA_PD) and DNS servers (none are configured yet). No addresses (IA_NA: NoAddrsAvail; a PPP
 * client makes its own from the RA's prefix), no relays, one delegated prefix per session,
 * given to the request's first IA_PD. Pure: no socket, no clock, so it is unit-tested and
 * fuzzed whole. Not yet wired to a socket (the receive side is the next step).
 *
 * What is dropped, and counted by reason, rather than answered: anything malformed (short,
 * an option running past the message, a DUID out of RFC 8415 11's bounds), a type a server
 * does not take (ADVERTISE, REPLY, RECONFIGURE, relays), and what RFC 8415 16 says to
 * discard: a Solicit without a Client Identifier or with a Server Identifier, a Request,
 * Renew or Release not naming us, a Rebind naming a server, an Information-request naming
 * another server, and Confirm and Decline (addresses only: none of ours).
 */
#ifndef SLUICED_PPP_DHCPV6_H
#define SLUICED_PPP_DHCPV6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DHCPV6_SERVER_PORT 547
#define DHCPV6_CLIENT_PORT 546
#define DHCPV6_MSG_MAX 1232		/* the largest taken or sent: IPv6's minimum MTU less headers */
#define DHCPV6_DUID_MAX 130		/* RFC 8415 11.1 */
#define DHCPV6_DNS_MAX 3

enum dhcpv6_type {
	DHCPV6_SOLICIT = 1, DHCPV6_ADVERTISE = 2, DHCPV6_REQUEST = 3, DHCPV6_CONFIRM = 4,
	DHCPV6_RENEW = 5, DHCPV6_REBIND = 6, DHCPV6_REPLY = 7, DHCPV6_RELEASE = 8,
	DHCPV6_DECLINE = 9, DHCPV6_INFORMATION_REQUEST = 11,
};

enum dhcpv6_drop {
	DHCPV6_DROP_MALFORMED,		/* short, an option past the end, a bad DUID or IA */
	DHCPV6_DROP_TYPE,		/* not a type a server answers */
	DHCPV6_DROP_NOT_OURS,		/* RFC 8415 16: names another server, or none where it must */
	DHCPV6_DROP_MAX
};

/* What the session holds for its client. */
struct dhcpv6_binding {
	const uint8_t *server_duid;	/* ours, 2..DHCPV6_DUID_MAX bytes */
	size_t server_duid_len;
	uint8_t prefix[16];		/* the delegated prefix, network order ... */
	unsigned int prefix_len;	/* ... and its length; 0: none (NoPrefixAvail) */
	uint32_t preferred, valid;	/* its lifetimes, seconds */
	uint8_t dns[DHCPV6_DNS_MAX][16];
	size_t ndns;
};

/*
 * The answer to the datagram in (len bytes) into out (cap bytes): its length, or 0 if it
 * is dropped (*why says why). An answer is an Advertise or a Reply with the request's
 * transaction id, our Server Identifier and the client's Client Identifier.
 */
size_t dhcpv6_answer(const uint8_t *in, size_t len, const struct dhcpv6_binding *b,
		     uint8_t *out, size_t cap, enum dhcpv6_drop *why);

/* A well-formed Solicit, Request, Renew or Rebind with an IA_PD: worth a prefix from a pool. */
bool dhcpv6_wants_prefix(const uint8_t *in, size_t len);

const char *dhcpv6_drop_name(enum dhcpv6_drop why);

#endif /* SLUICED_PPP_DHCPV6_H */
