/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IKE road warriors as sessions (docs/ipsec.md "Road warriors"): an IKE SA to which we gave
 * a virtual IP is a session like a PPP link. It has a session id of the same counter and
 * spelling, appears in /ppp active (service ipsec) and /ip pool used, is accounted
 * (Start, Interim-Update, Stop) through the same durable spool to the /radius servers of
 * service=ipsec while /ip ipsec settings accounting=yes, with counters from its CHILD_SAs,
 * and ends by remove, Disconnect-Request or its Session-Timeout (vici terminate).
 *
 * Fed by sas.h's IKE changes; the SA table stays the truth for what charon holds.
 */
#ifndef SLUICED_IPSEC_SESSION_H
#define SLUICED_IPSEC_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "ipsec/eap_grant.h"

struct cfg_menu;

struct ipsec_session {
	uint32_t ike_id;		/* charon's uniqueid of the IKE SA (it changes at rekey) */
	uint32_t id;			/* session-id, Acct-Session-Id */
	char user[96];			/* the EAP identity, else the IKE identity */
	char caller[48];		/* the client's address (its NAT's) */
	uint32_t caller4;		/* the same if IPv4, network order; 0 */
	uint32_t addr;			/* the virtual IP we gave, network order */
	time_t up_since;
	uint64_t up_ms;			/* the same on the loop's clock (timeouts: no wall jumps) */
	unsigned int session_timeout;	/* seconds from up_since; 0 none */
	const char *cause;		/* why it ends, once we end it */
	char rate_limit[64];		/* from a CoA: kept and shown (rates: issue 21) */
	bool own_addr;			/* an EAP user's, from the allocator: released at the end */
	struct ipsec_eap_claim eap;	/* its grant: RADIUS admitted it, Class, Session-Timeout */
	uint64_t next_interim;		/* loop ms; 0 none */
};

/* At start (after ipsec_init) and stop (the Stops of every session are queued). */
void ipsec_sessions_init(void);
void ipsec_sessions_done(void);

/* The IKE SA ike_id is being ended (active-peers remove): cause for its session's Stop. */
void ipsec_session_ending(uint32_t ike_id, const char *cause);
/* Every session is about to go with charon: cause for their Stops. */
void ipsec_sessions_lost(const char *cause);

size_t ipsec_sessions_count(void);
const struct ipsec_session *ipsec_session_at(size_t i);
/* The session holding virtual IP addr (network order), or NULL. */
const struct ipsec_session *ipsec_session_by_addr(uint32_t addr);
/* Told of each session's virtual IP as it comes (up) and goes (one listener; the
 * DHCPINFORM responder). */
void ipsec_sessions_on_address(void (*fn)(uint32_t addr, bool up));
/* Ends a session (vici terminate); cause for its Stop ("admin-reset"). false: no such id. */
bool ipsec_session_end(uint32_t id, const char *cause);
/* A user's live sessions, counted; ended for end_cause (only-one) if not NULL. */
size_t ipsec_sessions_of_user(const char *user, const char *end_cause);
/* Session-Timeout from now on (0: none), counted from the session's start as for PPP. */
void ipsec_session_set_timeout(uint32_t id, unsigned int seconds);

/* /ppp active and /ip pool used: the sessions' rows, appended to the views being made. */
void ipsec_sessions_active_rows(struct cfg_menu *v);
void ipsec_sessions_pool_rows(struct cfg_menu *v);
/* RouterOS's encoding of a CHILD_SA's algorithms ("AES_GCM_16-256" -> "AES-256-GCM",
 * "AES_CBC-128/HMAC_SHA2_256_128" -> "AES-128-CBC/SHA256"); for tests. */
void ipsec_session_encoding(const char *algs, char *out, size_t cap);

#endif /* SLUICED_IPSEC_SESSION_H */
