// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/ppp/auth_peer.c, the dial-out side, fed the challenges RFC 2759 and RFC 2433
 * publish: its responses must be the RFCs' bytes, MS-CHAPv2 must check the server's
 * authenticator response (RFC 2759's passes, a wrong or missing one fails the link) and give
 * RFC 3079's keys for the client's direction; CHAP-MD5 against a vector computed
 * independently (Python's hashlib: RFC 1994 publishes none); PAP; the server's refusals
 * reported escaped; malformed packets dropped without a verdict or a crash.
 */
/* unit-test-sources: daemon/ppp/auth_peer.c daemon/aaa/mschap.c daemon/core/timer.c daemon/core/log.c tests/unit/lib/vectors.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "aaa/mschap.h"
#include "core/log.h"
#include "ppp/auth_peer.h"
#include "vectors.h"

static uint8_t sent[600];
static size_t sent_len;
static uint16_t sent_proto;
static unsigned int nsent;
static int verdicts, last_ok;
static char last_why[200];

static void fake_send(struct ppp_auth_peer *a, uint16_t proto, const uint8_t *pkt, size_t len)
{
	(void)a;
	sent_proto = proto;
	sent_len = len < sizeof(sent) ? len : sizeof(sent);
	memcpy(sent, pkt, sent_len);
	nsent++;
}

static void fake_done(struct ppp_auth_peer *a, bool ok, const char *why)
{
	(void)a;
	verdicts++;
	last_ok = ok;
	snprintf(last_why, sizeof(last_why), "%s", why ? why : "");
}

static const struct ppp_auth_peer_ops ops = { .send = fake_send, .done = fake_done };

static int setup(void **state)
{
	(void)state;
	log_open("test", 1, 0);
	verdicts = 0;
	sent_len = 0;
	nsent = 0;
	last_why[0] = '\0';
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	loop_timers_done();
	return 0;
}

/* A CHAP packet from the server: code, id, length, then body. */
static size_t chap_packet(uint8_t *pkt, uint8_t code, uint8_t id, const void *body, size_t n)
{
	pkt[0] = code;
	pkt[1] = id;
	pkt[2] = (uint8_t)((n + 4) >> 8);
	pkt[3] = (uint8_t)(n + 4);
	memcpy(pkt + 4, body, n);
	return n + 4;
}

/* A Challenge: value-size, value (hex), the server's name. */
static size_t challenge(uint8_t *pkt, uint8_t id, const char *value_hex)
{
	uint8_t body[1 + 16 + 6];
	size_t n = strlen(value_hex) / 2;

	body[0] = (uint8_t)n;
	hex(value_hex, body + 1);
	memcpy(body + 1 + n, "server", 6);
	return chap_packet(pkt, 1, id, body, 1 + n + 6);
}

static void start(struct ppp_auth_peer *a, enum ppp_auth_method m, const char *user,
		  const char *pass)
{
	ppp_auth_peer_init(a, &ops, NULL, user, pass);
	a->random = rfc2759_random;
	ppp_auth_peer_start(a, m);
}

/* RFC 2759 9.2: the Response's value is the peer challenge, 8 zeros, the NT-Response, flags 0 */
static void answer_rfc2759(struct ppp_auth_peer *a)
{
	uint8_t pkt[64], want[49] = { 0 };
	size_t n = challenge(pkt, 0x42, "5B5D7C7D7B3F2F3E3C2C602132262628");

	ppp_auth_peer_input(a, PPP_CHAP, pkt, n);
	hex("21402324255E262A28295F2B3A337C7E", want);
	hex("82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF", want + 24);
	assert_int_equal(sent_proto, PPP_CHAP);
	assert_int_equal(sent[0], 2);				/* Response */
	assert_int_equal(sent[1], 0x42);			/* to that challenge */
	assert_int_equal(sent_len, 4 + 1 + 49 + 4);		/* ... named "User" */
	assert_int_equal((sent[2] << 8) | sent[3], sent_len);
	assert_int_equal(sent[4], 49);
	assert_memory_equal(sent + 5, want, 49);
	assert_memory_equal(sent + 5 + 49, "User", 4);
	assert_int_equal(verdicts, 0);
}

static void test_mschap2_rfc2759(void **state)
{
	static const char success[] = "S=407A5589115FD0D6209F510FE9C04566932CDA56 M=Access granted";
	struct ppp_auth_peer a;
	uint8_t pkt[128], key[16];
	size_t n;

	(void)state;
	start(&a, AUTH_MSCHAP2, "User", "clientPass");
	assert_int_equal(nsent, 0);			/* a client waits to be challenged */
	answer_rfc2759(&a);
	/* the challenge again (our answer was lost): the very same response */
	memset(sent, 0, sizeof(sent));
	n = challenge(pkt, 0x42, "5B5D7C7D7B3F2F3E3C2C602132262628");
	ppp_auth_peer_input(&a, PPP_CHAP, pkt, n);
	assert_int_equal(nsent, 2);
	assert_int_equal(sent[0], 2);
	n = chap_packet(pkt, 3, 0x42, success, strlen(success));
	ppp_auth_peer_input(&a, PPP_CHAP, pkt, n);
	assert_int_equal(verdicts, 1);
	assert_true(last_ok);
	assert_true(a.have_keys);
	/* RFC 3079 3.5: the server's send key is ours to receive with, and the reverse */
	hex("8B7CDC149B993A1BA118CB153F56DCCB", key);
	assert_memory_equal(a.recv_key, key, 16);
	assert_memory_not_equal(a.send_key, key, 16);
	ppp_auth_peer_input(&a, PPP_CHAP, pkt, n);	/* a repeated Success: no second verdict */
	assert_int_equal(verdicts, 1);
	ppp_auth_peer_stop(&a);
}

/* RFC 2759 8.8: a Success without the right authenticator response ends it. */
static void test_mschap2_bad_authenticator(void **state)
{
	static const char *const bad[] = {
		"S=407A5589115FD0D6209F510FE9C04566932CDA57 M=Access granted",	/* last digit */
		"M=Access granted",						/* missing */
		"S=407A5589115FD0D6209F510FE9C04566932CDA5",			/* short */
		"S=407A5589115FD0D6209F510FE9C04566932CDA56X",			/* trailing junk */
		"",
	};
	uint8_t pkt[128];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ppp_auth_peer a;

		verdicts = 0;
		start(&a, AUTH_MSCHAP2, "User", "clientPass");
		answer_rfc2759(&a);
		n = chap_packet(pkt, 3, 0x42, bad[i], strlen(bad[i]));
		ppp_auth_peer_input(&a, PPP_CHAP, pkt, n);
		assert_int_equal(verdicts, 1);
		assert_false(last_ok);
		assert_non_null(strstr(last_why, "authenticator response"));
		assert_false(a.have_keys);
		ppp_auth_peer_stop(&a);
	}
	/* lower-case hex is the same response */
	{
		static const char lower[] = "S=407a5589115fd0d6209f510fe9c04566932cda56";
		struct ppp_auth_peer a;

		verdicts = 0;
		start(&a, AUTH_MSCHAP2, "User", "clientPass");
		answer_rfc2759(&a);
		n = chap_packet(pkt, 3, 0x42, lower, strlen(lower));
		ppp_auth_peer_input(&a, PPP_CHAP, pkt, n);
		assert_int_equal(verdicts, 1);
		assert_true(last_ok);
		ppp_auth_peer_stop(&a);
	}
}

/* The server's Failure (a wrong password) is reported with its text, escaped. */
static void test_mschap2_failure(void **state)
{
	static const char failure[] = "E=691 R=0 C=00112233445566778899AABBCCDDEEFF V=3 M=bad\n\x1b[31m";
	struct ppp_auth_peer a;
	uint8_t pkt[160];
	size_t n;

	(void)state;
	start(&a, AUTH_MSCHAP2, "User", "clientPass");
	answer_rfc2759(&a);
	n = chap_packet(pkt, 4, 0x41, failure, strlen(failure));	/* another id: stray */
	ppp_auth_peer_input(&a, PPP_CHAP, pkt, n);
	assert_int_equal(verdicts, 0);
	n = chap_packet(pkt, 4, 0x42, failure, strlen(failure));
	ppp_auth_peer_input(&a, PPP_CHAP, pkt, n);
	assert_int_equal(verdicts, 1);
	assert_false(last_ok);
	assert_non_null(strstr(last_why, "E=691 R=0"));
	assert_null(strchr(last_why, '\n'));
	assert_null(strchr(last_why, '\x1b'));
	assert_false(a.have_keys);
	ppp_auth_peer_stop(&a);
}

/* RFC 2433 appendix B: password "MyPw", challenge 102DB5DF085D3041. */
static void test_mschap1_rfc2433(void **state)
{
	struct ppp_auth_peer a;
	uint8_t pkt[64], want[49] = { 0 }, key[16];
	size_t n;

	(void)state;
	start(&a, AUTH_MSCHAP1, "v1", "MyPw");
	n = challenge(pkt, 9, "102DB5DF085D3041");
	ppp_auth_peer_input(&a, PPP_CHAP, pkt, n);
	hex("4E9D3C8F9CFD385D5BF4D3246791956CA4C351AB409A3D61", want + 24);
	want[48] = 1;					/* use the NT response */
	assert_int_equal(sent[0], 2);
	assert_int_equal(sent[1], 9);
	assert_int_equal(sent[4], 49);
	assert_memory_equal(sent + 5, want, 49);
	assert_memory_equal(sent + 5 + 49, "v1", 2);
	n = chap_packet(pkt, 3, 9, "", 0);
	ppp_auth_peer_input(&a, PPP_CHAP, pkt, n);
	assert_int_equal(verdicts, 1);
	assert_true(last_ok);
	assert_true(a.have_keys);
	assert_int_equal(mschap1_mppe_key((const uint8_t *)"\x10\x2d\xb5\xdf\x08\x5d\x30\x41",
					  "MyPw", key), 0);
	assert_memory_equal(a.send_key, key, 16);	/* one key both ways in v1 */
	assert_memory_equal(a.recv_key, key, 16);
	ppp_auth_peer_stop(&a);
}

/* MD5(id 0x2a | "MyPw" | 00112233...ff) = 04AE416E... (Python's hashlib) */
static void test_chap_md5(void **state)
{
	struct ppp_auth_peer a;
	uint8_t pkt[64], want[16];
	size_t n;

	(void)state;
	start(&a, AUTH_CHAP_MD5, "v1", "MyPw");
	n = challenge(pkt, 0x2a, "00112233445566778899AABBCCDDEEFF");
	ppp_auth_peer_input(&a, PPP_CHAP, pkt, n);
	hex("04AE416EE2F57DE507348AF80543C734", want);
	assert_int_equal(sent[0], 2);
	assert_int_equal(sent[4], 16);
	assert_memory_equal(sent + 5, want, 16);
	assert_memory_equal(sent + 21, "v1", 2);
	assert_int_equal(sent_len, 23);
	n = chap_packet(pkt, 3, 0x2a, "Welcome", 7);
	ppp_auth_peer_input(&a, PPP_CHAP, pkt, n);
	assert_int_equal(verdicts, 1);
	assert_true(last_ok);
	assert_false(a.have_keys);			/* CHAP-MD5 gives no MPPE keys */
	ppp_auth_peer_stop(&a);
}

static void test_pap(void **state)
{
	struct ppp_auth_peer a;
	uint8_t pkt[64];
	size_t n;

	(void)state;
	start(&a, AUTH_PAP, "alice", "alice-pass");
	assert_int_equal(nsent, 1);			/* PAP: we speak first */
	assert_int_equal(sent_proto, PPP_PAP);
	assert_int_equal(sent[0], 1);
	assert_int_equal(sent_len, 4 + 1 + 5 + 1 + 10);
	assert_memory_equal(sent + 4, "\x05" "alice" "\x0a" "alice-pass", 17);
	n = chap_packet(pkt, 2, (uint8_t)(sent[1] + 1), "\x02ok", 3);	/* stray id */
	ppp_auth_peer_input(&a, PPP_PAP, pkt, n);
	assert_int_equal(verdicts, 0);
	n = chap_packet(pkt, 2, sent[1], "\x02ok", 3);
	ppp_auth_peer_input(&a, PPP_PAP, pkt, n);
	assert_int_equal(verdicts, 1);
	assert_true(last_ok);
	ppp_auth_peer_stop(&a);

	verdicts = 0;
	start(&a, AUTH_PAP, "alice", "wrong");
	n = chap_packet(pkt, 3, sent[1], "\x0fLogin incorrect", 16);
	ppp_auth_peer_input(&a, PPP_PAP, pkt, n);
	assert_int_equal(verdicts, 1);
	assert_false(last_ok);
	assert_non_null(strstr(last_why, "Login incorrect"));
	ppp_auth_peer_stop(&a);
}

/* Every truncation and lying length of a real challenge and Success: no crash, no verdict. */
static void test_malformed(void **state)
{
	static const char success[] = "S=407A5589115FD0D6209F510FE9C04566932CDA56 M=ok";
	struct ppp_auth_peer a;
	uint8_t pkt[128], *copy;
	size_t n, cut;

	(void)state;
	start(&a, AUTH_MSCHAP2, "User", "clientPass");
	n = challenge(pkt, 0x42, "5B5D7C7D7B3F2F3E3C2C602132262628");
	for (cut = 0; cut < 4 + 17; cut++) {		/* short of the whole challenge value */
		copy = malloc(cut ? cut : 1);		/* exact size: ASan sees any over-read */
		memcpy(copy, pkt, cut);
		if (cut >= 4) {			/* a Length that fits what is there */
			copy[2] = 0;
			copy[3] = (uint8_t)cut;
		}
		ppp_auth_peer_input(&a, PPP_CHAP, copy, cut);
		free(copy);
	}
	assert_int_equal(nsent, 0);
	pkt[4] = 8;					/* an MS-CHAPv2 challenge of 8 bytes */
	ppp_auth_peer_input(&a, PPP_CHAP, pkt, n);
	pkt[4] = 200;					/* value-size past the end */
	ppp_auth_peer_input(&a, PPP_CHAP, pkt, n);
	pkt[4] = 16;
	pkt[2] = 0xff;					/* length past the end */
	ppp_auth_peer_input(&a, PPP_CHAP, pkt, n);
	assert_int_equal(nsent, 0);
	assert_true(a.malformed >= 3);
	pkt[2] = 0;
	n = chap_packet(pkt, 3, 0x42, success, strlen(success));
	ppp_auth_peer_input(&a, PPP_CHAP, pkt, n);	/* a Success before any answer */
	assert_int_equal(verdicts, 0);
	answer_rfc2759(&a);
	for (cut = 0; cut < n; cut++) {			/* a truncated Success is a wrong one */
		copy = malloc(cut ? cut : 1);
		memcpy(copy, pkt, cut);
		ppp_auth_peer_input(&a, PPP_CHAP, copy, cut);
		free(copy);
	}
	assert_int_equal(verdicts, 0);			/* the Length says more than there is */
	ppp_auth_peer_input(&a, PPP_PAP, pkt, n);	/* the wrong protocol */
	assert_int_equal(verdicts, 0);
	ppp_auth_peer_input(&a, PPP_CHAP, pkt, n);
	assert_int_equal(verdicts, 1);
	assert_true(last_ok);
	ppp_auth_peer_stop(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mschap2_rfc2759, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mschap2_bad_authenticator, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mschap2_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mschap1_rfc2433, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chap_md5, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
	};

	return cmocka_run_group_tests_name("ppp_auth_peer", tests, NULL, NULL);
}
