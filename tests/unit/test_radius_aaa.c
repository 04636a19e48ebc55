// SPDX-License-Identifier: GPL-2.0
/*
 * What RADIUS means for a session: Access-Accept attributes into struct auth_attrs (with
 * Framed-Route's forms and refusals), accounting records (gigawords, terminate causes, Class),
 * and the durable spool (records survive a reopen, tombstones hold, a torn tail is dropped,
 * the file empties when everything is acknowledged).
 */
/* unit-test-sources: daemon/aaa/radius_attrs.c daemon/radius/acct.c daemon/radius/spool.c daemon/radius/client.c daemon/radius/packet.c daemon/radius/crypto.c @config daemon/core/log.c daemon/core/loop.c daemon/core/timer.c daemon/aaa/rate_attrs.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/stat.h>
#include <cmocka.h>
#include "admin/config.h"
#include "aaa/aaa_menu.h"
#include "aaa/radius.h"
#include "aaa/rate_attrs.h"
#include "ppp/link.h"
#include "radius/acct.h"
#include "radius/packet.h"
#include "radius/spool.h"

const struct ppp_link_acct_ops *ppp_link_acct;	/* ppp/link.c's, not linked here */

static void test_routes(void **state)
{
	static const struct {
		const char *in, *out;
	} ok[] = {
		{ "10.88.0.0/24 0.0.0.0 1", "10.88.0.0/24" },
		{ "10.88.0.5/24 10.9.0.7 3", "10.88.0.0/24 10.9.0.7 3" },
		{ "192.168.5.0/24", "192.168.5.0/24" },
		{ "10.1.2.3", "10.1.2.3/32" },
		{ "0.0.0.0/0 10.0.0.1", "0.0.0.0/0 10.0.0.1 0" },
	};
	static const char *const bad[] = {
		"", "10.88.0.0/33", "10.88.0.0/24 gw", "10.88.0.0/24 0.0.0.0 1 extra",
		"10.88.0.0/24,10.89.0.0/24", "10.88.0.0/ 0.0.0.0", "x/24", "10.0.0.0/24 0.0.0.0 70000",
		"10.0.0.0/24\n0.0.0.0",
	};
	char out[96];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(auth_radius_route((const uint8_t *)ok[i].in, strlen(ok[i].in), out,
						   sizeof(out)), 0);
		assert_string_equal(out, ok[i].out);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (!auth_radius_route((const uint8_t *)bad[i], strlen(bad[i]), out, sizeof(out)))
			fail_msg("accepted: %s", bad[i]);
}

static void test_parse_accept(void **state)
{
	struct rad_packet p;
	struct auth_attrs a;
	uint32_t ip = inet_addr("10.220.0.50"), dns = inet_addr("10.0.0.53");
	uint8_t cls[200];

	(void)state;
	memset(cls, 0xc5, sizeof(cls));
	rad_init(&p, RAD_ACCESS_ACCEPT, 1);
	rad_put(&p, RAD_FRAMED_IP_ADDRESS, &ip, 4);
	rad_put_str(&p, RAD_FRAMED_ROUTE, "10.88.0.0/24 0.0.0.0 1");
	rad_put_str(&p, RAD_FRAMED_ROUTE, "not a route");
	rad_put_str(&p, RAD_FRAMED_ROUTE, "10.89.0.0/16 10.220.0.50 5");
	rad_put_u32(&p, RAD_SESSION_TIMEOUT, 600);
	rad_put_u32(&p, RAD_IDLE_TIMEOUT, 60);
	rad_put_u32(&p, RAD_ACCT_INTERIM_INTERVAL, 10);	/* under RFC 2869's 60: raised */
	rad_put(&p, RAD_CLASS, cls, sizeof(cls));
	rad_put_str(&p, RAD_CLASS, "second");
	rad_put_str(&p, RAD_FRAMED_POOL, "pool2");
	rad_put_vsa(&p, RAD_VENDOR_MIKROTIK, RAD_MT_RATE_LIMIT, "1M/2M", 5);
	rad_put_vsa(&p, RAD_VENDOR_MIKROTIK, RAD_MT_GROUP, "enc", 3);
	rad_put_vsa(&p, RAD_VENDOR_MICROSOFT, RAD_MS_PRIMARY_DNS, &dns, 4);
	rad_put(&p, RAD_FRAMED_IPV6_PREFIX, "\0\x40\x20\x01\x0d\xb8\x00\x07\x00\x09", 10);
	rad_put_str(&p, RAD_FRAMED_IPV6_POOL, "v6-radius");
	rad_put(&p, RAD_DELEGATED_IPV6_PREFIX, "\0\x38\x20\x01\x0d\xb8\x03\x00\x01", 9);
	rad_put(&p, RAD_DNS_SERVER_IPV6_ADDRESS, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x53", 16);
	rad_put(&p, RAD_DNS_SERVER_IPV6_ADDRESS, "\x20\x01\x0d\xb8", 4);	/* short: left out */
	rad_put(&p, RAD_DNS_SERVER_IPV6_ADDRESS, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x54", 16);
	rad_put(&p, RAD_DNS_SERVER_IPV6_ADDRESS, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x55", 16);
	rad_put(&p, RAD_DNS_SERVER_IPV6_ADDRESS, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x56", 16);
	auth_radius_parse_accept(p.data, p.len, &a);
	assert_int_equal(a.ndns6, 3);			/* the first three, in order */
	assert_int_equal(a.dns6[0][15], 0x53);
	assert_int_equal(a.dns6[1][15], 0x54);
	assert_int_equal(a.dns6[2][15], 0x55);
	assert_int_equal(a.delegated_ipv6_len, 56);
	assert_memory_equal(a.delegated_ipv6, "\x20\x01\x0d\xb8\x03\x00\x01\0\0\0\0\0\0\0\0\0", 16);
	assert_true(a.from_radius);
	assert_int_equal(a.framed_ipv6_len, 64);
	assert_memory_equal(a.framed_ipv6, "\x20\x01\x0d\xb8\x00\x07\x00\x09\0\0\0\0\0\0\0\0", 16);
	assert_string_equal(a.framed_ipv6_pool, "v6-radius");
	assert_int_equal(a.framed_ip, ip);
	assert_string_equal(a.routes, "10.88.0.0/24,10.89.0.0/16 10.220.0.50 5");
	assert_int_equal(a.session_timeout, 600);
	assert_int_equal(a.idle_timeout, 60);
	assert_int_equal(a.interim, 60);
	assert_int_equal(a.class_len, sizeof(cls));
	assert_memory_equal(a.class_, cls, sizeof(cls));
	assert_string_equal(a.framed_pool, "pool2");
	assert_string_equal(a.rate_limit, "1M/2M");
	assert_string_equal(a.profile, "enc");
	assert_int_equal(a.dns[0], dns);
	assert_int_equal(a.dns[1], 0);

	/* values of the wrong size or with control characters are left out */
	rad_init(&p, RAD_ACCESS_ACCEPT, 1);
	rad_put(&p, RAD_FRAMED_IP_ADDRESS, &ip, 3);
	rad_put(&p, RAD_SESSION_TIMEOUT, "\1\2", 2);
	rad_put_str(&p, RAD_FRAMED_POOL, "bad pool");
	rad_put_vsa(&p, RAD_VENDOR_MIKROTIK, RAD_MT_RATE_LIMIT, "1M\n", 3);
	rad_put(&p, RAD_FRAMED_IPV6_PREFIX, "\0\x80\x20\x01", 4);	/* /128: too long */
	auth_radius_parse_accept(p.data, p.len, &a);
	assert_int_equal(a.framed_ipv6_len, 0);
	rad_init(&p, RAD_ACCESS_ACCEPT, 1);
	rad_put(&p, RAD_FRAMED_IPV6_PREFIX, "\0\x30\x20\x01\x0d\xb8\x00\x07\x00\x09", 10);
	auth_radius_parse_accept(p.data, p.len, &a);
	assert_int_equal(a.framed_ipv6_len, 0);		/* /48 with bits past 48 */
	rad_init(&p, RAD_ACCESS_ACCEPT, 1);
	rad_put(&p, RAD_FRAMED_IPV6_PREFIX, "\0\x40\x20\x01", 4);	/* too few bytes */
	rad_put(&p, RAD_FRAMED_IP_ADDRESS, &ip, 3);
	assert_int_equal(a.session_timeout, 0);
	assert_string_equal(a.framed_pool, "");
	assert_string_equal(a.rate_limit, "");
	assert_int_equal(a.framed_ipv6_len, 0);
}

static void aaa_set(const char *key, const char *value)
{
	struct strbuf err;

	sb_init(&err);
	if (cfg_set(&ppp_aaa_menu, cfg_find(&ppp_aaa_menu, NULL), &key, &value, 1, &err))
		fail_msg("%s", err.p);
	sb_free(&err);
}

/* accel-ppp's and Cisco ISG's spellings of a rate, as a RADIUS server set up for them sends */
static void cisco_pair(struct rad_packet *p, const char *dir, const char *bps)
{
	char v[160];

	snprintf(v, sizeof(v), "lcp:interface-config#1=rate-limit %s %s 384000 768000 "
		 "conform-action transmit exceed-action drop", dir, bps);
	rad_put_vsa(p, RAD_VENDOR_CISCO, RAD_CISCO_AVPAIR, v, strlen(v));
}

static const char *rate_of(const struct rad_packet *p)
{
	static struct auth_attrs a;

	auth_radius_parse_accept(p->data, p->len, &a);
	return a.rate_limit;
}

/*
 * /ppp aaa rate-limit-attributes: Mikrotik-Rate-Limit alone by default; with filter-id and
 * cisco-avpair allowed, Filter-Id when it is a rate (an ACL name is not), then Cisco-AVPair's
 * input (the client's upload, rx) and output; Mikrotik-Rate-Limit still wins.
 */
static void test_rate_attributes(void **state)
{
	struct rad_packet p;
	char out[64];

	(void)state;
	assert_int_equal(config_init(), 0);
	rad_init(&p, RAD_ACCESS_ACCEPT, 1);
	rad_put_str(&p, RAD_FILTER_ID, "2M/1M");
	cisco_pair(&p, "input", "2048000");
	assert_string_equal(rate_of(&p), "");		/* not allowed by default */
	aaa_set("rate-limit-attributes", "mikrotik-rate-limit,filter-id,cisco-avpair");
	assert_string_equal(rate_of(&p), "2M/1M");
	rad_init(&p, RAD_ACCESS_ACCEPT, 1);
	rad_put_str(&p, RAD_FILTER_ID, "acl-guests");
	cisco_pair(&p, "input", "2048000");
	cisco_pair(&p, "output", "4096000");
	assert_string_equal(rate_of(&p), "2048000/4096000");
	rad_put_vsa(&p, RAD_VENDOR_MIKROTIK, RAD_MT_RATE_LIMIT, "1M/2M", 5);
	assert_string_equal(rate_of(&p), "1M/2M");
	/* one direction only: the other unlimited */
	rad_init(&p, RAD_ACCESS_ACCEPT, 1);
	cisco_pair(&p, "output", "512000");
	assert_string_equal(rate_of(&p), "0/512000");
	assert_int_equal(auth_radius_rate_limit(p.data, p.len, out, sizeof(out)), 1);
	/* unusable: a rate-limit without its number, a rate below 8k, another direction */
	rad_init(&p, RAD_ACCESS_ACCEPT, 1);
	cisco_pair(&p, "input", "fast");
	assert_int_equal(auth_radius_rate_limit(p.data, p.len, out, sizeof(out)), -1);
	assert_string_equal(rate_of(&p), "");
	rad_init(&p, RAD_ACCESS_ACCEPT, 1);
	cisco_pair(&p, "input", "1000");
	assert_int_equal(auth_radius_rate_limit(p.data, p.len, out, sizeof(out)), -1);
	rad_init(&p, RAD_ACCESS_ACCEPT, 1);
	cisco_pair(&p, "sideways", "2048000");
	assert_int_equal(auth_radius_rate_limit(p.data, p.len, out, sizeof(out)), -1);
	/* only Filter-Id allowed: Cisco-AVPair is not read */
	aaa_set("rate-limit-attributes", "filter-id");
	rad_init(&p, RAD_ACCESS_ACCEPT, 1);
	cisco_pair(&p, "input", "2048000");
	rad_put_vsa(&p, RAD_VENDOR_MIKROTIK, RAD_MT_RATE_LIMIT, "1M/2M", 5);
	assert_int_equal(auth_radius_rate_limit(p.data, p.len, out, sizeof(out)), 0);
	aaa_set("rate-limit-attributes", "mikrotik-rate-limit");
}

static void test_acct_record(void **state)
{
	static const uint8_t cls[] = { 'c', 'l', 'a', 's', 's' };
	struct rad_acct_session s = {
		.status = 2, .user = "alice", .session_id = "0000002a", .nas_id = "router",
		.cause = "idle-timeout", .nas_ip = inet_addr("10.8.0.1"), .nas_port = 7,
		.caller = inet_addr("10.9.0.2"), .framed_ip = inet_addr("10.220.0.50"),
		.session_time = 125, .in_octets = 0x100000005ULL, .out_octets = 42,
		.in_packets = 9, .out_packets = 8, .class_ = cls, .class_len = sizeof(cls),
		.authentic = 1, .now = 1700000000,
		.framed_ipv6 = (const uint8_t *)"\x20\x01\x0d\xb8\x01\x00\x00\x05\0\0\0\0\0\0\0\0",
		.framed_ipv6_len = 64,
		.delegated_ipv6 = (const uint8_t *)"\x20\x01\x0d\xb8\x03\x00\x01\0\0\0\0\0\0\0\0\0",
		.delegated_ipv6_len = 56,
	};
	uint8_t buf[RAD_MAX_LEN], pkt[RAD_MAX_LEN];
	struct rad_attr a;
	size_t len;
	uint32_t v;

	(void)state;
	assert_int_equal(rad_acct_build(&s, buf, sizeof(buf), &len), 0);
	memset(pkt, 0, RAD_HDR_LEN);
	memcpy(pkt + RAD_HDR_LEN, buf, len);
	len += RAD_HDR_LEN;
#define U32(t, want) do { assert_true(rad_get_u32(pkt, len, t, &v)); assert_int_equal(v, want); } while (0)
	U32(RAD_ACCT_STATUS_TYPE, 2);
	U32(RAD_ACCT_INPUT_OCTETS, 5);
	U32(RAD_ACCT_INPUT_GIGAWORDS, 1);
	U32(RAD_ACCT_OUTPUT_OCTETS, 42);
	U32(RAD_ACCT_OUTPUT_GIGAWORDS, 0);
	U32(RAD_ACCT_SESSION_TIME, 125);
	U32(RAD_ACCT_TERMINATE_CAUSE, 4);
	U32(RAD_ACCT_INPUT_PACKETS, 9);
	U32(RAD_EVENT_TIMESTAMP, 1700000000);
	assert_true(rad_find(pkt, len, RAD_CLASS, &a));
	assert_int_equal(a.len, sizeof(cls));
	assert_true(rad_find(pkt, len, RAD_CALLING_STATION_ID, &a));
	assert_memory_equal(a.val, "10.9.0.2", a.len);
	assert_true(rad_find(pkt, len, RAD_FRAMED_IPV6_PREFIX, &a));	/* RFC 3162 2.3 */
	assert_int_equal(a.len, 10);
	assert_memory_equal(a.val, "\0\x40\x20\x01\x0d\xb8\x01\x00\x00\x05", 10);
	assert_true(rad_find(pkt, len, RAD_DELEGATED_IPV6_PREFIX, &a));	/* RFC 4818 */
	assert_int_equal(a.len, 9);
	assert_memory_equal(a.val, "\0\x38\x20\x01\x0d\xb8\x03\x00\x01", 9);
	assert_false(rad_find(pkt, len, RAD_ACCT_DELAY_TIME, &a));	/* the engine's */
	/* a start has no counters; Accounting-On names only the NAS */
	s.status = 1;
	assert_int_equal(rad_acct_build(&s, buf, sizeof(buf), &len), 0);
	memcpy(pkt + RAD_HDR_LEN, buf, len);
	len += RAD_HDR_LEN;
	assert_false(rad_find(pkt, len, RAD_ACCT_INPUT_OCTETS, &a));
	assert_false(rad_find(pkt, len, RAD_ACCT_TERMINATE_CAUSE, &a));
	s.status = 7;
	assert_int_equal(rad_acct_build(&s, buf, sizeof(buf), &len), 0);
	memcpy(pkt + RAD_HDR_LEN, buf, len);
	len += RAD_HDR_LEN;
	assert_false(rad_find(pkt, len, RAD_USER_NAME, &a));
	/* a PPPoE session's: the MAC as Calling-Station-Id, NAS-Port-Type Ethernet */
	s.status = 1;
	s.caller = 0;
	s.caller_id = "02:00:00:00:0A:01";
	s.nas_port_type = 15;
	assert_int_equal(rad_acct_build(&s, buf, sizeof(buf), &len), 0);
	memcpy(pkt + RAD_HDR_LEN, buf, len);
	len = RAD_HDR_LEN + len;
	assert_true(rad_find(pkt, len, RAD_CALLING_STATION_ID, &a));
	assert_int_equal(a.len, 17);
	assert_memory_equal(a.val, "02:00:00:00:0A:01", 17);
	U32(RAD_NAS_PORT_TYPE, 15);
	assert_int_equal(rad_acct_terminate_cause("session-timeout"), 5);
	assert_int_equal(rad_acct_terminate_cause("admin-reset"), 6);
	assert_int_equal(rad_acct_terminate_cause("lost-carrier"), 2);
	assert_int_equal(rad_acct_terminate_cause("something-else"), 10);
	assert_int_equal(rad_acct_terminate_cause(NULL), 10);
}

static char spool_path[64];

static void collect(void *arg, uint64_t seq, int64_t created, const uint8_t *data, size_t len)
{
	struct strbuf *sb = arg;

	sb_printf(sb, "%llu:%lld:%.*s;", (unsigned long long)seq, (long long)created, (int)len,
		  (const char *)data);
}

static char *file_records(void)
{
	static char text[4096];
	struct strbuf sb;
	uint8_t buf[65536];
	FILE *f = fopen(spool_path, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	sb_init(&sb);
	sb_puts(&sb, "");
	rad_spool_parse(buf, n, collect, &sb);
	snprintf(text, sizeof(text), "%s", sb.p);
	sb_free(&sb);
	return text;
}

static off_t file_size(void)
{
	struct stat st;

	assert_int_equal(stat(spool_path, &st), 0);
	return st.st_size;
}

static void test_spool(void **state)
{
	struct rad_spool_rec *a, *b, *c;
	FILE *f;

	(void)state;
	snprintf(spool_path, sizeof(spool_path), "/tmp/test-spool.%d", (int)getpid());
	unlink(spool_path);
	assert_int_equal(rad_spool_open(spool_path), 0);
	assert_int_equal(rad_spool_count(), 0);
	a = rad_spool_push((const uint8_t *)"one", 3, 100);
	b = rad_spool_push((const uint8_t *)"two", 3, 101);
	c = rad_spool_push((const uint8_t *)"three", 5, 102);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_int_equal(rad_spool_sync(), 0);
	assert_ptr_equal(rad_spool_first(), a);
	rad_spool_done(b);
	assert_string_equal(file_records(), "1:100:one;3:102:three;");
	/* a restart: the live ones come back in order, the file holds only them */
	rad_spool_close();
	assert_int_equal(rad_spool_open(spool_path), 0);
	assert_int_equal(rad_spool_count(), 2);
	assert_memory_equal(rad_spool_first()->data, "one", 3);
	assert_memory_equal(rad_spool_first()->next->data, "three", 5);
	assert_string_equal(file_records(), "1:100:one;3:102:three;");
	/* new records continue the numbering */
	a = rad_spool_push((const uint8_t *)"four", 4, 103);
	assert_int_equal(a->seq, 4);
	rad_spool_close();
	/* a torn last entry (a crash mid-write) is dropped, the rest kept */
	assert_int_equal(truncate(spool_path, file_size() - 3), 0);
	assert_int_equal(rad_spool_open(spool_path), 0);
	assert_int_equal(rad_spool_count(), 2);
	/* garbage appended is dropped too */
	rad_spool_close();
	f = fopen(spool_path, "ab");
	fputs("garbage garbage garbage garbage", f);
	fclose(f);
	assert_int_equal(rad_spool_open(spool_path), 0);
	assert_int_equal(rad_spool_count(), 2);
	/* everything acknowledged: the file is empty */
	while (rad_spool_first())
		rad_spool_done(rad_spool_first());
	assert_int_equal(file_size(), 0);
	assert_int_equal(rad_spool_count(), 0);
	rad_spool_close();
	unlink(spool_path);
	/* memory only */
	assert_int_equal(rad_spool_open(NULL), 0);
	assert_non_null(rad_spool_push((const uint8_t *)"x", 1, 1));
	assert_int_equal(rad_spool_count(), 1);
	rad_spool_close();
}

static void test_spool_bound(void **state)
{
	size_t i;

	(void)state;
	assert_int_equal(rad_spool_open(NULL), 0);
	for (i = 0; i < RAD_SPOOL_MAX; i++)
		assert_non_null(rad_spool_push((const uint8_t *)"r", 1, 1));
	assert_null(rad_spool_push((const uint8_t *)"r", 1, 1));
	assert_int_equal(rad_spool_dropped(), 1);
	rad_spool_close();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routes),
		cmocka_unit_test(test_parse_accept),
		cmocka_unit_test(test_rate_attributes),
		cmocka_unit_test(test_acct_record),
		cmocka_unit_test(test_spool),
		cmocka_unit_test(test_spool_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
