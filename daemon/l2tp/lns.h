/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The LNS side of L2TP control (RFC 2661): accepting tunnels (SCCRQ/SCCRP/SCCCN) and
 * incoming calls in them (ICRQ/ICRP/ICCN), with the limits and counters of a server, over
 * tunnel.c's control connection (HELLO, StopCCN, CDN, the call table, shared with the LAC),
 * reliable.c's delivery and msg.c's codec.
 * No sockets, no kernel, no PPP here: datagrams come in through l2tp_lns_input() with the
 * addresses they travelled between, and everything outside goes through struct l2tp_lns_ops
 * (server.c: sendmsg, the kernel session, the PPP link; the unit tests: a recorder).
 *
 * A tunnel is named by the id we assigned (the header's Tunnel ID on everything the peer
 * sends after its SCCRQ) and belongs to one peer address and port: a message from anywhere
 * else is dropped. An SCCRQ (Tunnel ID 0) from an address, port and Assigned Tunnel ID that
 * already have a tunnel is a retransmission and goes to that tunnel, whose reliable delivery
 * acknowledges it again; the same address from another port is another tunnel. A session is
 * named by our id within its tunnel.
 *
 * Life of a session: ICRQ -> ops->session_open (the kernel session: the peer's session id is
 * known now) -> ICRP -> ICCN -> ops->session_connect (the PPP link) -> ... -> an end: the
 * peer's CDN, the link finishing (l2tp_lns_session_finished(), we send a CDN), the tunnel
 * going (StopCCN either way, or the peer lost). Every end of a connected session goes through
 * ops->session_lower_down, which must lead to l2tp_lns_session_finished() (the PPP link's
 * ops->finished does, at once), so a stop record is written however it ended; the session is
 * then released (ops->session_release) from a 0 ms timer, never inside a callback.
 *
 * What a peer can make us allocate is bounded (struct l2tp_lns_limits): a request past a
 * limit is refused (StopCCN or CDN, "no resources"), counted and logged. A refused SCCRQ
 * (malformed, over a limit, a Challenge we have no secret for) is answered without creating
 * anything.
 */
#ifndef SLUICED_L2TP_LNS_H
#define SLUICED_L2TP_LNS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "l2tp/tunnel.h"
#include "core/loop.h"
#include "core/list.h"
#include "core/preauth.h"
#include "core/u32map.h"

#define L2TP_LNS_SETUP_MS 30000		/* SCCCN after our SCCRP, ICCN after our ICRP */
#define L2TP_LNS_HELLO_MS 60000		/* RFC 2661 section 6.5's suggestion, when unset */

struct l2tp_lns_limits {
	unsigned int tunnels;		/* in all */
	unsigned int tunnels_per_addr;	/* from one peer address (NAT: many hosts) */
	unsigned int sessions_per_tunnel;
	unsigned int sessions;		/* in all tunnels; L2TP_LNS_NO_SESSIONS: none */
};
#define L2TP_LNS_NO_SESSIONS UINT_MAX	/* max-sessions=0: no session at all, as for PPTP */

struct l2tp_lns_config {
	bool accept;			/* new tunnels; false: SCCRQs are dropped */
	const char *host_name;		/* ours, in SCCRP */
	const uint8_t *secret;		/* tunnel authentication and hidden AVPs; copied */
	size_t secret_len;		/* 0: none (a peer's Challenge is refused) */
	unsigned int hello_ms;		/* idle time before a HELLO; 0: L2TP_LNS_HELLO_MS */
	struct l2tp_lns_limits lim;	/* a 0 member: the built-in default */
	bool ipsec_required;		/* refuse tunnels that do not come through IPsec */
};

struct l2tp_lns_ops {
	/* One control message (or ZLB) to the peer, from path->local_addr. */
	void (*send)(void *ctx, const struct l2tp_path *path, const uint8_t *buf, size_t len);
	/* ICRQ accepted: the kernel session for s (ids known); 0 or a negative errno. */
	int (*session_open)(void *ctx, struct l2tp_session *s);
	/* ICCN: the PPP link (s->seq_required now known); 0 or a negative errno. */
	int (*session_connect)(void *ctx, struct l2tp_session *s);
	/* A connected session ends: stop the link; l2tp_lns_session_finished() must follow. */
	void (*session_lower_down)(void *ctx, struct l2tp_session *s, const char *cause);
	/* Free what session_open and session_connect made (either may not have run). */
	void (*session_release)(void *ctx, struct l2tp_session *s);
	/*
	 * Optional: the tunnel secret for a peer address (/ppp l2tp-secret), true and *secret
	 * (NUL-terminated, "" for none) if one is set for it; false: the configured secret.
	 */
	bool (*secret_for)(void *ctx, uint32_t peer_addr, const char **secret);
};

struct l2tp_lns {
	const struct l2tp_lns_ops *ops;
	void *ctx;
	bool accept;
	char host_name[64];
	uint8_t secret[L2TP_LNS_SECRET_MAX];
	size_t secret_len;
	unsigned int hello_ms;
	struct l2tp_lns_limits lim;
	bool ipsec_required;
	struct l2tp_tunnel *tunnels;
	struct u32map by_id;		/* our tunnel id -> tunnel */
	unsigned int ntunnels, nsessions;
	struct preauth tunnel_guard;	/* tunnels before their SCCCN (core/preauth.h) */
	struct list_node half_open;	/* those tunnels, oldest first */
	struct preauth session_guard;	/* sessions before their link is up, in tunnels
					 * without a tunnel secret */
	struct list_node half_open_sessions;
	struct l2tp_stats stats;
};

/* NULL if out of memory. Accepts nothing until configured. */
struct l2tp_lns *l2tp_lns_new(const struct l2tp_lns_ops *ops, void *ctx);
/* New settings; tunnels that exist keep their secret and limits they were made under. */
void l2tp_lns_configure(struct l2tp_lns *lns, const struct l2tp_lns_config *c);
/* One datagram from the peer (buf is modified: hidden AVPs are decrypted in place). */
void l2tp_lns_input(struct l2tp_lns *lns, const struct l2tp_path *path, uint8_t *buf,
		    size_t len);
/* The IPsec SA that marks with mark is gone (charon's child-updown): its tunnels end now,
 * without a StopCCN (nothing may leave in clear; the policy is gone with the SA). */
void l2tp_lns_sa_gone(struct l2tp_lns *lns, uint32_t mark);
/* The PPP link of s is up (authenticated): s no longer counts as half-open. */
void l2tp_lns_session_up(struct l2tp_session *s);
/* The PPP link of s ended (its ops->finished): a CDN unless the end came from here. */
void l2tp_lns_session_finished(struct l2tp_session *s, const char *cause);
/* Daemon shutdown: one StopCCN per tunnel (no retransmission), every session ended and
 * released, everything freed. */
void l2tp_lns_free(struct l2tp_lns *lns);
/* Tunnels and sessions not yet freed. */
unsigned int l2tp_lns_tunnel_count(const struct l2tp_lns *lns);
unsigned int l2tp_lns_session_count(const struct l2tp_lns *lns);

#endif /* SLUICED_L2TP_LNS_H */
