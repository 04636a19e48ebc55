// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/ppp/auth.c as the authenticator, fed the responses RFC 2759 and RFC 2433 publish:
 * it must accept them, answer MS-CHAPv2 with RFC 2759's authenticator response, and derive
 * RFC 3079's keys; and refuse wrong, unknown, disabled and malformed ones without a crash.
 */
/* unit-test-sources: daemon/ppp/auth.c daemon/aaa/local.c daemon/aaa/mschap.c @config daemon/core/timer.c daemon/core/log.c tests/unit/lib/vectors.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "aaa/mschap.h"
#include "admin/config.h"
#include "aaa/secret_menu.h"
#include "core/log.h"
#include "ppp/auth.h"
#include "vectors.h"

static uint8_t sent[512];
static size_t sent_len;
static uint16_t sent_proto;
static int verdicts, last_ok;

static void fake_send(struct ppp_auth *a, uint16_t proto, const uint8_t *pkt, size_t len)
{
	(void)a;
	sent_proto = proto;
	sent_len = len < sizeof(sent) ? len : sizeof(sent);
	memcpy(sent, pkt, sent_len);
}

static void fake_done(struct ppp_auth *a, bool ok, const char *why)
{
	(void)a;
	(void)why;
	verdicts++;
	last_ok = ok;
}

static const struct ppp_auth_ops ops = { .send = fake_send, .done = fake_done };

static void add_secret(const char *name, const char *pass, const char *extra_key,
		       const char *extra_val)
{
	const char *keys[] = { "name", "password", extra_key };
	const char *vals[] = { name, pass, extra_val };
	struct strbuf err;

	sb_init(&err);
	assert_int_equal(cfg_add((&ppp_secret_menu), keys, vals, extra_key ? 3 : 2, &err), 0);
	sb_free(&err);
}

static int setup(void **state)
{
	(void)state;
	log_open("test", 1, 0);
	assert_int_equal(config_init(), 0);
	add_secret("User", "clientPass", NULL, NULL);		/* RFC 2759 section 9.2 */
	add_secret("v1", "MyPw", NULL, NULL);			/* RFC 2433 appendix */
	add_secret("off", "x", "disabled", "yes");
	add_secret("l2", "x", "service", "l2tp");
	verdicts = 0;
	sent_len = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	config_done();
	loop_timers_done();
	return 0;
}

/* A CHAP Response: code 2, id, length, value-size, value, name. */
static size_t chap_response(uint8_t *pkt, uint8_t id, const uint8_t *value, size_t vlen,
			    const char *name)
{
	size_t n = 5 + vlen + strlen(name);

	pkt[0] = 2;
	pkt[1] = id;
	pkt[2] = (uint8_t)(n >> 8);
	pkt[3] = (uint8_t)n;
	pkt[4] = (uint8_t)vlen;
	memcpy(pkt + 5, value, vlen);
	memcpy(pkt + 5 + vlen, name, strlen(name));
	return n;
}

static void start_v2(struct ppp_auth *a)
{
	ppp_auth_init(a, &ops, NULL, "pptp", "sluice");
	ppp_auth_start(a, AUTH_MSCHAP2);
	assert_int_equal(sent_proto, PPP_CHAP);
	assert_int_equal(sent[0], 1);			/* a Challenge went out */
	hex("5B5D7C7D7B3F2F3E3C2C602132262628", a->challenge);	/* RFC 2759's */
}

static size_t rfc2759_response(uint8_t *pkt, uint8_t id, const char *nt_hex)
{
	uint8_t value[49] = { 0 };

	hex("21402324255E262A28295F2B3A337C7E", value);		/* peer challenge */
	hex(nt_hex, value + 24);
	return chap_response(pkt, id, value, sizeof(value), "User");
}

static void test_mschap2_rfc2759(void **state)
{
	static const char success[] = "S=407A5589115FD0D6209F510FE9C04566932CDA56 M=Access granted";
	struct ppp_auth a;
	uint8_t pkt[128], key[16];
	size_t n;

	(void)state;
	start_v2(&a);
	n = rfc2759_response(pkt, a.id, "82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF");
	ppp_auth_input(&a, PPP_CHAP, pkt, n);
	assert_int_equal(verdicts, 1);
	assert_true(last_ok);
	assert_string_equal(a.user, "User");
	assert_int_equal(sent[0], 3);			/* Success */
	assert_int_equal(sent_len - 4, strlen(success));
	assert_memory_equal(sent + 4, success, strlen(success));
	assert_true(a.have_keys);
	hex("8B7CDC149B993A1BA118CB153F56DCCB", key);	/* RFC 3079 3.5: the server's send key */
	assert_memory_equal(a.send_key, key, 16);

	/* the Success was lost: the repeated Response gets the same answer, no new verdict */
	sent_len = 0;
	ppp_auth_input(&a, PPP_CHAP, pkt, n);
	assert_int_equal(verdicts, 1);
	assert_int_equal(sent[0], 3);
	assert_memory_equal(sent + 4, success, strlen(success));
	ppp_auth_stop(&a);
}

static void test_mschap2_wrong_password(void **state)
{
	struct ppp_auth a;
	uint8_t pkt[128];
	size_t n;

	(void)state;
	start_v2(&a);
	n = rfc2759_response(pkt, a.id, "00309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF");
	ppp_auth_input(&a, PPP_CHAP, pkt, n);
	assert_int_equal(verdicts, 1);
	assert_false(last_ok);
	assert_int_equal(sent[0], 4);			/* Failure */
	assert_memory_equal(sent + 4, "E=691 R=0 C=", 12);
	assert_non_null(strstr((const char *)sent + 4, " V=3 "));
	ppp_auth_stop(&a);
}

static void test_mschap1_rfc2433(void **state)
{
	struct ppp_auth a;
	uint8_t pkt[128], value[49] = { 0 };
	size_t n;

	(void)state;
	ppp_auth_init(&a, &ops, NULL, "pptp", "sluice");
	ppp_auth_start(&a, AUTH_MSCHAP1);
	hex("102DB5DF085D3041", a.challenge);
	hex("4E9D3C8F9CFD385D5BF4D3246791956CA4C351AB409A3D61", value + 24);
	value[48] = 1;					/* use the NT response */
	n = chap_response(pkt, a.id, value, sizeof(value), "v1");
	ppp_auth_input(&a, PPP_CHAP, pkt, n);
	assert_int_equal(verdicts, 1);
	assert_true(last_ok);
	assert_true(a.have_keys);
	assert_memory_equal(a.send_key, a.recv_key, 16);	/* one key both ways in v1 */
	ppp_auth_stop(&a);
}

static void test_chap_md5(void **state)
{
	struct ppp_auth a;
	uint8_t pkt[64], value[16];
	size_t n;

	(void)state;
	ppp_auth_init(&a, &ops, NULL, "pptp", "sluice");
	ppp_auth_start(&a, AUTH_CHAP_MD5);
	assert_int_equal(chap_md5_response(a.id, (const uint8_t *)"MyPw", 4, a.challenge, 16,
					   value), 0);
	n = chap_response(pkt, a.id, value, sizeof(value), "v1");
	ppp_auth_input(&a, PPP_CHAP, pkt, n);
	assert_int_equal(verdicts, 1);
	assert_true(last_ok);
	assert_false(a.have_keys);			/* CHAP-MD5 gives no MPPE keys */
	ppp_auth_stop(&a);
}

static size_t pap_request(uint8_t *pkt, const char *user, const char *pass)
{
	size_t u = strlen(user), p = strlen(pass), n = 6 + u + p;

	pkt[0] = 1;
	pkt[1] = 7;
	pkt[2] = (uint8_t)(n >> 8);
	pkt[3] = (uint8_t)n;
	pkt[4] = (uint8_t)u;
	memcpy(pkt + 5, user, u);
	pkt[5 + u] = (uint8_t)p;
	memcpy(pkt + 6 + u, pass, p);
	return n;
}

struct pap_case {
	const char *user, *pass;
	bool ok;
};

static void test_pap(void **state)
{
	static const struct pap_case cases[] = {
		{ "v1", "MyPw", true }, { "v1", "MyPw2", false }, { "v1", "MyP", false },
		{ "v1", "", false }, { "nobody", "MyPw", false }, { "off", "x", false },
		{ "l2", "x", false },	/* an l2tp-only secret on pptp */
	};
	uint8_t pkt[128];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ppp_auth a;

		verdicts = 0;
		ppp_auth_init(&a, &ops, NULL, "pptp", "sluice");
		ppp_auth_start(&a, AUTH_PAP);
		n = pap_request(pkt, cases[i].user, cases[i].pass);
		ppp_auth_input(&a, PPP_PAP, pkt, n);
		assert_int_equal(verdicts, 1);
		assert_int_equal(last_ok, cases[i].ok);
		assert_int_equal(sent[0], cases[i].ok ? 2 : 3);	/* Ack or Nak */
		ppp_auth_stop(&a);
	}
}

/*
 * A retransmitted request after the verdict gets the verdict that was sent (RFC 1334 2.2.1,
 * RFC 1994 4.2), not a fresh one: a failed login's repeat was answered "Login ok".
 */
static void test_pap_verdict_repeated(void **state)
{
	static const struct pap_case cases[] = { { "v1", "MyPw2", false }, { "v1", "MyPw", true } };
	uint8_t pkt[128];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ppp_auth a;
		uint8_t first[64];
		size_t first_len;

		verdicts = 0;
		ppp_auth_init(&a, &ops, NULL, "pptp", "sluice");
		ppp_auth_start(&a, AUTH_PAP);
		n = pap_request(pkt, cases[i].user, cases[i].pass);
		ppp_auth_input(&a, PPP_PAP, pkt, n);
		first_len = sent_len;
		memcpy(first, sent, sent_len);
		sent_len = 0;
		ppp_auth_input(&a, PPP_PAP, pkt, n);
		assert_int_equal(verdicts, 1);
		assert_int_equal(sent_len, first_len);
		assert_memory_equal(sent, first, first_len);
		assert_int_equal(sent[0], cases[i].ok ? 2 : 3);
		/* a retransmission with a new Identifier: the same verdict, that Identifier */
		pkt[1] = 8;
		ppp_auth_input(&a, PPP_PAP, pkt, n);
		assert_int_equal(verdicts, 1);
		assert_int_equal(sent[0], cases[i].ok ? 2 : 3);
		assert_int_equal(sent[1], 8);
		ppp_auth_stop(&a);
	}
}

/* CHAP's Failure is repeated too, and a late Response gets no second verdict. */
static void test_chap_failure_repeated(void **state)
{
	struct ppp_auth a;
	uint8_t pkt[128], first[256];
	size_t n, first_len;

	(void)state;
	start_v2(&a);
	n = rfc2759_response(pkt, a.id, "00309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF");
	ppp_auth_input(&a, PPP_CHAP, pkt, n);
	assert_int_equal(sent[0], 4);
	first_len = sent_len;
	memcpy(first, sent, sent_len);
	sent_len = 0;
	/* the right answer after the wrong one, same Identifier: still the Failure */
	n = rfc2759_response(pkt, a.id, "82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF");
	ppp_auth_input(&a, PPP_CHAP, pkt, n);
	assert_int_equal(verdicts, 1);
	assert_false(last_ok);
	assert_int_equal(sent_len, first_len);
	assert_memory_equal(sent, first, first_len);
	assert_false(a.have_keys);
	ppp_auth_stop(&a);
}

/* Every truncation and every lying length of a real response: no verdict, no crash. */
static void test_malformed(void **state)
{
	struct ppp_auth a;
	uint8_t pkt[128], *copy;
	size_t n, cut;

	(void)state;
	start_v2(&a);
	n = rfc2759_response(pkt, a.id, "82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF");
	for (cut = 0; cut < n; cut++) {
		copy = malloc(cut ? cut : 1);	/* exact size: ASan sees any over-read */
		memcpy(copy, pkt, cut);
		ppp_auth_input(&a, PPP_CHAP, copy, cut);
		free(copy);
	}
	assert_int_equal(verdicts, 0);
	pkt[4] = 200;					/* value-size past the end */
	ppp_auth_input(&a, PPP_CHAP, pkt, n);
	pkt[4] = 49;
	pkt[2] = 0xff;					/* length past the end */
	ppp_auth_input(&a, PPP_CHAP, pkt, n);
	assert_int_equal(verdicts, 0);
	pkt[2] = 0;
	pkt[1] ^= 1;					/* another identifier: stray */
	ppp_auth_input(&a, PPP_CHAP, pkt, n);
	assert_int_equal(verdicts, 0);
	pkt[1] ^= 1;
	ppp_auth_input(&a, PPP_PAP, pkt, n);		/* the wrong protocol */
	assert_int_equal(verdicts, 0);
	ppp_auth_input(&a, PPP_CHAP, pkt, n);		/* and the real one still works */
	assert_int_equal(verdicts, 1);
	assert_true(last_ok);
	ppp_auth_stop(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mschap2_rfc2759, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mschap2_wrong_password, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mschap1_rfc2433, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chap_md5, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pap_verdict_repeated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chap_failure_repeated, setup, teardown),
	};

	return cmocka_run_group_tests_name("ppp_auth", tests, NULL, NULL);
}
