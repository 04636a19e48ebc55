// SPDX-License-Identifier: GPL-2.0
/* daemon/aaa/ipam.c: pools, next-pool, exhaustion, release, fixed addresses. */
/* unit-test-sources: daemon/aaa/ipam.c @config daemon/core/log.c */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_order_and_exhaustion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_pool_and_loops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fixed_addresses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many, setup, teardown),
	};

	return cmocka_run_group_tests_name("ipam", tests, NULL, NULL);
}
