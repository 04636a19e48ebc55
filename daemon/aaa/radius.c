// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include "aaa/mschap.h"
#include "aaa/radius.h"
#include "admin/config.h"
#include "aaa/aaa_menu.h"
#include "ppp/profile_menu.h"
#define LOG_TOPIC LOG_T_RADIUS
#include "core/log.h"
#include "ppp/auth.h"
#include "ppp/link.h"
#include "radius/client.h"
#include "radius/crypto.h"
#include "radius/packet.h"

#define SERVICE_FRAMED 2
#define PROTOCOL_PPP 1
#define PORT_TYPE_VIRTUAL 5
#define MSCHAP_VALUE_LEN 49	/* the PPP Response value: see ppp/auth.c */

static bool radius_wanted(void)
{
	return ppp_aaa()->use_radius && rad_client_has_servers();
}

/* The attributes every request about a link carries: who, where from, which port. */
static int put_link_attrs(struct rad_packet *p, const struct ppp_auth *a)
{
	const struct ppp_link *l = a->ctx;	/* ppp/link.c makes the link the context */
	char host[65] = "sluice", caller[PPP_CALLER_ID_SIZE], sid[PPP_SESSION_ID_SIZE];
	uint32_t nas_ip = rad_client_nas_ip();
	int ret;

	gethostname(host, sizeof(host) - 1);
	ppp_link_caller_id(l, caller);
	ppp_session_id(l, sid);
	ret = rad_put_str(p, RAD_USER_NAME, a->user[0] ? a->user : "-");
	ret = ret ?: rad_put_u32(p, RAD_SERVICE_TYPE, SERVICE_FRAMED);
	ret = ret ?: rad_put_u32(p, RAD_FRAMED_PROTOCOL, PROTOCOL_PPP);
	ret = ret ?: rad_put_u32(p, RAD_NAS_PORT_TYPE,
				 l->p.nas_port_type ? l->p.nas_port_type : PORT_TYPE_VIRTUAL);
	ret = ret ?: rad_put_u32(p, RAD_NAS_PORT, l->p.session);
	ret = ret ?: rad_put_str(p, RAD_NAS_IDENTIFIER, host);
	ret = ret ?: rad_put_str(p, RAD_CALLING_STATION_ID, caller);
	ret = ret ?: rad_put_str(p, RAD_ACCT_SESSION_ID, sid);
	if (!ret && nas_ip)
		ret = rad_put(p, RAD_NAS_IP_ADDRESS, &nas_ip, 4);
	return ret;
}

/* The method's credentials: CHAP-Password or the MS-CHAP vendor attributes. */
static int put_credentials(struct rad_packet *p, const struct ppp_auth *a)
{
	uint8_t v[2 + 48];

	switch (a->method) {
	case AUTH_CHAP_MD5:
		if (a->held_len != CHAP_MD5_RESPONSE_LEN)
			return -1;
		v[0] = a->id;
		memcpy(v + 1, a->held, CHAP_MD5_RESPONSE_LEN);
		return rad_put(p, RAD_CHAP_PASSWORD, v, 1 + CHAP_MD5_RESPONSE_LEN) ?:
		       rad_put(p, RAD_CHAP_CHALLENGE, a->challenge, 16);
	case AUTH_MSCHAP1:	/* RFC 2548 2.1.3: ident, flags, LM-Response, NT-Response */
		if (a->held_len != MSCHAP_VALUE_LEN)
			return -1;
		v[0] = a->id;
		v[1] = a->held[48];
		memcpy(v + 2, a->held, 48);
		return rad_put_vsa(p, RAD_VENDOR_MICROSOFT, RAD_MS_CHAP_CHALLENGE, a->challenge,
				   MSCHAP1_CHALLENGE_LEN) ?:
		       rad_put_vsa(p, RAD_VENDOR_MICROSOFT, RAD_MS_CHAP_RESPONSE, v, 50);
	case AUTH_MSCHAP2:	/* RFC 2548 2.3.2: ident, flags, peer challenge, 8 zeros, NT */
		if (a->held_len != MSCHAP_VALUE_LEN)
			return -1;
		v[0] = a->id;
		v[1] = 0;
		memcpy(v + 2, a->held, 48);
		return rad_put_vsa(p, RAD_VENDOR_MICROSOFT, RAD_MS_CHAP_CHALLENGE, a->challenge,
				   MSCHAP2_CHALLENGE_LEN) ?:
		       rad_put_vsa(p, RAD_VENDOR_MICROSOFT, RAD_MS_CHAP2_RESPONSE, v, 50);
	default:
		return 0;	/* PAP: the engine hides the password per server */
	}
}

/* --- the reply */

static void log_reply_message(const uint8_t *pkt, size_t len, const char *user)
{
	struct rad_attr m;
	char text[RAD_ATTR_MAX + 1], esc[4 * sizeof(text)];

	if (!rad_find(pkt, len, RAD_REPLY_MESSAGE, &m))
		return;
	memcpy(text, m.val, m.len);
	text[m.len] = '\0';
	log_escape(esc, sizeof(esc), text);
	log_info("radius: reply message for %s: %s", user, esc);
}

/* MPPE keys from an Access-Accept; false if the method gives keys and these do not work */
static bool take_keys(struct ppp_auth *a, const struct rad_reply *r)
{
	struct rad_attr s, v;
	uint8_t plain[32];

	a->have_keys = false;
	if (a->method == AUTH_MSCHAP2 &&
	    rad_find_vsa(r->pkt, r->len, RAD_VENDOR_MICROSOFT, RAD_MS_MPPE_SEND_KEY, &s) &&
	    rad_find_vsa(r->pkt, r->len, RAD_VENDOR_MICROSOFT, RAD_MS_MPPE_RECV_KEY, &v)) {
		a->have_keys = !rad_mppe_key_decrypt(r->secret, r->req_auth, s.val, s.len,
						     a->send_key, 16) &&
			       !rad_mppe_key_decrypt(r->secret, r->req_auth, v.val, v.len,
						     a->recv_key, 16);
		return a->have_keys;
	}
	/* RFC 2548 2.4.1: LM key (8), then the NT hash hash (16, FreeRADIUS and NPS) */
	if (a->method == AUTH_MSCHAP1 &&
	    rad_find_vsa(r->pkt, r->len, RAD_VENDOR_MICROSOFT, RAD_MS_CHAP_MPPE_KEYS, &s)) {
		if (s.len != 32 || rad_unhide_password(r->secret, r->req_auth, s.val, 32, plain))
			return false;
		a->have_keys = !mschap1_mppe_key_from_hash(a->challenge, plain + 8, a->send_key);
		memcpy(a->recv_key, a->send_key, 16);
		OPENSSL_cleanse(plain, sizeof(plain));
		return a->have_keys;
	}
	return true;	/* no keys: fine unless the profile requires encryption (link.c) */
}

/* MS-CHAP2-Success: ident then "S=" and 40 hex digits, what the peer checks */
static bool success_message(struct ppp_auth *a, const struct rad_reply *r, char *msg,
			    size_t cap)
{
	struct rad_attr s;
	size_t i;

	if (a->method != AUTH_MSCHAP2) {
		snprintf(msg, cap, "Access granted");
		return true;
	}
	if (!rad_find_vsa(r->pkt, r->len, RAD_VENDOR_MICROSOFT, RAD_MS_CHAP2_SUCCESS, &s) ||
	    s.len != 1 + MSCHAP2_AUTH_RESPONSE_LEN || s.val[1] != 'S' || s.val[2] != '=')
		return false;
	for (i = 3; i < s.len; i++)	/* 40 hex digits, nothing else reaches the peer */
		if (!isxdigit(s.val[i]))
			return false;
	snprintf(msg, cap, "%.*s M=Access granted", MSCHAP2_AUTH_RESPONSE_LEN, s.val + 1);
	return true;
}

int auth_radius_accept(struct ppp_auth *a, const struct rad_reply *r, char *msg, size_t cap,
		       const char **why)
{
	auth_radius_parse_accept(r->pkt, r->len, &a->attrs);
	if (!success_message(a, r, msg, cap)) {
		*why = "RADIUS accepted without a valid MS-CHAP2-Success";
		return -1;
	}
	if (!take_keys(a, r)) {
		*why = "RADIUS sent MPPE keys that do not decrypt";
		return -1;
	}
	snprintf(a->profile, sizeof(a->profile), "%s", "default");
	if (a->attrs.profile[0]) {
		if (ppp_profile_find(a->attrs.profile))
			snprintf(a->profile, sizeof(a->profile), "%s", a->attrs.profile);
		else
			log_warn("radius: %s: no profile %s (Mikrotik-Group): using default",
				 a->user, a->attrs.profile);
	}
	return 0;
}

static void accepted(struct ppp_auth *a, const struct rad_reply *r)
{
	const char *why = NULL;
	char msg[128];

	if (auth_radius_accept(a, r, msg, sizeof(msg), &why)) {
		ppp_auth_verdict(a, false, NULL, why);
		return;
	}
	log_info("radius: %s accepted by %s", a->user, r->server);
	ppp_auth_verdict(a, true, msg, NULL);
}

static void answered(void *ctx, const struct rad_reply *r)
{
	struct ppp_auth *a = ctx;
	char user[sizeof(a->user) * 4];

	a->pending = NULL;	/* the engine frees the request after this call */
	log_escape(user, sizeof(user), a->user);
	if (!r) {
		if (ppp_aaa()->radius_fallback == CFG_FALLBACK_NEVER) {
			ppp_auth_verdict(a, false, NULL, "no RADIUS server answered");
			return;
		}
		log_warn("radius: no server answered for %s: the local secrets decide", user);
		a->attrs.fallback = true;
		ppp_auth_local(a);
		return;
	}
	log_reply_message(r->pkt, r->len, user);
	if (r->pkt[0] == RAD_ACCESS_ACCEPT) {
		accepted(a, r);
		return;
	}
	/* a reject is final: no fallback (a challenge we cannot answer counts as one) */
	ppp_auth_verdict(a, false, NULL, r->pkt[0] == RAD_ACCESS_REJECT ?
			 "rejected by RADIUS" : "RADIUS sent a challenge (unsupported)");
}

static bool backend_start(struct ppp_auth *a)
{
	struct rad_packet p;
	char password[RAD_PASSWORD_MAX + 1];
	bool pap = a->method == AUTH_PAP;

	if (!radius_wanted())
		return false;
	if (pap && a->held_len > RAD_PASSWORD_MAX) {
		log_warn("radius: a PAP password longer than %d bytes cannot be sent",
			 RAD_PASSWORD_MAX);
		return false;
	}
	rad_init(&p, RAD_ACCESS_REQUEST, 0);
	if (put_link_attrs(&p, a) || put_credentials(&p, a)) {
		log_warn("radius: malformed credentials from the peer: not sent");
		return false;
	}
	memcpy(password, a->held, pap ? a->held_len : 0);
	password[pap ? a->held_len : 0] = '\0';
	a->pending = rad_request_start(RAD_KIND_AUTH, RAD_ACCESS_REQUEST, p.data + RAD_HDR_LEN,
				       p.len - RAD_HDR_LEN, pap ? password : NULL, 0, answered, a);
	OPENSSL_cleanse(password, sizeof(password));
	return a->pending != NULL;
}

static void backend_stop(struct ppp_auth *a)
{
	rad_request_cancel(a->pending);
	a->pending = NULL;
}

static const struct ppp_auth_backend backend = { .start = backend_start, .stop = backend_stop };

void auth_radius_init(void)
{
	ppp_auth_backend = &backend;
}
