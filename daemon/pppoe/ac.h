/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the access concentrator answers in Discovery (RFC 2516 5.2-5.5, RFC 4638), as pure
 * decisions and replies over disc.h's codec: no sockets, no state of its own. The server
 * (socket, sessions, timers) asks it.
 *
 * A /interface pppoe-server server item answers a PADI on its interface when it is enabled,
 * not full (max-sessions), and the PADI asks for its service-name or for any service (an
 * empty Service-Name): RouterOS's "will accept clients which send PADI message with
 * service-names that matches this setting or if service-name field in PADI message is not
 * set". Its PADO names the AC (the router's identity), its own service-name, carries an
 * AC-Cookie for the client's MAC (cookie.h), and echoes Host-Uniq and Relay-Session-Id.
 *
 * A PADR gets a session only with a cookie we made for its MAC and interface within the last
 * minute or two, and for a service an enabled, not full item on that interface serves; a
 * PADR that fails any of it gets a PADS with SESSION_ID 0 and the error tag RFC 2516 names
 * (Service-Name-Error, AC-System-Error, Generic-Error), except a bad cookie, which is
 * dropped unanswered (a spoofed or replayed PADR learns nothing and costs one HMAC).
 *
 * RFC 4638: a client's PPP-Max-Payload over 1492 is echoed, the same value, in the PADO
 * and PADS when both the item's max-mtu/max-mru and the interface's MTU (less the 6-byte
 * PPPoE header) allow that payload; otherwise the tag is left out and PPP stays within 1492,
 * RFC 2516's limit, which every client takes. (Answering with a smaller value than asked
 * is left out on purpose: clients differ on what they do with it.)
 */
#ifndef SLUICED_PPPOE_AC_H
#define SLUICED_PPPOE_AC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pppoe/cookie.h"
#include "pppoe/disc.h"

#define PPPOE_MTU_CLASSIC 1492	/* RFC 2516's PPP MTU: 1500 less the PPPoE and PPP headers */

/* One server item as Discovery needs it. */
struct pppoe_ac_server {
	const char *service_name;	/* "" serves any */
	bool enabled;
	unsigned int max_sessions;	/* 0: unlimited */
	unsigned int sessions;		/* its sessions now */
	unsigned int max_payload;	/* the least of max-mtu and max-mru; 0: auto (the MTU's) */
};

/* Where the frame came from and what the AC is. */
struct pppoe_ac_ctx {
	int ifindex;
	unsigned int if_mtu;		/* the interface's MTU */
	const uint8_t *peer_mac;	/* PPPOE_MAC_LEN bytes */
	uint64_t now_s;			/* the monotonic clock's seconds */
	const char *ac_name;		/* the router's identity */
};

/* Why a PADR gets no session (counters and logs name these). */
enum pppoe_ac_refusal {
	PPPOE_AC_OK = 0,
	PPPOE_AC_BAD_COOKIE,		/* absent, forged, for another MAC or too old: dropped */
	PPPOE_AC_NO_SERVICE,		/* no enabled item serves it: Service-Name-Error */
	PPPOE_AC_FULL,			/* its items have max-sessions sessions: AC-System-Error */
};

/* Whether server s answers a PADI (or a PADR) asking for service_name. */
bool pppoe_ac_serves(const struct pppoe_ac_server *s, const struct pppoe_tag *service_name);
/* The PPP-Max-Payload to echo (0: none, stay within 1492). */
unsigned int pppoe_ac_max_payload(const struct pppoe_ac_server *s,
				  const struct pppoe_ac_ctx *ctx, const struct pppoe_disc *req);
/* server s's PADO to padi: its length, or a negative PPPOE_E_* (or -1: no cookie made) */
int pppoe_ac_pado(uint8_t *out, size_t cap, const struct pppoe_ac_server *s,
		  const struct pppoe_ac_ctx *ctx, const struct pppoe_disc *padi);
/* Which of the n servers on the PADR's interface takes it (*which), or why none does. */
enum pppoe_ac_refusal pppoe_ac_padr(const struct pppoe_ac_server *servers, size_t n,
				    const struct pppoe_ac_ctx *ctx, const struct pppoe_disc *padr,
				    size_t *which);
/* The PADS that opens session (not 0) for padr on server s: its length, or negative. */
int pppoe_ac_pads(uint8_t *out, size_t cap, uint16_t session, const struct pppoe_ac_server *s,
		  const struct pppoe_ac_ctx *ctx, const struct pppoe_disc *padr);
/* The PADS with SESSION_ID 0 that says why (NO_SERVICE or FULL): its length, or negative. */
int pppoe_ac_pads_refusal(uint8_t *out, size_t cap, enum pppoe_ac_refusal why,
			  const struct pppoe_disc *padr);
/* A PADT for session, with why as Generic-Error when not NULL: its length, or negative. */
int pppoe_ac_padt(uint8_t *out, size_t cap, uint16_t session, const char *why);

#endif /* SLUICED_PPPOE_AC_H */
