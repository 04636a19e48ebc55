// SPDX-License-Identifier: GPL-2.0
/*
 * The dial-out side of PPP authentication: we answer, the peer judges. Every packet is
 * bounds-checked before it is read; anything malformed is counted and dropped, and the
 * server's words (PAP and CHAP messages) reach the log only escaped.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <openssl/crypto.h>
#include "aaa/mschap.h"
#include "core/log.h"
#include "ppp/auth_peer.h"

#define CHAP_CHALLENGE 1
#define CHAP_RESPONSE 2
#define CHAP_SUCCESS 3
#define CHAP_FAILURE 4
#define PAP_REQUEST 1
#define PAP_ACK 2
#define PAP_NAK 3
#define PAP_INTERVAL_MS 3000
#define PAP_TRIES 10
#define CHAP_WAIT_MS 30000	/* for a challenge, and for the verdict after each answer */
#define MSCHAP_VALUE_LEN 49

static int default_random(void *buf, size_t n)
{
	return getrandom(buf, n, 0) == (ssize_t)n ? 0 : -1;
}

/*
 * Our answer and MS-CHAPv2's NT-Response (either is an offline dictionary attack on the
 * password) once the verdict is in: no retransmission of that answer is due any more, and a
 * later challenge (RFC 1994 lets the server challenge again) gets a fresh one. The password
 * itself stays with the link for that.
 */
static void forget_response(struct ppp_auth_peer *a)
{
	OPENSSL_cleanse(a->response, sizeof(a->response));
	OPENSSL_cleanse(a->nt_response, sizeof(a->nt_response));
	OPENSSL_cleanse(a->peer_challenge, sizeof(a->peer_challenge));
	a->response_len = 0;
	a->answered = false;
}

static void finish(struct ppp_auth_peer *a, bool ok, const char *why)
{
	if (a->finished)
		return;
	a->finished = true;
	loop_timer_cancel(&a->timer);
	if (!ok) {
		if (why != a->why)
			snprintf(a->why, sizeof(a->why), "%s", why);
		a->have_keys = false;
		OPENSSL_cleanse(a->send_key, sizeof(a->send_key));
		OPENSSL_cleanse(a->recv_key, sizeof(a->recv_key));
	}
	forget_response(a);
	a->ops->done(a, ok, ok ? NULL : a->why);
}

/* "the server says: <its message, escaped>" */
static void refused(struct ppp_auth_peer *a, const uint8_t *msg, size_t len)
{
	char text[96], shown[128];

	if (len >= sizeof(text))
		len = sizeof(text) - 1;
	memcpy(text, msg, len);
	text[len] = '\0';
	log_escape(shown, sizeof(shown), text);
	snprintf(a->why, sizeof(a->why), "the server refused: %s", shown[0] ? shown : "-");
	finish(a, false, a->why);
}

static void send_packet(struct ppp_auth_peer *a, uint16_t proto, uint8_t code, uint8_t id,
			const uint8_t *data, size_t len)
{
	uint8_t pkt[4 + 256 + 256 + 2];

	if (len > sizeof(pkt) - 4)
		return;
	pkt[0] = code;
	pkt[1] = id;
	pkt[2] = (uint8_t)((len + 4) >> 8);
	pkt[3] = (uint8_t)(len + 4);
	memcpy(pkt + 4, data, len);
	a->ops->send(a, proto, pkt, len + 4);
	OPENSSL_cleanse(pkt, sizeof(pkt));	/* PAP carries the password */
}

/* --- PAP: our request, repeated until the peer answers */

static void pap_send(struct ppp_auth_peer *a)
{
	uint8_t data[2 + 255 + 255];
	size_t u = strnlen(a->user, 255), p = strnlen(a->password, 255);

	data[0] = (uint8_t)u;
	memcpy(data + 1, a->user, u);
	data[1 + u] = (uint8_t)p;
	memcpy(data + 2 + u, a->password, p);
	send_packet(a, PPP_PAP, PAP_REQUEST, a->id, data, 2 + u + p);
	OPENSSL_cleanse(data, sizeof(data));
	a->sent++;
	loop_timer_arm(&a->timer, PAP_INTERVAL_MS);
}

static void pap_input(struct ppp_auth_peer *a, uint8_t code, uint8_t id, const uint8_t *d,
		      size_t len)
{
	size_t mlen = len ? d[0] : 0;

	if ((code != PAP_ACK && code != PAP_NAK) || id != a->id || a->finished)
		return;		/* stray, or a repeated answer */
	if (mlen + 1 > len)
		mlen = len ? len - 1 : 0;	/* a message longer than its packet: what is there */
	if (code == PAP_ACK)
		finish(a, true, NULL);
	else
		refused(a, len ? d + 1 : d, mlen);
}

/* --- CHAP and MS-CHAP: answer each challenge */

static int mschap2_value(struct ppp_auth_peer *a, uint8_t *v)
{
	memset(v, 0, MSCHAP_VALUE_LEN);
	if (a->random(a->peer_challenge, sizeof(a->peer_challenge)) ||
	    mschap2_nt_response(a->challenge, a->peer_challenge, a->user, a->password,
				a->nt_response))
		return -1;
	memcpy(v, a->peer_challenge, 16);	/* then 8 reserved zeros */
	memcpy(v + 24, a->nt_response, 24);	/* flags: 0 */
	return 0;
}

static int mschap1_value(struct ppp_auth_peer *a, uint8_t *v)
{
	memset(v, 0, MSCHAP_VALUE_LEN);		/* no LAN Manager response */
	if (mschap1_nt_response(a->challenge, a->password, v + 24))
		return -1;
	v[48] = 1;				/* use the NT response */
	return 0;
}

/* Our Response to the challenge in a (value, then our name) into a->response. */
static int build_response(struct ppp_auth_peer *a)
{
	uint8_t value[MSCHAP_VALUE_LEN];
	size_t vlen, name = strnlen(a->user, sizeof(a->response) - 1 - sizeof(value));
	int ret;

	if (a->method == AUTH_CHAP_MD5) {
		vlen = CHAP_MD5_RESPONSE_LEN;
		ret = chap_md5_response(a->id, (const uint8_t *)a->password, strlen(a->password),
					a->challenge, a->challenge_len, value);
	} else {
		vlen = MSCHAP_VALUE_LEN;
		ret = a->method == AUTH_MSCHAP1 ? mschap1_value(a, value) : mschap2_value(a, value);
	}
	if (!ret) {
		a->response[0] = (uint8_t)vlen;
		memcpy(a->response + 1, value, vlen);
		memcpy(a->response + 1 + vlen, a->user, name);
		a->response_len = 1 + vlen + name;
	}
	OPENSSL_cleanse(value, sizeof(value));
	return ret;
}

static void keys(struct ppp_auth_peer *a)
{
	if (a->method == AUTH_MSCHAP1) {
		a->have_keys = !mschap1_mppe_key(a->challenge, a->password, a->send_key);
		memcpy(a->recv_key, a->send_key, sizeof(a->recv_key));
	} else if (a->method == AUTH_MSCHAP2) {
		a->have_keys = !mschap2_mppe_keys(a->password, a->nt_response, 0, a->send_key,
						  a->recv_key);
	}
}

static void on_challenge(struct ppp_auth_peer *a, uint8_t id, const uint8_t *d, size_t len)
{
	size_t clen = len ? d[0] : 0, want = a->method == AUTH_MSCHAP1 ? 8 :
					      a->method == AUTH_MSCHAP2 ? 16 : 0;

	if (!len || clen + 1 > len || !clen || clen > sizeof(a->challenge) ||
	    (want && clen != want)) {
		a->malformed++;
		return;
	}
	/* the same challenge again: our answer was lost, send the same one (RFC 1994 4.1) */
	if (a->answered && id == a->id && clen == a->challenge_len &&
	    !memcmp(d + 1, a->challenge, clen)) {
		send_packet(a, PPP_CHAP, CHAP_RESPONSE, a->id, a->response, a->response_len);
		return;
	}
	a->id = id;
	a->challenge_len = clen;
	memcpy(a->challenge, d + 1, clen);
	if (build_response(a)) {
		finish(a, false, "cannot compute a response (is the password valid UTF-8?)");
		return;
	}
	a->answered = true;
	send_packet(a, PPP_CHAP, CHAP_RESPONSE, a->id, a->response, a->response_len);
	if (!a->finished)
		loop_timer_arm(&a->timer, CHAP_WAIT_MS);
}

/* RFC 2759 8.8: the Success must carry the authenticator response we expect, or we end it. */
static bool authenticator_ok(struct ppp_auth_peer *a, const uint8_t *msg, size_t len)
{
	char want[MSCHAP2_AUTH_RESPONSE_LEN + 1];
	bool ok;

	if (len < MSCHAP2_AUTH_RESPONSE_LEN ||
	    mschap2_authenticator_response(a->password, a->nt_response, a->peer_challenge,
					   a->challenge, a->user, want))
		return false;
	/* hex digits in either case: RFC 2759 says upper, nothing is gained by refusing lower */
	ok = !strncasecmp(want, (const char *)msg, MSCHAP2_AUTH_RESPONSE_LEN) &&
	     (len == MSCHAP2_AUTH_RESPONSE_LEN || msg[MSCHAP2_AUTH_RESPONSE_LEN] == ' ');
	return ok;
}

static void chap_input(struct ppp_auth_peer *a, uint8_t code, uint8_t id, const uint8_t *d,
		       size_t len)
{
	if (code == CHAP_CHALLENGE) {
		on_challenge(a, id, d, len);
		return;
	}
	if ((code != CHAP_SUCCESS && code != CHAP_FAILURE) || !a->answered || id != a->id ||
	    a->finished)
		return;		/* stray, or a repeated verdict */
	if (code == CHAP_FAILURE) {
		refused(a, d, len);
		return;
	}
	if (a->method == AUTH_MSCHAP2 && !authenticator_ok(a, d, len)) {
		finish(a, false, "the server's authenticator response is wrong or missing "
				 "(it does not know the password)");
		return;
	}
	keys(a);
	finish(a, true, NULL);
}

/* --- life cycle */

static void timeout(struct loop_timer *t)
{
	struct ppp_auth_peer *a = (struct ppp_auth_peer *)((char *)t -
							   offsetof(struct ppp_auth_peer, timer));

	if (a->method == AUTH_PAP && a->sent < PAP_TRIES)
		pap_send(a);
	else
		finish(a, false, a->method == AUTH_PAP ? "no answer to our PAP request" :
				 a->answered ? "no verdict on our response" : "no challenge came");
}

void ppp_auth_peer_init(struct ppp_auth_peer *a, const struct ppp_auth_peer_ops *ops, void *ctx,
			const char *user, const char *password)
{
	memset(a, 0, sizeof(*a));
	a->ops = ops;
	a->ctx = ctx;
	a->user = user;
	a->password = password;
	a->random = default_random;
	loop_timer_init(&a->timer, timeout);
}

void ppp_auth_peer_start(struct ppp_auth_peer *a, enum ppp_auth_method m)
{
	a->method = m;
	if (m == AUTH_PAP) {
		a->id = 1;
		pap_send(a);
	} else {
		loop_timer_arm(&a->timer, CHAP_WAIT_MS);
	}
}

void ppp_auth_peer_input(struct ppp_auth_peer *a, uint16_t proto, const uint8_t *pkt, size_t len)
{
	size_t plen;

	if (len < 4 || (plen = (size_t)pkt[2] << 8 | pkt[3]) < 4 || plen > len) {
		a->malformed++;
		return;
	}
	if (proto == PPP_PAP && a->method == AUTH_PAP)
		pap_input(a, pkt[0], pkt[1], pkt + 4, plen - 4);
	else if (proto == PPP_CHAP && a->method != AUTH_PAP && a->method != AUTH_NONE)
		chap_input(a, pkt[0], pkt[1], pkt + 4, plen - 4);
}

void ppp_auth_peer_stop(struct ppp_auth_peer *a)
{
	loop_timer_cancel(&a->timer);
	OPENSSL_cleanse(a->send_key, sizeof(a->send_key));
	OPENSSL_cleanse(a->recv_key, sizeof(a->recv_key));
	forget_response(a);
}
