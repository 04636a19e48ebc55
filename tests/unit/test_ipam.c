// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/aaa/ipam.c: pools, next-pool, exhaustion, release, fixed addresses; and
 * daemon/aaa/ipam6.c: /ipv6 pool prefixes.
 */
/* unit-test-sources: daemon/aaa/ipam.c daemon/aaa/ipam6.c @config daemon/core/log.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <arpa/inet.h>
#include <errno.h>
#include <cmocka.h>
#include "admin/config.h"
#include "aaa/pool_menu.h"
#include "aaa/ipam.h"
#include "aaa/ipam6.h"
#include "aaa/ipv6_pool_menu.h"

static void add_pool(const char *name, const char *ranges, const char *next)
{
	const char *keys[] = { "name", "ranges", "next-pool" };
	const char *vals[] = { name, ranges, next };
	struct strbuf err;

	sb_init(&err);
	assert_int_equal(cfg_add((&ip_pool_menu), keys, vals, next ? 3 : 2, &err), 0);
	sb_free(&err);
}

static uint32_t ip(const char *s)
{
	return inet_addr(s);
}

static int setup(void **state)
{
	int ret;

	(void)state;
	ret = config_init();
	config_defer_refs(true);	/* pools name their next-pools before those exist */
	return ret;
}

static int teardown(void **state)
{
	(void)state;
	ipam_done();
	config_done();
	return 0;
}

static void test_order_and_exhaustion(void **state)
{
	uint32_t a;

	(void)state;
	add_pool("p1", "10.0.0.1-10.0.0.3", NULL);
	assert_int_equal(ipam_alloc("p1", &a), 0);
	assert_int_equal(a, ip("10.0.0.1"));
	assert_int_equal(ipam_alloc("p1", &a), 0);
	assert_int_equal(a, ip("10.0.0.2"));
	assert_int_equal(ipam_alloc("p1", &a), 0);
	assert_int_equal(a, ip("10.0.0.3"));
	assert_int_equal(ipam_alloc("p1", &a), -ENOSPC);
	ipam_release(ip("10.0.0.2"));
	assert_int_equal(ipam_alloc("p1", &a), 0);
	assert_int_equal(a, ip("10.0.0.2"));
	assert_int_equal(ipam_alloc("nope", &a), -ENOENT);
	assert_int_equal(ipam_in_use(), 3);
}

static void test_next_pool_and_loops(void **state)
{
	uint32_t a;

	(void)state;
	add_pool("small", "10.1.0.1", "big");
	add_pool("big", "10.2.0.0/30", "small");	/* a loop: must end */
	assert_int_equal(ipam_alloc("small", &a), 0);
	assert_int_equal(a, ip("10.1.0.1"));
	assert_int_equal(ipam_alloc("small", &a), 0);	/* /30: .1 and .2 only */
	assert_int_equal(a, ip("10.2.0.1"));
	assert_int_equal(ipam_alloc("small", &a), 0);
	assert_int_equal(a, ip("10.2.0.2"));
	assert_int_equal(ipam_alloc("small", &a), -ENOSPC);
}

static void test_fixed_addresses(void **state)
{
	uint32_t a;

	(void)state;
	add_pool("p", "10.3.0.1-10.3.0.2", NULL);
	assert_int_equal(ipam_reserve(ip("10.3.0.1")), 0);
	assert_int_equal(ipam_reserve(ip("10.3.0.1")), -EADDRINUSE);
	assert_int_equal(ipam_alloc("p", &a), 0);
	assert_int_equal(a, ip("10.3.0.2"));		/* the pool skips the fixed one */
	assert_int_equal(ipam_reserve(ip("0.0.0.0")), -EINVAL);
}

static void test_many(void **state)
{
	uint32_t a;
	int i;

	(void)state;
	add_pool("big", "10.4.0.0/16", NULL);
	for (i = 0; i < 65534; i++)
		assert_int_equal(ipam_alloc("big", &a), 0);
	assert_int_equal(ipam_alloc("big", &a), -ENOSPC);
	for (i = 1; i < 1000; i += 2)
		ipam_release(htonl(ntohl(ip("10.4.0.0")) + (uint32_t)i));
	for (i = 0; i < 500; i++)
		assert_int_equal(ipam_alloc("big", &a), 0);
	assert_int_equal(ipam_alloc("big", &a), -ENOSPC);
	assert_int_equal(ipam_in_use(), 65534);
}

static int add_pool6(const char *name, const char *prefix, const char *len)
{
	const char *keys[] = { "name", "prefix", "prefix-length" };
	const char *vals[] = { name, prefix, len };
	struct strbuf err;
	int ret;

	sb_init(&err);
	ret = cfg_add(&ipv6_pool_menu, keys, vals, 3, &err);
	sb_free(&err);
	return ret;
}

static void prefix6_is(const struct ipam6_prefix *p, const char *text, unsigned int len)
{
	uint8_t want[16];

	assert_int_equal(inet_pton(AF_INET6, text, want), 1);
	assert_memory_equal(p->addr, want, 16);
	assert_int_equal(p->len, len);
}

/*
 * /ipv6 pool: a /62 cut into /64s gives four, in order, then -ENOSPC; a released one comes
 * back only after the others (the cursor moves on); a pool's prefix-length may not be
 * shorter than its prefix, nor its prefix have host bits or be IPv4.
 */
static void test_ipv6_prefixes(void **state)
{
	struct ipam6_prefix p[5];
	uint64_t size, used;
	int i;

	(void)state;
	assert_int_equal(add_pool6("v6", "2001:db8:0:4::/62", "64"), 0);
	assert_int_not_equal(add_pool6("short", "2001:db8::/48", "40"), 0);
	assert_int_not_equal(add_pool6("host", "2001:db8::1/48", "64"), 0);
	assert_int_not_equal(add_pool6("four", "10.0.0.0/8", "24"), 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(ipam6_alloc("v6", &p[i]), 0);
	prefix6_is(&p[0], "2001:db8:0:4::", 64);
	prefix6_is(&p[1], "2001:db8:0:5::", 64);
	prefix6_is(&p[3], "2001:db8:0:7::", 64);
	assert_int_equal(ipam6_alloc("v6", &p[4]), -ENOSPC);
	assert_int_equal(ipam6_alloc("none", &p[4]), -ENOENT);
	assert_int_equal(ipam6_pool_usage("v6", &size, &used), 0);
	assert_int_equal(size, 4);
	assert_int_equal(used, 4);
	ipam6_release("v6", &p[1]);
	ipam6_release("v6", &p[1]);		/* twice: nothing more */
	assert_int_equal(ipam6_pool_usage("v6", &size, &used), 0);
	assert_int_equal(used, 3);
	assert_int_equal(ipam6_alloc("v6", &p[4]), 0);
	prefix6_is(&p[4], "2001:db8:0:5::", 64);
	ipam6_done();
}

/* A /32 cut into /64s: 2^32 prefixes, of which the first 2^20 are handed out. */
static void test_ipv6_large_pool(void **state)
{
	struct ipam6_prefix p;
	uint64_t size, used;

	(void)state;
	assert_int_equal(add_pool6("big", "2001:db8::/32", "64"), 0);
	assert_int_equal(ipam6_alloc("big", &p), 0);
	prefix6_is(&p, "2001:db8::", 64);
	assert_int_equal(ipam6_alloc("big", &p), 0);
	prefix6_is(&p, "2001:db8:0:1::", 64);
	assert_int_equal(ipam6_pool_usage("big", &size, &used), 0);
	assert_int_equal(size, IPAM6_MAX_PREFIXES);
	assert_int_equal(used, 2);
	ipam6_done();
}

static struct ipam6_prefix prefix6(const char *text, unsigned int len)
{
	struct ipam6_prefix p = { .len = len };

	assert_int_equal(inet_pton(AF_INET6, text, p.addr), 1);
	return p;
}

/*
 * A RADIUS prefix inside a pool takes the pool's prefix that holds it (the same, or a /56
 * of a pool of /56s for a /64 in it): the pool skips it, a second session cannot take it,
 * and it goes back named by the pool reserve gave. Outside every pool: nothing taken.
 */
static void test_ipv6_reserve(void **state)
{
	struct ipam6_prefix got, r1 = prefix6("2001:db8:0:4::", 64),
		r2 = prefix6("2001:db8:300:1ff::", 64), out = prefix6("2001:db8:9::", 64);
	char pool[65];
	uint64_t size, used;

	(void)state;
	assert_int_equal(add_pool6("v6", "2001:db8:0:4::/63", "64"), 0);
	assert_int_equal(add_pool6("pd", "2001:db8:300::/48", "56"), 0);
	assert_int_equal(ipam6_reserve(&r1, pool), 0);
	assert_string_equal(pool, "v6");
	assert_int_equal(ipam6_reserve(&r1, pool), -EADDRINUSE);
	assert_int_equal(ipam6_alloc("v6", &got), 0);
	prefix6_is(&got, "2001:db8:0:5::", 64);			/* not r1 */
	assert_int_equal(ipam6_alloc("v6", &got), -ENOSPC);
	assert_int_equal(ipam6_reserve(&r2, pool), 0);		/* in 2001:db8:300:100::/56 */
	assert_string_equal(pool, "pd");
	assert_int_equal(ipam6_pool_usage("pd", &size, &used), 0);
	assert_int_equal(used, 1);
	ipam6_release("pd", &r2);
	assert_int_equal(ipam6_pool_usage("pd", &size, &used), 0);
	assert_int_equal(used, 0);
	assert_int_equal(ipam6_reserve(&out, pool), 0);
	assert_string_equal(pool, "");
	ipam6_release("v6", &r1);
	assert_int_equal(ipam6_alloc("v6", &got), 0);
	prefix6_is(&got, "2001:db8:0:4::", 64);
	ipam6_done();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_order_and_exhaustion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_pool_and_loops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fixed_addresses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipv6_prefixes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipv6_large_pool, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipv6_reserve, setup, teardown),
	};

	return cmocka_run_group_tests_name("ipam", tests, NULL, NULL);
}
