// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/ipsec/eap_server.c and daemon/aaa/eap_mschapv2.c: sluiced's localhost RADIUS server
 * for charon's eap-radius, driven by a client built here as charon's eap-radius and a
 * strongSwan EAP-MSCHAPv2 peer would behave (mschap.h for the peer's crypto): a whole
 * conversation down to keys that decrypt to the MSK the peer derives, a wrong password and
 * an unknown user (alike), forged and unsigned requests, unknown State, retransmissions,
 * the table's cap and expiry, truncation of every message, the socket and the conf section;
 * the EAP-MSCHAPv2 side alone on RFC 2759 9.2 / RFC 3079 3.5's vectors; relaying to the
 * upstream RADIUS servers (ipsec/eap_relay.c) against a stand-in client, and the fallback
 * to the /ppp secrets when no upstream server answers (radius-fallback).
 */
/* unit-test-sources: daemon/ipsec/eap_server.c daemon/ipsec/eap_relay.c tests/unit/lib/rad_client_stub.c daemon/aaa/eap_mschapv2.c daemon/aaa/local.c daemon/aaa/mschap.c daemon/radius/packet.c daemon/radius/crypto.c @config daemon/core/log.c daemon/core/loop.c daemon/core/timer.c tests/unit/lib/fake_clock.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <cmocka.h>
#include "fake_clock.h"
#include "admin/config.h"
#include "aaa/aaa_menu.h"
#include "aaa/eap_mschapv2.h"
#include "aaa/mschap.h"
#include "aaa/secret_menu.h"
#include "core/loop.h"
#include "ipsec/eap_server.h"
#include "radius/crypto.h"
#include "rad_client_stub.h"

#define PORT 50123

/* --- the hook */

static unsigned int hook_calls;
static char hook_user[64], hook_port_id[64], hook_station[64];
static uint32_t hook_nas_port;
static struct ipsec_eap_grant hook_gives;

static int hook(const struct ipsec_eap_accept *a, struct ipsec_eap_grant *g)
{
	hook_calls++;
	snprintf(hook_user, sizeof(hook_user), "%s", a->user);
	snprintf(hook_port_id, sizeof(hook_port_id), "%s", a->nas_port_id);
	snprintf(hook_station, sizeof(hook_station), "%s", a->calling_station_id);
	hook_nas_port = a->nas_port;
	*g = hook_gives;
	return 0;
}

/* --- charon's side: eap-radius */

struct client {
	uint16_t port;		/* charon's source port */
	const char *conn;	/* NAS-Port-Id: charon's connection name */
	uint8_t id;
	uint8_t state[RAD_ATTR_MAX];
	size_t state_len;
	const char *secret;
	struct rad_packet req, rep;
	uint8_t eap[2048];	/* from the last reply */
	size_t eap_len;
};

/* An Access-Request as eap-radius builds it, EAP in as many attributes as it takes. */
static void build_request(struct client *cl, const uint8_t *eap, size_t n, bool msg_auth)
{
	struct rad_packet *p = &cl->req;
	uint8_t v[4] = { 0, 0, 0, 5 };
	size_t off;

	rad_init(p, RAD_ACCESS_REQUEST, cl->id++);
	assert_int_equal(rad_new_authenticator(p), 0);
	rad_put_str(p, RAD_USER_NAME, "alice");
	rad_put(p, RAD_NAS_PORT_TYPE, v, 4);
	rad_put_u32(p, RAD_NAS_PORT, 7);
	rad_put_str(p, RAD_NAS_PORT_ID, cl->conn);
	rad_put_str(p, RAD_CALLING_STATION_ID, "192.0.2.10[4500]");
	for (off = 0; off < n; off += 253)
		rad_put(p, RAD_EAP_MESSAGE, eap + off, n - off > 253 ? 253 : n - off);
	rad_put_str(p, RAD_NAS_IDENTIFIER, "sluiced");
	if (cl->state_len)
		rad_put(p, RAD_STATE, cl->state, cl->state_len);
	if (msg_auth)
		rad_put_msg_auth(p);
	assert_int_equal(rad_sign_request(p, cl->secret), 0);
}

static uint8_t take_reply(struct client *cl);

/* Sends cl->req; the reply's code (0: none), its EAP and State kept as charon does. */
static uint8_t send_req(struct client *cl)
{
	if (!ipsec_eap_server_process(cl->req.data, cl->req.len, cl->port, &cl->rep))
		return 0;
	return take_reply(cl);
}

/* The reply in cl->rep checked, its EAP and State kept as charon does; its code. */
static uint8_t take_reply(struct client *cl)
{
	struct rad_iter it;
	struct rad_attr a;
	const char *why;

	assert_int_equal(rad_check(cl->rep.data, cl->rep.len, &why), cl->rep.len);
	assert_int_equal(cl->rep.data[1], cl->req.data[1]);
	assert_int_equal(rad_verify_response(cl->rep.data, cl->rep.len, cl->req.data + 4,
					     ipsec_eap_server_secret(), 1, &why), 0);
	cl->eap_len = 0;
	cl->state_len = 0;
	rad_iter_init(&it, cl->rep.data, cl->rep.len);
	while (rad_next(&it, &a)) {
		if (a.type == RAD_EAP_MESSAGE) {
			memcpy(cl->eap + cl->eap_len, a.val, a.len);
			cl->eap_len += a.len;
		}
		if (a.type == RAD_STATE) {
			memcpy(cl->state, a.val, a.len);
			cl->state_len = a.len;
		}
	}
	return cl->rep.data[0];
}

static uint8_t exchange(struct client *cl, const uint8_t *eap, size_t n)
{
	build_request(cl, eap, n, true);
	return send_req(cl);
}

static void client_init(struct client *cl)
{
	memset(cl, 0, sizeof(*cl));
	cl->secret = ipsec_eap_server_secret();
	cl->port = PORT;
	cl->conn = "rw-eap";
}

/* --- the IKEv2 client's side: an EAP-MSCHAPv2 peer */

struct peer {
	const char *name, *password;
	uint8_t auth_challenge[16], peer_challenge[16], nt[24];
	uint8_t ms_id;
};

static size_t identity(const char *user, uint8_t id, uint8_t *out)
{
	size_t n = 5 + strlen(user);

	out[0] = EAP_RESPONSE;
	out[1] = id;
	out[2] = (uint8_t)(n >> 8);
	out[3] = (uint8_t)n;
	out[4] = EAP_TYPE_IDENTITY;
	memcpy(out + 5, user, strlen(user));
	return n;
}

/* The peer's Response to the Challenge in chal. */
static size_t respond(struct peer *pe, const uint8_t *chal, size_t clen, uint8_t *out)
{
	size_t n = 9 + 1 + 49 + strlen(pe->name);

	assert_true(clen >= 26);
	assert_int_equal(chal[0], EAP_REQUEST);
	assert_int_equal(chal[4], EAP_TYPE_MSCHAPV2);
	assert_int_equal(chal[5], EAP_MS_OP_CHALLENGE);
	assert_int_equal((chal[7] << 8 | chal[8]), clen - 5);	/* MS-Length */
	assert_int_equal(chal[9], 16);
	assert_memory_equal(chal + 26, "sluiced", clen - 26);
	memcpy(pe->auth_challenge, chal + 10, 16);
	pe->ms_id = chal[6];
	assert_int_equal(getrandom(pe->peer_challenge, 16, 0), 16);
	assert_int_equal(mschap2_nt_response(pe->auth_challenge, pe->peer_challenge, pe->name,
					     pe->password, pe->nt), 0);
	memset(out, 0, n);
	out[0] = EAP_RESPONSE;
	out[1] = chal[1];
	out[2] = (uint8_t)(n >> 8);
	out[3] = (uint8_t)n;
	out[4] = EAP_TYPE_MSCHAPV2;
	out[5] = EAP_MS_OP_RESPONSE;
	out[6] = pe->ms_id;
	out[7] = (uint8_t)((n - 5) >> 8);
	out[8] = (uint8_t)(n - 5);
	out[9] = 49;
	memcpy(out + 10, pe->peer_challenge, 16);
	memcpy(out + 34, pe->nt, 24);
	memcpy(out + 59, pe->name, strlen(pe->name));
	return n;
}

/* A Success-Response or Failure-Response (op) to the Request in req. */
static size_t ack(const uint8_t *req, uint8_t op, uint8_t *out)
{
	out[0] = EAP_RESPONSE;
	out[1] = req[1];
	out[2] = 0;
	out[3] = 6;
	out[4] = EAP_TYPE_MSCHAPV2;
	out[5] = op;
	return 6;
}

/* The Success-Request's S= is what the peer expects from a server that knows the password. */
static void check_success_request(const struct peer *pe, const uint8_t *eap, size_t n)
{
	char want[MSCHAP2_AUTH_RESPONSE_LEN + 1];

	assert_true(n >= 9 + 42);
	assert_int_equal(eap[0], EAP_REQUEST);
	assert_int_equal(eap[5], EAP_MS_OP_SUCCESS);
	assert_int_equal(eap[6], pe->ms_id);
	assert_int_equal((eap[7] << 8 | eap[8]), n - 5);
	assert_int_equal(mschap2_authenticator_response(pe->password, pe->nt, pe->peer_challenge,
							pe->auth_challenge, pe->name, want), 0);
	assert_memory_equal(eap + 9, want, 42);
	assert_memory_equal(eap + 9 + 42, " M=", 3);
}

static void add_secret(const char *name, const char *password, const char *service)
{
	const char *k[] = { "name", "password", "service" }, *v[] = { name, password, service };
	struct strbuf err;

	sb_init(&err);
	assert_int_equal(cfg_add((&ppp_secret_menu), k, v, 3, &err), 0);
	sb_free(&err);
}

/* /ppp aaa radius-fallback */
static void set_fallback(const char *value)
{
	const char *k = "radius-fallback";
	struct strbuf err;

	sb_init(&err);
	assert_int_equal(cfg_set(&ppp_aaa_menu, cfg_find(&ppp_aaa_menu, NULL), &k, &value, 1,
				 &err), 0);
	sb_free(&err);
}

static struct ipsec_eap_stats before;

static int setup(void **state)
{
	(void)state;
	if (config_init() || ipsec_eap_server_start())
		return -1;
	add_secret("alice", "s3cret pass", "any");
	add_secret("bob", "bobs", "pptp");	/* not for IPsec */
	hook_calls = 0;
	memset(&hook_gives, 0, sizeof(hook_gives));
	ipsec_eap_server_set_on_accept(hook);
	ipsec_eap_server_set_route(NULL);
	before = *ipsec_eap_server_stats();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ipsec_eap_server_stop();
	config_done();
	return 0;
}

#define DELTA(field) (ipsec_eap_server_stats()->field - before.field)

/* Runs a conversation up to the Success-Request (or the Failure-Request). */
static uint8_t to_verdict(struct client *cl, struct peer *pe, const char *user)
{
	uint8_t eap[600];
	size_t n;

	client_init(cl);
	n = identity(user, 0x31, eap);
	assert_int_equal(exchange(cl, eap, n), RAD_ACCESS_CHALLENGE);
	assert_int_equal(cl->state_len, 16);
	assert_int_equal(cl->eap[1], 0x32);	/* the next Identifier */
	n = respond(pe, cl->eap, cl->eap_len, eap);
	assert_int_equal(exchange(cl, eap, n), RAD_ACCESS_CHALLENGE);
	assert_int_equal(cl->eap[1], 0x33);
	return cl->eap[5];
}

/* The Accept's MS-MPPE keys, decrypted with the request's authenticator. */
static void keys_of(const struct client *cl, uint8_t send[16], uint8_t recv[16])
{
	struct rad_attr s, r;

	assert_true(rad_find_vsa(cl->rep.data, cl->rep.len, RAD_VENDOR_MICROSOFT,
				 RAD_MS_MPPE_SEND_KEY, &s));
	assert_true(rad_find_vsa(cl->rep.data, cl->rep.len, RAD_VENDOR_MICROSOFT,
				 RAD_MS_MPPE_RECV_KEY, &r));
	assert_int_equal(s.len, 2 + 32);	/* salt, length byte + key padded to 32 */
	assert_true(s.val[0] & 0x80);
	assert_true(memcmp(s.val, r.val, 2));	/* salts differ */
	assert_int_equal(rad_mppe_key_decrypt(ipsec_eap_server_secret(), cl->req.data + 4,
					      s.val, s.len, send, 16), 0);
	assert_int_equal(rad_mppe_key_decrypt(ipsec_eap_server_secret(), cl->req.data + 4,
					      r.val, r.len, recv, 16), 0);
	/* the length byte says 16: charon takes exactly the key, no more */
	assert_int_equal(rad_mppe_key_decrypt(ipsec_eap_server_secret(), cl->req.data + 4,
					      s.val, s.len, send, 17), -1);
	assert_int_equal(rad_mppe_key_decrypt(ipsec_eap_server_secret(), cl->req.data + 4,
					      s.val, s.len, send, 16), 0);
}

static void test_full_conversation(void **state)
{
	struct peer pe = { .name = "alice", .password = "s3cret pass" };
	uint8_t eap[16], send[16], recv[16], psend[16], precv[16], msk[64], want[64] = { 0 };
	struct client cl;
	uint32_t ip, timeout;
	size_t n;

	(void)state;
	hook_gives.framed_ip = inet_addr("10.20.0.5");
	hook_gives.session_timeout = 3600;
	assert_int_equal(to_verdict(&cl, &pe, "alice"), EAP_MS_OP_SUCCESS);
	check_success_request(&pe, cl.eap, cl.eap_len);
	assert_int_equal(hook_calls, 0);	/* not before the peer's Success-Response */
	assert_int_equal(ipsec_eap_server_stats()->live, 1);
	n = ack(cl.eap, EAP_MS_OP_SUCCESS, eap);
	assert_int_equal(exchange(&cl, eap, n), RAD_ACCESS_ACCEPT);
	assert_int_equal(cl.eap_len, 4);
	assert_int_equal(cl.eap[0], EAP_SUCCESS);
	assert_int_equal(cl.eap[1], 0x33);
	assert_int_equal(cl.state_len, 0);
	/* the hook saw the IKE SA as charon describes it */
	assert_int_equal(hook_calls, 1);
	assert_string_equal(hook_user, "alice");
	assert_int_equal(hook_nas_port, 7);
	assert_string_equal(hook_port_id, "rw-eap");
	assert_string_equal(hook_station, "192.0.2.10[4500]");
	assert_true(rad_find(cl.rep.data, cl.rep.len, RAD_FRAMED_IP_ADDRESS, &(struct rad_attr){0}));
	assert_true(rad_get_u32(cl.rep.data, cl.rep.len, RAD_FRAMED_IP_ADDRESS, &ip));
	assert_int_equal(htonl(ip), inet_addr("10.20.0.5"));
	assert_true(rad_get_u32(cl.rep.data, cl.rep.len, RAD_SESSION_TIMEOUT, &timeout));
	assert_int_equal(timeout, 3600);
	/* Send-Key is the peer's receive key, Recv-Key its send key (RFC 3079 Magic3/2) */
	keys_of(&cl, send, recv);
	assert_int_equal(mschap2_mppe_keys(pe.password, pe.nt, 0, psend, precv), 0);
	assert_memory_equal(send, precv, 16);
	assert_memory_equal(recv, psend, 16);
	/* charon's MSK (radius_socket.c decrypt_msk: Recv | Send | zeros to 64) is the MSK a
	 * strongSwan peer derives (eap_mschapv2.c GenerateMSK: Magic2 key | Magic3 key | 0) */
	memcpy(msk, recv, 16);
	memcpy(msk + 16, send, 16);
	memset(msk + 32, 0, 32);
	memcpy(want, psend, 16);
	memcpy(want + 16, precv, 16);
	assert_memory_equal(msk, want, 64);
	assert_int_equal(DELTA(accepts), 1);
	assert_int_equal(DELTA(challenges), 2);
	assert_int_equal(DELTA(requests), 3);
	assert_int_equal(ipsec_eap_server_stats()->live, 0);
}

/* No hook, a DOMAIN\ name: the default grants nothing and the name hashes without domain. */
static void test_default_hook_and_domain(void **state)
{
	struct peer pe = { .name = "CORP\\alice", .password = "s3cret pass" };
	uint8_t eap[16];
	struct client cl;
	uint32_t v;

	(void)state;
	ipsec_eap_server_set_on_accept(NULL);
	assert_int_equal(to_verdict(&cl, &pe, "alice"), EAP_MS_OP_SUCCESS);
	assert_int_equal(exchange(&cl, eap, ack(cl.eap, EAP_MS_OP_SUCCESS, eap)),
			 RAD_ACCESS_ACCEPT);
	assert_false(rad_get_u32(cl.rep.data, cl.rep.len, RAD_FRAMED_IP_ADDRESS, &v));
	assert_false(rad_get_u32(cl.rep.data, cl.rep.len, RAD_SESSION_TIMEOUT, &v));
	assert_int_equal(hook_calls, 0);
}

static void test_hook_refuses(void **state)
{
	struct peer pe = { .name = "alice", .password = "s3cret pass" };
	uint8_t eap[16];
	struct client cl;

	(void)state;
	hook_gives.refuse = true;
	assert_int_equal(to_verdict(&cl, &pe, "alice"), EAP_MS_OP_SUCCESS);
	assert_int_equal(exchange(&cl, eap, ack(cl.eap, EAP_MS_OP_SUCCESS, eap)),
			 RAD_ACCESS_REJECT);
	assert_int_equal(cl.eap[0], EAP_FAILURE);
	assert_false(rad_find_vsa(cl.rep.data, cl.rep.len, RAD_VENDOR_MICROSOFT,
				  RAD_MS_MPPE_SEND_KEY, &(struct rad_attr){0}));
	assert_int_equal(DELTA(refused), 1);
	assert_int_equal(DELTA(accepts), 0);
}

/* A Failure-Request with E=691 R=0, then Access-Reject; alike for every kind of refusal. */
static void refused(const char *user, const char *password)
{
	struct peer pe = { .name = user, .password = password };
	uint8_t eap[16];
	struct client cl;

	assert_int_equal(to_verdict(&cl, &pe, user), EAP_MS_OP_FAILURE);
	assert_int_equal((cl.eap[7] << 8 | cl.eap[8]), cl.eap_len - 5);
	assert_int_equal(cl.eap_len, 9 + strlen("E=691 R=0 C=") + 32 +
			 strlen(" V=3 M=Authentication failed"));
	assert_memory_equal(cl.eap + 9, "E=691 R=0 C=", 12);
	assert_memory_equal(cl.eap + 9 + 12 + 32, " V=3 M=", 7);
	assert_int_equal(exchange(&cl, eap, ack(cl.eap, EAP_MS_OP_FAILURE, eap)),
			 RAD_ACCESS_REJECT);
	assert_int_equal(cl.eap_len, 4);
	assert_int_equal(cl.eap[0], EAP_FAILURE);
	assert_int_equal(cl.eap[1], 0x33);
}

static void test_wrong_password(void **state)
{
	(void)state;
	refused("alice", "guess");
	refused("nobody", "guess");		/* no such user */
	refused("bob", "bobs");			/* right password, not an IPsec user */
	assert_int_equal(DELTA(wrong_password), 3);
	assert_int_equal(DELTA(rejects), 3);
	assert_int_equal(DELTA(accepts), 0);
	assert_int_equal(hook_calls, 0);
	assert_int_equal(ipsec_eap_server_stats()->live, 0);
}

static void test_forged(void **state)
{
	uint8_t eap[64];
	struct client cl;
	struct rad_packet out;
	size_t n;

	(void)state;
	client_init(&cl);
	n = identity("alice", 1, eap);
	/* another secret */
	cl.secret = "not-the-secret";
	build_request(&cl, eap, n, true);
	assert_int_equal(send_req(&cl), 0);
	/* no Message-Authenticator at all */
	cl.secret = ipsec_eap_server_secret();
	build_request(&cl, eap, n, false);
	assert_int_equal(send_req(&cl), 0);
	/* a bit flipped after signing */
	build_request(&cl, eap, n, true);
	cl.req.data[cl.req.len - 20] ^= 1;
	assert_int_equal(send_req(&cl), 0);
	assert_int_equal(DELTA(bad_authenticators), 3);
	assert_int_equal(DELTA(requests), 0);
	assert_int_equal(ipsec_eap_server_stats()->live, 0);
	/* a kind we do not serve, and garbage */
	build_request(&cl, eap, n, true);
	cl.req.data[0] = RAD_COA_REQUEST;
	assert_false(ipsec_eap_server_process(cl.req.data, cl.req.len, PORT, &out));
	assert_false(ipsec_eap_server_process(eap, 3, PORT, &out));
	assert_int_equal(DELTA(malformed), 2);
	/* an Access-Request without EAP: rejected */
	build_request(&cl, eap, 0, true);
	assert_int_equal(send_req(&cl), RAD_ACCESS_REJECT);
	assert_int_equal(DELTA(bad_eap), 1);
}

static void test_accounting(void **state)
{
	struct rad_packet p, out;
	const char *why;

	(void)state;
	rad_init(&p, RAD_ACCT_REQUEST, 9);
	rad_put_u32(&p, RAD_ACCT_STATUS_TYPE, 1);
	rad_put_str(&p, RAD_ACCT_SESSION_ID, "5f00001");
	assert_int_equal(rad_sign_request(&p, ipsec_eap_server_secret()), 0);
	assert_true(ipsec_eap_server_process(p.data, p.len, PORT, &out));
	assert_int_equal(out.data[0], RAD_ACCT_RESPONSE);
	assert_int_equal(out.data[1], 9);
	assert_int_equal(rad_verify_response(out.data, out.len, p.data + 4,
					     ipsec_eap_server_secret(), 0, &why), 0);
	assert_int_equal(DELTA(accounting), 1);
	assert_int_equal(rad_sign_request(&p, "other"), 0);
	assert_false(ipsec_eap_server_process(p.data, p.len, PORT, &out));
	assert_int_equal(DELTA(bad_authenticators), 1);
	assert_int_equal(DELTA(accounting), 1);
}

static void test_unknown_state(void **state)
{
	struct peer pe = { .name = "alice", .password = "s3cret pass" };
	uint8_t eap[600];
	struct client cl;
	size_t n;

	(void)state;
	client_init(&cl);
	assert_int_equal(exchange(&cl, eap, identity("alice", 1, eap)), RAD_ACCESS_CHALLENGE);
	n = respond(&pe, cl.eap, cl.eap_len, eap);
	cl.state[0] ^= 0xff;
	assert_int_equal(exchange(&cl, eap, n), RAD_ACCESS_REJECT);
	assert_int_equal(cl.eap[0], EAP_FAILURE);
	cl.state_len = 5;	/* and one of another size */
	assert_int_equal(exchange(&cl, eap, n), RAD_ACCESS_REJECT);
	assert_int_equal(DELTA(unknown_state), 2);
	assert_int_equal(DELTA(accepts), 0);
}

/* The same request twice: the same reply, and the hook runs once. */
static void test_retransmission(void **state)
{
	struct peer pe = { .name = "alice", .password = "s3cret pass" };
	uint8_t eap[600], first[RAD_MAX_LEN];
	struct client cl;
	size_t n, len;

	(void)state;
	client_init(&cl);
	assert_int_equal(exchange(&cl, eap, identity("alice", 1, eap)), RAD_ACCESS_CHALLENGE);
	memcpy(first, cl.rep.data, cl.rep.len);
	len = cl.rep.len;
	assert_int_equal(send_req(&cl), RAD_ACCESS_CHALLENGE);
	assert_int_equal(cl.rep.len, len);
	assert_memory_equal(cl.rep.data, first, len);
	assert_int_equal(ipsec_eap_server_stats()->live, 1);	/* no second conversation */
	n = respond(&pe, cl.eap, cl.eap_len, eap);
	assert_int_equal(exchange(&cl, eap, n), RAD_ACCESS_CHALLENGE);
	n = ack(cl.eap, EAP_MS_OP_SUCCESS, eap);
	assert_int_equal(exchange(&cl, eap, n), RAD_ACCESS_ACCEPT);
	memcpy(first, cl.rep.data, cl.rep.len);
	len = cl.rep.len;
	assert_int_equal(send_req(&cl), RAD_ACCESS_ACCEPT);
	assert_memory_equal(cl.rep.data, first, len);
	assert_int_equal(hook_calls, 1);
	assert_int_equal(DELTA(duplicates), 2);
	assert_int_equal(DELTA(accepts), 1);
	/* from another port it is not the same request: the finished State is unknown */
	assert_true(ipsec_eap_server_process(cl.req.data, cl.req.len, PORT + 1, &cl.rep));
	assert_int_equal(cl.rep.data[0], RAD_ACCESS_REJECT);
	/* after the linger, the same bytes are not answered from the cache either */
	fake_advance(IPSEC_EAP_LINGER_MS + 1000);
	assert_true(ipsec_eap_server_process(cl.req.data, cl.req.len, PORT, &cl.rep));
	assert_int_equal(cl.rep.data[0], RAD_ACCESS_REJECT);
	assert_int_equal(hook_calls, 1);
}

/* The table holds IPSEC_EAP_CONVERSATIONS; idle ones expire and make room. */
static void test_cap_and_expiry(void **state)
{
	static struct client cl[IPSEC_EAP_CONVERSATIONS + 1];
	struct peer pe = { .name = "alice", .password = "s3cret pass" };
	uint8_t eap[600];
	size_t i, n;

	(void)state;
	for (i = 0; i < IPSEC_EAP_CONVERSATIONS; i++) {
		client_init(&cl[i]);
		n = identity("alice", 1, eap);
		assert_int_equal(exchange(&cl[i], eap, n), RAD_ACCESS_CHALLENGE);
	}
	assert_int_equal(ipsec_eap_server_stats()->live, IPSEC_EAP_CONVERSATIONS);
	client_init(&cl[i]);
	assert_int_equal(exchange(&cl[i], eap, identity("alice", 1, eap)), RAD_ACCESS_REJECT);
	assert_int_equal(DELTA(table_full), 1);
	/* one finishes (rejected): its slot lingers for retransmissions, but may be taken */
	n = ack(cl[0].eap, EAP_MS_OP_FAILURE, eap);
	assert_int_equal(exchange(&cl[0], eap, n), RAD_ACCESS_REJECT);
	assert_int_equal(exchange(&cl[i], eap, identity("alice", 1, eap)), RAD_ACCESS_CHALLENGE);
	/* a conversation kept busy lives on; the idle ones expire */
	fake_advance(IPSEC_EAP_IDLE_MS / 2);
	n = respond(&pe, cl[1].eap, cl[1].eap_len, eap);
	assert_int_equal(exchange(&cl[1], eap, n), RAD_ACCESS_CHALLENGE);
	fake_advance(IPSEC_EAP_IDLE_MS / 2 + 6000);
	assert_int_equal(DELTA(expired), IPSEC_EAP_CONVERSATIONS - 1);
	assert_int_equal(ipsec_eap_server_stats()->live, 1);
	n = respond(&pe, cl[2].eap, cl[2].eap_len, eap);
	assert_int_equal(exchange(&cl[2], eap, n), RAD_ACCESS_REJECT);
	assert_int_equal(DELTA(unknown_state), 1);
	n = ack(cl[1].eap, EAP_MS_OP_SUCCESS, eap);
	assert_int_equal(exchange(&cl[1], eap, n), RAD_ACCESS_ACCEPT);
}

/*
 * Every prefix of the messages of a conversation, in requests signed right: cut short under
 * a Length that still says the whole (rejected), and with a Length that agrees (then a
 * shorter identity is an identity, and a shorter Name one the password does not match).
 */
static void test_truncated_eap(void **state)
{
	struct peer pe = { .name = "alice", .password = "s3cret pass" };
	uint8_t eap[600], resp[600], good[16];
	struct client cl;
	size_t n, cut, full = identity("alice", 1, eap);
	int agree;

	(void)state;
	for (agree = 0; agree < 2; agree++) {
		for (cut = 0; cut < full; cut++) {
			client_init(&cl);
			identity("alice", 1, eap);
			if (agree)
				eap[3] = (uint8_t)cut;
			assert_int_equal(exchange(&cl, eap, cut), agree && cut > 5 ?
					 RAD_ACCESS_CHALLENGE : RAD_ACCESS_REJECT);
		}
	}
	for (agree = 0; agree < 2; agree++) {
		for (cut = 0; cut <= 9 + 1 + 49 + 5; cut++) {
			client_init(&cl);
			assert_int_equal(exchange(&cl, eap, identity("alice", 1, eap)),
					 RAD_ACCESS_CHALLENGE);
			n = respond(&pe, cl.eap, cl.eap_len, resp);
			if (agree)
				resp[3] = (uint8_t)cut;
			if (cut < n) {
				assert_int_equal(exchange(&cl, resp, cut),
						 agree && cut >= 59 ? RAD_ACCESS_CHALLENGE :
								      RAD_ACCESS_REJECT);
				continue;
			}
			/* whole: then the Success-Response cut short */
			assert_int_equal(exchange(&cl, resp, n), RAD_ACCESS_CHALLENGE);
			assert_int_equal(cl.eap[5], EAP_MS_OP_SUCCESS);
			ack(cl.eap, EAP_MS_OP_SUCCESS, good);
			assert_int_equal(exchange(&cl, good, 5), RAD_ACCESS_REJECT);
		}
	}
	assert_int_equal(DELTA(wrong_password), 5);	/* the Names cut short */
	assert_int_equal(DELTA(accepts), 0);
}

/* The datagram cut short: Length says more than came, dropped; never read past. */
static void test_truncated_datagram(void **state)
{
	uint8_t eap[64];
	struct client cl;
	struct rad_packet out;
	size_t cut;

	(void)state;
	client_init(&cl);
	build_request(&cl, eap, identity("alice", 1, eap), true);
	for (cut = 0; cut < cl.req.len; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);

		memcpy(copy, cl.req.data, cut);
		assert_false(ipsec_eap_server_process(copy, cut, PORT, &out));
		free(copy);
	}
	assert_int_equal(DELTA(malformed), cl.req.len);
}

/* Out of place: a wrong Identifier, a Nak, a second Response after the verdict. */
static void test_out_of_place(void **state)
{
	struct peer pe = { .name = "alice", .password = "s3cret pass" };
	uint8_t eap[600], nak[6] = { EAP_RESPONSE, 0, 0, 6, EAP_TYPE_NAK, 4 };
	struct client cl;
	size_t n;

	(void)state;
	client_init(&cl);
	assert_int_equal(exchange(&cl, eap, identity("alice", 1, eap)), RAD_ACCESS_CHALLENGE);
	n = respond(&pe, cl.eap, cl.eap_len, eap);
	eap[1]++;
	assert_int_equal(exchange(&cl, eap, n), RAD_ACCESS_REJECT);
	assert_int_equal(DELTA(bad_eap), 1);
	/* a Legacy-Nak: the peer declines the method */
	client_init(&cl);
	assert_int_equal(exchange(&cl, eap, identity("alice", 1, eap)), RAD_ACCESS_CHALLENGE);
	nak[1] = cl.eap[1];
	assert_int_equal(exchange(&cl, nak, sizeof(nak)), RAD_ACCESS_REJECT);
	assert_int_equal(DELTA(bad_eap), 1);
	/* a Response where the Success-Response is due */
	assert_int_equal(to_verdict(&cl, &pe, "alice"), EAP_MS_OP_SUCCESS);
	n = respond(&pe, (uint8_t[]){ 1, cl.eap[1], 0, 33, 26, 1, 0, 0, 28, 16,
				       1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
				       's', 'l', 'u', 'i', 'c', 'e', 'd' }, 33, eap);
	assert_int_equal(exchange(&cl, eap, n), RAD_ACCESS_REJECT);
	assert_int_equal(DELTA(bad_eap), 2);
	assert_int_equal(DELTA(accepts), 0);
}

/*
 * A Name long enough to take two EAP-Message attributes, with a long domain: the name hashed
 * is what follows the last backslash, the password the identity's.
 */
static void test_fragmented(void **state)
{
	char name[260];
	struct peer pe = { .name = name, .password = "s3cret pass" };
	uint8_t eap[600];
	struct client cl;

	(void)state;
	memset(name, 'b', 249);
	memcpy(name, "X\\", 2);
	memcpy(name + 249, "\\alice", 7);
	assert_int_equal(strlen(name), 255);
	assert_int_equal(to_verdict(&cl, &pe, "alice"), EAP_MS_OP_SUCCESS);
	assert_int_equal(exchange(&cl, eap, ack(cl.eap, EAP_MS_OP_SUCCESS, eap)),
			 RAD_ACCESS_ACCEPT);
	/* a Name one byte longer is refused as malformed */
	name[0] = 'Y';
	memmove(name + 1, name, 256);
	client_init(&cl);
	assert_int_equal(exchange(&cl, eap, identity("alice", 1, eap)), RAD_ACCESS_CHALLENGE);
	assert_int_equal(exchange(&cl, eap, respond(&pe, cl.eap, cl.eap_len, eap)),
			 RAD_ACCESS_REJECT);
	assert_int_equal(DELTA(bad_eap), 1);
}

/* Over the real socket: a request to the bound port gets its answer. */
static void test_socket_and_conf(void **state)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
				  .sin_port = htons(ipsec_eap_server_port()) };
	char conf[1024], want[128];
	uint8_t eap[64], buf[RAD_MAX_LEN];
	struct client cl;
	int fd, i;
	ssize_t got = -1;

	(void)state;
	assert_true(ipsec_eap_server_port() != 0);
	assert_true(ipsec_eap_server_conf(conf, sizeof(conf)) > 0);
	snprintf(want, sizeof(want), "auth_port = %u\n", ipsec_eap_server_port());
	assert_non_null(strstr(conf, want));
	snprintf(want, sizeof(want), "secret = %s\n", ipsec_eap_server_secret());
	assert_non_null(strstr(conf, want));
	assert_int_equal(strlen(ipsec_eap_server_secret()), 32);
	assert_non_null(strstr(conf, "address = 127.0.0.1\n"));
	assert_non_null(strstr(conf, "accounting = no\n"));
	assert_int_equal(ipsec_eap_server_conf(conf, 10), -ENOSPC);
	client_init(&cl);
	build_request(&cl, eap, identity("alice", 1, eap), true);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	assert_true(fd >= 0);
	assert_int_equal(sendto(fd, cl.req.data, cl.req.len, 0, (struct sockaddr *)&to,
				sizeof(to)), (ssize_t)cl.req.len);
	for (i = 0; i < 200 && got < 0; i++) {
		loop_run_once();
		got = recv(fd, buf, sizeof(buf), 0);
		if (got < 0)
			usleep(1000);
	}
	close(fd);
	assert_true(got > RAD_HDR_LEN);
	assert_int_equal(buf[0], RAD_ACCESS_CHALLENGE);
	/* a new start: a new secret, and nothing known of before */
	snprintf(want, sizeof(want), "%s", ipsec_eap_server_secret());
	assert_int_equal(ipsec_eap_server_start(), 0);
	assert_string_not_equal(want, ipsec_eap_server_secret());
	assert_int_equal(ipsec_eap_server_stats()->live, 0);
	ipsec_eap_server_stop();
	assert_int_equal(ipsec_eap_server_conf(conf, sizeof(conf)), -ENOTCONN);
	assert_int_equal(ipsec_eap_server_start(), 0);
}

/* --- aaa/eap_mschapv2.c alone, on RFC 2759 9.2's exchange (the input of RFC 3079 3.5) */

static void unhex(const char *hex, uint8_t *out)
{
	size_t i;

	for (i = 0; hex[2 * i]; i++)
		sscanf(hex + 2 * i, "%2hhx", &out[i]);
}

static void test_rfc_vectors(void **state)
{
	struct eap_ms s;
	uint8_t msg[128], out[EAP_OUT_MAX], key[16], msk[EAP_MSK_LEN];
	size_t n;
	const char *why = NULL;

	(void)state;
	assert_int_equal(eap_ms_begin(&s, msg, identity("User", 7, msg), "sluiced", out,
				      sizeof(out), &n, &why), 0);
	assert_string_equal(s.user, "User");
	assert_int_equal(out[1], 8);
	unhex("5B5D7C7D7B3F2F3E3C2C602132262628", s.challenge);	/* as if we had drawn it */
	memset(msg, 0, sizeof(msg));
	memcpy(msg, (const uint8_t[]){ 2, 8, 0, 63, 26, 2, 8, 0, 58, 49 }, 10);
	unhex("21402324255E262A28295F2B3A337C7E", msg + 10);
	unhex("82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF", msg + 34);
	memcpy(msg + 59, "User", 4);
	assert_int_equal(eap_ms_step(&s, msg, 63, "clientPass", out, sizeof(out), &n, &why),
			 EAP_MS_CHALLENGE);
	assert_int_equal(n, 9 + strlen("S=407A5589115FD0D6209F510FE9C04566932CDA56 M=Welcome"));
	assert_memory_equal(out + 9, "S=407A5589115FD0D6209F510FE9C04566932CDA56 M=Welcome",
			    n - 9);
	unhex("8B7CDC149B993A1BA118CB153F56DCCB", key);	/* RFC 3079 3.5.3: the server's send key */
	assert_memory_equal(s.send_key, key, 16);
	ack(out, EAP_MS_OP_SUCCESS, msg);
	assert_int_equal(eap_ms_step(&s, msg, 6, NULL,
				     out, sizeof(out), &n, &why), EAP_MS_SUCCESS);
	assert_int_equal(n, 4);
	assert_int_equal(out[0], EAP_SUCCESS);
	assert_int_equal(out[1], 9);
	eap_ms_msk(&s, msk);
	assert_memory_equal(msk + 16, key, 16);
	assert_memory_equal(msk, s.recv_key, 16);
	memset(key, 0, sizeof(key));
	assert_memory_equal(msk + 48, key, 16);
	/* nothing more after the end, and the state was wiped on a failure */
	assert_int_equal(eap_ms_step(&s, msg, 6, NULL, out, sizeof(out), &n, &why),
			 EAP_MS_INVALID);
	assert_int_equal(out[0], EAP_FAILURE);
	assert_memory_equal(s.send_key, key, 16);
}

/* --- relaying to the upstream RADIUS servers */

#define UPSECRET "upstream-secret"
static const uint8_t up_auth[16] = { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6 };
static const uint8_t k_send[16] = "send-key-0123456", k_recv[16] = "recv-key-6543210";
static bool hook_relayed;
static uint32_t hook_framed;
static char hook_class[32];

static enum ipsec_eap_route by_conn(const struct ipsec_eap_accept *a)
{
	assert_string_equal(a->user, "alice");		/* the EAP identity */
	return strcmp(a->nas_port_id, "rw-radius") ? IPSEC_EAP_LOCAL : IPSEC_EAP_RELAY;
}

/* Looks at the grant (the upstream's word) and leaves it. */
static int relay_hook(const struct ipsec_eap_accept *a, struct ipsec_eap_grant *g)
{
	hook_calls++;
	hook_relayed = a->relayed;
	hook_framed = g->framed_ip;
	snprintf(hook_class, sizeof(hook_class), "%.*s", (int)a->class_len,
		 a->class_ ? (const char *)a->class_ : "");
	snprintf(hook_user, sizeof(hook_user), "%s", a->user);
	return 0;
}

/* The upstream answers the request under way. */
static void upstream(uint8_t code, const uint8_t *eap, size_t n, const char *state, bool keys)
{
	static struct rad_packet p;
	struct rad_reply r = { .req_auth = up_auth, .secret = UPSECRET, .server = "192.0.2.1" };
	uint8_t v[64];
	size_t vn;

	rad_init(&p, code, 1);
	if (n)
		rad_put(&p, RAD_EAP_MESSAGE, eap, n);
	if (state)
		rad_put_str(&p, RAD_STATE, state);
	if (keys) {
		rad_mppe_key_encrypt(UPSECRET, up_auth, 0x8123, k_send, 16, v, &vn);
		rad_put_vsa(&p, RAD_VENDOR_MICROSOFT, RAD_MS_MPPE_SEND_KEY, v, vn);
		rad_mppe_key_encrypt(UPSECRET, up_auth, 0x8456, k_recv, 16, v, &vn);
		rad_put_vsa(&p, RAD_VENDOR_MICROSOFT, RAD_MS_MPPE_RECV_KEY, v, vn);
		rad_put_u32(&p, RAD_FRAMED_IP_ADDRESS, 0x0a090909);
		rad_put_u32(&p, RAD_SESSION_TIMEOUT, 600);
		rad_put_str(&p, RAD_CLASS, "upstream-class");
	}
	r.pkt = p.data;
	r.len = p.len;
	assert_true(rad_stub.pending);
	rad_stub_answer(&r);
}

/* A socket as charon's: relayed answers come to it later. */
static int charon_socket(struct client *cl)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t sl = sizeof(sa);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
	client_init(cl);
	cl->port = ntohs(sa.sin_port);
	cl->conn = "rw-radius";
	return fd;
}

/* The answer that came to charon's socket: its code (0: none). */
static uint8_t late_reply(int fd, struct client *cl)
{
	ssize_t n = recv(fd, cl->rep.data, sizeof(cl->rep.data), 0);

	if (n <= 0)
		return 0;
	cl->rep.len = (size_t)n;
	return take_reply(cl);
}

/* The attribute of type in the request the stub holds, or NULL. */
static const uint8_t *upstream_attr(uint8_t type, size_t *len)
{
	size_t off;

	for (off = 0; off + 2 <= rad_stub.attrs_len; off += rad_stub.attrs[off + 1]) {
		if (rad_stub.attrs[off] == type) {
			*len = rad_stub.attrs[off + 1] - 2u;
			return rad_stub.attrs + off + 2;
		}
		if (rad_stub.attrs[off + 1] < 2)
			break;
	}
	return NULL;
}

static void test_relay(void **state)
{
	static const uint8_t chal[] = { 1, 2, 0, 6, 26, 1 }, resp[] = { 2, 2, 0, 6, 26, 2 },
			     success[] = { 3, 2, 0, 4 };
	uint8_t eap[64], send[16], recv_[16];
	struct client cl;
	const uint8_t *v;
	size_t n, vn;
	uint32_t ip;
	int fd = charon_socket(&cl);

	(void)state;
	ipsec_eap_server_set_route(by_conn);
	ipsec_eap_server_set_on_accept(relay_hook);
	rad_stub.started = 0;
	n = identity("alice", 1, eap);
	assert_int_equal(exchange(&cl, eap, n), 0);	/* no answer yet: it is upstream */
	assert_int_equal(rad_stub.started, 1);
	assert_int_equal(rad_stub.code, RAD_ACCESS_REQUEST);
	v = upstream_attr(RAD_EAP_MESSAGE, &vn);
	assert_non_null(v);
	assert_int_equal(vn, n);
	assert_memory_equal(v, eap, n);
	assert_non_null(upstream_attr(RAD_NAS_IDENTIFIER, &vn));
	assert_non_null(upstream_attr(RAD_NAS_IP_ADDRESS, &vn));
	assert_null(upstream_attr(RAD_STATE, &vn));
	assert_null(upstream_attr(RAD_MESSAGE_AUTHENTICATOR, &vn));	/* the client's job */
	v = upstream_attr(RAD_NAS_PORT_ID, &vn);
	assert_memory_equal(v, "rw-radius", vn);
	/* charon's retransmission meanwhile: nothing goes upstream twice */
	assert_int_equal(send_req(&cl), 0);
	assert_int_equal(rad_stub.started, 1);
	assert_int_equal(DELTA(duplicates), 1);
	/* the upstream's Challenge reaches charon with our State, not the upstream's */
	upstream(RAD_ACCESS_CHALLENGE, chal, sizeof(chal), "up-state-1", false);
	assert_int_equal(late_reply(fd, &cl), RAD_ACCESS_CHALLENGE);
	assert_int_equal(cl.eap_len, sizeof(chal));
	assert_memory_equal(cl.eap, chal, sizeof(chal));
	assert_int_equal(cl.state_len, 16);
	/* the next request goes up with the upstream's State */
	assert_int_equal(exchange(&cl, resp, sizeof(resp)), 0);
	v = upstream_attr(RAD_STATE, &vn);
	assert_non_null(v);
	assert_memory_equal(v, "up-state-1", vn);
	upstream(RAD_ACCESS_ACCEPT, success, sizeof(success), NULL, true);
	assert_int_equal(late_reply(fd, &cl), RAD_ACCESS_ACCEPT);
	assert_memory_equal(cl.eap, success, sizeof(success));
	keys_of(&cl, send, recv_);		/* re-encrypted with our secret for charon */
	assert_memory_equal(send, k_send, 16);
	assert_memory_equal(recv_, k_recv, 16);
	assert_true(rad_get_u32(cl.rep.data, cl.rep.len, RAD_FRAMED_IP_ADDRESS, &ip));
	assert_int_equal(ip, 0x0a090909);
	assert_int_equal(hook_calls, 1);
	assert_true(hook_relayed);
	assert_int_equal(hook_framed, htonl(0x0a090909));
	assert_string_equal(hook_class, "upstream-class");	/* for the accounting */
	assert_string_equal(hook_user, "alice");
	/* the Accept is retransmitted from the cache, and nothing goes upstream */
	assert_int_equal(send_req(&cl), RAD_ACCESS_ACCEPT);
	assert_int_equal(rad_stub.started, 2);
	assert_int_equal(DELTA(relayed), 2);
	assert_int_equal(DELTA(accepts), 1);
	assert_int_equal(ipsec_eap_server_stats()->live, 0);
	/* another connection is not relayed */
	client_init(&cl);
	assert_int_equal(exchange(&cl, eap, identity("alice", 1, eap)), RAD_ACCESS_CHALLENGE);
	assert_int_equal(rad_stub.started, 2);
	close(fd);
}

/* No server answers the request upstream: charon gets a Reject, and nothing falls back. */
static void silence_rejected(int fd, struct client *cl)
{
	rad_stub_answer(NULL);
	assert_int_equal(late_reply(fd, cl), RAD_ACCESS_REJECT);
	assert_int_equal(cl->eap[0], EAP_FAILURE);
	assert_int_equal(DELTA(fallbacks), 0);
}

static void test_relay_failures(void **state)
{
	static const uint8_t success[] = { 3, 2, 0, 4 };
	uint8_t eap[64];
	struct client cl;
	int fd = charon_socket(&cl);

	(void)state;
	ipsec_eap_server_set_route(by_conn);
	/* radius-fallback=never and no upstream server to ask: rejected at once */
	set_fallback("never");
	rad_stub.no_server = true;
	assert_int_equal(exchange(&cl, eap, identity("alice", 1, eap)), RAD_ACCESS_REJECT);
	rad_stub.no_server = false;
	assert_int_equal(ipsec_eap_server_stats()->live, 0);
	/* no server answered, and radius-fallback=never: rejected, no local conversation */
	close(fd);
	fd = charon_socket(&cl);
	assert_int_equal(exchange(&cl, eap, identity("alice", 1, eap)), 0);
	silence_rejected(fd, &cl);
	assert_int_equal(DELTA(challenges), 0);
	assert_int_equal(ipsec_eap_server_stats()->live, 0);
	/* an Accept without keys: charon would have no MSK */
	close(fd);
	fd = charon_socket(&cl);
	assert_int_equal(exchange(&cl, eap, identity("alice", 1, eap)), 0);
	upstream(RAD_ACCESS_ACCEPT, success, sizeof(success), NULL, false);
	assert_int_equal(late_reply(fd, &cl), RAD_ACCESS_REJECT);
	assert_int_equal(DELTA(relay_failures), 3);
	/* the upstream rejects: so do we, and that is no failure of ours */
	close(fd);
	fd = charon_socket(&cl);
	assert_int_equal(exchange(&cl, eap, identity("alice", 1, eap)), 0);
	upstream(RAD_ACCESS_REJECT, (const uint8_t[]){ 4, 2, 0, 4 }, 4, NULL, false);
	assert_int_equal(late_reply(fd, &cl), RAD_ACCESS_REJECT);
	assert_int_equal(DELTA(relay_failures), 3);
	assert_int_equal(DELTA(accepts), 0);
	/* stopped with a request upstream: it is cancelled */
	close(fd);
	fd = charon_socket(&cl);
	rad_stub.cancelled = 0;
	assert_int_equal(exchange(&cl, eap, identity("alice", 1, eap)), 0);
	ipsec_eap_server_stop();
	assert_int_equal(rad_stub.cancelled, 1);
	assert_false(rad_stub.pending);
	close(fd);
}

/* No server answers a relayed conversation's first request: what reaches charon. */
static uint8_t unanswered_start(int fd, struct client *cl)
{
	uint8_t eap[64];
	unsigned int started = rad_stub.started;

	assert_int_equal(exchange(cl, eap, identity("alice", 1, eap)), 0);
	/* charon retransmits while the upstream is waited on: nothing goes up twice */
	assert_int_equal(send_req(cl), 0);
	assert_int_equal(rad_stub.started, started + 1);
	rad_stub_answer(NULL);
	return late_reply(fd, cl);
}

/* radius-fallback=if-unreachable (the default): the conversation goes on against /ppp secret. */
static void test_relay_fallback(void **state)
{
	struct peer pe = { .name = "alice", .password = "s3cret pass" };
	uint8_t eap[600], send[16], recv_[16], psend[16], precv[16];
	unsigned int started = rad_stub.started;
	struct client cl;
	int fd = charon_socket(&cl);

	(void)state;
	ipsec_eap_server_set_route(by_conn);
	ipsec_eap_server_set_on_accept(relay_hook);
	hook_relayed = true;
	assert_int_equal(unanswered_start(fd, &cl), RAD_ACCESS_CHALLENGE);
	/* our EAP-MSCHAPv2 Challenge (respond checks it) to the Identity charon sent */
	assert_int_equal(cl.state_len, 16);
	assert_int_equal(cl.eap[1], 2);
	assert_int_equal(DELTA(fallbacks), 1);
	assert_int_equal(DELTA(relay_failures), 1);
	/* a retransmission now gets that Challenge again */
	assert_int_equal(send_req(&cl), RAD_ACCESS_CHALLENGE);
	assert_int_equal(DELTA(duplicates), 2);
	assert_int_equal(exchange(&cl, eap, respond(&pe, cl.eap, cl.eap_len, eap)),
			 RAD_ACCESS_CHALLENGE);
	check_success_request(&pe, cl.eap, cl.eap_len);
	assert_int_equal(hook_calls, 0);
	assert_int_equal(exchange(&cl, eap, ack(cl.eap, EAP_MS_OP_SUCCESS, eap)),
			 RAD_ACCESS_ACCEPT);
	assert_int_equal(cl.eap[0], EAP_SUCCESS);
	/* the local MSK: the keys the peer derives from its password */
	keys_of(&cl, send, recv_);
	assert_int_equal(mschap2_mppe_keys(pe.password, pe.nt, 0, psend, precv), 0);
	assert_memory_equal(send, precv, 16);
	assert_memory_equal(recv_, psend, 16);
	assert_int_equal(hook_calls, 1);
	assert_false(hook_relayed);
	assert_string_equal(hook_user, "alice");
	assert_int_equal(rad_stub.started, started + 1);	/* nothing more went upstream */
	assert_int_equal(DELTA(relayed), 1);
	assert_int_equal(DELTA(accepts), 1);
	assert_int_equal(ipsec_eap_server_stats()->live, 0);
	close(fd);
}

/*
 * radius-fallback=if-unreachable and no upstream server could even be asked: the local
 * secrets decide from the first request on, as PPP does (aaa/radius.c).
 */
static void test_relay_fallback_no_server(void **state)
{
	uint8_t eap[64];
	unsigned int started = rad_stub.started;
	struct client cl;
	int fd = charon_socket(&cl);

	(void)state;
	ipsec_eap_server_set_route(by_conn);
	rad_stub.no_server = true;
	assert_int_equal(exchange(&cl, eap, identity("alice", 1, eap)), RAD_ACCESS_CHALLENGE);
	rad_stub.no_server = false;
	assert_int_equal(cl.state_len, 16);
	assert_int_equal(DELTA(fallbacks), 1);
	assert_int_equal(DELTA(relay_failures), 1);
	assert_int_equal(ipsec_eap_server_stats()->live, 1);
	assert_int_equal(rad_stub.started, started);
	/* the next step is local: nothing goes upstream even with a server back */
	assert_int_equal(send_req(&cl), RAD_ACCESS_CHALLENGE);
	assert_int_equal(rad_stub.started, started);
	close(fd);
}

/* After the fallback a wrong password is refused as in any local conversation. */
static void test_relay_fallback_wrong_password(void **state)
{
	struct peer pe = { .name = "alice", .password = "guess" };
	uint8_t eap[600];
	struct client cl;
	int fd = charon_socket(&cl);

	(void)state;
	ipsec_eap_server_set_route(by_conn);
	ipsec_eap_server_set_on_accept(relay_hook);
	set_fallback("if-unreachable");
	assert_int_equal(unanswered_start(fd, &cl), RAD_ACCESS_CHALLENGE);
	assert_int_equal(exchange(&cl, eap, respond(&pe, cl.eap, cl.eap_len, eap)),
			 RAD_ACCESS_CHALLENGE);
	assert_int_equal(cl.eap[5], EAP_MS_OP_FAILURE);
	assert_int_equal(exchange(&cl, eap, ack(cl.eap, EAP_MS_OP_FAILURE, eap)),
			 RAD_ACCESS_REJECT);
	assert_int_equal(cl.eap[0], EAP_FAILURE);
	assert_int_equal(DELTA(fallbacks), 1);
	assert_int_equal(DELTA(wrong_password), 1);
	assert_int_equal(DELTA(accepts), 0);
	assert_int_equal(hook_calls, 0);
	assert_int_equal(ipsec_eap_server_stats()->live, 0);
	close(fd);
}

/*
 * The upstream answered once: its silence later is a Reject, not a fallback, even when what
 * is under way could start a local conversation (the upstream asked for the Identity again).
 */
static void test_relay_no_fallback_later(void **state)
{
	static const uint8_t chal[] = { 1, 2, 0, 5, EAP_TYPE_IDENTITY };
	uint8_t eap[64];
	struct client cl;
	int fd = charon_socket(&cl);

	(void)state;
	ipsec_eap_server_set_route(by_conn);
	ipsec_eap_server_set_on_accept(relay_hook);
	assert_int_equal(exchange(&cl, eap, identity("alice", 1, eap)), 0);
	upstream(RAD_ACCESS_CHALLENGE, chal, sizeof(chal), "up-state-1", false);
	assert_int_equal(late_reply(fd, &cl), RAD_ACCESS_CHALLENGE);
	assert_int_equal(exchange(&cl, eap, identity("alice", 2, eap)), 0);
	silence_rejected(fd, &cl);
	assert_int_equal(DELTA(bad_eap), 0);
	assert_int_equal(DELTA(relay_failures), 1);
	assert_int_equal(DELTA(challenges), 1);		/* the upstream's only */
	assert_int_equal(hook_calls, 0);
	assert_int_equal(ipsec_eap_server_stats()->live, 0);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc_vectors),
		cmocka_unit_test_setup_teardown(test_full_conversation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_hook_and_domain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hook_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_password, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accounting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retransmission, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cap_and_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_eap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_datagram, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_place, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fragmented, setup, teardown),
		cmocka_unit_test_setup_teardown(test_socket_and_conf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relay, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relay_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relay_fallback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relay_fallback_no_server, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relay_fallback_wrong_password, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relay_no_fallback_later, setup, teardown),
	};

	if (loop_init())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
