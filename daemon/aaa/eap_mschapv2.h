/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The authenticator side of EAP-MSCHAPv2 (draft-kamath-pppext-eap-mschapv2-02 over EAP,
 * RFC 3748), as state and pure functions: no sockets, no configuration. The crypto is
 * mschap.h's (RFC 2759, RFC 3079). The conversation:
 *
 *   peer: Response/Identity      -> eap_ms_begin:  Request/MSCHAPv2 Challenge
 *   peer: Response/MSCHAPv2 Resp -> eap_ms_step:   Request Success ("S=... M=...") or
 *                                                  Request Failure ("E=691 R=0 C=... V=3 M=...")
 *   peer: Success-Response       -> eap_ms_step:   EAP-Success, the keys are ready
 *   peer: Failure-Response       -> eap_ms_step:   EAP-Failure
 *
 * No retries (R=0): one wrong password ends the conversation. A peer may decline the method
 * with a Legacy-Nak (EAP-Failure). Every message is bounds-checked against both the bytes
 * given and its own Length field; a Response must carry the Identifier of our last Request
 * and the MS-CHAPv2-ID of our Challenge. An unknown user is answered exactly like a wrong
 * password, after the same computation, so neither the answer nor its timing tells them
 * apart.
 *
 * Keys: MS-MPPE-Send-Key is the authenticator's send key (RFC 3079 Magic3), -Recv-Key its
 * receive key (Magic2), 16 bytes each. The EAP MSK (RFC 3748 and what strongSwan's peer and
 * its eap-radius plugin use) is Recv-Key | Send-Key | 32 zero bytes.
 */
#ifndef SLUICED_AAA_EAP_MSCHAPV2_H
#define SLUICED_AAA_EAP_MSCHAPV2_H

#include <stddef.h>
#include <stdint.h>
#include "aaa/mschap.h"

enum eap_code { EAP_REQUEST = 1, EAP_RESPONSE = 2, EAP_SUCCESS = 3, EAP_FAILURE = 4 };
enum eap_type { EAP_TYPE_IDENTITY = 1, EAP_TYPE_NAK = 3, EAP_TYPE_MSCHAPV2 = 26 };
enum eap_ms_opcode {
	EAP_MS_OP_CHALLENGE = 1, EAP_MS_OP_RESPONSE = 2, EAP_MS_OP_SUCCESS = 3,
	EAP_MS_OP_FAILURE = 4,
};

#define EAP_HDR_LEN 4		/* Code, Identifier, Length */
#define EAP_MS_HDR_LEN 9	/* and Type, OpCode, MS-CHAPv2-ID, MS-Length */
#define EAP_MS_RESPONSE_LEN 49	/* Peer-Challenge, 8 reserved, NT-Response, Flags */
#define EAP_MSG_MAX 1024	/* the longest EAP message we take (a 255-byte Name fits) */
#define EAP_OUT_MAX 256		/* the longest we build */
#define EAP_IDENTITY_MAX 253	/* as a User-Name can carry it */
#define EAP_MS_NAME_MAX 255	/* the Name of a Response */
#define EAP_MSK_LEN 64

enum eap_ms_phase {
	EAP_MS_IDLE,		/* nothing sent yet */
	EAP_MS_CHALLENGED,	/* Challenge sent: a Response is due */
	EAP_MS_PROVED,		/* Success-Request sent: the Success-Response is due */
	EAP_MS_REFUSED,		/* Failure-Request sent: the Failure-Response is due */
	EAP_MS_DONE,
};

struct eap_ms {
	uint8_t phase;			/* enum eap_ms_phase */
	uint8_t req_id;			/* Identifier of our last Request */
	uint8_t ms_id;			/* MS-CHAPv2-ID of our Challenge */
	uint8_t challenge[MSCHAP2_CHALLENGE_LEN];
	char user[EAP_IDENTITY_MAX + 1];	/* from the Identity: whose password is due */
	uint8_t send_key[MPPE_START_KEY_LEN];	/* valid once a Response proved the password */
	uint8_t recv_key[MPPE_START_KEY_LEN];
};

enum eap_ms_result {
	EAP_MS_CHALLENGE,	/* out: a Request, for an Access-Challenge */
	EAP_MS_SUCCESS,		/* out: EAP-Success; the keys are set (Access-Accept) */
	EAP_MS_FAILURE,		/* out: EAP-Failure: the peer failed or declined */
	EAP_MS_INVALID,		/* out: EAP-Failure: a message out of place or malformed (*why) */
};

/*
 * Takes the peer's EAP-Response/Identity (msg, len bytes) and starts: a fresh random
 * challenge, s->user set, out gets the Request/MSCHAPv2 Challenge naming server_name
 * (1..64 bytes). Returns 0, or -1 with *why (malformed, empty or over-long identity, one
 * hiding a NUL, no randomness); s is then unusable.
 */
int eap_ms_begin(struct eap_ms *s, const uint8_t *msg, size_t len, const char *server_name,
		 uint8_t *out, size_t cap, size_t *outlen, const char **why);

/*
 * Takes the next EAP Response. password is s->user's (NUL-terminated UTF-8), or NULL when
 * there is no such user or the user may not log in here; it is only read when a Challenge
 * is answered (phase EAP_MS_CHALLENGED). out (cap >= EAP_OUT_MAX) gets what to send, *outlen
 * its length; *why says what went wrong for FAILURE and INVALID, and "wrong password" for a
 * CHALLENGE that carries a Failure-Request. Never fails to fill out.
 */
enum eap_ms_result eap_ms_step(struct eap_ms *s, const uint8_t *msg, size_t len,
			       const char *password, uint8_t *out, size_t cap, size_t *outlen,
			       const char **why);

/* The EAP MSK (Recv-Key | Send-Key | zeros) after EAP_MS_SUCCESS. */
void eap_ms_msk(const struct eap_ms *s, uint8_t msk[EAP_MSK_LEN]);

/* Wipes the state (challenge, keys): call when the conversation ends. */
void eap_ms_clear(struct eap_ms *s);

/*
 * An EAP message's header, checked: 4 <= Length <= len (bytes after Length are padding,
 * RFC 3748 4). Returns Length, or 0 if malformed.
 */
size_t eap_msg_len(const uint8_t *msg, size_t len);

/* EAP-Success or EAP-Failure with the Identifier: 4 bytes into out. */
size_t eap_put_code(uint8_t *out, uint8_t code, uint8_t id);

#endif /* SLUICED_AAA_EAP_MSCHAPV2_H */
