// SPDX-License-Identifier: GPL-2.0
/*
 * daemon/pppoe/ac.c: what the access concentrator answers in Discovery. Which server items
 * answer a PADI (service asked or any, enabled, not full); the PADO's tags and its cookie;
 * RFC 4638's PPP-Max-Payload echoed only when the item and the interface allow it; a PADR
 * taken only with our cookie for its MAC and interface, and by which item, or refused (no
 * service, full) with the PADS RFC 2516 names; PADS and PADT built and parsed back.
 */
/* unit-test-sources: daemon/pppoe/ac.c daemon/pppoe/disc.c daemon/pppoe/cookie.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "pppoe/ac.h"

static const uint8_t mac[PPPOE_MAC_LEN] = { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };
static const uint8_t other_mac[PPPOE_MAC_LEN] = { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x31 };
static uint8_t out[PPPOE_PAYLOAD_MAX];

static struct pppoe_ac_ctx ctx(void)
{
	return (struct pppoe_ac_ctx){ .ifindex = 4, .if_mtu = 1500, .peer_mac = mac,
				      .now_s = 6000, .ac_name = "router1" };
}

static struct pppoe_tag tag(const char *s)
{
	return (struct pppoe_tag){ .val = (const uint8_t *)s, .len = (uint16_t)strlen(s),
				   .present = true };
}

/* a client's PADI (or PADR) asking for service, with a Host-Uniq and max_payload */
static struct pppoe_disc request(uint8_t code, const char *service, uint16_t max_payload)
{
	return (struct pppoe_disc){ .code = code, .service_name = tag(service),
				    .host_uniq = tag("\x01\x02\x03\x04"),
				    .max_payload = max_payload };
}

static int setup(void **state)
{
	(void)state;
	return pppoe_cookie_init();
}

static void test_who_answers_a_padi(void **state)
{
	struct pppoe_ac_server s = { .service_name = "pppoe-soho", .enabled = true };
	struct pppoe_tag any = tag(""), soho = tag("pppoe-soho"), other = tag("isp");

	(void)state;
	assert_true(pppoe_ac_serves(&s, &any));
	assert_true(pppoe_ac_serves(&s, &soho));
	assert_false(pppoe_ac_serves(&s, &other));
	s.max_sessions = 2;
	s.sessions = 1;
	assert_true(pppoe_ac_serves(&s, &soho));
	s.sessions = 2;
	assert_false(pppoe_ac_serves(&s, &soho));	/* full: no PADO */
	s.sessions = 0;
	s.enabled = false;
	assert_false(pppoe_ac_serves(&s, &any));
	s = (struct pppoe_ac_server){ .service_name = "", .enabled = true };
	assert_true(pppoe_ac_serves(&s, &any));
	assert_false(pppoe_ac_serves(&s, &other));	/* "" answers only "any" */
}

static void test_pado(void **state)
{
	struct pppoe_ac_server s = { .service_name = "pppoe-soho", .enabled = true };
	struct pppoe_ac_ctx c = ctx();
	struct pppoe_disc padi = request(PPPOE_PADI, "", 0), m;
	int len;

	(void)state;
	padi.relay_session_id = tag("relay1");
	len = pppoe_ac_pado(out, sizeof(out), &s, &c, &padi);
	assert_true(len > 0);
	assert_int_equal(pppoe_disc_parse(out, (size_t)len, &m), 0);
	assert_int_equal(m.code, PPPOE_PADO);
	assert_int_equal(m.session, 0);
	assert_int_equal(m.ac_name.len, 7);
	assert_memory_equal(m.ac_name.val, "router1", 7);
	assert_int_equal(m.service_name.len, 10);	/* its own, not the "any" asked */
	assert_memory_equal(m.service_name.val, "pppoe-soho", 10);
	assert_memory_equal(m.host_uniq.val, "\x01\x02\x03\x04", 4);
	assert_memory_equal(m.relay_session_id.val, "relay1", 6);
	assert_int_equal(m.max_payload, 0);
	assert_true(pppoe_cookie_valid(4, mac, 6000, m.ac_cookie.val, m.ac_cookie.len));
	assert_false(pppoe_cookie_valid(4, other_mac, 6000, m.ac_cookie.val, m.ac_cookie.len));
}

/* RFC 4638: 1500 echoed where a 1508-byte interface carries it, not on a 1500 one, not
 * above the item's max-mtu/max-mru, never at 1492 or less */
static void test_max_payload(void **state)
{
	struct pppoe_ac_server s = { .service_name = "", .enabled = true };
	struct pppoe_ac_ctx c = ctx();
	struct pppoe_disc padi = request(PPPOE_PADI, "", 1500), m;
	int len;

	(void)state;
	assert_int_equal(pppoe_ac_max_payload(&s, &c, &padi), 0);	/* MTU 1500 */
	c.if_mtu = 1508;
	assert_int_equal(pppoe_ac_max_payload(&s, &c, &padi), 1500);
	len = pppoe_ac_pado(out, sizeof(out), &s, &c, &padi);
	assert_int_equal(pppoe_disc_parse(out, (size_t)len, &m), 0);
	assert_int_equal(m.max_payload, 1500);
	s.max_payload = 1480;
	assert_int_equal(pppoe_ac_max_payload(&s, &c, &padi), 0);
	s.max_payload = 1500;
	assert_int_equal(pppoe_ac_max_payload(&s, &c, &padi), 1500);
	padi.max_payload = 1492;
	assert_int_equal(pppoe_ac_max_payload(&s, &c, &padi), 0);
	padi.max_payload = 9000;
	c.if_mtu = 9000;
	s.max_payload = 0;
	assert_int_equal(pppoe_ac_max_payload(&s, &c, &padi), 0);	/* 9000 > 8994 */
	c.if_mtu = 0;
	assert_int_equal(pppoe_ac_max_payload(&s, &c, &padi), 0);
}

/* the cookie a PADO carried, back in a PADR */
static struct pppoe_disc padr_with_cookie(const char *service)
{
	static uint8_t cookie[PPPOE_COOKIE_LEN];
	struct pppoe_disc r = request(PPPOE_PADR, service, 0);

	assert_int_equal(pppoe_cookie_make(4, mac, 6000, cookie), 0);
	r.ac_cookie = (struct pppoe_tag){ .val = cookie, .len = sizeof(cookie), .present = true };
	return r;
}

static void test_padr(void **state)
{
	struct pppoe_ac_server servers[] = {
		{ .service_name = "isp", .enabled = true },
		{ .service_name = "pppoe-soho", .enabled = true, .max_sessions = 1 },
		{ .service_name = "pppoe-soho", .enabled = true },
		{ .service_name = "off", .enabled = false },
	};
	struct pppoe_ac_ctx c = ctx();
	struct pppoe_disc r = padr_with_cookie("pppoe-soho");
	size_t which = 99;

	(void)state;
	assert_int_equal(pppoe_ac_padr(servers, 4, &c, &r, &which), PPPOE_AC_OK);
	assert_int_equal(which, 1);
	servers[1].sessions = 1;		/* full: the next that serves it */
	assert_int_equal(pppoe_ac_padr(servers, 4, &c, &r, &which), PPPOE_AC_OK);
	assert_int_equal(which, 2);
	assert_int_equal(pppoe_ac_padr(servers, 2, &c, &r, &which), PPPOE_AC_FULL);
	r = padr_with_cookie("nothing-here");
	assert_int_equal(pppoe_ac_padr(servers, 4, &c, &r, &which), PPPOE_AC_NO_SERVICE);
	r = padr_with_cookie("off");
	assert_int_equal(pppoe_ac_padr(servers, 4, &c, &r, &which), PPPOE_AC_NO_SERVICE);
	r = padr_with_cookie("");		/* any: the first that is not full */
	assert_int_equal(pppoe_ac_padr(servers, 4, &c, &r, &which), PPPOE_AC_OK);
	assert_int_equal(which, 0);
	/* the cookie: absent, another MAC's, another interface's, too old */
	r = padr_with_cookie("isp");
	c.now_s = 6000 + 120;
	assert_int_equal(pppoe_ac_padr(servers, 4, &c, &r, &which), PPPOE_AC_BAD_COOKIE);
	c = ctx();
	c.peer_mac = other_mac;
	assert_int_equal(pppoe_ac_padr(servers, 4, &c, &r, &which), PPPOE_AC_BAD_COOKIE);
	c = ctx();
	c.ifindex = 5;
	assert_int_equal(pppoe_ac_padr(servers, 4, &c, &r, &which), PPPOE_AC_BAD_COOKIE);
	c = ctx();
	r.ac_cookie.present = false;
	r.ac_cookie.len = 0;
	assert_int_equal(pppoe_ac_padr(servers, 4, &c, &r, &which), PPPOE_AC_BAD_COOKIE);
}

static void test_pads_and_padt(void **state)
{
	struct pppoe_ac_server s = { .service_name = "pppoe-soho", .enabled = true };
	struct pppoe_ac_ctx c = ctx();
	struct pppoe_disc r = padr_with_cookie("pppoe-soho"), m;
	int len;

	(void)state;
	len = pppoe_ac_pads(out, sizeof(out), 0x2a, &s, &c, &r);
	assert_int_equal(pppoe_disc_parse(out, (size_t)len, &m), 0);
	assert_int_equal(m.code, PPPOE_PADS);
	assert_int_equal(m.session, 0x2a);
	assert_memory_equal(m.service_name.val, "pppoe-soho", 10);
	assert_memory_equal(m.host_uniq.val, "\x01\x02\x03\x04", 4);
	assert_false(m.ac_cookie.present);
	assert_int_equal(pppoe_ac_pads(out, sizeof(out), 0, &s, &c, &r), PPPOE_E_SESSION);
	len = pppoe_ac_pads_refusal(out, sizeof(out), PPPOE_AC_NO_SERVICE, &r);
	assert_int_equal(pppoe_disc_parse(out, (size_t)len, &m), 0);
	assert_int_equal(m.session, 0);
	assert_true(m.service_name_error.present);
	len = pppoe_ac_pads_refusal(out, sizeof(out), PPPOE_AC_FULL, &r);
	assert_int_equal(pppoe_disc_parse(out, (size_t)len, &m), 0);
	assert_true(m.ac_system_error.present);
	assert_int_equal(pppoe_ac_pads_refusal(out, sizeof(out), PPPOE_AC_BAD_COOKIE, &r),
			 PPPOE_E_MISSING);		/* a bad cookie is not answered */
	len = pppoe_ac_padt(out, sizeof(out), 0x2a, "session closed by administrator");
	assert_int_equal(pppoe_disc_parse(out, (size_t)len, &m), 0);
	assert_int_equal(m.code, PPPOE_PADT);
	assert_int_equal(m.generic_error.len, 31);
	len = pppoe_ac_padt(out, sizeof(out), 0x2a, NULL);
	assert_int_equal(len, PPPOE_HDR_LEN);
	assert_int_equal(pppoe_ac_padt(out, sizeof(out), 0, NULL), PPPOE_E_SESSION);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_who_answers_a_padi),
		cmocka_unit_test(test_pado),
		cmocka_unit_test(test_max_payload),
		cmocka_unit_test(test_padr),
		cmocka_unit_test(test_pads_and_padt),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
