// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/pppoe/cookie.c: the AC-Cookie a PADO carries and a PADR must bring back. Good for
 * its client's MAC on its interface during its minute and the next, not for another MAC or
 * interface, not later, not with a byte changed or cut, not with its minute restamped, not
 * after a restart's new secret.
 */
/* unit-test-sources: daemon/pppoe/cookie.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "pppoe/cookie.h"

static const uint8_t mac[PPPOE_MAC_LEN] = { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };
static const uint8_t other_mac[PPPOE_MAC_LEN] = { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x31 };

static void test_good_within_its_minute_and_the_next(void **state)
{
	uint8_t c[PPPOE_COOKIE_LEN];
	const uint64_t t = 6000;	/* minute 100, at its start */

	(void)state;
	assert_int_equal(pppoe_cookie_init(), 0);
	assert_int_equal(pppoe_cookie_make(3, mac, t, c), 0);
	assert_memory_equal(c, "\x00\x00\x00\x64", 4);
	assert_true(pppoe_cookie_valid(3, mac, t, c, sizeof(c)));
	assert_true(pppoe_cookie_valid(3, mac, t + 119, c, sizeof(c)));
	assert_false(pppoe_cookie_valid(3, mac, t + 120, c, sizeof(c)));	/* too late */
	assert_false(pppoe_cookie_valid(3, mac, t - 1, c, sizeof(c)));	/* from the future */
	assert_false(pppoe_cookie_valid(3, other_mac, t, c, sizeof(c)));
	assert_false(pppoe_cookie_valid(4, mac, t, c, sizeof(c)));
	assert_false(pppoe_cookie_valid(3, mac, t, c, sizeof(c) - 1));
	assert_false(pppoe_cookie_valid(3, mac, t, c, 0));
}

static void test_every_byte_matters(void **state)
{
	uint8_t c[PPPOE_COOKIE_LEN];
	unsigned int i;

	(void)state;
	assert_int_equal(pppoe_cookie_init(), 0);
	assert_int_equal(pppoe_cookie_make(3, mac, 6030, c), 0);
	for (i = 0; i < sizeof(c); i++) {
		c[i] ^= 0x01;
		assert_false(pppoe_cookie_valid(3, mac, 6030, c, sizeof(c)));
		c[i] ^= 0x01;
	}
	assert_true(pppoe_cookie_valid(3, mac, 6030, c, sizeof(c)));
}

/* a new minute stamped on an old HMAC: refused */
static void test_minute_is_signed(void **state)
{
	uint8_t c[PPPOE_COOKIE_LEN];

	(void)state;
	assert_int_equal(pppoe_cookie_init(), 0);
	assert_int_equal(pppoe_cookie_make(3, mac, 6000, c), 0);
	c[3] = 0x66;			/* minute 102 */
	assert_false(pppoe_cookie_valid(3, mac, 6120, c, sizeof(c)));
}

static void test_restart_voids_cookies(void **state)
{
	uint8_t c[PPPOE_COOKIE_LEN];

	(void)state;
	assert_int_equal(pppoe_cookie_init(), 0);
	assert_int_equal(pppoe_cookie_make(3, mac, 6000, c), 0);
	assert_int_equal(pppoe_cookie_init(), 0);
	assert_false(pppoe_cookie_valid(3, mac, 6000, c, sizeof(c)));
}

/* Nothing kept per PADI: the same client, interface and minute get the same cookie; another
 * client or interface, another HMAC. */
static void test_deterministic(void **state)
{
	uint8_t a[PPPOE_COOKIE_LEN], b[PPPOE_COOKIE_LEN];

	(void)state;
	assert_int_equal(pppoe_cookie_init(), 0);
	assert_int_equal(pppoe_cookie_make(7, mac, 6000, a), 0);
	assert_int_equal(pppoe_cookie_make(7, mac, 6059, b), 0);
	assert_memory_equal(a, b, sizeof(a));
	assert_int_equal(pppoe_cookie_make(7, other_mac, 6000, b), 0);
	assert_memory_not_equal(a + 4, b + 4, sizeof(a) - 4);
	assert_int_equal(pppoe_cookie_make(8, mac, 6000, b), 0);
	assert_memory_not_equal(a + 4, b + 4, sizeof(a) - 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_within_its_minute_and_the_next),
		cmocka_unit_test(test_every_byte_matters),
		cmocka_unit_test(test_minute_is_signed),
		cmocka_unit_test(test_restart_voids_cookies),
		cmocka_unit_test(test_deterministic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
