/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Authenticating the peer (we are the authenticator): PAP (RFC 1334), CHAP with MD5
 * (RFC 1994), MS-CHAPv1 (RFC 2433) and MS-CHAPv2 (RFC 2759). The method is what LCP
 * negotiated; the verdict arrives through ops->done, possibly later (RADIUS will answer
 * asynchronously). Passwords are never logged; comparisons are constant-time.
 */
#ifndef SLUICED_PPP_AUTH_H
#define SLUICED_PPP_AUTH_H

#include <stdbool.h>
#include <stdint.h>
#include "aaa/attrs.h"
#include "core/loop.h"

#define PPP_PAP 0xc023
#define PPP_CHAP 0xc223
#define CHAP_MD5 5
#define CHAP_MSCHAP1 0x80
#define CHAP_MSCHAP2 0x81

enum ppp_auth_method { AUTH_NONE, AUTH_PAP, AUTH_CHAP_MD5, AUTH_MSCHAP1, AUTH_MSCHAP2 };

struct ppp_auth;

struct ppp_auth_ops {
	/* a whole PAP or CHAP packet (code, id, length, data) for protocol proto */
	void (*send)(struct ppp_auth *a, uint16_t proto, const uint8_t *pkt, size_t len);
	/* the verdict: ok, with the user and (MS-CHAP) MPPE start keys in a; or why not */
	void (*done)(struct ppp_auth *a, bool ok, const char *why);
	/* optional: NULL if a->user may try now, else why not (refused before any check) */
	const char *(*admit)(struct ppp_auth *a);
};

struct ppp_auth {
	const struct ppp_auth_ops *ops;
	void *ctx;
	const char *service;		/* "pptp", "l2tp", ...: secrets may be limited to one */
	const char *name;		/* our name in CHAP challenges */
	enum ppp_auth_method method;
	uint8_t id;
	uint8_t challenge[16];
	unsigned int sent;		/* challenges sent (retransmissions) */
	bool finished;
	unsigned int malformed;		/* requests too broken to answer (counted, not logged) */
	struct loop_timer timer;
	/*
	 * The verdict we sent, PAP's or CHAP's: a request or response the peer repeats after it
	 * gets this again, never a fresh judgement (RFC 1334 2.2.1, RFC 1994 4.2).
	 */
	uint8_t verdict_code;
	char verdict[128];
	/* results */
	char user[65];
	char profile[65];
	bool have_keys;
	uint8_t send_key[16], recv_key[16];	/* MPPE start keys, ours to send with */
	/* an external authenticator (RADIUS) */
	void *pending;			/* its request in flight, NULL when none */
	uint8_t held[256];		/* the PAP password or CHAP value: for the verdict, */
	size_t held_len;		/* and for local secrets if no server answers */
	struct auth_attrs attrs;	/* what it said about the session (zero: local) */
};

/*
 * An external authenticator, asked before the local secrets when set (RADIUS registers one).
 * start() sees a->user, a->method, a->id, a->challenge and the peer's credentials in
 * a->held; it returns true if it takes the case, setting a->pending, and answers later with
 * ppp_auth_verdict() or, when no server answered, ppp_auth_local(). stop() drops a pending
 * request (the link ended first).
 */
struct ppp_auth_backend {
	bool (*start)(struct ppp_auth *a);
	void (*stop)(struct ppp_auth *a);
};
extern const struct ppp_auth_backend *ppp_auth_backend;
/* The external verdict; message: MS-CHAPv2's "S=... M=..." on success. */
void ppp_auth_verdict(struct ppp_auth *a, bool ok, const char *message, const char *why);
/* No external verdict: the local secrets decide, with the held credentials. */
void ppp_auth_local(struct ppp_auth *a);

/* The method LCP should ask for first, from an "authentication=" list. */
enum ppp_auth_method ppp_auth_preferred(unsigned int allowed);
/* Is the peer's suggestion (LCP Nak) allowed? proto and CHAP algorithm as in the option. */
enum ppp_auth_method ppp_auth_from_option(uint16_t proto, uint8_t algo, unsigned int allowed);
/* The LCP Authentication-Protocol option value for a method: proto then algorithm. */
size_t ppp_auth_option(enum ppp_auth_method m, uint8_t *out);
const char *ppp_auth_name(enum ppp_auth_method m);

void ppp_auth_init(struct ppp_auth *a, const struct ppp_auth_ops *ops, void *ctx,
		   const char *service, const char *name);
/* LCP is up: challenge the peer (CHAP) or wait for its request (PAP). */
void ppp_auth_start(struct ppp_auth *a, enum ppp_auth_method m);
void ppp_auth_input(struct ppp_auth *a, uint16_t proto, const uint8_t *pkt, size_t len);
void ppp_auth_stop(struct ppp_auth *a);

#endif /* SLUICED_PPP_AUTH_H */
