/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One L2TP tunnel's control connection (RFC 2661), shared by the LNS (lns.c) and the LAC
 * (client.c).
 */
#ifndef SLUICED_L2TP_TUNNEL_H
#define SLUICED_L2TP_TUNNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "l2tp/reliable.h"
#include "core/loop.h"

#define L2TP_LNS_SECRET_MAX 256
#define L2TP_LNS_CHALLENGE_LEN 16

/* Where a datagram came from and went to: a reply goes back the same way. */
struct l2tp_path {
	int sock;			/* the listening socket's index, opaque here */
	uint32_t local_addr;		/* ours, network order (IP_PKTINFO) */
	uint32_t peer_addr;		/* network order */
	uint16_t peer_port;		/* host order */
};

struct l2tp_tunnel;

enum l2tp_session_state { L2TP_S_WAIT_ICCN, L2TP_S_ESTABLISHED, L2TP_S_ENDED };

struct l2tp_session {
	struct l2tp_session *next;
	struct l2tp_tunnel *tunnel;
	enum l2tp_session_state state;
	uint16_t local_id, peer_id;
	uint32_t serial;		/* Call Serial Number, for logs */
	bool seq_required;		/* the peer's Sequencing Required AVP (ICCN) */
	bool connected;			/* ops->session_connect succeeded */
	bool ended;
	struct loop_timer timer;	/* ICCN due */
	char tag[80];			/* "l2tp 192.0.2.1:1701 tunnel 7 session 9" */
	/* the transport's (server.c): the kernel session and the PPP link */
	uint32_t ifindex;
	void *link;
};

enum l2tp_tunnel_state {
	L2TP_T_NEW,			/* created for an SCCRQ not yet delivered */
	L2TP_T_WAIT_SCCCN,
	L2TP_T_ESTABLISHED,
	L2TP_T_STOPPING,		/* we sent StopCCN: until it is acknowledged */
	L2TP_T_LINGER,			/* the peer sent StopCCN: acknowledging repeats of it */
	L2TP_T_DEAD,			/* waiting to be freed */
};

struct l2tp_lns;

struct l2tp_tunnel {
	struct l2tp_tunnel *next, *prev;
	struct l2tp_lns *lns;
	enum l2tp_tunnel_state state;
	struct l2tp_path path;
	uint16_t local_id, peer_id;
	struct l2tp_rel rel;
	uint8_t secret[L2TP_LNS_SECRET_MAX];
	size_t secret_len;
	uint8_t challenge[L2TP_LNS_CHALLENGE_LEN];	/* ours, in SCCRP, if secret_len */
	struct l2tp_session *sessions;
	unsigned int nsessions;		/* not yet released */
	struct loop_timer timer;	/* setup, HELLO, StopCCN wait or linger: by state */
	struct loop_timer reap;
	char host[64];			/* the peer's Host Name, escaped */
	char tag[64];			/* "l2tp 192.0.2.1:1701 tunnel 7" */
};

/* Counters: every datagram dropped or refused is counted under one of these. */
struct l2tp_lns_stats {
	uint64_t bad_header;		/* not even an L2TP header */
	uint64_t data_unknown;		/* data message of a session the kernel does not know */
	uint64_t no_tunnel;		/* Tunnel ID 0 and not an SCCRQ */
	uint64_t unknown_tunnel;	/* a Tunnel ID we did not assign (or already freed) */
	uint64_t wrong_peer;		/* a tunnel's id from another address or port */
	uint64_t not_accepting;		/* SCCRQ while the server is disabled */
	uint64_t refused;		/* messages refused by the codec (StopCCN or CDN sent) */
	uint64_t ignored;		/* unknown message types (M=0), WEN, SLI */
	uint64_t fsm_errors;		/* messages out of place */
	uint64_t sccrq_repeats;		/* SCCRQs for a tunnel that exists */
	uint64_t tunnels_created;
	uint64_t tunnels_refused;	/* limits */
	uint64_t auth_failures;		/* Challenge without a secret, wrong response */
	uint64_t tunnels_lost;		/* the peer stopped acknowledging */
	uint64_t sessions_created;
	uint64_t sessions_refused;	/* limits, or no kernel session */
};

uint16_t l2tp_random_id(void);
void l2tp_random_bytes(uint8_t *p, size_t n);
bool l2tp_header_refused(int err);
/* "result 2 error 6 \"text\"" of a StopCCN's or CDN's Result Code, the peer's text escaped;
 * "no result code" if it has none. For logs, LNS and LAC alike. */
void l2tp_result_text(const struct l2tp_msg *m, char *out, size_t cap);
void l2tp_tunnel_send_built(struct l2tp_tunnel *t, struct l2tp_build *b, const char *what);
void l2tp_put_result_code(struct l2tp_build *b, uint16_t result, uint16_t error, const char *why);
struct l2tp_session *l2tp_tunnel_find_session(struct l2tp_tunnel *t, uint16_t local_id);
struct l2tp_session *l2tp_tunnel_find_session_by_peer(struct l2tp_tunnel *t, uint16_t peer_id);
void l2tp_tunnel_send_cdn(struct l2tp_tunnel *t, uint16_t peer_sid, uint16_t local_sid,
			  uint16_t result, uint16_t error, const char *why);

#endif /* SLUICED_L2TP_TUNNEL_H */
