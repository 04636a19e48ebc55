// SPDX-License-Identifier: GPL-2.0
/*
 * A whole PPP link in the dial-out role (daemon/ppp/link.c daemon/ppp/teardown.c daemon/ppp/policy.c daemon/ppp/bringup.c daemon/ppp/server.c with client.c, auth_peer.c and the
 * real automatons) against a scripted server, the kernel and route netlink stood in for:
 * LCP asks for no authentication and Naks a method `allow` lacks; MS-CHAPv2 with RFC 2759's
 * challenge; CCP to MPPE-128 stateless; IPCP from 0.0.0.0 to the Nak'd address; then one
 * push with RFC 3079's client keys, the interface named after the client, the addresses, the
 * default route and its removal at the end. A wrong authenticator response, and required
 * encryption after CHAP-MD5, end the link.
 */
/* unit-test-sources: daemon/ppp/link.c daemon/ppp/teardown.c daemon/ppp/policy.c daemon/ppp/bringup.c daemon/ppp/server.c daemon/core/keyed_hash.c daemon/aaa/backoff.c daemon/ppp/views.c daemon/ppp/counters.c daemon/ppp/client.c daemon/ppp/auth_peer.c daemon/ppp/lcp.c daemon/ppp/ccp.c daemon/ppp/ipcp.c daemon/ppp/ipv6cp.c daemon/ppp/ra.c daemon/ppp/dhcpv6_server.c daemon/ppp/dhcpv6.c daemon/core/loop.c daemon/aaa/ipam6.c daemon/core/u32map.c daemon/ppp/auth.c daemon/ppp/fsm.c daemon/aaa/local.c daemon/aaa/mschap.c @config daemon/core/timer.c daemon/aaa/ipam.c daemon/core/log.c tests/unit/lib/kernel_stub.c tests/unit/lib/vectors.c tests/unit/lib/ppp_peer.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include "admin/config.h"
#include "ppp/profile_menu.h"
#include "aaa/ipam.h"
#include "core/kernel.h"
#include "core/log.h"
#include "core/rtnl.h"
#include "ppp/client.h"
#include "ppp/link.h"
#include "kernel_stub.h"
#include "ppp_peer.h"
#include "vectors.h"
#include "ppp/views.h"

/* --- the kernel and route netlink: tests/unit/lib/kernel_stub.c records what they saw */

static const struct ppp_client_conf conf = {
	.ifname = "pptp-out1", .user = "User", .password = "clientPass",
	.allow = CFG_AUTH_MSCHAP2, .profile = "default-encryption", .keepalive_s = 0,
	.max_mtu = 1450, .max_mru = 1450, .add_default_route = true,
	.default_route_distance = 5,
};

static int setup(void **state)
{
	(void)state;
	log_open("test", 1, 0);
	assert_int_equal(config_init(), 0);
	stub.nsent = 0;
	stub.npushed = stub.routes_added = stub.routes_deleted = link_ups = link_ends = 0;
	stub.renamed[0] = link_cause[0] = '\0';
	return 0;
}


static struct ppp_link *dial(const struct ppp_client_conf *c)
{
	struct ppp_link_params p = { .service = "pptp", .ifindex = 7, .caller = 0x0100090a,
				     .tag = "pptp-out1", .client = c };
	struct ppp_link *l = ppp_link_new(&p, &peer_link_ops, NULL);
	const uint8_t *req;
	size_t n;

	assert_non_null(l);
	l->client->auth.random = rfc2759_random;
	req = last_sent(0xc021, 1, &n);
	assert_non_null(req);
	assert_false(has_option(req, n, 3));		/* we demand no authentication */
	assert_true(has_option(req, n, 1) && has_option(req, n, 5));	/* MRU, magic */
	return l;
}

/* LCP up with MS-CHAPv2, after refusing CHAP-MD5 (not in allow=) with a Nak naming it */
static void lcp_up_mschap2(void)
{
	const uint8_t *nak, *req;
	size_t n;

	peer(0xc021, 1, 1, "0305c22305" "050612345678");
	nak = last_sent(0xc021, 3, &n);
	assert_non_null(nak);
	assert_int_equal(n, 6 + 5);
	assert_memory_equal(nak + 6, "\x03\x05\xc2\x23\x81", 5);
	peer(0xc021, 1, 2, "0305c22381" "050612345678" "0702" "0802");
	assert_non_null(last_sent(0xc021, 2, NULL));	/* Configure-Ack */
	/* a Nak of our MRU: the fresh request still asks no authentication of the peer
	 * (found in the VM: it once asked back for the method the peer demanded) */
	peer(0xc021, 3, last_sent(0xc021, 1, NULL)[3], "01040578");
	req = last_sent(0xc021, 1, &n);
	assert_false(has_option(req, n, 3));
	assert_memory_equal(req + 6, "\x01\x04\x05\x78", 4);
	ack_ours(0xc021);
}

static void authenticate(const char *success)
{
	const uint8_t *resp;
	uint8_t want[24];
	size_t n;

	peer(0xc223, 1, 0x42, "10" "5B5D7C7D7B3F2F3E3C2C602132262628" "736572766572");
	resp = last_sent(0xc223, 2, &n);
	assert_non_null(resp);
	hex("82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF", want);
	assert_memory_equal(resp + 6 + 1 + 24, want, 24);	/* RFC 2759's NT-Response */
	peer_text(0xc223, 3, 0x42, success);
}

static void test_mschap2_mppe_ipcp(void **state)
{
	struct ppp_link *l;
	uint8_t key[16];
	struct cfg_menu v;

	(void)state;
	l = dial(&conf);
	lcp_up_mschap2();
	assert_int_equal(l->phase, PHASE_AUTH);
	authenticate("S=407A5589115FD0D6209F510FE9C04566932CDA56 M=Access granted");
	assert_int_equal(l->phase, PHASE_NETWORK);
	/* CCP and IPCP both asked at once; IPCP for 0.0.0.0 */
	assert_non_null(last_sent(0x80fd, 1, NULL));
	assert_non_null(last_sent(0x8021, 1, NULL));
	assert_memory_equal(last_sent(0x8021, 1, NULL) + 6, "\x03\x06\x00\x00\x00\x00", 6);
	peer(0x80fd, 1, 1, "120601000040");		/* the server's MPPE: S|H */
	assert_non_null(last_sent(0x80fd, 2, NULL));
	peer(0x80fd, 3, last_sent(0x80fd, 1, NULL)[3], "120601000040");	/* Nak ours to S|H */
	ack_ours(0x80fd);
	assert_int_equal(stub.npushed, 0);			/* not before IPCP */
	peer(0x8021, 1, 1, "03060ad20001");		/* the server is 10.210.0.1 */
	assert_non_null(last_sent(0x8021, 2, NULL));
	peer(0x8021, 3, last_sent(0x8021, 1, NULL)[3], "03060ad2000a");	/* you are .10 */
	assert_memory_equal(last_sent(0x8021, 1, NULL) + 6, "\x03\x06\x0a\xd2\x00\x0a", 6);
	ack_ours(0x8021);

	assert_int_equal(l->phase, PHASE_UP);
	assert_int_equal(link_ups, 1);
	assert_int_equal(stub.npushed, 1);
	assert_int_equal(stub.pushed.mppe_bits, 128);
	assert_int_equal(stub.pushed.mppe_flags, SLUICE_MPPE_F_STATELESS);
	hex("8B7CDC149B993A1BA118CB153F56DCCB", key);	/* RFC 3079 3.5: the server's send key */
	assert_memory_equal(stub.pushed.recv_key, key, 16);
	assert_memory_not_equal(stub.pushed.send_key, key, 16);
	/* the kernel has the keys: sluiced keeps neither them nor our MS-CHAPv2 answer */
	assert_true(all_zero(l->client->auth.send_key, 16));
	assert_true(all_zero(l->client->auth.recv_key, 16));
	assert_true(all_zero(l->client->auth.nt_response, 24));
	assert_true(all_zero(l->client->auth.response, sizeof(l->client->auth.response)));
	assert_int_equal(l->client->auth.response_len, 0);
	assert_true(l->client->auth.have_keys);
	assert_string_equal(stub.renamed, "pptp-out1");
	assert_string_equal(l->ifname, "pptp-out1");
	assert_int_equal(stub.addr_local, inet_addr("10.210.0.10"));
	assert_int_equal(stub.addr_peer, inet_addr("10.210.0.1"));
	assert_int_equal(stub.routes_added, 1);
	assert_int_equal(stub.route_metric, 5);

	/* /ppp active lists it as outgoing; /ip pool used does not (no pool address) */
	ppp_active_view(&v);
	assert_int_equal(v.n, 1);
	assert_string_equal(cfg_get(&v, &v.items[0], "outgoing"), "yes");
	assert_string_equal(cfg_get(&v, &v.items[0], "interface"), "pptp-out1");
	cfg_view_free(&v);
	ppp_pool_used_view(&v);
	assert_int_equal(v.n, 0);
	cfg_view_free(&v);

	/* disabled: LCP Terminate, and once it is acked the route goes */
	ppp_link_close(l, "admin-disabled");
	assert_non_null(last_sent(0xc021, 5, NULL));
	peer(0xc021, 6, last_sent(0xc021, 5, NULL)[3], "");
	assert_int_equal(link_ends, 1);
	assert_string_equal(link_cause, "admin-disabled");
	assert_int_equal(stub.routes_deleted, 1);
	ppp_link_free(l);
}

/* RFC 2759 8.8: a Success whose authenticator response is wrong ends the link. */
static void test_bad_authenticator(void **state)
{
	struct ppp_link *l;

	(void)state;
	l = dial(&conf);
	lcp_up_mschap2();
	authenticate("S=0000000000000000000000000000000000000000 M=Access granted");
	assert_int_equal(l->phase, PHASE_TERMINATE);
	assert_non_null(last_sent(0xc021, 5, NULL));	/* Terminate-Request */
	assert_int_equal(stub.npushed, 0);
	peer(0xc021, 6, last_sent(0xc021, 5, NULL)[3], "");
	assert_string_equal(link_cause, "authentication-failure");
	assert_int_equal(stub.routes_added, 0);
	ppp_link_free(l);
}

/* The client's settings with a profile "must" of use-encryption=required. */
static struct ppp_client_conf encryption_required(void)
{
	static const char *const k[] = { "name", "use-encryption" };
	static const char *const v[] = { "must", "required" };
	struct ppp_client_conf c = conf;
	struct strbuf err;

	sb_init(&err);
	assert_int_equal(cfg_add((&ppp_profile_menu), k, v, 2, &err), 0);
	sb_free(&err);
	snprintf(c.profile, sizeof(c.profile), "must");
	return c;
}

/* use-encryption=required, and the server only does CHAP-MD5: no keys, no link. */
static void test_required_without_keys(void **state)
{
	struct ppp_client_conf c = encryption_required();
	struct ppp_link *l;

	(void)state;
	c.allow = CFG_AUTH_CHAP;
	l = dial(&c);
	peer(0xc021, 1, 1, "0305c22305");
	assert_non_null(last_sent(0xc021, 2, NULL));
	ack_ours(0xc021);
	peer(0xc223, 1, 9, "10" "00112233445566778899aabbccddeeff");
	assert_non_null(last_sent(0xc223, 2, NULL));
	peer_text(0xc223, 3, 9, "Welcome");
	assert_int_equal(l->phase, PHASE_TERMINATE);
	ppp_link_lower_down(l, "test");
	assert_string_equal(link_cause, "encryption-required");
	ppp_link_free(l);
}

/*
 * use-encryption=required: a server that asks for 40-bit MPPE, or Naks ours toward it, gets
 * 128-bit asked back.
 */
static void test_required_128_only(void **state)
{
	struct ppp_client_conf c = encryption_required();
	struct ppp_link *l;

	(void)state;
	l = dial(&c);
	lcp_up_mschap2();
	authenticate("S=407A5589115FD0D6209F510FE9C04566932CDA56 M=Access granted");
	assert_int_equal(mppe_bits_sent(1), 0x01000040);	/* H|S: 128-bit stateless only */
	peer(0x80fd, 1, 1, "120601000020");		/* the server: 40-bit */
	assert_null(last_sent(0x80fd, 2, NULL));
	assert_int_equal(mppe_bits_sent(3), 0x01000040);	/* Nak: 128-bit */
	peer(0x80fd, 3, last_sent(0x80fd, 1, NULL)[3], "120601000020");
	assert_int_equal(mppe_bits_sent(1), 0x01000040);	/* still 128-bit */
	assert_int_equal(stub.npushed, 0);
	ppp_link_lower_down(l, "test");
	ppp_link_free(l);
}

/* This host's interfaces, as ppp/client.c asks about them: one address. */
static uint32_t our_addr;

static bool fake_addr_is_ours(uint32_t addr, uint32_t except_ifindex)
{
	assert_int_equal(except_ifindex, 7);	/* the session's own interface is not asked */
	return our_addr && addr == our_addr;
}

/* Dialled, authenticated, MPPE agreed: IPCP is next. */
static struct ppp_link *at_ipcp(void)
{
	struct ppp_link *l = dial(&conf);

	lcp_up_mschap2();
	authenticate("S=407A5589115FD0D6209F510FE9C04566932CDA56 M=Access granted");
	peer(0x80fd, 1, 1, "120601000040");
	ack_ours(0x80fd);
	assert_int_equal(l->phase, PHASE_NETWORK);
	return l;
}

/* The link is closing with cause: nothing was pushed, no route added. */
static void refused(struct ppp_link *l, const char *why)
{
	loop_run_timers();			/* the close waits for the loop */
	assert_int_equal(l->phase, PHASE_TERMINATE);
	ppp_link_lower_down(l, "test");
	assert_string_equal(link_cause, why);
	assert_int_equal(stub.npushed, 0);
	assert_int_equal(stub.routes_added, 0);
	ppp_link_free(l);
	link_ends = 0;
	link_cause[0] = '\0';
}

/*
 * A server must not give either end of the tunnel an address that shadows a host we reach
 * otherwise: its own outer address (the tunnel would carry itself), loopback, multicast,
 * broadcast, 0.0.0.0/8, or an address of one of our interfaces. Each ends the link with a
 * clear cause; so does a server naming no address for itself, or ours.
 */
static void test_shadowing_addresses(void **state)
{
	static const char *const itself[] = {
		"03060a090001",		/* 10.9.0.1: the server's outer address (p.caller) */
		"03067f000001", "0306e0000005", "0306ffffffff", "030600000000", "0306c0a85801",
	};
	struct ppp_link *l;
	size_t i;

	(void)state;
	ppp_client_addr_is_ours = fake_addr_is_ours;
	our_addr = inet_addr("192.168.88.1");	/* one of "our" interfaces */
	for (i = 0; i < sizeof(itself) / sizeof(itself[0]); i++) {
		l = at_ipcp();
		peer(0x8021, 1, 1, itself[i]);
		assert_null(last_sent(0x8021, 2, NULL));
		assert_non_null(last_sent(0x8021, 4, NULL));	/* Reject of the address */
		refused(l, "ipcp-address-refused");
	}
	/* a Nak giving us a local address, or the server's outer one */
	l = at_ipcp();
	peer(0x8021, 3, last_sent(0x8021, 1, NULL)[3], "0306c0a85801");
	refused(l, "ipcp-address-refused");
	l = at_ipcp();
	peer(0x8021, 3, last_sent(0x8021, 1, NULL)[3], "03060a090001");
	refused(l, "ipcp-address-refused");
	/* both ends the same address */
	l = at_ipcp();
	peer(0x8021, 1, 1, "03060ad20001");
	peer(0x8021, 3, last_sent(0x8021, 1, NULL)[3], "03060ad20001");
	ack_ours(0x8021);
	refused(l, "ipcp-address-refused");
	/* no address for the server's end */
	l = at_ipcp();
	peer(0x8021, 1, 1, "");
	peer(0x8021, 3, last_sent(0x8021, 1, NULL)[3], "03060ad2000a");
	ack_ours(0x8021);
	refused(l, "ipcp-address-refused");
	our_addr = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mschap2_mppe_ipcp, setup, ppp_peer_teardown),
		cmocka_unit_test_setup_teardown(test_bad_authenticator, setup, ppp_peer_teardown),
		cmocka_unit_test_setup_teardown(test_required_without_keys, setup, ppp_peer_teardown),
		cmocka_unit_test_setup_teardown(test_required_128_only, setup, ppp_peer_teardown),
		cmocka_unit_test_setup_teardown(test_shadowing_addresses, setup, ppp_peer_teardown),
	};

	return cmocka_run_group_tests_name("ppp_client", tests, NULL, NULL);
}
