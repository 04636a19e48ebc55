// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/ppp/dhcpv6.c: what a PPP session's DHCPv6 client is answered, message by message
 * as RFC 8415 has them (Solicit, with and without Rapid Commit, Request, Renew, Rebind,
 * Release, Information-request), and what is dropped.
 */
/* unit-test-sources: daemon/ppp/dhcpv6.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include "ppp/dhcpv6.h"

static const uint8_t server_duid[] = { 0, 3, 0, 1, 2, 0, 0, 0, 0, 1 };	/* DUID-LL */
static const uint8_t client_duid[] = { 0, 1, 0, 1, 0x2a, 0x2b, 0x2c, 0x2d, 2, 0, 0, 0, 0, 2 };

static struct dhcpv6_binding binding(void)
{
	struct dhcpv6_binding b = { .server_duid = server_duid,
				    .server_duid_len = sizeof(server_duid),
				    .prefix_len = 56, .preferred = 3600, .valid = 7200, .ndns = 1 };

	inet_pton(AF_INET6, "2001:db8:200:100::", b.prefix);
	inet_pton(AF_INET6, "2001:db8::53", b.dns[0]);
	return b;
}

/* a request being built */
static uint8_t msg[512];
static size_t mlen;

static void start(uint8_t type)
{
	msg[0] = type;
	msg[1] = 0xa1, msg[2] = 0xb2, msg[3] = 0xc3;
	mlen = 4;
}

static void add(uint16_t code, const void *v, size_t len)
{
	msg[mlen] = (uint8_t)(code >> 8), msg[mlen + 1] = (uint8_t)code;
	msg[mlen + 2] = (uint8_t)(len >> 8), msg[mlen + 3] = (uint8_t)len;
	memcpy(msg + mlen + 4, v, len);
	mlen += 4 + len;
}

static void add_ia_pd(uint8_t iaid)
{
	uint8_t v[12] = { 0, 0, 0, iaid };

	add(25, v, sizeof(v));
}

/* an IA_PD naming a prefix (a hint, or the one the client holds) */
static void add_ia_pd_named(uint8_t iaid, const char *prefix, uint8_t len)
{
	uint8_t v[12 + 29] = { 0, 0, 0, iaid, [12] = 0, 26, 0, 25, [12 + 4 + 8] = len };

	inet_pton(AF_INET6, prefix, v + 12 + 4 + 9);
	add(25, v, sizeof(v));
}

static void add_ids(bool server)
{
	add(1, client_duid, sizeof(client_duid));
	if (server)
		add(2, server_duid, sizeof(server_duid));
}

/* the option code of the answer, its value in *v; NULL if absent */
static const uint8_t *find(const uint8_t *a, size_t len, uint16_t code, size_t *vlen)
{
	size_t off = 4;

	while (off + 4 <= len) {
		uint16_t c = (uint16_t)(a[off] << 8 | a[off + 1]);
		size_t l = (size_t)(a[off + 2] << 8 | a[off + 3]);

		assert_true(off + 4 + l <= len);
		if (c == code) {
			*vlen = l;
			return a + off + 4;
		}
		off += 4 + l;
	}
	return NULL;
}

static size_t answer(uint8_t *out, enum dhcpv6_drop *why)
{
	struct dhcpv6_binding b = binding();

	return dhcpv6_answer(msg, mlen, &b, out, DHCPV6_MSG_MAX, why);
}

/* An IA_PD's IAPREFIX: its prefix length, and the prefix in p */
static unsigned int iaprefix(const uint8_t *ia, size_t len, uint8_t p[16], uint32_t *valid)
{
	assert_true(len >= 12 + 29);
	assert_int_equal(ia[12] << 8 | ia[13], 26);
	memcpy(p, ia + 12 + 4 + 9, 16);
	*valid = (uint32_t)(ia[20] << 24 | ia[21] << 16 | ia[22] << 8 | ia[23]);
	return ia[12 + 4 + 8];
}

/* Solicit: an Advertise with our identifier, the client's, the prefix and the DNS asked for */
static void test_solicit(void **state)
{
	static const uint8_t oro[] = { 0, 23 };
	uint8_t out[DHCPV6_MSG_MAX], p[16], want[16];
	enum dhcpv6_drop why;
	const uint8_t *v;
	uint32_t valid;
	size_t n, vl;

	(void)state;
	start(DHCPV6_SOLICIT);
	add_ids(false);
	add_ia_pd(7);
	add(6, oro, sizeof(oro));
	add(8, "\0\0", 2);			/* Elapsed Time: not ours to read */
	n = answer(out, &why);
	assert_true(n > 4);
	assert_int_equal(out[0], DHCPV6_ADVERTISE);
	assert_memory_equal(out + 1, "\xa1\xb2\xc3", 3);
	v = find(out, n, 2, &vl);
	assert_non_null(v);
	assert_int_equal(vl, sizeof(server_duid));
	v = find(out, n, 1, &vl);
	assert_non_null(v);
	assert_memory_equal(v, client_duid, sizeof(client_duid));
	v = find(out, n, 25, &vl);
	assert_non_null(v);
	assert_int_equal(v[3], 7);			/* the IAID */
	assert_int_equal(v[4] << 24 | v[5] << 16 | v[6] << 8 | v[7], 1800);	/* T1 */
	assert_int_equal(v[8] << 24 | v[9] << 16 | v[10] << 8 | v[11], 2880);	/* T2 */
	assert_int_equal(iaprefix(v, vl, p, &valid), 56);
	inet_pton(AF_INET6, "2001:db8:200:100::", want);
	assert_memory_equal(p, want, 16);
	assert_int_equal(valid, 7200);
	v = find(out, n, 23, &vl);
	assert_non_null(v);
	assert_int_equal(vl, 16);
	assert_null(find(out, n, 14, &vl));		/* no Rapid Commit asked */
}

/* Solicit with Rapid Commit: a Reply at once, Rapid Commit in it; no DNS unless asked */
static void test_rapid_commit_and_ia_na(void **state)
{
	uint8_t out[DHCPV6_MSG_MAX], na[12] = { 0, 0, 0, 9 };
	enum dhcpv6_drop why;
	const uint8_t *v;
	size_t n, vl;

	(void)state;
	start(DHCPV6_SOLICIT);
	add_ids(false);
	add(14, "", 0);
	add_ia_pd(1);
	add_ia_pd(2);
	add(3, na, sizeof(na));
	n = answer(out, &why);
	assert_int_equal(out[0], DHCPV6_REPLY);
	assert_non_null(find(out, n, 14, &vl));
	assert_null(find(out, n, 23, &vl));
	v = find(out, n, 3, &vl);			/* addresses: none of ours */
	assert_non_null(v);
	assert_int_equal(v[3], 9);
	assert_int_equal(v[12] << 8 | v[13], 13);
	assert_int_equal(v[16] << 8 | v[17], 2);	/* NoAddrsAvail */
}

/*
 * Request, Renew: a Reply with the binding; a Renew naming an old prefix gets it back with
 * lifetimes 0 beside ours. Rebind names no server. Release: Success.
 */
static void test_request_renew_rebind_release(void **state)
{
	uint8_t out[DHCPV6_MSG_MAX], ia[12 + 29] = { 0, 0, 0, 7 };
	enum dhcpv6_drop why;
	const uint8_t *v;
	size_t n, vl;

	(void)state;
	start(DHCPV6_REQUEST);
	add_ids(true);
	add_ia_pd(7);
	n = answer(out, &why);
	assert_int_equal(out[0], DHCPV6_REPLY);
	assert_non_null(find(out, n, 25, &vl));

	ia[12] = 0, ia[13] = 26, ia[14] = 0, ia[15] = 25;
	ia[12 + 4 + 8] = 56;
	inet_pton(AF_INET6, "2001:db8:999::", ia + 12 + 4 + 9);
	start(DHCPV6_RENEW);
	add_ids(true);
	add(25, ia, sizeof(ia));
	n = answer(out, &why);
	v = find(out, n, 25, &vl);
	assert_non_null(v);
	assert_int_equal(vl, 12 + 29 + 29);		/* ours, and the old one at 0 */
	assert_int_equal(v[12 + 29 + 4 + 4] | v[12 + 29 + 4 + 7], 0);

	start(DHCPV6_REBIND);
	add_ids(false);
	add_ia_pd(7);
	assert_true(answer(out, &why) > 0);

	start(DHCPV6_RELEASE);
	add_ids(true);
	add_ia_pd(7);
	n = answer(out, &why);
	v = find(out, n, 13, &vl);
	assert_non_null(v);
	assert_int_equal(v[0] << 8 | v[1], 0);
	assert_null(find(out, n, 25, &vl));
}

/*
 * A hint (dhcpcd sends ::/56) in a Solicit is only a hint: not echoed. Renew without a
 * binding: NoBinding; Rebind: the prefix named back with lifetimes 0. Only a Solicit,
 * Request, Renew or Rebind with an IA_PD is worth a prefix from a pool.
 */
static void test_hints_and_lost_bindings(void **state)
{
	struct dhcpv6_binding b = binding();
	uint8_t out[DHCPV6_MSG_MAX];
	enum dhcpv6_drop why;
	const uint8_t *v;
	size_t n, vl;

	(void)state;
	start(DHCPV6_SOLICIT);
	add_ids(false);
	add_ia_pd_named(1, "::", 56);
	assert_true(dhcpv6_wants_prefix(msg, mlen));
	n = answer(out, &why);
	v = find(out, n, 25, &vl);
	assert_non_null(v);
	assert_int_equal(vl, 12 + 29);			/* ours alone */

	b.prefix_len = 0;
	start(DHCPV6_RENEW);
	add_ids(true);
	add_ia_pd_named(1, "2001:db8:999::", 56);
	n = dhcpv6_answer(msg, mlen, &b, out, sizeof(out), &why);
	v = find(out, n, 25, &vl);
	assert_int_equal(vl, 12 + 29 + 6);		/* the old one at 0, and NoBinding */
	assert_int_equal(v[12 + 29 + 4] << 8 | v[12 + 29 + 5], 3);

	start(DHCPV6_REBIND);
	add_ids(false);
	add_ia_pd_named(1, "2001:db8:999::", 56);
	n = dhcpv6_answer(msg, mlen, &b, out, sizeof(out), &why);
	v = find(out, n, 25, &vl);
	assert_int_equal(vl, 12 + 29);			/* the old one at 0, no status */
	assert_int_equal(v[12 + 4 + 4] | v[12 + 4 + 7], 0);

	start(DHCPV6_INFORMATION_REQUEST);
	assert_false(dhcpv6_wants_prefix(msg, mlen));
	start(DHCPV6_RELEASE);
	add_ids(true);
	add_ia_pd(1);
	assert_false(dhcpv6_wants_prefix(msg, mlen));
	start(DHCPV6_SOLICIT);
	add_ids(false);
	assert_false(dhcpv6_wants_prefix(msg, mlen));	/* no IA_PD */
}

/* No prefix for the session: NoPrefixAvail in the IA_PD. Information-request: the DNS. */
static void test_no_prefix_and_information(void **state)
{
	static const uint8_t oro[] = { 0, 23 };
	struct dhcpv6_binding b = binding();
	uint8_t out[DHCPV6_MSG_MAX];
	enum dhcpv6_drop why;
	const uint8_t *v;
	size_t n, vl;

	(void)state;
	b.prefix_len = 0;
	start(DHCPV6_SOLICIT);
	add_ids(false);
	add_ia_pd(3);
	n = dhcpv6_answer(msg, mlen, &b, out, sizeof(out), &why);
	v = find(out, n, 25, &vl);
	assert_non_null(v);
	assert_int_equal(vl, 12 + 6);
	assert_int_equal(v[16] << 8 | v[17], 6);	/* NoPrefixAvail */

	start(DHCPV6_INFORMATION_REQUEST);
	add(6, oro, sizeof(oro));
	n = answer(out, &why);
	assert_int_equal(out[0], DHCPV6_REPLY);
	assert_non_null(find(out, n, 23, &vl));
	assert_null(find(out, n, 25, &vl));
}

/* Dropped, by reason: RFC 8415 16's discards, types not for a server, malformed ones */
static void test_dropped(void **state)
{
	static const uint8_t other[] = { 0, 3, 0, 1, 9, 9, 9, 9, 9, 9 };
	uint8_t out[DHCPV6_MSG_MAX];
	enum dhcpv6_drop why;

	(void)state;
	start(DHCPV6_SOLICIT);			/* no Client Identifier */
	add_ia_pd(1);
	assert_int_equal(answer(out, &why), 0);
	assert_int_equal(why, DHCPV6_DROP_NOT_OURS);
	start(DHCPV6_SOLICIT);			/* names a server */
	add_ids(true);
	assert_int_equal(answer(out, &why), 0);
	start(DHCPV6_REQUEST);			/* names another */
	add(1, client_duid, sizeof(client_duid));
	add(2, other, sizeof(other));
	assert_int_equal(answer(out, &why), 0);
	assert_int_equal(why, DHCPV6_DROP_NOT_OURS);
	start(DHCPV6_RENEW);			/* names none */
	add_ids(false);
	assert_int_equal(answer(out, &why), 0);
	start(DHCPV6_REPLY);
	add_ids(true);
	assert_int_equal(answer(out, &why), 0);
	assert_int_equal(why, DHCPV6_DROP_TYPE);
	start(DHCPV6_CONFIRM);
	add_ids(false);
	assert_int_equal(answer(out, &why), 0);
	assert_int_equal(why, DHCPV6_DROP_TYPE);
	start(DHCPV6_SOLICIT);			/* an option running past the end */
	add_ids(false);
	msg[mlen - 1 - sizeof(client_duid)] = 200;
	assert_int_equal(answer(out, &why), 0);
	assert_int_equal(why, DHCPV6_DROP_MALFORMED);
	start(DHCPV6_SOLICIT);			/* a one-byte DUID */
	add(1, "x", 1);
	assert_int_equal(answer(out, &why), 0);
	assert_int_equal(why, DHCPV6_DROP_MALFORMED);
	start(DHCPV6_SOLICIT);			/* an IA_PD too short for its IAID, T1, T2 */
	add_ids(false);
	add(25, "\0\0\0\1", 4);
	assert_int_equal(answer(out, &why), 0);
	assert_int_equal(dhcpv6_answer(msg, 3, NULL, out, sizeof(out), &why), 0);
	assert_string_equal(dhcpv6_drop_name(why), "malformed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_solicit),
		cmocka_unit_test(test_rapid_commit_and_ia_na),
		cmocka_unit_test(test_request_renew_rebind_release),
		cmocka_unit_test(test_no_prefix_and_information),
		cmocka_unit_test(test_hints_and_lost_bindings),
		cmocka_unit_test(test_dropped),
	};

	return cmocka_run_group_tests_name("dhcpv6", tests, NULL, NULL);
}
