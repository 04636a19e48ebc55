/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sluiced's RADIUS server for its own charon's eap-radius plugin (docs/ipsec.md): a UDP
 * socket on 127.0.0.1, port chosen by the kernel, a shared secret made at random at each
 * start. charon relays each IKEv2 road warrior's EAP to it; it answers as the EAP server,
 * EAP-MSCHAPv2 (aaa/eap_mschapv2.h) against the /ppp secrets (aaa/local.h, service "ipsec"),
 * and on success gives charon the MSK as MS-MPPE-Recv-Key/-Send-Key (RFC 2548), and what the
 * on_accept hook grants: Framed-IP-Address, Session-Timeout.
 *
 * Every Access-Request must carry a valid Message-Authenticator (RFC 3579 3.2); others and
 * those signed with another secret are dropped and counted. Conversations are keyed by the
 * State attribute (16 random bytes) in a table of IPSEC_EAP_CONVERSATIONS slots, each idle
 * for at most IPSEC_EAP_IDLE_MS; a new conversation when the table is full is refused (an
 * expired or finished one is reused first). A retransmitted request (same source port,
 * Identifier and authenticator) gets the reply it got before, for IPSEC_EAP_LINGER_MS after
 * the conversation ended, without a second on_accept. Accounting-Requests (charon's
 * accounting is off, but) get an Accounting-Response. Every refusal is counted and logged
 * under the rate limit.
 */
#ifndef SLUICED_IPSEC_EAP_SERVER_H
#define SLUICED_IPSEC_EAP_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "radius/packet.h"

#define IPSEC_EAP_CONVERSATIONS 512
#define IPSEC_EAP_IDLE_MS 60000
#define IPSEC_EAP_LINGER_MS 30000

/* A user (proved, or about to start), as charon's Access-Request describes the IKE SA. */
struct ipsec_eap_accept {
	const char *user;		/* the EAP identity */
	bool relayed;			/* the upstream RADIUS servers authenticated it */
	uint32_t nas_port;		/* NAS-Port: charon's IKE_SA unique id; 0: absent */
	const char *nas_port_id;	/* NAS-Port-Id: charon's connection name; "": absent */
	const char *calling_station_id;	/* the client, "192.0.2.10[4500]"; "": absent */
	const uint8_t *class_;		/* a relayed user's Class from the upstream's Accept */
	size_t class_len;		/* 0: none */
};

/* What to give the user: zeros, or for a relayed user what the upstream's Accept said. */
struct ipsec_eap_grant {
	uint32_t framed_ip;		/* network order; 0: none (charon's pools decide) */
	uint32_t session_timeout;	/* seconds; 0: none */
	bool refuse;			/* true: Access-Reject after all */
};

/* Returns 0; anything else (or g->refuse) refuses the user. */
typedef int (*ipsec_eap_accept_fn)(const struct ipsec_eap_accept *a,
				   struct ipsec_eap_grant *g);

/* The hook; NULL (the default) grants nothing more and refuses no one. */
void ipsec_eap_server_set_on_accept(ipsec_eap_accept_fn fn);

/*
 * Who runs a new conversation: asked at its first request (a->user: the EAP identity;
 * a->nas_port_id: charon's connection name, which says which identity it is). IPSEC_EAP_RELAY
 * relays it to the upstream RADIUS servers (ipsec/eap_relay.h, answers come asynchronously);
 * anything else, or no route (the default), runs EAP-MSCHAPv2 against the /ppp secrets.
 * When no server answers a relayed conversation's first request and /ppp aaa
 * radius-fallback=if-unreachable, it goes on locally from there (on_accept sees relayed
 * false); once the upstream has answered, or with never, no answer is a Reject.
 */
enum ipsec_eap_route { IPSEC_EAP_LOCAL, IPSEC_EAP_RELAY };
typedef enum ipsec_eap_route (*ipsec_eap_route_fn)(const struct ipsec_eap_accept *a);
void ipsec_eap_server_set_route(ipsec_eap_route_fn fn);

/*
 * Opens the socket on the loop with a new secret (and forgets every conversation): 0 or a
 * negative errno. Stop closes it and wipes the secret and the table.
 */
int ipsec_eap_server_start(void);
void ipsec_eap_server_stop(void);

/*
 * The eap-radius section for strongswan.conf's charon.plugins, "eap-radius { ... }\n", with
 * this start's port and secret: its length, or a negative errno (not started: -ENOTCONN;
 * cap too small: -ENOSPC).
 */
int ipsec_eap_server_conf(char *out, size_t cap);

struct ipsec_eap_stats {
	unsigned long requests;		/* Access-Requests that verified */
	unsigned long challenges, accepts, rejects;
	unsigned long duplicates;	/* retransmissions answered from the cache */
	unsigned long bad_authenticators; /* no, or a wrong, Message-Authenticator: dropped */
	unsigned long malformed;	/* not RADIUS, or not what we serve: dropped */
	unsigned long strangers;	/* from an address other than 127.0.0.1: dropped */
	unsigned long bad_eap;		/* EAP missing, malformed or out of place: rejected */
	unsigned long unknown_state;	/* a State we do not hold (expired?): rejected */
	unsigned long table_full;	/* a new conversation refused */
	unsigned long expired;		/* conversations dropped idle */
	unsigned long wrong_password;	/* or no such user: they look alike */
	unsigned long refused;		/* by the on_accept hook */
	unsigned long accounting;	/* Accounting-Requests answered */
	unsigned long relayed;		/* Access-Requests sent upstream */
	unsigned long relay_failures;	/* no upstream, no answer, or an Accept without keys */
	unsigned long fallbacks;	/* of those, no answer to the first: went on locally */
	unsigned long live;		/* conversations in the table now */
};
const struct ipsec_eap_stats *ipsec_eap_server_stats(void);

/*
 * For tests and the fuzzer: one datagram from 127.0.0.1 and port (host order) into a reply
 * in out: true to send it. A relayed request's answer goes out later, to that port. The secret in use; the bound port (0: not started).
 */
bool ipsec_eap_server_process(const uint8_t *buf, size_t len, uint16_t port,
			      struct rad_packet *out);
const char *ipsec_eap_server_secret(void);
uint16_t ipsec_eap_server_port(void);

#endif /* SLUICED_IPSEC_EAP_SERVER_H */
