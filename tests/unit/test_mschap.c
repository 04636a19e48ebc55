// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/aaa/mschap.c against the published vectors (RFC 2433, 2759, 3079) and hostile input.
 * Every value below was recomputed before it went in, by a separate Python model (pure-Python
 * MD4, DES from `openssl enc -des-ecb -provider legacy`, hashlib for MD5 and SHA-1); the ones
 * no RFC publishes say so where they appear.
 */
/* unit-test-sources: daemon/aaa/mschap.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "aaa/mschap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* RFC 2759 section 9.2, also the input of RFC 3079 section 3.5 */
#define V2_USER "User"
#define V2_PASSWORD "clientPass"
#define V2_AUTH_CHALLENGE "5B5D7C7D7B3F2F3E3C2C602132262628"
#define V2_PEER_CHALLENGE "21402324255E262A28295F2B3A337C7E"
#define V2_NT_RESPONSE "82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF"
#define V2_AUTH_RESPONSE "S=407A5589115FD0D6209F510FE9C04566932CDA56"
/* RFC 2433 appendix B */
#define V1_PASSWORD "MyPw"
#define V1_CHALLENGE "102DB5DF085D3041"

/* Decodes exactly 2 * n hex digits; the tables are ours, so a typo fails the test. */
static void unhex(const char *hex, uint8_t *out, size_t n)
{
	size_t i;

	assert_int_equal(strlen(hex), 2 * n);
	for (i = 0; i < n; i++) {
		char byte[3] = { hex[2 * i], hex[2 * i + 1], '\0' };
		char *end;

		out[i] = (uint8_t)strtoul(byte, &end, 16);
		assert_ptr_equal(end, byte + 2);
	}
}

static void assert_hex(const uint8_t *got, const char *want_hex, size_t n)
{
	uint8_t want[64];

	assert_true(n <= sizeof(want));
	unhex(want_hex, want, n);
	assert_memory_equal(got, want, n);
}

static void assert_zero(const uint8_t *p, size_t n)
{
	static const uint8_t zero[64];

	assert_true(n <= sizeof(zero));
	assert_memory_equal(p, zero, n);
}

static void test_init(void **state)
{
	(void)state;
	assert_int_equal(mschap_init(), 0);
	assert_int_equal(mschap_init(), 0);
	assert_null(mschap_init_error());
}

struct md5_case {
	uint8_t id;
	const char *secret;
	const char *challenge;	/* hex */
	const char *response;	/* hex */
};

/*
 * RFC 1994 publishes no vector; these came from Python:
 *   hashlib.md5(bytes([id]) + secret + challenge).hexdigest()
 */
static const struct md5_case md5_cases[] = {
	{ 0x01, "clientPass", V2_AUTH_CHALLENGE, "5F09D7E952D4B481108861304E6DE873" },
	{ 0x2a, "", V1_CHALLENGE, "BA52E22F092077B66E66AA09E1590E25" },
};

static void test_chap_md5(void **state)
{
	uint8_t challenge[32], out[CHAP_MD5_RESPONSE_LEN];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(md5_cases); i++) {
		const struct md5_case *c = &md5_cases[i];
		size_t clen = strlen(c->challenge) / 2;

		unhex(c->challenge, challenge, clen);
		assert_int_equal(chap_md5_response(c->id, (const uint8_t *)c->secret,
						   strlen(c->secret), challenge, clen, out), 0);
		assert_hex(out, c->response, sizeof(out));
	}
	/* an empty secret may come as NULL */
	unhex(V1_CHALLENGE, challenge, 8);
	assert_int_equal(chap_md5_response(0x2a, NULL, 0, challenge, 8, out), 0);
	assert_hex(out, "BA52E22F092077B66E66AA09E1590E25", sizeof(out));
}

struct hash_case {
	const char *password;	/* UTF-8 */
	const char *hash;	/* hex */
	const char *source;
};

static const struct hash_case hash_cases[] = {
	{ V1_PASSWORD, "FC156AF7EDCD6C0EDDE3337D427F4EAC", "RFC 2433 appendix B" },
	{ V2_PASSWORD, "44EBBA8D5312B8D611474411F56989AE", "RFC 2759 section 9.2" },
	{ "", "31D6CFE0D16AE931B73C59D7E0C089C0", "RFC 1320 appendix A.5: MD4(\"\")" },
	/* not published; MD4 of Python's password.encode("utf-16-le") */
	{ "p\xc3\xa4ssw\xc3\xb6rd", "0553152250AC01ADB4213CB9938663E4", "\"pässwörd\"" },
	/* split where a hex escape would take the next letter ('c', 'd') as a digit */
	{ "\xc3\x9cn\xc3\xaf" "c\xc3\xb6" "d\xc3\xa9\xe2\x82\xac",
	  "616478F0F4C897D0535D5F1A058285CA", "\"Ünïcödé€\", with a 3-byte sequence" },
	{ "\xf0\x9f\x98\x80", "4B58A10CC20A4E7D808D218E1F80AABC", "U+1F600, a surrogate pair" },
};

static void test_nt_password_hash(void **state)
{
	uint8_t out[NT_HASH_LEN];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(hash_cases); i++) {
		const struct hash_case *c = &hash_cases[i];

		print_message("    %s\n", c->source);
		assert_int_equal(nt_password_hash(c->password, out), 0);
		assert_hex(out, c->hash, sizeof(out));
	}
	/* RFC 2759 section 9.2 PasswordHashHash */
	assert_int_equal(nt_password_hash_hash(V2_PASSWORD, out), 0);
	assert_hex(out, "41C00C584BD2D91C4017A2A12FA59F3F", sizeof(out));
}

/* Fills buf with count copies of unit and a NUL. */
static char *repeat(char *buf, const char *unit, size_t count)
{
	size_t n = strlen(unit), i;

	for (i = 0; i < count; i++)
		memcpy(buf + i * n, unit, n);
	buf[count * n] = '\0';
	return buf;
}

static void test_password_length(void **state)
{
	static char buf[100001];
	uint8_t out[NT_HASH_LEN];

	(void)state;
	/* the limit itself: 256 units; the value is MD4 of "x" * 256 in UTF-16LE, from Python */
	assert_int_equal(nt_password_hash(repeat(buf, "x", 256), out), 0);
	assert_hex(out, "6C5A26717895EDF2E532F7D0048ACC65", sizeof(out));
	memset(out, 0xaa, sizeof(out));
	assert_int_equal(nt_password_hash(repeat(buf, "x", 257), out), -1);
	assert_zero(out, sizeof(out));
	/* a character past U+FFFF takes two of the 256 units */
	assert_int_equal(nt_password_hash(repeat(buf, "\xf0\x9f\x98\x80", 128), out), 0);
	assert_int_equal(nt_password_hash(repeat(buf, "\xf0\x9f\x98\x80", 129), out), -1);
	strcat(repeat(buf, "x", 255), "\xf0\x9f\x98\x80");
	assert_int_equal(nt_password_hash(buf, out), -1);
	/* two-byte sequences are one unit each */
	assert_int_equal(nt_password_hash(repeat(buf, "\xc3\xa4", 256), out), 0);
	assert_int_equal(nt_password_hash(repeat(buf, "\xc3\xa4", 257), out), -1);
	/* huge: refused without reading it all */
	assert_int_equal(nt_password_hash(repeat(buf, "a", sizeof(buf) - 1), out), -1);
}

static const char *const bad_utf8[] = {
	"\x80",			/* a lone continuation byte */
	"ab\xbf",
	"a\xc3",		/* truncated at the end */
	"\xc3(",		/* a lead byte without its continuation */
	"\xe2\x82",
	"\xf0\x9f\x98",
	"\xc0\xaf",		/* overlong '/' */
	"\xc1\xbf",
	"\xe0\x80\xaf",
	"\xf0\x82\x82\xac",
	"\xed\xa0\x80",		/* a UTF-16 surrogate, U+D800 */
	"\xed\xbf\xbf",
	"\xf4\x90\x80\x80",	/* past U+10FFFF */
	"\xf5\x80\x80\x80",
	"\xfe",
	"\xff",
	"ok\xe2\x82\xac then \xf8\x88\x80\x80\x80",	/* a 5-byte form */
};

static void test_bad_utf8(void **state)
{
	uint8_t ch16[MSCHAP2_CHALLENGE_LEN] = { 0 }, nt[MSCHAP_NT_RESPONSE_LEN] = { 0 };
	uint8_t out[MSCHAP_NT_RESPONSE_LEN], k1[MPPE_START_KEY_LEN], k2[MPPE_START_KEY_LEN];
	char s[MSCHAP2_AUTH_RESPONSE_LEN + 1];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad_utf8); i++) {
		const char *pw = bad_utf8[i];

		memset(out, 0xaa, sizeof(out));
		assert_int_equal(nt_password_hash(pw, out), -1);
		assert_zero(out, NT_HASH_LEN);
		assert_int_equal(nt_password_hash_hash(pw, out), -1);
		memset(out, 0xaa, sizeof(out));
		assert_int_equal(mschap1_nt_response(ch16, pw, out), -1);
		assert_zero(out, sizeof(out));
		assert_int_equal(mschap1_mppe_key(ch16, pw, k1), -1);
		assert_int_equal(mschap2_nt_response(ch16, ch16, "u", pw, out), -1);
		memset(s, 'x', sizeof(s));
		assert_int_equal(mschap2_authenticator_response(pw, nt, ch16, ch16, "u", s), -1);
		assert_string_equal(s, "");
		memset(k1, 0xaa, sizeof(k1));
		memset(k2, 0xaa, sizeof(k2));
		assert_int_equal(mschap2_master_key(pw, nt, k1), -1);
		assert_int_equal(mschap2_mppe_keys(pw, nt, 1, k1, k2), -1);
		assert_zero(k1, sizeof(k1));
		assert_zero(k2, sizeof(k2));
	}
}

static void test_mschap1(void **state)
{
	uint8_t challenge[MSCHAP1_CHALLENGE_LEN], out[MSCHAP_NT_RESPONSE_LEN];

	(void)state;
	unhex(V1_CHALLENGE, challenge, sizeof(challenge));
	assert_int_equal(mschap1_nt_response(challenge, V1_PASSWORD, out), 0);
	assert_hex(out, "4E9D3C8F9CFD385D5BF4D3246791956CA4C351AB409A3D61", sizeof(out));
}

static void test_mschap1_mppe(void **state)
{
	uint8_t challenge[MSCHAP1_CHALLENGE_LEN], key[MPPE_START_KEY_LEN];

	(void)state;
	unhex(V1_CHALLENGE, challenge, sizeof(challenge));
	/*
	 * RFC 3079 section 2.5.3's sample (password "clientPass", challenge 102DB5DF085D3041):
	 * GetStartKey gives this 128-bit key. The RFC text was not at hand; the value is the one
	 * other implementations' test suites quote from it, and the Python model agrees.
	 */
	assert_int_equal(mschap1_mppe_key(challenge, V2_PASSWORD, key), 0);
	assert_hex(key, "A8947850CFC0ACC1D1789FB62DDCDDB0", sizeof(key));
	/* not published: the RFC 2433 sample's password, from the Python model */
	assert_int_equal(mschap1_mppe_key(challenge, V1_PASSWORD, key), 0);
	assert_hex(key, "CFD3610CD9208EC8134BAEFF555F76CB", sizeof(key));
}

static void v2_challenges(uint8_t auth[MSCHAP2_CHALLENGE_LEN], uint8_t peer[MSCHAP2_CHALLENGE_LEN])
{
	unhex(V2_AUTH_CHALLENGE, auth, MSCHAP2_CHALLENGE_LEN);
	unhex(V2_PEER_CHALLENGE, peer, MSCHAP2_CHALLENGE_LEN);
}

/* RFC 2759 section 9.2; the domain forms are ours: ChallengeHash leaves the domain out. */
static const char *const v2_usernames[] = { V2_USER, "DOMAIN\\" V2_USER, "a\\b\\" V2_USER };

static void test_mschap2(void **state)
{
	uint8_t auth[MSCHAP2_CHALLENGE_LEN], peer[MSCHAP2_CHALLENGE_LEN];
	uint8_t nt[MSCHAP_NT_RESPONSE_LEN], want[MSCHAP_NT_RESPONSE_LEN];
	char s[MSCHAP2_AUTH_RESPONSE_LEN + 1];
	size_t i;

	(void)state;
	v2_challenges(auth, peer);
	for (i = 0; i < ARRAY_SIZE(v2_usernames); i++) {
		const char *user = v2_usernames[i];

		assert_int_equal(mschap2_nt_response(auth, peer, user, V2_PASSWORD, nt), 0);
		assert_hex(nt, V2_NT_RESPONSE, sizeof(nt));
		assert_int_equal(mschap2_authenticator_response(V2_PASSWORD, nt, peer, auth, user,
								s), 0);
		assert_string_equal(s, V2_AUTH_RESPONSE);
	}
	/* the user name is in the hash, case and all, and so is which challenge is whose */
	unhex(V2_NT_RESPONSE, want, sizeof(want));
	assert_int_equal(mschap2_nt_response(auth, peer, "user", V2_PASSWORD, nt), 0);
	assert_false(auth_equal(nt, want, sizeof(nt)));
	assert_int_equal(mschap2_nt_response(peer, auth, V2_USER, V2_PASSWORD, nt), 0);
	assert_false(auth_equal(nt, want, sizeof(nt)));
}

static void test_mschap2_mppe(void **state)
{
	uint8_t nt[MSCHAP_NT_RESPONSE_LEN], master[MPPE_START_KEY_LEN];
	uint8_t ssend[MPPE_START_KEY_LEN], srecv[MPPE_START_KEY_LEN];
	uint8_t csend[MPPE_START_KEY_LEN], crecv[MPPE_START_KEY_LEN];

	(void)state;
	unhex(V2_NT_RESPONSE, nt, sizeof(nt));
	/* RFC 3079 section 3.5 */
	assert_int_equal(mschap2_master_key(V2_PASSWORD, nt, master), 0);
	assert_hex(master, "FDECE3717A8C838CB388E527AE3CDD31", sizeof(master));
	assert_int_equal(mschap2_mppe_keys(V2_PASSWORD, nt, 1, ssend, srecv), 0);
	assert_hex(ssend, "8B7CDC149B993A1BA118CB153F56DCCB", sizeof(ssend));
	/* not published (the RFC gives one direction): the Python model's Magic2 key */
	assert_hex(srecv, "D5F0E9521E3EA9589645E86051C82226", sizeof(srecv));
	assert_int_equal(mschap2_mppe_keys(V2_PASSWORD, nt, 0, csend, crecv), 0);
	assert_memory_equal(csend, srecv, sizeof(csend));
	assert_memory_equal(crecv, ssend, sizeof(crecv));
	assert_memory_not_equal(ssend, srecv, sizeof(ssend));
}

/* NULL anywhere is refused, never followed. */
static void test_null(void **state)
{
	uint8_t b16[16] = { 0 }, b24[24] = { 0 }, k1[16], k2[16];
	char s[MSCHAP2_AUTH_RESPONSE_LEN + 1];

	(void)state;
	assert_int_equal(chap_md5_response(1, NULL, 3, b16, 16, k1), -1);
	assert_int_equal(chap_md5_response(1, b16, 3, NULL, 16, k1), -1);
	assert_int_equal(chap_md5_response(1, b16, 3, b16, 16, NULL), -1);
	assert_int_equal(nt_password_hash(NULL, k1), -1);
	assert_int_equal(nt_password_hash("x", NULL), -1);
	assert_int_equal(nt_password_hash_hash(NULL, k1), -1);
	assert_int_equal(nt_password_hash_hash("x", NULL), -1);
	assert_int_equal(mschap1_nt_response(NULL, "x", b24), -1);
	assert_int_equal(mschap1_nt_response(b16, NULL, b24), -1);
	assert_int_equal(mschap1_nt_response(b16, "x", NULL), -1);
	assert_int_equal(mschap1_mppe_key(NULL, "x", k1), -1);
	assert_int_equal(mschap1_mppe_key(b16, NULL, k1), -1);
	assert_int_equal(mschap1_mppe_key(b16, "x", NULL), -1);
	assert_int_equal(mschap2_nt_response(NULL, b16, "u", "x", b24), -1);
	assert_int_equal(mschap2_nt_response(b16, NULL, "u", "x", b24), -1);
	assert_int_equal(mschap2_nt_response(b16, b16, NULL, "x", b24), -1);
	assert_int_equal(mschap2_nt_response(b16, b16, "u", NULL, b24), -1);
	assert_int_equal(mschap2_nt_response(b16, b16, "u", "x", NULL), -1);
	assert_int_equal(mschap2_authenticator_response(NULL, b24, b16, b16, "u", s), -1);
	assert_int_equal(mschap2_authenticator_response("x", NULL, b16, b16, "u", s), -1);
	assert_int_equal(mschap2_authenticator_response("x", b24, NULL, b16, "u", s), -1);
	assert_int_equal(mschap2_authenticator_response("x", b24, b16, NULL, "u", s), -1);
	assert_int_equal(mschap2_authenticator_response("x", b24, b16, b16, NULL, s), -1);
	assert_int_equal(mschap2_authenticator_response("x", b24, b16, b16, "u", NULL), -1);
	assert_int_equal(mschap2_master_key(NULL, b24, k1), -1);
	assert_int_equal(mschap2_master_key("x", NULL, k1), -1);
	assert_int_equal(mschap2_master_key("x", b24, NULL), -1);
	assert_int_equal(mschap2_mppe_keys(NULL, b24, 0, k1, k2), -1);
	assert_int_equal(mschap2_mppe_keys("x", NULL, 0, k1, k2), -1);
	memset(k1, 0xaa, sizeof(k1));
	assert_int_equal(mschap2_mppe_keys("x", b24, 0, k1, NULL), -1);
	assert_zero(k1, sizeof(k1));
	assert_int_equal(mschap2_mppe_keys("x", b24, 0, NULL, k2), -1);
}

static void test_auth_equal(void **state)
{
	uint8_t a[24], b[24];

	(void)state;
	unhex(V2_NT_RESPONSE, a, sizeof(a));
	memcpy(b, a, sizeof(b));
	assert_int_equal(auth_equal(a, b, sizeof(a)), 1);
	b[23] ^= 0x01;
	assert_int_equal(auth_equal(a, b, sizeof(a)), 0);
	b[23] ^= 0x01;
	b[0] ^= 0x80;
	assert_int_equal(auth_equal(a, b, sizeof(a)), 0);
	/* nothing to compare, or nothing to compare with: not equal */
	assert_int_equal(auth_equal(a, a, 0), 0);
	assert_int_equal(auth_equal(NULL, b, sizeof(b)), 0);
	assert_int_equal(auth_equal(a, NULL, sizeof(a)), 0);
	/* the authenticator response is compared as text, e.g. by a client checking a server */
	assert_int_equal(auth_equal(V2_AUTH_RESPONSE, "S=407A5589115FD0D6209F510FE9C04566932CDA56",
				    MSCHAP2_AUTH_RESPONSE_LEN), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_chap_md5),
		cmocka_unit_test(test_nt_password_hash),
		cmocka_unit_test(test_password_length),
		cmocka_unit_test(test_bad_utf8),
		cmocka_unit_test(test_mschap1),
		cmocka_unit_test(test_mschap1_mppe),
		cmocka_unit_test(test_mschap2),
		cmocka_unit_test(test_mschap2_mppe),
		cmocka_unit_test(test_null),
		cmocka_unit_test(test_auth_equal),
	};

	return cmocka_run_group_tests_name("mschap", tests, NULL, NULL);
}
