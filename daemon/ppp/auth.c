// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <arpa/inet.h>
#include <openssl/crypto.h>
#include "admin/config_types.h"
#include "aaa/local.h"
#include "aaa/mschap.h"
#define LOG_TOPIC LOG_T_PPP
#include "core/log.h"
#include "ppp/auth.h"
#include "ppp/stats.h"

#define CHAP_CHALLENGE 1
#define CHAP_RESPONSE 2
#define CHAP_SUCCESS 3
#define CHAP_FAILURE 4
#define PAP_REQUEST 1
#define PAP_ACK 2
#define PAP_NAK 3
#define CHALLENGE_INTERVAL_MS 3000
#define CHALLENGE_TRIES 5
#define PAP_WAIT_MS 30000
#define MSCHAP_RESPONSE_LEN 49	/* v1: LM(24) NT(24) flags; v2: peer challenge(16) 0(8) NT(24) flags */

static const struct {
	enum ppp_auth_method m;
	const char *name;	/* as in RouterOS's authentication= */
	unsigned int bit;	/* in an authentication= list (CFG_AUTH_*) */
	uint16_t proto;
	uint8_t algo;
} methods[] = {
	{ AUTH_MSCHAP2, "mschap2", CFG_AUTH_MSCHAP2, PPP_CHAP, CHAP_MSCHAP2 },
	{ AUTH_MSCHAP1, "mschap1", CFG_AUTH_MSCHAP1, PPP_CHAP, CHAP_MSCHAP1 },
	{ AUTH_CHAP_MD5, "chap", CFG_AUTH_CHAP, PPP_CHAP, CHAP_MD5 },
	{ AUTH_PAP, "pap", CFG_AUTH_PAP, PPP_PAP, 0 },
};
#define NMETHODS (sizeof(methods) / sizeof(methods[0]))

/* strongest first: what we ask for if the list allows it */
enum ppp_auth_method ppp_auth_preferred(unsigned int allowed)
{
	size_t i;

	for (i = 0; i < NMETHODS; i++)
		if (allowed & methods[i].bit)
			return methods[i].m;
	return AUTH_NONE;
}

enum ppp_auth_method ppp_auth_from_option(uint16_t proto, uint8_t algo, unsigned int allowed)
{
	size_t i;

	for (i = 0; i < NMETHODS; i++)
		if (methods[i].proto == proto && (proto == PPP_PAP || methods[i].algo == algo))
			return allowed & methods[i].bit ? methods[i].m : AUTH_NONE;
	return AUTH_NONE;
}

size_t ppp_auth_option(enum ppp_auth_method m, uint8_t *out)
{
	size_t i;

	for (i = 0; i < NMETHODS; i++) {
		if (methods[i].m != m)
			continue;
		out[0] = methods[i].proto >> 8;
		out[1] = methods[i].proto & 0xff;
		if (methods[i].proto == PPP_PAP)
			return 2;
		out[2] = methods[i].algo;
		return 3;
	}
	return 0;
}

const char *ppp_auth_name(enum ppp_auth_method m)
{
	size_t i;

	for (i = 0; i < NMETHODS; i++)
		if (methods[i].m == m)
			return methods[i].name;
	return "none";
}

static void send_packet(struct ppp_auth *a, uint16_t proto, uint8_t code, const uint8_t *data,
			size_t len)
{
	uint8_t pkt[300];

	if (len > sizeof(pkt) - 4)
		len = sizeof(pkt) - 4;
	pkt[0] = code;
	pkt[1] = a->id;
	pkt[2] = (uint8_t)((len + 4) >> 8);
	pkt[3] = (uint8_t)(len + 4);
	memcpy(pkt + 4, data, len);
	a->ops->send(a, proto, pkt, len + 4);
}

/* the verdicts given, for /system metrics (ppp/stats.h) */
static ppp_auth_verdicts_t verdicts;

_Static_assert(AUTH_MSCHAP2 < PPP_AUTH_METHODS, "ppp_auth_verdicts_t has a row per method");

const ppp_auth_verdicts_t *ppp_auth_verdicts(void)
{
	return &verdicts;
}

const char *ppp_auth_by_name(enum ppp_auth_by by)
{
	static const char *const names[] = { "local", "radius", "none" };

	return by < PPP_AUTH_BY_COUNT ? names[by] : "none";
}

static void finish(struct ppp_auth *a, bool ok, const char *why, enum ppp_auth_by by)
{
	if (a->finished)
		return;
	a->finished = true;
	verdicts[a->method][by][ok]++;
	loop_timer_cancel(&a->timer);
	a->ops->done(a, ok, why);
}

static size_t challenge_len(enum ppp_auth_method m)
{
	return m == AUTH_MSCHAP1 ? 8 : 16;
}

static void send_challenge(struct ppp_auth *a)
{
	uint8_t data[1 + 16 + 64];
	size_t n = challenge_len(a->method), name = strnlen(a->name, 64);

	data[0] = (uint8_t)n;
	memcpy(data + 1, a->challenge, n);
	memcpy(data + 1 + n, a->name, name);
	send_packet(a, PPP_CHAP, CHAP_CHALLENGE, data, 1 + n + name);
	a->sent++;
	loop_timer_arm(&a->timer, CHALLENGE_INTERVAL_MS);
}

static void timeout(struct loop_timer *t)
{
	struct ppp_auth *a = (struct ppp_auth *)((char *)t - offsetof(struct ppp_auth, timer));

	if (a->method == AUTH_PAP || a->sent >= CHALLENGE_TRIES)
		finish(a, false, "the peer did not authenticate in time", PPP_AUTH_BY_NONE);
	else
		send_challenge(a);
}

void ppp_auth_init(struct ppp_auth *a, const struct ppp_auth_ops *ops, void *ctx,
		   const char *service, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->ops = ops;
	a->ctx = ctx;
	a->service = service;
	a->name = name;
	loop_timer_init(&a->timer, timeout);
}

void ppp_auth_start(struct ppp_auth *a, enum ppp_auth_method m)
{
	a->method = m;
	if (m == AUTH_PAP) {
		loop_timer_arm(&a->timer, PAP_WAIT_MS);
		return;
	}
	if (getrandom(a->challenge, sizeof(a->challenge), 0) != sizeof(a->challenge) ||
	    getrandom(&a->id, 1, 0) != 1) {
		finish(a, false, "no randomness for a challenge", PPP_AUTH_BY_NONE);
		return;
	}
	send_challenge(a);
}

/* The held credentials are no longer needed: wipe them. */
static void drop_held(struct ppp_auth *a)
{
	OPENSSL_cleanse(a->held, sizeof(a->held));
	a->held_len = 0;
}

void ppp_auth_stop(struct ppp_auth *a)
{
	if (a->pending && ppp_auth_backend)
		ppp_auth_backend->stop(a);
	a->pending = NULL;
	drop_held(a);
	loop_timer_cancel(&a->timer);
	OPENSSL_cleanse(a->send_key, sizeof(a->send_key));
	OPENSSL_cleanse(a->recv_key, sizeof(a->recv_key));
}

const struct ppp_auth_backend *ppp_auth_backend;

/* The secret for a->user, or NULL with the reason; fills in the profile. */
static const char *lookup(struct ppp_auth *a, const char **why)
{
	struct auth_secret s;

	if (auth_local_find(a->user, a->service, &s, why))
		return NULL;
	snprintf(a->profile, sizeof(a->profile), "%s", s.profile);
	return s.password;
}

static void verdict(struct ppp_auth *a, bool ok, const char *message, const char *why,
		    enum ppp_auth_by by);

/* The role refuses before any password is checked (a source or name backing off). */
static bool refused_early(struct ppp_auth *a)
{
	const char *why = a->ops->admit ? a->ops->admit(a) : NULL;

	if (!why)
		return false;
	verdict(a, false, NULL, why, PPP_AUTH_BY_NONE);
	return true;
}

/* --- PAP */

static void pap_send_verdict(struct ppp_auth *a)
{
	uint8_t data[1 + sizeof(a->verdict)];
	size_t n = strlen(a->verdict);

	data[0] = (uint8_t)n;
	memcpy(data + 1, a->verdict, n);
	send_packet(a, PPP_PAP, a->verdict_code, data, n + 1);
}

static void pap_reply(struct ppp_auth *a, bool ok, const char *msg)
{
	a->verdict_code = ok ? PAP_ACK : PAP_NAK;
	snprintf(a->verdict, sizeof(a->verdict), "%s", msg);
	pap_send_verdict(a);
}

/* PAP against the local secrets, with the password held in a */
static void pap_local(struct ppp_auth *a)
{
	const char *secret, *why = "wrong password";
	bool ok;

	secret = lookup(a, &why);
	ok = secret && strlen(secret) == a->held_len && auth_equal(secret, a->held, a->held_len);
	drop_held(a);
	pap_reply(a, ok, ok ? "Login ok" : "Login incorrect");
	finish(a, ok, ok ? NULL : why, PPP_AUTH_BY_LOCAL);
}

static void pap_input(struct ppp_auth *a, const uint8_t *d, size_t len)
{
	size_t ulen, plen;

	if (len < 1 || (ulen = d[0]) + 2 > len || (plen = d[1 + ulen]) + ulen + 2 > len ||
	    ulen >= sizeof(a->user) || plen >= sizeof(a->held)) {
		a->malformed++;
		return;
	}
	if (a->pending)		/* a repeated request while RADIUS decides */
		return;
	memcpy(a->user, d + 1, ulen);
	a->user[ulen] = '\0';
	memcpy(a->held, d + 2 + ulen, plen);
	a->held_len = plen;
	if (refused_early(a))
		return;
	if (ppp_auth_backend && ppp_auth_backend->start(a))
		return;		/* the verdict comes later, through ppp_auth_verdict */
	pap_local(a);
}

/* --- CHAP and MS-CHAP */

static void chap_reply(struct ppp_auth *a, bool ok, const char *msg)
{
	a->verdict_code = ok ? CHAP_SUCCESS : CHAP_FAILURE;
	snprintf(a->verdict, sizeof(a->verdict), "%s", msg);
	send_packet(a, PPP_CHAP, a->verdict_code, (const uint8_t *)msg, strlen(msg));
}

static bool verify_md5(struct ppp_auth *a, const char *secret, const uint8_t *v, size_t vlen)
{
	uint8_t want[CHAP_MD5_RESPONSE_LEN];

	return vlen == sizeof(want) &&
	       !chap_md5_response(a->id, (const uint8_t *)secret, strlen(secret), a->challenge,
				  16, want) &&
	       auth_equal(want, v, sizeof(want));
}

static bool verify_mschap1(struct ppp_auth *a, const char *secret, const uint8_t *v, size_t vlen)
{
	uint8_t want[MSCHAP_NT_RESPONSE_LEN];

	/* flags = 1: the NT response is the one to use (LAN Manager responses are refused) */
	if (vlen != MSCHAP_RESPONSE_LEN || v[48] != 1 ||
	    mschap1_nt_response(a->challenge, secret, want) || !auth_equal(want, v + 24, 24))
		return false;
	if (!mschap1_mppe_key(a->challenge, secret, a->send_key)) {
		memcpy(a->recv_key, a->send_key, sizeof(a->recv_key));
		a->have_keys = true;
	}
	return true;
}

static bool verify_mschap2(struct ppp_auth *a, const char *secret, const uint8_t *v, size_t vlen,
			   char *msg, size_t msglen)
{
	uint8_t want[MSCHAP_NT_RESPONSE_LEN];
	char resp[MSCHAP2_AUTH_RESPONSE_LEN + 1];

	if (vlen != MSCHAP_RESPONSE_LEN ||
	    mschap2_nt_response(a->challenge, v, a->user, secret, want) ||
	    !auth_equal(want, v + 24, 24) ||
	    mschap2_authenticator_response(secret, v + 24, v, a->challenge, a->user, resp))
		return false;
	snprintf(msg, msglen, "%s M=Access granted", resp);
	a->have_keys = !mschap2_mppe_keys(secret, v + 24, 1, a->send_key, a->recv_key);
	return true;
}

static void failure_message(struct ppp_auth *a, char *msg, size_t len)
{
	char hex[33];
	size_t i, n = challenge_len(a->method);

	if (a->method == AUTH_CHAP_MD5) {
		snprintf(msg, len, "Authentication failed");
		return;
	}
	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02X", a->challenge[i]);
	/* E=691: bad credentials; R=0: no retry */
	snprintf(msg, len, "E=691 R=0 C=%s V=%d M=Authentication failed", hex,
		 a->method == AUTH_MSCHAP2 ? 3 : 2);
}

/* CHAP and MS-CHAP against the local secrets, with the peer's value held in a */
static void chap_local(struct ppp_auth *a)
{
	char msg[128] = "Access granted";
	const char *secret, *why = "wrong password";
	bool ok = false;

	secret = lookup(a, &why);
	if (secret) {
		if (a->method == AUTH_CHAP_MD5)
			ok = verify_md5(a, secret, a->held, a->held_len);
		else if (a->method == AUTH_MSCHAP1)
			ok = verify_mschap1(a, secret, a->held, a->held_len);
		else
			ok = verify_mschap2(a, secret, a->held, a->held_len, msg, sizeof(msg));
	}
	drop_held(a);
	if (!ok)
		failure_message(a, msg, sizeof(msg));
	chap_reply(a, ok, msg);
	finish(a, ok, ok ? NULL : why, PPP_AUTH_BY_LOCAL);
}

static void chap_input(struct ppp_auth *a, uint8_t code, uint8_t id, const uint8_t *d,
		       size_t len)
{
	size_t vlen;

	if (code != CHAP_RESPONSE || id != a->id)
		return;		/* stray: RFC 1994 says discard */
	if (a->finished) {	/* our verdict was lost: the same answer again */
		if (a->verdict_code)
			send_packet(a, PPP_CHAP, a->verdict_code, (const uint8_t *)a->verdict,
				    strlen(a->verdict));
		return;
	}
	if (a->pending)		/* a repeated response while RADIUS decides */
		return;
	if (len < 1 || (vlen = d[0]) + 1 > len || len - 1 - vlen >= sizeof(a->user)) {
		a->malformed++;
		return;
	}
	memcpy(a->user, d + 1 + vlen, len - 1 - vlen);
	a->user[len - 1 - vlen] = '\0';
	memcpy(a->held, d + 1, vlen);
	a->held_len = vlen;
	if (refused_early(a))
		return;
	if (ppp_auth_backend && ppp_auth_backend->start(a))
		return;		/* the verdict comes later, through ppp_auth_verdict */
	chap_local(a);
}

static void verdict(struct ppp_auth *a, bool ok, const char *message, const char *why,
		    enum ppp_auth_by by)
{
	char msg[128];

	a->pending = NULL;
	drop_held(a);
	if (a->finished)
		return;
	if (a->method == AUTH_PAP) {
		pap_reply(a, ok, ok ? "Login ok" : "Login incorrect");
	} else {
		if (ok)
			snprintf(msg, sizeof(msg), "%s", message ? message : "Access granted");
		else
			failure_message(a, msg, sizeof(msg));
		chap_reply(a, ok, msg);
	}
	finish(a, ok, ok ? NULL : why, by);
}

void ppp_auth_verdict(struct ppp_auth *a, bool ok, const char *message, const char *why)
{
	verdict(a, ok, message, why, PPP_AUTH_BY_RADIUS);
}

void ppp_auth_local(struct ppp_auth *a)
{
	a->pending = NULL;
	if (a->finished)
		return;
	if (a->method == AUTH_PAP)
		pap_local(a);
	else
		chap_local(a);
}

void ppp_auth_input(struct ppp_auth *a, uint16_t proto, const uint8_t *pkt, size_t len)
{
	size_t plen;

	if (len < 4 || (plen = (size_t)pkt[2] << 8 | pkt[3]) < 4 || plen > len)
		return;
	if (proto == PPP_PAP && a->method == AUTH_PAP && pkt[0] == PAP_REQUEST) {
		a->id = pkt[1];
		if (!a->finished)
			pap_input(a, pkt + 4, plen - 4);
		else if (a->verdict_code)	/* our verdict was lost: the same one again */
			pap_send_verdict(a);
		return;
	}
	if (proto == PPP_CHAP && a->method != AUTH_PAP && a->method != AUTH_NONE)
		chap_input(a, pkt[0], pkt[1], pkt + 4, plen - 4);
}
