/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Authenticating ourselves to the peer (we are the "peer" of RFC 1994, the dial-out side):
 * PAP (RFC 1334), CHAP with MD5 (RFC 1994), MS-CHAPv1 (RFC 2433) and MS-CHAPv2 (RFC 2759),
 * the method being whatever LCP agreed. MS-CHAPv2's Success carries the authenticator
 * response "S=...", which proves the server knows the password too: a missing or wrong one
 * fails (RFC 2759 section 8.8). The verdict arrives through ops->done; MS-CHAP leaves the
 * MPPE start keys for our direction in send_key/recv_key. Passwords are never logged.
 */
#ifndef SLUICED_PPP_AUTH_PEER_H
#define SLUICED_PPP_AUTH_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/loop.h"
#include "ppp/auth.h"

struct ppp_auth_peer;

struct ppp_auth_peer_ops {
	/* a whole PAP or CHAP packet (code, id, length, data) for protocol proto */
	void (*send)(struct ppp_auth_peer *a, uint16_t proto, const uint8_t *pkt, size_t len);
	/* the verdict: ok (keys in a for MS-CHAP), or why not (the server's words escaped) */
	void (*done)(struct ppp_auth_peer *a, bool ok, const char *why);
};

struct ppp_auth_peer {
	const struct ppp_auth_peer_ops *ops;
	void *ctx;
	const char *user, *password;	/* the caller's, outliving this */
	/* fills buf with n random bytes (MS-CHAPv2's peer challenge); 0 or -1. Tests fix it. */
	int (*random)(void *buf, size_t n);
	enum ppp_auth_method method;
	bool finished;
	unsigned int malformed;		/* packets too broken to read (counted, not logged) */
	unsigned int sent;		/* PAP requests sent */
	struct loop_timer timer;	/* PAP retransmission; the wait for a challenge */
	/* the challenge we last answered and our answer, repeated if it is repeated */
	uint8_t id;
	bool answered;
	uint8_t challenge[16];
	size_t challenge_len;
	uint8_t response[256];
	size_t response_len;
	uint8_t peer_challenge[16], nt_response[24];	/* MS-CHAPv2: for the S= check */
	/* results */
	char why[160];
	bool have_keys;
	uint8_t send_key[16], recv_key[16];	/* MPPE start keys for our direction */
};

void ppp_auth_peer_init(struct ppp_auth_peer *a, const struct ppp_auth_peer_ops *ops, void *ctx,
			const char *user, const char *password);
/* LCP is up with method m: send our PAP request, or wait for the peer's CHAP challenge. */
void ppp_auth_peer_start(struct ppp_auth_peer *a, enum ppp_auth_method m);
void ppp_auth_peer_input(struct ppp_auth_peer *a, uint16_t proto, const uint8_t *pkt, size_t len);
/* Cancels the timer and wipes the keys and the last response. */
void ppp_auth_peer_stop(struct ppp_auth_peer *a);

#endif /* SLUICED_PPP_AUTH_PEER_H */
