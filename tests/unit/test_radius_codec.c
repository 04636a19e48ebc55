// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/radius/packet.c and crypto.c: attributes, vendor-specific attributes, the
 * authenticators, Message-Authenticator, User-Password hiding and MPPE key salt decryption.
 * RFC 2865 section 7.1's Access-Request/Accept is the published vector; the others were
 * computed by a separate Python model (hashlib.md5, hmac) following RFC 2865 5.2, RFC 2866 3,
 * RFC 3579 3.2 and RFC 2548 2.4.2 (RFC 2548 publishes no vectors), and say so.
 */
/* unit-test-sources: daemon/radius/packet.c daemon/radius/crypto.c */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "radius/crypto.h"
#include "radius/packet.h"

#define SECRET "xyzzy5461"
/* RFC 2865 7.1: the Request Authenticator of nemo's Access-Request */
#define RFC_RA "0f403f9473978057bd83d5cb98f4227a"

static size_t unhex(const char *hex, uint8_t *out)
{
	size_t i, n = strlen(hex) / 2;

	assert_int_equal(strlen(hex) % 2, 0);
	for (i = 0; i < n; i++) {
		char byte[3] = { hex[2 * i], hex[2 * i + 1], '\0' };
		char *end;

		out[i] = (uint8_t)strtoul(byte, &end, 16);
		assert_ptr_equal(end, byte + 2);
	}
	return n;
}

static void assert_hex(const uint8_t *got, size_t n, const char *want_hex)
{
	uint8_t want[RAD_MAX_LEN];

	assert_int_equal(unhex(want_hex, want), n);
	assert_memory_equal(got, want, n);
}

/* RFC 2865 7.1: the Access-Accept answering the request with RFC_RA */
static const char rfc_accept[] =
	"0200002686fe220e7624ba2a1005f6bf9b55e0b20606000000010f06000000000e06c0a80103";
static const char rfc_request[] =
	"010000380f403f9473978057bd83d5cb98f4227a01066e656d6f02120dbe708d93d413ce3196e43f782a0aee"
	"0406c0a801100506 00000003";

static void test_rfc2865_example(void **state)
{
	uint8_t ra[16], pkt[256], hidden[RAD_PASSWORD_MAX], plain[RAD_PASSWORD_MAX];
	struct rad_packet p;
	const char *why = NULL;
	size_t n, plen;
	struct rad_attr a;
	uint32_t v;

	(void)state;
	unhex(RFC_RA, ra);
	/* the request, rebuilt attribute by attribute, is byte for byte the RFC's */
	rad_init(&p, RAD_ACCESS_REQUEST, 0);
	memcpy(p.data + 4, ra, 16);
	assert_int_equal(rad_put_str(&p, RAD_USER_NAME, "nemo"), 0);
	assert_int_equal(rad_hide_password(SECRET, ra, (const uint8_t *)"arctangent", 10, hidden,
					   &n), 0);
	assert_int_equal(n, 16);
	assert_int_equal(rad_put(&p, RAD_USER_PASSWORD, hidden, n), 0);
	assert_int_equal(rad_put_u32(&p, RAD_NAS_IP_ADDRESS, 0xc0a80110), 0);
	assert_int_equal(rad_put_u32(&p, RAD_NAS_PORT, 3), 0);
	{
		char want[sizeof(rfc_request)], *d = want;
		const char *s;

		for (s = rfc_request; *s; s++)
			if (*s != ' ')
				*d++ = *s;
		*d = '\0';
		assert_hex(p.data, p.len, want);
	}
	assert_int_equal(rad_unhide_password(SECRET, ra, hidden, 16, plain), 0);
	assert_memory_equal(plain, "arctangent\0\0\0\0\0\0", 16);

	/* the reply checks against the request's authenticator, and parses */
	plen = unhex(rfc_accept, pkt);
	assert_int_equal(rad_check(pkt, plen, &why), plen);
	assert_int_equal(rad_verify_response(pkt, plen, ra, SECRET, 0, &why), 0);
	assert_true(rad_get_u32(pkt, plen, RAD_SERVICE_TYPE, &v));
	assert_int_equal(v, 1);
	assert_true(rad_find(pkt, plen, 14 /* Login-IP-Host */, &a));
	assert_int_equal(a.len, 4);
	/* no Message-Authenticator: refused when one is required (Blast-RADIUS) */
	assert_int_equal(rad_verify_response(pkt, plen, ra, SECRET, 1, &why), -1);
	assert_string_equal(why, "no Message-Authenticator");
	/* the wrong secret, the wrong request, a flipped bit: all refused */
	assert_int_equal(rad_verify_response(pkt, plen, ra, "xyzzy5462", 0, &why), -1);
	ra[0] ^= 1;
	assert_int_equal(rad_verify_response(pkt, plen, ra, SECRET, 0, &why), -1);
	ra[0] ^= 1;
	pkt[plen - 1] ^= 1;
	assert_int_equal(rad_verify_response(pkt, plen, ra, SECRET, 0, &why), -1);
	assert_string_equal(why, "bad response authenticator");
}

/* Passwords of 16+ bytes chain the blocks; Python: the RFC 2865 5.2 loop over 48 bytes */
static void test_long_password(void **state)
{
	static const char pw[] = "correct horse battery staple, 40 chars!!";
	uint8_t ra[16], out[RAD_PASSWORD_MAX], back[RAD_PASSWORD_MAX], big[RAD_PASSWORD_MAX + 1];
	size_t n;

	(void)state;
	unhex(RFC_RA, ra);
	assert_int_equal(rad_hide_password(SECRET, ra, (const uint8_t *)pw, 40, out, &n), 0);
	assert_int_equal(n, 48);
	assert_hex(out, n, "0fa3618b97d9008b378d964c1d0a688ff81cf1b33b8febbd4ef4b9360c885a14"
			   "236f178dba6abd3885a08b7628294e12");
	assert_int_equal(rad_unhide_password(SECRET, ra, out, n, back), 0);
	assert_memory_equal(back, pw, 40);
	assert_memory_equal(back + 40, "\0\0\0\0\0\0\0\0", 8);
	/* exactly 16 is one block; empty is one block of zeros; 128 fits; 129 does not */
	assert_int_equal(rad_hide_password(SECRET, ra, (const uint8_t *)pw, 16, out, &n), 0);
	assert_int_equal(n, 16);
	assert_int_equal(rad_hide_password(SECRET, ra, (const uint8_t *)"", 0, out, &n), 0);
	assert_int_equal(n, 16);
	memset(big, 'x', sizeof(big));
	assert_int_equal(rad_hide_password(SECRET, ra, big, RAD_PASSWORD_MAX, out, &n), 0);
	assert_int_equal(n, RAD_PASSWORD_MAX);
	assert_int_equal(rad_hide_password(SECRET, ra, big, RAD_PASSWORD_MAX + 1, out, &n), -1);
	assert_int_equal(rad_unhide_password(SECRET, ra, out, 15, back), -1);
}

static void test_attributes(void **state)
{
	struct rad_packet p;
	struct rad_attr a;
	uint8_t big[260] = { 0 };
	const char *why;
	uint32_t v;
	int i;

	(void)state;
	rad_init(&p, RAD_ACCT_REQUEST, 9);
	assert_int_equal(p.len, 20);
	assert_int_equal(rad_put(&p, RAD_CLASS, big, 0), -EINVAL);
	assert_int_equal(rad_put(&p, RAD_CLASS, big, 254), -EINVAL);
	assert_int_equal(rad_put(&p, RAD_CLASS, big, 253), 0);
	assert_int_equal(rad_put_vsa(&p, RAD_VENDOR_MIKROTIK, RAD_MT_RATE_LIMIT, "1M/2M", 5), 0);
	assert_int_equal(rad_put_vsa(&p, RAD_VENDOR_MICROSOFT, 1, big, 248), -EINVAL);
	assert_int_equal(rad_put_u32(&p, RAD_SESSION_TIMEOUT, 3600), 0);
	assert_int_equal(p.data[2] << 8 | p.data[3], p.len);
	assert_int_equal(rad_check(p.data, p.len, &why), p.len);
	assert_true(rad_find(p.data, p.len, RAD_CLASS, &a));
	assert_int_equal(a.len, 253);
	assert_true(rad_find_vsa(p.data, p.len, RAD_VENDOR_MIKROTIK, RAD_MT_RATE_LIMIT, &a));
	assert_int_equal(a.len, 5);
	assert_memory_equal(a.val, "1M/2M", 5);
	assert_false(rad_find_vsa(p.data, p.len, RAD_VENDOR_MICROSOFT, RAD_MT_RATE_LIMIT, &a));
	assert_true(rad_get_u32(p.data, p.len, RAD_SESSION_TIMEOUT, &v));
	assert_int_equal(v, 3600);
	assert_false(rad_get_u32(p.data, p.len, RAD_CLASS, &v));	/* not 4 bytes */
	/* the packet fills up at 4096 and refuses the rest */
	for (i = 0; i < 20; i++)
		if (rad_put(&p, RAD_CLASS, big, 253))
			break;
	assert_true(p.len <= RAD_MAX_LEN);
	assert_int_equal(rad_put(&p, RAD_CLASS, big, 253), -ENOSPC);
	assert_int_equal(rad_check(p.data, p.len, &why), p.len);
}

static void test_check_refuses(void **state)
{
	uint8_t pkt[64] = { 2, 1, 0, 26 };
	const char *why = NULL;

	(void)state;
	assert_int_equal(rad_check(pkt, 19, &why), 0);
	assert_string_equal(why, "shorter than a header");
	pkt[20] = 1, pkt[21] = 6;
	assert_int_equal(rad_check(pkt, 26, &why), 26);
	assert_int_equal(rad_check(pkt, 25, &why), 0);	/* Length says more than arrived */
	assert_string_equal(why, "truncated");
	assert_int_equal(rad_check(pkt, 64, &why), 26);	/* padding after Length ignored */
	pkt[21] = 7;	/* an attribute past the end */
	assert_int_equal(rad_check(pkt, 64, &why), 0);
	assert_string_equal(why, "attribute overruns the packet");
	pkt[21] = 1;	/* an attribute shorter than its own header */
	assert_int_equal(rad_check(pkt, 64, &why), 0);
	pkt[21] = 6;
	pkt[3] = 19;
	assert_int_equal(rad_check(pkt, 64, &why), 0);
	assert_string_equal(why, "bad length field");
	pkt[2] = 0x10, pkt[3] = 1;	/* 4097 */
	assert_int_equal(rad_check(pkt, 64, &why), 0);
	pkt[2] = 0, pkt[3] = 26;
	pkt[20] = RAD_MESSAGE_AUTHENTICATOR;	/* must be 16 bytes */
	assert_int_equal(rad_check(pkt, 64, &why), 0);
	assert_string_equal(why, "bad Message-Authenticator length");
}

static void test_bad_vsa(void **state)
{
	/* a Vendor-Specific with a sub-attribute running past it, then a good one */
	static const uint8_t pkt[] = {
		2, 1, 0, 20 + 12 + 11,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		26, 12, 0, 0, 0x3a, 0x8c, 8, 9, 'a', 'b', 'c', 'd',
		26, 11, 0, 0, 0x3a, 0x8c, 8, 5, 'x', 'y', 'z',
	};
	const char *why;
	struct rad_attr a;

	(void)state;
	assert_int_equal(rad_check(pkt, sizeof(pkt), &why), sizeof(pkt));
	assert_true(rad_find_vsa(pkt, sizeof(pkt), RAD_VENDOR_MIKROTIK, RAD_MT_RATE_LIMIT, &a));
	assert_int_equal(a.len, 3);
	assert_memory_equal(a.val, "xyz", 3);
}

/* Accounting-Request: MD5 over the packet with zeros (Python: RFC 2866 3) */
static void test_acct_authenticator(void **state)
{
	struct rad_packet p;
	const char *why = NULL;

	(void)state;
	rad_init(&p, RAD_ACCT_REQUEST, 7);
	rad_put_u32(&p, RAD_ACCT_STATUS_TYPE, 1);
	rad_put_str(&p, RAD_ACCT_SESSION_ID, "00000001");
	rad_put_str(&p, RAD_USER_NAME, "nemo");
	assert_int_equal(rad_sign_request(&p, SECRET), 0);
	assert_hex(p.data + 4, 16, "d4dc44efddb69d6ee6768e469a563fa3");
	/* what a server (or our DAE listener) checks */
	assert_int_equal(rad_verify_request(p.data, p.len, SECRET, &why), 0);
	p.data[p.len - 1] ^= 1;
	assert_int_equal(rad_verify_request(p.data, p.len, SECRET, &why), -1);
	assert_string_equal(why, "bad request authenticator");
}

/* Message-Authenticator: HMAC-MD5 with the MA zeroed (Python: hmac.new(secret, ...)) */
static void test_message_authenticator(void **state)
{
	struct rad_packet p, r;
	uint8_t ra[16];
	const char *why = NULL;

	(void)state;
	rad_init(&p, RAD_ACCESS_REQUEST, 1);
	rad_put_str(&p, RAD_USER_NAME, "nemo");
	assert_int_equal(rad_put_msg_auth(&p), 0);
	assert_int_equal(rad_put_msg_auth(&p), -EEXIST);
	assert_int_equal(rad_new_authenticator(&p), 0);
	assert_int_equal(rad_sign_request(&p, SECRET), 0);
	/* recompute with the RFC's authenticator to compare with Python */
	unhex(RFC_RA, ra);
	memcpy(p.data + 4, ra, 16);
	memset(p.data + p.msg_auth, 0, 16);
	{
		/* signing an Access-Request draws a new authenticator; signing "as a reply"
		 * to ra computes the same HMAC over the packet with ra in its header */
		struct rad_packet q = p;

		assert_int_equal(rad_sign_response(&q, ra, SECRET), 0);
		assert_hex(q.data + q.msg_auth, 16, "eb94073267d3904b1ab4f3704ba45783");
	}
	/* a signed reply with an MA verifies, and a changed MA does not */
	rad_init(&r, RAD_ACCESS_ACCEPT, 1);
	rad_put_u32(&r, RAD_SESSION_TIMEOUT, 60);
	rad_put_msg_auth(&r);
	assert_int_equal(rad_sign_response(&r, ra, SECRET), 0);
	assert_int_equal(rad_verify_response(r.data, r.len, ra, SECRET, 1, &why), 0);
	r.data[r.msg_auth] ^= 1;
	/* the response authenticator covers the MA too: fix it up so only the MA is wrong */
	{
		struct rad_chunk c[4] = { { r.data, 4 }, { ra, 16 }, { r.data + 20, r.len - 20 },
					  { SECRET, strlen(SECRET) } };

		assert_int_equal(rad_md5(c, 4, r.data + 4), 0);
	}
	assert_int_equal(rad_verify_response(r.data, r.len, ra, SECRET, 0, &why), -1);
	assert_string_equal(why, "bad Message-Authenticator");
	/* accounting with an MA: computed over zeros, then the authenticator over it */
	rad_init(&r, RAD_DISCONNECT_REQUEST, 3);
	rad_put_str(&r, RAD_ACCT_SESSION_ID, "0000000a");
	rad_put_msg_auth(&r);
	assert_int_equal(rad_sign_request(&r, SECRET), 0);
	assert_int_equal(rad_verify_request(r.data, r.len, SECRET, &why), 0);
	r.data[r.msg_auth + 3] ^= 0x80;
	assert_int_equal(rad_verify_request(r.data, r.len, SECRET, &why), -1);
}

/* RFC 2548 2.4.2 salt encryption; Python model of the RFC, salt 8a5c, key 00..0f */
static void test_mppe_key(void **state)
{
	static const char enc[] =
		"8a5c0da08c81c05665067c58e2b2be6898a0646cfeb5c9678629e27ec26a50a45326";
	uint8_t ra[16], val[64], key[16], want[16], mine[64];
	size_t n, i;

	(void)state;
	unhex(RFC_RA, ra);
	for (i = 0; i < 16; i++)
		want[i] = (uint8_t)i;
	n = unhex(enc, val);
	assert_int_equal(rad_mppe_key_decrypt(SECRET, ra, val, n, key, 16), 0);
	assert_memory_equal(key, want, 16);
	assert_int_equal(rad_mppe_key_encrypt(SECRET, ra, 0x8a5c, want, 16, mine, &n), 0);
	assert_int_equal(n, 34);
	assert_hex(mine, n, enc);
	/* refusals: salt without its high bit, a partial block, the wrong authenticator
	 * (the key length byte decrypts to garbage: too long), a key shorter than wanted */
	val[0] &= 0x7f;
	assert_int_equal(rad_mppe_key_decrypt(SECRET, ra, val, 34, key, 16), -1);
	val[0] |= 0x80;
	assert_int_equal(rad_mppe_key_decrypt(SECRET, ra, val, 33, key, 16), -1);
	assert_int_equal(rad_mppe_key_decrypt(SECRET, ra, val, 2, key, 16), -1);
	assert_int_equal(rad_mppe_key_decrypt(SECRET, ra, val, 34, key, 17), -1);
	ra[5] ^= 1;
	/* decrypts to garbage; with overwhelming likelihood the length byte is > 31 */
	if (rad_mppe_key_decrypt(SECRET, ra, val, 34, key, 16) == 0)
		assert_memory_not_equal(key, want, 16);
	ra[5] ^= 1;
	assert_int_equal(rad_mppe_key_encrypt(SECRET, ra, 0x1234, want, 16, mine, &n), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc2865_example),
		cmocka_unit_test(test_long_password),
		cmocka_unit_test(test_attributes),
		cmocka_unit_test(test_check_refuses),
		cmocka_unit_test(test_bad_vsa),
		cmocka_unit_test(test_acct_authenticator),
		cmocka_unit_test(test_message_authenticator),
		cmocka_unit_test(test_mppe_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
