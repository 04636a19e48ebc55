/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One L2TP tunnel's control connection (RFC 2661), the same for both roles: the LNS
 * (lns.c, /interface l2tp-server) and the LAC (client.c, /interface l2tp-client). Here:
 * reliable delivery (reliable.c) wired to the tunnel, the dispatch of delivered messages,
 * StopCCN both ways, HELLO, the call table with its lookups and the CDN both ways, the
 * peer's parameters from its SCCRQ or SCCRP, tunnel authentication's challenge. No sockets,
 * kernel or PPP: datagrams leave through ops->send, and what a role decides (tunnel setup,
 * calls, how a tunnel ends) goes to its struct l2tp_tunnel_ops.
 *
 * Dispatch of a delivered message (l2tp_tunnel_input() after the role parsed it), in order:
 * nothing once the tunnel is stopping, lingering or dead (reliable.c acknowledged it);
 * unknown types (M=0) ignored and counted; a message the codec refused logged, counted and
 * handed to ops->refused; StopCCN logged and handed to ops->stopped; in state NEW every other
 * message to ops->control (the tunnel's setup); HELLO needs only its acknowledgement; a call's
 * message in ESTABLISHED: CDN clears the call it names (ops->call_cleared), WEN and SLI
 * are ignored and counted, the rest go to ops->call; anything else to ops->control.
 */
#ifndef SLUICED_L2TP_TUNNEL_H
#define SLUICED_L2TP_TUNNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "l2tp/reliable.h"
#include "core/list.h"
#include "core/loop.h"

#define L2TP_SECRET_MAX 256
#define L2TP_CHALLENGE_LEN 16
/* the LNS's names for them */
#define L2TP_LNS_SECRET_MAX L2TP_SECRET_MAX
#define L2TP_LNS_CHALLENGE_LEN L2TP_CHALLENGE_LEN

/* Where a datagram came from and went to: a reply goes back the same way. */
struct l2tp_path {
	int sock;			/* the listening socket's index, opaque here */
	uint32_t local_addr;		/* ours, network order (IP_PKTINFO) */
	uint32_t peer_addr;		/* network order */
	uint16_t peer_port;		/* host order */
	/* the IPsec SA's mark the datagram came with (SO_RCVMARK; docs/ipsec.md "Many clients
	 * behind one NAT"), 0 if not through IPsec; a tunnel's datagrams keep their SA's */
	uint32_t mark;
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
	struct list_node half_open;	/* the LNS's: until its PPP link is up */
	struct loop_timer timer;	/* ICCN due */
	char tag[80];			/* "l2tp 192.0.2.1:1701 tunnel 7 session 9" */
	/* the transport's (server.c): the kernel session and the PPP link */
	uint32_t session;		/* its kernel session's id */
	void *link;
};

enum l2tp_tunnel_state {
	L2TP_T_NEW,			/* LNS: created for an SCCRQ not yet delivered;
					 * LAC: SCCRQ sent, no SCCRP yet */
	L2TP_T_WAIT_SCCCN,		/* LNS only */
	L2TP_T_ESTABLISHED,		/* calls may be made */
	L2TP_T_STOPPING,		/* we sent StopCCN: until it is acknowledged (LAC:
					 * either way) */
	L2TP_T_LINGER,			/* the peer sent StopCCN: acknowledging repeats of it */
	L2TP_T_DEAD,			/* waiting to be freed */
};

struct l2tp_lns;
struct l2tp_stats;

/* What a role decides; see the top of this file for when each is called. */
struct l2tp_tunnel_ops {
	/* One datagram to the peer (from reliable.c: must not call back into the tunnel). */
	void (*send)(struct l2tp_tunnel *t, const uint8_t *buf, size_t len);
	/* The tunnel's setup (SCCRQ, SCCRP, SCCCN), or a message out of place. */
	void (*control)(struct l2tp_tunnel *t, const struct l2tp_msg *m);
	/* A call's message but CDN, WEN and SLI; s: the call its header names, or NULL. */
	void (*call)(struct l2tp_tunnel *t, struct l2tp_session *s, const struct l2tp_msg *m);
	/* The peer's CDN for s (logged; the ZLB acknowledging it carries s's peer id). */
	void (*call_cleared)(struct l2tp_tunnel *t, struct l2tp_session *s);
	/* A message the codec refused (logged and counted); buf: its raw bytes. */
	void (*refused)(struct l2tp_tunnel *t, const struct l2tp_msg *m, const uint8_t *buf);
	/* The peer's StopCCN (logged). */
	void (*stopped)(struct l2tp_tunnel *t);
	/* The peer stopped acknowledging (reliable.c's dead): nothing is sent any more. */
	void (*dead)(struct l2tp_tunnel *t, const char *reason);
};

struct l2tp_tunnel {
	struct l2tp_tunnel *next, *prev;	/* the LNS's list */
	struct l2tp_lns *lns;		/* the LNS's tunnels: the owner; NULL in the LAC's */
	const struct l2tp_tunnel_ops *ops;
	void *ctx;			/* the role's */
	struct l2tp_stats *stats;	/* the role's counters */
	enum l2tp_tunnel_state state;
	struct l2tp_path path;		/* the LNS's: where the peer is */
	uint16_t local_id, peer_id;
	struct l2tp_rel rel;
	bool rel_live;			/* rel initialised and not stopped */
	uint8_t secret[L2TP_SECRET_MAX];
	size_t secret_len;
	uint8_t challenge[L2TP_CHALLENGE_LEN];	/* ours, in SCCRQ or SCCRP, if secret_len */
	struct l2tp_session *sessions;	/* the call table */
	unsigned int nsessions;		/* not yet released (the LNS's count) */
	struct loop_timer timer;	/* the LNS's: setup, HELLO, StopCCN wait or linger */
	struct loop_timer reap;		/* the LNS's */
	struct list_node half_open;	/* the LNS's: on its list until the SCCCN */
	char host[64];			/* the peer's Host Name, escaped */
	char tag[64];			/* "l2tp 192.0.2.1:1701 tunnel 7", or the client's name */
};

/* Counters: every datagram dropped or refused is counted under one of these (the LNS uses
 * them all; the LAC those the tunnel counts). */
struct l2tp_stats {
	uint64_t bad_header;		/* not even an L2TP header */
	uint64_t data_unknown;		/* data message of a session the kernel does not know */
	uint64_t no_tunnel;		/* Tunnel ID 0 and not an SCCRQ */
	uint64_t unknown_tunnel;	/* a Tunnel ID we did not assign (or already freed) */
	uint64_t wrong_peer;		/* a tunnel's id from another address or port */
	uint64_t not_accepting;		/* SCCRQ while the server is disabled */
	uint64_t ipsec_required;	/* SCCRQ not through IPsec under use-ipsec=required */
	uint64_t refused;		/* messages refused by the codec (StopCCN or CDN sent) */
	uint64_t ignored;		/* unknown message types (M=0), WEN, SLI */
	uint64_t fsm_errors;		/* messages out of place */
	uint64_t sccrq_repeats;		/* SCCRQs for a tunnel that exists */
	uint64_t tunnels_created;
	uint64_t tunnels_refused;	/* limits */
	uint64_t auth_failures;		/* Challenge without a secret, wrong response */
	uint64_t tunnels_lost;		/* the peer stopped acknowledging */
	uint64_t half_open_expired;	/* no SCCCN in time: gone quietly */
	uint64_t sessions_created;
	uint64_t sessions_refused;	/* limits, or no kernel session */
};

/* A random id, never 0 (tunnels, sessions). */
uint16_t l2tp_random_id(void);
/* Whether l2tp_msg_parse() refused the header itself: no place in the sequence. */
bool l2tp_header_refused(int err);
/* "result 2 error 6 \"text\"" of a StopCCN's or CDN's Result Code, the peer's text escaped;
 * "no result code" if it has none. For logs, LNS and LAC alike. */
void l2tp_result_text(const struct l2tp_msg *m, char *out, size_t cap);
/* A Result Code AVP (error 0 and no why: the result alone). */
void l2tp_put_result_code(struct l2tp_build *b, uint16_t result, uint16_t error, const char *why);

/*
 * Starts t's reliable delivery: Ns = Nr = 0, nothing from the peer yet. The role set
 * local_id, tag and the secret before, and owns the rest of t (zeroed or kept).
 */
void l2tp_tunnel_start(struct l2tp_tunnel *t, const struct l2tp_tunnel_ops *ops, void *ctx,
		       struct l2tp_stats *stats);
/* Stops reliable delivery (timers, queues); idempotent. */
void l2tp_tunnel_stop_delivery(struct l2tp_tunnel *t);
/*
 * A control message of t's that l2tp_msg_parse() accepted the header of, into its sequence:
 * the dispatch above runs for what it delivers. false if reliable.c dropped it.
 */
bool l2tp_tunnel_input(struct l2tp_tunnel *t, const uint8_t *buf, size_t len,
		       const struct l2tp_msg *m);
/* The peer's Assigned Tunnel ID, Receive Window Size and Host Name (SCCRQ or SCCRP). */
void l2tp_tunnel_take_peer(struct l2tp_tunnel *t, const struct l2tp_msg *m);
/*
 * What SCCRQ and SCCRP both say of us: protocol version, capabilities, host_name, our
 * tunnel id and receive window, and, if t has a secret, a fresh challenge (kept in t).
 */
void l2tp_tunnel_put_identity(struct l2tp_tunnel *t, struct l2tp_build *b, const char *host_name);
/* Finishes b (from l2tp_rel_build_start() on t->rel) and queues it; what: for logs. */
void l2tp_tunnel_send_built(struct l2tp_tunnel *t, struct l2tp_build *b, const char *what);
/* CDN for the peer's session peer_sid (local_sid 0: a call we never made; a random id). */
void l2tp_tunnel_send_cdn(struct l2tp_tunnel *t, uint16_t peer_sid, uint16_t local_sid,
			  uint16_t result, uint16_t error, const char *why);
/* StopCCN; the state is the role's to set. */
void l2tp_tunnel_send_stopccn(struct l2tp_tunnel *t, uint16_t result, uint16_t error,
			      const char *why);
void l2tp_tunnel_send_hello(struct l2tp_tunnel *t);
/* The call with our session id local_id, or the peer's peer_id; ended ones are not found. */
struct l2tp_session *l2tp_tunnel_find_session(struct l2tp_tunnel *t, uint16_t local_id);
struct l2tp_session *l2tp_tunnel_find_session_by_peer(struct l2tp_tunnel *t, uint16_t peer_id);

#endif /* SLUICED_L2TP_TUNNEL_H */
