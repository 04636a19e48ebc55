/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Relaying an IKEv2 client's EAP from charon (through ipsec/eap_server) to the upstream
 * RADIUS servers (radius/client.h), for identities with auth-method=eap-radius: the
 * upstream runs whatever EAP method it likes. Each Access-Request of charon's becomes one
 * of ours: the EAP-Message attributes and what describes the IKE SA (User-Name, NAS-Port,
 * NAS-Port-Id, Calling- and Called-Station-Id, NAS-Port-Type, Service-Type) copied, the
 * upstream's State of the conversation added, and NAS-Identifier and NAS-IP-Address our
 * own. The answer comes back decoded: its code, the EAP message reassembled, on an Accept
 * the MS-MPPE keys decrypted with the upstream's secret (16 or 32 bytes each, for charon
 * re-encrypted by the caller with ours), Framed-IP-Address and Session-Timeout.
 */
#ifndef SLUICED_IPSEC_EAP_RELAY_H
#define SLUICED_IPSEC_EAP_RELAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "aaa/eap_mschapv2.h"
#include "radius/packet.h"

#define EAP_RELAY_KEY_MAX 32

struct eap_relay_result {
	uint8_t code;			/* RAD_ACCESS_CHALLENGE, _ACCEPT, _REJECT; 0: none usable */
	bool unreachable;		/* no server answered at all (code 0; not an odd code) */
	uint8_t eap[RAD_MAX_LEN];	/* the EAP message, reassembled */
	size_t eap_len;
	uint8_t send_key[EAP_RELAY_KEY_MAX], recv_key[EAP_RELAY_KEY_MAX];
	size_t key_len;			/* 0: the Accept carried no (usable) keys */
	uint32_t framed_ip;		/* network order; 0: none */
	uint32_t session_timeout;	/* 0: none */
	uint8_t class_[RAD_ATTR_MAX];	/* Class (RFC 2865 5.25), for the accounting */
	size_t class_len;
};

/* The result is valid during the call; the relay is idle again when it runs. */
typedef void (*eap_relay_done_fn)(void *ctx, const struct eap_relay_result *res);

struct rad_request;
struct eap_relay {
	struct rad_request *pending;	/* NULL: idle */
	uint8_t state[RAD_ATTR_MAX];	/* the upstream's State for the next request */
	size_t state_len;
	eap_relay_done_fn done;
	void *ctx;
};

/*
 * Sends charon's Access-Request (pkt, len bytes, rad_check'ed) upstream; done(ctx, ...)
 * follows from the loop. Returns 0, -EBUSY if a request is under way, -ENOENT if there is
 * no upstream server, -EINVAL if the request does not fit.
 */
int eap_relay_forward(struct eap_relay *r, const uint8_t *pkt, size_t len,
		      eap_relay_done_fn done, void *ctx);
/* Forgets the request under way (no callback) and the upstream's State. */
void eap_relay_cancel(struct eap_relay *r);

#endif /* SLUICED_IPSEC_EAP_RELAY_H */
