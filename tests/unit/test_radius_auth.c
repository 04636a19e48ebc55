// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/aaa/radius.c's Access-Accept handling, cross-checked with daemon/aaa/mschap.c:
 * a server that knows the password (RFC 2759's "User"/"clientPass") sends MS-MPPE-Send/Recv-Key
 * (RFC 2548 2.4.2) or MS-CHAP-MPPE-Keys (2.4.1) and MS-CHAP2-Success; the keys we decrypt
 * must be the ones the local MS-CHAP code derives from the password, and the success
 * message the one the peer checks. Broken accepts are refused.
 */
/* unit-test-sources: daemon/aaa/radius.c daemon/aaa/radius_attrs.c daemon/aaa/mschap.c daemon/aaa/local.c daemon/ppp/auth.c daemon/radius/client.c daemon/radius/packet.c daemon/radius/crypto.c @config daemon/core/log.c daemon/core/loop.c daemon/core/timer.c daemon/aaa/rate_attrs.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "aaa/mschap.h"
#include "aaa/radius.h"
#include "admin/config.h"
#include "ppp/profile_menu.h"
#include "ppp/auth.h"
#include "radius/client.h"
#include "radius/crypto.h"
#include "radius/packet.h"

#define SECRET "radius-secret"
#define USER "User"
#define PASSWORD "clientPass"

static void nop_send(struct ppp_auth *a, uint16_t proto, const uint8_t *pkt, size_t len)
{
	(void)a, (void)proto, (void)pkt, (void)len;
}

static void nop_done(struct ppp_auth *a, bool ok, const char *why)
{
	(void)a, (void)ok, (void)why;
}

static const struct ppp_auth_ops ops = { .send = nop_send, .done = nop_done };
static const uint8_t req_auth[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

static void unhex(const char *hex, uint8_t *out)
{
	size_t i;

	for (i = 0; hex[2 * i]; i++) {
		char b[3] = { hex[2 * i], hex[2 * i + 1], 0 };

		out[i] = (uint8_t)strtoul(b, NULL, 16);
	}
}

static int setup(void **state)
{
	(void)state;
	return config_init() || mschap_init();
}

static int teardown(void **state)
{
	(void)state;
	config_done();
	return 0;
}

static struct rad_reply reply_of(const struct rad_packet *p)
{
	return (struct rad_reply){ .pkt = p->data, .len = p->len, .req_auth = req_auth,
				   .secret = SECRET, .server = "test" };
}

static void test_mschap2(void **state)
{
	struct ppp_auth a;
	struct rad_packet p;
	struct rad_reply r;
	uint8_t peer[16], nt[24], send[16], recv[16], val[64], succ[1 + 42];
	char resp[MSCHAP2_AUTH_RESPONSE_LEN + 1], msg[128];
	const char *why = NULL;
	size_t n;

	(void)state;
	ppp_auth_init(&a, &ops, NULL, "pptp", "sluice");
	a.method = AUTH_MSCHAP2;
	a.id = 7;
	snprintf(a.user, sizeof(a.user), USER);
	unhex("5B5D7C7D7B3F2F3E3C2C602132262628", a.challenge);
	unhex("21402324255E262A28295F2B3A337C7E", peer);
	unhex("82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF", nt);
	/* what the server computes, knowing the password */
	assert_int_equal(mschap2_mppe_keys(PASSWORD, nt, 1, send, recv), 0);
	assert_int_equal(mschap2_authenticator_response(PASSWORD, nt, peer, a.challenge, USER,
							resp), 0);
	rad_init(&p, RAD_ACCESS_ACCEPT, 1);
	succ[0] = a.id;
	memcpy(succ + 1, resp, 42);
	rad_put_vsa(&p, RAD_VENDOR_MICROSOFT, RAD_MS_CHAP2_SUCCESS, succ, sizeof(succ));
	assert_int_equal(rad_mppe_key_encrypt(SECRET, req_auth, 0x8001, send, 16, val, &n), 0);
	rad_put_vsa(&p, RAD_VENDOR_MICROSOFT, RAD_MS_MPPE_SEND_KEY, val, n);
	assert_int_equal(rad_mppe_key_encrypt(SECRET, req_auth, 0x8002, recv, 16, val, &n), 0);
	rad_put_vsa(&p, RAD_VENDOR_MICROSOFT, RAD_MS_MPPE_RECV_KEY, val, n);
	rad_put_vsa(&p, RAD_VENDOR_MIKROTIK, RAD_MT_GROUP, "nosuchprofile", 13);
	r = reply_of(&p);
	assert_int_equal(auth_radius_accept(&a, &r, msg, sizeof(msg), &why), 0);
	assert_string_equal(msg, "S=407A5589115FD0D6209F510FE9C04566932CDA56 M=Access granted");
	assert_true(a.have_keys);
	/* the keys are the ones the local code derives for the authenticator */
	{
		uint8_t ls[16], lr[16];

		assert_int_equal(mschap2_mppe_keys(PASSWORD, nt, 1, ls, lr), 0);
		assert_memory_equal(a.send_key, ls, 16);
		assert_memory_equal(a.recv_key, lr, 16);
	}
	assert_string_equal(a.profile, "default");	/* the group names no profile */
	assert_true(a.attrs.from_radius);

	/* decrypted with another secret, the keys are garbage: refused, not used */
	r.secret = "other";
	assert_int_equal(auth_radius_accept(&a, &r, msg, sizeof(msg), &why), -1);
	assert_string_equal(why, "RADIUS sent MPPE keys that do not decrypt");
	/* no MS-CHAP2-Success: the peer could not check us: refused */
	rad_init(&p, RAD_ACCESS_ACCEPT, 1);
	r = reply_of(&p);
	assert_int_equal(auth_radius_accept(&a, &r, msg, sizeof(msg), &why), -1);
	assert_string_equal(why, "RADIUS accepted without a valid MS-CHAP2-Success");
	ppp_auth_stop(&a);
}

static void test_mschap1_keys(void **state)
{
	struct ppp_auth a;
	struct rad_packet p;
	struct rad_reply r;
	uint8_t keys[24] = { 0 }, hidden[32], want[16];
	const char *why = NULL;
	char msg[128];
	size_t n;

	(void)state;
	ppp_auth_init(&a, &ops, NULL, "pptp", "sluice");
	a.method = AUTH_MSCHAP1;
	unhex("102DB5DF085D3041", a.challenge);
	/* RFC 2548 2.4.1 as FreeRADIUS fills it: LM key (zeros), the NT hash hash */
	assert_int_equal(nt_password_hash_hash("MyPw", keys + 8), 0);
	assert_int_equal(rad_hide_password(SECRET, req_auth, keys, sizeof(keys), hidden, &n), 0);
	assert_int_equal(n, 32);
	rad_init(&p, RAD_ACCESS_ACCEPT, 1);
	rad_put_vsa(&p, RAD_VENDOR_MICROSOFT, RAD_MS_CHAP_MPPE_KEYS, hidden, n);
	r = reply_of(&p);
	assert_int_equal(auth_radius_accept(&a, &r, msg, sizeof(msg), &why), 0);
	assert_string_equal(msg, "Access granted");
	assert_int_equal(mschap1_mppe_key(a.challenge, "MyPw", want), 0);
	assert_true(a.have_keys);
	assert_memory_equal(a.send_key, want, 16);
	assert_memory_equal(a.recv_key, want, 16);
	ppp_auth_stop(&a);
}

/* PAP: no keys, the attributes go through; a Mikrotik-Group naming a profile selects it */
static void test_pap_profile(void **state)
{
	const char *k[] = { "name" }, *v[] = { "enc" };
	struct ppp_auth a;
	struct rad_packet p;
	struct rad_reply r;
	struct strbuf err;
	const char *why = NULL;
	char msg[128];

	(void)state;
	sb_init(&err);
	assert_int_equal(cfg_add((&ppp_profile_menu), k, v, 1, &err), 0);
	sb_free(&err);
	ppp_auth_init(&a, &ops, NULL, "pptp", "sluice");
	a.method = AUTH_PAP;
	rad_init(&p, RAD_ACCESS_ACCEPT, 1);
	rad_put_vsa(&p, RAD_VENDOR_MIKROTIK, RAD_MT_GROUP, "enc", 3);
	rad_put_u32(&p, RAD_SESSION_TIMEOUT, 30);
	r = reply_of(&p);
	assert_int_equal(auth_radius_accept(&a, &r, msg, sizeof(msg), &why), 0);
	assert_false(a.have_keys);
	assert_string_equal(a.profile, "enc");
	assert_int_equal(a.attrs.session_timeout, 30);
	ppp_auth_stop(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mschap2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mschap1_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pap_profile, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
