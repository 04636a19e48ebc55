/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Split tunnelling for Windows road warriors (docs/ipsec.md "Windows and split-include"):
 * Windows ignores INTERNAL_IP4_SUBNET, proposes TSr 0.0.0.0/0, and once its CHILD_SA is up
 * sends a DHCPINFORM (RFC 2131 3.4, 4.3.5) from its virtual IP to 255.255.255.255:67
 * through the tunnel, asking for option 249 (Microsoft's classless static routes, RFC
 * 3442's encoding). As RouterOS does, sluiced answers it with the session's mode-config
 * split-include networks (249, and 121 if asked), its DNS (6, if asked), and nothing else.
 *
 * One UDP socket bound to 255.255.255.255:67 (SO_REUSEADDR, IP_PKTINFO), open only while
 * road-warrior sessions exist. Bound to the limited broadcast address, it sees only
 * broadcasts: a DHCP server on the router (bound to 0.0.0.0:67 with SO_REUSEADDR, as
 * dnsmasq and ISC dhcpd's fallback socket are) still gets every unicast and its own copy
 * of each broadcast.
 *
 * Only a DHCPINFORM whose IP source and ciaddr are the virtual IP of a live session is
 * answered: xfrm's inbound policy (that session's CHILD_SA, from its virtual IP) drops a
 * packet with that source that did not come through the tunnel. Everything else is counted
 * and dropped; an unknown source costs one parse and one binary search.
 */
#ifndef SLUICED_IPSEC_DHCP_INFORM_H
#define SLUICED_IPSEC_DHCP_INFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IPSEC_DHCP_SERVER_PORT 67
#define IPSEC_DHCP_CLIENT_PORT 68
#define IPSEC_DHCP_ROUTES_MAX 64	/* split-include networks taken; more are left out */
#define IPSEC_DHCP_DNS_MAX 4
#define IPSEC_DHCP_MSG_MAX 1472		/* the largest datagram taken or sent (1500 - 28) */

struct ipsec_dhcp_route {
	uint32_t net;			/* network order, host bits zero */
	uint8_t len;			/* 0..32 */
};

/* What a session's client gets. */
struct ipsec_dhcp_answer {
	struct ipsec_dhcp_route routes[IPSEC_DHCP_ROUTES_MAX];
	size_t nroutes;
	uint32_t dns[IPSEC_DHCP_DNS_MAX];	/* network order */
	size_t ndns;
};

/*
 * The answer for the live session whose virtual IP is vip (network order): false if
 * there is none. Set by ipsec.c (dhcp_answer.c's ipsec_dhcp_answer_for); tests set theirs.
 */
typedef bool (*ipsec_dhcp_lookup_fn)(uint32_t vip, struct ipsec_dhcp_answer *out);
void ipsec_dhcp_inform_set_lookup(ipsec_dhcp_lookup_fn fn);
/* sluiced's lookup (dhcp_answer.c): the live session's IKE SA -> conn -> identity ->
 * mode-config; a session without a responder mode-config gets an empty answer. */
bool ipsec_dhcp_answer_for(uint32_t vip, struct ipsec_dhcp_answer *out);

/*
 * A session with virtual IP vip came up (or went): the first opens the socket, the last
 * closes it. vip 0 is ignored.
 */
void ipsec_dhcp_inform_client(uint32_t vip, bool up);
/* Everything closed and forgotten (sluiced stops). */
void ipsec_dhcp_inform_done(void);
/* For tests: the port to bind instead of 67; is the socket open? */
void ipsec_dhcp_inform_set_port(uint16_t port);
bool ipsec_dhcp_inform_open(void);

struct ipsec_dhcp_stats {
	unsigned long answered;		/* DHCPACKs sent */
	unsigned long malformed;	/* not a BOOTREQUEST with the cookie, or bad options */
	unsigned long not_inform;	/* DHCPDISCOVER, DHCPREQUEST, ...: a DHCP server's */
	unsigned long strangers;	/* not from a live session's virtual IP, or relayed */
	unsigned long routes_left_out;	/* networks that did not fit in a reply */
	unsigned long send_errors;
	unsigned long open_errors;	/* the socket could not be opened (port in use?) */
};
const struct ipsec_dhcp_stats *ipsec_dhcp_inform_stats(void);
/* For tests: the counters back to zero. */
void ipsec_dhcp_inform_reset_stats(void);

/*
 * One datagram from src, received for local (IP_PKTINFO's ipi_spec_dst: the address the
 * kernel routes back to src from), both network order: the DHCPACK's length in out (cap
 * at least IPSEC_DHCP_MSG_MAX), or 0 for no answer (counted). Pure apart from the lookup
 * and the counters; the socket and the fuzzer call it.
 */
size_t ipsec_dhcp_inform_process(const uint8_t *buf, size_t len, uint32_t src, uint32_t local,
				 uint8_t *out, size_t cap);

/*
 * split-include's text ("10.5.8.0/24,192.168.0.0/16,0.0.0.0/0") into routes: IPv4
 * networks only (IPv6 ones and anything unparsable skipped), host bits cleared, at most
 * max. The number taken.
 */
size_t ipsec_dhcp_parse_networks(const char *text, struct ipsec_dhcp_route *out, size_t max);

#endif /* SLUICED_IPSEC_DHCP_INFORM_H */
