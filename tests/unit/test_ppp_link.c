// SPDX-License-Identifier: GPL-2.0
/*
 * A whole PPP link in the server role (daemon/ppp/link.c with server.c, auth.c and the real
 * automatons) against a scripted client, the kernel and route netlink stood in for
 * (tests/unit/lib/kernel_stub.c): MPPE strength under use-encryption=required (128-bit
 * only, in our request and in the client's, unless the profile allows weaker), verdicts
 * repeated to retransmissions, a client's large MRU, and what is left of the keys once the
 * kernel has them.
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
#include "aaa/ipam.h"
#include "aaa/mschap.h"
#include "aaa/pool_menu.h"
#include "aaa/secret_menu.h"
#include "core/log.h"
#include "ppp/link.h"
#include "ppp/profile_menu.h"
#include "pptp/server_menu.h"
#include "kernel_stub.h"
#include "ppp_peer.h"
#include "vectors.h"

#define LCP 0xc021
#define PAP 0xc023
#define CHAP 0xc223
#define CCP 0x80fd
#define IPCP 0x8021
#define IPV6CP 0x8057

static void add(struct cfg_menu *m, const char *const *k, const char *const *v, size_t n)
{
	struct strbuf err;

	sb_init(&err);
	if (cfg_add(m, k, v, n, &err))
		fail_msg("%s", err.p);
	sb_free(&err);
}

static void server_set(const char *key, const char *value)
{
	struct strbuf err;

	sb_init(&err);
	if (cfg_set(&pptp_server_menu, cfg_find(&pptp_server_menu, NULL), &key, &value, 1, &err))
		fail_msg("%s", err.p);
	sb_free(&err);
}

static void secret(const char *name, const char *password, const char *profile)
{
	static const char *const k[] = { "name", "password", "profile" };
	const char *v[] = { name, password, profile };

	add(&ppp_secret_menu, k, v, 3);
}

static int setup(void **state)
{
	static const char *const pk[] = { "name", "ranges" };
	static const char *const pv[] = { "p", "10.200.0.10-10.200.0.12" };
	static const char *const rk[] = { "name", "local-address", "remote-address",
					   "use-encryption" };
	static const char *const rv[] = { "req", "10.200.0.1", "p", "required" };
	static const char *const yv[] = { "opt", "10.200.0.1", "p", "yes" };

	(void)state;
	log_open("test", 1, 0);
	assert_int_equal(config_init(), 0);
	add(&ip_pool_menu, pk, pv, 2);
	add(&ppp_profile_menu, rk, rv, 4);
	add(&ppp_profile_menu, rk, yv, 4);
	secret("User", "clientPass", "req");
	secret("carol", "carol-pass", "opt");
	server_set("authentication", "pap,chap,mschap1,mschap2");
	stub.nsent = 0;
	stub.npushed = stub.nattached = stub.nlimits = stub.naddr6 = link_ups = link_ends = 0;
	memset(&stub.pushed, 0, sizeof(stub.pushed));
	link_cause[0] = '\0';
	return 0;
}


static struct ppp_link *serve(void)
{
	/* as the PPTP and L2TP servers make it: a pending kernel session, no interface */
	struct ppp_link_params p = { .service = "pptp", .session = 7, .caller = 0x0200090a,
				     .tag = "pptp 10.9.0.2 call 1" };
	struct ppp_link *l = ppp_link_new(&p, &peer_link_ops, NULL);

	assert_non_null(l);
	assert_non_null(last_sent(LCP, 1, NULL));
	return l;
}

/* LCP opened: ours acked, the client's request (options in hex) acked. */
static void lcp_up(const char *client_opts)
{
	ack_ours(LCP);
	peer(LCP, 1, 1, client_opts);
	assert_non_null(last_sent(LCP, 2, NULL));
}

/* MS-CHAPv2 as a client computes it, against the challenge we sent. */
static void mschap2_login(const char *user, const char *password)
{
	uint8_t v[49] = { 0 }, body[128];
	const uint8_t *ch = last_sent(CHAP, 1, NULL);
	size_t u = strlen(user);

	assert_non_null(ch);
	assert_int_equal(ch[6], 16);
	rfc2759_random(v, 16);				/* the peer challenge */
	assert_int_equal(mschap2_nt_response(ch + 7, v, user, password, v + 24), 0);
	body[0] = sizeof(v);
	memcpy(body + 1, v, sizeof(v));
	memcpy(body + 1 + sizeof(v), user, u);
	peer_bytes(CHAP, 2, ch[3], body, 1 + sizeof(v) + u);
}

/* A served link with MS-CHAPv2 done: CCP is next. */
static struct ppp_link *authenticated(const char *user, const char *password)
{
	struct ppp_link *l = serve();

	lcp_up("01040578" "050612345678");
	mschap2_login(user, password);
	assert_non_null(last_sent(CHAP, 3, NULL));	/* Success */
	assert_int_equal(l->phase, PHASE_NETWORK);
	return l;
}

/* IPCP to the pool's first address: up, pushed. */
static void ipcp_up(void)
{
	ack_ours(IPCP);
	peer(IPCP, 1, 1, "030600000000");
	assert_non_null(last_sent(IPCP, 3, NULL));	/* Nak: here is your address */
	peer(IPCP, 1, 2, "03060ac8000a");
	assert_non_null(last_sent(IPCP, 2, NULL));
}

#define MPPE_H 0x01000000u
#define MPPE_S 0x40u
#define MPPE_M 0x80u
#define MPPE_L 0x20u

/*
 * use-encryption=required: our CCP request offers 128-bit only, a client's request for 40 or
 * 56-bit is Nak'd to 128, a Nak of ours toward 40-bit changes nothing, and a client that
 * will not do 128 gets no link.
 */
static void test_required_is_128_only(void **state)
{
	struct ppp_link *l;

	(void)state;
	l = authenticated("User", "clientPass");
	assert_int_equal(mppe_bits_sent(1) & (MPPE_S | MPPE_M | MPPE_L), MPPE_S);
	peer(CCP, 1, 1, "120601000020");		/* the client: 40-bit stateless */
	assert_null(last_sent(CCP, 2, NULL));
	assert_int_equal(mppe_bits_sent(3), MPPE_S | MPPE_H);	/* Nak: 128-bit */
	peer(CCP, 1, 2, "1206010000a0");		/* 40 or 56 */
	assert_int_equal(mppe_bits_sent(3), MPPE_S | MPPE_H);
	peer(CCP, 3, last_sent(CCP, 1, NULL)[3], "120601000020");	/* Nak ours: 40 */
	assert_int_equal(mppe_bits_sent(1) & (MPPE_S | MPPE_M | MPPE_L), MPPE_S);
	peer(CCP, 4, last_sent(CCP, 1, NULL)[3], "120601000040");	/* Reject: no 128 */
	assert_non_null(last_sent(CCP, 5, NULL));	/* CCP closes ... */
	peer(CCP, 6, last_sent(CCP, 5, NULL)[3], "");
	assert_int_equal(l->phase, PHASE_TERMINATE);	/* ... and so does the link */
	assert_int_equal(stub.npushed, 0);
	ppp_link_lower_down(l, "test");
	assert_string_equal(link_cause, "encryption-required");
	ppp_link_free(l);
}

/*
 * 128-bit asked for both ways: agreed, and the kernel gets 128-bit keys, which sluiced does
 * not keep once they are pushed; CCP's Reset-Request is still answered after that.
 */
static void test_required_128_agreed(void **state)
{
	uint8_t send[16], recv[16], nt[24], pc[16];
	struct ppp_link *l;

	(void)state;
	l = authenticated("User", "clientPass");
	assert_false(all_zero(l->auth.send_key, 16));
	peer(CCP, 1, 1, "120601000040");
	assert_int_equal(mppe_bits_sent(2), MPPE_S | MPPE_H);
	ack_ours(CCP);
	assert_int_equal(stub.nattached, 0);	/* authenticated, but no network protocol yet */
	assert_int_equal(l->p.ifindex, 0);
	ipcp_up();
	assert_int_equal(l->phase, PHASE_UP);
	assert_int_equal(stub.npushed, 1);
	/* the pending session got its interface with its keys, in one request */
	assert_int_equal(stub.nattached, 1);
	assert_int_equal(stub.pushed.id, 7);
	assert_int_equal(l->p.ifindex, 1007);
	assert_int_equal(stub.pushed.mppe_bits, 128);
	/* what was pushed is RFC 3079's server keys for this login ... */
	rfc2759_random(pc, 16);
	assert_int_equal(mschap2_nt_response(last_sent(CHAP, 1, NULL) + 7, pc, "User",
					     "clientPass", nt), 0);
	assert_int_equal(mschap2_mppe_keys("clientPass", nt, 1, send, recv), 0);
	assert_memory_equal(stub.pushed.send_key, send, 16);
	assert_memory_equal(stub.pushed.recv_key, recv, 16);
	/* ... and sluiced has no copy left (issue 15) */
	assert_true(all_zero(l->auth.send_key, 16));
	assert_true(all_zero(l->auth.recv_key, 16));
	assert_true(all_zero(l->auth.held, sizeof(l->auth.held)));
	assert_true(l->auth.have_keys);
	peer(CCP, 14, 0x33, "");			/* Reset-Request */
	assert_int_equal(last_sent(CCP, 15, NULL)[3], 0x33);
	ppp_link_lower_down(l, "test");
	ppp_link_free(l);
}

/* allow-weak-mppe=yes: the profile's choice, and then a 40-bit client gets its 40 bits. */
static void test_weak_when_allowed(void **state)
{
	static const char *const k[] = { "name", "local-address", "remote-address",
					  "use-encryption", "allow-weak-mppe" };
	static const char *const v[] = { "weak", "10.200.0.1", "p", "required", "yes" };
	struct ppp_link *l;

	(void)state;
	add(&ppp_profile_menu, k, v, 5);
	secret("old", "old-pass", "weak");
	l = authenticated("old", "old-pass");
	assert_int_equal(mppe_bits_sent(1) & (MPPE_S | MPPE_M | MPPE_L), MPPE_S | MPPE_M | MPPE_L);
	peer(CCP, 1, 1, "120601000020");
	assert_int_equal(mppe_bits_sent(2), MPPE_L | MPPE_H);	/* acked */
	peer(CCP, 3, last_sent(CCP, 1, NULL)[3], "120601000020");
	assert_int_equal(mppe_bits_sent(1), MPPE_L | MPPE_H);	/* we follow the Nak */
	ack_ours(CCP);
	ipcp_up();
	assert_int_equal(stub.pushed.mppe_bits, 40);
	ppp_link_lower_down(l, "test");
	ppp_link_free(l);
}

/*
 * A client's MRU above what the module carries (16,384) is acked, as RFC 1661 lets us send
 * less than the peer can take, and held to 16,384: the session comes up. It used to end it
 * (nas-error: SET_SESSION refused the MRU).
 */
static void test_large_mru(void **state)
{
	struct ppp_link *l;

	(void)state;
	l = serve();
	lcp_up("0104ffff" "050612345678");		/* MRU 65535 */
	assert_memory_equal(last_sent(LCP, 2, NULL) + 6, "\x01\x04\xff\xff", 4);
	mschap2_login("User", "clientPass");
	peer(CCP, 1, 1, "120601000040");
	ack_ours(CCP);
	ipcp_up();
	assert_int_equal(l->phase, PHASE_UP);
	assert_int_equal(stub.npushed, 1);
	assert_int_equal(stub.pushed.mru, 16384);
	assert_int_equal(stub.pushed.mtu, 1450 - 4);	/* max-mtu, less MPPE's 4 bytes */
	assert_int_equal(stub.nlimits, 0);		/* no rate-limit: nothing asked */
	ppp_link_lower_down(l, "test");
	assert_string_equal(link_cause, "test");
	ppp_link_free(l);
}

/*
 * rate-limit (issue 21): the profile's limit reaches the kernel's shaper once the session
 * has its interface, rx (the client's upload) and tx apart, burst with RouterOS's defaults;
 * a CoA's Mikrotik-Rate-Limit changes it live; text that does not parse lifts it (logged).
 * (A profile without one asks nothing of the kernel: test_large_mru.)
 */
static void test_rate_limit_pushed(void **state)
{
	static const char *const k[] = { "name", "local-address", "remote-address",
					  "use-encryption", "rate-limit" };
	static const char *const v[] = { "lim", "10.200.0.1", "p", "required", "2M/1M 4M" };
	struct ppp_overrides coa = { .set = PPP_OVR_RATE_LIMIT, .rate_limit = "512k/256k" };
	struct ppp_link *l;

	(void)state;
	add(&ppp_profile_menu, k, v, 5);
	secret("slow", "slow-pass", "lim");
	l = authenticated("slow", "slow-pass");
	peer(CCP, 1, 1, "120601000040");
	ack_ours(CCP);
	assert_int_equal(stub.nlimits, 0);		/* not before the interface */
	ipcp_up();
	assert_int_equal(stub.nlimits, 1);
	assert_int_equal(stub.limits.rx.rate, 2000000);
	assert_int_equal(stub.limits.tx.rate, 1000000);
	assert_int_equal(stub.limits.rx.burst_rate, 4000000);
	assert_int_equal(stub.limits.rx.burst_threshold, 2000000);
	assert_int_equal(stub.limits.tx.burst_threshold, 1000000);
	assert_int_equal(stub.limits.tx.burst_time_ms, 1000);
	ppp_link_apply_overrides(l, &coa);
	assert_int_equal(stub.nlimits, 2);
	assert_int_equal(stub.limits.rx.rate, 512000);
	assert_int_equal(stub.limits.tx.rate, 256000);
	assert_int_equal(stub.limits.rx.burst_rate, 0);
	assert_string_equal(l->policy.rate_limit, "512k/256k");
	snprintf(coa.rate_limit, sizeof(coa.rate_limit), "fast");
	ppp_link_apply_overrides(l, &coa);
	assert_int_equal(stub.nlimits, 3);
	assert_int_equal(stub.limits.rx.rate, 0);
	assert_int_equal(stub.limits.tx.rate, 0);
	assert_false(l->policy.rate_pushed);
	ppp_link_lower_down(l, "test");
	ppp_link_free(l);
}

/*
 * A caller who fails to log in never gets an interface (issue 15): the session stays
 * pending in the module, which drops its data, until the transport deletes it.
 */
static void test_failed_login_no_interface(void **state)
{
	struct ppp_link *l;

	(void)state;
	l = serve();
	lcp_up("01040578" "050612345678");
	mschap2_login("User", "wrongPass");
	assert_non_null(last_sent(CHAP, 4, NULL));	/* Failure */
	assert_int_equal(stub.nattached, 0);
	assert_int_equal(stub.npushed, 0);
	assert_int_equal(l->p.ifindex, 0);
	ppp_link_lower_down(l, "test");
	ppp_link_free(l);
}

/*
 * The module unloaded under a running link (core/kernel.c hears nlctrl's DELFAMILY and calls
 * the hook the links registered): the link ends with lost-service, counted once.
 */
static void test_module_gone(void **state)
{
	struct ppp_link *l;

	(void)state;
	l = authenticated("User", "clientPass");
	peer(CCP, 1, 1, "120601000040");
	ack_ours(CCP);
	ipcp_up();
	assert_int_equal(l->phase, PHASE_UP);
	assert_non_null(stub.module_gone);
	assert_int_equal(stub.module_gone(), 1);
	assert_int_equal(link_ends, 1);
	assert_string_equal(link_cause, "lost-service");
	assert_int_equal(stub.module_gone(), 0);	/* an ended link is not lost twice */
	assert_int_equal(link_ends, 1);
	ppp_link_free(l);
	assert_int_equal(stub.module_gone(), 0);
}

/* A served link with 128-bit MPPE and IPCP agreed, IPv6CP still to come. */
static struct ppp_link *ipcp_agreed(const char *user, const char *password)
{
	struct ppp_link *l = authenticated(user, password);

	peer(CCP, 1, 1, "120601000040");
	ack_ours(CCP);
	ipcp_up();
	return l;
}

/* ... and so up, use-ipv6 not being require */
static struct ppp_link *up_v4(const char *user, const char *password)
{
	struct ppp_link *l = ipcp_agreed(user, password);

	assert_int_equal(l->phase, PHASE_UP);
	return l;
}

/* The Interface-Identifier in the last IPv6CP packet with code the link sent. */
static const uint8_t *iid_sent(uint8_t code)
{
	size_t n;
	const uint8_t *f = last_sent(IPV6CP, code, &n);

	assert_non_null(f);
	assert_int_equal(n, 16);
	assert_int_equal(f[6], 1);
	assert_int_equal(f[7], 10);
	return f + 8;
}

/*
 * IPv6CP (RFC 5072, issue 21) beside IPCP: our request names a random identifier; a
 * client asking for zero, or for ours, is Nak'd with another; compression is refused; once
 * both requests are acked the kernel carries IPv6 as well and the link-locals are set.
 */
static void test_ipv6cp_opens(void **state)
{
	uint8_t ours[8];
	struct ppp_link *l;

	(void)state;
	l = up_v4("User", "clientPass");
	assert_int_equal(stub.pushed.ppp_protocols, SLUICE_PPP_PROTO_IPV4);
	memcpy(ours, iid_sent(1), 8);
	assert_false(all_zero(ours, 8));
	assert_int_equal(ours[0] & 0x02, 0);			/* a local identifier */
	peer(IPV6CP, 1, 1, "010a0000000000000000");		/* zero: give me one */
	assert_false(all_zero(iid_sent(3), 8));
	assert_memory_not_equal(iid_sent(3), ours, 8);
	peer_bytes(IPV6CP, 1, 2, (const uint8_t[]){ 1, 10, ours[0], ours[1], ours[2], ours[3],
						    ours[4], ours[5], ours[6], ours[7] }, 10);
	assert_memory_not_equal(iid_sent(3), ours, 8);		/* ours: Nak'd too */
	peer(IPV6CP, 1, 3, "010a0211223344556677" "0204004f");
	assert_non_null(last_sent(IPV6CP, 4, NULL));		/* compression rejected */
	assert_int_equal(stub.npushed, 1);
	peer(IPV6CP, 1, 4, "010a0211223344556677");
	assert_non_null(last_sent(IPV6CP, 2, NULL));
	assert_int_equal(stub.npushed, 1);			/* not before our Ack */
	ack_ours(IPV6CP);
	assert_int_equal(l->ipv6cp.state, PPP_FSM_OPENED);
	assert_int_equal(stub.npushed, 2);
	assert_int_equal(stub.pushed.ppp_protocols, SLUICE_PPP_PROTO_IPV4 | SLUICE_PPP_PROTO_IPV6);
	assert_int_equal(stub.pushed.mppe_bits, 0);		/* no keys a second time */
	assert_int_equal(stub.naddr6, 1);
	assert_memory_equal(stub.iid_local, ours, 8);
	assert_memory_equal(stub.iid_peer, "\x02\x11\x22\x33\x44\x55\x66\x77", 8);
	/* the client closes IPv6CP alone: IPv4 stays, the kernel stops carrying IPv6 */
	peer(IPV6CP, 5, 9, "");
	assert_non_null(last_sent(IPV6CP, 6, NULL));
	assert_int_equal(stub.pushed.ppp_protocols, SLUICE_PPP_PROTO_IPV4);
	assert_int_equal(stub.naddr6, 0);			/* its link-locals went too */
	assert_int_equal(l->phase, PHASE_UP);
	ppp_link_lower_down(l, "test");
	ppp_link_free(l);
}

/* A Nak of our identifier moves us to the one it names; one the client holds is not taken. */
static void test_ipv6cp_nak_of_ours(void **state)
{
	struct ppp_link *l;

	(void)state;
	l = up_v4("User", "clientPass");
	peer(IPV6CP, 1, 1, "010a0211223344556677");
	peer(IPV6CP, 3, last_sent(IPV6CP, 1, NULL)[3], "010a0a0b0c0d0e0f1011");
	assert_memory_equal(iid_sent(1), "\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11", 8);
	peer(IPV6CP, 3, last_sent(IPV6CP, 1, NULL)[3], "010a0211223344556677");
	assert_memory_not_equal(iid_sent(1), "\x02\x11\x22\x33\x44\x55\x66\x77", 8);
	ack_ours(IPV6CP);
	assert_int_equal(stub.naddr6, 1);
	assert_memory_not_equal(stub.iid_local, stub.iid_peer, 8);
	ppp_link_lower_down(l, "test");
	ppp_link_free(l);
}

static void profile_ipv6(const char *name, const char *use_ipv6)
{
	static const char *const k[] = { "name", "local-address", "remote-address",
					  "use-encryption", "use-ipv6" };
	const char *v[] = { name, "10.200.0.1", "p", "required", use_ipv6 };

	add(&ppp_profile_menu, k, v, 5);
}

/*
 * use-ipv6=require: IPCP alone does not bring the link up; IPv6CP opening does, with both
 * protocols in the one push; a client that Protocol-Rejects IPv6CP gets no link.
 */
static void test_ipv6_required(void **state)
{
	struct ppp_link *l;

	(void)state;
	profile_ipv6("v6", "require");
	secret("six", "six-pass", "v6");
	l = ipcp_agreed("six", "six-pass");
	assert_int_equal(l->phase, PHASE_NETWORK);
	assert_int_equal(stub.npushed, 0);
	peer(IPV6CP, 1, 1, "010a0211223344556677");
	ack_ours(IPV6CP);
	assert_int_equal(l->phase, PHASE_UP);
	assert_int_equal(stub.npushed, 1);
	assert_int_equal(stub.pushed.ppp_protocols, SLUICE_PPP_PROTO_IPV4 | SLUICE_PPP_PROTO_IPV6);
	assert_int_equal(stub.pushed.mppe_bits, 128);
	assert_int_equal(stub.naddr6, 1);
	ppp_link_lower_down(l, "test");
	ppp_link_free(l);

	stub.npushed = 0;
	l = ipcp_agreed("six", "six-pass");
	peer(LCP, 8, 0x40, "8057" "0101000e010a0000000000000001");	/* Protocol-Reject */
	assert_int_equal(l->phase, PHASE_TERMINATE);
	assert_int_equal(stub.npushed, 0);
	ppp_link_lower_down(l, "test");
	assert_string_equal(link_cause, "ipv6cp-failed");
	ppp_link_free(l);
}

/* A client MRU under 1280 carries no IPv6 (RFC 8200): IPv6CP is not offered, but rejected. */
static void test_ipv6_small_mtu(void **state)
{
	struct ppp_link *l;

	(void)state;
	l = serve();
	lcp_up("010403e8" "050612345678");		/* MRU 1000 */
	mschap2_login("User", "clientPass");
	peer(CCP, 1, 1, "120601000040");
	ack_ours(CCP);
	ipcp_up();
	assert_int_equal(l->phase, PHASE_UP);
	assert_null(last_sent(IPV6CP, 1, NULL));
	peer(IPV6CP, 1, 1, "010a0211223344556677");
	assert_memory_equal(last_sent(LCP, 8, NULL) + 6, "\x80\x57", 2);
	ppp_link_lower_down(l, "test");
	ppp_link_free(l);
}

/*
 * MPPE takes 4 bytes of the peer's MRU: at 1282 the session's MTU is 1278, too small for
 * IPv6, so no IPv6CP; at 1284 it is 1280, and IPv6CP starts.
 */
static void ipv6_mppe_mtu(const char *lcp_req, bool ipv6)
{
	struct ppp_link *l = serve();

	lcp_up(lcp_req);
	mschap2_login("User", "clientPass");
	peer(CCP, 1, 1, "120601000040");
	ack_ours(CCP);
	ipcp_up();
	assert_int_equal(l->phase, PHASE_UP);
	assert_int_equal(stub.pushed.mtu, ipv6 ? 1280 : 1278);
	if (ipv6)
		assert_non_null(last_sent(IPV6CP, 1, NULL));
	else
		assert_null(last_sent(IPV6CP, 1, NULL));
	ppp_link_lower_down(l, "test");
	ppp_link_free(l);
}

static void test_ipv6_mppe_mtu_short(void **state)
{
	(void)state;
	ipv6_mppe_mtu("01040502" "050612345678", false);	/* MRU 1282 */
}

static void test_ipv6_mppe_mtu_enough(void **state)
{
	(void)state;
	ipv6_mppe_mtu("01040504" "050612345678", true);		/* MRU 1284 */
}

/* use-ipv6=no: no IPv6CP from us, and the client's is Protocol-Rejected. */
static void test_ipv6_off(void **state)
{
	struct ppp_link *l;

	(void)state;
	profile_ipv6("v4", "no");
	secret("four", "four-pass", "v4");
	l = up_v4("four", "four-pass");
	assert_null(last_sent(IPV6CP, 1, NULL));
	peer(IPV6CP, 1, 1, "010a0211223344556677");
	assert_memory_equal(last_sent(LCP, 8, NULL) + 6, "\x80\x57", 2);
	assert_int_equal(stub.naddr6, 0);
	ppp_link_lower_down(l, "test");
	ppp_link_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_required_is_128_only, setup, ppp_peer_teardown),
		cmocka_unit_test_setup_teardown(test_required_128_agreed, setup, ppp_peer_teardown),
		cmocka_unit_test_setup_teardown(test_weak_when_allowed, setup, ppp_peer_teardown),
		cmocka_unit_test_setup_teardown(test_large_mru, setup, ppp_peer_teardown),
		cmocka_unit_test_setup_teardown(test_rate_limit_pushed, setup, ppp_peer_teardown),
		cmocka_unit_test_setup_teardown(test_module_gone, setup, ppp_peer_teardown),
		cmocka_unit_test_setup_teardown(test_failed_login_no_interface, setup,
						ppp_peer_teardown),
		cmocka_unit_test_setup_teardown(test_ipv6cp_opens, setup, ppp_peer_teardown),
		cmocka_unit_test_setup_teardown(test_ipv6cp_nak_of_ours, setup, ppp_peer_teardown),
		cmocka_unit_test_setup_teardown(test_ipv6_required, setup, ppp_peer_teardown),
		cmocka_unit_test_setup_teardown(test_ipv6_off, setup, ppp_peer_teardown),
		cmocka_unit_test_setup_teardown(test_ipv6_small_mtu, setup, ppp_peer_teardown),
		cmocka_unit_test_setup_teardown(test_ipv6_mppe_mtu_short, setup, ppp_peer_teardown),
		cmocka_unit_test_setup_teardown(test_ipv6_mppe_mtu_enough, setup, ppp_peer_teardown),
	};

	return cmocka_run_group_tests_name("ppp_link", tests, NULL, NULL);
}
