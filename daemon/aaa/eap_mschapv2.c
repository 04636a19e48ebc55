// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <openssl/crypto.h>
#include "aaa/eap_mschapv2.h"

#define SUCCESS_MESSAGE "Welcome"
#define FAILURE_MESSAGE "Authentication failed"
#define SERVER_NAME_MAX 64

size_t eap_msg_len(const uint8_t *msg, size_t len)
{
	size_t l;

	if (!msg || len < EAP_HDR_LEN)
		return 0;
	l = (size_t)msg[2] << 8 | msg[3];
	return l >= EAP_HDR_LEN && l <= len ? l : 0;
}

size_t eap_put_code(uint8_t *out, uint8_t code, uint8_t id)
{
	out[0] = code;
	out[1] = id;
	out[2] = 0;
	out[3] = EAP_HDR_LEN;
	return EAP_HDR_LEN;
}

/* A Request/MSCHAPv2 with body: 0 if it does not fit in cap. */
static size_t put_request(uint8_t *out, size_t cap, uint8_t id, uint8_t opcode, uint8_t ms_id,
			  const void *body, size_t n)
{
	size_t l = EAP_MS_HDR_LEN + n;

	if (l > cap || l > 0xffff)
		return 0;
	out[0] = EAP_REQUEST;
	out[1] = id;
	out[2] = (uint8_t)(l >> 8);
	out[3] = (uint8_t)l;
	out[4] = EAP_TYPE_MSCHAPV2;
	out[5] = opcode;
	out[6] = ms_id;
	out[7] = (uint8_t)((l - 5) >> 8);	/* MS-Length: from the OpCode on */
	out[8] = (uint8_t)(l - 5);
	memcpy(out + EAP_MS_HDR_LEN, body, n);
	return l;
}

void eap_ms_clear(struct eap_ms *s)
{
	OPENSSL_cleanse(s, sizeof(*s));
	s->phase = EAP_MS_DONE;
}

void eap_ms_msk(const struct eap_ms *s, uint8_t msk[EAP_MSK_LEN])
{
	memset(msk, 0, EAP_MSK_LEN);
	memcpy(msk, s->recv_key, MPPE_START_KEY_LEN);
	memcpy(msk + MPPE_START_KEY_LEN, s->send_key, MPPE_START_KEY_LEN);
}

/* The identity of a Response/Identity (checked: code, type, 1..253 bytes, no NUL). */
static int read_identity(struct eap_ms *s, const uint8_t *msg, size_t len, const char **why)
{
	size_t l = eap_msg_len(msg, len), n;

	if (!l || msg[0] != EAP_RESPONSE || l < EAP_HDR_LEN + 1 || msg[4] != EAP_TYPE_IDENTITY) {
		*why = "not an EAP-Response/Identity";
		return -1;
	}
	n = l - EAP_HDR_LEN - 1;
	if (!n || n > EAP_IDENTITY_MAX || memchr(msg + 5, 0, n)) {
		*why = n ? "an EAP identity too long or hiding a NUL" : "an empty EAP identity";
		return -1;
	}
	memcpy(s->user, msg + 5, n);
	s->user[n] = '\0';
	return 0;
}

int eap_ms_begin(struct eap_ms *s, const uint8_t *msg, size_t len, const char *server_name,
		 uint8_t *out, size_t cap, size_t *outlen, const char **why)
{
	uint8_t body[1 + MSCHAP2_CHALLENGE_LEN + SERVER_NAME_MAX];
	size_t name_len = server_name ? strlen(server_name) : 0;

	memset(s, 0, sizeof(*s));
	s->phase = EAP_MS_DONE;
	*outlen = 0;
	if (!name_len || name_len > SERVER_NAME_MAX) {
		*why = "bad server name";
		return -1;
	}
	if (read_identity(s, msg, len, why))
		return -1;
	if (getrandom(s->challenge, sizeof(s->challenge), 0) != sizeof(s->challenge)) {
		*why = "no randomness";
		return -1;
	}
	s->req_id = (uint8_t)(msg[1] + 1);
	s->ms_id = s->req_id;
	body[0] = MSCHAP2_CHALLENGE_LEN;	/* Value-Size */
	memcpy(body + 1, s->challenge, MSCHAP2_CHALLENGE_LEN);
	memcpy(body + 1 + MSCHAP2_CHALLENGE_LEN, server_name, name_len);
	*outlen = put_request(out, cap, s->req_id, EAP_MS_OP_CHALLENGE, s->ms_id, body,
			      1 + MSCHAP2_CHALLENGE_LEN + name_len);
	if (!*outlen) {
		*why = "no room";
		return -1;
	}
	s->phase = EAP_MS_CHALLENGED;
	return 0;
}

/* What a Response carries, bounds-checked. */
struct ms_response {
	const uint8_t *peer_challenge, *nt_response;
	char name[EAP_MS_NAME_MAX + 1];
};

static int parse_response(const struct eap_ms *s, const uint8_t *msg, size_t l,
			  struct ms_response *r, const char **why)
{
	size_t fixed = EAP_MS_HDR_LEN + 1 + EAP_MS_RESPONSE_LEN, n;

	if (l < fixed || msg[9] != EAP_MS_RESPONSE_LEN) {
		*why = "a malformed EAP-MSCHAPv2 Response";
		return -1;
	}
	if (msg[6] != s->ms_id) {
		*why = "an EAP-MSCHAPv2 Response to another Challenge";
		return -1;
	}
	n = l - fixed;
	if (n > EAP_MS_NAME_MAX || memchr(msg + fixed, 0, n)) {
		*why = "an EAP-MSCHAPv2 Name too long or hiding a NUL";
		return -1;
	}
	memcpy(r->name, msg + fixed, n);
	r->name[n] = '\0';
	r->peer_challenge = msg + 10;
	r->nt_response = msg + 10 + MSCHAP2_CHALLENGE_LEN + 8;
	return 0;
}

/*
 * Is the NT-Response right for password? An unknown user (NULL) costs the same computation
 * against a password no one has, and fails.
 */
static int response_ok(const struct eap_ms *s, const struct ms_response *r,
		       const char *password)
{
	uint8_t want[MSCHAP_NT_RESPONSE_LEN];
	int ok;

	ok = !mschap2_nt_response(s->challenge, r->peer_challenge, r->name,
				  password ? password : "\x01 no such user", want) &&
	     auth_equal(want, r->nt_response, sizeof(want)) && password;
	OPENSSL_cleanse(want, sizeof(want));
	return ok;
}

static size_t success_request(struct eap_ms *s, const struct ms_response *r,
			      const char *password, uint8_t *out, size_t cap)
{
	char auth[MSCHAP2_AUTH_RESPONSE_LEN + 1], body[96];
	int n;

	if (mschap2_authenticator_response(password, r->nt_response, r->peer_challenge,
					   s->challenge, r->name, auth) ||
	    mschap2_mppe_keys(password, r->nt_response, 1, s->send_key, s->recv_key))
		return 0;
	n = snprintf(body, sizeof(body), "%s M=%s", auth, SUCCESS_MESSAGE);
	s->req_id++;
	return put_request(out, cap, s->req_id, EAP_MS_OP_SUCCESS, s->ms_id, body, (size_t)n);
}

/* RFC 2759 6: E=691 (authentication failure), R=0 (no retry), a new challenge, V=3. */
static size_t failure_request(struct eap_ms *s, uint8_t *out, size_t cap)
{
	char body[128], hex[2 * MSCHAP2_CHALLENGE_LEN + 1];
	size_t i;
	int n;

	if (getrandom(s->challenge, sizeof(s->challenge), 0) != sizeof(s->challenge))
		memset(s->challenge, 0, sizeof(s->challenge));
	for (i = 0; i < MSCHAP2_CHALLENGE_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02X", s->challenge[i]);
	n = snprintf(body, sizeof(body), "E=691 R=0 C=%s V=3 M=%s", hex, FAILURE_MESSAGE);
	s->req_id++;
	return put_request(out, cap, s->req_id, EAP_MS_OP_FAILURE, s->ms_id, body, (size_t)n);
}

/* A Response to our Challenge: Success-Request or Failure-Request into out. */
static enum eap_ms_result answer_response(struct eap_ms *s, const uint8_t *msg, size_t l,
					  const char *password, uint8_t *out, size_t cap,
					  size_t *outlen, const char **why)
{
	struct ms_response r;

	if (parse_response(s, msg, l, &r, why))
		return EAP_MS_INVALID;
	if (response_ok(s, &r, password)) {
		*outlen = success_request(s, &r, password, out, cap);
		if (!*outlen) {
			*why = "computing the authenticator response failed";
			return EAP_MS_INVALID;
		}
		s->phase = EAP_MS_PROVED;
		return EAP_MS_CHALLENGE;
	}
	*outlen = failure_request(s, out, cap);
	s->phase = EAP_MS_REFUSED;
	*why = "wrong password";
	return *outlen ? EAP_MS_CHALLENGE : EAP_MS_INVALID;
}

/* What a Response of type EAP-MSCHAPv2 (OpCode op) means in the phase we are in. */
static enum eap_ms_result by_phase(struct eap_ms *s, const uint8_t *msg, size_t l,
				   const char *password, uint8_t *out, size_t cap,
				   size_t *outlen, const char **why)
{
	uint8_t op = msg[5];

	switch (s->phase) {
	case EAP_MS_CHALLENGED:
		if (op == EAP_MS_OP_RESPONSE)
			return answer_response(s, msg, l, password, out, cap, outlen, why);
		if (op == EAP_MS_OP_FAILURE) {
			*why = "the peer gave up";
			return EAP_MS_FAILURE;
		}
		break;
	case EAP_MS_PROVED:
		if (op == EAP_MS_OP_SUCCESS)
			return EAP_MS_SUCCESS;
		if (op == EAP_MS_OP_FAILURE) {
			*why = "the peer refused our authenticator response";
			return EAP_MS_FAILURE;
		}
		break;
	case EAP_MS_REFUSED:
		*why = "wrong password";
		return EAP_MS_FAILURE;	/* the Failure-Response, or anything in its place */
	}
	*why = "an EAP-MSCHAPv2 OpCode out of place";
	return EAP_MS_INVALID;
}

/* The header of a Response: 0, or -1 with *why. */
static int check_header(const struct eap_ms *s, const uint8_t *msg, size_t l, const char **why)
{
	if (!l || msg[0] != EAP_RESPONSE || l < EAP_HDR_LEN + 1) {
		*why = "not an EAP Response";
		return -1;
	}
	if (msg[1] != s->req_id) {
		*why = "an EAP Response with an unexpected Identifier";
		return -1;
	}
	return 0;
}

enum eap_ms_result eap_ms_step(struct eap_ms *s, const uint8_t *msg, size_t len,
			       const char *password, uint8_t *out, size_t cap, size_t *outlen,
			       const char **why)
{
	size_t l = eap_msg_len(msg, len);
	enum eap_ms_result r = EAP_MS_INVALID;

	*outlen = 0;
	if (cap < EAP_OUT_MAX) {
		*why = "no room";
		return EAP_MS_INVALID;
	}
	if (s->phase == EAP_MS_IDLE || s->phase == EAP_MS_DONE)
		*why = "no EAP-MSCHAPv2 conversation";
	else if (!check_header(s, msg, l, why)) {
		if (msg[4] == EAP_TYPE_NAK && s->phase == EAP_MS_CHALLENGED) {
			*why = "the peer declined EAP-MSCHAPv2";
			r = EAP_MS_FAILURE;
		} else if (msg[4] != EAP_TYPE_MSCHAPV2 || l < EAP_HDR_LEN + 2) {
			*why = "not an EAP-MSCHAPv2 Response";
		} else {
			r = by_phase(s, msg, l, password, out, cap, outlen, why);
		}
	}
	if (r == EAP_MS_CHALLENGE)
		return r;
	*outlen = eap_put_code(out, r == EAP_MS_SUCCESS ? EAP_SUCCESS : EAP_FAILURE,
			       l ? msg[1] : s->req_id);
	if (r == EAP_MS_SUCCESS)
		s->phase = EAP_MS_DONE;	/* the keys stay for the caller */
	else
		eap_ms_clear(s);
	return r;
}
